"""How well the checker judges dated facts (issue 13), measured over the data itself.

    .venv/bin/python bench/time_facts_bench.py

For every meeting in data/time_facts.yaml, a one-line report citing it is checked for each day
of the year it closed: the days before it closed are impossible citations (must be flagged),
the days from its closing are fine (must not be). It is checked twice with the same engine:
with the year only (how the site judged before dates were used, and still does when no date is
known) and with the report's date. Campaigns: “深入开展X” in each year after X ended. Formulas:
every reordering of each fixed formula of up to five items.
"""

from __future__ import annotations

import datetime as dt
import sys
from itertools import permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checker.data import load_ruleset  # noqa: E402
from macros.checker.engine import Engine  # noqa: E402
from macros.validate import site_data  # noqa: E402


def days(year: int):
    d = dt.date(year, 1, 1)
    while d.year == year:
        yield d
        d += dt.timedelta(days=1)


def main() -> int:
    tf = site_data().time_facts
    engine = Engine(load_ruleset())
    rows = []
    tot = {"impossible": 0, "year_caught": 0, "date_caught": 0, "fine": 0, "year_false": 0, "date_false": 0}
    for e in tf.events:
        if not e.held:
            continue
        text = f"深入学习贯彻{e.spirit}。"
        r = {k: 0 for k in tot}
        by_year = bool(engine.check(text, year=e.end.year, only={"stale-future-event"}).findings)
        for d in days(e.end.year):
            flagged = bool(engine.check(text, year=d.year, date=d, only={"stale-future-event"}).findings)
            if d < e.end:
                r["impossible"] += 1
                r["year_caught"] += by_year
                r["date_caught"] += flagged
            else:
                r["fine"] += 1
                r["year_false"] += by_year
                r["date_false"] += flagged
        rows.append((e.name, r))
        for k in tot:
            tot[k] += r[k]
    print(
        "会议（闭幕当年每一天的报告）        不可能的引用  按年份查出  按日期查出  正确的引用  按年份误报  按日期误报"
    )
    for name, r in rows:
        print(
            f"{name:<16} {r['impossible']:>10} {r['year_caught']:>10} {r['date_caught']:>10}"
            f" {r['fine']:>10} {r['year_false']:>10} {r['date_false']:>10}"
        )
    print(
        f"{'合计':<16} {tot['impossible']:>10} {tot['year_caught']:>10} {tot['date_caught']:>10}"
        f" {tot['fine']:>10} {tot['year_false']:>10} {tot['date_false']:>10}"
    )

    ended = caught = review_false = 0
    for c in tf.campaigns:
        end = c.end if isinstance(c.end, int) else c.end.year
        text = f"深入开展{c.name}。"
        review_false += bool(engine.check(text, year=end, only={"stale-campaign-ended"}).findings)
        for y in range(end + 1, tf.last_year + 1):
            ended += 1
            caught += bool(engine.check(text, year=y, only={"stale-campaign-ended"}).findings)
    print(f"\n集中教育：结束以后各年的“深入开展……” {ended} 句，查出 {caught} 句；结束当年的回顾误报 {review_false} 句")

    wrong = found = right_false = 0
    for f in tf.formulas:
        if f.until or len(f.items) > 5:
            continue
        for p in permutations(f.items):
            text = f.joiner.join(p) + "。"
            hit = bool(engine.check(text, year=2026, only={"formula-wrong"}).findings)
            if list(p) == f.items:
                right_false += hit
            else:
                wrong += 1
                found += hit
    print(f"固定提法：调换顺序的写法 {wrong} 种，查出 {found} 种；规范写法误报 {right_false} 种")
    return 0


if __name__ == "__main__":
    sys.exit(main())
