"""jieba's dictionary, loaded once per build.

Material's search and hooks/search.py use jieba's global tokenizer, to which the
search hook adds the domain words. The Word title breaker (macros/docx/title.py)
needs a tokenizer without those words. Loading the dictionary is one of the slowest
steps of a build, so the private tokenizer starts from a snapshot of the default
dictionary, taken before any word is added, instead of loading it a second time.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=1)
def _pristine() -> tuple[dict, int]:
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return dict(jieba.dt.FREQ), jieba.dt.total


def add_global_words(words: Iterable[str]) -> None:
    """Teach the global tokenizer (search) words, keeping them out of private tokenizers."""
    import jieba

    _pristine()
    for word in words:
        jieba.add_word(word)  # frequency chosen by jieba so the word stays whole


def private_tokenizer(words: Iterable[str]):
    """A tokenizer with jieba's default dictionary plus `words` only."""
    import jieba

    freq, total = _pristine()
    t = jieba.Tokenizer()
    t.FREQ, t.total, t.initialized = ChainMap({}, freq), total, True
    for word in words:
        t.add_word(word)
    return t
