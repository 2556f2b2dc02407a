"""Start a new sample: write data/samples/<id>.yaml with every field its report type needs,
each commented in Chinese, and every value left blank so the file fails validation until
it is filled in.

    python -m macros.scaffold --type annual --street tinglanhu --year 2027 [--id ID] [--quarter N]
    make new-sample TYPE=annual STREET=tinglanhu YEAR=2027 [QUARTER=3] [ID=...]

Nothing here lists fields by hand. The fields come from the model (macros/models/samples.py)
and, for the optional sections, from SECTIONS in macros/reports/types.py. The slot names in
the comments come from rendering the type's blank template with probes in place of BLANK:
each probe remembers which field it stands for, so when a filter turns it into a slot
(`d.theory.group_sessions | n("中心组集中学习次数")`), the slot is recorded against
theory.group_sessions. The slots are therefore exactly those of the “报告模板” page.

Blanks: a required field is left empty (null), which the model rejects; an optional field the
template prints (closing, a plan's deadline) is written as "" so the writer must either fill it
or delete the line — a half-filled file never builds a report with a silently missing part.
"""

from __future__ import annotations

import argparse
import re
import sys
import types as pytypes
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .errors import DataError
from .loader import Record, default_data_dir, load_file, rel_path, schema_comment
from .models.base import ID_PATTERN, SLOT_RE, slot_names
from .models.report_types import ReportType
from .models.samples import CHECKED_KEY, CUMULATIVE, Sample
from .models.streets import Street
from .registry import KINDS
from .reports.render import Blank, Facts, environment, template_name
from .reports.types import OPTIONAL_SECTIONS, QUARTER_CN, SECTIONS, period_label

USAGE = "make new-sample TYPE=报告类型 STREET=街道 YEAR=年份 [QUARTER=季度] [ID=文件名]"

# Slots of a title pattern (data/report_types.yaml) and the sample field that fills each,
# as macros/reports/render.py fills them.
TITLE_FIELDS = {"街道名称": "street", "年份": "year", "季度": "quarter"}

# Values a template takes from elsewhere than the sample: the street's profile, the time facts.
STREET, FACTS = "@street", "@facts"
PREFILLED = ("id", "type", "street", "year", "quarter")

Path_ = tuple[Any, ...]


class ScaffoldError(Exception):
    """A one-line message for the writer, and the exit status."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


# --- what the blank template does with each field --------------------------------------


class _Probe(Blank):
    """A BLANK that knows which data it stands for (one path, or several after concat/pct)."""

    def __new__(cls, *paths: Path_, derived: bool = False) -> _Probe:
        obj = object.__new__(cls)
        obj.paths = paths
        obj.derived = derived
        return obj

    def __getattr__(self, name: str) -> _Probe:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Probe(*(p + (name,) for p in self.paths), derived=self.derived)

    def __getitem__(self, key: Any) -> _Probe:
        return _Probe(*(p + (key,) for p in self.paths), derived=self.derived)

    def __repr__(self) -> str:
        return f"PROBE{self.paths}"


class _FactsProbe:
    """Stands for the template's `f` (render.Facts): every fact is a probe rooted at FACTS."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if callable(getattr(Facts, name, None)):
            return lambda *args, **kwargs: _Probe((FACTS, name))
        return _Probe((FACTS, name))


@dataclass
class TemplateUse:
    """The slots of one type's blank template, by the field that fills them."""

    slots: dict[Path_, list[str]] = field(default_factory=dict)  # a field's value is printed as this slot
    derived: dict[Path_, list[str]] = field(default_factory=dict)  # a slot computed from the field
    counts: dict[Path_, int] = field(default_factory=dict)  # items of a list the template shows
    street: list[str] = field(default_factory=list)  # slots filled from data/streets/<id>.yaml
    computed: list[str] = field(default_factory=list)  # slots computed from data or time facts

    def add(self, table: dict[Path_, list[str]], path: Path_, slot: str) -> None:
        names = table.setdefault(path, [])
        if slot not in names:
            names.append(slot)

    def note(self, value: Any, slot: str) -> None:
        if not isinstance(value, _Probe):
            return
        own = [p for p in value.paths if not str(p[0]).startswith("@")]
        if value.derived or not own:
            bucket = self.street if not value.derived and value.paths[0][0] == STREET else self.computed
            if slot not in bucket:
                bucket.append(slot)
        for p in own:
            self.add(self.derived if value.derived else self.slots, p, slot)

    def count(self, path: Path_, n: int) -> None:
        self.counts[path] = max(self.counts.get(path, 0), n)

    def used(self, path: Path_) -> bool:
        """Whether the template prints the field at `path` (or anything inside it)."""
        n = len(path)
        return any(p[:n] == path for p in (*self.slots, *self.derived, *self.counts))

    def item_slots(self, path: Path_) -> list[str]:
        return self.slots.get(path, [])


def _probing(use: TemplateUse) -> tuple[dict[str, Callable], dict[str, Callable]]:
    """The template filters and functions of macros/reports/render.py, recording into `use`."""
    base = environment()

    def filt(fn: Callable) -> Callable:
        def wrapped(value: Any, *args: Any) -> Any:
            if args and isinstance(args[0], str):
                use.note(value, args[0])
            return fn(value, *args)

        return wrapped

    def probes(args: Iterable[Any]) -> list[Path_]:
        return [p for a in args if isinstance(a, _Probe) for p in a.paths]

    def items(values: Any, n: int) -> Any:
        if not isinstance(values, _Probe):
            return base.globals["items"](values, n)
        for p in values.paths:
            use.count(p, n)
        return [_Probe(*(p + (i,) for p in values.paths), derived=values.derived) for i in range(n)]

    def points(values: Any, hints: list[str]) -> Any:
        if isinstance(values, _Probe):
            paths = values.paths
            if len(paths) > 1 and len(paths) == len(hints):  # points(concat(a, b), [for a, for b])
                pairs = [(p + (0,), h) for p, h in zip(paths, hints, strict=True)]
            else:
                pairs = [(p + (i,), h) for p in paths for i, h in enumerate(hints)]
            for item, hint in pairs:
                use.note(_Probe(item, derived=values.derived), hint)
                use.count(item[:-1], item[-1] + 1)
        return base.globals["points"](values, hints)

    def merge(fn: Callable) -> Callable:  # the values themselves reach the page (concat, span)
        def wrapped(*args: Any) -> Any:
            found = probes(args)
            return _Probe(*found) if found else fn(*args)

        return wrapped

    def compute(fn: Callable) -> Callable:  # a figure computed from the values (pct, avg, …)
        def wrapped(*args: Any) -> Any:
            found = probes(args)
            return _Probe(*found, derived=True) if found else fn(*args)

        return wrapped

    filters = {
        name: filt(fn) for name, fn in base.filters.items() if getattr(fn, "__module__", None) == environment.__module__
    }
    functions: dict[str, Callable] = {}
    for name, fn in base.globals.items():
        if getattr(fn, "__module__", None) != environment.__module__:
            continue
        if name == "items":
            functions[name] = items
        elif name == "points":
            functions[name] = points
        elif name in ("concat", "span"):
            functions[name] = merge(fn)
        else:
            functions[name] = compute(fn)
    return filters, functions


@cache
def template_use(type_id: str, title_pattern: str = "") -> TemplateUse:
    """Render the blank template of `type_id` with probes and return what it did with each field."""
    use = TemplateUse()
    filters, functions = _probing(use)
    env = environment().overlay(cache_size=0)
    env.filters = {**env.filters, **filters}
    env.globals = {**env.globals, **functions}
    context = {
        "title": "",
        "d": _Probe(()),
        "s": _Probe((STREET,)),
        "f": _FactsProbe(),
        "year": _Probe(("year",)),
        "next_year": _Probe(("year",), derived=True),
        "date": _Probe(("date",)),
        "blank": True,
    }
    env.get_template(template_name(type_id)).render(context)
    for slot in slot_names(title_pattern):
        if slot in TITLE_FIELDS:
            use.add(use.slots, (TITLE_FIELDS[slot],), slot)
        elif slot not in use.computed:
            use.computed.append(slot)
    return use


# --- the model's fields ------------------------------------------------------------------


def _strip(tp: Any) -> tuple[Any, bool]:
    """(type without None and Annotated, whether None is allowed)."""
    optional = False
    if get_origin(tp) in (Union, pytypes.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        optional = len(args) < len(get_args(tp))
        tp = args[0] if len(args) == 1 else tp
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp, optional


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _length(info: FieldInfo) -> tuple[int | None, int | None]:
    lo = hi = None
    for m in info.metadata:
        if isinstance(m, annotated_types.MinLen):
            lo = m.min_length
        elif isinstance(m, annotated_types.MaxLen):
            hi = m.max_length
    return lo, hi


def _bounds(info: FieldInfo) -> tuple[Any, Any]:
    lo = hi = None
    for m in info.metadata:
        if isinstance(m, annotated_types.Ge):
            lo = m.ge
        elif isinstance(m, annotated_types.Le):
            hi = m.le
    return lo, hi


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".。；;，, ")
    return text + "。" if text else ""


def _slots(names: Iterable[str]) -> str:
    return "".join(f"【{n}】" for n in names)


def _describe(info: FieldInfo, tp: Any, *, item: bool = False) -> str:
    """The field's description and what to write, in Chinese (`item`: tp is the type of its items)."""
    parts = [_sentence(info.description or "")]
    if tp is int:
        lo, hi = _bounds(info)
        parts.append("填整数。" if lo in (None, 0) else f"填 {lo} 至 {hi} 之间的整数。")
    elif tp is float:
        parts.append("填数字。")
    elif getattr(tp, "__name__", "") == "date":
        parts.append("写成 YYYY-MM-DD。")
    elif get_origin(tp) is Literal:
        parts.append(f"只能填：{'、'.join(map(str, get_args(tp)))}。")
    elif tp is str and not item:
        _, hi = _length(info)
        if hi:
            parts.append(f"不超过 {hi} 个字。")
    if (info.json_schema_extra or {}) == CUMULATIVE:
        parts.append("累计数：不能多于同一街道时期更长的报告中的同一数字。")
    return "".join(parts)


def _usage(use: TemplateUse, path: Path_, *, shown: bool = True) -> str:
    slots, derived = use.slots.get(path, []), use.derived.get(path, [])
    out = ""
    if slots:
        out += f"模板中的{_slots(slots)}。"
    if derived:
        out += f"模板用它算出{_slots(derived)}。"
    if shown and not slots and not derived:
        out += "这类报告的正文不直接引用这一项，但必须填写。"
    return out


# --- writing the file --------------------------------------------------------------------


@dataclass
class _Writer:
    use: TemplateUse
    prefilled: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # extra comment text for top-level fields

    def comment(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + "# " + text)

    def fields(self, model: type[BaseModel], path: Path_) -> list[str]:
        """The fields of `model` (at `path`) that this type's file has."""
        out = []
        for name, info in model.model_fields.items():
            here = (*path, name)
            if not path and name in OPTIONAL_SECTIONS:
                if name not in SECTIONS[self.prefilled["type"]]:
                    continue
            elif (
                not info.is_required()
                and not self.use.used(here)
                and not (not path and name in self.prefilled)
                and not (info.json_schema_extra or {}).get(CHECKED_KEY)
            ):
                continue  # an optional field this type's template never prints nor the cross-checks read
            out.append(name)
        return out

    def model(self, model: type[BaseModel], indent: int, path: Path_) -> None:
        for name in self.fields(model, path):
            self.field(name, model.model_fields[name], indent, (*path, name))

    def field(self, name: str, info: FieldInfo, indent: int, path: Path_) -> None:
        tp, _ = _strip(info.annotation)
        pad = " " * indent
        if len(path) == 1 and (_is_model(tp) or get_origin(tp) is list):
            self.lines.append("")
        if _is_model(tp):
            doc = (tp.__doc__ or "").strip().splitlines()
            self.comment(indent, _sentence(doc[0] if doc else info.description or name))
            self.lines.append(f"{pad}{name}:")
            self.model(tp, indent + 2, path)
            return
        if get_origin(tp) is list:
            self.list(name, info, get_args(tp)[0], indent, path)
            return
        usage = self.notes.get(name) or _usage(self.use, path, shown=len(path) > 1)
        text = _describe(info, tp) + usage
        if name in self.prefilled and len(path) == 1:
            value = self.prefilled[name]
        elif info.is_required():
            value = None
        else:  # optional but printed by the template: fill it in or delete the line
            value = '""'
            text += "可以不写：不写就删去这一行。"
        self.comment(indent, text)
        self.lines.append(f"{pad}{name}:" if value is None else f"{pad}{name}: {value}")

    def list(self, name: str, info: FieldInfo, item: Any, indent: int, path: Path_) -> None:
        item, _ = _strip(item)
        lo, hi = _length(info)
        lo = lo or 1
        n = min(max(self.use.counts.get(path, lo), lo), hi or 99)
        pad = " " * indent
        unit = "项" if _is_model(item) else "条"
        many = f"写 {lo} 至 {hi} {unit}" if hi else f"至少写 {lo} {unit}"
        if _is_model(item):
            fields = "、".join(self.fields(item, (*path, 0)))
            self.comment(indent, f"{_sentence(info.description or name)}{many}，每{unit}包括 {fields}。")
            self.lines.append(f"{pad}{name}:")
            for i in range(n):
                self.comment(indent + 2, f"第 {i + 1} {unit}")
                self.lines.append(f"{pad}  -")
                self.model(item, indent + 4, (*path, i))
            return
        text = _describe(info, item, item=True) + f"{many}，每{unit}写成一行，以“- ”开头。"
        text += _usage(self.use, path, shown=False)  # a list the template prints whole (出席：…)
        self.comment(indent, text)
        self.lines.append(f"{pad}{name}:")
        for i in range(n):
            slots = self.use.item_slots((*path, i))
            self.comment(indent + 2, f"第 {i + 1} {unit}" + (f"：模板中的{_slots(slots)}" if slots else ""))
            self.lines.append(f"{pad}  -")


def report_title(rtype: ReportType, street: Street, year: int, quarter: int | None) -> str:
    values = {"街道名称": street.name, "年份": str(year), "季度": QUARTER_CN.get(quarter or 0, "")}
    title = SLOT_RE.sub(lambda m: values.get(m.group(1)) or m.group(0), rtype.title_pattern)
    return f"{title}（虚构）" if str(year) in title else f"{title}（{period_label(rtype.id, year, quarter)}，虚构）"


def scaffold_text(
    rtype: ReportType,
    street: Street,
    year: int,
    *,
    quarter: int | None = None,
    sample_id: str,
    schema_comment: str,
    street_file: str,
) -> str:
    """The text of a new, blank sample file."""
    use = template_use(rtype.id, rtype.title_pattern)
    prefilled: dict[str, Any] = {"id": sample_id, "type": rtype.id, "street": street.id, "year": year}
    if quarter is not None:
        prefilled["quarter"] = quarter
    w = _Writer(use, prefilled)
    w.notes["id"] = "必须与文件名一致。"
    from_street = list(dict.fromkeys([*use.slots.get(("street",), []), *use.street]))
    w.notes["street"] = f"模板中的{_slots(from_street)}从 {street_file} 自动填入。" if from_street else ""
    w.notes["date"] = _usage(use, ("date",)) + f"这份报告写的是{period_label(rtype.id, year, quarter)}的情况。"
    head = [
        schema_comment,
        f"# 范文数据：{report_title(rtype, street, year, quarter)}。",
        "# 由 make new-sample 生成。把每一项冒号或“- ”后面的空白填上，再运行 .venv/bin/python -m macros.validate，",
        "# 按提示修改，直到全部通过。空着的项校验时都会报错，全部填好之前网站不会生成。",
        "# 每项上面的注释说明这一项的含义；“模板中的【……】”是“报告模板”页面上由这一项填入的位置。",
        "# 叙述写成一行，用全角标点；只写原始数字，占比、平均数等由模板计算。",
    ]
    if use.computed:
        head.append(f"# 模板自动算出、不在本文件中填写的：{_slots(use.computed)}。")
    w.lines.extend([*head, ""])
    w.model(Sample, 0, ())
    return "\n".join(w.lines) + "\n"


# --- the command ---------------------------------------------------------------------------


def _kind(name: str):
    return next(k for k in KINDS if k.name == name)


def _load(name: str, data_dir: Path) -> list[Any]:
    kind = _kind(name)
    out, problems = [], []
    for path in sorted(data_dir.glob(kind.pattern)):
        result = load_file(kind, path, rel_path(path, data_dir.parent), data_dir)
        if isinstance(result, Record):
            out.append(result.obj)
        else:
            problems.extend(result)
    if problems:
        raise ScaffoldError(str(DataError(problems)), 1)
    return out


def _choices(values: Iterable[str]) -> str:
    return "、".join(values)


def create(
    type_id: str,
    street_id: str,
    year: int | str,
    *,
    quarter: int | str | None = None,
    sample_id: str | None = None,
    data_dir: Path | None = None,
) -> Path:
    """Write data/samples/<id>.yaml for a new sample and return its path; ScaffoldError otherwise."""
    data_dir = Path(data_dir or default_data_dir()).resolve()
    (report_types,) = _load("report_types", data_dir) or [None]
    known = [t for t in report_types.types if t.id in SECTIONS] if report_types else []
    rtype = next((t for t in known if t.id == type_id), None)
    if rtype is None:
        what = f"没有报告类型“{type_id}”" if type_id else "没有指定报告类型"
        raise ScaffoldError(f"{what}：TYPE 可选 {_choices(t.id for t in known)}（用法：{USAGE}）")
    streets = _load("streets", data_dir)
    street = next((s for s in streets if s.id == street_id), None)
    if street is None:
        what = f"没有街道“{street_id}”" if street_id else "没有指定街道"
        raise ScaffoldError(f"{what}：STREET 可选 {_choices(s.id for s in streets)}（见 data/streets/）")
    lo, hi = _bounds(Sample.model_fields["year"])
    if not re.fullmatch(r"\d{4}", str(year)) or not lo <= int(year) <= hi:
        raise ScaffoldError(f"年份“{year}”不对：YEAR 写四位数字，在 {lo} 至 {hi} 之间，如 YEAR=2027")
    year = int(year)
    quarter_field = Sample.model_fields["quarter"]
    if template_use(rtype.id).used(("quarter",)):
        qlo, qhi = _bounds(quarter_field)
        if quarter in (None, "") or not re.fullmatch(r"\d", str(quarter)) or not qlo <= int(quarter) <= qhi:
            got = f"“{quarter}”不对" if quarter not in (None, "") else "没有指定季度"
            raise ScaffoldError(f"{rtype.name}按季度写，{got}：QUARTER 填 {qlo} 至 {qhi}，如 QUARTER=3")
        quarter = int(quarter)
    elif quarter not in (None, ""):
        raise ScaffoldError(f"{rtype.name}不按季度写，不要指定 QUARTER（季度只用于研判报告）")
    else:
        quarter = None
    sample_id = sample_id or "-".join([street.id, str(year), *([f"q{quarter}"] if quarter else []), rtype.id])
    if not re.fullmatch(ID_PATTERN, sample_id):
        raise ScaffoldError(
            f"“{sample_id}”不能用作 id：只能用小写英文字母、数字和连字符，如 {street.id}-{year}-{rtype.id}"
        )
    kind = _kind("samples")
    path = data_dir / kind.pattern.replace("*", sample_id)
    rel = rel_path(path, data_dir.parent)
    street_file = rel_path(next(data_dir.glob(_kind("streets").pattern.replace("*", street.id))), data_dir.parent)
    text = scaffold_text(
        rtype,
        street,
        year,
        quarter=quarter,
        sample_id=sample_id,
        schema_comment=schema_comment(kind, path, data_dir),
        street_file=street_file,
    )
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{rel} 已经存在，没有覆盖：换一个 ID=…，或者先删去这个文件", 1) from None
    return path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own messages are English: keep one Chinese line
        print(f"参数不对（{message}）。用法：{USAGE}", file=sys.stderr)
        sys.exit(2)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m macros.scaffold", description="新建一篇范文的数据文件（各项留空待填）")
    parser.add_argument("--type", default="", help="报告类型 id，如 annual")
    parser.add_argument("--street", default="", help="街道 id，如 tinglanhu")
    parser.add_argument("--year", default="", help="报告年份，如 2027")
    parser.add_argument("--quarter", default=None, help="季度 1—4，只用于研判报告")
    parser.add_argument("--id", default=None, help="文件名（不含 .yaml），默认 <街道>-<年份>-<类型>")
    parser.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        path = create(
            args.type.strip(),
            args.street.strip(),
            args.year.strip(),
            quarter=args.quarter.strip() if args.quarter else None,
            sample_id=args.id.strip() if args.id else None,
            data_dir=args.data_dir,
        )
    except ScaffoldError as e:
        print(e, file=sys.stderr)
        return e.code
    data_dir = Path(args.data_dir or default_data_dir()).resolve()
    print(f"已生成 {rel_path(path, data_dir.parent)}：逐项填写后运行 .venv/bin/python -m macros.validate 校验。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
