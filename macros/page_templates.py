"""Compiled Jinja code of the Markdown pages, kept between builds (macros/diskcache.py).

mkdocs-macros compiles every page that renders macros with Environment.from_string on
every build. The compiled code depends only on the page's source and Jinja's version, so
it is kept by the source's hash; a syntax error is never stored and fails as before.
"""

from __future__ import annotations

import marshal

from . import diskcache
from .loader import default_data_dir

_memo = diskcache.Memo("page-templates")


def cache_compiled_pages(jinja_env) -> None:
    """Make jinja_env.from_string reuse the code compiled by earlier builds (once per build)."""
    if getattr(jinja_env.from_string, "cached_pages", False):
        return
    data_dir = default_data_dir()
    _memo.bind(data_dir, diskcache.build_key(data_dir))
    compile_source = jinja_env.compile

    def from_string(source, globals=None, template_class=None):
        code = marshal.loads(_memo.get(source, lambda text: marshal.dumps(compile_source(text))))
        cls = template_class or jinja_env.template_class
        return cls.from_code(jinja_env, code, jinja_env.make_globals(globals), None)

    from_string.cached_pages = True
    jinja_env.from_string = from_string


def save() -> None:
    _memo.save()
