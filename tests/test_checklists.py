"""清单: every checklist is a page with all its items and reasons; ticks persist
in the browser, reset clears them, and the page prints with empty boxes."""

from __future__ import annotations

import lxml.html
import pytest

from macros.features.checklists import checklist_markdown, storage_key
from macros.validate import site_data

IDS = {"responsibility", "before-submit", "venues", "online-incident"}
ROLES = ["党工委", "书记", "分管领导", "班子成员", "社区"]


@pytest.fixture(scope="module")
def site():
    return site_data()


def items(checklist):
    return [item for g in checklist.groups for item in g.items]


def test_the_four_checklists_exist(site):
    assert IDS <= {c.id for c in site.checklists}


def test_responsibility_checklist_is_by_role(site):
    c = next(c for c in site.checklists if c.id == "responsibility")
    titles = [g.title for g in c.groups]
    for role in ROLES:
        assert any(role in t for t in titles), (role, titles)


def test_before_submit_has_a_group_per_report_type(site):
    c = next(c for c in site.checklists if c.id == "before-submit")
    assert {g.report_type for g in c.groups if g.report_type} == {t.id for t in site.report_types.types}


def test_every_item_has_a_reason(site):
    for c in site.checklists:
        for item in items(c):
            assert item.reason.strip(), (c.id, item.id)


def test_renderer_emits_every_item(site):
    for c in site.checklists:
        md = checklist_markdown(site, c.id)
        for item in items(c):
            assert f'data-key="{storage_key(c.id, item.id)}"' in md


def test_every_checklist_page_renders_all_items_without_javascript(built_site, site):
    for c in site.checklists:
        doc = lxml.html.fromstring((built_site / "checklists" / f"{c.id}.html").read_text(encoding="utf-8"))
        toolbar = doc.xpath(f'//*[@data-checklist-toolbar="{c.id}"]')
        assert toolbar and toolbar[0].get("hidden") is not None  # JavaScript reveals it
        lis = doc.xpath(f'//ul[@data-checklist="{c.id}"]/li[contains(@class, "checklist-item")]')
        assert len(lis) == len(items(c)), c.id
        for li, item in zip(lis, items(c), strict=True):
            assert li.get("data-item") == item.id
            assert li.xpath('.//input[@type="checkbox"]'), item.id
            text = " ".join(li.text_content().split())
            assert " ".join(item.text.split()) in text and " ".join(item.reason.split()) in text, item.id
        for n, g in enumerate(c.groups, start=1):
            assert g.title in doc.text_content(), (c.id, n)


def test_index_lists_every_checklist(built_site, site):
    doc = lxml.html.fromstring((built_site / "checklists" / "index.html").read_text(encoding="utf-8"))
    hrefs = set(doc.xpath("//article//a/@href"))
    for c in site.checklists:
        assert f"{c.id}.html" in hrefs, c.id


# --- in the browser ---------------------------------------------------------------


def _tick_reload_reset(page, url, checklist):
    first, last = items(checklist)[0], items(checklist)[-1]
    page.on("dialog", lambda d: d.accept())
    page.goto(url)
    page.wait_for_selector(f'[data-checklist-toolbar="{checklist.id}"]:not([hidden])')
    box = page.locator(f'input[data-item="{first.id}"]')
    assert not box.is_checked()
    box.check()
    page.locator(f'input[data-item="{last.id}"]').check()
    assert page.locator(".checklist-done").inner_text() == "2"
    assert page.evaluate(f"localStorage.getItem('{storage_key(checklist.id, first.id)}')") == "1"

    page.reload()
    assert page.locator(f'input[data-item="{first.id}"]').is_checked()
    assert page.locator(f'input[data-item="{last.id}"]').is_checked()
    assert page.locator(".checklist-done").inner_text() == "2"

    page.click(".checklist-reset")
    assert page.locator(".checklist-box:checked").count() == 0
    assert page.locator(".checklist-done").inner_text() == "0"
    assert page.evaluate(f"localStorage.getItem('{storage_key(checklist.id, first.id)}')") is None
    page.reload()
    assert page.locator(".checklist-box:checked").count() == 0


@pytest.mark.browser
def test_tick_survives_reload_and_reset_clears(page, site_url, site):
    c = next(c for c in site.checklists if c.id == "responsibility")
    _tick_reload_reset(page, f"{site_url}checklists/{c.id}.html", c)
    assert page.request_log.external == []


@pytest.mark.browser
def test_ticks_are_kept_per_checklist(page, site_url, site):
    a, b = (next(c for c in site.checklists if c.id == i) for i in ("venues", "online-incident"))
    page.goto(f"{site_url}checklists/{a.id}.html")
    page.locator(f'input[data-item="{items(a)[0].id}"]').check()
    page.goto(f"{site_url}checklists/{b.id}.html")
    page.wait_for_selector(f'[data-checklist-toolbar="{b.id}"]:not([hidden])')
    assert page.locator(".checklist-box:checked").count() == 0


@pytest.mark.browser
def test_works_from_file_urls(page, built_site, site):
    c = next(c for c in site.checklists if c.id == "before-submit")
    _tick_reload_reset(page, (built_site / "checklists" / f"{c.id}.html").as_uri(), c)


@pytest.mark.browser
def test_prints_with_empty_boxes(page, site_url, site):
    c = site.checklists[0]
    page.goto(f"{site_url}checklists/{c.id}.html")
    page.locator(".checklist-box").first.check()
    page.emulate_media(media="print")
    assert not page.locator(".checklist-toolbar").is_visible()
    style = page.eval_on_selector(
        ".checklist-box:checked",
        "b => { const s = getComputedStyle(b); return [s.appearance || s.webkitAppearance, s.borderTopStyle]; }",
    )
    assert style == ["none", "solid"]
    assert page.locator(".checklist-reason").first.is_visible()
