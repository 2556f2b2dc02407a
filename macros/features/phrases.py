"""表述库: one generated page per part (data/phrases/<slug>.yaml), phrases grouped by
function, each with a copy button, a stable anchor, highlighted slots and the years
it is valid for (from the time facts). Filters run in assets/javascripts/phrases.js."""

from __future__ import annotations

import datetime as dt
import json

from ..generated import GENERATORS, Generated, macro_page
from ..html import block, esc, md_line, with_slots
from ..models.time_facts import Validity

# ASCII anchors for the function headings (Markdown's slugify drops Chinese).
FUNCTION_ANCHORS = {
    "总体评价": "overall",
    "背景依据": "basis",
    "过渡": "transition",
    "做法": "practice",
    "成效": "results",
    "数据句式": "figures",
    "问题": "problems",
    "原因": "causes",
    "措施": "measures",
    "表态": "pledges",
    "自我批评": "self-criticism",
    "指导思想": "guidance",
    "工作目标": "goals",
    "重点任务": "tasks",
    "保障措施": "safeguards",
    "会议概况": "meeting",
    "会议意见": "opinions",
    "议定事项": "decisions",
    "责任分工": "duties",
}


def validity(site, phrase) -> Validity:
    """When a phrase is right: the intersection over the facts it depends on (by date)."""
    return site.time_facts.validity_of(phrase.facts)


def valid_years(site, phrase) -> tuple[int | None, int | None]:
    """Report years in which a phrase is right (for some day of the year)."""
    v = validity(site, phrase)
    return v.first_year, v.last_year


def _since(d: dt.date) -> str:
    return f"{d.year}年" if (d.month, d.day) == (1, 1) else f"{d.year}年{d.month}月{d.day}日"


def _until(d: dt.date) -> str:
    return f"{d.year}年" if (d.month, d.day) == (12, 31) else f"{d.year}年{d.month}月{d.day}日"


def years_label(first: int | None, last: int | None) -> str:
    if first and last:
        return f"适用于{first}年" if first == last else f"适用于{first}—{last}年"
    if first:
        return f"{first}年起适用"
    if last:
        return f"适用于{last}年及以前"
    return ""


def validity_label(v: Validity) -> str:
    """适用于2026—2030年 · 2025年10月23日起适用 · 适用于2025年及以前."""
    if v.since and v.until:
        a, b = _since(v.since), _until(v.until)
        if a == b:
            return f"适用于{a}"
        return f"适用于{a}—{b.removeprefix(f'{v.since.year}年') if v.since.year == v.until.year else b}"
    if v.since:
        return f"{_since(v.since)}起适用"
    if v.until:
        return f"适用于{_until(v.until)}及以前"
    return ""


def phrase_html(site, p) -> str:
    v = validity(site, p)
    first, last = v.since, v.until
    label = validity_label(v)
    tags = "".join(f'<span class="phrase-tag">{esc(t)}</span>' for t in p.tags)
    years = f'<span class="phrase-years">{esc(label)}</span>' if label else ""
    slots = ""
    if p.slots:
        slots = (
            '<dl class="phrase-slots">'
            + "".join(f"<dt>{esc('【' + k + '】')}</dt><dd>{esc(v)}</dd>" for k, v in p.slots.items())
            + "</dl>"
        )
    return (
        f'<div class="phrase" id="{esc(p.id)}" data-function="{esc(p.function)}" '
        f'data-tags="{esc(json.dumps(list(p.tags), ensure_ascii=False))}" data-from="{first.isoformat() if first else ""}" '
        f'data-until="{last.isoformat() if last else ""}">'
        f'<p class="phrase-text" id="{esc(p.id)}-text">{with_slots(p.text)}</p>'
        f'<div class="phrase-meta">{years}{tags}'
        f'<a class="phrase-link" href="#{esc(p.id)}" title="本条表述的链接">#{esc(p.id)}</a>'
        f'<button class="copy-btn" type="button" data-copy-target="{esc(p.id)}-text" '
        f'aria-label="复制这条表述">复制</button></div>{slots}</div>'
    )


def filters_html(site, part) -> str:
    functions = list(dict.fromkeys(p.function for p in part.phrases))
    tags = sorted({t for p in part.phrases for t in p.tags})
    tf = site.time_facts
    years = "".join(f'<option value="{y}">{y}年</option>' for y in tf.years())
    fn_opts = "".join(f'<option value="{esc(f)}">{esc(f)}</option>' for f in functions)
    tag_opts = "".join(f'<option value="{esc(t)}">{esc(t)}</option>' for t in tags)
    return (
        '<form class="phrase-filters" hidden aria-label="筛选表述" onsubmit="return false" '
        f'data-verified-through="{tf.verified_through.isoformat()}">'
        f'<label>报告年份 <select name="year">{years}</select></label>'
        '<label>成文日期 <input type="date" name="date" title="填写后，按这一天判断能否引用某次会议；不填按年份"></label>'
        f'<label>作用 <select name="function"><option value="">全部</option>{fn_opts}</select></label>'
        f'<label>标签 <select name="tag"><option value="">全部</option>{tag_opts}</select></label>'
        '<output class="phrase-count" aria-live="polite"></output>'
        '<p class="phrase-horizon" hidden role="status"></p></form>'
    )


def part_page(site, slug: str) -> str:
    part = site.one("phrases", lambda p: p.slug == slug)
    out = [
        f"# {md_line(part.part)}\n",
        f'<p class="phrase-intro">{esc(part.intro)}</p>\n',
        block(filters_html(site, part)),
    ]
    functions = list(dict.fromkeys(p.function for p in part.phrases))
    for fn in functions:
        out.append(f"\n## {fn} {{#{FUNCTION_ANCHORS[fn]}}}\n")
        items = "".join(phrase_html(site, p) for p in part.phrases if p.function == fn)
        out.append(block(f'<div class="phrase-group" data-function="{esc(fn)}">{items}</div>'))
    return "\n".join(out)


def parts_overview(site) -> str:
    """Markdown table (so MkDocs checks and rewrites the links) of every part."""
    parts = sorted(site.phrases, key=lambda p: p.order)
    total = sum(len(p.phrases) for p in parts)
    rows = "".join(f"| [{md_line(p.part)}]({p.slug}.md) | {len(p.phrases)} | {md_line(p.intro)} |\n" for p in parts)
    return f"目前共收录 **{total}** 条表述，分为 {len(parts)} 个部分。\n\n| 部分 | 条数 | 用途 |\n|---|---|---|\n{rows}"


def _pages(site):
    for part in site.phrases:
        yield Generated(
            path=f"phrases/{part.slug}.md",
            content=macro_page(part.part, f"phrase_part('{part.slug}')", description=part.intro),
            nav_section="表述库",
            nav_title=part.part,
            order=(part.order,),
        )


GENERATORS.append(_pages)


def register(env, site) -> None:
    env.macro(lambda slug: part_page(site, slug), "phrase_part")
    env.macro(lambda: parts_overview(site), "phrase_parts_overview")
