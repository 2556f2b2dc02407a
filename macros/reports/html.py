"""HTML for the 范文 and 模板 pages, built from a Report (see document.py).

The report is laid out as a document: the title centred, headings at their levels,
paragraphs indented two characters. Every block carries `data-copy-block`, so the
“复制全文” button copies exactly Report.plain_text(); each paragraph has its own
copy button (docs/assets/javascripts/copy.js).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..html import block, esc, md_line, with_slots
from ..models.samples import Sample
from ..models.streets import Street
from .document import TABLE_LEVELS, Block, Report
from .render import find_street, pct, render_blank, render_sample, sorted_samples
from .types import SHORT_NAMES, cn_date, period, period_label

if TYPE_CHECKING:
    from ..loader import Record, SiteData

# Word export (issue 4) and any later download format register here: each function
# gets the Report of the page and returns HTML (e.g. an <a download> link) that is
# put inside the page's <div class="downloads">. Empty list: the div stays empty.
DOWNLOAD_LINKS: list[Callable[[Report], str]] = []
# Sections after a blank template's text (在线填写, macros/features/fill.py): each gets the
# Report and returns raw HTML.
TEMPLATE_EXTRAS: list[Callable[[Report], str]] = []

_CLASSES = {
    "title": "report-title",
    1: "report-h1",
    2: "report-h2",
    3: "report-h3",
    4: "report-h4",
    "para": "report-para",
    "signature": "report-signature",
    "names": "report-names",
    "annex-note": "report-annex-note",
    "annex": "report-annex",
    "annex-title": "report-annex-title",
}
# A tab after each cell but the last: invisible in the table, and the copied row
# (copy.js takes the row's textContent) is its cells joined by tabs, as Report.plain_text();
# a character reference, since Markdown turns a raw tab into spaces.
_CELL_SEP = '<span class="report-cell-sep">&#9;</span>'


def doc_id(report: Report) -> str:
    return f"doc-{report.key}"


def _block_html(report: Report, i: int, b: Block) -> str:
    bid = f"{doc_id(report)}-{i}"
    cls = _CLASSES[b.level]
    text = with_slots(b.text)
    if b.level == "para":
        button = (
            f'<button class="copy-btn" type="button" data-copy-target="{bid}" '
            f'title="复制这一段" aria-label="复制这一段">复制</button>'
        )
        return f'<p class="{cls}" id="{bid}" data-copy-block>{text}{button}</p>'
    if b.label:  # 出席：… — the label is a word of the text, set apart only by its font
        rest = with_slots(b.text[len(b.label) :])
        text = f'<span class="report-label">{esc(b.label[:-1])}</span>：{rest}'
    return f'<p class="{cls}" id="{bid}" data-copy-block>{text}</p>'


def _table_html(report: Report, start: int, rows: list[Block]) -> str:
    """Consecutive “thead”/“row” blocks as one table (the 要点's 任务分工表)."""
    head, body = [], []
    for k, b in enumerate(rows):
        tag = "th" if b.level == "thead" else "td"
        cells = "".join(
            f"<{tag}>{with_slots(c)}{_CELL_SEP if j < len(b.cells) - 1 else ''}</{tag}>" for j, c in enumerate(b.cells)
        )
        tr = f'<tr id="{doc_id(report)}-{start + k}" data-copy-block>{cells}</tr>'
        (head if b.level == "thead" else body).append(tr)
    return (
        f'<div class="report-table-wrap"><table class="report-table"><thead>{"".join(head)}</thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _blocks_html(report: Report) -> str:
    out, blocks, i = [], report.all_blocks(), 0
    while i < len(blocks):
        if blocks[i].level in TABLE_LEVELS:
            j = i
            while j < len(blocks) and blocks[j].level in TABLE_LEVELS:
                j += 1
            out.append(_table_html(report, i, blocks[i:j]))
            i = j
        else:
            out.append(_block_html(report, i, blocks[i]))
            i += 1
    return "".join(out)


def downloads_html(report: Report) -> str:
    links = "".join(f(report) for f in DOWNLOAD_LINKS)
    return f'<div class="downloads" data-report="{esc(report.key)}">{links}</div>'


def document_html(report: Report) -> str:
    """The toolbar (copy all, downloads) and the report as a document."""
    did = doc_id(report)
    blocks = _blocks_html(report)
    toolbar = (
        f'<div class="report-toolbar"><button class="copy-btn copy-all" type="button" '
        f'data-copy-target="{did}">复制全文</button>'
        f'<span class="report-toolbar-note">复制的是纯文本，粘贴到 Word 或 WPS 后按公文格式排版。</span>'
        f"{downloads_html(report)}</div>"
    )
    doc = (
        f'<article class="report-doc{" report-blank" if report.blank else ""}" id="{did}" '
        f'data-copy-blocks data-no-glossary lang="zh-CN">{blocks}</article>'
    )
    return block(toolbar + "\n" + doc)


def street_table(street: Street) -> str:
    rows = [
        ("街道", f"{street.name}（{street.city}{street.district}，虚构）"),
        ("类型", street.character),
        ("概况", street.features),
        ("辖区面积", f"{format(street.area_km2, 'g')}平方公里"),
        ("社区", f"{street.community_count}个：{'、'.join(street.communities)}"),
        (
            "常住人口",
            f"{street.population}人；其中60岁及以上{street.elderly_residents}人"
            f"（{pct(street.elderly_residents, street.population)}），"
            f"18至35岁{street.young_residents}人（{pct(street.young_residents, street.population)}）",
        ),
        ("基层党组织", f"{street.party_orgs}个"),
        (
            "党员",
            f"{street.party_members}名；其中60岁以上{street.elderly_party_members}名"
            f"（{pct(street.elderly_party_members, street.party_members)}）",
        ),
        ("企业", f"{street.enterprises}家"),
        ("新时代文明实践站", f"{street.practice_stations}个"),
        ("统计截至", cn_date(street.as_of)),
    ]
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return block(f'<div class="street-profile"><table><tbody>{body}</tbody></table></div>')


def _record(site: SiteData, kind: str, obj_id: str) -> Record:
    return next(r for r in site.records_of(kind) if r.obj.id == obj_id)


def repo_url(edit_uri: str | None, rel: str) -> str | None:
    """The file's page on the repository, from mkdocs.yml's edit_uri (…/edit/main/docs/)."""
    if not edit_uri:
        return None
    m = re.match(r"^(https?://.+?)/edit/([^/]+)/docs/?$", edit_uri)
    if not m:
        return None
    return f"{m.group(1)}/blob/{m.group(2)}/{rel}"


def sample_page(site: SiteData, sample_id: str, edit_uri: str | None = None) -> str:
    """Body of samples/<id>.md (Markdown with raw HTML blocks)."""
    rec = _record(site, "samples", sample_id)
    x: Sample = rec.obj
    street = find_street(site, x.street)
    report = render_sample(site, x)
    rtype = next(t for t in site.report_types.types if t.id == x.type)
    start, end = period(x.type, x.year, x.date, x.quarter)
    label = period_label(x.type, x.year, x.quarter)
    data_text = (site.root.parent / rec.rel).read_text(encoding="utf-8")
    url = repo_url(edit_uri, rec.rel)

    facts = [
        ("报告类型", rtype.name),
        ("示例街道", f"{street.name}（{street.character}）"),
        ("报告时期", f"{label}（{cn_date(start)}至{cn_date(end)}）"),
        ("成文日期", cn_date(x.date)),
    ]
    facts_html = block(
        '<dl class="sample-facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts) + "</dl>"
    )

    same_street = [s for s in sorted_samples(site) if s.street == x.street and s.id != x.id]
    others = "".join(f"- [{md_line(render_sample(site, s).title)}]({s.id}.md)\n" for s in same_street)

    where = (
        f'<a href="{esc(url)}"><code>{esc(rec.rel)}</code></a>（在版本库中查看）'
        if url
        else f"<code>{esc(rec.rel)}</code>"
    )
    # Only contributors need this; hooks/release.py drops the box from the offline release.
    contributors = block(
        '<details class="for-contributors"><summary>给贡献者：本范文的数据文件</summary>'
        f"<p>本范文由数据文件 {where} 生成，修改它即可修改本范文。</p>"
        f'<details class="sample-data"><summary>展开查看数据文件 {esc(rec.rel)}</summary>'
        f'<pre><code class="language-yaml">{esc(data_text.rstrip())}</code></pre></details></details>'
    )

    return (
        "\n".join(
            [
                f"本范文由虚构的{esc(street.name)}的示例数据按{esc(rtype.name)}的模板生成。"
                "街道、社区和其他名称都是编造的，数字前后一致，比例、平均数等由数据算出。"
                "参考时请学习结构、写法和用数据说话的方式，不要照抄数字和名称。",
                facts_html,
                "## 示例街道概况",
                street_table(street),
                "## 报告正文",
                document_html(report),
                "## 相关页面",
                "",
                f"- [{md_line(rtype.name)}空白模板](../templates/{x.type}.md)：同一模板去掉示例数据后的样子，可直接复制填写",
                f"- [写作指南：{md_line(rtype.name)}](../guide/types/{x.type}.md)：这类报告的结构、人称和写作要点",
                "",
                *(["同一街道的其他范文：", "", others] if others else []),
                contributors,
            ]
        )
        + "\n"
    )


def template_page(site: SiteData, type_id: str) -> str:
    """Body of templates/<type id>.md."""
    rtype = next(t for t in site.report_types.types if t.id == type_id)
    report = render_blank(site, type_id)
    slots = report.slots()
    samples = [s for s in sorted_samples(site) if s.type == type_id]
    facts = [
        ("人称", rtype.voice),
        ("常见篇幅", rtype.length),
        ("报送对象", rtype.audience),
        ("什么时候写", rtype.when),
        ("必备部分", "、".join(rtype.required_parts)),
    ]
    facts_html = block(
        '<dl class="sample-facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts) + "</dl>"
    )
    sample_links = "".join(
        f"- [{md_line(find_street(site, s.street).name)}（{md_line(period_label(s.type, s.year, s.quarter))}）]"
        f"(../samples/{s.id}.md)\n"
        for s in samples
    )
    return (
        "\n".join(
            [
                f"{esc(rtype.summary)}下面是这类报告的空白模板：结构、标题序号、过渡语和数据句式都已写好，"
                f'<mark class="slot">【】</mark>标出了要填写的 {len(set(slots))} 项（共 {len(slots)} 处，同一项可能出现多次）。'
                "数字类的按本街道实际填写；带“写……”提示的，按提示写出本街道自己的内容，写好后删去提示；"
                "占比、平均数要用前面填的数字算出来，不要估。",
                "",
                facts_html,
                "## 模板正文",
                *(block(f(report)) for f in TEMPLATE_EXTRAS),
                document_html(report),
                "## 相关页面",
                "",
                f"- [写作指南：{md_line(rtype.name)}](../guide/types/{type_id}.md)：这类报告的结构、人称和写作要点",
                *(
                    ["- 用这份模板生成的范文：", "", *[f"    {ln}" for ln in sample_links.splitlines()]]
                    if samples
                    else []
                ),
                "",
            ]
        )
        + "\n"
    )


def samples_index(site: SiteData) -> str:
    """The list of sample pages by report type, and the example streets."""
    out = ["## 示例街道", ""]
    rows = "".join(
        f"<tr><td>{esc(s.name)}</td><td>{esc(s.character)}</td><td>{esc(s.features)}</td></tr>" for s in site.streets
    )
    out.append(
        block(
            '<div class="street-list"><table><thead><tr><th>街道</th><th>类型</th><th>特点</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></div>"
        )
    )
    out += ["## 按报告类型", ""]
    for t in site.report_types.types:
        samples = [s for s in sorted_samples(site) if s.type == t.id]
        if not samples:
            continue
        out += [f"### {md_line(t.name)}", ""]
        for s in samples:
            street = find_street(site, s.street)
            out.append(f"- [{md_line(render_sample(site, s).title)}]({s.id}.md)（{md_line(street.character)}）")
        out += ["", f"空白模板：[{md_line(t.name)}](../templates/{t.id}.md)", ""]
    return "\n".join(out) + "\n"


def templates_index(site: SiteData) -> str:
    """The list of blank templates, with their samples."""
    out = []
    for t in site.report_types.types:
        samples = [s for s in sorted_samples(site) if s.type == t.id]
        line = f"- [{md_line(t.name)}]({t.id}.md)：{md_line(t.summary)}"
        if samples:
            links = "、".join(
                f"[{md_line(find_street(site, s.street).name)}{md_line(period_label(s.type, s.year, s.quarter))}]"
                f"(../samples/{s.id}.md)"
                for s in samples
            )
            line += f"范文：{links}。"
        out.append(line)
    return "\n".join(out) + "\n"


def nav_title_sample(site: SiteData, x: Sample) -> str:
    street = find_street(site, x.street)
    return f"{SHORT_NAMES.get(x.type, x.type)}：{street.name}（{period_label(x.type, x.year, x.quarter)}）"
