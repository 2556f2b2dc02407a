"""Tables generated from data/time_facts.yaml for the 时效性 guide page."""

from __future__ import annotations

import datetime as dt

from ..html import block, esc


def time_facts_table(site, current: int | None = None) -> str:
    """One row per report year; the row of `current` (this year by default) is highlighted."""
    tf = site.time_facts
    current = current or dt.date.today().year
    rows = []
    for year in tf.years():
        congress, plenum = tf.latest("congress", year), tf.latest("plenum", year)
        expired = [x.text for x in tf.expressions if x.valid_until is not None and x.valid_until < year]
        rows.append(
            f'<tr id="year-{year}" data-year="{year}"'
            + (' class="current-year" aria-current="true"' if year == current else "")
            + f"><td>{year}</td>"
            f'<td class="prc">{tf.anniversary("prc-founding", year)}</td>'
            f'<td class="party">{tf.anniversary("party-founding", year)}</td>'
            f"<td>{esc(congress.spirit if congress else '')}</td>"
            f"<td>{esc(plenum.spirit if plenum else '')}</td>"
            f"<td>{esc(tf.plan_label(year) or '')}</td>"
            f"<td>{esc('；'.join(expired)) or '—'}</td></tr>"
        )
    return block(
        '<table id="time-facts"><thead><tr><th>报告年份</th><th>新中国成立（周年）</th>'
        "<th>建党（周年）</th><th>最近一次党代会</th><th>最近一次全会</th><th>规划期</th>"
        f"<th>已经过时的表述</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _years(x) -> str:
    if x.valid_from and x.valid_until:
        return f"{x.valid_from}年" if x.valid_from == x.valid_until else f"{x.valid_from}—{x.valid_until}年"
    if x.valid_from:
        return f"{x.valid_from}年起"
    return f"{x.valid_until}年及以前"


def expressions_table(site) -> str:
    rows = "".join(
        f"<tr><td>{esc(x.text)}</td><td>{esc(_years(x))}</td><td>{esc(x.reason)}</td>"
        f"<td>{esc(x.instead or '—')}</td></tr>"
        for x in site.time_facts.expressions
    )
    return block(
        "<table><thead><tr><th>表述</th><th>适用的报告年份</th><th>说明</th>"
        f"<th>建议写法</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def events_table(site) -> str:
    tf = site.time_facts
    rows = "".join(
        f"<tr><td>{esc(e.name)}</td><td>{e.start:%Y年%-m月%-d日}—{e.end:%-m月%-d日}</td>"
        f"<td>{esc(e.summary)}</td><td>{e.first_year}年起</td></tr>"
        for e in sorted(tf.events, key=lambda e: e.start)
    )
    plans = "".join(
        f"<tr><td>“{esc(p.name)}”时期</td><td>{p.first_year}—{p.last_year}年</td>"
        f"<td>第一年为开局之年，最后一年为收官之年。</td><td>{p.first_year}—{p.last_year}年</td></tr>"
        for p in tf.plans
    )
    return block(
        "<table><thead><tr><th>会议或规划</th><th>时间</th><th>主要内容</th>"
        f"<th>报告中可以引用</th></tr></thead><tbody>{rows}{plans}</tbody></table>"
    )


def register(env, site) -> None:
    env.macro(lambda current=None: time_facts_table(site, current), "time_facts_table")
    env.macro(lambda: expressions_table(site), "expressions_table")
    env.macro(lambda: events_table(site), "events_table")
