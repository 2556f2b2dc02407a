"""Small helpers for renderers: every piece of text from data is escaped here.

Renderers emit raw HTML blocks (one block, no blank lines inside), so Markdown
never re-interprets data text (an asterisk in a phrase stays an asterisk).
"""

from __future__ import annotations

import json

from .models.base import SLOT_RE

# HTML's special characters, and those that Markdown and its extensions (emphasis,
# code, links, attribute lists `{ … }`, tables, abbreviations `*[…]`) or Jinja
# (`{{ }}`, `{% %}`) read as syntax. As character references they show the same,
# and no later layer re-reads them.
_REFS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_REFS |= {c: f"&#{ord(c)};" for c in "\\`*_{}[]|"}
_ESC = str.maketrans(_REFS)
_ESC_LINE = str.maketrans(_REFS | {"#": "&#35;"})


def esc(text: object) -> str:
    """Data text for HTML (element content or a quoted attribute) that may also pass
    through Markdown or Jinja: every character any of them reads as markup, as a reference."""
    return str(text).translate(_ESC)


def md_line(text: object) -> str:
    """Data text on one line of Markdown (a heading, a list item, a table cell, a link
    text, a nav or page title): `esc()`, with whitespace collapsed so a line break in
    data cannot start a block, and `#` escaped so a heading keeps a trailing one."""
    return " ".join(str(text).split()).translate(_ESC_LINE)


def front_matter_value(text: object) -> str:
    """A page title or description in YAML front matter. Material writes these into
    <title> and <meta> without escaping, so the value is HTML text (md_line), quoted."""
    return json.dumps(md_line(text), ensure_ascii=False)


def tooltip(text: object) -> str:
    """The value of a `title` attribute in page content.

    Material's content.tooltips inserts the title into the tooltip as HTML
    (innerHTML), so the title itself must be HTML text: `&` and `<` are escaped
    once for that layer, then the whole value once more for the attribute.
    The tooltip then shows exactly the text; only the browser's own tooltip
    (no JavaScript) would show `&amp;` or `&lt;` for those two characters.
    """
    return esc(str(text).replace("&", "&amp;").replace("<", "&lt;"))


def with_slots(text: str) -> str:
    """Escaped text with each 【slot】 wrapped in <mark class="slot">."""
    out, last = [], 0
    for m in SLOT_RE.finditer(text):
        out.append(esc(text[last : m.start()]))
        out.append(f'<mark class="slot">{esc(m.group(0))}</mark>')
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def block(html_text: str) -> str:
    """Make sure an HTML fragment stays one raw block in Markdown."""
    lines = [ln for ln in html_text.splitlines() if ln.strip()]
    return "\n" + "\n".join(lines) + "\n"
