"""Fail when a page of the base site is gone from the new site without a redirect.

    python tools/check_redirects.py BASE_SITE_DIR NEW_SITE_DIR [mkdocs.yml]

Readers' bookmarks and links in other documents point at page URLs. A pull
request that removes or renames a page (a Markdown file, or a data file that
generates a page) must add an entry to `redirect_maps` of the redirects plugin
in mkdocs.yml, e.g.  `samples/old-id.md: samples/new-id.md`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def pages(site: Path) -> set[str]:
    """Source paths (x/y.md) of the pages in a built site (use_directory_urls is off)."""
    out = set()
    for html in site.rglob("*.html"):
        rel = html.relative_to(site).as_posix()
        if rel == "404.html" or _is_redirect_stub(html):
            continue
        out.add(rel[:-5] + ".md")
    return out


def _is_redirect_stub(html: Path) -> bool:
    head = html.read_text(encoding="utf-8", errors="replace")[:600]
    return 'http-equiv="refresh"' in head and "<title>Redirecting" in head


def redirect_maps(config: Path) -> dict[str, str]:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !!python/name tags (Material's emoji); they are irrelevant here
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    cfg = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
    for plugin in cfg.get("plugins", []):
        if isinstance(plugin, dict) and "redirects" in plugin:
            return dict((plugin["redirects"] or {}).get("redirect_maps") or {})
    return {}


def missing_redirects(base: Path, new: Path, config: Path) -> list[str]:
    gone = pages(base) - pages(new)
    maps = redirect_maps(config)
    return sorted(p for p in gone if p not in maps)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    config = Path(argv[2]) if len(argv) > 2 else ROOT / "mkdocs.yml"
    missing = missing_redirects(Path(argv[0]), Path(argv[1]), config)
    for page in missing:
        print(
            f"页面 {page} 被删除或改名，但没有重定向：请在 mkdocs.yml 的 redirects → redirect_maps 中加一行"
            f"“{page}: 新页面.md”，让旧链接继续可用。",
            file=sys.stderr,
        )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
