"""Build benchmark (not a test).

Times the full strict build (macros, data validation, generated pages) against a
baseline: plain Material building a twin site of the same pages, already rendered
to Markdown, without the macros plugin, without the hooks and without loading any
data. The two builds alternate in one run (so both see the same machine load) and
the ratio reported is the median of the per-pair ratios; the target is <= 1.3.
The full build normally finds the results of earlier builds in .cache/handbook/
(macros/diskcache.py), as a contributor's second build does; each round also times a
full build without that cache (HANDBOOK_NO_CACHE=1), as on a fresh clone.
Also reports what a reader downloads: the home page with its CSS and scripts, and
the search index, each gzip-compressed.

    .venv/bin/python bench/build_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CPU: list[float] = []  # CPU seconds (user + system) of each build, in order


def build(config: Path, site: Path, **extra_env: str) -> float:
    """Wall-clock seconds of one build (its CPU seconds go to CPU[-1])."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **extra_env}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if r.returncode:
        sys.exit(f"build failed ({config.name}):\n{r.stderr}")
    return elapsed


DUMP_HOOK = """
from pathlib import Path
from mkdocs.plugins import event_priority
OUT = Path({out!r})

@event_priority(-1000)  # after mkdocs-macros has rendered the page
def on_page_markdown(markdown, page, config, files):
    meta = "---\\n" + "".join(f"{{k}}: {{v!r}}\\n" for k, v in page.meta.items() if k in ("title",)) + "---\\n"
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(meta + markdown, encoding="utf-8")
    return markdown
"""


def rendered_docs(tmp: Path) -> Path:
    """docs/ plus every generated page, as the Markdown the macros produced (assets copied as they are)."""
    out = tmp / "rendered-docs"
    shutil.copytree(ROOT / "docs", out, ignore=shutil.ignore_patterns("*.md"))
    hook = tmp / "dump_hook.py"
    hook.write_text(DUMP_HOOK.format(out=str(out)), encoding="utf-8")
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["hooks"] = [str(ROOT / h) for h in cfg["hooks"]] + [str(hook)]
    cfg["docs_dir"] = str(ROOT / "docs")
    cfg["theme"]["custom_dir"] = str(ROOT / cfg["theme"]["custom_dir"])
    cfg.pop("watch", None)
    path = ROOT / ".bench-mkdocs-dump.yml"  # mkdocs-macros finds macros/ beside its config file
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    try:
        build(path, tmp / "dump-site")
    finally:
        path.unlink()
    site = tmp / "dump-site"
    for f in site.rglob("*"):  # generated assets (Word files, checker data) come along as files
        rel = f.relative_to(site)
        if f.is_file() and rel.parts[0] == "downloads" or rel.name.startswith("checker-data"):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, out / rel)
    return out


def baseline_config(tmp: Path, docs: Path, nav: list) -> Path:
    """The same rendered pages and nav, without mkdocs-macros and without the data hooks."""
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["plugins"] = [p for p in cfg["plugins"] if not (isinstance(p, dict) and "macros" in p)]
    cfg.pop("hooks", None)
    cfg.pop("watch", None)
    cfg["strict"] = False
    cfg["docs_dir"] = str(docs)
    cfg["nav"] = nav
    cfg["theme"]["custom_dir"] = str(ROOT / cfg["theme"]["custom_dir"])
    path = tmp / "mkdocs-baseline.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return path


def full_nav(docs: Path) -> list:
    """mkdocs.yml's nav with the generated pages listed as the hooks list them."""
    import sys as _sys

    _sys.path.insert(0, str(ROOT))
    from macros.features import FEATURES  # noqa: F401  (registers the generators)
    from macros.generated import GENERATORS
    from macros.validate import site_data

    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = cfg["nav"]
    for gen in GENERATORS:
        for g in gen(site_data()):
            if g.nav_section:
                for item in nav:
                    if isinstance(item, dict) and g.nav_section in item:
                        item[g.nav_section].append({g.nav_title: g.path})
    return nav


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
    ap.add_argument("--runs", type=int, default=5, help="pairs of builds (full, baseline), alternating")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs = rendered_docs(tmp)
        full_cfg, base_cfg = ROOT / "mkdocs.yml", baseline_config(tmp, docs, full_nav(docs))
        build(full_cfg, tmp / "warm")  # warm caches (jieba dictionary, bytecode)
        build(base_cfg, tmp / "warm-base")
        full, base, cold, full_cpu, base_cpu = [], [], [], [], []
        for i in range(args.runs):
            full.append(build(full_cfg, tmp / f"full{i}"))
            full_cpu.append(CPU[-1])
            base.append(build(base_cfg, tmp / f"base{i}"))
            base_cpu.append(CPU[-1])
            cold.append(build(full_cfg, tmp / f"cold{i}", HANDBOOK_NO_CACHE="1"))
            print(
                f"  round {i + 1}: full {full[-1]:.2f} s ({full_cpu[-1]:.2f} s CPU), "
                f"baseline {base[-1]:.2f} s ({base_cpu[-1]:.2f} s CPU), ratio {full[-1] / base[-1]:.2f}; "
                f"without the build cache {cold[-1]:.2f} s, ratio {cold[-1] / base[-1]:.2f}"
            )
        ratio = statistics.median(f / b for f, b in zip(full, base, strict=True))
        cpu_ratio = statistics.median(f / b for f, b in zip(full_cpu, base_cpu, strict=True))
        site = tmp / "full0"
        home, n = home_page_transfer(site)
        pages = len(list(site.rglob("*.html")))
        print(
            f"full build (macros + data + generated pages): median {statistics.median(full):.2f} s "
            f"over {args.runs} runs, {pages} pages"
        )
        base_pages = len(list((tmp / "base0").rglob("*.html")))
        print(
            f"baseline (same pages pre-rendered, no macros plugin, no data hooks): "
            f"median {statistics.median(base):.2f} s, {base_pages} pages"
        )
        print(f"ratio full / baseline: median {ratio:.2f} over {args.runs} alternating pairs (target <= 1.30)")
        print(f"CPU-time ratio (steadier on a busy machine): median {cpu_ratio:.2f}")
        cold_ratio = statistics.median(c / b for c, b in zip(cold, base, strict=True))
        print(f"without the build cache (a fresh clone's first build): median ratio {cold_ratio:.2f}")
        print(f"home page transfer: {home / 1024:.1f} KiB gzip ({n} files: HTML + CSS + JS)")
        for name in ("search_index.json", "search_index.js"):
            f = site / "search" / name
            print(f"search index {name}: {f.stat().st_size / 1024:.1f} KiB raw, {gz(f) / 1024:.1f} KiB gzip")


if __name__ == "__main__":
    main()
