"""Near-duplicate detection for short Chinese texts (phrases, sample paragraphs).

Similarity is the Jaccard index of character bigrams after dropping punctuation
and slot markers. Two phrases built on the same frame with one or two words
swapped score above 0.5; phrases that merely share stock terms of the field
(意识形态工作责任制, 党工委) stay below 0.35 in our data.
"""

from __future__ import annotations

import re
import sys
from itertools import combinations

_STRIP = re.compile(r"【[^】]*】|[\W_]+", re.UNICODE)

# Above this a pair is treated as a near-duplicate (see module docstring).
THRESHOLD = 0.5


def bigrams(text: str) -> frozenset[str]:
    t = _STRIP.sub("", text)
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def near_duplicates(items: list[tuple[str, str]], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """Pairs of (id, id, score) whose texts are more similar than `threshold`."""
    grams = [(i, bigrams(t)) for i, t in items]
    out = []
    for (ia, ga), (ib, gb) in combinations(grams, 2):
        if ga and gb:
            s = len(ga & gb) / len(ga | gb)
            if s > threshold:
                out.append((ia, ib, round(s, 3)))
    return sorted(out, key=lambda p: -p[2])


def main(argv: list[str]) -> int:
    """python -m macros.similarity [threshold] : report near-duplicate phrases across data/phrases."""
    from pathlib import Path

    import yaml

    threshold = float(argv[0]) if argv else THRESHOLD
    items = []
    for path in sorted((Path(__file__).resolve().parent.parent / "data" / "phrases").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items += [(p["id"], p["text"]) for p in doc.get("phrases", [])]
    pairs = near_duplicates(items, threshold)
    for a, b, s in pairs:
        print(f"{s:.3f}  {a}  {b}")
    print(f"{len(items)} phrases, {len(pairs)} pairs above {threshold}")
    return 1 if pairs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
