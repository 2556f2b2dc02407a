"""One rule set, engines that agree: the JavaScript engine (docs/assets/javascripts/checker.js, run in
Node.js) and the Python engine give identical findings — over whole reports (the drafts, the site's
sample reports and templates, every phrase) and over texts that probe the differences between the
two languages (astral characters, line endings, BOM, odd whitespace)."""

from __future__ import annotations

from test_checker_common import DRAFTS, engine, node_results, py_results, ruleset  # noqa: F401 (fixtures)

TRICKY = [
    "𠀀𠀁XX街道𠀂党工委,建国70周年“十四五”开局之年\r\n第二行\r第三行\n",
    "\ufeff城东街道2024年度意识形态工作情况报告\n一、主要工作\n（一）加强学习\n（三）强化阵地\n1、压实责任\n",
    "\u2028街道 党工委\u2029召开会议\x0b二〇二〇年\x1c建党99周年\x85",
    "《关于“学习贯彻党的十九大精神”的通知》“再接再励”《建国70周年》",
    "​XX‌街道\u3000\u3000一、总体情况\t二．存在问题",
    "街道黨工委堅持把意識形態工作擺在重要位置，認真落實責任制，全年召開專題會議四次，\n𠮷𠮷𠮷𠮷",
    "一、\n（一）\n1.\n（1）\n（3）\n二十、\n（二十一）\n99.\n（0）\n〇、",
    "2019年庆祝建国70周年；2019年以来扫黑除恶专项斗争；迎接建党100周年；明年是“十四五”收官之年",
    "",
    "\n\n\n",
    "a" * 300 + "XX" + "𝒳" * 50 + "某某",
]


def _cases(site_cases: list[dict]) -> list[dict]:
    cases = [{"text": t, "year": y} for t in TRICKY for y in (2020, 2024, None)]
    for p in sorted(DRAFTS.glob("*.txt")):
        cases.append({"text": p.read_text(encoding="utf-8"), "year": None})
        cases.append({"text": p.read_text(encoding="utf-8"), "year": 2019, "type": "annual"})
    return cases + site_cases


def _site_cases() -> list[dict]:
    out = []
    try:
        from macros import reports
        from macros.validate import site_data

        site = site_data()
    except Exception:  # the rest of the site may be mid-edit; the drafts still run
        return out
    for rep in reports.all_reports(site):
        for y in (None, 2022):
            out.append({"text": rep.plain_text(), "year": y, "type": rep.type_id})
    for part in site.phrases:
        out.append({"text": "\n".join(p.text for p in part.phrases), "year": 2026})
        out.append({"text": "\n".join(p.text for p in part.phrases), "year": 2021})
    return out


def test_engines_agree_on_reports_phrases_and_tricky_text(ruleset, engine):  # noqa: F811
    cases = _cases(_site_cases())
    assert len(cases) >= 50
    js, py = node_results(ruleset, cases), py_results(engine, cases)
    for c, a, b in zip(cases, js, py, strict=True):
        assert a == b, f"engines differ on {c['text'][:60]!r} (year {c.get('year')}):\nnode {a}\npy   {b}"
    assert sum(len(r["findings"]) for r in py) > 100  # the comparison is not vacuous
