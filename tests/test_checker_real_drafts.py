"""The checker on text as users paste it: drafts copied from content farms, forums and PDFs.

tests/fixtures/drafts/copied/ holds drafts the team wrote in its own words to reproduce each defect
class seen in real copied reports (web chrome, aggregator intros, placeholders in every form, PDF
line breaks and spaces, spun names, sanitised leader references, doubled wording, unbalanced
brackets) next to correct text that must stay unmarked; expected.yml says which is which. The same
figures for the real excerpts in ../shared/real-drafts (third-party text, not in the repository) are
checked when that folder is present.

    .venv/bin/python bench/real_drafts.py tests/fixtures/drafts/copied -v   # the figures per draft
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import real_drafts  # noqa: E402  (bench/real_drafts.py)
from test_checker_common import node_results, py_results, ruleset, shared_engine  # noqa: E402, F401 (fixture)

COPIED = ROOT / "tests" / "fixtures" / "drafts" / "copied"
MIN_RECALL = 0.9
MAX_FALSE_ALARMS = 0


def _real_drafts_dir() -> Path | None:
    env = os.environ.get("REAL_DRAFTS")
    candidates = (
        [Path(env)] if env else [ROOT.parent / "shared" / "real-drafts", ROOT.parent.parent / "shared" / "real-drafts"]
    )
    return next((p for p in candidates if (p / "expected.yml").is_file()), None)


def _detail(rows) -> str:
    lines = []
    for r in rows:
        lines += [f"{r['draft']}: MISSED {real_drafts._entry_label(e)}" for e in r["misses"]]
        lines += [f"{r['draft']}: FALSE {real_drafts._entry_label(e)} {fs}" for e, fs in r["false"]]
    return "\n".join(lines)


def test_own_copied_drafts_cover_every_class():
    spec = yaml.safe_load((COPIED / "expected.yml").read_text(encoding="utf-8"))["drafts"]
    cats = {c for d in spec.values() for e in d.get("expect", []) for c in e["cat"][:1]}
    assert {"placeholder", "residue", "layout", "term", "doubled", "punctuation"} <= cats, cats
    assert sum(len(d.get("clean", [])) for d in spec.values()) >= 15


def test_own_copied_drafts_recall_and_no_false_alarms():
    rows = real_drafts.evaluate(COPIED, shared_engine())
    t = real_drafts.totals(rows)
    assert t["recall"] >= MIN_RECALL, f"recall {t['recall']:.1%}\n{_detail(rows)}"
    assert t["false_alarms"] <= MAX_FALSE_ALARMS, _detail(rows)


def test_both_engines_agree_on_the_copied_drafts(ruleset):  # noqa: F811 (fixture)
    spec = yaml.safe_load((COPIED / "expected.yml").read_text(encoding="utf-8"))["drafts"]
    cases = [
        {"text": (COPIED / name).read_text(encoding="utf-8"), "year": d.get("year"), "type": None}
        for name, d in spec.items()
    ]
    assert node_results(ruleset, cases) == py_results(shared_engine(), cases)


def test_a_missing_text_in_expected_yml_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "expected.yml").write_text(
        "drafts:\n  a.txt:\n    year: 2024\n    expect:\n      - {cat: [residue], at: 不在文中}\n", encoding="utf-8"
    )
    with pytest.raises(real_drafts.SpecError, match="不在文中"):
        real_drafts.evaluate(tmp_path, shared_engine())
    assert real_drafts.main([str(tmp_path)]) == 2


@pytest.mark.skipif(_real_drafts_dir() is None, reason="../shared/real-drafts is not present")
def test_real_drafts_recall_and_no_false_alarms():
    rows = real_drafts.evaluate(_real_drafts_dir(), shared_engine())
    t = real_drafts.totals(rows)
    assert t["recall"] >= MIN_RECALL, f"recall {t['recall']:.1%}\n{_detail(rows)}"
    assert t["false_alarms"] <= MAX_FALSE_ALARMS, _detail(rows)
