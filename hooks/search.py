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
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.loader import site_data  # noqa: E402

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
                    w = run[i:i + size]
                    if freq.get(w):
                        out[w] = None
    return list(out)


@event_priority(50)  # before material/search writes the index (and offline copies it)
def on_post_build(config):
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled:
        return
    for entry in plugin.search_index.entries:
        words = subwords(entry.get("title", "") + "\u200b" + entry.get("text", ""))
        if words:
            entry["subwords"] = "\u200b".join(words)
