"""build_docx(report) -> the report as a Word file laid out per GB/T 9704-2012.

The document starts from reference.docx (see make_reference.py), so the formatting
lives in named styles the writer can keep using: 标题 (Title), 标题 1–4 (Heading 1–4),
正文 (Normal), 落款. Paragraphs carry no direct font formatting; the only run formatting
is the yellow highlight on each 【slot】 of a blank template, where each slot is also a
plain-text content control (w:sdt, tag = the slot's name, showing its 【hint】 as
placeholder text), so a writer in Word or WPS clicks the slot and types over it.
A title longer than a line breaks between words (title.py) with a line break (w:br).

A report is anything with `.title` and `.blocks` (each block `.level`, `.text`), where
level is "title", 1–4 (一、（一）1.（1）), "para" or "signature" (发文机关署名、成文日期).
document_text() of the file (its paragraphs joined by "\\n") is exactly report.plain_text().
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from ..models.base import SLOT_RE
from . import spec
from .ooxml import REFERENCE, SIGNATURE_STYLE, reproducible
from .title import title_lines

STYLE_OF_LEVEL = {
    "title": "Title",
    1: "Heading 1",
    2: "Heading 2",
    3: "Heading 3",
    4: "Heading 4",
    "para": "Normal",
    "signature": SIGNATURE_STYLE,
}

# A 成文日期 line: 2026年7月3日, or its slot in a blank template.
_DATE_RE = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|【[^】]*日期[^】]*】)$")

GENERATOR_NOTE = (
    "由《意识形态工作报告写作手册》按 GB/T 9704-2012 生成。字体：标题 方正小标宋简体（缺少时用宋体），"
    "正文及三、四级标题 仿宋_GB2312（缺少时用仿宋），一级标题 黑体，二级标题 楷体_GB2312（缺少时用楷体），"
    "页码 宋体。"
)


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
    out, last = [], 0
    for m in SLOT_RE.finditer(block.text):
        if m.start() > last:
            out.append((block.text[last : m.start()], False))
        out.append((m.group(0), True))
        last = m.end()
    if last < len(block.text):
        out.append((block.text[last:], False))
    return out


def _bold_level3(document) -> None:
    """The local custom of a bold 第三层 heading (not in the standard): opt-in."""
    for name in ("Heading 3", "Heading 3 Char"):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        style.font.bold = True
        style.element.rPr.get_or_add_bCs().set(qn("w:val"), "1")


def _text_run(text: str, *, highlight: bool = False):
    r = OxmlElement("w:r")
    if highlight:
        rpr = OxmlElement("w:rPr")
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
    style_ids = {name: document.styles[name].style_id for name in STYLE_OF_LEVEL.values()}
    meta = getattr(report, "meta", None) or {}
    sdt_id = 0
    for n, block in enumerate(blocks):
        style = STYLE_OF_LEVEL.get(block.level)
        if style is None:
            raise ValueError(f"unknown block level {block.level!r} in {getattr(report, 'key', report.title)}")
        p = document.add_paragraph()
        if style != "Normal":  # Normal is the default paragraph style: no w:pStyle needed
            p._p.get_or_add_pPr().get_or_add_pStyle().val = style_ids[style]
        if n in indents:
            p.paragraph_format.right_indent = Twips(spec.chars(indents[n]))
            if n == 0 or blocks[n - 1].level != "signature":
                p.paragraph_format.space_before = Twips(spec.SIGNATURE_SPACE_BEFORE)  # 空一行
        keep = tuple(x for x in (meta.get("street"),) if x)
        lines = title_lines(block.text, keep) if block.level == "title" else [block.text]
        ends = {sum(len(x) for x in lines[: k + 1]) for k in range(len(lines) - 1)}
        pos = 0
        for text, is_slot in _runs(block, blank):
            if is_slot:
                sdt_id += 1
                p._p.append(slot_control(text, sdt_id))
                pos += len(text)
                if pos in ends:
                    p._p.append(_line_break())
                continue
            # plain text, cut where the title breaks
            start = pos
            for end in sorted(e for e in ends if start < e < start + len(text)) + [start + len(text)]:
                p._p.append(_text_run(text[pos - start : end - start]))
                pos = end
                if pos in ends:
                    p._p.append(_line_break())

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


def _line_break():
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


def paragraph_text(p) -> str:
    """A paragraph's text with the text of its content controls (python-docx's
    Paragraph.text skips w:sdt); line breaks are layout, not text."""
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def document_text(data: bytes) -> str:
    """The text of a .docx as a reader sees it: its paragraphs joined by "\\n"."""
    body = docx.Document(io.BytesIO(data)).element.body
    return "\n".join(paragraph_text(p) for p in body.iter(qn("w:p")) if p.getparent() is body)
