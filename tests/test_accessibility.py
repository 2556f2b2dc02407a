"""Every built page: no serious or critical axe-core violation, and usable on a
360 px wide phone without horizontal scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")


@pytest.fixture(scope="module")
def pages(built_site):
    found = all_pages(built_site)
    assert len(found) > 20
    return found


def test_no_serious_accessibility_violation(browser, site_url, pages):
    assert AXE.exists(), "run `npm ci` (make test does it) to install axe-core"
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for rel in pages:
        page.goto(site_url + rel, wait_until="load")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
        )
        problems += [f"{rel}: {v}" for v in violations]
    context.close()
    assert not problems, "\n".join(problems[:40])


def test_pages_fit_a_phone_screen(browser, site_url, pages):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    too_wide = []
    for rel in pages:
        page.goto(site_url + rel, wait_until="load")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{rel}: {width}px")
    context.close()
    assert not too_wide, "\n".join(too_wide)


def test_no_script_error_or_missing_resource_on_any_page(browser, site_url, pages):
    """Every page loads without a JavaScript error or a failed request (a missing asset)."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    current = {"page": ""}
    page.on("pageerror", lambda e: problems.append(f"{current['page']}: {e}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"{current['page']}: console: {m.text}"))
    # A request aborted because the test navigates on (the search worker often starts late) is not
    # a missing asset; a missing asset answers 404, which the response handler catches.
    page.on(
        "requestfailed",
        lambda r: (
            r.failure != "net::ERR_ABORTED"
            and problems.append(f"{current['page']}: failed request {r.url} ({r.failure})")
        ),
    )
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{current['page']}: {r.status} {r.url}"))
    for rel in pages:
        current["page"] = rel
        page.goto(site_url + rel, wait_until="networkidle")
    context.close()
    assert not problems, "\n".join(problems[:30])


def test_dark_scheme_keeps_contrast(browser, site_url, pages):
    """Readers whose system is in dark mode get the slate palette: check one page of each kind."""
    kinds = {}
    for rel in pages:
        kinds.setdefault(rel.split("/")[0], rel)  # first page of each section
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    problems = []
    for rel in kinds.values():
        page.goto(site_url + rel, wait_until="load")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ['color-contrast']})).violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary).join(' | '))"""
        )
        problems += [f"{rel}: {v}" for v in found]
    context.close()
    assert not problems, "\n".join(problems)
