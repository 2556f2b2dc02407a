"""Glossary terms: rendered as a page and as hover definitions across the site."""

from __future__ import annotations

from pydantic import Field

from .base import Id, StrictModel, Text


class Term(StrictModel):
    id: Id
    term: Text = Field(description="术语，如“一岗双责”")
    definition: Text = Field(max_length=160, description="简短释义，一两句话，悬停时显示")
    aliases: list[Text] = Field(default=[], description="其他写法")
    related: list[Id] = Field(default=[], description="相关术语的 id")


class Glossary(StrictModel):
    terms: list[Term] = Field(min_length=1)
