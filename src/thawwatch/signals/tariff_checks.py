"""The checks a product and its action must pass to be a change to the product's measure.

Why: goods and an action in one sentence are not yet a change. The tariff word may be
missing or another instrument's ("anti-dumping"), the action hedged ("could cut"), the sides
wrong ("US soybeans"), or the action a trade flow's ("sales to China drop"). Ending a relief
or lifting a bar is a change too, the other way round ("ends tariff suspension").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from thawwatch.signals import sides_of
from thawwatch.signals.goods_scope import list_span
from thawwatch.signals.mood import hedged_by_mood, said_would
from thawwatch.signals.relevance import THIRD, Sides
from thawwatch.signals.relief_terms import OTHER_RELIEF_WORDS, OTHER_RELIEFS
from thawwatch.signals.settle import STAYS
from thawwatch.signals.starts import gated
from thawwatch.signals.tariff_rules import Measure, TariffRules
from thawwatch.signals.terms import Hit, Matcher
from thawwatch.signals.text import Sentence

# A determiner right before an action: it names a change, not makes one ("the
# suspended duties", "a cut to the pork tariff could come")
DETERMINER = gated(re.compile(r"(?:'s|\bthe|\ba|\ban|\bits|\btheir|\bnewly)\s+$", re.I))
# A modal right after a change named as a noun, with its product ("a cut to the pork tariff
# could come"; not "…, may cut more", whose change is not a noun)
_MODAL_AFTER = re.compile(
    r"(?:\s+(?:tariffs?|dut(?:y|ies)|surtax\w*|levy|levies))?\s+(?:could|may|might|would"
    r"|should\s+(?:come|happen|follow|arrive|materiali[sz]e|be\s+(?:announced|made))"
    r"|is\s+(?:expected|likely)\s+to|remains?\s+possible"
    r"|is\s+(?:under\s+)?(?:consideration|discussion|study|review))\b", re.I)
# A relief: what an extension carries to more goods, between it and "to" ("extends the
# suspension to Canadian pork"; not "extends canola tariff to canola oil, suspends …"), and
# what a removal ends ("ends tariff suspension on peas")
RELIEF = re.compile(
    r"\b(?:suspen\w*|exempt\w*|paus\w*|waiv\w*|reprieve|relief|remission|truce"
    r"|(?<=tariff\s)holidays?|(?<=duty\s)holidays?"
    rf"|répit|exon[ée]r\w*|{OTHER_RELIEFS})\b", re.I)  # French: "met fin au répit tarifaire"
_RELIEF_NOUN = re.compile(
    r"suspensions?|exemptions?|relief|reprieve|waivers?|pause|holiday"
    r"|(?:tariff|duty)\s+(?:break|truce)"
    rf"|répit|exonérations?|{OTHER_RELIEF_WORDS}", re.I)
# A relief named right after its goods, as a compound: "canola tariff relief", "pea tariff
# pause", "lobster and crab tariff pause"
_RELIEF_AFTER = re.compile(
    r"(?:\s+(?:tariffs?|dut(?:y|ies)|surtax\w*|levy|levies))*\s+(?:suspensions?|exemptions?"
    r"|relief|reprieve|waivers?|pauses?|(?:tariff|duty)\s+break|truce)\b", re.I)
# A case the goods name, right after them: "extends canola anti-dumping probe" extends the
# probe, not a duty ("investigation" between action and goods blocks it already); ending
# one may end its duties ("ends canola anti-dumping investigation")
_CASE_AFTER = re.compile(
    r"(?:[\s-]+(?:anti-?dumping|dumping|anti-?discrimination|countervailing|tariffs?"
    r"|dut(?:y|ies)|surtax\w*))*\s+(?:probes?|investigations?|inquir(?:y|ies)|cases?"
    r"|reviews?)\b", re.I)
# A change given as the level it came from ("15%, down from 75.8%"), as the rules' raise
# and lower terms word it (a user's own wording gets no farther reach: see governing)
FROM_A_LEVEL = re.compile(r"(?:up|down)\s+from", re.I)
# A matter the goods name, right after them (and their duty): "raises steel surtax issue in
# talks", "raises canola tariff concerns": the action is the matter's, not the duty's
_MATTER_AFTER = re.compile(
    r"(?:[\s-]+(?:anti-?dumping|tariffs?|dut(?:y|ies)|surtax\w*|levy|levies))*\s+"
    r"(?:issues?|concerns?|questions?|matters?|files?|talks|deadlines?)\b", re.I)
# A conjunction that starts a clause of its own between a hedge and the change: the hedge
# is the other clause's ("farmers expect a boost as China cuts …"); "as early as Monday",
# "as expected" and "after all" open none
_SUBORDINATE = re.compile(
    r"\b(?:(?<!early\s)(?<!soon\s)(?<!late\s)(?<!much\s)(?<!many\s)(?<!far\s)(?<!long\s)"
    r"(?<!well\s)as(?!\s+(?:early|soon|late|much|many|well|expected|planned|promised"
    r"|agreed|announced|part|long|far|of|a|an|the|if|though|usual|before|such)\b)"
    r"|after(?!\s+all\b)|when|while|because|whereas|après\s+que|lorsque|alors\s+que"
    r"|tandis\s+que|parce\s+que)\s", re.I)
# A wish with a subject of its own after a comma, between the change and the goods: what
# follows is hoped for ("lifts tariffs on Australian wine, Canada hopes canola is next");
# not a participle ("drops surtax, expecting cheaper Chinese EVs") nor "as …" ("lowers, as
# China had demanded, its surtax on EVs")
_WISH_AFTER = re.compile(
    r",\s+(?!as\b)(?:[\w'’.-]+\s+){1,3}?(?:hopes?|wants?|seeks?|wishes|expects?|urges?"
    r"|espère|espèrent|souhaite|souhaitent)\b", re.I)
# A change named, then in doubt: "tariff truce at risk", "the suspension (is) in doubt"
_AT_RISK = re.compile(r"\s+(?:(?:is|are|now|seen)\s+)?(?:at\s+risk|in\s+doubt|in\s+jeopardy"
                      r"|under\s+threat|on\s+the\s+line|uncertain|menacée?s?|compromise?s?)\b",
                      re.I)
# An end's day before the relief it ends: "expiry date for tariff relief on peas"
_DATE_OF = re.compile(r"(?:\s+dates?)?\s+(?:for|of|on)(?:\s+[\w'’.-]+){0,2}?\s+", re.I)
# What ends a relief named as a noun: "ends", "scraps"; "expires", "lapses"
_ENDING = ("remove", "lapse")
# A relief's end still to come, after its goods: "the relief on peas (is) to end Dec. 31"
_DUE = re.compile(r"\s+(?:(?:is|are)\s+)?(?:to|will|(?:set|due|scheduled)\s+to)\s+", re.I)
# … or after their duty: "the pause on canola tariffs ends", "relief on pea duties to end"
_DUTY_THEN_END = re.compile(
    r"(?:\s+(?:tariffs?|dut(?:y|ies)|surtax\w*|levy|levies))+"
    r"(?:\s+(?:(?:is|are)\s+)?(?:to|will|(?:set|due|scheduled)\s+to))?\s+", re.I)
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


# A rate the goods come in at, right after them, is their duty's: "allow 49,000 Chinese
# EVs (a year) at 6.1%"
AT_RATE = re.compile(r"(?:\s+(?:a|per|each)\s+(?:year|half-year|month))?"
                     r"(?:\s+(?:into|to)\s+(?:Canada|the\s+country))?(?:\s+in)?\s+at\s+"
                     r"(?:the\s+)?"
                     r"\d+(?:\.\d+)?\s*(?:%|pct\b|per\s*cent\b|percent\b)"
                     # French: "véhicules électriques chinois (par an) à 6,1 %"
                     r"|(?:\s+chinois|\s+canadiens?)?(?:\s+par\s+(?:an|année|semestre))?\s+"
                     r"(?:à|au\s+taux\s+de)\s+\d+(?:,\d+)?\s*%", re.I)
# A request passed on through infinitives, right up to the action: "asks Ottawa to push
# China to drop", "urges Ottawa to get Beijing to lift" (one to four words before each "to")
# A sentence opening on a condition: what its main clause says may happen
_IF_CLAUSE = re.compile(r"\s*(?:If|Unless|Should|Si|Sans)\b[^,;:.]{1,120},", re.I)
# A request to act, some words before the act asked: "urged Canada to … and remove"
_ASKED_TO = re.compile(
    r"\b(?:urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+on|press(?:es|ed|ing)?|ask(?:s|ed|ing)?"
    r"|demand(?:s|ed|ing)?|exhort(?:s|ed|ing)?)\s+(?:[\w'’.-]+\s+){1,3}?to\s+"
    r"(?:[^.;:?!,]{0,70})$", re.I)
_PASSED_ON = re.compile(r"(?:(?:\s+(?!to\b)[\w'’.-]+){1,4}\s+to)+\s+", re.I)

#: Tokens within which a tariff word before the goods is theirs: French says "les droits
#: chinois de 100 % sur les pois canadiens", English "China's 100% tariff on peas"
_INST_BEFORE = 6
#: … and how many more when the duty's rate stands between ("droits … de 25 % sur").
_RATE_TOKENS = 4
#: How many tokens after an action and its product a condition still governs them.
CONDITION_REACH = 12
#: How far after a trade flow its own verb stands ("sales to China drop").
TRADE_VERB_REACH = 3


def fits(
    rules: TariffRules,
    s: Sentence,
    sides: Sides,
    measure: Measure,
    product: Hit,
    action: Hit,
    products: list[Hit],
    refusal: int = -1,
    duties: Callable[[], Collection[str]] = frozenset,
) -> bool:
    """Instrument near, no hedge, and the sides match the measure. ``refusal``: where the
    negation of a renewal refused starts (``refused_renewal``), no hedge of the renewal;
    ``duties``: the measures whose duty the item names elsewhere (asked only for a relief
    on goods with no duty word of its own: see ``relief_on_goods``)."""
    if action.label == "extend" and action.end <= product.start and _CASE_AFTER.match(
            s.text, list_span(s, product, products).end):
        return False  # "extends canola anti-dumping probe": the case's
    if action.end <= product.start and _MATTER_AFTER.match(
            s.text, list_span(s, product, products).end):
        return False  # "raises steel surtax issue": the issue's
    if measure.kind == "barrier" and not _has_instrument(rules, s, product, action, products) \
            and not (relief_on_goods(s, action, product, products) and (
                measure.id in duties() or (measure.side == "CN" and ANY_DUTY in duties() and (
                    bool(_PLAIN_RELIEF.fullmatch(action.text)) or (
                        action.text.lower() == "suspension" and bool(_SUSPENSION_EXTENDED.search(
                            s.text, max(0, action.start - 40), action.start))))))) \
            and not (measure.side == "CN" and (
                relief_after_goods(s, action, product, products)
                # "China extends relief on Canadian peas": the relief on the goods, named
                # right after its renewal (not "relief for pea farmers", aid)
                or (action.label == "extend" and _renewed_relief_on(s, action, product))
                # "lobster and crab lose their exemption" (the lapse term names the relief)
                or (action.label == "lapse" and action.text[:3].lower() == "los")
                # "水产品的暂停措施" (the suspension measure on aquatic products): a relief
                or (action.text in ("暂停", "暫停") and s.text.startswith("措施", action.end))
                # "les pois canadiens resteront exemptés jusqu'à …": goods held exempt to an
                # end (held, and no end: "remain exempt under a separate extension", news
                # told before)
                or (action.label == "suspend" and action.start >= product.end
                    and bool(_HELD_EXEMPT.search(s.text, product.end, action.start))
                    and bool(_TO_AN_END.search(s.text, action.end, action.end + 60))))):
        return False
    if measure.others is not None and _other_instrument(s, measure.others, product, action):
        return False
    if _hedged(rules, s, action, list_span(s, product, products), refusal):
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


_RENEWED_RELIEF = re.compile(
    r"\s+(?:the\s+|its\s+)?(?:relief|reprieve|exemptions?|suspension|pause)"
    r"\s+on\s+(?:imports\s+of\s+)?(?:Canadian\s+)?", re.I)


_CANADIAN = re.compile(r"Canadian\s+", re.I)


def _renewed_relief_on(s: Sentence, action: Hit, product: Hit) -> bool:
    """Whether the renewal ``action`` names a relief on the goods right after it: "extends
    relief on Canadian peas"."""
    m = _RENEWED_RELIEF.match(s.text, action.end)
    return m is not None and (m.end() == product.start or bool(
        _CANADIAN.fullmatch(s.text, product.start, m.end())))


def _has_instrument(
    rules: TariffRules, s: Sentence, product: Hit, action: Hit, products: list[Hit]
) -> bool:
    """A tariff word between action and product, or right next to either (a product in a
    list borrows the list's: "canola oil and pork with steep new tariffs")."""
    span = list_span(s, product, products)
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
                and s.distance(inst.start, span.start) <= _INST_BEFORE + (
                    # its rate between: "les droits de douane chinois de 25 % sur le homard"
                    _RATE_TOKENS if "%" in s.text[inst.end:span.start] else 0)):
            return True
    return action.end <= span.start and bool(
        AT_RATE.match(s.text, span.end) or _MORE_TIME_OF.match(s.text, span.end))


# More time given to goods, then its duty word: "gives Canadian canola meal 12 more months
# of tariff-free access", "a further 12 months of duty-free access", "another year of …"
_MORE_TIME_OF = re.compile(
    r"\s+(?:another|(?:a\s+further|an\s+extra|\d{1,2}\s+more|one\s+more|two\s+more)"
    r"(?:\s+\d{1,2})?)\s+(?:months?|years?)\s+of\s+(?:duty|tariff)[- ]free\b", re.I)


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


# A title labelled as a report, not a decision told: "Report: …", "Sources: …" (not
# "Exclusive: China's commerce ministry confirms …": an outlet's own story)
_REPORT_LABEL = re.compile(r"(?:Reports?|REPORT|Sources?|Rumou?rs?)\s*:")


# A report of a change called groundless: the change told inside it is denied
_DENIED_REPORT = re.compile(
    r"\b(?:reports?|rumou?rs?|speculation)\b(?:[^.;]|\.(?=\s*\d)){0,120}?\b(?:were|was|are|is)"
    r"\s+['‘\"“]?"
    r"(?:groundless|baseless|unfounded|inaccurate|fabricated|fake|false|untrue)\b", re.I)


def _hedged(rules: TariffRules, s: Sentence, action: Hit, product: Hit,
            refusal: int = -1) -> bool:
    """A hedge or condition just before the action in its clause ("could cut", "once
    Ottawa drops"), or a condition after it in the sentence ("… on pork if Ottawa joins
    U.S. tariffs"): nothing was decided. Not the negation of a renewal refused, which
    starts at ``refusal`` ("won't renew"): that is the decision. A French verb in the
    conditional is its own hedge ("Pékin réduirait ses droits": "would cut"); a hedge in
    another clause is not the change's (``_SUBORDINATE``); goods after a wish with its own
    subject are hoped for (``_WISH_AFTER``)."""
    if hedged_by_mood(s, action.start, action.text):
        return True
    if (denied := _DENIED_REPORT.search(s.text)) and denied.start() <= action.start < denied.end():
        return True  # "reports that China would reinstate its 25% tariff … were 'groundless'"
    # an action after the goods (``product``: their list, from ``fits``) is hedged from
    # before them too: "traders fear China will let pea, meal tariff relief lapse"
    near = min(action.start, product.start)
    for hedge in [*s.find(rules.hedges), *s.find(rules.conditions)]:
        if 0 <= refusal <= hedge.start and hedge.end <= action.start:
            continue
        if _SUBORDINATE.search(s.text, hedge.end, action.start):
            continue  # "exporters preparing to ship as China lifts …": another clause's
        if hedge.text.lower() == "would" and said_would(s, hedge):
            continue  # "China said it would extend …": a decision reported
        if (
            hedge.end <= action.start
            and s.same_clause(hedge.start, action.start)
            and (s.distance(hedge.start, near) <= 5
                 or _PASSED_ON.fullmatch(s.text, hedge.end, action.start)
                 # between the goods and an action after them: "… peas expires, the
                 # industry is lobbying hard for an extension"
                 or (hedge.start >= product.end and s.distance(hedge.end, action.start) <= 4))
        ):
            return True
    if _ASKED_TO.search(s.text, max(0, action.start - 90), action.start):
        return True  # "urged Canada to "correct its wrong practices" and remove the surtax"
    if (cond := _IF_CLAUSE.match(s.text)) is not None and cond.end() <= action.start:
        return True  # "If Beijing does nothing, the 100 per cent tariff … will return"
    if _REPORT_LABEL.match(s.text):
        return True  # "Report: China to extend tariff relief for Canadian peas"
    if _WISH_AFTER.search(s.text, action.end, product.start):
        return True  # "lifts tariffs on Australian wine, Canada hopes canola is next"
    if _AT_RISK.match(s.text, action.end):
        return True  # "tariff truce at risk after EV surtax review": a change in doubt
    after = max(action.end, product.end)
    if DETERMINER.search(s.text[max(0, action.start - 12) : action.start]) and (
            _MODAL_AFTER.match(s.text, after)):
        return True  # "a cut to the pork tariff could come": the change is the subject
    return any(c.start >= after and s.distance(after, c.start) <= CONDITION_REACH
               for c in s.find(rules.conditions))


def on_trade(s: Sentence, rules: TariffRules, action: Hit, product: Hit) -> bool:
    """Whether the action acts on a trade flow or price rather than on the product's
    tariff: "cuts purchases of canola" (the flow between them), "pork sales to China drop"
    and "purchases of canola fell" (the verb right after the flow), "resume Canadian pork
    purchases" (the flow right after the goods: ``_flow_of_goods``), "lobster sales up 40%,
    up from …" (a level the flow came from). "Lobster prices soar after China scraps its
    tariff" is still a change: "scraps" is not the prices' verb."""
    for t in s.find(rules.trade):
        if action.end <= product.start:
            if action.end <= t.start and t.end <= product.start and not any(
                    action.end <= w.start and w.end <= t.start  # "tariffs on imports of …"
                    for w in s.find(rules.instruments)):
                return True
            if product.end <= t.start and _flow_of_goods(s, rules, action, product, t):
                return True
        elif product.end <= t.start and t.end <= action.start:
            if s.distance(t.end, action.start) <= TRADE_VERB_REACH or (
                    FROM_A_LEVEL.fullmatch(action.text) and s.same_clause(t.end, action.start)
                    and not any(t.end <= w.start and w.end <= action.start
                                for w in s.find(rules.instruments))):
                return True  # "lobster sales to China up 40%, up from …": the sales
        elif t.end <= product.start and s.distance(t.end, product.start) <= 3 and \
                s.distance(product.end, action.start) <= TRADE_VERB_REACH:
            return True
    return False


# What goods are exempted or removed from, after them and their flow
_FROM_DUTY = re.compile(
    r"\s+from\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:[\d.,]+\s*%\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:tariffs?|dut(?:y|ies)|surtax\w*|levy|levies)\b", re.I)


def _flow_of_goods(s: Sentence, rules: TariffRules, action: Hit, product: Hit,
                   flow: Hit) -> bool:
    """The flow right after the goods is what the action before them acts on ("resume
    Canadian pork purchases"), unless a duty word stands between the action and the goods
    ("lifts tariffs on pork imports") or right after the flow ("cuts pork import tariffs")."""
    if not s.same_clause(product.start, flow.start) or s.distance(product.end, flow.start) > 1:
        return False
    if _FROM_DUTY.match(s.text, flow.end):
        return False  # "exempts Chinese EV imports from 100% surtax": the duty's
    return not any(
        (action.end <= w.start and w.end <= product.start)
        or (w.start >= flow.end and s.distance(flow.end, w.start) <= 1)
        for w in s.find(rules.instruments))


def lifts_a_bar(rules: TariffRules, s: Sentence, action: Hit, product: Hit) -> bool:
    """A ban, suspension or curb between an action and a benefit: lifting it gives the
    benefit back ("lifts ban on group tours to Canada"), restoring it takes the benefit
    away ("reimposes ban on group tours")."""
    lo, hi = min(action.end, product.end), max(action.start, product.start)
    return any(lo <= b.start and b.end <= hi for b in s.find(rules.bars))


def lapsed_bar(rules: TariffRules, s: Sentence, action: Hit, product: Hit) -> int:
    """A ban or suspension of a benefit that runs out gives the benefit back: where the
    bar starts, named between the benefit and its lapse ("lets group tour ban on Canada
    lapse") or right before the benefit ("the ban on group tours to Canada expires"); -1
    if none is."""
    lo, hi = min(action.end, product.end), max(action.start, product.start)
    return min((b.start for b in s.find(rules.bars) if (lo <= b.start and b.end <= hi) or (
        b.end <= product.start and s.same_clause(b.start, product.start)
        and s.distance(b.end, product.start) <= 2)), default=-1)


def blocked(blockers: list[Hit], start: int, end: int) -> bool:
    """Whether a blocker (a verb of holding still: "suspends … but keeps the canola oil
    duty") lies wholly between ``start`` and ``end``."""
    return any(start <= b.start and b.end <= end for b in blockers)


def relief_after(s: Sentence, product: Hit, products: list[Hit]) -> int:
    """Where a relief named right after the goods (and the rest of their list) ends:
    "canola tariff relief", "lobster and crab tariff pause"; else -1."""
    m = _RELIEF_AFTER.match(s.text, list_span(s, product, products).end)
    return m.end() if m else -1


# The end of a relief, said after the goods: "pea exporters brace for Dec. 31 end of China
# tariff pause", "Canola : … la fin de la suspension des droits": the relief ends (the duty
# is back), not the duty (the action's words may hold the "of": "la fin de la")
_OF_RELIEF = re.compile(
    r"\s*(?:(?:of|to|de|du)\s+)?(?:(?:the|its|this|la|l['’])\s*)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:suspensions?|exemptions?|relief|reprieve|waivers?|pauses?|truce|répit"
    r"|exonérations?)\b", re.I)


def ends_a_relief(s: Sentence, action: Hit, product: Hit, actions: list[Hit],
                  products: list[Hit]) -> bool:
    """Whether the change ends a relief, so the duty comes back: "ends tariff suspension
    on Canadian peas", "scraps the exemption for lobster", "China ends tariff break on
    peas", "the tariff suspension on Canadian peas ends", "lets pea tariff pause expire",
    "tariff relief on Canadian peas to end Dec. 31", "the pause on canola tariffs ended",
    "to end canola tariff relief", "sets expiry date for tariff relief on peas"."""
    if action.label == "remove":
        return bool(RELIEF.search(s.text, min(action.end, product.end),
                                   max(action.start, product.start))) or (
            action.end <= product.start and relief_after(s, product, products) >= 0) or (
            product.end <= action.start and bool(_OF_RELIEF.match(s.text, action.end)))
    if action.label != "suspend" or not (_RELIEF_NOUN.fullmatch(action.text)
                                         or action.text in _ZH_RELIEF_WORDS):
        return False
    return any(
        a.label in _ENDING and s.same_clause(a.start, action.start) and (
            (a.end <= action.start and (s.distance(a.end, action.start) <= 3
                                        or _DATE_OF.fullmatch(s.text, a.end, action.start)))
            or (a.start >= action.end and (s.distance(action.end, a.start) <= 1
                                           or _ZH_MEASURE_THEN.fullmatch(s.text, action.end,
                                                                         a.start))))
        for a in actions) or end_after_goods(s, action, product, actions, products) >= 0


#: The Chinese words of a relief that an end after them ends ("…的关税豁免到期后不再延续")
_ZH_RELIEF_WORDS = ("暂停", "暫停", "豁免", "暂免", "暫免")
# The suspension measure, then its end: "暂停措施到期后不再延续", "暂停措施将于12月31日"
_ZH_MEASURE_THEN = re.compile(r"措施[^，。,；;]{0,12}")


def end_after_goods(s: Sentence, action: Hit, product: Hit, actions: list[Hit],
                    products: list[Hit]) -> int:
    """Where the end of a relief named before the goods, said after them, ends: "the
    suspension of tariffs on peas ends", "the relief on peas (is) to end Dec. 31", "the
    pause on canola tariffs ended"; else -1."""
    end = list_span(s, product, products).end
    return next((a.end for a in actions if a.label in _ENDING and a.start >= product.end
                 and s.same_clause(a.start, action.start)
                 and (s.distance(product.end, a.start) <= 1
                      or _DUE.fullmatch(s.text, product.end, a.start)
                      or _DUTY_THEN_END.fullmatch(s.text, end, a.start))), -1)


# A renewal refused, right before its verb: "won't renew", "will not renew", "decides not
# to renew", "not renewing"; French "ne renouvellera pas", "(décide de) ne pas renouveler"
_REFUSED = re.compile(
    r"(?:\bwon['’]t|\bwill\s+not|\b(?:decides?|decided|deciding)\s+not\s+to|\bnot"
    r"|\b(?:declin|refus)(?:e|es|ed|ing)\s+to)['\"‘’“”]?\s+$", re.I)  # ("'will not' extend")
_OPENING_QUOTE = re.compile(r"['\"‘“]$")
# French: "ne renouvellera pas", "n'a pas renouvelé"
_REFUSED_FR = re.compile(r"(?:\bne\s+|\bn['’])(?:(?:a|ont|avait|avaient)\s+)?(pas\s+)?$",
                         re.I)
_PAS = re.compile(r"\s+pas\b", re.I)
# Chinese: "不再延长" (no longer extends), and the end it lets come, with the day it falls on
# right before it if one is said ("豁免将于12月31日到期"): not a rules lapse word, as "到期"
# alone is mostly an end only named ("措施年底到期 或将延长", "原定…到期的暂停措施")
_REFUSED_ZH = re.compile(r"不再$")
# … the relief it renews, after the goods: "不再延长对加拿大龙虾的关税豁免"
_ZH_RELIEF_AFTER = re.compile(r"的?(?:关税|關稅|加征关税|加徵關稅)?(?:豁免|暂停|暫停|免征|免徵)"
                              r"(?:加征|加徵)?(?:关税|關稅)?(?:措施)?")
ZH_LAPSE = re.compile(r"(?:(?:20\d\d\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号號]\s*)?"
                      r"(?:到期|届满|屆滿)")


def refused_renewal(rules: TariffRules, s: Sentence, product: Hit, actions: list[Hit],
                    products: list[Hit]) -> tuple[Hit, int, Hit] | None:
    """A renewal refused before the goods, and the end it lets come after them: "Ottawa
    won't renew EV surtax when it expires in October", "ne renouvellera pas la surtaxe sur
    les VE à son expiration" read as "lets EV surtax expire" does (a decision: the duty, or
    the relief, runs out). The renewal, where its negation starts, and the lapse; else None
    (a surtax only "set to expire" is no decision, nor is a refusal with no end after it)."""
    span = list_span(s, product, products)
    before = [a for a in actions if a.end <= span.start and s.same_clause(a.start, span.start)
              and s.distance(a.start, span.start) <= rules.window]
    # the verb, then at most a relief it renews ("won't renew tariff relief on peas")
    while before and before[-1].label == "suspend" and _RELIEF_NOUN.fullmatch(before[-1].text):
        before.pop()
    if not before or before[-1].label != "extend":
        return _refused_after(rules, s, span.start, span.end, actions)
    renewal = before[-1]
    lead = s.text[max(0, renewal.start - 30):renewal.start]
    negation = _REFUSED.search(lead)
    if negation is None and (fr := _REFUSED_FR.search(lead)) and (
            fr.group(1) or _PAS.match(s.text, renewal.end)):
        negation = fr
    chinese = negation is None and (negation := _REFUSED_ZH.search(lead)) is not None
    if negation is None:
        return None
    lapse = next((a for a in actions if a.label == "lapse" and a.start >= span.end), None)
    if lapse is None and chinese and (m := ZH_LAPSE.search(s.text, span.end)):
        lapse = Hit(m.start(), m.end(), m.group(), "lapse")  # "豁免将于12月31日到期"
    zh_relief = _ZH_RELIEF_AFTER.match(s.text, span.end) if chinese else None
    if lapse is None and (RELIEF.search(s.text, renewal.start, span.start) or zh_relief
                          or _RELIEF_AFTER.match(s.text, span.end)):
        # a relief not renewed ends by itself, though no end is said: "won't renew the
        # tariff pause on Canadian peas", "n'a pas renouvelé la suspension des droits sur
        # les pois", "不再延长对加拿大龙虾的关税豁免": the duty is back when it ends (the
        # goods' end, or the relief after them, stands for its lapse)
        end = zh_relief.end() if zh_relief else span.end
        lapse = Hit(end, end, "", "lapse")
    if lapse is None or s.distance(span.end, lapse.start) > rules.after_window or any(
            span.end <= p.start < lapse.start for p in products):
        return None  # no end, or another's ("won't renew EV surtax; steel surtax expires")
    said = max(0, renewal.start - 30) + negation.start()
    if _OPENING_QUOTE.search(s.text, 0, said):  # "China 'will not' extend …": its quote too
        said -= 1
    return renewal, said, lapse


# A renewal refused in the passive, after the relief and its goods: "China's tariff pause
# on Canadian peas won't be renewed", "… will not be extended", "… is not being renewed"
_REFUSED_PASSIVE = re.compile(
    r"(?:\bwon['’]t|\bwill\s+not|\bwill\s+no\s+longer|\bis\s+not|\bisn['’]t|\bare\s+not"
    r"|\baren['’]t|\bnot)\s+(?:be|being)\s+$", re.I)
_PARTICIPLE = re.compile(r"(?:renew|extend|prolong)ed", re.I)


def _refused_after(rules: TariffRules, s: Sentence, start: int, end: int,
                   actions: list[Hit]) -> tuple[Hit, int, Hit] | None:
    """A relief named before the goods (``start``…``end``) whose renewal is refused after
    them, in the passive: the relief ends by itself, as "won't renew the tariff pause on
    peas" reads (it read as the pause itself, a new suspension, warming)."""
    renewal = next((a for a in actions if a.start >= end and s.same_clause(a.start, start)
                    and s.distance(end, a.start) <= rules.after_window + 3), None)
    if renewal is None or renewal.label != "extend" or not _PARTICIPLE.fullmatch(renewal.text):
        return None
    lead = s.text[max(0, renewal.start - 30):renewal.start]
    if (negation := _REFUSED_PASSIVE.search(lead)) is None or not any(
            a.label == "suspend" and a.end <= start and _RELIEF_NOUN.fullmatch(a.text)
            and s.same_clause(a.start, start) and s.distance(a.end, start) <= 3
            for a in actions):
        return None
    return renewal, max(0, renewal.start - 30) + negation.start(), Hit(
        renewal.end, renewal.end, "", "lapse")


# Provisional deposits, and a final duty set in their place: "halts canola anti-dumping
# deposits, sets 15% final duty", "suspend les dépôts … et fixe un droit définitif de 15 %"
_DEPOSITS = re.compile(r"\b(?:deposits?|dépôts?)\b|保证金|保證金", re.I)
_FINAL = re.compile(r"\b(?:final|definitive|définitif|définitive)\b", re.I)
#: Tokens from the end of the goods to the deposits they name ("canola anti-dumping
#: deposits"), from the deposits to the final duty's verb, and from it to "final".
_DEPOSITS_REACH = 3
_FINAL_REACH = 6


def final_duty(rules: TariffRules, s: Sentence, action: Hit, product: Hit, actions: list[Hit],
               products: list[Hit]) -> tuple[Hit, int] | None:
    """A final duty set where provisional deposits on the goods end: "Beijing halts canola
    anti-dumping deposits, sets 15% final duty" is one change, the final duty (as "confirms
    final anti-dumping duty of 15%" reads), not a suspension. The final duty's verb and
    where "final … duty" ends; None when the deposits end for nothing stated ("halts canola
    deposits, final duty expected later"), the final duty is hedged ("may set"), or it is
    other goods' ("sets 15% final duty on canola oil")."""
    after = _after_deposits(s, action, product, products)
    if after < 0:
        return None
    verb = next((a for a in actions if a.start >= after), None)
    if (verb is None or verb.label != "impose" or not s.same_clause(after, verb.start)
            or s.distance(after, verb.start) > _FINAL_REACH
            or _hedged(rules, s, verb, product)):
        return None
    final = next((m for m in _FINAL.finditer(s.text, verb.end)
                  if s.same_clause(verb.start, m.start())
                  and s.distance(verb.end, m.start()) <= _FINAL_REACH), None)
    if final is None:
        return None
    duty = next((i for i in s.find(rules.instruments) if i.start >= verb.end
                 and s.distance(final.start(), i.start) <= 3), None)
    if duty is None or any(verb.end <= p.start and p.label != product.label for p in products):
        return None  # no duty named, or other goods' final duty
    return verb, max(final.end(), duty.end)


def hedged_final(rules: TariffRules, s: Sentence, action: Hit, product: Hit,
                 products: list[Hit]) -> int:
    """Where a hedged final duty after deposits on the goods that end starts: "Beijing
    halts canola deposits, may set final duty at 15%" ("could set", "is expected to set",
    "considers final duty of 15%", "final duty of 15% expected"); else -1. Nothing is set
    in the deposits' place (``final_duty``): the halt alone is the change, as "halts canola
    anti-dumping deposits" reads, and the hedged duty's rate is no level of it."""
    after = _after_deposits(s, action, product, products)
    if after < 0:
        return -1
    for hedge in s.find(rules.hedges):
        if hedge.start < after or not s.same_clause(after, hedge.start):
            continue
        final = next((m for m in _FINAL.finditer(s.text, after)
                      if s.same_clause(after, m.start())
                      and s.distance(after, m.start()) <= _FINAL_REACH), None)
        if final is not None and s.distance(hedge.start, final.start()) <= _FINAL_REACH:
            return min(hedge.start, final.start())
    return -1


def _after_deposits(s: Sentence, action: Hit, product: Hit, products: list[Hit]) -> int:
    """Where deposits on the goods that the action ends ("halts canola anti-dumping
    deposits", "scraps provisional deposits on Canadian canola") and the goods end; -1 if
    the action ends no deposits."""
    if action.label not in ("suspend", "remove") or action.end > product.start:
        return -1
    span = list_span(s, product, products)
    deposits = next((d for d in _DEPOSITS.finditer(s.text, action.end)
                     if d.end() <= span.start or (
                         d.start() >= span.end and s.same_clause(span.end, d.start())
                         and s.distance(span.end, d.start()) <= _DEPOSITS_REACH)), None)
    return -1 if deposits is None else max(span.end, deposits.end())


# A relief named right before its goods, with no duty word: "Relief on Canadian peas ends
# Dec. 31" (a duty the item names elsewhere: see ``fits``); not aid to the goods' people
# ("relief for canola farmers"), nor relief named apart from the goods ("relief payments
# to canola farmers")
_RELIEF_ON = re.compile(
    r"(?:^|\b)(?:suspension|exemption|relief|reprieve|waiver|pause|truce|répit|exonération)"
    r"\s+(?:on|for|sur|des|de)\s+(?:(?:Canadian|Chinese|Canada['’]s|China['’]s|the|les?|la)\s+)?$",
    re.I)
_PEOPLE_AFTER = re.compile(
    r"\s+(?:farmers?|growers?|producers?|exporters?|fishers?|fishermen|harvesters?"
    r"|processors?|workers?|industry|sector|communit(?:y|ies)|famil(?:y|ies)"
    r"|producteurs|agriculteurs|exportateurs|pêcheurs)\b", re.I)


# A relief by name on the goods of one of China's duties ("the relief on canola meal, peas,
# lobster and crab will now run until the end of 2027", "extend the existing suspension on
# peas"), in an item that names a tariff relief ("China extends tariff pause on Canadian
# goods"): from that duty (in another, "the suspension on Canadian canola" may be a ban)
_PLAIN_RELIEF = re.compile(r"relief|reprieve|pause|exemption|waiver|répit|exonération", re.I)
# … a "suspension" only as the one extended ("extend the existing suspension on peas"):
# "the suspension on canola seed from two Canadian exporters" is a ban on imports
_SUSPENSION_EXTENDED = re.compile(
    r"\b(?:extend\w*|prolong\w*|renew\w*|continu\w*)\s+(?:the\s+|its\s+)?(?:existing\s+|current\s+)?$",
    re.I)
TARIFF_RELIEF = re.compile(
    r"\b(?:tariff|duty|duties|tariffs)\s+(?:pause|relief|suspension|exemption|reprieve|break"
    r"|truce|waiver)s?\b|\b(?:suspension|pause)\s+of\s+(?:the\s+|its\s+)?(?:additional\s+)?"
    r"(?:tariffs|duties)\b", re.I)
#: In the measures ``fits`` is told the item names a duty of: a tariff relief, no goods said
ANY_DUTY = "*"


# The goods held exempt, between them and the relief word: "peas will remain exempt",
# "les pois canadiens resteront exemptés" (a relief from China's duty on them)
_HELD_EXEMPT = re.compile(STAYS, re.I)
_TO_AN_END = re.compile(r"\b(?:until|till|through|jusqu['’]|au\s+\d|au\s+1er)", re.I)


# A relief named as a compound right after its goods, with no duty word: "China lets canola
# meal pause lapse", "extends pea exemption" (not "suspension": "canola suspension" may be
# a ban on the goods)
_RELIEF_COMPOUND = re.compile(
    r"\s+(?:exemptions?|relief|reprieves?|waivers?|pauses?)\b"
    r"(?!\s+(?:programs?|programmes?|payments?|funds?|funding|packages?|plans?|cheques?)\b)",
    re.I)


def relief_after_goods(s: Sentence, action: Hit, product: Hit, products: list[Hit]) -> bool:
    """Whether the action extends or ends a relief named right after the goods, as a
    compound ("lets canola meal pause lapse", "ends pea reprieve"): on the goods of one of
    China's duties, only a relief from that duty is called so."""
    if action.label not in ("extend", "remove", "lapse"):
        return False
    span = list_span(s, product, products)
    relief = _RELIEF_COMPOUND.match(s.text, span.end)
    return relief is not None and not _PEOPLE_AFTER.match(s.text, relief.end()) and (
        action.end <= span.start or action.start >= relief.end())


def relief_on_goods(s: Sentence, action: Hit, product: Hit, products: list[Hit]) -> bool:
    """Whether the action is a relief named right before the goods, or its end ("Relief on
    Canadian peas ends Dec. 31", "… expires"): tariff relief, when the item names the goods'
    duty elsewhere ("… China's 100% tariff on the peas …"), as "tariff relief on peas" says
    itself."""
    if action.label not in ("suspend", "remove", "lapse") or (
            action.label == "suspend" and not _RELIEF_NOUN.fullmatch(action.text)):
        return False
    span = list_span(s, product, products)
    return (bool(_RELIEF_ON.search(s.text, max(0, span.start - 40), span.start))
            and not _PEOPLE_AFTER.match(s.text, span.end))
