"""Turn the rule files, time facts and report types into one plain dict: the rule set
both engines run (macros/checker/engine.py in Python, assets/javascripts/checker.js in
the browser). Every regular expression the engines use is built here, once, so the two
engines cannot read the data differently.
"""

from __future__ import annotations

import datetime as dt
from itertools import permutations

from ..models.report_types import ReportTypes
from ..models.rules import CATEGORIES, CJK, TOKENS, YEAR_MATCHES, RuleFile, expand_tokens
from ..models.time_facts import TimeFacts, cn_date, last_day

FORMAT_VERSION = 1
SEVERITIES = {"error": "错误", "suspect": "存疑", "hint": "提示"}
CN_NUM = "〇零一二三四五六七八九十百"

# Where the report's year is read from when none is given (title, then first paragraph).
YEAR_IN_LINE = r"((?:19|20)[0-9]{2})[ \u3000]*年"
DATE_LINE = (
    r"^[ \t\u3000]*[（(]?[ \u3000]*(?:19|20)[0-9]{2}年[0-9]{1,2}月(?:[0-9]{1,2}日)?[ \u3000]*[）)]?[ \t\u3000]*$"
)
# A report's date (成文日期): a line holding only a date, near the end (or just under the title).
REPORT_DATE = (
    r"^[ \t\u3000]*[（(]?[ \u3000]*((?:19|20)[0-9]{2})年([0-9]{1,2})月(?:([0-9]{1,2})日)?[ \u3000]*[）)]?[ \t\u3000]*$"
)
# The end of the period a title names, when the report carries no date: [pattern, month, day].
PERIODS = [
    ["前三季度|第三季度|三季度", 9, 30],
    ["上半年|第二季度|二季度", 6, 30],
    ["第一季度|一季度", 3, 31],
]
# A part (or a whole report) that looks ahead: its meetings are judged at the end of its year, not
# at the report's date (a plan written before a meeting may already plan to study it).
SECTION_AHEAD = r"打算|计划|下一步|下半年|展望|思路|要点"
# A part headed “三、明年工作打算” or “三、2027年工作打算” speaks of that year, not the report year.
SECTION_NEXT = r"明年|下一年|下年度"
# A year written just before a dated reference, in the same sentence: “2019年，庆祝建国70周年”
# (not “2019年以来”, which reaches the report year).
# The nearest such year wins (the greedy [^\n]* backs off to the last one).
YEAR_BEFORE = r"^[^\n]*(?<![0-9])((?:19|20)[0-9]{2})年(?!以来|起|开始|至今)[^。；！？;!?\n]{0,15}$"
# “去年是……收官之年”: a relative year word just before, in the same clause (offset from the report year).
YEAR_RELATIVE = r"(去年|今年|明年|前年)[^，。；！？,;!?\n]{0,8}$"
RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}
# A year at the start of the sentence, further back (“2027年，街道将……紧扣建党106周年”): it may govern
# the reference, so both that year and the part's year count as right (never a new alarm).
YEAR_IN_SENTENCE = r"(?:^|[。；！？;!?])[{sp}]*((?:19|20)[0-9]{2})年(?!以来|起|开始|至今)[^。；！？;!?\n]*$".replace(
    "{sp}", " \t\u3000"
)


def regex_escape(text: str) -> str:
    """Escape for both engines (JavaScript's `u` mode refuses escapes of other characters)."""
    return "".join("\\" + c if c in "\\^$.*+?()[]{}|/" else c for c in text)


def _quote_free(text: str) -> str:
    """A pattern for a fixed expression that also matches it with other quotes or none."""
    out = []
    for c in text:
        out.append('[“”"‘’「」]?' if c in '“”"‘’「」' else regex_escape(c))
    return "".join(out)


def _words_pattern(words: list[str]) -> str:
    return "|".join(regex_escape(w) for w in sorted(words, key=len, reverse=True))


def _short(name: str) -> str:
    return name.removeprefix("党的")


def _session(event_name: str) -> str:
    """党的十九大 → 十九届; 党的十九届四中全会 → 十九届."""
    s = _short(event_name)
    if "届" in s:
        return s[: s.index("届") + 1]
    return s.removesuffix("大") + "届"


NOT_AFTER_NUMERAL = "(?<![〇零一二三四五六七八九十百])"


def _upcoming(words: list[str]) -> str | None:
    if not words:
        return None
    return "(?:" + _words_pattern(words) + ")[^，。；！？,;!?\\n]{0,8}$"


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _span(since: dt.date | None, until: dt.date | None, by_date: bool = False) -> dict:
    """When an item is right, as ISO dates the engines compare as strings. `by_date`: an item
    that ended is judged against the report's date when it is known (a formula that changed on
    a day); otherwise against the start of the report year (a review of the year may still say
    what was done while a campaign ran)."""
    return {"date_from": _iso(since), "date_until": _iso(until), "by_date": by_date}


def _years_span(first: int | None, last: int | None) -> dict:
    return _span(dt.date(first, 1, 1) if first else None, dt.date(last, 12, 31) if last else None)


def _list_pattern(items: list[str], joiner: str) -> str:
    sep = "[、，,]" if joiner in "、，," else regex_escape(joiner)
    return sep.join(_quote_free(i) for i in items)


def _formula_items(tf: TimeFacts, outdated: bool) -> list[dict]:
    """Reordered, swapped and missing items of the fixed formulas (提法) that are lists of
    short terms; or (`outdated`) old forms used after they were replaced."""
    items: list[dict] = []
    for f in tf.formulas:
        right = f.text
        if bool(f.until) != outdated:
            continue
        if f.until:
            new = tf.formula(f.replaced_by)
            items.append(
                {
                    "pattern": _list_pattern(f.items, f.joiner),
                    **_span(None, last_day(f.until), by_date=True),
                    "name": f.name,
                    "problem": f"是{cn_date(f.until)}以前的写法",
                    "right": new.text,
                    "note": f.note or "",
                    "id": f.id + "-old",
                }
            )
            continue
        if not f.ordered or len(f.items) > 5:
            continue
        # Reordered: every item, in another order (at most 5! = 120 alternatives).
        wrong = ["[、，,]".join(regex_escape(i) for i in p) for p in permutations(f.items) if list(p) != f.items]
        if wrong:
            items.append(
                {
                    "pattern": "(?:" + "|".join(wrong) + ")",
                    "always": True,
                    "name": f.name,
                    "problem": "各项的顺序不对",
                    "right": right,
                    "note": f.note or "",
                    "id": f.id + "-order",
                }
            )
        # Swapped: one item replaced by another word of the same ending (“政治意识、大局意识、核心意识、服务意识”).
        ends = {i[-2:] for i in f.items}
        if len(ends) == 1 and len(f.items) >= 3:
            end = regex_escape(next(iter(ends)))
            own = "|".join(regex_escape(i) for i in f.items)
            for k in range(len(f.items)):
                parts = [regex_escape(i) for i in f.items]
                parts[k] = f"(?!(?:{own}))[{CJK}]{{2}}{end}"
                items.append(
                    {
                        "pattern": "(?<!、)" + "、".join(parts) + "(?![、和及与" + CJK + "])",
                        "always": True,
                        "name": f.name,
                        "problem": f"第{k + 1}项应为“{f.items[k]}”",
                        "right": right,
                        "note": f.note or "",
                        "id": f"{f.id}-swap-{k + 1}",
                    }
                )
        # Missing: all items but one, in order, as a whole list (only for lists of four or more).
        if len(f.items) >= 4:
            for k in range(len(f.items)):
                rest = [regex_escape(i) for j, i in enumerate(f.items) if j != k]
                items.append(
                    {
                        "pattern": "(?<!、)" + "、".join(rest) + "(?![、和及与])",
                        "always": True,
                        "name": f.name,
                        "problem": f"少了“{f.items[k]}”",
                        "right": right,
                        "note": f.note or "",
                        "id": f"{f.id}-missing-{k + 1}",
                    }
                )
    return items


def _campaign_items(rule, tf: TimeFacts) -> list[dict]:
    verbs = "(?:正在|深入|扎实|认真|全面|集中|持续)(?:开展|推进)(?:好)?"
    items = []
    for c in tf.campaigns:
        names = "|".join(_quote_free(n) for n in sorted([c.name, *c.aliases], key=len, reverse=True))
        items.append(
            {
                "pattern": verbs + "(?:" + names + ")(?!成果|以来|期间)",
                **_span(None, last_day(c.end)),
                "campaign": c.name,
                "span": c.span_label(),
                "id": c.id,
            }
        )
    return items


def _year_items(rule, tf: TimeFacts) -> list[dict]:
    m = rule.match
    items: list[dict] = []
    if m in ("formula", "formula-outdated"):
        return _formula_items(tf, m == "formula-outdated")
    if m == "campaign-ongoing":
        return _campaign_items(rule, tf)
    if m == "anniversary":
        num = f"([0-9]{{1,3}}|[{CN_NUM}]{{1,6}})"
        # “在庆祝中国共产党成立100周年大会上的讲话” names a past event: its number is its own.
        named = f"(?!{_words_pattern(list(rule.named_event_words))})" if rule.named_event_words else ""
        for a in tf.anniversaries:
            tail = "(?!" + _words_pattern(a.not_followed_by) + ")" if a.not_followed_by else ""
            for w in a.wordings:
                pre, post = w.split("{n}", 1)
                items.append(
                    {
                        "pattern": regex_escape(pre) + num + regex_escape(post) + tail + named,
                        "base_year": a.base_year,
                        "name": a.name,
                        "wording": w,
                        "id": a.id,
                    }
                )
    elif m == "expression":
        for x in tf.expressions:
            v = tf.validity(x.id)
            items.append(
                {
                    "pattern": _quote_free(x.text),
                    **_span(None if x.early_ok else v.since, v.until),
                    "valid_from": x.valid_from,
                    "valid_until": x.valid_until,
                    "expression": x.text,
                    "reason": x.reason,
                    "instead": x.instead or "按报告年份改写或删去",
                    "replacement": x.replacement,
                    "id": x.id,
                }
            )
    elif m == "plan-stage":
        for p in tf.plans:
            q = '[“”"]?'
            stem = q + regex_escape(p.name) + q + "(?:规划)?"
            items.append(
                {
                    "pattern": stem + "开局之年",
                    **_years_span(p.first_year, p.first_year),
                    "valid_from": p.first_year,
                    "valid_until": p.first_year,
                    "stage": "开局之年",
                    "plan": p.name,
                    "right_year": p.first_year,
                    "id": p.id + "-start",
                }
            )
            items.append(
                {
                    "pattern": stem + "收官之年",
                    **_years_span(p.last_year, p.last_year),
                    "valid_from": p.last_year,
                    "valid_until": p.last_year,
                    "stage": "收官之年",
                    "plan": p.name,
                    "right_year": p.last_year,
                    "id": p.id + "-end",
                }
            )
    elif m == "event-future":
        horizon_next = tf.verified_through + dt.timedelta(days=1)
        for e in tf.events:
            pat = NOT_AFTER_NUMERAL + "(?:党的)?" + regex_escape(_short(e.name))
            if e.kind == "congress":
                pat += "(?![项类队])"
            # An event not yet dated: after the horizon nothing is asserted about it.
            since = e.citable_from if e.held else min(e.citable_from, horizon_next)
            items.append(
                {
                    "pattern": pat,
                    **_span(since, None),
                    "valid_from": e.first_year,
                    "valid_until": None,
                    "event": e.name,
                    "first_year": e.first_year,
                    "closed": f"{cn_date(e.end)}闭幕" if e.held else "尚未召开",
                    "id": e.id,
                }
            )
    elif m == "event-superseded":
        congresses = sorted((e for e in tf.events if e.kind == "congress" and e.held), key=lambda e: e.start)
        for older, newer in zip(congresses, congresses[1:], strict=False):
            session = regex_escape(_session(older.name))
            base = {
                **_years_span(None, newer.first_year),
                "valid_from": None,
                "valid_until": newer.first_year,
                "event": older.name,
                "newer": newer.name,
                "newer_spirit": newer.spirit,
                "since": newer.first_year + 1,
            }
            items.append(
                {
                    **base,
                    "id": older.id,
                    "pattern": (
                        NOT_AFTER_NUMERAL
                        + "(?:党的)?"
                        + regex_escape(_short(older.name))
                        + f"(?:和{session}(?:历次全会|[一二三四五六七、]{{1,14}}中全会))?精神"
                    ),
                }
            )
            items.append(
                {
                    **base,
                    "id": older.id + "-plenums",
                    "pattern": NOT_AFTER_NUMERAL + "(?:党的)?" + session + "历次全会精神",
                }
            )
            for p in tf.events:
                if p.kind == "plenum" and _session(p.name) == _session(older.name):
                    items.append(
                        {
                            **base,
                            "id": p.id,
                            "pattern": NOT_AFTER_NUMERAL + "(?:党的)?" + regex_escape(_short(p.name)) + "精神",
                        }
                    )
    return items


def compile_rule(rule, file: RuleFile, tf: TimeFacts, tokens: dict) -> dict:
    out = {
        "id": rule.id,
        "category": file.category,
        "severity": rule.severity,
        "title": rule.title,
        "kind": rule.match,
        "message": rule.message,
        "suggestion": rule.suggestion,
        "skip_quoted": file.skip_quoted if rule.skip_quoted is None else rule.skip_quoted,
        "unless": rule.unless,
        "types": list(rule.types),
        "fix": list(rule.fix) if rule.fix is not None else None,
        "fix_opens": rule.fix_opens,
    }
    if rule.match == "official-name":  # a word list: runs as a regex rule in both engines
        replace = {c: n.name for n in file.official_names for c in n.corrupted}
        out.update(
            kind="regex",
            patterns=[_words_pattern(list(replace))],
            exceptions=list(rule.exceptions),
            replace=replace,
        )
    elif rule.match == "regex":
        pats = [expand_tokens(p, tokens) for p in rule.all_patterns()]
        if rule.words:
            pats.append(_words_pattern(rule.words))
        out.update(patterns=pats, exceptions=list(rule.exceptions), replace=dict(rule.replace))
        if rule.lead_group:
            out.update(lead_group=True)
    elif rule.match in YEAR_MATCHES:
        out.update(
            items=_year_items(rule, tf),
            upcoming=_upcoming(rule.upcoming_words),
            year_before=YEAR_BEFORE,
            year_relative=YEAR_RELATIVE,
            year_in_sentence=YEAR_IN_SENTENCE,
            exceptions=list(rule.exceptions),
        )
    elif rule.match == "doubled-line":
        out.update(min_length=rule.min_length)
    elif rule.match == "doubled-title":
        out.update(min_length=rule.min_length, top_lines=rule.top_lines)
    elif rule.match == "tag-lines":
        out.update(line=expand_tokens(rule.line or "", tokens), min_lines=rule.min_lines, top_lines=rule.top_lines)
    elif rule.match == "line-join":
        out.update(
            before=expand_tokens(rule.before or "", tokens),
            after=expand_tokens(rule.after or "", tokens),
            max_blank=rule.max_blank or 0,
        )
    elif rule.match == "traditional-document":
        out.update(ratio=rule.ratio, chars=file.traditional_chars or "")
    elif rule.match == "structure-voice":
        out.update(min_count=rule.min_count or 1)
    return out


def compile_ruleset(files: list[RuleFile], tf: TimeFacts, rt: ReportTypes) -> dict:
    tf_horizon = tf.verified_through.isoformat()
    files = sorted(files, key=lambda f: (f.order, CATEGORIES.index(f.category)))
    trad = "".join(f.traditional_chars or "" for f in files)
    tokens = {**TOKENS, "trad": trad}
    by_cat = {f.category: f for f in files}
    structure = by_cat.get("structure")
    numbering = by_cat.get("numbering")
    parts = {p.part: p for p in (structure.parts if structure else [])}
    types = []
    for t in rt.types:
        required = []
        for name in t.required_parts:
            p = parts.get(name)
            if p is None:
                continue  # reported by the cross-check
            required.append(
                {
                    "part": name,
                    "check": p.check,
                    "keywords": list(p.keywords),
                    "leads": list(p.leads),
                    "anywhere": list(p.anywhere),
                    "min_parts": p.min_parts or 0,
                }
            )
        types.append(
            {
                "id": t.id,
                "name": t.name,
                "voice": t.voice,
                "required": required,
            }
        )
    rules = [compile_rule(r, f, tf, tokens) for f in files for r in f.rules]
    return {
        "version": FORMAT_VERSION,
        "severities": SEVERITIES,
        "categories": [
            {
                "id": f.category,
                "title": f.title,
                "intro": f.intro,
                "keep_nested": f.keep_nested,
                "absorbs_nested": f.absorbs_nested,
            }
            for f in files
        ],
        "types": types,
        "type_titles": [
            {"type": x.type, "pattern": expand_tokens(x.pattern, tokens)}
            for x in (structure.type_titles if structure else [])
        ],
        "headings": [
            {"level": h.level, "pattern": expand_tokens(h.pattern, tokens), "numerals": h.numerals, "name": h.name}
            for h in (numbering.headings if numbering else [])
        ],
        "headings_end": expand_tokens(numbering.headings_end, tokens) if numbering and numbering.headings_end else None,
        "title_line": expand_tokens(structure.title_line, tokens) if structure and structure.title_line else None,
        "first_person": expand_tokens(structure.first_person, tokens) if structure and structure.first_person else None,
        "year_in_line": YEAR_IN_LINE,
        "date_line": DATE_LINE,
        "section_next": SECTION_NEXT,
        "report_date": REPORT_DATE,
        "section_ahead": SECTION_AHEAD,
        "periods": PERIODS,
        "verified_through": tf_horizon,
        "cjk_class": "[" + CJK + "]",
        "rules": rules,
    }
