"""One sample's .docx rendered by LibreOffice (headless) to PDF, measured with poppler.

Needs the Debian packages libreoffice-writer and poppler-utils (`make test` installs them)
and a CJK font (fonts-noto-cjk). The fonts the file names (方正小标宋简体, 仿宋_GB2312,
楷体_GB2312, 黑体, 宋体) are not installed here; a private fontconfig file maps them to
Noto Serif/Sans CJK SC, as Word and WPS substitute 宋体/仿宋/楷体 on a machine without them.

The file has a line grid and condensed character spacing instead of a character grid
(LibreOffice gives a character two cells of a grid narrower than the font: 14 characters
a line). The file as downloaded is checked for 22 lines a page, the line pitch, 28
characters a line, the page count, page numbers, and a title broken between words; the
blank template (content controls) is checked to lay out like the sample.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import unicodedata
from html import unescape
from pathlib import Path

import pytest

from macros.docx import build_docx, spec
from macros.validate import site_data

MM_PER_PT = 25.4 / 72
TOP_MM = spec.MARGIN_TOP / spec.TWIPS_PER_MM  # 37
BOTTOM_MM = (spec.PAGE_HEIGHT - spec.MARGIN_BOTTOM) / spec.TWIPS_PER_MM  # 262: 版心 bottom edge
LEFT_MM = spec.MARGIN_LEFT / spec.TWIPS_PER_MM  # 28
RIGHT_MM = (spec.PAGE_WIDTH - spec.MARGIN_RIGHT) / spec.TWIPS_PER_MM  # 184
CHAR_4HAO_MM = spec.SIZE_PAGE_NUMBER_PT * MM_PER_PT  # 4.94
PAGE_NUMBER_RE = re.compile(r"—\s*(\d+)\s*—")

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>
"""
SUBSTITUTES = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}


def _require_tools() -> None:
    missing = [t for t in ("soffice", "pdftotext", "pdftoppm", "pdfinfo", "pdffonts") if shutil.which(t) is None]
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: apt-get install -y libreoffice-writer poppler-utils "
            "fonts-noto-cjk (or run make test, which installs them)"
        )


@pytest.fixture(scope="module")
def lo(tmp_path_factory):
    """convert(docx bytes, name) -> PDF path, with a private LibreOffice profile and fontconfig."""
    _require_tools()
    root = tmp_path_factory.mktemp("lo")
    aliases = "\n".join(
        f'  <alias binding="same"><family>{k}</family><prefer><family>{v}</family></prefer></alias>'
        for k, v in SUBSTITUTES.items()
    )
    (root / "fonts.conf").write_text(FONTS_CONF.format(aliases=aliases), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(root / "fonts.conf"), "HOME": str(root)}

    def convert(data: bytes, name: str) -> Path:
        src = root / f"{name}.docx"
        src.write_bytes(data)
        r = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{root}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(root),
                str(src),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        pdf = root / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {src.name}:\n{r.stdout}\n{r.stderr}"
        return pdf

    return convert


@pytest.fixture(scope="module")
def report():
    """The longest sample, so that it has full pages."""
    from macros.reports import all_reports

    samples = [r for r in all_reports(site_data()) if not r.blank]
    return max(samples, key=lambda r: len(r.plain_text()))


@pytest.fixture(scope="module")
def word_pdf(lo, report):
    return lo(build_docx(report), "word")


@pytest.fixture(scope="module")
def blank_report():
    """The longest blank template (its title breaks over two lines)."""
    from macros.reports import all_reports

    blanks = [r for r in all_reports(site_data()) if r.blank]
    return max(blanks, key=lambda r: len(r.plain_text()))


@pytest.fixture(scope="module")
def blank_pdf(lo, blank_report):
    return lo(build_docx(blank_report), "blank")


# --- reading the PDF ------------------------------------------------------------------------


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def lines(pdf: Path) -> list[list[dict]]:
    """Text lines of each page: {text, x0, x1, y0, y1} in mm from the top-left corner."""
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        out = []
        for m in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S
        ):
            words = re.findall(r"<word [^>]*>(.*?)</word>", m.group(5), re.S)
            x0, y0, x1, y1 = (float(m.group(i)) * MM_PER_PT for i in (1, 2, 3, 4))
            out.append({"text": unescape("".join(words)), "x0": x0, "x1": x1, "y0": y0, "y1": y1})
        # one visual line may come as several <line>s: merge those sharing a baseline
        out.sort(key=lambda ln: (round(ln["y1"], 1), ln["x0"]))
        merged: list[dict] = []
        for ln in out:
            if merged and abs(merged[-1]["y1"] - ln["y1"]) < 1.0:
                m_ = merged[-1]
                m_.update(text=m_["text"] + ln["text"], x0=min(m_["x0"], ln["x0"]), x1=max(m_["x1"], ln["x1"]))
            else:
                merged.append(dict(ln))
        pages.append(merged)
    return pages


def body_lines(page: list[dict]) -> list[dict]:
    return [ln for ln in page if ln["y1"] <= BOTTOM_MM + 0.5]


def cells(text: str) -> float:
    return sum(1 if unicodedata.east_asian_width(c) in "FWA" else 0.5 for c in text if not c.isspace())


def dash_row_mm(pdf: Path, page: int, tmp: Path) -> tuple[float, float, float]:
    """(y of the 一字线's ink, leftmost and rightmost footer ink x), in mm, from a 300 dpi render."""
    stem = tmp / f"p{page}"
    subprocess.run(
        ["pdftoppm", "-r", "300", "-gray", "-f", str(page), "-l", str(page), str(pdf), str(stem)], check=True
    )
    pgm = next(tmp.glob(f"p{page}*.pgm"))
    data = pgm.read_bytes()
    header = data.split(b"\n", 3)
    w, h = map(int, header[1].split())
    px = header[3]
    per_mm = 300 / 25.4
    dash_rows, xs = [], []
    for y in range(int((BOTTOM_MM + 1) * per_mm), min(h, int((BOTTOM_MM + 15) * per_mm))):
        row = px[y * w : (y + 1) * w]
        dark = [x for x in range(w) if row[x] < 128]
        xs += dark
        run = best = 0
        for v in row:
            run = run + 1 if v < 128 else 0
            best = max(best, run)
        if best > 2.5 * per_mm:  # a horizontal stroke longer than 2.5 mm: the 一字线
            dash_rows.append(y)
    assert dash_rows, f"no 一字线 found below the 版心 on page {page}"
    return (sum(dash_rows) / len(dash_rows) / per_mm, min(xs) / per_mm, max(xs) / per_mm)


def predicted_lines(report) -> int:
    """Lines the report takes at 28 characters a line (20 for the 22 pt title)."""
    from macros.docx.title import title_lines

    n = len(title_lines(report.title, (report.meta.get("street", ""),))) + 1  # + the blank line below
    prev = None
    for b in report.blocks:
        if b.level == "signature":
            n += 1 + (prev != "signature")  # one blank line above the signature
        else:
            n += math.ceil((2 + cells(b.text)) / 28)
        prev = b.level
    return n


# --- the file as downloaded -------------------------------------------------------------------


def test_full_pages_hold_22_lines(word_pdf):
    pages = lines(word_pdf)
    assert len(pages) == page_count(word_pdf) >= 3
    counts = [len(body_lines(p)) for p in pages]
    assert max(counts) == 22, counts
    assert all(c >= 20 for c in counts[:-1]), counts  # a heading kept with its text may move a line on
    assert counts.count(22) >= (len(pages) - 1) // 2, counts
    # exact 28.95 pt line pitch throughout the body
    for page in pages[1:-1]:
        ys = [ln["y1"] for ln in body_lines(page)]
        steps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
        assert all(abs(s - spec.LINE_PITCH_PT * MM_PER_PT) < 0.2 for s in steps), steps
        # the 22nd line ends inside the 225 mm 版心
        assert TOP_MM < ys[0] and ys[-1] <= BOTTOM_MM


def test_page_numbers_odd_right_even_left_7mm_below(word_pdf, tmp_path):
    pages = lines(word_pdf)
    for n, page in enumerate(pages, 1):
        footer = [ln for ln in page if ln["y0"] > BOTTOM_MM]
        assert len(footer) == 1, (n, footer)
        m = PAGE_NUMBER_RE.fullmatch(footer[0]["text"].replace(" ", ""))
        assert m and int(m.group(1)) == n, footer[0]["text"]
    for n in (1, 2):
        y, x0, x1 = dash_row_mm(word_pdf, n, tmp_path)
        assert abs((y - BOTTOM_MM) - 7) <= 1.0, f"page {n}: 一字线 {y - BOTTOM_MM:.1f} mm below the 版心"
        if n % 2:  # 单页码居右空一字
            assert RIGHT_MM - 2 * CHAR_4HAO_MM < x1 < RIGHT_MM - 0.5 * CHAR_4HAO_MM, x1
        else:  # 双页码居左空一字
            assert LEFT_MM + 0.5 * CHAR_4HAO_MM < x0 < LEFT_MM + 2 * CHAR_4HAO_MM, x0


def test_libreoffice_substitutes_cjk_fonts(word_pdf):
    out = subprocess.run(["pdffonts", str(word_pdf)], capture_output=True, text=True, check=True).stdout
    names = [ln.split()[0].split("+")[-1] for ln in out.splitlines()[2:] if ln.strip()]
    assert any("CJK" in n for n in names), names
    assert any("Serif" in n for n in names) and any("Sans" in n for n in names), names  # 仿宋/宋/楷 vs 黑体


def char_counts(pdf: Path) -> list[float]:
    """Width in characters of each all-Chinese body line (headings and paragraphs)."""
    full = []
    for ln in (ln for p in lines(pdf) for ln in body_lines(p)):
        text = ln["text"].replace(" ", "")
        if not text or not all(unicodedata.east_asian_width(c) in "FWA" for c in text):
            continue
        if ln["x1"] > RIGHT_MM + 1 and text[-1] in "，。、；：？！”’）》":
            text = text[:-1]
        full.append(cells(text))
    return full


def test_28_characters_a_line(word_pdf):
    # A closing mark may hang in the right margin (Word's and LibreOffice's default
    # 允许标点溢出边界); it is not one of the 28 (char_counts drops it).
    full = char_counts(word_pdf)
    assert max(full) == 28, sorted(full)[-10:]
    long_lines = [c for c in full if c >= 20]
    assert long_lines.count(28) >= len(long_lines) // 2, long_lines


def test_page_count_matches_22_by_28(word_pdf, report):
    pages = lines(word_pdf)
    counts = [len(body_lines(p)) for p in pages]
    assert max(counts) == 22, counts
    expected = math.ceil(predicted_lines(report) / 22)
    assert abs(page_count(word_pdf) - expected) <= 1, (page_count(word_pdf), expected, counts)
    total = sum(counts)
    assert abs(total - predicted_lines(report)) <= max(3, 0.05 * total), (total, predicted_lines(report))


def test_title_breaks_between_words(blank_pdf, blank_report):
    from macros.docx.title import title_lines

    expected = title_lines(blank_report.title)
    assert len(expected) == 2, expected
    first = lines(blank_pdf)[0]
    got = [ln["text"].replace(" ", "") for ln in first[: len(expected)]]
    assert got == expected, got
    # centred: both lines' middles on the 版心's middle
    for ln in first[:2]:
        assert abs((ln["x0"] + ln["x1"]) / 2 - (LEFT_MM + RIGHT_MM) / 2) < 2, ln


def test_blank_template_lays_out_on_the_same_grid(blank_pdf):
    """Content controls change nothing in the layout: 22 lines, 28 characters a line."""
    pages = lines(blank_pdf)
    counts = [len(body_lines(p)) for p in pages]
    assert max(counts) == 22 and min(counts[:-1]) >= 20, counts
    assert max(char_counts(blank_pdf)) == 28
    text = "".join(ln["text"] for p in pages for ln in p)
    assert "【" in text and "】" in text
