"""范文 and 模板 (issue 3): every sample renders from its type's template; blank
templates carry no example figure or name; no two samples share a paragraph;
inconsistent example data fails with a clear message naming file, line and field.
The browser tests (copy buttons) are in test_samples_browser.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_mkdocs

from macros import reports
from macros.errors import DataError
from macros.reports import Block, LayoutError, Report
from macros.reports.document import cn_number, parse
from macros.reports.render import avg, pct
from macros.reports.types import SECTIONS
from macros.validate import load_site_data

CASES_FILE = Path(__file__).parent / "fixtures" / "bad_samples" / "cases.yaml"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))

# Fixed definitions the templates state in digits (age bands), not example figures.
TEMPLATE_NUMBERS = {"18", "35", "60"}
HEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")


@pytest.fixture(scope="module")
def site():
    return load_site_data()


@pytest.fixture(scope="module")
def samples(site):
    return {x.id: reports.render_sample(site, x) for x in reports.sorted_samples(site)}


@pytest.fixture(scope="module")
def blanks(site):
    return {t: reports.render_blank(site, t) for t in reports.type_ids(site)}


# --- coverage of the example data ----------------------------------------------------


def test_every_type_has_a_template_and_a_sample(site):
    types = set(reports.type_ids(site))
    assert set(SECTIONS) == types
    assert {x.type for x in site.samples} == types, "every report type needs at least one sample"
    assert len(site.samples) >= 8
    assert {x.year for x in site.samples} >= {2025, 2026}
    assert len(site.streets) >= 2


def test_every_sample_renders(site, samples):
    for x in site.samples:
        r = samples[x.id]
        assert isinstance(r, Report) and r.sample_id == x.id and not r.blank
        assert r.title and len(r.paragraphs()) >= 5, x.id
        levels = [b.level for b in r.blocks]
        # three level-1 parts (做法/问题/打算); an incident report has four (情况/经过/结果/问题和改进)
        assert levels.count(1) == (4 if x.type == "incident-report" else 3), x.id
        assert r.plain_text() == "\n".join([r.title, *(b.text for b in r.blocks)])
        assert r.slots() == [], f"{x.id}: a sample must have no 【slot】"
        assert street_name(site, x) in r.plain_text()


def street_name(site, x) -> str:
    return reports.find_street(site, x.street).name


def test_samples_read_as_finished_reports(samples):
    bad = re.compile(r"[XxＸ]{2}|\*\*|＊|某某|【|】|总书记新时代|[\u200b-\u200d\u2060\ufeff]")
    halfwidth = re.compile(r"[\u4e00-\u9fff][,;:?!()]|[,;:?!()][\u4e00-\u9fff]")
    for sid, r in samples.items():
        text = r.plain_text()
        assert not bad.search(text), (sid, bad.search(text).group(0))
        assert not halfwidth.search(text), (sid, halfwidth.search(text).group(0))
        assert '"' not in text and "'" not in text, sid
        if r.type_id != "incident-report":  # an incident report states facts, not the guiding thought
            assert "习近平新时代中国特色社会主义思想" in text, sid


def cites_spirit(type_id: str) -> bool:
    """Whether the type's template names the congress and plenum to study (f.spirit)."""
    return "f.spirit" in (ROOT / "macros/reports/templates" / f"{type_id}.txt.j2").read_text(encoding="utf-8")


def test_samples_cite_what_was_current_in_their_year(site, samples):
    for x in site.samples:
        text = samples[x.id].plain_text()
        if not cites_spirit(x.type):
            assert "全会精神" not in text, x.id
        elif x.date > dt.date(2025, 10, 23):  # after the 四中全会 closed
            assert "二十届四中全会精神" in text, x.id
        else:
            assert "二十届三中全会精神" in text and "四中全会" not in text, x.id
        if x.year == 2026 and x.type in ("annual", "half-year", "briefing"):
            assert "“十五五”开局之年" in text, x.id
        if x.year == 2025 and x.type in ("annual", "half-year"):
            assert "“十四五”收官之年" in text, x.id
        party = site.time_facts.anniversary("party-founding", x.year)
        for n in re.findall(r"建党(\d+)周年", text):
            assert int(n) == party, (x.id, n)
        for n in re.findall(r"新中国成立(\d+)周年", text):
            assert int(n) == site.time_facts.anniversary("prc-founding", x.year), (x.id, n)
    assert "建党105周年" in samples["shiliufang-2026-half-year"].plain_text()
    assert "建党104周年、新中国成立76周年" in samples["shiliufang-2025-annual"].plain_text()


def test_2027_work_plan_reads_its_year_from_the_time_facts(samples):
    text = samples["shiliufang-2027-work-plan"].plain_text()
    assert "2027年是“十五五”时期第二年，是中国共产党成立106周年、中国人民解放军建军100周年" in text
    assert "以优异成绩迎接党的二十一大召开" in text
    # a plan: every task has its lead unit and deadline, and nothing looks back
    assert text.count("（牵头单位：") == text.count("完成时限：") == 9
    assert "今年以来" not in text and "取得了" not in text


def test_work_plan_answers_every_problem_of_last_years_report(site):
    plan = reports.find_sample(site, "shiliufang-2027-work-plan")
    annual = reports.find_sample(site, plan.workplan.follows)
    answered = {t.answers for g in plan.workplan.groups for t in g.tasks if t.answers}
    assert annual.year == plan.year - 1 and answered == {p.title for p in annual.problems}


def test_secretary_report_speaks_in_the_first_person(site, samples):
    for x in site.samples:
        if x.type == "secretary-report":
            text = samples[x.id].plain_text()
            assert text.count("我") >= 10 and "包括我本人在内" in text, x.id


def test_derived_figures_are_computed(samples):
    text = samples["shiliufang-2025-annual"].plain_text()
    assert "其中市级以上媒体41篇、占24.4%" in text  # 41 / 168
    assert "平均每个社区16.2场" in text  # 146 / 9 communities
    assert "已整改16个，整改率94.1%" in text  # 16 / 17
    assert "尚未销号的2个" in text  # 11 − 9
    assert "占常住人口的12.7%" in text  # 7420 / 58400
    assert "实现基层党组织全覆盖" in text  # 52 of 52
    risk = samples["shiliufang-2026-q3-risk-analysis"].plain_text()
    assert risk.startswith("石榴坊街道2026年第三季度意识形态领域情况分析研判报告")
    assert "其中负面信息12条、占6.5%" in risk
    insp = samples["tinglanhu-2026-self-inspection"].plain_text()
    assert "尚未落实1项" in insp and "占社区总数的50%" in insp and "2026年11月9日至11月16日" in insp


def test_no_two_samples_share_a_paragraph(samples):
    seen: dict[str, str] = {}
    for sid, r in samples.items():
        for b in r.paragraphs():
            assert b.text not in seen, f"{sid} repeats a paragraph of {seen.get(b.text)}: {b.text[:40]}…"
            seen[b.text] = sid


# --- samples and their templates -------------------------------------------------------


def test_samples_keep_their_templates_fixed_text(samples, blanks, site):
    """Every heading of the blank template that has no slot appears in each sample of its type,
    and each heading with slots matches the sample's heading at the same place."""
    for x in site.samples:
        sample, blank = samples[x.id], blanks[x.type]
        sample_headings = [b.text for b in sample.blocks if b.is_heading]
        for b in blank.blocks:
            if not b.is_heading or b.level != 1:
                continue
            pattern = "".join(".+" if is_slot else re.escape(t) for t, is_slot in b.runs())
            assert any(re.fullmatch(pattern, h) for h in sample_headings), (x.id, b.text)
        for b in blank.blocks:
            if b.is_heading and not b.slots:
                assert b.text in sample_headings, (x.id, b.text)


def test_blank_templates_have_slots_and_hints(blanks, site):
    for type_id, r in blanks.items():
        assert r.blank and r.sample_id is None and r.key == f"template-{type_id}"
        names = r.slots()
        assert "街道名称" in names, type_id
        assert any(n.startswith("写") for n in names), f"{type_id}: narrative hints"
        assert len(set(names)) >= 12, type_id
        rtype = next(t for t in site.report_types.types if t.id == type_id)
        assert r.title == rtype.title_pattern


def test_blank_templates_hold_no_example_figure_or_name(blanks, samples, site):
    names = set()
    for s in site.streets:
        names |= {s.name, s.name.removesuffix("街道"), s.district, s.city, *s.communities}
    narrative = set()
    for x in site.samples:
        narrative |= {p.title for p in (x.problems or [])} | {p.title for p in (x.plans or [])}
        narrative.add(x.opening)
    for type_id, r in blanks.items():
        for b in r.all_blocks():
            body = HEADING_NUMBER.sub("", b.text) if b.is_heading else b.text
            if b.level == "row":  # a table row's 序号 numbers it, like a heading number
                body = "\t".join(b.cells[1:])
            for n in re.findall(r"\d+(?:\.\d+)?", body):
                assert n in TEMPLATE_NUMBERS, f"{type_id}: figure {n} in “{b.text[:40]}”"
            for name in names:
                assert name not in b.text, f"{type_id}: example name {name}"
            for t in narrative:
                assert t not in b.text, f"{type_id}: example text {t[:20]}"


# --- the line format ----------------------------------------------------------------------


def test_parse_numbers_headings_by_level():
    title, blocks = parse(
        "# 标题\n\n## 甲\n### 子\n正文一\n接着\n\n### 子二\n#### 细\n##### 更细\n## 乙\n### 子\n>> 落款\n"
    )
    assert title == "标题"
    assert [(b.level, b.text) for b in blocks] == [
        (1, "一、甲"),
        (2, "（一）子"),
        ("para", "正文一接着"),
        (2, "（二）子二"),
        (3, "1.细"),
        (4, "（1）更细"),
        (1, "二、乙"),
        (2, "（一）子"),
        ("signature", "落款"),
    ]
    assert blocks[1].number == "（一）" and blocks[1].body == "子"


@pytest.mark.parametrize("text", ["## 无标题", "# 甲\n# 乙", "# 甲\n### 跳级", "# 甲\n## "])
def test_parse_rejects_broken_layout(text):
    with pytest.raises(LayoutError):
        parse(text)


def test_numbers_and_figures():
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 35)] == ["一", "九", "十", "十一", "二十", "三十五"]
    assert pct(41, 168) == "24.4%" and pct(16, 16) == "100%" and pct(1, 8) == "12.5%" and pct(1, 3) == "33.3%"
    assert avg(146, 9) == "16.2" and avg(18, 9) == "2"
    assert Block("para", "甲【乙】丙").runs() == [("甲", False), ("【乙】", True), ("丙", False)]


def test_render_api(site):
    r = reports.render(site, "annual", "shiliufang-2025-annual")
    assert r.key == "shiliufang-2025-annual" and r.type_id == "annual"
    assert r.meta["street"] == "石榴坊街道" and r.meta["period_label"] == "2025年"
    assert reports.render(site, "annual").blank
    with pytest.raises(ValueError):
        reports.render(site, "half-year", "shiliufang-2025-annual")
    keys = [x.key for x in reports.all_reports(site)]
    assert len(keys) == len(set(keys)) == len(site.samples) + len(site.report_types.types)


# --- inconsistent data ----------------------------------------------------------------------


def make_bad_data(case: dict, dest: Path) -> tuple[Path, str, int]:
    """A copy of data/ with the case's edits; returns (data dir, edited file, line of the edit)."""
    data = dest / "data"
    shutil.copytree(ROOT / "data", data)
    source = data / case.get("copy_from", case["file"])
    text = source.read_text(encoding="utf-8")
    line = None
    for old, new in case["replace"]:
        assert text.count(old) == 1, f"fixture text {old!r} must occur exactly once"
        if line is None:
            line = text[: text.index(old)].count("\n") + 1 + case.get("line_offset", 0)
        text = text.replace(old, new)
    (data / case["file"]).write_text(text, encoding="utf-8")
    return data, f"data/{case['file']}", line


@pytest.mark.parametrize("name", sorted(CASES))
def test_inconsistent_data_fails_with_clear_message(name, tmp_path):
    case = CASES[name]
    data, file, line = make_bad_data(case, tmp_path)
    with pytest.raises(DataError) as err:
        load_site_data(data)
    message = str(err.value)
    for expected in case["expect"]:
        expected = expected.format(file=file, line=line)
        assert expected in message, f"{name}: message lacks {expected!r}:\n{message}"


def test_inconsistent_data_fails_the_build(tmp_path):
    data, file, line = make_bad_data(CASES["part_larger_than_whole"], tmp_path)
    result = run_mkdocs(tmp_path / "site", env={"HANDBOOK_DATA": str(data)})
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert f"{file} 第 {line} 行，字段 venues.fixed" in out and "部分大于整体" in out, out
    assert "Traceback" not in out, out
    assert not (tmp_path / "site" / "index.html").exists()
