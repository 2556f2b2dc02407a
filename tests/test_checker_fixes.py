"""Fixes as data: a rule with an unambiguous correction gives each finding a `fix`
({"start", "end", "text"}, code points into the checked text). Applying them never
touches text inside 《》“”「」, never applies two overlapping fixes, and is idempotent;
both engines give the same fixes and the same fixed text."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_checker_common import CHECKER_JS, DRAFTS, engine, ruleset, shared_engine  # noqa: F401 (fixtures)
from test_checker_parity import TRICKY

from macros.checker.engine import LINE_SPLIT, _apply, apply_fixes, quoted_spans
from macros.models.rules import LINE_FIX_MATCHES

# Characters that the fixable rules react to, with quotes and brackets around them.
PIECES = list(
    "，。；：、,;:!?.…()（）《》“”「」\"'一二三四五六七八九十0123456789１２"
    "街道党工委社区意识形态建国周年其它做为布署习总书记扫黑除恶专项斗争 \u3000\t\n\r"
) + ["街道党工委", "意识形态", "建国70周年", "(一)", "1、", "...", "。。。", '"四史"', "《通知(试行)》", "\n一.总体"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


def _line_of(text: str, cp: int) -> tuple[int, int]:
    """(line index, offset in line) of code point cp of text (BOM removed as the engines do)."""
    bom = 1 if text.startswith("\ufeff") else 0
    body = text[bom:]
    pos, li = bom, 0
    for m in LINE_SPLIT.finditer(body):
        if m.start() + bom >= cp:
            break
        pos, li = m.end() + bom, li + 1
    return li, cp - pos


def _lines(text: str) -> list[str]:
    return LINE_SPLIT.split(text[1:] if text.startswith("\ufeff") else text)


def _line_rules() -> set[str]:
    return {r["id"] for r in shared_engine().rules if r["kind"] in LINE_FIX_MATCHES}


def _check_fixes(text: str, year: int) -> None:
    res = shared_engine().check(text, year=year)
    lines = _lines(text)
    for f in res.findings:
        if not f.fix:
            continue
        fx = f.fix
        assert 0 <= fx["start"] < fx["end"] <= len(text)
        if f.rule in _line_rules():  # removes a repeated line or a line break: checked below
            continue
        # the fix replaces exactly the marked text …
        assert text[fx["start"] : fx["end"]] == f.text
        li, off = _line_of(text, fx["start"])
        assert (li + 1, off + 1) == (f.line, f.column)
        # … never anything inside 《》“”「」
        for a, b in quoted_spans(lines[li]):
            assert not (a < off + len(f.text) and b > off), (f, lines[li])
        assert fx["text"] != f.text
    fixed = apply_fixes(text, res.findings)
    # the order of the findings does not matter: overlapping fixes are resolved from the start
    shuffled = list(res.findings)
    random.Random(len(text)).shuffle(shuffled)
    assert apply_fixes(text, shuffled) == fixed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([2020, 2024, 2026]))
def test_fixes_point_at_the_marked_text_and_leave_quotes_alone(text, year):
    _check_fixes(text, year)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([2020, 2024, 2026]))
def test_no_two_applied_fixes_overlap_and_each_one_left_out_overlaps_one_applied(text, year):
    res = shared_engine().check(text, year=year)
    fixes = [f.fix for f in res.findings if f.fix]
    _fixed, applied = _apply(text, res.findings)
    spans = sorted((f.fix["start"], f.fix["end"]) for f in applied)
    for (_a, b), (c, _d) in zip(spans, spans[1:], strict=False):
        assert c >= b, spans  # each applied fix starts at or after the end of the one before
    taken = {id(f) for f in applied}
    for f in res.findings:
        if f.fix and id(f) not in taken:  # left for the next round: it overlaps an applied fix
            s, e = f.fix["start"], f.fix["end"]
            assert any(a < e and s < b or a == s for a, b in spans), (f, spans)
    assert len(applied) <= len(fixes)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([2020, 2024]))
def test_fixing_everything_is_idempotent(text, year):
    e = shared_engine()
    once = e.fix_all(text, year=year)
    assert not any(f.fix for f in once.left.findings), "fix_all stopped with fixes left"
    twice = e.fix_all(once.text, year=year)
    assert twice.text == once.text
    assert not twice.applied
    # quoted text is kept verbatim: every 《…》 and “…” of the input is still in the output
    for line in _lines(text):
        for a, b in quoted_spans(line):
            assert line[a:b] in once.text


def test_fixes_of_a_pdf_copied_draft():
    text = (
        "关于XX街道2024年度意识形态工作情况的报告\n"
        "一.总体情况\n"
        "街道党工委高度重视,多次召开专题会议(扩大会议)。\n"
        '(一)加强理论学习\n开展"四史"学习教育,庆祝建国70周年...\n'
        "组织学习《关于加强阵地管理的通知(试行)》和“学习,再学习”。\n"
    )
    res = shared_engine().fix_all(text, year=2024)
    assert res.text == (
        "关于XX街道2024年度意识形态工作情况的报告\n"
        "一、总体情况\n"
        "街道党工委高度重视，多次召开专题会议（扩大会议）。\n"
        "（一）加强理论学习\n开展“四史”学习教育，庆祝建国75周年……\n"
        "组织学习《关于加强阵地管理的通知(试行)》和“学习,再学习”。\n"
    )
    left = {f.rule for f in res.left.findings}
    assert "placeholder-xx" in left  # needs a person: no fix
    assert "punctuation-halfwidth-paren" in left  # inside 《》: reported, never changed


def test_straight_quotes_fixed_only_when_the_pairing_is_clear():
    e = shared_engine()
    assert e.fix_all('开展"四史"和"三史"学习', year=2024).text == "开展“四史”和“三史”学习"
    # an odd quote before: which quote opens is unclear, so no fix for the pair after it
    odd = e.check('他说"好。开展"四史"学习', year=2024)
    assert any(f.rule == "punctuation-straight-quotes" for f in odd.findings)
    assert not any(f.fix for f in odd.findings if f.rule == "punctuation-straight-quotes" and f.text == '"四史"')


def test_a_repeated_line_is_removed_with_its_line_break():
    e = shared_engine()
    text = "关于城北街道意识形态工作情况的汇报\n关于城北街道意识形态工作情况的汇报\n一、总体情况\n"
    assert e.fix_all(text, year=2024).text == "关于城北街道意识形态工作情况的汇报\n一、总体情况\n"
    crlf = "\ufeff一、主要工作\r\n\r\n一、主要工作\r\n（一）学习"
    assert e.fix_all(crlf, year=2024).text == "\ufeff一、主要工作\r\n（一）学习"


def test_offsets_count_code_points():
    e = shared_engine()
    text = "𠀀𠀁街道党工委,召开会议"
    f = next(f for f in e.check(text, year=2024).findings if f.rule == "punctuation-halfwidth")
    assert f.fix == {"start": 7, "end": 8, "text": "，"}
    assert apply_fixes(text, [f]) == "𠀀𠀁街道党工委，召开会议"


# --- both engines ------------------------------------------------------------------------------

NODE_FIXER = r"""
const fs = require("fs");
const checker = require(process.argv[1]);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const engine = checker.create(input.data);
const out = input.cases.map((c) => {
  const r = engine.fixAll(c.text, { year: c.year });
  const once = checker.applyFixes(c.text, engine.check(c.text, { year: c.year }).findings);
  return { text: r.text, applied: r.applied.map((f) => f.rule), left: r.left.findings.length, once: once };
});
process.stdout.write(JSON.stringify(out));
"""


def _node(data: dict, cases: list[dict]) -> list[dict]:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed to run the JavaScript engine"
    p = subprocess.run(
        [node, "-e", NODE_FIXER, str(CHECKER_JS)],
        input=json.dumps({"data": data, "cases": cases}, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    return json.loads(p.stdout.decode("utf-8"))


def test_engines_fix_alike(ruleset, engine):  # noqa: F811
    rnd = random.Random(12)
    texts = list(TRICKY) + [p.read_text(encoding="utf-8") for p in sorted(DRAFTS.glob("*.txt"))]
    texts += ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 200))) for _ in range(150)]
    cases = [{"text": t, "year": y} for t in texts for y in (2020, 2024)]
    js = _node(ruleset, cases)
    fixed_any = 0
    for c, j in zip(cases, js, strict=True):
        py = engine.fix_all(c["text"], year=c["year"])
        once = apply_fixes(c["text"], engine.check(c["text"], year=c["year"]).findings)
        got = {"text": py.text, "applied": [f.rule for f in py.applied], "left": len(py.left.findings), "once": once}
        assert j == got, f"engines fix {c['text'][:60]!r} differently:\nnode {j}\npy   {got}"
        fixed_any += bool(py.applied)
    assert fixed_any > 50  # the comparison is not vacuous
