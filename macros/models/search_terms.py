"""Extra words for the search segmenter (jieba user dictionary).

Glossary terms are added automatically; list here the other words of the
field that must stay whole when the site is indexed.
"""

from __future__ import annotations

from pydantic import Field

from .base import StrictModel, Text


class SearchTerms(StrictModel):
    terms: list[Text] = Field(min_length=1, description="领域词，每条一个词")
