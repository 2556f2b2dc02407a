"""report-check: formats, encodings, standard input, .docx, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_checker_common import ROOT

BIN = Path(sys.executable).parent / "report-check"
DEFECTIVE = (
    "城东街道2024年意识形态工作材料\n\nXX街道隆重庆祝建国70周年,成效明显。\n"  # not a report title: no structure check
)


@pytest.fixture
def env(tmp_path) -> dict:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}


def run(args, env, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], input=stdin, capture_output=True, env=env, timeout=60, cwd=ROOT)


def one_line_error(p: subprocess.CompletedProcess) -> str:
    err = p.stderr.decode("utf-8")
    assert p.returncode == 2, (p.returncode, err, p.stdout)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("report-check: 错误："), err
    return err


def test_the_command_is_installed():
    assert BIN.exists(), "run `pip install -e .` (make does it) to install report-check"


def test_text_output_and_exit_code_1(tmp_path, env):
    f = tmp_path / "draft.txt"
    f.write_text(DEFECTIVE, encoding="utf-8")
    p = run([str(f), "--year", "2024"], env)
    out = p.stdout.decode("utf-8")
    assert p.returncode == 1, p.stderr
    assert f"{f}:3:1: 错误 [placeholder-xx]" in out
    assert f"{f}:3:9: 错误 [anniversary-number]" in out and "建议：" in out
    assert "按2024年" in out.splitlines()[-1]


def test_json_output_exactly_as_specified(tmp_path, env):
    f = tmp_path / "draft.md"
    f.write_text(DEFECTIVE, encoding="utf-8")
    p = run([str(f), "--format", "json", "--year", "2024", "--type", "年度工作情况报告"], env)
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert list(doc) == ["findings"]
    keys = ["rule", "category", "severity", "line", "column", "paragraph", "text", "message", "suggestion", "fix"]
    assert all(list(x) == keys for x in doc["findings"])
    by_rule = {x["rule"]: x for x in doc["findings"]}
    assert by_rule["placeholder-xx"]["line"] == 3 and by_rule["placeholder-xx"]["column"] == 1
    assert by_rule["anniversary-number"]["text"] == "建国70周年"
    assert by_rule["punctuation-halfwidth"]["column"] == 15
    assert by_rule["placeholder-xx"]["fix"] is None  # needs a person
    comma = by_rule["punctuation-halfwidth"]["fix"]
    assert comma["text"] == "，" and DEFECTIVE[comma["start"] : comma["end"]] == ","
    assert "structure-missing-part" in by_rule  # --type given: the parts are checked


def test_clean_text_exits_0(tmp_path, env):
    f = tmp_path / "ok.txt"
    f.write_text("城东街道党工委认真落实意识形态工作责任制。\n", encoding="utf-8")
    p = run([str(f), "--year", "2026"], env)
    assert p.returncode == 0 and "没有发现问题" in p.stdout.decode("utf-8")
    p = run([str(f), "--year", "2026", "--format", "json"], env)
    assert p.returncode == 0 and json.loads(p.stdout) == {"findings": []}


@pytest.mark.parametrize(
    "encoding,prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16", b"")]
)
def test_encodings(tmp_path, env, encoding, prefix):
    f = tmp_path / "draft.txt"
    text = DEFECTIVE + "㐀㐁街道党工委\n"  # 㐀 is outside GBK but in GB18030
    f.write_bytes(prefix + text.encode(encoding))
    p = run([str(f), "--format", "json", "--year", "2024"], env)
    assert p.returncode == 1, p.stderr
    texts = [x["text"] for x in json.loads(p.stdout)["findings"]]
    assert "建国70周年" in texts
    assert json.loads(p.stdout)["findings"][0]["line"] == 3


def test_standard_input(env):
    p = run(["-", "--format", "json", "--year", "2024"], env, stdin=DEFECTIVE.encode("gb18030"))
    assert p.returncode == 1
    assert {x["rule"] for x in json.loads(p.stdout)["findings"]} >= {"placeholder-xx", "anniversary-number"}
    p = run(["-"], env, stdin="城东街道党工委认真落实意识形态工作责任制。".encode())
    assert p.returncode == 0


def test_docx(tmp_path, env):
    import docx

    d = docx.Document()
    d.add_paragraph("城东街道2024年意识形态工作材料")
    d.add_paragraph("")
    d.add_paragraph("街道党工委隆重庆祝建国70周年。")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "负责人"
    table.cell(0, 1).text = "**同志"
    p = d.add_paragraph("网评员")
    p.add_run().add_break()
    p.add_run("某某社区")
    path = tmp_path / "draft.docx"
    d.save(path)
    res = run([str(path), "--format", "json"], env)
    assert res.returncode == 1, res.stderr
    got = {(x["rule"], x["line"], x["text"]) for x in json.loads(res.stdout)["findings"]}
    assert ("anniversary-number", 3, "建国70周年") in got  # paragraphs are lines; year from the title
    assert ("placeholder-stars", 5, "**") in got  # table cells in order
    assert ("placeholder-mou", 7, "某某") in got  # a line break inside a paragraph
    res = run(["-", "--format", "json"], env, stdin=path.read_bytes())  # .docx on standard input
    assert res.returncode == 1 and json.loads(res.stdout)["findings"]


@pytest.mark.parametrize("given", ["党工委书记落实意识形态工作责任制述职报告", "secretary-report", "述职报告", "述职"])
def test_a_report_type_by_its_name_id_or_a_part_of_one_name(tmp_path, env, given):
    f = tmp_path / "述职.txt"
    f.write_text("城南街道党工委书记2026年度述职报告\n一、履职情况\n街道工作有序推进。\n", encoding="utf-8")
    p = run([str(f), "--type", given], env)
    out = p.stdout.decode("utf-8")
    assert p.returncode in (0, 1) and "党工委书记落实意识形态工作责任制述职报告检查" in out, (out, p.stderr)


@pytest.mark.parametrize(
    "args,needle",
    [
        (["missing.txt"], "找不到文件"),
        (["README.doc"], "不支持"),
        (["x.txt", "--year", "二〇二六"], "--year"),
        (["x.txt", "--year", "1800"], "--year"),
        (["x.txt", "--type", "年报"], "半年工作总结"),
        (["x.txt", "--type", "报告"], "不明确"),  # part of several type names
        (["x.txt", "--format", "xml"], "--format"),
        ([], "缺少要检查的文件"),
        (["x.txt", "--colour"], "不认识的参数"),
        (["x.txt", "--year"], "缺少取值"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path, env, args, needle):
    (tmp_path / "x.txt").write_text("正文", encoding="utf-8")
    (tmp_path / "README.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    p = subprocess.run([str(BIN), *args], capture_output=True, env=env, cwd=tmp_path, timeout=60)
    assert needle in one_line_error(p)


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"\x00\x01\x02binary\x00", "不是文本文件"),
        (b"\x81\x20\x81\x20\xff\xff", "编码"),
    ],
)
def test_unreadable_input_exits_2(tmp_path, env, content, needle):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    assert needle in one_line_error(run([str(f)], env))


def test_a_broken_docx_exits_2(tmp_path, env):
    f = tmp_path / "bad.docx"
    f.write_bytes(b"PK\x03\x04 not really a zip")
    assert ".docx" in one_line_error(run([str(f)], env))


def test_broken_rules_exit_2_with_one_line(tmp_path, env):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    rules = data / "rules" / "placeholder.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("pattern: '某某'", "pattern: '某某某'"), encoding="utf-8"
    )
    f = tmp_path / "x.txt"
    f.write_text("正文", encoding="utf-8")
    err = one_line_error(run([str(f)], {**env, "HANDBOOK_DATA": str(data)}))
    assert "规则数据" in err and "macros.validate" in err


def test_the_cache_follows_the_data(tmp_path, env):
    """A cached rule set is used only while the rule files are unchanged."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    f = tmp_path / "x.txt"
    f.write_text("某某社区", encoding="utf-8")
    e = {**env, "HANDBOOK_DATA": str(data)}
    assert run([str(f)], e).returncode == 1
    assert run([str(f)], e).returncode == 1  # from the cache
    rules = data / "rules" / "placeholder.yaml"
    text = rules.read_text(encoding="utf-8")
    start = text.index("  - id: placeholder-mou")
    end = text.index("  - id: placeholder-aaa")
    rules.write_text(text[:start] + text[end:], encoding="utf-8")  # the rule removed
    assert run([str(f)], e).returncode == 0


def test_help(env):
    p = run(["--help"], env)
    assert p.returncode == 0 and "report-check" in p.stdout.decode("utf-8")
