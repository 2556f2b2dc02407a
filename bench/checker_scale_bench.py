"""Benchmark: the checker's time grows linearly with the size of the draft.

    .venv/bin/python bench/checker_scale_bench.py [--sizes 1,5,10] [--no-node]

For 1 MB, 5 MB and 10 MB (millions of characters) of draft text, laid out as one line
and as many lines (the realistic drafts end to end), it times the Python engine
(macros/checker/engine.py) and the JavaScript engine (docs/assets/javascripts/checker.js in
Node.js) and prints CPU seconds (stable on a busy machine, unlike wall-clock time) and
microseconds per thousand characters; the per-character cost should stay flat as the size grows. Exit 1 when it grows by more than 3× from the
smallest to the largest size (quadratic behaviour).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checker.data import load_ruleset  # noqa: E402
from macros.checker.engine import Engine  # noqa: E402

CHECKER_JS = ROOT / "docs" / "assets" / "javascripts" / "checker.js"
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"

NODE_SCRIPT = r"""
const fs = require("fs"); const C = require(process.argv[1]);
const {data, path} = JSON.parse(fs.readFileSync(0, "utf8"));
const text = fs.readFileSync(path, "utf8");
const e = C.create(data); e.check("热身", {year: 2024});
const t = process.cpuUsage(); const r = e.check(text, {year: 2024}); const u = process.cpuUsage(t);
process.stdout.write(JSON.stringify([(u.user + u.system) / 1e6, r.findings.length]));
"""


def draft_text(n: int, one_line: bool) -> str:
    drafts = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DRAFTS.glob("*.txt")))
    if one_line:
        drafts = drafts.replace("\r", "").replace("\n", "")
    return (drafts * (n // len(drafts) + 1))[:n]


def time_node(data: dict, text: str) -> tuple[float, int] | None:
    node = shutil.which("node")
    if not node:
        return None
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        p = subprocess.run(
            [node, "--max-old-space-size=4096", "-e", NODE_SCRIPT, str(CHECKER_JS)],
            input=json.dumps({"data": data, "path": f.name}).encode(),
            capture_output=True,
            timeout=1800,
        )
    finally:
        Path(f.name).unlink()
    if p.returncode:
        raise RuntimeError(p.stderr.decode("utf-8", "replace")[-2000:])
    return tuple(json.loads(p.stdout))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,5,10", help="sizes in millions of characters")
    ap.add_argument("--no-node", action="store_true")
    ap.add_argument("--python-only-line", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    data = load_ruleset()
    engine = Engine(data)
    engine.check("热身", year=2024)
    ok = True
    print(f"{'layout':<11}{'size':>7}  {'python s':>9} {'µs/kchar':>9}  {'node s':>8} {'µs/kchar':>9}  findings")
    print("(CPU seconds; µs/kchar = CPU time per thousand characters)")
    for layout in ("one line", "many lines"):
        per_k: dict[str, list[float]] = {"py": [], "node": []}
        for mb in sizes:
            n = int(mb * 1_000_000)
            text = draft_text(n, layout == "one line")
            t = time.process_time()
            res = engine.check(text, year=2024)
            py = time.process_time() - t
            per_k["py"].append(py / n * 1e9)
            node = None if args.no_node else time_node(data, text)
            if node:
                per_k["node"].append(node[0] / n * 1e9)
                assert node[1] == len(res.findings), f"engines disagree: node {node[1]}, python {len(res.findings)}"
            ncol = f"{node[0]:8.2f} {node[0] / n * 1e9:9.1f}" if node else f"{'-':>8} {'-':>9}"
            print(f"{layout:<11}{mb:>5.1f}MB  {py:9.2f} {py / n * 1e9:9.1f}  {ncol}  {len(res.findings)}", flush=True)
        for eng, vals in per_k.items():
            if len(vals) >= 2 and vals[-1] > 3 * vals[0]:
                print(f"  {eng} on {layout}: cost per character grew {vals[-1] / vals[0]:.1f}× — not linear")
                ok = False
    print("linear" if ok else "NOT LINEAR")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
