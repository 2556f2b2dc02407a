"""OOXML helpers shared by make_reference.py and build.py (python-docx has no API for these)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

REFERENCE = Path(__file__).resolve().parent / "reference.docx"

# Custom paragraph style for 发文机关署名 and 成文日期.
SIGNATURE_STYLE = "落款"
# Custom styles (name -> ASCII style id): the 纪要标志, 纪要's 出席/请假/列席 lines and their 黑体 label,
# the 附件说明, the 附件 mark and title, and table cells.
NAMES_STYLE, LABEL_STYLE = "出席名单", "出席标签"
ANNEX_NOTE_STYLE, ANNEX_STYLE, ANNEX_TITLE_STYLE = "附件说明", "附件标识", "附件标题"
TABLE_TEXT_STYLE, TABLE_HEAD_STYLE = "表格文字", "表格标题行"
# The 纪要标志 (GB/T 9704 10.3): the title of a 纪要, red, lower on the first page.
MINUTES_MARK_STYLE = "纪要标志"
STYLE_IDS = {
    MINUTES_MARK_STYLE: "GwMinutesMark",
    SIGNATURE_STYLE: "GwSignature",
    NAMES_STYLE: "GwNames",
    LABEL_STYLE: "GwLabel",
    ANNEX_NOTE_STYLE: "GwAnnexNote",
    ANNEX_STYLE: "GwAnnex",
    ANNEX_TITLE_STYLE: "GwAnnexTitle",
    TABLE_TEXT_STYLE: "GwTableText",
    TABLE_HEAD_STYLE: "GwTableHead",
}

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def child(parent, tag: str, *, before: tuple[str, ...] = ()):
    """The first child `tag` of parent, created if missing (inserted before any of `before`)."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        for b in before:
            anchor = parent.find(qn(b))
            if anchor is not None:
                anchor.addprevious(el)
                break
        else:
            parent.append(el)
    return el


def set_fonts(rpr, name: str, *, hint_east_asia: bool = False) -> None:
    """Name `name` in all four font slots: w:eastAsia is the one Chinese text uses."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in THEME_ATTRS:  # a theme font attribute would win over the names below
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    if hint_east_asia:  # characters such as “—” use the East Asian font
        rfonts.set(qn("w:hint"), "eastAsia")


def set_lang(rpr) -> None:
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def set_snap_to_grid(ppr, on: bool) -> None:
    el = child(ppr, "w:snapToGrid", before=("w:spacing", "w:ind", "w:jc", "w:outlineLvl"))
    el.set(qn("w:val"), "1" if on else "0")


def clear(el, keep: tuple[str, ...]) -> None:
    """Remove every child of el except those named in keep."""
    for c in list(el):
        if c.tag not in {qn(k) for k in keep}:
            el.remove(c)


def reproducible(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so identical documents are identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            z = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            z.compress_type = zipfile.ZIP_DEFLATED
            z.external_attr = 0o644 << 16
            dst.writestr(z, src.read(info.filename))
    return out.getvalue()
