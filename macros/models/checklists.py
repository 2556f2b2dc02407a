"""Checklists (清单) rendered as tickable lists."""

from __future__ import annotations

from pydantic import Field

from .base import Id, StrictModel, Text


class ChecklistItem(StrictModel):
    id: Id
    text: Text = Field(description="检查事项")
    reason: Text = Field(description="为什么要查，一句话")


class ChecklistGroup(StrictModel):
    title: Text = Field(description="分组名称，如“书记（第一责任人）”")
    report_type: Id | None = Field(
        default=None, description="只适用于某一报告类型时，填写其 id（见 data/report_types.yaml）"
    )
    items: list[ChecklistItem] = Field(min_length=1)


class Checklist(StrictModel):
    id: Id
    title: Text
    order: int = Field(ge=1)
    intro: Text = Field(description="什么时候用、谁来用")
    groups: list[ChecklistGroup] = Field(min_length=1)
