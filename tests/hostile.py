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

import shutil
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from macros.errors import DataError
from macros.loader import format_loc, load_site_data
from macros.registry import KINDS
from macros.yamlfile import parse

# What a handler from data would do: tests define hostile() on the page and count calls.
# Each payload is distinct, so a finding says which layer let it through.
PAYLOADS = [
    '<img src=x onerror="hostile(1)">',
    "<script>hostile(2)</script><hostile-tag>",
    "*强调*{ data-hostile-attr=3 onmouseover=hostile(3) }",
    "{ onclick=hostile(4) data-hostile-attr=4 }",
    "[链接](javascript:hostile(5)) ![图](x){ onerror=hostile(5) }",
    '<a href="javascript:hostile(6)">点</a>',
    "{{ 'hostile' ~ '-jinja' }}{% if 1 %}hostile{{ '-' }}jinja{% endif %}{% endraw %}{# #}",
    '" onmouseover="hostile(8)" x="',
    "' onfocus='hostile(9)' autofocus x='",
    "&lt;img src=x onerror=hostile(10)&gt;&amp;lt;hostile-tag&amp;gt;",
    "</title></textarea></script><script>hostile(11)</script><!--",
    "javascript:hostile(12)",
    # Material's tooltip (a title rendered as HTML) and abbreviation syntax (*[term]: …).
    '[提示](#x "<img src=x onerror=hostile(13)>")\n\n*[街道]: <img src=x onerror=hostile(13)>\n\n',
]
# Text any displayed payload leaves visible, to show a payload reached a page as text.
VISIBLE_MARK = "<hostile-tag>"
JINJA_RAN = "hostile-jinja"


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
    elif step == "{key}" and isinstance(data, dict):
        for k in list(data):
            if isinstance(k, str):
                yield (*loc, ("key", k))
    elif isinstance(data, dict):
        if step in data:
            yield from _instances(data[step], rest, (*loc, step))
        elif not rest:
            yield (*loc, ("absent", step))  # an optional field not written: it can take a payload too


def _get(data, loc):
    for part in loc[:-1]:
        data = data[part]
    last = loc[-1]
    if isinstance(last, tuple):
        return data, last
    return data, last


def _set(data, loc, value):
    parent, last = _get(data, loc)
    if isinstance(last, tuple) and last[0] == "key":
        old = last[1]
        items = list(parent.items())
        parent.clear()
        for k, v in items:
            parent[value if k == old else k] = v
    elif isinstance(last, tuple):  # absent
        if value is None:
            parent.pop(last[1], None)
        else:
            parent[last[1]] = value
    else:
        parent[last] = value


def _value(data, loc):
    parent, last = _get(data, loc)
    if isinstance(last, tuple):
        return last[1] if last[0] == "key" else None
    return parent[last]


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
    key_now: str | None = None  # for dict keys: the key as it now reads


@dataclass
class Report:
    injected: dict[str, int] = field(default_factory=dict)  # field name -> occurrences with payloads
    skipped: dict[str, str] = field(default_factory=dict)  # field name -> why it takes none
    payloads_placed: dict[str, set[int]] = field(default_factory=dict)  # field name -> payload indexes


def _accepts(adapter: TypeAdapter, value: str) -> bool:
    try:
        adapter.validate_python(value)
        return True
    except ValidationError:
        return False


# Occurrences per file that get payloads (bounded work: the first few in each file).
PER_FILE = 3


def make_hostile_data(dest: Path, source: Path) -> Report:
    shutil.copytree(source, dest)
    fields = string_fields()
    report = Report()
    docs: dict[Path, tuple[str, Any]] = {}
    for kind in KINDS:
        for path in sorted(dest.glob(kind.pattern)):
            text = path.read_text(encoding="utf-8")
            docs[path] = (text.splitlines()[0], parse(text, path.name).data)

    injections: list[Injection] = []
    reasons: dict[str, str] = {}
    for f in fields:
        kind = next(k for k in KINDS if k.name == f.kind)
        adapter = TypeAdapter(f.annotation)
        if not any(_accepts(adapter, p) for p in PAYLOADS):
            report.skipped[f.name] = "字段自身的校验不接受任何载荷（id、日期、枚举、长度）"
            continue
        placed = False
        for path in sorted(dest.glob(kind.pattern)):
            data = docs[path][1]
            locs = list(_instances(data, f.path))[:PER_FILE]
            locs = [loc for loc in locs if not (isinstance(loc[-1], tuple) and loc[-1][0] == "absent")] or locs[:1]
            for i, loc in enumerate(locs):
                original = _value(data, loc)
                # spread the payloads over the occurrences; each keeps the payloads it can take
                mine = PAYLOADS[i :: len(locs)]
                for candidate in ((original or "") + " " + "".join(mine), "".join(mine)):
                    if _accepts(adapter, candidate.strip()):
                        value = candidate.strip()
                        break
                else:
                    fitting = [p for p in mine if _accepts(adapter, p)]
                    if not fitting:
                        continue
                    value = fitting[0] if len(fitting) == 1 else fitting[0]
                if isinstance(loc[-1], tuple) and loc[-1][0] == "key" and value in _parent_keys(data, loc):
                    continue
                _set(data, loc, value)
                inj = Injection(f, path, loc, original, value)
                if isinstance(loc[-1], tuple) and loc[-1][0] == "key":
                    inj.key_now = value
                    inj.loc = (*loc[:-1], ("key", value))
                try:  # the file's model (with its validators) must still accept it
                    kind.model.model_validate(data)
                except ValidationError as e:
                    _revert(docs, inj)
                    reasons.setdefault(f.name, f"模型校验拒绝：{e.errors()[0]['msg']}")
                    continue
                injections.append(inj)
                placed = True
        if not placed:
            report.skipped[f.name] = reasons.get(f.name, "数据中没有这个字段，也无法补上")

    def write():
        for path, (first, data) in docs.items():
            body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
            path.write_text(first + "\n" + body, encoding="utf-8")

    # Keep only what the loader accepts: revert what it refuses, and say why.
    for _ in range(50):
        write()
        try:
            load_site_data(dest)
            break
        except DataError as e:
            problems = e.problems
        reverted = 0
        for prob in problems:
            hit = [inj for inj in injections if _matches(inj, prob, dest)]
            if not hit:
                hit = [inj for inj in injections if prob.file.endswith(inj.file.relative_to(dest).as_posix())]
            for inj in hit:
                _revert(docs, inj)
                injections.remove(inj)
                report.skipped.setdefault(inj.field.name, f"数据层拒绝：{prob.message}")
                reverted += 1
        if not reverted:
            raise AssertionError("hostile data refused where no payload was put:\n" + "\n".join(p.render() for p in problems))
    else:
        raise AssertionError("hostile data still refused after 50 rounds")

    for inj in injections:
        report.injected[inj.field.name] = report.injected.get(inj.field.name, 0) + 1
        report.skipped.pop(inj.field.name, None)
        placed = report.payloads_placed.setdefault(inj.field.name, set())
        placed.update(i for i, p in enumerate(PAYLOADS) if p.strip() in inj.value)
    return report


def _parent_keys(data, loc):
    parent, _ = _get(data, loc)
    return set(parent)


def _matches(inj: Injection, prob, dest: Path) -> bool:
    rel = inj.file.relative_to(dest).as_posix()
    if not prob.file.endswith(rel):
        return False
    if not prob.field:
        return True
    where = _loc_str(inj.loc)
    return where == prob.field or where.startswith(prob.field + ".") or where.startswith(prob.field + "[") or (
        prob.field.startswith(where)
    )


def _revert(docs, inj: Injection) -> None:
    data = docs[inj.file][1]
    _set(data, inj.loc, inj.original)
