"""Word files for report-check: read a .docx as the text the checker sees, apply fixes to the
document itself (same paragraphs, runs and formatting; only the fixed characters change), and
add one Word comment (批注) per finding, anchored on the marked text.

The text is the same walk as the page's reader (assets/javascripts/checker-ui.js): paragraphs
in document order (table cells and content controls included), one per line, w:tab as a tab,
w:br and w:cr as a line break. Every character of that text is mapped back to the w:t element
it came from, so a fix or a comment can be placed on the right characters.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

from .engine import LINE_SPLIT, _apply

AUTHOR = "意识形态报告自查"
INITIALS = "自查"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class DocxError(Exception):
    """The file is not a Word document that can be read."""


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


@dataclass
class Segment:
    start: int  # code point offset in the text
    end: int
    kind: str  # "t" (text of a w:t), "sep" (tab, break or paragraph end)
    el: object = None  # the w:t element (kind "t")
    para: int = -1  # index into DocxText.paragraphs


@dataclass
class DocxText:
    document: object
    text: str
    segments: list[Segment] = field(default_factory=list)
    paragraphs: list[tuple] = field(default_factory=list)  # (w:p element, start, end)
    _starts: list[int] | None = None

    def index_at(self, pos: int) -> int:
        """Index of the last segment starting at or before pos (-1 if none)."""
        import bisect

        if self._starts is None:
            self._starts = [g.start for g in self.segments]
        return bisect.bisect_right(self._starts, pos) - 1


def open_document(source, name: str):
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise DocxError("读取 .docx 需要 python-docx：运行 pip install python-docx") from None
    try:
        return docx.Document(source)
    except Exception:
        raise DocxError(f"{name}：无法读取，文件已损坏或不是 Word（.docx）文档") from None


def read(document) -> DocxText:
    """The checked text of a document and where each of its characters comes from."""
    P, TBL, TR, TC, SDT, SDT_CONTENT = (_qn(x) for x in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent"))
    T, TAB, BR, CR, R = (_qn(x) for x in ("w:t", "w:tab", "w:br", "w:cr", "w:r"))
    out = DocxText(document, "")
    parts: list[str] = []
    pos = 0

    def add(s: str, kind: str, el=None) -> None:
        nonlocal pos
        if not s:
            return
        parts.append(s)
        out.segments.append(Segment(pos, pos + len(s), kind, el, len(out.paragraphs)))
        pos += len(s)

    def para(p) -> None:
        if out.paragraphs:
            add("\n", "sep")
        start = pos
        for el in p.iter():
            if el.tag == T:
                add(el.text or "", "t", el)
            elif el.tag in (TAB, BR, CR) and el.getparent() is not None and el.getparent().tag == R:
                add("\t" if el.tag == TAB else "\n", "sep")
        out.paragraphs.append((p, start, pos))

    def block(el) -> None:
        for child in el.iterchildren():
            if child.tag == P:
                para(child)
            elif child.tag == TBL:
                for tr in child.iterchildren(TR):
                    for tc in tr.iterchildren(TC):
                        block(tc)
            elif child.tag == SDT:
                for content in child.iterchildren(SDT_CONTENT):
                    block(content)

    block(document.element.body)
    out.text = "".join(parts)
    return out


def _set_text(t, s: str) -> None:
    t.text = s
    if s != s.strip():
        t.set(XML_SPACE, "preserve")


def _covering(dt: DocxText, s: int, e: int) -> list[Segment] | None:
    """The segments that make up s..e, or None when part of it is not a w:t's text."""
    i = max(dt.index_at(s), 0)
    segs = []
    while i < len(dt.segments) and i >= 0 and dt.segments[i].start < e:
        g = dt.segments[i]
        if g.end > s:
            if g.kind != "t":
                return None
            segs.append(g)
        i += 1
    return segs


def _insertion_point(dt: DocxText, pos: int, forward: bool) -> Segment | None:
    """The w:t to insert at pos into: the one starting there (forward) or the one ending there,
    whichever exists, in that order of preference."""
    i = dt.index_at(pos)
    cands = []
    if 0 <= i < len(dt.segments):
        cands.append(dt.segments[i])  # starts at or before pos
    if 0 <= i - 1 < len(dt.segments):
        cands.append(dt.segments[i - 1])
    starting = [g for g in cands if g.kind == "t" and g.start == pos and g.end > pos]
    ending = [g for g in cands if g.kind == "t" and g.start < pos <= g.end]
    order = starting + ending if forward else ending + starting
    return order[0] if order else None


def _delete_chars(dt: DocxText, s: int, e: int) -> None:
    for g in _covering(dt, s, e) or []:
        txt = g.el.text or ""
        a, b = max(s, g.start) - g.start, min(e, g.end) - g.start
        _set_text(g.el, txt[:a] + txt[b:])


def _join_paragraphs(dt: DocxText, s: int, e: int) -> bool:
    """A fix that removes a line break between paragraphs (and spaces and empty paragraphs around
    it): move the next paragraph's runs to the end of this one. False when s..e is not that."""
    paras = dt.paragraphs
    a = next((i for i, (_p, ps, pe) in enumerate(paras) if ps <= s <= pe), None)
    if a is None:
        return False
    b = next((i for i in range(a + 1, len(paras)) if paras[i][1] <= e <= paras[i][2]), None)
    if b is None:
        return False
    if dt.text[s : paras[a][2]].strip(" \t\u3000") or dt.text[paras[b][1] : e].strip(" \t\u3000"):
        return False
    if any(dt.text[ps:pe].strip(" \t\u3000") for _p, ps, pe in paras[a + 1 : b]):
        return False
    if _covering(dt, s, paras[a][2]) is None or _covering(dt, paras[b][1], e) is None:
        return False  # a tab or a break among the spaces
    removed = _whole_paragraphs(dt, paras[a][2], paras[b][2])
    if not removed:
        return False
    _delete_chars(dt, paras[b][1], e)
    _delete_chars(dt, s, paras[a][2])
    PPR = _qn("w:pPr")
    target = paras[a][0]
    for child in list(paras[b][0]):
        if child.tag != PPR:
            target.append(child)
    for p in removed:
        p.getparent().remove(p)
    return True


def _whole_paragraphs(dt: DocxText, s: int, e: int) -> list | None:
    """For a fix that removes a repeated paragraph (s = end of the paragraph it repeats, e = its
    own end): the w:p elements to remove, or None when s..e is not made of whole paragraphs."""
    ends = {end: i for i, (_p, _start, end) in enumerate(dt.paragraphs)}
    if s not in ends or e not in ends:
        return None
    first, last = ends[s] + 1, ends[e]
    if last < first:
        return None
    SECT = _qn("w:sectPr")
    out = []
    for p, _start, _end in dt.paragraphs[first : last + 1]:
        parent = p.getparent()
        if parent is None or p.find(".//" + SECT) is not None:
            return None
        siblings = [c for c in parent if c.tag == p.tag]
        if len(siblings) <= 1:  # a table cell needs a paragraph
            return None
        out.append(p)
    return out


def apply_to_document(dt: DocxText, findings) -> list:
    """Apply the findings' fixes to the document (from the end, so the offsets stay valid).
    Returns the findings fixed; a fix that is not within the text of the runs (a line break
    inside a paragraph, a field) is left for a person."""
    _fixed, chosen = _apply(dt.text, findings)
    done = []
    for f in reversed(chosen):
        fx = f.fix
        s, e, new = fx["start"], fx["end"], fx["text"]
        old = dt.text[s:e]
        if len(old) == len(new) and _covering(dt, s, e):  # character by character: each stays in its run
            for g in _covering(dt, s, e):
                a, b = max(s, g.start), min(e, g.end)
                txt = g.el.text or ""
                _set_text(g.el, txt[: a - g.start] + new[a - s : b - s] + txt[b - g.start :])
            done.append(f)
            continue
        head_n = 0  # change only what differs: keep the common head and tail where they are
        while head_n < min(len(old), len(new)) and old[head_n] == new[head_n]:
            head_n += 1
        q = 0
        while q < min(len(old), len(new)) - head_n and old[-1 - q] == new[-1 - q]:
            q += 1
        if new or head_n or q:
            s, e, new = s + head_n, e - q, new[head_n : len(new) - q]
        if s == e:  # an insertion: into the run of the character before (or after) it
            g = _insertion_point(dt, s, forward=(head_n == 0))
            if g is None:
                continue
            txt = g.el.text or ""
            _set_text(g.el, txt[: s - g.start] + new + txt[s - g.start :])
            done.append(f)
            continue
        segs = _covering(dt, s, e)
        if segs is None:
            if new == "" and _join_paragraphs(dt, s, e):
                done.append(f)
                continue
            paras = _whole_paragraphs(dt, s, e) if new == "" else None
            if not paras:
                continue
            for p in paras:
                p.getparent().remove(p)
            done.append(f)
            continue
        if not segs:
            continue
        first = segs[0]
        head = first.el.text or ""
        a = s - first.start
        if len(segs) == 1:
            _set_text(first.el, head[:a] + new + head[e - first.start :])
        else:
            _set_text(first.el, head[:a] + new)
            for g in segs[1:]:
                txt = g.el.text or ""
                _set_text(g.el, txt[max(0, e - g.start) :] if e < g.end else "")
        done.append(f)
    done.reverse()
    return done


def fix_document(document, engine, year=None, type_id=None, rounds: int = 5):
    """Apply every fix, check again, until nothing fixable is left: (applied, result of the last check)."""
    dt = read(document)
    res = engine.check(dt.text, year=year, type_id=type_id)
    year, type_id = res.year, res.type
    applied: list = []
    for _ in range(rounds):
        if not any(f.fix for f in res.findings):
            break
        done = apply_to_document(dt, res.findings)
        if not done:
            break
        applied.extend(done)
        dt = read(document)
        res = engine.check(dt.text, year=year, type_id=type_id)
    return applied, res, dt


# --- comments ----------------------------------------------------------------------------------


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in LINE_SPLIT.finditer(text)]


def _split_runs(dt: DocxText, points: set[int]) -> None:
    """Split runs so that every offset in points falls on a run boundary (the runs keep their
    formatting: the second half is a copy of the run with the rest of the text)."""
    R = _qn("w:r")
    RPR = _qn("w:rPr")
    by_el: dict = {}
    for g in dt.segments:
        if g.kind == "t":
            inner = sorted(p - g.start for p in points if g.start < p < g.end)
            if inner:
                by_el[id(g.el)] = (g.el, inner)
    for t, cuts in reversed(list(by_el.values())):  # from the end: later w:t may move to a copy
        r = t.getparent()
        if r is None or r.tag != R:
            continue
        text = t.text or ""
        for cut in reversed(cuts):  # from the end: the first run keeps the head
            idx = list(r).index(t)
            second = copy.deepcopy(r)
            kids = list(second)
            for k, child in enumerate(kids):  # the copy keeps rPr and what comes from t on
                if child.tag != RPR and k < idx:
                    second.remove(child)
            for child in list(r)[idx + 1 :]:  # the original keeps what comes before t
                r.remove(child)
            t2 = second[[c.tag for c in second].index(t.tag)] if second.find(t.tag) is not None else None
            if t2 is None:
                continue
            _set_text(t2, text[cut:])
            _set_text(t, text[:cut])
            text = text[:cut]
            r.addnext(second)


def _run_of(t):
    from docx.text.run import Run

    r = t.getparent()
    return Run(r, None) if r is not None and r.tag == _qn("w:r") else None


def annotate(document, findings, severity_names: dict) -> int:
    """Add one comment per finding, anchored on its marked text (on the whole paragraph when it
    marks none). Returns how many comments were added."""
    dt = read(document)
    starts = _line_starts(dt.text)
    spans = []
    for f in findings:
        base = starts[f.line - 1] if f.line - 1 < len(starts) else 0
        s, e = base + f.column - 1, base + f.end - 1
        if e <= s:  # the whole line
            line_end = starts[f.line] - 1 if f.line < len(starts) else len(dt.text)
            s, e = base, line_end
        spans.append((f, s, e))
    _split_runs(dt, {p for _, s, e in spans for p in (s, e)})
    dt = read(document)
    t_starts = {g.start: g for g in dt.segments if g.kind == "t"}
    t_ends = {g.end: g for g in dt.segments if g.kind == "t"}
    added = 0
    for f, s, e in spans:
        first = t_starts.get(s) or next((g for g in dt.segments if g.kind == "t" and g.start >= s), None)
        last = t_ends.get(e)
        if last is None:
            last = next((g for g in reversed(dt.segments) if g.kind == "t" and g.end <= e), None)
        if first is None or last is None or first.start >= e or last.end <= s:
            continue  # nothing to anchor on (an empty paragraph)
        r1, r2 = _run_of(first.el), _run_of(last.el)
        if r1 is None or r2 is None:
            continue
        body = f"{severity_names.get(f.severity, f.severity)}：{f.message}\n建议：{f.suggestion}"
        document.add_comment([r1, r2], text=body, author=AUTHOR, initials=INITIALS)
        added += 1
    return added


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
