"""build_docx(report) -> the report as a Word file laid out per GB/T 9704-2012.

The document starts from reference.docx (see make_reference.py), so the formatting
lives in named styles the writer can keep using: 标题 (Title; 纪要标志 for a 纪要), 标题 1–4 (Heading 1–4),
正文 (Normal), 落款. Paragraphs carry no direct font formatting; the only run formatting
is the yellow highlight on each 【slot】 of a blank template, where each slot is also a
plain-text content control (w:sdt, tag = the slot's name, showing its 【hint】 as
placeholder text), so a writer in Word or WPS clicks the slot and types over it.
A title longer than a line breaks between words (title.py) with a line break (w:br).

A report is anything with `.title` and `.blocks` (each block `.level`, `.text`), where
level is "title", 1–4 (一、（一）1.（1）), "para", "signature" (发文机关署名、成文日期),
"names" (纪要's 出席/请假/列席: a 黑体 label, a hanging indent), "annex-note" (附件说明),
"annex" and "annex-title" (附件 on a new page), or "thead"/"row" (a table; `.cells`).
document_text() of the file (its paragraphs and table rows, a row's cells joined by tabs,
joined by "\\n") is exactly report.plain_text().
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from ..models.base import slot_runs
from . import spec
from .ooxml import (
    ANNEX_NOTE_STYLE,
    ANNEX_STYLE,
    ANNEX_TITLE_STYLE,
    LABEL_STYLE,
    MINUTES_MARK_STYLE,
    NAMES_STYLE,
    REFERENCE,
    SIGNATURE_STYLE,
    TABLE_HEAD_STYLE,
    TABLE_TEXT_STYLE,
    reproducible,
)
from .title import title_lines

STYLE_OF_LEVEL = {
    "title": "Title",
    1: "Heading 1",
    2: "Heading 2",
    3: "Heading 3",
    4: "Heading 4",
    "para": "Normal",
    "signature": SIGNATURE_STYLE,
    "names": NAMES_STYLE,
    "annex-note": ANNEX_NOTE_STYLE,
    "annex": ANNEX_STYLE,
    "annex-title": ANNEX_TITLE_STYLE,
}
# Table rows ("thead", "row") become the rows of one w:tbl; these are their cells' styles.
CELL_STYLE_OF_LEVEL = {"thead": TABLE_HEAD_STYLE, "row": TABLE_TEXT_STYLE}
TABLE_LEVELS = tuple(CELL_STYLE_OF_LEVEL)
# Columns whose cells are centred (short entries); the others are justified.
_CENTRED_COLUMNS = {"序号", "牵头单位", "配合单位", "完成时限"}

# A 成文日期 line: 2026年7月3日, or its slot in a blank template.
_DATE_RE = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|【[^】]*日期[^】]*】)$")

GENERATOR_NOTE = (
    "由《意识形态工作报告写作手册》按 GB/T 9704-2012 生成。字体：标题 方正小标宋简体（缺少时用宋体），"
    "正文及三、四级标题 仿宋_GB2312（缺少时用仿宋），一级标题 黑体，二级标题 楷体_GB2312（缺少时用楷体），"
    "页码 宋体。"
)


def style_of(level, meta: dict) -> str | None:
    """The paragraph style of a block level; a 纪要's title is its red 纪要标志 (10.3)."""
    if level == "title" and meta.get("title_style") == MINUTES_MARK_STYLE:
        return MINUTES_MARK_STYLE
    return STYLE_OF_LEVEL.get(level)


@lru_cache(maxsize=1)
def _reference_bytes() -> bytes:
    return REFERENCE.read_bytes()


def all_blocks(report) -> list:
    """The title as a block, then the body blocks (duck-typed: Report.all_blocks() if present)."""
    if hasattr(report, "all_blocks"):
        return list(report.all_blocks())
    blocks = list(report.blocks)
    if blocks and blocks[0].level == "title":
        return blocks
    return [_Title(report.title), *blocks]


class _Title:
    level = "title"

    def __init__(self, text: str):
        self.text = text


def signature_indents(lines: list[str]) -> list[float]:
    """Right indents, in characters, of consecutive 署名/日期 lines (GB/T 9704 7.3.5.1):
    the 成文日期 右空四字, the lines above it centred on the date; with no date, 右空二字."""
    if not lines:
        return []
    if _DATE_RE.match(lines[-1]):
        date_w = spec.text_width(lines[-1])
        out = [max(0.0, spec.DATE_RIGHT_CHARS + (date_w - spec.text_width(t)) / 2) for t in lines[:-1]]
        return out + [float(spec.DATE_RIGHT_CHARS)]
    return [2.0] * len(lines)


def _runs(block, blank: bool) -> list[tuple[str, bool]]:
    if not blank:
        return [(block.text, False)]
    if hasattr(block, "runs"):
        return list(block.runs())
    return slot_runs(block.text)


def _bold_level3(document) -> None:
    """The local custom of a bold 第三层 heading (not in the standard): opt-in."""
    for name in ("Heading 3", "Heading 3 Char"):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        style.font.bold = True
        style.element.rPr.get_or_add_bCs().set(qn("w:val"), "1")


def _text_run(text: str, *, highlight: bool = False, style: str | None = None):
    r = OxmlElement("w:r")
    if highlight or style:
        rpr = OxmlElement("w:rPr")
        if style:
            rs = OxmlElement("w:rStyle")
            rs.set(qn("w:val"), style)
            rpr.append(rs)
        if highlight:
            hl = OxmlElement("w:highlight")
            hl.set(qn("w:val"), "yellow")
            rpr.append(hl)
        r.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def slot_control(slot: str, sdt_id: int):
    """A plain-text content control for 【slot】: tag and title are the slot's name; it
    shows 【slot】 (highlighted) as placeholder text until the writer types; typed text
    takes the control's own run properties (none: no highlight)."""
    name = slot[1:-1]
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    for tag, value in (("w:alias", name), ("w:tag", name), ("w:id", str(sdt_id))):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value)
        pr.append(el)
    pr.append(OxmlElement("w:showingPlcHdr"))
    pr.append(OxmlElement("w:text"))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    content.append(_text_run(slot, highlight=True))
    sdt.append(content)
    return sdt


def build_docx(report, *, blank: bool | None = None, bold_level3: bool = False) -> bytes:
    """The .docx bytes of `report`.

    blank: every 【slot】 a highlighted content control (default: report.blank, else False).
    bold_level3: bold 第三层 headings, a local custom the standard does not ask for.
    """
    if blank is None:
        blank = bool(getattr(report, "blank", False))
    document = docx.Document(io.BytesIO(_reference_bytes()))
    if bold_level3:
        _bold_level3(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    blocks = all_blocks(report)
    # Right indents of each run of consecutive signature lines.
    indents: dict[int, float] = {}
    i = 0
    while i < len(blocks):
        if blocks[i].level == "signature":
            j = i
            while j < len(blocks) and blocks[j].level == "signature":
                j += 1
            for k, ind in zip(range(i, j), signature_indents([b.text for b in blocks[i:j]]), strict=True):
                indents[k] = ind
            i = j
        else:
            i += 1

    # Style ids looked up once: python-docx's own lookup walks every style per paragraph.
    names = [*STYLE_OF_LEVEL.values(), *CELL_STYLE_OF_LEVEL.values(), LABEL_STYLE, MINUTES_MARK_STYLE]
    style_ids = {name: document.styles[name].style_id for name in names}
    meta = getattr(report, "meta", None) or {}
    keep = tuple(x for x in (meta.get("street"),) if x)
    counter = [0]  # content control ids
    table = None
    for n, block in enumerate(blocks):
        if block.level in TABLE_LEVELS:
            if table is None:
                table = _table(body, list(_cells(block)))
            _table_row(table, block, style_ids, blank, counter)
            continue
        table = None
        style = style_of(block.level, meta)
        if style is None:
            raise ValueError(f"unknown block level {block.level!r} in {getattr(report, 'key', report.title)}")
        p = document.add_paragraph()
        if style != "Normal":  # Normal is the default paragraph style: no w:pStyle needed
            p._p.get_or_add_pPr().get_or_add_pStyle().val = style_ids[style]
        if n in indents:
            p.paragraph_format.right_indent = Twips(spec.chars(indents[n]))
            if n == 0 or blocks[n - 1].level != "signature":
                p.paragraph_format.space_before = Twips(spec.SIGNATURE_SPACE_BEFORE)  # 空一行
        label = _label(block)
        if label:
            _label_layout(p, label, first=n == 0 or blocks[n - 1].level != block.level)
        lines = title_lines(block.text, keep) if block.level in ("title", "annex-title") else [block.text]
        ends = {sum(len(x) for x in lines[: k + 1]) for k in range(len(lines) - 1)}
        if label and block.level == "names":  # the label in its 黑体 character style
            p._p.append(_text_run(label[:-1], style=style_ids[LABEL_STYLE]))
            _append_runs(p._p, block.text[len(label) - 1 :], blank, counter, ends=set())
        else:
            _append_runs(p._p, block.text, blank, counter, ends=ends, runs=_runs(block, blank))

    cp = document.core_properties
    # Word's core properties hold at most 255 characters each (python-docx refuses more).
    cp.title = report.title[:255]
    cp.subject = meta.get("type_name", "")[:255]
    cp.category = "报告模板" if blank else "范文"
    cp.keywords = "意识形态工作; GB/T 9704-2012"
    cp.comments = GENERATOR_NOTE
    buf = io.BytesIO()
    document.save(buf)
    return reproducible(buf.getvalue())


def _append_runs(p_el, text: str, blank: bool, counter: list[int], *, ends: set[int], runs=None) -> None:
    """Runs of `text` into paragraph element p_el: each 【slot】 of a blank template a content
    control, a line break (w:br) at each position in `ends` (a title's line ends)."""
    if runs is None:
        runs = slot_runs(text) if blank else [(text, False)]
    pos = 0
    for piece, is_slot in runs:
        if is_slot:
            counter[0] += 1
            p_el.append(slot_control(piece, counter[0]))
            pos += len(piece)
            if pos in ends:
                p_el.append(_line_break())
            continue
        # plain text, cut where the title breaks
        start = pos
        for end in sorted(e for e in ends if start < e < start + len(piece)) + [start + len(piece)]:
            p_el.append(_text_run(piece[pos - start : end - start]))
            pos = end
            if pos in ends:
                p_el.append(_line_break())


def _label(block) -> str:
    """“出席：” of a 出席/请假/列席 line or the 附件说明; "" for other blocks."""
    if block.level not in ("names", "annex-note"):
        return ""
    head, colon, _ = block.text.partition("：")
    return head + colon


def _label_layout(p, label: str, *, first: bool) -> None:
    """左空二字, wrapped lines aligned with the first character after the colon (GB/T 9704
    10.3); the style holds this for a 3-character label, other widths are written here."""
    width = spec.text_width(label)
    if width != 3:
        pf = p.paragraph_format
        pf.left_indent = Twips(spec.chars(spec.LABEL_LEFT_CHARS + width))
        pf.first_line_indent = Twips(-spec.chars(width))
    if first:  # 空一行 above the first line
        p.paragraph_format.space_before = Twips(spec.LABEL_SPACE_BEFORE)


def _cells(block) -> tuple[str, ...]:
    return tuple(getattr(block, "cells", ()) or block.text.split("\t"))


def _table(body, header: list[str]):
    """An empty w:tbl before the section properties: 版心 wide, fixed columns, every cell
    bordered (0.5 pt), cell margins from spec.py."""
    known = all(h in spec.TABLE_COLUMNS for h in header)
    if known:  # a column left out (配合单位 when no task has one) widens 工作任务
        widths = [spec.TABLE_COLUMNS[h] for h in header]
        wide = header.index(spec.TABLE_WIDE_COLUMN) if spec.TABLE_WIDE_COLUMN in header else -1
        widths[wide] += spec.TEXT_WIDTH - sum(widths)
    else:
        widths = [spec.TEXT_WIDTH // len(header)] * (len(header) - 1) + [
            spec.TEXT_WIDTH - spec.TEXT_WIDTH // len(header) * (len(header) - 1)
        ]
    tbl = OxmlElement("w:tbl")
    pr = OxmlElement("w:tblPr")
    tw = OxmlElement("w:tblW")
    tw.set(qn("w:w"), str(spec.TEXT_WIDTH))
    tw.set(qn("w:type"), "dxa")
    pr.append(tw)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    pr.append(jc)
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), "0")
    ind.set(qn("w:type"), "dxa")
    pr.append(ind)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), str(spec.TABLE_BORDER))
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "000000")
        borders.append(b)
    pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    pr.append(layout)
    mar = OxmlElement("w:tblCellMar")
    for side, value in (
        ("top", spec.TABLE_CELL_MARGIN_Y),
        ("left", spec.TABLE_CELL_MARGIN_X),
        ("bottom", spec.TABLE_CELL_MARGIN_Y),
        ("right", spec.TABLE_CELL_MARGIN_X),
    ):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(value))
        m.set(qn("w:type"), "dxa")
        mar.append(m)
    pr.append(mar)
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "04A0")
    look.set(qn("w:firstRow"), "1")
    look.set(qn("w:lastRow"), "0")
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:lastColumn"), "0")
    look.set(qn("w:noHBand"), "0")
    look.set(qn("w:noVBand"), "1")
    pr.append(look)
    tbl.append(pr)
    grid = OxmlElement("w:tblGrid")
    for w in widths:
        gc = OxmlElement("w:gridCol")
        gc.set(qn("w:w"), str(w))
        grid.append(gc)
    tbl.append(grid)
    body.find(qn("w:sectPr")).addprevious(tbl)
    return _Table(tbl, header, widths)


@dataclass
class _Table:
    el: object  # the w:tbl
    header: list[str]  # column names, for each cell's alignment
    widths: list[int]


def _table_row(table: _Table, block, style_ids: dict, blank: bool, counter: list[int]) -> None:
    """One w:tr: a header row repeats on each page; no row breaks across pages."""
    head = block.level == "thead"
    tr = OxmlElement("w:tr")
    trpr = OxmlElement("w:trPr")
    trpr.append(OxmlElement("w:cantSplit"))
    if head:
        trpr.append(OxmlElement("w:tblHeader"))
    tr.append(trpr)
    for name, width, text in zip(table.header, table.widths, _cells(block), strict=True):
        tc = OxmlElement("w:tc")
        tcpr = OxmlElement("w:tcPr")
        tcw = OxmlElement("w:tcW")
        tcw.set(qn("w:w"), str(width))
        tcw.set(qn("w:type"), "dxa")
        tcpr.append(tcw)
        va = OxmlElement("w:vAlign")
        va.set(qn("w:val"), "center")
        tcpr.append(va)
        tc.append(tcpr)
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ps = OxmlElement("w:pStyle")
        ps.set(qn("w:val"), style_ids[CELL_STYLE_OF_LEVEL[block.level]])
        ppr.append(ps)
        if not head and name in _CENTRED_COLUMNS:
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), "center")
            ppr.append(jc)
        p.append(ppr)
        _append_runs(p, text, blank, counter, ends=set())
        tc.append(p)
        tr.append(tc)
    table.el.append(tr)


def _line_break():
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


def paragraph_text(p) -> str:
    """A paragraph's text with the text of its content controls (python-docx's
    Paragraph.text skips w:sdt); line breaks are layout, not text."""
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def document_text(data: bytes) -> str:
    """The text of a .docx as a reader sees it: its paragraphs and table rows (a row's
    cells joined by tabs) joined by "\\n"."""
    body = docx.Document(io.BytesIO(data)).element.body
    out = []
    for el in body:
        if el.tag == qn("w:p"):
            out.append(paragraph_text(el))
        elif el.tag == qn("w:tbl"):
            for tr in el.iter(qn("w:tr")):
                cells = ("\n".join(paragraph_text(p) for p in tc.iter(qn("w:p"))) for tc in tr.iter(qn("w:tc")))
                out.append("\t".join(cells))
    return "\n".join(out)
