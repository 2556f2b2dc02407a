"""表述库: counts, quality gates, and the page behaviour a user relies on."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from macros.features.phrases import valid_years
from macros.similarity import THRESHOLD, near_duplicates
from macros.validate import site_data

PARTS = [
    "开头与总体评价",
    "过渡与承接",
    "组织领导与责任制",
    "理论学习",
    "宣传与舆论引导",
    "网络意识形态与舆情",
    "阵地管理",
    "精神文明与文明实践",
    "风险防范化解",
    "存在问题",
    "原因分析",
    "下一步打算",
    "述职专用（第一人称、自我批评）",
    "结尾",
]


@pytest.fixture(scope="module")
def site():
    return site_data()


def all_phrases(site):
    return [(part, p) for part in site.phrases for p in part.phrases]


def test_every_part_is_there_with_enough_phrases(site):
    counts = {part.part: len(part.phrases) for part in site.phrases}
    assert sorted(counts) == sorted(PARTS)
    assert all(n >= 30 for n in counts.values()), counts
    assert sum(counts.values()) >= 600, sum(counts.values())


def test_no_near_duplicates(site):
    # THRESHOLD and its justification: macros/similarity.py
    pairs = near_duplicates([(p.id, p.text) for _, p in all_phrases(site)], THRESHOLD)
    assert not pairs, pairs[:10]


def test_similarity_catches_a_reworded_copy():
    """The gate is not vacuous: one swapped word still counts as a duplicate."""
    a = "坚持把理论学习中心组学习作为加强班子思想政治建设的重要抓手，全年围绕重点专题开展集中学习。"
    b = "坚持把理论学习中心组学习作为加强班子思想政治建设的关键抓手，全年围绕重点专题开展集中学习。"
    assert near_duplicates([("a", a), ("b", b)])


HALF_WIDTH = re.compile(r"[,;:?!()\"]")
PLACEHOLDER = re.compile(r"[XxＸ]{2}|\*\*|＊＊|某某|×{2}")


def test_phrase_text_is_clean(site):
    for _, p in all_phrases(site):
        assert not HALF_WIDTH.search(p.text), (p.id, p.text)
        assert not PLACEHOLDER.search(p.text), (p.id, p.text)
        assert "总书记新时代" not in p.text, p.id


def test_functions_spread_and_years_come_from_time_facts(site):
    functions = Counter(p.function for _, p in all_phrases(site))
    assert len(functions) >= 8, functions
    expired = [p for _, p in all_phrases(site) if (valid_years(site, p)[1] or 9999) < 2026]
    current = [p for _, p in all_phrases(site) if valid_years(site, p)[0] == 2026]
    assert expired and current, "the year filter needs phrases on both sides of 2026"


# --- built pages ------------------------------------------------------------


def test_every_phrase_is_on_its_page_without_javascript(built_site, site):
    for part in site.phrases:
        html = (built_site / "phrases" / f"{part.slug}.html").read_text(encoding="utf-8")
        assert re.search(r'<form [^>]*class="phrase-filters" hidden', html)
        for p in part.phrases:
            assert f'id="{p.id}"' in html, p.id


@pytest.mark.browser
def test_copy_button_copies_exactly_the_phrase(page, site_url, site):
    part = next(pt for pt in site.phrases if any(p.slots for p in pt.phrases))
    phrase = next(p for p in part.phrases if p.slots)  # one with highlighted slots
    page.goto(f"{site_url}phrases/{part.slug}.html#{phrase.id}")
    page.click(f"#{phrase.id} .copy-btn")
    page.wait_for_selector(f"#{phrase.id} .copy-btn.copy-ok")
    assert page.evaluate("navigator.clipboard.readText()") == phrase.text
    assert page.request_log.external == []


@pytest.mark.browser
def test_year_filter_hides_expired_and_shows_current(page, site_url, site):
    def pick(cond):
        return next((part, p) for part in site.phrases for p in part.phrases if cond(*valid_years(site, p)))

    cases = [
        (pick(lambda first, last: last is not None and last < 2026), {2026: False}),
        (pick(lambda first, last: first == 2026), {2026: True, 2025: False}),
    ]
    (_, expired), _ = cases[0]
    cases[0][1][valid_years(site, expired)[1]] = True  # shown again in its own last year
    for (part, phrase), expectations in cases:
        page.goto(f"{site_url}phrases/{part.slug}.html")
        for year, visible in expectations.items():
            page.select_option("form.phrase-filters select[name=year]", str(year))
            assert page.is_visible(f"#{phrase.id}") == visible, (phrase.id, year)


@pytest.mark.browser
def test_function_filter_narrows_the_list(page, site_url, site):
    part = site.phrases[0]
    fn = part.phrases[0].function
    page.goto(f"{site_url}phrases/{part.slug}.html")
    page.select_option("form.phrase-filters select[name=year]", "2026")
    page.select_option("form.phrase-filters select[name=function]", fn)
    shown = page.eval_on_selector_all(".phrase:not([hidden])", "els => els.map(e => e.dataset.function)")
    assert shown and set(shown) == {fn}


@pytest.mark.browser
def test_search_finds_a_phrase_by_a_distinctive_word(page, site_url, built_site, site):
    import jieba
    from test_search_offline import search

    pages = {p: p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")}
    part = next(pt for pt in site.phrases if pt.slug == "online")
    target = built_site / "phrases" / f"{part.slug}.html"
    word = None
    for p in part.phrases:
        for w in sorted(set(jieba.cut(p.text)), key=lambda w: (-len(w), w)):
            if len(w) >= 3 and sum(w in html for html in pages.values()) == 1 and w in pages[target]:
                word = w
                break
        if word:
            break
    assert word, "no distinctive word found"
    page.goto(site_url)
    results = search(page, word)
    assert results and results[0].split("#")[0].split("?")[0].endswith(f"phrases/{part.slug}.html"), (word, results[:3])


@pytest.mark.browser
def test_tag_filter_keeps_tags_with_spaces(page, site):
    """A tag may contain a space: filtering on it shows its phrases and no others."""
    from pathlib import Path

    from macros.features.phrases import filters_html, phrase_html
    from macros.models.phrases import Phrase, PhrasePart

    phrases = [
        Phrase(id="zz-a", text="甲街道坚持每月开展一次专题学习。", function="做法", tags=["年度 报告", "述职"]),
        Phrase(id="zz-b", text="乙街道坚持每季度开展一次专题研讨。", function="做法", tags=["年度"]),
        Phrase(id="zz-c", text="丙街道坚持每半年开展一次形势分析。", function="做法", tags=["报告"]),
    ]
    part = PhrasePart(part="测试", slug="zz-test", order=1, intro="测试用。", phrases=phrases)
    items = "".join(phrase_html(site, p) for p in phrases)
    page.set_content(f'{filters_html(site, part)}<div class="phrase-group">{items}</div>')
    page.add_script_tag(content=(Path(__file__).parent.parent / "docs/assets/javascripts/phrases.js").read_text())
    tag_select = "form.phrase-filters select[name=tag]"
    assert page.eval_on_selector_all(f"{tag_select} option", "os => os.map(o => o.value)") == [
        "",
        "年度",
        "年度 报告",
        "报告",
        "述职",
    ]
    expected = {
        "年度 报告": ["zz-a"],
        "年度": ["zz-b"],
        "报告": ["zz-c"],
        "述职": ["zz-a"],
        "": ["zz-a", "zz-b", "zz-c"],
    }
    for tag, ids in expected.items():
        page.select_option(tag_select, tag)
        assert page.eval_on_selector_all(".phrase:not([hidden])", "els => els.map(e => e.id)") == ids, tag
