"""范文 and 模板 pages in Chromium: the copy buttons put exactly the report's plain
text on the clipboard, the page shows what a sample page must show, and the blank
template highlights its slots. Uses the session build of tests/conftest.py."""

from __future__ import annotations

import re

import pytest

from macros import reports
from macros.validate import load_site_data

pytestmark = pytest.mark.browser

ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
PAGES = [
    "samples/shiliufang-2025-annual",
    "samples/shiliufang-2025-secretary-report",
    "samples/tinglanhu-2026-self-inspection",
    "templates/annual",
    "templates/risk-analysis",
    # a table (任务分工表: rows copy as tab-separated cells) and 出席/列席 lines with a label
    "samples/shiliufang-2027-work-plan",
    "templates/work-plan",
    "samples/shiliufang-2026-meeting-minutes",
]


@pytest.fixture(scope="module")
def site():
    return load_site_data()


def report_of(site, path: str):
    kind, key = path.split("/")
    return reports.render_blank(site, key) if kind == "templates" else reports.render_sample(site, key)


def read_clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def clear_clipboard(page) -> None:
    page.evaluate("navigator.clipboard.writeText('')")


@pytest.mark.parametrize("path", PAGES)
def test_copy_all_gives_the_plain_text(path, site, site_url, page):
    report = report_of(site, path)
    page.goto(f"{site_url}{path}.html")
    clear_clipboard(page)
    page.click(f"button.copy-all[data-copy-target='doc-{report.key}']")
    page.wait_for_function("document.querySelector('button.copy-all').textContent === '已复制'")
    text = read_clipboard(page)
    assert text == report.plain_text()
    assert not ZERO_WIDTH.search(text) and "<" not in text and "复制" not in text


@pytest.mark.parametrize("path", PAGES)
def test_paragraph_button_copies_that_paragraph(path, site, site_url, page):
    report = report_of(site, path)
    page.goto(f"{site_url}{path}.html")
    blocks = report.all_blocks()
    paras = [i for i, b in enumerate(blocks) if b.level == "para"]
    for i in (paras[0], paras[len(paras) // 2], paras[-1]):
        clear_clipboard(page)
        page.click(f"button[data-copy-target='doc-{report.key}-{i}']")
        page.wait_for_function(
            "t => navigator.clipboard.readText().then(x => x === t)", arg=blocks[i].text, timeout=5000
        )
        assert read_clipboard(page) == blocks[i].text


def test_every_block_on_the_page_is_the_report_text(site, site_url, page):
    for path in PAGES:
        report = report_of(site, path)
        page.goto(f"{site_url}{path}.html")
        texts = page.evaluate(
            "id => Array.from(document.getElementById(id).querySelectorAll('[data-copy-block]'))"
            ".map(window.handbookPlainText)",
            f"doc-{report.key}",
        )
        assert texts == [b.text for b in report.all_blocks()], path
        assert page.locator(f"#doc-{report.key} .report-para .copy-btn").count() == len(report.paragraphs())


def test_sample_page_shows_profile_data_and_links(site, site_url, page):
    page.goto(f"{site_url}samples/shiliufang-2025-annual.html")
    body = page.inner_text("article")
    for expected in (
        "示例街道概况",
        "石榴坊街道（澜江市临澜区，虚构）",
        "报告时期",
        "2025年1月1日至2025年12月31日",
        "成文日期",
        "数据文件",
    ):
        assert expected in body, expected
    title = page.locator(".report-doc .report-title")
    assert title.evaluate("e => getComputedStyle(e).textAlign") == "center"
    para = page.locator(".report-doc .report-para").first
    font = para.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert para.evaluate("e => parseFloat(getComputedStyle(e).textIndent)") == pytest.approx(2 * font)
    hrefs = page.eval_on_selector_all("article a", "as => as.map(a => a.getAttribute('href'))")
    assert "../templates/annual.html" in hrefs
    assert "../guide/types/annual.html" in hrefs
    assert any(h.endswith("/blob/main/data/samples/shiliufang-2025-annual.yaml") for h in hrefs if h)
    details = page.locator("details.sample-data")
    assert details.count() == 1 and details.get_attribute("open") is None
    assert "id: shiliufang-2025-annual" in details.locator("code").text_content()
    assert page.locator("div.downloads").count() == 1


def test_template_page_highlights_slots(site, site_url, page):
    report = reports.render_blank(site, "briefing")
    page.goto(f"{site_url}templates/briefing.html")
    marks = page.eval_on_selector_all(f"#doc-{report.key} mark.slot", "ms => ms.map(m => m.textContent)")
    assert marks == [f"【{s}】" for s in report.slots()]
    assert page.locator("div.downloads").count() == 1
    hrefs = page.eval_on_selector_all("article a", "as => as.map(a => a.getAttribute('href'))")
    assert "../guide/types/briefing.html" in hrefs and "../samples/tinglanhu-2026-briefing.html" in hrefs


def test_index_pages_list_every_sample_and_template(site, site_url, page):
    page.goto(f"{site_url}samples/index.html")
    hrefs = page.eval_on_selector_all("article a", "as => as.map(a => a.getAttribute('href'))")
    for x in site.samples:
        assert f"{x.id}.html" in hrefs, x.id
    page.goto(f"{site_url}templates/index.html")
    hrefs = page.eval_on_selector_all("article a", "as => as.map(a => a.getAttribute('href'))")
    for t in reports.type_ids(site):
        assert f"{t}.html" in hrefs, t


def test_minutes_attendance_lines_hang_after_the_colon(site_url, page):
    """出席/请假/列席 on the page as in the Word file: a 黑体 label, wrapped lines aligned
    with the first character after the colon."""
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{site_url}samples/shiliufang-2026-meeting-minutes.html")
    got = page.evaluate(
        """() => {
        const lines = Array.from(document.querySelectorAll('.report-doc .report-names'));
        const p = lines.find(x => x.textContent.startsWith('列席'));
        const label = p.querySelector('.report-label');
        const text = label.nextSibling;  // "：党建办、…"
        const colon = document.createRange();
        colon.setStart(text, 0); colon.setEnd(text, 1);
        const all = document.createRange();
        all.selectNodeContents(text);
        const rects = Array.from(all.getClientRects());
        const tops = [...new Set(rects.map(r => Math.round(r.top)))];
        const wrapped = rects.filter(r => Math.round(r.top) === tops[tops.length - 1])[0];
        const c = colon.getBoundingClientRect();
        return {labels: lines.map(x => x.querySelector('.report-label').textContent),
                font: getComputedStyle(label).fontFamily, body: getComputedStyle(p).fontFamily,
                lines: tops.length, afterColon: c.right, wrapStart: wrapped.left,
                labelLeft: label.getBoundingClientRect().left,
                paraLeft: p.getBoundingClientRect().left, em: parseFloat(getComputedStyle(p).fontSize)};
    }"""
    )
    assert got["labels"] == ["出席", "请假", "列席"]
    assert "SimHei" in got["font"] and "SimHei" not in got["body"]
    assert got["lines"] >= 2, got  # the 列席 line wraps at this width
    # wrapped lines start 5 characters in: 左空二字 + “列席：”; the colon ends there too, give
    # or take the spacing justification adds to the first line
    assert abs(got["wrapStart"] - got["paraLeft"] - 5 * got["em"]) < 1, got
    assert abs(got["wrapStart"] - got["afterColon"]) < 0.15 * got["em"], got
    assert abs(got["labelLeft"] - got["paraLeft"] - 2 * got["em"]) < 1, got  # 左空二字
