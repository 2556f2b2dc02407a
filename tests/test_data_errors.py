"""Bad data files fail the build with one clear message: file, line or field, and a fix.

Each case is a fixture folder under tests/fixtures/bad_data/<case>/ whose files are
copied over a copy of the real data/ before a strict build.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "bad_data"

CASES = {
    "yaml_syntax": ["data/phrases/zz-syntax.yaml 第 9 行", "YAML 语法错误", "缩进"],
    "empty_file": ["data/checklists/zz-empty.yaml 第 1 行", "文件是空的", "删除这个文件"],
    "missing_field": ["data/checklists/zz-missing.yaml", "字段 title", "缺少必填字段“title”", "补上“title”"],
    "wrong_type": ["data/phrases/zz-type.yaml 第 4 行，字段 order", "应填整数", "第一"],
    "unknown_key": ["data/checklists/zz-typo.yaml 第 3 行，字段 titel", "字段名“titel”拼错了", "改成“title”"],
    "duplicate_id": [
        "data/phrases/zz-dup-b.yaml 第 7 行，字段 phrases[0].id",
        "“zz-dup-001”重复",
        "已在 data/phrases/zz-dup-a.yaml 第 7 行使用",
        "换一个未用过的 id",
    ],
    "invalid_date": ["data/time_facts.yaml 第 16 行，字段 events[0].end", "日期“2025-02-30”无效", "YYYY-MM-DD"],
    "bad_reference": [
        "data/phrases/zz-ref.yaml 第 10 行，字段 phrases[0].facts[0]",
        "引用的时间事实“plenum-20-9”不存在",
        "data/time_facts.yaml",
    ],
    "missing_schema_comment": ["data/checklists/zz-noschema.yaml 第 1 行", "$schema=../schemas/checklists.schema.json"],
    # Hostile input (issue 17): bounded work, a clear message, no traceback.
    "alias_expansion": ["data/phrases/zz-laughs.yaml 第 7 行", "YAML 别名“*a”", "直接写在这里"],
    "deep_nesting": ["data/phrases/zz-deep.yaml 第 5 行", "层级太深", "缩进和括号"],
    "utf8_bom": ["data/checklists/zz-bom.yaml 第 1 行", "BOM", "UTF-8（无 BOM）"],
    "long_value": [
        "data/streets/zz-long.yaml 第 8 行，字段 character",
        "内容太长：这里最多 20 个字，实际有 5000 个字",
        "删减到 20 个字以内",
    ],
}
# What a message must not contain: the whole of a long value, English pydantic wording.
ABSENT = {
    "long_value": ["老城区街道" * 30, "string_too_long", "String should have"],
    "utf8_bom": ["第一行缺少"],
}
# Address space for a failing build: a normal build peaks near 200 MB; the billion
# laughs fixture expands to gigabytes if anything walks it as a tree.
MEMORY_LIMIT = 1_500_000_000


def _run_limited(site: Path, data: Path) -> subprocess.CompletedProcess:
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "HANDBOOK_DATA": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
    )


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_data_fails_build_with_clear_message(case, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copytree(FIXTURES / case, data, dirs_exist_ok=True)
    site = tmp_path / "site"
    result = _run_limited(site, data)
    out = result.stdout + result.stderr
    assert result.returncode != 0, f"build of {case} should fail:\n{out}"
    for expected in CASES[case]:
        assert expected in out, f"{case}: message lacks {expected!r}:\n{out}"
    for absent in ABSENT.get(case, []):
        assert absent not in out, f"{case}: message should not contain {absent[:40]!r}…:\n{out[:3000]}"
    assert "Traceback" not in out, out
    assert not (site / "index.html").exists(), "a site must not be built from bad data"


def test_a_huge_data_file_is_refused_without_echoing_it(tmp_path):
    """A 20 MB value (a pasted book, a binary blob) fails at once: size named, nothing echoed."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    huge = "很长的文字" * 4_000_000  # 20 M characters, 60 MB of UTF-8
    (data / "phrases" / "zz-huge.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/phrases.schema.json\n"
        f"part: 测试部分\nslug: zz-huge\norder: 99\nintro: {huge}\nphrases: []\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = _run_limited(site, data)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[:3000]
    assert "data/phrases/zz-huge.yaml" in out and "文件太大" in out and "不能超过 2 MB" in out, out[:3000]
    assert len(out) < 20_000, "the message must not echo the file"
    assert "Traceback" not in out, out[:3000]
    assert not (site / "index.html").exists()
