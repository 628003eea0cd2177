"""Property: classify never raises on arbitrary text and only speaks the vocabulary."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thawwatch.signals import ACTIONS, DIRECTIONS, MEASURES, TOPICS, classify

WORDS = st.sampled_from(
    [
        "China",
        "Canada",
        "Beijing",
        "Ottawa",
        "suspends",
        "lifts",
        "tariffs",
        "duty",
        "on",
        "Canadian",
        "peas",
        "canola",
        "meal",
        "lobster",
        "EVs",
        "Chinese",
        "steel",
        "from",
        "March 1",
        "to",
        "Dec. 31",
        "100%",
        "5.9%",
        "to zero",
        "not",
        "could",
        "US",
        "group tours",
        "reinstates",
        "halves",
        "through 2027",
        "for five years",
        ",",
        ";",
        "and",
        "Xi",
        "Carney",
        "effective",
        "for 99999 years",
        "for 0 years",
        "next month",
        "December 31, 9999",
        "Jan. 1, 0001",
    ]
)
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=40).map(" ".join))


@settings(max_examples=150, deadline=None)
@given(
    title=TEXT,
    summary=TEXT,
    published=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.dates()),
)
def test_classify_is_total_and_in_vocabulary(title: str, summary: str, published) -> None:
    result = classify(title, summary, published)
    assert isinstance(result.relevant, bool)
    assert set(result.topics) <= set(TOPICS)
    assert result.direction in DIRECTIONS
    assert -10 <= result.score <= 10
    assert result.weight >= 0
    assert all(isinstance(r, str) for r in result.reasons)
    if not result.relevant:
        assert result.topics == () and result.signals == () and result.direction == "neutral"
    for signal in result.signals:
        assert signal.measure in MEASURES
        assert signal.action in ACTIONS
        assert signal.rate is None or signal.rate >= 0
        data = signal.to_json()
        # the interface's fields, in order; "scope" after them when the signal has one
        assert list(data) == ["measure", "action", "rate", "effective", "until"] + (
            ["scope"] if signal.scope else [])


@pytest.mark.parametrize(("title", "summary", "published"), [
    ("China cuts tariff on Canadian canola oil to 50%",
     "The cut is effective March 1 for 99999 years.", date(2026, 11, 1)),
    ("China suspends tariffs on Canadian peas effective Jan. 1, 0001 for 0 years", "",
     date(2026, 11, 1)),
    ("China suspends tariffs on Canadian peas from next month", "", date(9999, 12, 5)),
    ("China suspends tariffs on Canadian peas until December 31", "", date(9999, 12, 31)),
])
def test_dates_past_the_calendar_never_raise(title: str, summary: str, published: date) -> None:
    """Feed text can name any number of years: an overflowing date is no date."""
    result = classify(title, summary, published)
    assert all(s.until is None or s.until.year <= 9999 for s in result.signals)


def _longest_by_pairs(hits: list, text: str) -> list:
    """``terms.longest`` as it was written first: each hit against every kept one."""
    kept: list = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= k.start or h.start >= k.end for k in kept):
            kept.append(h)
    kept.sort(key=lambda h: h.start)
    return kept


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=60))
@settings(max_examples=300, deadline=None)
def test_longest_keeps_what_pairwise_comparison_keeps(spans: list[tuple[int, int]]) -> None:
    """The overlap check against neighbours gives exactly the pairwise answer, empty hits
    and hits sharing a start included."""
    from thawwatch.signals.terms import Hit, longest

    text = "x" * 60
    hits = [Hit(a, a + n, text[a:a + n], f"l{i}") for i, (a, n) in enumerate(spans)]
    assert longest(hits, text) == _longest_by_pairs(hits, text)
