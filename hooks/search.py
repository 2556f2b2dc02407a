"""MkDocs hook: Chinese search tuned for this field.

1. Before indexing, jieba learns the domain words (data/search_terms.yaml plus
   every glossary term), so 一岗双责 or 三审三校 are indexed whole and a query for
   them does not match pages that merely contain their characters.
2. Material indexes each jieba word whole, so 落实 would not find 全面落实.
   Before the index is written we add, per entry, a hidden `subwords` field
   holding the dictionary words inside each longer word (as jieba's search
   mode does). It is indexed but never shown, and weighs less than the text.
3. Controls (buttons, the phrase filter's options, toolbars) are kept out of the
   index: a search for 2027 must not list every page whose year filter offers 2027.
4. A query for a domain word the site does not contain (二十二大) gets no results,
   instead of matches on its pieces (二十, 大): see _ABSENT below.
5. A page about a thing ranks above pages that only use its name: front matter
   `search_keywords: [周年, 提法]` fills a hidden `keywords` field weighted like the title.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jieba
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import diskcache, incremental  # noqa: E402
from macros.loader import default_data_dir  # noqa: E402
from macros.segmenter import add_global_words  # noqa: E402
from macros.validate import site_data  # noqa: E402

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_loaded: set[str] = set()


_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals as used in party meeting names (十九, 二十一)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def meeting_words() -> list[str]:
    """Names of party congresses and plenums (十九大, 二十届四中全会) from the 18th to the 22nd:
    kept whole, so a query for one the site does not mention finds nothing."""
    words = []
    for n in range(18, 23):
        words.append(f"{_cn_number(n)}大")
        words.extend(f"{_cn_number(n)}届{_cn_number(m)}中全会" for m in range(1, 8))
    return words


def domain_words(site) -> list[str]:
    words = list(site.search_terms.terms) + meeting_words()
    for t in site.glossary.terms:
        words.append(t.term)
        words.extend(t.aliases)
    return sorted(set(words))


# Opening tags of controls that sit in page content. Their text (a button's 复制, the
# year filter's options) is not content; Material skips elements marked data-search-exclude.
_CONTROL_TAG = re.compile(
    r"<(button|select|textarea|form)\b(?![^>]*data-search-exclude)"
    r"|<(div|span|p)\b(?=[^>]*class=\"[^\"]*-toolbar\b)(?![^>]*data-search-exclude)"
)


def exclude_controls(html: str) -> str:
    return _CONTROL_TAG.sub(lambda m: m.group(0) + " data-search-exclude", html)


_keywords: dict[str, list[str]] = {}


def on_page_markdown(markdown, page, config, files):
    words = page.meta.get("search_keywords")
    if words is None:
        return markdown
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise PluginError(f"{page.file.src_path}: search_keywords 应当是词语列表，例如 search_keywords: [周年, 提法]")
    words = [w.strip() for w in words]
    if page.meta.get("search_keywords_years"):  # the 时效性 page answers a query for a year
        words += [f"{y}年" for y in site_data().time_facts.years()]
    _keywords[page.url] = words
    return markdown


@event_priority(-100)  # after every other hook changed the page content
def on_page_content(html, page, config, files):
    return exclude_controls(html)


@event_priority(90)  # after hooks/generate.py validated the data, before material/search
def on_config(config):
    new = [w for w in domain_words(site_data()) if w not in _loaded]
    add_global_words(new)
    _loaded.update(new)
    return config


def subwords(text: str) -> list[str]:
    """Dictionary words strictly inside the longer words of an indexed text."""
    freq = jieba.dt.FREQ  # holds every prefix of every word (frequency 0 if not a word itself)
    out: dict[str, None] = {}
    for token in re.split(r"[\u200b\s]+", text):
        for run in HAN.findall(token):
            n = len(run)
            if n < 3:
                continue
            found = []
            for i in range(n - 1):
                for j in range(i + 1, n + 1):
                    w = run[i:j]
                    if w not in freq:
                        break  # no longer word starts with w
                    if 2 <= j - i < n and freq[w]:
                        found.append((j - i, i, w))
            for _, _, w in sorted(found):  # shorter words first, as they occur
                out[w] = None
    return list(out)


@event_priority(50)  # before material/search writes the index (and offline copies it)
def on_post_build(config):
    plugin = config.plugins.get("material/search")
    if plugin is None or not plugin.config.enabled:
        return
    patch_search_worker(config.site_dir)
    entries = merge_dirty_rebuild(plugin)
    counts, pages = token_counts(entries)
    # jieba's dictionary holds the search terms and glossary terms: other edits keep the results
    _subwords.bind(default_data_dir(), diskcache.inputs_key(default_data_dir(), ("glossary", "search_terms")))
    for entry in entries:
        words = _subwords.get(entry.get("title", "") + "\u200b" + entry.get("text", ""), subwords)
        if words:
            entry["subwords"] = "\u200b".join(words)
        keywords = _keywords.get(entry.get("location", ""))
        if keywords:  # the page's own entry (no #anchor)
            entry["keywords"] = "\u200b".join(keyword_tokens(keywords, counts, pages))
    _subwords.save()


def merge_dirty_rebuild(plugin) -> list[dict]:
    """Under `make serve` (--dirty, hooks/incremental.py) only some pages were rendered again.
    Material's own merge assumes one page; keep the last index's entries of every page not
    rendered again and take the new entries of those that were."""
    entries = plugin.search_index.entries
    prev = plugin.search_index_prev
    if prev is not None and incremental.STATE.active:
        rebuilt = {e["location"].split("#")[0] for e in entries}
        kept = incremental.STATE.urls  # a deleted page leaves the index too
        entries[:0] = [e for e in prev.entries if (loc := e["location"].split("#")[0]) not in rebuilt and loc in kept]
        plugin.search_index_prev = None  # merged here: Material must not merge again
    return entries


_subwords = diskcache.Memo("subwords")  # by entry text: the dictionary comes from data and code


def token_counts(entries) -> tuple[dict[str, int], int]:
    """On how many pages each indexed word occurs, and the number of pages."""
    pages: dict[str, set[str]] = {}
    for entry in entries:
        page = entry.get("location", "").split("#")[0]
        text = entry.get("title", "") + "\u200b" + entry.get("text", "")
        pages.setdefault(page, set()).update(re.split(r"[\u200b\s]+|<[^>]+>", text))
    counts: dict[str, int] = {}
    for tokens in pages.values():
        for t in tokens:
            counts[t] = counts.get(t, 0) + 1
    return counts, len(pages)


def keyword_tokens(keywords: list[str], counts: dict[str, int], pages: int) -> list[str]:
    """The keywords as the index's own words. A keyword that is no indexed word is cut like the
    text: as a token of its own that only this page held, it would hide every other page from
    the query (半年总结 must still find every page with 半年 and 总结). Words on more than four
    pages in five (工作, 报告) and single characters say nothing about a page and are left out."""
    out: dict[str, None] = {}
    for w in keywords:
        for t in [w] if w in counts else jieba.cut(w):
            t = t.strip()
            if len(t) >= 2 and counts.get(t, 0) * 5 <= pages * 4:
                out[t] = None
    return list(out)


# Material's query segmenter (search worker, function `segment`) never tries the
# whole query, nor any slice that ends at its last character: `for j = i + 1;
# j < query.length`. A query that is exactly one indexed word (一岗双责, 落实) is
# then cut into shorter pieces and its last character dropped, so 一岗双责 finds
# every page containing 一. Material is in maintenance mode, so we fix the bound
# in the built worker; the build fails loudly if the code no longer matches.
_SEGMENT_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
_SEGMENT_FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


# Material's segmenter splits a query that is not an indexed word into indexed pieces,
# so 二十二大 (never mentioned) finds every page with 二十 and 大. When the query contains
# a domain word that the index does not hold, the segmenter keeps the query whole,
# which then matches nothing. The domain words are written into the worker.
_SEGMENT_RETURN = 'return r.has("")?new Set([t]):r}'
_ABSENT = "__handbookAbsent"
# jieba indexes 2027年 as 2027 + 年, but the worker looks up a typed 2027年 whole and
# finds nothing: split digits and Latin letters from Chinese in the query first, and drop
# the 年/月/日 after a number (as a one-character prefix 年 would match every 年度).
_SEARCH_START = r'search(e){if(e=e.replace(new RegExp("\\p{sc=Han}+","gu"),'
_SPLIT = "__handbookSplit"


def _segment_return_fixed() -> str:
    return f'return r.has("")||{_ABSENT}(t,e)?new Set([t]):r}}'


def _search_start_fixed() -> str:
    return _SEARCH_START.replace("search(e){if(e=", f"search(e){{if(e={_SPLIT}(e),e=", 1)


def _absent_prelude(words: list[str]) -> str:
    import json

    return (
        f"var __handbookWords={json.dumps(words, ensure_ascii=False)};"
        f"function {_ABSENT}(t,e){{for(var i=0;i<__handbookWords.length;i++)"
        "{var w=__handbookWords[i];if(t.indexOf(w)>=0&&!(w in e))return true}return false}"
        f"function {_SPLIT}(q){{return q.replace(/([0-9]+)[年月日号]/g,'$1 ')"
        ".replace(/([0-9A-Za-z])(?=\\p{sc=Han})/gu,'$1 ')"
        ".replace(/(\\p{sc=Han})(?=[0-9A-Za-z])/gu,'$1 ')}\n"
    )


def patch_search_worker(site_dir: str) -> None:
    workers = list(Path(site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"))
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if _SEGMENT_FIXED in code:  # already patched (a dirty rebuild kept the file)
            continue
        if any(code.count(part) != 1 for part in (_SEGMENT_LOOP, _SEGMENT_RETURN, _SEARCH_START)):
            raise PluginError(
                f"{worker.name}: Material 搜索脚本的分词代码与 hooks/search.py 预期的不一致（主题升级后可能已修复或改写）。"
                "请检查 hooks/search.py 中的 _SEGMENT_LOOP，并运行 tests/test_search_offline.py 确认中文搜索仍然正确。"
            )
        code = code.replace(_SEGMENT_LOOP, _SEGMENT_FIXED).replace(_SEGMENT_RETURN, _segment_return_fixed())
        code = code.replace(_SEARCH_START, _search_start_fixed())
        worker.write_text(_absent_prelude(sorted(_loaded)) + code, encoding="utf-8")
    if not workers:
        raise PluginError("构建结果中没有 Material 的搜索脚本（assets/javascripts/workers/search.*.min.js）")
