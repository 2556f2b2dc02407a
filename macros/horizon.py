"""The time facts' horizon (`verified_through` in data/time_facts.yaml): the note that ends
every page relying on the facts (“时间事实核对至……”), and whether it is still fresh.

A horizon more than a year older than the build date means no one has checked for new
meetings, campaigns or changed formulas for a year: `make lint` fails, `make serve` warns.

    python -m macros.horizon           # exit 1 when stale (make lint)
    python -m macros.horizon --warn    # print a warning, exit 0 (make serve)
    python -m macros.horizon --today 2027-03-01   # as if built on that day
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

MAX_AGE_DAYS = 365


# The note's imports are inside its functions: `python -m macros.horizon` (make lint, make
# serve) reads one field and should not load the models.
def horizon_text(tf) -> str:
    from .models.time_facts import cn_date

    return f"时间事实核对至{cn_date(tf.verified_through)}"


def horizon_note(site) -> str:
    """The note at the end of a page that relies on the time facts."""
    from .html import block, esc

    tf = site.time_facts
    return block(
        f'<p class="tf-horizon" data-verified-through="{tf.verified_through.isoformat()}">'
        f"{esc(horizon_text(tf))}。此后召开的会议、开展的集中教育和提法的变化尚未收入，请对照最新文件核对。</p>"
    )


def one_year_after(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def staleness(verified_through: dt.date, today: dt.date) -> str | None:
    """A message when the horizon is more than a year old on `today`, else None."""
    if today <= one_year_after(verified_through):
        return None
    days = (today - verified_through).days
    return (
        f"data/time_facts.yaml：时间事实核对至 {verified_through}，距今已 {days} 天，超过一年没有核对。\n"
        "  怎么改：对照这段时间的正式文件，补上新召开的会议、开展的集中教育和改了写法的提法（每条写明出处），"
        "再把 verified_through 改为核对的日期。步骤见 docs/contributing/data.md 的“移动核对日期”。"
    )


def read_horizon(data_dir: Path) -> dt.date:
    """Read only the one field, so the check stays fast and works while other data is mid-edit."""
    import yaml

    raw = yaml.safe_load((data_dir / "time_facts.yaml").read_text(encoding="utf-8")) or {}
    value = raw.get("verified_through")
    if isinstance(value, dt.date):
        return value
    raise SystemExit("data/time_facts.yaml：缺少 verified_through（YYYY-MM-DD），请写明时间事实核对至哪一天")


def main(argv: list[str] | None = None) -> int:
    from .loader import default_data_dir

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warn", action="store_true", help="只提醒，不算失败（make serve）")
    ap.add_argument("--today", type=dt.date.fromisoformat, default=None, help="按这一天检查（测试用）")
    ap.add_argument("--data", type=Path, default=None, help="数据目录（默认 data/）")
    args = ap.parse_args(argv)
    message = staleness(read_horizon(args.data or default_data_dir()), args.today or dt.date.today())
    if message is None:
        return 0
    print(("提醒：" if args.warn else "错误：") + message, file=sys.stderr)
    return 0 if args.warn else 1


if __name__ == "__main__":
    sys.exit(main())
