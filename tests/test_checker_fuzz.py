"""Any Unicode text up to 1 MB never crashes the Python engine (and a finding always points
inside the text). Kept fast: a modest number of generated examples plus explicit large cases."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_checker_common import DRAFTS, shared_engine

# Characters the rules care about, so generated text reaches the interesting paths.
ALPHABET = st.one_of(
    st.characters(),  # any code point, surrogates excluded by Python strings
    st.sampled_from(
        list(
            "XＸx*＊×某【】（）()《》“”\"'一二三四五六七八九十、.．0123456789年周建国党的大届中全会精神"
            "，。；：,;:?!…#<>&\n\r\t \u3000黨國會迎接明年十四五开局之年𠀀"
        )
    ),
)


def _check(text: str, **kw) -> None:
    res = shared_engine().check(text, **kw)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for f in res.findings:
        assert 1 <= f.line <= len(lines)
        assert 1 <= f.column <= f.end <= len(lines[f.line - 1]) + 1
        assert lines[f.line - 1][f.column - 1 : f.end - 1] == f.text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=ALPHABET, max_size=5000),
    st.one_of(st.none(), st.integers(1949, 2100)),
    st.one_of(
        st.none(),
        st.sampled_from(["half-year", "annual", "secretary-report", "briefing", "risk-analysis", "self-inspection"]),
    ),
)
def test_any_text_any_year_any_type(text, year, type_id):
    _check(text, year=year, type_id=type_id)


def test_one_megabyte():
    """One explicit 1 MB case: whole drafts, a very long line, brackets and quotes left open,
    every heading level, all in one text."""
    drafts = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DRAFTS.glob("*.txt")))
    junk = "(" + "中" * 70 + '"' + "一、建国70周年" + "黨" * 30 + "𠀀XX" + "\r\n"
    text = drafts + "\n" + "街道党工委" * 20_000 + "\n" + junk * 3000
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    t = time.perf_counter()
    _check(text, year=2024, type_id="annual")
    assert time.perf_counter() - t < 60
