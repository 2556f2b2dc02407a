"""写作指南: every guidance page follows the one pattern, links to its template,
samples, phrases, checklist and checker rules, and year-dependent facts come
from data/time_facts.yaml (2026: 77 and 105)."""

from __future__ import annotations

import datetime as dt
import re

import lxml.html
import pytest
from conftest import ROOT

from macros.features.overview import year_facts
from macros.validate import site_data

TYPES = [
    "half-year",
    "annual",
    "secretary-report",
    "briefing",
    "risk-analysis",
    "self-inspection",
    "work-plan",
    "meeting-minutes",
    "incident-report",
]
PAGES = [f"types/{t}" for t in TYPES] + [
    "skeleton",
    "opening",
    "achievements",
    "problems",
    "plans",
    "closing",
    "numbers",
    "format",
    "timeliness",
    "common-errors",
    "glossary",
]
# The pattern of every guidance page: H2 anchors in this order.
PATTERN = ["when", "how", "good", "weak", "related"]
RELATED = {
    "template": r"templates/[a-z-]+\.html$",
    "samples": r"samples/index\.html$",
    "phrases": r"phrases/[a-z-]+\.html$",
    "checklist": r"checklists/[a-z-]+\.html(#[a-z0-9-]+)?$",
    "rule": r"check/rules\.html(#category-[a-z]+)?$",
}


@pytest.fixture(scope="module")
def site():
    return site_data()


def doc(built_site, page: str):
    return lxml.html.fromstring((built_site / "guide" / f"{page}.html").read_text(encoding="utf-8"))


def text_of(el) -> str:
    return re.sub(r"\s+", "", el.text_content())


def test_at_least_fifteen_guidance_pages():
    assert len(PAGES) >= 15
    for page in PAGES:
        assert (ROOT / "docs" / "guide" / f"{page}.md").exists(), page


def test_every_report_type_has_a_page(site):
    assert [t.id for t in site.report_types.types] == TYPES


@pytest.mark.parametrize("page", PAGES)
def test_page_follows_the_pattern(built_site, page):
    d = doc(built_site, page)
    ids = [h.get("id") for h in d.xpath("//article//h2")]
    assert [i for i in ids if i in PATTERN] == PATTERN, (page, ids)
    assert d.xpath('//article//div[contains(@class,"admonition") and contains(@class,"success")]'), page
    assert d.xpath('//article//div[contains(@class,"admonition") and contains(@class,"failure")]'), page
    # the reason follows each weak example
    weak = d.get_element_by_id("weak")
    after = []
    for el in weak.itersiblings():
        if el.tag == "h2":
            break
        after.append(text_of(el))
    assert any(s.startswith(("问题在哪", "原因")) for s in after), page


@pytest.mark.parametrize("page", PAGES)
def test_related_section_links_template_samples_phrases_checklist_and_rules(built_site, page):
    d = doc(built_site, page)
    related = d.get_element_by_id("related")
    hrefs = []
    for el in related.itersiblings():
        if el.tag == "h2":
            break
        hrefs += el.xpath(".//a/@href")
    for kind, pattern in RELATED.items():
        assert any(re.search(pattern, h) for h in hrefs), (page, kind, hrefs)


def test_type_pages_show_the_data_of_their_type(built_site, site):
    for t in site.report_types.types:
        d = doc(built_site, f"types/{t.id}")
        card = d.xpath(f'//table[contains(@class,"report-type-card") and @data-type="{t.id}"]')
        assert card, t.id
        card_text = text_of(card[0])
        for value in [t.audience, t.length, *t.required_parts]:
            assert re.sub(r"\s+", "", value) in card_text, (t.id, value)


def test_guide_index_and_nav_list_every_page(built_site):
    d = lxml.html.fromstring((built_site / "guide" / "index.html").read_text(encoding="utf-8"))
    hrefs = set(d.xpath("//article//a/@href"))
    nav_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]
    for page in PAGES:
        assert f"{page.split('/')[-1]}.html" in {h.split("/")[-1] for h in hrefs}, page
        assert f"guide/{page}.md" in nav_text, page


# --- time facts -------------------------------------------------------------------


def _rows(built_site):
    d = doc(built_site, "timeliness")
    table = d.get_element_by_id("time-facts")
    rows = {}
    for tr in table.xpath(".//tbody/tr"):
        cells = [text_of(td) for td in tr.xpath("./td")]
        rows[int(tr.get("data-year"))] = cells
    return rows


def test_time_facts_table_covers_2019_to_2027(built_site, site):
    rows = _rows(built_site)
    assert set(range(2019, 2028)) <= set(rows)
    for year, cells in rows.items():
        assert cells[1] == str(year - 1949) and cells[2] == str(year - 1921), year
        f = year_facts(site, year)
        # A row ends with what a report at the end of the year cites; after the horizon it says so.
        if site.time_facts.year_verified(year):
            assert cells[4].endswith(f["congress"]) and cells[5].endswith(f["plenum"]), year
        else:
            assert f["congress"] in cells[4] and f["plenum"] in cells[5] and "待核对" in cells[4], year


def test_time_facts_for_2026(built_site, site):
    year, prc, party, rounds, congress, plenum, campaigns, plan, expired = _rows(built_site)[2026]
    assert (prc, party) == ("77", "105")
    assert "红军长征胜利90周年" in rounds
    assert "党的二十大精神" in congress
    assert "党的二十届四中全会精神" in plenum
    assert ("待核对" in plenum) is not site.time_facts.year_verified(2026)
    assert "“十五五”开局之年" in plan
    for stale in ["全面建成小康社会决胜期", "扫黑除恶专项斗争", "深入学习贯彻党的十九大精神", "“十四五”收官之年"]:
        assert stale in expired, stale
    assert "“十五五”开局之年" not in expired


def test_time_facts_before_and_after_turning_points(built_site):
    rows = _rows(built_site)
    assert rows[2021][4] == "党的十九大精神" and "扫黑除恶专项斗争" not in rows[2021][8]
    assert rows[2023][4] == "党的二十大精神" and "深入学习贯彻党的十九大精神" in rows[2023][8]
    # By date: a meeting counts from the day it closed, not from 1 January of its year.
    assert rows[2024][5] == "党的二十届二中全会精神；7月18日起：党的二十届三中全会精神"
    assert rows[2025][5] == "党的二十届三中全会精神；10月23日起：党的二十届四中全会精神"
    assert rows[2022][4] == "党的十九大精神；10月22日起：党的二十大精神"
    assert "党的十九届七中全会精神" in rows[2022][5] and rows[2022][5].endswith("党的二十届一中全会精神")


def test_timeliness_page_explains_updating_and_expired_expressions(built_site, site):
    d = doc(built_site, "timeliness")
    body = text_of(d.xpath("//article")[0])
    assert "data/time_facts.yaml" in body and "如何更新这些数据" in body
    expired = d.get_element_by_id("expired")
    table = expired.getnext()
    while table is not None and table.tag != "table":
        table = table.getnext()
    for x in site.time_facts.expressions:
        assert re.sub(r"\s+", "", x.text) in text_of(table), x.id


def test_pages_state_this_years_facts(built_site, site):
    f = year_facts(site, dt.date.today().year)
    timeliness = text_of(doc(built_site, "timeliness").xpath("//article")[0])
    assert f"新中国成立{f['prc']}周年，中国共产党成立{f['party']}周年" in timeliness
    opening = text_of(doc(built_site, "opening").xpath("//article")[0])
    assert f"深入学习贯彻{f['congress']}和{f['plenum']}" in opening
    errors = text_of(doc(built_site, "common-errors").xpath("//article")[0])
    assert f"新中国成立{f['prc']}周年" in errors


# --- the Markdown sources ---------------------------------------------------------

HAN = "\u3400-\u9fff"
HALF_WIDTH_NEAR_HAN = re.compile(rf"[{HAN}][,;:?!()\"]|[,;:?!(\"][{HAN}]")


def _prose(md: str) -> str:
    """The Chinese prose of a guide page: without front matter, code, Jinja, links' targets,
    attribute lists, HTML tags and the weak examples (which show errors on purpose)."""
    md = re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S)
    md = re.sub(r"```.*?```", "", md, flags=re.S)
    md = re.sub(r"^!!! failure.*\n(?:(?: {4}.*)?\n)*", "", md, flags=re.M)
    md = re.sub(r"^(?:!!!|\?\?\?).*$", "", md, flags=re.M)  # admonition syntax: type "title"
    md = re.sub(r"\{[{%#].*?[}%#]\}", "", md)
    md = re.sub(r"`[^`]*`", "", md)
    md = re.sub(r"\]\([^)]*\)", "]", md)
    md = re.sub(r"<[^>]+>", "", md)
    return md


def test_guide_sources_use_full_width_punctuation():
    assert HALF_WIDTH_NEAR_HAN.search(_prose("落实,责任\n\n!!! failure\n\n    弱(例)\n"))
    assert not HALF_WIDTH_NEAR_HAN.search(_prose('!!! failure "弱"\n\n    弱(例)\n\n见[链接](a.md)中'))
    for path in sorted((ROOT / "docs" / "guide").rglob("*.md")):
        prose = _prose(path.read_text(encoding="utf-8"))
        bad = [m.group(0) for m in HALF_WIDTH_NEAR_HAN.finditer(prose)]
        assert not bad, (path.name, bad[:5])
        assert "总书记新时代" not in prose, path.name
