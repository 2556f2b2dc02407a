"""How the 要点's 任务分工表 and the 纪要's 出席/请假/列席 lines lay out in LibreOffice (not a test).

Renders shiliufang-2027-work-plan and shiliufang-2026-meeting-minutes to PDF and prints:
the page the 附件 starts on, the table's outer rules against the 版心 edges and each
column's width against spec.TABLE_COLUMNS; for each 出席/请假/列席 line, where it starts
and where its wrapped line starts, in characters from the 版心's left edge — now, and as
before (the same lines as plain body paragraphs, which is how they were built until the
names block). Needs soffice and poppler-utils, as tests/test_docx_render.py, whose PDF
readers and LibreOffice fixture it reuses (and tests/test_docx_annex.py's rule finder).

    .venv/bin/python bench/docx_annex_bench.py
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import test_docx_annex as a  # noqa: E402
import test_docx_render as r  # noqa: E402
from docx_layout_bench import TmpFactory  # noqa: E402

from macros import reports  # noqa: E402
from macros.docx import build_docx, spec  # noqa: E402
from macros.validate import site_data  # noqa: E402


def table_figures(convert, tmp: Path, site) -> None:
    pdf = convert(build_docx(reports.render_sample(site, a.WORK_PLAN)), "plan")
    pages = r.lines(pdf)
    n = next(i for i, p in enumerate(pages, 1) if p and p[0]["text"].replace(" ", "") == "附件")
    rules = a._vertical_rules(pdf, n, tmp)
    print(f"{a.WORK_PLAN}: {len(pages)} pages, 附件 on page {n} (first line, x {pages[n - 1][0]['x0']:.1f} mm)")
    print(f"  table edges {rules[0]:.1f}–{rules[-1]:.1f} mm; 版心 {r.LEFT_MM:.1f}–{r.RIGHT_MM:.1f} mm")
    widths = [b - x for x, b in zip(rules, rules[1:], strict=False)]
    for (name, tw), got in zip(spec.TABLE_COLUMNS.items(), widths, strict=True):
        print(f"  {name}: {got:.1f} mm (spec {tw / spec.TWIPS_PER_MM:.1f} mm)")
    counts = [len(r.body_lines(p)) for p in pages[: n - 1]]
    print(f"  body lines on the pages before the 附件: {counts}")


def attendance_figures(convert, site) -> None:
    report = reports.render_sample(site, a.MINUTES)
    as_paras = dataclasses.replace(
        report,
        blocks=tuple(dataclasses.replace(b, level="para") if b.level == "names" else b for b in report.blocks),
    )
    char = spec.CHAR_PITCH_PT * r.MM_PER_PT
    for label, rep in (("before (body paragraphs)", as_paras), ("now (names lines)", report)):
        body = [ln for p in r.lines(convert(build_docx(rep), label.split()[0])) for ln in p]
        print(f"{a.MINUTES}, {label}:")
        for i, ln in enumerate(body):
            text = ln["text"].replace(" ", "")
            if text[:3] not in ("出席：", "请假：", "列席："):
                continue
            start = (ln["x0"] - r.LEFT_MM) / char
            nxt = body[i + 1] if i + 1 < len(body) else None
            wrap = ""
            if (
                nxt
                and nxt["text"].replace(" ", "")[:3] not in ("出席：", "请假：", "列席：")
                and nxt["y0"] - ln["y0"] < 15
            ):
                wrap = f", wrapped line at {(nxt['x0'] - r.LEFT_MM) / char:.2f} (first character after the colon: 5)"
            print(f"  {text[:2]} line starts at {start:.2f} characters{wrap}")


def main() -> int:
    r._require_tools()
    site = site_data()
    with tempfile.TemporaryDirectory() as tmp:
        convert = r.lo.__wrapped__(TmpFactory(Path(tmp)))
        table_figures(convert, Path(tmp), site)
        attendance_figures(convert, site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
