"""MkDocs hook: Chinese search tuned for this field.

1. Before indexing, jieba learns the domain words (data/search_terms.yaml plus
   every glossary term), so 一岗双责 or 三审三校 are indexed whole and a query for
   them does not match pages that merely contain their characters.
2. Material indexes each jieba word whole, so 落实 would not find 全面落实.
   Before the index is written we add, per entry, a hidden `subwords` field
   holding the dictionary words inside each longer word (as jieba's search
   mode does). It is indexed but never shown, and weighs less than the text.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jieba
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.validate import site_data  # noqa: E402

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_loaded: set[str] = set()


def domain_words(site) -> list[str]:
    words = list(site.search_terms.terms)
    for t in site.glossary.terms:
        words.append(t.term)
        words.extend(t.aliases)
    return sorted(set(words))


@event_priority(90)  # after hooks/generate.py validated the data, before material/search
def on_config(config):
    for word in domain_words(site_data()):
        if word not in _loaded:
            jieba.add_word(word)  # frequency chosen by jieba so the word stays whole
            _loaded.add(word)
    return config


def subwords(text: str) -> list[str]:
    """Dictionary words strictly inside the longer words of an indexed text."""
    freq = jieba.dt.FREQ
    out: dict[str, None] = {}
    for token in re.split(r"[\u200b\s]+", text):
        for run in HAN.findall(token):
            n = len(run)
            if n < 3:
                continue
            for size in range(2, n):
                for i in range(n - size + 1):
                    w = run[i : i + size]
                    if freq.get(w):
                        out[w] = None
    return list(out)


@event_priority(50)  # before material/search writes the index (and offline copies it)
def on_post_build(config):
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled:
        return
    patch_search_worker(config.site_dir)
    for entry in plugin.search_index.entries:
        words = subwords(entry.get("title", "") + "\u200b" + entry.get("text", ""))
        if words:
            entry["subwords"] = "\u200b".join(words)


# Material's query segmenter (search worker, function `segment`) never tries the
# whole query, nor any slice that ends at its last character: `for j = i + 1;
# j < query.length`. A query that is exactly one indexed word (一岗双责, 落实) is
# then cut into shorter pieces and its last character dropped, so 一岗双责 finds
# every page containing 一. Material is in maintenance mode, so we fix the bound
# in the built worker; the build fails loudly if the code no longer matches.
_SEGMENT_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
_SEGMENT_FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_search_worker(site_dir: str) -> None:
    workers = list(Path(site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"))
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if _SEGMENT_FIXED in code:  # already patched (a dirty rebuild kept the file)
            continue
        if code.count(_SEGMENT_LOOP) != 1:
            raise PluginError(
                f"{worker.name}: Material 搜索脚本的分词代码与 hooks/search.py 预期的不一致（主题升级后可能已修复或改写）。"
                "请检查 hooks/search.py 中的 _SEGMENT_LOOP，并运行 tests/test_search_offline.py 确认中文搜索仍然正确。"
            )
        worker.write_text(code.replace(_SEGMENT_LOOP, _SEGMENT_FIXED), encoding="utf-8")
    if not workers:
        raise PluginError("构建结果中没有 Material 的搜索脚本（assets/javascripts/workers/search.*.min.js）")
