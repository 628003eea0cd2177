"""Shortcuts that let classify() skip work must give what the work would have given.

Topics are read from the scans of an item's sentences instead of a search of the whole
title and summary; finders read text in lower case; substring tests stand in front of
case-insensitive patterns; sentences answer for whole groups of matchers. Each is checked
here against the plain way (a matcher's own search, a pattern's own finditer).
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from test_signals_scan import _check

from thawwatch.signals import TOPICS, dates, load_rules, rates, tariffs
from thawwatch.signals.scan import Scanner, sentence_local
from thawwatch.signals.terms import Matcher
from thawwatch.signals.text import Sentence, lazy, may_mention, sentences, tiles
from thawwatch.signals.topics import TopicRules, find_topics

# Topic words the user adds: some stay inside a sentence, some may not (a space or a
# sentence end read across, a lookaround that is not about word characters, a group).
USER_TOPICS = {
    "topics": {
        "diplomacy": {"keywords": ["U.S. dollar", "talks. Then", "-free", "re:(?<=\\s)pact"]},
        "ev": {"keywords": ["re:\\bcar\\s*", "re:(v)ans", "re:\\w+n't\\b", "re:x?y?"]},
        "agriculture": {"keywords": ["U.S.", "Inc.*", "wheat!", "re:\\bsoy\\w*"]},
    }
}
WORDS = [
    "Canada", "China", "canola", "pork", "EV", "EVs", "cars", "car", "vans", "talks", "Then",
    "then", "U.S.", "U.S. dollar", "dollar", "free", "-free", "tariff-free", "pact", "Inc.",
    "wheat!", "soy", "soybeans", "don't", "won't", "visit", "Beijing", "leaders", "the", "meet",
    "met", "steel", "aluminum", "tourism", "group", "tours", "Xi", "Carney", "and", "of", "é",
    "ſoy", "Kelvin", "\u212a", "x", "y", "xy", "2026",
]  # fmt: skip
ENDS = [". ", "! ", "? ", ".  ", " ", ", ", ".", "; ", " - "]


def _summary(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(ENDS) for _ in range(rng.randint(0, 18))).strip()


def _old_topics(rules: TopicRules, title: str, summary: str) -> list[str]:
    """What find_topics gave before: each topic's first match in the title, else in the
    summary, by the matcher's own search."""
    found: dict[str, str] = {}
    for text in (title, summary):
        for topic, matcher in rules.matchers.items():
            if topic not in found and (hit := matcher.search(text)):
                found[topic] = f"topic {topic}: {hit.text!r}"
    return [found[t] for t in rules.matchers if t in found]


def test_topics_from_sentence_scans_are_the_searches_of_title_and_summary() -> None:
    rng = random.Random(11)
    for rules in (load_rules(), load_rules(USER_TOPICS)):
        for _ in range(600):
            title, summary = _summary(rng), _summary(rng)
            got = find_topics(rules.topics, sentences(title, summary), summary)[1]
            want = _old_topics(rules.topics, title, summary)
            assert sorted(got) == sorted(want), (title, summary)


def test_topics_with_words_that_cross_sentences_are_searched_in_the_whole_text() -> None:
    families = [[t] for t in TRICKY] + [TRICKY[:6], TRICKY[6:]]
    sets = [
        TopicRules({t: Matcher(terms, t) for t, terms in zip(TOPICS, families[k:], strict=False)})
        for k in range(0, len(families), len(TOPICS))
    ]
    for topics in sets:
        Scanner(list(topics.family))
    assert any(topics.local for topics in sets)
    assert any(set(topics.matchers) - topics.local for topics in sets)
    texts = [("", "Then car  "), ("x", "talks. Then car."), ("x", "U.S.  Then car"),
             ("-free car", "wow!\tThen free. EV pact"), ("", "it's car.  -free")]  # fmt: skip
    rng = random.Random(3)
    for _ in range(800):
        title, summary = (  # masking may leave spaces at either end
            "".join(rng.choice(PIECES) + rng.choice([". ", "! ", " ", "  ", ".  ", ".\t"])
                    for _ in range(rng.randint(0, 9))).strip() + rng.choice(["", "  "])
            for _ in range(2)
        )  # fmt: skip
        texts.append((title, summary))
    for title, summary in texts:
        for topics in sets:
            got = find_topics(topics, sentences(title, summary), summary)[1]
            want = _old_topics(topics, title, summary)
            assert sorted(got) == sorted(want), (title, summary)


def test_which_topic_words_are_sentence_local() -> None:
    rules = load_rules(USER_TOPICS)
    # ev: a group and an empty match; diplomacy: a space after a sentence end, a lookbehind
    assert rules.topics.local == {"agriculture", "seafood", "steel_aluminum", "tourism",
                                  "us_factor"}  # fmt: skip
    local = ["U.S.", "canola*", "it's", "wow!", "trade war", "re:\\bboycott\\w*",
             "re:\\b(?:visit|trip\\s+to)\\s+China\\b", "re:(?<!\\w)x(?!\\w)"]  # fmt: skip
    not_local = ["U.S. dollar", "Mr.-X", "-free", "re:(?<=\\s)x", "re:\\.\\s+x", "re:^x",
                 "re:x(?=y)", "re:(?<!Jennifer )\\bMay", "re:(a)b", "re:x*",
                 "re:[^a]b"]  # fmt: skip
    assert all(sentence_local(Matcher([t])) for t in local)
    assert not any(sentence_local(Matcher([t])) for t in not_local)


# sentence-local terms first, then terms that are not
TRICKY = ["U.S.", "talks", "wow!", "it's", "re:\\bcar\\s*", "EV", "trade war", "re:\\bsoy\\w*",
          "U.S. dollar", "talks. Then", "-free", "re:(?<=\\s)pact", "re:\\.\\s+\\w+",
          "x!y"]  # fmt: skip
PIECES = ["U.S.", "dollar", "talks", "Then", "free", "-free", "pact", "car", "cars", "wow", "EV",
          "it's", "soy", "trade", "war", "x", "y", "é"]  # fmt: skip


@settings(max_examples=400)
@given(
    terms=st.lists(st.sampled_from(TRICKY), min_size=1, max_size=3),
    parts=st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=5), max_size=4),
    ends=st.lists(st.sampled_from([".", "!", "?", ""]), min_size=4, max_size=4),
    gaps=st.lists(st.sampled_from([" ", "  ", ""]), min_size=5, max_size=5),
)
def test_a_local_matcher_finds_across_tiled_sentences_what_its_search_finds(
    terms: list[str], parts: list[list[str]], ends: list[str], gaps: list[str]
) -> None:
    matcher = Matcher(terms)
    texts = [(" ".join(words) + end).strip() for words, end in zip(parts, ends, strict=False)]
    units = [Sentence(t, False, k) for k, t in enumerate(texts) if t]
    text = gaps[0] + "".join(u.text + gap for u, gap in zip(units, gaps[1:], strict=False))
    if not (sentence_local(matcher) and tiles(text, units)):
        return
    first = next((hits[0] for u in units if (hits := matcher.find(u.text))), None)
    searched = matcher.search(text)
    assert (first and first.text) == (searched and searched.text), (terms, text)


def test_tiles_takes_only_sentences_apart_by_spaces() -> None:
    def parts(*texts: str) -> list[Sentence]:
        return [Sentence(t, False) for t in texts]

    assert tiles("A b. C d!", parts("A b.", "C d!"))
    assert tiles("  A b.   C d!  ", parts("A b.", "C d!"))
    assert tiles("A b.  C d", parts("A b.", "C d"))
    assert tiles("", [])
    assert tiles("A b", parts("A b"))
    assert not tiles("A b.\tC d", parts("A b.", "C d"))  # other whitespace
    assert not tiles("A b C d", parts("A b", "C d"))  # no sentence end between
    assert not tiles("A b.C d", parts("A b.", "C d"))  # nothing between
    assert not tiles("A b. C d. E", parts("A b.", "C d."))  # text left over
    assert not tiles("A b   ", parts("A b"))  # the last sentence could run on


LETTERS = ["ab", "Bc", "cd", "De", "EF", "US", "us", "U.S.", "fg", "gh", "Hi", "ij", "JK",
           "kl", "Lm", "mn", "No", "op", "PQ", "qr", "st", "Tu", "vw", "xy", "Zz", "é", "Île",
           "\u212ael", "ſt", "re:\\w+n['’]t\\b", "re:\\bq\\w+"]  # fmt: skip


def test_lower_case_finders_miss_nothing() -> None:
    """Scanners with many first characters read the text in lower case (case-sensitive
    terms then get extra candidates, which the probes turn down)."""
    rng = random.Random(5)
    pieces = [t for t in LETTERS if not t.startswith("re:")] + ["don't", "won’t", "AB", "aB"]
    for _ in range(60):
        families = [rng.sample(LETTERS, rng.randint(4, 10)) for _ in range(rng.randint(2, 4))]
        families[0] += LETTERS[:20]  # well over the literal finders' limit
        texts = ["".join(rng.choice(pieces) + rng.choice(["", " ", "-", ". ", "'"])
                         for _ in range(rng.randint(0, 12))) for _ in range(30)]  # fmt: skip
        _check(families, texts)
    scanner = Scanner([Matcher(LETTERS)])
    scanner.hits("x")
    assert scanner._finder is not None and scanner._finder.lower


PATTERNS = [
    (tariffs._ELLIPSIS, ("canola", "rapeseed")),
    (rates._ZERO, ("zero", "nil", "free")),
    (rates._PAIR, ("from", "->")),
    (dates._NEXT_MONTH, ("next",)),
]
PHRASES = st.lists(
    st.sampled_from(["canola oil, meal", "rapeſeed oil and seed", "RAPESEED meal or cake",
                     "to zero", "NİL", "nil", "duty-free", "tariff free", "from 25% to 5%",
                     "5% -> 0%", "5% → 0%", "next month", "NEXT  MONTH", "the end of 2026",
                     "year-end", "March 1", "1 March", "2026-03-01", "\u212a", "and", " ",
                     "é", "x"]),
    max_size=8,
).map(" ".join) | st.text(max_size=40)  # fmt: skip


@given(PHRASES)
def test_substring_tests_never_hide_a_match(phrase: str) -> None:
    for pattern, words in PATTERNS:
        if pattern.search(phrase):
            assert may_mention(phrase, *words), (pattern.pattern, phrase)
    if dates._DATE.search(phrase):
        assert re.search(r"\d", phrase) or may_mention(phrase, "end")
    assert [m.span() for m in dates._dates(phrase)] == [
        m.span() for m in dates._DATE.finditer(phrase)
    ]


def test_sentences_answer_for_groups_as_for_each_matcher() -> None:
    rules = load_rules()
    rng = random.Random(9)
    groups = [rules.direction.every_matcher, rules.tariffs.product_matchers,
              rules.relevance.sides, rules.topics.family, rules.tariffs.actions,
              [rules.tariffs.hedges, Matcher(["lifts"], "alone")]]  # fmt: skip
    for _ in range(200):
        s = Sentence(" ".join(rng.choices([*WORDS, "lifts", "not", "suspends", "tariffs"], k=10)),
                     False)  # fmt: skip
        for group in groups:
            each = s.find_each(group)
            assert s.find_some(group) == [(k, hits) for k, hits in enumerate(each) if hits]
            assert s.finds_any(group) == any(each)


def test_lazy_values_are_made_once_and_only_when_asked() -> None:
    calls: list[str] = []

    def make() -> int:
        calls.append("made")
        return 42

    value = lazy(make)
    assert calls == []
    assert value() == 42 and value() == 42
    assert calls == ["made"]


def test_every_bundled_topic_family_is_read_from_the_sentence_scans() -> None:
    """A topic family with one word that is not sentence-local is searched over the whole
    summary instead (~57 us an item): a French exception written with a lookahead over
    spaces ("met" but not "met en place") made classify 10% slower on English feeds."""
    families = load_rules(None).topics.family
    assert families
    assert [m.label for m in families if not sentence_local(m)] == []
