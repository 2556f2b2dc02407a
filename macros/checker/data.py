"""Load what the checker needs — rules, time facts, report types — without the rest of
the site's data (so report-check starts fast and works while other parts are being
edited). Same validation as the full loader: schema comment, models, rule examples.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from ..loader import SiteData, default_data_dir, load_kinds
from ..registry import KINDS
from .compile import compile_ruleset
from .selftest import check_rules

CHECKER_KINDS = ("time_facts", "report_types", "rules")


def load_checker_site(data_dir: Path | None = None) -> SiteData:
    """Only the data the checker needs (time facts, report types, rules), validated."""
    data_dir = Path(data_dir or default_data_dir()).resolve()
    site, problems = load_kinds(data_dir, [k for k in KINDS if k.name in CHECKER_KINDS])
    if not problems:
        problems.extend(check_rules(site))
    if problems:
        raise DataError(problems)
    return site


def ruleset_of(site: SiteData) -> dict:
    """The compiled rule set (the dict both engines run) of loaded site data."""
    return compile_ruleset(site.rules, site.time_facts, site.report_types)


def load_ruleset(data_dir: Path | None = None) -> dict:
    return ruleset_of(load_checker_site(data_dir))
