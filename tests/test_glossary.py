"""术语表: the glossary page, and the definitions shown wherever a term appears."""

from __future__ import annotations

import html as htmllib
import re
from types import SimpleNamespace as NS

import lxml.html
import pytest

from macros.features.glossary import SKIP_ATTR, SKIP_TAGS, Matcher, annotate
from macros.validate import site_data

ABBR = re.compile(r'<abbr class="glossary-term" data-term="([^"]+)" tabindex="0" title="([^"]*)">([^<]*)</abbr>')


@pytest.fixture(scope="module")
def glossary():
    return site_data().glossary


@pytest.fixture(scope="module")
def matcher(glossary):
    return Matcher(glossary)


def tiny() -> Matcher:
    return Matcher(
        NS(
            terms=[
                NS(
                    id="yi-gang-shuang-ze",
                    term="一岗双责",
                    definition="班子成员的“双重”责任 <见 A&B>",
                    aliases=[],
                    related=[],
                ),
                NS(id="ysxt", term="意识形态", definition="短词", aliases=["思想领域"], related=[]),
                NS(id="zrz", term="意识形态工作责任制", definition="长词", aliases=[], related=[]),
            ]
        )
    )


def strip(h: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", h))


# --- the annotator ------------------------------------------------------------


def test_first_occurrence_is_wrapped_with_escaped_definition():
    out = annotate("<p>落实一岗双责，再说一岗双责。</p>", tiny())
    found = ABBR.findall(out)
    assert len(found) == 1
    term_id, title, text = found[0]
    assert (term_id, text) == ("yi-gang-shuang-ze", "一岗双责")
    # Material's tooltip inserts the (decoded) title as HTML: it is HTML text of the definition.
    assert htmllib.unescape(htmllib.unescape(title)) == "班子成员的“双重”责任 <见 A&B>"
    assert "<" not in htmllib.unescape(title) and "<见" not in title


def test_longest_term_wins_and_aliases_name_their_headword():
    out = annotate("<p>健全意识形态工作责任制，研判意识形态和思想领域动向。</p>", tiny())
    assert [(t, x) for t, _, x in ABBR.findall(out)] == [("zrz", "意识形态工作责任制"), ("ysxt", "意识形态")]
    out = annotate("<p>关注思想领域动向。</p>", tiny())
    assert ABBR.findall(out)[0][1:] == ("意识形态：短词", "思想领域")


@pytest.mark.parametrize(
    "tag", ["h1", "h2", "h3", "a", "code", "pre", "button", "textarea", "script", "style", "abbr", "summary", "mark"]
)
def test_skipped_elements_are_left_alone(tag):
    src = f'<{tag} title="一岗双责">一岗双责</{tag}>'
    assert annotate(src, tiny()) == src


def test_attributes_and_opt_out_regions_are_left_alone():
    src = f'<p data-x="一岗双责"><img alt="一岗双责"></p><div {SKIP_ATTR}><div>意识形态</div>一岗双责</div>'
    assert annotate(src, tiny()) == src
    # after the opt-out region closes, text is annotated again
    out = annotate(src + "<p>一岗双责</p>", tiny())
    assert out.startswith(src) and len(ABBR.findall(out)) == 1


def test_each_section_gets_its_own_first_occurrence():
    out = annotate("<p>一岗双责</p><p>一岗双责</p><h2>二</h2><p>一岗双责</p>", tiny())
    assert len(ABBR.findall(out)) == 2


def test_text_content_and_markup_are_otherwise_unchanged():
    src = (
        '<!-- 注释 --><p class="x">甲&amp;乙&#12290;<br/>一岗双责<strong>意识形态</strong></p>'
        '<script>var s = "<p>一岗双责</p>";</script><p>尾</p>'
    )
    out = annotate(src, tiny())
    assert strip(out) == strip(src)
    assert re.sub(r"</?abbr[^>]*>", "", out) == src


def test_real_glossary_is_large_and_wraps_its_own_terms(glossary, matcher):
    assert len(glossary.terms) >= 80
    for t in glossary.terms:
        out = annotate(f"<p>这里写到{t.term}。</p>", matcher)
        assert 'class="glossary-term"' in out, t.term


# --- the built site ---------------------------------------------------------------


def test_glossary_page_lists_every_term_with_an_anchor(built_site, glossary):
    html = (built_site / "guide" / "glossary.html").read_text(encoding="utf-8")
    doc = lxml.html.fromstring(html)
    for t in glossary.terms:
        dt = doc.get_element_by_id(f"term-{t.id}")
        assert dt.tag == "dt" and t.term in dt.text_content()
        dd = dt.getnext()
        assert dd.tag == "dd" and t.definition in dd.text_content(), t.id
        for r in t.related:
            assert dd.xpath(f'.//a[@href="#term-{r}"]'), (t.id, r)


def _eligible_text_nodes(article):
    """Text nodes of the page body that the hook may annotate (same rules as the hook)."""

    def skipped(el) -> bool:
        while el is not None and el is not article.getparent():
            if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or el.get(SKIP_ATTR) is not None:
                return True
            el = el.getparent()
        return False

    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and not skipped(el):
            yield el.text
        if el.tail and el.getparent() is not None and not skipped(el.getparent()):
            yield el.tail


def test_terms_in_page_text_carry_their_definition(built_site, glossary, matcher):
    """Wherever a glossary term appears in page text, the page carries its definition."""
    definitions = {t.id: t.definition for t in glossary.terms}
    pages_with_terms = 0
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        if rel.startswith("assets/") or rel == "404.html":
            continue
        doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        articles = doc.xpath('//article[contains(@class, "md-content__inner")]')
        if not articles:
            continue
        article = articles[0]
        wrapped = {}
        for a in article.xpath('.//abbr[contains(@class, "glossary-term")]'):
            wrapped.setdefault(a.get("data-term"), []).append(a)
            assert definitions[a.get("data-term")] in a.get("title"), (rel, a.text)
        found = set()
        for text in _eligible_text_nodes(article):
            for m in matcher.pattern.finditer(text):
                found.add(matcher.entries[m.group(0)].term_id)
        missing = found - set(wrapped)
        assert not missing, (rel, sorted(missing))
        pages_with_terms += bool(wrapped)
    assert pages_with_terms >= 20


def test_guide_pages_show_key_terms(built_site):
    html = (built_site / "guide" / "skeleton.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr class="glossary-term"[^>]*title="[^"]+">一岗双责</abbr>', html)


# --- in the browser ---------------------------------------------------------------


@pytest.mark.browser
def test_definition_shows_on_hover_and_on_focus(page, site_url, glossary):
    page.goto(f"{site_url}guide/skeleton.html")
    abbr = page.locator("article abbr.glossary-term").first
    term_id = abbr.get_attribute("data-term")
    definition = next(t.definition for t in glossary.terms if t.id == term_id)
    abbr.hover()
    tip = page.locator(".md-tooltip2", has_text=definition[:10])
    tip.first.wait_for(state="visible", timeout=5000)
    page.mouse.move(0, 0)
    tip.first.wait_for(state="hidden", timeout=5000)
    second = page.locator("article abbr.glossary-term").nth(1)
    other = next(t.definition for t in glossary.terms if t.id == second.get_attribute("data-term"))
    second.focus()  # keyboard focus; a tap on a touch screen focuses the term the same way
    page.locator(".md-tooltip2", has_text=other[:10]).first.wait_for(state="visible", timeout=5000)
    assert page.request_log.external == []


HOSTILE_DEFINITIONS = [
    '<img src=x onerror="window.__hit=1">',
    "&lt;img src=x onerror=window.__hit=2&gt;",
    "<script>window.__hit=3</script>A&B <见>",
]


@pytest.mark.browser
@pytest.mark.parametrize("definition", HOSTILE_DEFINITIONS)
def test_hostile_definition_shows_as_text_in_the_tooltip(page, site_url, definition):
    """Material puts the title into the tooltip with innerHTML: a definition is still shown as text."""
    from macros.features.glossary import wrap_text

    def swap_title(route):
        html = route.fetch().text()
        hostile = NS(terms=[NS(id="yi-gang-shuang-ze", term="一岗双责", definition=definition, aliases=[], related=[])])
        abbr = wrap_text("一岗双责", Matcher(hostile), set())
        html = re.sub(
            r'<abbr class="glossary-term" data-term="yi-gang-shuang-ze"[^>]*>一岗双责</abbr>', abbr, html, count=1
        )
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route("**/guide/skeleton.html", swap_title)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{site_url}guide/skeleton.html")
    abbr = page.locator('article abbr.glossary-term[data-term="yi-gang-shuang-ze"]').first
    abbr.hover()
    tip = page.locator(".md-tooltip2--active")
    tip.wait_for(state="visible", timeout=5000)
    assert tip.inner_text().strip() == definition
    assert tip.locator("img, script").count() == 0
    assert page.evaluate("window.__hit") is None and dialogs == []
