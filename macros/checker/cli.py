"""report-check: check a draft report from the command line with the 在线自查 rules.

    report-check FILE [--year YYYY] [--type TYPE] [--format text|json]

FILE is a .txt, .md or .docx file, or - for standard input; text may be UTF-8 or GB18030.
Exit status: 0 no findings, 1 findings, 2 unreadable input or bad arguments (one line on
standard error, no traceback).

The rules are read from data/ through the loader (validated, examples run) and the compiled
rule set is cached by the data files' fingerprint, so repeated runs start fast.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path

from .engine import Engine

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
    p.add_argument("--type", metavar="TYPE", help="报告类型，如“年度工作情况报告”（默认从标题判断）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
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


def docx_text(source, name: str) -> str:
    """Paragraphs of a .docx in document order (table cells and content controls included),
    one per line; the same walk as the page's reader (assets/javascripts/checker-ui.js)."""
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise Failure("读取 .docx 需要 python-docx：运行 pip install python-docx") from None
    try:
        document = docx.Document(source)
    except Exception:
        raise Failure(f"{name}：无法读取，文件已损坏或不是 Word（.docx）文档") from None
    P, TBL, TR, TC, SDT, SDT_CONTENT = (qn(x) for x in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent"))
    T, TAB, BR, CR, R = (qn(x) for x in ("w:t", "w:tab", "w:br", "w:cr", "w:r"))
    lines: list[str] = []

    def para(p) -> str:
        out = []
        for el in p.iter():
            if el.tag == T:
                out.append(el.text or "")
            elif el.tag in (TAB, BR, CR) and el.getparent() is not None and el.getparent().tag == R:
                out.append("\t" if el.tag == TAB else "\n")
        return "".join(out)

    def block(el) -> None:
        for child in el.iterchildren():
            if child.tag == P:
                lines.append(para(child))
            elif child.tag == TBL:
                for tr in child.iterchildren(TR):
                    for tc in tr.iterchildren(TC):
                        block(tc)
            elif child.tag == SDT:
                for content in child.iterchildren(SDT_CONTENT):
                    block(content)

    block(document.element.body)
    return "\n".join(lines)


def read_input(path: str) -> tuple[str, str]:
    """(text, name shown in messages)."""
    if path == "-":
        name = "标准输入"
        raw = sys.stdin.buffer.read()
        if raw.startswith(b"PK\x03\x04"):
            return docx_text(io.BytesIO(raw), name), name
        return decode(raw, name), name
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
        raw = p.read_bytes()
    except OSError as e:
        raise Failure(f"无法读取 {path}：{e.strerror or e}") from None
    if suffix == ".docx" or raw.startswith(b"PK\x03\x04"):
        return docx_text(io.BytesIO(raw), name), name
    return decode(raw, name), name


# --- arguments ---------------------------------------------------------------------------------


def parse_year(value: str | None) -> int | None:
    if value is None:
        return None
    v = value.strip().removesuffix("年")
    if not v.isascii() or not v.isdigit() or not 1949 <= int(v) <= 2100:
        raise Failure(f"--year 要写四位数的年份，如 2026（收到的是“{value}”）")
    return int(v)


def parse_type(value: str | None, data: dict) -> str | None:
    if value is None:
        return None
    v = value.strip()
    for t in data["types"]:
        if v in (t["id"], t["name"]):
            return t["id"]
    names = "、".join(t["name"] for t in data["types"])
    raise Failure(f"不认识的报告类型“{value}”：可选 {names}")


# --- output -----------------------------------------------------------------------------------


def describe(result, data: dict) -> str:
    src = {"given": "", "title": "（取自标题）", "paragraph": "（取自第一段）", "default": "（未识别出年份，按今年）"}
    out = f"按{result.year}年{src[result.year_source]}"
    if result.type:
        name = next(t["name"] for t in data["types"] if t["id"] == result.type)
        out += f"、{name}" + ("（由标题判断）" if result.type_source == "title" else "")
    else:
        out += "（未指定报告类型，不查结构）"
    return out + "检查"


def render_text(result, data: dict, name: str) -> str:
    lines = []
    for f in result.findings:
        quoted = f"（原文“{f.text}”）" if f.text and f.text not in f.message else ""
        lines.append(f"{name}:{f.line}:{f.column}: {SEVERITY_NAMES[f.severity]} [{f.rule}] {f.message}{quoted}")
        lines.append(f"    建议：{f.suggestion}")
    c = result.counts
    if result.findings:
        lines.append(
            f"共 {len(result.findings)} 处：错误 {c['error']}，存疑 {c['suspect']}，提示 {c['hint']}；"
            f"{describe(result, data)}。"
        )
    else:
        lines.append(f"没有发现问题（{describe(result, data)}）。")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        year = parse_year(args.year)
        text, name = read_input(args.file)
        data = load_rules()
        type_id = parse_type(args.type, data)
        result = Engine(data).check(text, year=year, type_id=type_id)
        if args.format == "json":
            out = json.dumps({"findings": [f.to_dict() for f in result.findings]}, ensure_ascii=False, indent=2) + "\n"
        else:
            out = render_text(result, data, name)
        sys.stdout.write(out)
        sys.stdout.flush()
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
