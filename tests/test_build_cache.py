"""The build cache (macros/diskcache.py): a build from the cache is the same site, and any
change to the data shows in the next build, a bad file still failing with its message."""

from __future__ import annotations

import filecmp
from pathlib import Path

from conftest import copy_tree_for_build, run_mkdocs

PHRASE_FILE = Path("data/phrases/closing.yaml")
OLD = "为建设宜居宜业的现代化街区凝聚强大精神力量"
NEW = "为建设和美宜居的幸福街区凝聚强大精神力量"


def _differences(a: Path, b: Path) -> list[str]:
    out, todo = [], [filecmp.dircmp(a, b)]
    while todo:
        d = todo.pop()
        out += [f"{d.left}/{n}" for n in d.left_only + d.right_only + d.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(d.left, d.right, d.common_files, shallow=False)
        out += [f"{d.left}/{n}" for n in mismatch + errors]
        todo += d.subdirs.values()
    return out


def test_cached_build_is_the_same_site_and_sees_every_change(tmp_path):
    root = copy_tree_for_build(tmp_path / "proj")
    cold = run_mkdocs(tmp_path / "cold", cwd=root)
    assert cold.returncode == 0, cold.stderr[-2000:]
    cache = root / ".cache" / "handbook"
    assert {p.name.split("-")[0] for p in cache.glob("*.pickle")} >= {"data", "generated", "glossary"}

    warm = run_mkdocs(tmp_path / "warm", cwd=root)
    assert warm.returncode == 0, warm.stderr[-2000:]
    assert _differences(tmp_path / "cold", tmp_path / "warm") == []

    phrases = root / PHRASE_FILE
    text = phrases.read_text(encoding="utf-8")
    assert OLD in text
    phrases.write_text(text.replace("phrases:\n", "phrases:\n  - 不是一条表述\n", 1), encoding="utf-8")
    bad = run_mkdocs(tmp_path / "bad", cwd=root)
    assert bad.returncode != 0
    assert "data/phrases/closing.yaml" in bad.stdout + bad.stderr

    phrases.write_text(text.replace(OLD, NEW), encoding="utf-8")
    changed = run_mkdocs(tmp_path / "changed", cwd=root)
    assert changed.returncode == 0, changed.stderr[-2000:]
    page = (tmp_path / "changed" / "phrases" / "closing.html").read_text(encoding="utf-8")
    assert NEW in page and OLD not in page
