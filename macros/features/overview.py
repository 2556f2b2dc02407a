"""Macros for overview pages: report types, the current year's facts."""

from __future__ import annotations

import datetime as dt

from ..html import block, esc, md_line


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


def _newest_sample(site, type_id: str):
    from ..reports import sorted_samples

    samples = [x for x in sorted_samples(site) if x.type == type_id]
    return max(samples, key=lambda x: (x.date, x.id), default=None)


def report_types_hub(site) -> str:
    """The home page's table: each report type with its guide, blank template, Word
    template and newest sample (links relative to the home page)."""
    from ..docx.feature import dated_title, docx_path, file_name
    from ..reports import render_blank, render_sample

    rows = []
    for t in site.report_types.types:
        newest = _newest_sample(site, t.id)
        sample = "（暂无）"
        if newest:
            title = dated_title(render_sample(site, newest))
            sample = f'<a href="samples/{esc(newest.id)}.html">{esc(title)}</a>'
        blank = render_blank(site, t.id)

        rows.append(
            f'<tr data-type="{esc(t.id)}"><td><a href="guide/types/{esc(t.id)}.html">{esc(t.name)}</a></td>'
            f"<td>{esc(t.when)}</td>"
            f'<td><a href="templates/{esc(t.id)}.html">空白模板</a>'
            f' · <a href="{esc(docx_path(blank))}" download="{esc(file_name(blank))}">Word</a></td>'
            f"<td>{sample}</td></tr>"
        )
    return block(
        '<div class="report-hub"><table><thead><tr><th>报告类型（写作指南）</th><th>什么时候写</th>'
        f"<th>模板</th><th>最新范文</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


# The months a 街道 writes its year-end papers, in order.
YEAR_END = (11, 12, 1)


def writing_calendar(site, months: tuple[int, ...] = YEAR_END) -> str:
    """年底写作日历: per month, the report types written then (data/report_types.yaml months)."""
    items = []
    for m in months:
        due = [t for t in site.report_types.types if m in t.months]
        if not due:
            continue
        links = "".join(
            f'<li><a href="guide/types/{esc(t.id)}.html">{esc(t.name)}</a>：{esc(t.when)}</li>' for t in due
        )
        items.append(f'<li data-month="{m}"><strong>{m}月</strong><ul>{links}</ul></li>')
    return block(f'<ol class="writing-calendar">{"".join(items)}</ol>')


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
        """Table of every report type (data/report_types.yaml)."""
        return report_types_table(site)

    @env.macro
    def report_hub() -> str:
        """Home page: each report type with its guide, template, Word file and newest sample."""
        return report_types_hub(site)

    @env.macro
    def year_end_calendar() -> str:
        """Home page: what is written from November to January (data/report_types.yaml months)."""
        return writing_calendar(site)

    @env.macro
    def facts_of_year(year: int | None = None) -> dict:
        """What a report of `year` cites: anniversaries, current congress and plenum, plan label;
        its texts escaped, since pages put them into Markdown."""
        return {k: md_line(v) if isinstance(v, str) else v for k, v in year_facts(site, year or current_year()).items()}
