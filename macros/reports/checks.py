"""Cross-checks for the example data (data/streets/, data/samples/), registered
with macros/crosscheck.py and run after every file has passed its model.

Each problem names the file, line and field and says what to do, in Chinese:
references that must resolve, sections a report type needs or does not use,
parts larger than their whole, dates outside the report's period, figures of
two samples of the same street that contradict each other, and text that would
not pass as a finished report (fill-in marks, placeholders, half-width
punctuation, spaces left by YAML line folding).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from itertools import permutations
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..crosscheck import cross_check, refs, unique
from ..errors import Problem
from ..models.samples import STAGES, Sample
from ..models.streets import Street
from .document import LayoutError
from .render import RenderError, render_sample
from .types import LATE_DAYS, OPTIONAL_SECTIONS, PLAN_DAYS, PLAN_TYPES, SECTIONS, cn_date, period

if TYPE_CHECKING:
    from ..loader import Record, SiteData

DEADLINE_TYPES = {"self-inspection", "risk-analysis"}

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’…—"
_PLACEHOLDER = re.compile(r"[XxＸｘ×]{2,}|\*{2,}|＊{2,}|某某|□{2,}")
_HALF_PUNCT = re.compile(rf"[{_CJK}{_CJK_PUNCT}][,;:?!()]|[,;:?!()][{_CJK}]")
_SPACE = re.compile(rf"[{_CJK}{_CJK_PUNCT}]\s+[{_CJK}{_CJK_PUNCT}]")
_ORDINAL_START = re.compile(r"^[一二三四五六七八九十]+是")
_TRUNCATED_TERM = re.compile(r"(?<!习近平)新时代中国特色社会主义思想")


def label(model: type[BaseModel], name: str) -> str:
    """The Chinese name of a field: its description up to the first comma."""
    info = model.model_fields.get(name)
    desc = (info.description or name) if info else name
    return re.split(r"[，。；（]", desc, maxsplit=1)[0] or desc


def _walk(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, (*loc, i))
    else:
        yield loc, value


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- text a finished report may not contain ------------------------------------


def text_problems(rec: Record, obj: BaseModel) -> Iterator[Problem]:
    for loc, value in _walk(obj):
        if not isinstance(value, str):
            continue
        if "\n" in value:
            yield rec.problem(loc, "文字中有换行：报告中的一段话要写成一行", "把这段文字合成一行（YAML 中不要用 | 块）")
        if "【" in value or "】" in value:
            yield rec.problem(
                loc,
                "范文中出现了【】填空标记：范文必须是填好的完整文字",
                "把【】中的内容换成示例街道的真实（虚构）内容",
            )
        m = _PLACEHOLDER.search(value)
        if m:
            yield rec.problem(loc, f"出现了占位符“{m.group(0)}”", "换成具体的名称或数字；范文中不能留占位符")
        if _TRUNCATED_TERM.search(value):
            yield rec.problem(
                loc, "“新时代中国特色社会主义思想”前少了“习近平”", "写全称：习近平新时代中国特色社会主义思想"
            )
        m = _HALF_PUNCT.search(value)
        if m:
            yield rec.problem(loc, f"中文里用了半角标点：“{m.group(0)}”", "改成全角标点：，；：？！（）")
        if '"' in value or "'" in value:
            yield rec.problem(loc, "中文里用了直引号 \" 或 '", "改成中文引号“ ”和‘ ’")
        m = _SPACE.search(value)
        if m:
            yield rec.problem(
                loc,
                f"中文之间有空格：“{m.group(0)}”（多半是 YAML 折行留下的）",
                "删去空格；长段文字写在一行里，不要在中文中间换行",
            )


def _title_problems(rec: Record, obj: Sample) -> Iterator[Problem]:
    for loc, value in _walk(obj):
        if loc and loc[-1] == "title" and isinstance(value, str) and value.endswith(("。", "；", "，")):
            yield rec.problem(loc, "小标题末尾不加标点", "删去标题末尾的标点")
    for loc, value in _walk(obj):
        if len(loc) >= 2 and isinstance(loc[-1], int) and loc[-2] in ("practices", "trends"):
            if _ORDINAL_START.match(value):
                yield rec.problem(
                    loc, "这条做法以“一是”“二是”开头：模板会自动加上序号", "删去开头的序号词，只写做法本身"
                )


# --- parts and wholes ---------------------------------------------------------------


def _not_more(rec: Record, loc: tuple, part: int, part_label: str, whole: int, whole_what: str) -> Iterator[Problem]:
    if part > whole:
        part_label = part_label.removeprefix("其中")
        yield rec.problem(
            loc,
            f"部分大于整体：{part_label}为 {part}，比{whole_what}的 {whole} 还多",
            f"{part_label}是{whole_what}中的一部分，不能多于它：核对这两个数字",
        )


def _inside(section: BaseModel | None, sec_name: str, part: str, whole: str, rec: Record) -> Iterator[Problem]:
    if section is None:
        return
    model = type(section)
    yield from _not_more(
        rec,
        (sec_name, part),
        getattr(section, part),
        label(model, part),
        getattr(section, whole),
        f"{label(model, whole)}（{sec_name}.{whole}）",
    )


def street_problems(rec: Record) -> Iterator[Problem]:
    s: Street = rec.obj
    stem = PurePosixPath(rec.rel).stem
    if s.id != stem:
        yield rec.problem(
            ("id",), f"id“{s.id}”与文件名“{stem}.yaml”不一致", f"把文件改名为 {s.id}.yaml，或把 id 改成 {stem}"
        )
    yield from _not_more(
        rec,
        ("elderly_party_members",),
        s.elderly_party_members,
        "60岁以上党员",
        s.party_members,
        "党员数（party_members）",
    )
    yield from _not_more(rec, ("party_members",), s.party_members, "党员数", s.population, "常住人口（population）")
    yield from _not_more(
        rec,
        ("young_residents",),
        s.elderly_residents + s.young_residents,
        "60岁及以上与18至35岁人口之和",
        s.population,
        "常住人口（population）",
    )
    seen: set[str] = set()
    for i, name in enumerate(s.communities):
        if name in seen:
            yield rec.problem(("communities", i), f"社区“{name}”写了两次", "删去重复的一项")
        seen.add(name)
        if not name.endswith("社区"):
            yield rec.problem(
                ("communities", i), f"社区名称“{name}”应以“社区”结尾", "写成完整的社区名称，如“书院巷社区”"
            )


def _part_whole(rec: Record, x: Sample, street: Street | None) -> Iterator[Problem]:
    yield from _inside(x.theory, "theory", "seminars", "group_sessions", rec)
    yield from _inside(x.publicity, "publicity", "articles_city", "articles", rec)
    yield from _inside(x.online, "online", "young_commentators", "commentators", rec)
    yield from _inside(x.online, "online", "resolved", "incidents", rec)
    yield from _inside(x.venues, "venues", "fixed", "issues", rec)
    yield from _inside(x.risk, "risk", "closed", "points", rec)
    yield from _inside(x.situation, "situation", "negative", "incidents", rec)
    yield from _inside(x.situation, "situation", "petitions_ideology", "petitions", rec)
    if x.inspection:
        i = x.inspection
        yield from _not_more(
            rec,
            ("inspection", "items_partial"),
            i.items_met + i.items_partial,
            "全面落实与基本落实的事项之和",
            i.items_total,
            "清单事项总数（inspection.items_total）",
        )
    if x.secretary and x.theory:
        yield from _not_more(
            rec,
            ("secretary", "lead_talks"),
            x.secretary.lead_talks,
            "本人领学或重点发言次数",
            x.theory.group_sessions,
            "中心组集中学习次数（theory.group_sessions）",
        )
        yield from _not_more(
            rec,
            ("secretary", "party_lectures"),
            x.secretary.party_lectures,
            "本人宣讲次数",
            x.theory.lectures,
            "全街道宣讲场次（theory.lectures）",
        )
    if street is None:
        return
    where = f"街道数据 data/streets/{street.id}.yaml 中"
    if x.leadership:
        yield from _not_more(
            rec,
            ("leadership", "responsibility_orgs"),
            x.leadership.responsibility_orgs,
            "签订责任书的基层党组织数",
            street.party_orgs,
            f"{where}的基层党组织数（party_orgs）",
        )
    if x.civilization:
        yield from _not_more(
            rec,
            ("civilization", "volunteers"),
            x.civilization.volunteers,
            "注册志愿者人数",
            street.population,
            f"{where}的常住人口（population）",
        )
    if x.inspection:
        yield from _not_more(
            rec,
            ("inspection", "communities_checked"),
            x.inspection.communities_checked,
            "抽查社区数",
            street.community_count,
            f"{where}的社区数（communities）",
        )


# --- sections, quarter, dates ---------------------------------------------------------


def _structure(rec: Record, x: Sample, type_name: str) -> Iterator[Problem]:
    needed = SECTIONS.get(x.type)
    if needed is None:
        return
    for name in OPTIONAL_SECTIONS:
        present = getattr(x, name) is not None
        if name in needed and not present:
            yield rec.problem(
                (name,),
                f"{type_name}要用到“{name}”这一节，但文件中没有",
                f"补上 {name}：各字段的含义见 data/schemas/samples.schema.json，可参照同类型的其他范文",
            )
        elif name not in needed and present:
            yield rec.problem(
                (name,),
                f"{type_name}用不到“{name}”这一节，写了也不会出现在报告中",
                f"删去 {name} 这一节；{type_name}用到的是：{'、'.join(needed)}",
            )
    if x.type == "risk-analysis" and x.quarter is None:
        yield rec.problem(("quarter",), "研判报告缺少季度 quarter", "填写 1—4 中的一个数字，如 quarter: 3")
    if x.type != "risk-analysis" and x.quarter is not None:
        yield rec.problem(
            ("quarter",),
            f"季度 quarter 只用于研判报告（risk-analysis），{type_name}不按季度",
            "删去 quarter 这一行；如果这是季度研判报告，把 type 改成 risk-analysis",
        )
    if x.type not in DEADLINE_TYPES:
        for i, p in enumerate(x.plans or []):
            if p.deadline is not None:
                yield rec.problem(
                    ("plans", i, "deadline"),
                    f"{type_name}的打算不写完成时限，这个日期不会出现在报告中",
                    "删去 deadline；只有自查报告的整改措施和研判报告的应对措施写时限",
                )


def _dates(rec: Record, x: Sample) -> Iterator[Problem]:
    start, end = period(x.type, x.year, x.date, x.quarter)
    span = f"{cn_date(start)}至{cn_date(end)}"
    if x.type in PLAN_TYPES:
        if abs((x.date - start).days) > PLAN_DAYS:
            yield rec.problem(
                ("date",),
                f"成文日期 {cn_date(x.date)} 离要点所计划的 {x.year} 年年初太远",
                f"要点一般在上一年11月至当年3月印发：核对 date 和 year（前后不超过 {PLAN_DAYS} 天）",
            )
        return
    if x.date < start:
        yield rec.problem(
            ("date",),
            f"成文日期 {cn_date(x.date)} 早于报告所写的时期（{span}）",
            f"核对 date 和 year：报告写的是 {x.year} 年，成文日期不能早于 {cn_date(start)}",
        )
    elif (x.date - end).days > LATE_DAYS:
        yield rec.problem(
            ("date",),
            f"成文日期 {cn_date(x.date)} 离报告所写的时期（{span}）太远",
            f"核对 date 和 year：成文日期一般在时期结束后 {LATE_DAYS} 天之内",
        )

    def within(loc: tuple, d, what: str) -> Iterator[Problem]:
        if not start <= d <= end:
            yield rec.problem(
                loc,
                f"{what} {cn_date(d)} 不在报告所写的时期（{span}）之内",
                f"改成 {span} 之间的日期，或核对 year{'、quarter' if x.quarter else ''}",
            )
        elif d > x.date:
            yield rec.problem(
                loc,
                f"{what} {cn_date(d)} 晚于成文日期 {cn_date(x.date)}",
                "报告只能写成文前发生的事：核对这个日期和 date",
            )

    if x.situation:
        yield from within(("situation", "meeting_date"), x.situation.meeting_date, "研判会日期")
    if x.inspection:
        yield from within(("inspection", "start"), x.inspection.start, "自查开始日期")
        yield from within(("inspection", "end"), x.inspection.end, "自查结束日期")
        if x.inspection.end < x.inspection.start:
            yield rec.problem(("inspection", "end"), "自查结束日期早于开始日期", "核对 inspection 的 start 和 end")
    if x.incident:
        yield from _incident_times(rec, x)
    for i, p in enumerate(x.plans or []):
        if p.deadline is not None and p.deadline < x.date:
            yield rec.problem(
                ("plans", i, "deadline"),
                f"完成时限 {cn_date(p.deadline)} 早于成文日期 {cn_date(x.date)}",
                "整改或应对的时限应在成文日期之后",
            )


def cn_time(t: dt.datetime) -> str:
    """11月3日9时40分 (no minutes on the hour)."""
    return f"{t.month}月{t.day}日{t.hour}时" + (f"{t.minute}分" if t.minute else "")


def _incident_times(rec: Record, x: Sample) -> Iterator[Problem]:
    """Every time of a 舆情处置报告 in order: first post, peak, each step, calm, report."""
    i = x.incident
    if i.peak < i.first_seen:
        yield rec.problem(
            ("incident", "peak"),
            f"传播高峰 {cn_time(i.peak)} 早于首发时间 {cn_time(i.first_seen)}",
            "核对 first_seen 和 peak：高峰不能早于首条信息",
        )
    prev, prev_stage = i.first_seen, None
    stages = list(STAGES)
    for n, step in enumerate(i.steps):
        loc = ("incident", "steps", n)
        if step.at < prev:
            what = "首发时间" if n == 0 else f"上一步（steps[{n - 1}]）"
            yield rec.problem(
                (*loc, "at"),
                f"时间 {cn_time(step.at)} 早于{what} {cn_time(prev)}",
                "处置经过按时间先后写：核对这一步的时间，或调整各步的顺序",
            )
        if prev_stage is not None and stages.index(step.stage) < stages.index(prev_stage):
            yield rec.problem(
                (*loc, "stage"),
                f"环节“{step.stage}”排在“{prev_stage}”之后",
                f"按{'、'.join(STAGES)}的顺序写：核对 stage",
            )
        prev, prev_stage = max(prev, step.at), step.stage
    if i.closed < prev.date():
        yield rec.problem(
            ("incident", "closed"),
            f"平息日期 {cn_date(i.closed)} 早于处置经过的最后一步（{cn_time(prev)}）",
            "核对 closed：舆情平息应在最后一步处置之后",
        )
    if i.closed > x.date or prev.date() > x.date:
        yield rec.problem(
            ("incident", "closed"),
            f"处置经过或平息日期晚于成文日期 {cn_date(x.date)}",
            "报告只能写成文前发生的事：核对 closed、steps 和 date",
        )
    if i.first_seen.year != x.year:
        yield rec.problem(
            ("incident", "first_seen"),
            f"首发时间在 {i.first_seen.year} 年，报告年份 year 是 {x.year}",
            "把 year 改成事件发生的年份",
        )


def _meeting(rec: Record, x: Sample) -> Iterator[Problem]:
    m = x.meeting
    if m is None:
        return
    if m.attendees and m.chair and not m.chair.endswith(m.attendees[0]):
        yield rec.problem(
            ("meeting", "attendees", 0),
            f"出席名单的第一位“{m.attendees[0]}”不是主持人（{m.chair}）",
            "出席名单按职务排列，主持会议的书记排第一：把主持人的姓名放在第一位",
        )
    seen: set[str] = set()
    for n, name in enumerate([*m.attendees, *m.absent]):
        key = re.split(r"[（(]", name, maxsplit=1)[0]
        if key in seen:
            field = ("meeting", "attendees", n) if n < len(m.attendees) else ("meeting", "absent", n - len(m.attendees))
            yield rec.problem(field, f"“{key}”在出席或请假名单中出现了两次", "一个人只列一次：出席的不再列为请假")
        seen.add(key)


def _voice(rec: Record, x: Sample) -> Iterator[Problem]:
    if x.type != "secretary-report" or not x.problems:
        return
    if "我" not in x.opening:
        yield rec.problem(
            ("opening",), "述职报告要用第一人称：开头中没有“我”", "以书记本人的口吻改写，如“一年来，我……”"
        )
    if not any("我" in p.detail + p.cause for p in x.problems):
        yield rec.problem(
            ("problems",),
            "述职报告的“存在的不足”没有一条写到本人",
            "至少有一条用第一人称作自我批评，如“包括我本人在内……”",
        )


# --- two samples of the same street ---------------------------------------------------


def _cumulative_fields(model: type[BaseModel]) -> list[str]:
    return [n for n, f in model.model_fields.items() if (f.json_schema_extra or {}).get("x-cumulative")]


def _consistency(records: list[Record]) -> Iterator[Problem]:
    """A report on part of a period cannot count more than a report on the whole
    period of the same street; two reports on the same period count the same."""
    spans = {id(r): period(r.obj.type, r.obj.year, r.obj.date, r.obj.quarter) for r in records}
    for a, b in permutations(records, 2):
        if a.obj.street != b.obj.street:
            continue
        (sa, ea), (sb, eb) = spans[id(a)], spans[id(b)]
        if not (sb <= sa and ea <= eb):
            continue
        same = (sa, ea) == (sb, eb)
        if same and a.rel > b.rel:
            continue  # report an equal-period pair once
        for section in OPTIONAL_SECTIONS:
            x, y = getattr(a.obj, section), getattr(b.obj, section)
            if not isinstance(x, BaseModel) or not isinstance(y, BaseModel):
                continue  # absent, or a list (risks, problems) with no running totals
            for name in _cumulative_fields(type(x)):
                va, vb = getattr(x, name), getattr(y, name)
                what = f"{label(type(x), name)}（{section}.{name}）"
                if same and va != vb:
                    yield a.problem(
                        (section, name),
                        f"与 {b.rel} 写的是同一街道的同一时期，{what}却不一致（{va} 与 {vb}）",
                        "同一时期的数字在各份报告中应当相同：核对后改成一致",
                    )
                elif not same and va > vb:
                    yield a.problem(
                        (section, name),
                        f"{what}为 {va}，比 {b.rel}（同一街道、时期更长）中的 {vb} 还多",
                        "时期短的报告是时期长的报告的一部分，累计数不能更多：核对这两份文件中的数字",
                    )


# --- a plan and the report it follows; a meeting and its year's count -------------------


def _follows(records: list[Record]) -> Iterator[Problem]:
    """A 工作要点 that names last year's annual report answers each problem that report
    names, and each answer names one of them; a 会议纪要's number in the year is not more
    than the meetings that year's reports count."""
    by_id = {r.obj.id: r for r in records}
    for r in records:
        x: Sample = r.obj
        if x.meeting:
            for other in records:
                y: Sample = other.obj
                if (
                    y.street == x.street
                    and y.year == x.year
                    and y.leadership
                    and y.type in ("annual", "secretary-report")
                ):
                    if x.meeting.nth > y.leadership.meetings:
                        yield r.problem(
                            ("meeting", "nth"),
                            f"这是本年度第 {x.meeting.nth} 次专题研究，但 {other.rel} 写全年只研究了 "
                            f"{y.leadership.meetings} 次（leadership.meetings）",
                            "核对这两个数字：全年的次数不能少于任何一次会议的序号",
                        )
        if not (x.workplan and x.workplan.follows):
            continue
        loc = ("workplan", "follows")
        ref = by_id.get(x.workplan.follows)
        if ref is None:
            yield r.problem(
                loc, f"引用的范文“{x.workplan.follows}”不存在", "改成 data/samples/ 中上一年度工作情况报告的 id"
            )
            continue
        y = ref.obj
        if y.type != "annual" or y.street != x.street or y.year != x.year - 1:
            yield r.problem(
                loc,
                f"“{y.id}”不是本街道 {x.year - 1} 年的年度工作情况报告",
                f"写同一街道（{x.street}）{x.year - 1} 年年度报告（type: annual）的 id",
            )
            continue
        titles = [p.title for p in y.problems or []]
        answered: set[str] = set()
        for g, group in enumerate(x.workplan.groups):
            for t, task in enumerate(group.tasks):
                if task.answers is None:
                    continue
                if task.answers not in titles:
                    yield r.problem(
                        ("workplan", "groups", g, "tasks", t, "answers"),
                        f"“{task.answers}”不是 {ref.rel} 中的问题",
                        f"照抄那份报告中某个问题的小标题：{'；'.join(titles)}",
                    )
                answered.add(task.answers)
        for title in titles:
            if title not in answered:
                yield r.problem(
                    loc,
                    f"{ref.rel} 提出的问题“{title}”在要点中没有任务回应",
                    f"在针对它的任务下加一行 answers: {title}；上一年查找出的问题，下一年的要点都要有安排",
                )


# --- entry point ------------------------------------------------------------------------


@cross_check("report_types", "streets", "samples", "time_facts")
def check_samples(site: SiteData) -> Iterator[Problem]:
    streets: list[Record] = site.records.get("streets", [])
    samples: list[Record] = site.records.get("samples", [])
    yield from unique("示例街道", ((r, ("id",), r.obj.id) for r in streets))
    yield from unique("街道名称", ((r, ("name",), r.obj.name) for r in streets))
    yield from unique("范文", ((r, ("id",), r.obj.id) for r in samples))
    for r in streets:
        yield from text_problems(r, r.obj)
        yield from street_problems(r)

    type_names = {t.id: t.name for t in site.report_types.types}
    street_by_id = {r.obj.id: r.obj for r in streets}
    yield from refs(
        "报告类型", set(type_names), ((r, ("type",), r.obj.type) for r in samples), "data/report_types.yaml"
    )
    yield from refs("街道", set(street_by_id), ((r, ("street",), r.obj.street) for r in samples), "data/streets/")

    clean: list[Record] = []
    for r in samples:
        x: Sample = r.obj
        stem = PurePosixPath(r.rel).stem
        found: list[Problem] = []
        if x.id != stem:
            found.append(
                r.problem(
                    ("id",), f"id“{x.id}”与文件名“{stem}.yaml”不一致", f"把文件改名为 {x.id}.yaml，或把 id 改成 {stem}"
                )
            )
        if x.type in type_names:
            found += _structure(r, x, type_names[x.type])
            found += _dates(r, x)
        found += _part_whole(r, x, street_by_id.get(x.street))
        found += text_problems(r, x)
        found += _title_problems(r, x)
        found += _voice(r, x)
        found += _meeting(r, x)
        yield from found
        if not found and x.type in type_names and x.street in street_by_id:
            try:
                render_sample(site, x)
            except (RenderError, LayoutError) as e:
                yield r.problem((), f"范文无法生成：{e}", "按提示修改数据；如果提示指向模板，请报告问题")
                continue
            clean.append(r)
    yield from _consistency(clean)
    yield from _follows(samples)
