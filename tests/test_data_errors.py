"""Bad data files fail the build with one clear message: file, line or field, and a fix.

Each case is a fixture folder under tests/fixtures/bad_data/<case>/ whose files are
copied over a copy of the real data/ before a strict build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_mkdocs

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
}


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_data_fails_build_with_clear_message(case, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copytree(FIXTURES / case, data, dirs_exist_ok=True)
    site = tmp_path / "site"
    result = run_mkdocs(site, env={"HANDBOOK_DATA": str(data)})
    out = result.stdout + result.stderr
    assert result.returncode != 0, f"build of {case} should fail:\n{out}"
    for expected in CASES[case]:
        assert expected in out, f"{case}: message lacks {expected!r}:\n{out}"
    assert "Traceback" not in out, out
    assert not (site / "index.html").exists(), "a site must not be built from bad data"
