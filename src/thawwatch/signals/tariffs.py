"""Tariff signals: stated changes to the nine Canada–China measures.

A signal needs, in one sentence and one clause, a **product** of a measure ("canola meal",
"lobster", "Chinese EVs"), an **action** near it ("suspends", "cut to", "scraps … for good",
"reinstates") and a trade-defence **instrument** (tariff, duty, surtax …; a benefit measure
such as group tourism is its own instrument). The **sides** must fit: the product is not
qualified by the imposing side or a third country ("US soybeans", "Australian barley",
"Chinese pork" for a Chinese measure) and the actor is not a third country ("US raises …").
Hedged or negated actions ("could extend", "refuses to lift", "no plans to restore") are
not changes. Rates and dates come from the same sentence (else from the rest of the item),
and rates settle the action: "impose 5.9%" on a 75.8% measure is a cut, "drops … to 15%"
is a cut, a temporary removal ("lifted until the end of the year") is a suspension.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from thawwatch.signals import settle, sides_of
from thawwatch.signals.dates import Span, find_span
from thawwatch.signals.model import TariffSignal
from thawwatch.signals.rates import Rate, find_rates, rate_for
from thawwatch.signals.relevance import THIRD, Sides
from thawwatch.signals.starts import gated
from thawwatch.signals.terms import Hit, Matcher
from thawwatch.signals.text import Sentence, lazy, may_mention

_NOUN = gated(re.compile(r"(?:sion|tion|ment|al|relief|reprieve)$", re.I))
# a relief a verb right before it governs, in Chinese: "延长暂停…" extends the suspension
_RELIEF_ZH = re.compile(r"暂停|暫停|暂免|暫免|豁免")
_DETERMINER = gated(re.compile(r"(?:'s|\bthe|\ba|\ban|\bits|\btheir|\bnewly)\s+$", re.I))
# "extends steel surtax to Chinese wire, nails and fasteners": what an extension reaches
# is more goods, not a later end (which "to" a date, "to the end of 2027", gives).
_WIDENS = re.compile(
    r"[^.;:]{0,60}?\bto\s+(?:include|cover|Chinese|China|imports|more|other|additional|new"
    r"|products|goods)\b", re.I)
# A product held still right after it: "canola oil unchanged", "oil stays at 100%", "pork
# duty remains" (not "EVs, not on steel", nor "steel, keeps anti-dumping duties").
_HELD = re.compile(
    r"\s+(?:(?:tariffs?|dut(?:y|ies)|surtax(?:es)?)\s+)?"
    r"(?:unchanged|stays?|stayed|remains?|remained|untouched|unaffected)\b", re.I)
# Parts named as left out: "all seafood except lobster", "excluding lobster and crab",
# "with the exception of crab, lobster and shrimp"; "lobster but not crab" leaves lobster.
_EXCEPT = gated(re.compile(
    r"\b(?:except(?:\s+for)?|excluding|excepting|other\s+than|apart\s+from|but\s+not"
    r"|save\s+for|with\s+the\s+exceptions?\s+of)\s+(?:(?:Canadian|live|frozen|fresh)\s+)?",
    re.I))
# A modal right after a change named as a noun, with its product ("a cut to the pork tariff
# could come"; not "…, may cut more", whose change is not a noun)
_MODAL_AFTER = re.compile(
    r"(?:\s+(?:tariffs?|dut(?:y|ies)|surtax\w*|levy|levies))?\s+(?:could|may|might|would"
    r"|should\s+(?:come|happen|follow|arrive|materiali[sz]e|be\s+(?:announced|made))"
    r"|is\s+(?:expected|likely)\s+to|remains?\s+possible"
    r"|is\s+(?:under\s+)?(?:consideration|discussion|study|review))\b", re.I)
# The relief an extension carries to more goods, between it and "to": "extends the
# suspension to Canadian pork" (not "extends canola tariff to canola oil, suspends …")
_RELIEF = re.compile(
    r"\b(?:suspen\w*|exempt\w*|paus\w*|waiv\w*|reprieve|relief|remission)\b", re.I)
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
_A_BODY = re.compile(r"\s+(?:Commission|Committee|Board|Tribunal|Council|Office)\b")
_RELIEF_NOUN = re.compile(
    r"suspensions?|exemptions?|relief|reprieve|waivers?|(?:tariff|duty)\s+break", re.I)
_ALSO = re.compile(r"\balso\s+(?:now\s+)?$", re.I)
_OTHER = re.compile(r"\bother\s+(?:(?:Canadian|Chinese)\s+)?$", re.I)
_LIST_GLUE = re.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:(?:Canadian|live|frozen|fresh)\s+)?",
    re.I)
_DUTY_WORD = re.compile(r"\s+(?:surtax\w*|tariffs?|dut(?:y|ies)|levy|levies)\b", re.I)
# "extends canola tariff to Canadian canola oil", "steel surtax to aluminum extrusions":
# what follows "to" is more goods (a product word), not a date or a rate.
_TO_GOODS = re.compile(
    r"[^.;:]{0,60}?\bto\s+(?:(?:Canadian|Chinese|certain|some|all|other)\s+)?", re.I)
_SUSPENSION = gated(re.compile(
    r"\b(?:suspen\w*|exempt\w*|pause\w*|waiv\w*|reprieve|(?:tariff|duty)\s+break)\b"
    r"|暂停|暫停|豁免", re.I))  # Chinese has no word boundaries
_ELLIPSIS = re.compile(
    r"\b(?:canola|rapeseed)\s+(?:oil|meal|seeds?)"
    r"((?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:oil|meal|seeds?|cakes?)\b)+",
    re.I,
)
# "duties on Chinese steel pipe in anti-dumping case": the other instrument's proceeding
_IN = re.compile(r"(?:\s+[\w'’.-]+){0,2}?\s+in(?:\s+[\w'’.-]+)?\s+", re.I)
_CASE = re.compile(
    r"(?:[\s-]+(?:and|or|countervailing|anti-?dumping|dut(?:y|ies)|tariffs?))*[\s-]+"
    r"(?:case|review|probe|investigation|inquiry|proceeding|appeal|ruling|order|decision)s?\b",
    re.I)
# A compound naming the other instrument: "steel surtax remission", "pea tariff exemption"
_COMPOUND = re.compile(
    r"(?:\s+(?:surtax\w*|tariffs?|dut(?:y|ies)|levy|levies|imports?|exports?))+\s+", re.I)
# What puts a product under another instrument: "steel under an anti-dumping order"
_UNDER = re.compile(
    r"(?:\s+\w+){0,2}?\s+(?:under|subject\s+to|covered\s+by)(?:\s+[\w'’.-]+){0,2}?\s+",
    re.I)
_ELLIPSIS_PART = re.compile(r"\b(oil|meal|seeds?|cakes?)\b", re.I)
_ELLIPSIS_MEASURE = {
    "oil": "cn-canola-oil",
    "meal": "cn-canola-meal",
    "cake": "cn-canola-meal",
    "seed": "cn-canola-seed-ad",
}


#: Tokens within which a tariff word before the goods is theirs: French says "les droits
#: chinois de 100 % sur les pois canadiens", English "China's 100% tariff on peas"
_INST_BEFORE = 6
#: Product words read per sentence (see extract).
MAX_PRODUCTS = 40
#: How many tokens after an action and its product a condition still governs them.
CONDITION_REACH = 12
#: How far after a trade flow its own verb stands ("sales to China drop"), and its rate
#: ("exports to China down 85%").
TRADE_VERB_REACH = 3
TRADE_RATE_REACH = 5


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


@dataclass(frozen=True)
class Found:
    """A signal with where its action sits (for the direction scorer)."""

    signal: TariffSignal
    sentence: int
    start: int
    end: int
    weak: bool  # read from a timing word only ("takes effect")
    kind: str
    # the parts of the measure's goods named ("lobster", "crab"); None: the whole of them
    parts: tuple[str, ...] | None = None
    # the parts left out of it ("all seafood except lobster")
    excluded: tuple[str, ...] = ()


def extract(
    rules: TariffRules,
    sentences: Sequence[Sentence],
    sides: Sequence[Sides],
    published: date | None,
    item_span: Callable[[], Span],
) -> list[Found]:
    """All signals of an item, merged per (measure, action)."""
    found: list[Found] = []
    relief = _relief(sentences)
    # a real sentence names a handful of goods; a hostile one names hundreds, and the
    # list and side checks compare them pairwise: only the first MAX_PRODUCTS count
    products = [_products(rules, s)[:MAX_PRODUCTS] for s in sentences]
    title = [p for s, p in zip(sentences, products, strict=True) if s.in_title]
    inherited = {p.label for p in title[0]} if title else set()
    held = _parts_held(rules, sentences, products)
    for s, side, mine in zip(sentences, sides, products, strict=True):
        if not s.in_title and found and inherited:
            # "The higher rate applies from Nov. 1" under "China hikes tariff on pork …
            # after Ottawa widens steel quotas": the rate is the title's change's, not steel's
            inherited = {f.signal.measure for f in found} & inherited or inherited
        said = {f.signal.measure for f in found}  # what the title changed, when this is not it
        found += _sentence_signals(
            rules, s, side, mine, published, relief, inherited if not s.in_title else set(),
            lambda: item_span().effective, held, said,
        )
    settle.fill_rates(found, sentences, rules.instruments,
                      lambda s: _tariff_rates(rules, s, find_rates(s)))
    return [_scoped(rules, f) for f in settle.merge(found, item_span)]


def _parts_held(rules: TariffRules, sentences: Sequence[Sentence],
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


def _scoped(rules: TariffRules, f: Found) -> Found:
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


def _relief(sentences: Sequence[Sentence]) -> Callable[[], bool]:
    """Whether the item speaks of a suspension or exemption: asked only to settle an
    extension without a rate (rare), so it is looked for on the first ask, not up front."""
    return lazy(lambda: any(_SUSPENSION.search(s.text) for s in sentences))


def _label_end(s: Sentence, actions: list[Hit]) -> int:
    """Where a title's label ends (``Sentence.label_end``), unless a verb acts in it: "China
    removes tariffs on peas: what canola farmers should know" is a clause, not a label
    ("Canola tariff relief: …", a noun, is still one)."""
    label = s.label_end()
    if label > 0 and any(a.end <= label and not _NOUN.search(a.text) for a in actions):
        return -1
    return label


def _products(rules: TariffRules, s: Sentence) -> list[Hit]:
    hits = s.find_all(rules.product_matchers)
    if (hits and s.label_end() > 0  # a label is rare: its actions are looked at only then
            and (label := _label_end(s, s.find_all(rules.actions, free_standing=True))) > 0
            and any(h.start > label for h in hits)):
        # "Canola : Pékin prolonge la suspension … sur le tourteau et les pois": the label
        # names what the title is about, its goods what changed
        hits = [h for h in hits if h.start > label]
    if not may_mention(s.text, "canola", "rapeseed"):  # what _ELLIPSIS needs
        return hits  # already sorted by start, as find_all leaves them
    for m in _ELLIPSIS.finditer(s.text):
        for part in list(_ELLIPSIS_PART.finditer(m.group(0)))[1:]:
            start = m.start() + part.start()
            if not any(h.start <= start < h.end for h in hits):
                key = part.group(1).lower().rstrip("s")
                end = m.start() + part.end()
                hits.append(Hit(start, end, part.group(0), _ELLIPSIS_MEASURE[key]))
    return sorted(hits, key=lambda h: h.start)


def _sentence_signals(
    rules: TariffRules,
    s: Sentence,
    sides: Sides,
    products: list[Hit],
    published: date | None,
    relief: Callable[[], bool],
    inherited: set[str],
    item_start: Callable[[], date | None] = lambda: None,
    item_parts: dict[str, set[str]] | None = None,
    said: set[str] | None = None,
) -> list[Found]:
    told = False  # the sentence speaks of the title's goods by their duty only
    if not products and 0 < len(inherited) <= 3:
        # a summary sentence about "the duty" of the title's product (not a body's name:
        # "Beijing's Customs Tariff Commission said …")
        products = [
            Hit(i.start, i.end, i.text, m)
            for i in s.find(rules.instruments)
            if not _A_BODY.match(s.text, i.end)
            for m in sorted(inherited)
        ]
        told = True
    if not products:
        return []
    actions = s.find_all(rules.actions, free_standing=True)
    if told and inherited <= (said or set()):
        # "the exemptions … will run for another 12 months": the title's change again (when
        # the title made one: "pork producers welcome news || the removal … takes effect")
        actions = [a for a in actions
                   if not _DETERMINER.search(s.text[max(0, a.start - 12) : a.start])]
    if not actions:
        return []
    rates = _tariff_rates(rules, s, find_rates(s))
    # for the changes it settles, if any; a duration with no start of its own ("at 5.9 pct
    # for five years") counts from the item's ("takes effect on March 1"), else publication
    span = lazy(lambda: find_span(s.text, published, start=item_start()))
    made: list[tuple[Hit, Found]] = []
    left_out = _left_out(rules, s, products)
    for product in products:
        measure = rules.measures[product.label]
        action = _governing_action(rules, s, product, actions, rates, products)
        if action is None or not _fits(rules, s, sides, measure, product, action, products):
            continue
        if (action.label == "effect" and action.text.lower().startswith("appl")
                and _ALSO.search(s.text, 0, action.start)):
            continue  # "the surtax will now also apply to plug-in hybrids": more goods
        if action.label == "extend" and _WIDENS.match(s.text, action.end):
            continue  # the measure now covers more goods: no change to its rate or end
        reached, to = _widened_to(s, action, products) if action.label == "extend" else (
            set(), 0)
        if reached:
            # "extends canola tariff to Canadian canola oil": a duty reaching more goods
            # changes no measure of these; a relief reaching them ("extends the suspension
            # to Canadian pork") suspends theirs
            if product.start not in reached or not _RELIEF.search(s.text, action.end, to):
                continue
            action = action._replace(label="suspend")
        if measure.kind == "barrier" and _ends_a_relief(s, action, product, actions):
            action = action._replace(label="restore")  # "ends tariff suspension on peas"
        if measure.kind == "benefit" and action.label == "remove" and _lifts_a_bar(
                rules, s, action, product):
            action = action._replace(label="restore")  # "lifts ban on group tours"
        signal = settle.resolve(
            s, measure, product, action, rates, span(), relief, bool(s.find(rules.permanent)),
            _other_actions(s, action, actions, products),
        )
        if signal:
            made.append((product, Found(
                signal,
                s.index,
                min(action.start, product.start),
                max(action.end, product.end),
                action.label == "effect",
                measure.kind,
                _parts_of(s, measure, product, products, left_out, item_parts or {}),
                tuple(p for m, p in left_out.values() if m == measure.id),
            )))
    return _rest_of_other(rules, s, products, made)


def _other_actions(s: Sentence, action: Hit, actions: list[Hit],
                   products: list[Hit]) -> list[tuple[int, int]]:
    """The sentence's other actions, each with where the first goods after it in its clause
    start (past the text's end if none): a rate after such goods is theirs ("lifts tariffs
    on lobster, cuts duties on other seafood to 10%"); a participle with no goods of its
    own holds none ("cuts tariffs on canola oil, imposed last year, to 50%")."""
    out = []
    for a in actions:
        if a.start == action.start:
            continue
        goods = [p.start for p in products if p.start >= a.end and s.same_clause(a.start, p.start)]
        out.append((a.start, min(goods, default=len(s.text) + 1)))
    return out


def _parts_of(s: Sentence, measure: Measure, product: Hit, products: list[Hit],
              left_out: dict[int, tuple[str, str]],
              item_parts: dict[str, set[str]]) -> tuple[str, ...] | None:
    """What part of the measure's goods a change to ``product`` names: None for the
    whole, () for none (a part left out); the duty's name beside a part it frees names
    that part."""
    if product.start in left_out:
        return ()
    part = measure.part(product.text)
    if part is not None and part not in measure.named_by:
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


def _rest_of_other(rules: TariffRules, s: Sentence, products: list[Hit],
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


def _ends_a_relief(s: Sentence, action: Hit, product: Hit, actions: list[Hit]) -> bool:
    """Whether the change ends a relief, so the duty comes back: "ends tariff suspension
    on Canadian peas", "scraps the exemption for lobster", "China ends tariff break on
    peas", "the tariff suspension on Canadian peas ends"."""
    if action.label == "remove":
        return bool(_RELIEF.search(s.text, min(action.end, product.end),
                                   max(action.start, product.start)))
    if action.label != "suspend" or not _RELIEF_NOUN.fullmatch(action.text):
        return False
    return any(
        a.label == "remove" and s.same_clause(a.start, action.start) and (
            (a.end <= action.start and s.distance(a.end, action.start) <= 3)
            or (a.start >= product.end and s.distance(product.end, a.start) <= 1))
        for a in actions)


def _widened_to(s: Sentence, action: Hit, products: list[Hit]) -> tuple[set[int], int]:
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


def _left_out(rules: TariffRules, s: Sentence, products: list[Hit]) -> dict[int, tuple[str, str]]:
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


def _reach(rules: TariffRules, s: Sentence, action: Hit, product: Hit,
           own: Rate | None) -> int:
    """Window for an action before a product; wider for a gapped list ("… and a 25% tariff
    on pork"), where a rate of its own (``own``) introduces the product."""
    gapped = bool(
        own and own.prefix and action.end <= own.start and s.distance(own.end, product.start) <= 8
    )
    return rules.window * 2 if gapped else rules.window


def _attributive(s: Sentence, action: Hit) -> bool:
    """ "China's reinstated tariff", "the suspended duties": a description, not a change."""
    return action.text.lower().endswith("ed") and bool(
        _DETERMINER.search(s.text[max(0, action.start - 12) : action.start])
    )


_AUXILIARY = gated(
    re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+\s+)?$", re.I)
)


def _reduced_relative(s: Sentence, action: Hit) -> bool:
    """ "the levy introduced in 2025 ends today": a participle after its noun, without an
    auxiliary, describes it (headlines drop auxiliaries, so titles are exempt)."""
    if s.in_title or not action.text.lower().endswith("ed"):
        return False
    return not _AUXILIARY.search(s.text[max(0, action.start - 30) : action.start])


def _owns_product(s: Sentence, action: Hit, products: list[Hit]) -> bool:
    """An action with a product of its own right after it ("… and lower duties on canola")."""
    return any(p.start >= action.end and s.distance(action.end, p.start) <= 4
               and s.same_clause(action.end, p.start) for p in products)


def _governing_action(
    rules: TariffRules,
    s: Sentence,
    product: Hit,
    actions: list[Hit],
    rates: list[Rate],
    products: list[Hit],
) -> Hit | None:
    """The nearest action before the product (same clause, not blocked), else just after it.
    None when a word of holding still follows the product ("…, canola oil unchanged",
    "oil stays at 100%"): an action before it is another product's."""
    if _HELD.match(s.text, product.end):
        return None
    blockers = s.find(rules.blockers)
    actions = [a for a in actions if not _on_trade(s, rules, a, product)]
    first = _list_span(s, product, products).start  # a list's goods share its action
    own_rate = rate_for(s, rates, product.start)  # once: a hostile text has many actions
    before = [
        a
        for a in actions
        if a.end <= product.start
        and s.same_clause(a.start, product.start)
        and s.distance(a.start, min(first, product.start)) <= _reach(rules, s, a, product,
                                                                     own_rate)
        and not _attributive(s, a)
    ]
    if before and not _blocked(blockers, before[-1].end, product.start):
        chosen = before[-1]
        # "extends (the) suspension of …": a noun action governed by a verb action
        governed = len(before) > 1 and s.distance(before[-2].end, chosen.start) <= 2
        if governed and (_NOUN.search(chosen.text) or _RELIEF_ZH.fullmatch(chosen.text)):
            return before[-2]
        lapse = [
            a
            for a in actions
            if a.label == "lapse"
            and a.start >= product.end
            and s.same_clause(product.start, a.start)
        ]
        if _NOUN.search(chosen.text) and lapse:  # "the suspension of … tariffs expires"
            # "…, set to expire Dec. 31, extended to March 31": the extension decides
            return next((a for a in actions if a.label == "extend" and a.start > lapse[0].end
                         and s.same_clause(product.start, a.start)), lapse[0])
        return chosen
    # goods named in a title's label take the action of the clause after it ("Canola :
    # Pékin ramène ses droits à 15 %")
    label = _label_end(s, actions)
    own = s.clause(product.start) + (1 if label > 0 and product.end <= label else 0)
    after = [
        a
        for a in actions
        if a.start >= product.end
        and s.clause(product.start) <= s.clause(a.start) <= own
        and s.distance(product.end, a.start) <= rules.after_window
        and not _NOUN.search(a.text)
        and not _owns_product(s, a, products)
        and not _reduced_relative(s, a)
    ]
    if after and not _blocked(blockers, product.end, after[0].start):
        return _chinese_head(s, after)
    return None


# Chinese levies named as the duty, not imposed: "将…菜籽油加征关税税率由100%下调至50%"
_LEVY_ZH = re.compile(r"加征|加徵|征收|徵收")


def _chinese_head(s: Sentence, after: list[Hit]) -> Hit:
    """The action after a product that governs it, for Chinese word order (object, then
    verb): a levy followed in its clause by another action is the duty's name ("加征关税税率
    …下调至50%": cut); a relief followed by an extension is what is extended ("暂停加征关税
    措施延长至…": extended)."""
    first = after[0]
    later = [a for a in after[1:] if s.same_clause(first.start, a.start)]
    if later and _LEVY_ZH.fullmatch(first.text) and first.label == "impose":
        first, later = later[0], later[1:]
    if _RELIEF_ZH.fullmatch(first.text) and (ext := [a for a in later if a.label == "extend"]):
        return ext[0]
    return first


def _tariff_rates(rules: TariffRules, s: Sentence, rates: list[Rate]) -> list[Rate]:
    """The rates that may be a tariff's: not a trade flow's change ("exports to China down
    85%", "sales fell 60%"), unless a tariff word stands just before that flow ("the tariff
    on canola exports, cut to 50%")."""
    flows = s.find(rules.trade) if rates else []
    if not flows:
        return rates
    words = s.find(rules.instruments)

    def of_flow(rate: Rate) -> bool:
        return any(
            f.end <= rate.start and s.distance(f.end, rate.start) <= TRADE_RATE_REACH
            and not any((f.start >= w.end and s.distance(w.end, f.start) <= 4)
                        or f.end <= w.start <= rate.start for w in words)
            for f in flows)

    return [r for r in rates if not of_flow(r)]


def _on_trade(s: Sentence, rules: TariffRules, action: Hit, product: Hit) -> bool:
    """Whether the action acts on a trade flow or price rather than on the product's
    tariff: "cuts purchases of canola" (the flow between them), "pork sales to China drop"
    and "purchases of canola fell" (the verb right after the flow). "Lobster prices soar
    after China scraps its tariff" is still a change: "scraps" is not the prices' verb."""
    for t in s.find(rules.trade):
        if action.end <= product.start:
            if action.end <= t.start and t.end <= product.start and not any(
                    action.end <= w.start and w.end <= t.start  # "tariffs on imports of …"
                    for w in s.find(rules.instruments)):
                return True
        elif product.end <= t.start and t.end <= action.start:
            if s.distance(t.end, action.start) <= TRADE_VERB_REACH:
                return True
        elif t.end <= product.start and s.distance(t.end, product.start) <= 3 and \
                s.distance(product.end, action.start) <= TRADE_VERB_REACH:
            return True
    return False


def _lifts_a_bar(rules: TariffRules, s: Sentence, action: Hit, product: Hit) -> bool:
    """A ban, suspension or curb between a removing action and a benefit: lifting it gives
    the benefit back ("lifts ban on group tours to Canada")."""
    lo, hi = min(action.end, product.end), max(action.start, product.start)
    return any(lo <= b.start and b.end <= hi for b in s.find(rules.bars))


def _blocked(blockers: list[Hit], start: int, end: int) -> bool:
    return any(start <= b.start and b.end <= end for b in blockers)


def _fits(
    rules: TariffRules,
    s: Sentence,
    sides: Sides,
    measure: Measure,
    product: Hit,
    action: Hit,
    products: list[Hit],
) -> bool:
    """Instrument near, no hedge, and the sides match the measure."""
    if measure.kind == "barrier" and not _has_instrument(rules, s, product, action, products):
        return False
    if measure.others is not None and _other_instrument(s, measure.others, product, action):
        return False
    if _hedged(rules, s, action, product):
        return False
    qualifier = sides_of.qualifier(rules.qualifier_window, s, sides, product, products,
                                   measure.side)
    if qualifier == THIRD or (qualifier == measure.side and measure.kind == "barrier"):
        return False
    actor = sides_of.actor(s, sides, action, products, measure.side)
    if actor is None:
        return True
    if actor[0] == THIRD:
        return False
    # "Beijing … in response to Ottawa's tariffs on Chinese EVs": wrong side acting, unless
    # the right side is named between ("Carney says China will suspend …")
    return actor[0] == measure.side or any(
        sides_of.side_of(h, sides) == measure.side
        for h in sides.strong()
        if actor[1] <= h.start and h.end <= action.start
    )


def _has_instrument(
    rules: TariffRules, s: Sentence, product: Hit, action: Hit, products: list[Hit]
) -> bool:
    """A tariff word between action and product, or right next to either (a product in a
    list borrows the list's: "canola oil and pork with steep new tariffs")."""
    span = _list_span(s, product, products)
    lo, hi = min(span.start, action.start), max(span.end, action.end)
    for inst in s.find(rules.instruments):
        if lo <= inst.start and inst.end <= hi:
            return True
        if any(
            s.same_clause(inst.start, h.start)
            and min(s.distance(inst.start, h.start), s.distance(inst.start, h.end)) <= 4
            for h in (span, action)
        ):
            return True
        if (inst.end <= span.start and s.same_clause(inst.start, span.start)
                and s.distance(inst.start, span.start) <= _INST_BEFORE):
            return True
    return False


def _other_instrument(s: Sentence, others: Matcher, product: Hit, action: Hit) -> bool:
    """Another instrument's word between action and product, just before the product,
    right after it, or after "under": "ends anti-dumping duties on Chinese steel wire",
    "the surtax remission", "duties on steel under an anti-dumping order". One further on
    is another matter ("lifts the surtax on steel, keeps anti-dumping duties", "suspends
    tariffs on peas amid anti-dumping probe")."""
    lo, hi = min(product.start, action.start), max(product.end, action.end)
    for hit in s.find(others):
        if lo <= hit.start and hit.end <= hi:
            return True
        if not s.same_clause(hit.start, product.start):
            continue
        if hit.end <= product.start and s.distance(hit.end, product.start) <= 3:
            return True
        if hit.start >= product.end and (
                s.distance(product.end, hit.start) <= 1
                or _COMPOUND.fullmatch(s.text, product.end, hit.start)
                or _UNDER.fullmatch(s.text, product.end, hit.start)
                or (_IN.fullmatch(s.text, product.end, hit.start)
                    and _CASE.match(s.text, hit.end))):
            return True
    return False


def _list_span(s: Sentence, product: Hit, products: list[Hit]) -> Hit:
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


def _hedged(rules: TariffRules, s: Sentence, action: Hit, product: Hit) -> bool:
    """A hedge or condition just before the action in its clause ("could cut", "once
    Ottawa drops"), or a condition after it in the sentence ("… on pork if Ottawa joins
    U.S. tariffs"): nothing was decided."""
    for hedge in [*s.find(rules.hedges), *s.find(rules.conditions)]:
        if (
            hedge.end <= action.start
            and s.same_clause(hedge.start, action.start)
            and (s.distance(hedge.start, action.start) <= 5)
        ):
            return True
    after = max(action.end, product.end)
    if _DETERMINER.search(s.text[max(0, action.start - 12) : action.start]) and (
            _MODAL_AFTER.match(s.text, after)):
        return True  # "a cut to the pork tariff could come": the change is the subject
    return any(c.start >= after and s.distance(after, c.start) <= CONDITION_REACH
               for c in s.find(rules.conditions))
