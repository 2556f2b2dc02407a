"""术语表: the glossary page (data/glossary.yaml) and the hover/tap definitions
that hooks/glossary.py adds to every page.

`annotate()` wraps glossary terms found in the text of a rendered page in
<abbr class="glossary-term" title="释义">; Material's content.tooltips shows the
title as a tooltip on hover and on focus (tap). It inserts the title as HTML, so
the title is escaped for that layer too (macros.html.tooltip). Only text nodes change: headings,
links, code, buttons, form controls, scripts and existing <abbr> are left alone,
and so are attributes. The text content of the page stays exactly the same, so
copy buttons (which copy textContent) copy the same words as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..html import block, esc, tooltip

GLOSSARY_PAGE = "guide/glossary.md"

# Elements whose text is never annotated.
SKIP_TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "abbr",
        "code",
        "pre",
        "kbd",
        "samp",
        "button",
        "textarea",
        "select",
        "script",
        "style",
        "svg",
        "math",
        "summary",
        "mark",
        "title",
        "template",
        "iframe",
        "object",
        "noscript",
    }
)
# An element with this attribute (and everything inside it) is left alone too.
SKIP_ATTR = "data-no-glossary"
# Headings that start a new section: each term is annotated again at its first
# occurrence in every section, so a reader deep in a long page still finds it.
SECTION_TAGS = frozenset({"h1", "h2"})
VOID_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)


@dataclass(frozen=True)
class Entry:
    term: str  # the glossary headword
    term_id: str
    title: str  # tooltip text (plain text; html.tooltip() escapes it for the title attribute)


class Matcher:
    """All glossary terms and aliases; the longest one wins where several start at one place."""

    def __init__(self, glossary) -> None:
        self.entries: dict[str, Entry] = {}
        for t in glossary.terms:
            self.entries.setdefault(t.term, Entry(t.term, t.id, t.definition))
        for t in glossary.terms:
            for alias in t.aliases:
                # An alias names its headword first, so the tooltip says what it stands for.
                self.entries.setdefault(alias, Entry(t.term, t.id, f"{t.term}：{t.definition}"))
        words = sorted(self.entries, key=lambda w: (-len(w), w))
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None


def wrap_text(text: str, matcher: Matcher, seen: set[str]) -> str:
    """Raw HTML text (entities intact) with the first unseen occurrence of each term wrapped."""
    if matcher.pattern is None:
        return text
    out, last = [], 0
    for m in matcher.pattern.finditer(text):
        entry = matcher.entries[m.group(0)]
        if entry.term_id in seen:
            continue
        seen.add(entry.term_id)
        out.append(text[last : m.start()])
        out.append(
            f'<abbr class="glossary-term" data-term="{esc(entry.term_id)}" tabindex="0" '
            f'title="{tooltip(entry.title)}">{m.group(0)}</abbr>'
        )
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


# Markup in a rendered page, scanned with one regular expression (the page is our own
# Markdown output, so well formed): comments, declarations, and tags whose attribute
# values may hold ">" inside quotes. Text between matches is what gets annotated.
_MARKUP = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>|<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
_RAW_TEXT = frozenset({"script", "style"})  # their content is not markup
_RAW_END = {tag: re.compile(f"</{tag}", re.I) for tag in _RAW_TEXT}
_SKIP_ATTR = re.compile(rf"(?:^|\s){SKIP_ATTR}(?=[\s=/]|$)")


def annotate(page_html: str, matcher: Matcher) -> str:
    """The page's HTML with glossary terms wrapped in <abbr title="释义">."""
    if matcher.pattern is None or not page_html or not matcher.pattern.search(page_html):
        return page_html
    out: list[str] = []
    seen: set[str] = set()
    skips: list[list] = []  # open regions where annotation is off: [tag, nesting depth of that tag]
    pos = 0
    while True:
        m = _MARKUP.search(page_html, pos)
        text = page_html[pos : m.start() if m else len(page_html)]
        if text:
            out.append(text if skips or not text.strip() else wrap_text(text, matcher, seen))
        if m is None:
            return "".join(out)
        out.append(m.group(0))
        pos = m.end()
        closing, tag, attrs = m.group(1), (m.group(2) or "").lower(), m.group(3) or ""
        if not tag:
            continue  # comment, declaration, processing instruction
        if closing:
            for region in skips:
                if region[0] == tag:
                    region[1] -= 1
            skips = [r for r in skips if r[1] > 0]
            continue
        if tag in VOID_TAGS or attrs.rstrip().endswith("/"):
            continue
        for region in skips:
            if region[0] == tag:
                region[1] += 1
        if tag in SECTION_TAGS:
            seen = set()
        if tag in SKIP_TAGS or _SKIP_ATTR.search(attrs):
            skips.append([tag, 1])
        if tag in _RAW_TEXT:  # copy the content up to the closing tag as it is
            close = _RAW_END[tag].search(page_html, pos)
            end = close.start() if close else len(page_html)
            out.append(page_html[pos:end])
            pos = end


# --- the glossary page ------------------------------------------------------------


def glossary_html(site) -> str:
    terms = site.glossary.terms
    names = {t.id: t.term for t in terms}
    items = []
    for t in terms:
        extra = ""
        if t.aliases:
            extra += f'<p class="glossary-aliases">又作：{esc("、".join(t.aliases))}</p>'
        if t.related:
            links = "、".join(f'<a href="#term-{esc(r)}">{esc(names[r])}</a>' for r in t.related)
            extra += f'<p class="glossary-related">相关术语：{links}</p>'
        items.append(
            f'<dt id="term-{esc(t.id)}">{esc(t.term)}'
            f'<a class="headerlink" href="#term-{esc(t.id)}" title="本条的链接">¶</a></dt>'
            f'<dd><p class="glossary-definition">{esc(t.definition)}</p>{extra}</dd>'
        )
    return block(f'<dl class="glossary" data-no-glossary>{"".join(items)}</dl>')


def glossary_count(site) -> int:
    return len(site.glossary.terms)


def register(env, site) -> None:
    env.macro(lambda: glossary_html(site), "glossary_terms")
    env.macro(lambda: glossary_count(site), "glossary_count")


# Cached matcher per loaded data (SiteData is rebuilt when a data file changes).
_matchers: dict[int, tuple[object, Matcher]] = {}


def matcher_for(site) -> Matcher:
    key = id(site)
    cached = _matchers.get(key)
    if cached is None or cached[0] is not site:
        _matchers.clear()
        cached = (site, Matcher(site.glossary))
        _matchers[key] = cached
    return cached[1]
