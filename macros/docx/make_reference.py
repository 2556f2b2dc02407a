"""Make macros/docx/reference.docx: python-docx's default document turned into a
GB/T 9704-2012 公文 base (page, grid, styles with East Asian fonts, odd/even page numbers).

    .venv/bin/python -m macros.docx.make_reference           # (re)write reference.docx
    .venv/bin/python -m macros.docx.make_reference --check   # fail if it is out of date

The output is byte-for-byte reproducible, so the committed file can be checked against
this script. Every figure comes from spec.py, which says why it is what it is.

Why not python-docx's default as is: its styles name theme fonts (w:asciiTheme …) whose
East Asian slot falls back to a Japanese font (ＭＳ 明朝) and its language is en-US/ja-JP;
run.font.name never writes w:eastAsia. Here every style we use names its font in all four
slots (ascii, hAnsi, eastAsia, cs) and the language is zh-CN.
"""

from __future__ import annotations

import argparse
import io
import sys

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

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
    STYLE_IDS,
    TABLE_HEAD_STYLE,
    TABLE_TEXT_STYLE,
    THEME_ATTRS,
    child,
    clear,
    reproducible,
    set_fonts,
    set_lang,
    set_snap_to_grid,
)

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


# --- styles --------------------------------------------------------------------------


def _reset_style(style) -> None:
    """Drop the default template's formatting (theme fonts, colours, borders, spacing)."""
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = el.find(qn(tag))
        if old is not None:
            el.remove(old)


def _paragraph_style(style, *, font: str, size_pt: float, bold: bool = False) -> None:
    _reset_style(style)
    f = style.font
    f.size = Pt(size_pt)  # w:sz and (below) w:szCs
    f.bold = bold
    f.italic = False
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, font)
    _set_sz_cs(rpr, size_pt)
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Twips(spec.LINE_PITCH)


def _set_sz_cs(rpr, size_pt: float) -> None:
    """w:szCs (complex-script size) = w:sz, and w:bCs = w:b: python-docx writes neither."""
    el = child(rpr, "w:szCs", before=("w:highlight", "w:u", "w:effect", "w:vertAlign", "w:lang"))
    el.set(qn("w:val"), str(round(size_pt * 2)))
    b = rpr.find(qn("w:b"))
    if b is not None:
        rpr.get_or_add_bCs().set(qn("w:val"), b.get(qn("w:val"), "1"))


def _char_spacing(rpr, twips: int) -> None:
    """w:spacing in a run's properties (字符间距): added to every character's advance."""
    el = child(rpr, "w:spacing", before=("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:lang"))
    el.set(qn("w:val"), str(twips))


def _no_autospace(ppr) -> None:
    """No automatic space between Chinese and Latin text or digits (w:autoSpaceDE/DN):
    each reader adds its own amount, so mixed lines would break differently."""
    after = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr")
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        child(ppr, tag, before=after).set(qn("w:val"), "0")


def _doc_defaults(styles_el) -> None:
    """docDefaults: the body font and size, zh-CN, no space after paragraphs."""
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    clear(rpr, ())
    rfonts = OxmlElement("w:rFonts")
    rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), spec.FONT_BODY)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(spec.SIZE_BODY_PT * 2))
        rpr.append(el)
    lang = OxmlElement("w:lang")
    rpr.append(lang)
    set_lang(rpr)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    clear(ppr, ())
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    ppr.append(spacing)


def _strip_theme_fonts(styles_el) -> None:
    """No style may name a theme font: its East Asian slot would not be ours."""
    for rfonts in styles_el.iter(qn("w:rFonts")):
        if any(rfonts.get(qn(a)) is not None for a in THEME_ATTRS):
            for a in THEME_ATTRS:
                rfonts.attrib.pop(qn(a), None)
            if not rfonts.attrib:
                rfonts.getparent().remove(rfonts)


def _drop_table_styles(styles_el) -> None:
    """The default template defines 100 table styles (⅔ of its 340 KB styles.xml, and most of
    the time python-docx takes to open it). Word keeps them as latent styles anyway; keep
    only the default table style and Table Grid."""
    for style in styles_el.findall(qn("w:style")):
        if (
            style.get(qn("w:type")) == "table"
            and style.get(qn("w:default")) != "1"
            and style.get(qn("w:styleId")) != "TableGrid"
        ):
            styles_el.remove(style)


def build_styles(document) -> None:
    styles = document.styles
    _doc_defaults(styles.element)
    _strip_theme_fonts(styles.element)
    _drop_table_styles(styles.element)

    # 正文: 3号仿宋, exact 28.95 pt lines, 首行缩进2字, 两端对齐. Widow control off: it
    # would push lines to the next page and leave pages shorter than 22 lines.
    normal = styles["Normal"]
    _paragraph_style(normal, font=spec.FONT_BODY, size_pt=spec.SIZE_BODY_PT)
    set_lang(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.first_line_indent = Twips(spec.FIRST_LINE_TWIPS)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = False
    ppr = normal.element.get_or_add_pPr()
    _no_autospace(ppr)
    _char_spacing(normal.element.get_or_add_rPr(), spec.CHAR_SPACING_TWIPS)

    # 标题: 2号小标宋, centred, one blank line below; 20 characters a line at full width
    # (spacing 0, not the body's −0.25 pt). snapToGrid off: a title line keeps its exact
    # spacing in every reader rather than each reader's rule for a line taller than the grid.
    title = styles["Title"]
    _paragraph_style(title, font=spec.FONT_TITLE, size_pt=spec.SIZE_TITLE_PT)
    pf = title.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.first_line_indent = Twips(0)
    pf.space_after = Twips(spec.TITLE_SPACE_AFTER)
    pf.keep_with_next = True
    ppr = title.element.get_or_add_pPr()
    set_snap_to_grid(ppr, False)
    _char_spacing(title.element.get_or_add_rPr(), 0)  # 2号 characters at their own width

    # Heading levels 1–4: 3号, left-indented two characters like body text (inherited
    # from Normal), kept with the next paragraph; outline levels for the navigation pane.
    for level, font in ((1, spec.FONT_LEVEL1), (2, spec.FONT_LEVEL2), (3, spec.FONT_LEVEL34), (4, spec.FONT_LEVEL34)):
        style = styles[f"Heading {level}"]
        _paragraph_style(style, font=font, size_pt=spec.SIZE_BODY_PT)
        pf = style.paragraph_format
        pf.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        ppr.get_or_add_outlineLvl().set(qn("w:val"), str(level - 1))
        style.hidden = False  # Heading 4 is hidden in the default template
    # The linked character styles ("Heading 1 Char" …) mirror their paragraph styles.
    for name, font, size in (
        ("Title Char", spec.FONT_TITLE, spec.SIZE_TITLE_PT),
        ("Heading 1 Char", spec.FONT_LEVEL1, spec.SIZE_BODY_PT),
        ("Heading 2 Char", spec.FONT_LEVEL2, spec.SIZE_BODY_PT),
        ("Heading 3 Char", spec.FONT_LEVEL34, spec.SIZE_BODY_PT),
        ("Heading 4 Char", spec.FONT_LEVEL34, spec.SIZE_BODY_PT),
    ):
        if name in [s.name for s in styles]:
            cs = styles[name]
            _reset_style(cs)
            cs.font.size = Pt(size)
            cs.font.bold = False
            cs.font.italic = False
            rpr = cs.element.get_or_add_rPr()
            set_fonts(rpr, font)
            _set_sz_cs(rpr, size)

    # 落款: 发文机关署名 and 成文日期, right-aligned; the right indent is set per paragraph.
    sig = styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    sig.style_id = "GwSignature"  # ASCII id, as Word writes for its own localised style names
    sig.base_style = normal
    sig.quick_style = True
    pf = sig.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pf.first_line_indent = Twips(0)
    pf.keep_with_next = True

    _gw_styles(styles, normal, title)

    # 页脚: the page number line, 4号宋体, one exact 14 pt line, off the grid.
    footer = styles["Footer"]
    _reset_style(footer)
    footer.font.size = Pt(spec.SIZE_PAGE_NUMBER_PT)
    rpr = footer.element.get_or_add_rPr()
    set_fonts(rpr, spec.FONT_PAGE_NUMBER, hint_east_asia=True)
    _set_sz_cs(rpr, spec.SIZE_PAGE_NUMBER_PT)
    pf = footer.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Twips(spec.PAGE_NUMBER_LINE)
    pf.first_line_indent = Twips(0)
    ppr = footer.element.get_or_add_pPr()
    set_snap_to_grid(ppr, False)
    _char_spacing(rpr, 0)


def _custom(styles, name: str, kind, base):
    style = styles.add_style(name, kind)
    style.style_id = STYLE_IDS[name]
    style.base_style = base
    style.quick_style = True
    return style


def _gw_styles(styles, normal, title) -> None:
    P = WD_STYLE_TYPE.PARAGRAPH
    # 出席名单 and 附件说明: 左空二字, wrapped lines aligned after “出席：” (3 characters).
    # build.py writes the same indents per paragraph when a label is not 3 characters wide.
    label = 3
    for name in (NAMES_STYLE, ANNEX_NOTE_STYLE):
        pf = _custom(styles, name, P, normal).paragraph_format
        pf.left_indent = Twips(spec.chars(spec.LABEL_LEFT_CHARS + label))
        pf.first_line_indent = Twips(-spec.chars(label))
        pf.keep_with_next = name == ANNEX_NOTE_STYLE  # the 附件说明 stays with the signature

    # 出席标签: the 黑体 label of a 出席/请假/列席 line (a character style: the line is one paragraph).
    cs = _custom(styles, LABEL_STYLE, WD_STYLE_TYPE.CHARACTER, None)
    rpr = cs.element.get_or_add_rPr()
    set_fonts(rpr, spec.FONT_LEVEL1)

    # 附件标识: “附件” 3号黑体 顶格, on a new page (另面编排).
    annex = _custom(styles, ANNEX_STYLE, P, normal)
    set_fonts(annex.element.get_or_add_rPr(), spec.FONT_LEVEL1)
    pf = annex.paragraph_format
    pf.first_line_indent = Twips(0)
    pf.page_break_before = True
    pf.keep_with_next = True

    # 纪要标志: the 标题 style in red, its top edge 35 mm below the 版心's.
    mark = _custom(styles, MINUTES_MARK_STYLE, P, title)
    mark.paragraph_format.space_before = Twips(spec.MINUTES_MARK_SPACE_BEFORE)
    mark.font.color.rgb = RGBColor.from_string(spec.MINUTES_MARK_COLOR)

    # 附件标题: the 标题 style on the 版心's third line (one blank line below 附件).
    at = _custom(styles, ANNEX_TITLE_STYLE, P, title)
    at.paragraph_format.space_before = Twips(spec.ANNEX_TITLE_SPACE_BEFORE)

    # 表格文字 / 表格标题行: 4号仿宋 / 4号黑体, exact 20 pt lines off the grid, no indent.
    cell = _custom(styles, TABLE_TEXT_STYLE, P, None)
    _paragraph_style(cell, font=spec.FONT_BODY, size_pt=spec.SIZE_TABLE_PT)
    pf = cell.paragraph_format
    pf.line_spacing = Twips(spec.TABLE_LINE)
    pf.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified, a short wrapped cell line would be spread out
    pf.widow_control = False
    ppr = cell.element.get_or_add_pPr()
    set_snap_to_grid(ppr, False)
    _no_autospace(ppr)
    head = _custom(styles, TABLE_HEAD_STYLE, P, cell)
    set_fonts(head.element.get_or_add_rPr(), spec.FONT_LEVEL1)
    head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


# --- fonts, theme, settings -------------------------------------------------------------


def build_font_table(document) -> None:
    """Declare our fonts with their fallbacks (w:altName), GB2312 charset and PANOSE."""
    part = _related_part(document.part, RT.FONT_TABLE)
    root = _parse(part.blob)
    for name, (alt, panose) in spec.FONT_TABLE.items():
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                root.remove(old)
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, attr, value in (
            ("w:altName", "w:val", alt),
            ("w:panose1", "w:val", panose),
            ("w:charset", "w:val", "86"),
            ("w:family", "w:val", "auto"),
            ("w:pitch", "w:val", "variable"),
        ):
            el = OxmlElement(tag)
            el.set(qn(attr), value)
            font.append(el)
        root.append(font)
    # Drop the Japanese fonts the default template declares.
    for old in root.findall(qn("w:font")):
        if old.get(qn("w:name")) in ("ＭＳ 明朝", "ＭＳ ゴシック"):
            root.remove(old)
    part._blob = _serialize(root)


def build_theme(document) -> None:
    """Theme East Asian fonts: 宋体 instead of an empty slot resolved through ja-JP."""
    part = _related_part(document.part, RT.THEME)
    root = _parse(part.blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for ea in root.iter(f"{a}ea"):
        ea.set("typeface", spec.FONT_PAGE_NUMBER)
    part._blob = _serialize(root)


def build_settings(document) -> None:
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders
    el = settings.element
    lang = el.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    for cs in el.iter(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), "15")  # Word 2013+ layout, no "兼容模式" banner


# --- page and footers ------------------------------------------------------------------


def build_section(document) -> None:
    s = document.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Twips(spec.PAGE_WIDTH), Twips(spec.PAGE_HEIGHT)
    s.top_margin, s.bottom_margin = Twips(spec.MARGIN_TOP), Twips(spec.MARGIN_BOTTOM)
    s.left_margin, s.right_margin = Twips(spec.MARGIN_LEFT), Twips(spec.MARGIN_RIGHT)
    s.gutter = Twips(0)
    s.header_distance = Twips(spec.HEADER_DISTANCE)
    s.footer_distance = Twips(spec.FOOTER_DISTANCE)
    grid = s._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        s._sectPr.append(grid)
    # A line grid of 22 lines; no character grid (see spec.py: 28 characters a line come
    # from the body style's character spacing, which every reader takes the same way).
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(spec.LINE_PITCH))
    cols = s._sectPr.find(qn("w:cols"))
    if cols is not None:
        cols.set(qn("w:space"), "425")

    _page_number(s.footer, odd=True)
    _page_number(s.even_page_footer, odd=False)


def _run(text: str | None = None):
    r = OxmlElement("w:r")
    if text is not None:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
    return r


def _field_char(kind: str):
    r = OxmlElement("w:r")
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), kind)
    r.append(fc)
    return r


def _page_number(footer, *, odd: bool) -> None:
    """“— n —”: a PAGE field between two 一字线; odd pages right, even pages left, 空一字."""
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = "Footer"
    pf = p.paragraph_format
    if odd:
        pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf.right_indent = Twips(spec.PAGE_NUMBER_INDENT)
    else:
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pf.left_indent = Twips(spec.PAGE_NUMBER_INDENT)
    dash = spec.PAGE_NUMBER_DASH
    instr = _run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = " PAGE "
    instr.append(it)
    for el in (
        _run(f"{dash} "),
        _field_char("begin"),
        instr,
        _field_char("separate"),
        _run("1" if odd else "2"),
        _field_char("end"),
        _run(f" {dash}"),
    ):
        p._p.append(el)


# --- package clean-up and reproducible output ------------------------------------------


def _related_part(part, reltype):
    for rel in part.rels.values():
        if rel.reltype == reltype:
            return rel.target_part
    raise KeyError(reltype)


def _parse(blob: bytes):
    from docx.oxml.parser import parse_xml

    return parse_xml(blob)


def _serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean_package(document) -> None:
    """Drop what the default template carries and we do not want: the Word 2010
    stylesWithEffects copy of the styles (it would keep the old fonts), a bibliography
    customXml part, the thumbnail of an empty page; and python-docx's metadata."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            part.rels.pop(rid)
    pkg = part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.rels.pop(rid, None)
    cp = document.core_properties
    cp.author = "意识形态工作报告写作手册"
    cp.comments = ""
    cp.last_modified_by = ""
    cp.language = "zh-CN"
    cp.revision = 1
    # No creation or modification time: the same input gives the same file.
    for tag in ("dcterms:created", "dcterms:modified"):
        el = cp._element.find(qn(tag))
        if el is not None:
            cp._element.remove(el)


def make() -> bytes:
    document = docx.Document()  # python-docx's default template
    clean_package(document)
    build_styles(document)
    build_font_table(document)
    build_theme(document)
    build_settings(document)
    build_section(document)
    buf = io.BytesIO()
    document.save(buf)
    return reproducible(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that reference.docx is up to date")
    args = ap.parse_args(argv)
    data = make()
    if args.check:
        if not REFERENCE.exists() or REFERENCE.read_bytes() != data:
            print(f"{REFERENCE} is out of date: run python -m macros.docx.make_reference", file=sys.stderr)
            return 1
        print(f"{REFERENCE.name} is up to date")
        return 0
    REFERENCE.write_bytes(data)
    print(f"wrote {REFERENCE} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
