"""Pages and assets generated from data, so that adding a YAML file is enough
to add a page (a sample, a phrase-bank part, a checklist).

Each feature appends a generator: a function (SiteData) -> iterable of Generated.
hooks/generate.py turns them into MkDocs files and, for pages, nav entries.

generate() remembers which data kinds each generator read; when `mkdocs serve` rebuilds,
a generator whose kinds are unchanged (the same objects: the loader keeps the objects of
unchanged files) is not run again — a phrase edit rebuilds no Word file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .html import front_matter_value
from .loader import track_reads

if TYPE_CHECKING:
    from .loader import SiteData


@dataclass(frozen=True)
class Generated:
    path: str  # path inside docs/, e.g. samples/old-town-2026-annual.md
    content: str | bytes  # Markdown (pages) or file content (assets; bytes for binary files such as .docx)
    nav_section: str | None = None  # top-level nav section to list the page under
    nav_title: str | None = None  # title in the nav
    order: tuple = ()  # sort key inside the section


def macro_page(title: str, call: str, *, description: str = "", extra_meta: str = "") -> str:
    """Markdown for a page whose whole body is one macro call (rendering opted in).
    `title` and `description` are plain text (from data): quoted and escaped here."""
    meta = f"---\nrender_macros: true\ntitle: {front_matter_value(title)}\n"
    if description:
        meta += f"description: {front_matter_value(description)}\n"
    return meta + extra_meta + "---\n\n" + "{{ " + call + " }}\n"


Generator = Callable[["SiteData"], Iterable[Generated]]

# Features register their generators here (see macros/__init__.py).
GENERATORS: list[Generator] = []


# name of a generator -> (kinds it read, the objects of those kinds then, what it made)
_last: dict[str, tuple[frozenset, dict, list[Generated]]] = {}


def _name(generator: Generator) -> str:
    return f"{generator.__module__}.{generator.__qualname__}"


def _now(site: SiteData, read):
    """The objects behind one read: a kind's objects, or one file's object."""
    if isinstance(read, str):
        return tuple(r.obj for r in site.records.get(read, []))
    kind, rel = read
    return next((r.obj for r in site.records.get(kind, []) if r.rel == rel), None)


def snapshot(site: SiteData, reads) -> dict:
    return {read: _now(site, read) for read in reads}


def _same(a, b) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))
    return a is b


def unchanged(site: SiteData, snap: dict) -> bool:
    """True if everything in `snap` is still the very same objects."""
    return all(_same(objs, _now(site, read)) for read, objs in snap.items())


Run = tuple[str, frozenset, list[Generated]]


def generate(site: SiteData) -> list[Run]:
    """Run every generator (or reuse its last output if what it read is unchanged)."""
    runs = []
    for generator in GENERATORS:
        name = _name(generator)
        last = _last.get(name)
        if last and last[0] and unchanged(site, last[1]):
            runs.append((name, last[0], last[2]))
            continue
        with track_reads() as reads:
            items = list(generator(site))
        _last[name] = (frozenset(reads), snapshot(site, reads), items)
        runs.append((name, frozenset(reads), items))
    return runs


def remember(site: SiteData, runs: list[Run]) -> None:
    """Take runs made from the same inputs by an earlier build (macros/diskcache.py)."""
    for name, reads, items in runs:
        _last[name] = (reads, snapshot(site, reads), items)
