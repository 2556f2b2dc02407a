"""Shared helpers for the checker tests (imported by the other test_checker_* modules):
the rule set, the Python engine, and the JavaScript engine run in Node.js."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.checker.data import load_ruleset  # noqa: E402
from macros.checker.engine import Engine  # noqa: E402

CHECKER_JS = ROOT / "docs" / "assets" / "javascripts" / "checker.js"
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"

# Reads {"data": rule set, "cases": [{text, year, type}]} on stdin; writes one result per case.
NODE_RUNNER = r"""
const fs = require("fs");
const checker = require(process.argv[1]);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const engine = checker.create(input.data);
const out = input.cases.map((c) => {
  const r = engine.check(c.text, { year: c.year, type: c.type, date: c.date });
  return { findings: r.findings, year: r.year, type: r.type, date: r.date, notices: r.notices };
});
process.stdout.write(JSON.stringify(out));
"""


@functools.lru_cache(maxsize=1)
def shared_ruleset() -> dict:
    return load_ruleset()


@functools.lru_cache(maxsize=1)
def shared_engine() -> Engine:
    return Engine(shared_ruleset())


@pytest.fixture
def ruleset() -> dict:
    return shared_ruleset()


@pytest.fixture
def engine() -> Engine:
    return shared_engine()


def py_results(engine: Engine, cases: list[dict]) -> list[dict]:
    out = []
    for c in cases:
        r = engine.check(c["text"], year=c.get("year"), type_id=c.get("type"), date=c.get("date"))
        out.append(
            {
                "findings": [dict(f.to_dict(), end=f.end) for f in r.findings],
                "year": r.year,
                "type": r.type,
                "date": r.date,
                "notices": r.notices,
            }
        )
    return out


def node_results(data: dict, cases: list[dict]) -> list[dict]:
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        pytest.fail("Node.js is needed to run the JavaScript engine (apt-get install -y nodejs)")
    payload = json.dumps(
        {
            "data": data,
            "cases": [
                {"text": c["text"], "year": c.get("year"), "type": c.get("type"), "date": c.get("date")} for c in cases
            ],
        },
        ensure_ascii=False,
    )
    p = subprocess.run(
        [node, "-e", NODE_RUNNER, str(CHECKER_JS)], input=payload.encode("utf-8"), capture_output=True, timeout=300
    )
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    return json.loads(p.stdout.decode("utf-8"))


def rules_of(engine: Engine, text: str, **kw) -> list[str]:
    return [f.rule for f in engine.check(text, **kw).findings]


def marked(engine: Engine, text: str, **kw) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in engine.check(text, **kw).findings]
