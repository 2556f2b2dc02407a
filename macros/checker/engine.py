"""The Python engine of the draft checker. It runs the compiled rule set
(macros/checker/compile.py) over a text and returns findings.

docs/assets/javascripts/checker.js is the same algorithm in JavaScript; the two
must give identical findings (tests/test_checker_parity.py). Keep them in step:
any change here is made there too.

Positions: lines are split at \\r\\n, \\r or \\n and counted from 1; columns count
Unicode code points from 1. `paragraph` counts non-empty lines from 1 (第N段). A fix is
{"start", "end", "text"}: replace code points start..end of the checked text (a leading
BOM included) with text.

Work is linear in the size of the text: per line, spans are looked up through SpanIndex
(sorted starts, running maximum of ends), never rescanned for each match.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from .limits import FIX_ROUNDS

LINE_SPLIT = re.compile(r"\r\n|\r|\n")
RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}
SENTENCE_WINDOW = 200  # how far back a year at the start of the sentence is looked for
SENTENCE_ENDS = "。；！？;!?"
TITLE_MAX = 60  # a longer line is body text: the top block (title, page lines) has ended
SPACES = " \t\u3000"
FIELDS = ("rule", "category", "severity", "line", "column", "paragraph", "text", "message", "suggestion", "fix")
_TEMPLATE = re.compile(r"\{([a-z_0-9]+)\}")
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    line: int  # from 1
    column: int  # from 1, in code points
    end: int  # column after the last marked character (== column when nothing is marked)
    text: str
    message: str
    suggestion: str
    paragraph: int = 1  # non-empty lines counted from 1 (第N段)
    fix: dict | None = None  # {"start", "end", "text"} in code points of the checked text

    def to_dict(self) -> dict:
        return {k: (dict(self.fix) if k == "fix" and self.fix else getattr(self, k)) for k in FIELDS}


@dataclass
class Result:
    findings: list[Finding]
    year: int
    year_source: str  # given | title | paragraph | default
    type: str | None
    type_source: str | None  # given | title | None
    counts: dict = field(default_factory=dict)
    date: str | None = None  # the report's date (YYYY-MM-DD) when known: given, or read from the text
    date_source: str | None = None  # given | text | period | None
    notices: list[str] = field(default_factory=list)  # not findings: what the check could not know


def cn_iso(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def _valid_iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_end(y: int, m: int) -> str | None:
    if not 1 <= m <= 12:
        return None
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat()


def strip_spaces(s: str) -> str:
    return s.strip(SPACES)


def cn_number(s: str) -> int | None:
    """Arabic or Chinese numerals: 75, 七十五, 一百零五, 一〇五."""
    if s.isascii():
        return int(s) if s.isdigit() else None
    if not any(c in _UNITS for c in s):
        if not all(c in _DIGITS for c in s):
            return None
        n = 0
        for c in s:
            n = n * 10 + _DIGITS[c]
        return n
    total = cur = 0
    for c in s:
        if c in _DIGITS:
            cur = _DIGITS[c]
        elif c in _UNITS:
            total += (cur or 1) * _UNITS[c]
            cur = 0
        else:
            return None
    return total + cur


def cn_numeral(n: int) -> str:
    """1..99 as Chinese numerals (for heading suggestions)."""
    d = "〇一二三四五六七八九"
    if n < 10:
        return d[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else d[tens]) + "十" + (d[ones] if ones else "")


def fmt(template: str, variables: dict) -> str:
    return _TEMPLATE.sub(lambda m: str(variables[m.group(1)]) if m.group(1) in variables else m.group(0), template)


def quoted_spans(line: str) -> list[tuple[int, int]]:
    """Spans of 《…》 and “…” / 「…」 (brackets included) on one line."""
    spans, books = [], []
    quote = corner = None
    for i, ch in enumerate(line):
        if ch == "《":
            books.append(i)
        elif ch == "》" and books:
            spans.append((books.pop(), i + 1))
        elif ch == "“":
            quote = i
        elif ch == "”" and quote is not None:
            spans.append((quote, i + 1))
            quote = None
        elif ch == "「":
            corner = i
        elif ch == "」" and corner is not None:
            spans.append((corner, i + 1))
            corner = None
    return spans


class SpanIndex:
    """Spans (start, end) of one line, for questions answered in O(log n) rather than by a scan."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = []  # reach[i]: the largest end among spans[0..i]
        m = -1
        for _, b in spans:
            m = max(m, b)
            self.reach.append(m)

    def max_end(self, pos: int, inclusive: bool = False) -> int:
        """The largest end of the spans starting before pos (at or before, when inclusive); -1 if none."""
        i = (bisect.bisect_right if inclusive else bisect.bisect_left)(self.starts, pos)
        return self.reach[i - 1] if i else -1

    def encloses(self, s: int, e: int) -> bool:
        """Some span strictly encloses s..e (starts before s and ends after e)."""
        return self.max_end(s) > e

    def touches(self, s: int, e: int) -> bool:
        """Some span shares a character with s..e."""
        return self.max_end(e) > s


def _excepted(line: str, s: int, e: int, words: list[str]) -> bool:
    """The match s..e lies within one of the longer correct words."""
    for w in words:
        for pos in range(max(0, e - len(w)), s + 1):
            if line.startswith(w, pos):
                return True
    return False


def fix_text_of(rule: dict, variables: dict) -> str | None:
    """The replacement of the first fix template whose placeholders all have values."""
    for template in rule.get("fix") or ():
        if all(m.group(1) in variables for m in _TEMPLATE.finditer(template)):
            return fmt(template, variables)
    return None


def _fix_of(f) -> dict | None:
    return f.get("fix") if isinstance(f, dict) else f.fix


def _apply(text: str, findings) -> tuple[str, list]:
    """(fixed text, the findings whose fixes were applied)."""
    todo = [f for f in findings if _fix_of(f) and 0 <= _fix_of(f)["start"] <= _fix_of(f)["end"] <= len(text)]
    todo.sort(key=lambda f: (_fix_of(f)["start"], _fix_of(f)["end"]))  # stable: ties keep the findings' order
    out, applied, pos = [], [], 0
    for f in todo:
        fx = _fix_of(f)
        if fx["start"] < pos:
            continue
        out.append(text[pos : fx["start"]])
        out.append(fx["text"])
        applied.append(f)
        pos = fx["end"]
    out.append(text[pos:])
    return "".join(out), applied


def apply_fixes(text: str, findings) -> str:
    """Apply the fixes of findings (Finding objects or their dicts) to the text they were found in.
    Fixes are taken from the start of the text; one that overlaps a fix already taken is left out
    (checking the result again offers it anew: see Engine.fix_all)."""
    return _apply(text, findings)[0]


@dataclass
class FixResult:
    text: str  # the text with every fix applied
    applied: list  # the findings fixed, round by round (offsets of the text of their round)
    left: Result  # the check of the fixed text: what is left for a person


class Engine:
    def __init__(self, data: dict):
        self.data = data
        self.rules = data["rules"]
        self.order = {r["id"]: i for i, r in enumerate(self.rules)}
        self.categories = {c["id"]: c for c in data["categories"]}
        self.types = {t["id"]: t for t in data["types"]}
        self._cache: dict[str, re.Pattern] = {}
        self.headings = [(h, self.rx(h["pattern"])) for h in data["headings"]]
        self.headings_end = self.rx(data["headings_end"]) if data.get("headings_end") else None
        self.cjk_class = data["cjk_class"]

    def rx(self, pattern: str) -> re.Pattern:
        r = self._cache.get(pattern)
        if r is None:
            r = self._cache[pattern] = re.compile(pattern)
        return r

    # --- year and type -----------------------------------------------------------------

    def resolve_year(self, lines: list[str], year: int | None) -> tuple[int, str]:
        if year:
            return year, "given"
        date_line, in_line = self.rx(self.data["date_line"]), self.rx(self.data["year_in_line"])
        seen = 0
        for line in lines:
            s = strip_spaces(line)
            if not s or date_line.search(line):
                continue
            m = in_line.search(line)
            if m:
                return int(m.group(1)), "title" if seen == 0 else "paragraph"
            seen += 1
            if seen >= 4 or (seen >= 2 and len(s) >= 20):
                break
        return dt.date.today().year, "default"

    def resolve_date(self, lines: list[str], date, year: int, year_source: str) -> tuple[str | None, str | None]:
        """The report's date: given; else a line holding only a date near the end (成文日期) or
        under the title; else the end of the period its title names (上半年 → 6月30日)."""
        if date:
            return (date.isoformat() if isinstance(date, dt.date) else str(date)), "given"
        rx = self.rx(self.data["report_date"])
        filled = [i for i, x in enumerate(lines) if strip_spaces(x)]
        for i in [*reversed(filled[-6:]), *filled[1:4]]:
            m = rx.search(lines[i])
            if not m:
                continue
            y, mo = int(m.group(1)), int(m.group(2))
            if year_source != "default" and not year <= y <= year + 1:
                continue
            iso = _valid_iso(y, mo, int(m.group(3))) if m.group(3) else _month_end(y, mo)
            if iso:
                return iso, "text"
        if year_source in ("title", "given") and filled:
            title = lines[filled[0]]
            for pattern, month, day in self.data["periods"]:
                if self.rx(pattern).search(title):
                    return dt.date(year, month, day).isoformat(), "period"
        return None, None

    def notices(self, year: int, date: str | None) -> list[str]:
        horizon = self.data.get("verified_through")
        if not horizon:
            return []
        ref = date or f"{year}-12-31"
        if ref <= horizon:
            return []
        when = f"报告日期{cn_iso(date)}" if date else f"报告年份{year}年"
        return [
            f"时间事实核对至{cn_iso(horizon)}，{when}在核对日期之后：此后召开的会议、开展的集中教育和提法的变化还没有收入数据，"
            "与日期有关的检查只对核对日期以前的事实有效，请对照最新文件自行核对。"
        ]

    def resolve_type(self, lines: list[str], type_id: str | None) -> tuple[str | None, str | None]:
        if type_id:
            return type_id, "given"
        title = next((strip_spaces(x) for x in lines if strip_spaces(x)), "")
        tl = self.data.get("title_line")
        if not title or len(title) > 60 or not tl or not self.rx(tl).search(title):
            return None, None
        for t in self.data["type_titles"]:
            if self.rx(t["pattern"]).search(title):
                return t["type"], "title"
        return None, None

    # --- the check -----------------------------------------------------------------------

    def check(
        self,
        text: str,
        year: int | None = None,
        type_id: str | None = None,
        only: set[str] | None = None,
        date: dt.date | str | None = None,
    ) -> Result:
        bom = 1 if text.startswith("\ufeff") else 0
        text = text[bom:]
        lines = LINE_SPLIT.split(text)
        if date and not year:
            year = int(str(date)[:4])
        year, year_source = self.resolve_year(lines, year)
        date, date_source = self.resolve_date(lines, date, year, year_source)
        type_id, type_source = self.resolve_type(lines, type_id)
        if type_id is not None and type_id not in self.types:
            raise ValueError(f"unknown report type {type_id}")
        run = self._needed(only)
        ctx = _Context(self, lines, year, type_id, text, bom, date)
        raw: list[tuple] = []
        fired: set[str] = set()
        for ri, rule in enumerate(self.rules):
            if rule["id"] not in run:
                continue
            if rule.get("unless") and rule["unless"] in fired:
                continue
            if rule.get("types") and type_id not in rule["types"]:
                continue
            before = len(raw)
            for li, s, e, variables in getattr(ctx, "k_" + rule["kind"].replace("-", "_"))(rule):
                raw.append(self._finding(rule, ri, ctx, li, s, e, variables, year))
            if len(raw) > before:
                fired.add(rule["id"])
        kept = self._dedupe(raw)
        if only is not None:
            kept = [f for f in kept if f[1].rule in only]
        findings = [f for _, f in sorted(kept, key=lambda x: (x[1].line, x[1].column, x[0]))]
        counts = {k: sum(1 for f in findings if f.severity == k) for k in ("error", "suspect", "hint")}
        return Result(
            findings, year, year_source, type_id, type_source, counts, date, date_source, self.notices(year, date)
        )

    def fix_all(
        self,
        text: str,
        year: int | None = None,
        type_id: str | None = None,
        only: set[str] | None = None,
        rounds=FIX_ROUNDS,
        date: dt.date | str | None = None,
    ) -> FixResult:
        """Apply every fix, check again, until nothing fixable is left (a fix can uncover another:
        “(单位:万元)” needs its colon and its brackets fixed, which overlap). The year and type of the
        first check are kept for the later ones."""
        res = self.check(text, year=year, type_id=type_id, only=only, date=date)
        year, type_id, date = res.year, res.type, res.date
        applied: list = []
        for _ in range(rounds):
            if not any(f.fix for f in res.findings):
                break
            text, done = _apply(text, res.findings)
            applied.extend(done)
            res = self.check(text, year=year, type_id=type_id, only=only, date=date)
        return FixResult(text, applied, res)

    def _needed(self, only):
        if only is None:
            return {r["id"] for r in self.rules}
        need = set(only)
        for r in self.rules:
            if r["id"] in only and r.get("unless"):
                need.add(r["unless"])
        return need

    def _finding(self, rule, ri, ctx, li, s, e, variables, year):
        line = ctx.lines[li] if li < len(ctx.lines) else ""
        ts, te = s, e
        while ts < te and line[ts] in SPACES:
            ts += 1
        while te > ts and line[te - 1] in SPACES:
            te -= 1
        if te > ts:  # mark the words, not the spaces around them (unless it is all spaces)
            s, e = ts, te
        text = line[s:e]
        v = {"year": year, "text": text, **variables}
        fix_vars = v
        if "right" not in v and rule.get("replace"):
            v["right"] = rule["replace"].get(text, "")
            if text not in rule["replace"]:
                fix_vars = {k: x for k, x in v.items() if k != "right"}
        fix = ctx.fix(rule, li, s, e, fix_text_of(rule, fix_vars)) if rule.get("fix") else None
        f = Finding(
            rule["id"],
            rule["category"],
            rule["severity"],
            li + 1,
            s + 1,
            e + 1,
            text,
            fmt(rule["message"], v),
            fmt(rule["suggestion"], v),
            ctx.paragraph(li),
            fix,
        )
        return (ri, f, s, e)

    def _dedupe(self, raw):
        """Drop a finding that lies inside another one of the same rule, or of the same category
        (unless the category keeps nested findings), or of a category that absorbs nested ones."""
        raw = sorted(raw, key=lambda x: (x[1].line, x[1].category, x[2], -x[3], x[0]))
        out, reach = [], {}
        for item in raw:
            ri, f, s, e = item
            if e == s:
                out.append(item)
                continue
            nested_ok = self.categories[f.category].get("keep_nested")
            key = (f.line, f.category) if not nested_ok else (f.line, f.category, f.rule)
            if key in reach and reach[key] >= e:
                continue
            reach[key] = max(reach.get(key, -1), e)
            out.append(item)
        # absorbing[(line, category)] = (spans, index, {(start, end): lowest rule index})
        spans: dict[tuple, list] = {}
        for ri, f, s, e in out:
            if e > s and self.categories[f.category].get("absorbs_nested"):
                spans.setdefault((f.line, f.category), []).append((ri, s, e))
        if spans:
            absorbing: dict[int, list] = {}
            for (line, cat), items in spans.items():
                exact: dict = {}
                for r, a, b in items:
                    exact[(a, b)] = min(r, exact.get((a, b), r))
                absorbing.setdefault(line, []).append((cat, SpanIndex((a, b) for _, a, b in items), exact))

            def absorbed(ri, f, s, e) -> bool:
                for cat, idx, exact in absorbing.get(f.line, ()):
                    if cat == f.category:
                        continue
                    # a span a..b with a <= s and e <= b, other than s..e itself from a later rule
                    if idx.max_end(s, inclusive=True) > e or idx.max_end(s) >= e or exact.get((s, e), ri) < ri:
                        return True
                return False

            out = [x for x in out if not absorbed(*x)]
        return [(ri, f) for ri, f, _, _ in out]


class _Context:
    """One check: the text's lines and everything derived from them once."""

    def __init__(
        self,
        engine: Engine,
        lines: list[str],
        year: int,
        type_id: str | None,
        text: str = "",
        bom: int = 0,
        date: str | None = None,
    ):
        self.engine, self.lines, self.year, self.type_id, self.date = engine, lines, year, type_id, date
        self._quoted: dict[int, SpanIndex] = {}
        self._heads = None
        self._sections = None
        self._ahead = None
        # where each line starts in the checked text (code points, BOM included)
        self.starts = [bom]
        for m in LINE_SPLIT.finditer(text):
            self.starts.append(m.end() + bom)
        self.end = len(text) + bom
        self._paragraphs = None
        self._positions: dict[tuple, list[int]] = {}

    def quoted(self, li: int) -> SpanIndex:
        q = self._quoted.get(li)
        if q is None:
            q = self._quoted[li] = SpanIndex(quoted_spans(self.lines[li]))
        return q

    def count_before(self, li: int, ch: str, pos: int) -> int:
        """How many times ch occurs on line li before pos."""
        key = (li, ch)
        at = self._positions.get(key)
        if at is None:
            line = self.lines[li]
            at = self._positions[key] = [i for i, c in enumerate(line) if c == ch]
        return bisect.bisect_left(at, pos)

    def paragraph(self, li: int) -> int:
        """第N段: non-empty lines counted from 1 up to this line."""
        if self._paragraphs is None:
            n, self._paragraphs = 0, []
            for line in self.lines:
                if strip_spaces(line):
                    n += 1
                self._paragraphs.append(max(n, 1))
        return self._paragraphs[li] if li < len(self._paragraphs) else 1

    def fix(self, rule, li: int, s: int, e: int, text: str | None) -> dict | None:
        """The fix of a finding on line li, s..e, or None: no replacement, nothing marked, no change,
        or a change that would touch text inside 《》“”「」."""
        if text is None:
            return None
        if rule["kind"] == "line-join":  # join the next non-empty line on: drop the break and the spaces
            nxt = li + 1
            while nxt < len(self.lines) and not strip_spaces(self.lines[nxt]):
                nxt += 1
            if nxt >= len(self.lines):
                return None
            here, there = self.lines[li], self.lines[nxt]
            return {
                "start": self.starts[li] + len(here.rstrip(SPACES)),
                "end": self.starts[nxt] + len(there) - len(there.lstrip(SPACES)),
                "text": "",
            }
        if rule["kind"] in ("doubled-line", "doubled-title"):  # remove the repeat and the blank lines before it
            prev = li - 1
            while prev >= 0 and not strip_spaces(self.lines[prev]):
                prev -= 1
            if prev < 0:
                return None
            return {
                "start": self.starts[prev] + len(self.lines[prev]),
                "end": self.starts[li] + len(self.lines[li]),
                "text": "",
            }
        line = self.lines[li]
        if e <= s or line[s:e] == text or self.quoted(li).touches(s, e):
            return None
        opens = rule.get("fix_opens")
        if opens and (line[s] != opens or self.count_before(li, opens, s) % 2):
            return None  # not an opening quote: the pairing is unclear
        return {"start": self.starts[li] + s, "end": self.starts[li] + e, "text": text}

    def ctx_years(self, rule, li: int, s: int) -> tuple[int, ...]:
        """The years a dated reference may belong to: the year written just before it in the same
        sentence; else the year of its part (“三、明年工作打算”) or the report year — and the year
        after that too when “迎接”“明年”… comes just before it."""
        line = self.lines[li]
        prefix = line[max(0, s - 40) : s]
        m = self.engine.rx(rule["year_before"]).search(prefix)
        if m:
            return (int(m.group(1)),)
        rel = rule.get("year_relative") and self.engine.rx(rule["year_relative"]).search(prefix)
        if rel:
            return (self.year + RELATIVE_YEARS[rel.group(1)],)
        year = self.section_year(li)
        if rule.get("upcoming") and self.engine.rx(rule["upcoming"]).search(prefix):
            return (year, year + 1)
        start = max(0, s - SENTENCE_WINDOW)
        far = rule.get("year_in_sentence") and self.engine.rx(rule["year_in_sentence"]).search(line[start:s])
        if far and (start == 0 or far.group(0)[0] in SENTENCE_ENDS) and int(far.group(1)) != year:
            return (year, int(far.group(1)))
        return (year,)

    def section_year(self, li: int) -> int:
        """The year a part speaks of: “三、2027年工作打算” → 2027, “三、明年工作打算” → next year."""
        if self._sections is None:
            self._sections = []
            in_line = self.engine.rx(self.engine.data["year_in_line"])
            nxt = self.engine.rx(self.engine.data["section_next"])
            for h in self.heads():
                if h[1] != 1:
                    continue
                text = self.lines[h[0]]
                m = in_line.search(text)
                y = int(m.group(1)) if m else (self.year + 1 if nxt.search(text) else None)
                self._sections.append((h[0], y))
            self._section_lines = [hl for hl, _ in self._sections]
        i = bisect.bisect_right(self._section_lines, li) - 1
        if i < 0 or self._sections[i][1] is None:
            return self.year
        return self._sections[i][1]

    def heads(self):
        """Headings: (line index, level, number, start, end, marker)."""
        if self._heads is None:
            self._heads = []
            end = self.engine.headings_end
            for li, line in enumerate(self.lines):
                if end is not None and end.search(line):
                    break  # the attachment list and what follows it are not the body's headings
                for h, rx in self.engine.headings:
                    m = rx.match(line)
                    if m:
                        n = cn_number(m.group(1))
                        if n is None:
                            continue
                        s = len(line) - len(line.lstrip(SPACES))
                        self._heads.append((li, h["level"], n, s, m.end(), line[s : m.end()]))
                        break
        return self._heads

    # --- matchers: each yields (line index, start, end, variables) ---------------------------

    def k_regex(self, rule):
        pats = [self.engine.rx(p) for p in rule["patterns"]]
        exc, skip, lead = rule.get("exceptions") or [], rule.get("skip_quoted"), rule.get("lead_group")
        for li, line in enumerate(self.lines):
            if not line:
                continue
            for rx in pats:
                for m in rx.finditer(line):
                    s, e = m.span()
                    if lead:  # group 1 is context before the marked text
                        s = m.end(1)
                    if s == e or (exc and _excepted(line, s, e, exc)) or (skip and self.quoted(li).encloses(s, e)):
                        continue
                    yield li, s, e, {str(i): g for i, g in enumerate(m.groups(), 1) if g is not None}

    def _items(self, rule):
        skip, exc = rule.get("skip_quoted"), rule.get("exceptions") or []
        for li, line in enumerate(self.lines):
            if not line:
                continue
            for item in rule["items"]:
                for m in self.engine.rx(item["pattern"]).finditer(line):
                    s, e = m.span()
                    if s == e or (skip and self.quoted(li).encloses(s, e)) or (exc and _excepted(line, s, e, exc)):
                        continue
                    yield li, s, e, m, item, self.ctx_years(rule, li, s)

    @staticmethod
    def _item_vars(item, year):
        v = {k: x for k, x in item.items() if k != "pattern" and x is not None}
        v["year"] = year
        return v

    def k_anniversary(self, rule):
        for li, s, e, m, item, years in self._items(rule):
            n = cn_number(m.group(1))
            if n is None or any(n == y - item["base_year"] for y in years):
                continue
            year = years[0]
            expected = year - item["base_year"]
            v = self._item_vars(item, year)
            v.update(n=n, expected=expected, fixed=item["wording"].replace("{n}", str(expected)))
            if m.group(1).isascii():  # the fix keeps the writer's numerals: only for Arabic ones
                v["fixed_digits"] = v["fixed"]
            yield li, s, e, v

    def ahead(self, li: int) -> bool:
        """Whether line `li` is in a part that looks ahead (“二、下半年工作打算”), or the whole
        report does (its title names a plan): there the report's date does not bound it."""
        if self._ahead is None:
            rx = self.engine.rx(self.engine.data["section_ahead"])
            title = next((x for x in self.lines if strip_spaces(x)), "")
            self._ahead_all = bool(rx.search(title))
            self._ahead = [(h[0], bool(rx.search(self.lines[h[0]]))) for h in self.heads() if h[1] == 1]
            self._ahead_lines = [hl for hl, _ in self._ahead]
        if self._ahead_all:
            return True
        i = bisect.bisect_right(self._ahead_lines, li) - 1
        return i >= 0 and self._ahead[i][1]

    def right_for(self, item, y: int, li: int = -1) -> bool:
        """Whether an item is right in a report (or part of one) speaking of year `y`: it may
        start by the report's date (or the end of `y`), and may end no earlier than the start
        of `y` — or than the report's date, for items judged by date."""
        if item.get("always"):
            return False
        dated = self.date is not None and y == self.year and not self.ahead(li)
        start, end = f"{y}-01-01", self.date if dated else f"{y}-12-31"
        lo, hi = item.get("date_from"), item.get("date_until")
        point = self.date if dated and item.get("by_date") else start
        return (lo is None or lo <= end) and (hi is None or hi >= point)

    def _validity(self, rule):
        for li, s, e, _m, item, years in self._items(rule):
            if any(self.right_for(item, y, li) for y in years):
                continue
            v = self._item_vars(item, years[0])
            v["date"] = cn_iso(self.date) if self.date and years[0] == self.year else f"{years[0]}年"
            yield li, s, e, v

    k_expression = k_plan_stage = k_event_future = k_event_superseded = _validity
    k_campaign_ongoing = k_formula = k_formula_outdated = _validity

    def k_doubled_line(self, rule):
        prev = None
        for li, line in enumerate(self.lines):
            s = strip_spaces(line)
            if not s:
                continue
            if s == prev and len(s) >= rule["min_length"]:
                start = len(line) - len(line.lstrip(SPACES))
                yield li, start, start + len(s), {}
            prev = s

    def k_doubled_title(self, rule):
        """A line of the top block (title, page lines) that repeats an earlier line of it, with
        or without other lines between. The block ends at the first body paragraph."""
        seen: set[str] = set()
        heads = {h[0] for h in self.heads()}
        count = 0
        for li, line in enumerate(self.lines):
            s = strip_spaces(line)
            if not s:
                continue
            count += 1
            if count > rule["top_lines"] or len(s) > TITLE_MAX:
                return
            if s in seen and len(s) >= rule["min_length"] and li not in heads:
                start = len(line) - len(line.lstrip(SPACES))
                yield li, start, start + len(s), {}
            seen.add(s)

    def k_tag_lines(self, rule):
        """Keyword tags at the top of a copied page: at least `min_lines` short lines in a row
        (blank lines between them allowed), each matching `line` and none a heading, among the
        first `top_lines` non-empty lines. Only the first such run."""
        rx = self.engine.rx(rule["line"])
        heads = {h[0] for h in self.heads()}
        run: list[int] = []
        count = 0
        for li, line in enumerate(self.lines):
            if not strip_spaces(line):
                continue
            count += 1
            if count > rule["top_lines"]:
                return
            if li not in heads and rx.search(line):
                run.append(li)
                continue
            if len(run) >= rule["min_lines"]:
                break  # the tags end where the title or text begins
            run = []
        else:
            return  # nothing after the short lines: not tags above a text
        if len(run) >= rule["min_lines"]:
            for li in run:
                line = self.lines[li]
                start = len(line) - len(line.lstrip(SPACES))
                yield li, start, start + len(strip_spaces(line)), {}

    def k_line_join(self, rule):
        """A line broken inside a sentence: a non-empty line matching `before`, then (after at
        most `max_blank` empty lines) a line matching `after`. Marks the last character before
        the break."""
        before, after = self.engine.rx(rule["before"]), self.engine.rx(rule["after"])
        prev, blanks = None, 0
        for li, line in enumerate(self.lines):
            if not strip_spaces(line):
                blanks += 1
                continue
            if prev is not None and blanks <= rule["max_blank"] and after.search(line):
                p = self.lines[prev]
                if before.search(p):
                    end = len(p.rstrip(SPACES))
                    yield prev, end - 1, end, {"blank": blanks}
            prev, blanks = li, 0

    def _heading_name(self, level: int, n: int | None = None) -> str:
        h = next((h for h, _ in self.engine.headings if h["level"] == level), None)
        if h is None:
            return ""
        if n is None:
            return h["name"]
        if h["numerals"] == "cn":
            return h["name"].replace("一", cn_numeral(n), 1)
        return h["name"].replace("1", str(n), 1)

    def k_numbering_sequence(self, rule):
        last: dict[int, int] = {}
        reset = {k: True for k in range(1, 5)}
        for li, level, n, s, e, _marker in self.heads():
            prev = last.get(level)
            ok = (prev is not None and n == prev + 1) or (reset[level] and n == 1)
            if not ok:
                want = 1 if prev is None else prev + 1
                wants = self._heading_name(level, want)
                if reset[level] and prev is not None:
                    wants = f"{self._heading_name(level, 1)}（本部分重新编号）或{wants}（接续上文）"
                yield li, s, e, {"want": wants, "prev": self._heading_name(level, prev) if prev else "（无）"}
            last[level] = n
            reset[level] = False
            for k in range(level + 1, 5):
                reset[k] = True

    def k_numbering_skip(self, rule):
        # Only a level the text uses elsewhere: a short report using just 一、 and 1. is accepted practice.
        used = {h[1] for h in self.heads()}
        prev = None
        for li, level, _n, s, e, _marker in self.heads():
            if prev is not None and level > prev + 1 and prev + 1 in used:
                yield (
                    li,
                    s,
                    e,
                    {"from": self._heading_name(prev), "missing": self._heading_name(prev + 1), "level": level},
                )
            prev = level

    def k_numbering_order(self, rule):
        """A heading at level L (2–4, inside a 一、 part) whose part already had a deeper
        heading before any at level L: “1.” above “（一）”."""
        has = dict.fromkeys(range(1, 5), False)  # a heading of this level in its current part
        deeper: dict[int, int | None] = dict.fromkeys(range(1, 5))  # first deeper level seen before it
        for li, level, _n, s, e, _marker in self.heads():
            if level >= 2 and has[1] and not has[level] and deeper[level] is not None:
                yield li, s, e, {"deeper": self._heading_name(deeper[level])}
            has[level] = True
            for k in range(level + 1, 5):  # a new part for the deeper levels
                has[k], deeper[k] = False, None
            for k in range(1, level):
                if not has[k] and deeper[k] is None:
                    deeper[k] = level

    def k_traditional_document(self, rule):
        trad_rx = self.engine.rx("[" + rule["chars"] + "]")
        cjk_rx = self.engine.rx(self.engine.cjk_class)
        cjk = trad = 0
        first = None
        for li, line in enumerate(self.lines):
            cjk += len(cjk_rx.findall(line))
            found = trad_rx.findall(line)
            if found:
                trad += len(found)
                if first is None:
                    first = (li, trad_rx.search(line).start())
        if first is not None and cjk >= 20 and trad * 100 >= rule["ratio"] * cjk:
            yield first[0], first[1], first[1] + 1, {"percent": trad * 100 // cjk}

    def _title_index(self) -> int:
        return next((i for i, x in enumerate(self.lines) if strip_spaces(x)), 0)

    def k_structure_parts(self, rule):
        if self.type_id is None:
            return
        t = self.engine.types[self.type_id]
        title = self._title_index()
        l1 = [h for h in self.heads() if h[1] == 1]
        if l1:
            heading_lines = [self.lines[h[0]] for h in l1]
        else:
            heading_lines = [
                x
                for i, x in enumerate(self.lines)
                if i != title and 0 < len(strip_spaces(x)) <= 30 and strip_spaces(x)[-1] not in "。；，：,;:"
            ]
        starts = [strip_spaces(x) for x in self.lines]
        for part in t["required"]:
            if part["check"] == "opening":
                if not l1:
                    continue
                present = any(len(strip_spaces(self.lines[i])) >= 20 for i in range(title + 1, l1[0][0]))
            else:
                present = (
                    any(k in h for h in heading_lines for k in part["keywords"])
                    or any(x.startswith(lead) for x in starts for lead in part["leads"])
                    or any(w in x for x in self.lines for w in part.get("anywhere") or [])
                    or bool(part.get("min_parts") and len(l1) >= part["min_parts"])
                )
            if not present:
                yield title, 0, 0, {"part": part["part"], "type": t["name"]}

    def k_structure_voice(self, rule):
        if self.type_id is None or self.engine.types[self.type_id]["voice"] != "第一人称":
            return
        fp = self.engine.data.get("first_person")
        if not fp:
            return
        rx = self.engine.rx(fp)
        count = sum(len(rx.findall(x)) for x in self.lines)
        if count < rule["min_count"]:
            yield self._title_index(), 0, 0, {"count": count, "type": self.engine.types[self.type_id]["name"]}


def check_text(data: dict, text: str, **kw) -> Result:
    return Engine(data).check(text, **kw)
