"""A French verb in the conditional: a change reported or supposed, not one made.

Why: French news puts an unconfirmed report in the conditional ("Pékin réduirait ses
droits sur le canola", "Beijing would cut its canola duty"; "selon des sources, la Chine
suspendrait …"). English says it with a word before the verb ("would", "could"), which the
hedge and speculation lists catch; French says it in the verb's own ending, which no word
before it shows. The rules' wildcards match those forms ("rédui*" takes "réduirait"), so the
verb itself must be asked.
"""

from __future__ import annotations

import re

from thawwatch.signals.terms import Hit
from thawwatch.signals.text import Sentence

# Third person conditional endings ("-rait", "-raient": headlines and reports speak of
# others), as the conditional makes them: "-erait" (lèverait, imposerait, serait), a
# consonant's "-rait" (suspendrait, mettrait, pourrait), "-uirait" (réduirait), "-irait"
# (rétablirait, abolirait), and "aurait". Not an imperfect whose stem ends in r
# ("exonérait", "déclarait", "ignorait", "restaurait", "retirait", "expirait": what was),
# nor the nouns that end so ("retrait", "extrait", "portrait", "attrait").
_CONDITIONAL = re.compile(
    r"(?!(?:re|ex|por|at|abs|dis|sous)?trait$)"
    r"(?:\w+er|\w*[bcdfghjklmnpqrstvwxzç]r|\w*uir|\w*(?<![tpsmv])ir|au)r?(?:ait|aient)", re.I)


def is_conditional(verb: str) -> bool:
    """Whether ``verb`` (an action's words; the first is its verb: "mettrait fin") is a
    French conditional."""
    first = verb.split(maxsplit=1)[0] if verb.strip() else ""
    return bool(_CONDITIONAL.fullmatch(first))


# A decision or a statement made, then "que": French puts the change that follows in the
# conditional by the sequence of tenses ("Pékin a décidé que les droits seraient ramenés à
# 15 %", "a confirmé qu'elle réduirait", "a fait savoir qu'elle ramènerait"): a future in
# the past, no hedge. Not a forecast, a plan or a denial ("a estimé que", "a prévu que",
# "a nié que"): their conditional stays one.
_DECIDED_THAT = re.compile(
    r"\b(?:a|ont|avait|avaient)\s+(?:(?:déjà|aussi|finalement|officiellement)\s+)?"
    r"(?:décidé|confirmé|annoncé|convenu|promis|accepté|officialisé|approuvé|statué|tranché"
    r"|garanti|assuré|indiqué|déclaré|précisé|dit|fait\s+savoir|affirmé|réitéré|rappelé"
    r"|communiqué|signalé)(?:\s+[\w'’.-]+){0,3}?\s+qu(?:e\b|['’])", re.I)

# The conditional's auxiliaries, just before a participle: "la Chine aurait levé …" (is
# said to have lifted), "les droits seraient réduits …"
_AUXILIARY = re.compile(r"\b(?:aurait|auraient|serait|seraient)\s+(?:[\w'’-]+\s+){0,2}$",
                        re.I)


# … said by a source, an analyst or the press, the conditional is their report, still a
# hedge ("des sources ont dit que Pékin réduirait", "un analyste a dit que …")
_REPORTER = re.compile(
    r"\b(?:sources?|analystes?|observateurs|experts?|économistes?|médias|presse|journal"
    r"|journaux|quotidien|agence|rumeurs?|Bloomberg|Reuters|Globe|Presse)\b[^.;:!?]{0,30}$",
    re.I)


# English has its sequence of tenses too: "China said it would extend the suspension …",
# "Beijing announced on Friday that the duties would be suspended …" report a decision, as
# the French above does; said by a source, an analyst, a trader or the press, a forecast
_SAID_WOULD = re.compile(
    r"\b(?:said|says|announced|announces|confirmed|confirms|decided|decides|agreed|agrees"
    r"|pledged|promised|stated|declared)(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday"
    r"|Thursday|Friday|Saturday|Sunday|today|late\s+\w+|earlier))?"
    # (its subject may be a duty told whole: "China said its 25% tariff on Canadian lobster
    # would resume", "Beijing confirmed that tariffs on Canadian peas and canola oil would
    # be suspended"; a belief or a lobby's word is still a forecast: ``said_would``)
    r"\s+(?:that\s+)?(?:[\w'’.%-]+\s+){1,12}?$", re.I)
# … a belief between the statement and "would" ("Carney said he believed … would")
_BELIEVED = re.compile(r"\b(?:believ\w*|expect\w*|think\w*|thought|hop\w*|predict\w*"
                       r"|anticipat\w*|likely|probably)\b", re.I)
_REPORTER_EN = re.compile(
    r"\b(?:sources?|analysts?|traders?|experts?|economists?|observers?|insiders?|brokers?"
    r"|media|reports?|people|officials?\s+familiar|Bloomberg|Reuters|Globe|newspaper"
    r"|rumou?rs?|council|association|federation|growers?|exporters?|farmers?|industry"
    r"|lobby|groups?)\b[^.;:!?]{0,30}$", re.I)


def said_would(s: Sentence, would: Hit) -> bool:
    """Whether "would" at ``would`` is a decision reported ("China said it would extend
    …"): a future in the past after a statement, in its clause, not made by a source, an
    analyst, a trader or the press (their "would" is a forecast, still a hedge)."""
    m = _SAID_WOULD.search(s.text, max(0, would.start - 110), would.start)
    return (m is not None and s.same_clause(m.start(), would.start)
            and not _REPORTER_EN.search(s.text, max(0, m.start() - 40), m.start())
            and not _BELIEVED.search(s.text, m.start(), would.start))


def hedged_by_mood(s: Sentence, start: int, verb: str) -> bool:
    """Whether the verb at ``start`` is in the French conditional, by its own ending or an
    auxiliary's, and so hedged: not after a decision or statement and "que" in its clause
    ("a décidé que …", "a confirmé qu'elle …": ``_DECIDED_THAT``), unless a source or the
    press made it (``_REPORTER``)."""
    if not is_conditional(verb) and not _AUXILIARY.search(s.text, max(0, start - 40), start):
        return False
    return not any(m.end() <= start and s.same_clause(m.start(), start)
                   and not _REPORTER.search(s.text, max(0, m.start() - 40), m.start())
                   for m in _DECIDED_THAT.finditer(s.text, 0, start))
