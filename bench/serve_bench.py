"""`make serve` benchmark (not a test): how long after saving a data file the
rebuilt page is served.

Runs `mkdocs serve` on a copy of the project, waits for the first build, then
several times edits one phrase in a phrase file and times until the phrase
part's page serves the new text. Reports each time and the median (target < 1.5 s).

    .venv/bin/python bench/serve_bench.py [--edits N] [--file data/phrases/opening.yaml]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("docs", "data", "macros", "hooks", "overrides", "mkdocs.yml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, needle: str, timeout: float) -> float:
    """Seconds until `url` serves a page containing `needle`."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        body = fetch(url)
        if body is not None and needle in body:
            return time.perf_counter() - t0
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not serve {needle!r} within {timeout:.0f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--file", default="data/phrases/opening.yaml")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for name in COPY:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
        target = project / args.file
        text = target.read_text(encoding="utf-8")
        slug = re.search(r"^slug: *(\S+)", text, re.M).group(1)
        first = re.search(r"^    text: *(.+)$", text, re.M)  # the first phrase's text
        port = free_port()
        url = f"http://127.0.0.1:{port}/phrases/{slug}.html"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--strict",
                "--dirty",
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],  # as `make serve`
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            t = wait_for(url, "</html>", timeout=600)
            print(f"first build served after {t:.1f} s")
            times = []
            for i in range(args.edits):
                marker = f"改动标记{i}号"  # new text that appears nowhere else
                target.write_text(text.replace(first.group(0), first.group(0) + marker, 1), encoding="utf-8")
                times.append(wait_for(url, marker, timeout=120))
                print(f"  edit {i + 1}: new text served after {times[-1]:.2f} s")
                time.sleep(1)  # let the server settle before the next edit
            print(
                f"serve rebuild after one data file changed: median {statistics.median(times):.2f} s (target < 1.5 s)"
            )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
