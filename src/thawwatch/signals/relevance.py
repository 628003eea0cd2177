"""Relevance: is an item about Canada–China relations or trade?

Both sides must be present: named (Canada, Ottawa, Carney … / China, Beijing, Xi, MOFCOM …)
or implied by weak evidence ("canola", "Prairie growers") when no other country is named.
Stories that pair China with a third country (US–China, EU–China, Australia–China) are not
relevant just because Canada is mentioned in passing: if the title pairs a third country
with one side only, the other side must meet it in a summary sentence free of third parties.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from thawwatch.signals import scan
from thawwatch.signals.terms import Hit, Matcher
from thawwatch.signals.text import Sentence

CANADA, CHINA, THIRD = "CA", "CN", "3P"


@dataclass(frozen=True)
class RelevanceRules:
    """Compiled side vocabularies."""

    canada: Matcher
    china: Matcher
    canada_implied: Matcher
    china_implied: Matcher
    third_party: Matcher
    ignore: Matcher

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RelevanceRules:
        return cls(
            canada=Matcher(data["canada"], CANADA),
            china=Matcher(data["china"], CHINA),
            canada_implied=Matcher(data["canada_implied"], CANADA),
            china_implied=Matcher(data["china_implied"], CHINA),
            third_party=Matcher(data["third_party"], THIRD),
            ignore=Matcher(data["ignore"]),
        )

    @functools.cached_property
    def sides(self) -> tuple[Matcher, ...]:
        """The families every sentence is searched for (one scanner serves them all)."""
        return (self.china, self.canada, self.third_party, self.canada_implied, self.china_implied)

    def mask(self, text: str) -> str:
        """Blank out names that contain a side word but are not that side."""
        for hit in scan.find(self.ignore, text):
            text = text[: hit.start] + " " * (hit.end - hit.start) + text[hit.end :]
        return text


@dataclass(frozen=True)
class Sides:
    """Side mentions in one sentence (strong, weak and third-party)."""

    canada: tuple[Hit, ...]
    china: tuple[Hit, ...]
    third: tuple[Hit, ...]
    canada_weak: tuple[Hit, ...]
    china_weak: tuple[Hit, ...]

    def strong(self) -> list[Hit]:
        """All named sides (Canada, China, third parties) in text order (one list, kept:
        the side checks ask for it per product and action; do not change it)."""
        return self._strong

    @functools.cached_property
    def _strong(self) -> list[Hit]:
        return sorted((*self.canada, *self.china, *self.third), key=lambda h: h.start)

    def has(self, side: str, weak_ok: bool) -> Hit | None:
        if side == CANADA:
            strong, weak = self.canada, self.canada_weak
        else:
            strong, weak = self.china, self.china_weak
        if strong:
            return strong[0]
        return weak[0] if weak_ok and weak else None


@dataclass(frozen=True)
class Relevance:
    """The verdict and the words behind it."""

    relevant: bool
    reason: str
    sides: tuple[Sides, ...]


_NO_SIDES = Sides((), (), (), (), ())


def find_sides(rules: RelevanceRules, sentence: Sentence) -> Sides:
    china, canada_all, third, canada_weak, china_weak = sentence.find_each(rules.sides)
    if not (china or canada_all or third or canada_weak or china_weak):
        return _NO_SIDES  # most sentences: nothing to build
    canada = [h for h in canada_all if not _overlaps(h, china)]
    return Sides(
        canada=tuple(canada),
        china=tuple(china),
        third=tuple(h for h in third if not _overlaps(h, canada + china)),
        canada_weak=tuple(canada_weak),
        china_weak=tuple(china_weak),
    )


def _overlaps(hit: Hit, others: Sequence[Hit]) -> bool:
    return any(hit.start < o.end and o.start < hit.end for o in others)


def judge(rules: RelevanceRules, sentences: Sequence[Sentence]) -> Relevance:
    """Decide relevance from the sides each sentence names."""
    sides = tuple(find_sides(rules, s) for s in sentences)
    if not sides:
        return Relevance(False, "not relevant: empty", sides)
    weak_ok = not any(s.third for s in sides)
    title = sides[0] if sentences[0].in_title else None
    title_third = bool(title and title.third)
    for sentence, side in zip(sentences, sides, strict=True):
        ca, cn = side.has(CANADA, weak_ok), side.has(CHINA, weak_ok)
        if ca and cn and (sentence.in_title or not title_third or not side.third):
            return Relevance(True, f"relevance: {ca.text!r} + {cn.text!r}", sides)
    return _across_sentences(sides, title, weak_ok)


def _across_sentences(sides: tuple[Sides, ...], title: Sides | None, weak_ok: bool) -> Relevance:
    """Title names one side, the summary the other, and no third country is in the title."""
    ca = next((h for s in sides if (h := s.has(CANADA, weak_ok))), None)
    cn = next((h for s in sides if (h := s.has(CHINA, weak_ok))), None)
    if not ca and not cn:
        return Relevance(False, "not relevant: neither Canada nor China", sides)
    if not ca or not cn:
        missing = "Canada" if not ca else "China"
        return Relevance(False, f"not relevant: no {missing} side", sides)
    if title is None or title.third:
        other = title.third[0].text if title and title.third else "the summary"
        return Relevance(False, f"not relevant: {other!r} is the other party", sides)
    if title.has(CANADA, weak_ok) or title.has(CHINA, weak_ok):
        return Relevance(True, f"relevance: {ca.text!r} + {cn.text!r}", sides)
    return Relevance(False, "not relevant: the title names neither side", sides)
