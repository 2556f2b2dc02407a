"""Known pitfalls of proofreading rule sets: a bare substring fires inside names and longer words;
legitimate reduplication is not a doubled word; quoted text is not corrected; “1.5亿元” is not a
heading; heading numbering restarts in each part."""

from __future__ import annotations

import pytest
from test_checker_common import engine, marked, rules_of  # noqa: F401 (fixture)


@pytest.mark.parametrize(
    "text",
    [
        "在报刊上公布署名文章。",  # 公布|署名, not 布署
        "深入学习习近平新时代中国特色社会主义思想。",  # 学习|习近平, not a doubled 习
        "认真学习总书记重要讲话精神。",  # 学习|总书记, not 习总书记
        "辖区内有国家AAAA级旅游景区一处。",  # not an AAA placeholder
        "为志愿者统一定制XXL号马甲。",  # not an XX placeholder
        "3#楼和5#楼完成消防改造。",  # building numbers, not #markup#
        "二〇〇九年建成社区文化站。",  # 〇〇 is zero, not a placeholder
        "报名截止日期为3月10日。",  # 截止 is right here
        "定期更新时间节点。",  # not the web page's 更新时间：
        "经费来源：区级财政专项资金。",  # not a 来源： line
        "开展面对面对话交流，组织干部点对点对接帮扶企业。",  # X对X + 对…
        "多做为民办实事的好事。",  # 做|为民
        "党的十八大以来，街道意识形态工作取得长足进步。",  # not a stale congress citation
    ],
)
def test_no_finding_inside_longer_words(engine, text):  # noqa: F811
    assert engine.check(text, year=2026).findings == []


@pytest.mark.parametrize(
    "text",
    [
        "先研究研究再落实。",
        "层层压实责任。",
        "常常深入社区。",
        "时时绷紧这根弦。",
        "一步一步推进，一件一件落实。",
        "认认真真、扎扎实实抓好整改。",
        "讨论讨论再定。",
    ],
)
def test_legitimate_reduplication_is_not_doubled(engine, text):  # noqa: F811
    assert engine.check(text, year=2026).findings == []


def test_real_doubles_are_found(engine):  # noqa: F811
    assert marked(engine, "压实意识形态意识形态工作责任制。", year=2026) == [("doubled-term", "意识形态意识形态")]
    assert marked(engine, "社区社区党组织书记", year=2026) == [("doubled-word", "社区社区")]


@pytest.mark.parametrize(
    "text,year",
    [
        ("认真落实《关于深入学习贯彻党的十九大精神的实施方案》。", 2024),
        ("组织观看《新中国成立70周年成就展》专题片。", 2024),
        ("组织学习《新时代中国特色社会主义思想专题讲稿》。", 2026),
        ("群众形象地称之为“再接再励”小分队。", 2026),
    ],
)
def test_quoted_text_is_not_corrected(engine, text, year):  # noqa: F811
    assert engine.check(text, year=year).findings == []


def test_placeholders_are_found_even_inside_quotes(engine):  # noqa: F811
    assert ("placeholder-stars", "***") in marked(engine, "积极打造“***”宣讲品牌。", year=2026)


@pytest.mark.parametrize(
    "text",
    [
        "1.5亿元资金全部到位。",
        "2.3万人次参与线上答题。",
        "一、二季度共开展宣讲12场。",
        "1、2月份集中开展阵地排查。",
        "投入资金1.5亿元。",
    ],
)
def test_figures_are_not_headings(engine, text):  # noqa: F811
    lines = "一、主要工作\n（一）加强学习\n" + text + "\n（二）强化阵地\n"
    assert engine.check(lines, year=2026).findings == []


def test_numbering_restarts_in_each_part(engine):  # noqa: F811
    text = (
        "一、主要工作\n（一）组织领导\n1.压实责任\n2.健全制度\n（二）理论学习\n1.中心组学习\n"
        "二、存在的问题\n（一）学习不深\n（二）阵地短板\n三、下一步打算\n（一）深化学习\n"
    )
    assert engine.check(text, year=2026).findings == []


def test_continuous_numbering_through_the_report_is_allowed(engine):  # noqa: F811
    text = "一、主要工作\n（一）组织领导\n1.压实责任\n2.健全制度\n（二）理论学习\n3.中心组学习\n4.基层宣讲\n"
    assert engine.check(text, year=2026).findings == []


def test_numbering_jumps_and_skips_are_found(engine):  # noqa: F811
    found = marked(engine, "一、主要工作\n（一）组织领导\n（三）理论学习\n二、存在问题\n1.学习不深\n", year=2026)
    assert ("numbering-sequence", "（三）") in found and ("numbering-skip", "1.") in found


def test_half_width_punctuation_in_chinese_only(engine):  # noqa: F811
    assert marked(engine, "街道党工委高度重视,多次召开会议。", year=2026) == [("punctuation-halfwidth", ",")]
    for ok in ("上午9:30召开会议。", "按1:1比例配套。", "执行GB/T 9704-2012标准。", "共1,200人参加。"):
        assert engine.check(ok, year=2026).findings == [], ok


def test_positions_count_code_points_from_one(engine):  # noqa: F811
    text = "第一行\n𠀀𠀁XX街道"  # two characters outside the BMP before the placeholder
    (f,) = engine.check(text, year=2026).findings
    assert (f.line, f.column, f.text) == (2, 3, "XX")


def test_crlf_and_cr_lines(engine):  # noqa: F811
    for sep in ("\r\n", "\r", "\n"):
        (f,) = engine.check(f"标题{sep}正文{sep}XX街道", year=2026).findings
        assert f.line == 3
