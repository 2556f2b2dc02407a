"""Checks that span files: ids unique across files, references that resolve.

A cross-file check is a function (SiteData) -> Problems, registered with the kinds
of data it reads:

    @cross_check("phrases", "time_facts")
    def _phrases(site): ...

Each check yields Problems pointing at the offending field's line, via
`record.problem(("field", 3, "sub"), "问题……", "怎么改……")`. It sees only the
kinds it names (reading another one is an error), so `mkdocs serve` can skip a
check whose files did not change. macros/validate.py imports every module that
registers checks and runs them after each file has passed its model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .errors import Problem
from .loader import Record, SiteData

# A located value: the record it is in, its field path, and the value.
Located = tuple["Record", tuple, str]


def unique(title: str, items: Iterable[Located]) -> Iterator[Problem]:
    """Every id in `items` is used once; a second use is reported with the first place."""
    first: dict[str, Located] = {}
    for rec, loc, value in items:
        if value in first:
            r0, l0, _ = first[value]
            where = f"{r0.rel} 第 {r0.parsed.line_of(l0)} 行"  # noqa
            yield rec.problem(
                loc,
                f"{title} id“{value}”重复：已在 {where}使用",
                "给其中一条换一个未用过的 id（id 一经发布就不要再改，链接和书签依赖它）",
            )
        else:
            first[value] = (rec, loc, value)


def refs(title: str, known: set[str], items: Iterable[Located], where: str) -> Iterator[Problem]:
    """Every reference in `items` names an id in `known`."""
    for rec, loc, value in items:
        if value not in known:
            yield rec.problem(loc, f"引用的{title}“{value}”不存在", f"改成 {where} 中已有的 id，或先在那里添加这一条")


@dataclass(frozen=True)
class Check:
    name: str
    reads: tuple[str, ...]  # kinds of data (macros/registry.py) the check reads
    run: Callable[[SiteData], Iterable[Problem]]


CHECKS: list[Check] = []


def cross_check(*reads: str) -> Callable:
    """Register a cross-file check that reads the given kinds of data."""

    def register(fn: Callable[[SiteData], Iterable[Problem]]) -> Callable:
        CHECKS.append(Check(f"{fn.__module__}.{fn.__name__}", tuple(reads), fn))
        return fn

    return register


class _View(SiteData):
    """The data a check declared it reads; anything else is a programming error."""

    def __getattr__(self, name: str):
        if name != "records" and name not in self.records:
            raise AttributeError(f"cross-file check reads “{name}” but does not name it in @cross_check(...)")
        return super().__getattr__(name)


def view(site: SiteData, check: Check) -> SiteData:
    return _View(root=site.root, records={k: site.records[k] for k in check.reads if k in site.records})


def run(site: SiteData, checks: Iterable[Check] | None = None) -> list[Problem]:
    """Problems found by the given checks (default: every registered one)."""
    return [p for check in (CHECKS if checks is None else checks) for p in check.run(view(site, check))]


@cross_check("report_types")
def _report_types(site: SiteData) -> Iterator[Problem]:
    (rec,) = site.records["report_types"]
    yield from unique("报告类型", ((rec, ("types", i, "id"), t.id) for i, t in enumerate(rec.obj.types)))


@cross_check("glossary")
def _glossary(site: SiteData) -> Iterator[Problem]:
    (rec,) = site.records["glossary"]
    terms = rec.obj.terms
    yield from unique("术语", ((rec, ("terms", i, "id"), t.id) for i, t in enumerate(terms)))
    yield from unique("术语名称", ((rec, ("terms", i, "term"), t.term) for i, t in enumerate(terms)))
    yield from refs(
        "术语",
        {t.id for t in terms},
        ((rec, ("terms", i, "related", j), x) for i, t in enumerate(terms) for j, x in enumerate(t.related)),
        "data/glossary.yaml",
    )


@cross_check("glossary", "time_facts")
def _glossary_formulas(site: SiteData) -> Iterator[Problem]:
    """A glossary term naming a fixed formula (提法) states it exactly as data/time_facts.yaml does."""
    (rec,) = site.records["glossary"]
    current = {f.name: f for f in site.time_facts.formulas if not f.until}
    for i, t in enumerate(rec.obj.terms):
        f = current.get(t.term)
        if f is not None and f.text not in t.definition:
            yield rec.problem(
                ("terms", i, "definition"),
                f"术语“{t.term}”是固定提法，释义中没有它的规范写法“{f.text}”",
                "按 data/time_facts.yaml 的 formulas 原样写出各项（字词和顺序都不改）；提法本身改了，先改那里",
            )


@cross_check("phrases", "time_facts")
def _phrases(site: SiteData) -> Iterator[Problem]:
    recs = site.records["phrases"]
    yield from unique("表述库部分", ((r, ("slug",), r.obj.slug) for r in recs))
    yield from unique("表述", ((r, ("phrases", i, "id"), p.id) for r in recs for i, p in enumerate(r.obj.phrases)))
    facts = site.time_facts.ids()
    yield from refs(
        "时间事实",
        facts,
        (
            (r, ("phrases", i, "facts", j), f)
            for r in recs
            for i, p in enumerate(r.obj.phrases)
            for j, f in enumerate(p.facts)
        ),
        "data/time_facts.yaml",
    )


@cross_check("phrases", "report_types")
def _phrase_tags(site: SiteData) -> Iterator[Problem]:
    """A type's phrase_tag names a tag some phrase carries (a typo would silently empty its pickers)."""
    used = {t for part in site.phrases for p in part.phrases for t in p.tags}
    (rec,) = site.records["report_types"]
    for i, t in enumerate(rec.obj.types):
        if t.phrase_tag and t.phrase_tag not in used:
            yield rec.problem(
                ("types", i, "phrase_tag"),
                f"表述库中没有一条表述带标签“{t.phrase_tag}”",
                "改成表述库（data/phrases/）里已经用来表示这类报告的标签，或先给适用的表述加上这个标签",
            )


@cross_check("checklists", "report_types")
def _checklists(site: SiteData) -> Iterator[Problem]:
    recs = site.records["checklists"]
    yield from unique("清单", ((r, ("id",), r.obj.id) for r in recs))
    for r in recs:
        yield from unique(
            "清单条目",
            (
                (r, ("groups", g, "items", i, "id"), item.id)
                for g, group in enumerate(r.obj.groups)
                for i, item in enumerate(group.items)
            ),
        )
    types = {t.id for t in site.report_types.types}
    yield from refs(
        "报告类型",
        types,
        (
            (r, ("groups", g, "report_type"), group.report_type)
            for r in recs
            for g, group in enumerate(r.obj.groups)
            if group.report_type
        ),
        "data/report_types.yaml",
    )
