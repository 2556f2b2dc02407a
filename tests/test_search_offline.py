"""In Chromium: no request leaves the site, and Chinese search ranks domain terms right,
over HTTP and from file://."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def _page_text(site: Path, href: str) -> str:
    """Visible text of the built page a search result points to."""
    path = urlparse(href).path
    if href.startswith("file:"):
        file = Path(path)
    else:
        file = site / path.lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    html = file.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def search(page, query: str) -> list[str]:
    """Type a query into the search box; return the result pages' URLs, best first.

    The search worker builds its index after the page loads; a query typed before
    it is ready gets no answer, so type again until results arrive."""
    box = page.locator(".md-search__input")
    for attempt in range(6):
        # Chinese text arrives like an IME commit: the text lands in the box, then a key
        # is released (Material reads the box on keyup).
        box.fill(query)
        box.press("End")
        try:
            page.wait_for_selector(".md-search-result__list > li", timeout=5000)
            break
        except Exception:
            if attempt == 5:
                raise
    page.wait_for_timeout(300)  # let the list settle after the last keystroke
    links = page.eval_on_selector_all(
        ".md-search-result__list > li > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    # a page can appear once per matching section; keep the first (best) position of each page
    seen, pages = set(), []
    for href in links:
        key = href.split("#")[0].split("?")[0]
        if key not in seen:
            seen.add(key)
            pages.append(href)
    return pages


def assert_term_ranked_first(site: Path, results: list[str], term: str):
    assert results, f"no result for {term}"
    has = [term in _page_text(site, href) for href in results]
    assert has[0], f"first result for {term} lacks it: {results[0]}"
    # every page containing the term ranks above every page without it
    assert has == sorted(has, reverse=True), list(zip(results, has, strict=True))


def test_home_page_makes_no_external_request(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    assert "意识形态工作报告写作手册" in page.title()
    assert page.request_log.external == []
    assert len(page.request_log.urls) > 3  # the page, its CSS and scripts were really loaded


@pytest.mark.parametrize("term", ["一岗双责", "三审三校", "网评员"])
def test_domain_term_search_ranks_pages_with_the_term_first(page, site_url, built_site, term):
    page.goto(site_url, wait_until="networkidle")
    assert_term_ranked_first(built_site, search(page, term), term)
    assert page.request_log.external == []


def test_part_of_a_word_is_found(page, site_url, built_site):
    """落实 is a part of the jieba word 全面落实; sub-word indexing must still find it."""
    page.goto(site_url, wait_until="networkidle")
    results = search(page, "落实")
    assert results
    assert "落实" in _page_text(built_site, results[0])


def test_search_works_from_file_url(page, built_site):
    page.goto((built_site / "index.html").as_uri(), wait_until="load")
    results = search(page, "一岗双责")
    assert results and all(r.startswith("file://") for r in results)
    assert_term_ranked_first(built_site, results, "一岗双责")
    assert page.request_log.external == []


def search_or_none(page, query: str) -> list[str]:
    """Like search(), but returns [] when the search answers that nothing matches."""
    box = page.locator(".md-search__input")
    for _ in range(6):
        box.fill(query)
        box.press("End")
        try:
            page.wait_for_function(
                """() => document.querySelector('.md-search-result__list > li')
                         || /没有/.test(document.querySelector('.md-search-result__meta')?.textContent || '')""",
                timeout=5000,
            )
            break
        except Exception:
            continue
    page.wait_for_timeout(300)
    if page.locator(".md-search-result__list > li").count() == 0:
        return []
    return search(page, query)


def _content_text(site: Path, href: str) -> str:
    """A result page's text without its controls (buttons, the phrase filter's options)."""
    path = urlparse(href).path
    html = (site / path.lstrip("/")).read_text(encoding="utf-8")
    html = re.sub(r"<(script|style|select|button|form)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_a_year_finds_pages_about_it_not_filter_options(page, site_url, built_site):
    """The phrase pages' year filter offers every year; that must not make them results."""
    page.goto(site_url, wait_until="networkidle")
    results = search(page, "2027")
    assert "guide/timeliness.html" in results[0]
    for href in results:
        assert "2027" in _content_text(built_site, href), f"{href} is listed only for its controls"


def test_control_text_is_not_in_the_index(built_site):
    import json

    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        text = entry.get("text", "").replace("\u200b", "").replace(" ", "")
        assert "报告年份2019" not in text, entry["location"]
        # each paragraph's copy button (复制) sat at the end of its paragraph
        assert "复制</p>" not in text, entry["location"]


def test_a_word_the_site_never_mentions_finds_nothing(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    assert search_or_none(page, "二十二大") == []
    assert search_or_none(page, "二十二届一中全会") == []


def test_a_meeting_name_finds_only_pages_that_name_it(page, site_url, built_site):
    """Never partial matches on 二十 and 大 for a congress the page does not name."""
    page.goto(site_url, wait_until="networkidle")
    for href in search_or_none(page, "二十一大"):
        assert "二十一大" in _page_text(built_site, href), href


@pytest.mark.parametrize(
    ("query", "about"),
    [
        ("周年", "guide/timeliness.html"),
        ("2027年", "guide/timeliness.html"),
        ("述职报告", "guide/types/secretary-report.html"),
        ("研判报告", "guide/types/risk-analysis.html"),
        ("半年总结", "guide/types/half-year.html"),
        ("年度报告", "guide/types/annual.html"),
        ("自查报告", "guide/types/self-inspection.html"),
        ("工作汇报", "guide/types/briefing.html"),
    ],
)
def test_the_page_about_a_thing_ranks_first(page, site_url, query, about):
    page.goto(site_url, wait_until="networkidle")
    results = search(page, query)
    assert about in results[0], results[:3]
    assert len(results) > 1  # the keyword adds weight; other pages using the word are still found


# A writer looks a report type up by its usual names; its guide page must come first.
TYPE_NAMES = {
    "工作要点": "guide/types/work-plan.html",
    "要点": "guide/types/work-plan.html",
    "会议纪要": "guide/types/meeting-minutes.html",
    "纪要": "guide/types/meeting-minutes.html",
    "舆情处置": "guide/types/incident-report.html",
    "处置报告": "guide/types/incident-report.html",
}


@pytest.mark.parametrize("query", list(TYPE_NAMES))
def test_report_type_search_puts_its_guide_first(page, site_url, query):
    page.goto(site_url, wait_until="networkidle")
    results = search(page, query)
    assert results, query
    first = urlparse(results[0]).path
    assert first.endswith(TYPE_NAMES[query]), (query, results[:5])
    assert page.request_log.external == []
