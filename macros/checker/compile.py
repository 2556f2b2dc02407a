"""Turn the rule files, time facts and report types into one plain dict: the rule set
both engines run (macros/checker/engine.py in Python, assets/javascripts/checker.js in
the browser). Every regular expression the engines use is built here, once, so the two
engines cannot read the data differently.
"""

from __future__ import annotations

from ..models.report_types import ReportTypes
from ..models.rules import CATEGORIES, CJK, TOKENS, RuleFile, expand_tokens
from ..models.time_facts import TimeFacts

FORMAT_VERSION = 1
SEVERITIES = {"error": "错误", "suspect": "存疑", "hint": "提示"}
CN_NUM = "〇零一二三四五六七八九十百"

# Where the report's year is read from when none is given (title, then first paragraph).
YEAR_IN_LINE = r"((?:19|20)[0-9]{2})[ \u3000]*年"
DATE_LINE = (
    r"^[ \t\u3000]*[（(]?[ \u3000]*(?:19|20)[0-9]{2}年[0-9]{1,2}月(?:[0-9]{1,2}日)?[ \u3000]*[）)]?[ \t\u3000]*$"
)
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


def _year_items(rule, tf: TimeFacts) -> list[dict]:
    m = rule.match
    items: list[dict] = []
    if m == "anniversary":
        num = f"([0-9]{{1,3}}|[{CN_NUM}]{{1,6}})"
        # “在庆祝中国共产党成立100周年大会上的讲话” names a past event: its number is its own.
        named = f"(?!{_words_pattern(list(rule.named_event_words))})" if rule.named_event_words else ""
        for a in tf.anniversaries:
            for w in a.wordings:
                pre, post = w.split("{n}", 1)
                items.append(
                    {
                        "pattern": regex_escape(pre) + num + regex_escape(post) + named,
                        "base_year": a.base_year,
                        "name": a.name,
                        "wording": w,
                        "id": a.id,
                    }
                )
    elif m == "expression":
        for x in tf.expressions:
            items.append(
                {
                    "pattern": _quote_free(x.text),
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
                    "valid_from": p.last_year,
                    "valid_until": p.last_year,
                    "stage": "收官之年",
                    "plan": p.name,
                    "right_year": p.last_year,
                    "id": p.id + "-end",
                }
            )
    elif m == "event-future":
        for e in tf.events:
            pat = NOT_AFTER_NUMERAL + "(?:党的)?" + regex_escape(_short(e.name))
            if e.kind == "congress":
                pat += "(?![项类队])"
            items.append(
                {
                    "pattern": pat,
                    "valid_from": e.first_year,
                    "valid_until": None,
                    "event": e.name,
                    "first_year": e.first_year,
                    "id": e.id,
                }
            )
    elif m == "event-superseded":
        congresses = sorted((e for e in tf.events if e.kind == "congress"), key=lambda e: e.start)
        for older, newer in zip(congresses, congresses[1:], strict=False):
            session = regex_escape(_session(older.name))
            base = {
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
    if rule.match == "regex":
        pats = [expand_tokens(p, tokens) for p in rule.all_patterns()]
        if rule.words:
            pats.append(_words_pattern(rule.words))
        out.update(patterns=pats, exceptions=list(rule.exceptions), replace=dict(rule.replace))
        if rule.lead_group:
            out.update(lead_group=True)
    elif rule.match in ("anniversary", "expression", "plan-stage", "event-future", "event-superseded"):
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
        "title_line": expand_tokens(structure.title_line, tokens) if structure and structure.title_line else None,
        "first_person": expand_tokens(structure.first_person, tokens) if structure and structure.first_person else None,
        "year_in_line": YEAR_IN_LINE,
        "date_line": DATE_LINE,
        "section_next": SECTION_NEXT,
        "cjk_class": "[" + CJK + "]",
        "rules": rules,
    }
