"""The base of the site: strict build, data schemas, offline-only assets, literal braces."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml
from conftest import ROOT, copy_tree_for_build, run_mkdocs

NAV_SECTIONS = ["首页", "写作指南", "报告模板", "范文", "表述库", "清单", "在线自查", "参与贡献"]


def test_strict_build_has_every_section(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for title in NAV_SECTIONS:
        assert title in html, title
    for path in [
        "guide/index.html",
        "templates/index.html",
        "samples/index.html",
        "phrases/index.html",
        "checklists/index.html",
        "check/index.html",
        "contributing/index.html",
    ]:
        assert (built_site / path).exists(), path


def test_home_page_states_this_years_facts(built_site):
    """The home page reads anniversaries from the time facts (2026: 77 and 105)."""
    import datetime as dt

    from macros.validate import site_data

    year = dt.date.today().year
    tf = site_data().time_facts
    text = re.sub(r"<[^>]+>", "", (built_site / "index.html").read_text(encoding="utf-8"))
    assert f"新中国成立 {year - 1949} 周年" in text
    assert f"中国共产党成立 {year - 1921} 周年" in text
    assert tf.anniversary("prc-founding", 2026) == 77 and tf.anniversary("party-founding", 2026) == 105


def test_committed_schemas_are_current():
    result = subprocess.run(
        [sys.executable, "-m", "macros.schemas", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_data_file_points_to_its_schema():
    from macros.registry import KINDS

    data = ROOT / "data"
    for kind in KINDS:
        for path in data.glob(kind.pattern):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            target = first.removeprefix("# yaml-language-server: $schema=")
            assert target != first, f"{path}: first line must reference its schema"
            assert (path.parent / target).resolve() == (data / kind.schema_file).resolve(), path


def test_schemas_match_models_for_a_valid_file():
    """The committed schema is what editors check against: a real data file satisfies it."""
    import json

    schema = json.loads((ROOT / "data/schemas/report_types.schema.json").read_text(encoding="utf-8"))
    doc = yaml.safe_load((ROOT / "data/report_types.yaml").read_text(encoding="utf-8"))
    assert set(doc) <= set(schema["properties"])
    assert schema["additionalProperties"] is False


# Hosts allowed at all in the built site, and only inside <a href="…">: the edit links' repository.
def _edit_host() -> str:
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:")[0])
    return re.match(r"https?://([^/]+)/", cfg["edit_uri"]).group(1)


URL = re.compile(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})(?=[/:\"'\s)?#]|$)", re.I)
# XML namespace names are identifiers, never fetched.
NAMESPACE = re.compile(
    r"""(xmlns(?::\w+)?=["']|createElementNS\(["'])https?://www\.w3\.org/[^"']*"""
    # the Word (OOXML) namespace names that the in-page .docx writers (fill.js, checker-docx.js) use
    r"""|["']https?://(?:schemas\.openxmlformats\.org|schemas\.microsoft\.com|purl\.org/dc|www\.w3\.org/XML)/[^"']*["']"""
)


# Names reserved by RFC 2606/6761 (and their subdomains, such as www.example.com) can never be
# a real host; the checker's rule examples use them to show a web address left in a draft.
RESERVED = re.compile(r"(^|\.)(example|invalid|test|localhost)$|(^|\.)example\.(com|org|net)$", re.I)


def test_built_site_names_no_external_host(built_site):
    edit_host = _edit_host()
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        text = NAMESPACE.sub("", text)
        if path.suffix == ".html":
            text = re.sub(r'<a\b[^>]*\bhref="https://' + re.escape(edit_host) + r'/[^"]*"', "<a", text)
        for m in URL.finditer(text):
            if RESERVED.search(m.group(1)):
                continue
            offenders.append(f"{path.relative_to(built_site)}: {text[max(0, m.start() - 40) : m.end() + 20]!r}")
    assert not offenders, "\n".join(offenders[:20])


def test_edit_links_point_to_page_sources(built_site):
    html = (built_site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://[^"]+/edit/main/docs/contributing/index\.md"', html)


def test_offline_search_index_is_inlined(built_site):
    js = (built_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert js.startswith("var __index = ")
    assert (built_site / "assets/vendor/iframe-worker/shim.js").exists()
    assert "assets/vendor/iframe-worker/shim.js" in (built_site / "index.html").read_text(encoding="utf-8")


def test_literal_braces_on_pages_without_macros(built_site):
    """The contributing page explains {{ }} and {% %} without opting in: both stay visible."""
    html = (built_site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "{{ 变量 }}" in html and "{% 语句 %}" in html


def test_macro_page_policy(tmp_path):
    """Opt-in pages render macros, keep {% raw %} text and {#anchors}; undefined names fail."""
    root = copy_tree_for_build(tmp_path / "proj")
    (root / "docs" / "zz-plain.md").write_text(
        "# 普通页\n\n写法示例：{{ 街道名称 }} 与 {% if x %}。\n", encoding="utf-8"
    )
    (root / "docs" / "zz-macro.md").write_text(
        "---\nrender_macros: true\n---\n\n# 宏页 {#macro-anchor}\n\n今年是 {{ current_year }} 年。\n\n"
        "{% raw %}原样显示：{{ 街道名称 }}{% endraw %}\n",
        encoding="utf-8",
    )
    result = run_mkdocs(tmp_path / "site", cwd=root)
    assert result.returncode == 0, result.stderr
    plain = (tmp_path / "site" / "zz-plain.html").read_text(encoding="utf-8")
    assert "{{ 街道名称 }} 与 {% if x %}" in plain
    macro = (tmp_path / "site" / "zz-macro.html").read_text(encoding="utf-8")
    assert re.search(r"今年是 20\d\d 年", macro)
    assert "原样显示：{{ 街道名称 }}" in macro
    assert 'id="macro-anchor"' in macro

    (root / "docs" / "zz-macro.md").write_text(
        "---\nrender_macros: true\n---\n\n{{ 没有这个变量 }}\n", encoding="utf-8"
    )
    result = run_mkdocs(tmp_path / "site2", cwd=root)
    assert result.returncode != 0
    assert "没有这个变量" in result.stdout + result.stderr
