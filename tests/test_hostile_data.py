"""Data files arrive by pull request: a payload in any string field of any data kind
must reach readers as text. One build of a data copy with payloads in every string
field the data layer accepts (tests/hostile.py, generated from the models), then:
no element, attribute, handler, `javascript:` link or script from data in any page,
in the search index or in the Word files; no Jinja run; in Chromium no dialog and no
handler call on any page, hovering every tooltip from data, searching and checking
a draft."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from conftest import ROOT, run_mkdocs
from hostile import JINJA_RAN, PAYLOADS, VISIBLE_MARK, make_hostile_data, string_fields

MARK = "hostile"
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    report = make_hostile_data(base / "data", ROOT / "data")
    site = base / "site"
    result = run_mkdocs(site, env={"HANDBOOK_DATA": str(base / "data")})
    assert result.returncode == 0, f"build with payloads in the data failed:\n{result.stdout}\n{result.stderr}"
    return report, site, base / "data"


def injected_elements(root) -> list[str]:
    """Everything in a parsed tree that data could only have put there as markup."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag == "hostile-tag":
            found.append("<hostile-tag> element")
        if tag == "script" and MARK in (el.text or ""):
            found.append(f"<script>{(el.text or '')[:60]}")
        for name, value in el.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name == "data-hostile-attr":
                found.append(f"<{tag} {name}>: an attribute list from data was applied")
            elif name.startswith("on") and MARK in value:
                found.append(f"<{tag} {name}={value[:60]!r}>")
            elif name in URL_ATTRS and value.strip().lower().startswith("javascript:"):
                found.append(f"<{tag} {name}={value[:60]!r}>")
    return found


def pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith("assets/")]


# --- the data copy ------------------------------------------------------------------


# Fields that take no payload although their own validation would: the data layer or another
# file's check needs their exact text (a rule's pattern must still mark its examples, a 要点's
# task answers a problem of the annual report, the 纪要's chair is the first attendee). A field
# newly skipped for such a reason fails the test: make its check accept a payload, or add it
# here with the reason.
NEEDED_AS_WRITTEN = {
    "rules:rules.[].pattern",  # the rules' own examples must still pass
    "rules:rules.[].fix.[]",
    "rules:rules.[].examples.flag.[].expect",
    "rules:headings.[].pattern",
    "rules:headings_end",
    "rules:traditional_chars",
    "rules:first_person",
    "rules:parts.[].part",  # each report type's required part has its synonyms here
    "streets:name",  # a name is one line and the street's communities are named after it
    "streets:communities.[]",
    "report_types:types.[].required_parts.[]",
    "samples:meeting.chair",  # the first attendee
    "samples:workplan.groups.[].tasks.[].answers",  # a problem of the previous annual report
}


def test_every_string_field_gets_payloads_or_a_reason(hostile):
    report, _, _ = hostile
    names = {f.name for f in string_fields()}
    assert set(report.injected) | set(report.skipped) == names
    assert not set(report.injected) & set(report.skipped)
    needed = {n for n, why in report.skipped.items() if why.startswith(("数据层拒绝", "其他文件的校验"))}
    assert needed <= NEEDED_AS_WRITTEN, {n: report.skipped[n] for n in needed - NEEDED_AS_WRITTEN}
    # the test is not vacuous: the fields readers see carry every payload somewhere
    assert len(report.injected) >= 120, report.injected
    for name in (
        "glossary:terms.[].definition",
        "phrases:part",
        "phrases:intro",
        "phrases:phrases.[].text",
        "checklists:title",
        "rules:rules.[].message",
        "rules:rules.[].title",
        "samples:opening",
        "samples:meeting.place",
        "samples:meeting.decisions.[].text",
        "samples:problems.[].title",
        "report_types:types.[].name",
        "time_facts:events.[].name",
        "time_facts:formulas.[].items.[]",
        "samples:workplan.goal",
        "samples:workplan.groups.[].tasks.[].title",
    ):
        assert name in report.injected, (name, report.skipped.get(name))
    placed = set().union(*report.payloads_placed.values())
    assert placed == set(range(len(PAYLOADS)))


# --- the built files --------------------------------------------------------------


def test_no_markup_from_data_in_any_page(hostile):
    _, site, _ = hostile
    problems, shown = [], 0
    for path in pages(site):
        text = path.read_text(encoding="utf-8")
        assert JINJA_RAN not in text, f"{path.name}: Jinja in data was run"
        doc = lxml.html.document_fromstring(text)
        problems += [f"{path.relative_to(site)}: {p}" for p in injected_elements(doc)]
        shown += VISIBLE_MARK in doc.text_content()
    assert not problems, "\n".join(problems[:40])
    assert shown >= 10, "payloads should be on the pages as visible text"


def test_no_markup_from_data_in_the_search_index(hostile):
    _, site, _ = hostile
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    problems, shown = [], 0
    for doc in index["docs"]:
        for key in ("title", "text"):
            # Material's search shows these fields with innerHTML
            root = lxml.html.fragment_fromstring(doc.get(key) or "", create_parent="div")
            problems += [f"{doc['location']} {key}: {p}" for p in injected_elements(root)]
            shown += VISIBLE_MARK in root.text_content()
    assert not problems, "\n".join(problems[:40])
    assert shown >= 10


def test_no_markup_from_data_in_the_word_files(hostile):
    _, site, _ = hostile
    files = sorted(site.rglob("*.docx"))
    assert files
    problems, shown = [], 0
    for path in files:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.endswith((".xml", ".rels")):
                    continue
                root = lxml.etree.fromstring(z.read(name))
                problems += [f"{path.name}/{name}: {p}" for p in injected_elements(root)]
                for rel in root.iter("{*}Relationship"):
                    if rel.get("Target", "").strip().lower().startswith("javascript:"):
                        problems.append(f"{path.name}/{name}: javascript: relationship")
                if name == "word/document.xml":
                    shown += MARK in "".join(root.itertext())
    assert not problems, "\n".join(problems[:40])
    assert shown, "payloads should be in the Word files as text"


# --- in Chromium --------------------------------------------------------------------

HOOK = "window.__hits = []; window.hostile = function (n) { window.__hits.push(n); };"


@pytest.fixture(scope="module")
def hostile_url(hostile):
    import functools
    import http.server
    import threading

    from conftest import _QuietHandler

    _, site, _ = hostile
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _watch(page) -> list[str]:
    dialogs: list[str] = []
    page.add_init_script(HOOK)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


@pytest.mark.browser
def test_no_script_runs_on_any_page_even_hovering_tooltips(page, hostile, hostile_url):
    _, site, _ = hostile
    dialogs = _watch(page)
    hovered = 0
    # Bounded: every page with a tooltip from data, and one page of each section (each
    # page shows the nav, whose titles come from data too).
    chosen, sections = [], set()
    for path in pages(site):
        rel = path.relative_to(site).as_posix()
        section = rel.split("/")[0] if "/" in rel else rel
        if section not in sections or re.search(rf'title="[^"]*{MARK}', path.read_text(encoding="utf-8")):
            sections.add(section)
            chosen.append(rel)
    for rel in chosen[:25]:
        page.goto(hostile_url + rel)
        # every tooltip whose text comes from data (Material renders a title as HTML)
        tips = page.locator(f'article [title*="{MARK}"]')
        for i in range(min(tips.count(), 8)):
            tip = tips.nth(i)
            if tip.is_visible():
                tip.hover()
                page.wait_for_timeout(150)
                hovered += 1
        page.mouse.move(0, 0)
        hits = page.evaluate("window.__hits")
        assert not hits and not dialogs, (rel, hits, dialogs)
        assert not page.locator("hostile-tag, [data-hostile-attr]").count(), rel
    assert hovered >= 3, "the glossary terms with hostile definitions should have been hovered"


@pytest.mark.browser
def test_searching_and_checking_show_data_as_text(page, hostile, hostile_url):
    _, _, data = hostile
    dialogs = _watch(page)
    page.goto(hostile_url + "index.html")
    page.keyboard.press("/")
    page.fill("input.md-search__input", "hostile")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.wait_for_timeout(500)
    assert not page.evaluate("window.__hits") and not dialogs
    assert not page.locator(".md-search-result hostile-tag, .md-search-result [data-hostile-attr]").count()

    # a draft that sets off the rules whose message carries payloads, and payloads of its own
    import yaml

    drafts = []
    for path in sorted((data / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", []):
            if MARK in rule.get("message", ""):
                ex = rule["examples"]["flag"][0]
                drafts.append(ex if isinstance(ex, str) else ex["text"])
    assert drafts
    draft = "\n".join([*drafts, *(" ".join(p.split()) for p in PAYLOADS)])
    page.goto(hostile_url + "check/index.html")
    page.wait_for_selector("#checker[data-ready=true]")
    page.fill("#checker-input", draft)
    page.click("#checker-run")
    page.wait_for_selector("#checker-findings li")
    marks = page.locator(".checker-mark")
    for i in range(min(marks.count(), 10)):
        marks.nth(i).hover()
        page.wait_for_timeout(100)
    assert re.search(MARK, page.inner_text("#checker-findings")), "the rule messages with payloads are shown"
    assert not page.evaluate("window.__hits") and not dialogs
    assert not page.locator("hostile-tag, [data-hostile-attr]").count()
