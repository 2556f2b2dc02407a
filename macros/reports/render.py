"""Render a report type's template with a sample's data (a 范文) or with none (the
blank 模板). One template per type, so a sample can never drift from its template.

In blank mode every value the template asks for is BLANK, and the filters turn it
into a fill-in slot: `{{ d.theory.group_sessions | n("中心组集中学习次数") }}` gives
“12” for a sample and “【中心组集中学习次数】” for the blank template; narrative
parts (`| t("写……")`, `points(...)`) become a short hint in 【】.

Derived figures (percentages, averages, remainders, anniversary numbers, the
plenum to cite, the plan-period label) are computed here from the data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..models.base import SLOT_RE
from ..models.samples import Sample
from ..models.streets import Street
from .document import Report, parse
from .types import QUARTER_CN, SECTIONS, cn_date, period, period_label

if TYPE_CHECKING:
    from ..loader import SiteData

TEMPLATES = Path(__file__).resolve().parent / "templates"
ORDINALS = "一二三四五六七八九十"


class RenderError(ValueError):
    """A sample cannot be rendered (message in Chinese, for contributors)."""


class Blank:
    """Stands for anything the writer fills in. Attribute and item access give BLANK
    again, it is truthy (so optional parts show in the blank template), and it
    refuses to be printed without a filter that names the slot."""

    _instance: Blank | None = None

    def __new__(cls) -> Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __getattr__(self, name: str) -> Blank:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key: Any) -> Blank:
        return self

    def __bool__(self) -> bool:
        return True

    def __iter__(self) -> Iterator:
        raise TypeError("iterate a list through items(list, n), which gives n blanks in a blank template")

    def __str__(self) -> str:
        raise TypeError('a blank value needs a filter that names its slot: |n("…") or |t("…")')

    def __repr__(self) -> str:
        return "BLANK"


BLANK = Blank()


def _is_blank(*values: Any) -> bool:
    return any(isinstance(v, Blank) for v in values)


def _slot(name: str) -> str:
    if SLOT_RE.fullmatch(f"【{name}】") is None:
        raise ValueError(f"bad slot name {name!r}")
    return f"【{name}】"


# --- filters: a value, or its slot in a blank template --------------------------


def f_number(value: Any, slot: str) -> str:
    if _is_blank(value):
        return _slot(slot)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"|n expects a number, got {value!r}")
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def f_text(value: Any, hint: str) -> str:
    if _is_blank(value):
        return _slot(hint)
    if not isinstance(value, str):
        raise TypeError(f"|t expects text, got {value!r}")
    return value


def f_date(value: Any, slot: str) -> str:
    if _is_blank(value):
        return _slot(slot)
    return cn_date(value)


def f_time(value: Any, slot: str) -> str:
    """A moment as 11月3日9时40分 (the year is the report's)."""
    if _is_blank(value):
        return _slot(slot)
    return f"{value.month}月{value.day}日{value.hour}时" + (f"{value.minute}分" if value.minute else "")


def f_day(value: Any, slot: str) -> str:
    """A date inside the report's year as 11月26日."""
    if _is_blank(value):
        return _slot(slot)
    return f"{value.month}月{value.day}日"


def f_names(value: Any, slot: str) -> str:
    """A list of names or units joined by 、 (by ， when an item holds a 、 itself); no mark
    between two titles in 《》 (GB/T 15834-2011 4.5.3.5)."""
    if _is_blank(value):
        return _slot(slot)
    sep = "，" if any("、" in v for v in value) else "、"
    out = ""
    for v in value:
        if out:
            out += "" if out.endswith("》") and v.startswith("《") else sep
        out += v
    return out


def f_sentence(value: Any, hint: str) -> str:
    """Text as one sentence ending in 。, whether or not the data ends it."""
    if _is_blank(value):
        return _slot(hint)
    return _sentence(f_text(value, hint))


def f_quarter(value: Any, slot: str) -> str:
    if _is_blank(value):
        return _slot(slot)
    return QUARTER_CN[value]


def span(start: Any, end: Any) -> Any:
    """2026年11月9日至11月16日 (the year once when both dates share it)."""
    if _is_blank(start, end):
        return BLANK
    if start.year == end.year:
        return f"{cn_date(start)}至{end.month}月{end.day}日"
    return f"{cn_date(start)}至{cn_date(end)}"


# --- derived figures --------------------------------------------------------------


def _round1(x: Decimal) -> str:
    s = str(x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return s[:-2] if s.endswith(".0") else s


def pct(part: Any, whole: Any) -> Any:
    """part / whole as a percentage with one decimal: 91.7%, 100%."""
    if _is_blank(part, whole):
        return BLANK
    if not whole:
        raise RenderError(f"无法计算百分比：分母为 0（分子是 {part}）")
    return _round1(Decimal(part) * 100 / Decimal(whole)) + "%"


def avg(total: Any, n: Any) -> Any:
    """total / n with at most one decimal: 8.6, 9."""
    if _is_blank(total, n):
        return BLANK
    if not n:
        raise RenderError(f"无法计算平均数：除数为 0（总数是 {total}）")
    return _round1(Decimal(total) / Decimal(n))


def minus(a: Any, *b: Any) -> Any:
    if _is_blank(a, *b):
        return BLANK
    return a - sum(b)


def plus(*values: Any) -> Any:
    if _is_blank(*values):
        return BLANK
    return sum(values)


def concat(*lists: Any) -> Any:
    """Several lists as one (BLANK in a blank template)."""
    if _is_blank(*lists):
        return BLANK
    return [x for lst in lists for x in lst]


def count(values: Any) -> Any:
    return BLANK if _is_blank(values) else len(values)


def items(values: Any, n: int) -> list:
    """The items of a list, or n blanks in a blank template."""
    if _is_blank(values):
        return [BLANK] * n
    return list(values or [])


def _sentence(text: str) -> str:
    text = text.rstrip("。；;，, ")
    return text + "。"


def points(values: Any, hints: Sequence[str]) -> str:
    """一是……。二是……。 from a list of practices; in a blank template one hint per item."""
    texts = [_slot(h) + "。" for h in hints] if _is_blank(values) else [_sentence(v) for v in values]
    if len(texts) == 1:
        return texts[0]
    return "".join(f"{ORDINALS[i]}是{t}" for i, t in enumerate(texts))


# --- year-dependent facts -----------------------------------------------------------


def latest_event(site: SiteData, kind: str, before: dt.date):
    """The last congress or plenum that had closed before `before`."""
    return site.time_facts.latest_on(kind, before - dt.timedelta(days=1))


def spirit(site: SiteData, date: dt.date) -> str:
    """What a report written on `date` studies and implements: 党的二十大和二十届四中全会精神."""
    congress = latest_event(site, "congress", date)
    plenum = latest_event(site, "plenum", date)
    if congress is None:
        return plenum.spirit if plenum else ""
    if plenum is None or plenum.end < congress.end:
        return congress.spirit
    return f"{congress.name}和{plenum.name.removeprefix('党的')}精神"


def upcoming_congress(site: SiteData, year: int, date: dt.date) -> str:
    """The congress due in `year` that had not closed by `date` (a plan for 2027 looks forward
    to 党的二十一大), or ""."""
    for e in site.time_facts.events:
        if e.kind == "congress" and e.first_year == year and (e.end is None or e.end >= date):
            return e.name
    return ""


class Facts:
    """The time facts a template may cite, for one report (or all BLANK)."""

    def __init__(self, site: SiteData, year: int | None, date: dt.date | None):
        self._site, self._year, self._date = site, year, date
        if year is None:
            self.spirit = self.plan_label = self.upcoming = BLANK
        else:
            self.spirit = spirit(site, date)
            self.upcoming = upcoming_congress(site, year, date)
            self.plan_label = site.time_facts.plan_label(year) or ""
            if not self.spirit or not self.plan_label:
                raise RenderError(f"data/time_facts.yaml 中没有适用于 {year} 年的会议或规划期")

    def anniv(self, anniversary_id: str) -> Any:
        if self._year is None:
            return BLANK
        return self._site.time_facts.anniversary(anniversary_id, self._year)


def table_cells(values: Sequence[Any]) -> str:
    """A table row's cells for the “|| …” and “| …” lines (document.py): a JSON list on one
    line whatever the cells hold (ASCII escapes: no data character can end the line)."""
    for v in values:
        if not isinstance(v, str):
            raise TypeError(f"table cells are text printed through a filter: got {v!r}")
    return json.dumps(list(values), ensure_ascii=True)


# --- the environment ------------------------------------------------------------


def _finalize(value: Any) -> Any:
    if isinstance(value, Blank):
        raise TypeError('a blank value needs a filter that names its slot: |n("…") or |t("…")')
    if not isinstance(value, str):
        raise TypeError(f"print values through a filter (|n, |t, |date): got {value!r}")
    return value


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        n=f_number, t=f_text, date=f_date, quarter=f_quarter, time=f_time, day=f_day, names=f_names, sentence=f_sentence
    )
    env.globals.update(
        pct=pct,
        avg=avg,
        minus=minus,
        plus=plus,
        count=count,
        concat=concat,
        span=span,
        items=items,
        points=points,
        cells=table_cells,
    )
    return env


def template_name(type_id: str) -> str:
    return f"{type_id}.txt.j2"


def _title(pattern: str, values: dict[str, str] | None) -> str:
    if values is None:
        return pattern

    def fill(m):
        name = m.group(1)
        if name not in values:
            raise RenderError(f"标题式样中的【{name}】没有对应的数据")
        return values[name]

    return SLOT_RE.sub(fill, pattern)


def _report_type(site: SiteData, type_id: str):
    for t in site.report_types.types:
        if t.id == type_id:
            return t
    raise RenderError(f"没有 id 为“{type_id}”的报告类型（见 data/report_types.yaml）")


def find_sample(site: SiteData, sample_id: str) -> Sample:
    for s in site.samples:
        if s.id == sample_id:
            return s
    raise KeyError(sample_id)


def find_street(site: SiteData, street_id: str) -> Street:
    for s in site.streets:
        if s.id == street_id:
            return s
    raise KeyError(street_id)


# Rendered reports by the objects they are made from. Pages, Word files and the
# sample checks all render the same reports; a rebuild (mkdocs serve) has new objects
# only for changed files. Values keep their key objects alive, so ids are not reused.
_rendered: dict[tuple, tuple[tuple, Report]] = {}


def _render(site: SiteData, type_id: str, sample: Sample | None, street: Street | None) -> Report:
    inputs = (site.report_types, site.time_facts, sample, street)
    key = (type_id, *map(id, inputs))
    hit = _rendered.get(key)
    if hit is None:
        if len(_rendered) > 2000:  # many rebuilds in one `mkdocs serve`
            _rendered.clear()
        hit = _rendered[key] = (inputs, _render_uncached(site, type_id, sample, street))
    return hit[1]


def preload(site: SiteData, reports: Iterable[Report]) -> None:
    """Take reports rendered by an earlier build from the same inputs (macros/diskcache.py)."""
    for r in reports:
        sample = find_sample(site, r.sample_id) if r.sample_id else None
        street = find_street(site, sample.street) if sample else None
        inputs = (site.report_types, site.time_facts, sample, street)
        _rendered.setdefault((r.type_id, *map(id, inputs)), (inputs, r))


def _render_uncached(site: SiteData, type_id: str, sample: Sample | None, street: Street | None) -> Report:
    rtype = _report_type(site, type_id)
    if type_id not in SECTIONS:
        raise RenderError(
            f"报告类型“{type_id}”还没有模板：在 macros/reports/ 中添加 templates/{type_id}.txt.j2 "
            "并在 types.py 的 SECTIONS 中登记"
        )
    if sample is None:
        data: Any = BLANK
        street_data: Any = BLANK
        facts = Facts(site, None, None)
        year = next_year = BLANK
        date = BLANK
        title = _title(rtype.title_pattern, None)
        key, meta = f"template-{type_id}", {"type_name": rtype.name, "title_style": rtype.title_style}
    else:
        data, street_data = sample, street
        facts = Facts(site, sample.year, sample.date)
        year, next_year, date = sample.year, sample.year + 1, sample.date
        values = {"街道名称": street.name, "年份": str(sample.year)}
        if sample.quarter:
            values["季度"] = QUARTER_CN[sample.quarter]
        if sample.incident:
            values["事件简称"] = sample.incident.name
        title = _title(rtype.title_pattern, values)
        start, end = period(type_id, sample.year, sample.date, sample.quarter)
        key = sample.id
        meta = {
            "type_name": rtype.name,
            "title_style": rtype.title_style,
            "street": street.name,
            "period": (start, end),
            "period_label": period_label(type_id, sample.year, sample.quarter),
            "date": sample.date,
        }
    context = {
        "title": title,
        "d": data,
        "s": street_data,
        "f": facts,
        "year": year,
        "next_year": next_year,
        "date": date,
        "blank": sample is None,
    }
    try:
        text = environment().get_template(template_name(type_id)).render(context)
    except RenderError:
        raise
    except (jinja2.UndefinedError, AttributeError) as e:
        if sample is None:
            raise
        raise RenderError(f"模板“{type_id}”要用的数据缺失：{e}") from e
    parsed_title, blocks = parse(text)
    return Report(
        key=key,
        type_id=type_id,
        title=parsed_title,
        blocks=tuple(blocks),
        sample_id=sample.id if sample else None,
        meta=meta,
    )


def render(site: SiteData, type_id: str, sample: Sample | str | None = None) -> Report:
    """The report of `type_id`: a 范文 rendered from `sample` (a Sample or its id), or
    the blank template when `sample` is None."""
    if isinstance(sample, str):
        sample = find_sample(site, sample)
    if sample is None:
        return _render(site, type_id, None, None)
    if sample.type != type_id:
        raise ValueError(f"sample {sample.id} is of type {sample.type}, not {type_id}")
    return _render(site, type_id, sample, find_street(site, sample.street))


def render_sample(site: SiteData, sample: Sample | str) -> Report:
    if isinstance(sample, str):
        sample = find_sample(site, sample)
    return render(site, sample.type, sample)


def render_blank(site: SiteData, type_id: str) -> Report:
    return render(site, type_id, None)


def type_ids(site: SiteData) -> list[str]:
    """Report types in data order."""
    return [t.id for t in site.report_types.types]


def sorted_samples(site: SiteData) -> list[Sample]:
    """Samples by type (data order), then year, period and street."""
    order = {t: i for i, t in enumerate(type_ids(site))}
    return sorted(site.samples, key=lambda s: (order.get(s.type, 99), s.year, s.quarter or 0, s.date, s.street))


def all_reports(site: SiteData) -> Iterable[Report]:
    """Every blank template, then every sample: what gets a page (and a .docx)."""
    for type_id in type_ids(site):
        yield render_blank(site, type_id)
    for s in sorted_samples(site):
        yield render_sample(site, s)
