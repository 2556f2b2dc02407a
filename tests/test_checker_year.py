"""The year matters: anniversaries and stale expressions are judged against the report's year —
given, or read from the title or the first paragraph."""

from __future__ import annotations

import datetime as dt

import pytest
from test_checker_common import engine, marked, rules_of  # noqa: F401 (fixture)


@pytest.mark.parametrize(
    "text,year,flagged",
    [
        ("隆重庆祝建国70周年。", 2019, False),
        ("隆重庆祝建国70周年。", 2024, True),
        ("隆重庆祝建国七十五周年。", 2024, False),
        ("中华人民共和国成立76周年", 2025, False),
        ("建党一百零五周年", 2026, False),
        ("建党一〇五周年", 2026, False),
        ("建党100周年", 2026, True),
    ],
)
def test_anniversary_number(engine, text, year, flagged):  # noqa: F811
    assert ("anniversary-number" in rules_of(engine, text, year=year)) is flagged


def test_the_message_gives_the_right_number(engine):  # noqa: F811
    (f,) = engine.check("隆重庆祝建国70周年", year=2024).findings
    assert "75" in f.message and "建国75周年" in f.suggestion and f.severity == "error"


@pytest.mark.parametrize("year,flagged", [(2019, False), (2020, False), (2021, False), (2022, True), (2024, True)])
def test_saohei_campaign(engine, year, flagged):  # noqa: F811
    found = marked(engine, "深入开展扫黑除恶专项斗争，营造安全稳定的社会环境。", year=year)
    assert (("stale-expression", "扫黑除恶专项斗争") in found) is flagged
    if flagged:
        (f,) = engine.check("深入开展扫黑除恶专项斗争", year=year).findings
        assert f.severity == "suspect" and "常态化扫黑除恶斗争" in f.suggestion


def test_late_2022_may_cite_both_congresses(engine):  # noqa: F811
    text = "深入学习贯彻党的二十大精神，继续深入学习贯彻党的十九大和十九届历次全会精神。"
    assert engine.check(text, year=2022).findings == []
    assert ("stale-superseded-congress", "党的十九大和十九届历次全会精神") in marked(engine, text, year=2023)


def test_citing_a_meeting_before_it_was_held(engine):  # noqa: F811
    assert "stale-future-event" in rules_of(engine, "深入学习贯彻党的二十届四中全会精神", year=2024)
    assert "stale-future-event" not in rules_of(engine, "深入学习贯彻党的二十届四中全会精神", year=2025)
    assert not engine.check("以优异成绩迎接党的二十大胜利召开", year=2021).findings


def test_plan_stage_follows_the_plans(engine):  # noqa: F811
    assert not engine.check("2026年是“十五五”开局之年", year=2026).findings
    (f,) = engine.check("今年是“十五五”开局之年", year=2027).findings
    assert f.category == "stale" and f.text == "“十五五”开局之年"
    assert not engine.check("明年是“十五五”开局之年", year=2025).findings


@pytest.mark.parametrize(
    "text,year,source",
    [
        ("城东街道2024年度意识形态工作情况报告\n正文……", 2024, "title"),
        (
            "关于城东街道意识形态工作情况的汇报\n2023年以来，街道党工委认真落实意识形态工作责任制，现将有关情况汇报如下。",
            2023,
            "paragraph",
        ),
        (
            "城东街道党工委书记述职报告\n（2026年1月8日）\n2025年，我认真履行第一责任人职责，坚持把意识形态工作摆在突出位置。",
            2025,
            "paragraph",
        ),
        (
            "关于意识形态工作情况的汇报\n今年以来，街道党工委认真落实意识形态工作责任制，现将有关情况汇报如下。\n一、主要做法\n2019年……",
            dt.date.today().year,
            "default",
        ),
    ],
)
def test_the_year_is_read_from_the_title_or_first_paragraph(engine, text, year, source):  # noqa: F811
    r = engine.check(text)
    assert (r.year, r.year_source) == (year, source)


def test_a_given_year_wins(engine):  # noqa: F811
    r = engine.check("城东街道2024年度意识形态工作情况报告", year=2026)
    assert (r.year, r.year_source) == (2026, "given")


def test_a_year_written_in_the_sentence_is_used(engine):  # noqa: F811
    assert not engine.check("2019年，街道隆重庆祝新中国成立70周年。", year=2026).findings
    # “2019年以来” reaches the report year: the campaign is judged by 2024
    assert "stale-expression" in rules_of(engine, "2019年以来持续开展扫黑除恶专项斗争", year=2024)


def test_a_part_about_next_year_is_judged_by_next_year(engine):  # noqa: F811
    text = (
        "城东街道2020年度意识形态工作情况报告\n2020年，街道庆祝建党99周年。\n一、全年工作开展情况\n建党99周年。\n"
        "二、2021年工作打算\n以庆祝建党100周年为契机，深入开展党史学习教育。"
    )

    def dated(t):
        return [f.text for f in engine.check(t, year=2020).findings if f.category in ("anniversary", "stale")]

    assert dated(text) == []
    assert dated(text.replace("二、2021年工作打算", "二、明年工作打算")) == []
    assert dated(text.replace("二、2021年工作打算", "二、存在的问题")) == ["建党100周年"]


def test_upcoming_anniversary_of_this_year_or_next(engine):  # noqa: F811
    assert not engine.check("以迎接建党104周年为契机", year=2025).findings  # first-half report, July ahead
    assert not engine.check("以迎接建党105周年为契机", year=2025).findings  # year-end report, next July
    assert engine.check("以迎接建党100周年为契机", year=2025).findings
