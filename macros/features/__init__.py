"""Feature modules: each exposes register(env, site_data) to add its macros,
and may append page generators to macros.generated.GENERATORS at import."""
from __future__ import annotations

from . import overview, phrases, timeliness

FEATURES = [overview.register, timeliness.register, phrases.register]
