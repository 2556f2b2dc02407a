"""A rendered report as a list of blocks, and the line format the templates emit.

Templates (macros/reports/templates/*.txt.j2) write a small line format:

    # 标题                  the report title (exactly one, first)
    ## 一级标题              heading levels 1–4, written WITHOUT numbers: the
    ### 二级标题             parser numbers them 一、（一）1.（1）, restarting under
    #### 三级标题            each parent, so a sample with fewer items never
    ##### 四级标题           skips a number
    >> 署名或日期            a right-aligned line (发文机关署名, 成文日期)
    :: 出席：姓名、姓名      a 纪要's 出席/请假/列席 line (GB/T 9704 10.3): the label
                            before the first “：” is set in 黑体, and a wrapped line
                            aligns with the first character after the colon
    @@ 附件：附件名称        the 附件说明 under the text (GB/T 9704 7.3.4)
    !! 附件                  the 附件 mark that starts an attachment on a new page
    !# 附件标题              the attachment's title
    || ["序号", "…"]         a table's header row, then its rows as `| [...]`: the cells
    | ["1", "…"]            are a JSON list (one line whatever the cells hold); the
                            copied text of a row is its cells joined by tabs
    正文……                   any other line: body text; consecutive lines are
                            joined (no space) into one paragraph; a blank line
                            ends the paragraph

The result, Report, is what every output uses: the web pages, the copy buttons
(Report.plain_text() is exactly what the whole-report button copies) and the
Word export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..models.base import slot_names, slot_runs

Level = int | str  # 1–4 for headings, or "title", "para", "signature", or one of LINE_MARKS

_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1–99)."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN[ones]
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The GB/T 9704 heading number: 一、 （一） 1. （1）."""
    return {1: f"{cn_number(n)}、", 2: f"（{cn_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


# Line marks of the blocks that are neither headings nor body text, and their levels.
LINE_MARKS = {
    ">>": "signature",  # 发文机关署名、成文日期
    "::": "names",  # 纪要的出席、请假、列席 (label：names)
    "@@": "annex-note",  # 附件说明
    "!!": "annex",  # 附件 mark, on a new page
    "!#": "annex-title",
    "||": "thead",  # table header row
    "|": "row",  # table row
}
TABLE_LEVELS = ("thead", "row")


@dataclass(frozen=True)
class Block:
    level: Level  # 1–4 heading level, "title", "para", or a value of LINE_MARKS
    text: str  # the full text as copied, heading number included
    number: str = ""  # a heading's number prefix, e.g. "（一）"; "" otherwise
    cells: tuple[str, ...] = ()  # a table row's cells ("thead", "row"); text is them joined by tabs

    @property
    def is_heading(self) -> bool:
        return isinstance(self.level, int)

    @property
    def body(self) -> str:
        """Text without the heading number."""
        return self.text[len(self.number) :]

    @property
    def label(self) -> str:
        """A labelled line's label with its colon (“出席：”, “附件：”); "" for other blocks."""
        if self.level not in ("names", "annex-note"):
            return ""
        head, colon, _ = self.text.partition("：")
        return head + colon

    @property
    def slots(self) -> list[str]:
        """Names of the 【slots】 in this block (blank templates only)."""
        return slot_names(self.text)

    def runs(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, is_slot) runs; a slot piece keeps its 【】."""
        return slot_runs(self.text)


@dataclass(frozen=True)
class Report:
    key: str  # sample id, or "template-<type id>" for a blank template
    type_id: str
    title: str
    blocks: tuple[Block, ...]
    sample_id: str | None = None  # None for a blank template
    meta: dict = field(default_factory=dict, compare=False)

    @property
    def blank(self) -> bool:
        return self.sample_id is None

    def all_blocks(self) -> list[Block]:
        """The title as a Block followed by the body blocks."""
        return [Block("title", self.title), *self.blocks]

    def plain_text(self) -> str:
        """Exactly what the page's “复制全文” button puts on the clipboard."""
        return "\n".join(b.text for b in self.all_blocks())

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.level == "para"]

    def slots(self) -> list[str]:
        return [s for b in self.all_blocks() for s in b.slots]


class LayoutError(ValueError):
    """The template's output breaks the line format (a template bug, not a data error)."""


_HEADINGS = {"##": 1, "###": 2, "####": 3, "#####": 4}


def parse(text: str) -> tuple[str, list[Block]]:
    """(title, blocks) from a template's output."""
    title: str | None = None
    blocks: list[Block] = []
    para: list[str] = []
    counters = [0, 0, 0, 0]
    level_now = 0

    def flush() -> None:
        if para:
            blocks.append(Block("para", "".join(para)))
            para.clear()

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            flush()
            continue
        mark, _, rest = line.partition(" ")
        if mark == "#" or mark in _HEADINGS or mark in LINE_MARKS:
            flush()
            rest = rest.strip()
            if not rest:
                raise LayoutError(f"line {n}: “{mark}” with no text")
            if mark == "#":
                if title is not None or blocks:
                    raise LayoutError(f"line {n}: the title must come first, once")
                title = rest
            elif mark in ("||", "|"):
                blocks.append(_row(LINE_MARKS[mark], rest, n, blocks))
            elif mark in LINE_MARKS:
                if mark in ("::", "@@") and "：" not in rest:
                    raise LayoutError(f"line {n}: “{mark}” needs “label：text”")
                blocks.append(Block(LINE_MARKS[mark], rest))
            else:
                level = _HEADINGS[mark]
                if level > level_now + 1:
                    raise LayoutError(f"line {n}: heading level {level} after level {level_now}")
                counters[level - 1] += 1
                for i in range(level, 4):
                    counters[i] = 0
                level_now = level
                number = heading_number(level, counters[level - 1])
                blocks.append(Block(level, number + rest, number))
        else:
            para.append(line)
    flush()
    if title is None:
        raise LayoutError("no title line (“# …”)")
    return title, blocks


def _row(level: str, rest: str, n: int, blocks: list[Block]) -> Block:
    try:
        cells = json.loads(rest)
    except ValueError as e:
        raise LayoutError(f"line {n}: a table row is a JSON list of strings ({e})") from e
    if not isinstance(cells, list) or not cells or not all(isinstance(c, str) for c in cells):
        raise LayoutError(f"line {n}: a table row is a non-empty JSON list of strings")
    prev = blocks[-1] if blocks else None
    if level == "row":
        if prev is None or prev.level not in TABLE_LEVELS:
            raise LayoutError(f"line {n}: a table row needs a header row (“||”) above it")
        if len(cells) != len(prev.cells):
            raise LayoutError(f"line {n}: {len(cells)} cells in a table of {len(prev.cells)} columns")
    return Block(level, "\t".join(cells), cells=tuple(cells))
