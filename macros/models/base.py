"""Shared building blocks for the data models.

Every model forbids unknown keys, so a misspelt field name in a YAML file
fails the build instead of being silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Stable identifiers: lower-case ASCII words joined by hyphens (used in URLs and anchors).
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# Chinese text fields must not be blank.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

SLOT_RE = re.compile(r"【([^【】]+)】")


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def slot_names(text: str) -> list[str]:
    """Names of the fill-in slots (【名称】) in a text, in order of appearance."""
    return SLOT_RE.findall(text)


def slot_runs(text: str) -> list[tuple[str, bool]]:
    """text cut into (piece, is_slot) runs; a slot piece keeps its 【】."""
    out, last = [], 0
    for m in SLOT_RE.finditer(text):
        if m.start() > last:
            out.append((text[last : m.start()], False))
        out.append((m.group(0), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out
