"""A copy of data/ with hostile payloads in every string field, generated from the models.

`string_fields(model)` walks a pydantic model's fields and yields the path of every
string leaf (text, ids, dates, literals; inside lists, dicts and nested models).
`make_hostile_data(dest)` copies data/, puts payloads into those fields (in the first
occurrences in each file, the payloads spread over occurrences so short fields get
one each), and keeps only what the data layer accepts: a value the field's own
validation refuses (an id pattern, a date, a literal, a length) or the loader's
model and cross-file checks refuse (a reference, a rule example) goes back to its
original, and is reported as skipped with the reason. A new field in a model is
covered without writing a test.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from macros import crosscheck
from macros.errors import DataError
from macros.loader import format_loc
from macros.registry import KINDS
from macros.validate import Cache, load_site_data
from macros.yamlfile import parse

# What a handler from data would do: tests define hostile() on the page and count calls.
# Each payload is distinct, so a finding says which layer let it through.
PAYLOADS = [
    "<img src=x onerror=hostile(1)>",
    "<script>hostile(2)</script><hostile-tag>",
    "*强调*{ data-hostile-attr=3 onmouseover=hostile(3) }",
    "{ onclick=hostile(4) data-hostile-attr=4 }",
    "[链接](javascript:hostile(5)) ![图](x){ onerror=hostile(5) }",
    "<a href=javascript:hostile(6)>点</a>",
    "{% if 1 %}hostile-{{ 1336 + 1 }}{% endif %}{% endraw %}{# #}",
    '" onmouseover="hostile(8)" x="',
    "' onfocus='hostile(9)' autofocus x='",
    "&lt;img src=x onerror=hostile(10)&gt;&amp;lt;hostile-tag&amp;gt;",
    "</title></textarea></script><script>hostile(11)</script><!--",
    "javascript:hostile(12)",
    # Material's tooltip (a title rendered as HTML) and abbreviation syntax (*[term]: …).
    "[提示](#x (<img src=x onerror=hostile(13)>))\n\n*[街道]: <img src=x onerror=hostile(13)>\n\n",
]
# Payloads with quotes break out of attributes; the rest are tried alone where quotes are refused.
QUOTES = set("\"'")
# Text any displayed payload leaves visible, to show a payload reached a page as text.
VISIBLE_MARK = "<hostile-tag>"
JINJA_RAN = "hostile-1337"


# --- the models' string fields ---------------------------------------------------

Step = str  # a key, "[]" (every list item), "{}" (every dict value) or "{key}" (every dict key)


@dataclass(frozen=True)
class StringField:
    kind: str
    path: tuple[Step, ...]
    annotation: Any  # for validating a value on its own (the field's type and constraints)

    @property
    def name(self) -> str:
        return f"{self.kind}:" + ".".join(self.path)


def _strip_optional(tp):
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return [tp]


def _is_stringy(tp) -> bool:
    base = typing.get_args(tp)[0] if typing.get_origin(tp) is Annotated else tp
    if typing.get_origin(base) is Literal:
        return all(isinstance(a, str) for a in typing.get_args(base))
    import datetime as dt

    return base in (str, dt.date, dt.datetime)


def _walk(tp, path, seen) -> typing.Iterator[tuple[tuple, Any]]:
    for t in _strip_optional(tp):
        origin = typing.get_origin(t)
        if _is_stringy(t):
            yield path, t
        elif origin is Annotated:
            yield from _walk(typing.get_args(t)[0], path, seen)
        elif origin in (list, tuple, set, frozenset):
            for arg in typing.get_args(t):
                if arg is not Ellipsis:
                    yield from _walk(arg, (*path, "[]"), seen)
        elif origin is dict:
            key, value = typing.get_args(t)
            if _is_stringy(key):
                yield (*path, "{key}"), key
            yield from _walk(value, (*path, "{}"), seen)
        elif isinstance(t, type) and issubclass(t, BaseModel) and t not in seen:
            for name, info in t.model_fields.items():
                ann = Annotated[info.annotation, info] if info.metadata or _has_constraints(info) else info.annotation
                if _is_stringy(info.annotation):
                    yield (*path, info.alias or name), ann
                else:
                    yield from _walk(info.annotation, (*path, info.alias or name), seen | {t})


def _has_constraints(info) -> bool:
    return bool(info.metadata)


def string_fields() -> list[StringField]:
    out = []
    for kind in KINDS:
        for path, ann in _walk(kind.model, (), frozenset()):
            out.append(StringField(kind.name, path, ann))
    return out


def _instances(data, path: tuple[Step, ...], loc=()) -> typing.Iterator[tuple]:
    """Concrete locations (tuples of keys and indexes) of a field path in loaded YAML data."""
    if not path:
        if isinstance(data, str):
            yield loc
        return
    step, rest = path[0], path[1:]
    if step == "[]" and isinstance(data, list):
        for i, item in enumerate(data):
            yield from _instances(item, rest, (*loc, i))
    elif step == "{}" and isinstance(data, dict):
        for k, v in data.items():
            yield from _instances(v, rest, (*loc, k))
    elif step == "{key}" and isinstance(data, dict) and data:
        yield (*loc, ("key", next(iter(data.values()))))  # a new entry whose key carries the payload
    elif isinstance(data, dict):
        if step in data:
            yield from _instances(data[step], rest, (*loc, step))
        elif not rest:
            yield (*loc, ("absent", step))  # an optional field not written: it can take a payload too


def _parent(data, loc):
    for part in loc[:-1]:
        data = data[part]
    return data


def _set(data, loc, value) -> None:
    """Put a value at a location; None removes an optional field that was absent."""
    parent, last = _parent(data, loc), loc[-1]
    if isinstance(last, tuple):
        if value is None:
            parent.pop(last[1], None)
        else:
            parent[last[1]] = value
    else:
        parent[last] = value


def _value(data, loc):
    last = loc[-1]
    return None if isinstance(last, tuple) else _parent(data, loc)[last]


def _loc_str(loc) -> str:
    return format_loc(p[1] if isinstance(p, tuple) else p for p in loc)


# --- building the hostile copy ----------------------------------------------------


@dataclass
class Injection:
    field: StringField
    file: Path
    loc: tuple
    original: str | None
    value: str
    new_key: bool = False  # a dict key: a new entry added with this key
    fallbacks: list[str] = field(default_factory=list)  # other values to try if the loader refuses this one


@dataclass
class Report:
    injected: dict[str, int] = field(default_factory=dict)  # field name -> occurrences with payloads
    skipped: dict[str, str] = field(default_factory=dict)  # field name -> why it takes none
    payloads_placed: dict[str, set[int]] = field(default_factory=dict)  # field name -> payload indexes
    rounds: int = 0  # loads of the data it took


def _candidates(original: str | None, payloads: list[str]) -> list[str]:
    """Values to try, most payload first: after the original text, before it (for a
    validator that wants a fixed ending), on one line, alone, one payload at a time."""
    joined = "".join(payloads)
    one_line = " ".join(joined.split())
    out = []
    for p in (joined, one_line):
        if original:
            out += [f"{original} {p}", f"{p} {original}"]
        out.append(p)
    out += [" ".join(p.split()) for p in payloads]
    return list(dict.fromkeys(v.strip() for v in out if v.strip()))


def _accepts(adapter: TypeAdapter, value: str) -> bool:
    try:
        adapter.validate_python(value)
        return True
    except ValidationError:
        return False


# Occurrences per file that get payloads (bounded work: the first few in each file).
PER_FILE = 2


def make_hostile_data(dest: Path, source: Path) -> Report:
    shutil.copytree(source, dest)
    _DIRTY.clear()
    fields = string_fields()
    report = Report()
    docs: dict[Path, tuple[str, Any]] = {}
    for kind in KINDS:
        for path in sorted(dest.glob(kind.pattern)):
            text = path.read_text(encoding="utf-8")
            docs[path] = (text.splitlines()[0], parse(text, path.name).data)

    injections: list[Injection] = []
    reasons: dict[str, str] = {}
    offsets: dict[str, int] = {}
    for f in fields:
        kind = next(k for k in KINDS if k.name == f.kind)
        adapter = TypeAdapter(f.annotation)
        if not any(_accepts(adapter, p) for p in PAYLOADS):
            report.skipped[f.name] = "字段自身的校验不接受任何载荷（id、日期、枚举、长度）"
            continue
        placed = False
        offsets[f.kind] = offsets.get(f.kind, -1) + 1
        for path in sorted(dest.glob(kind.pattern)):
            data = docs[path][1]
            locs = list(_instances(data, f.path))
            present = [loc for loc in locs if not (isinstance(loc[-1], tuple) and loc[-1][0] == "absent")]
            # Fields of one kind take different items (a glossary term keeps its name where its
            # definition carries payloads, so pages still show the term with that definition).
            start = (offsets.setdefault(f.kind, 0) * PER_FILE) % max(len(present), 1)
            locs = (present[start:] + present[:start])[:PER_FILE] or locs[:1]
            for i, loc in enumerate(locs):
                original = _value(data, loc)  # None: an absent optional field, or a new dict key
                # spread the payloads over the occurrences; each keeps the payloads it can take
                mine = PAYLOADS[i :: len(locs)]
                values = [v for v in _candidates(original, mine) if _accepts(adapter, v)]
                new_key = isinstance(loc[-1], tuple) and loc[-1][0] == "key"
                values = [v for v in values if not (new_key and v in _parent(data, loc))]
                inj = None
                while values:
                    value = values.pop(0)
                    # if the loader refuses it: the same on one line (a paragraph must be one line)
                    # and else one payload at a time (a sample must pass the checker: no straight quotes…)
                    quiet = " ".join("".join(p for p in mine if not QUOTES.intersection(p)).split())
                    flat = [v for v in values if "\n" not in v][:1] if "\n" in value else []
                    flat += [
                        v for v in (f"{original} {quiet}" if original else quiet,) if v.strip() and _accepts(adapter, v)
                    ]
                    inj = Injection(f, path, loc, original, value, new_key, flat)
                    _apply(docs, inj)
                    try:  # the file's model (with its validators) must still accept it
                        kind.model.model_validate(data)
                        break
                    except ValidationError as e:
                        _revert(docs, inj)
                        reasons.setdefault(f.name, f"模型校验拒绝：{e.errors()[0]['msg']}")
                        inj = None
                if inj is not None:
                    injections.append(inj)
                    placed = True
        if not placed:
            report.skipped[f.name] = reasons.get(f.name, "数据中没有这个字段，也无法补上")

    written: dict[Path, str] = {}

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    def write() -> None:  # only files that changed, so the loader's cache keeps the rest
        for path in sorted(_DIRTY):
            first, data = docs[path]
            body = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
            if written.get(path) != body:
                path.write_text(first + "\n" + body, encoding="utf-8")
                written[path] = body
        _DIRTY.clear()

    cache = Cache()
    _DIRTY.update(docs)

    def problems() -> list:
        write()
        try:
            load_site_data(dest, cache)
            return []
        except DataError as e:
            return e.problems

    def drop(injs, why: str, retry: bool = True) -> None:
        for inj in injs:
            _revert(docs, inj)
            kind = next(k for k in KINDS if k.name == inj.field.kind)
            while retry and inj.fallbacks:  # try a smaller payload in the same place
                inj.value = inj.fallbacks.pop(0)
                _apply(docs, inj)
                try:
                    kind.model.model_validate(docs[inj.file][1])
                    break
                except ValidationError:
                    _revert(docs, inj)
            else:
                injections.remove(inj)
                report.skipped.setdefault(inj.field.name, why)

    def fails(prob):
        """A test for one problem: is it still there (same file, field and opening words)?"""
        key = _problem_key(prob)
        return lambda: any(_problem_key(p) == key for p in problems())

    # Keep only what the loader accepts: revert what it refuses, and say why.
    for rounds in range(1, 41):  # noqa: B007  (reported)
        found = problems()
        if not found:
            break
        unmatched = []
        for prob in found:
            hit = _nearest(injections, prob, dest)
            if len(hit) > 1:  # the problem is about an object: find the payloads that cause it
                hit = _minimal(hit, docs, fails(prob))
                if not hit:  # not these: a payload in another file the check reads (below)
                    unmatched.append(prob)
                    continue
            if hit:
                drop(hit, f"数据层拒绝：{prob.message}")
            else:
                unmatched.append(prob)
        if len(unmatched) < len(found):
            continue
        # A cross-file check refused a file that holds no payload: the cause is a payload in a
        # file the check also reads. Find the fields responsible by halving (group testing).
        kinds = {k.name for k in KINDS for prob in unmatched if _is_kind_file(k, prob.file)}
        reads = {r for c in crosscheck.CHECKS if kinds & set(c.reads) for r in c.reads}
        candidates = [inj for inj in injections if inj.field.kind in reads]
        why = "其他文件的校验（交叉检查、规则例句）依赖这个字段的原文：" + unmatched[0].message
        # The messages quote the texts involved (an example, a part name): the payloads over an
        # original text that is quoted are tried first; the culprits are found by halving, one
        # payload at a time, so a field keeps its payloads in every other place.
        quoted = [
            inj
            for inj in candidates
            if inj.original and len(inj.original) >= 2 and any(inj.original in p.message for p in unmatched)
        ]
        test = fails(unmatched[0])
        culprits = (_minimal(quoted, docs, test) if quoted else []) or _minimal(candidates, docs, test)
        if not culprits:
            raise AssertionError(
                "hostile data refused where no payload was put:\n" + "\n".join(p.render() for p in unmatched)
            )
        drop(culprits, why, retry=False)
    else:
        raise AssertionError("hostile data still refused after 40 rounds")

    report.rounds = rounds
    for inj in injections:
        report.injected[inj.field.name] = report.injected.get(inj.field.name, 0) + 1
        report.skipped.pop(inj.field.name, None)
        placed = report.payloads_placed.setdefault(inj.field.name, set())
        placed.update(i for i, p in enumerate(PAYLOADS) if p.strip() in inj.value)
    return report


def _is_kind_file(kind, rel: str) -> bool:
    return fnmatch.fnmatch(rel, f"*{kind.pattern}") or rel.endswith("/" + kind.pattern)


def _problem_key(prob) -> tuple:
    return (prob.file, prob.field, prob.message[:12])


def _minimal(candidates: list, docs, fails) -> list:
    """The injections among `candidates` (all applied now) that make `fails()` true.

    Reverts them all (if the problem stays, they are not its cause: []), then re-applies
    them half by half: a half after which the problem does not return stays applied, a
    half that brings it back is split again. The culprits are left applied for the caller
    to revert and report."""
    for inj in candidates:
        _revert(docs, inj)
    if fails():
        for inj in candidates:
            _apply(docs, inj)
        return []
    bad: list = []

    def probe(group: list) -> None:
        for inj in group:
            _apply(docs, inj)
        if not fails():
            return
        for inj in group:
            _revert(docs, inj)
        if len(group) == 1:
            bad.append(group[0])
            return
        mid = len(group) // 2
        probe(group[:mid])
        probe(group[mid:])

    probe(candidates)
    for inj in bad:
        _apply(docs, inj)
    return bad


def _nearest(injections: list[Injection], prob, dest: Path) -> list[Injection]:
    """The payloads a problem is about: those at its field, or else in the nearest object
    around it (a rule whose example fails holds the payload in its pattern or message)."""
    mine = [inj for inj in injections if prob.file.endswith(inj.file.relative_to(dest).as_posix())]
    if not prob.field:
        return []
    field_path = prob.field

    def under(w: str, where: str) -> bool:
        return w == where or w.startswith(where + ".") or w.startswith(where + "[") or where.startswith(w + ".")

    hit = [inj for inj in mine if under(_loc_str(inj.loc), field_path)]
    if hit:
        return hit
    # else everything in the enclosing list item (a rule whose example fails: its pattern, words…)
    item = re.match(r"^([^\[]*)\[\d+\]", field_path)
    if item:
        hit = [inj for inj in mine if under(_loc_str(inj.loc), item.group(0))]
        if hit:
            return hit
        # or the file's settings outside that list (a rule file's headings, parts, title line…)
        return [inj for inj in mine if not under(_loc_str(inj.loc), item.group(1))]
    return []


# Files changed since they were last written.
_DIRTY: set[Path] = set()


def _revert(docs, inj: Injection) -> None:
    _DIRTY.add(inj.file)
    data = docs[inj.file][1]
    if inj.new_key:
        _parent(data, inj.loc).pop(inj.value, None)
    else:
        _set(data, inj.loc, inj.original)


def _apply(docs, inj: Injection) -> None:
    _DIRTY.add(inj.file)
    data = docs[inj.file][1]
    if inj.new_key:
        _parent(data, inj.loc)[inj.value] = inj.loc[-1][1]
    else:
        _set(data, inj.loc, inj.value)
