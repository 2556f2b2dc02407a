"""Macros for overview pages: report types, the current year's facts."""

from __future__ import annotations

import datetime as dt

from ..html import block, esc


def current_year() -> int:
    return dt.date.today().year


def report_types_table(site) -> str:
    rows = "".join(
        f"<tr><td>{esc(t.name)}</td><td>{esc(t.voice)}</td><td>{esc(t.length)}</td>"
        f"<td>{esc('、'.join(t.required_parts))}</td><td>{esc(t.when)}</td></tr>"
        for t in site.report_types.types
    )
    return block(
        "<table><thead><tr><th>报告类型</th><th>人称</th><th>常见篇幅</th>"
        f"<th>必备部分</th><th>什么时候写</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def year_facts(site, year: int) -> dict:
    tf = site.time_facts
    # Nothing after the horizon is asserted: the meetings are those known by then.
    known = min(dt.date(year, 12, 31), tf.verified_through)
    congress, plenum = tf.latest_on("congress", known), tf.latest_on("plenum", known)
    return {
        "year": year,
        "verified": tf.year_verified(year),
        "prc": tf.anniversary("prc-founding", year),
        "party": tf.anniversary("party-founding", year),
        "army": tf.anniversary("army-founding", year),
        "rounds": "、".join(
            f"{a.name}{n}周年"
            for a, n in tf.round_anniversaries(year)
            if a.id not in ("prc-founding", "party-founding")
        ),
        "congress": congress.spirit if congress else "",
        "plenum": plenum.spirit if plenum else "",
        "plan": tf.plan_label(year) or "",
    }


def register(env, site) -> None:
    env.variables["current_year"] = current_year()

    @env.macro
    def report_types_overview() -> str:
        """Table of the six report types (data/report_types.yaml)."""
        return report_types_table(site)

    @env.macro
    def facts_of_year(year: int | None = None) -> dict:
        """What a report of `year` cites: anniversaries, current congress and plenum, plan label."""
        return year_facts(site, year or current_year())
