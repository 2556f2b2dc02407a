"""MkDocs hook: the offline release (`make dist`, HANDBOOK_OFFLINE=1) leaves out what only
contributors need. Readers on an intranet can't reach the code host, so there is no edit
pencil and no `<details class="for-contributors">` box (a sample's data file, the checker's
command line). Online, those boxes stay, collapsed at the end of their page.

Word files are built under ASCII names and linked with download="<Chinese name>". Browsers
ignore that attribute for pages opened from file://, so in the offline release the files
themselves take the Chinese names and every link is rewritten to them."""

from __future__ import annotations

import html as htmllib
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import quote, unquote

from mkdocs.exceptions import PluginError
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


_DOWNLOAD_LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+\.docx)"[^>]*\bdownload="([^"]+)"[^>]*>')


def _page_dir(page: Path, site: Path) -> str:
    return posixpath.dirname(page.relative_to(site).as_posix())


def name_downloads_for_file_urls(site: Path) -> int:
    """Rename each linked .docx to its download name and rewrite the links; returns the count."""
    pages = sorted(site.rglob("*.html"))
    names: dict[str, str] = {}  # file path relative to the site -> its download name
    for page in pages:
        for m in _DOWNLOAD_LINK.finditer(page.read_text(encoding="utf-8")):
            target = posixpath.normpath(posixpath.join(_page_dir(page, site), unquote(htmllib.unescape(m[1]))))
            name = htmllib.unescape(m[2])
            if "/" in name or "\\" in name or names.setdefault(target, name) != name:
                raise PluginError(f"{target}: linked with two download names or a path ({name!r}, {names[target]!r})")
    renamed = {t: posixpath.join(posixpath.dirname(t), n) for t, n in names.items()}
    if len(set(renamed.values())) != len(renamed):
        raise PluginError("two Word files share one download name: make the report titles differ")
    for old, new in renamed.items():
        (site / old).rename(site / new)

    def link(m: re.Match, here: str) -> str:
        target = posixpath.normpath(posixpath.join(here, unquote(htmllib.unescape(m[1]))))
        new = quote(posixpath.relpath(renamed[target], here or "."))
        return m[0].replace(f'href="{m[1]}"', f'href="{htmllib.escape(new)}"', 1)

    for page in pages:
        text = page.read_text(encoding="utf-8")
        here = _page_dir(page, site)
        new_text = _DOWNLOAD_LINK.sub(lambda m, here=here: link(m, here), text)
        if new_text != text:
            page.write_text(new_text, encoding="utf-8")
    return len(renamed)


def on_post_build(config):
    if offline():
        name_downloads_for_file_urls(Path(config["site_dir"]))
