"""Compiled Jinja code of the Markdown pages and of the theme, kept between builds
(macros/diskcache.py).

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
    _memo.bind(data_dir, diskcache.inputs_key(data_dir, ()))  # compiled code depends on no data
    compile_source = jinja_env.compile

    def from_string(source, globals=None, template_class=None):
        code = marshal.loads(_memo.get(source, lambda text: marshal.dumps(compile_source(text))))
        cls = template_class or jinja_env.template_class
        return cls.from_code(jinja_env, code, jinja_env.make_globals(globals), None)

    from_string.cached_pages = True
    jinja_env.from_string = from_string


def save() -> None:
    _memo.save()


_compiled: dict[str, tuple[str, object]] = {}  # theme template key -> (source checksum, code)


def theme_bytecode_cache(data_dir):
    """Jinja's on-disk cache of compiled theme templates (Material's base.html and
    partials), checked against each template's source, with the code also kept in memory
    for the next `make serve` rebuild; None with HANDBOOK_NO_CACHE=1."""
    if not diskcache.enabled():
        return None
    from jinja2 import FileSystemBytecodeCache

    class Cache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket):
            hit = _compiled.get(bucket.key)
            if hit and hit[0] == bucket.checksum:
                bucket.code = hit[1]
                return
            super().load_bytecode(bucket)
            if bucket.code is not None:
                _compiled[bucket.key] = (bucket.checksum, bucket.code)

        def dump_bytecode(self, bucket):
            super().dump_bytecode(bucket)
            _compiled[bucket.key] = (bucket.checksum, bucket.code)

    folder = diskcache.cache_dir(data_dir) / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return Cache(str(folder))
