"""Which pages a `mkdocs serve --dirty` rebuild must render again (hooks/incremental.py).

MkDocs' dirty mode rebuilds a page only when its Markdown file is newer than its HTML,
which misses every page made from data. This module remembers, per page, the data kinds
its macros read (loader.track_reads) and the content of generated pages, so that after a
data file is saved only the pages that read its kind are rendered again. Anything that
can change every page (the nav, the glossary or the search words, code, theme or
mkdocs.yml) renders them all.

The state lives here rather than in the hook because MkDocs re-executes hook files on
every rebuild; imported modules stay.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .loader import SiteData, _readers

# Kinds that hooks apply to every page: the glossary marks terms on all pages, the
# search words change how every page is indexed.
EVERY_PAGE = frozenset({"glossary", "search_terms"})


@dataclass
class PageState:
    content: str  # hash of a generated page's Markdown, "" for a file in docs/
    reads: frozenset  # kind names and (kind, file) pairs its macros read
    title: str | None


@dataclass
class State:
    active: bool = False  # `mkdocs serve --dirty`
    objects: dict[str, dict[str, object]] = field(default_factory=dict)  # see objects()
    setup: str = ""  # what changes every page: nav, code, theme, config
    pages: dict[str, PageState] = field(default_factory=dict)
    # this build: pages rendered again, their content hash, title and the kinds their macros read
    rebuilt: set[str] = field(default_factory=set)
    content: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)
    reading: dict[str, set] = field(default_factory=dict)
    # every file the last build wrote (dest URIs) and its pages' URLs: a file gone from the
    # sources (a deleted sample, page or Word file) is removed from the served site
    outputs: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)


STATE = State()


def remove_outputs(site_dir: Path, gone: set[str]) -> None:
    """Delete what the last build wrote for sources that no longer exist (dirty builds
    never clean the site folder)."""
    root = site_dir.resolve()
    for uri in gone:
        path = (root / uri).resolve()
        if path.is_relative_to(root) and path.is_file():
            path.unlink()


def objects(site: SiteData) -> dict[str, dict[str, object]]:
    """kind -> file -> its object (the loader keeps the object of an unchanged file)."""
    return {k: {r.rel: r.obj for r in recs} for k, recs in site.records.items()}


def changes(site: SiteData) -> set:
    """What changed since the last build: kind names, and (kind, file) for each file."""
    now = objects(site)
    out: set = set()
    for kind in now.keys() | STATE.objects.keys():
        a, b = now.get(kind, {}), STATE.objects.get(kind, {})
        files = {rel for rel in a.keys() | b.keys() if a.get(rel) is not b.get(rel)}
        if files:
            out.add(kind)
            out.update((kind, rel) for rel in files)
    return out


def setup_key(nav, roots: list[Path]) -> str:
    """The nav and the name, size and mtime of every file of code, theme and config."""
    h = hashlib.sha256(repr(nav).encode())
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in paths:
            if "__pycache__" not in p.parts:
                st = p.stat()
                h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def content_hash(content: str | bytes | None) -> str:
    if content is None:
        return ""
    data = content.encode() if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def must_rebuild(uri: str, content: str | None, source_newer: bool, changed: set | None, every: bool) -> bool:
    """Decide for one page. changed: what changed since the last build (None: unknown)."""
    prev = STATE.pages.get(uri)
    if every or changed is None or prev is None:
        return True
    if content is not None and content_hash(content) != prev.content:
        return True
    return (content is None and source_newer) or bool(prev.reads & changed)


def start_page(uri: str) -> None:
    """Called before a page's macros render: collect the kinds they read."""
    if STATE.active:
        reads = STATE.reading[uri] = set()
        _readers.append(reads)


def end_page(uri: str) -> None:
    reads = STATE.reading.get(uri)
    if reads is not None and reads in _readers:
        _readers.remove(reads)


def newer(src: str | None, dest: str) -> bool:
    if src is None:
        return True
    try:
        return os.path.getmtime(dest) < os.path.getmtime(src)
    except OSError:
        return True
