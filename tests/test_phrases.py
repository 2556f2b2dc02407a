"""表述库: counts, quality gates, and the page behaviour a user relies on."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from macros.features.phrases import valid_years
from macros.similarity import THRESHOLD, near_duplicates
from macros.validate import site_data

PARTS = [
    "开头与总体评价",
    "过渡与承接",
    "组织领导与责任制",
    "理论学习",
    "宣传与舆论引导",
    "网络意识形态与舆情",
    "阵地管理",
    "精神文明与文明实践",
    "风险防范化解",
    "存在问题",
    "原因分析",
    "下一步打算",
    "述职专用（第一人称、自我批评）",
    "结尾",
    "工作要点专用（指导思想、重点任务、保障措施）",
    "会议纪要专用（会议概况、会议意见、议定事项）",
]


@pytest.fixture(scope="module")
def site():
    return site_data()


def all_phrases(site):
    return [(part, p) for part in site.phrases for p in part.phrases]


def test_every_part_is_there_with_enough_phrases(site):
    counts = {part.part: len(part.phrases) for part in site.phrases}
    assert sorted(counts) == sorted(PARTS)
    assert all(n >= 30 for n in counts.values()), counts
    assert sum(counts.values()) >= 600, sum(counts.values())


def test_no_near_duplicates(site):
    # THRESHOLD and its justification: macros/similarity.py
    pairs = near_duplicates([(p.id, p.text) for _, p in all_phrases(site)], THRESHOLD)
    assert not pairs, pairs[:10]


def test_similarity_catches_a_reworded_copy():
    """The gate is not vacuous: one swapped word still counts as a duplicate."""
    a = "坚持把理论学习中心组学习作为加强班子思想政治建设的重要抓手，全年围绕重点专题开展集中学习。"
    b = "坚持把理论学习中心组学习作为加强班子思想政治建设的关键抓手，全年围绕重点专题开展集中学习。"
    assert near_duplicates([("a", a), ("b", b)])


HALF_WIDTH = re.compile(r"[,;:?!()\"]")
PLACEHOLDER = re.compile(r"[XxＸ]{2}|\*\*|＊＊|某某|×{2}")


def test_phrase_text_is_clean(site):
    for _, p in all_phrases(site):
        assert not HALF_WIDTH.search(p.text), (p.id, p.text)
        assert not PLACEHOLDER.search(p.text), (p.id, p.text)
        assert "总书记新时代" not in p.text, p.id


def test_functions_spread_and_years_come_from_time_facts(site):
    functions = Counter(p.function for _, p in all_phrases(site))
    assert len(functions) >= 8, functions
    expired = [p for _, p in all_phrases(site) if (valid_years(site, p)[1] or 9999) < 2026]
    current = [p for _, p in all_phrases(site) if valid_years(site, p)[0] == 2026]
    assert expired and current, "the year filter needs phrases on both sides of 2026"


# A plan says what will be done: no 已…, no 取得了/完成了 (了解、为了、除了 are not aspect markers).
PAST = re.compile(r"已|(?<![为除])了(?!解)|累计|圆满|显著")


def test_work_plan_phrases_plan_and_do_not_report(site):
    part = next(pt for pt in site.phrases if pt.slug == "work-plan")
    assert len(part.phrases) >= 30
    for p in part.phrases:
        assert not PAST.search(p.text), (p.id, p.text)
        assert "工作要点" in p.tags, p.id
    functions = {p.function for p in part.phrases}
    assert {"指导思想", "重点任务", "保障措施"} <= functions, functions
    # tasks name who leads and by when, as a 要点 assigns them
    assert sum("牵头单位" in p.text for p in part.phrases if p.function == "重点任务") >= 5


def test_past_tense_check_is_not_vacuous():
    for text in ("全年已开展宣讲20场。", "取得了明显成效。", "累计培训网评员80人次。"):
        assert PAST.search(text), text
    assert not PAST.search("要深入了解群众诉求，为了把工作做实，年内开展宣讲。")


def test_minutes_phrases_speak_as_the_meeting(site):
    part = next(pt for pt in site.phrases if pt.slug == "meeting-minutes")
    assert len(part.phrases) >= 30
    assert all("会议纪要" in p.tags for p in part.phrases)
    by_fn = {}
    for p in part.phrases:
        by_fn.setdefault(p.function, []).append(p)
    assert {"会议概况", "会议意见", "议定事项", "责任分工"} <= set(by_fn), set(by_fn)
    # 会议意见 and 议定事项 have the meeting as their subject
    for p in by_fn["会议意见"] + by_fn["议定事项"]:
        assert p.text.startswith("会议"), (p.id, p.text)
    leads = {p.text[:4] for p in by_fn["会议意见"]}
    assert {"会议指出", "会议强调", "会议要求", "会议明确"} <= leads, leads


def test_every_report_type_has_phrases_tagged_for_it(site):
    tags = {t for part in site.phrases for p in part.phrases for t in p.tags}
    for t in site.report_types.types:
        assert t.phrase_tag in tags, (t.id, t.phrase_tag)
    incident = [p for part in site.phrases for p in part.phrases if "舆情处置报告" in p.tags]
    assert len(incident) >= 10
    assert {"做法", "问题", "措施"} <= {p.function for p in incident}


def test_a_type_tag_nobody_uses_fails_the_build(site):
    import dataclasses

    from macros.crosscheck import _phrase_tags
    from macros.loader import SiteData

    assert list(_phrase_tags(site)) == []
    (rec,) = site.records["report_types"]
    types = [t.model_copy(update={"phrase_tag": "年度总结报告"}) if i == 1 else t for i, t in enumerate(rec.obj.types)]
    typo = dataclasses.replace(rec, obj=rec.obj.model_copy(update={"types": types}))
    problems = list(_phrase_tags(SiteData(root=site.root, records={**site.records, "report_types": [typo]})))
    assert len(problems) == 1 and "年度总结报告" in problems[0].message, problems
    assert problems[0].field == "types[1].phrase_tag" and problems[0].line, problems[0]


def test_templates_offer_the_phrases_of_their_type(site):
    from macros.reports.form import fill_data

    for type_id, slug in (("work-plan", "work-plan"), ("meeting-minutes", "meeting-minutes")):
        spec = fill_data(site, type_id)
        offered = {f["key"]: f.get("phrases") for f in spec["fields"]}
        assert offered["d.opening"] == slug, type_id
        long_fields = [k for k, v in offered.items() if v == slug and k != "d.opening"]
        assert long_fields, type_id
        # names, units and deadlines get no picker
        assert not any(k.endswith((".lead", ".due", ".chair", ".place")) and v for k, v in offered.items())
        assert len(spec["phraseBank"][slug]["phrases"]) >= 30
    spec = fill_data(site, "incident-report")
    for slug, bank in spec["phraseBank"].items():
        ids = {p["id"] for p in bank["phrases"]}
        part = next(pt for pt in site.phrases if pt.slug == slug)
        assert ids == {p.id for p in part.phrases if "舆情处置报告" in p.tags}, slug
    # the six reports still get every phrase of a part, their own tag first
    annual = fill_data(site, "annual")["phraseBank"]["online"]["phrases"]
    online = next(pt for pt in site.phrases if pt.slug == "online")
    assert len(annual) == len(online.phrases)
    assert "年度报告" in next(p for p in online.phrases if p.id == annual[0]["id"]).tags


def test_no_page_or_data_says_there_are_six_report_types(site):
    from conftest import ROOT

    assert len(site.report_types.types) != 6
    stale = re.compile(r"[六6]\s*[类种](?:意识形态工作)?报告")
    assert stale.search("六类意识形态工作报告，骨架大体相同") and stale.search("6类报告都有这一部分")
    for path in [*(ROOT / "docs").rglob("*.md"), *(ROOT / "data").rglob("*.yaml"), ROOT / "README.md"]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not stale.search(line), f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}"


# --- built pages ------------------------------------------------------------


def test_new_parts_are_in_the_bank_index_and_their_tags_filter(built_site, site):
    index = (built_site / "phrases" / "index.html").read_text(encoding="utf-8")
    for slug in ("work-plan", "meeting-minutes"):
        assert f'href="{slug}.html"' in index, slug
    for slug, tag in (("work-plan", "工作要点"), ("meeting-minutes", "会议纪要"), ("online", "舆情处置报告")):
        html = (built_site / "phrases" / f"{slug}.html").read_text(encoding="utf-8")
        assert f'<option value="{tag}">' in html, (slug, tag)
        assert f'<span class="phrase-tag">{tag}</span>' in html, (slug, tag)


def test_every_phrase_is_on_its_page_without_javascript(built_site, site):
    for part in site.phrases:
        html = (built_site / "phrases" / f"{part.slug}.html").read_text(encoding="utf-8")
        assert re.search(r'<form [^>]*class="phrase-filters" hidden', html)
        for p in part.phrases:
            assert f'id="{p.id}"' in html, p.id


@pytest.mark.browser
def test_copy_button_copies_exactly_the_phrase(page, site_url, site):
    part = next(pt for pt in site.phrases if any(p.slots for p in pt.phrases))
    phrase = next(p for p in part.phrases if p.slots)  # one with highlighted slots
    page.goto(f"{site_url}phrases/{part.slug}.html#{phrase.id}")
    page.click(f"#{phrase.id} .copy-btn")
    page.wait_for_selector(f"#{phrase.id} .copy-btn.copy-ok")
    assert page.evaluate("navigator.clipboard.readText()") == phrase.text
    assert page.request_log.external == []


@pytest.mark.browser
def test_year_filter_hides_expired_and_shows_current(page, site_url, site):
    def pick(cond):
        return next((part, p) for part in site.phrases for p in part.phrases if cond(*valid_years(site, p)))

    cases = [
        (pick(lambda first, last: last is not None and last < 2026), {2026: False}),
        (pick(lambda first, last: first == 2026), {2026: True, 2025: False}),
    ]
    (_, expired), _ = cases[0]
    cases[0][1][valid_years(site, expired)[1]] = True  # shown again in its own last year
    for (part, phrase), expectations in cases:
        page.goto(f"{site_url}phrases/{part.slug}.html")
        for year, visible in expectations.items():
            page.select_option("form.phrase-filters select[name=year]", str(year))
            assert page.is_visible(f"#{phrase.id}") == visible, (phrase.id, year)


@pytest.mark.browser
def test_function_filter_narrows_the_list(page, site_url, site):
    part = site.phrases[0]
    fn = part.phrases[0].function
    page.goto(f"{site_url}phrases/{part.slug}.html")
    page.select_option("form.phrase-filters select[name=year]", "2026")
    page.select_option("form.phrase-filters select[name=function]", fn)
    shown = page.eval_on_selector_all(".phrase:not([hidden])", "els => els.map(e => e.dataset.function)")
    assert shown and set(shown) == {fn}


@pytest.mark.browser
def test_search_finds_a_phrase_by_a_distinctive_word(page, site_url, built_site, site):
    import jieba
    from test_search_offline import search

    pages = {p: p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")}
    part = next(pt for pt in site.phrases if pt.slug == "online")
    target = built_site / "phrases" / f"{part.slug}.html"
    word = None
    for p in part.phrases:
        for w in sorted(set(jieba.cut(p.text)), key=lambda w: (-len(w), w)):
            if len(w) >= 3 and sum(w in html for html in pages.values()) == 1 and w in pages[target]:
                word = w
                break
        if word:
            break
    assert word, "no distinctive word found"
    page.goto(site_url)
    results = search(page, word)
    assert results and results[0].split("#")[0].split("?")[0].endswith(f"phrases/{part.slug}.html"), (word, results[:3])


@pytest.mark.browser
def test_tag_filter_keeps_tags_with_spaces(page, site):
    """A tag may contain a space: filtering on it shows its phrases and no others."""
    from pathlib import Path

    from macros.features.phrases import filters_html, phrase_html
    from macros.models.phrases import Phrase, PhrasePart

    phrases = [
        Phrase(id="zz-a", text="甲街道坚持每月开展一次专题学习。", function="做法", tags=["年度 报告", "述职"]),
        Phrase(id="zz-b", text="乙街道坚持每季度开展一次专题研讨。", function="做法", tags=["年度"]),
        Phrase(id="zz-c", text="丙街道坚持每半年开展一次形势分析。", function="做法", tags=["报告"]),
    ]
    part = PhrasePart(part="测试", slug="zz-test", order=1, intro="测试用。", phrases=phrases)
    items = "".join(phrase_html(site, p) for p in phrases)
    page.set_content(f'{filters_html(site, part)}<div class="phrase-group">{items}</div>')
    page.add_script_tag(content=(Path(__file__).parent.parent / "docs/assets/javascripts/phrases.js").read_text())
    tag_select = "form.phrase-filters select[name=tag]"
    assert page.eval_on_selector_all(f"{tag_select} option", "os => os.map(o => o.value)") == [
        "",
        "年度",
        "年度 报告",
        "报告",
        "述职",
    ]
    expected = {
        "年度 报告": ["zz-a"],
        "年度": ["zz-b"],
        "报告": ["zz-c"],
        "述职": ["zz-a"],
        "": ["zz-a", "zz-b", "zz-c"],
    }
    for tag, ids in expected.items():
        page.select_option(tag_select, tag)
        assert page.eval_on_selector_all(".phrase:not([hidden])", "els => els.map(e => e.id)") == ids, tag


@pytest.mark.browser
def test_work_plan_template_offers_plan_phrases(page, site_url, site):
    """Filling in a 要点 online, a task offers the 要点's own tasks, not a report's results."""
    page.goto(f"{site_url}templates/work-plan.html")
    page.click(".fill-toggle")
    key = "d.workplan.groups[0].tasks[0].text"
    picker = page.locator(f'select.fill-phrases[data-for="{key}"]')
    groups = picker.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert "重点任务" in groups and "成效" not in groups, groups
    offered = [v for v in picker.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert offered and all(v.startswith("work-plan-") for v in offered), offered[:5]
    by_id = {p.id: p for _, p in all_phrases(site)}
    task = next(by_id[v] for v in offered if by_id[v].function == "重点任务")
    picker.select_option(task.id)
    assert page.locator(f'[data-key="{key}"]').input_value() == task.text
    assert page.locator('select.fill-phrases[data-for="d.workplan.groups[0].tasks[0].lead"]').count() == 0
