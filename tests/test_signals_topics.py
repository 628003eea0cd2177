"""Topics from keyword families; several per item; signals imply their measure's topic."""

from __future__ import annotations

import pytest

from thawwatch.signals import TOPICS, classify

CASES = [
    ("China lifts duties on Canadian rapeseed and hogs", {"agriculture"}),
    ("Beijing eases curbs on Canadian snow crab and geoducks", {"seafood"}),
    ("Ottawa weighs quota for Chinese electric cars", {"ev"}),
    ("Canada's surtax on Chinese aluminium under review", {"steel_aluminum"}),
    ("China adds Canada back to list of group tour destinations", {"tourism"}),
    ("Carney meets Xi Jinping in Beijing", {"diplomacy"}),
    ("Trump warns Ottawa over China trade pact", {"us_factor", "diplomacy"}),
    (
        "China suspends tariffs on Canadian peas and lobster as Ottawa drops EV surtax",
        {"agriculture", "seafood", "ev"},
    ),
]


@pytest.mark.parametrize(("title", "expected"), CASES)
def test_topics(title: str, expected: set[str]) -> None:
    result = classify(title)
    assert result.relevant
    assert set(result.topics) == expected, result.reasons


def test_topics_are_in_vocabulary_order_with_reasons() -> None:
    result = classify("China cuts tariff on Canadian lobster and canola")
    assert result.topics == ("agriculture", "seafood")
    assert "topic agriculture: 'canola'" in result.reasons
    assert "topic seafood: 'lobster'" in result.reasons
    assert all(t in TOPICS for t in result.topics)


def test_signal_implies_topic() -> None:
    # "ADS" alone carries the tourism topic through the cn-tourism-ads signal
    result = classify("China restores ADS for Canada")
    assert "tourism" in result.topics


def test_travel_by_officials_is_not_tourism() -> None:
    result = classify("Canadian trade minister will travel to Beijing next week")
    assert "tourism" not in result.topics
    assert "diplomacy" in result.topics
