"""The 要点's 任务分工表 (an attachment with a table) and the 纪要's 出席/请假/列席 lines in Word.

Reopened with python-docx (structure, styles, the same 牵头单位 and 完成时限 as the text),
then rendered by LibreOffice and measured with poppler (the table spans the 版心, the
attachment starts a page, a wrapped 出席 line aligns after its colon). Helpers and the
LibreOffice fixture come from test_docx_render.py.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Twips
from test_docx_render import LEFT_MM, MM_PER_PT, RIGHT_MM, TOP_MM, body_lines, lines, lo  # noqa: F401 (fixture)

from macros import reports
from macros.docx import build_docx, spec
from macros.docx.build import paragraph_text
from macros.validate import site_data

WORK_PLAN = "shiliufang-2027-work-plan"
MINUTES = "shiliufang-2026-meeting-minutes"
HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
ASSIGNED = re.compile(
    r"（牵头单位：(?P<lead>[^；）]+)(?:；配合单位：(?P<partners>[^；）]+))?；完成时限：(?P<due>[^）]+)）$"
)


@pytest.fixture(scope="module")
def site():
    return site_data()


def _doc(report) -> docx.document.Document:
    return docx.Document(io.BytesIO(build_docx(report)))


def _cell_text(cell) -> str:
    return "\n".join(paragraph_text(p) for p in cell._tc.iter(qn("w:p")))


def _style_font(style) -> str:
    """The East Asian font a style gives, through its base styles."""
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None and rpr.rFonts.get(qn("w:eastAsia")):
            return rpr.rFonts.get(qn("w:eastAsia"))
        style = style.base_style
    return ""


def _tasks(site):
    sample = reports.find_sample(site, WORK_PLAN)
    return [t for g in sample.workplan.groups for t in g.tasks]


# --- the 要点: structure ---------------------------------------------------------------------


def test_work_plan_has_a_task_table_with_one_row_per_task(site):
    d = _doc(reports.render_sample(site, WORK_PLAN))
    assert len(d.tables) == 1
    table = d.tables[0]
    head, *rows = table.rows
    assert [_cell_text(c) for c in head.cells] == HEADER
    assert head._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    tasks = _tasks(site)
    assert len(rows) == len(tasks) == 9
    for n, (row, task) in enumerate(zip(rows, tasks, strict=True), 1):
        got = [_cell_text(c) for c in row.cells]
        assert got == [str(n), task.title, task.lead, task.partners or "", task.due], got
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # 黑体 header row, 4号仿宋 cells
    for c in head.cells:
        assert c.paragraphs[0].style.name == "表格标题行"
    for row in rows:
        for c in row.cells:
            assert c.paragraphs[0].style.name == "表格文字"
    assert _style_font(d.styles["表格标题行"]) == "黑体"
    assert _style_font(d.styles["表格文字"]) == "仿宋_GB2312"
    assert d.styles["表格文字"].font.size.pt == 14


def test_table_and_text_assign_the_same_units_and_deadlines(site):
    """Read back from the file: each task heading's paragraph names the 牵头单位 and 完成时限
    its table row gives."""
    d = _doc(reports.render_sample(site, WORK_PLAN))
    paras = d.paragraphs
    in_text = {}
    for i, p in enumerate(paras):
        if p.style.name == "Heading 3":
            m = ASSIGNED.search(paragraph_text(paras[i + 1]._p))
            assert m, paragraph_text(paras[i + 1]._p)
            title = re.sub(r"^\d+\.", "", paragraph_text(p._p))
            in_text[title] = (m["lead"], m["partners"] or "", m["due"])
    in_table = {_cell_text(r.cells[1]): tuple(_cell_text(c) for c in r.cells[2:]) for r in list(d.tables[0].rows)[1:]}
    assert in_table == in_text and len(in_table) == len(_tasks(site))


def test_table_spans_the_text_width_with_borders(site):
    d = _doc(reports.render_sample(site, WORK_PLAN))
    tbl = d.tables[0]._tbl
    pr = tbl.tblPr
    tblw = pr.find(qn("w:tblW"))
    assert (tblw.get(qn("w:w")), tblw.get(qn("w:type"))) == (str(spec.TEXT_WIDTH), "dxa")
    assert pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) == spec.TEXT_WIDTH == 8844 and len(widths) == 5
    borders = pr.find(qn("w:tblBorders"))
    sides = {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders}
    assert sides == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
    for row in d.tables[0].rows:  # every cell as wide as its grid column
        assert [int(c._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for c in row.cells] == widths


def test_table_without_partners_drops_the_column_and_still_spans_the_text_width(site):
    sample = reports.find_sample(site, WORK_PLAN)
    groups = [
        g.model_copy(update={"tasks": [t.model_copy(update={"partners": None}) for t in g.tasks]})
        for g in sample.workplan.groups
    ]
    bare = sample.model_copy(update={"workplan": sample.workplan.model_copy(update={"groups": groups})})
    report = reports.render_sample(site, bare)
    d = _doc(report)
    head, *rows = d.tables[0].rows
    assert [_cell_text(c) for c in head.cells] == [h for h in HEADER if h != "配合单位"]
    widths = [int(g.get(qn("w:w"))) for g in d.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert (
        sum(widths) == spec.TEXT_WIDTH and widths[1] == spec.TABLE_COLUMNS["工作任务"] + spec.TABLE_COLUMNS["配合单位"]
    )
    assert "配合单位" not in report.plain_text()
    # the blank template keeps the column, for a writer to fill or delete
    blank = _doc(reports.render_blank(site, "work-plan"))
    assert [_cell_text(c) for c in blank.tables[0].rows[0].cells] == HEADER


def test_attachment_note_mark_and_title(site):
    r = reports.render_sample(site, WORK_PLAN)
    d = _doc(r)
    by_style = [(p.style.name, paragraph_text(p._p)) for p in d.paragraphs]
    annex_title = "石榴坊街道2027年意识形态工作任务分工表"
    styles = [s for s, _ in by_style]
    note = styles.index("附件说明")
    assert by_style[note][1] == f"附件：{annex_title}"
    assert styles[note + 1 : note + 3] == ["落款", "落款"]  # the signature follows the 附件说明
    assert by_style[note + 3] == ("附件标识", "附件") and by_style[note + 4] == ("附件标题", annex_title)
    assert d.paragraphs[-1].style.name == "附件标题"  # then only the table
    assert d.styles["附件标识"].paragraph_format.page_break_before is True  # 另面编排
    assert _style_font(d.styles["附件标识"]) == "黑体"
    assert d.styles["附件标识"].paragraph_format.first_line_indent == 0  # 顶格
    assert d.styles["附件标题"].base_style.name == "Title"
    assert d.styles["附件标题"].paragraph_format.space_before == Twips(spec.LINE_PITCH)  # 第三行
    # the 附件说明: 左空二字, wrapped lines after “附件：”
    pf = d.styles["附件说明"].paragraph_format
    assert (pf.left_indent, pf.first_line_indent) == (Twips(spec.chars(5)), Twips(-spec.chars(3)))


def test_blank_work_plan_table_rows_are_content_controls(site):
    r = reports.render_blank(site, "work-plan")
    d = _doc(r)
    [table] = d.tables
    head, *rows = table.rows
    assert [_cell_text(c) for c in head.cells] == HEADER
    assert len(rows) == 6  # 3 groups × 2 tasks, as the text
    for n, row in enumerate(rows, 1):
        number, *slots = row.cells
        assert _cell_text(number) == str(n) and not list(number._tc.iter(qn("w:sdt")))
        for cell in slots:
            sdts = list(cell._tc.iter(qn("w:sdt")))
            assert len(sdts) == 1, _cell_text(cell)
            tag = sdts[0].find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val"))
            assert _cell_text(cell) == f"【{tag}】"
    assert [_cell_text(c) for c in rows[0].cells[1:]] == [
        "【任务名称】",
        "【牵头单位】",
        "【配合单位，可不填】",
        "【完成时限】",
    ]


# --- the 纪要: structure ------------------------------------------------------------------------


def test_minutes_attendance_lines_have_a_black_label_and_hanging_indent(site):
    for r in (reports.render_sample(site, MINUTES), reports.render_blank(site, "meeting-minutes")):
        d = _doc(r)
        names = [p for p in d.paragraphs if p.style.name == "出席名单"]
        assert [paragraph_text(p._p)[:3] for p in names] == ["出席：", "请假：", "列席："], r.key
        assert [x.style.name for x in d.paragraphs[-3:]] == ["出席名单"] * 3, r.key  # the last lines
        for p in names:
            label = p.runs[0]
            assert label.text == paragraph_text(p._p)[:2] and label.style.name == "出席标签", r.key
            assert _style_font(label.style) == "黑体"
            rest = p._p.findall(qn("w:r"))[1:]
            assert rest or p._p.findall(qn("w:sdt")), r.key
            for run in rest:  # the names in the paragraph's 3号仿宋
                assert run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}") is None
        assert _style_font(d.styles["出席名单"]) == "仿宋_GB2312"
        pf = d.styles["出席名单"].paragraph_format
        colon = spec.chars(spec.text_width("出席："))  # the first character after the colon
        assert pf.first_line_indent == Twips(-colon) and pf.left_indent == Twips(spec.chars(2) + colon)
        assert names[0].paragraph_format.space_before == Twips(spec.LINE_PITCH)  # 空一行 above
        assert all(p.paragraph_format.space_before is None for p in names[1:])  # 依次另起一行


def test_minutes_have_no_signature_or_seal_line(site):
    """GB/T 9704 10.3: a 纪要 carries no 发文机关署名 (and no seal); the meeting's date is in
    its first sentence."""
    for r in (reports.render_sample(site, MINUTES), reports.render_blank(site, "meeting-minutes")):
        d = _doc(r)
        assert not [p for p in d.paragraphs if p.style.name == "落款"], r.key
        assert not any(b.level == "signature" for b in r.blocks)
        text = r.plain_text()
        assert "工作委员会\n" not in text and "（印章）" not in text
    assert "2026年12月8日上午" in reports.render_sample(site, MINUTES).blocks[0].text


def test_minutes_title_is_the_red_minutes_mark_and_other_titles_are_not(site):
    """GB/T 9704 10.3: the 纪要标志 is red 小标宋, its top edge 35 mm below the 版心's."""
    for r in (reports.render_sample(site, MINUTES), reports.render_blank(site, "meeting-minutes")):
        first = _doc(r).paragraphs[0]
        assert first.style.name == "纪要标志" and first.style.base_style.name == "Title", r.key
        assert str(first.style.font.color.rgb) == spec.MINUTES_MARK_COLOR
        assert first.style.paragraph_format.space_before == Twips(spec.MINUTES_MARK_SPACE_BEFORE)
    for r in (reports.render_sample(site, WORK_PLAN), reports.render_blank(site, "annual")):
        assert _doc(r).paragraphs[0].style.name == "Title", r.key


# --- rendered by LibreOffice ------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_pdf(lo, site):  # noqa: F811 (fixture imported above)
    return lo(build_docx(reports.render_sample(site, WORK_PLAN)), "plan")


@pytest.fixture(scope="module")
def minutes_pdf(lo, site):  # noqa: F811
    return lo(build_docx(reports.render_sample(site, MINUTES)), "minutes")


def _vertical_rules(pdf: Path, page: int, tmp: Path) -> list[float]:
    """x (mm) of the vertical lines longer than 40 mm on a page, from a 150 dpi render."""
    stem = tmp / f"v{page}"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-gray", "-f", str(page), "-l", str(page), str(pdf), str(stem)], check=True
    )
    data = next(tmp.glob(f"v{page}*.pgm")).read_bytes()
    header = data.split(b"\n", 3)
    w, h = map(int, header[1].split())
    px = header[3]
    per_mm = 150 / 25.4
    xs = []
    for x in range(w):
        run = best = 0
        for y in range(h):
            run = run + 1 if px[y * w + x] < 128 else 0
            best = max(best, run)
        if best > 40 * per_mm:
            xs.append(x / per_mm)
    rules: list[list[float]] = []
    for x in xs:  # a line 0.5 pt wide may take two pixel columns
        if rules and x - rules[-1][-1] < 1:
            rules[-1].append(x)
        else:
            rules.append([x])
    return [sum(r) / len(r) for r in rules]


def test_rendered_table_starts_a_page_and_spans_the_text_width(plan_pdf, site, tmp_path):
    pages = lines(plan_pdf)
    [n] = [i for i, p in enumerate(pages, 1) if any(ln["text"].replace(" ", "") == "附件" for ln in p)]
    page = pages[n - 1]
    first, title = page[0], page[1]
    assert first["text"].replace(" ", "") == "附件"  # the first line of a new page
    assert abs(first["x0"] - LEFT_MM) < 0.5  # 顶格
    assert TOP_MM < first["y0"] < TOP_MM + 10
    assert title["text"].replace(" ", "") == "石榴坊街道2027年意识形态工作任务分工表"
    pitch = spec.LINE_PITCH_PT * MM_PER_PT
    assert abs(title["y1"] - first["y1"] - 2 * pitch) < 2, (first, title)  # 版心第三行
    assert abs((title["x0"] + title["x1"]) / 2 - (LEFT_MM + RIGHT_MM) / 2) < 2  # centred
    text = "".join(ln["text"] for p in pages[n - 1 :] for ln in p).replace(" ", "")
    for task in _tasks(site):
        assert task.lead in text and task.due.replace(" ", "")[:4] in text
    # the text before the 附件 keeps the 22-line grid: the table changes no page before it
    counts = [len(body_lines(p)) for p in pages[: n - 1]]
    assert max(counts) == 22 and min(counts[1:-1] or [22]) == 22, counts
    # six vertical rules: the table's edges on the 版心's edges, five columns between
    rules = _vertical_rules(plan_pdf, n, tmp_path)
    assert len(rules) == 6, rules
    assert abs(rules[0] - LEFT_MM) < 1 and abs(rules[-1] - RIGHT_MM) < 1, rules
    widths = [b - a for a, b in zip(rules, rules[1:], strict=False)]
    expected = [w / spec.TWIPS_PER_MM for w in spec.TABLE_COLUMNS.values()]
    assert all(abs(a - b) < 1 for a, b in zip(widths, expected, strict=True)), (widths, expected)
    # every cell line inside the table
    for p in pages[n - 1 :]:
        for ln in p[2:]:
            if ln["y0"] < (spec.PAGE_HEIGHT - spec.MARGIN_BOTTOM) / spec.TWIPS_PER_MM:
                assert rules[0] < ln["x0"] and ln["x1"] < rules[-1], ln


def test_rendered_attendance_lines_hang_after_the_colon(minutes_pdf):
    body = [ln for p in lines(minutes_pdf) for ln in p]
    labelled = [i for i, ln in enumerate(body) if ln["text"].replace(" ", "")[:3] in ("出席：", "请假：", "列席：")]
    assert len(labelled) == 3
    char = spec.CHAR_PITCH_PT * MM_PER_PT
    wrapped = 0
    for i in labelled:
        ln = body[i]
        assert abs(ln["x0"] - (LEFT_MM + 2 * char)) < 0.5, ln  # 左空二字
        text = ln["text"].replace(" ", "")
        per_char = (ln["x1"] - ln["x0"]) / len(text)
        after_colon = ln["x0"] + 3 * per_char
        nxt = body[i + 1] if i + 1 < len(body) else None
        if nxt and i + 1 not in labelled and abs(nxt["y0"] - ln["y0"]) < 15:
            wrapped += 1
            assert abs(nxt["x0"] - after_colon) < 0.5, (ln, nxt)  # 回行时与冒号后的首字对齐
    assert wrapped >= 1  # the sample's 列席 line is long enough to wrap
    # 空一行 above 出席
    above = body[labelled[0] - 1]
    gap = body[labelled[0]]["y1"] - above["y1"]
    assert abs(gap - 2 * spec.LINE_PITCH_PT * MM_PER_PT) < 1, gap


def test_rendered_label_is_in_the_heiti_substitute(lo):  # noqa: F811
    """A file of only a title (宋体 → Serif) and 出席 lines: a Sans font (黑体's stand-in)
    can come only from the labels."""

    class R:
        title = "测试纪要"
        blocks = [
            type("B", (), {"level": "names", "text": "出席：张某、李某"})(),
            type("B", (), {"level": "names", "text": "列席：王某"})(),
        ]

    pdf = lo(build_docx(R()), "labels")
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [ln.split()[0].split("+")[-1] for ln in out.splitlines()[2:] if ln.strip()]
    assert any("Sans" in n and "CJK" in n for n in names), names
    assert any("Serif" in n and "CJK" in n for n in names), names


def _red_rows_mm(pdf: Path, tmp: Path) -> list[float]:
    """y (mm) of the pixel rows of page 1 holding red ink, from a 100 dpi colour render."""
    stem = tmp / "red"
    subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", str(pdf), str(stem)], check=True)
    data = next(tmp.glob("red*.ppm")).read_bytes()
    magic, size, _maxval, px = data.split(b"\n", 3)
    w, h = map(int, size.split())
    rows = []
    for y in range(h):
        row = px[y * w * 3 : (y + 1) * w * 3]
        if any(row[i] > 180 and row[i + 1] < 90 and row[i + 2] < 90 for i in range(0, len(row), 3)):
            rows.append(y * 25.4 / 100)
    return rows


def test_rendered_minutes_mark_is_red_35_mm_into_the_text_block(minutes_pdf, site, tmp_path):
    first = lines(minutes_pdf)[0]
    title = reports.render_sample(site, MINUTES).title
    mark = [ln for ln in first if ln["text"].replace(" ", "") and ln["text"].replace(" ", "") in title]
    assert mark, first[:3]
    assert abs(mark[0]["y0"] - (TOP_MM + 35)) < 2.0, mark[0]  # the glyphs' top: 35 mm below the 版心's top
    red = _red_rows_mm(minutes_pdf, tmp_path)
    assert red and min(red) >= mark[0]["y0"] - 1 and max(red) <= mark[-1]["y1"] + 1, (red[:1], red[-1:])
