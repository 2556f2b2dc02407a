"""The draft checker: one rule set (data/rules/*.yaml + data/time_facts.yaml +
data/report_types.yaml), a Python engine for the report-check command and a JavaScript
engine (docs/assets/javascripts/checker.js) for the 在线自查 page.

    from macros.checker import load_ruleset, Engine
    result = Engine(load_ruleset()).check(text, year=2026, type_id="annual")
"""

from __future__ import annotations

from .engine import Engine, Finding, Result  # noqa: F401


def load_ruleset(data_dir=None) -> dict:
    from .data import load_ruleset as _load

    return _load(data_dir)
