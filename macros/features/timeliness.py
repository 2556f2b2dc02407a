"""Tables generated from data/time_facts.yaml for the 时效性 guide page, and the horizon
note (“时间事实核对至……”) shown on every page that relies on the time facts.

Rows are by date: a year in which a congress or plenum closed shows what changed on that
day. Nothing after the data's horizon (`verified_through`) is asserted: later parts of a
row say 待核对."""

from __future__ import annotations

import datetime as dt
import re

from ..horizon import horizon_note
from ..html import block, esc
from ..models.time_facts import cn_date, first_day

PENDING = '<span class="tf-pending">待核对</span>'
OLD = ' class="tf-old"'


def md(d: dt.date) -> str:
    return f"{d.month}月{d.day}日"


# Macros whose output depends on the time facts: a page calling one gets the horizon note.
RELIES = re.compile(
    r"\b(?:facts_of_year|time_facts_table|events_table|expressions_table|campaigns_table|formulas_table"
    r"|phrase_part|sample_page|template_page|formula)\s*\("
)
_relying: set[str] = set()


def note_reliance(env) -> None:
    """Before a page's macros run: remember whether it relies on the time facts."""
    if RELIES.search(env.markdown or ""):
        _relying.add(env.page.file.src_uri)


def add_horizon_footer(env) -> None:
    """After a page's macros ran: end a page relying on the time facts with the horizon note."""
    uri = env.page.file.src_uri
    if uri in _relying and 'class="tf-horizon"' not in env.markdown:
        env.markdown = env.markdown.rstrip() + "\n" + horizon_note(env.variables["site_data"])


def _meeting_cell(tf, kind: str, year: int) -> str:
    """What a report of `year` cites, by date: the state on 1 January, then each change."""
    start, horizon = dt.date(year, 1, 1), tf.verified_through
    if start > horizon:
        known = tf.latest_on(kind, horizon)
        return (f"截至{esc(cn_date(horizon))}：{esc(known.spirit)}；此后" if known else "") + PENDING
    first = tf.latest_on(kind, start)
    parts = [esc(first.spirit)] if first else []
    for e in tf.changes_in(kind, year):
        if e.end > start:
            parts.append(f"{md(e.end)}起：{esc(e.spirit)}")
    if dt.date(year, 12, 31) > horizon:
        parts.append(f"{md(horizon)}以后{PENDING}")
    return "；".join(parts) or "—"


def _campaign_cell(tf, year: int) -> str:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if start > tf.verified_through:
        return PENDING
    running = [c for c in tf.campaigns if first_day(c.start) <= end and tf.validity(c.id).until >= start]
    text = "；".join(esc(c.name) for c in running) or "—"
    if end > tf.verified_through:
        text += f"；{md(tf.verified_through)}以后{PENDING}"
    return text


def time_facts_table(site, current: int | None = None) -> str:
    """One row per report year; the row of `current` (this year by default) is highlighted."""
    tf = site.time_facts
    current = current or dt.date.today().year
    rows = []
    for year in tf.years():
        # past its last year, or the awaited meeting has opened (迎接党的二十大 after 2022)
        expired = [x.text for x in tf.expressions if (u := tf.validity(x.id).until) is not None and u.year < year]
        rounds = [
            f"{a.name}{n}周年"
            for a, n in tf.round_anniversaries(year)
            if a.id not in ("prc-founding", "party-founding")
        ]
        pending = not tf.year_verified(year)
        rows.append(
            f'<tr id="year-{year}" data-year="{year}"'
            + (' data-pending="true"' if pending else "")
            + (' class="current-year" aria-current="true"' if year == current else "")
            + f"><td>{year}</td>"
            f'<td class="prc">{tf.anniversary("prc-founding", year)}</td>'
            f'<td class="party">{tf.anniversary("party-founding", year)}</td>'
            f'<td class="rounds">{esc("；".join(rounds)) or "—"}</td>'
            f'<td class="congress">{_meeting_cell(tf, "congress", year)}</td>'
            f'<td class="plenum">{_meeting_cell(tf, "plenum", year)}</td>'
            f'<td class="campaign">{_campaign_cell(tf, year)}</td>'
            f"<td>{esc(tf.plan_label(year) or '')}</td>"
            f"<td>{esc('；'.join(expired)) or '—'}</td></tr>"
        )
    return block(
        '<div class="tf-scroll"><table id="time-facts"><thead><tr><th>报告年份</th><th>新中国成立（周年）</th>'
        "<th>建党（周年）</th><th>其他逢五逢十的纪念</th><th>最近一次党代会</th><th>最近一次全会</th>"
        "<th>集中教育</th><th>规划期</th>"
        f"<th>已经过时的表述</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _years(x) -> str:
    if x.valid_from and x.valid_until:
        return f"{x.valid_from}年" if x.valid_from == x.valid_until else f"{x.valid_from}—{x.valid_until}年"
    if x.valid_from and x.until_event:
        return f"{x.valid_from}年起，到会议召开为止"
    if x.valid_from:
        return f"{x.valid_from}年起"
    return f"{x.valid_until}年及以前"


def expressions_table(site) -> str:
    rows = "".join(
        f"<tr><td>{esc(x.text)}</td><td>{esc(_years(x))}</td><td>{esc(x.reason)}</td>"
        f'<td>{esc(x.instead or "—")}</td><td class="tf-source">{esc(x.source)}</td></tr>'
        for x in site.time_facts.expressions
    )
    return block(
        "<table><thead><tr><th>表述</th><th>适用的报告年份</th><th>说明</th>"
        f"<th>建议写法</th><th>出处</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _event_when(e) -> str:
    if not e.held:
        return f"应于{e.expected_year}年召开，日期{PENDING}"
    if e.start == e.end:
        return esc(cn_date(e.start))
    return esc(f"{cn_date(e.start)}—{md(e.end)}")


def events_table(site) -> str:
    tf = site.time_facts
    order = sorted(tf.events, key=lambda e: e.start or dt.date(e.expected_year, 12, 31))
    rows = "".join(
        f'<tr id="event-{esc(e.id)}"><td>{esc(e.name)}</td><td>{_event_when(e)}</td>'
        f"<td>{esc(e.summary)}</td>"
        f"<td>{esc(cn_date(e.end) + '起') if e.held else '召开以后'}</td>"
        f'<td class="tf-source">{esc(e.source)}</td></tr>'
        for e in order
    )
    plans = "".join(
        f"<tr><td>“{esc(p.name)}”时期</td><td>{p.first_year}—{p.last_year}年</td>"
        f"<td>第一年为开局之年，最后一年为收官之年。</td><td>{p.first_year}—{p.last_year}年</td>"
        f'<td class="tf-source">{esc(p.source)}</td></tr>'
        for p in tf.plans
    )
    return block(
        '<table id="events"><thead><tr><th>会议或规划</th><th>时间</th><th>主要内容</th>'
        f"<th>报告中可以引用</th><th>出处</th></tr></thead><tbody>{rows}{plans}</tbody></table>"
    )


def campaigns_table(site) -> str:
    tf = site.time_facts
    rows = "".join(
        f'<tr id="campaign-{esc(c.id)}"><td>{esc(c.name)}</td><td>{esc(c.span_label())}</td>'
        f"<td>深入开展{esc(c.name)}</td><td>巩固拓展{esc(c.name)}成果</td>"
        f'<td class="tf-source">{esc(c.source)}</td></tr>'
        for c in tf.campaigns
    )
    return block(
        '<table id="campaigns"><thead><tr><th>集中教育</th><th>时间</th><th>开展期间写</th>'
        f"<th>结束以后写</th><th>出处</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _formula_status(f) -> str:
    if f.until:
        return f"{cn_date(f.until)}以前的写法，此后不再使用"
    if f.since:
        return f"{cn_date(f.since)}起使用"
    return "现行写法"


def formulas_table(site) -> str:
    tf = site.time_facts
    rows = "".join(
        f'<tr id="formula-{esc(f.id)}"{OLD if f.until else ""}><td>{esc(f.name)}</td>'
        f'<td class="tf-formula">{esc(f.text)}</td>'
        f"<td>{esc(_formula_status(f))}{'；各项顺序固定' if f.ordered else ''}"
        f"{('。' + esc(f.note)) if f.note else ''}</td>"
        f'<td class="tf-source">{esc(f.source)}</td></tr>'
        for f in tf.formulas
    )
    return block(
        '<table id="formulas"><thead><tr><th>提法</th><th>规范写法</th><th>说明</th>'
        f"<th>出处</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def formula_text(site, formula_id: str) -> str:
    """The exact wording of a fixed formula, for guide pages (escaped for Markdown too)."""
    text = site.time_facts.formula(formula_id).text
    return esc(text).replace("*", "&#42;").replace("[", "&#91;").replace("{", "&#123;")


def register(env, site) -> None:
    env.macro(lambda current=None: time_facts_table(site, current), "time_facts_table")
    env.macro(lambda: expressions_table(site), "expressions_table")
    env.macro(lambda: events_table(site), "events_table")
    env.macro(lambda: campaigns_table(site), "campaigns_table")
    env.macro(lambda: formulas_table(site), "formulas_table")
    env.macro(lambda formula_id: formula_text(site, formula_id), "formula")
    env.macro(lambda: horizon_note(site), "time_facts_horizon")
    env.variables["verified_through"] = cn_date(site.time_facts.verified_through)
