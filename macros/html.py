"""Small helpers for renderers: every piece of text from data is escaped here.

Renderers emit raw HTML blocks (one block, no blank lines inside), so Markdown
never re-interprets data text (an asterisk in a phrase stays an asterisk).
"""

from __future__ import annotations

import html

from .models.base import SLOT_RE


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


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
