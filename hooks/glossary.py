"""MkDocs hook: glossary terms in page text get their definition as a tooltip.

Every page's HTML passes through macros.features.glossary.annotate(), which wraps
the first occurrence of each term (per page section) in
<abbr class="glossary-term" title="释义">. Material's content.tooltips feature
turns the title into a tooltip shown on hover and on focus (tap on touch screens).
The glossary page's own list of terms is marked data-no-glossary and left alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import diskcache  # noqa: E402
from macros.features.glossary import annotate, matcher_for  # noqa: E402
from macros.loader import default_data_dir  # noqa: E402
from macros.validate import site_data  # noqa: E402

_memo = diskcache.Memo("glossary")  # pages whose HTML did not change since the last build


def on_pre_build(config):
    # the marks depend on the page and the glossary only: other data edits keep them
    _memo.bind(default_data_dir(), diskcache.inputs_key(default_data_dir(), ("glossary",)))


def on_page_content(html, page, config, files):
    if page.meta.get("glossary") is False:  # a page can opt out with `glossary: false`
        return html
    return _memo.get(html, lambda text: annotate(text, matcher_for(site_data())))


def on_post_build(config):
    _memo.save()
