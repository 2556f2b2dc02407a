"""Reading, copying and printing as staff do (issue 18), in Chromium."""

from __future__ import annotations

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
    assert "报告年份" not in text  # the year filter's label and options are controls
