"""The compiled tariff vocabulary: the nine measures and the words that find their changes.

Why a module of its own: the rules are built once (and cached) and read by every step of
reading a tariff change; kept apart, those steps share them without importing one another.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from thawwatch.signals.terms import Matcher


@dataclass(frozen=True)
class Measure:
    id: str
    side: str  # "CA" or "CN": who imposes it
    kind: str  # "barrier" or "benefit"
    baseline: float | None
    matcher: Matcher
    others: Matcher | None = None
    """Words naming a different instrument on the same goods ("anti-dumping" near steel,
    whose measure is the surtax): such a change is not this measure's."""
    parts: tuple[str, ...] = ()
    """Product words that name part of the measure's goods ("lobster", "crab" of all
    aquatic products), as a product word starts: a change naming only those is scoped."""
    whole: str = ""
    """What the goods are called together ("seafood"): the rest, when a change names all
    but some parts ("seafood other than lobster")."""
    named_by: tuple[str, ...] = ()
    """Parts that name the whole measure right before a duty word: "steel surtax" is the
    steel and aluminum surtax, as people call it."""
    part_words: tuple[tuple[str, str], ...] = ()
    """Words in other languages for the parts, and the part each names (龙虾: lobster)."""

    def part(self, product: str) -> str | None:
        """The part of the goods ``product`` (a matched product word) names, or None when
        it names them all ("seafood", "aquatic products")."""
        low = " ".join(product.lower().split()).replace("aluminium", "aluminum")
        for word, part in self.part_words:  # "homards", "蟹类" (not "acier et aluminium")
            if low.startswith(word) and low[len(word):] in ("", "s", "x", "类", "類"):
                return part
        return next((p for p in self.parts if low.startswith(p)
                     and low[len(p):] in ("", "s", "es", "meat")), None)


def _part_word(entry: str) -> tuple[str, str]:
    """ "龙虾=lobster" -> ("龙虾", "lobster")."""
    word, _, part = entry.partition("=")
    return word.strip(), part.strip().lower()


@dataclass(frozen=True)
class TariffRules:
    """Compiled actions, instruments, hedges and the nine measures' product words."""

    window: int
    after_window: int
    qualifier_window: int
    instruments: Matcher
    blockers: Matcher
    hedges: Matcher
    conditions: Matcher
    permanent: Matcher
    trade: Matcher
    bars: Matcher
    actions: tuple[Matcher, ...]
    measures: dict[str, Measure]

    @functools.cached_property
    def product_matchers(self) -> tuple[Matcher, ...]:
        return tuple(m.matcher for m in self.measures.values())

    def matchers(self) -> list[Matcher]:
        """Every family a sentence is searched for (one scanner serves them all)."""
        words = [self.instruments, self.blockers, self.hedges, self.conditions, self.permanent,
                 self.trade, self.bars, *self.actions]
        others = [m.others for m in self.measures.values() if m.others is not None]
        return words + [m.matcher for m in self.measures.values()] + others

    @classmethod
    def from_data(cls, d: Mapping[str, Any], measures: Mapping[str, Any]) -> TariffRules:
        return cls(
            window=int(d["window"]),
            after_window=int(d["after_window"]),
            qualifier_window=int(d["qualifier_window"]),
            instruments=Matcher(d["instruments"]),
            blockers=Matcher(d["blockers"]),
            hedges=Matcher(d["hedges"]),
            conditions=Matcher(d["conditions"]),
            permanent=Matcher(d["permanent"]),
            trade=Matcher(d["trade"]),
            bars=Matcher(d["bars"]),
            actions=tuple(Matcher(terms, name) for name, terms in d["actions"].items()),
            measures={
                mid: Measure(
                    mid,
                    m["side"],
                    m["kind"],
                    float(m["baseline"]) if m["baseline"] >= 0 else None,
                    Matcher(m["products"], mid),
                    Matcher(m["other_instruments"], f"{mid}:other")
                    if m.get("other_instruments") else None,
                    tuple(p.lower() for p in m.get("parts", ())),
                    m.get("whole", ""),
                    tuple(m.get("named_by", ())),
                    tuple(_part_word(w) for w in m.get("part_words", ())),
                )
                for mid, m in measures.items()
            },
        )
