"""范文 and 模板 pages: one page per sample (data/samples/*.yaml) and per report type,
generated from data, plus the lists on samples/index.md and templates/index.md.

The reports themselves come from macros/reports (one Jinja template per type).
"""

from __future__ import annotations

from ..generated import GENERATORS, Generated, macro_page
from ..reports import html as report_html
from ..reports import render_sample, sorted_samples, type_ids


def pages(site):
    types = {t.id: t for t in site.report_types.types}
    for i, type_id in enumerate(type_ids(site)):
        t = types[type_id]
        yield Generated(
            path=f"templates/{type_id}.md",
            content=macro_page(
                f"{t.name}模板",
                f"template_page({type_id!r})",
                description=f"{t.name}的空白模板，需要填写的地方已标出",
            ),
            nav_section="报告模板",
            nav_title=t.name,
            order=(i,),
        )
    order = {tid: i for i, tid in enumerate(type_ids(site))}
    for x in sorted_samples(site):
        title = render_sample(site, x).title
        yield Generated(
            path=f"samples/{x.id}.md",
            content=macro_page(
                f"{title}（范文）",
                f"sample_page({x.id!r})",
                description=f"{types[x.type].name}范文，由虚构街道的示例数据生成",
            ),
            nav_section="范文",
            nav_title=report_html.nav_title_sample(site, x),
            order=(order.get(x.type, 99), x.year, x.quarter or 0, x.date.isoformat(), x.street),
        )


GENERATORS.append(pages)

# The Word downloads (issue 4, macros/docx) fill each page's <div class="downloads">.
try:
    from ..docx.feature import download_html as _docx_download_html
except ImportError:  # the Word export is optional for these pages
    _docx_download_html = None
if _docx_download_html is not None and _docx_download_html not in report_html.DOWNLOAD_LINKS:
    report_html.DOWNLOAD_LINKS.append(_docx_download_html)


def register(env, site) -> None:
    edit_uri = env.conf.get("edit_uri") if hasattr(env, "conf") else None

    @env.macro
    def sample_page(sample_id: str) -> str:
        """The page of one sample report: street profile, period, the report, its data file."""
        return report_html.sample_page(site, sample_id, edit_uri)

    @env.macro
    def template_page(type_id: str) -> str:
        """The page of one blank template, slots highlighted."""
        return report_html.template_page(site, type_id)

    @env.macro
    def samples_list() -> str:
        """The samples by report type, and the example streets (samples/index.md)."""
        return report_html.samples_index(site)

    @env.macro
    def templates_list() -> str:
        """The blank templates with their samples (templates/index.md)."""
        return report_html.templates_index(site)
