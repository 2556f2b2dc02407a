"""Small helpers for renderers: every piece of text from data is escaped here.

Renderers emit raw HTML blocks (one block, no blank lines inside), so Markdown
never re-interprets data text (an asterisk in a phrase stays an asterisk).
"""

from __future__ import annotations

import html

from .models.base import SLOT_RE


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


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
