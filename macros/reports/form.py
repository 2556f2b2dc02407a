"""The 在线填写 form of a blank template: which input fills each 【slot】.

form_spec(site, type_id) renders the type's template with probes in place of BLANK
(as macros/scaffold.py does): each probe knows the data it stands for, so

- a slot printed from one value is one input, however often it appears (年份, 街道名称);
  slots with the same hint from different values (the three problems' 具体表现) are
  different inputs;
- a slot printed from a computed figure (pct, avg, minus, plus, the next year, the time
  facts) is not an input: the page computes it from its inputs with the definitions of
  render.py (pct and avg round half up to one decimal), or looks it up in tables made
  here by render.py's own functions (the 精神 to study by the report's date, the plan
  label and the anniversary numbers by year);
- an operand no slot prints (the street's 基层党组织数 behind 责任书覆盖率) is an input
  labelled from the data model's description.

The occurrences, in order, are exactly Report.slots() of the blank template (checked,
so a template the probes misread fails the build instead of filling the wrong slot);
the k-th content control of the template's Word file is the k-th occurrence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..models.base import slot_names
from ..models.samples import Sample
from ..models.streets import Street
from .render import Blank, _report_type, environment, render_blank, spirit, template_name
from .types import QUARTER_CN

if TYPE_CHECKING:
    from ..loader import SiteData

# The phrase-bank part (data/phrases/<slug>.yaml) offered next to a text slot, by the
# first field of the value it fills.
PHRASE_PARTS = {
    "opening": "opening",
    "leadership": "leadership",
    "theory": "theory-study",
    "publicity": "publicity",
    "online": "online",
    "venues": "venues",
    "civilization": "civilization",
    "risk": "risk",
    "secretary": "secretary",
    "problems": "problems",
    "plans": "next-steps",
    "closing": "closing",
}
# Causes of a problem come from their own part.
PHRASE_FIELD_PARTS = {"cause": "causes"}
# Types whose opening and own section take another part (a plan's or a 纪要's opening is
# not a report's opening; a 舆情处置报告 draws on the 舆情 part).
TYPE_PHRASE_PARTS = {
    "work-plan": {"opening": "work-plan", "workplan": "work-plan"},
    "meeting-minutes": {"opening": "meeting-minutes", "meeting": "meeting-minutes"},
    "incident-report": {"opening": "online", "incident": "online"},
}
# In these sections only the fields written as sentences offer phrases (not names, units, times).
SENTENCE_FIELDS = {
    "workplan": {"goal", "text"},
    "meeting": {"text"},
    "incident": {"summary", "spread", "text", "result"},
}
# Title slots the title pattern fills (render._render): the value each stands for.
TITLE_KEYS = {"街道名称": "s.name", "年份": "year", "季度": "d.quarter"}
# The input for a value printed through each filter of render.py (others: a text input),
# and how the page prints it: f_day gives 11月26日, f_sentence ends the text with 。.
FILTER_KINDS = {"n": "number", "date": "date", "day": "day", "quarter": "quarter"}
FILTER_FORMATS = {"sentence": "sentence"}
# Labels of operands no slot prints, where the model's description does not make one.
LABELS = {"count(s.communities)": "下辖社区数", "date": "成文日期", "year": "年份"}


# Computed figures fill.js knows (the same definitions as render.py; tests compare them).
COMPUTED = ("pct", "avg", "minus", "plus", "span", "spirit", "plan_label", "anniv")


def is_derived(value: Any) -> bool:
    """A computed figure; count(list) is not: the writer types the number of items."""
    return isinstance(value, _Derived) and value.fn != "count"


class _NotComputed(Exception):
    pass


class _Var(Blank):
    """A value the writer types, named by its data path (d.theory.lectures, s.name, year)."""

    def __new__(cls, key: str) -> _Var:
        obj = object.__new__(cls)
        obj.key = key
        return obj

    def __getattr__(self, name: str) -> _Var:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Var(f"{self.key}.{name}")

    def __getitem__(self, index: Any) -> _Var:
        return _Var(f"{self.key}[{index}]")

    def __repr__(self) -> str:
        return f"VAR({self.key})"


class _Derived(_Var):
    """A figure computed from other values: fn(args)."""

    def __new__(cls, fn: str, args: list[Any], **extra: Any) -> _Derived:
        keys = ",".join(a.key if isinstance(a, _Var) else repr(a) for a in args)
        obj = _Var.__new__(cls, f"{fn}({keys})" + (f"[{extra['id']}]" if "id" in extra else ""))
        obj.fn, obj.args, obj.extra = fn, args, extra
        return obj


class _Facts:
    """The template's `f`: time facts computed from the report's year and date."""

    spirit = _Derived("spirit", [_Var("date")])
    plan_label = _Derived("plan_label", [_Var("year")])
    # the congress due in the plan's year (render.upcoming_congress): the writer types it or deletes the clause
    upcoming = _Var("f.upcoming")

    def anniv(self, anniversary_id: str) -> _Derived:
        return _Derived("anniv", [_Var("year")], id=anniversary_id)


def _probe_env(occurrences: list[tuple[str, Any, str]]):
    """render.py's environment whose filters record (slot, value, kind) and whose
    functions return probes for blank arguments."""
    base = environment()

    def filt(name: str, real):
        def wrapped(value: Any, *args: Any) -> Any:
            if isinstance(value, Blank) and args and isinstance(args[0], str):
                occurrences.append((args[0], value, name))
            return real(value, *args)  # what render.py prints, slot included

        return wrapped

    def compute(name: str):
        fn = base.globals[name]

        def wrapped(*args: Any) -> Any:
            if any(isinstance(a, Blank) for a in args):
                return _Derived(name, list(args))
            return fn(*args)

        return wrapped

    def items(values: Any, n: int) -> list:
        return [values[i] for i in range(n)] if isinstance(values, Blank) else list(values or [])

    def points(values: Any, hints: list[str]) -> str:
        out = []
        for i, hint in enumerate(hints):
            occurrences.append((hint, values[i], "t"))
            out.append(f"【{hint}】。")
        if len(out) == 1:
            return out[0]
        return "".join(f"{'一二三四五六七八九十'[i]}是{t}" for i, t in enumerate(out))

    env = base.overlay(cache_size=0)
    env.filters = {
        name: filt(name, fn) if getattr(fn, "__module__", None) == environment.__module__ else fn
        for name, fn in base.filters.items()
    }
    env.globals = {
        **env.globals,
        **{name: compute(name) for name in ("pct", "avg", "minus", "plus", "count", "concat", "span")},
        "items": items,
        "points": points,
    }
    return env


def _model_label(key: str) -> str:
    """A label for an operand from the model's field description (基层党组织数（个） → 基层党组织数)."""
    if key in LABELS:
        return LABELS[key]
    parts = re.split(r"\.", re.sub(r"\[\d+\]", "", key))
    model: Any = {"s": Street, "d": Sample}.get(parts[0])
    desc = None
    for name in parts[1:]:
        field = getattr(model, "model_fields", {}).get(name)
        if field is None:
            break
        desc = field.description
        model = field.annotation
    if not desc:  # no description to label it by (tests require one): the field's name
        return parts[-1]
    return re.sub(r"（[^）]*）$", "", desc.split("，")[0]).strip()


def _phrase_part(key: str, type_id: str | None = None) -> str | None:
    parts = key.split(".")
    if parts[0] != "d" or len(parts) < 2:
        return None
    section = re.sub(r"\[\d+\]$", "", parts[1])
    last = re.sub(r"\[\d+\]$", "", parts[-1])
    if last in PHRASE_FIELD_PARTS:
        return PHRASE_FIELD_PARTS[last]
    if section in SENTENCE_FIELDS and last not in SENTENCE_FIELDS[section]:
        return None
    return TYPE_PHRASE_PARTS.get(type_id or "", {}).get(section) or PHRASE_PARTS.get(section)


def _tables(site: SiteData) -> dict:
    """The time facts the form looks up: by year, and the 精神 by the report's date."""
    years = list(site.time_facts.years())
    anniv = {a.id: {str(y): a.number(y) for y in years} for a in site.time_facts.anniversaries}
    plan = {str(y): label for y in years if (label := site.time_facts.plan_label(y))}
    ends = sorted({e.end for e in site.time_facts.events if e.kind in ("congress", "plenum") and e.end})
    # spirit(date) changes only the day after a congress or plenum closes
    steps = [[(end + dt.timedelta(days=1)).isoformat(), spirit(site, end + dt.timedelta(days=1))] for end in ends]
    verified = site.time_facts.verified_through.isoformat()
    return {"years": years, "anniv": anniv, "plan_label": plan, "spirit": steps, "verified": verified}


def form_spec(site: SiteData, type_id: str) -> dict:
    """Everything the page's 在线填写 needs for one report type (JSON-ready)."""
    report = render_blank(site, type_id)
    rtype = _report_type(site, type_id)
    occurrences: list[tuple[str, Any, str]] = []
    context = {
        "title": rtype.title_pattern,
        "d": _Var("d"),
        "s": _Var("s"),
        "f": _Facts(),
        "year": _Var("year"),
        "next_year": _Derived("plus", [_Var("year"), 1]),
        "date": _Var("date"),
        "blank": True,
    }
    _probe_env(occurrences).get_template(template_name(type_id)).render(context)

    fields: dict[str, dict] = {}
    printed: dict[str, str] = {}  # value key -> the first slot name printing it

    def add_input(key: str, label: str, kind: str, fmt: str | None = None) -> None:
        if key not in fields:
            fields[key] = {"key": key, "label": label, "kind": kind}
            if fmt:
                fields[key]["format"] = fmt
            part = _phrase_part(key, type_id) if kind == "text" else None
            if part:
                fields[key]["phrases"] = part

    def operand(a: Any, kind: str) -> dict:
        if not isinstance(a, _Var):
            return {"const": a}
        if is_derived(a):
            return {"derived": derived(a)}
        if a.key not in printed:
            add_input(a.key, _model_label(a.key), "year" if a.key == "year" else kind)
        return {"key": a.key}

    def derived(v: _Derived) -> dict:
        if v.fn not in COMPUTED:
            raise _NotComputed(v.fn)
        kind = "date" if v.fn in ("span", "spirit") else "number"
        out = {"fn": v.fn, "args": [operand(a, kind) for a in v.args]}
        if "id" in v.extra:
            out["id"] = v.extra["id"]
        return out

    body: list[tuple[str, str]] = []
    occurrences = [(slot, value, FILTER_KINDS.get(f, "text"), FILTER_FORMATS.get(f)) for slot, value, f in occurrences]
    for slot, value, kind, fmt in occurrences:
        if isinstance(value, _Var) and not is_derived(value):
            printed.setdefault(value.key, slot)
            if value.key == "year":
                kind = "year"
            add_input(value.key, slot, kind, fmt)
    for slot, value, kind, _fmt in occurrences:
        if is_derived(value):
            key = value.key
            if key not in fields:
                try:
                    fields[key] = {"key": key, "label": slot, "kind": kind, "derived": derived(value)}
                except _NotComputed:  # a figure fill.js cannot compute yet: the writer types it
                    add_input(key, slot, kind)
            body.append((slot, key))
        else:
            body.append((slot, value.key))

    title: list[tuple[str, str]] = []
    for slot in slot_names(rtype.title_pattern):
        key = TITLE_KEYS.get(slot) or f"title.{slot}"
        add_input(key, slot, {"year": "year", "d.quarter": "quarter"}.get(key, "text"))
        title.append((slot, key))
    order = title + body
    exact = [s for s, _ in order] == report.slots()
    if not exact:
        # The probes misread the template (a slot printed some other way): fall back to one
        # text input per slot name, so the page still fills every 【】; tests require exact.
        fields = {}
        order = []
        for slot in report.slots():
            add_input(f"slot.{slot}", slot, "text")
            order.append((slot, f"slot.{slot}"))
    # The order of inputs: first appearance in the report.
    seen: dict[str, None] = {}
    for _, key in order:
        for k in _deps(fields, key):
            seen.setdefault(k, None)
    extra = [k for k in fields if k not in seen]
    ordered = [fields[k] for k in [*seen, *extra]]
    return {
        "type": type_id,
        "name": rtype.name,
        "exact": exact,
        "title": report.title,
        "blocks": [{"level": str(b.level), "text": b.text} for b in report.all_blocks()],
        "slots": [{"name": s, "key": k} for s, k in order],
        "fields": ordered,
        "quarters": QUARTER_CN,
    }


def _deps(fields: dict, key: str) -> list[str]:
    """key and the input keys a derived field is computed from (inputs first)."""
    f = fields.get(key)
    if f is None or "derived" not in f:
        return [key]
    out: list[str] = []

    def walk(d: dict) -> None:
        for a in d["args"]:
            if "key" in a:
                out.append(a["key"])
            elif "derived" in a:
                walk(a["derived"])

    walk(f["derived"])
    return [*out, key]


def phrase_bank(site: SiteData, slugs: set[str], tag: str | None = None, only_tagged: bool = False) -> dict:
    """The phrases of the given parts, with the years they are valid for: those tagged `tag`
    (the report type's phrase_tag) first; with `only_tagged`, only those where a part has any."""

    out = {}
    for part in site.phrases:
        if part.slug in slugs:
            tagged = [p for p in part.phrases if tag and tag in p.tags]
            rest = [] if only_tagged and tagged else [p for p in part.phrases if p not in tagged]
            out[part.slug] = {
                "part": part.part,
                "phrases": [
                    {
                        "id": p.id,
                        "text": p.text,
                        "function": p.function,
                        "valid": _dates(site.time_facts.validity_of(p.facts)),
                    }
                    for p in tagged + rest
                ],
            }
    return out


def _dates(v) -> list:
    return [v.since.isoformat() if v.since else None, v.until.isoformat() if v.until else None]


def fill_data(site: SiteData, type_id: str, spec: dict | None = None) -> dict:
    """form_spec (or the given one, left unchanged) with the phrase bank and the time tables."""
    spec = dict(spec or form_spec(site, type_id))
    slugs = {f["phrases"] for f in spec["fields"] if "phrases" in f}
    # a type of its own genre (plan, 纪要, 舆情处置报告) gets only the phrases written for it
    tag = _report_type(site, type_id).phrase_tag
    spec["phraseBank"] = phrase_bank(site, slugs, tag, only_tagged=type_id in TYPE_PHRASE_PARTS)
    spec["facts"] = _tables(site)
    return spec
