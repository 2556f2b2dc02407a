"""MkDocs hook: `make serve` (mkdocs serve --dirty) renders again only the pages that an
edit changed, so a saved data file shows in about a second instead of a full rebuild.

The decisions are in macros/incremental.py: a page is rendered again when its Markdown
changed, when its macros read a data kind that changed, or, for everything that can change
every page (nav, glossary, search words, code, theme, mkdocs.yml), always. `mkdocs build`
and plain `mkdocs serve` are not affected.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import incremental  # noqa: E402
from macros.incremental import STATE  # noqa: E402
from macros.validate import site_data  # noqa: E402

SETUP = [ROOT / "macros", ROOT / "hooks", ROOT / "overrides", ROOT / "mkdocs.yml"]


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that the nav may be wrong; this hook keeps it right
    (it renders every page when the nav changes), and under --strict the warning would fail
    every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_startup(command, dirty):
    STATE.active = command == "serve" and dirty
    if STATE.active:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


@event_priority(-100)  # after hooks/generate.py added the generated pages and their nav
def on_files(files, config):
    if not STATE.active:
        return files
    site = site_data()
    setup = incremental.setup_key(config["nav"], SETUP)
    changed = incremental.changes(site) if STATE.objects else None
    every = setup != STATE.setup or bool(changed and changed & incremental.EVERY_PAGE)
    STATE.rebuilt = set()
    outputs = {f.dest_uri for f in files}
    if STATE.outputs:
        incremental.remove_outputs(Path(config["site_dir"]), STATE.outputs - outputs)
    STATE.outputs = outputs
    STATE.urls = {f.url for f in files.documentation_pages()}
    for uri in STATE.pages.keys() - {f.src_uri for f in files.documentation_pages()}:
        del STATE.pages[uri]
    for f in files.documentation_pages():
        content = f.content_string if f.generated_by else None
        rebuild = incremental.must_rebuild(
            f.src_uri, content, incremental.newer(f.abs_src_path, f.abs_dest_path), changed, every
        )
        f.is_modified = (lambda value: lambda: value)(rebuild)
        if rebuild:
            STATE.rebuilt.add(f.src_uri)
            STATE.content[f.src_uri] = incremental.content_hash(content)
    STATE.setup = setup
    return files


def on_nav(nav, config, files):
    if not STATE.active:
        return nav
    for page in nav.pages:  # pages not rendered again keep their title in the nav
        prev = STATE.pages.get(page.file.src_uri)
        if page.file.src_uri not in STATE.rebuilt and prev and prev.title:
            page.title = prev.title
    return nav


def on_page_context(context, page, config, nav):
    if STATE.active:
        STATE.titles[page.file.src_uri] = page.title
    return context


@event_priority(-100)
def on_post_build(config):
    if not STATE.active:
        return
    for uri in STATE.rebuilt:
        STATE.pages[uri] = incremental.PageState(
            content=STATE.content.get(uri, ""),
            reads=frozenset(STATE.reading.get(uri, ())),
            title=STATE.titles.get(uri),
        )
    STATE.objects = incremental.objects(site_data())
