"""Rules of the draft checker (在线自查 and report-check): one file per category in data/rules/.

A rule names what it looks for (a portable regular expression, or one of the
built-in matchers that read the time facts and report types), how sure it is
(severity), what to tell the writer (message, suggestion), and examples it must
flag and examples it must leave alone. The examples are run whenever the data
is loaded (macros/checker/selftest.py): a rule whose examples fail stops the build.

Patterns run in Python `re` and in JavaScript (`u` flag) alike, so they keep to
the part of the syntax both read the same way; `portable_regex_problem` says why
a pattern is refused. Inside patterns, {cjk} {cnnum} {sp} {trad} stand for the
character-class contents in TOKENS (write them inside [...]).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Id, StrictModel, Text

Category = Literal[
    "placeholder",
    "doubled",
    "residue",
    "anniversary",
    "stale",
    "punctuation",
    "numbering",
    "script",
    "term",
    "formula",
    "structure",
    "layout",
]
CATEGORIES: list[str] = list(Category.__args__)  # type: ignore[attr-defined]
Severity = Literal["error", "suspect", "hint"]

# Built-in matchers; all but `regex` read data beyond the rule itself.
Match = Literal[
    "regex",  # pattern(s) / words, line by line
    "anniversary",  # time_facts.anniversaries: N周年 against the report year
    "expression",  # time_facts.expressions: valid_from / valid_until
    "plan-stage",  # time_facts.plans: “十X五”开局之年 / 收官之年
    "event-future",  # time_facts.events: citing a meeting before it was held
    "event-superseded",  # time_facts.events: citing an earlier congress as the current guide
    "campaign-ongoing",  # time_facts.campaigns: “深入开展X” after X ended
    "formula",  # time_facts.formulas: a fixed formula reordered, with an item swapped or missing
    "formula-outdated",  # time_facts.formulas: an old form used after it was replaced
    "doubled-line",  # a line identical to the previous non-empty line
    "doubled-title",  # a line of the top block (title, meta lines) repeating an earlier one there
    "line-join",  # a line break inside a sentence: this line matches `before`, the next `after`
    "official-name",  # the file's official_names: a fixed name in a corrupted (“spun”) form
    "tag-lines",  # keyword tags at the top of a copied page: several short lines in a row
    "numbering-sequence",  # heading numbers that jump (grammar: numbering.yaml headings)
    "numbering-skip",  # a heading level skipped
    "numbering-order",  # a heading above a deeper one in the same part (“1.” before “（一）”)
    "traditional-document",  # the whole text in traditional characters
    "structure-parts",  # a required part of the report type missing (structure.yaml parts)
    "structure-voice",  # a first-person report without 我
]
# Matchers whose findings can carry a fix (`fix`); for LINE_FIX_MATCHES the fix removes the line.
FIX_MATCHES = {"regex", "anniversary", "expression", "doubled-line", "doubled-title", "line-join", "official-name"}
LINE_FIX_MATCHES = {"doubled-line", "doubled-title", "line-join"}  # the fix removes a line or a line break
YEAR_MATCHES = {
    "anniversary",
    "expression",
    "plan-stage",
    "event-future",
    "event-superseded",
    "campaign-ongoing",
    "formula",
    "formula-outdated",
}
MATCH_CATEGORY = {
    "anniversary": "anniversary",
    "expression": "stale",
    "plan-stage": "stale",
    "event-future": "stale",
    "event-superseded": "stale",
    "campaign-ongoing": "stale",
    "formula": "formula",
    "formula-outdated": "formula",
    "doubled-line": "doubled",
    "doubled-title": "doubled",
    "line-join": "layout",
    "official-name": "term",
    "tag-lines": "residue",
    "numbering-sequence": "numbering",
    "numbering-skip": "numbering",
    "numbering-order": "numbering",
    "traditional-document": "script",
    "structure-parts": "structure",
    "structure-voice": "structure",
}

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKENS = {
    "cjk": CJK,  # Chinese characters (BMP)
    "cnnum": "〇零一二三四五六七八九十百千两",  # Chinese numerals
    "sp": r" \t\u3000",  # spaces, tabs and the full-width space
}

# --- portable regular expressions ---------------------------------------------------------

_SYNTAX = set("^$\\.*+?()[]{}|/")
_QUANT = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")


def expand_tokens(pattern: str, tokens: dict[str, str]) -> str:
    for name, value in tokens.items():
        pattern = pattern.replace("{" + name + "}", value)
    return pattern


def portable_regex_problem(pattern: str) -> str | None:
    """Why `pattern` might behave differently in Python and in JavaScript (None when it is fine)."""
    try:
        compiled = re.compile(pattern)
    except re.error as e:
        return f"正则表达式写错了：{e}"
    i, in_class, n = 0, False, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            nxt = pattern[i + 1] if i + 1 < n else ""
            if nxt in "dDwWsSbB":
                return (
                    f"不要用 \\{nxt}：Python 和 JavaScript 对它的理解不同，请写明字符集，如 [0-9]、[{{cjk}}]、[{{sp}}]"
                )
            if nxt == "u":
                if not re.fullmatch(r"[0-9a-fA-F]{4}", pattern[i + 2 : i + 6]):
                    return "\\u 后面要紧跟 4 位十六进制数字，如 \\u3000"
                i += 6
                continue
            if nxt in "123456789" and not in_class:
                i += 2
                continue
            if nxt in "ntr" or nxt in _SYNTAX or (nxt == "-" and in_class):
                i += 2
                continue
            return f"“\\{nxt}”这种转义在 JavaScript 中无效：只转义 ^$\\.*+?()[]{{}}|/ 这些符号（方括号内还可以转义 -）"
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern.startswith("[^]", i) or pattern.startswith("[]", i):
                return "不要写空字符集 [] 或 [^]"
        elif ch == ".":
            return "不要用“.”匹配任意字符（两种引擎对换行类字符理解不同）：写成 [^\\n]"
        elif ch == "(" and pattern.startswith("(?", i):
            if not any(pattern.startswith(p, i) for p in ("(?:", "(?=", "(?!", "(?<=", "(?<!")):
                return "只能用 (?:…)、(?=…)、(?!…)、(?<=…)、(?<!…) 这几种括号；不要用命名分组或 (?i) 之类的标记"
        elif ch == "{":
            m = _QUANT.match(pattern, i)
            if not m:
                return "单独的“{”在 JavaScript 中是语法错误：要表示花括号本身请写 \\{"
            i = m.end()
            if i < n and pattern[i] == "+":
                return "不要用占有量词（如 {2,}+）：JavaScript 不支持"
            continue
        elif ch == "}":
            return "单独的“}”在 JavaScript 中是语法错误：要表示花括号本身请写 \\}"
        elif ch in "*+?" and i + 1 < n and pattern[i + 1] == "+":
            return "不要用占有量词（如 *+、++）：JavaScript 不支持"
        i += 1
    try:
        from re import _parser  # type: ignore[attr-defined]

        lo, _ = _parser.parse(pattern).getwidth()
    except Exception:  # pragma: no cover - parser internals
        lo = 1
    if lo == 0 or compiled.fullmatch(""):
        return "这个表达式可以匹配空字符串，会在每个位置都报告：至少要匹配一个字"
    return None


# --- examples ----------------------------------------------------------------------------


class Example(StrictModel):
    text: Text = Field(description="例句；多行文字用 YAML 的 | 块写")
    year: int | None = Field(default=None, ge=1949, le=2100, description="按哪一年的报告检查（与年份有关的规则必填）")
    date: dt.date | None = Field(default=None, description="报告的成文日期（YYYY-MM-DD，可选）：按日期判断会议能否引用")
    type: Id | None = Field(default=None, description="按哪类报告检查（报告类型 id，见 data/report_types.yaml）")
    expect: Text | None = Field(default=None, description="应报例句中必须标出的文字（可选）")
    note: Text | None = Field(default=None, description="说明这个例句要防的是什么（可选）")
    fixed: str | None = Field(
        default=None, description="应报例句按本规则的改正全部改好后的文字（可选，规则有 fix 时用来验证改法）"
    )


def _as_example(v):
    return {"text": v} if isinstance(v, str) else v


class Examples(StrictModel):
    flag: list[Example] = Field(min_length=1, description="必须报告的例句")
    pass_: list[Example] = Field(alias="pass", min_length=1, description="不能报告的例句（容易误报的正确写法）")

    @field_validator("flag", "pass_", mode="before")
    @classmethod
    def _strings_are_examples(cls, v):
        return [_as_example(x) for x in v] if isinstance(v, list) else v


# --- rules -------------------------------------------------------------------------------


class Rule(StrictModel):
    id: Id = Field(description="规则 id，以类别开头，如 placeholder-xx；发布后不要改（页面锚点 #rule-<id>）")
    title: Text = Field(description="规则名称，列在规则一览中")
    severity: Severity = Field(description="error 肯定错了；suspect 很可能错，值得看一眼；hint 文风建议")
    match: Match = Field(default="regex", description="用哪种检查方法；regex 以外的方法读取时间事实或报告类型")
    pattern: str | None = Field(default=None, description="正则表达式（match 为 regex 时与 words 二选一）")
    patterns: list[str] = Field(default=[], description="多个正则表达式（任一命中即报告）")
    words: list[Text] = Field(default=[], description="逐字查找的词语")
    replace: dict[str, str] = Field(default={}, description="命中文字 → 建议写法，在 message/suggestion 中用 {right}")
    exceptions: list[Text] = Field(
        default=[], description="包含命中文字、但本身正确的较长词语（如“公布署名”之于“布署”）"
    )
    skip_quoted: bool | None = Field(default=None, description="《》和“”里的文字不查（默认取文件的设置）")
    unless: Id | None = Field(default=None, description="另一条规则已经报告时，本规则不再报告")
    types: list[Id] = Field(
        default=[], description="只在检查这些报告类型时运行（报告类型 id，如 work-plan）；不写则各类都查"
    )
    upcoming_words: list[Text] = Field(default=[], description="前面出现这些词（如“迎接”）时，按下一年判断")
    min_length: int | None = Field(default=None, ge=1, description="doubled-line、doubled-title：行的最少字数")
    top_lines: int | None = Field(
        default=None,
        ge=1,
        le=30,
        description="doubled-title、tag-lines：只看开头这么多个非空行（doubled-title 遇到正文段落即止）",
    )
    line: str | None = Field(default=None, description="tag-lines：每一个标签行要符合的正则")
    min_lines: int | None = Field(default=None, ge=2, le=10, description="tag-lines：至少连续几行才算标签")
    lead_group: bool = Field(default=False, description="regex：第 1 组是命中所需的前文，只标出第 1 组之后的文字")
    before: str | None = Field(default=None, description="line-join：断开处上一行要符合的正则")
    after: str | None = Field(default=None, description="line-join：断开处下一行要符合的正则")
    max_blank: int | None = Field(default=None, ge=0, le=3, description="line-join：两行之间最多隔几个空行")
    named_event_words: list[Text] = Field(
        default=[], description="anniversary：周年数后紧接这些词（如“大会”）时是在说一次具体活动，不按报告年份检查"
    )
    ratio: int | None = Field(default=None, ge=1, le=100, description="traditional-document：繁体字占汉字的百分比")
    min_count: int | None = Field(default=None, ge=1, description="structure-voice：第一人称“我”最少出现次数")
    fix: list[str] | None = Field(
        default=None,
        description=(
            "没有歧义的改法：标出的文字换成这段文字，可用 {text}、{right} 等占位和正则分组 {1}、{2}；"
            "写成列表时用第一个占位都有值的一项，都没有值就不给改法；doubled-line 写 '' 表示删去重复的一行。"
            "需要人判断的（占位符、结构、可能有意为之的写法）不要写 fix"
        ),
    )
    fix_opens: str | None = Field(
        default=None,
        min_length=1,
        max_length=1,
        description="只在标出的文字以这个字符开头、且它是本行中的第 1、3、5……个（前引号）时给出改法（直引号配对用）",
    )
    message: Text = Field(description="告诉写作者哪里错了；可用 {text} 等占位，见规则一览")
    suggestion: Text = Field(description="怎么改")
    explain: Text | None = Field(default=None, description="规则一览中的补充说明（可选）")
    examples: Examples

    @field_validator("fix", mode="before")
    @classmethod
    def _fix_list(cls, v):
        return [v] if isinstance(v, str) else v

    @model_validator(mode="after")
    def _match_fields(self):
        if self.fix is not None:
            if not self.fix:
                raise ValueError(f"规则 {self.id} 的 fix 是空列表：写一种改法，或删去 fix")
            if self.match not in FIX_MATCHES:
                raise ValueError(f"规则 {self.id}：match 为 {self.match} 的规则没有确定的改法，删去 fix")
            if self.match in LINE_FIX_MATCHES and self.fix != [""]:
                raise ValueError(f"规则 {self.id}：{self.match} 的改法只能是删去重复的行或断行，写 fix: ''")
        if self.match == "regex":
            if not (self.pattern or self.patterns or self.words):
                raise ValueError(f"规则 {self.id} 没有 pattern、patterns 或 words：regex 规则至少要写一种")
        elif self.pattern or self.patterns or self.words:
            raise ValueError(f"规则 {self.id} 的 match 是 {self.match}，不使用 pattern/words：删去它们")
        if self.match == "doubled-line" and self.min_length is None:
            raise ValueError(f"规则 {self.id}：doubled-line 需要 min_length")
        if self.match == "doubled-title" and (self.min_length is None or self.top_lines is None):
            raise ValueError(f"规则 {self.id}：doubled-title 需要 min_length 和 top_lines")
        if self.match == "tag-lines" and not (self.line and self.min_lines and self.top_lines):
            raise ValueError(f"规则 {self.id}：tag-lines 需要 line、min_lines 和 top_lines")
        if self.match == "line-join" and not (self.before and self.after):
            raise ValueError(f"规则 {self.id}：line-join 需要 before 和 after")
        if self.lead_group and self.match != "regex":
            raise ValueError(f"规则 {self.id}：lead_group 只用于 regex 规则")
        if self.match == "traditional-document" and self.ratio is None:
            raise ValueError(f"规则 {self.id}：traditional-document 需要 ratio")
        if self.match in YEAR_MATCHES:
            for ex in [*self.examples.flag, *self.examples.pass_]:
                if ex.year is None:
                    raise ValueError(f"规则 {self.id} 与年份有关：例句“{ex.text}”要写明 year")
        if self.match.startswith("structure") or self.types:
            for ex in [*self.examples.flag, *self.examples.pass_]:
                if ex.type is None:
                    raise ValueError(f"规则 {self.id} 与报告类型有关：例句要写明 type")
        if self.types:
            for ex in self.examples.flag:
                if ex.type not in self.types:
                    raise ValueError(f"规则 {self.id} 只查 {'、'.join(self.types)}：应报例句的 type 要是其中之一")
        return self

    def all_patterns(self) -> list[str]:
        return ([self.pattern] if self.pattern else []) + list(self.patterns)

    def line_patterns(self) -> list[str]:
        """line-join's two patterns (checked for portability like the others)."""
        return [p for p in (self.before, self.after, self.line) if p]


class OfficialName(StrictModel):
    name: Text = Field(description="规范写法，如“网络安全法”")
    source: Text = Field(description="出处：法律、文件的全称和发布机关、时间，或规范搭配的依据")
    corrupted: list[Text] = Field(min_length=1, description="范文网站“洗稿”改出来的错误写法，如“网络平安法”")

    @model_validator(mode="after")
    def _distinct(self):
        for c in self.corrupted:
            if c in self.name:
                raise ValueError(f"错误写法“{c}”包含在规范写法“{self.name}”中，会把正确的文字也标出来")
        return self


class Heading(StrictModel):
    level: int = Field(ge=1, le=4)
    pattern: str = Field(description="识别这一级标题的正则（从行首起，第 1 组为序号）")
    numerals: Literal["cn", "arabic"]
    name: Text = Field(description="规范写法，如“一、”")


class Part(StrictModel):
    part: Text = Field(description="data/report_types.yaml 中 required_parts 的写法，如“存在的问题及原因”")
    check: Literal["opening", "keywords"] = "keywords"
    keywords: list[Text] = Field(default=[], description="标题中出现其中之一即算有这一部分")
    leads: list[Text] = Field(default=[], description="某一段以其中之一开头也算（没有小标题的短稿）")
    anywhere: list[Text] = Field(
        default=[], description="正文任何地方出现其中之一也算（如纪要的“会议指出”、要点的“为指导”）"
    )
    min_parts: int | None = Field(
        default=None, ge=2, description="一级标题不少于这个数也算（如任务直接列为一级标题的要点）"
    )

    @model_validator(mode="after")
    def _keywords(self):
        if self.check == "keywords" and not self.keywords:
            raise ValueError(f"部分“{self.part}”要写 keywords")
        return self


class TypeTitle(StrictModel):
    type: Id = Field(description="报告类型 id")
    pattern: str = Field(description="标题中有这样的文字时按这一类报告检查")


class RuleFile(StrictModel):
    category: Category
    title: Text = Field(description="类别的中文名，如“占位符残留”")
    order: int = Field(ge=1, description="在规则一览中的顺序")
    intro: Text = Field(description="这一类问题是什么、为什么要查")
    skip_quoted: bool = Field(default=False, description="本文件的规则是否默认跳过《》和“”里的文字")
    keep_nested: bool = Field(default=False, description="同一类的两条发现重叠或套在一起时都保留（默认只留外面那条）")
    absorbs_nested: bool = Field(
        default=False, description="其他类的发现落在本类发现的范围内时不再单独报告（如网页标记里的标点）"
    )
    traditional_chars: str | None = Field(default=None, description="script：只在繁体中文里使用的字（{trad}）")
    official_names: list[OfficialName] = Field(
        default=[], description="term：固定名称及其被改写的错误写法（match: official-name 的规则使用）"
    )
    headings: list[Heading] = Field(default=[], description="numbering：四级标题的识别方法")
    headings_end: str | None = Field(
        default=None,
        description="numbering：正文到此为止的行（如附件说明“附件：1.……”）；从这一行起的序号不再当作正文标题",
    )
    parts: list[Part] = Field(default=[], description="structure：各部分的同义说法")
    type_titles: list[TypeTitle] = Field(default=[], description="structure：由标题判断报告类型")
    title_line: str | None = Field(
        default=None, description="structure：像报告标题的行（判断报告类型前先看是否像标题）"
    )
    first_person: str | None = Field(default=None, description="structure：第一人称“我”的写法（正则）")
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _category_fields(self):
        extra = {
            "traditional_chars": ("script", bool(self.traditional_chars)),
            "headings": ("numbering", bool(self.headings)),
            "headings_end": ("numbering", bool(self.headings_end)),
            "parts": ("structure", bool(self.parts)),
            "type_titles": ("structure", bool(self.type_titles)),
            "title_line": ("structure", bool(self.title_line)),
            "first_person": ("structure", bool(self.first_person)),
            "official_names": ("term", bool(self.official_names)),
        }
        for name, (cat, present) in extra.items():
            if present and self.category != cat:
                raise ValueError(f"{name} 只用于 {cat} 类规则文件")
        for r in self.rules:
            if not r.id.startswith(self.category + "-"):
                raise ValueError(f"规则 id“{r.id}”要以类别“{self.category}-”开头")
            want = MATCH_CATEGORY.get(r.match)
            if want and want != self.category:
                raise ValueError(f"规则 {r.id} 的 match {r.match} 属于 {want} 类，不能放在 {self.category} 类")
            if r.match == "official-name" and not self.official_names:
                raise ValueError(f"规则 {r.id} 的 match 是 official-name：在本文件的 official_names 中列出名称")
        seen: dict[str, str] = {}
        for n in self.official_names:
            for c in n.corrupted:
                if c in seen:
                    raise ValueError(f"错误写法“{c}”重复出现（{seen[c]}、{n.name}）")
                seen[c] = n.name
        tokens = {**TOKENS, "trad": self.traditional_chars or ""}
        for r in self.rules:
            for p in [*r.all_patterns(), *r.line_patterns()]:
                problem = portable_regex_problem(expand_tokens(p, tokens))
                if problem:
                    raise ValueError(f"规则 {r.id} 的正则“{p}”：{problem}")
        for h in self.headings:
            problem = portable_regex_problem(expand_tokens(h.pattern, tokens))
            if problem:
                raise ValueError(f"第 {h.level} 级标题的正则：{problem}")
        for p in [*(t.pattern for t in self.type_titles), self.title_line, self.first_person, self.headings_end]:
            if p:
                problem = portable_regex_problem(expand_tokens(p, tokens))
                if problem:
                    raise ValueError(f"正则“{p}”：{problem}")
        return self
