"""How much report-check and the 在线自查 page will read, and what they say when a draft is
over a limit. One place for both: the CLI imports these, and the page gets them in
REPORT_CHECKER_DATA.limits (macros/checker/site.py). The reasons for each number are in
ARCHITECTURE.md (Checker → Input limits).
"""

from __future__ import annotations

MB = 1024 * 1024

# A file (or standard input) larger than this is not read at all. A long report is under
# 1 MB as text; a .docx with photos can be a few MB.
MAX_INPUT_BYTES = 30 * MB
# Characters of text to check. A long report has 10–30 thousand; this allows a year's worth
# pasted together while keeping one check well under a minute.
MAX_TEXT_CHARS = 3_000_000
# .docx (a zip): parts in the file, their total unpacked size, and how much one part may expand.
MAX_ZIP_MEMBERS = 2000
MAX_UNPACKED_BYTES = 200 * MB
MAX_RATIO = 200  # unpacked / packed, for parts over RATIO_FLOOR unpacked
RATIO_FLOOR = 1 * MB

# Rounds of fixing (--fix, and the page's 全部改正): a fix can uncover another (a space left
# where a line was joined); two rounds suffice on every draft seen, five leave room.
FIX_ROUNDS = 5

MESSAGES = {
    "too_large": "{name}：文件太大（{size}），超过了 {limit} 的上限；请只检查报告正文",
    "too_long": "{name}：文字太长（{count} 字），超过了 {limit} 字的上限；请分成几部分检查",
    "zip_members": "{name}：Word 文件里的部件太多（{count} 个，上限 {limit} 个），不像正常的 .docx 文档",
    "unpacked": "{name}：Word 文件解压后太大（{size}，上限 {limit}），可能是“压缩炸弹”，没有打开",
    "ratio": "{name}：Word 文件中的“{part}”压缩比异常（{ratio} 倍，上限 {limit} 倍），可能是“压缩炸弹”，没有打开",
    "empty": "{name}：没有可检查的文字",
    "stdin_closed": "标准输入已关闭，没有可读的内容：请指定文件，或用管道传入文字，如 cat 草稿.txt | report-check -",
}


def size_text(n: int) -> str:
    """30 MB, 512 KB, 900 字节 — as the messages show sizes."""
    if n >= MB:
        v = n / MB
        return f"{v:.0f} MB" if v >= 10 or v == int(v) else f"{v:.1f} MB"
    if n >= 1024:
        return f"{n // 1024} KB"
    return f"{n} 字节"


def message(key: str, **values) -> str:
    return MESSAGES[key].format(**values)


def for_page() -> dict:
    """The numbers and messages, for the page (REPORT_CHECKER_DATA.limits)."""
    return {
        "max_input_bytes": MAX_INPUT_BYTES,
        "max_text_chars": MAX_TEXT_CHARS,
        "max_zip_members": MAX_ZIP_MEMBERS,
        "max_unpacked_bytes": MAX_UNPACKED_BYTES,
        "max_ratio": MAX_RATIO,
        "ratio_floor": RATIO_FLOOR,
        "fix_rounds": FIX_ROUNDS,
        "messages": dict(MESSAGES),
    }
