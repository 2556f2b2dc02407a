"""Facts that change with the year: congresses, plenums, plans, anniversaries
and expressions that have expired. Everything that depends on a report's year
(phrase validity, the checker, the timeliness table, sample reports) reads them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .base import Id, StrictModel, Text


class Anniversary(StrictModel):
    id: Id
    name: Text = Field(description="纪念对象，如“新中国成立”")
    base_year: int = Field(ge=1800, le=2100, description="起算年份，周年数 = 报告年份 − base_year")
    wordings: list[Text] = Field(
        min_length=1,
        description="常见写法，{n} 处为周年数，如“新中国成立{n}周年”",
    )

    def number(self, year: int) -> int:
        return year - self.base_year

    @model_validator(mode="after")
    def _wordings_have_n(self):
        for w in self.wordings:
            if "{n}" not in w:
                raise ValueError(f"写法“{w}”缺少 {{n}}（周年数的位置）")
        return self


class Event(StrictModel):
    """A party congress or plenary session that reports cite."""

    id: Id
    kind: Literal["congress", "plenum"]
    name: Text = Field(description="简称，如“党的二十届四中全会”")
    full_name: Text
    start: dt.date = Field(description="开幕日期")
    end: dt.date = Field(description="闭幕日期")
    spirit: Text = Field(description="报告中引用的写法，如“党的二十届四中全会精神”")
    summary: Text = Field(description="一句话说明主要内容")

    @property
    def first_year(self) -> int:
        """First report year that can cite the event."""
        return self.end.year

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.end < self.start:
            raise ValueError("闭幕日期早于开幕日期：请检查 start 和 end")
        return self


class Plan(StrictModel):
    """A five-year plan period."""

    id: Id
    name: Text = Field(description="如“十五五”")
    first_year: int = Field(ge=1950, le=2100)
    last_year: int = Field(ge=1950, le=2100)

    @model_validator(mode="after")
    def _years_in_order(self):
        if self.last_year < self.first_year:
            raise ValueError("last_year 早于 first_year")
        return self

    def year_label(self, year: int) -> str | None:
        if year == self.first_year:
            return f"“{self.name}”开局之年"
        if year == self.last_year:
            return f"“{self.name}”收官之年"
        if self.first_year < year < self.last_year:
            nth = "零一二三四五六七八九十"[year - self.first_year + 1]
            return f"“{self.name}”时期第{nth}年"
        return None


class Expression(StrictModel):
    """An expression that is right only within a span of report years."""

    id: Id
    text: Text = Field(description="表述本身")
    valid_from: int | None = Field(default=None, ge=1949, le=2100, description="最早适用的报告年份")
    valid_until: int | None = Field(default=None, ge=1949, le=2100, description="最后适用的报告年份")
    reason: Text = Field(description="为什么过时或何时起可用")
    instead: str | None = Field(default=None, description="建议的当前写法")
    replacement: str | None = Field(
        default=None,
        description="可以原样替换这个表述的当前写法（在线自查据此提供“改正”）；替换后句子不通顺的不要填",
    )

    @model_validator(mode="after")
    def _span(self):
        if self.valid_from is None and self.valid_until is None:
            raise ValueError("valid_from 与 valid_until 至少填写一个，否则这条表述不随年份变化，不必列入")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until 早于 valid_from")
        return self

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or year >= self.valid_from) and (
            self.valid_until is None or year <= self.valid_until
        )


class TimeFacts(StrictModel):
    first_year: int = Field(ge=2000, le=2100, description="时效性表的起始年份")
    last_year: int = Field(ge=2000, le=2100, description="时效性表的结束年份")
    anniversaries: list[Anniversary]
    events: list[Event]
    plans: list[Plan]
    expressions: list[Expression]

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for item in [*self.anniversaries, *self.events, *self.plans, *self.expressions]:
            if item.id in seen:
                raise ValueError(f"id “{item.id}”出现了两次：每条时间事实的 id 必须唯一")
            seen.add(item.id)
        return self

    # --- queries used by renderers and the checker -------------------------

    def ids(self) -> set[str]:
        return {i.id for i in [*self.anniversaries, *self.events, *self.plans, *self.expressions]}

    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def valid_years(self, fact_id: str) -> tuple[int | None, int | None]:
        """(first, last) report year in which a phrase depending on this fact is right."""
        for e in self.events:
            if e.id == fact_id:
                return e.first_year, None
        for p in self.plans:
            if p.id == fact_id:
                return p.first_year, p.last_year
        for x in self.expressions:
            if x.id == fact_id:
                return x.valid_from, x.valid_until
        return None, None

    def latest(self, kind: str, year: int) -> Event | None:
        """The most recent congress or plenum a report of `year` can cite."""
        done = [e for e in self.events if e.kind == kind and e.first_year <= year]
        return max(done, key=lambda e: e.end, default=None)

    def plan_label(self, year: int) -> str | None:
        for p in self.plans:
            label = p.year_label(year)
            if label:
                return label
        return None

    def anniversary(self, anniversary_id: str, year: int) -> int:
        for a in self.anniversaries:
            if a.id == anniversary_id:
                return a.number(year)
        raise KeyError(anniversary_id)
