"""Rates stated in a sentence: "100%", "6.1 per cent", "from 100% to 6.1%", "to zero".

Each mention records whether it is the *new* level ("to 15%", "cut to about 15%") or an
*old* one ("from 100%", "replaces a 75.8% deposit"), and whether it *prefixes* a list of
products ("a 25% tariff on pork and aquatic products") — so that several rates in one
sentence go to the right products.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from thawwatch.signals.starts import gated
from thawwatch.signals.text import Sentence, may_mention

_APPROX = (r"(?:about|around|roughly|approximately|some|nearly|almost|just|~|约|約"
           r"|environ|autour\s+de|près\s+de|quelque)\s*")
_NUM = r"(\d{1,3}(?:\.\d+|,\d{1,2}(?!\d))?)"  # "75.8", and French "75,8" (not "1,200")
_UNIT = r"\s*(?:%|percent\b|per\s*cent\b|pct\b|per-cent\b)"
_PAIR = gated(
    re.compile(
        rf"\bfrom\s+(?:{_APPROX})?{_NUM}(?:{_UNIT})?\s*(?:to|->|→)\s*(?:{_APPROX})?{_NUM}{_UNIT}"
        # "75.8% to 5.9%" with no "from": a headline's change (ranges were taken first)
        rf"|{_NUM}{_UNIT}\s*(?:->|→|\bto\b)\s*(?:{_APPROX})?{_NUM}{_UNIT}"
        rf"|\bde\s+{_NUM}(?:{_UNIT})?\s*à\s*(?:{_APPROX})?{_NUM}{_UNIT}",  # "de 100 % à 50 %"
        re.I,
    )
)
# A range is no one rate ("duties of 5.9% to 15.4%", "to between 10% and 15%", "10-15%"):
# which applies depends on the company or the product. A bare "25% to 50%" after a verb
# is a headline's "from 25% to 50%", so a range needs its "of", "between" or "ranging".
_RANGE = gated(
    re.compile(
        rf"\bbetween\s+(?:{_APPROX})?{_NUM}(?:{_UNIT})?\s*and\s*(?:{_APPROX})?{_NUM}{_UNIT}"
        rf"|(?:\bof|\bat|\branging\s+from|\branges?\s+from)\s+(?:{_APPROX})?{_NUM}(?:{_UNIT})?"
        rf"\s*(?:to|-|–)\s*(?:{_APPROX})?{_NUM}{_UNIT}"
        rf"|\bto\s+{_NUM}(?:{_UNIT})?\s+to\s+{_NUM}{_UNIT}"  # "to 10 to 15 per cent"
        rf"|\b{_NUM}(?:{_UNIT})?\s*[-–]\s*{_NUM}{_UNIT}",  # "10-15%", "5.9%-15.4%"
        re.I,
    )
)
_DIGIT = re.compile(r"\d")
_ONE = re.compile(rf"{_NUM}{_UNIT}", re.I)
_ZERO = gated(
    re.compile(r"\b(?:to\s+)?(?:zero|nil)\b(?:{_UNIT})?|\b(?:duty|tariff)[\s-]free\b", re.I)
)
# (Chinese: "下调至15%", "调整为10%"; French: "ramène à 15 %")
_TO_BEFORE = gated(re.compile(
    rf"(?:\bto|\bat|\bof|\bdown\s+to|→|->|至|到|为|為|(?<!\w)à)\s*(?:{_APPROX})?$", re.I))
_OLD_BEFORE = gated(
    re.compile(
        rf"(?:\bfrom|\breplac\w*(?:\s+(?:a|the|an))?|\binstead\s+of(?:\s+(?:a|the))?|\bversus|\bvs\.?"
        rf"|\bcompared\s+(?:with|to)(?:\s+(?:a|the))?|\bprevious(?:ly)?|\bwas|\bearlier"
        rf"|\b(?:below|above|under|over)(?:\s+(?:a|the))?|由|从|從)"  # 由25%提高至50%
        rf"\s*(?:{_APPROX})?$",
        re.I,
    )
)
_PREFIX_AFTER = re.compile(
    r"^(?:(?:\s+[\w-]+){0,5}?\s+(?:on|for|against|sur|contre)\b"
    # "a 100% tariff applies to rapeseed oil, … and a 25% tariff to pork": the tariff's goods
    # after "to" (not "a 25% tariff to take effect", "tariffs to rise")
    r"|(?:\s+(?:additional|extra|new))?\s+(?:tariffs?|dut(?:y|ies)|surtax(?:es)?|levy|levies)"
    r"(?:\s+(?:applies|apply|applied|applying))?\s+to\b(?!\s+(?:\d|be\b|take\b|come\b"
    r"|start\b|begin\b|rise\b|fall\b|drop\b|expire\b|end\b|remain\b|stay\b)))", re.I)


def _number(text: str) -> float:
    """A rate as written: "75.8", or "75,8" in French."""
    return float(text.replace(",", "."))


@dataclass(frozen=True)
class Rate:
    """One rate mention: ``value`` is the level, ``old`` the prior level when stated."""

    start: int
    end: int
    value: float
    old: float | None = None
    is_new: bool = False  # "to 15%", "from 100% to 6.1%", "to zero"
    is_old: bool = False  # "from 100%", "replaces a 75.8% deposit"
    prefix: bool = False  # "25% tariff on …": applies to the products after it


def find_rates(s: Sentence) -> list[Rate]:
    """All rate mentions in a sentence, left to right (read once per sentence: several
    rules ask; the list is shared, so it must not be changed)."""
    return s.memo(_find_rates)


def _find_rates(s: Sentence) -> list[Rate]:
    text = s.text
    out: list[Rate] = []
    taken: list[tuple[int, int]] = []
    numbers = _DIGIT.search(text) is not None  # _PAIR and _ONE need one (most text has none)
    pairs = numbers and may_mention(text, "from", "->", " to", "de ")  # and "→", not ASCII
    for m in _RANGE.finditer(text) if numbers else ():
        taken.append((m.start(), m.end()))  # neither end is the rate
    for m in _PAIR.finditer(text) if pairs else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        old, new = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5) if m.group(i))
        out.append(Rate(m.start(), m.end(), _number(new), _number(old), is_new=True))
        taken.append((m.start(), m.end()))
    for m in _ONE.finditer(text) if numbers else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        out.append(
            Rate(
                m.start(),
                m.end(),
                _number(m.group(1)),
                is_new=bool(_TO_BEFORE.search(before)),
                is_old=bool(_OLD_BEFORE.search(before)),
                prefix=bool(_PREFIX_AFTER.match(text[m.end() : m.end() + 60])),
            )
        )
    for m in _ZERO.finditer(text) if may_mention(text, "zero", "nil", "free") else ():
        if not any(a <= m.start() < b for a, b in taken):
            out.append(Rate(m.start(), m.end(), 0.0, is_new=True))
    return sorted(out, key=lambda r: r.start)


#: How near after a product a new level ("to 10%") is the product's own.
OWN_RATE_REACH = 4


def rate_for(s: Sentence, rates: list[Rate], product_start: int,
             other_actions: Sequence[tuple[int, int]] = (),
             action_start: int | None = None) -> Rate | None:
    """The rate that belongs to a product: the last prefix rate before it, else the nearest.
    ``other_actions``: where the sentence's other actions start, each with where its own
    goods start. Not a rate after another action's goods that stand between them ("lifts
    tariffs on lobster, cuts duties on other seafood to 10%" gives lobster no rate); nor
    one after another action but before the product's own (``action_start``): "Ottawa
    abaisse de 100 % à 50 % la surtaxe sur les VÉ, Pékin supprime ses droits sur l'huile de
    canola" removes the oil's duty."""
    usable = [r for r in rates if not r.is_old and s.same_clause(r.start, product_start)]
    if other_actions:
        before_action = (action_start if action_start is not None
                         and action_start < product_start else -1)
        usable = [r for r in usable
                  if not any(product_start < a < goods < r.start for a, goods in other_actions)
                  and not (r.end <= before_action
                           and any(a < r.start for a, _ in other_actions))]
    # "cuts pork tariff to 12.5%, lobster duty to 10%", "cut its duty on canola oil to 50
    # per cent and on pork to 10 per cent": a new level just after the product is its own,
    # however near the one before it (the previous product's) stands
    own = [r for r in usable if r.is_new and r.start > product_start
           and s.distance(product_start, r.start) <= OWN_RATE_REACH]
    if own:
        return own[0]
    prefixes = [r for r in usable if r.prefix and r.end <= product_start]
    if prefixes:
        last = prefixes[-1]
        between = [r for r in usable if last.end <= r.start < product_start]
        if not between:
            return last
    inline = [r for r in usable if not r.prefix or r.start > product_start]
    if not inline:
        return None
    return min(inline, key=lambda r: s.distance(r.start, product_start))


def old_rate(rates: list[Rate]) -> float | None:
    """A prior level stated in the sentence ("from 100%", "replaces a 75.8% deposit")."""
    for r in rates:
        if r.old is not None:
            return r.old
    olds = [r.value for r in rates if r.is_old]
    return olds[0] if olds else None
