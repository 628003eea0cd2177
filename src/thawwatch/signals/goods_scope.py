"""Which of a measure's goods a tariff change names: its parts, lists and exceptions.

Why: a change may name part of a measure's goods ("lobster" of all seafood), leave some out
("seafood except lobster"), reach more goods ("extends the surtax to aluminum") or share
its goods with a list ("peas, canola meal and lobster"). That bookkeeping is apart from
deciding whether a change was made at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from thawwatch.signals import sides_of
from thawwatch.signals.starts import gated
from thawwatch.signals.tariff_rules import Measure, TariffRules
from thawwatch.signals.terms import Hit
from thawwatch.signals.text import Sentence

if TYPE_CHECKING:
    from thawwatch.signals.tariffs import Found

# Parts named as left out: "all seafood except lobster", "excluding lobster and crab",
# "with the exception of crab, lobster and shrimp"; "lobster but not crab" leaves lobster.
_EXCEPT = gated(re.compile(
    r"\b(?:except(?:\s+for)?|excluding|excepting|other\s+than|apart\s+from|but\s+not"
    r"|save\s+for|with\s+the\s+exceptions?\s+of)\s+(?:(?:Canadian|live|frozen|fresh)\s+)?",
    re.I))
# "suspends the seafood tariff on Canadian lobster"; "exempts shrimp from 25% seafood tariff"
_GOODS_WORDS = r"(?:(?:Canadian|Chinese|live|frozen|fresh|processed)\s+){0,3}"
_ON_GOODS = re.compile(rf"\s+on\s+(?:imports\s+of\s+)?{_GOODS_WORDS}", re.I)
_FROM_DUTY = re.compile(
    r"\s+from\s+(?:the\s+|its\s+|a\s+|China['’]s\s+|Beijing['’]s\s+)?"
    r"(?:\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s+)?"
    r"(?:(?:additional|retaliatory|extra|new|punitive)\s+)*", re.I)
# A part named as held back from a change, for the measures named by a part ("keeps
# aluminum levy", "aluminum products remain at 25%", "except aluminum")
_HELD_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:remains?|remained|stays?|stayed|unchanged|untouched"
    r"|unaffected|still)\b", re.I)
_HELD_BEFORE = re.compile(
    r"\b(?:keep|keeps|kept|keeping|maintain\w*|retain\w*|leav\w*|left|except|excluding"
    r"|but\s+not|not)\s+(?:(?:the|its|their|Canada['’]s|Ottawa['’]s|Chinese|China['’]s)"
    r"\s+)?(?:[\w%.]+\s+){0,2}$"
    # French: "… mais maintient celle sur l’aluminium", "sauf l'aluminium"
    r"|\b(?:maintien[tn]{0,2}|garde(?:nt)?|conserve(?:nt)?|sauf|excepté)\s+(?:[\w%.]+\s+){0,3}"
    r"(?:l['’]|les?\s+|la\s+)?$", re.I)
_OTHER = re.compile(r"\bother\s+(?:(?:Canadian|Chinese)\s+)?$", re.I)
_LIST_GLUE = re.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:(?:Canadian|live|frozen|fresh)\s+)?",
    re.I)
_DUTY_WORD = re.compile(r"\s+(?:surtax\w*|tariffs?|dut(?:y|ies)|levy|levies)\b", re.I)
# "extends canola tariff to Canadian canola oil", "steel surtax to aluminum extrusions":
# what follows "to" is more goods (a product word), not a date or a rate.
_TO_GOODS = re.compile(
    r"[^.;:]{0,60}?\bto\s+(?:(?:Canadian|Chinese|certain|some|all|other)\s+)?", re.I)


def parts_held(rules: TariffRules, sentences: Sequence[Sentence],
               products: list[list[Hit]]) -> dict[str, set[str]]:
    """The parts of each measure's goods the item names as held back from a change:
    "keeps aluminum levy", "aluminum products remain at 25%", "except aluminum" (not
    "aluminum producers welcomed the move")."""
    held: dict[str, set[str]] = {}
    for s, hits in zip(sentences, products, strict=True):
        for hit in hits:
            part = rules.measures[hit.label].part(hit.text)
            if part is not None and (
                    _HELD_AFTER.match(s.text, hit.end)
                    or _HELD_BEFORE.search(s.text, max(0, hit.start - 30), hit.start)):
                held.setdefault(hit.label, set()).add(part)
    return held


def scoped(rules: TariffRules, f: Found) -> Found:
    """The signal with its scope: the parts it names ("lobster and crab"; every part, as
    in "surtax on Chinese steel, aluminum", is the whole measure), else the rest of the
    parts it leaves out ("seafood other than lobster")."""
    measure = rules.measures[f.signal.measure]
    if f.parts:
        scope = None if set(measure.parts) <= set(f.parts) else _listing(f.parts)
    elif f.excluded:
        scope = f"{measure.whole or 'all'} other than {_listing(f.excluded)}"
        rest = [p for p in measure.parts if p not in f.excluded]
        if rest and measure.whole == _listing(measure.parts):  # the parts are all it covers
            scope = _listing(rest)  # "steel and aluminum except aluminum": steel
    else:
        return f
    return replace(f, signal=replace(f.signal, scope=scope))


def _listing(parts: Sequence[str]) -> str:
    """ "lobster and crab"; "crab, lobster and shrimp"."""
    return " and ".join(parts) if len(parts) < 3 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def parts_of(s: Sentence, measure: Measure, product: Hit, products: list[Hit],
             excluded: dict[int, tuple[str, str]],
             item_parts: dict[str, set[str]]) -> tuple[str, ...] | None:
    """What part of the measure's goods a change to ``product`` names: None for the
    whole, () for none (a part left out); the duty's name beside a part it frees names
    that part."""
    if product.start in excluded:
        return ()
    part = measure.part(product.text)
    if part is not None and (part not in measure.named_by
                             or not _DUTY_WORD.match(s.text, product.end)):
        # "lifts surtax on Chinese steel": steel alone, as for aluminum ("steel surtax",
        # the duty word right after, is the measure as people call it)
        return (part,)
    # "exempts shrimp from the seafood tariff", "suspends seafood tariff on lobster",
    # "cuts steel surtax on Chinese aluminum": the duty's name beside the part it changes
    duty = _DUTY_WORD.match(s.text, product.end) if measure.parts else None
    if duty is not None and (beside := _part_beside(s, measure, product, duty.end(), products)):
        return (beside,)
    if part is not None and item_parts.get(measure.id, set()) - {part}:
        return (part,)  # "lifts steel surtax but keeps aluminum levy": steel alone (parts held)
    return None  # the whole: "seafood", or "steel surtax" as people call the measure


def _part_beside(s: Sentence, measure: Measure, product: Hit, after: int,
                 products: list[Hit]) -> str | None:
    """The part of the measure's goods named right after the duty ending at ``after``
    ("… tariff on Canadian lobster") or right before the product ("shrimp from the 25%
    seafood tariff"), if any."""
    on = _ON_GOODS.match(s.text, after)
    for hit in products:
        if hit.label != measure.id or hit is product:
            continue
        part = measure.part(hit.text)
        if part is not None and (
                (on is not None and hit.start == on.end())
                or (hit.end <= product.start
                    and _FROM_DUTY.fullmatch(s.text, hit.end, product.start))):
            return part
    return None


def rest_of_other(rules: TariffRules, s: Sentence, products: list[Hit],
                  made: list[tuple[Hit, Found]]) -> list[Found]:
    """ "keeps lobster tariff while scrapping duties on other seafood": a change to "other"
    goods leaves out the parts the sentence names that no change of its own takes (not
    "lifts tariffs on lobster and other seafood", nor "suspends tariffs on lobster while
    other seafood remains taxed", where the other seafood is not what changed)."""
    changed = {(hit.start, found.signal.action) for hit, found in made}
    out = []
    for hit, found in made:
        measure = rules.measures[hit.label]
        if (found.parts is None and measure.parts
                and _OTHER.search(s.text, max(0, hit.start - 20), hit.start)):
            # a part another change takes is left out too ("lifts tariffs on lobster, cuts
            # duties on other seafood to 10%")
            rest = tuple(p for h in products if h.label == hit.label
                         and (h.start, found.signal.action) not in changed
                         and (p := measure.part(h.text)) is not None
                         and not _listed_with(s, h, hit, products))
            found = replace(found, excluded=found.excluded + tuple(
                p for p in dict.fromkeys(rest) if p not in found.excluded))
        out.append(found)
    return out


def left_out(rules: TariffRules, s: Sentence, products: list[Hit]) -> dict[int, tuple[str, str]]:
    """The product words named as left out of a change ("seafood except lobster and
    crab"), by where they start: their measure and the part of its goods each names."""
    out: dict[int, tuple[str, str]] = {}
    for m in _EXCEPT.finditer(s.text):
        at = m.end()
        for hit in products:
            if hit.start < at:
                continue
            part = rules.measures[hit.label].part(hit.text)
            if hit.start != at or part is None:
                break
            out[hit.start] = (hit.label, part)
            glue = _LIST_GLUE.match(s.text, hit.end)
            if glue is None:
                break
            at = glue.end()
    return out


def _listed_with(s: Sentence, part: Hit, whole: Hit, products: list[Hit]) -> bool:
    """Whether ``part`` is in the list that ends in "other" ``whole`` ("shrimp, oysters
    and other aquatic products")."""
    at = part.end
    for hit in products:
        if hit.start < at or hit.start >= whole.start:
            continue
        glue = _LIST_GLUE.match(s.text, at)
        if glue is None or glue.end() != hit.start:
            return False
        at = hit.end
    glue = _LIST_GLUE.match(s.text, at)
    return glue is not None and bool(_OTHER.fullmatch(s.text, glue.end(), whole.start))


def widened_to(s: Sentence, action: Hit, products: list[Hit]) -> tuple[set[int], int]:
    """The goods an extension reaches (where their product words start): "to" and a list
    of product words after the action; none when "to" gives a date or a rate. And where
    that "to" is."""
    to = _TO_GOODS.match(s.text, action.end)
    if to is None:
        return set(), 0
    reached: set[int] = set()
    at = to.end()
    for p in products:
        if p.start < at:
            continue
        if p.start != at:
            break
        reached.add(p.start)
        glue = _LIST_GLUE.match(s.text, p.end)
        if glue is None:
            break
        at = glue.end()
    return reached, to.end()


def list_span(s: Sentence, product: Hit, products: list[Hit]) -> Hit:
    """The coordinated list a product belongs to ("peas, canola meal and lobster"): its
    neighbours one by one, while only list words lie between (a walk, not every pair)."""
    start, end = product.start, product.end
    for p in reversed(products):
        if p.end <= start:
            if not sides_of.adjacent(s.text, p.end, start, products):
                break
            start = p.start
    for p in products:
        if p.start >= end:
            if not sides_of.adjacent(s.text, end, p.start, products):
                break
            end = p.end
    return Hit(start, end, s.text[start:end], product.label)
