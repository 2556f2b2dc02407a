"""The home page is the hub (issue 14): every report type links its guide, blank template,
Word template and newest sample; the year-end calendar comes from the type data; on a
desktop screen the navigation is shown."""

from __future__ import annotations

import lxml.html
import pytest

from macros.features.overview import YEAR_END
from macros.validate import site_data


@pytest.fixture(scope="module")
def home(built_site):
    return lxml.html.fromstring((built_site / "index.html").read_text(encoding="utf-8"))


def test_every_type_row_links_guide_template_word_and_newest_sample(home, built_site):
    site = site_data()
    for t in site.report_types.types:
        (row,) = home.xpath(f'//div[contains(@class,"report-hub")]//tr[@data-type="{t.id}"]')
        hrefs = row.xpath(".//a/@href")
        newest = max((x for x in site.samples if x.type == t.id), key=lambda x: (x.date, x.id))
        assert hrefs == [
            f"guide/types/{t.id}.html",
            f"templates/{t.id}.html",
            f"downloads/templates/{t.id}.docx",
            f"samples/{newest.id}.html",
        ], t.id
        for h in hrefs:
            assert (built_site / h).is_file(), h
        assert t.name in row.text_content()


def test_year_end_calendar_lists_what_is_due_from_the_type_data(home):
    site = site_data()
    months = [int(m) for m in home.xpath('//ol[contains(@class,"writing-calendar")]/li/@data-month')]
    assert months == list(YEAR_END) == [11, 12, 1]
    for m in months:
        (li,) = home.xpath(f'//ol[contains(@class,"writing-calendar")]/li[@data-month="{m}"]')
        listed = {h.split("/")[-1].removesuffix(".html") for h in li.xpath(".//a/@href")}
        assert listed == {t.id for t in site.report_types.types if m in t.months}, m
    november = home.xpath('//li[@data-month="11"]')[0].text_content()
    assert "年度意识形态工作要点" in november and "年度工作情况报告" in november


@pytest.mark.browser
def test_desktop_home_page_shows_the_navigation(browser, site_url):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(site_url, wait_until="networkidle")
    nav = page.locator(".md-sidebar--primary")
    assert nav.is_visible()
    assert page.locator('.md-sidebar--primary a:has-text("写作指南")').first.is_visible()
    page.close()
