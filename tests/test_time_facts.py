"""Time facts by date (issue 13): meetings count from the day they closed, campaigns and fixed
formulas are data, the horizon is stated and nothing after it is asserted. Each boundary is
tested the day before and the day after, in both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from test_checker_common import engine, node_results, py_results, rules_of, ruleset  # noqa: F401 (fixtures)

from macros.features import timeliness
from macros.validate import site_data

PLENUM_4 = "深入学习贯彻党的二十届四中全会精神。"


@pytest.fixture(scope="module")
def site():
    return site_data()


# --- the model -----------------------------------------------------------------------------


def test_meetings_are_citable_from_the_day_they_closed(site):
    tf = site.time_facts
    v = tf.validity("plenum-20-4")
    assert v.since == dt.date(2025, 10, 23)
    assert not v.on(dt.date(2025, 10, 22)) and v.on(dt.date(2025, 10, 23))
    assert tf.latest_on("plenum", dt.date(2025, 10, 22)).id == "plenum-20-3"
    assert tf.latest_on("plenum", dt.date(2025, 10, 23)).id == "plenum-20-4"


def test_the_2022_row_changes_on_the_days_the_meetings_closed(site):
    tf = site.time_facts
    assert [e.id for e in tf.changes_in("plenum", 2022)] == ["plenum-19-7", "plenum-20-1"]
    assert tf.latest_on("plenum", dt.date(2022, 10, 11)).id == "plenum-19-6"
    assert tf.latest_on("plenum", dt.date(2022, 10, 12)).id == "plenum-19-7"
    assert tf.latest_on("plenum", dt.date(2022, 10, 23)).id == "plenum-20-1"
    assert tf.latest_on("congress", dt.date(2022, 10, 21)).id == "congress-19"
    assert tf.latest_on("congress", dt.date(2022, 10, 22)).id == "congress-20"


def test_2027_facts(site):
    tf = site.time_facts
    assert tf.anniversary("party-founding", 2027) == 106
    assert tf.anniversary("prc-founding", 2027) == 78
    assert tf.anniversary("army-founding", 2027) == 100
    assert tf.plan_label(2027) == "“十五五”时期第二年"
    # 迎接党的二十一大: from 2027, open-ended until the congress is dated in the data.
    v = tf.validity("welcome-congress-21")
    assert v.since == dt.date(2027, 1, 1) and v.until is None
    assert not v.in_year(2026) and v.in_year(2027) and v.in_year(2028)
    assert not tf.event("congress-21").held


def test_a_dated_congress_closes_the_open_end(site):
    tf = site.time_facts
    events = [
        e
        if e.id != "congress-21"
        else e.model_copy(update={"start": dt.date(2027, 10, 10), "end": dt.date(2027, 10, 16)})
        for e in tf.events
    ]
    dated = tf.model_copy(update={"events": events})
    assert dated.validity("welcome-congress-21").until == dt.date(2027, 10, 9)


def test_nothing_after_the_horizon_is_asserted(site):
    from pydantic import ValidationError

    from macros.models.time_facts import TimeFacts

    raw = site.time_facts.model_dump()
    raw["verified_through"] = dt.date(2025, 10, 22)  # before 四中全会 closed
    with pytest.raises(ValidationError, match="verified_through"):
        TimeFacts.model_validate(raw)


# --- the checker: meeting boundaries by date (both engines) -------------------------------------


CASES = [
    # (text, options, flagged by stale-future-event)
    (PLENUM_4, {"year": 2025, "date": "2025-10-22"}, True),
    (PLENUM_4, {"year": 2025, "date": "2025-10-23"}, False),
    (PLENUM_4, {"year": 2025, "date": "2025-10-24"}, False),
    (PLENUM_4, {"year": 2025}, False),  # year only: some day of 2025 can cite it
    (PLENUM_4, {"year": 2024}, True),
    ("2025年上半年意识形态工作总结\n" + PLENUM_4, {}, True),  # the title's period ends on 30 June
    ("2025年意识形态工作总结\n" + PLENUM_4 + "\n2025年7月10日", {}, True),  # 成文日期 at the end
    ("2025年意识形态工作总结\n" + PLENUM_4 + "\n2025年11月3日", {}, False),
    ("学习贯彻党的二十大精神。", {"year": 2022, "date": "2022-10-21"}, True),
    ("学习贯彻党的二十大精神。", {"year": 2022, "date": "2022-10-22"}, False),
    ("学习贯彻党的二十一大精神。", {"year": 2025}, True),  # not held; 2025 is within the horizon
    ("学习贯彻党的二十一大精神。", {"year": 2027}, False),  # after the horizon: not asserted
    ("以优异成绩迎接党的二十一大胜利召开。", {"year": 2026, "date": "2026-12-20"}, False),
]


@pytest.mark.parametrize("text,options,flagged", CASES)
def test_meeting_boundaries(engine, text, options, flagged):  # noqa: F811
    assert ("stale-future-event" in rules_of(engine, text, **options)) is flagged


def test_both_engines_agree_on_the_boundaries(ruleset, engine):  # noqa: F811
    cases = [{"text": t, **o} for t, o, _ in CASES + CAMPAIGN_CASES + FORMULA_CASES]
    cases.append(
        {
            "text": "2024年上半年工作总结\n一、主要工作\n学习贯彻党的二十届三中全会精神。\n二、下半年工作打算\n学习贯彻党的二十届三中全会精神。\n2024年7月5日"
        }
    )
    assert node_results(ruleset, cases) == py_results(engine, cases)


def test_the_report_date_is_read_from_the_text(engine):  # noqa: F811
    r = engine.check("2025年意识形态工作总结\n正文。\n\n2026年1月8日\n")
    assert (r.year, r.date, r.date_source) == (2025, "2026-01-08", "text")
    r = engine.check("2025年上半年意识形态工作总结\n正文。")
    assert (r.date, r.date_source) == ("2025-06-30", "period")
    r = engine.check("2025年意识形态工作总结\n正文。\n2019年5月4日")  # another year: not the report's date
    assert r.date is None


# --- campaigns and formulas ------------------------------------------------------------------

CAMPAIGN_CASES = [
    ("深入开展党纪学习教育。", {"year": 2024}, False),
    ("深入开展党纪学习教育。", {"year": 2025}, True),
    ("巩固拓展党纪学习教育成果。", {"year": 2025}, False),
    ("深入开展“不忘初心、牢记使命”主题教育。", {"year": 2020}, False),
    ("深入开展“不忘初心、牢记使命”主题教育。", {"year": 2021}, True),
    ("深入开展不忘初心牢记使命主题教育。", {"year": 2021}, True),
    ("深入开展中央八项规定精神学习教育。", {"year": 2025, "date": "2026-01-10"}, False),  # a review of 2025
    ("深入开展中央八项规定精神学习教育。", {"year": 2026}, True),
]


@pytest.mark.parametrize("text,options,flagged", CAMPAIGN_CASES)
def test_campaign_ended(engine, text, options, flagged):  # noqa: F811
    assert ("stale-campaign-ended" in rules_of(engine, text, **options)) is flagged


OLD_FOUR = "协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党战略布局。"
FORMULA_CASES = [
    (OLD_FOUR, {"year": 2020, "date": "2020-10-28"}, False),
    (OLD_FOUR, {"year": 2020, "date": "2020-10-29"}, False),
    (OLD_FOUR, {"year": 2020, "date": "2020-10-30"}, True),
    (OLD_FOUR, {"year": 2020}, False),
    (OLD_FOUR, {"year": 2024}, True),
    ("牢固树立政治意识、大局意识、看齐意识、核心意识。", {"year": 2026}, True),
    ("牢固树立政治意识、大局意识、核心意识、看齐意识。", {"year": 2026}, False),
    ("坚定道路自信、理论自信、制度自信。", {"year": 2026}, True),
    ("坚定道路自信、理论自信、制度自信、文化自信。", {"year": 2026}, False),
    ("经济建设、政治建设、文化建设、社会建设和生态文明建设", {"year": 2026}, False),
]


@pytest.mark.parametrize("text,options,flagged", FORMULA_CASES)
def test_formulas(engine, text, options, flagged):  # noqa: F811
    found = rules_of(engine, text, **options)
    assert (("formula-wrong" in found) or ("formula-outdated" in found)) is flagged


# --- the horizon -----------------------------------------------------------------------------


def test_a_report_after_the_horizon_gets_a_notice_not_a_finding(engine, site):  # noqa: F811
    h = site.time_facts.verified_through
    after = (h + dt.timedelta(days=1)).isoformat()
    r = engine.check("学习贯彻党的二十大精神。", year=h.year + 1, date=after)
    assert r.findings == []
    assert len(r.notices) == 1 and f"时间事实核对至{h.year}年{h.month}月{h.day}日" in r.notices[0]
    assert engine.check("学习贯彻党的二十大精神。", year=h.year, date=h.isoformat()).notices == []


# --- the 时效性 table ----------------------------------------------------------------------------


def _row(html: str, year: int) -> str:
    start = html.index(f'<tr id="year-{year}"')
    return html[start : html.index("</tr>", start)]


def test_the_table_is_by_date_and_marks_later_rows_pending(site):
    html = timeliness.time_facts_table(site, current=2026)
    row22 = _row(html, 2022)
    assert "10月12日起：党的十九届七中全会精神" in row22 and "10月23日起：党的二十届一中全会精神" in row22
    assert "10月22日起：党的二十大精神" in row22
    row25 = _row(html, 2025)
    assert "党的二十届三中全会精神；10月23日起：党的二十届四中全会精神" in row25
    assert "待核对" not in row25 and "待核对" in _row(html, 2026) and "待核对" in _row(html, 2027)
    assert "中国人民解放军建军100周年" in _row(html, 2027)
    assert "深入贯彻中央八项规定精神学习教育" in row25
    # an awaited meeting's expression is past once the meeting opened: listed from the next year
    assert "迎接党的二十大" not in row22 and "迎接党的二十大" in _row(html, 2023)


def test_every_fact_has_a_source(site):
    tf = site.time_facts
    for item in [*tf.anniversaries, *tf.events, *tf.plans, *tf.campaigns, *tf.formulas, *tf.expressions]:
        assert item.source.strip(), item.id


def test_a_part_that_looks_ahead_is_not_bound_by_the_report_date(engine):  # noqa: F811
    text = "2024年上半年工作总结\n一、主要工作\n正文。\n二、下半年工作打算\n把学习贯彻党的二十届三中全会精神作为首要政治任务。\n\n2024年7月5日"
    assert "stale-future-event" not in rules_of(engine, text)
    worked = text.replace("二、下半年工作打算\n", "").replace("一、主要工作\n正文。\n", "一、主要工作\n")
    assert "stale-future-event" in rules_of(engine, worked)


# --- the phrase filter (Chromium) --------------------------------------------------------------


def _phrase_with(site, fact):
    return next((part, p) for part in site.phrases for p in part.phrases if fact in p.facts)


@pytest.mark.browser
def test_phrase_filter_by_date_around_a_meeting(page, site_url, site):
    part, phrase = _phrase_with(site, "plenum-20-4")
    page.goto(f"{site_url}phrases/{part.slug}.html")
    sel = f"#{phrase.id}"
    page.select_option("form.phrase-filters select[name=year]", "2025")
    assert page.is_visible(sel)  # year only: some day of 2025 can cite it
    page.fill("form.phrase-filters input[name=date]", "2025-10-22")
    assert not page.is_visible(sel)
    page.fill("form.phrase-filters input[name=date]", "2025-10-23")
    assert page.is_visible(sel)
    assert "2025年10月23日起适用" in page.inner_text(f"{sel} .phrase-years")


@pytest.mark.browser
def test_phrase_filter_2026_and_2027_differ(page, site_url, site):
    part, welcome = _phrase_with(site, "welcome-congress-21")
    page.goto(f"{site_url}phrases/{part.slug}.html")
    page.select_option("form.phrase-filters select[name=year]", "2026")
    assert not page.is_visible(f"#{welcome.id}")
    page.select_option("form.phrase-filters select[name=year]", "2027")
    assert page.is_visible(f"#{welcome.id}")
    start_part, start = _phrase_with(site, "plan-15-start")
    page.goto(f"{site_url}phrases/{start_part.slug}.html")
    page.select_option("form.phrase-filters select[name=year]", "2026")
    assert page.is_visible(f"#{start.id}")
    page.select_option("form.phrase-filters select[name=year]", "2027")
    assert not page.is_visible(f"#{start.id}")


@pytest.mark.browser
def test_phrase_filter_gives_the_horizon_notice(page, site_url, site):
    h = site.time_facts.verified_through
    part = site.phrases[0]
    page.goto(f"{site_url}phrases/{part.slug}.html")
    page.select_option("form.phrase-filters select[name=year]", str(h.year))
    page.fill("form.phrase-filters input[name=date]", h.isoformat())
    assert not page.is_visible(".phrase-horizon")
    page.fill("form.phrase-filters input[name=date]", (h + dt.timedelta(days=1)).isoformat())
    assert page.is_visible(".phrase-horizon")
    assert f"时间事实核对至{h.year}年{h.month}月{h.day}日" in page.inner_text(".phrase-horizon")
    # the footer of the page states the horizon too
    assert f"时间事实核对至{h.year}年{h.month}月{h.day}日" in page.inner_text(".tf-horizon")


# --- a stale horizon fails lint -------------------------------------------------------------------


def test_a_horizon_more_than_a_year_old_fails_lint(site, tmp_path, capsys):
    from macros import horizon

    h = site.time_facts.verified_through
    assert horizon.main(["--today", horizon.one_year_after(h).isoformat()]) == 0
    day_after = (horizon.one_year_after(h) + dt.timedelta(days=1)).isoformat()
    assert horizon.main(["--today", day_after]) == 1
    assert "verified_through" in capsys.readouterr().err
    assert horizon.main(["--today", day_after, "--warn"]) == 0  # make serve only warns
    assert "提醒" in capsys.readouterr().err


def test_make_lint_runs_the_horizon_check():
    from pathlib import Path

    makefile = (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "macros.horizon" in lint and "--warn" not in lint
    assert "macros.horizon --warn" in serve


def test_report_check_takes_a_date_and_states_the_horizon(tmp_path):
    import subprocess
    import sys

    f = tmp_path / "draft.txt"
    f.write_text("街道党工委深入学习贯彻党的二十届四中全会精神。\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "macros.checker.cli", str(f), "--year", "2025"]
    out = subprocess.run([*cmd, "--date", "2025-10-22"], capture_output=True, text=True)
    assert out.returncode == 1 and "stale-future-event" in out.stdout and "2025年10月22日" in out.stdout
    out = subprocess.run([*cmd, "--date", "2025-10-23"], capture_output=True, text=True)
    assert out.returncode == 0
    out = subprocess.run([*cmd, "--date", "2025-13-01"], capture_output=True, text=True)
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr
    later = [sys.executable, "-m", "macros.checker.cli", str(f), "--year", "2027"]
    out = subprocess.run(later, capture_output=True, text=True)
    assert "时间事实核对至" in out.stdout
    out = subprocess.run([*later, "--format", "json"], capture_output=True, text=True)
    assert "时间事实核对至" in out.stderr and "时间事实核对至" not in out.stdout


def test_the_glossary_states_a_formula_as_the_data_does(tmp_path):
    import shutil

    from macros.errors import DataError
    from macros.validate import load_site_data

    root = __import__("pathlib").Path(__file__).parent.parent
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    g = data / "glossary.yaml"
    text = g.read_text(encoding="utf-8")
    assert "政治意识、大局意识、核心意识、看齐意识" in text
    g.write_text(
        text.replace("政治意识、大局意识、核心意识、看齐意识", "政治意识、核心意识、大局意识、看齐意识"), "utf-8"
    )
    with pytest.raises(DataError, match="四个意识"):
        load_site_data(data)
