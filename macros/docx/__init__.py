"""Word (.docx) downloads in GB/T 9704-2012 format for every sample and blank template.

- spec.py: every figure (page, margins, grid, fonts, sizes, page-number position) and why.
- make_reference.py: builds reference.docx, the styled base document (committed);
  `python -m macros.docx.make_reference [--check]`. ooxml.py: helpers for what python-docx lacks.
- build.py: build_docx(report) -> bytes.
- feature.py: the build-time generator (downloads/…/*.docx) and the download-link macro.
"""

from __future__ import annotations

__all__ = ["build_docx", "document_text"]


# python-docx is imported only when a Word file is built: a build whose Word files come
# from the cache (macros/diskcache.py) never needs it.
def build_docx(report, **options) -> bytes:
    from .build import build_docx as build

    return build(report, **options)


def document_text(*args, **kwargs):
    from .build import document_text as text

    return text(*args, **kwargs)
