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
from html.parser import HTMLParser

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


class _Annotator(HTMLParser):
    """Re-emits the HTML unchanged except for glossary terms in eligible text."""

    def __init__(self, matcher: Matcher) -> None:
        super().__init__(convert_charrefs=False)
        self.matcher = matcher
        self.out: list[str] = []
        self.seen: set[str] = set()
        # Open regions where annotation is off: [tag, nesting depth of that tag].
        self.skips: list[list] = []

    # --- tags -----------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in VOID_TAGS:
            return
        for region in self.skips:
            if region[0] == tag:
                region[1] += 1
        if tag in SECTION_TAGS:
            self.seen = set()
        if tag in SKIP_TAGS or any(name == SKIP_ATTR for name, _ in attrs):
            self.skips.append([tag, 1])

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for region in self.skips:
            if region[0] == tag:
                region[1] -= 1
        self.skips = [r for r in self.skips if r[1] > 0]

    # --- text and everything else, verbatim -------------------------------------
    def handle_data(self, data):
        if self.skips or not data.strip():
            self.out.append(data)
        else:
            self.out.append(wrap_text(data, self.matcher, self.seen))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def annotate(page_html: str, matcher: Matcher) -> str:
    """The page's HTML with glossary terms wrapped in <abbr title="释义">."""
    if matcher.pattern is None or not page_html:
        return page_html
    parser = _Annotator(matcher)
    parser.feed(page_html)
    parser.close()
    return "".join(parser.out)


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
