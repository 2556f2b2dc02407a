"""The checker on the site: the compiled rule set as a script asset (file:// cannot
fetch JSON, so the data is a .js file defining REPORT_CHECKER_DATA), and the 规则一览
page listing every rule with its examples (anchors #rule-<id>, #category-<category>).
"""

from __future__ import annotations

import json

from ..generated import GENERATORS, Generated
from ..horizon import horizon_note
from ..html import block, esc, md_line
from . import limits
from .compile import SEVERITIES
from .data import ruleset_of
from .engine import Engine

DATA_ASSET = "assets/javascripts/checker-data.js"


def data_script(site) -> str:
    # the input limits ride along so the page refuses what report-check refuses, in the same words
    data = json.dumps({**ruleset_of(site), "limits": limits.for_page()}, ensure_ascii=False, separators=(",", ":"))
    return (
        "/* Generated from data/rules/*.yaml, data/time_facts.yaml and data/report_types.yaml "
        "(macros/checker/site.py). Do not edit. */\nvar REPORT_CHECKER_DATA = " + data + ";\n"
    )


def _marked(text: str, findings) -> str:
    """An example with the findings' spans wrapped in <mark> (escaped), line breaks kept."""
    lines = text.rstrip("\n").split("\n")
    out = []
    for i, line in enumerate(lines, 1):
        spans = sorted((f.column - 1, f.end - 1) for f in findings if f.line == i and f.end > f.column)
        html, pos = [], 0
        for s, e in spans:
            if s < pos:
                continue
            html.append(esc(line[pos:s]) + f"<mark>{esc(line[s:e])}</mark>")
            pos = e
        html.append(esc(line[pos:]))
        out.append("".join(html))
    return "<br>".join(out)


def _example(ex, findings=None) -> str:
    meta = []
    if ex.date:
        meta.append(f"成文日期{ex.date.year}年{ex.date.month}月{ex.date.day}日")
    elif ex.year:
        meta.append(f"{ex.year}年")
    if ex.type:
        meta.append(ex.type)
    tag = f'<span class="rule-example-meta">{esc("，".join(meta))}</span>' if meta else ""
    note = f'<span class="rule-example-note">{esc(ex.note)}</span>' if ex.note else ""
    body = _marked(ex.text, findings) if findings is not None else esc(ex.text.rstrip("\n")).replace("\n", "<br>")
    return f'<li><span class="rule-example-text">{body}</span>{tag}{note}</li>'


def rules_page(site) -> str:
    data = ruleset_of(site)
    engine = Engine(data)
    types = {t.id: t.name for t in site.report_types.types}
    files = sorted(site.rules, key=lambda f: f.order)
    total = sum(len(f.rules) for f in files)
    toc = "".join(f'<li><a href="#category-{f.category}">{esc(f.title)}</a>（{len(f.rules)} 条）</li>' for f in files)
    legend = "".join(
        f'<li><span class="sev sev-{k}">{esc(v)}</span>{esc(d)}</li>'
        for k, v, d in [
            ("error", SEVERITIES["error"], "：肯定有错，如残留的占位符、算错的周年数。"),
            ("suspect", SEVERITIES["suspect"], "：很可能有错，值得看一眼，如往年才适用的提法。"),
            ("hint", SEVERITIES["hint"], "：文风和格式建议。"),
        ]
    )
    parts = [
        "---\ntitle: 规则一览\ndescription: 在线自查和 report-check 命令使用的全部检查规则，每条附应报和不应报的例句。\n---\n",
        "# 规则一览\n",
        block(
            f"<p>在线自查页面和命令行工具 <code>report-check</code> 使用同一套规则，共 {total} 条，分为 {len(files)} 类。"
            "规则写在 <code>data/rules/</code> 中，每条都带有“应报”和“不应报”的例句；"
            "网站构建时逐条验证，例句不通过，网站就不会生成。与年份有关的规则读取 <code>data/time_facts.yaml</code>，"
            "结构规则读取 <code>data/report_types.yaml</code>。</p>"
            f'<ul class="rule-legend">{legend}</ul><ul class="rule-toc">{toc}</ul>'
        ),
    ]
    for f in files:
        parts.append(f"\n## {md_line(f.title)} {{#category-{f.category}}}\n")
        items = [f'<p class="rule-intro">{esc(f.intro)}</p>']
        for r in f.rules:
            flag = []
            for ex in r.examples.flag:
                res = engine.check(ex.text, year=ex.year or 2026, date=ex.date, type_id=ex.type, only={r.id})
                flag.append(_example(ex, res.findings))
            first = engine.check(
                r.examples.flag[0].text,
                year=r.examples.flag[0].year or 2026,
                date=r.examples.flag[0].date,
                type_id=r.examples.flag[0].type,
                only={r.id},
            ).findings
            sample = ""
            if first:
                sample = (
                    f'<p class="rule-message"><strong>提示：</strong>{esc(first[0].message)}'
                    f"<br><strong>建议：</strong>{esc(first[0].suggestion)}</p>"
                )
            explain = f'<p class="rule-explain">{esc(r.explain)}</p>' if r.explain else ""
            passes = "".join(_example(ex) for ex in r.examples.pass_)
            items.append(
                f'<section class="rule" id="rule-{esc(r.id)}">'
                f'<h3 class="rule-title"><a class="rule-anchor" href="#rule-{esc(r.id)}">{esc(r.title)}</a>'
                f' <span class="sev sev-{r.severity}">{esc(SEVERITIES[r.severity])}</span>'
                f' <code class="rule-id">{esc(r.id)}</code></h3>{sample}{explain}'
                f'<div class="rule-examples"><div><p class="rule-examples-head">应当标出</p><ul class="rule-flag">{"".join(flag)}</ul></div>'
                f'<div><p class="rule-examples-head">不应标出</p><ul class="rule-pass">{passes}</ul></div></div></section>'
            )
        parts.append(block("".join(items)))
    names = "；".join(f"{k}：{v}" for k, v in types.items())
    parts.append(block(f'<p class="rule-types">例句标注的报告类型：{esc(names)}。</p>'))
    parts.append(horizon_note(site))  # the year rules know the facts up to this day
    return "\n".join(parts)


def generate(site):
    yield Generated(DATA_ASSET, data_script(site))
    yield Generated("check/rules.md", rules_page(site), nav_section="在线自查", nav_title="规则一览", order=(1,))


GENERATORS.append(generate)


def register(env, site) -> None:
    @env.macro
    def checker_rule_count() -> int:
        """How many checker rules there are (data/rules/*.yaml)."""
        return sum(len(f.rules) for f in site.rules)
