"""Feature modules: each exposes register(env, site_data) to add its macros,
and may append page generators to macros.generated.GENERATORS at import."""

from __future__ import annotations

from ..checker import site as checker_site  # 在线自查: rule set asset + 规则一览 page (GENERATORS)
from ..docx import feature as docx_downloads  # Word downloads (GENERATORS + docx_download macro)
from . import checklists, contributing, fill, glossary, guide, overview, phrases, samples, timeliness

FEATURES = [
    overview.register,
    timeliness.register,
    phrases.register,
    guide.register,
    glossary.register,
    checklists.register,
    samples.register,
    fill.register,
    docx_downloads.register,
    checker_site.register,
    contributing.register,
]
