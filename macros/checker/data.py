"""Load what the checker needs — rules, time facts, report types — without the rest of
the site's data (so report-check starts fast and works while other parts are being
edited). Same validation as the full loader: schema comment, models, rule examples.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, Problem
from ..loader import Record, SiteData, _files, _load_file, _rel, default_data_dir
from ..registry import KINDS
from .compile import compile_ruleset
from .selftest import check_rules

CHECKER_KINDS = ("time_facts", "report_types", "rules")


def load_checker_site(data_dir: Path | None = None) -> SiteData:
    data_dir = Path(data_dir or default_data_dir()).resolve()
    root = data_dir.parent
    site = SiteData(root=data_dir)
    problems: list[Problem] = []
    for kind in KINDS:
        if kind.name not in CHECKER_KINDS:
            continue
        paths = _files(data_dir, kind)
        if not paths:
            problems.append(
                Problem(
                    f"data/{kind.pattern}",
                    None,
                    None,
                    f"缺少{kind.title}数据文件",
                    "从版本库恢复该文件；在线自查离不开它",
                )
            )
        records = []
        for path in paths:
            result = _load_file(kind, path, _rel(path, root), data_dir)
            if isinstance(result, Record):
                records.append(result)
            else:
                problems.extend(result)
        site.records[kind.name] = records
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
