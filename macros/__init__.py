"""The package mkdocs-macros loads (module_name: macros in mkdocs.yml).

define_env stays thin: it loads the validated data once and lets each feature
module register its macros. Renderers live in the feature modules.
"""

from __future__ import annotations


def define_env(env) -> None:
    # Imported here rather than at the top, so that `import macros.checker` (the
    # report-check command) starts fast and works without MkDocs or the page features.
    from mkdocs.exceptions import PluginError

    from .errors import DataError
    from .features import FEATURES
    from .validate import site_data

    try:
        data = site_data()
    except DataError as e:
        raise PluginError(str(e)) from None
    env.variables["site_data"] = data
    for register in FEATURES:
        register(env, data)


def on_pre_page_macros(env) -> None:
    from . import incremental
    from .features.timeliness import note_reliance
    from .page_templates import cache_compiled_pages

    cache_compiled_pages(env.env)  # the Jinja environment exists only once pages render
    incremental.start_page(env.page.file.src_uri)
    note_reliance(env)


def on_post_page_macros(env) -> None:
    from . import incremental
    from .features.timeliness import add_horizon_footer

    add_horizon_footer(env)
    incremental.end_page(env.page.file.src_uri)


def on_post_build(env) -> None:
    from .page_templates import save

    save()
