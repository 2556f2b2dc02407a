"""Read data files and validate each against its model: parse + validate one file.

The loader knows nothing of what uses the data: cross-file checks register
themselves in macros/crosscheck.py, and macros/validate.py (the validation step
the build, `make lint` and the tests call) runs them after loading. Problems are
returned with file, line, field and fix, so a contributor can correct them all
in one go.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .registry import KINDS, Kind
from .yamlfile import Parsed, parse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_COMMENT = "# yaml-language-server: $schema="
# The largest data file is about 60 KB; 2 MB leaves room for growth and keeps a
# parse at a fraction of a second, so a huge pasted file fails at once.
MAX_FILE_BYTES = 2_000_000
# How much of a wrong value an error message quotes.
ECHO_CHARS = 60


@dataclass
class Record:
    """One validated data file."""

    kind: Kind
    rel: str  # path shown to contributors, e.g. data/phrases/theory-study.yaml
    parsed: Parsed
    obj: Any

    def problem(self, loc: tuple, message: str, fix: str) -> Problem:
        return Problem(self.rel, self.parsed.line_of(loc), format_loc(loc), message, fix)


# Sets that collect what is read while they are open (track_reads): kind names
# (site.<kind>) and (kind, file) pairs (site.one). `mkdocs serve` rebuilds only the pages
# and generated files whose data changed.
_readers: list[set] = []


@contextmanager
def track_reads() -> Iterator[set]:
    """What is read inside the with-block: kind names and (kind, file) pairs."""
    reads: set = set()
    _readers.append(reads)
    try:
        yield reads
    finally:
        _readers.remove(reads)


@dataclass
class SiteData:
    """Every validated data file, by kind. Attribute access returns the model objects."""

    root: Path
    records: dict[str, list[Record]] = field(default_factory=dict)

    def records_of(self, kind: str) -> list[Record]:
        """The records of one kind (file paths and line marks with the objects)."""
        for reads in _readers:
            reads.add(kind)
        return self.records.get(kind, [])

    def one(self, kind: str, match: Callable[[Any], bool]) -> Any:
        """The object of `kind` that matches, read as that one file (not the whole kind):
        a page made from one phrase part is rebuilt only when that part's file changes."""
        for r in self.records.get(kind, []):
            if match(r.obj):
                for reads in _readers:
                    reads.add((kind, r.rel))
                return r.obj
        for reads in _readers:
            reads.add(kind)
        raise LookupError(f"no {kind} matches")

    def __getattr__(self, name: str) -> Any:
        kinds = {k.name: k for k in KINDS}
        if name not in kinds:
            raise AttributeError(name)
        for reads in _readers:
            reads.add(name)
        recs = self.records.get(name, [])
        if kinds[name].many:
            return [r.obj for r in recs]
        return recs[0].obj if recs else None


def format_loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- translating pydantic errors into contributor language -------------------

_TYPE_NAMES = {
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "键值对",
    "model_type": "键值对（字段: 值）",
    "model_attributes_type": "键值对（字段: 值）",
}


def _field_names(model: type[BaseModel]) -> list[str]:
    names: set[str] = set()

    def walk(schema: Any) -> None:
        if isinstance(schema, dict):
            names.update((schema.get("properties") or {}).keys())
            for v in schema.values():
                walk(v)
        elif isinstance(schema, list):
            for v in schema:
                walk(v)

    walk(model.model_json_schema())
    return sorted(names)


def _echo(value: Any) -> str:
    """A wrong value as quoted in a message: its start, and its length when cut."""
    text = str(value)
    if len(text) <= ECHO_CHARS:
        return text
    return f"{text[:ECHO_CHARS]}……（共 {len(text)} 字）"


def _translate(err: dict, kind: Kind) -> tuple[str, str]:
    """(message, fix) in Chinese for one pydantic error."""
    t, loc, raw = err["type"], err["loc"], err.get("input")
    value = _echo(raw)
    name = str(loc[-1]) if loc else ""
    schema = f"data/{kind.schema_file}"
    ctx = err.get("ctx", {})
    if t == "missing":
        return f"缺少必填字段“{name}”", f"补上“{name}”；每个字段的含义见 {schema}"
    if t == "extra_forbidden":
        guess = difflib.get_close_matches(name, _field_names(kind.model), n=1)
        hint = f"是不是想写“{guess[0]}”？" if guess else ""
        return f"不认识的字段“{name}”", f"{hint}请改成正确的字段名或删除；可用字段见 {schema}"
    if raw is None or t == "string_too_short" and raw == "":
        return f"“{name}”还没有填写", f"填写这一项；字段说明见 {schema}"
    if t in _TYPE_NAMES:
        return (
            f"类型不对：这里应填{_TYPE_NAMES[t]}，实际是“{value}”",
            f"把它改成{_TYPE_NAMES[t]}；字段说明见 {schema}",
        )
    if t.startswith("date"):
        return (f"日期“{value}”无效", "按 YYYY-MM-DD 写一个真实存在的日期，如 2025-10-23")
    if t == "string_pattern_mismatch":
        return (f"“{value}”不能用作 id", "id 只能用小写英文字母、数字和连字符，如 theory-study-01")
    if t == "literal_error":
        allowed = err.get("ctx", {}).get("expected", "")
        return f"取值“{value}”不在允许的范围内", f"只能填写以下之一：{allowed}"
    if t == "string_too_long":
        most = ctx.get("max_length")
        return (
            f"内容太长：这里最多 {most} 个字，实际有 {len(str(raw))} 个字（开头是“{str(raw)[:20]}……”）",
            f"删减到 {most} 个字以内；字段说明见 {schema}",
        )
    if t == "too_long":
        most = ctx.get("max_length")
        return (
            f"项数太多：这里最多 {most} 项，实际有 {ctx.get('actual_length', '更多')} 项",
            f"删减到 {most} 项以内；字段说明见 {schema}",
        )
    if t == "too_short":
        need = err.get("ctx", {}).get("min_length", 1)
        return f"内容太少：这里至少要有 {need} 项（或 {need} 个字）", "补足内容；可参照同类文件中的写法"
    if t in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(err.get("ctx", {}).values()), "")
        what = {
            "greater_than_equal": "不能小于",
            "greater_than": "必须大于",
            "less_than_equal": "不能大于",
            "less_than": "必须小于",
        }[t]
        return (
            f"数值 {value} 超出范围：{what} {bound}",
            f"改成符合要求的数（{what} {bound}；次数、人数等计数不会是负数）；字段说明见 {schema}",
        )
    if t in ("value_error", "assertion_error"):
        return err["msg"].removeprefix("Value error, "), f"按提示修改；字段说明见 {schema}"
    return f"{_echo(err['msg'])}（输入：“{value}”）", f"按字段说明修改：{schema}"


# --- loading -----------------------------------------------------------------


def schema_comment(kind: Kind, path: Path, data_dir: Path) -> str:
    target = os.path.relpath(data_dir / kind.schema_file, path.parent)
    return SCHEMA_COMMENT + target.replace(os.sep, "/")


def read_text(path: Path, rel: str) -> str | Problem:
    """A data file's text, or the Problem that stops it being read (size, encoding, BOM)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Problem(
            rel,
            None,
            None,
            f"文件太大（{size / 1_000_000:.1f} MB）：数据文件不能超过 {MAX_FILE_BYTES // 1_000_000} MB",
            "数据文件只放简短的文字和数字：检查是否误粘贴了整篇文章或二进制内容，或把内容拆成几个文件",
        )
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return Problem(
            rel,
            1,
            None,
            "文件开头有 BOM（字节顺序标记，记事本等编辑器另存为“UTF-8”时会加上）",
            "用编辑器把文件另存为“UTF-8（无 BOM）”；VS Code 右下角点“UTF-8 with BOM”→“Save with Encoding”→“UTF-8”",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return Problem(rel, line, None, "文件不是 UTF-8 编码", "用编辑器把文件另存为 UTF-8（无 BOM）")


def load_file(kind: Kind, path: Path, rel: str, data_dir: Path, text: str | None = None) -> Record | list[Problem]:
    """Parse and validate one data file (or `text` as if it were that file)."""
    if text is None:
        text = read_text(path, rel)
        if isinstance(text, Problem):
            return [text]
    if not text.strip():
        return [Problem(rel, 1, None, "文件是空的", f"写入{kind.title}内容（可参照同类文件），或者删除这个文件")]
    expected = schema_comment(kind, path, data_dir)
    if text.splitlines()[0].strip() != expected:
        return [
            Problem(
                rel,
                1,
                None,
                "第一行缺少指向数据结构说明（schema）的注释，编辑器无法提示字段",
                f"把第一行写成：{expected}",
            )
        ]
    parsed = parse(text, rel)
    if isinstance(parsed, Problem):
        return [parsed]
    if parsed.data is None:
        return [
            Problem(rel, 1, None, "文件只有注释，没有内容", f"写入{kind.title}内容（可参照同类文件），或者删除这个文件")
        ]
    try:
        obj = kind.model.model_validate(parsed.data)
    except ValidationError as e:
        out = []
        errors = _pair_typos(e.errors())
        for err in errors:
            if err["type"] == "typo":
                message = f"字段名“{err['loc'][-1]}”拼错了：这一层缺少必填字段“{err['missing']}”"
                fix = f"把“{err['loc'][-1]}”改成“{err['missing']}”"
            else:
                message, fix = _translate(err, kind)
            out.append(Problem(rel, parsed.line_of(err["loc"]), format_loc(err["loc"]) or None, message, fix))
        return out
    return Record(kind, rel, parsed, obj)


def _pair_typos(errors: list[dict]) -> list[dict]:
    """Report a misspelt required field once: an unknown key next to a missing
    field it closely resembles becomes one 'typo' error at the key's line."""
    missing = {(e["loc"][:-1], str(e["loc"][-1])): e for e in errors if e["type"] == "missing" and e["loc"]}
    out, used = [], set()
    for e in errors:
        if e["type"] == "extra_forbidden" and e["loc"]:
            parent, name = e["loc"][:-1], str(e["loc"][-1])
            names = [m for (p, m) in missing if p == parent and (p, m) not in used]
            guess = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            if guess:
                used.add((parent, guess[0]))
                out.append({**e, "type": "typo", "missing": guess[0]})
                continue
        out.append(e)
    return [e for e in out if not (e["type"] == "missing" and (e["loc"][:-1], str(e["loc"][-1])) in used)]


def files_of(data_dir: Path, kind: Kind) -> list[Path]:
    return sorted(data_dir.glob(kind.pattern))


def unknown_files(data_dir: Path, root: Path) -> Iterator[Problem]:
    known = {p for k in KINDS for p in files_of(data_dir, k)}
    for p in sorted(data_dir.rglob("*")):
        if p.is_dir() or p.suffix == ".json" or p.name.startswith(".") or p.name == "README.md":
            continue
        if p not in known:
            patterns = "、".join(f"data/{k.pattern}" for k in KINDS)
            yield Problem(
                rel_path(p, root),
                None,
                None,
                "这个文件不属于任何一类数据，不会被网站使用",
                f"把它移到正确的位置并使用 .yaml 扩展名（可用位置：{patterns}），或者删除它",
            )


def rel_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def default_data_dir() -> Path:
    """data/ of the project; HANDBOOK_DATA points elsewhere (used by the tests' bad-data fixtures)."""
    return Path(os.environ.get("HANDBOOK_DATA") or PROJECT_ROOT / "data").resolve()


# path -> ((path, size, mtime_ns), result): results of files that did not change since
FileCache = dict[str, tuple[tuple, "Record | list[Problem]"]]


def stamp(path: Path) -> tuple:
    st = path.stat()
    return (str(path), st.st_size, st.st_mtime_ns)


def load_kinds(data_dir: Path, kinds: list[Kind], cache: FileCache | None = None) -> tuple[SiteData, list[Problem]]:
    """Load and validate the files of the given kinds; return the data and every per-file problem.

    With `cache`, a file whose size and mtime are unchanged is not read again."""
    root = data_dir.parent
    site = SiteData(root=data_dir)
    problems: list[Problem] = []
    cache = {} if cache is None else cache
    for kind in kinds:
        paths = files_of(data_dir, kind)
        if not paths:
            problems.append(
                Problem(
                    f"data/{kind.pattern}",
                    None,
                    None,
                    f"缺少{kind.title}数据文件",
                    "从版本库恢复该文件；网站的这一部分离不开它",
                )
            )
        records = []
        for path in paths:
            key, hit = stamp(path), cache.get(str(path))
            if hit and hit[0] == key:
                result = hit[1]
            else:
                result = load_file(kind, path, rel_path(path, root), data_dir)
                cache[str(path)] = (key, result)
            if isinstance(result, Record):
                records.append(result)
            else:
                problems.extend(result)
        site.records[kind.name] = records
    return site, problems
