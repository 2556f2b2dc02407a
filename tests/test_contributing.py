"""The contributing guide: its YAML snippets are valid, its error messages are the real ones."""

from __future__ import annotations

import importlib
import re

import yaml
from conftest import ROOT

DATA_PAGE = ROOT / "docs" / "contributing" / "data.md"
SNIPPET = re.compile(r"<!-- snippet: ([\w.]+) -->\n```yaml\n(.*?)```", re.S)


def test_every_snippet_validates_against_its_model():
    snippets = SNIPPET.findall(DATA_PAGE.read_text(encoding="utf-8"))
    assert len(snippets) >= 5
    for target, body in snippets:
        module, cls = target.rsplit(".", 1)
        model = getattr(importlib.import_module(module), cls)
        (item,) = yaml.safe_load(body)  # each snippet is one list entry, as pasted into a file
        model.model_validate(item)


def test_snippet_check_catches_a_broken_snippet():
    from pydantic import ValidationError

    from macros.models.phrases import Phrase

    body = "- id: theory-study-052\n  function: 数据句式\n  text: 全年学习【次数】次。\n"
    try:
        Phrase.model_validate(yaml.safe_load(body)[0])
    except ValidationError as e:
        assert "slots" in str(e)
    else:
        raise AssertionError("a slot without its meaning must not validate")


def test_error_messages_on_the_page_are_real(built_site):
    html = (built_site / "contributing" / "data.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "字段名“txet”拼错了" in text and "把“txet”改成“text”" in text
    assert "data/phrases/theory-study.yaml 第 9 行，字段 phrases[0].txet" in text
    assert "日期“2025-10-32”无效" in text
    assert "类型不对" in text
    assert "data/samples/tinglanhu-2026-briefing.yaml 第 40 行，字段 venues.fixed" in text
    assert "部分大于整体" in text


def test_contributing_md_points_to_the_guide():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "docs/contributing/index.md" in text and "docs/contributing/data.md" in text
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for item in ["有用", "不重复", "正确、不过时", "风格一致", "已在预览中看过"]:
        assert item in template
