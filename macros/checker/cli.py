"""report-check: check a draft report from the command line with the 在线自查 rules.

    report-check FILE [--year YYYY] [--date YYYY-MM-DD] [--type TYPE] [--format text|json]
    report-check FILE --fix [-o OUT | --in-place]     # apply the unambiguous fixes
    report-check DRAFT.docx --annotate OUT.docx       # a copy with one Word comment per finding

FILE is a .txt, .md or .docx file, or - for standard input; text may be UTF-8 or GB18030.
Exit status: 0 no findings (or none left after --fix), 1 findings, 2 unreadable input or bad
arguments (one line on standard error, no traceback). What is read is bounded (limits.py).

The rules are read from data/ through the loader (validated, examples run) and the compiled
rule set is cached by the data files' fingerprint, so repeated runs start fast.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import limits
from .engine import LINE_SPLIT, Engine

PROG = "report-check"
SEVERITY_NAMES = {"error": "错误", "suspect": "存疑", "hint": "提示"}
NOT_SUPPORTED = {
    ".doc": "Word 97-2003 文档",
    ".wps": "WPS 文档",
    ".pdf": "PDF",
    ".xls": "Excel 表格",
    ".xlsx": "Excel 表格",
    ".rtf": "RTF 文档",
    ".odt": "OpenDocument 文档",
}


class Failure(Exception):
    """Bad arguments or unreadable input: exit 2 with this one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print usage and its English message
        if "required" in message:
            message = "缺少要检查的文件：report-check FILE（标准输入用 -）"
        elif "unrecognized arguments" in message:
            message = "不认识的参数：" + message.split(":", 1)[1].strip()
        elif "invalid choice" in message:
            message = "--format 只能是 text 或 json"
        elif "not allowed with" in message:
            message = "-o 和 --in-place 只能用一个"
        elif "expected one argument" in message:
            message = message.split(":", 1)[0].replace("argument ", "参数 ") + " 后面缺少取值"
        raise Failure(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="用“在线自查”的规则检查意识形态工作报告草稿。",
        epilog="退出码：0 没有发现问题，1 发现问题，2 文件无法读取或参数有误。",
    )
    p.add_argument("file", metavar="FILE", help=".txt、.md 或 .docx 文件；- 表示从标准输入读取")
    p.add_argument("--year", metavar="YYYY", help="报告年份（默认从标题或第一段识别，识别不出时按今年）")
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="成文日期（默认取文末的日期，或标题所写时段的最后一天）：按这一天判断能否引用某次会议",
    )
    p.add_argument(
        "--type",
        metavar="TYPE",
        help="报告类型：全称，或只属于一种类型的部分名称，如“年度工作情况报告”“述职报告”“纪要”（默认从标题判断）",
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    p.add_argument(
        "--fix",
        action="store_true",
        help="自动改正没有歧义的问题（半角标点、序号写法、重复的词和行等），写出改好的文件，并列出还需要人工处理的问题",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument(
        "-o", "--output", metavar="OUT", help="--fix 的结果写到这个文件（默认写到标准输出；.docx 必须指定）"
    )
    out.add_argument("--in-place", action="store_true", help="--fix 直接改写原文件（默认不改原文件）")
    p.add_argument(
        "--annotate",
        metavar="OUT.docx",
        help="写出一份带批注的 Word 文件：每个问题一条批注，标在出问题的文字上（只用于 .docx）",
    )
    return p


# --- the rule set, cached ---------------------------------------------------------------------


def _data_dir() -> Path:
    # as macros.loader.default_data_dir(), without importing the loader (and pydantic) on a cache hit
    root = Path(__file__).resolve().parent.parent.parent
    return Path(os.environ.get("HANDBOOK_DATA") or root / "data").resolve()


def _fingerprint(data_dir: Path) -> str:
    import hashlib

    here = Path(__file__).resolve().parent
    files = [
        data_dir / "time_facts.yaml",
        data_dir / "report_types.yaml",
        *sorted((data_dir / "rules").glob("*.yaml")),
        *sorted(here.glob("*.py")),
        here.parent / "models" / "rules.py",
        here.parent / "models" / "time_facts.py",
        here.parent / "models" / "report_types.py",
    ]
    h = hashlib.sha256()
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


def _cache_file(key: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "report-check" / f"ruleset-{key}.json"


def load_rules() -> dict:
    data_dir = _data_dir()
    key = _fingerprint(data_dir)
    cache = _cache_file(key)
    if os.environ.get("REPORT_CHECK_NO_CACHE") != "1":
        try:
            return json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    from ..errors import DataError
    from .data import load_ruleset

    try:
        data = load_ruleset(data_dir)
    except DataError as e:
        raise Failure(
            f"规则数据有 {len(e.problems)} 处错误，无法检查；运行 python -m macros.validate 查看详情"
        ) from None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
        for old in cache.parent.glob("ruleset-*.json"):
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # no cache: slower, still right
    return data


# --- reading the input ------------------------------------------------------------------------


def decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise Failure(f"{name}：UTF-16 编码的文字无法解码") from None
    if b"\x00" in raw:
        raise Failure(f"{name}：不是文本文件（只能检查 .txt、.md 或 .docx）")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise Failure(f"{name}：无法识别文字编码（支持 UTF-8 和 GB18030），请另存为 UTF-8 后再试")


def encoding_of(raw: bytes) -> tuple[bytes, str]:
    """(BOM to write back, codec) of a text that decode() read, so --fix writes it back alike."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return b"\xef\xbb\xbf", "utf-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return b"", "utf-16"
    try:
        raw.decode("utf-8")
        return b"", "utf-8"
    except UnicodeDecodeError:
        return b"", "gb18030"


def check_zip(raw: bytes, name: str) -> None:
    """Refuse a .docx whose parts are too many, unpack too large or expand too much (a zip bomb),
    before anything is unpacked. zipfile never reads past a part's declared size, so the sizes
    of the central directory bound the work."""
    import zipfile

    try:
        infos = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Failure(f"{name}：无法读取，文件已损坏或不是 Word（.docx）文档") from None
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise Failure(limits.message("zip_members", name=name, count=len(infos), limit=limits.MAX_ZIP_MEMBERS))
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_UNPACKED_BYTES:
        raise Failure(
            limits.message(
                "unpacked", name=name, size=limits.size_text(total), limit=limits.size_text(limits.MAX_UNPACKED_BYTES)
            )
        )
    for i in infos:
        if i.file_size > limits.RATIO_FLOOR and i.file_size > limits.MAX_RATIO * max(i.compress_size, 1):
            raise Failure(
                limits.message(
                    "ratio",
                    name=name,
                    part=i.filename[:80],
                    ratio=i.file_size // max(i.compress_size, 1),
                    limit=limits.MAX_RATIO,
                )
            )


def open_docx(raw: bytes, name: str):
    from .docxio import DocxError, open_document

    check_zip(raw, name)
    try:
        return open_document(io.BytesIO(raw), name)
    except DocxError as e:
        raise Failure(str(e)) from None


def docx_text(source, name: str) -> str:
    """Paragraphs of a .docx in document order (table cells and content controls included),
    one per line; the same walk as the page's reader (assets/javascripts/checker-ui.js)."""
    from .docxio import read

    raw = source.getvalue() if isinstance(source, io.BytesIO) else Path(source).read_bytes()
    return read(open_docx(raw, name)).text


def _read_limited(stream, name: str) -> bytes:
    raw = stream.read(limits.MAX_INPUT_BYTES + 1)
    if len(raw) > limits.MAX_INPUT_BYTES:
        raise Failure(
            limits.message(
                "too_large",
                name=name,
                size=f"超过 {limits.size_text(limits.MAX_INPUT_BYTES)}",
                limit=limits.size_text(limits.MAX_INPUT_BYTES),
            )
        )
    return raw


@dataclass
class Input:
    text: str
    name: str
    path: Path | None  # None for standard input
    document: object = None  # the python-docx Document of a .docx input
    bom: bytes = b""
    encoding: str = "utf-8"


def read_input(path: str) -> Input:
    if path == "-":
        name = "标准输入"
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise Failure(limits.MESSAGES["stdin_closed"])
        try:
            raw = _read_limited(stream, name)
        except (OSError, ValueError):
            raise Failure(limits.MESSAGES["stdin_closed"]) from None
        src = None
    else:
        p = Path(path)
        name = path
        if not p.exists():
            raise Failure(f"找不到文件：{path}")
        if p.is_dir():
            raise Failure(f"{path} 是文件夹，请指定一个文件")
        suffix = p.suffix.lower()
        if suffix in NOT_SUPPORTED:
            raise Failure(f"{path}：不支持{NOT_SUPPORTED[suffix]}，请另存为 .docx 或 .txt 后再检查")
        try:
            size = p.stat().st_size
            if size > limits.MAX_INPUT_BYTES:
                raise Failure(
                    limits.message(
                        "too_large",
                        name=name,
                        size=limits.size_text(size),
                        limit=limits.size_text(limits.MAX_INPUT_BYTES),
                    )
                )
            with p.open("rb") as f:
                raw = _read_limited(f, name)
        except OSError as e:
            raise Failure(f"无法读取 {path}：{e.strerror or e}") from None
        src = p
    document = None
    if raw.startswith(b"PK\x03\x04") or (src is not None and src.suffix.lower() == ".docx"):
        from .docxio import read

        document = open_docx(raw, name)
        text = read(document).text
        bom, encoding = b"", "utf-8"
    else:
        text = decode(raw, name)
        bom, encoding = encoding_of(raw)
    if len(text) > limits.MAX_TEXT_CHARS:
        raise Failure(limits.message("too_long", name=name, count=len(text), limit=limits.MAX_TEXT_CHARS))
    if not text.lstrip("\ufeff").strip():
        raise Failure(limits.message("empty", name=name))
    return Input(text, name, src, document, bom, encoding)


# --- arguments ---------------------------------------------------------------------------------


def parse_year(value: str | None) -> int | None:
    if value is None:
        return None
    v = value.strip().removesuffix("年")
    if not v.isascii() or not v.isdigit() or not 1949 <= int(v) <= 2100:
        raise Failure(f"--year 要写四位数的年份，如 2026（收到的是“{value}”）")
    return int(v)


def parse_date(value: str | None):
    if value is None:
        return None
    import datetime as _dt

    try:
        return _dt.date.fromisoformat(value.strip())
    except ValueError:
        raise Failure(f"--date 要写成 YYYY-MM-DD，如 2026-12-20（收到的是“{value}”）") from None


def parse_type(value: str | None, data: dict) -> str | None:
    if value is None:
        return None
    v = value.strip()
    for t in data["types"]:
        if v in (t["id"], t["name"]):
            return t["id"]
    # a part of one name is enough (述职报告, 纪要, 要点); a part of several names is not
    partial = [t for t in data["types"] if v and v in t["name"]]
    if len(partial) == 1:
        return partial[0]["id"]
    if partial:
        raise Failure(f"报告类型“{value}”不明确：可以是 {'、'.join(t['name'] for t in partial)}，请写得更完整些")
    names = "、".join(t["name"] for t in data["types"])
    raise Failure(f"不认识的报告类型“{value}”：可选 {names}")


# --- output -----------------------------------------------------------------------------------


def describe(result, data: dict) -> str:
    src = {"given": "", "title": "（取自标题）", "paragraph": "（取自第一段）", "default": "（未识别出年份，按今年）"}
    out = f"按{result.year}年{src[result.year_source]}"
    if result.date:
        y, m, d = (int(x) for x in result.date.split("-"))
        how = {"given": "", "text": "（取自文中的日期）", "period": "（标题所写时段的最后一天）"}
        out += f"、{y}年{m}月{d}日{how.get(result.date_source, '')}"
    if result.type:
        name = next(t["name"] for t in data["types"] if t["id"] == result.type)
        out += f"、{name}" + ("（由标题判断）" if result.type_source == "title" else "")
    else:
        out += "（未指定报告类型，不查结构）"
    return out + "检查"


CONTEXT = 10  # characters of context shown on each side of the marked text


def context(lines: list[str], f) -> str:
    """第N段 plus a short quote of the place: “…前文「标出」后文…”."""
    line = lines[f.line - 1] if f.line - 1 < len(lines) else ""
    s, e = f.column - 1, f.end - 1
    if e <= s:  # the finding is about the whole text
        head = line.strip(" \t\u3000")
        quote = head[: 2 * CONTEXT] + ("…" if len(head) > 2 * CONTEXT else "")
        return f"第{f.paragraph}段“{quote}”"
    before, marked, after = line[max(0, s - CONTEXT) : s], line[s:e], line[e : e + CONTEXT]
    if len(marked) > 2 * CONTEXT:
        marked = marked[:CONTEXT] + "…" + marked[-CONTEXT:]
    pre = "…" if s > CONTEXT else ""
    post = "…" if e + CONTEXT < len(line) else ""
    return f"第{f.paragraph}段“{pre}{before.lstrip()}「{marked}」{after.rstrip()}{post}”"


def render_findings(findings, text: str, name: str) -> list[str]:
    lines = LINE_SPLIT.split(text.lstrip("\ufeff"))
    out = []
    for f in findings:
        out.append(f"{name}:{f.line}:{f.column}: {SEVERITY_NAMES[f.severity]} [{f.rule}] {context(lines, f)}")
        out.append(f"    {f.message}")
        out.append(f"    建议：{f.suggestion}" + ("（--fix 可自动改正）" if f.fix else ""))
    return out


def render_text(result, data: dict, name: str, text: str = "") -> str:
    lines = render_findings(result.findings, text, name)
    c = result.counts
    if result.findings:
        lines.append(
            f"共 {len(result.findings)} 处：错误 {c['error']}，存疑 {c['suspect']}，提示 {c['hint']}；"
            f"{describe(result, data)}。"
        )
    else:
        lines.append(f"没有发现问题（{describe(result, data)}）。")
    lines.extend(f"注意：{n}" for n in result.notices)
    return "\n".join(lines) + "\n"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so a failure leaves no half file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise Failure(f"无法写入 {path}：{e.strerror or e}") from None


def _encode(text: str, inp: Input) -> bytes:
    return inp.bom + text.encode(inp.encoding)


def _fix_report(applied, left, data: dict, name: str, text: str) -> str:
    out = []
    if applied:
        out.append(f"已改正 {len(applied)} 处：")
        kinds = {r["id"]: r["kind"] for r in data["rules"]}
        for f in applied:
            kind = kinds.get(f.rule)
            if kind == "line-join":
                what = f"把下一行接到“{f.text}”后面"
            elif kind in ("doubled-line", "doubled-title"):
                what = f"删去重复的一行“{f.text}”"
            elif f.fix["text"]:
                what = f"“{f.text}” → “{f.fix['text']}”"
            else:
                what = f"删去“{f.text}”"
            out.append(f"  第{f.paragraph}段 [{f.rule}] {what}")
    else:
        out.append("没有可以自动改正的问题。")
    if left.findings:
        out.append(f"还有 {len(left.findings)} 处需要人工处理：")
        out.extend(render_findings(left.findings, text, name))
    else:
        out.append(f"改正后没有发现其他问题（{describe(left, data)}）。")
    return "\n".join(out) + "\n"


def _targets(args, inp: Input) -> tuple[Path | None, Path | None]:
    """(where --fix writes, where --annotate writes); None for standard output."""
    fix_out = annotate_out = None
    if args.fix:
        if args.in_place:
            if inp.path is None:
                raise Failure("--in-place 不能用于标准输入：用 -o 指定输出文件")
            fix_out = inp.path
        elif args.output:
            fix_out = Path(args.output)
            if inp.path is not None and _same_file(inp.path, fix_out):
                raise Failure(f"{args.output} 就是原文件：要改写原文件请用 --in-place，否则换一个输出文件名")
        elif inp.document is not None:
            raise Failure("改正 .docx 要用 -o 指定新文件名（如 -o 草稿-已改正.docx），或用 --in-place 改写原文件")
    elif args.output or args.in_place:
        raise Failure("-o 和 --in-place 只和 --fix 一起用")
    if args.annotate:
        if inp.document is None:
            raise Failure("--annotate 只能用于 .docx 文件（带批注的是 Word 文件）")
        annotate_out = Path(args.annotate)
        if inp.path is not None and _same_file(inp.path, annotate_out):
            raise Failure("--annotate 不能写到原文件上：换一个输出文件名")
        if fix_out is not None and _same_file(fix_out, annotate_out):
            raise Failure("--annotate 和 -o 不能是同一个文件")
    return fix_out, annotate_out


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        year = parse_year(args.year)
        date = parse_date(args.date)
        inp = read_input(args.file)
        fix_out, annotate_out = _targets(args, inp)
        data = load_rules()
        type_id = parse_type(args.type, data)
        engine = Engine(data)
        text, name = inp.text, inp.name
        report = sys.stdout
        if args.fix:
            from . import docxio

            if inp.document is not None:
                applied, result, dt = docxio.fix_document(inp.document, engine, year=year, type_id=type_id)
                text = dt.text
                _write(fix_out, docxio.save(inp.document))
            else:
                fixed = engine.fix_all(text, year=year, type_id=type_id, date=date)
                applied, result, text = fixed.applied, fixed.left, fixed.text
                if fix_out is None:
                    report = sys.stderr  # standard output carries the fixed text
                    sys.stdout.write(text)
                    sys.stdout.flush()
                else:
                    _write(fix_out, _encode(text, inp))
        else:
            result = engine.check(text, year=year, type_id=type_id, date=date)
        if args.format == "json":
            doc = {"findings": [f.to_dict() for f in result.findings]}
            for n in result.notices:  # standard output stays the specified JSON
                print(f"注意：{n}", file=sys.stderr)
            if args.fix:
                doc = {"fixed": [f.to_dict() for f in applied], **doc}
            out = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        elif args.fix:
            out = _fix_report(applied, result, data, name, text)
            if fix_out is not None:
                out += f"改正后的文件：{fix_out}\n"
        else:
            out = render_text(result, data, name, text)
        if annotate_out is not None:
            from . import docxio

            n = docxio.annotate(inp.document, result.findings, SEVERITY_NAMES)
            _write(annotate_out, docxio.save(inp.document))
            if args.format != "json":
                out += f"带批注的文件：{annotate_out}（{n} 条批注）\n"
        report.write(out)
        report.flush()
        return 1 if result.findings else 0
    except Failure as e:
        print(f"{PROG}: 错误：{e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: 已中断", file=sys.stderr)
        return 2
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return 1
    except Exception as e:  # never a traceback
        print(f"{PROG}: 错误：{type(e).__name__}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
