"""写作指南: facts about a report type, read from data/report_types.yaml, so the
guidance pages and the data never disagree."""

from __future__ import annotations

from ..html import block, esc, with_slots


def _type(site, type_id: str):
    for t in site.report_types.types:
        if t.id == type_id:
            return t
    raise KeyError(f"data/report_types.yaml 中没有 id 为“{type_id}”的报告类型")


def _voice(voice: str) -> str:
    return "第一人称（“我”）" if voice == "第一人称" else "以街道党工委名义（“街道党工委”“我们”）"


def report_type_card(site, type_id: str) -> str:
    t = _type(site, type_id)
    parts = "".join(f"<li>{esc(p)}</li>" for p in t.required_parts)
    rows = [
        ("标题式样", f'<span class="report-title-pattern">{with_slots(t.title_pattern)}</span>'),
        ("报送对象", esc(t.audience)),
        ("什么时候写", esc(t.when)),
        ("常见篇幅", esc(t.length)),
        ("人称", esc(_voice(t.voice))),
        ("必备部分", f'<ol class="required-parts">{parts}</ol>'),
    ]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return block(f'<table class="report-type-card" data-type="{esc(t.id)}"><tbody>{body}</tbody></table>')


def register(env, site) -> None:
    env.macro(lambda type_id: report_type_card(site, type_id), "report_type_card")
    env.macro(lambda type_id: _type(site, type_id), "report_type")
