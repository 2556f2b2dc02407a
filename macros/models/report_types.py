"""The kinds of report the site covers (data/report_types.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .base import Id, StrictModel, Text


class ReportType(StrictModel):
    id: Id = Field(description="英文短名，用于网址，如 annual")
    name: Text = Field(description="中文名称，如“年度工作情况报告”")
    title_pattern: Text = Field(description="标题式样，如“【街道名称】【年份】年度意识形态工作情况报告”")
    voice: Literal["第一人称", "第三人称"] = Field(description="述职报告用第一人称“我”，其余以党工委名义")
    length: Text = Field(description="常见篇幅，如“3000—5000字”")
    audience: Text = Field(description="报送对象")
    when: Text = Field(description="什么时候写")
    required_parts: list[Text] = Field(min_length=2, description="必须具备的部分，按顺序")
    summary: Text = Field(description="一句话说明")
    phrase_tag: Text | None = Field(
        default=None,
        description="表述库中表示“适用于这类报告”的标签，如“年度报告”；在线填写时，某部分有带这一标签的表述，就只给出这些表述",
    )
    title_style: Literal["标题", "纪要标志"] = Field(
        default="标题",
        description="Word 文件中标题用的样式：纪要用红色的“纪要标志”（GB/T 9704—2012 第10.3条），其余用“标题”",
    )
    months: list[int] = Field(
        default=[], description="一年中通常要写它的月份（1—12），首页的年底写作日历由此生成；没有固定时间的不写"
    )

    @field_validator("months")
    @classmethod
    def _months(cls, v: list[int]) -> list[int]:
        bad = [m for m in v if not 1 <= m <= 12]
        if bad:
            raise ValueError(f"月份 {bad} 不对：months 只能写 1 至 12 的整数")
        if len(set(v)) != len(v):
            raise ValueError("months 中有重复的月份")
        return v


class ReportTypes(StrictModel):
    types: list[ReportType] = Field(min_length=1)
