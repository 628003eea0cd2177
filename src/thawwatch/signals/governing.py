"""Which action in a sentence governs a product: reading word order.

Why: a sentence often holds several actions and several goods ("lifts tariffs on lobster,
cuts duties on other seafood to 10%"). English puts the verb before its goods and Chinese
after them, a title may name its goods in a label ("Canola : Pékin ramène …"), and a
participle may describe rather than act ("the suspended duties"). This picks the one action
a product's change is read from.
"""

from __future__ import annotations

import re

from thawwatch.signals.goods_scope import list_span
from thawwatch.signals.rates import Rate, rate_for
from thawwatch.signals.relief_terms import OTHER_RELIEF_WORDS
from thawwatch.signals.settle import STAYS
from thawwatch.signals.starts import gated
from thawwatch.signals.tariff_checks import (
    DETERMINER,
    FROM_A_LEVEL,
    blocked,
    on_trade,
    relief_after,
)
from thawwatch.signals.tariff_rules import TariffRules
from thawwatch.signals.terms import Hit
from thawwatch.signals.text import Sentence, case_about, in_relative, told_after_colon

# Words more an "up/down from" may follow its goods by: the new level, its duty word and
# where it applies come between ("pork will be subject to a 10% tariff in China, down from")
_LEVEL_REACH = 5
# an action named as a noun ("suspension", "relief"), not a verb
_NOUN = gated(re.compile(r"(?:sion|tion|ment|al|relief|reprieve|truce|répit)$", re.I))
# a relief a verb right before it governs, in Chinese: "延长暂停…" extends the suspension
_RELIEF_ZH = re.compile(r"暂停|暫停|暂免|暫免|豁免")
# A question or an exclamation ended between an action and the goods after it: "Will China
# extend the peas tariff pause? Peas growers wait …" (no pause on peas); the goods of a
# kicker before it still take the action after it ("Good news, pea growers! China extends …")
_ENDED = re.compile(r"[?!]\s")
_CONDITION = re.compile(r"\b(?:unless|if|provided|as\s+long\s+as|on\s+condition)\b", re.I)
# a relief named by a word that is also a verb, a noun when a verb governs it: "extends
# pause on pea tariffs", "extends tariff waiver"
_RELIEF_WORD = re.compile(rf"pauses?|waivers?|holidays?|halts?|{OTHER_RELIEF_WORDS}", re.I)
# how long an extension runs, between it and the relief: "prolonge d'un an l'exemption",
# "prolonge de six mois la suspension", "extends by six months the suspension"
_FOR_A_TIME = re.compile(
    r"\s+(?:(?:d['’]\s*|de\s+|by\s+|for\s+)(?:un|une|deux|trois|quatre|six|douze|dix-huit"
    r"|\d+|one|two|three|four|six|twelve|18|another)\s+(?:ans?|années?|mois|semaines?|years?"
    r"|months?|weeks?)"
    # … or until a day: "prolonge jusqu'au 31 décembre 2027 la suspension …"
    r"|(?:jusqu['’](?:au|à)|until|through)\s+(?:le\s+|la\s+fin\s+(?:de\s+)?|the\s+end\s+of\s+)?"
    r"(?:\d{1,2}(?:er)?\s+[^\W\d]+\.?\s+\d{4}|[^\W\d]+\.?\s+\d{1,2},?\s+\d{4}"
    r"|[^\W\d]+\s+\d{4}|\d{4}))\s+(?:les?\s+|la\s+|l['’]\s*|the\s+|its\s+)?", re.I)
# … and as a noun by what follows it: "lets pause on pea tariffs expire" (not "pauses pea
# tariffs, measure to expire …", a verb)
_RELIEF_OF = re.compile(r"(?:pauses?|waivers?|freeze|holidays?)\s+(?:on|of|for)\b", re.I)
# what lies between an end put off and the relief it ends: "expiry of tariff relief", "end
# date for tariff suspension"
_OF_RELIEF = re.compile(r"(?:\s+dates?)?\s+(?:of|for|on)\s+(?:the\s+|its\s+|their\s+)?"
                        r"(?:(?:tariffs?|dut(?:y|ies))\s+)?", re.I)
# A product held still right after it: "canola oil unchanged", "oil stays at 100%", "pork
# duty remains" (not "EVs, not on steel", nor "steel, keeps anti-dumping duties").
_HELD = re.compile(
    r"\s+(?:(?:tariffs?|dut(?:y|ies)|surtax(?:es)?)\s+)?"
    r"(?:unchanged|stays?|stayed|remains?|remained|untouched|unaffected)\b", re.I)
# A relief held in place: "will stay suspended", "remain exempted", "resteront suspendus"
_STAYS = re.compile(STAYS, re.I)
_HELD_RELIEF = re.compile(r"(?:suspend|exempt|paus|waiv|exon[ée]r)\w*$", re.I)
# an auxiliary before a participle makes it act ("tariffs are lifted"), not describe …
_AUXILIARY = gated(
    re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+\s+)?$", re.I)
)
# … as does a verb of keeping: "keep tariffs on canola meal suspended", "will stay suspended"
_KEPT = re.compile(r"\b(?:keep|keeps|kept|keeping|leave|leaves|leaving)\b(?:\s+[\w'’,.%-]+){1,8}?"
                   r"\s*$|\b(?:stay|stays|stayed|remain|remains|remained)\s+$", re.I)
# a duty word right before a relief: "China tariff relief", "China's duty suspension"
_DUTY_BEFORE = re.compile(r"\b(?:tariffs?|dut(?:y|ies)|surtax)\s+$", re.I)
# … or, in French, an adjective right after it: "le répit tarifaire", "l'exemption douanière"
_DUTY_AFTER_FR = re.compile(r"\s+(?:tarifaires?|douani(?:er|ère)s?)\b", re.I)
# Chinese levies named as the duty, not imposed: "将…菜籽油加征关税税率由100%下调至50%"
_LEVY_ZH = re.compile(r"加征|加徵|征收|徵收")


def governing_action(
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
    if held_end(s, product) >= 0:
        return None
    blockers = s.find(rules.blockers)
    actions = [a for a in actions if not on_trade(s, rules, a, product)]
    first = list_span(s, product, products).start  # a list's goods share its action
    own_rate = rate_for(s, rates, product.start)  # once: a hostile text has many actions
    before = [
        a
        for a in actions
        if a.end <= product.start
        and s.same_clause(a.start, product.start)
        and not _ENDED.search(s.text, a.end, product.start)
        and s.distance(a.start, min(first, product.start)) <= _reach(rules, s, a, product,
                                                                     own_rate)
        and not _attributive(s, a)
        and not _FALL.fullmatch(a.text)  # "falls as China lets pea tariff relief lapse"
        and not in_relative(s.text, a)  # "extends suspension of the tariff it imposed on"
        # goods named in a condition are not the change's: "canola meal duty will return
        # Jan. 1 unless Ottawa moves on steel"
        and not _CONDITION.search(s.text, a.end, product.start)
    ]
    if before and not blocked(blockers, before[-1].end, product.start):
        chosen = before[-1]
        if (topic := _topic_named(s, chosen, product, actions, products)) >= 0:
            # "Suspension des tarifs chinois sur les pois : aucune prolongation …" names
            # the relief in force; "Tariff relief for peas: China extends pause to 2027"
            # tells what became of it after the colon (when no other goods are named there)
            told = next((a for a in actions if a.start >= topic), None)
            if told is None or not s.same_clause(topic, told.start) or any(
                    p.start >= topic for p in products):
                return None
            return told
        # "extends (the) suspension of …": a noun action governed by a verb action, or by
        # the end it puts off ("postpones expiry of tariff relief on peas")
        governed = len(before) > 1 and (s.distance(before[-2].end, chosen.start) <= 2 or (
            before[-2].label == "extend" and (
                _OF_RELIEF.fullmatch(s.text, before[-2].end, chosen.start)
                or _FOR_A_TIME.fullmatch(s.text, before[-2].end, chosen.start))))
        if governed and (_NOUN.search(chosen.text) or _RELIEF_ZH.fullmatch(chosen.text)
                         or _RELIEF_WORD.fullmatch(chosen.text)):
            return before[-2]
        lapse = [
            a
            for a in actions
            if a.label == "lapse"
            and a.start >= product.end
            and s.same_clause(product.start, a.start)
        ]
        # "the suspension of … tariffs expires", "lets pause on pea tariffs expire"
        if (_NOUN.search(chosen.text) or _RELIEF_OF.match(s.text, chosen.start)) and lapse:
            # "…, set to expire Dec. 31, extended to March 31": the extension decides
            return next((a for a in actions if a.label == "extend" and a.start > lapse[0].end
                         and s.same_clause(product.start, a.start)), lapse[0])
        return chosen
    # goods named in a title's label take the action of the clause after it ("Canola :
    # Pékin ramène ses droits à 15 %")
    label = label_end(s, actions)
    own = s.clause(product.start) + (1 if label > 0 and product.end <= label else 0)
    relief = relief_after(s, product, products)  # "pea tariff pause": a noun, not a verb
    # other goods between the product's list and an action after it have it for their own
    # ("keeps 100% tariff on canola oil as pea relief extended": the peas' relief)
    listed_to = list_span(s, product, products).end
    renewal = any(a.label == "extend" for a in actions)
    others = [p.start for p in products if p.label != product.label and p.start >= listed_to]
    after = [
        a
        for a in actions
        if a.start >= product.end
        and s.clause(product.start) <= s.clause(a.start) <= own
        and s.distance(product.end, a.start) <= rules.after_window + (
            # "pork will be subject to a 10% tariff in China, down from 25%"
            _LEVEL_REACH if FROM_A_LEVEL.fullmatch(a.text) else 0)
        and (not _NOUN.search(a.text) or _welcomed_relief(rules, s, a, product, actions, relief))
        and not (_RELIEF_WORD.fullmatch(a.text) and a.end <= relief)
        and not _owns_product(s, a, products)
        and not any(start < a.start for start in others)
        and not _reduced_relative(s, a)
        and not (_FALL.fullmatch(a.text) and not _duty_before(rules, s, a))
        # "to discuss … the lobster and crab suspension that ends Dec. 31": its known end
        # (beside a renewal, refused or not, that end is what the renewal is read against)
        and not (in_relative(s.text, a) and not renewal)
    ]
    if after and _HELD_RELIEF.match(after[0].text) and _STAYS.search(
            s.text, max(0, after[0].start - 24), after[0].start):
        # "the tariff on lobster will stay suspended through 2027": held so, not held still
        blockers = [b for b in blockers if b.end < after[0].start - 12]
    if (after and not blocked(blockers, product.end, after[0].start)
            and not case_about(s.text, first)):
        return _chinese_head(s, after, actions)
    return None


# A verb with no object: what falls is before it, and a duty only if one is named there
# ("canola tariff falls", "tariffs on canola fell"); "Canola falls as China keeps …" is the
# market, and "falls" governs no goods after it
_FALL = re.compile(r"fall|falls|fell", re.I)


def _duty_before(rules: TariffRules, s: Sentence, verb: Hit) -> bool:
    """Whether a duty word stands before ``verb`` in its clause: the duty is what fell."""
    return any(i.end <= verb.start and s.same_clause(i.start, verb.start)
               for i in s.find(rules.instruments))


def _welcomed_relief(rules: TariffRules, s: Sentence, action: Hit, product: Hit,
                     actions: list[Hit], relief: int) -> bool:
    """A relief named after the goods, its duty word right before it (in French right
    after it: "saluent le répit tarifaire"), as the sentence's only action: "Snow crab
    fishers welcome China tariff relief" (the goods name who welcome it; not a compound
    that names the relief, "China's pea tariff relief", which may be one in force, nor a
    trade flow's news: "seafood exports rebound after tariff suspension")."""
    return (len(actions) == 1 and action.label == "suspend" and relief < 0
            and bool(_DUTY_BEFORE.search(s.text, 0, action.start)
                     or _DUTY_AFTER_FR.match(s.text, action.end))
            and not any(product.end <= t.start and t.end <= action.start
                        for t in s.find(rules.trade)))


def held_end(s: Sentence, product: Hit) -> int:
    """Where the words holding a product still end ("canola oil tariff unchanged"), else
    -1: no action governs it, and a rate right after is its level, not a change's."""
    m = _HELD.match(s.text, product.end)
    return m.end() if m else -1


# The colon that ends a title's topic, soon after its goods: "… on Canadian peas: …"
_TOPIC_COLON = re.compile(r"[^:：.;!?]{0,30}?\s*[:：]")


def _topic_named(s: Sentence, relief: Hit, product: Hit, actions: list[Hit],
                 products: list[Hit]) -> int:
    """Where the rest of a title starts when a relief noun and its goods are its topic, set
    off by a colon, with no verb of their own ("China's tariff suspension on Canadian peas:
    no extension announced yet", "Suspension of Chinese tariffs on peas: what growers
    need to know" name the relief in force, and decide nothing: they read as a new
    suspension); else -1."""
    if not s.in_title or relief.label != "suspend" or not (
            _NOUN.search(relief.text) or _RELIEF_WORD.fullmatch(relief.text)):
        return -1
    colon = _TOPIC_COLON.match(s.text, list_span(s, product, products).end)
    if colon is None or any(a is not relief and a.start < colon.end() for a in actions) or (
            not told_after_colon(s.text, colon.end())):
        return -1  # (a source after the colon: "Tariff suspension on peas from March 1: MOFCOM")
    return colon.end()


def _chinese_head(s: Sentence, after: list[Hit], actions: list[Hit]) -> Hit:
    """The action after a product that governs it, for Chinese word order (object, then
    verb): a levy followed in its clause by another action is the duty's name ("加征关税税率
    …下调至50%": cut); a relief followed by an extension is what is extended ("暂停加征关税
    措施延长至…": extended); a relief that expires, then the duty resumed, is the duty back
    ("暂停加征关税措施今日到期 恢复加征100%关税")."""
    first = after[0]
    later = [a for a in after[1:] if s.same_clause(first.start, a.start)]
    if later and _LEVY_ZH.fullmatch(first.text) and first.label == "impose":
        first, later = later[0], later[1:]
    if _RELIEF_ZH.fullmatch(first.text) and (ext := [a for a in later if a.label == "extend"]):
        return ext[0]
    if _RELIEF_ZH.fullmatch(first.text) and (end := _EXPIRES_ZH.match(s.text, first.end)):
        back = next((a for a in actions if a.label == "restore" and end.end() <= a.start
                     <= end.end() + 4), None)
        return back or first  # (an expiry alone is the relief's end, as the ledger has it)
    return first


# A relief's measure that expires, right after the relief word: "暂停加征关税措施今日到期"
_EXPIRES_ZH = re.compile(r"[^，。；,;：:]{0,12}?到期[，,；;\s]*")


def label_end(s: Sentence, actions: list[Hit]) -> int:
    """Where a title's label ends (``Sentence.label_end``), unless a verb acts in it: "China
    removes tariffs on peas: what canola farmers should know" is a clause, not a label
    ("Canola tariff relief: …", a noun, is still one)."""
    label = s.label_end()
    if label > 0 and any(a.end <= label and not _NOUN.search(a.text) for a in actions):
        return -1
    return label


def other_actions(s: Sentence, action: Hit, actions: list[Hit],
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
        DETERMINER.search(s.text[max(0, action.start - 12) : action.start])
    )


def _reduced_relative(s: Sentence, action: Hit) -> bool:
    """ "the levy introduced in 2025 ends today": a participle after its noun, without an
    auxiliary, describes it (headlines drop auxiliaries, so titles are exempt)."""
    if s.in_title or not action.text.lower().endswith("ed"):
        return False
    return not (_AUXILIARY.search(s.text[max(0, action.start - 30) : action.start])
                or _KEPT.search(s.text[max(0, action.start - 80) : action.start]))


def _owns_product(s: Sentence, action: Hit, products: list[Hit]) -> bool:
    """An action with a product of its own right after it ("… and lower duties on canola");
    a lapse has none ("lets EV surtax expire, keeps steel surtax")."""
    return action.label != "lapse" and any(
        p.start >= action.end and s.distance(action.end, p.start) <= 4
        and s.same_clause(action.end, p.start) for p in products)
