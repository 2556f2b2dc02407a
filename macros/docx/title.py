"""Where a long title breaks (GB/T 9704 7.3.2: 回行时，要做到词意完整，排列对称).

A 2号 title holds 20 characters a line (442.2 pt / 22 pt). A longer title is cut into
the fewest lines that fit, only between words (jieba, with 【slots】, digit runs and the
street's name kept whole), choosing the cut whose lines are closest in length.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..segmenter import private_tokenizer
from . import spec

MAX_CELLS = int(spec.TEXT_WIDTH / 20 / spec.SIZE_TITLE_PT)  # 20
# Never whole on their own, never split from what follows: a line must not end with them.
_NO_END = ("关于", "第")
# Never start a line.
_NO_START = "的、，。；：）》”"
# A line that starts with one of these keeps a phrase whole (…物业费调价 / 网络舆情处置
# 情况的报告, not …物业费 / 调价网络舆情…): such a break is preferred over a more even one.
_GOOD_START = ("关于", "意识形态", "网络舆情")
_GOOD_BREAK = 20.0  # in squared characters: two lines up to 3 characters apart each way

# A slot or a number, with the 第 before and the unit after it: 2026年度, 第【季度】季度.
_ATOMS = re.compile(r"第?(?:【[^【】]+】|[0-9０-９]+)(?:年度|年|月|日|号|季度|次)?")


@lru_cache(maxsize=1)
def _tokenizer():
    # a private dictionary: the search hook's words do not change titles
    return private_tokenizer(
        (
            "意识形态",
            "意识形态工作",
            "意识形态领域",
            "意识形态工作责任制",
            "责任制",
            "党工委",
            "分析研判",
            "上半年",
            "下半年",
            "网络舆情",
        )
    )


def width(text: str) -> float:
    return spec.text_width(text)


def words(title: str, keep: tuple[str, ...] = ()) -> list[str]:
    """The title as a list of pieces that may not be split."""
    pattern = _ATOMS
    if keep:
        pattern = re.compile("|".join([*(re.escape(k) for k in keep if k), _ATOMS.pattern]))
    out: list[str] = []
    last = 0
    for m in pattern.finditer(title):
        if m.start() > last:
            out += _tokenizer().lcut(title[last : m.start()], HMM=False)
        out.append(m.group(0))
        last = m.end()
    if last < len(title):
        out += _tokenizer().lcut(title[last:], HMM=False)
    return out


def title_lines(title: str, keep: tuple[str, ...] = (), max_cells: float = MAX_CELLS) -> list[str]:
    """The title's lines: [title] when it fits on one line."""
    if width(title) <= max_cells:
        return [title]
    pieces = words(title, keep)
    n = len(pieces)
    widths = [width(p) for p in pieces]
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)

    def ok_break(i: int) -> bool:  # a break before pieces[i]
        return pieces[i - 1] not in _NO_END and pieces[i][0] not in _NO_START

    total = prefix[-1]
    for lines in range(2, n + 1):
        target = total / lines
        # best[k][i]: least cost of putting pieces[:i] on k lines, with the cut positions
        best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
        for k in range(1, lines + 1):
            for i in range(1, n + 1):
                if k == lines and i != n:
                    continue
                if i < n and not ok_break(i):
                    continue
                cands = []
                for j in range(i):
                    if (k - 1, j) not in best:
                        continue
                    w = prefix[i] - prefix[j]
                    if w > max_cells:
                        continue
                    cost, cuts = best[(k - 1, j)]
                    bonus = _GOOD_BREAK if j and pieces[j].startswith(_GOOD_START) else 0.0
                    cands.append((cost + (w - target) ** 2 - bonus, [*cuts, i]))
                if cands:
                    best[(k, i)] = min(cands, key=lambda c: c[0])
        if (lines, n) in best:
            cuts = [0, *best[(lines, n)][1]]
            return ["".join(pieces[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
    return [title]  # one word longer than a line: leave it to the word processor
