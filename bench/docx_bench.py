"""What the Word downloads add to a build (not a test).

Times the .docx generator (macros/docx/feature.py) over every sample and blank
template, in process, after one warm-up run, and splits it into rendering the reports
(shared with the pages) and writing the .docx files. Also reports the files' sizes.

    .venv/bin/python bench/docx_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.docx import build_docx  # noqa: E402
from macros.docx.feature import _downloads  # noqa: E402
from macros.reports import all_reports  # noqa: E402
from macros.validate import site_data  # noqa: E402


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    site = site_data()
    list(_downloads(site))  # warm-up: imports, template compilation, reference.docx read
    whole, render, write = [], [], []
    for _ in range(args.runs):
        t, files = timed(lambda: list(_downloads(site)))
        whole.append(t)
        t, reports = timed(lambda: list(all_reports(site)))
        render.append(t)
        t, _ = timed(lambda rs=reports: [build_docx(r) for r in rs])
        write.append(t)
    n = len(files)
    sizes = [len(g.content) for g in files]
    blank = sum(1 for r in reports if r.blank)
    print(
        f"{n} .docx files for {len(reports)} reports ({len(reports) - blank} samples, {blank} blank templates; "
        f"one Word file each, for Word, WPS and LibreOffice alike), median of {args.runs} runs:"
    )
    print(
        f"  generator total (what the build pays): {statistics.median(whole) * 1000:.0f} ms "
        f"({statistics.median(whole) / n * 1000:.1f} ms a file)"
    )
    print(f"    rendering the reports:              {statistics.median(render) * 1000:.0f} ms")
    print(
        f"    writing the Word files (one per report): {statistics.median(write) * 1000:.0f} ms "
        f"({statistics.median(write) / len(reports) * 1000:.1f} ms a file)"
    )
    print(f"  sizes: {min(sizes) / 1024:.1f}–{max(sizes) / 1024:.1f} KiB, {sum(sizes) / 1024:.0f} KiB in all")


if __name__ == "__main__":
    main()
