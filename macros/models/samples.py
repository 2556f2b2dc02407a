"""Sample reports (范文): the example data of one report about one fictitious 街道
(data/samples/*.yaml).

A sample holds only what the writer of that report would know: the counts of the
work done in the period and the narrative sentences (practices, problems and their
causes, plans, closing). Its type's template (macros/reports/templates/) turns it
into the report; everything that follows from the figures (percentages, averages,
anniversary numbers, the plenum to cite) is computed there, never typed here.

Which sections a type needs is in macros/reports/types.py; cross-checks
(parts not larger than wholes, dates inside the period, one report per period
agreeing with another) are in macros/reports/checks.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import Field, field_validator

from .base import Id, StrictModel, Text

Practices = list[Text]

# Marks a count that accumulates over a period (so a half-year figure cannot
# exceed the full-year figure of the same street): see macros/reports/checks.py.
CUMULATIVE = {"x-cumulative": True}


# Marks an optional field that no template prints but a cross-check reads (a plan's link
# to last year's report): the scaffold still writes it (macros/scaffold.py).
CHECKED_KEY = "x-checked"
CHECKED = {CHECKED_KEY: True}


def count(description: str, *, cumulative: bool = False) -> Any:
    extra = CUMULATIVE if cumulative else None
    return Field(ge=0, le=10_000_000, description=description, json_schema_extra=extra)


def practices(hint: str) -> Any:
    return Field(
        min_length=1,
        max_length=5,
        description=f"具体做法，每条一两句话，不要以“一是”“二是”开头（模板自动加上）。{hint}",
    )


class Leadership(StrictModel):
    """组织领导与责任制."""

    meetings: int = count("党工委会议专题研究意识形态工作的次数", cumulative=True)
    responsibility_orgs: int = count("签订意识形态工作责任书的基层党组织数，不超过街道的基层党组织数")
    practices: Practices = practices("如责任清单、考核、述职、一岗双责的落实办法。")


class Theory(StrictModel):
    """理论学习与宣讲."""

    group_sessions: int = count("党工委理论学习中心组集中学习次数", cumulative=True)
    seminars: int = count("其中专题研讨次数，不超过集中学习次数", cumulative=True)
    lectures: int = count("基层宣讲场次", cumulative=True)
    audience: int = count("宣讲覆盖群众（人次）", cumulative=True)
    practices: Practices = practices("如中心组学习、三会一课、宣讲的具体做法。")


class Publicity(StrictModel):
    """宣传与舆论引导."""

    articles: int = count("在各级媒体刊发的稿件（篇）", cumulative=True)
    articles_city: int = count("其中市级以上媒体刊发的稿件（篇），不超过刊发总数", cumulative=True)
    posts: int = count("街道新媒体平台推送信息（条）", cumulative=True)
    practices: Practices = practices("如重大节点宣传、新媒体矩阵、典型报道。")


class Online(StrictModel):
    """网络意识形态与舆情."""

    commentators: int = count("网评员队伍人数")
    young_commentators: int = count("其中35岁以下网评员人数，不超过网评员总数")
    groups: int = count("纳入台账管理的居民群、工作群等网络群组（个）")
    incidents: int = count("监测发现的涉及本街道的网络舆情（起）", cumulative=True)
    resolved: int = count("其中已妥善处置的（起），不超过发现数", cumulative=True)
    practices: Practices = practices("如舆情监测研判处置、群组管理、三审三校。")


class Venues(StrictModel):
    """阵地管理."""

    checked: int = count("排查的宣传栏、电子屏、文化活动室、图书室等阵地（处）")
    issues: int = count("排查发现的问题（个）", cumulative=True)
    fixed: int = count("其中已整改的问题（个），不超过发现数", cumulative=True)
    approvals: int = count("审批的报告会、研讨会、讲座、论坛等活动（场）", cumulative=True)
    practices: Practices = practices("如阵地排查、活动审批、宗教和文化市场管理。")


class Civilization(StrictModel):
    """精神文明与新时代文明实践."""

    volunteers: int = count("注册志愿者（人），不超过常住人口")
    activities: int = count("开展文明实践活动（场次）", cumulative=True)
    models: int = count("选树的各类先进典型（个）", cumulative=True)
    practices: Practices = practices("如文明实践、志愿服务、典型选树、节日活动。")


class Risk(StrictModel):
    """风险防范化解."""

    meetings: int = count("召开意识形态领域形势分析研判会（次）", cumulative=True)
    points: int = count("梳理排查的风险点（个）", cumulative=True)
    closed: int = count("其中已销号的风险点（个），不超过风险点数", cumulative=True)
    practices: Practices = practices("如研判机制、风险清单、销号管理、应急处置。")


class Secretary(StrictModel):
    """述职报告：书记本人的履职数字."""

    instructions: int = count("本人亲自研究、批示的意识形态领域重要事项（件）", cumulative=True)
    lead_talks: int = count("本人在中心组学习中领学或作重点发言（次），不超过中心组集中学习次数", cumulative=True)
    party_lectures: int = count("本人讲党课、作宣讲（次），不超过全街道宣讲场次", cumulative=True)
    visits: int = count("本人到社区、阵地、企业调研督导意识形态工作（次）", cumulative=True)


class Situation(StrictModel):
    """研判报告：本季度总体形势."""

    meeting_date: dt.date = Field(description="本季度研判会的日期，须在本季度之内")
    judgement: Text = Field(description="一句话总体判断，如“本季度辖区意识形态领域总体平稳……”")
    incidents: int = count("本季度监测到的涉及本街道的网络信息（条）", cumulative=True)
    negative: int = count("其中负面信息（条），不超过监测总数", cumulative=True)
    petitions: int = count("本季度受理的群众诉求（件）", cumulative=True)
    petitions_ideology: int = count("其中涉及意识形态领域的（件），不超过诉求总数", cumulative=True)
    trends: Practices = practices("本季度值得注意的思想动向，每条写清现象和依据。")


class RiskPoint(StrictModel):
    title: Text = Field(max_length=40, description="风险点概括，用作小标题")
    detail: Text = Field(description="表现、成因和可能的影响，写具体")
    level: Literal["高", "较高", "中", "较低"] = Field(description="风险等级")


class Inspection(StrictModel):
    """自查报告：自查的组织情况."""

    start: dt.date = Field(description="自查开始日期")
    end: dt.date = Field(description="自查结束日期，不早于开始日期、不晚于成文日期")
    items_total: int = count("对照检查的责任清单事项（项）")
    items_met: int = count("其中已全面落实的（项）")
    items_partial: int = count("其中基本落实、仍需完善的（项）；与全面落实的合计不超过事项总数")
    communities_checked: int = count("实地抽查的社区（个），不超过社区总数")


# --- 年度意识形态工作要点 (work-plan) ---------------------------------------------------


class Task(StrictModel):
    """要点中的一项任务."""

    title: Text = Field(max_length=40, description="任务概括，用作小标题，以动词开头，如“深化理论武装”")
    text: Text = Field(
        description="任务内容：做什么、怎么做、达到什么目标。要点是计划，用“要”“将”“全年”“不少于”，不写已经取得的成效"
    )
    lead: Text = Field(max_length=30, description="牵头单位（街道内设机构或班子成员），如“党建办”")
    partners: Text | None = Field(default=None, max_length=60, description="配合单位，可省略")
    due: Text = Field(max_length=20, description="完成时限，如“全年”“6月底前”“每季度”")
    answers: Text | None = Field(
        default=None,
        description="这项任务回应上一年度报告中的哪个问题：照抄那个问题的小标题（problems 中的 title），可省略",
        json_schema_extra=CHECKED,
    )


class TaskGroup(StrictModel):
    title: Text = Field(max_length=40, description="一组任务的小标题，如“坚持理论武装，筑牢思想根基”")
    tasks: list[Task] = Field(min_length=1, max_length=5, description="这一组的任务")


class Safeguard(StrictModel):
    title: Text = Field(max_length=40, description="保障措施概括，用作小标题，如“加强组织领导”")
    text: Text = Field(description="怎么保障：谁负责、怎么督促、怎么考核")


class WorkPlan(StrictModel):
    """工作要点：总体目标、分组的任务、保障措施."""

    follows: Id | None = Field(
        default=None,
        description="上一年度工作情况报告（范文）的 id；写了就核对：那份报告的每个问题都有任务回应（answers）",
        json_schema_extra=CHECKED,
    )
    goal: Text = Field(description="工作目标：一两句话，写明全年要达到的状态，用将来时")
    groups: list[TaskGroup] = Field(min_length=3, max_length=7, description="重点任务，按板块分组")
    safeguards: list[Safeguard] = Field(min_length=2, max_length=4, description="保障措施")


# --- 党工委专题研究意识形态工作会议纪要 (meeting-minutes) ------------------------------


class Heard(StrictModel):
    who: Text = Field(max_length=40, description="汇报人：职务和姓名（虚构），如“党工委副书记林静”")
    topic: Text = Field(max_length=60, description="汇报的内容，接在“关于”之后，如“全年意识形态工作责任制落实情况”")


class Opinion(StrictModel):
    lead: Literal["会议认为", "会议指出", "会议强调", "会议要求"] = Field(description="这一段的引语")
    text: Text = Field(description="会议的意见，接在引语和逗号之后，写成完整的句子")


class Decision(StrictModel):
    title: Text = Field(max_length=40, description="议定事项概括，用作小标题，以动词开头")
    text: Text = Field(description="议定的内容：做什么、达到什么要求")
    lead: Text = Field(max_length=40, description="责任领导或牵头单位，如“林静同志牵头，党建办负责”")
    due: Text = Field(max_length=20, description="完成时限，如“12月底前”“2027年3月底前”")


class Meeting(StrictModel):
    """会议纪要：会议概况、听取的汇报、会议意见、议定事项、出席和列席人员."""

    nth: int = Field(ge=1, le=50, description="本年度党工委第几次专题研究意识形态工作")
    time: Literal["上午", "下午"] = Field(description="开会的时段")
    place: Text = Field(max_length=30, description="会议地点，如“街道机关四楼会议室”")
    chair: Text = Field(max_length=30, description="主持人：职务和姓名（虚构），如“党工委书记周明远”")
    heard: list[Heard] = Field(min_length=1, max_length=5, description="会议听取的汇报")
    studied: list[Text] = Field(
        min_length=1,
        max_length=5,
        description="会议传达学习或审议的文件、研究的事项，每条一个名词短语，如“《2027年意识形态工作要点（送审稿）》”",
    )
    opinions: list[Opinion] = Field(min_length=2, max_length=6, description="会议的意见，按认为、指出、强调、要求排列")
    decisions: list[Decision] = Field(min_length=2, max_length=6, description="议定事项和责任分工")
    attendees: list[Text] = Field(min_length=3, description="出席：党工委委员的姓名（虚构），主持人排第一")
    absent: list[Text] = Field(default=[], description="请假：姓名和原因，如“陈晓（在外学习）”，可省略")
    observers: list[Text] = Field(min_length=1, description="列席：职务或单位，如“党建办主任”")


# --- 网络舆情处置情况报告 (incident-report) ----------------------------------------------

ANONYMOUS = r"^(?:[\u4e00-\u9fff]某{1,2}|网民|一名网民)$"


Stage = Literal["发现", "研判", "处置", "回应", "跟踪"]
STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]


class Step(StrictModel):
    stage: Stage = Field(description="处置环节，按发现、研判、处置、回应、跟踪的顺序")
    at: dt.datetime = Field(description="时间，写成 YYYY-MM-DD HH:MM，各步按时间先后排列")
    text: Text = Field(description="这一步做了什么：谁、怎么做、结果如何，只写事实")


class Incident(StrictModel):
    """舆情处置报告：事件、传播情况、处置经过和结果."""

    name: Text = Field(max_length=24, description="事件简称，用于标题，如“汀澜府小区物业费调整”")
    first_seen: dt.datetime = Field(description="首条相关信息发布的时间，写成 YYYY-MM-DD HH:MM")
    platform: Text = Field(max_length=40, description="首发平台，如“本地生活论坛和小区业主群”")
    poster: Text = Field(description="首发者，个人只写“李某”“王某某”这种形式，或写“网民”")
    summary: Text = Field(description="信息说了什么、涉及哪些群众诉求：只写事实，不评价当事人")
    spread: Text = Field(description="传播情况：转到了哪些平台、网民主要关注什么")
    views: int = Field(ge=0, le=1_000_000_000, description="处置前相关信息累计浏览量（次）")
    comments: int = Field(ge=0, le=100_000_000, description="其中跟帖、评论（条）")
    peak: dt.datetime = Field(description="传播高峰的时间，写成 YYYY-MM-DD HH:MM，不早于首发时间")
    steps: list[Step] = Field(min_length=4, max_length=12, description="处置经过，按时间先后")
    closed: dt.date = Field(description="舆情平息的日期，不早于最后一步、不晚于成文日期")
    result: Text = Field(description="处置结果：诉求解决得怎样，网上信息怎样回落，只写事实")

    @field_validator("poster")
    @classmethod
    def _anonymous(cls, v: str) -> str:
        if not re.match(ANONYMOUS, v):
            raise ValueError(f"首发者“{v}”：报告中不写个人的真实姓名，写成“李某”“王某某”的形式，或写“网民”")
        return v


class Problem(StrictModel):
    title: Text = Field(max_length=40, description="问题概括，用作小标题，如“理论学习转化运用不够”")
    detail: Text = Field(description="具体表现：出在哪里、举例或数字")
    cause: Text = Field(description="原因：从思想认识、能力、机制上找，写成完整的句子")


class Plan(StrictModel):
    title: Text = Field(max_length=40, description="措施概括，用作小标题，以动词开头")
    text: Text = Field(description="措施内容：做什么、怎么做、达到什么目标；应回应前面的问题")
    deadline: dt.date | None = Field(default=None, description="完成时限（自查报告的整改措施要写），不早于成文日期")


class Sample(StrictModel):
    id: Id = Field(description="英文短名，也是页面网址，如 shiliufang-2025-annual")
    type: Id = Field(description="报告类型 id（见 data/report_types.yaml），如 annual")
    street: Id = Field(description="街道 id（见 data/streets/）")
    year: int = Field(ge=2019, le=2100, description="报告年份")
    quarter: int | None = Field(default=None, ge=1, le=4, description="季度，只用于研判报告（risk-analysis）")
    date: dt.date = Field(description="成文日期")
    opening: Text = Field(description="开头段中本街道的概括：工作主线和总体判断，一两句完整的话")
    leadership: Leadership | None = None
    theory: Theory | None = None
    publicity: Publicity | None = None
    online: Online | None = None
    venues: Venues | None = None
    civilization: Civilization | None = None
    risk: Risk | None = None
    secretary: Secretary | None = Field(default=None, description="只用于述职报告")
    situation: Situation | None = Field(default=None, description="只用于研判报告")
    risks: list[RiskPoint] | None = Field(
        default=None, min_length=2, max_length=6, description="只用于研判报告：主要风险点"
    )
    inspection: Inspection | None = Field(default=None, description="只用于自查报告")
    workplan: WorkPlan | None = Field(default=None, description="只用于工作要点")
    meeting: Meeting | None = Field(default=None, description="只用于会议纪要")
    incident: Incident | None = Field(default=None, description="只用于舆情处置报告")
    problems: list[Problem] | None = Field(default=None, min_length=2, max_length=6, description="存在的问题及原因")
    plans: list[Plan] | None = Field(
        default=None,
        min_length=2,
        max_length=6,
        description="下一步打算、整改措施、应对措施或改进措施，应回应前面的问题（工作要点和会议纪要不用）",
    )
    closing: Text | None = Field(default=None, description="结尾段（表态），可省略")
