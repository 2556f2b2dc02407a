"""Profiles of the fictitious 街道 that the sample reports are about (data/streets/*.yaml).

Every name here is invented. Figures are the street's standing facts (population,
party members, venues); a sample report's own work figures live in the sample.
Percentages and counts that follow from these figures are computed, never typed.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from .base import Id, StrictModel, Text


class Street(StrictModel):
    id: Id = Field(description="英文短名，范文用它引用本街道，如 shiliufang")
    name: Text = Field(description="街道名称（虚构），以“街道”结尾，如“石榴坊街道”")
    district: Text = Field(description="所属区（虚构），如“临澜区”")
    city: Text = Field(description="所属市（虚构），如“澜江市”")
    character: Text = Field(max_length=20, description="一个短语概括街道类型，如“老城区街道”")
    location: Text = Field(description="在区内的位置，接在“位于【区】”之后，如“中部，是全区历史最悠久的老城片区”")
    features: Text = Field(description="一两句话介绍辖区特点（人口结构、产业、阵地等），用在工作汇报的基本情况中")
    as_of: dt.date = Field(description="以下数字的统计截止日期")
    area_km2: float = Field(gt=0, le=500, description="辖区面积（平方公里）")
    population: int = Field(ge=0, description="常住人口（人）")
    elderly_residents: int = Field(ge=0, description="其中60岁及以上常住人口（人）")
    young_residents: int = Field(ge=0, description="其中18至35岁常住人口（人）")
    communities: list[Text] = Field(min_length=1, description="下辖社区的名称（虚构），社区数由此计算")
    party_orgs: int = Field(ge=0, description="基层党组织数（个）")
    party_members: int = Field(ge=0, description="党员数（名）")
    elderly_party_members: int = Field(ge=0, description="其中60岁以上党员（名）")
    enterprises: int = Field(ge=0, description="辖区各类企业（家）")
    practice_stations: int = Field(ge=0, description="新时代文明实践站（个）")

    @field_validator("name")
    @classmethod
    def _ends_with_jiedao(cls, v: str) -> str:
        if not v.endswith("街道"):
            raise ValueError(f"街道名称“{v}”应以“街道”结尾，如“石榴坊街道”")
        return v

    @property
    def community_count(self) -> int:
        return len(self.communities)
