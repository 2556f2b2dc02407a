"""Recall and false alarms of the draft checker on a folder of drafts described by an expected.yml.

    .venv/bin/python bench/real_drafts.py ../shared/real-drafts            # figures per file and in total
    .venv/bin/python bench/real_drafts.py tests/fixtures/drafts/copied -v  # also list every finding
    .venv/bin/python bench/real_drafts.py DIR --min-recall 0.9 --max-false 0   # exit 1 when missed

expected.yml (its format is described at its top) lists per draft the report `year`, what a good
checker reports (`expect`: a finding of one of `cat` whose marked text overlaps `at` on the first
line holding `at`, or with `line:` any finding of those categories on that line) and what it must
leave alone (`clean`: no finding of those categories may mark `at`).

Recall = expected findings reported / expected findings. A false alarm = a `clean` entry marked.
Findings that match no entry are counted as "other" (informational: the excerpts are partial and
their lists are not exhaustive) and listed with -v. Figures are also given per defect category.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checker.data import load_ruleset  # noqa: E402
from macros.checker.engine import LINE_SPLIT, Engine, Finding  # noqa: E402


class SpecError(Exception):
    pass


def _locate(lines: list[str], at: str) -> tuple[int, int] | None:
    """(line index, column from 0) of the first occurrence of `at`."""
    for li, line in enumerate(lines):
        col = line.find(at)
        if col != -1:
            return li, col
    return None


def _marks(f: Finding, li: int, start: int, end: int) -> bool:
    """Whether finding f marks text overlapping [start, end) on line index li."""
    if f.line != li + 1:
        return False
    s, e = f.column - 1, f.end - 1
    if s == e:  # a finding that marks no text (a point): inside or at the edge of the span
        return start <= s <= end
    return s < end and start < e


def _entry_label(entry: dict) -> str:
    where = f"line {entry['line']}" if "line" in entry else repr(entry["at"])
    return f"{'/'.join(entry['cat'])} at {where}"


def evaluate_draft(engine: Engine, path: Path, spec: dict) -> dict:
    text = path.read_text(encoding="utf-8")
    lines = _split(text)
    result = engine.check(text, year=spec.get("year"), type_id=spec.get("type"))
    findings = [f for f in result.findings if f.category != "structure"]  # excerpts are partial
    used: set[int] = set()
    hits, misses, false_alarms = [], [], []

    def matching(entry: dict) -> list[int]:
        cats = set(entry["cat"])
        if "line" in entry:
            li = int(entry["line"]) - 1
            return [i for i, f in enumerate(findings) if f.category in cats and f.line == li + 1]
        pos = _locate(lines, entry["at"])
        if pos is None:
            raise SpecError(f"{path.name}: text {entry['at']!r} is not in the draft")
        li, col = pos
        return [i for i, f in enumerate(findings) if f.category in cats and _marks(f, li, col, col + len(entry["at"]))]

    for entry in spec.get("expect") or []:
        found = matching(entry)
        (hits if found else misses).append(entry)
        used.update(found)
    for entry in spec.get("clean") or []:
        found = matching(entry)
        if found:
            false_alarms.append((entry, [findings[i] for i in found]))
        used.update(found)
    others = [f for i, f in enumerate(findings) if i not in used]
    return {"draft": path.name, "hits": hits, "misses": misses, "false": false_alarms, "others": others}


def _split(text: str) -> list[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    return LINE_SPLIT.split(text)


def evaluate(folder: Path, engine: Engine | None = None) -> list[dict]:
    spec_file = folder / "expected.yml"
    if not spec_file.is_file():
        raise SpecError(f"{spec_file} not found: the folder needs an expected.yml")
    specs = (yaml.safe_load(spec_file.read_text(encoding="utf-8")) or {}).get("drafts") or {}
    engine = engine or Engine(load_ruleset())
    rows = []
    for name, spec in specs.items():
        path = folder / name
        if not path.is_file():
            raise SpecError(f"{path} is listed in expected.yml but does not exist")
        rows.append(evaluate_draft(engine, path, spec or {}))
    return rows


def totals(rows: list[dict]) -> dict:
    expected = sum(len(r["hits"]) + len(r["misses"]) for r in rows)
    found = sum(len(r["hits"]) for r in rows)
    return {
        "drafts": len(rows),
        "expected": expected,
        "found": found,
        "recall": found / expected if expected else 1.0,
        "false_alarms": sum(len(r["false"]) for r in rows),
        "others": sum(len(r["others"]) for r in rows),
    }


def per_category(rows: list[dict]) -> dict[str, list[int]]:
    """Category (the first listed in the entry) → [found, expected]."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        for e in r["hits"]:
            out[e["cat"][0]][0] += 1
            out[e["cat"][0]][1] += 1
        for e in r["misses"]:
            out[e["cat"][0]][1] += 1
    return dict(sorted(out.items()))


def _show(f: Finding) -> str:
    return f"{f.line}:{f.column} {f.rule} [{f.severity}] {f.text!r}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="folder with the drafts and their expected.yml")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list findings that match no entry")
    ap.add_argument("--min-recall", type=float, default=None, help="exit 1 when recall is lower")
    ap.add_argument("--max-false", type=int, default=None, help="exit 1 when there are more false alarms")
    args = ap.parse_args(argv)
    try:
        rows = evaluate(args.folder)
    except SpecError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for r in rows:
        n = len(r["hits"]) + len(r["misses"])
        print(
            f"{r['draft']:36} recall {len(r['hits']):2}/{n:2}  false alarms {len(r['false'])}  other {len(r['others'])}"
        )
        for e in r["misses"]:
            print(f"    MISSED {_entry_label(e)}")
        for e, fs in r["false"]:
            print(f"    FALSE  {_entry_label(e)}: " + "; ".join(_show(f) for f in fs))
        if args.verbose:
            for f in r["others"]:
                print(f"    other  {_show(f)}")
    t = totals(rows)
    print("\nper category (found/expected):")
    for cat, (found, expected) in per_category(rows).items():
        print(f"    {cat:12} {found:2}/{expected:2}")
    print(
        f"\n{t['drafts']} drafts: recall {t['found']}/{t['expected']} = {t['recall']:.1%}; "
        f"false alarms {t['false_alarms']}; other findings {t['others']}"
    )
    ok = (args.min_recall is None or t["recall"] >= args.min_recall) and (
        args.max_false is None or t["false_alarms"] <= args.max_false
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
