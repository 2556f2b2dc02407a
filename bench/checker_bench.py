"""Benchmark of the draft checker on a 10,000-character report.

    .venv/bin/python bench/checker_bench.py          # prints the figures; exit 1 if a limit is missed

- browser engine: docs/assets/javascripts/checker.js with the embedded rule set, in Chromium
  (/usr/bin/chromium via Playwright), timed inside the page with performance.now(); limit 50 ms,
  for the median and for the first check after ReportChecker.warm() (the 在线自查 worker warms
  the engine when it starts, before anyone pastes); a cold engine's first check is also shown;
- the same engine in Node.js (for reference);
- the CLI, start-up included (wall-clock time of `report-check FILE`) with the compiled rule set
  cached, as on every run after the first; limit 0.5 s. Also shown: the first run after the rule
  files changed, which validates the rule set and runs all its examples before caching it;
- the Python engine alone (for reference).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checker.data import load_ruleset  # noqa: E402
from macros.checker.engine import Engine  # noqa: E402

CHECKER_JS = ROOT / "docs" / "assets" / "javascripts" / "checker.js"
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
REPORT_CHECK = Path(sys.executable).parent / "report-check"
BROWSER_LIMIT_MS = 50
CLI_LIMIT_S = 0.5
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def report_of(n: int = 10_000) -> str:
    """A 10,000-character report: the realistic drafts (with their defects) end to end, cut at n."""
    text = ""
    drafts = [p.read_text(encoding="utf-8") for p in sorted(DRAFTS.glob("*.txt"))]
    while len(text) < n:
        for d in drafts:
            text += d + "\n"
    return text[:n]


def bench_browser(data: dict, text: str, runs: int = 30) -> tuple[float, float, float, int]:
    """(first check on a cold engine, first check after ReportChecker.warm() — what the page's
    worker does when it starts, before anyone pastes — median of the next runs, findings)."""
    from playwright.sync_api import sync_playwright

    def page_with_engine(browser):
        page = browser.new_page()
        page.set_content("<!doctype html><meta charset=utf-8><title>bench</title>")
        page.add_script_tag(content="var REPORT_CHECKER_DATA = " + json.dumps(data, ensure_ascii=False) + ";")
        page.add_script_tag(content=CHECKER_JS.read_text(encoding="utf-8"))
        return page

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        cold = page_with_engine(browser).evaluate(
            """text => { const t0 = performance.now(); ReportChecker.check(text, {year: 2024});
                        return performance.now() - t0; }""",
            text,
        )
        first, times, count = page_with_engine(browser).evaluate(
            """([text, runs]) => {
            ReportChecker.warm();                                   // as the worker does on start
            const t0 = performance.now();
            const r = ReportChecker.check(text, {year: 2024});
            const first = performance.now() - t0;
            const times = [];
            for (let i = 0; i < runs; i++) {
                const t = performance.now();
                ReportChecker.check(text, {year: 2024});
                times.push(performance.now() - t);
            }
            return [first, times, r.findings.length];
        }""",
            [text, runs],
        )
        browser.close()
    return cold, first, statistics.median(times), count


def bench_node(data: dict, text: str, runs: int = 30) -> tuple[float, float] | None:
    node = shutil.which("node")
    if not node:
        return None
    script = r"""
const fs = require("fs"); const C = require(process.argv[1]);
const {data, text, runs} = JSON.parse(fs.readFileSync(0, "utf8"));
const e = C.create(data); let t = process.hrtime.bigint(); e.check(text, {year: 2024});
const first = Number(process.hrtime.bigint() - t) / 1e6; const times = [];
for (let i = 0; i < runs; i++) { t = process.hrtime.bigint(); e.check(text, {year: 2024});
  times.push(Number(process.hrtime.bigint() - t) / 1e6); }
times.sort((a, b) => a - b); process.stdout.write(JSON.stringify([first, times[times.length >> 1]]));
"""
    out = subprocess.run(
        [node, "-e", script, str(CHECKER_JS)],
        capture_output=True,
        check=True,
        input=json.dumps({"data": data, "text": text, "runs": runs}).encode("utf-8"),
    )
    return tuple(json.loads(out.stdout))


def _timed(args: list[str], env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall-clock seconds, CPU seconds of the child, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(args, capture_output=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), p


def bench_cli(text: str, runs: int = 7) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "report.txt"
        f.write_text(text, encoding="utf-8")
        cold, cold_cpu, warm, warm_cpu = [], [], [], []
        for i in range(runs):
            env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / f"cold{i}")}  # empty cache each time
            wall, cpu, p = _timed([str(REPORT_CHECK), str(f), "--year", "2024"], env)
            cold.append(wall)
            cold_cpu.append(cpu)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "warm")}
        subprocess.run([str(REPORT_CHECK), str(f)], capture_output=True, env=env)  # fill the cache
        for _ in range(runs):
            wall, cpu, p = _timed([str(REPORT_CHECK), str(f), "--year", "2024", "--format", "json"], env)
            warm.append(wall)
            warm_cpu.append(cpu)
        assert p.returncode == 1, p.stderr
        count = len(json.loads(p.stdout)["findings"])
    med = statistics.median
    return {"warm": med(warm), "warm_cpu": med(warm_cpu), "cold": med(cold), "cold_cpu": med(cold_cpu), "count": count}


def main() -> int:
    data = load_ruleset()
    text = report_of()
    print(f"report: {len(text)} characters, {text.count(chr(10)) + 1} lines, {len(data['rules'])} rules")

    t = time.perf_counter()
    engine = Engine(data)
    py = engine.check(text, year=2024)
    py_first = (time.perf_counter() - t) * 1000
    times = []
    for _ in range(20):
        t = time.perf_counter()
        engine.check(text, year=2024)
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"Python engine:   {statistics.median(times):6.1f} ms median (first call {py_first:.1f} ms), "
        f"{len(py.findings)} findings"
    )

    node = bench_node(data, text)
    if node:
        print(f"Node.js engine:  {node[1]:6.1f} ms median (first call {node[0]:.1f} ms)")

    ok = True
    if Path(CHROMIUM).exists():
        cold, first, median, count = bench_browser(data, text)
        good = median < BROWSER_LIMIT_MS and first < BROWSER_LIMIT_MS
        ok &= good
        print(
            f"browser engine:  {median:6.1f} ms median, first check {first:.1f} ms, {count} findings "
            f"(limit {BROWSER_LIMIT_MS} ms) {'OK' if good else 'TOO SLOW'}\n"
            f"  the first check is the page's: its worker compiles the rules when it starts (warm());"
            f" on a cold engine it takes {cold:.1f} ms"
        )
        assert count == len(py.findings), "the engines disagree"
    else:
        print(f"browser engine:  skipped ({CHROMIUM} not found)")

    if REPORT_CHECK.exists():
        c = bench_cli(text)
        good = c["warm"] < CLI_LIMIT_S
        ok &= good
        print(
            f"report-check:    {c['warm']:6.3f} s median wall-clock, start-up included ({c['warm_cpu']:.3f} s CPU) "
            f"(limit {CLI_LIMIT_S} s) {'OK' if good else 'TOO SLOW'}"
        )
        print(
            f"  first run after the rule files changed (validates the rules, runs their examples, fills the "
            f"cache): {c['cold']:.3f} s wall-clock, {c['cold_cpu']:.3f} s CPU"
        )
        print(f"  machine load average: {os.getloadavg()[0]:.1f} (wall-clock figures grow with it; CPU ones do not)")
        assert c["count"] == len(py.findings)
    else:
        print("report-check:    not installed (pip install -e .)")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
