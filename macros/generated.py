"""Pages and assets generated from data, so that adding a YAML file is enough
to add a page (a sample, a phrase-bank part, a checklist).

Each feature appends a generator: a function (SiteData) -> iterable of Generated.
hooks/generate.py turns them into MkDocs files and, for pages, nav entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .html import front_matter_value

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
