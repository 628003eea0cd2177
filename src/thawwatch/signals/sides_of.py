"""Whose product and who acts: the side checks behind a tariff signal.

A product's *qualifier* is a side word glued to it or to its list ("Canadian peas, canola
meal and lobster", "US soybeans, pork", "vehicles from China"); the *actor* is the side right
before the action ("China's suspension") or the subject of its clause ("Canada follows US,
EU in slapping …"), skipping qualifiers and looking past relative clauses ("…US, which
raised …").
"""

from __future__ import annotations

import re

from thawwatch.signals.relevance import CANADA, CHINA, THIRD, Sides
from thawwatch.signals.terms import Hit
from thawwatch.signals.text import Sentence

_FILLER = re.compile(
    r"^(?:[\s,]|\band\b|\bor\b|\bthe\b|-made\b|-built\b|-grown\b|-origin\b|'s\b"
    r"|\blive\b|\bfrozen\b|\bfresh\b|\bcertain\b|\bsome\b|\bother\b"
    # Chinese: "原产于加拿大的进口油菜籽", "中国产电动汽车", "菜籽油、油渣饼和豌豆", "活龙虾"
    r"|[、的产產和及与與或活]|进口|進口|冷冻|冷凍|鲜|鮮"
    # French: "le tourteau de canola et les pois", "l'huile, le tourteau"
    r"|\bet\b|\bou\b|\bles?\b|\bla\b|\bl['’]|\bdes\b|\bdu\b)*$",
    re.I,
)
#: Side words looked at from each end of a clause for its actor (a real one has a few).
MAX_SIDES = 12
#: Characters within which a side word qualifies a product beside it: three words of
#: English, and a bound where a text has no spaces to count words by (Chinese)
_NEAR = 60
_RELATIVE = re.compile(r"\b(?:which|who|whose)\b|,\s*that\b", re.I)
_FROM = re.compile(r"\b(?:from|in|of)\s*$")  # "peas from" Canada
_FROM_TO = re.compile(r"\b(?:from|in|of|to|for)\s*$")
# The target of a duty is whose goods it taxes: "steel surtax on China", "duties against
# Beijing" (China is not acting); of a ban, whom it bars: "group tour ban on Canada"
_DUTY_ON = re.compile(
    r"\b(?:tariffs?|dut(?:y|ies)|surtax(?:es)?|levy|levies|bans?|curbs?|restrictions?"
    r"|suspension)\s+(?:on|against)\s*$", re.I)
# A side's possessive before its product and a duty word owns the duty, not the goods:
# "Canada's steel surtax" (Canada's duty on steel), not "Canada's steel" (Canadian steel).
_POSSESSIVE = re.compile(r"['’]s\b")
_DUTY_AFTER = re.compile(r"\s*(?:tariffs?|dut(?:y|ies)|surtax(?:es)?|levy|levies)\b", re.I)


def qualifier(
    window: int, s: Sentence, sides: Sides, product: Hit, products: list[Hit],
    owner: str | None = None,
) -> str | None:
    """Whose product: a side word in front of it or of its list ("Canadian peas, canola meal
    and lobster", "US soybeans, pork"), or after it ("peas from Canada")."""
    near = [
        h
        for h in sides.strong()
        if h.end <= product.start
        and s.distance(h.start, product.start) <= window + 6
        and s.same_clause(h.start, product.start)
    ]
    if (near and adjacent(s.text, near[-1].end, product.start, products)
            and not owns_duty(s, near[-1], products, sides, owner)):
        return side_of(near[-1], sides)
    after = [
        h
        for h in sides.strong()
        if product.end <= h.start <= product.end + _NEAR
        and s.distance(product.end, h.start) <= 3
        and (_FROM.search(s.text[product.end : h.start])
             or _adjective_after(s, product, h))
    ]
    return side_of(after[0], sides) if after else None


def adjacent(text: str, start: int, end: int, products: list[Hit]) -> bool:
    """Only other products, conjunctions and a few adjectives lie between two positions."""
    between = list(text[start:end])
    for p in products:
        if start <= p.start and p.end <= end:
            between[p.start - start : p.end - start] = " " * (p.end - p.start)
    return bool(_FILLER.match("".join(between)))


def actor(s: Sentence, sides: Sides, action: Hit, products: list[Hit],
          owner: str | None = None) -> tuple[str, int] | None:
    """Who acts (side, position): a side right before the action, else the clause's subject.
    Side words that qualify a product ("Chinese EVs", "vehicles from China") are not actors."""
    before = [h for h in sides.strong()
              if h.end <= action.start and s.same_clause(h.start, action.start)]
    if len(before) > 2 * MAX_SIDES:  # a hostile sentence of side words: the subject's end
        before = before[:MAX_SIDES] + before[-MAX_SIDES:]  # and the action's are enough
    named = [h for h in before if not qualifies(s, h, products, sides, owner)]
    if not named:
        return None
    pick = named[0]
    if s.distance(named[-1].start, action.start) <= 1:
        pick = named[-1]
    else:
        relatives = list(_RELATIVE.finditer(s.text[: action.start]))
        prior = [h for h in named if relatives and h.end <= relatives[-1].start()]
        if prior:
            pick = prior[-1]
    return side_of(pick, sides), pick.end


def owns_duty(s: Sentence, side: Hit, products: list[Hit], sides: Sides,
              owner: str | None) -> bool:
    """ "Canada's steel surtax": the side's possessive, then its products, then a duty
    word: the side imposes the duty (an actor), the goods are not its own; only when the
    side is the one whose measure is read (``owner``): "Canada's canola tariffs lifted
    by China" are China's tariffs on Canada's canola."""
    if owner is None or side_of(side, sides) != owner:
        return False
    if not (_POSSESSIVE.match(s.text, side.end) or side.text.endswith(("'s", "’s"))):
        return False  # ("Canada's" may be one side word)
    end = side.end
    for p in products:  # its products, one after the other (a walk: see _list_span)
        if p.start < end:
            continue
        if not adjacent(s.text, end, p.start, products):
            break
        end = p.end
    return end > side.end and bool(_DUTY_AFTER.match(s.text, end))


def qualifies(s: Sentence, side: Hit, products: list[Hit], sides: Sides,
              owner: str | None = None) -> bool:
    if owns_duty(s, side, products, sides, owner):
        return False
    for p in products:
        if p.start <= side.start and side.end <= p.end:
            return True
        if (
            side.end <= p.start <= side.end + _NEAR
            and s.distance(side.end, p.start) <= 3
            and adjacent(s.text, side.end, p.start, products)
        ):
            return True
        if (
            side.start - _NEAR <= p.end <= side.start
            and s.distance(p.end, side.start) <= 3
            and (_FROM_TO.search(s.text[p.end : side.start])
                 or _DUTY_ON.search(s.text[p.end : side.start])
                 or _adjective_after(s, p, side))
        ):
            return True
    return False


_NATIONALITY_FR = re.compile(r"(?:iens?|iennes?|ois|oises?|ains?|aines?|ais|aises?)$")


def _adjective_after(s: Sentence, product: Hit, side: Hit) -> bool:
    """A French adjective of nationality right after its goods: "l'huile de canola
    canadienne", "le porc américain", "véhicules électriques chinois" (lower case, a French
    ending, nothing but a space between: not "canola, chinese state media say")."""
    return (side.text[:1].islower() and bool(_NATIONALITY_FR.search(side.text))
            and s.text[product.end:side.start].isspace())


def side_of(hit: Hit, sides: Sides) -> str:
    if hit in sides.canada:
        return CANADA
    return CHINA if hit in sides.china else THIRD
