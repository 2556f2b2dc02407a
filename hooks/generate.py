"""MkDocs hook: load the data once per build, add the pages generated from it,
and give data errors to MkDocs as a plain message (no traceback).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import macros.features  # noqa: E402, F401  (registers the generators)
from macros import diskcache  # noqa: E402
from macros.errors import DataError  # noqa: E402
from macros.generated import generate, remember  # noqa: E402
from macros.html import md_line  # noqa: E402
from macros.loader import default_data_dir  # noqa: E402
from macros.page_templates import theme_bytecode_cache  # noqa: E402
from macros.reports import all_reports  # noqa: E402
from macros.reports.render import preload  # noqa: E402
from macros.validate import site_data  # noqa: E402


def _data():
    try:
        return site_data()
    except DataError as e:
        raise PluginError(str(e)) from None


def _add_to_nav(nav: list, section: str, entries: list[dict]) -> None:
    for item in nav:
        if isinstance(item, dict) and section in item:
            children = item[section]
            if not isinstance(children, list):
                children = item[section] = [children]
            children.extend(entries)
            return
    raise PluginError(f"mkdocs.yml 的 nav 中没有“{section}”一节，无法放入生成的页面")


@event_priority(100)  # before the search plugin reads its dictionary
def on_config(config):
    diskcache.begin_build(default_data_dir())
    _data()
    return config


def _generated(site) -> list:
    """Every generated page and file; from the disk cache when data and code are unchanged
    (with the rendered reports, which the pages show again)."""
    data_dir = Path(site.root)
    runs, reports = diskcache.cached(
        diskcache.cache_dir(data_dir),
        "generated",
        diskcache.build_key(data_dir),
        lambda: (generate(site), list(all_reports(site))),
    )
    remember(site, runs)
    preload(site, reports)
    return [g for _, _, items in runs for g in items]


def on_files(files, config):
    site = _data()
    sections: dict[str, list] = {}
    for g in _generated(site):
        if files.get_file_from_path(g.path) is not None:
            raise PluginError(f"docs/{g.path} 既有手写文件又要从数据生成：删除手写文件，或修改数据的 id")
        files.append(File.generated(config, g.path, content=g.content))
        if g.nav_section:
            # MkDocs and Material show nav titles as HTML: escape the data text
            sections.setdefault(g.nav_section, []).append((g.order, {md_line(g.nav_title): g.path}))
    for section, entries in sections.items():
        _add_to_nav(config["nav"], section, [e for _, e in sorted(entries, key=lambda x: x[0])])
    return files


def on_env(env, config, files):
    # the theme's templates are compiled once, not on every build and `make serve` rebuild
    env.bytecode_cache = theme_bytecode_cache(default_data_dir())
    return env
