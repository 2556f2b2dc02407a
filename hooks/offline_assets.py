"""MkDocs hook: make the built site name no host other than its own.

The site runs on intranets and from a folder, so nothing in it may point at
another host, even on code paths we never take. After the build:

1. Search languages we do not use (every lunr language but zh, the Thai and
   Japanese segmenters) are deleted: they are never loaded and carry URLs in comments.
2. Licence banners (`/*! … */`) that name a website move, verbatim, to
   assets/THIRD-PARTY-NOTICES.txt; the asset keeps a pointer to that file.
3. Fallback URLs in Material's scripts are made inert (`data:` URLs): a CDN
   polyfill for browsers without ResizeObserver, Mermaid from a CDN (we have no
   diagrams), the GitHub API (we set no repo_url), a help link in a console message.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Licence comments: /*! … */ and /** … */ in scripts and styles, and the
# <!--! … --> comment Font Awesome keeps inside each inline SVG icon of the CSS.
BANNER = re.compile(r"/\*[*!].*?\*/|\\3c !--!.*?-->", re.S)
HAS_URL = re.compile(r"https?://", re.I)

# (pattern, replacement) for code paths that would fetch from another host.
INERT = [
    (re.compile(r'"https://unpkg\.com/resize-observer-polyfill[^"]*"'), '"data:text/javascript,"'),
    (re.compile(r'"https://unpkg\.com/mermaid@[^"]*"'), '"data:text/javascript,"'),
    (re.compile(r"`https://api\.github\.com/"), "`data:,"),
    (re.compile(r" \\u2013 see https://bit\.ly/\w+"), ""),
]


def _prune_search_languages(site: Path, langs: list[str]) -> None:
    lunr = site / "assets" / "javascripts" / "lunr"
    keep = {"lunr.stemmer.support.min.js", *(f"lunr.{lang}.min.js" for lang in langs)}
    if len(langs) > 1:
        keep.add("lunr.multi.min.js")
    for f in lunr.rglob("*.js"):
        if f.name not in keep:
            f.unlink()


def _move_banners(site: Path) -> None:
    notices = []
    for f in sorted((site / "assets").rglob("*")):
        if f.suffix not in (".js", ".css") or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8")
        rel = f.relative_to(site).as_posix()

        def move(m: re.Match, rel=rel) -> str:
            if not HAS_URL.search(m.group(0)):
                return m.group(0)
            notice = f"== {rel} ==\n{m.group(0)}\n"
            if notice not in notices:
                notices.append(notice)
            if m.group(0).startswith("\\3c"):
                return ""  # inside an SVG data URL: the icon is complete without its comment
            return "/*! 许可声明见 assets/THIRD-PARTY-NOTICES.txt */"

        new = BANNER.sub(move, text)
        if new != text:
            f.write_text(new, encoding="utf-8")
    if notices:
        (site / "assets" / "THIRD-PARTY-NOTICES.txt").write_text(
            "本网站使用的第三方软件的许可声明（从构建产物中原样移出）。\n\n" + "\n".join(notices), encoding="utf-8"
        )


def _make_inert(site: Path) -> None:
    scripts = list((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    scripts += list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not scripts:
        raise PluginError("构建结果中没有 Material 的脚本（assets/javascripts/bundle.*.min.js）：请检查主题版本")
    for f in scripts:
        text = f.read_text(encoding="utf-8")
        for pattern, replacement in INERT:
            text = pattern.sub(replacement, text)
        f.write_text(text, encoding="utf-8")


@event_priority(-200)  # last: after the search index, the offline plugin and the worker patch
def on_post_build(config):
    site = Path(config.site_dir)
    search = config.plugins.get("material/search")
    langs = list(search.config.lang) if search else []
    _prune_search_languages(site, langs)
    _move_banners(site)
    _make_inert(site)
