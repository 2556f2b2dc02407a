"""How the Word file lays out in LibreOffice (not a test): pages, lines a page, characters a line.

Renders the longest sample with LibreOffice (headless) to PDF twice: the file as built
(line grid + −0.25 pt character spacing) and, for comparison, the same file with the
character grid the handbook used before (docGrid linesAndChars, charSpace −849, no
character spacing), which LibreOffice reads differently from Word and WPS. Needs
soffice and poppler-utils, as tests/test_docx_render.py, whose PDF readers it reuses.

    .venv/bin/python bench/docx_layout_bench.py
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import test_docx_render as r  # noqa: E402

from macros.docx import build_docx  # noqa: E402
from macros.reports import all_reports  # noqa: E402
from macros.validate import site_data  # noqa: E402


def with_char_grid(data: bytes) -> bytes:
    """The same document with the old character grid instead of character spacing."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            body = src.read(name)
            if name == "word/document.xml":
                body = body.replace(
                    b'<w:docGrid w:type="lines" w:linePitch="579"/>',
                    b'<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/>',
                )
            elif name == "word/styles.xml":
                body = body.replace(b'<w:spacing w:val="-5"/>', b"")
            dst.writestr(name, body)
    return out.getvalue()


def measure(pdf: Path) -> dict:
    pages = r.lines(pdf)
    counts = [len(r.body_lines(p)) for p in pages]
    chars = r.char_counts(pdf)
    long_lines = [c for c in chars if c >= 10]
    return {
        "pages": r.page_count(pdf),
        "max lines a page": max(counts),
        "max chars a line": max(chars),
        "median chars a line": statistics.median(long_lines),
    }


def main() -> int:
    r._require_tools = lambda: None
    samples = [x for x in all_reports(site_data()) if not x.blank]
    report = max(samples, key=lambda x: len(x.plain_text()))
    data = build_docx(report)
    with tempfile.TemporaryDirectory() as tmp:
        convert = r.lo.__wrapped__(TmpFactory(Path(tmp))) if hasattr(r.lo, "__wrapped__") else None
        if convert is None:
            raise SystemExit("cannot reuse the LibreOffice fixture")
        rows = {
            "character grid (before)": measure(convert(with_char_grid(data), "grid")),
            "line grid + spacing (now)": measure(convert(data, "spacing")),
        }
    print(
        f"{report.key}: {len(report.plain_text())} characters; predicted {r.predicted_lines(report)} lines at 22 × 28"
    )
    for name, m in rows.items():
        print(f"  {name:28} " + ", ".join(f"{k} {v}" for k, v in m.items()))
    return 0


class TmpFactory:
    """Stands in for pytest's tmp_path_factory when a bench calls a test fixture."""

    def __init__(self, root: Path):
        self.root = root

    def mktemp(self, name: str) -> Path:
        p = self.root / name
        p.mkdir()
        return p


if __name__ == "__main__":
    sys.exit(main())
