"""在线填写 (macros/reports/form.py, macros/features/fill.py, assets/javascripts/fill.js).

The form of every template maps each 【slot】 to an input or a computed figure; computed
figures in the page equal render.py's for every sample's data; in Chromium a template is
filled completely, kept over a reload, exported, cleared, imported, downloaded as .docx
(reopened with python-docx: every slot replaced, the build's layout) and checked live.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from macros.docx import build_docx
from macros.docx.build import paragraph_text
from macros.reports import render_blank, render_sample, type_ids
from macros.reports.form import fill_data, form_spec
from macros.reports.render import avg, find_street, minus, pct, plus, span, spirit
from macros.validate import site_data

CJK = re.compile(r"[\u4e00-\u9fff]")
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def site():
    return site_data()


# --- the form, from the templates ----------------------------------------------------------


def test_every_slot_of_every_template_has_its_input(site):
    for type_id in type_ids(site):
        spec = form_spec(site, type_id)
        report = render_blank(site, type_id)
        assert spec["exact"], f"{type_id}: the form misreads the template's slots"
        assert [s["name"] for s in spec["slots"]] == report.slots(), type_id
        fields = {f["key"]: f for f in spec["fields"]}
        for s in spec["slots"]:
            assert s["key"] in fields, (type_id, s)
        for f in spec["fields"]:
            assert CJK.search(f["label"]), f"{type_id}: {f['key']} has no Chinese label: {f['label']!r}"
            assert f["kind"] in ("number", "text", "date", "day", "year", "quarter"), f
        # a value printed several times is one input (年份, 街道名称)
        names = [s["name"] for s in spec["slots"]]
        if names.count("街道名称") > 1:
            assert len({s["key"] for s in spec["slots"] if s["name"] == "街道名称"}) == 1, type_id
        # a computed figure is never an input
        for f in spec["fields"]:
            if re.match(r"(pct|avg|minus|plus)\(", f["key"]):
                assert "derived" in f, (type_id, f["key"])


def test_same_hint_from_different_values_is_different_inputs(site):
    spec = form_spec(site, "annual")
    keys = {s["key"] for s in spec["slots"] if s["name"].startswith("具体表现")}
    assert len(keys) == 3, keys  # the three problems each get their own 具体表现


def test_operands_no_slot_prints_are_inputs(site):
    fields = {f["key"]: f for f in form_spec(site, "annual")["fields"]}
    assert fields["s.party_orgs"]["label"] == "基层党组织数" and "derived" not in fields["s.party_orgs"]
    cover = fields["pct(d.leadership.responsibility_orgs,s.party_orgs)"]
    assert cover["derived"]["fn"] == "pct" and cover["label"] == "责任书覆盖率"


def test_fill_asset_carries_the_build_template_docx(site, built_site):
    import base64

    for type_id in type_ids(site):
        js = (built_site / "assets" / "fill" / f"{type_id}.js").read_text(encoding="utf-8")
        data = json.loads(js.rsplit("] = ", 1)[1].rstrip().rstrip(";"))
        assert base64.b64decode(data["docx"]) == build_docx(render_blank(site, type_id)), type_id
        assert "</script" not in js.lower()
        html = (built_site / "templates" / f"{type_id}.html").read_text(encoding="utf-8")
        assert f'data-fill-type="{type_id}"' in html and f"../assets/fill/{type_id}.js" in html


# --- computed figures: the page and render.py agree ---------------------------------------


def _sample_value(sample, street, key: str):
    if key == "year":
        return sample.year
    if key == "date":
        return sample.date
    if key == "count(s.communities)":
        return len(street.communities)
    root, *rest = re.findall(r"[A-Za-z_]+|\[\d+\]", key)
    if root not in ("d", "s"):
        return None  # a text the writer types (concat(…)[i], title.…): no figure depends on it
    obj = {"d": sample, "s": street}[root]
    for part in rest:
        if obj is None:
            return None
        obj = obj[int(part[1:-1])] if part.startswith("[") else getattr(obj, part, None)
    return obj


def _python_value(site, derived: dict, value_of):
    args = []
    for a in derived["args"]:
        if "const" in a:
            args.append(a["const"])
        elif "derived" in a:
            args.append(_python_value(site, a["derived"], value_of))
        else:
            args.append(value_of(a["key"]))
    if any(x is None for x in args):
        return None
    fn = derived["fn"]
    if fn == "spirit":
        return spirit(site, args[0])
    if fn == "plan_label":
        return site.time_facts.plan_label(args[0])
    if fn == "anniv":
        return site.time_facts.anniversary(derived["id"], args[0])
    return {"pct": pct, "avg": avg, "minus": minus, "plus": plus, "span": span}[fn](*args)


def _as_input(v) -> str:
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def test_computed_figures_match_the_samples(site, page, site_url):
    checked = 0
    for sample in site.samples:
        street = find_street(site, sample.street)
        spec = form_spec(site, sample.type)
        values = {}
        for f in spec["fields"]:
            if "derived" not in f:
                v = _sample_value(sample, street, f["key"])
                if v is not None and not isinstance(v, (list, dict)):
                    values[f["key"]] = _as_input(v)
        page.goto(f"{site_url}templates/{sample.type}.html")
        got = page.evaluate(
            """([type, values]) => {
                const m = document.querySelector(`section.fill[data-fill-type="${type}"]`).handbookFill;
                m.values = values;
                const out = {};
                m.spec.fields.forEach(f => { if (f.derived) out[f.key] = m.display(f.key); });
                return out;
            }""",
            [sample.type, values],
        )
        for f in spec["fields"]:
            if "derived" not in f:
                continue
            want = _python_value(site, f["derived"], lambda k, x=sample, st=street: _sample_value(x, st, k))
            if want is None:
                continue
            assert got[f["key"]] == str(want), (sample.id, f["key"], got[f["key"]], want)
            checked += 1
    assert checked >= 40, checked


def test_percentages_round_half_up_like_render(page, site_url):
    page.goto(f"{site_url}templates/annual.html")
    cases = [(1, 8), (1, 3), (2, 3), (11, 12), (5, 5), (0, 7), (1, 16), (3, 80), (7, 2000)]
    got = page.evaluate(
        """(cases) => {
            const m = document.querySelector("section.fill").handbookFill;
            return cases.map(([a, b]) => m.compute({fn: "pct", args: [{const: a}, {const: b}]}));
        }""",
        cases,
    )
    assert got == [pct(a, b) for a, b in cases]


# --- the whole flow in Chromium -----------------------------------------------------------------


def _fill_everything(page, spec) -> dict:
    """Type a value into every input; returns {key: value typed}."""
    values = {}
    n = 0
    for f in spec["fields"]:
        if "derived" in f:
            continue
        sel = f'[data-key="{f["key"]}"]'
        n += 1
        if f["kind"] == "year":
            page.select_option(sel, "2026")
            v = "2026"
        elif f["kind"] == "quarter":
            page.select_option(sel, "3")
            v = "3"
        elif f["kind"] in ("date", "day"):
            v = "2026-12-18"
            page.fill(sel, v)
        elif f["kind"] == "number":
            v = str(10 + n)
            page.fill(sel, v)
        elif f["key"] == "s.name":
            v = "梧桐巷街道"
            page.fill(sel, v)
        else:
            v = f"第{n}项内容" if f["key"] != "d.opening" else HOSTILE
            page.fill(sel, v)
        values[f["key"]] = v
    return values


def _docx_texts(data: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(data))
    return [paragraph_text(p._p) for p in d.paragraphs]


def test_fill_reload_export_clear_import_download(site, page, site_url, tmp_path):
    spec = fill_data(site, "annual")
    template = render_blank(site, "annual")
    page.on("dialog", lambda d: d.accept())
    page.goto(f"{site_url}templates/annual.html")
    page.click(".fill-toggle")
    assert page.locator(".fill-panel").is_visible()
    assert not page.locator("#doc-template-annual").is_visible()  # the blank text gives way to the form

    typed = _fill_everything(page, spec)
    page.wait_for_timeout(300)
    text = page.evaluate("window.handbookPlainText(document.getElementById('fill-doc-annual'))")
    assert "【" not in text and "】" not in text, re.findall(r"【[^】]*】", text)[:5]
    assert "梧桐巷街道" in text and HOSTILE in text
    # a slot used several times is typed once
    assert text.count("梧桐巷街道") == template.slots().count("街道名称")
    # computed: 责任书覆盖率 from the two numbers typed, as render.py computes it
    orgs, total = typed["d.leadership.responsibility_orgs"], typed["s.party_orgs"]
    assert f"覆盖全街道{pct(int(orgs), int(total))}的基层党组织" in text
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".fill-doc script, .fill-doc img").count() == 0

    # 复制全文 copies the filled text
    page.click(".fill-copy")
    assert page.evaluate("navigator.clipboard.readText()") == text

    # reload: values kept, the form open again
    page.reload()
    assert page.locator(".fill-panel").is_visible()
    assert page.input_value('[data-key="s.name"]') == "梧桐巷街道"
    assert page.input_value('[data-key="d.opening"]') == HOSTILE
    assert page.evaluate("window.handbookPlainText(document.getElementById('fill-doc-annual'))") == text

    # export
    with page.expect_download() as dl:
        page.click(".fill-export")
    exported = tmp_path / dl.value.suggested_filename
    dl.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "handbook-fill" and data["type"] == "annual" and data["year"] == "2026"
    assert data["values"]["s.name"] == "梧桐巷街道"
    assert exported.stat().st_size < 20_000

    # clear
    page.click(".fill-clear")
    assert page.input_value('[data-key="s.name"]') == ""
    assert "【街道名称】" in page.locator(".fill-doc").inner_text()
    page.reload()
    assert page.input_value('[data-key="s.name"]') == ""

    # import: the values come back
    page.set_input_files(".fill-import-file", str(exported))
    page.wait_for_function("document.querySelector('[data-key=\"s.name\"]').value === '梧桐巷街道'")
    assert page.evaluate("window.handbookPlainText(document.getElementById('fill-doc-annual'))") == text
    assert "已导入" in page.locator(".fill-status").inner_text()

    # a file of another type is refused, and nothing is lost
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**data, "type": "briefing", "name": "工作汇报"}), encoding="utf-8")
    page.set_input_files(".fill-import-file", str(other))
    page.wait_for_function("document.querySelector('.fill-status').textContent.includes('没有导入')")
    assert page.input_value('[data-key="s.name"]') == "梧桐巷街道"

    # download Word: the template's file with every control filled
    with page.expect_download() as dl:
        page.click(".fill-word")
    assert dl.value.suggested_filename.endswith(".docx")
    out = Path(tmp_path / "filled.docx")
    dl.value.save_as(out)
    filled = out.read_bytes()
    paras = _docx_texts(filled)
    assert "\n".join(paras) == text  # every slot replaced by its value, exactly the page's text
    assert not any("【" in p or "】" in p for p in paras)
    d = docx.Document(io.BytesIO(filled))
    assert not list(d.element.body.iter(qn("w:sdt")))
    assert not list(d.element.body.iter(qn("w:highlight")))
    assert HOSTILE in paras[1] or any(HOSTILE in p for p in paras)
    # layout unchanged: the same styles paragraph by paragraph, the same section
    blank = docx.Document(io.BytesIO(build_docx(template)))
    assert [p.style.name for p in d.paragraphs] == [p.style.name for p in blank.paragraphs]
    assert d.sections[0]._sectPr.xml == blank.sections[0]._sectPr.xml
    assert d.styles.element.xml == blank.styles.element.xml
    # the filled title fits on one line: no forced break
    assert not d.paragraphs[0]._p.findall(f"{qn('w:r')}/{qn('w:br')}")
    assert d.core_properties.title == paras[0]
    assert page.request_log.external == []


def test_live_checker_flags_a_placeholder_value(page, site_url):
    page.goto(f"{site_url}templates/annual.html")
    page.click(".fill-toggle")
    page.fill('[data-key="s.name"]', "XX街道")
    page.wait_for_function("document.querySelector('.fill-check').textContent.includes('XX')", timeout=5000)
    findings = page.locator(".fill-findings li").all_text_contents()
    assert any("XX" in f for f in findings), findings[:5]
    page.fill('[data-key="s.name"]', "梧桐巷街道")
    page.wait_for_timeout(400)
    assert not any("XX" in f for f in page.locator(".fill-findings li").all_text_contents())


def test_phrase_picker_inserts_a_phrase_with_its_slots(site, page, site_url):
    page.goto(f"{site_url}templates/annual.html")
    page.click(".fill-toggle")
    picker = page.locator('select.fill-phrases[data-for="d.leadership.practices[0]"]')
    options = picker.locator("option").evaluate_all("os => os.map(o => [o.value, o.title])")
    with_slot = [v for v, t in options if v and "【" in t]
    assert with_slot, "no phrase with slots offered for 组织领导"
    pid = with_slot[0]
    phrase = next(p for part in site.phrases for p in part.phrases if p.id == pid)
    picker.select_option(pid)
    area = page.locator('[data-key="d.leadership.practices[0]"]')
    assert area.input_value() == phrase.text
    first = re.search(r"【[^】]+】", phrase.text).group(0)
    assert (
        page.evaluate(
            "(() => { const a = document.activeElement; return a.value.slice(a.selectionStart, a.selectionEnd); })()"
        )
        == first
    )
    # the phrase's own slot stays to fill: the live checker flags it
    page.wait_for_timeout(400)
    assert first in page.locator(".fill-doc").inner_text()


def test_phrase_picker_offers_only_phrases_valid_for_the_year(site, page, site_url):
    from macros.features.phrases import valid_years

    page.goto(f"{site_url}templates/annual.html")
    page.click(".fill-toggle")
    page.select_option('[data-key="year"]', str(site.time_facts.first_year))
    offered = set(page.locator("select.fill-phrases option").evaluate_all("os => os.map(o => o.value)"))
    y = site.time_facts.first_year
    for part in site.phrases:
        for p in part.phrases:
            first, last = valid_years(site, p)
            if (first and y < first) or (last and y > last):
                assert p.id not in offered, p.id


def test_works_from_file_url(built_site, browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for type_id in type_ids(site_data()):
            pg.goto((built_site / "templates" / f"{type_id}.html").as_uri())
            pg.click(".fill-toggle")
            n = len([f for f in form_spec(site_data(), type_id)["fields"] if "derived" not in f])
            assert pg.locator(".fill-form [data-key]").count() == n, type_id
            # one element per block: a paragraph, or a table row (the 要点's 任务分工表)
            blocks = render_blank(site_data(), type_id).all_blocks()
            assert pg.locator(".fill-doc p, .fill-doc tr").count() == len(blocks), type_id
            rows = [b for b in blocks if b.level in ("thead", "row")]
            assert pg.locator(".fill-doc table.report-table tr").count() == len(rows), type_id
            if rows:  # the row copies as its cells joined by tabs, like Report.plain_text()
                copied = pg.evaluate("() => document.querySelector('.fill-doc tbody tr').textContent")
                assert copied == rows[1].text, copied
        assert errors == []
    finally:
        ctx.close()


def test_sample_rendering_still_matches(site):
    """The probes must not change what render.py produces."""
    for s in site.samples:
        assert "【" not in render_sample(site, s).plain_text()
