"""Facts that change with time: congresses, plenums, plans, campaigns (集中教育),
fixed formulas (提法), anniversaries and expressions that have expired. Everything
that depends on a report's date (phrase validity, the checker, the timeliness table,
sample reports) reads them.

Validity is by date: a report dated before a meeting closed cannot cite it. Where a
fact is only known to the year (`2024` instead of `2024-07-31`), it is read in the
way that cannot raise a false alarm: a start as 1 January, an end as 31 December.
The file says how far it is verified (`verified_through`); nothing after that date is
asserted, and readers are told so."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .base import Id, StrictModel, Text

# A day, or only the year when the day is not known for sure.
DateOrYear = dt.date | int

SOURCE = Field(
    description="出处：文件或会议的名称和日期，如“《中国共产党第二十届中央委员会第四次全体会议公报》（2025年10月23日）”"
)


def first_day(d: DateOrYear | None) -> dt.date | None:
    return dt.date(d, 1, 1) if isinstance(d, int) else d


def last_day(d: DateOrYear | None) -> dt.date | None:
    return dt.date(d, 12, 31) if isinstance(d, int) else d


def year_of(d: DateOrYear | None) -> int | None:
    return d if isinstance(d, int) or d is None else d.year


def cn_date(d: DateOrYear) -> str:
    return f"{d}年" if isinstance(d, int) else f"{d.year}年{d.month}月{d.day}日"


class Anniversary(StrictModel):
    id: Id
    name: Text = Field(description="纪念对象，如“新中国成立”")
    base_year: int = Field(ge=1800, le=2100, description="起算年份，周年数 = 报告年份 − base_year")
    wordings: list[Text] = Field(
        min_length=1,
        description="常见写法，{n} 处为周年数，如“新中国成立{n}周年”",
    )
    not_followed_by: list[Text] = Field(
        default=[],
        description="紧跟在写法之后时不是纪念日的词，如“建军100周年奋斗目标”中的“奋斗目标”",
    )
    source: Text = SOURCE

    def number(self, year: int) -> int:
        return year - self.base_year

    @model_validator(mode="after")
    def _wordings_have_n(self):
        for w in self.wordings:
            if "{n}" not in w:
                raise ValueError(f"写法“{w}”缺少 {{n}}（周年数的位置）")
        return self


class Event(StrictModel):
    """A party congress or plenary session that reports cite. An event that is due but not
    yet dated in the data (`expected_year`, no start or end) has an open end: phrases that
    look forward to it stay valid until a contributor adds its dates."""

    id: Id
    kind: Literal["congress", "plenum"]
    name: Text = Field(description="简称，如“党的二十届四中全会”")
    full_name: Text
    start: dt.date | None = Field(default=None, description="开幕日期；尚未召开的会议不填")
    end: dt.date | None = Field(default=None, description="闭幕日期；尚未召开的会议不填")
    expected_year: int | None = Field(
        default=None, ge=2000, le=2100, description="尚未召开的会议：按规定应召开的年份（不填日期时必填）"
    )
    spirit: Text = Field(description="报告中引用的写法，如“党的二十届四中全会精神”")
    summary: Text = Field(description="一句话说明主要内容")
    source: Text = SOURCE

    @property
    def held(self) -> bool:
        return self.end is not None

    @property
    def citable_from(self) -> dt.date:
        """First report date that can cite the event: the day it closed (for an event not yet
        held, 1 January of the year it is due — the earliest it could possibly close)."""
        return self.end if self.end else dt.date(self.expected_year, 1, 1)

    @property
    def first_year(self) -> int:
        """First report year in which the event may be cited (for some date in that year)."""
        return self.citable_from.year

    @model_validator(mode="after")
    def _dates_in_order(self):
        if (self.start is None) != (self.end is None):
            raise ValueError("start 和 end 要么都填（已召开的会议），要么都不填（尚未召开的会议）")
        if self.start is None and self.expected_year is None:
            raise ValueError("尚未召开的会议要填 expected_year（应召开的年份）；已召开的会议填 start 和 end")
        if self.end is not None and self.end < self.start:
            raise ValueError("闭幕日期早于开幕日期：请检查 start 和 end")
        return self


class Plan(StrictModel):
    """A five-year plan period."""

    id: Id
    name: Text = Field(description="如“十五五”")
    first_year: int = Field(ge=1950, le=2100)
    last_year: int = Field(ge=1950, le=2100)
    source: Text = SOURCE

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


class Campaign(StrictModel):
    """A party-wide 集中教育 with its span. While it runs, reports write “深入开展X”; after it
    ended they write “巩固拓展X成果”."""

    id: Id
    name: Text = Field(description="正式名称，如“党纪学习教育”")
    aliases: list[Text] = Field(default=[], description="常见的其他写法，如去掉顿号、引号的写法")
    start: DateOrYear = Field(description="开始日期（YYYY-MM-DD）；只知道年份时写年份")
    end: DateOrYear = Field(description="结束日期（YYYY-MM-DD）；只知道年份时写年份")
    source: Text = SOURCE

    @model_validator(mode="after")
    def _span(self):
        if last_day(self.end) < first_day(self.start):
            raise ValueError("end 早于 start")
        return self

    def span_label(self) -> str:
        if year_of(self.start) == year_of(self.end) and isinstance(self.start, int) and isinstance(self.end, int):
            return f"{self.start}年"
        return f"{cn_date(self.start)}—{cn_date(self.end)}"


class Formula(StrictModel):
    """A fixed formula (提法): exact items in a fixed order. An old form carries `until`
    (the day the current form replaced it) and `replaced_by`."""

    id: Id
    name: Text = Field(description="简称，如“四个意识”；没有简称的写主要内容")
    items: list[Text] = Field(min_length=2, description="各项，按规定的顺序")
    ordered: bool = Field(default=True, description="各项的顺序是否固定")
    joiner: Text = Field(default="、", description="正文中各项之间的写法，如“、”")
    since: DateOrYear | None = Field(default=None, description="这一写法开始使用的日期（拿不准就不填）")
    until: DateOrYear | None = Field(default=None, description="被新写法取代的日期（仍在使用的不填）")
    replaced_by: Id | None = Field(default=None, description="取代它的新写法的 id")
    note: Text | None = Field(default=None, description="使用时要注意的地方")
    source: Text = SOURCE

    @property
    def text(self) -> str:
        return self.joiner.join(self.items)

    @model_validator(mode="after")
    def _consistent(self):
        if len(set(self.items)) != len(self.items):
            raise ValueError("items 中有重复的项")
        if (self.until is None) != (self.replaced_by is None):
            raise ValueError("until 和 replaced_by 要一起填：写明旧写法何时被哪一条新写法取代")
        return self


class Expression(StrictModel):
    """An expression that is right only within a span of report years (or until an event opens)."""

    id: Id
    text: Text = Field(description="表述本身")
    valid_from: int | None = Field(default=None, ge=1949, le=2100, description="最早适用的报告年份")
    valid_until: int | None = Field(default=None, ge=1949, le=2100, description="最后适用的报告年份")
    until_event: Id | None = Field(
        default=None,
        description="到这次会议开幕为止适用（会议还没有日期时一直适用），如“迎接党的二十一大”",
    )
    early_ok: bool = Field(
        default=False,
        description="在 valid_from 之前的报告中出现不算错（如年底的报告迎接明年的大会）；在线自查不查早用",
    )
    reason: Text = Field(description="为什么过时或何时起可用")
    instead: str | None = Field(default=None, description="建议的当前写法")
    replacement: str | None = Field(
        default=None,
        description="可以原样替换这个表述的当前写法（在线自查据此提供“改正”）；替换后句子不通顺的不要填",
    )
    source: Text = SOURCE

    @model_validator(mode="after")
    def _span(self):
        if self.valid_from is None and self.valid_until is None and self.until_event is None:
            raise ValueError("valid_from、valid_until、until_event 至少填写一个，否则这条表述不随年份变化，不必列入")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until 早于 valid_from")
        return self

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or year >= self.valid_from) and (
            self.valid_until is None or year <= self.valid_until
        )


class Validity(StrictModel):
    """When a phrase depending on some facts is right: from a day (a meeting closed) to a
    day (an expression's last year ends, an awaited event opens). None: open."""

    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def first_year(self) -> int | None:
        return self.since.year if self.since else None

    @property
    def last_year(self) -> int | None:
        return self.until.year if self.until else None

    def on(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)

    def in_year(self, year: int) -> bool:
        """Right for some day of `year` (the year filter, when no date is known)."""
        return (self.since is None or self.since.year <= year) and (self.until is None or year <= self.until.year)

    def __and__(self, other: Validity) -> Validity:
        since = max((d for d in (self.since, other.since) if d), default=None)
        until = min((d for d in (self.until, other.until) if d), default=None)
        return Validity(since=since, until=until)


class TimeFacts(StrictModel):
    verified_through: dt.date = Field(
        description="核对至哪一天：此前的会议、集中教育和提法变化都已收入；此后的不作断言。核对后把它改为核对的日期"
    )
    first_year: int = Field(ge=2000, le=2100, description="时效性表的起始年份")
    last_year: int = Field(ge=2000, le=2100, description="时效性表的结束年份")
    anniversaries: list[Anniversary]
    events: list[Event]
    plans: list[Plan]
    campaigns: list[Campaign] = []
    formulas: list[Formula] = []
    expressions: list[Expression]

    def _all(self) -> list:
        return [
            *self.anniversaries,
            *self.events,
            *self.plans,
            *self.campaigns,
            *self.formulas,
            *self.expressions,
        ]

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for item in self._all():
            if item.id in seen:
                raise ValueError(f"id “{item.id}”出现了两次：每条时间事实的 id 必须唯一")
            seen.add(item.id)
        return self

    @model_validator(mode="after")
    def _within_horizon(self):
        """Nothing after the horizon is asserted."""
        h = self.verified_through
        for e in self.events:
            if e.end and e.end > h:
                raise ValueError(
                    f"{e.name}的闭幕日期 {e.end} 晚于 verified_through（{h}）：核对后先把 verified_through 改到核对的日期"
                )
        for c in self.campaigns:
            if first_day(c.start) > h:
                raise ValueError(f"{c.name}的开始日期晚于 verified_through（{h}）")
        for f in self.formulas:
            if f.until and first_day(f.until) > h:
                raise ValueError(f"提法“{f.name}”的 until 晚于 verified_through（{h}）")
        return self

    @model_validator(mode="after")
    def _references(self):
        events = {e.id for e in self.events}
        formulas = {f.id for f in self.formulas}
        for x in self.expressions:
            if x.until_event and x.until_event not in events:
                raise ValueError(f"表述“{x.text}”的 until_event“{x.until_event}”不是 events 中的 id")
        for f in self.formulas:
            if f.replaced_by and f.replaced_by not in formulas:
                raise ValueError(f"提法“{f.name}”的 replaced_by“{f.replaced_by}”不是 formulas 中的 id")
        return self

    # --- queries used by renderers and the checker -------------------------

    def ids(self) -> set[str]:
        return {i.id for i in self._all()}

    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)

    def verified_for(self, day: dt.date) -> bool:
        return day <= self.verified_through

    def year_verified(self, year: int) -> bool:
        """Every day of `year` is within the horizon."""
        return dt.date(year, 12, 31) <= self.verified_through

    def validity_of(self, fact_ids) -> Validity:
        """When a text depending on all these facts is right (a phrase's `facts`): the
        intersection of their validities."""
        v = Validity()
        for fact in fact_ids:
            v = v & self.validity(fact)
        return v

    def validity(self, fact_id: str) -> Validity:
        """When a phrase depending on this fact is right."""
        for e in self.events:
            if e.id == fact_id:
                return Validity(since=e.citable_from)
        for p in self.plans:
            if p.id == fact_id:
                return Validity(since=dt.date(p.first_year, 1, 1), until=dt.date(p.last_year, 12, 31))
        for x in self.expressions:
            if x.id == fact_id:
                since = dt.date(x.valid_from, 1, 1) if x.valid_from else None
                until = dt.date(x.valid_until, 12, 31) if x.valid_until else None
                if x.until_event:
                    ev = self.event(x.until_event)
                    if ev.start:
                        until = min(d for d in (until, ev.start - dt.timedelta(days=1)) if d)
                return Validity(since=since, until=until)
        for c in self.campaigns:
            if c.id == fact_id:  # “深入开展X”: while it runs
                return Validity(since=first_day(c.start), until=last_day(c.end))
        for f in self.formulas:
            if f.id == fact_id:
                until = first_day(f.until) - dt.timedelta(days=1) if f.until else None
                return Validity(since=first_day(f.since), until=until)
        return Validity()

    def valid_years(self, fact_id: str) -> tuple[int | None, int | None]:
        """(first, last) report year in which a phrase depending on this fact is right."""
        v = self.validity(fact_id)
        return v.first_year, v.last_year

    def latest_on(self, kind: str, day: dt.date) -> Event | None:
        """The most recent congress or plenum a report dated `day` can cite."""
        done = [e for e in self.events if e.kind == kind and e.end and e.end <= day]
        return max(done, key=lambda e: e.end, default=None)

    def latest(self, kind: str, year: int) -> Event | None:
        """The most recent congress or plenum a report of `year` can cite (at the year's end)."""
        return self.latest_on(kind, dt.date(year, 12, 31))

    def changes_in(self, kind: str, year: int) -> list[Event]:
        """Events of `kind` that closed in `year`, in order: the year's row changes on those days."""
        return sorted((e for e in self.events if e.kind == kind and e.end and e.end.year == year), key=lambda e: e.end)

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

    def round_anniversaries(self, year: int) -> list[tuple[Anniversary, int]]:
        """Anniversaries whose number in `year` is a multiple of five (逢五逢十)."""
        return [(a, a.number(year)) for a in self.anniversaries if a.number(year) > 0 and a.number(year) % 5 == 0]

    def formula(self, formula_id: str) -> Formula:
        return next(f for f in self.formulas if f.id == formula_id)
