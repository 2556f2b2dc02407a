"""清单: one generated page per data/checklists/<id>.yaml, plus the list on
checklists/index.md.

Each item is a real checkbox inside a plain list, so the page works without
JavaScript. assets/javascripts/checklists.js keeps the ticks in localStorage
(one key per checklist and item), shows the progress and the reset button;
the print style prints every box empty.
"""

from __future__ import annotations

from ..generated import GENERATORS, Generated, macro_page
from ..html import block, esc, md_line

STORAGE_PREFIX = "handbook-checklist"


def storage_key(checklist_id: str, item_id: str) -> str:
    return f"{STORAGE_PREFIX}:{checklist_id}:{item_id}"


def item_count(checklist) -> int:
    return sum(len(g.items) for g in checklist.groups)


def _types(site) -> dict:
    return {t.id: t for t in site.report_types.types}


def group_anchor(checklist, n: int) -> str:
    """Anchor of the n-th group (1-based): type-<report type> for a group that is the only one
    for its report type (guide/types/*.md link there), else group-<n>."""
    group = checklist.groups[n - 1]
    same = [g for g in checklist.groups if g.report_type and g.report_type == group.report_type]
    return f"type-{group.report_type}" if group.report_type and len(same) == 1 else f"group-{n}"


def item_html(checklist, item) -> str:
    box_id = f"cl-{checklist.id}-{item.id}"
    return (
        f'<li class="checklist-item" id="{esc(checklist.id)}-{esc(item.id)}" data-item="{esc(item.id)}">'
        f'<label class="checklist-label" for="{esc(box_id)}">'
        f'<input type="checkbox" class="checklist-box" id="{esc(box_id)}" data-item="{esc(item.id)}" '
        f'data-key="{esc(storage_key(checklist.id, item.id))}">'
        f'<span class="checklist-text">{esc(item.text)}</span></label>'
        f'<p class="checklist-reason"><span class="checklist-reason-label">理由：</span>{esc(item.reason)}</p>'
        "</li>"
    )


def checklist_markdown(site, checklist_id: str) -> str:
    """The body of checklists/<id>.md: intro, toolbar, and one heading and list per group."""
    matches = [c for c in site.checklists if c.id == checklist_id]
    if not matches:
        raise KeyError(f"没有 id 为“{checklist_id}”的清单（data/checklists/*.yaml）")
    c = matches[0]
    types = _types(site)
    total = item_count(c)
    parts = [
        f"# {md_line(c.title)}\n",
        f"{md_line(c.intro)}\n",
        block(
            f'<div class="checklist-toolbar" data-checklist-toolbar="{esc(c.id)}" hidden>'
            f'<span class="checklist-progress" aria-live="polite">已勾选 <b class="checklist-done">0</b>'
            f' / <b class="checklist-total">{total}</b> 项</span>'
            f'<button type="button" class="checklist-reset md-button">清除勾选</button>'
            f"{scope_html(c, types)}"
            f'<button type="button" class="checklist-print md-button">打印</button>'
            f'<button type="button" class="checklist-print-blank md-button">打印空白清单</button>'
            f'<span class="checklist-note">勾选只保存在本机浏览器中，不会上传。</span></div>'
        ),
    ]
    for n, group in enumerate(c.groups, start=1):
        parts.append(f"\n## {md_line(group.title)} {{#{group_anchor(c, n)}}}\n")
        if group.report_type:
            t = types[group.report_type]
            parts.append(f"这一组只适用于{md_line(t.name)}，写法要求见[写作指南中的说明](../guide/types/{t.id}.md)。\n")
        items = "".join(item_html(c, item) for item in group.items)
        kind = f' data-report-type="{esc(group.report_type)}"' if group.report_type else ""
        parts.append(
            block(f'<ul class="checklist-items" data-checklist="{esc(c.id)}" data-group="{n}"{kind}>{items}</ul>')
        )
    # Paper copies end with who filled them in and who checked them (print only).
    parts.append(
        block(
            '<div class="checklist-signoff" aria-hidden="true"><span>执笔人：</span><span>审核人：</span>'
            "<span>日期：</span></div>"
        )
    )
    return "\n".join(parts)


def scope_html(c, types) -> str:
    """Print only the common groups plus one report type's (when the list has typed groups)."""
    typed = list(dict.fromkeys(g.report_type for g in c.groups if g.report_type))
    if not typed:
        return ""
    options = "".join(f'<option value="{esc(t)}">通用项和{esc(types[t].name)}</option>' for t in typed)
    return (
        '<label class="checklist-scope-label">打印范围 <select class="checklist-scope">'
        f'<option value="">全部</option>{options}</select></label>'
    )


def checklists_index(site) -> str:
    """Markdown list of every checklist with its intro and size (for checklists/index.md)."""
    lines = []
    for c in sorted(site.checklists, key=lambda c: (c.order, c.id)):
        lines.append(
            f"- **[{md_line(c.title)}]({c.id}.md)**（{len(c.groups)} 组，{item_count(c)} 项）：{md_line(c.intro)}"
        )
    return "\n".join(lines) + "\n"


def generate(site):
    for c in site.checklists:
        yield Generated(
            path=f"checklists/{c.id}.md",
            content=macro_page(
                c.title, f"checklist('{c.id}')", extra_meta="hide:\n  - toc\n" if len(c.groups) < 2 else ""
            ),
            nav_section="清单",
            nav_title=c.title,
            order=(c.order, c.id),
        )


GENERATORS.append(generate)


def register(env, site) -> None:
    env.macro(lambda checklist_id: checklist_markdown(site, checklist_id), "checklist")
    env.macro(lambda: checklists_index(site), "checklists_index")
