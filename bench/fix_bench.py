"""How much of a folder of drafts `report-check --fix` (“全部改正”) cleans up.

    .venv/bin/python bench/fix_bench.py ../shared/real-drafts [--year-from expected.yml]

For each .txt draft: findings before, how many were fixed (one `fix_all`: check, apply, check
again until nothing fixable is left) and what is left for a person, with the rules left. The
drafts are only read: nothing of their text is printed.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checker.data import load_ruleset  # noqa: E402
from macros.checker.engine import Engine  # noqa: E402


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "drafts")
    years = {}
    exp = folder / "expected.yml"
    if exp.exists():
        doc = yaml.safe_load(exp.read_text(encoding="utf-8")) or {}
        for name, entry in (doc.get("drafts") or doc).items() if isinstance(doc, dict) else []:
            if isinstance(entry, dict) and entry.get("year"):
                years[name] = entry["year"]
    engine = Engine(load_ruleset())
    total = Counter()
    print(f"{'draft':<40}{'before':>7}{'fixed':>7}{'left':>6}  left by rule")
    for p in sorted(folder.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        year = years.get(p.name) or years.get(p.stem)
        before = engine.check(text, year=year).findings
        res = engine.fix_all(text, year=year)
        left = Counter(f.rule for f in res.left.findings)
        total.update(before=len(before), fixed=len(res.applied), left=len(res.left.findings))
        rules = ", ".join(f"{r}×{n}" for r, n in left.most_common(4))
        print(f"{p.name:<40}{len(before):>7}{len(res.applied):>7}{len(res.left.findings):>6}  {rules}")
    print(f"{'total':<40}{total['before']:>7}{total['fixed']:>7}{total['left']:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
