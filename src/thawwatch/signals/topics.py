"""Topics: which irritants and themes an item touches, from keyword families.

Several topics may apply. A tariff signal always implies its measure's topic, so the
ledger's irritants and the topic filter never disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from thawwatch.signals.scan import sentence_local
from thawwatch.signals.terms import Hit, Matcher
from thawwatch.signals.text import Sentence, tiles
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

    @functools.cached_property
    def family(self) -> tuple[Matcher, ...]:
        """The matchers, in topic order (one group for :meth:`Sentence.find_some`)."""
        return tuple(self.matchers.values())

    @functools.cached_property
    def local(self) -> frozenset[str]:
        """Topics whose first match in a text is the first hit of its sentences' scans."""
        return frozenset(t for t, m in self.matchers.items() if sentence_local(m))


def find_topics(
    rules: TopicRules,
    sentences: Sequence[Sentence],
    summary: str,
    measures: Iterable[str] = (),
) -> tuple[tuple[str, ...], list[str]]:
    """Topics in vocabulary order, and a reason per topic naming the word that matched:
    the title's first, else the summary's (``sentences``: the title, then the summary's)."""
    found: dict[str, str] = {}
    title = [s for s in sentences if s.in_title]
    body = [s for s in sentences if not s.in_title]
    for text, parts in ((title[0].text if title else "", title), (summary, body)):
        missing = [t for t in rules.matchers if t not in found]
        if not missing:  # a topic's word from the first text that has one
            break
        for topic, hit in _firsts(rules, text, parts, missing).items():
            found[topic] = f"topic {topic}: {hit.text!r}"
    for measure in measures:
        topic = MEASURE_TOPIC[measure]
        found.setdefault(topic, f"topic {topic}: signal {measure}")
    ordered = tuple(t for t in TOPICS if t in found)
    return ordered, [found[t] for t in ordered]


def _firsts(
    rules: TopicRules, text: str, parts: Sequence[Sentence], topics: list[str]
) -> dict[str, Hit]:
    """``matcher.search(text)`` for these topics, where it finds something. ``parts`` are
    the sentences of ``text``: when they tile it, sentence-local topics are read from their
    scans (which the other rules have made already); other topics search the text."""
    local = rules.local if tiles(text, parts) else frozenset()
    out: dict[str, Hit] = {}
    for topic in topics:
        if topic not in local and (hit := rules.matchers[topic].search(text)):
            out[topic] = hit
    wanted = set(local.intersection(topics))
    names = list(rules.matchers)
    for part in parts:
        if not wanted:
            break
        for k, hits in part.find_some(rules.family):
            if names[k] in wanted:
                out[names[k]] = hits[0]
                wanted.discard(names[k])
    return out
