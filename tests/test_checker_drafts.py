"""Realistic defective drafts (tests/fixtures/drafts/*.txt), each with the findings a careful
proof-reader expects (*.yaml). Measures recall (expected findings the checker reports) and false
alarms (findings nobody expected), and requires both engines to agree on every draft.

    .venv/bin/python tests/test_checker_drafts.py    # print the figures per draft
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
sys.path.insert(0, str(ROOT))

from test_checker_common import node_results, py_results, ruleset  # noqa: E402, F401 (fixture)

from macros.checker.data import load_ruleset  # noqa: E402
from macros.checker.engine import Engine  # noqa: E402

# The figures these drafts must keep (see the report in notes): every expected finding found,
# no finding that a proof-reader would call wrong.
MIN_RECALL = 1.0
MAX_FALSE_ALARMS = 0


def drafts() -> list[Path]:
    return sorted(DRAFTS.glob("*.txt"))


def expected_of(path: Path) -> dict:
    return yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))


def _key(rule: str, text: str, part: str | None = None) -> tuple:
    return (rule, text, part or "")


def evaluate(engine: Engine, path: Path) -> dict:
    spec = expected_of(path)
    text = path.read_text(encoding="utf-8")
    result = engine.check(text, year=spec.get("year"), type_id=spec.get("type"))
    got = Counter()
    for f in result.findings:
        part = ""
        if f.rule == "structure-missing-part":
            part = f.message.split("“", 1)[1].split("”", 1)[0]
        got[_key(f.rule, f.text, part)] += 1
    want = Counter(_key(e["rule"], e.get("text", ""), e.get("part")) for e in spec["expected"])
    hit = want & got
    return {
        "draft": path.name,
        "expected": sum(want.values()),
        "found": sum(hit.values()),
        "missed": sorted((want - got).elements()),
        "false_alarms": sorted((got - want).elements()),
        "findings": result.findings,
    }


def totals(rows: list[dict]) -> dict:
    expected = sum(r["expected"] for r in rows)
    found = sum(r["found"] for r in rows)
    reported = sum(len(r["findings"]) for r in rows)
    false = sum(len(r["false_alarms"]) for r in rows)
    return {
        "drafts": len(rows),
        "expected": expected,
        "found": found,
        "recall": found / expected if expected else 1.0,
        "reported": reported,
        "false_alarms": false,
        "false_alarm_rate": false / reported if reported else 0.0,
    }


# --- tests ------------------------------------------------------------------------------------


def test_there_are_enough_drafts_of_several_types_and_years():
    specs = [expected_of(p) for p in drafts()]
    assert len(specs) >= 10
    names = [p.name for p in drafts()]
    years = {n.split("-")[-1].split(".")[0] for n in names if n.split("-")[-1][:4].isdigit()}
    years |= {part for n in names for part in n.split("-") if part.isdigit() and len(part) == 4}
    assert len(years) >= 5, years
    kinds = {n.split("-")[1] for n in names}
    assert {"half", "annual", "secretary", "briefing", "risk", "self"} <= kinds, kinds
    assert all(s["expected"] for s in specs)


def test_recall_and_false_alarms(ruleset):  # noqa: F811 (fixture)
    engine = Engine(ruleset)
    rows = [evaluate(engine, p) for p in drafts()]
    t = totals(rows)
    detail = "\n".join(
        f"{r['draft']}: missed {r['missed']} false {r['false_alarms']}"
        for r in rows
        if r["missed"] or r["false_alarms"]
    )
    assert t["recall"] >= MIN_RECALL, f"recall {t['recall']:.3f}\n{detail}"
    assert t["false_alarms"] <= MAX_FALSE_ALARMS, f"{t['false_alarms']} false alarms\n{detail}"


def test_both_engines_agree_on_every_draft(ruleset):  # noqa: F811 (fixture)
    cases = []
    for p in drafts():
        spec = expected_of(p)
        cases.append({"text": p.read_text(encoding="utf-8"), "year": spec.get("year"), "type": spec.get("type")})
    assert node_results(ruleset, cases) == py_results(Engine(ruleset), cases)


def main() -> None:
    engine = Engine(load_ruleset())
    rows = [evaluate(engine, p) for p in drafts()]
    for r in rows:
        print(f"{r['draft']:38} expected {r['expected']:2}  found {r['found']:2}  reported {len(r['findings']):2}")
        for m in r["missed"]:
            print("    MISSED", m)
        for m in r["false_alarms"]:
            print("    FALSE ", m)
    t = totals(rows)
    print(
        f"\n{t['drafts']} drafts: recall {t['found']}/{t['expected']} = {t['recall']:.1%}; "
        f"false alarms {t['false_alarms']} of {t['reported']} reported = {t['false_alarm_rate']:.1%}"
    )


if __name__ == "__main__":
    main()
