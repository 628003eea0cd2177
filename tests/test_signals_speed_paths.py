"""The fast paths behind classify() give the answers of the plain ones.

Rules loaded with user terms go through the same scanners as the bundled ones; shortcuts
(gated regexes, the "already clean" test, the year hint, per-sentence memos) must be exact.
The expected classifications below are what the classifier gave before it was sped up.
"""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thawwatch.signals import (
    classify,
    dates,
    governing,
    load_rules,
    rates,
    settle,
    tariff_checks,
    tariffs,
    text,
)
from thawwatch.signals.starts import gated
from thawwatch.signals.terms import Matcher, find_all
from thawwatch.signals.text import Sentence
from thawwatch.text import _unclean_char, clean_text, is_clean

USER = {
    "relevance": {"canada": ["Maple Nation", "re:(?:zz)?"], "china": ["re:(M)iddle\\s+Kingdom"]},
    "direction": {"cues": {"boycott": {"terms": ["re:\\bboycott\\w*", "shun*"], "score": -5}}},
}


def test_user_terms_are_found_through_the_shared_scanners() -> None:
    rules = load_rules(USER)
    sides = rules.relevance
    assert sides.canada.scanner is not None
    assert sides.canada.scanner is sides.china.scanner is sides.third_party.scanner
    boycott = next(c for c in rules.direction.cues if c.name == "boycott")
    assert boycott.matcher.scanner is rules.tariffs.hedges.scanner  # the per-sentence one
    s = Sentence("Beijing shuns Maple Nation pork; a boycott looms over the Middle Kingdom", False)
    for m in (sides.canada, sides.china, boycott.matcher, *rules.direction.matchers()):
        assert s.find(m) == m.find(s.text)
    assert [h.text for h in s.find(sides.canada)] == ["Maple Nation"]
    assert [h.text for h in s.find(boycott.matcher)] == ["shuns", "boycott"]
    c = classify(
        "Maple Nation and the Middle Kingdom meet",
        "Beijing shuns Maple Nation pork; a boycott looms.",
        date(2026, 1, 10),
        rules,
    )
    assert c.reasons == (
        "relevance: 'Maple Nation' + 'Middle Kingdom'",
        "topic agriculture: 'pork'",
        "topic diplomacy: 'meet'",
        "direction cooling: 'shuns' (-5.0)",
        "direction cooling: 'boycott' (-5.0)",
        "direction cooling, despite 'meet' (+2.5)",  # it pulled the other way
    )
    assert c.score == -1.59


def test_user_patterns_that_may_match_nothing_or_have_groups_keep_their_meaning() -> None:
    rules = load_rules(USER)
    canada, china = rules.relevance.canada, rules.relevance.china
    for sentence in ("zz Maple Nation", "Middle  Kingdom and Maple Nation", "nothing here"):
        s = Sentence(sentence, False)
        assert s.find(canada) == canada.find(sentence)
        assert s.find(china) == china.find(sentence)


@pytest.mark.parametrize(
    ("title", "summary", "relevant", "topics", "direction", "signals"),
    [
        # "us" is not "US": only the capitals are a third country
        ("Canada and China talk about us", "", True, (), "neutral", []),
        ("Canada and China: US steps in", "", True, ("us_factor",), "neutral", []),
        # hyphen variants of one term
        ("China lifts anti-dumping duties on Canadian canola", "", True, ("agriculture",),
         "warming", [("cn-canola-seed-ad", "remove", 0)]),
        ("China lifts antidumping duties on Canadian canola", "", True, ("agriculture",),
         "warming", [("cn-canola-seed-ad", "remove", 0)]),
        # verbs glued into compounds are not actions ("post-cut", "tariff-free")
        ("Ottawa weighs post-cut tariff-free quota for Chinese EVs", "", True, ("ev",),
         "neutral", []),
        # overlapping products in a list ("canola oil", "meal", "peas")
        ("Beijing scraps duties on Canadian canola oil, meal and peas",
         "The move takes effect March 1.", True, ("agriculture",), "warming",
         [("cn-canola-oil", "remove", 0), ("cn-canola-meal", "remove", 0),
          ("cn-peas", "remove", 0)]),
        # non-ASCII text before a term
        ("Montréal exporters: China ends tariffs on Canadian lobster", "", True, ("seafood",),
         "warming", [("cn-seafood", "remove", 0)]),
        ("Canada-China ties: Beijing doesn't plan to lift canola duties", "", True,
         ("agriculture", "diplomacy"), "neutral", []),
    ],
)  # fmt: skip
def test_edge_cases_classify_as_before(
    title: str, summary: str, relevant: bool, topics: tuple, direction: str, signals: list
) -> None:
    c = classify(title, summary, date(2026, 1, 10))
    assert (c.relevant, c.topics, c.direction) == (relevant, topics, direction)
    assert [(s.measure, s.action, s.rate) for s in c.signals] == signals


WORDS = ["Canada", "China", "tariff", "duties", "from", "to", "until", "through", "since",
         "March 1", "Dec. 31", "2026", "2027", "1 March 2026", "2026-03-01", "the end of the year",
         "year-end", "5.9%", "100 per cent", "to zero", "duty-free", "U.S.", "Mr.", "is", "was",
         "the", "its", "newly", "suspension", "exempted", "but", "while", ";", ":", " - ", ",",
         ".", "é", "’", "20x", "x2026", "2026x", "about 15%", "from 100% to 6.1%",
         "٢ March", "March ٣", "20٢٦", "ſept. 1", "K"]  # fmt: skip
PHRASES = st.lists(st.sampled_from(WORDS), max_size=20).map(" ".join) | st.text(max_size=60)
GATED = [
    dates._DATE, dates._UNTIL, dates._EFFECTIVE, dates._PAST, rates._PAIR, rates._ZERO,
    rates._TO_BEFORE, rates._OLD_BEFORE, text._CLAUSE, text._ABBREV, governing._NOUN,
    tariff_checks.DETERMINER, governing._AUXILIARY, tariffs._SUSPENSION, settle._SUSPENSION,
]  # fmt: skip


def _ungated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern inside the gate: ``[(?<!\\w)](?=[...])(?:original)`` (the gate's class
    escapes its brackets, so its first "])" closes it)."""
    source = pattern.pattern
    return re.compile(source[source.index("])(?:") + 5 : -1], pattern.flags)


@given(PHRASES)
def test_gated_patterns_match_like_the_originals(phrase: str) -> None:
    for pattern in GATED:
        original = _ungated(pattern)
        assert gated(original).pattern == pattern.pattern
        got = [(m.span(), m.groups()) for m in pattern.finditer(phrase)]
        assert got == [(m.span(), m.groups()) for m in original.finditer(phrase)]
        for pos in (0, len(phrase) // 2, max(0, len(phrase) - 9)):
            a, b = pattern.search(phrase, pos), original.search(phrase, pos)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


@given(PHRASES)
def test_rates_with_numbers_need_a_digit(phrase: str) -> None:
    if not re.search(r"\d", phrase):  # find_rates skips both patterns then
        assert rates._PAIR.search(phrase) is None
        assert rates._ONE.search(phrase) is None


@given(PHRASES)
def test_year_hint_is_the_first_free_standing_20xx(phrase: str) -> None:
    m = re.search(r"\b(20\d\d)\b", phrase)
    assert dates.year_hint(phrase) == (int(m.group(1)) if m else None)


@given(st.text(max_size=40) | st.lists(st.sampled_from([*WORDS, "  ", "\t", "\n"])).map("".join))
def test_already_clean_text_is_left_alone_by_clean_text(phrase: str) -> None:
    for max_len in (5, 40, 8000):
        if is_clean(phrase, max_len):
            assert clean_text(phrase, max_len) == phrase


def test_sentence_memos_answer_like_the_matchers() -> None:
    rules = load_rules()
    rng = random.Random(3)
    for _ in range(200):
        words = rng.choices([*WORDS, "canola", "lifts", "not", "could", "Beijing"], k=12)
        s = Sentence(" ".join(words), False)
        family = rules.direction.verb_matchers
        assert s.find_each(family) == [m.find(s.text) for m in family]
        assert s.find_all(family, free_standing=True) == find_all(
            family, s.text, free_standing=True
        )
        loose = [Matcher(["lifts", "re:\\w+ts\\b"], "x")]  # not in any scanner
        assert s.find_all(loose) == find_all(loose, s.text)


def test_unclean_characters_are_controls_bidi_controls_and_every_space_but_the_space() -> None:
    everything = "".join(map(chr, range(0x110000)))
    expected = re.findall(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
                          r"\u00ad\u200b\u2060\ufeff]|[^\S ]", everything)
    assert _unclean_char().findall(everything) == expected


def count_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls to ``sides_of.<name>`` (still made: a spy, not a stand-in); the
    count is the list's one element."""
    from thawwatch.signals import sides_of

    calls = [0]
    real = getattr(sides_of, name)

    def counted(*args: object) -> object:
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(sides_of, name, counted)
    return calls


@pytest.mark.parametrize("summary", [
    ("cuts tariffs on canola oil, meal and seed and peas and pork, " * 200)[:8000],
    ("extends suspension to lobster, crab, shrimp, oyster, clam, scallop, " * 200)[:8000],
])
def test_a_hostile_list_of_goods_costs_a_walk_not_every_pair(
        summary: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An 8,000-character summary repeating a list of goods held a parser worker for
    14-80 s: each product's list was found by comparing it with every other product,
    each comparison scanning them all again (~430,000 comparisons). The list is now
    walked neighbour by neighbour, over at most MAX_PRODUCTS products per sentence."""
    calls = count_calls(monkeypatch, "adjacent")
    result = classify("China cuts tariff on Canadian canola", summary, date(2026, 3, 1))
    assert result.signals  # still read
    assert calls[0] < 2_000, calls


def test_every_bundled_pattern_that_may_start_inside_a_word_names_a_character_it_needs() -> None:
    """Patterns that may start anywhere (Chinese ones: no word boundaries) are tried at
    every position of a text holding a character they need; one that needs no particular
    character made the scanner try them all on every sentence (the Chinese cues written
    as "(?:暂停|取消…)" cost classify a third of its speed on English feeds)."""
    from thawwatch.signals import scan

    rules = load_rules(None)
    matchers = [*rules.direction.matchers(), *rules.tariffs.matchers(), *rules.topics.family]
    scanners = {id(m.scanner): m.scanner for m in matchers if m.scanner is not None}
    assert scanners
    for scanner in scanners.values():
        scanner.hits("warm up")  # the index is built on first use
        assert scanner._loose_by_char is not None, [
            a.regex for alts in scanner._alts.values() for a in alts
            if not a.anchored and scan.required_chars(a.regex) is None]


def test_a_hostile_run_of_side_words_is_looked_at_from_its_ends(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A summary of "China's" 850 times held a worker for 89 s: each product's actor was
    sought among every side word, each checked against every product. The actor is now
    sought among the first and last MAX_SIDES side words of the clause (34,001 checks
    before, under 1,500 now), and a possessive's goods are walked, not paired."""
    calls = count_calls(monkeypatch, "qualifies")
    summary = ("China's " * 850 + "tariff cut on canola, peas, pork, lobster, " * 10)[:8000]
    result = classify("China cuts tariff on Canadian canola", summary, date(2026, 11, 25))
    assert result.signals
    assert calls[0] < 1_500, calls


def test_a_text_is_tried_only_for_the_loose_patterns_whose_characters_it_holds() -> None:
    """Loose patterns (Chinese cues, "n't") are tried position by position; English text
    with an apostrophe was tried for every Chinese cue too (~150 us a sentence). It is now
    tried for those it can match, at the same positions as trying them all."""
    rules = load_rules(None)
    scanners = {id(m.scanner): m.scanner for m in rules.direction.matchers()
                if m.scanner is not None}
    for scanner in scanners.values():
        scanner.hits("warm up")  # the index is built on first use
    scanner = next(s for s in scanners.values()
                   if s._loose is not None and "n['’]t" in s._loose.pattern)
    english = "China won't cut Canada’s canola tariff, officials say"
    chinese = "中方不会下调对加拿大油菜籽的关税"
    picked = scanner._loose_for(english)
    assert picked is not None and "n['’]t" in picked.pattern
    assert all(ord(c) < 128 or c == "’" for c in picked.pattern), picked.pattern  # no cue
    assert scanner._loose_for("China cuts canola tariff") is None  # nothing it needs
    assert "下" in scanner._loose_for(chinese).pattern
    for sample in (english, chinese, f"{english} {chinese}", "Ottawa doesn’t 停止 talks"):
        regex = scanner._loose_for(sample)
        got = {m.start() for m in regex.finditer(sample)} if regex is not None else set()
        assert got == {m.start() for m in scanner._loose.finditer(sample)}, sample


def test_a_hostile_chinese_run_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chinese has no spaces, so word counts ("three words from the product") do not bound
    anything: an 8,000-character run of side words, actions and goods made every product
    look at every side word after it (3.3 s; 20,380 adjacency checks). Sides now qualify
    goods within 60 characters, and overlapping hits are weighed by their neighbours, not
    all kept ones."""
    calls = count_calls(monkeypatch, "adjacent")
    summary = ("加拿大中方对华加征暂停取消下调恢复延长豌豆猪肉龙虾的关税" * 280)[:8000]
    result = classify("中方下调对加拿大油菜籽反倾销保证金至15%", summary, date(2026, 11, 20))
    assert result.signals
    assert calls[0] < 6_000, calls


def test_a_product_s_own_rate_is_looked_up_once_not_per_action(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"cuts 5%" 500 times, then a list of goods, took 15-24 s: the window of every action
    before every product looked the product's rate up again, each lookup reading every
    rate. The product's own rate is now looked up once per product."""
    from thawwatch.signals import governing

    calls = [0]
    real = governing.rate_for

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(governing, "rate_for", counted)
    summary = ("cuts 5% " * 500 + "canola oil, peas, pork, lobster, crab, canola meal, " * 7)
    result = classify("China cuts tariffs on Canadian canola oil", summary[:8000],
                      date(2026, 11, 20))
    assert result.signals
    assert calls[0] < 200, calls
