"""report-check --fix, --annotate and the input limits: fixed text and fixed Word files that keep
their paragraphs, runs and formatting; one Word comment per finding on the marked text; and a
clear one-line refusal (exit 2) for input that is too big, a zip bomb, closed or empty."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.shared import RGBColor
from test_checker_cli import BIN, env, one_line_error, run  # noqa: F401 (fixture)

from macros.checker import limits
from macros.checker.cli import context
from macros.checker.engine import Finding

DRAFT = (
    "关于城东街道2024年度意识形态工作情况的报告\n"
    "一.总体情况\n"
    "街道党工委高度重视,多次召开专题会议(扩大会议),庆祝建国70周年...\n"
    "XX社区组织学习《关于加强阵地管理的通知(试行)》。\n"
)
FIXED = (
    "关于城东街道2024年度意识形态工作情况的报告\n"
    "一、总体情况\n"
    "街道党工委高度重视，多次召开专题会议（扩大会议），庆祝建国75周年……\n"
    "XX社区组织学习《关于加强阵地管理的通知(试行)》。\n"
)


def test_fix_writes_the_fixed_text_to_standard_output_and_the_report_to_standard_error(tmp_path, env):  # noqa: F811
    f = tmp_path / "draft.txt"
    f.write_text(DRAFT, encoding="utf-8")
    p = run([str(f), "--fix"], env)
    assert p.returncode == 1  # something is left for a person
    assert p.stdout.decode("utf-8") == FIXED
    report = p.stderr.decode("utf-8")
    assert "已改正 6 处" in report and "“建国70周年” → “建国75周年”" in report
    assert "需要人工处理" in report and "[placeholder-xx]" in report
    assert f.read_text(encoding="utf-8") == DRAFT  # never overwritten


def test_fix_to_a_file_keeps_the_encoding_and_in_place_needs_asking(tmp_path, env):  # noqa: F811
    f = tmp_path / "draft.txt"
    f.write_bytes(DRAFT.encode("gb18030"))
    out = tmp_path / "fixed.txt"
    p = run([str(f), "--fix", "-o", str(out)], env)
    assert p.returncode == 1, p.stderr
    assert out.read_bytes() == FIXED.encode("gb18030")
    assert "改正后的文件" in p.stdout.decode("utf-8")
    assert "--in-place" in one_line_error(run([str(f), "--fix", "-o", str(f)], env))
    assert f.read_bytes() == DRAFT.encode("gb18030")
    p = run([str(f), "--fix", "--in-place"], env)
    assert p.returncode == 1 and f.read_bytes() == FIXED.encode("gb18030")
    p = run([str(f), "--fix", "--in-place", "--format", "json"], env)  # idempotent
    doc = json.loads(p.stdout)
    assert doc["fixed"] == [] and f.read_bytes() == FIXED.encode("gb18030")
    assert "--fix" in one_line_error(run([str(f), "-o", str(out)], env))


def _styled_docx(path):
    d = docx.Document()
    d.add_paragraph("关于城东街道2024年度意识形态工作情况的报告", style="Title")
    p = d.add_paragraph()
    p.add_run("一.总体").bold = True
    p.add_run("情况")
    p = d.add_paragraph()
    r = p.add_run("街道党工委高度重视,多次召开专题会议(扩大")
    r.font.color.rgb = RGBColor(0xC0, 0, 0)
    p.add_run("会议)。庆祝建国70周年").italic = True
    p.add_run("...")
    d.add_paragraph("组织学习新时代中国特色社会主义思想。")
    d.add_paragraph("XX社区开展宣讲12场次。")
    d.add_paragraph("XX社区开展宣讲12场次。")
    d.add_table(rows=1, cols=2).cell(0, 0).text = "表格里的文字,也要改正"
    d.save(path)


def _runs(path):
    d = docx.Document(path)
    return [[(r.text, r.bold, r.italic, r.font.color.rgb) for r in p.runs] for p in d.paragraphs], d


def test_fix_docx_changes_only_the_fixed_characters(tmp_path, env):  # noqa: F811
    src, out = tmp_path / "draft.docx", tmp_path / "fixed.docx"
    _styled_docx(src)
    before = src.read_bytes()
    assert "-o" in one_line_error(run([str(src), "--fix"], env))  # a .docx needs a file to go to
    p = run([str(src), "--fix", "-o", str(out)], env)
    assert p.returncode == 1, p.stderr
    assert src.read_bytes() == before
    paras, d = _runs(out)
    red = RGBColor(0xC0, 0, 0)
    assert paras[1] == [("一、总体", True, None, None), ("情况", None, None, None)]
    assert paras[2] == [
        ("街道党工委高度重视，多次召开专题会议（扩大", None, None, red),
        ("会议）。庆祝建国75周年", None, True, None),
        ("……", None, None, None),
    ]
    assert paras[3] == [("组织学习习近平新时代中国特色社会主义思想。", None, None, None)]
    assert [p.text for p in d.paragraphs[4:]] == ["XX社区开展宣讲12场次。"]  # the repeated paragraph removed
    assert d.paragraphs[0].style.name == "Title"
    assert d.tables[0].cell(0, 0).text == "表格里的文字，也要改正"
    report = p.stdout.decode("utf-8")
    assert "需要人工处理" in report and "[placeholder-xx]" in report


def test_annotate_adds_one_comment_per_finding_on_its_text(tmp_path, env):  # noqa: F811
    src, out = tmp_path / "draft.docx", tmp_path / "annotated.docx"
    _styled_docx(src)
    p = run([str(src), "--annotate", str(out), "--format", "json", "--year", "2024"], env)
    assert p.returncode == 1, p.stderr
    findings = json.loads(p.stdout)["findings"]
    d = docx.Document(out)
    comments = list(d.comments)
    assert len(comments) == len(findings) > 5
    assert {c.author for c in comments} == {"意识形态报告自查"}
    # body text and formatting unchanged
    orig = docx.Document(src)
    assert [p.text for p in d.paragraphs] == [p.text for p in orig.paragraphs]
    assert "".join(r.text for r in d.paragraphs[2].runs if r.italic) == "会议)。庆祝建国70周年"
    # each comment is anchored on the text its finding marks
    from docx.oxml.ns import qn

    body = d.element.body
    anchored = {}
    for start in body.iter(qn("w:commentRangeStart")):
        cid = start.get(qn("w:id"))
        text, el = [], start.getnext()
        while el is not None and not (el.tag == qn("w:commentRangeEnd") and el.get(qn("w:id")) == cid):
            text.extend(t.text or "" for t in el.iter(qn("w:t")))
            el = el.getnext()
        anchored[int(cid)] = "".join(text)
    by_text = {c.comment_id: c.text for c in comments}
    for f, (cid, text) in zip(findings, sorted(anchored.items()), strict=True):
        if f["text"]:
            assert text == f["text"], (f, text)
        assert f["message"] in by_text[cid] and f["suggestion"] in by_text[cid]
    assert "--annotate" in one_line_error(run([str(src), "--annotate", str(src)], env))
    txt = tmp_path / "d.txt"
    txt.write_text(DRAFT, encoding="utf-8")
    assert ".docx" in one_line_error(run([str(txt), "--annotate", str(out)], env))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_annotated_docx_renders_in_libreoffice(tmp_path, env):  # noqa: F811
    src, out = tmp_path / "draft.docx", tmp_path / "annotated.docx"
    _styled_docx(src)
    assert run([str(src), "--annotate", str(out)], env).returncode == 1
    p = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "odt", str(out)],
        cwd=tmp_path,
        capture_output=True,
        timeout=180,
    )
    odt = tmp_path / "annotated.odt"
    assert odt.exists(), p.stderr
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    assert content.count("<office:annotation ") == len(list(docx.Document(out).comments))
    assert "意识形态报告自查" in content and "省略号写成了" in content


# --- locations ---------------------------------------------------------------------------------


def test_text_output_gives_paragraph_and_quoted_context():
    line = "街道党工委高度重视意识形态工作,多次召开专题会议研究部署相关工作。"
    f = Finding("punctuation-halfwidth", "punctuation", "error", 3, 16, 17, ",", "m", "s", paragraph=2)
    assert context(["", "", line], f) == "第2段“…高度重视意识形态工作「,」多次召开专题会议研究…”"
    whole = Finding("structure-missing-part", "structure", "suspect", 1, 1, 1, "", "m", "s", paragraph=1)
    assert context(["关于城东街道的报告"], whole) == "第1段“关于城东街道的报告”"


def test_paragraphs_count_non_empty_lines(tmp_path, env):  # noqa: F811
    f = tmp_path / "d.txt"
    f.write_text("城东街道材料\n\n\n全年庆祝建国70周年。\n", encoding="utf-8")
    p = run([str(f), "--year", "2024"], env)
    out = p.stdout.decode("utf-8")
    assert f"{f}:4:5: 错误 [anniversary-number] 第2段“全年庆祝「建国70周年」。”" in out
    doc = json.loads(run([str(f), "--year", "2024", "--format", "json"], env).stdout)
    assert doc["findings"][0]["line"] == 4 and doc["findings"][0]["paragraph"] == 2


# --- limits ------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_zip_bomb_docx_is_refused_before_unpacking(tmp_path, env):  # noqa: F811
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<" + b" " * (50 * limits.MB)}))
    assert "压缩比异常" in one_line_error(run([str(bomb)], env))
    many = tmp_path / "many.docx"
    many.write_bytes(_zip({f"p{i}.xml": b"x" for i in range(limits.MAX_ZIP_MEMBERS + 1)}, zipfile.ZIP_STORED))
    assert "部件太多" in one_line_error(run([str(many)], env))


def test_too_large_closed_and_empty_input(tmp_path, env):  # noqa: F811
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(limits.MAX_INPUT_BYTES + 1)
    assert "文件太大" in one_line_error(run([str(big)], env))
    p = subprocess.run(
        [str(BIN), "-"],
        stdin=open("/dev/zero", "rb"),
        capture_output=True,
        env=env,
        timeout=60,  # noqa: SIM115
    )
    assert "文件太大" in one_line_error(p)
    p = subprocess.run(f"exec {BIN} - <&-", shell=True, capture_output=True, env=env, timeout=60)
    assert "标准输入已关闭" in one_line_error(p)
    empty = tmp_path / "empty.txt"
    empty.write_bytes("\ufeff \n\u3000\n".encode())
    assert "没有可检查的文字" in one_line_error(run([str(empty)], env))
    assert "没有可检查的文字" in one_line_error(run(["-"], env, stdin=b""))


def test_too_long_text(tmp_path, env):  # noqa: F811
    f = tmp_path / "long.txt"
    f.write_text("街" * (limits.MAX_TEXT_CHARS + 1), encoding="utf-8")
    assert "文字太长" in one_line_error(run([str(f)], env))


def test_the_page_gets_the_same_limits():
    from macros.checker.site import data_script
    from macros.validate import site_data

    js = data_script(site_data())
    data = json.loads(js[js.index("=") + 1 : js.rindex(";")])
    assert data["limits"]["max_input_bytes"] == limits.MAX_INPUT_BYTES
    assert data["limits"]["messages"]["empty"] == limits.MESSAGES["empty"]


def test_fix_docx_joins_a_paragraph_broken_inside_a_sentence(tmp_path, env):  # noqa: F811
    src, out = tmp_path / "broken.docx", tmp_path / "joined.docx"
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("确保信息审核").bold = True
    p.add_run("及时 ")
    d.add_paragraph("")
    p = d.add_paragraph()
    p.add_run(" 、准确、").italic = True
    p.add_run("规范。")
    d.add_paragraph("下一段文字在这里，不受影响。")
    d.save(src)
    p = run([str(src), "--fix", "-o", str(out), "--year", "2024"], env)
    assert p.returncode == 0, p.stdout.decode() + p.stderr.decode()
    assert "把下一行接到“时”后面" in p.stdout.decode("utf-8")
    paras, _ = _runs(out)
    assert paras == [
        [
            ("确保信息审核", True, None, None),
            ("及时", None, None, None),
            ("、准确、", None, True, None),
            ("规范。", None, None, None),
        ],
        [("下一段文字在这里，不受影响。", None, None, None)],
    ]
