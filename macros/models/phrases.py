"""The phrase bank (表述库): one file per report part."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Id, StrictModel, Text, slot_names

Function = Literal[
    "总体评价",
    "背景依据",
    "过渡",
    "做法",
    "成效",
    "数据句式",
    "问题",
    "原因",
    "措施",
    "表态",
    "自我批评",
    # 工作要点专用
    "指导思想",
    "工作目标",
    "重点任务",
    "保障措施",
    # 会议纪要专用
    "会议概况",
    "会议意见",
    "议定事项",
    "责任分工",
]


class Phrase(StrictModel):
    id: Id
    text: Text = Field(description="表述正文；需要填写的地方写成【名称】")
    function: Function
    slots: dict[str, Text] = Field(default={}, description="正文中每个【名称】的含义")
    tags: list[Text] = Field(default=[], description="标签，如适用的报告类型")
    facts: list[Id] = Field(default=[], description="所依赖的时间事实 id（见 data/time_facts.yaml），决定适用年份")

    @model_validator(mode="after")
    def _slots_match_text(self):
        used = set(slot_names(self.text))
        declared = set(self.slots)
        if used - declared:
            raise ValueError(f"正文中的【{'】【'.join(sorted(used - declared))}】没有在 slots 中说明含义")
        if declared - used:
            raise ValueError(f"slots 中的“{'、'.join(sorted(declared - used))}”没有出现在正文中")
        return self


class PhrasePart(StrictModel):
    part: Text = Field(description="报告部分，如“理论学习”")
    slug: Id = Field(description="页面网址，如 theory-study")
    order: int = Field(ge=1, description="在表述库中的顺序")
    intro: Text = Field(description="本部分表述的用途，一两句话")
    phrases: list[Phrase] = Field(min_length=1)
