"""The rule set as data: the ten categories, every rule on its own examples, and the loader
refusing a rule set whose examples fail or whose patterns would not run alike in both engines."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from test_checker_common import ROOT, engine, node_results, py_results, ruleset  # noqa: F401 (fixtures)

from macros.checker.data import load_checker_site, load_ruleset
from macros.checker.engine import Engine
from macros.errors import DataError
from macros.models.rules import CATEGORIES, portable_regex_problem

RULE_DIR = ROOT / "data" / "rules"


def rule_files() -> list[tuple[Path, dict]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(RULE_DIR.glob("*.yaml"))]


def all_examples():
    site = load_checker_site()
    for f in site.rules:
        for r in f.rules:
            for ex in r.examples.flag:
                yield r.id, "flag", ex
            for ex in r.examples.pass_:
                yield r.id, "pass", ex


def test_categories_are_exactly_these():
    assert CATEGORIES == [
        "placeholder",
        "doubled",
        "residue",
        "anniversary",
        "stale",
        "punctuation",
        "numbering",
        "script",
        "term",
        "formula",
        "structure",
        "layout",
    ]
    found = Counter(d["category"] for _, d in rule_files())
    assert set(found) == set(CATEGORIES) and all(n == 1 for n in found.values()), found


def test_the_checker_page_says_what_every_category_finds():
    """The page's 能查出什么 list links each category's rules: a new category is not forgotten."""
    page = (ROOT / "docs" / "check" / "index.md").read_text(encoding="utf-8")
    listed = page.split("## 能查出什么", 1)[1].split("\n## ", 1)[0]
    for _, d in rule_files():
        assert f"](rules.md#category-{d['category']})：" in listed, d["category"]


def test_every_rule_has_the_required_fields(ruleset):  # noqa: F811 (fixture)
    ids = [r["id"] for r in ruleset["rules"]]
    assert len(ids) == len(set(ids))
    for r in ruleset["rules"]:
        assert r["severity"] in ("error", "suspect", "hint"), r["id"]
        assert r["message"] and r["suggestion"] and r["category"] in CATEGORIES, r["id"]
    per_category = Counter(r["category"] for r in ruleset["rules"])
    assert set(per_category) == set(CATEGORIES)


def test_severities_follow_their_meaning(ruleset):  # noqa: F811 (fixture)
    sev = {r["id"]: r["severity"] for r in ruleset["rules"]}
    assert sev["placeholder-xx"] == sev["anniversary-number"] == "error"  # certainly wrong
    assert sev["stale-expression"] == sev["stale-superseded-congress"] == "suspect"  # current in an earlier year
    assert sev["punctuation-space"] == "hint"  # style


@pytest.mark.parametrize("rule_id,kind,example", list(all_examples()), ids=lambda x: x if isinstance(x, str) else "")
def test_rule_on_its_example(engine, rule_id, kind, example):  # noqa: F811 (fixture)
    res = engine.check(
        example.text,
        year=example.year or dt.date.today().year,
        date=example.date,
        type_id=example.type,
        only={rule_id},
    )
    if kind == "flag":
        assert res.findings, f"{rule_id} misses {example.text!r}"
        if example.expect:
            assert example.expect in [f.text for f in res.findings]
    else:
        assert not res.findings, f"{rule_id} flags {example.text!r}: {res.findings}"


def test_the_javascript_engine_agrees_on_every_example(ruleset, engine):  # noqa: F811 (fixtures)
    cases = [
        {"text": ex.text, "year": ex.year or 2026, "type": ex.type, "date": ex.date and ex.date.isoformat()}
        for _, _, ex in all_examples()
    ]
    assert len(cases) > 150
    assert node_results(ruleset, cases) == py_results(engine, cases)


# --- the loader refuses a broken rule set -----------------------------------------------------


@pytest.fixture
def data_copy(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest)
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_failing_flag_example_stops_loading_with_a_clear_message(data_copy):
    _edit(data_copy / "rules" / "placeholder.yaml", "pattern: '某某'", "pattern: '某某某'")
    with pytest.raises(DataError) as e:
        load_checker_site(data_copy)
    msg = str(e.value)
    assert "data/rules/placeholder.yaml 第" in msg  # file and line
    assert "placeholder-mou" in msg and "某某社区党委书记" in msg  # rule id and the example
    assert "怎么改" in msg and "pattern" in msg  # what to do


def test_a_flagged_pass_example_stops_loading(data_copy):
    _edit(
        data_copy / "rules" / "term.yaml",
        "exceptions: [公布署名, 宣布署名, 发布署名, 分布署名]",
        "exceptions: [宣布署名]",
    )
    with pytest.raises(DataError) as e:
        load_checker_site(data_copy)
    assert "term-typo" in str(e.value) and "公布署名" in str(e.value) and "误报" in str(e.value)


def test_the_whole_site_loader_runs_the_examples_too(data_copy):
    from macros.validate import load_site_data

    _edit(data_copy / "rules" / "placeholder.yaml", "pattern: '某某'", "pattern: '某某某'")
    with pytest.raises(DataError) as e:
        load_site_data(data_copy)
    assert "placeholder-mou" in str(e.value) and "某某社区党委书记" in str(e.value)


@pytest.mark.parametrize(
    "pattern,complaint",
    [
        (r"[0-9]+\d", r"\d"),
        ("第.次", "[^\\n]"),
        ("(?i)xx", "(?:…)"),
        ("(?P<n>xx)", "(?:…)"),
        ("x{", "{"),
        ("某*", "空字符串"),
        ("a++", "占有量词"),
        ("\\、", "转义"),
    ],
)
def test_patterns_that_would_differ_between_engines_are_refused(pattern, complaint):
    problem = portable_regex_problem(pattern)
    assert problem and complaint in problem, (pattern, problem)


def test_a_non_portable_pattern_in_a_file_is_refused_with_its_rule(data_copy):
    _edit(data_copy / "rules" / "placeholder.yaml", "pattern: '某某'", r"pattern: '某某\d'")
    with pytest.raises(DataError) as e:
        load_checker_site(data_copy)
    assert "placeholder-mou" in str(e.value) and "\\d" in str(e.value)


def test_anniversaries_come_from_the_time_facts_not_the_rules(data_copy):
    """A new anniversary in data/time_facts.yaml is checked without touching data/rules/."""
    _edit(
        data_copy / "time_facts.yaml",
        "\nevents:",
        """
  - id: tibet-liberation
    name: 西藏和平解放
    base_year: 1951
    wordings:
      - 西藏和平解放{n}周年
    source: 测试用
\nevents:""",
    )
    eng = Engine(load_ruleset(data_copy))
    assert [f.text for f in eng.check("纪念西藏和平解放70周年", year=2026).findings] == ["西藏和平解放70周年"]
    assert not eng.check("纪念西藏和平解放75周年", year=2026).findings


def test_every_required_part_needs_synonyms(data_copy):
    _edit(
        data_copy / "report_types.yaml",
        "[开头, 总体形势, 主要风险点, 应对措施]",
        "[开头, 总体形势, 主要风险点, 风险处置预案]",
    )
    with pytest.raises(DataError) as e:
        load_checker_site(data_copy)
    assert "风险处置预案" in str(e.value) and "structure.yaml" in str(e.value)
