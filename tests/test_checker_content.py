"""The site's own content passes its own checker: every phrase (in a year it is valid for) and every
sample report with zero findings; blank templates with none beyond their 【slots】.

Written against macros.reports (范文 and 模板) and data/phrases; when a part of the site is not
there yet, its test is skipped rather than failed."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from test_checker_common import engine  # noqa: F401 (fixture)

SLOT = re.compile(r"【[^【】\n]+】")


@pytest.fixture(scope="module")
def site():
    from macros.loader import site_data

    return site_data()


def _report_year(rep) -> int | None:
    period = (rep.meta or {}).get("period")
    if period and hasattr(period[-1], "year"):
        return period[-1].year
    return (rep.meta or {}).get("year")


def _reports(site):
    try:
        from macros import reports
    except ImportError:
        pytest.skip("macros.reports (范文 and 模板) is not there yet")
    return list(reports.all_reports(site))


def _show(findings) -> str:
    return "\n".join(f"  {f.line}:{f.column} [{f.rule}] “{f.text}” {f.message}" for f in findings)


def test_every_sample_report_is_clean(site, engine):  # noqa: F811
    samples = [r for r in _reports(site) if not r.blank]
    if not samples:
        pytest.skip("no sample reports yet")
    bad = {}
    for rep in samples:
        res = engine.check(rep.plain_text(), year=_report_year(rep), type_id=rep.type_id)
        if res.findings:
            bad[rep.key] = _show(res.findings)
    assert not bad, "\n".join(f"{k}:\n{v}" for k, v in bad.items())


def test_blank_templates_have_nothing_beyond_their_slots(site, engine):  # noqa: F811
    templates = [r for r in _reports(site) if r.blank]
    if not templates:
        pytest.skip("no blank templates yet")
    bad = {}
    for rep in templates:
        text = rep.plain_text()
        res = engine.check(text, year=dt.date.today().year, type_id=rep.type_id)
        lines = text.split("\n")
        extra = []
        for f in res.findings:
            slots = [(m.start(), m.end()) for m in SLOT.finditer(lines[f.line - 1])]
            if f.text and any(a <= f.column - 1 and f.end - 1 <= b for a, b in slots):
                continue  # the slot itself (or something inside it) is what a blank template is for
            extra.append(f)
        if extra:
            bad[rep.key] = _show(extra)
        assert "placeholder-slot" in {f.rule for f in res.findings}, f"{rep.key}: no slots found"
    assert not bad, "\n".join(f"{k}:\n{v}" for k, v in bad.items())


def test_every_phrase_is_clean_in_a_year_it_is_valid_for(site, engine):  # noqa: F811
    from macros.features.phrases import valid_years

    phrases = [p for part in site.phrases for p in part.phrases]
    if not phrases:
        pytest.skip("no phrases yet")
    this_year = dt.date.today().year
    bad = []
    for p in phrases:
        first, last = valid_years(site, p)
        year = this_year
        if last is not None and year > last:
            year = last
        if first is not None and year < first:
            year = first
        res = engine.check(p.text, year=year)
        slots = [(m.start(), m.end()) for m in SLOT.finditer(p.text)]
        extra = [f for f in res.findings if not (f.line == 1 and any(a <= f.column - 1 and f.end - 1 <= b
                                                                     for a, b in slots))]
        if extra:
            bad.append(f"{p.id}（{year}年）：{p.text}\n{_show(extra)}")
    assert not bad, "\n".join(bad)
