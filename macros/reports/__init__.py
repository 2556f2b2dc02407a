"""Sample reports (范文) and blank templates (模板): one Jinja template per report type.

Use from Python (the web pages and the Word export both do):

    from macros.validate import site_data
    from macros import reports

    site = site_data()
    r = reports.render(site, "annual", "shiliufang-2025-annual")   # a 范文
    t = reports.render(site, "annual")                             # the blank 模板
    r.title, r.blocks            # Block(level, text, number): level 1–4, "para", "signature"
    r.plain_text()               # what the page's “复制全文” button copies
    for rep in reports.all_reports(site): ...                      # every page's report
"""

from .document import Block, LayoutError, Report, cn_number, heading_number
from .render import (
    BLANK,
    RenderError,
    all_reports,
    find_sample,
    find_street,
    render,
    render_blank,
    render_sample,
    sorted_samples,
    type_ids,
)
from .types import SECTIONS, SHORT_NAMES, cn_date, period, period_label

__all__ = [
    "BLANK",
    "Block",
    "LayoutError",
    "RenderError",
    "Report",
    "SECTIONS",
    "SHORT_NAMES",
    "all_reports",
    "cn_date",
    "cn_number",
    "find_sample",
    "find_street",
    "heading_number",
    "period",
    "period_label",
    "render",
    "render_blank",
    "render_sample",
    "sorted_samples",
    "type_ids",
]
