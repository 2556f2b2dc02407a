"""MkDocs hook: the offline release (`make dist`, HANDBOOK_OFFLINE=1) leaves out what only
contributors need. Readers on an intranet can't reach the code host, so there is no edit
pencil and no `<details class="for-contributors">` box (a sample's data file, the checker's
command line). Online, those boxes stay, collapsed at the end of their page."""

from __future__ import annotations

import os
import re

from mkdocs.plugins import event_priority

_OPEN = re.compile(r'<details\b[^>]*class="[^"]*\bfor-contributors\b[^"]*"[^>]*>')
_TAG = re.compile(r"<(/?)details\b[^>]*>")


def offline() -> bool:
    return os.environ.get("HANDBOOK_OFFLINE") == "1"


@event_priority(100)  # before the macros plugin reads the config
def on_config(config):
    if offline():
        config["edit_uri"] = None
        config["extra"]["offline_release"] = True
    return config


def strip_contributor_boxes(html: str) -> str:
    """Remove every for-contributors <details> box, nested <details> inside it included."""
    out, pos = [], 0
    while (m := _OPEN.search(html, pos)) is not None:
        out.append(html[pos : m.start()])
        depth, end = 1, m.end()
        for tag in _TAG.finditer(html, m.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        else:
            end = len(html)
        pos = end
    out.append(html[pos:])
    return "".join(out)


@event_priority(-90)
def on_page_content(html, page, config, files):
    return strip_contributor_boxes(html) if offline() else html
