"""Reading, copying and printing as staff do (issue 18), in Chromium."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

SAMPLE = "samples/shiliufang-2026-annual.html"


def _select_and_copy(page, selector: str) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    page.evaluate(
        """sel => { const s = window.getSelection(); s.removeAllRanges();
                    const r = document.createRange(); r.selectNodeContents(document.querySelector(sel));
                    s.addRange(r); }""",
        selector,
    )
    page.keyboard.press("Control+C")
    page.wait_for_timeout(200)
    return page.evaluate("navigator.clipboard.readText()")


def test_mouse_selection_of_a_sample_copies_no_button_label(page, site_url):
    page.goto(site_url + SAMPLE)
    text = _select_and_copy(page, ".report-doc")
    assert "石榴坊街道党工委" in text  # the selection really was copied
    assert "复制" not in text, text[:200]
    assert "¶" not in text
    # paragraphs stay paragraphs
    assert text.count("\n") >= 10


def test_mouse_selection_of_a_whole_phrase_page_copies_no_control_text(page, site_url):
    page.goto(site_url + "phrases/opening.html")
    text = _select_and_copy(page, "article")
    assert "坚持以习近平新时代中国特色社会主义思想为指导" in text or len(text) > 500
    assert "复制" not in text
    assert "¶" not in text
    # the year filter's options are controls (a notice that names 报告年份 is content)
    assert "2019年2020年" not in re.sub(r"\s+", "", text)


PHONE = {"width": 390, "height": 844}
PHONE_PAGES = [
    "index.html",
    "guide/timeliness.html",
    "guide/types/annual.html",
    "samples/shiliufang-2026-annual.html",
    "templates/annual.html",
    "phrases/opening.html",
    "checklists/responsibility.html",
    "check/index.html",
    "check/rules.html",
]

_TOO_WIDE = """() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('.md-main *, .md-header *')) {
    const r = el.getBoundingClientRect();
    if (r.width > vw + 1 && el.getClientRects().length) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.width));
  }
  return {vw, scroll: document.documentElement.scrollWidth, wide: out.slice(0, 5)};
}"""


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_pages_need_no_sideways_scrolling(browser, site_url, path, tmp_path):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # tables.js runs once Material has mounted the page
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    result = page.evaluate(_TOO_WIDE)
    context.close()
    assert result["scroll"] <= result["vw"], result
    assert result["wide"] == [], result


def test_phone_tables_become_labelled_cards(browser, site_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "guide/timeliness.html", wait_until="networkidle")
    page.wait_for_selector("table.table-cards")
    # every value keeps its column heading beside it
    labels = page.eval_on_selector_all(
        "table.table-cards tbody td:not(:first-child)", "els => els.map(e => getComputedStyle(e, '::before').content)"
    )
    context.close()
    assert labels and all(label not in ("none", "normal", '""') for label in labels)


def test_phone_header_shows_the_whole_site_name(browser, site_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "index.html", wait_until="networkidle")
    topic = page.locator(".md-header__topic").first
    assert topic.inner_text().strip() == "意识形态工作报告写作手册"
    widths = topic.evaluate("el => [el.scrollWidth, el.clientWidth]")
    context.close()
    assert widths[0] <= widths[1], widths


def test_desktop_tables_keep_their_grid(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "guide/timeliness.html", wait_until="networkidle")
    page.wait_for_timeout(300)
    assert page.locator("table.table-cards").count() == 0


def test_desktop_sidebar_name_is_not_drawn_over_the_items(page, site_url):
    """At 1280 px the sidebar scrolls to the current page; the site's name at its top must
    cover what scrolls under it, not be painted over the first items' text."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + SAMPLE, wait_until="networkidle")
    scrolled = page.evaluate("() => document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap').scrollTop")
    assert scrolled > 0  # the sidebar really scrolled to the current page
    clash = page.evaluate(
        """() => {
          const title = document.querySelector('.md-nav--primary > .md-nav__title');
          const r = document.createRange(); r.selectNodeContents(title);
          const text = [...r.getClientRects()].reduce((a, b) => a.bottom > b.bottom ? a : b);
          const out = [];
          // just below the name's letters, the title's own box must be on top, not a link
          for (let dy = 1; dy <= 6; dy++) {
            for (let x = text.left + 2; x < text.right; x += 12) {
              const el = document.elementFromPoint(x, text.bottom + dy);
              if (el && el.closest('.md-nav__link')) out.push([Math.round(x), dy, el.textContent.trim().slice(0, 12)]);
            }
          }
          return out;
        }"""
    )
    assert clash == [], clash[:5]


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """The site as `make dist` builds it (HANDBOOK_OFFLINE=1)."""
    from conftest import run_mkdocs

    site = tmp_path_factory.mktemp("offline-site")
    result = run_mkdocs(site, env={"HANDBOOK_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    return site


CONTRIBUTOR_ONLY = """() => ({
  edit: document.querySelectorAll('a.md-content__button, a[href*="/edit/"]').length,
  boxes: document.querySelectorAll('details.for-contributors').length,
  repo: [...document.querySelectorAll('a')].filter(a => /github|gitee|\\/blob\\//.test(a.href)).length,
  cli: document.querySelector('article').innerText.includes('report-check'),
})"""


@pytest.mark.parametrize("path", [SAMPLE, "check/index.html", "guide/timeliness.html"])
def test_offline_release_shows_nothing_for_contributors(page, offline_site, path):
    page.goto((offline_site / path).as_uri(), wait_until="load")
    found = page.evaluate(CONTRIBUTOR_ONLY)
    assert found == {"edit": 0, "boxes": 0, "repo": 0, "cli": False}, found
    assert page.request_log.external == []


def _download_name(browser, url: str, link: str) -> str:
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        with page.expect_download() as download:
            page.locator(link).first.click()
        return download.value.suggested_filename
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "link", "name"),
    [
        (SAMPLE, "a.docx-download__link", "石榴坊街道2026年度意识形态工作情况报告.docx"),
        (
            "samples/shiliufang-2025-secretary-report.html",
            "a.docx-download__link",
            "石榴坊街道党工委书记落实意识形态工作责任制述职报告（2025年）.docx",
        ),
        ("index.html", 'tr[data-type="annual"] a[href$=".docx"]', "年度工作情况报告（模板）.docx"),
    ],
)
def test_word_downloads_keep_their_chinese_names(browser, offline_site, site_url, path, link, name):
    """From the offline folder (file://, where browsers ignore download="…") and online alike."""
    assert _download_name(browser, (offline_site / path).as_uri(), link) == name
    assert _download_name(browser, site_url + path, link) == name


def test_every_word_link_of_the_offline_release_opens_a_file(offline_site):
    from urllib.parse import unquote

    links = 0
    for html_file in offline_site.rglob("*.html"):
        for href in re.findall(r'href="([^"#]+\.docx)"', html_file.read_text(encoding="utf-8")):
            links += 1
            assert (html_file.parent / unquote(href)).is_file(), f"{html_file.name}: {href}"
    assert links >= 20


def test_no_two_word_downloads_share_a_name(built_site):
    names = {}
    for html_file in built_site.rglob("*.html"):
        for href, name in re.findall(r'href="([^"]+\.docx)"[^>]*download="([^"]+)"', html_file.read_text("utf-8")):
            target = (html_file.parent / href).resolve()
            assert names.setdefault(name, target) == target, f"{name}: {target} and {names[name]}"
    assert len(names) >= 20


def test_online_sample_keeps_the_data_file_in_a_closed_box_at_the_end(page, site_url):
    page.goto(site_url + SAMPLE)
    box = page.locator("details.for-contributors")
    assert box.count() == 1 and box.get_attribute("open") is None
    assert "给贡献者" in box.locator("summary").first.inner_text()
    # it is the last thing in the article, after 相关页面
    last = page.evaluate(
        "() => { const a = document.querySelector('article'); const b = a.querySelector('details.for-contributors');"
        " return [...a.querySelectorAll('h2')].every(h => h.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    )
    assert last
    page.goto(site_url + "guide/timeliness.html")
    assert page.locator("a.md-content__button").count() >= 1  # the edit pencil stays online


def _print_state(page, button: str, scope: str | None = None):
    page.evaluate("window.print = () => {}")  # the dialog itself is the browser's
    if scope is not None:
        page.select_option(".checklist-scope", scope)
    page.click(button)
    page.emulate_media(media="print")
    return page.evaluate(
        """() => ({
          groups: [...document.querySelectorAll('.checklist-items')].filter(u => u.offsetParent !== null)
                    .map(u => u.getAttribute('data-report-type') || ''),
          headings: [...document.querySelectorAll('article h2')].filter(h => h.offsetParent !== null).length,
          ticks: [...document.querySelectorAll('.checklist-box')].filter(b => b.offsetParent !== null)
                    .map(b => getComputedStyle(b, '::before').content).filter(c => c.includes('✓')).length,
          signoff: (() => { const s = document.querySelector('.checklist-signoff');
                            return s && s.offsetParent !== null ? s.innerText : ''; })(),
        })"""
    )


def test_printed_checklist_keeps_ticks_one_type_and_signature_lines(page, site_url):
    page.goto(site_url + "checklists/before-submit.html")
    page.wait_for_selector(".checklist-toolbar:not([hidden])")
    boxes = page.locator(".checklist-box")
    boxes.nth(0).check()
    boxes.nth(1).check()
    types = page.eval_on_selector_all(".checklist-scope option", "os => os.map(o => o.value).filter(Boolean)")
    assert types, "the list has groups per report type"
    state = _print_state(page, ".checklist-print", types[0])
    assert state["ticks"] == 2  # ticks print as they are
    assert set(state["groups"]) == {"", types[0]}  # 通用 groups plus the chosen type only
    for label in ("执笔人", "审核人", "日期"):
        assert label in state["signoff"]


def test_blank_printout_has_empty_boxes_and_every_group(page, site_url):
    page.goto(site_url + "checklists/before-submit.html")
    page.wait_for_selector(".checklist-toolbar:not([hidden])")
    page.locator(".checklist-box").nth(0).check()
    state = _print_state(page, ".checklist-print-blank")
    assert state["ticks"] == 0
    all_types = page.eval_on_selector_all(
        ".checklist-items", "us => us.map(u => u.getAttribute('data-report-type') || '')"
    )
    assert state["groups"] == all_types
