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

The steps live beside this module: ``tariff_rules`` (the compiled vocabulary),
``governing`` (which action governs a product), ``tariff_checks`` (what a candidate must
pass) and ``goods_scope`` (which of a measure's goods a change names).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from thawwatch.classification import TariffSignal
from thawwatch.signals import settle
from thawwatch.signals.dates import START_WORDS, Span, end_day, find_span, zh_end_day
from thawwatch.signals.goods_scope import (
    left_out,
    list_span,
    parts_held,
    parts_of,
    rest_of_other,
    scoped,
    widened_to,
)
from thawwatch.signals.governing import governing_action, held_end, label_end, other_actions
from thawwatch.signals.rates import Rate, find_rates
from thawwatch.signals.recap import is_recap
from thawwatch.signals.relevance import Sides
from thawwatch.signals.relief_terms import OTHER_RELIEF_WORDS, OTHER_RELIEFS
from thawwatch.signals.starts import gated
from thawwatch.signals.tariff_checks import (
    ANY_DUTY,
    AT_RATE,
    DETERMINER,
    RELIEF,
    TARIFF_RELIEF,
    ZH_LAPSE,
    end_after_goods,
    ends_a_relief,
    final_duty,
    fits,
    hedged_final,
    lapsed_bar,
    lifts_a_bar,
    refused_renewal,
    relief_after,
)
from thawwatch.signals.tariff_rules import Measure, TariffRules
from thawwatch.signals.terms import Hit
from thawwatch.signals.text import Sentence, lazy, may_mention

__all__ = ["Found", "Measure", "TariffRules", "extract"]

# "extends steel surtax to Chinese wire, nails and fasteners": what an extension reaches
# is more goods, not a later end (which "to" a date, "to the end of 2027", gives).
_WIDENS = re.compile(
    r"[^.;:]{0,60}?\bto\s+(?:include|cover|Chinese|China|imports|more|other|additional|new"
    r"|products|goods"
    # steel and aluminum goods a surtax reaches ("… surtax on Chinese steel to wire rod")
    r"|wire|rods?|rebar|nails|pipes?|tubes?|sheets?|coils?|plates?|fasteners?|screws|bars"
    r"|beams|foil|extrusions?)\b", re.I)
_A_BODY = re.compile(r"\s+(?:Commission|Committee|Board|Tribunal|Council|Office)\b")
# What a change covers, said after it: "China extends tariff suspension until end of 2027"
# || "The suspension covers Canadian peas, canola meal and seafood."
_COVERS = re.compile(r"\b(?:covers?|covering|covered|applies\s+to|apply\s+to|applied\s+to"
                     r"|includes?|included)\b", re.I)
# A lapse awaited, in a clause of time: "before the suspension … expires", "until the
# pause runs out" (the duty back then is presumed already, not decided)
_AWAITED = re.compile(r"\b(?:before|ahead\s+of|until|till|by\s+the\s+time|avant\s+que)\b"
                      r"[^,;:.!?]{0,120}$", re.I)
# A relief named as it runs out: "Tariff Pause Nears End", "suspension enters final weeks"
_NEARS_END = re.compile(  # (its day may come between: "nears Dec. 31 expiry")
    r"\s+(?:nears?\s+(?:its\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+20\d\d)?\s+)?"
    r"(?:end|expiry|deadline)|draws?\s+to\s+a\s+close"
    r"|enters?\s+(?:its\s+)?final|winds?\s+down|(?:is\s+)?(?:set|due|about)\s+to\s+(?:expire|end)"
    r"|deadline\s+(?:nears|looms|approaches))\b", re.I)
_ALSO = re.compile(r"\balso\s+(?:now\s+)?$", re.I)
# What an extension right after it extends when that is a remission of the duty, not the
# duty ("Canada keeps 25% surtax on Chinese steel, extends remission order to end of 2027":
# read as the surtax extended to an end it does not have)
_REMISSION = re.compile(
    r"\s+(?:(?:the|its|a)\s+)?(?:[\w-]+\s+){0,3}?remissions?\b", re.I)
_SUSPENSION = gated(re.compile(
    r"\b(?:suspen\w*|exempt\w*|pause\w*|waiv\w*|reprieve"
    r"|(?:tariff|duty)\s+(?:break|relief|truce|holidays?)"
    rf"|exon[éèe]r\w*|répit|{OTHER_RELIEFS})\b"  # "tariff relief", not relief payments; French
    r"|暂停|暫停|豁免", re.I))  # Chinese has no word boundaries
# A relief's end and the day it falls on: "to end Dec. 31", "expires on Dec. 31"; one gone
# by ("ended Dec. 31", "a pris fin le 31 décembre": group "past") falls on a day gone by
_ENDS_ON = re.compile(
    r"\b(?:ends?|expires?|lapses?|runs?\s+out|(?P<past>ended|expired|lapsed|ran\s+out))\s+"
    r"(?:on\s+)?"
    r"(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|\d{4}-\d\d-\d\d)"
    # French: "le répit prend fin le 31 décembre", "expire le 31 décembre"
    r"|\b(?:pren(?:d|nent|dra|dront)\s+fin|expire(?:nt|ra|ront)?|se\s+termine\w*"
    r"|arrive\w*\s+à\s+échéance|(?P<past_fr>(?:a|ont)\s+(?:pris\s+fin|expiré)"
    r"|s['’](?:est|sont)\s+terminée?s?|(?:est|sont)\s+arrivée?s?\s+à\s+échéance))"
    r"\s+(?:le\s+)?(?=(?:1er|\d{1,2})\s+[a-zéû]+)")
# A day, then the end it is: "exporters brace for Dec. 31 end of China tariff pause"
_DAY_END_OF = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?"
    r"\s+(?P<end>end)\s+of\b")
# French: the end, then its day ("la fin de la suspension des droits chinois le 31 décembre")
_FIN_LE = re.compile(r"\b(?P<end>fin)\s+d[eu]\b[^.;:]{0,80}?\sle\s+(?=(?:1er|\d{1,2})\s+[a-zéû]+)")
# The tense of a change's verb, for the day it names after it (see ``find_span``'s
# ``tense``): after "to" or "will" it is still to come ("China to end tariff relief on peas
# Dec. 31", "will be lifted"); a past form not after "be" has come ("lifted its pause on
# canola tariffs on Dec. 31", "were lifted"; not "is lifted")
_ADVERB = r"(?:(?:soon|also|now|then|\w+ly)\s+)?"
_WILL = re.compile(rf"(?:\bto|\bwill|\bshall|['’]ll)\s+{_ADVERB}(?:be\s+{_ADVERB})?$", re.I)
_PAST_FORM = re.compile(r"[a-z]+ed\b", re.I)
_BE = re.compile(rf"\b(?:be|being|is|are|am)\s+{_ADVERB}$", re.I)
# An end verb in the present is an end still to come ("China ends tariff relief on peas
# Dec. 31": the coming Dec. 31, as "the relief ends Dec. 31" is), for the day it names with
# "on" or nothing before it: not a start or an until ("ends tariffs on peas from Jan. 1")
_END_VERB = re.compile(r"ends?|ending", re.I)
# French and Chinese tenses, before the action in its clause (the verb may govern it: "a levé
# sa pause sur …"): a passé composé ("a levé", "ont supprimé", "a été levé") has come; a
# future ("mettra fin", "lèvera", "va lever", "vont mettre fin") is still to come. Chinese 已
# (已经, 已于 + a day) before the verb, or 了 right after it, has come; 将 (将于 + a day,
# 即将) right before it is still to come (将 before an object, "将关税下调", is not next to
# the verb)
_FR_PAST = re.compile(r"\b(?:a|ont|avait|avaient)\s+(?:(?:déjà|aussi|finalement)\s+)?"
                      r"(?:été\s+)?[a-zàâçéèêëîïôûù]+(?:é|ée|és|ées|is|it|u|ue|us|ues)\b")
_FR_FUTURE = re.compile(r"\b(?:va|vont)\s+[a-zéè]+(?:er|re|ir)\b"
                        r"|\b[a-zàâçéèêëîïôûù]{2,}r(?:a|ont)\b")
_FR_THAT = re.compile(r"\bqu(?:e\b|['’])", re.I)
_CLAUSE_MARK = re.compile(r"[,;:，；：。]")
_ZH_WILL = re.compile(r"(?:将|將)(?:于|於)?[\d\s年月日号號]*$")
_ZH_DONE = re.compile(r"已(?:经|經)?(?:于|於)?[\d\s年月日号號]*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_ITS_END = re.compile(
    rf"(?:{START_WORDS}|\buntil|\btill|\bthrough|\bthru|\bto|\bbefore|\bsince|\bin"
    r"|\bbetween|\band)(?:\s+on)?\s+(?:the\s+)?$", re.I)
# a count of goods, right after the action: "allow (up to) 49,000 Chinese EVs", French
# "autorisera (jusqu'à) 49 000 véhicules"
_COUNT = re.compile(r"\s+(?:up\s+to\s+|jusqu['’]à\s+)?(\d{1,3}(?:,\d{3})+"
                    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{4,})\s")
# A relief named in a clause after a duty's return: "… again as relief runs out", "… as
# Beijing lets the exemption expire"
_AS_RELIEF = re.compile(r"\b(?:as|when|after)\b[^.;:]{0,40}?\b(?:relief|reprieve|exemption|"
                        rf"suspension|pause|waiver|{OTHER_RELIEF_WORDS})\b", re.I)
# A quota right after a raise or a cut ("raises (the EV) quota", "cuts its import quota"),
# and the count it is set to ("to 55,000")
_QUOTA_AFTER = re.compile(r"\s+(?:(?:the|its|an?)\s+)?(?:[\w-]+\s+){0,2}?quotas?\b", re.I)
_QUOTA_TO = re.compile(r"\bto\s+(\d{1,3}(?:,\d{3})+|\d{4,})\b")
_A_YEAR = re.compile(r"\s+(?:a|per)\s+year\b|\s+annually\b", re.I)
# Goods past a quota, right after them ("100% surtax on Chinese EVs above quota", "beyond
# the 49,000-vehicle quota", French "hors quota", "au-delà du contingent") or right before
# them ("out-of-quota Chinese EVs", Chinese "超出配额的中国电动汽车"): the change covers only
# those, not every import. Not "over (the) quota" ("clash over EV quota" is what it is
# about), nor "beyond 2027 as quota talks stall", nor 除配额外 ("besides the quota").
_ABOVE_QUOTA = re.compile(
    r"\b(?:above|beyond|exceeding|outside|in\s+excess\s+of)\s+(?:(?:the|its|their|a|an)\s+)?"
    r"(?:(?:[\d,.]+(?:-[\w]+)?|annual|yearly|import|EV|vehicle|permit|tariff-rate)\s+){0,2}"
    r"quotas?\b"
    r"|\b(?:above|over|out[- ]of|beyond)-quotas?\b|\b(?:above|out\s+of|beyond)\s+quotas?\b"
    r"|\b(?:au-delà|au\s+delà|en\s+dehors|hors)\s+(?:du\s+|des\s+|de\s+(?:la|leur|son|ce)\s+)?"
    r"(?:quota|contingent)s?\b|\bhors-(?:quota|contingent)s?\b"
    r"|(?<!除)配额外|超出配额|超过配额|超配额|(?<!除)配額外|超出配額|超過配額|超配額", re.I)
# How near the goods the quota words stand: tokens after their list, characters before
_QUOTA_AFTER_REACH = 2
_QUOTA_BEFORE_REACH = 12
# … or after the goods said again: "… to 50% for vehicles outside the quota"
_GOODS_AGAIN = re.compile(r"\b(?:for|on)\s+(?:the\s+|those\s+)?(?:vehicles|cars|EVs|imports"
                          r"|units|goods|products)\s+$", re.I)
ABOVE_QUOTA = "imports above the quota"
# What a relief running out may be of besides the goods' duty
_ANOTHER_MATTER = re.compile(r"\b(?:probes?|investigations?|inquir(?:y|ies)|reviews?|EVs?"
                             r"|vehicles?|cars?|steel|alumin\w*)\b", re.I)
# The relief an extension names right after it ("rolls over (the) tariff suspension on
# Canadian shipments"): the change's words, not a cue of their own
_RELIEF_EXTENDED = re.compile(
    r"\s+(?:the\s+|its\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:suspensions?|pauses?|exemptions?"
    r"|relief|reprieves?|waivers?|holidays?|truce|freeze|moratorium)\b", re.I)
_AGAIN = re.compile(r"\b(?:again|anew|[àa]\s+nouveau|de\s+nouveau)\b", re.I)
# … after the duty the goods face or are hit with: "peas face 100% tariff again", "hit with
# 100% Chinese tariff again"
_DUTY_BETWEEN = re.compile(
    r"\s+(?:with\s+)?(?:[\w%.'’-]+\s+){0,3}?(?:tariffs?|dut(?:y|ies)|surtax\w*|levy|levies)\s+",
    re.I)
# An end once due, before the end word: "the relief had been due to expire Dec. 31"
_ONCE_DUE = re.compile(r"\b(?:was|were|been)\s+(?:due|set|scheduled|slated)\s+to\s+$", re.I)
_ELLIPSIS = re.compile(
    r"\b(?:canola|rapeseed)\s+(?:oil|meal|seeds?)"
    r"((?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:oil|meal|seeds?|cakes?)\b)+",
    re.I,
)
_ELLIPSIS_PART = re.compile(r"\b(oil|meal|seeds?|cakes?)\b", re.I)
# A canola part named alone by its duty (or its level), after a conjunction, where the
# sentence names canola goods: "canola oil tariff unchanged at 100% as meal duty suspended"
_BARE_PART = re.compile(
    r"(?:\b(?:as|and|but|while|whereas)|[,;:]"
    # … or right after a change: "canola futures jump as China extends meal tariff relief"
    r"|\b(?:extend(?:s|ed|ing)?|lift(?:s|ed|ing)?|cut(?:s|ting)?|suspend(?:s|ed|ing)?"
    r"|remov(?:e|es|ed|ing)|drop(?:s|ped|ping)?|renew(?:s|ed|ing)?))"
    r"(?:\s+(?:the|its))?\s+(oil|meal|seeds?|cakes?)"  # ("…: the oil tariff falls to 50%")
    # (… or its level, in a list after a colon: "canola oil and pork: oil to 50%, …")
    r"(?=\s+(?:tariffs?|dut(?:y|ies)|levy|levies)\b|\s+(?:to|at)\s+\d"
    # (… or listed with other goods: "… as China extends meal, pea relief")
    r"|\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:peas?|pork|lobster|crab|seafood)\b)", re.I)
_ELLIPSIS_MEASURE = {
    "oil": "cn-canola-oil",
    "meal": "cn-canola-meal",
    "cake": "cn-canola-meal",
    "seed": "cn-canola-seed-ad",
}


#: Product words read per sentence (see extract).
MAX_PRODUCTS = 40
#: How far after a trade flow its rate stands ("exports to China down 85%").
TRADE_RATE_REACH = 5
#: How far after the words holding a product still its level stands ("unchanged at 100%").
HELD_RATE_REACH = 3
#: How near its goods a duty word names their duty ("China's 100% tariff on the peas",
#: "ses droits de 100 % sur les pois").
DUTY_REACH = 6


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
    # a title that names no goods, the summary the goods its change covers
    covered = _covered(sentences, products) if title and not any(title) else set()
    held = parts_held(rules, sentences, products)
    duties = _duties_named(rules, sentences, products)
    for s, side, mine in zip(sentences, sides, products, strict=True):
        if not s.in_title and found and inherited:
            # "The higher rate applies from Nov. 1" under "China hikes tariff on pork …
            # after Ottawa widens steel quotas": the rate is the title's change's, not steel's
            inherited = {f.signal.measure for f in found} & inherited or inherited
        said = {f.signal.measure for f in found}  # what the title changed, when this is not it
        found += _sentence_signals(
            rules, s, side, mine, published, relief,
            inherited if not s.in_title else covered,
            lambda: item_span().effective, held, said, duties,
        )
    goods = {s.index: mine for s, mine in zip(sentences, products, strict=True)}
    settle.fill_rates(found, sentences, rules.instruments, lambda s: _not_held(
        s, _tariff_rates(rules, s, find_rates(s)), goods[s.index]), goods)
    # a change that would start after it ends is a misreading, not news: "Beijing lifted
    # the 100% duty on March 1; the pause ends Dec. 31" read in November as a suspension
    # from next March 1 until this Dec. 31 (an impossible pending change)
    return [scoped(rules, f) for f in settle.merge(found, item_span, published)
            if not (f.signal.effective and f.signal.until
                    and f.signal.effective > f.signal.until)]


def _covered(sentences: Sequence[Sentence], products: Sequence[list[Hit]]) -> set[str]:
    """The measures whose goods a summary sentence says the change covers ("The
    suspension covers Canadian peas, canola meal and seafood", "applies to", "includes"):
    the goods of a title that names none ("China extends tariff suspension until …")."""
    out: set[str] = set()
    for s, mine in zip(sentences, products, strict=True):
        if s.in_title or not mine or not may_mention(s.text, "cover", "appl", "includ"):
            continue
        for m in _COVERS.finditer(s.text):
            out.update(p.label for p in mine
                       if p.start >= m.end() and s.same_clause(m.start(), p.start))
    return out


def _duties_named(rules: TariffRules, sentences: Sequence[Sentence],
                  products: Sequence[list[Hit]]) -> Callable[[], frozenset[str]]:
    """The measures whose goods the item names with a duty word beside them ("China's 100%
    tariff on the peas"): asked only for a relief on goods with no duty word of its own
    ("Relief on Canadian peas ends Dec. 31"), so looked for on the first ask."""
    def named() -> frozenset[str]:
        out: set[str] = set()
        if any(TARIFF_RELIEF.search(s.text) for s in sentences):
            out.add(ANY_DUTY)  # "China extends tariff pause on Canadian goods": a relief on
        for s, mine in zip(sentences, products, strict=True):  # China's goods is from a duty
            duties = s.find(rules.instruments) if mine else []
            out.update(p.label for p in mine if any(
                s.same_clause(d.start, p.start)
                and min(s.distance(d.start, p.start), s.distance(d.end, p.end)) <= DUTY_REACH
                for d in duties))
        return frozenset(out)
    return lazy(named)


def _relief(sentences: Sequence[Sentence]) -> Callable[[], bool]:
    """Whether the item speaks of a suspension or exemption: asked only to settle an
    extension without a rate (rare), so it is looked for on the first ask, not up front."""
    return lazy(lambda: any(_SUSPENSION.search(s.text) for s in sentences))


def _products(rules: TariffRules, s: Sentence) -> list[Hit]:
    hits = s.find_all(rules.product_matchers)
    if (hits and s.label_end() > 0  # a label is rare: its actions are looked at only then
            and (label := label_end(s, s.find_all(rules.actions, free_standing=True))) > 0
            and any(h.start > label for h in hits)):
        # "Canola : Pékin prolonge la suspension … sur le tourteau et les pois": the label
        # names what the title is about, its goods what changed
        hits = [h for h in hits if h.start > label]
    if not may_mention(s.text, "canola", "rapeseed"):  # what _ELLIPSIS needs
        return hits  # already sorted by start, as find_all leaves them
    for m in _ELLIPSIS.finditer(s.text):
        for part in list(_ELLIPSIS_PART.finditer(m.group(0)))[1:]:
            _add_part(hits, m.start() + part.start(), m.start() + part.end(), part.group(0))
    if any(h.label in _CANOLA for h in hits):
        for m in _BARE_PART.finditer(s.text):
            _add_part(hits, m.start(1), m.end(1), m.group(1))
    return sorted(hits, key=lambda h: h.start)


_CANOLA = frozenset(_ELLIPSIS_MEASURE.values())


def _add_part(hits: list[Hit], start: int, end: int, word: str) -> None:
    """Add a canola part named without "canola" ("oil", "meal") unless a hit holds it."""
    if not any(h.start <= start < h.end for h in hits):
        hits.append(Hit(start, end, word, _ELLIPSIS_MEASURE[word.lower().rstrip("s")]))


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
    duties: Callable[[], frozenset[str]] = frozenset,
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
                   if not DETERMINER.search(s.text[max(0, a.start - 12) : a.start])]
    if not actions:
        return []
    rates = _not_held(s, _tariff_rates(rules, s, find_rates(s)), products)
    # for the changes it settles, if any; a duration with no start of its own ("at 5.9 pct
    # for five years") counts from the item's ("takes effect on March 1"), else publication
    span = lazy(lambda: find_span(s.text, published, start=item_start()))
    made: list[tuple[Hit, Found]] = []
    excluded = left_out(rules, s, products)
    labels = {a.label for a in actions}
    may_refuse = "extend" in labels and (  # a renewal and an end, or a relief: rare
        "lapse" in labels or "suspend" in labels
        or (not s.text.isascii() and ZH_LAPSE.search(s.text) is not None))
    for product in products:
        measure = rules.measures[product.label]
        # "won't renew EV surtax when it expires": the renewal refused is the decision (its
        # hedges are read on it), the end it lets come the change, as "lets … expire" reads
        refused = refused_renewal(rules, s, product, actions, products) if may_refuse else None
        if refused is not None:
            renewal, refusal, action = refused
            if not fits(rules, s, sides, measure, product, renewal, products, refusal):
                continue
        else:
            refusal = -1
            action = governing_action(rules, s, product, actions, rates, products)
            if action is None or not fits(rules, s, sides, measure, product, action, products,
                                          duties=duties):
                continue
        if is_recap(s, action, published):
            continue  # "China imposed the 100 per cent tariffs in March 2025": background
        if action.label == "lapse" and _AWAITED.search(s.text, max(0, action.start - 130),
                                                       action.start):
            continue  # "five weeks left before the suspension … expires": its end, awaited
        if action.label == "suspend" and _NEARS_END.match(s.text, action.end):
            continue  # "as China Tariff Pause Nears End": the relief in force, ending
        if (action.label == "effect" and action.text.lower().startswith("appl")
                and _ALSO.search(s.text, 0, action.start)):
            continue  # "the surtax will now also apply to plug-in hybrids": more goods
        if action.label == "extend" and _WIDENS.match(s.text, action.end):
            continue  # the measure now covers more goods: no change to its rate or end
        if action.label == "extend" and _REMISSION.match(s.text, action.end):
            continue  # the relief from it runs on ("extends remission order"), not the duty
        reached, to = widened_to(s, action, products) if action.label == "extend" else (
            set(), 0)
        if reached:
            # "extends canola tariff to Canadian canola oil": a duty reaching more goods
            # changes no measure of these; a relief reaching them ("extends the suspension
            # to Canadian pork") suspends theirs
            if product.start not in reached or not RELIEF.search(s.text, action.end, to):
                continue
            action = action._replace(label="suspend")
        if action.label == "effect" and product.end <= action.start:
            # "pork tariff relief takes effect", "EV surtax repeal takes effect"
            action = action._replace(label=_change_taking_effect(s, action, product, actions))
        own_rates, halted, final_end, lapsed_to = rates, -1, -1, -1
        if (replaced := final_duty(rules, s, action, product, actions, products)) is not None:
            # "halts canola anti-dumping deposits, sets 15% final duty": the final duty set
            # in the deposits' place is the change, at its own rate
            halted, (action, final_end) = action.start, replaced
            own_rates = [r for r in rates if action.end <= r.start
                         and s.distance(final_end, r.start) <= HELD_RATE_REACH]
        elif (hedged := hedged_final(rules, s, action, product, products)) >= 0:
            # "halts canola deposits, may set final duty at 15%": the halt, not a cut to 15%
            own_rates = [r for r in rates if r.start < hedged]
        if action.label in ("impose", "effect") and _again(s, action, product, products):
            action = action._replace(label="restore")  # "slaps 100% duty on peas again"
        quota_set = None
        lifted = action.label == "remove" and action.text.lower().startswith("lift")
        if (action.label in ("raise", "lower") or lifted) and _QUOTA_AFTER.match(
                s.text, action.end):
            # "raises quota for Chinese EVs at 6.1% to 55,000": the quota moves, not the
            # duty; as "allows 55,000 Chinese EVs at 6.1%" reads, when it names the rate.
            # A quota cut is no cut of the duty (it reads as one, warming): its words tell
            quota_set = (_quota_set(s, action, product, own_rates)
                         if action.label == "raise" or lifted else None)
            if quota_set is None:
                continue
            action = action._replace(label="impose")
        relief_ends = measure.kind == "barrier" and ends_a_relief(s, action, product, actions,
                                                                      products)
        if relief_ends:
            action = action._replace(label="restore")  # "ends tariff suspension on peas"
        bar = lapsed_bar(rules, s, action, product) if (
            measure.kind == "benefit" and action.label == "lapse") else -1
        if measure.kind == "benefit" and (bar >= 0 or (
                action.label == "remove" and lifts_a_bar(rules, s, action, product))):
            # "lifts ban on group tours", "lets group tour ban on Canada lapse"
            action = action._replace(label="restore")
        elif measure.kind == "benefit" and action.label == "restore" and lifts_a_bar(
                rules, s, action, product):
            action = action._replace(label="suspend")  # "reimposes ban on group tours"
        signal = settle.resolve(
            s, measure, product, action, _list_rates(s, own_rates, action, product, products),
            _span_of(s, action, span, published, item_start), relief, bool(s.find(rules.permanent)),
            other_actions(s, action, actions, products), decided=refusal >= 0,
        )
        if (signal and signal.action == "restore" and signal.until is not None
                and s.clause(len(s.text)) > 0 and find_span(
                    s.clause_text(action.start), published).until is None):
            # "… extend the pause on peas until Dec. 31, 2027, but the 25% duty on lobster
            # will be reimposed from Jan. 1": the duty back runs on, to no end of its own
            signal = replace(signal, until=None)
        if signal and refusal >= 0 and len(said_so := s.text[
                _refused_from(s, refusal, product, actions):action.end]) <= 120:
            signal = replace(signal, evidence=said_so)  # "won't renew … when it expires"
        if signal and halted >= 0 and len(said_so := s.text[halted:final_end]) <= 120:
            signal = replace(signal, evidence=said_so)  # "halts … deposits, sets … duty"
        if signal and (relief_ends or (action.label == "lapse" and signal.action == "restore")):
            signal = _day_after_relief(s, signal, action, published)
            if signal.effective is None and (action.label == "lapse" or any(
                    a.label == "lapse" and a.start >= action.end and a.text.endswith(
                        ("延续", "延續", "延期")) for a in actions)):
                # "lets the pea tariff pause lapse", "暂停措施到期后不再延续" (not continued
                # when it expires): when it was due to end, not today
                signal = replace(signal, at_relief_end=True)
        elif (signal and signal.action in ("restore", "impose")
              and (lapse := _relief_lapse_after(s, action, actions, product,
                                                products)) is not None):
            # "peas hit with 100% tariff again as relief runs out", "crab fishers face 25%
            # duty as Beijing lets the exemption expire": the duty back when it runs out;
            # "… when suspension ends Dec. 31": the day after (that day is its last)
            # (and a duty faced "from Jan. 1 after suspension lapses" is the duty back)
            dated = _day_after_relief(s, signal, lapse, published)
            signal = replace(dated, action="restore",
                             at_relief_end=dated.at_relief_end or dated.effective is None)
            lapsed_to = lapse.end  # its words are the change's: not a relief's cue again
        if signal and (quota := quota_set or _quota(s, action, product, products)):
            signal = replace(signal, scope=quota)  # "allow 49,000 Chinese EVs at 6.1%"
        elif signal and (past := _above_quota(s, action, product, products)) is not None:
            signal = _past_quota(s, signal, past)  # "100% surtax on EVs above quota"
        if signal:
            start, end = _reach_of(s, action, product, products, actions, relief_ends)
            end = max(end, lapsed_to)
            start = min(start, refusal) if refusal >= 0 else start  # "won't renew"
            if halted >= 0:  # "halts canola deposits, sets 15% final duty"
                start, end = min(start, halted), max(end, final_end)
            start = min(start, bar) if bar >= 0 else start  # the ban that lapsed
            made.append((product, Found(
                signal,
                s.index,
                start,
                end,
                action.label == "effect",
                measure.kind,
                parts_of(s, measure, product, products, excluded, item_parts or {}),
                tuple(p for m, p in excluded.values() if m == measure.id),
            )))
    return rest_of_other(rules, s, products, made)


def _span_of(s: Sentence, action: Hit, span: Callable[[], Span], published: date | None,
             item_start: Callable[[], date | None]) -> Span:
    """The sentence's dates (``span``), but a day in the action's clause after a past or
    future verb is read in its tense: in September, "China lifted its pause on canola
    tariffs on Dec. 31" is the Dec. 31 gone by; in February, "China to end tariff relief
    on Canadian peas Dec. 31" the coming one (both read the nearest Dec. 31 before)."""
    tense = _tense(s, action)
    if tense is None:
        return span()

    def of_day(at: int) -> str | None:
        # a Chinese day stands before its verb ("将于12月31日取消"), others after it
        ahead = at < action.start if _CJK.match(action.text) else at >= action.end
        if not ahead or not s.same_clause(action.start, at):
            return None
        if tense == "ends":  # "ends tariff relief on peas Dec. 31"; not "… from Jan. 1"
            return None if _NOT_ITS_END.search(s.text, action.end, at) else "future"
        return tense

    return find_span(s.text, published, start=item_start(), tense=of_day,
                     told_before=not s.in_title)


def _tense(s: Sentence, action: Hit) -> str | None:
    """ "past", "future" (see ``_WILL``), "ends" (see ``_END_VERB``), French "fr-past"
    or "fr-future", Chinese "zh-past" or "zh-future" (see ``_FR_PAST``, ``_ZH_WILL``: each
    read for its language's days only), or None."""
    before = s.text[max(0, action.start - 30):action.start]
    if _WILL.search(before):
        return "future"
    if _PAST_FORM.match(action.text) and not _BE.search(before):
        return "past"
    if _END_VERB.fullmatch(action.text):
        return "ends"
    clause = _CLAUSE_MARK.split(before)[-1] + action.text  # the action's clause up to it
    if _CJK.match(action.text):
        if _ZH_WILL.search(clause, 0, len(clause) - len(action.text)):
            return "zh-future"
        if _ZH_DONE.search(clause, 0, len(clause) - len(action.text)) or s.text.startswith(
                "了", action.end):
            return "zh-past"
        return None
    clause = _FR_THAT.split(clause)[-1]  # "a dit qu'elle supprime …": the said verb's
    if _FR_FUTURE.search(clause):  # read for French days only ("a bonus" is English)
        return "fr-future"
    if _FR_PAST.search(clause):
        return "fr-past"
    return None


def _change_taking_effect(s: Sentence, action: Hit, product: Hit, actions: list[Hit]) -> str:
    """What takes effect after the goods: a relief named between them ("pork tariff relief
    takes effect": suspend), else the change named there ("EV surtax repeal takes effect":
    remove; "pea tariff reinstatement": restore), else the duty itself (effect)."""
    if RELIEF.search(s.text, product.end, action.start):
        return "suspend"
    named = [a.label for a in actions if product.end <= a.start and a.end <= action.start
             and a.label not in ("effect", "lapse")]
    return named[-1] if named else "effect"


def _quota(s: Sentence, action: Hit, product: Hit, products: list[Hit]) -> str | None:
    """How many of the goods a change lets in at its rate, when a count stands between
    the action and them: "allow (up to) 49,000 Chinese EVs (a year) at 6.1%" covers "a
    quota of 49,000 EVs (a year)"; None for no count, or no rate they come in at."""
    if not action.end <= product.start:
        return None
    count = _COUNT.match(s.text, action.end, product.start)
    if count is None:
        return None
    end = list_span(s, product, products).end
    if not AT_RATE.match(s.text, end):
        return None
    year = " a year" if _A_YEAR.match(s.text, end) else ""
    return f"a quota of {count.group(1)} {product.text}{year}"


def _refused_from(s: Sentence, refusal: int, product: Hit, actions: list[Hit]) -> int:
    """Where the words of a refused renewal start: its negation ("won't renew tariff pause
    on peas"), or in the passive the relief before the goods ("pause on Canadian peas won't
    be renewed")."""
    if refusal <= product.start:
        return refusal
    return min((a.start for a in actions if a.label == "suspend" and a.end <= product.start
                and s.same_clause(a.start, product.start)), default=refusal)


def _above_quota(s: Sentence, action: Hit, product: Hit,
                 products: list[Hit]) -> re.Match[str] | None:
    """Where the words that say the change covers only goods past a quota stand, beside
    the goods in the action's clause (``_ABOVE_QUOTA``): "… keeps 100% above quota" after a
    cut to 6.1% for 49,000 vehicles is the rest's rate, not the cut's scope."""
    if not may_mention(s.text, "quota", "contingent"):
        return None
    end = list_span(s, product, products).end
    return next((m for m in _ABOVE_QUOTA.finditer(s.text)
                 if s.same_clause(action.start, m.start()) and (
                     (m.start() >= end and (s.distance(end, m.start()) <= _QUOTA_AFTER_REACH
                                            or _GOODS_AGAIN.search(s.text, end, m.start())))
                     or (m.end() <= product.start
                         and len(s.text[m.end():product.start]) <= _QUOTA_BEFORE_REACH))),
                None)


def _past_quota(s: Sentence, signal: TariffSignal, past: re.Match[str]) -> TariffSignal:
    """The signal scoped to the goods past the quota, its evidence running on to the words
    that say so when they follow it closely ("reinstate 100% surtax on Chinese EVs above
    quota"): a reader must see that the duty is not on every import."""
    at = s.text.find(signal.evidence)
    if at >= 0 and at + len(signal.evidence) <= past.start() and past.end() - at <= 120:
        return replace(signal, scope=ABOVE_QUOTA, evidence=s.text[at:past.end()])
    return replace(signal, scope=ABOVE_QUOTA)


def _relief_lapse_after(s: Sentence, action: Hit, actions: list[Hit], product: Hit,
                        products: list[Hit]) -> Hit | None:
    """Where the goods' relief runs out after the duty's return, in a clause of its own
    ("… again as relief runs out", "… as Beijing lets the exemption expire", "… when
    suspension ends Dec. 31"): the duty is back when it does; None if no relief does, or
    the one that does is another's ("… as exemption for Chinese EVs expires", "… as
    moratorium on anti-dumping probe ends")."""
    for a in actions:
        if a.start > action.end and (a.label == "lapse" or (
                a.label == "remove" and a.text.lower().startswith("end"))) and (
                as_m := _AS_RELIEF.search(s.text, action.end, a.start)):
            clause = as_m.start()  # the relief's own clause: "as …", "when …"
            if _ANOTHER_MATTER.search(s.text, clause, a.start) and not any(
                    p.label == product.label and clause <= p.start < a.start
                    for p in products):
                return None  # (the goods named there again: their relief after all)
            return a
    return None


def _quota_set(s: Sentence, action: Hit, product: Hit, rates: list[Rate]) -> str | None:
    """The quota a raised quota is set to ("raises quota for Chinese EVs at 6.1% to 55,000":
    "a quota of 55,000 EVs", the goods as the headline names them), when the clause names
    its count and the rate the goods come in at; None otherwise (a quota moved says
    nothing of the duty)."""
    count = next((m for m in _QUOTA_TO.finditer(s.text, action.end)
                  if s.same_clause(action.start, m.start())), None)
    if count is None or not any(s.same_clause(action.start, r.start) for r in rates):
        return None
    return f"a quota of {count.group(1)} {product.text}"


def _again(s: Sentence, action: Hit, product: Hit, products: list[Hit]) -> bool:
    """ "again" (French "de nouveau", "à nouveau") right before a new duty, right after it
    or right after its goods, or after the duty right after it: the duty comes back
    ("China slaps 100% duty on Canadian peas again", "China again imposes tariffs on
    pork", "Canadian peas face 100% tariff again")."""
    if not may_mention(s.text, "again", "anew", "nouveau"):
        return False
    lo = min(action.start, product.start)
    hi = max(action.end, list_span(s, product, products).end)
    return any(s.same_clause(m.start(), action.start) and (
        (m.end() <= lo and s.distance(m.end(), lo) <= 1)
        or (m.start() >= hi and s.distance(hi, m.start()) <= 1)
        or (m.start() > hi and _DUTY_BETWEEN.fullmatch(s.text, hi, m.start()))
        or (action.end <= m.start() and m.end() <= product.start
            and s.distance(action.end, m.start()) <= 1)
        # between the goods and their verb: "les pois canadiens de nouveau frappés d'une
        # surtaxe de 100 %", "Canadian peas again hit with 100% tariff"
        or (product.end <= m.start() and m.end() <= action.start
            and s.distance(m.end(), action.start) <= 1))
        for m in _AGAIN.finditer(s.text))


def _reach_of(s: Sentence, action: Hit, product: Hit, products: list[Hit], actions: list[Hit],
              relief_ends: bool) -> tuple[int, int]:
    """Where a change's words start and end, for the direction not to score them again:
    its action and product, and the relief it acts on, named after the goods ("ends canola
    tariff relief") or, for a lapse, before them ("the suspension of pea tariffs expires")."""
    start, end = min(action.start, product.start), max(action.end, product.end)
    if action.label == "extend" and (m := _RELIEF_EXTENDED.match(s.text, action.end)):
        end = max(end, m.end())  # "Peas get another year: China rolls over tariff suspension"
    if action.end <= product.start and (relief_ends or action.label in ("lapse", "extend")):
        end = max(end, relief_after(s, product, products))
    if relief_ends and action.end <= product.start:  # "the pause on canola tariffs ends"
        end = max(end, end_after_goods(s, action, product, actions, products))
    if action.label == "lapse" and action.start >= product.end:
        start = min([a.start for a in actions if a.label == "suspend" and a.end <= product.start
                     and s.same_clause(a.start, product.start)][-1:] or [start])
    return start, end


def _day_after_relief(s: Sentence, signal: TariffSignal, action: Hit,
                      published: date | None) -> TariffSignal:
    """A relief that ends on a day ("relief on peas to end Dec. 31", "relief on peas
    expires Dec. 31", "the pause on canola tariffs ended Dec. 31") brings the duty back the
    day after: that day is its last, as a suspension's ``until`` is. The day after "expires"
    is no start to the dates (a relief "due to expire Dec. 31" may be extended): it is read
    here, when the expiry is the change itself."""
    if (zh := zh_end_day(action.text, published)) is not None:  # "豁免将于12月31日到期"
        return replace(signal, effective=zh + timedelta(days=1), until=None) if (
            signal.effective in (None, zh)) else signal
    if (m := _DAY_END_OF.search(s.text) or _FIN_LE.search(s.text)) is not None and m.start(
            "end") <= action.start < m.end("end") + 4:  # "brace for Dec. 31 end of …"
        day = end_day(s.text, m.start() if m.re is _DAY_END_OF else m.end(), published,
                      past=False)
        if day is not None and signal.effective in (None, day):
            return replace(signal, effective=day + timedelta(days=1), until=None)
    m = _ENDS_ON.search(s.text)
    if m is None or _ONCE_DUE.search(s.text, 0, m.start()):
        return signal  # "the relief had been due to expire Dec. 31": an end put off
    day = end_day(s.text, m.end(), published, past=bool(m.group("past") or m.group("past_fr")))
    if day is None or signal.effective not in ((None, day) if m.start() <= action.start < m.end()
                                               else (day,)):
        return signal
    return replace(signal, effective=day + timedelta(days=1), until=None)


def _list_rates(
    s: Sentence, rates: list[Rate], action: Hit, product: Hit, products: list[Hit]
) -> list[Rate]:
    """The rates a new duty on the product may take: not one after another list of goods
    standing between ("imposes tariffs on canola oil, oil cakes and peas, with pork and
    seafood at 25%": the 25% is pork's, and would make the oil's new tariff a cut from
    100%). A change of level keeps them: "cuts canola meal tariffs: pork and peas now at
    10%" is one level for all."""
    if not rates or action.label not in ("impose", "effect"):
        return rates
    end = list_span(s, product, products).end
    other = min((p.end for p in products if p.start >= end), default=None)
    if other is None:
        return rates
    return [r for r in rates if r.start < other]


def _not_held(s: Sentence, rates: list[Rate], products: list[Hit]) -> list[Rate]:
    """Not a rate that says where a product held still stays: in "canola oil tariff
    unchanged at 100% as meal duty suspended" the 100% is the oil's, not the meal's."""
    ends = [e for p in products if (e := held_end(s, p)) >= 0] if rates else []
    if not ends:
        return rates
    return [r for r in rates if not any(
        e <= r.start and s.same_clause(e, r.start) and s.distance(e, r.start) <= HELD_RATE_REACH
        for e in ends)]


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
