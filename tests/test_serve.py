"""`make serve` (mkdocs serve --strict --dirty, hooks/incremental.py) renders again only what
an edit changed, and what it serves is still right: the edited text, the nav titles of
pages it did not render, a search index that covers every page, every page after a
glossary edit, and a plain message (no traceback) while a data file is broken."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import copy_tree_for_build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from serve_bench import fetch as _fetch  # noqa: E402  (bench/serve_bench.py: the same server, timed)
from serve_bench import free_port  # noqa: E402

PHRASES = "data/phrases/opening.yaml"
GLOSSARY_OLD = "与业务工作一同部署、一同考核。"
GLOSSARY_NEW = "与业务工作一同部署、一同落实、一同考核。"


def _wait(url: str, test, timeout: float = 120) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        body = _fetch(url)
        if body is not None and test(body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"{url} did not serve the expected page within {timeout:.0f} s")


def _nav(html: str) -> list[str]:
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)


@contextlib.contextmanager
def serve(root):
    """`make serve` on the project at root: yields (url, log); log gets the server's stderr at the end."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    log: list[str] = []
    try:
        _wait(url + "phrases/opening.html", lambda b: "</html>" in b, timeout=600)
        yield url, log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        log.append(server.communicate(timeout=30)[1])


def _index(url: str) -> list[dict]:
    return json.loads(_fetch(url + "search/search_index.json"))["docs"]


def _locations(url: str) -> set[str]:
    return {d["location"].split("#")[0] for d in _index(url)}


def _indexed(url: str, text: str) -> bool:
    """True once the index holds `text` (jieba splits it with zero-width spaces)."""
    return any(text in d.get("text", "").replace("\u200b", "") for d in _index(url))


def test_serve_shows_each_edit_and_keeps_the_rest_right(tmp_path):
    root = copy_tree_for_build(tmp_path / "proj")
    with serve(root) as (url, log):
        _edits(root, url)
    assert "data/phrases/opening.yaml" in log[0]  # the broken file, named plainly
    assert "Traceback" not in log[0]


def _edits(root, url):
    page = url + "phrases/opening.html"
    nav_before = _nav(_fetch(page))
    pages_before = _locations(url)

    # a phrase edit: the part page shows it, the nav keeps every title, the index every page
    phrases = root / PHRASES
    text = phrases.read_text(encoding="utf-8")
    first = re.search(r"^    text: *(.+)$", text, re.M)
    phrases.write_text(text.replace(first[0], first[0] + "改动标记甲", 1), encoding="utf-8")
    html = _wait(page, lambda b: "改动标记甲" in b)
    assert _nav(html) == nav_before
    assert _indexed(url, "改动标记甲")
    assert _locations(url) == pages_before

    # a broken data file, then fixed: the edit after it shows
    phrases.write_text(text.replace("phrases:\n", "phrases:\n  - 不是一条表述\n", 1), encoding="utf-8")
    time.sleep(5)
    phrases.write_text(text.replace(first[0], first[0] + "改动标记乙", 1), encoding="utf-8")
    _wait(page, lambda b: "改动标记乙" in b)

    # a glossary edit changes the tooltip on every page, also pages without macros
    glossary = root / "data/glossary.yaml"
    g = glossary.read_text(encoding="utf-8")
    assert GLOSSARY_OLD in g
    glossary.write_text(g.replace(GLOSSARY_OLD, GLOSSARY_NEW), encoding="utf-8")
    _wait(url + "guide/skeleton.html", lambda b: GLOSSARY_NEW in b)

    # a guide page edit
    guide = root / "docs/guide/skeleton.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n改动标记丙。\n", encoding="utf-8")
    _wait(url + "guide/skeleton.html", lambda b: "改动标记丙" in b)
    assert _locations(url) == pages_before

    # a deleted sample: its page, its Word file and its search entries go; the rest stay
    gone = "samples/tinglanhu-2025-annual"
    assert _fetch(url + gone + ".html") is not None
    (root / "data" / f"{gone}.yaml").unlink()
    end = time.monotonic() + 120
    while _fetch(url + gone + ".html") is not None and time.monotonic() < end:
        time.sleep(0.1)
    assert _fetch(url + gone + ".html") is None
    assert not (root / "site").exists()  # served from mkdocs' temporary folder, not written here
    with contextlib.suppress(urllib.error.HTTPError):
        assert urllib.request.urlopen(url + "downloads/" + gone + ".docx", timeout=5).status != 200
    _wait(url + "guide/skeleton.html", lambda b: gone not in b)
    assert _locations(url) == pages_before - {gone + ".html"}


def test_only_pages_that_read_a_changed_file_are_rendered_again():
    from macros import incremental
    from macros.validate import site_data

    site = site_data()
    state = incremental.STATE
    saved = (state.objects, state.pages)
    try:
        state.objects = incremental.objects(site)
        opening = next(r for r in site.records["phrases"] if r.rel.endswith("opening.yaml"))
        state.objects["phrases"] = {**state.objects["phrases"], opening.rel: object()}  # as if edited
        changed = incremental.changes(site)
        assert changed == {"phrases", ("phrases", opening.rel)}
        page = incremental.PageState
        state.pages = {
            "phrases/opening.md": page("h", frozenset({("phrases", opening.rel), "time_facts"}), "开头"),
            "phrases/closing.md": page("h", frozenset({("phrases", "data/phrases/closing.yaml")}), "结尾"),
            "phrases/index.md": page("h", frozenset({"phrases"}), "表述库"),
            "guide/skeleton.md": page("", frozenset(), "骨架"),
        }
        rebuild = {uri: incremental.must_rebuild(uri, None, False, changed, every=False) for uri in state.pages}
        assert rebuild == {
            "phrases/opening.md": True,
            "phrases/closing.md": False,
            "phrases/index.md": True,
            "guide/skeleton.md": False,
        }
        assert incremental.must_rebuild("guide/skeleton.md", None, True, changed, every=False)  # its file edited
        assert incremental.must_rebuild("guide/skeleton.md", None, False, changed, every=True)  # e.g. the nav
    finally:
        state.objects, state.pages = saved
