"""Scale benchmark (not a test): build time and peak memory with 1×, 3× and 10× today's
data (phrases, samples, glossary terms), to show cost grows no faster than linearly.

Synthetic data: every phrase is repeated with a new id; every street and its samples
are copied under a new street id and name; every glossary term gets copies under new
names that occur nowhere in the text. The copies are valid data, so the build does all
its work on them (validation, cross-checks, pages, Word files, search index).

    .venv/bin/python bench/scale_bench.py [--factors 1 3 10]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CN = "甲乙丙丁戊己庚辛壬癸"


def tag(i: int) -> str:
    """A short Chinese tag for copy i (names must stay Chinese and unique)."""
    return "".join(CN[int(d)] for d in str(i))


def scale_phrases(data: Path, k: int) -> int:
    n = 0
    for path in sorted((data / "phrases").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\nphrases:\n", 1)
        items = re.split(r"(?m)^(?=  - id: )", body)
        items = [it for it in items if it.strip()]
        out = list(items)
        for copy in range(1, k):
            out += [re.sub(r"^  - id: (\S+)", rf"  - id: \1-x{copy}", it, count=1) for it in items]
        n += len(out)
        path.write_text(head + "\nphrases:\n" + "".join(out), encoding="utf-8")
    return n


def scale_samples(data: Path, k: int) -> int:
    streets = sorted((data / "streets").glob("*.yaml"))
    samples = sorted((data / "samples").glob("*.yaml"))
    for copy in range(1, k):
        for street in streets:
            sid = street.stem
            new_id = f"{sid}-x{copy}"
            text = street.read_text(encoding="utf-8")
            name = re.search(r"^name: *(\S+)", text, re.M).group(1)
            new_name = name.replace("街道", f"{tag(copy)}街道")
            text = text.replace(f"id: {sid}", f"id: {new_id}", 1).replace(f"name: {name}", f"name: {new_name}", 1)
            (data / "streets" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
            for sample in samples:
                s = sample.read_text(encoding="utf-8")
                if not re.search(rf"^street: *{re.escape(sid)}$", s, re.M):
                    continue
                new_sample = sample.stem.replace(sid, new_id, 1)
                # sample ids start with the street id and a year; references to them follow the copy
                s = re.sub(rf"(?<![\w-]){re.escape(sid)}-(?=\d{{4}})", f"{new_id}-", s)
                s = re.sub(rf"^street: *{re.escape(sid)}$", f"street: {new_id}", s, count=1, flags=re.M)
                (data / "samples" / f"{new_sample}.yaml").write_text(s, encoding="utf-8")
    return len(list((data / "samples").glob("*.yaml")))


def scale_glossary(data: Path, k: int) -> int:
    path = data / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\nterms:\n", 1)
    items = [it for it in re.split(r"(?m)^(?=  - id: )", body) if it.strip().startswith("- id:")]
    out = list(items)
    for copy in range(1, k):
        for it in items:
            it = re.sub(r"^  - id: (\S+)", rf"  - id: \1-x{copy}", it, count=1)
            it = re.sub(r"(?m)^    term: (\S+)", rf"    term: \1{tag(copy)}号", it, count=1)
            it = re.sub(r"(?m)^    aliases: .*\n", "", it)
            it = re.sub(r"(?m)^    related: .*\n", "", it)
            out.append(it)
    path.write_text(head + "\nterms:\n" + "".join(out), encoding="utf-8")
    return len(out)


def make_data(dest: Path, k: int) -> dict[str, int]:
    shutil.copytree(ROOT / "data", dest)
    return {"phrases": scale_phrases(dest, k), "samples": scale_samples(dest, k), "terms": scale_glossary(dest, k)}


def build(data: Path, site: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one strict build on `data`."""
    env = {**os.environ, "HANDBOOK_DATA": str(data), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    probe = (
        "import resource, runpy, sys; sys.argv = ['mkdocs', 'build', '-q', '--strict', '-d', sys.argv[1]]\n"
        "try:\n    runpy.run_module('mkdocs', run_name='__main__')\n"
        "finally:\n    r = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    print('RUSAGE', r.ru_utime + r.ru_stime, r.ru_maxrss, file=sys.stderr)\n"
    )
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", probe, str(site)], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    m = re.search(r"RUSAGE (\S+) (\d+)", r.stderr)
    if r.returncode or not m:
        sys.exit(f"build failed:\n{r.stderr[-3000:]}")
    return wall, float(m.group(1)), int(m.group(2)) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 3, 10])
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build(ROOT / "data", tmp / "warm")  # jieba cache, bytecode
        for k in args.factors:
            counts = make_data(tmp / f"data{k}", k)
            wall, cpu, rss = build(tmp / f"data{k}", tmp / f"site{k}")
            pages = len(list((tmp / f"site{k}").rglob("*.html")))
            rows.append((k, counts, pages, wall, cpu, rss))
            print(f"  {k}×: {counts}, {pages} pages: {wall:.1f} s wall, {cpu:.1f} s CPU, {rss:.0f} MB peak", flush=True)
    print(
        "\n| data | phrases | samples | glossary terms | pages | build (wall) | build (CPU) | CPU per 1× | peak memory |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    base = rows[0][4] / rows[0][0]
    for k, c, pages, wall, cpu, rss in rows:
        print(
            f"| {k}× | {c['phrases']} | {c['samples']} | {c['terms']} | {pages} | {wall:.1f} s | {cpu:.1f} s "
            f"| {cpu / k / base:.2f} | {rss:.0f} MB |"
        )


if __name__ == "__main__":
    main()
