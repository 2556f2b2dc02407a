"""The site's own content must pass its own checker.

    python -m macros.checker.content            # every phrase, sample report and blank template
    python -m macros.checker.content FILE ...   # only the phrases/samples in these data files

Phrases are checked in a year they are valid for; samples in their own year and
type; blank templates may have findings only inside their 【slots】. Used by the
tests, by `make lint` and by the pre-commit hook.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable
from pathlib import Path

SLOT = re.compile(r"【[^【】\n]+】")


def _show(findings) -> str:
    return "\n".join(f"    {f.line}:{f.column} [{f.rule}] “{f.text}” {f.message}" for f in findings)


def _outside_slots(text: str, findings) -> list:
    lines = text.split("\n")
    out = []
    for f in findings:
        slots = [(m.start(), m.end()) for m in SLOT.finditer(lines[f.line - 1])]
        if f.text and any(a <= f.column - 1 and f.end - 1 <= b for a, b in slots):
            continue  # the slot itself is what a template or a phrase frame is for
        out.append(f)
    return out


def phrase_year(site, phrase, today: int | None = None) -> int:
    """This year, moved into the years the phrase is valid for."""
    v = site.time_facts.validity_of(phrase.facts)
    first, last = v.first_year, v.last_year
    year = today or dt.date.today().year
    if last is not None and year > last:
        year = last
    if first is not None and year < first:
        year = first
    return year


def report_year(rep) -> int | None:
    period = (rep.meta or {}).get("period")
    if period and hasattr(period[-1], "year"):
        return period[-1].year
    return (rep.meta or {}).get("year")


def check_phrases(site, engine, phrases: Iterable) -> list[str]:
    bad = []
    for p in phrases:
        year = phrase_year(site, p)
        extra = _outside_slots(p.text, engine.check(p.text, year=year).findings)
        if extra:
            bad.append(f"{p.id}（按{year}年检查）：{p.text}\n{_show(extra)}")
    return bad


def check_reports(engine, reports: Iterable) -> list[str]:
    bad = []
    for rep in reports:
        text = rep.plain_text()
        year = dt.date.today().year if rep.blank else report_year(rep)
        findings = engine.check(text, year=year, type_id=rep.type_id).findings
        extra = _outside_slots(text, findings) if rep.blank else findings
        if extra:
            bad.append(f"{rep.key}：\n{_show(extra)}")
    return bad


def main(argv: list[str]) -> int:
    from .. import reports
    from ..validate import site_data
    from .data import ruleset_of
    from .engine import Engine

    site = site_data()
    engine = Engine(ruleset_of(site))
    files = {Path(a).resolve() for a in argv}
    phrases = [
        p
        for rec in site.records["phrases"]
        for p in rec.obj.phrases
        if not files or (site.root.parent / rec.rel).resolve() in files
    ]
    sample_ids = {Path(a).stem for a in argv if "samples" in Path(a).parts}
    reps = [r for r in reports.all_reports(site) if not files or (not r.blank and r.sample_id in sample_ids)]
    bad = check_phrases(site, engine, phrases) + check_reports(engine, reps)
    for b in bad:
        print(b, file=sys.stderr)
    print(
        f"在线自查：检查了 {len(phrases)} 条表述、{len(reps)} 篇范文和模板，"
        + (f"{len(bad)} 处有问题。" if bad else "没有发现问题。")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
