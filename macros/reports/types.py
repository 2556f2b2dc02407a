"""What each report type's template needs from a sample, and the period a sample covers.

The keys are the type ids of data/report_types.yaml. When you add a type, add its
template (templates/<id>.txt.j2) and an entry here.
"""

from __future__ import annotations

import datetime as dt

# Sections of a sample (fields of macros/models/samples.py Sample) each template uses.
SECTIONS: dict[str, tuple[str, ...]] = {
    "half-year": ("leadership", "theory", "publicity", "online", "venues", "civilization", "problems", "plans"),
    "annual": ("leadership", "theory", "publicity", "online", "venues", "civilization", "risk", "problems", "plans"),
    "secretary-report": ("leadership", "theory", "online", "venues", "risk", "secretary", "problems", "plans"),
    "briefing": ("leadership", "theory", "online", "venues", "civilization", "problems", "plans"),
    "risk-analysis": ("situation", "risks", "plans"),
    "self-inspection": (
        "inspection",
        "leadership",
        "theory",
        "publicity",
        "online",
        "venues",
        "risk",
        "problems",
        "plans",
    ),
    "work-plan": ("workplan",),
    "meeting-minutes": ("meeting",),
    "incident-report": ("incident", "problems", "plans"),
}

# Every optional section a sample may have (the ones SECTIONS can name).
OPTIONAL_SECTIONS = (
    "leadership",
    "theory",
    "publicity",
    "online",
    "venues",
    "civilization",
    "risk",
    "secretary",
    "situation",
    "risks",
    "inspection",
    "workplan",
    "meeting",
    "incident",
    "problems",
    "plans",
)

# Short labels for lists and navigation (the full names are in data/report_types.yaml).
SHORT_NAMES = {
    "half-year": "半年总结",
    "annual": "年度报告",
    "secretary-report": "书记述职",
    "briefing": "工作汇报",
    "risk-analysis": "研判报告",
    "self-inspection": "自查报告",
    "work-plan": "工作要点",
    "meeting-minutes": "会议纪要",
    "incident-report": "舆情处置报告",
}

# Types whose period runs from 1 January to the date the report is written
# (“今年以来”), rather than a fixed calendar span.
TO_DATE = {"briefing", "self-inspection", "incident-report"}

# A plan is written before (or early in) the year it plans: how far its date may lie
# from 1 January of that year, either way.
PLAN_TYPES = {"work-plan"}
PLAN_DAYS = 92

# Types that record one day (the meeting): the period is the sample's date.
ONE_DAY = {"meeting-minutes"}

# How long after its period a report may still be dated.
LATE_DAYS = 92

QUARTER_CN = {1: "一", 2: "二", 3: "三", 4: "四"}


def period(type_id: str, year: int, date: dt.date, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the time a sample reports on."""
    if type_id == "half-year":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if type_id == "risk-analysis" and quarter:
        first = dt.date(year, 3 * quarter - 2, 1)
        last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
        return first, last - dt.timedelta(days=1)
    if type_id in ONE_DAY:
        return date, date
    if type_id in TO_DATE:
        return dt.date(year, 1, 1), min(date, dt.date(year, 12, 31))
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_label(type_id: str, year: int, quarter: int | None = None) -> str:
    """How the period is named in lists: 2026年上半年, 2026年第三季度, 2025年."""
    if type_id == "half-year":
        return f"{year}年上半年"
    if type_id == "risk-analysis" and quarter:
        return f"{year}年第{QUARTER_CN[quarter]}季度"
    return f"{year}年"


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
