"""The site's own content passes its own checker: every phrase (in a year it is valid for) and every
sample report with zero findings; blank templates with none beyond their 【slots】."""

from __future__ import annotations

import pytest
from test_checker_common import engine  # noqa: F401 (fixture)

from macros import reports
from macros.checker.content import check_phrases, check_reports, main


@pytest.fixture(scope="module")
def site():
    from macros.validate import site_data

    return site_data()


def test_every_sample_report_is_clean(site, engine):  # noqa: F811
    samples = [r for r in reports.all_reports(site) if not r.blank]
    assert len(samples) >= 8
    assert check_reports(engine, samples) == []


def test_blank_templates_have_nothing_beyond_their_slots(site, engine):  # noqa: F811
    templates = [r for r in reports.all_reports(site) if r.blank]
    assert len(templates) == len(site.report_types.types)
    assert check_reports(engine, templates) == []
    for rep in templates:  # the slots are there, and the checker sees them
        rules = {f.rule for f in engine.check(rep.plain_text(), type_id=rep.type_id).findings}
        assert "placeholder-slot" in rules, rep.key


def test_every_phrase_is_clean_in_a_year_it_is_valid_for(site, engine):  # noqa: F811
    phrases = [p for part in site.phrases for p in part.phrases]
    assert len(phrases) >= 600
    assert check_phrases(site, engine, phrases) == []


def test_content_check_reports_a_bad_phrase(site, engine):  # noqa: F811
    """The gate is real: a phrase with a leftover placeholder is reported."""
    from macros.models.phrases import Phrase

    bad = Phrase(id="zz-001", text="XX街道党工委高度重视,多次召开专题会议。", function="做法")
    problems = check_phrases(site, engine, [bad])
    assert problems and "zz-001" in problems[0]


def test_content_cli_for_changed_files(capsys):
    assert main(["data/phrases/opening.yaml", "data/samples/tinglanhu-2026-briefing.yaml"]) == 0
    out = capsys.readouterr().out
    assert "1 篇范文" in out and "没有发现问题" in out
