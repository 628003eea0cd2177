"""Topics: which irritants and themes an item touches, from keyword families.

Several topics may apply. A tariff signal always implies its measure's topic, so the
ledger's irritants and the topic filter never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from thawwatch.signals.terms import Matcher
from thawwatch.signals.vocab import TOPICS

MEASURE_TOPIC = {
    "ca-ev-surtax": "ev",
    "ca-steel-aluminum-surtax": "steel_aluminum",
    "cn-canola-seed-ad": "agriculture",
    "cn-canola-oil": "agriculture",
    "cn-canola-meal": "agriculture",
    "cn-peas": "agriculture",
    "cn-pork": "agriculture",
    "cn-seafood": "seafood",
    "cn-tourism-ads": "tourism",
}


@dataclass(frozen=True)
class TopicRules:
    """One keyword matcher per topic of the vocabulary."""

    matchers: dict[str, Matcher]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TopicRules:
        return cls({t: Matcher(data[t]["keywords"], t) for t in TOPICS if t in data})


def find_topics(
    rules: TopicRules, texts: Iterable[str], measures: Iterable[str] = ()
) -> tuple[tuple[str, ...], list[str]]:
    """Topics in vocabulary order, and a reason per topic naming the word that matched."""
    texts = list(texts)
    found: dict[str, str] = {}
    for topic, matcher in rules.matchers.items():
        for text in texts:
            hit = matcher.search(text)
            if hit:
                found[topic] = f"topic {topic}: {hit.text!r}"
                break
    for measure in measures:
        topic = MEASURE_TOPIC[measure]
        found.setdefault(topic, f"topic {topic}: signal {measure}")
    ordered = tuple(t for t in TOPICS if t in found)
    return ordered, [found[t] for t in ordered]
