"""Checks on the rule set that need more than one file: unique rule ids, references
to report types, synonyms for every required part, and — most important — every rule
run on its own examples. A rule that misses one of its `flag` examples or reports one
of its `pass` examples stops the build, so a rule can never drift silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..crosscheck import cross_check
from ..errors import Problem
from .compile import compile_ruleset
from .engine import Engine

if TYPE_CHECKING:
    from ..loader import SiteData


def _short(text: str, n: int = 40) -> str:
    text = text.strip().replace("\n", "⏎")
    return text if len(text) <= n else text[:n] + "……"


@cross_check("rules", "report_types", "time_facts")  # 在线自查 rules: ids, part synonyms, every rule on its examples
def check_rules(site: SiteData) -> Iterator[Problem]:
    recs = site.records.get("rules", [])
    if not recs:
        return
    types = {t.id for t in site.report_types.types}
    # ids unique across files; `unless` names an earlier rule
    seen: dict[str, str] = {}
    for rec in recs:
        for i, r in enumerate(rec.obj.rules):
            if r.id in seen:
                yield rec.problem(
                    ("rules", i, "id"),
                    f"规则 id“{r.id}”重复：{seen[r.id]} 中已经有这条规则",
                    "给其中一条换一个未用过的 id（id 用作规则一览的锚点，发布后不要改）",
                )
            seen.setdefault(r.id, rec.rel)
    order = [r.id for rec in sorted(recs, key=lambda x: x.obj.order) for r in rec.obj.rules]
    for rec in recs:
        for i, r in enumerate(rec.obj.rules):
            if r.unless and (r.unless not in order or order.index(r.unless) > order.index(r.id)):
                yield rec.problem(
                    ("rules", i, "unless"),
                    f"unless 引用的规则“{r.unless}”不存在或排在本规则之后",
                    "写一条排在本规则之前的规则 id",
                )
            for key in ("flag", "pass"):
                for j, ex in enumerate(getattr(r.examples, "flag" if key == "flag" else "pass_")):
                    if ex.type and ex.type not in types:
                        yield rec.problem(
                            ("rules", i, "examples", key, j, "type"),
                            f"报告类型“{ex.type}”不存在",
                            "改成 data/report_types.yaml 中已有的 id",
                        )
    structure = next((rec for rec in recs if rec.obj.category == "structure"), None)
    if structure:
        for i, t in enumerate(structure.obj.type_titles):
            if t.type not in types:
                yield structure.problem(
                    ("type_titles", i, "type"), f"报告类型“{t.type}”不存在", "改成 data/report_types.yaml 中已有的 id"
                )
        named = {p.part for p in structure.obj.parts}
        rt = site.records["report_types"][0]
        for i, t in enumerate(rt.obj.types):
            for j, part in enumerate(t.required_parts):
                if part not in named:
                    yield rt.problem(
                        ("types", i, "required_parts", j),
                        f"必备部分“{part}”在 {structure.rel} 的 parts 中没有同义说法，在线自查无法检查它",
                        f"在 {structure.rel} 的 parts 中加一条 part: {part}，写明 keywords",
                    )
    yield from check_examples(site)


def check_examples(site: SiteData) -> Iterator[Problem]:
    recs = site.records["rules"]
    try:
        engine = Engine(compile_ruleset([r.obj for r in recs], site.time_facts, site.report_types))
    except Exception as e:  # a pattern the engine cannot use
        yield recs[0].problem((), f"规则无法编译：{e}", "检查最近修改的正则表达式")
        return
    default_year = dt.date.today().year
    for rec in recs:
        for i, r in enumerate(rec.obj.rules):
            for j, ex in enumerate(r.examples.flag):
                res = engine.check(ex.text, year=ex.year or default_year, date=ex.date, type_id=ex.type, only={r.id})
                when = (f"（按{ex.date}检查）" if ex.date else f"（按{ex.year}年检查）") if ex.year else ""
                if not res.findings:
                    yield rec.problem(
                        ("rules", i, "examples", "flag", j),
                        f"规则 {r.id} 没有标出它自己的应报例句“{_short(ex.text)}”{when}",
                        "修改这条规则的 pattern（或相关数据）让它能查到这个例句；"
                        "如果这个例句其实没有错，把它移到 pass 下",
                    )
                elif ex.expect and not any(f.text == ex.expect for f in res.findings):
                    got = "、".join(f"“{f.text}”" for f in res.findings)
                    yield rec.problem(
                        ("rules", i, "examples", "flag", j),
                        f"规则 {r.id} 在例句“{_short(ex.text)}”中应标出“{ex.expect}”，实际标出的是{got}",
                        "调整 pattern 让标出的范围正好是 expect 的文字，或修改 expect",
                    )
            if r.fix is not None:
                yield from _check_fixes(engine, rec, i, r, default_year)
            for j, ex in enumerate(r.examples.pass_):
                res = engine.check(ex.text, year=ex.year or default_year, date=ex.date, type_id=ex.type, only={r.id})
                if res.findings:
                    got = "、".join(f"“{f.text}”" if f.text else "（全文）" for f in res.findings)
                    when = (f"（按{ex.date}检查）" if ex.date else f"（按{ex.year}年检查）") if ex.year else ""
                    yield rec.problem(
                        ("rules", i, "examples", "pass", j),
                        f"规则 {r.id} 误报了不应报例句“{_short(ex.text)}”{when}，标出了{got}",
                        "收紧 pattern（加上前后文限定，或把正确的较长词语写进 exceptions）；"
                        "如果这个例句其实有错，把它移到 flag 下",
                    )


def _check_fixes(engine: Engine, rec, i: int, r, default_year: int) -> Iterator[Problem]:
    """A rule's fix must fix its own examples: applied (repeatedly, as “全部改正” does) it leaves
    nothing of the rule that could still be fixed, and gives `fixed` where an example states it."""
    offered = False
    for j, ex in enumerate(r.examples.flag):
        year = ex.year or default_year
        first = engine.check(ex.text, year=year, type_id=ex.type, only={r.id})
        offered |= any(f.fix for f in first.findings)
        res = engine.fix_all(ex.text, year=year, type_id=ex.type, only={r.id})
        if any(f.fix for f in res.left.findings):
            yield rec.problem(
                ("rules", i, "fix"),
                f"规则 {r.id} 的改法改不完例句“{_short(ex.text)}”：改后仍有可以改的地方",
                "检查 fix：改后的文字不应再被本规则标出",
            )
        elif ex.fixed is not None and res.text.strip() != ex.fixed.strip():
            yield rec.problem(
                ("rules", i, "examples", "flag", j, "fixed"),
                f"规则 {r.id} 把例句“{_short(ex.text)}”改成了“{_short(res.text)}”，与 fixed 不同",
                "调整 fix（或 pattern 中的分组），或修改 fixed",
            )
    if not offered:
        yield rec.problem(
            ("rules", i, "fix"),
            f"规则 {r.id} 写了 fix，但没有一个应报例句得到改法",
            "检查 fix 中的占位是否都有值（正则分组要用括号写出），或删去 fix",
        )
