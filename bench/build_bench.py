"""Build benchmark (not a test).

Times the full strict build (macros, data validation, generated pages) against a
baseline: the same docs/ built without the macros plugin and without the hooks
that load data. Also reports what a reader downloads: the home page with its
CSS and scripts, and the search index, each gzip-compressed.

    .venv/bin/python bench/build_bench.py [--runs N]
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def build(config: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                       cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if r.returncode:
        sys.exit(f"build failed ({config.name}):\n{r.stderr}")
    return elapsed


def baseline_config(tmp: Path) -> Path:
    """mkdocs.yml without mkdocs-macros and without the data hooks (not strict: macro calls stay as text)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = yaml.safe_load(text)
    cfg["plugins"] = [p for p in cfg["plugins"] if not (isinstance(p, dict) and "macros" in p)]
    cfg.pop("hooks", None)
    cfg["strict"] = False
    cfg["docs_dir"] = str(ROOT / "docs")
    path = tmp / "mkdocs-baseline.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return path


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def home_page_transfer(site: Path) -> tuple[int, int]:
    """(gzip bytes, file count) for index.html plus the local CSS and JS it references."""
    html = (site / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js))', html)
    files = [site / "index.html"] + [site / r for r in dict.fromkeys(refs) if (site / r).exists()]
    return sum(gz(f) for f in files), len(files)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        full_cfg, base_cfg = ROOT / "mkdocs.yml", baseline_config(tmp)
        build(full_cfg, tmp / "warm")  # warm caches (jieba dictionary, bytecode)
        full = [build(full_cfg, tmp / f"full{i}") for i in range(args.runs)]
        base = [build(base_cfg, tmp / f"base{i}") for i in range(args.runs)]
        site = tmp / "full0"
        home, n = home_page_transfer(site)
        pages = len(list(site.rglob("*.html")))
        print(f"full build (macros + data + generated pages): median {statistics.median(full):.2f} s "
              f"over {args.runs} runs, {pages} pages")
        print(f"baseline (no macros plugin, no data hooks):   median {statistics.median(base):.2f} s")
        print(f"ratio full / baseline: {statistics.median(full) / statistics.median(base):.2f}")
        print(f"home page transfer: {home / 1024:.1f} KiB gzip ({n} files: HTML + CSS + JS)")
        for name in ("search_index.json", "search_index.js"):
            f = site / "search" / name
            print(f"search index {name}: {f.stat().st_size / 1024:.1f} KiB raw, {gz(f) / 1024:.1f} KiB gzip")


if __name__ == "__main__":
    main()
