"""Topics: which irritants and themes an item touches, from keyword families.

Several topics may apply. A tariff signal always implies its measure's topic, so the
ledger's irritants and the topic filter never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from thawwatch.signals.terms import Hit, Matcher
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
    found: dict[str, str] = {}
    missing = list(rules.matchers)
    for text in texts:  # a topic's word from the first text that has one
        if not missing:
            break
        hits = _firsts(rules, text, missing)
        for topic, hit in zip(missing, hits, strict=True):
            if hit:
                found[topic] = f"topic {topic}: {hit.text!r}"
        missing = [t for t in missing if t not in found]
    for measure in measures:
        topic = MEASURE_TOPIC[measure]
        found.setdefault(topic, f"topic {topic}: signal {measure}")
    ordered = tuple(t for t in TOPICS if t in found)
    return ordered, [found[t] for t in ordered]


def _firsts(rules: TopicRules, text: str, topics: list[str]) -> list[Hit | None]:
    """``matcher.search(text)`` for these topics: in one pass when one scanner holds them."""
    matchers = [rules.matchers[t] for t in topics]
    scanner = matchers[0].scanner if matchers else None
    if scanner is not None and all(m.scanner is scanner for m in matchers):
        hits = scanner.first(text, [m.slot for m in matchers])
        return [hits[m.slot] for m in matchers]
    return [m.search(text) for m in matchers]
