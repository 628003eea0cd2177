"""The scanner finds exactly what each matcher finds alone (``Matcher.find`` is the oracle).

The scanner skips positions by reasoning about what terms can start with; these tests
throw terms and texts at it that stress that reasoning: wildcards, spaces and hyphens,
apostrophes, capitals-only terms, dots, raw patterns with lookarounds, patterns that may
start inside a word or match nothing, and non-ASCII text (including characters that
``re`` folds onto ASCII letters, such as the Kelvin sign).
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from thawwatch.signals.scan import Scanner
from thawwatch.signals.starts import raw_alt, required_chars
from thawwatch.signals.terms import Matcher

RAW = [
    r"re:\bend(?!\s+of\b)",
    r"re:\w+n['’]t\b",  # may start inside a word
    r"re:(?<![\w-])(?:free|freed)\b",
    r"re:(?<!in a )\brows?\b",
    r"re:(?i:ab)c",
    r"re:(?<=\s)us\b",
    r"re:[^a]b\.",
    r"re:\b(?:th|ab)c\.?",
    r"re:é+t",
    r"re:\d+ ?%",
    r"re:(?<=\bthrough\s)20\d\d",
    r"re:\bU\.S\.\s+dollars?",
    r"re:x*",  # can match the empty string: left to its own pattern
    r"re:(a)b",  # has a group of its own: left to its own pattern
    r"re:^ab",
    r"re:sé\b",
    r"re:(?<=x)ab",  # a lookbehind ending in a word character: may start inside a word
    r"re:(?<=[ (])us",
]
PIECES = ["ab", "abc", "us", "US", "U.S.", "EV", "sé", "tariff", "end", "ki", "ſt", "é", "É",
          "+5", "中国", "Île"]  # fmt: skip
GLUE = ["", " ", "-", "*", "'", "’", ".", "s", "c", "a"]
TEXT = [
    "ab", "abc", "AB", "aBc", "us", "US", "u.s.", "U.S.", "EV", "ev", "tariff", "TARIFFS",
    "end", "end of", "ends", "don't", "won’t", "free", "freed", "post-free", "in a row",
    "rows", "sé", "SÉ", "é", "ét", "Kelvin", "\u212aiwi", "ſt", "İst", "ıs", "中国", "20",
    "2026", "through", "5%", "12 %", "dollars", "U.S. dollar", " ", "  ", "-", "--", ".", "+5",
    "中国", "Île", "île", "ÉÉ", "\u00a0",
    ",", "'", "’", "x", "xx", "\t", "\n", "a-b", "ab-c", "ab c", "ab\u00a0c", "_ab", "1ab",
]  # fmt: skip


def _term(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(RAW)
    parts = [rng.choice(PIECES)]
    for _ in range(rng.randint(0, 2)):
        parts += [rng.choice(GLUE), rng.choice(PIECES)]
    if rng.random() < 0.3:
        parts.append(rng.choice(GLUE))
    term = "".join(parts).strip()
    return term if term and term != "*" else "ab"


def _text(rng: random.Random) -> str:
    sep = ["", " ", " ", ", ", ". ", "-", "'"]
    return "".join(rng.choice(TEXT) + rng.choice(sep) for _ in range(rng.randint(0, 14)))


def _check(families: list[list[str]], texts: list[str]) -> None:
    matchers = [Matcher(terms, f"f{i}") for i, terms in enumerate(families)]
    scanner = Scanner(matchers)
    for text in texts:
        assert scanner.scan(text) == [m.find(text) for m in matchers], (families, text)
        assert scanner.first(text) == [m.search(text) for m in matchers], (families, text)
        wanted = list(range(0, len(matchers), 2))
        got = scanner.first(text, wanted)
        assert [got[i] for i in wanted] == [matchers[i].search(text) for i in wanted]
        assert all(got[i] is None for i in range(1, len(matchers), 2))


def test_random_families_and_texts_match_the_matchers_alone() -> None:
    rng = random.Random(20260112)
    for _ in range(300):
        count = rng.randint(1, 4)
        families = [[_term(rng) for _ in range(rng.randint(1, 8))] for _ in range(count)]
        _check(families, [_text(rng) for _ in range(40)])


@settings(max_examples=200)
@given(
    families=st.lists(
        st.lists(st.sampled_from(RAW + PIECES + ["ab c", "a-b", "ab*", "u.s.", "U.S"]),
                 min_size=1, max_size=6),
        min_size=1, max_size=4,
    ),
    texts=st.lists(st.lists(st.sampled_from(TEXT)).map(" ".join) | st.text(max_size=40),
                   min_size=1, max_size=5),
)  # fmt: skip
def test_any_text_matches_the_matchers_alone(families: list[list[str]], texts: list[str]) -> None:
    _check(families, texts)


def test_overlapping_terms_of_one_family_take_the_leftmost_then_its_own_choice() -> None:
    # "tariff free" starts where "tariff" does; the matcher's alternation decides which
    _check([["tariff", "tariff free", "free"], ["free", "re:\\w+ee\\b"]],
           ["tariff free", "tariff-free zone", "free tariff free", "tarifffree"])  # fmt: skip


def test_capitals_only_terms_stay_case_sensitive() -> None:
    _check([["US", "U.S."], ["us"]], ["US us Us uS U.S. u.s.", "USA", "US$", "(US)"])


def test_non_ascii_text_around_terms() -> None:
    # é is a word character: no term starts right after it; the Kelvin sign folds onto k
    texts = ["éUS", "é US", "\u212aiwi", "KIWI", "Montréal tariffs", "sé.", "中国US", "«US»"]
    _check([["kiwi", "US", "tariff*"], ["re:sé\\b", "é"]], texts)


def test_start_and_end_of_text() -> None:
    _check([["ab", "re:^ab", "re:(?<=\\s)us\\b"]], ["ab", "ab ab", " ab", "us", " us", "ab.", ""])


def test_terms_that_start_with_a_non_ascii_character() -> None:
    # nothing ASCII can start them: only the text's non-ASCII positions are tried
    texts = ["", " ", "é", "Île île ILE", "aé", "a\u00e9", "ab é"]
    _check([["é"]], texts)  # a scanner whose terms all start so
    _check([["Île", "é"], ["aé", "ab"]], texts)


def test_raw_prefixes_cover_their_matches() -> None:
    rng = random.Random(7)
    for raw in RAW:
        pattern = raw[3:]
        compiled = re.compile(pattern)
        alt = raw_alt(f"(?:{pattern})")
        needs = required_chars(f"(?:{pattern})")
        for _ in range(400):
            text = _text(rng)
            for pos in range(len(text) + 1):
                m = compiled.match(text, pos)
                if not m or m.end() == pos:
                    continue
                matched = text[pos : m.end()]
                for chars, ch in zip(alt.prefix, matched, strict=False):
                    assert not ch.isascii() or ch in chars, (raw, text, pos)
                if alt.anchored:
                    assert pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "_")
                if needs is not None:
                    assert any(c in text for c in needs), (raw, text)


def test_a_matcher_joins_one_scanner_only() -> None:
    m = Matcher(["ab"])
    Scanner([m])
    try:
        Scanner([m])
    except ValueError as exc:
        assert "already belongs" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a second scanner took the matcher")


def test_isalnum_is_what_re_calls_a_word_character() -> None:
    word = re.compile(r"\w")
    for code in range(0x3100):  # the scanner's non-ASCII positions rely on this
        ch = chr(code)
        assert (ch.isalnum() or ch == "_") == bool(word.match(ch)), hex(code)
