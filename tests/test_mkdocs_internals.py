"""The few MkDocs / Material / jieba internals the project depends on (ARCHITECTURE.md,
"What depends on MkDocs and Material internals"). Each test names what changed and
what to do, so an upgrade fails here, loudly, instead of somewhere in a built page.
"""

from __future__ import annotations

import inspect
import re
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import material
import pytest
from conftest import ROOT
from packaging.requirements import Requirement

sys.path.insert(0, str(ROOT / "hooks"))

MATERIAL = Path(material.__file__).parent / "templates"


def _pins() -> dict[str, Requirement]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {r.name: r for r in map(Requirement, deps)}


@pytest.mark.parametrize("package", ["mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "jieba"])
def test_installed_versions_are_the_pinned_ones(package):
    pin = _pins()[package]
    assert pin.specifier.contains(version(package)), (
        f"{package} {version(package)} is outside the range pinned in pyproject.toml ({pin.specifier}): "
        "the internals listed in ARCHITECTURE.md were checked against the pinned range only"
    )


def test_search_worker_still_has_the_code_we_patch():
    import search

    workers = list((MATERIAL / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert workers, "Material no longer ships assets/javascripts/workers/search.*.min.js (hooks/search.py patches it)"
    code = workers[0].read_text(encoding="utf-8")
    if search._SEGMENT_FIXED in code:
        pytest.fail("Material fixed the query segmenter's bound itself: delete that patch in hooks/search.py")
    for name in ("_SEGMENT_LOOP", "_SEGMENT_RETURN", "_SEARCH_START"):
        assert code.count(getattr(search, name)) == 1, (
            f"Material's search worker changed: hooks/search.py {name} no longer matches exactly once. "
            "Find the new form of that code in the worker, update the patch, run tests/test_search_offline.py"
        )


def test_search_plugin_keeps_the_index_where_hooks_search_reads_it():
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    assert "self.entries" in inspect.getsource(SearchIndex.__init__), (
        "material SearchIndex no longer keeps `entries`: hooks/search.py adds the subwords field to them"
    )
    assert "self.search_index" in inspect.getsource(SearchPlugin), (
        "material SearchPlugin no longer has `search_index`: hooks/search.py reads the entries from it"
    )


def test_search_override_is_material_partial_plus_one_attribute():
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    theirs = (MATERIAL / "partials" / "search.html").read_text(encoding="utf-8")
    ours = ours.split("-#}\n", 1)[1].replace(" aria-label=\"{{ lang.t('search') }}\"", "", 1)
    theirs = theirs.split("-#}\n", 1)[1]
    assert ours == theirs, (
        "Material's partials/search.html changed: copy the new version to overrides/partials/search.html "
        'and add aria-label="{{ lang.t(\'search\') }}" to the role="dialog" element again'
    )


def test_every_fallback_url_made_inert_is_still_in_material():
    import offline_assets

    scripts = [*(MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js")]
    scripts += [*(MATERIAL / "assets" / "javascripts" / "workers").glob("search.*.min.js")]
    text = "".join(p.read_text(encoding="utf-8") for p in scripts)
    for pattern, _ in offline_assets.INERT:
        assert pattern.search(text), (
            f"hooks/offline_assets.py INERT pattern {pattern.pattern!r} no longer matches Material's scripts: "
            "the URL moved or went; check the built site makes no request to another host (test_search_offline.py)"
        )


def test_jieba_tokenizer_keeps_the_fields_the_segmenter_shares():
    import jieba

    source = inspect.getsource(jieba.Tokenizer)
    for name in ("self.FREQ", "self.total", "self.initialized"):
        assert name in source, f"jieba.Tokenizer no longer has {name}: macros/segmenter.py sets it"
    assert re.search(r"^dt = Tokenizer\(\)", inspect.getsource(jieba), re.M), "jieba no longer has the global `dt`"


def test_mkdocs_api_the_hooks_use():
    from mkdocs.plugins import event_priority  # noqa: F401
    from mkdocs.structure.files import File

    assert hasattr(File, "generated"), "mkdocs File.generated is gone: hooks/generate.py adds pages with it"


def test_dirty_rebuild_internals_that_make_serve_relies_on():
    """hooks/incremental.py and hooks/search.py (make serve = mkdocs serve --dirty)."""
    from material.plugins.search import plugin as search_plugin
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    for fn in (build._populate_page, build._build_page):
        assert "page.file.is_modified()" in inspect.getsource(fn), (
            f"mkdocs {fn.__name__} no longer asks file.is_modified() in dirty builds: hooks/incremental.py "
            "decides through it which pages `make serve` renders again"
        )
    assert "weak_property" in inspect.getsource(Page).split("def title")[0][-200:], (
        "mkdocs Page.title is no longer a settable weak_property: hooks/incremental.py sets the nav titles "
        "of pages it does not render again"
    )
    source = inspect.getsource(search_plugin)
    assert "self.search_index_prev = self.search_index" in source and "prev.entries" in source, (
        "Material's search plugin no longer keeps the last index between dirty rebuilds: "
        "hooks/search.py merge_dirty_rebuild depends on search_index_prev"
    )


def test_mkdocs_macros_compiles_pages_with_from_string():
    from mkdocs_macros import plugin

    assert "self.env.from_string(markdown)" in inspect.getsource(plugin.MacrosPlugin.render), (
        "mkdocs-macros no longer compiles pages with env.from_string: macros/page_templates.py "
        "(the compiled-page cache) has no effect; pages still build, only slower"
    )
