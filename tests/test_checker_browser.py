"""The 在线自查 page in Chromium: findings listed and highlighted, the same as the Python engine;
.txt (GB18030) and .docx files read in the page; nothing requested while checking; pasted markup
stays text; works from file:// too. And the 规则一览 page lists every rule with its anchor."""

from __future__ import annotations

import re

import pytest
from test_checker_common import DRAFTS, shared_engine, shared_ruleset

pytestmark = pytest.mark.browser

DRAFT = (DRAFTS / "01-half-year-2024-copied.txt").read_text(encoding="utf-8")


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#checker[data-ready=true]")


def _settled(page) -> None:
    page.wait_for_selector("#checker[data-checked]:not([data-busy])", timeout=20_000)


def _check(page, text: str) -> None:
    page.fill("#checker-input", text)
    page.click("#checker-run")
    _settled(page)


def _finding_rules(page) -> list[str]:
    """Every finding's rule (one card per rule, each with its count), sorted."""
    _settled(page)
    groups = page.eval_on_selector_all(
        "#checker-findings li.checker-group", "els => els.map(e => [e.dataset.rule, +e.dataset.count])"
    )
    return sorted(rule for rule, n in groups for _ in range(n))


def _para(text: str, line: int) -> int:
    """第N段 of a line: non-empty lines counted from 1."""
    return sum(1 for x in text.split("\n")[:line] if x.strip(" \t\u3000"))


def test_findings_are_listed_and_highlighted_like_the_python_engine(page, site_url):
    _open(page, site_url + "check/index.html")
    _check(page, DRAFT)
    expected = shared_engine().check(DRAFT).findings
    assert _finding_rules(page) == sorted(f.rule for f in expected)
    f = next(f for f in expected if f.text)
    card = page.locator(f'#checker-findings li.checker-group[data-rule="{f.rule}"]').inner_text()
    assert f"第{_para(DRAFT, f.line)}段" in card and f.text in card and "建议：" in card
    whole = next(x for x in expected if not x.text)
    assert "全文" in page.locator(f'li.checker-group[data-rule="{whole.rule}"]').inner_text()
    marks = page.eval_on_selector_all("#checker-view mark", "els => els.map(e => e.textContent)")
    assert "建国70周年" in marks and "XX" in marks
    row = page.locator("#checker-para-9")  # paragraph numbers shown beside the text
    assert row.get_attribute("data-n") == "9" and row.text_content() == DRAFT.split("\n")[10]
    status = page.inner_text("#checker-status")
    assert "2024年" in status and "半年工作总结" in status and str(len(expected)) in status


def test_nothing_leaves_the_page_while_checking(page, site_url, tmp_path):
    import docx

    _open(page, site_url + "check/index.html")
    page.wait_for_load_state("networkidle")
    page.request_log.clear()
    _check(page, DRAFT)
    d = docx.Document()
    d.add_paragraph("城东街道2024年意识形态工作材料")
    d.add_paragraph("隆重庆祝建国70周年。")
    path = tmp_path / "draft.docx"
    d.save(path)
    page.set_input_files("#checker-file", str(path))
    page.wait_for_function("document.querySelector('#checker-input').value.includes('建国70周年')")
    page.select_option("#checker-year", "2019")
    _settled(page)
    page.wait_for_timeout(300)
    assert page.request_log.uploads == [], page.request_log.urls


def test_pasted_markup_stays_text(page, site_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, site_url + "check/index.html")
    evil = "<img src=x onerror=alert(1)>\n<script>alert(2)</script>XX街道"
    _check(page, evil)
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("#checker img, #checker-view script").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.text_content("#checker-view")
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#checker-findings")


def test_year_and_type_choices(page, site_url):
    _open(page, site_url + "check/index.html")
    _check(page, "街道隆重庆祝建国70周年。")
    page.select_option("#checker-year", "2019")
    assert _finding_rules(page) == []
    page.select_option("#checker-year", "2024")
    assert _finding_rules(page) == ["anniversary-number"]
    page.select_option("#checker-type", "half-year")
    assert _finding_rules(page).count("structure-missing-part") >= 2
    names = page.eval_on_selector_all("#checker-type option", "els => els.map(e => e.textContent)")
    assert [t["name"] for t in shared_ruleset()["types"]] == names[1:]


def test_a_gb18030_text_file(page, site_url, tmp_path):
    _open(page, site_url + "check/index.html")
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.encode("gb18030"))
    page.set_input_files("#checker-file", str(path))
    page.wait_for_function("document.querySelector('#checker-input').value.includes('河湾街道')")
    assert "anniversary-number" in _finding_rules(page)


def test_a_docx_with_a_table(page, site_url, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("城东街道2026年意识形态工作材料")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "负责人"
    t.cell(0, 1).text = "**同志"
    path = tmp_path / "draft.docx"
    d.save(path)
    _open(page, site_url + "check/index.html")
    page.set_input_files("#checker-file", str(path))
    page.wait_for_function("document.querySelector('#checker-input').value.includes('**同志')")
    assert page.input_value("#checker-input") == "城东街道2026年意识形态工作材料\n负责人\n**同志"
    page.wait_for_selector("#checker[data-checked]")
    assert _finding_rules(page) == ["placeholder-stars"]


def test_works_from_file_urls(browser, built_site):
    ctx = browser.new_context()
    page = ctx.new_page()
    try:
        page.goto((built_site / "check" / "index.html").as_uri())
        page.wait_for_selector("#checker[data-ready=true]")
        page.fill("#checker-input", DRAFT)
        page.click("#checker-run")
        assert len(_finding_rules(page)) == len(shared_engine().check(DRAFT).findings)
        assert page.get_attribute("#checker", "data-engine") == "worker"  # a real worker, even from file://
    finally:
        ctx.close()


def test_rules_page_lists_every_rule_and_category(built_site):
    html = (built_site / "check" / "rules.html").read_text(encoding="utf-8")
    data = shared_ruleset()
    for r in data["rules"]:
        assert f'id="rule-{r["id"]}"' in html, r["id"]
    for c in data["categories"]:
        assert f'id="category-{c["id"]}"' in html, c["id"]
    assert html.count('class="rule-flag"') == len(data["rules"])
    nav = (built_site / "check" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="rules\.html"[^>]*>\s*规则一览', nav)


def test_the_report_date_decides_a_meeting_and_the_horizon_gives_a_notice(page, site_url):
    from macros.validate import site_data

    h = site_data().time_facts.verified_through
    _open(page, site_url + "check/index.html")
    _check(page, "街道党工委深入学习贯彻党的二十届四中全会精神。")
    page.select_option("#checker-year", "2025")
    page.fill("#checker-date", "2025-10-22")
    page.dispatch_event("#checker-date", "change")
    _settled(page)
    assert _finding_rules(page) == ["stale-future-event"]
    assert "2025年10月22日" in page.inner_text("#checker-status")
    page.fill("#checker-date", "2025-10-23")
    page.dispatch_event("#checker-date", "change")
    _settled(page)
    assert _finding_rules(page) == []
    assert not page.is_visible("#checker-notice")
    later = h.replace(year=h.year + 1)
    page.select_option("#checker-year", str(later.year))
    page.fill("#checker-date", later.isoformat())
    page.dispatch_event("#checker-date", "change")
    _settled(page)
    assert page.is_visible("#checker-notice")
    assert f"时间事实核对至{h.year}年{h.month}月{h.day}日" in page.inner_text("#checker-notice")
