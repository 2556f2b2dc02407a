"""Word downloads (macros/docx): every generated .docx reopened with python-docx.

Checks the GB/T 9704-2012 layout (page, margins, grid, fonts with their East Asian
slot, sizes, line spacing, indents, odd/even page numbers), the slot highlighting of
blank templates, and that each file's text is exactly the page's report text.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from macros.docx import build_docx, document_text, spec
from macros.docx.build import paragraph_text
from macros.docx.feature import _downloads, docx_path, download_html, page_path, relative_url
from macros.docx.make_reference import REFERENCE, make
from macros.docx.title import title_lines
from macros.generated import GENERATORS
from macros.models.base import SLOT_RE
from macros.validate import site_data

STYLE_OF_LEVEL = {
    "title": "Title",
    1: "Heading 1",
    2: "Heading 2",
    3: "Heading 3",
    4: "Heading 4",
    "para": "Normal",
    "signature": "落款",
    "names": "出席名单",
    "annex-note": "附件说明",
    "annex": "附件标识",
    "annex-title": "附件标题",
}
TABLE_LEVELS = ("thead", "row")
FONT_OF_STYLE = {
    "Title": "方正小标宋简体",
    "Heading 1": "黑体",
    "Heading 2": "楷体_GB2312",
    "Heading 3": "仿宋_GB2312",
    "Heading 4": "仿宋_GB2312",
    "Normal": "仿宋_GB2312",
    "落款": "仿宋_GB2312",
    "Footer": "宋体",
}
SIZE_OF_STYLE = {
    "Title": 22,
    "Heading 1": 16,
    "Heading 2": 16,
    "Heading 3": 16,
    "Heading 4": 16,
    "Normal": 16,
    "落款": 16,
    "Footer": 14,
}


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site():
    return site_data()


@pytest.fixture(scope="module")
def reports(site):
    from macros.reports import all_reports

    out = list(all_reports(site))
    assert out, "no reports to export"
    return out


@pytest.fixture(scope="module")
def generated(site, reports):
    """What the build writes: {docs path: bytes}, from the registered generator."""
    assert _downloads in GENERATORS
    files = {g.path: g.content for g in _downloads(site)}
    assert all(isinstance(c, bytes) for c in files.values())
    return files


@pytest.fixture(scope="module")
def documents(reports, generated):
    """[(report, python-docx Document)] for every sample and blank template."""
    out = []
    for r in reports:
        path = docx_path(r)
        assert path in generated, f"no .docx generated for {r.key} ({path})"
        out.append((r, docx.Document(io.BytesIO(generated[path]))))
    return out


def ids(items):
    return [r.key for r, _ in items]


# --- helpers -------------------------------------------------------------------------------


def style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def effective(style, get):
    """First non-None value of get(style) along the basedOn chain."""
    for s in style_chain(style):
        value = get(s)
        if value is not None:
            return value
    return None


def rfont(style, attr):
    def get(s):
        rpr = s.element.rPr
        if rpr is None or rpr.rFonts is None:
            return None
        return rpr.rFonts.get(qn(f"w:{attr}"))

    return effective(style, get)


def ind_attr(style, attr):
    def get(s):
        ppr = s.element.pPr
        ind = None if ppr is None else ppr.find(qn("w:ind"))
        return None if ind is None else ind.get(qn(f"w:{attr}"))

    return effective(style, get)


# --- the reference document ---------------------------------------------------------------


def test_reference_docx_is_up_to_date():
    assert REFERENCE.exists(), "run: .venv/bin/python -m macros.docx.make_reference"
    assert REFERENCE.read_bytes() == make(), (
        "macros/docx/reference.docx differs from what make_reference.py builds: rerun it and commit the file"
    )


def test_reference_names_no_theme_or_japanese_font():
    z = zipfile.ZipFile(REFERENCE)
    styles = z.read("word/styles.xml").decode("utf-8")
    assert "Theme=" not in styles and "cstheme" not in styles, "a style still names a theme font"
    assert "明朝" not in styles and "ゴシック" not in styles
    assert 'w:eastAsia="zh-CN"' in styles
    assert "stylesWithEffects" not in z.read("word/_rels/document.xml.rels").decode("utf-8")
    fonts = z.read("word/fontTable.xml").decode("utf-8")
    for name, (alt, _) in spec.FONT_TABLE.items():
        assert re.search(rf'<w:font w:name="{name}"><w:altName w:val="{alt}"/>.*?<w:charset w:val="86"/>', fonts), (
            f"fontTable lacks {name} → {alt}"
        )


def test_figures_follow_from_the_standard():
    # 版心 156 × 225 mm within the rounding of whole twips
    assert abs(spec.TEXT_WIDTH / spec.TWIPS_PER_MM - 156) < 0.05
    assert abs(spec.TEXT_HEIGHT / spec.TWIPS_PER_MM - 225) < 0.05
    # 22 lines fill the 版心 without a 23rd
    assert 22 * spec.LINE_PITCH <= spec.TEXT_HEIGHT < 23 * spec.LINE_PITCH
    # 28 condensed 3号 characters fit in the line, 29 do not; 20 title characters at 2号
    condensed = spec.SIZE_BODY_PT * 20 + spec.CHAR_SPACING_TWIPS
    assert spec.CHAR_SPACING_TWIPS == -5 and condensed == spec.CHAR_PITCH_PT * 20 == 315
    assert 28 * condensed <= spec.TEXT_WIDTH < 29 * condensed
    assert 20 * spec.SIZE_TITLE_PT * 20 <= spec.TEXT_WIDTH < 21 * spec.SIZE_TITLE_PT * 20
    assert spec.FIRST_LINE_TWIPS == 2 * condensed
    # the page number's 一字线 (middle of a 14 pt line) 7 mm below the 版心
    dash_mm = (spec.MARGIN_BOTTOM - spec.FOOTER_DISTANCE - spec.PAGE_NUMBER_LINE / 2) / spec.TWIPS_PER_MM
    assert abs(dash_mm - 7) < 0.05


# --- every generated file ------------------------------------------------------------------


def test_every_report_has_a_docx(reports, generated):
    """One file per report: no second variant for another word processor."""
    expected = [docx_path(r) for r in reports]
    assert sorted(generated) == sorted(expected)
    assert any(r.blank for r in reports) and any(not r.blank for r in reports)


def test_page_size_margins_and_grid(documents):
    for r, d in documents:
        assert len(d.sections) == 1, r.key
        s = d.sections[0]
        assert s.orientation == WD_ORIENT.PORTRAIT
        assert (s.page_width, s.page_height) == (Twips(11906), Twips(16838)), r.key
        assert (s.top_margin, s.left_margin, s.right_margin, s.bottom_margin) == (
            Twips(2098),
            Twips(1588),
            Twips(1474),
            Twips(1984),
        ), r.key
        assert s.footer_distance == Twips(spec.FOOTER_DISTANCE)
        assert s.gutter == Twips(0)
        grid = s._sectPr.find(qn("w:docGrid"))
        assert grid is not None, r.key
        # a line grid only: a character grid is read differently by LibreOffice
        assert grid.get(qn("w:type")) == "lines"
        assert grid.get(qn("w:linePitch")) == "579"
        assert grid.get(qn("w:charSpace")) is None


def test_styles_fonts_sizes_spacing_and_indents(documents):
    for r, d in documents:
        styles = d.styles
        for name, font in FONT_OF_STYLE.items():
            style = styles[name]
            for attr in ("eastAsia", "ascii", "hAnsi"):
                assert rfont(style, attr) == font, f"{r.key}: {name} w:{attr} is {rfont(style, attr)}, not {font}"
            size = effective(style, lambda s: s.font.size)
            assert size == Pt(SIZE_OF_STYLE[name]), f"{r.key}: {name} size {size}"
            szcs = effective(
                style,
                lambda s: (
                    None
                    if s.element.rPr is None or s.element.rPr.find(qn("w:szCs")) is None
                    else s.element.rPr.find(qn("w:szCs")).get(qn("w:val"))
                ),
            )
            assert szcs == str(SIZE_OF_STYLE[name] * 2), f"{r.key}: {name} szCs"
            italic = effective(style, lambda s: s.font.italic)
            assert not italic, f"{r.key}: {name} italic"
        # bold: none by default (黑体 is heavy by design; a bold level 3 is only an option)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Normal"):
            assert not effective(styles[name], lambda s: s.font.bold), f"{r.key}: {name} is bold"
        # exact 28.95 pt lines for everything in the body
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "落款"):
            st = styles[name]
            assert effective(st, lambda s: s.paragraph_format.line_spacing_rule) == WD_LINE_SPACING.EXACTLY, name
            assert effective(st, lambda s: s.paragraph_format.line_spacing) == Twips(579), name
        # 首行缩进 2 字 for body text and headings; none for the title and the signature
        # (in twips only: w:firstLineChars has no fixed unit without a character grid)
        for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
            assert ind_attr(styles[name], "firstLineChars") is None, name
            assert ind_attr(styles[name], "firstLine") == str(spec.FIRST_LINE_TWIPS), name
        for name in ("Title", "落款", "Footer"):
            assert ind_attr(styles[name], "firstLine") == "0", name
        # character spacing: −0.25 pt for the body and headings, none for title and page number
        for name, val in (("Normal", "-5"), ("Heading 1", "-5"), ("落款", "-5"), ("Title", "0"), ("Footer", "0")):
            got = effective(
                styles[name],
                lambda s: (
                    None
                    if s.element.rPr is None or s.element.rPr.find(qn("w:spacing")) is None
                    else s.element.rPr.find(qn("w:spacing")).get(qn("w:val"))
                ),
            )
            assert got == val, (r.key, name, got)
        nppr = styles["Normal"].element.pPr
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            assert nppr.find(qn(tag)).get(qn("w:val")) == "0", tag
        assert styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert styles["Title"].paragraph_format.space_after == Twips(579)
        assert styles["Normal"].paragraph_format.widow_control is False
        for level in (1, 2, 3, 4):
            ppr = styles[f"Heading {level}"].element.pPr
            assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
        # the language Word picks East Asian fonts by
        lang = d.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
        assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_page_number_footers(documents):
    for r, d in documents:
        assert d.settings.odd_and_even_pages_header_footer is True, r.key
        assert d.settings.element.find(qn("w:evenAndOddHeaders")) is not None
        s = d.sections[0]
        assert not s.different_first_page_header_footer
        for footer, odd in ((s.footer, True), (s.even_page_footer, False)):
            assert not footer.is_linked_to_previous, r.key
            [p] = footer.paragraphs
            xml = p._p.xml
            kinds = re.findall(r'w:fldCharType="(\w+)"', xml)
            assert kinds == ["begin", "separate", "end"], (r.key, kinds)
            assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml), r.key
            assert re.fullmatch(r"— \d —", p.text), p.text
            assert p.style.name == "Footer"
            pf = p.paragraph_format
            if odd:  # 单页码居右空一字
                assert pf.alignment == WD_ALIGN_PARAGRAPH.RIGHT and pf.right_indent == Twips(280)
            else:  # 双页码居左空一字
                assert pf.alignment == WD_ALIGN_PARAGRAPH.LEFT and pf.left_indent == Twips(280)
            for run in p.runs:  # no direct formatting: 4号宋体 comes from the style
                assert run._r.rPr is None
        footer = d.styles["Footer"]
        assert footer.paragraph_format.line_spacing == Twips(280)
        assert footer.element.rPr.rFonts.get(qn("w:hint")) == "eastAsia"


def test_document_text_is_the_report_text(documents, generated, reports):
    for r, d in documents:
        # body paragraphs: every block but table rows, which are rows of the file's tables
        text = "\n".join(b.text for b in r.all_blocks() if b.level not in TABLE_LEVELS)
        assert "\n".join(paragraph_text(p._p) for p in d.paragraphs) == text, r.key
        rows = [b.text for b in r.all_blocks() if b.level in TABLE_LEVELS]
        cells = ["\t".join(paragraph_text(c._tc) for c in row.cells) for t in d.tables for row in t.rows]
        assert cells == rows, r.key
        assert document_text(generated[docx_path(r)]) == r.plain_text()


def test_paragraph_styles_follow_block_levels(documents):
    for r, d in documents:
        blocks = [b for b in r.all_blocks() if b.level not in TABLE_LEVELS]
        assert len(d.paragraphs) == len(blocks)
        for p, b in zip(d.paragraphs, blocks, strict=True):
            want = "纪要标志" if b.level == "title" and r.type_id == "meeting-minutes" else STYLE_OF_LEVEL[b.level]
            assert p.style.name == want, (r.key, b.level, paragraph_text(p._p)[:20])
            for run in p.runs:  # fonts and sizes come from the styles only
                rpr = run._r.rPr
                assert rpr is None or (rpr.rFonts is None and rpr.sz is None), (r.key, run.text)
        sig = [p for p in d.paragraphs if p.style.name == "落款"]
        if sig:  # 成文日期右空四字; one blank line above the signature
            assert sig[-1].paragraph_format.right_indent == Twips(spec.chars(4)) == Twips(1260), r.key
            assert sig[0].paragraph_format.space_before == Twips(579)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_blank_templates_make_every_slot_a_content_control(documents):
    """Every 【slot】 of every template is a plain-text content control tagged with the
    slot's name and showing 【slot】 (highlighted) as its placeholder; no slot is left
    as bare text, and samples have neither controls nor highlighting."""
    for r, d in documents:
        body = d.element.body
        sdts = list(body.iter(qn("w:sdt")))
        marked = [run for p in d.paragraphs for run in p.runs if run.font.highlight_color is not None]
        if not r.blank:
            assert not sdts and not marked, f"{r.key}: a sample has content controls or highlighting"
            continue
        assert [sdt.find(f"{W}sdtPr/{W}tag").get(qn("w:val")) for sdt in sdts] == r.slots(), r.key
        ids_seen = set()
        for sdt, slot in zip(sdts, r.slots(), strict=True):
            pr = sdt.find(qn("w:sdtPr"))
            assert pr.find(qn("w:text")) is not None, f"{r.key}: 【{slot}】 is not a plain-text control"
            assert pr.find(qn("w:showingPlcHdr")) is not None, slot
            assert pr.find(qn("w:alias")).get(qn("w:val")) == slot
            assert pr.find(qn("w:rPr")) is None, "typed text must not inherit the highlight"
            ids_seen.add(pr.find(qn("w:id")).get(qn("w:val")))
            runs = sdt.find(qn("w:sdtContent")).findall(qn("w:r"))
            assert len(runs) == 1 and paragraph_text(sdt) == f"【{slot}】", slot
            assert runs[0].find(f"{W}rPr/{W}highlight").get(qn("w:val")) == "yellow"
            assert sdt.getparent().tag == qn("w:p"), "inline (run-level) control expected"
        assert len(ids_seen) == len(sdts), f"{r.key}: content control ids repeat"
        # outside the controls no slot, no highlight
        for p in body.iter(qn("w:p")):
            for run in p.findall(qn("w:r")):
                assert not SLOT_RE.search("".join(t.text for t in run.iter(qn("w:t")))), r.key
                assert run.find(f"{W}rPr/{W}highlight") is None, r.key


def test_long_titles_break_between_words(documents):
    """A title wider than 20 2号 characters breaks (w:br) between words, lines balanced."""
    broken = 0
    for r, d in documents:
        p = d.paragraphs[0]
        brs = p._p.findall(f"{W}r/{W}br")
        lines = title_lines(r.title, (r.meta.get("street", ""),))
        assert len(brs) == len(lines) - 1, r.key
        if len(lines) > 1:
            broken += 1
            widths = [sum(1 if ord(c) > 0x2E7F else 0.5 for c in ln) for ln in lines]
            assert max(widths) <= 20 and max(widths) - min(widths) <= 10, (r.key, lines)
            assert "".join(lines) == r.title
            cut = len(lines[0])
            for word in ("意识形态", "街道", "报告", "责任制", "季度", r.meta.get("street") or "【街道名称】"):
                for m in re.finditer(re.escape(word), r.title):  # no word cut in two
                    assert not m.start() < cut < m.end(), (r.key, lines, word)
    assert broken >= 3


def test_title_lines_keep_words_slots_and_numbers_whole():
    assert title_lines("关于某街道意识形态工作情况的汇报") == ["关于某街道意识形态工作情况的汇报"]
    got = title_lines("石榴坊街道2026年第三季度意识形态领域情况分析研判报告", ("石榴坊街道",))
    assert got == ["石榴坊街道2026年第三季度", "意识形态领域情况分析研判报告"]
    got = title_lines("【街道名称】【年份】年度意识形态工作情况报告")
    assert got == ["【街道名称】【年份】年度", "意识形态工作情况报告"]
    got = title_lines("汀兰湖街道关于某某小区物业费调价网络舆情处置情况的报告", ("汀兰湖街道",))
    assert got == ["汀兰湖街道关于某某小区物业费调价", "网络舆情处置情况的报告"]
    got = title_lines("【街道名称】党工委书记落实意识形态工作责任制述职报告")
    assert all("意识形态工作责任制" in ln or "意识形态" not in ln for ln in got), got


def test_bold_level3_is_an_option(reports):
    r = next(r for r in reports if not r.blank)
    plain = docx.Document(io.BytesIO(build_docx(r)))
    bold = docx.Document(io.BytesIO(build_docx(r, bold_level3=True)))
    assert not plain.styles["Heading 3"].font.bold
    assert bold.styles["Heading 3"].font.bold is True
    assert not bold.styles["Heading 4"].font.bold and not bold.styles["Normal"].font.bold


def test_output_is_reproducible(reports, generated):
    r = reports[0]
    assert build_docx(r) == generated[docx_path(r)]
    with zipfile.ZipFile(io.BytesIO(generated[docx_path(r)])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "python-docx" not in core and "dcterms:modified" not in core
    assert f"<dc:title>{r.title}</dc:title>" in core


# --- download links ---------------------------------------------------------------------


def test_download_links_are_relative_and_resolve(reports, generated):
    import posixpath

    for r in reports:
        page = page_path(r)
        html = download_html(r)
        href = re.search(r'href="([^"]+)"', html).group(1)
        assert not href.startswith(("/", "http:", "https:", "file:")), href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        assert target == docx_path(r) and target in generated, (page, href)
        assert 'download="' in html and ".docx" in html
    assert relative_url("downloads/samples/a.docx", "samples/a.md") == "../downloads/samples/a.docx"
    assert (
        relative_url("downloads/templates/annual.docx", "templates/annual.md") == "../downloads/templates/annual.docx"
    )


def test_built_pages_link_their_docx(built_site, reports, generated):
    """Every sample and template page of the built site links its .docx, relatively."""
    import posixpath

    for r in reports:
        page = page_path(r).removesuffix(".md") + ".html"
        html = (built_site / page).read_text(encoding="utf-8")
        hrefs = re.findall(r'<a class="md-button docx-download__link" href="([^"]+)"', html)
        assert len(hrefs) == 1, f"{page}: {len(hrefs)} Word download links"
        href = hrefs[0]
        assert not href.startswith(("/", "http:", "https:", "file:")), href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        assert (built_site / target).read_bytes() == generated[docx_path(r)], target
