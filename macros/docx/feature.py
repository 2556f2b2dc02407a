"""Build-time Word files and the download link on each sample and blank-template page.

Every report of macros.reports.all_reports() becomes a .docx under docs/downloads/:
    downloads/samples/<sample id>.docx     (a 范文, page samples/<sample id>.md)
    downloads/templates/<type id>.docx     (a blank 模板, page templates/<type id>.md)
Links are relative to the page, so they work from file:// as well as from a server.

The page renderer calls download_html(report, page_path) in its downloads spot; pages
can also use the macro {{ docx_download('<sample id>') }} or {{ docx_download('template-<type id>') }}.
"""

from __future__ import annotations

import posixpath
import re

from ..generated import GENERATORS, Generated
from ..html import esc
from . import build_docx

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _is_blank(report) -> bool:
    return bool(getattr(report, "blank", getattr(report, "sample_id", None) is None))


def docx_path(report) -> str:
    """Where the report's .docx goes, relative to docs/."""
    if _is_blank(report):
        return f"downloads/templates/{report.type_id}.docx"
    return f"downloads/samples/{report.sample_id}.docx"


def page_path(report) -> str:
    """The report's page, relative to docs/ (see notes/ARCH.md's URL map)."""
    if _is_blank(report):
        return f"templates/{report.type_id}.md"
    return f"samples/{report.sample_id}.md"


def relative_url(target: str, from_page: str) -> str:
    """URL of docs/<target> from the HTML page built from docs/<from_page>
    (use_directory_urls is off: samples/x.md becomes samples/x.html)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def dated_title(report) -> str:
    """A sample's title, with its period when the title lacks the year (述职报告, 纪要, 汇报),
    so two years' reports can be told apart in a list or a download folder."""
    label = (getattr(report, "meta", None) or {}).get("period_label") or ""
    year = re.match(r"\d{4}", label)
    return f"{report.title}（{label}）" if year and year.group() not in report.title else report.title


def file_name(report) -> str:
    """The name the browser saves the file under: the dated title (a template's type name)."""
    if _is_blank(report):
        stem = f"{(getattr(report, 'meta', None) or {}).get('type_name') or report.type_id}（模板）"
    else:
        stem = dated_title(report)
    return _UNSAFE.sub("", stem) + ".docx"


def download_link_html(path_from_page: str, label: str, *, filename: str | None = None) -> str:
    """One download link; path_from_page is relative to the page (e.g. ../downloads/samples/x.docx)."""
    dl = f' download="{esc(filename)}"' if filename else " download"
    return (
        f'<a class="md-button docx-download__link" href="{esc(path_from_page)}"{dl} type="{DOCX_MIME}">{esc(label)}</a>'
    )


def download_html(report, from_page: str | None = None) -> str:
    """The downloads block of a report page: the link and a line on what the file holds."""
    blank = _is_blank(report)
    href = relative_url(docx_path(report), from_page or page_path(report))
    label = "下载 Word 模板（.docx）" if blank else "下载 Word 文档（.docx）"
    note = "按 GB/T 9704-2012 排版：A4，每面22行、每行28字，带页码。每行28字靠固定的字符间距排满，不用各软件算法不同的字符网格，在 Word、WPS 和 LibreOffice 中同样排列。"
    if blank:
        note += "黄色底纹处是要填写的内容，每处都是一个内容控件：在 Word 或 WPS 中单击它，直接输入即可替换。"
    note += "电脑上没有方正小标宋简体、仿宋_GB2312、楷体_GB2312 时，会用宋体、仿宋、楷体代替。"
    return (
        f'<div class="docx-download">{download_link_html(href, label, filename=file_name(report))}'
        f'<p class="docx-download__note">{esc(note)}</p></div>'
    )


def _reports(site):
    from ..reports import all_reports

    return all_reports(site)


def _downloads(site):
    for report in _reports(site):
        yield Generated(path=docx_path(report), content=build_docx(report))


GENERATORS.append(_downloads)


def register(env, site) -> None:
    def docx_download(key: str, from_page: str | None = None) -> str:
        from ..reports import render_blank, render_sample

        if key.startswith("template-"):
            report = render_blank(site, key.removeprefix("template-"))
        else:
            report = render_sample(site, key)
        return download_html(report, from_page)

    env.macro(docx_download, "docx_download")
