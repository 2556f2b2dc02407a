"""The 在线自查 page as a user meets it, in Chromium: findings grouped by rule with 改正 / 忽略,
全部改正 and 复制改正后的全文; a Word file with one comment per finding, made in the page; checking
in a worker with a progress state; a long paste that stays bounded; and the files report-check
refuses refused in the same words. Every wait has a time limit."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from test_checker_common import shared_engine

from macros.checker.engine import apply_fixes

pytestmark = pytest.mark.browser

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIMIT_MS = 30_000  # the longest any single wait may take

# Our own draft: half-width commas in many paragraphs, a placeholder (no fix), a year figure.
COMMAS = "\n".join(
    ["城南街道2025年意识形态工作情况报告"]
    + [f"第{i}项工作,由街道党工委统一部署,各社区抓好落实。" for i in range(1, 7)]
    + ["负责同志：XX。"]
)


def _open(page, url: str) -> None:
    page.set_default_timeout(LIMIT_MS)
    page.goto(url)
    page.wait_for_selector("#checker[data-ready=true]")


def _settled(page) -> None:
    page.wait_for_selector("#checker[data-checked]:not([data-busy])")


def _check(page, text: str) -> None:
    page.fill("#checker-input", text)
    page.click("#checker-run")
    _settled(page)


def _left(page) -> int:
    return int(page.get_attribute("#checker-status", "data-left"))


def _group(page, rule: str):
    return page.locator(f'#checker-findings li.checker-group[data-rule="{rule}"]')


def test_one_card_per_rule_with_the_first_places_and_the_rest_on_demand(page, site_url):
    _open(page, site_url + "check/index.html")
    _check(page, COMMAS)
    expected = [f for f in shared_engine().check(COMMAS, year=2025).findings if f.rule == "punctuation-halfwidth"]
    assert len(expected) == 12
    card = _group(page, "punctuation-halfwidth")
    assert card.count() == 1 and card.get_attribute("data-count") == "12"
    assert "×12" in card.inner_text() and "中文里的半角标点" in card.inner_text()
    places = card.locator("li.checker-place")
    assert places.count() == 5  # the first few places
    first = places.nth(0).inner_text()
    assert first.startswith("第2段") and "“第1项工作,由街道党工委" in first  # 第N段 and a short quote
    card.locator(".checker-more-btn").click()
    assert places.count() == 12
    assert card.locator(".checker-more-btn").count() == 0


def test_fix_one_ignore_one_then_fix_all_and_copy(page, site_url):
    _open(page, site_url + "check/index.html")
    _check(page, COMMAS)
    findings = shared_engine().check(COMMAS, year=2025).findings
    total = len(findings)
    assert _left(page) == total
    card = _group(page, "punctuation-halfwidth")

    card.locator("li.checker-place").nth(0).locator(".checker-fix").click()  # 改正 one
    _settled(page)
    fixed_one = apply_fixes(COMMAS, [findings[[f.rule for f in findings].index("punctuation-halfwidth")]])
    assert page.input_value("#checker-input") == fixed_one
    assert _left(page) == total - 1 and card.get_attribute("data-count") == "11"

    card.locator("li.checker-place").nth(0).locator(".checker-ignore").click()  # 忽略 one
    assert _left(page) == total - 2 and card.get_attribute("data-count") == "10"
    assert "已忽略 1 处" in page.inner_text("#checker-status")
    page.click("#checker-run")  # an ignored place stays ignored when the text is checked again
    _settled(page)
    assert _left(page) == total - 2

    page.click(".checker-fix-all")  # 全部改正: everything with a fix, except what was ignored
    _settled(page)
    text = page.input_value("#checker-input")
    assert text.count(",") == 1 and "XX" in text
    rest = shared_engine().check(text, year=2025).findings
    assert _left(page) == len(rest) - 1  # the ignored comma is still there, not counted
    assert all(f.fix is None for f in rest if f.rule != "punctuation-halfwidth")
    assert "需要人工修改" in page.inner_text("#checker-status")

    page.click(".checker-copy")
    page.wait_for_function("document.getElementById('checker-status').textContent.includes('已复制')")
    # the copy applies what is still fixable and not ignored: here nothing more
    assert page.evaluate("navigator.clipboard.readText()") == text


def test_one_fix_all_click_leaves_only_what_needs_a_person(page, site_url):
    """A PDF-copied draft whose first fixes uncover more (a joined line leaves a space): one
    click of 全部改正 ends where report-check --fix ends."""
    draft = (Path(__file__).parent / "fixtures" / "drafts" / "copied" / "f02_pdf_breaks_2026.txt").read_text(
        encoding="utf-8"
    )
    engine = shared_engine()
    first = engine.check(draft, year=2026)
    second = engine.check(apply_fixes(draft, first.findings), year=2026)
    assert any(f.fix for f in second.findings)  # the case this test is about: a second round is needed
    want = engine.fix_all(draft, year=2026)
    _open(page, site_url + "check/index.html")
    page.select_option("#checker-year", "2026")
    _check(page, draft)
    page.click(".checker-fix-all")
    _settled(page)
    assert page.input_value("#checker-input") == want.text
    assert _left(page) == len(want.left.findings)
    assert page.locator(".checker-fix-all").count() == 0  # nothing fixable is left
    assert "都需要人工修改" in page.inner_text("#checker-status")


def test_copy_applies_every_fix_without_clicking_them(page, site_url):
    _open(page, site_url + "check/index.html")
    _check(page, COMMAS)
    page.click(".checker-copy")
    page.wait_for_function("document.getElementById('checker-status').textContent.includes('已复制')")
    findings = shared_engine().check(COMMAS, year=2025).findings
    assert page.evaluate("navigator.clipboard.readText()") == apply_fixes(COMMAS, findings)
    assert page.input_value("#checker-input") == COMMAS  # the box itself is untouched


def test_results_print_without_controls_or_a_cut_off_box(page, site_url):
    _open(page, site_url + "check/index.html")
    _check(page, "\n".join([COMMAS] * 8))
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.checker-controls', '#checker-input', '.checker-actions', '.checker-place-actions',
                  '.checker-group-foot']
            .map(s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'))"""
    )
    assert all(hidden), hidden
    view = page.evaluate(
        "() => { const v = document.getElementById('checker-view'); return [v.scrollHeight, v.clientHeight]; }"
    )
    assert view[0] <= view[1] + 1, view  # the whole marked-up draft, not a scroll box
    pdf = page.pdf()
    assert len(pdf) > 1000


def test_on_a_phone_the_marked_up_text_is_not_a_scroll_box(browser, site_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    try:
        _open(page, site_url + "check/index.html")
        _check(page, "\n".join([COMMAS] * 8))
        v = page.evaluate(
            """() => { const v = document.getElementById('checker-view'), s = getComputedStyle(v);
                       return [s.overflowY, v.scrollHeight, v.clientHeight, document.scrollingElement.scrollWidth]; }"""
        )
        assert v[0] == "visible" and v[1] <= v[2] + 1 and v[3] <= 390, v
    finally:
        ctx.close()


def _docx(tmp_path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("城南街道2024年意识形态工作总结")
    p = d.add_paragraph()
    r = p.add_run("街道党工委高度重视,多次")
    r.bold = True
    p.add_run("召开专题会议，隆重庆祝建国70周年。")
    d.add_paragraph("负责同志：**同志")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "XX社区"
    t.cell(0, 1).text = "已完成"
    path = tmp_path / "草稿.docx"
    d.save(path)
    return path


def _anchored(path: Path) -> dict[str, str]:
    """comment id -> the body text between its commentRangeStart and commentRangeEnd."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out, open_ids = {}, []
    for el in root.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.append(el.get(W + "id"))
            out[el.get(W + "id")] = ""
        elif el.tag == W + "commentRangeEnd":
            open_ids.remove(el.get(W + "id"))
        elif el.tag == W + "t":
            for i in open_ids:
                out[i] += el.text or ""
    return out


def _chars(document) -> list[list[tuple[str, bool]]]:
    """Every body paragraph as (character, bold) pairs: the text and its formatting."""
    return [[(c, bool(r.bold)) for r in p.runs for c in r.text] for p in document.paragraphs]


def test_annotated_word_file_made_in_the_page(page, site_url, tmp_path):
    import docx

    src = _docx(tmp_path)
    _open(page, site_url + "check/index.html")
    page.wait_for_load_state("networkidle")  # the search worker's late script loads are not the checker's
    page.request_log.clear()
    page.set_input_files("#checker-file", str(src))
    _settled(page)
    with page.expect_download() as dl:
        page.click(".checker-annotate")
    assert dl.value.suggested_filename == "草稿（自查批注）.docx"
    out = tmp_path / "annotated.docx"
    dl.value.save_as(out)
    assert page.request_log.uploads == []  # nothing uploaded

    text = page.input_value("#checker-input")
    findings = shared_engine().check(text).findings
    original, annotated = docx.Document(src), docx.Document(out)
    comments = list(annotated.comments)
    assert len(comments) == len(findings) > 3
    assert {c.author for c in comments} == {"意识形态报告自查"}
    assert _chars(annotated) == _chars(original)  # body text and bold runs untouched
    assert [c.text for c in annotated.tables[0]._cells] == [c.text for c in original.tables[0]._cells]
    anchors = _anchored(out)
    lines = text.split("\n")
    by_id = {str(c.comment_id): c for c in comments}
    for cid, body in anchors.items():
        c = by_id[cid]
        f = next(f for f in findings if f.message in c.text)
        assert c.text.startswith(("错误：", "存疑：", "提示：")) and f"建议：{f.suggestion}" in c.text
        assert body == (f.text or lines[f.line - 1]), (body, f)  # on the marked text (a whole-text finding: its line)
    assert sorted(anchors) == sorted(by_id)


def test_annotated_word_file_opens_in_libreoffice(page, site_url, tmp_path):
    import docx

    if not Path("/usr/bin/soffice").exists():
        pytest.fail("LibreOffice (soffice) is missing: apt-get install -y libreoffice-writer")
    src = _docx(tmp_path)
    _open(page, site_url + "check/index.html")
    page.set_input_files("#checker-file", str(src))
    _settled(page)
    with page.expect_download() as dl:
        page.click(".checker-annotate")
    out = tmp_path / "annotated.docx"
    dl.value.save_as(out)
    before = _anchored(out)
    lo = tmp_path / "lo"
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for target in ("docx:MS Word 2007 XML", "pdf"):
        r = subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", target, "--outdir", str(lo), str(out)],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert r.returncode == 0, r.stderr
    assert (lo / "annotated.pdf").stat().st_size > 1000
    again = lo / "annotated.docx"  # LibreOffice read every comment on its text and wrote it back
    assert len(list(docx.Document(again).comments)) == len(before)
    assert sorted(_anchored(again).values()) == sorted(before.values())


def test_checking_runs_in_a_worker_with_a_progress_state(page, site_url):
    _open(page, site_url + "check/index.html")
    big = "\n".join([COMMAS.replace("XX", "城南社区")] * 2_000)  # about 370,000 characters
    page.evaluate("t => { const i = document.getElementById('checker-input'); i.value = t; void i.scrollHeight; }", big)
    page.wait_for_timeout(500)
    page.evaluate("document.getElementById('checker-run').click()")
    # the page answers scripts while the check runs: the check is not on its thread
    assert page.evaluate("document.getElementById('checker').hasAttribute('data-busy')")
    page.wait_for_selector(".checker-spinner", timeout=5000)
    assert "正在检查" in page.inner_text("#checker-status")
    _settled(page)
    assert page.get_attribute("#checker", "data-engine") == "worker"
    assert int(page.get_attribute("#checker", "data-checked")) == len(shared_engine().check(big).findings)


def test_a_5_mb_paste_is_bounded_and_typing_does_not_recheck_it(page, site_url):
    _open(page, site_url + "check/index.html")
    page.set_default_timeout(180_000)  # one check of 5 MB; the page stays free meanwhile
    lines = [
        f"第{i}次会议要求坚持把意识形态工作摆在重要位置{',' if i % 5 == 0 else '，'}定期研究部署。"
        for i in range(55_000)
    ]
    big = "城南街道2025年意识形态工作情况报告\n" + "\n".join(lines)
    assert len(big.encode("utf-8")) > 5_000_000
    page.evaluate(
        """t => { const i = document.getElementById('checker-input'); i.value = t;
                  i.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste'})); }""",
        big,
    )
    _settled(page)
    n = int(page.get_attribute("#checker", "data-checked"))
    assert n > 9_000
    page.wait_for_timeout(1500)  # the marked-up part is drawn in slices
    nodes = page.evaluate("document.querySelectorAll('#checker *').length")
    assert nodes < 25_000, nodes  # not one node per finding
    assert page.locator("li.checker-place").count() <= 5 * page.locator("li.checker-group").count()
    assert "只显示前" in page.inner_text("#checker-view-note")
    # a keystroke (the event only: typing into 5 MB in a text box costs the browser seconds itself)
    page.evaluate(
        "document.getElementById('checker-input').dispatchEvent(new InputEvent('input', {inputType: 'insertText', data: '好'}))"
    )
    page.wait_for_timeout(1500)
    assert page.get_attribute("#checker", "data-busy") is None  # no new check started by a keystroke
    assert "请点“检查”" in page.inner_text("#checker-status")


def _cli_message(path: Path) -> str:
    r = subprocess.run(
        [sys.executable, "-m", "macros.checker.cli", path.name],
        cwd=path.parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2, r.stdout + r.stderr
    return re.sub(r"^report-check: 错误：", "", r.stderr.strip())


def _bomb(tmp_path: Path, name: str) -> Path:
    """A .docx whose document.xml unpacks to 20 MB from a few kilobytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            for _ in range(20):
                f.write(b" " * (1 << 20))
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return path


def _lying_bomb(tmp_path: Path) -> Path:
    """The same, but its directory says document.xml is 1 KB: only counting the output stops it."""
    raw = bytearray(_bomb(tmp_path, "x.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        info = z.getinfo("word/document.xml")
    raw[info.header_offset + 22 : info.header_offset + 26] = (1024).to_bytes(4, "little")  # local header
    i = raw.find(b"PK\x01\x02")
    while i != -1:  # central directory entries
        n = int.from_bytes(raw[i + 28 : i + 30], "little")
        if raw[i + 46 : i + 46 + n] == b"word/document.xml":
            raw[i + 24 : i + 28] = (1024).to_bytes(4, "little")
        i = raw.find(b"PK\x01\x02", i + 4)
    path = tmp_path / "lying.docx"
    path.write_bytes(bytes(raw))
    return path


def _corrupted(tmp_path: Path) -> Path:
    raw = bytearray(_docx(tmp_path).read_bytes())
    i = raw.find(b"word/document.xml") + 40
    raw[i : i + 400] = os.urandom(400)  # the compressed body is garbage now
    path = tmp_path / "corrupted.docx"
    path.write_bytes(bytes(raw))
    return path


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "random.txt"
    path.write_bytes(os.urandom(64 * 1024))
    return path


@pytest.mark.parametrize("make", [_binary, lambda t: _bomb(t, "bomb.docx"), _lying_bomb, _corrupted])
def test_files_report_check_refuses_are_refused_in_the_same_words(page, site_url, tmp_path, make):
    path = make(tmp_path)
    expected = _cli_message(path)
    _open(page, site_url + "check/index.html")
    _check(page, COMMAS)  # results of an earlier draft must not stay on screen
    t0 = time.monotonic()
    page.set_input_files("#checker-file", str(path))
    page.wait_for_selector(".checker-status--error", timeout=10_000)
    assert time.monotonic() - t0 < 10
    shown = page.inner_text("#checker-status")
    assert shown == expected
    assert "Failed to fetch" not in shown
    assert page.locator("#checker-findings li").count() == 0
    assert page.locator(".checker-annotate").count() == 0
