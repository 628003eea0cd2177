"""Direction: did the item warm or cool Canada–China relations, and by how much?

Each sentence yields *events* scored on a Goldstein-like scale (−10 conflict … +10
cooperation; sign agreement +8, ease sanctions +7, visit +1.9, criticise −2.5, threaten −5,
impose sanctions −8):

* a **verb** scored by what it acts on — "suspends *tariffs*" warms (+7) while "suspends
  *imports*" cools (−7); "extends *suspension*" warms, "extends *investigation*" is neutral;
* a **tariff signal** overrides the verb that carries it, so "to impose duties of 5.9%"
  that replace a 75.8% deposit scores as the cut it is;
* a free-standing **cue** ("turning point", "expels", "executed", "delays" = 0).

Words just before a verb or cue modify it: negation ("not", "no plans to") zeroes it,
refusal ("refuses to lift") flips and damps it, speculation ("could", "mulls") and requests
("urges", "calls for") damp it. The item's score is the weighted mean of its events (title
events weigh more); |score| below the threshold is neutral.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from thawwatch.signals.mood import hedged_by_mood
from thawwatch.signals.relief_terms import OTHER_RELIEF_WORDS
from thawwatch.signals.terms import Hit, Matcher, longest
from thawwatch.signals.text import Sentence, case_about, in_relative, told_after_colon

if TYPE_CHECKING:
    from thawwatch.signals.relevance import Sides

OBJECT_CLASSES = ("barrier", "relief", "flow", "conflict", "people")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class VerbFamily:
    name: str
    matcher: Matcher
    scores: dict[str, float]
    default: float
    subject_first: bool  # intransitive: "futures plunge" is about the futures
    captures: int  # tokens after the object that describe it ("frees two Canadians *jailed …*")


@dataclass(frozen=True)
class Cue:
    name: str
    matcher: Matcher
    score: float
    weight: float
    captures: int  # tokens after the cue that are its content ("criticised … the deal")


@dataclass(frozen=True)
class DirectionRules:
    """Compiled verb families, object classes, modifiers and cues."""

    threshold: float
    title_weight: float
    summary_weight: float
    background_weight: float
    window: int
    modifier_window: int
    objects: tuple[Matcher, ...]
    verbs: tuple[VerbFamily, ...]
    modifiers: tuple[tuple[Matcher, float], ...]
    cues: tuple[Cue, ...]
    signal_scores: dict[str, float]

    @functools.cached_property
    def every_matcher(self) -> tuple[Matcher, ...]:
        return tuple(self.matchers())

    @functools.cached_property
    def verb_families(self) -> dict[str, VerbFamily]:
        """The verb families by name (what a verb hit's label says)."""
        out: dict[str, VerbFamily] = {}
        for v in self.verbs:
            out.setdefault(v.name, v)
        return out

    @functools.cached_property
    def speculation(self) -> float:
        """The speculation modifier's factor ("would", "could"), which a French verb in the
        conditional takes on by itself (see ``mood``); 1.0 if the rules have none."""
        return next((f for m, f in self.modifiers if m.label == "speculation"), 1.0)

    @functools.cached_property
    def verb_matchers(self) -> tuple[Matcher, ...]:
        return tuple(v.matcher for v in self.verbs)

    def matchers(self) -> list[Matcher]:
        """Every family a sentence is searched for (one scanner serves them all)."""
        verbs = [v.matcher for v in self.verbs]
        return [
            *self.objects,
            *verbs,
            *(m for m, _ in self.modifiers),
            *(c.matcher for c in self.cues),
        ]

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> DirectionRules:
        verbs = tuple(
            VerbFamily(
                name,
                Matcher(v["terms"], name),
                {c: float(v[c]) for c in OBJECT_CLASSES},
                float(v["default"]),
                bool(v.get("subject_first", False)),
                int(v.get("captures", 0)),
            )
            for name, v in d["verbs"].items()
        )
        return cls(
            threshold=float(d["threshold"]),
            title_weight=float(d["title_weight"]),
            summary_weight=float(d["summary_weight"]),
            background_weight=float(d.get("background_weight", 1.0)),
            window=int(d["window"]),
            modifier_window=int(d["modifier_window"]),
            objects=tuple(Matcher(d["objects"][c], c) for c in OBJECT_CLASSES),
            verbs=verbs,
            modifiers=tuple(
                (Matcher(m["terms"], n), float(m["factor"])) for n, m in d["modifiers"].items()
            ),
            cues=tuple(
                Cue(
                    n,
                    Matcher(c["terms"], n),
                    float(c["score"]),
                    float(c.get("weight", 1)),
                    int(c.get("captures", 0)),
                )
                for n, c in d["cues"].items()
            ),
            signal_scores={k: float(v) for k, v in d["signal_scores"].items()},
        )


@dataclass(frozen=True)
class Event:
    """One scored happening, with the words that carried it."""

    score: float
    weight: float
    words: str


@dataclass(frozen=True)
class SignalSpan:
    """Where a tariff signal's action sits, and what it scores."""

    sentence: int
    start: int
    end: int
    score: float
    words: str


@dataclass(frozen=True)
class Verdict:
    direction: str
    score: float
    reasons: list[str]


# A sentence that recounts the past: a past auxiliary with a year or "last year" ("was
# raised to 100% in March 2025", "had been suspended since 2024", "were imposed last year").
_BACKGROUND = re.compile(
    r"\b(?:was|were|had\s+been|had)\b[^.;]*?\b(?:(?:in|since|until)\s+(?:[A-Z][a-z]+\.?\s+)?"
    r"20\d\d|last\s+year|years?\s+ago)\b")


def judge(
    rules: DirectionRules, sentences: Sequence[Sentence], spans: Sequence[SignalSpan] = (),
    sides: Sequence[Sides] = (),
) -> Verdict:
    """Score all sentences and turn the weighted mean into a direction. ``sides``: per
    sentence, the sides relevance found in it."""
    events: list[Event] = []
    for k, s in enumerate(sentences):
        mine = [sp for sp in spans if sp.sentence == s.index]
        pos = rules.title_weight if s.in_title else rules.summary_weight
        if not s.in_title and _BACKGROUND.search(s.text):
            pos *= rules.background_weight
        side = sides[k] if k < len(sides) else None
        events += [Event(e.score, e.weight * pos, e.words)
                   for e in sentence_events(rules, s, mine, side)]
    total = sum(e.weight for e in events)
    score = sum(e.score * e.weight for e in events) / total if total else 0.0
    score = max(-10.0, min(10.0, score))
    direction = "neutral"
    if score >= rules.threshold:
        direction = "warming"
    elif score <= -rules.threshold:
        direction = "cooling"
    top = sorted(events, key=lambda e: -abs(e.score * e.weight))[:3]
    reasons = [_reason(direction, e) for e in top]
    return Verdict(direction, round(score, 2), reasons or [f"direction {direction}: no cue"])


def _reason(direction: str, event: Event) -> str:
    """One of the words behind the direction: "direction warming: 'lifts tariffs' (+7.0)";
    one that pulled the other way says so ("direction warming, despite '加征' (-4.0)"), where
    it read as warming itself."""
    pulls = "warming" if event.score > 0 else "cooling" if event.score < 0 else direction
    joint = ":" if direction in (pulls, "neutral") else ", despite"
    return f"direction {direction}{joint} {event.words!r} ({event.score:+.1f})"


def sentence_events(rules: DirectionRules, s: Sentence, spans: Sequence[SignalSpan],
                    sides: Sides | None = None) -> list[Event]:
    """Signal, verb and cue events of one sentence, without double counting words; a verb
    acting for or on a third country (``sides``: the sentence's, from relevance) is none."""
    objects, verbs, modifiers, cue_hits = _words(rules, s)
    if not spans and not verbs and not cue_hits:
        return []  # nothing to score (most summary sentences): objects alone are no event
    used: list[tuple[int, int]] = [(sp.start, sp.end) for sp in spans]
    signal_spans = list(used)
    events = [Event(sp.score, 1.0, sp.words) for sp in _distinct(spans)]
    for verb in verbs:
        if _inside(verb, used) or any(
                h.start <= verb.start and verb.end <= h.end
                and h.end - h.start > verb.end - verb.start for _, h in cue_hits):
            continue  # a cue holding the verb reads it whole ("extends its surtax … to wire")
        event = _verb_event(rules, s, verb, objects, [h for _, h in cue_hits] + verbs,
                            modifiers, used, signal_spans, sides)
        if event:
            events.append(event)
    for cue, hit in sorted(cue_hits, key=lambda ch: ch[1].start):
        if _inside(hit, used):
            continue
        used.append((hit.start, _token_end(s, hit.end, cue.captures)))
        factor = _modifier(rules, s, hit, modifiers)
        events.append(Event(cue.score * factor, cue.weight, hit.text))
    return events


def _words(
    rules: DirectionRules, s: Sentence
) -> tuple[list[Hit], list[Hit], list[tuple[Hit, float]], list[tuple[Cue, Hit]]]:
    """The sentence's objects, verbs (free-standing), modifiers with their factors and cues,
    from one lookup: ``every_matcher`` holds the four families, in this order."""
    objects: list[Hit] = []
    verbs: list[Hit] = []
    modifiers: list[tuple[Hit, float]] = []
    cues: list[tuple[Cue, Hit]] = []
    n_objects, n_verbs, n_modifiers = len(rules.objects), len(rules.verbs), len(rules.modifiers)
    for k, hits in s.find_some(rules.every_matcher):
        if k < n_objects:
            objects += hits
        elif (k := k - n_objects) < n_verbs:
            verbs += hits
        elif (k := k - n_verbs) < n_modifiers:
            modifiers += [(h, rules.modifiers[k][1]) for h in hits]
        else:
            cues += [(rules.cues[k - n_modifiers], h) for h in hits]
    objects = longest(objects, s.text)
    # a verb inside a compound object is that noun's ("after tariff pause": no pausing)
    verbs = [v for v in longest(verbs, s.text, True) if not any(
        o.start <= v.start and v.end <= o.end and o.end - o.start > v.end - v.start
        for o in objects)]
    return objects, verbs, modifiers, cues


def _token_end(s: Sentence, pos: int, tokens: int) -> int:
    """Character position ``tokens`` tokens after ``pos`` (within the clause)."""
    if tokens <= 0:
        return pos
    end = pos
    for m in _WORD.finditer(s.text[pos:]):
        if s.distance(pos, pos + m.start()) > tokens or not s.same_clause(pos - 1, pos + m.start()):
            break
        end = pos + m.end()
    return end


def _distinct(spans: Sequence[SignalSpan]) -> list[SignalSpan]:
    seen: dict[tuple[int, int], SignalSpan] = {}
    for sp in spans:
        seen.setdefault((sp.start, sp.end), sp)
    return list(seen.values())


def _verb_event(
    rules: DirectionRules,
    s: Sentence,
    verb: Hit,
    objects: list[Hit],
    cues: list[Hit],
    modifiers: list[tuple[Hit, float]],
    used: list[tuple[int, int]],
    signal_spans: list[tuple[int, int]],
    sides: Sides | None = None,
) -> Event | None:
    if in_relative(s.text, verb):
        return None  # "the tariff it imposed on peas": what the duty is, not what happens
    if _topic_header(s, verb, cues):
        return None  # "Suspension of Chinese tariffs on Canadian peas: what growers need …"
    family = rules.verb_families[verb.label]
    obj = _object_of(rules, s, verb, family.subject_first, objects, cues)
    if _a_third_partys(s, verb, obj, sides):
        # "China lifts tariffs on U.S. soybeans", "US and China extend tariff truce": another
        # country's; its words score nothing else either (not "ban" alone, cooling)
        used.append((verb.start, max(verb.end, obj.end if obj else verb.end)))
        return None
    if obj is not None and obj.label == "relief" and _bars_a_flow(s, obj, objects):
        obj = obj._replace(label="barrier")  # "lifts suspension of pork imports": a ban
    if obj is not None and _inside(obj, signal_spans):
        return None  # the tariff signal already scores what happened to this object
    if obj is None and family.default == 0.0:
        return None
    score = family.scores[obj.label] if obj else family.default
    span = (min(verb.start, obj.start), max(verb.end, obj.end)) if obj else (verb.start, verb.end)
    if family.captures:
        span = (span[0], _token_end(s, span[1], family.captures))
    used.append(span)
    if _renewal_refused(s, verb, family):
        # the relief ends: its extension's score turned round (negated, it scored 0); the
        # other modifiers ("may decline to extend") and the mood still weigh on it
        score = -abs(family.scores["relief"])
        modifiers = [(m, f) for m, f in modifiers if m.label not in ("negation", "refusal")]
    factor = _modifier(rules, s, verb, modifiers)
    if hedged_by_mood(s, verb.start, verb.text):  # "Pékin réduirait …", as "would cut"
        factor *= rules.speculation
    words = s.text[span[0] : span[1]]
    return Event(score * factor, 1.0, words if len(words) <= 60 else verb.text)


# Between a duty and the country whose goods it is on: "tariffs on U.S. soybeans"
_ON_GOODS_OF = re.compile(r"\s+(?:on|against)\s+(?:the\s+)?(?:imports?\s+(?:of|from)\s+)?",
                          re.I)
# Between two names of a list: "US and Canadian beef", "U.S., Canadian lawmakers"
_LISTED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+(?:and|or|&|et)\s+)(?:the\s+)?", re.I)
# Between a third country and a verb it is the subject of, China perhaps named between: "US
# and China extend", "Trump, Xi extend", "Beijing and Washington extend" (China before it)
_SUBJECT_OF = re.compile(r"(?:\s*(?:,|and|&)\s*(?:[\w.'’-]+\s*){1,2})?\s*(?:agree\w*\s+to\s+)?$",
                         re.I)


# A relief noun that opens a title's topic, and the colon that ends it: "Suspension des
# tarifs chinois sur les pois : …", "China's tariff suspension on Canadian peas: …"
_RELIEF_NOUN = re.compile(r"suspensions?|pauses?|relief|reprieve|exemptions?|waivers?"
                          rf"|holidays?|truce|répit|exonérations?|{OTHER_RELIEF_WORDS}", re.I)
_TOPIC_END = re.compile(r"[^:：.;!?]{0,70}?[:：]")


def _topic_header(s: Sentence, verb: Hit, others: list[Hit]) -> bool:
    """Whether ``verb`` is a relief noun naming a title's topic (the words before a colon,
    with no verb or cue of their own): the relief in force named, nothing done to it
    (governing reads it so too)."""
    if not s.in_title or not _RELIEF_NOUN.fullmatch(verb.text):
        return False
    end = _TOPIC_END.match(s.text, verb.end)
    return end is not None and told_after_colon(s.text, end.end()) and not any(
        verb.end <= h.start < end.end() or h.end <= verb.start for h in others
        if h is not verb)


def _a_third_partys(s: Sentence, verb: Hit, obj: Hit | None, sides: Sides | None) -> bool:
    """Whether the verb's change is a third country's: on its goods ("lifts tariffs on U.S.
    soybeans"; not "on U.S. and Canadian goods") or made by it with China ("US and China
    extend tariff truce"; not "Canada and the U.S. lift …", nor the U.S. acting alone, whose
    pressure on Canada over China the thaw counts)."""
    if sides is None or not sides.third:
        return False
    canada = [*sides.canada, *sides.canada_weak]
    china = [*sides.china, *sides.china_weak]
    for h in sides.third:
        # (Canadian goods listed with the third country's: Canada's too)
        if obj is not None and _ON_GOODS_OF.fullmatch(s.text, obj.end, h.start) and not any(
                _LISTED.fullmatch(s.text, h.end, c.start) for c in canada if h.end <= c.start):
            return True
        # the third country and China together, without Canada: "US and China extend",
        # "Beijing and Washington extend" (not "U.S. raises tariffs on Canadian goods over
        # China ties": pressure on Canada, which the thaw counts)
        if h.end <= verb.start and _SUBJECT_OF.match(s.text, h.end, verb.start) and any(
                (h.end <= c.start and c.end <= verb.start)
                or (c.end <= h.start and _LISTED.fullmatch(s.text, c.end, h.start))
                for c in china) and not any(
                _LISTED.fullmatch(s.text, c.end, h.start) for c in canada if c.end <= h.start):
            return True
        # the third country alone on China's goods: "U.S. raises tariffs on Chinese EVs to
        # 125%, Canada says it has no plans to follow", "Mexico raises tariffs on Chinese
        # steel" (another country's quarrel with China; not "on Canadian goods")
        if (obj is not None and h.end <= verb.start
                and _SUBJECT_OF.match(s.text, h.end, verb.start)
                and not any(h.end <= c.start < verb.start for c in china)
                and (goods := next((c for c in china
                                    if _ON_GOODS_OF.fullmatch(s.text, obj.end, c.start)), None))
                and not any(_LISTED.fullmatch(s.text, goods.end, c.start)
                            for c in canada if goods.end <= c.start)):
            return True
    return False
# A renewal refused, before the verb: "will not renew", "won't extend", "declines to
# prolong", French "ne prolongera pas"; and the relief it would have renewed, after it
_REFUSED = re.compile(
    r"(?:\b(?:will|would|does|did|do)\s+not|\bwon['’]t|\bnot\s+to|\bdeclin\w*\s+to"
    r"|\brefus\w*\s+to|\bne)\s+$", re.I)
# (not a ban on a flow, "suspension of beef imports"; not a widening, "the exemption to
# lobster"; not aid to people, "relief for canola farmers", "relief measures")
_RELIEF_AHEAD = re.compile(
    r"(?:\s+pas)?\s+(?:the\s+|its\s+|a\s+|le\s+|la\s+|l['’]|sa\s+|son\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:pause|suspension|exemption|relief|reprieve|truce|waiver|remission|répit"
    r"|exonération|trêve)\b"
    r"(?!\s+(?:of|on|for|de|des|du)\s+(?:[\w'’-]+\s+){0,3}?(?:imports?|exports?|shipments?"
    r"|purchases?|importations|exportations)\b"
    r"|\s+(?:to|à|aux?)\s"
    r"|\s+(?:measures?|payments?|programs?|funding|fund)\b"
    r"|\s+for\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:farmers|growers|producers|fishers"
    r"|workers|exporters|industry|sector)\b)", re.I)


def _renewal_refused(s: Sentence, verb: Hit, family: VerbFamily) -> bool:
    """An extension of a relief refused ("will not renew tariff pause on peas"): the relief
    ends, which cools, as the Chinese 不再延长…暂停 does; negated, the extension scored 0."""
    return (family.name == "extend" and family.scores["relief"] > 0
            and bool(_REFUSED.search(s.text, max(0, verb.start - 24), verb.start))
            and bool(_RELIEF_AHEAD.match(s.text, verb.end)))


def _object_of(
    rules: DirectionRules,
    s: Sentence,
    verb: Hit,
    subject_first: bool,
    objects: list[Hit],
    others: list[Hit],
) -> Hit | None:
    """What the verb acts on: the head of the noun phrase after it, else the one before it
    (passive "tariffs … suspended"); intransitive verbs look before first. A cue word or
    another verb nearer than the object ("ramps up *pressure*", "boost as China *cuts* duty")
    means the object is not this verb's."""
    others = [o for o in others if o != verb]
    after = [
        o
        for o in objects
        if o.start >= verb.end
        and s.same_clause(verb.start, o.start)
        and s.distance(verb.end, o.start) <= rules.window
    ]
    if after and any(verb.end <= c.start and c.end <= after[0].start for c in others):
        after = []
    before = [
        o
        for o in objects
        if o.end <= verb.start
        and s.same_clause(o.start, verb.start)
        and s.distance(o.end, verb.start) <= (_SUBJECT_BEFORE if subject_first else _BEFORE)
    ]
    if before and (any(before[-1].end <= c.start and c.end <= verb.start for c in others)
                   or case_about(s.text, before[-1].start)):
        before = []  # another's object, or a case's ("WTO case against duties dropped")
    first, second = (before[::-1], after) if subject_first else (after, before[::-1])
    if first:
        return _head(s, first) if first is after else first[0]
    if second:
        return _head(s, second) if second is after else second[0]
    return None


# Tokens from an object before its verb to the verb: a passive's ("tariffs on Canadian peas
# suspended"), and an intransitive verb's subject, longer in French ("les exportations de
# canola canadien vers la Chine chutent")
_BEFORE = 6
_SUBJECT_BEFORE = 8

# French puts a noun phrase's head first: "la suspension des droits" is a suspension
_FRENCH_LINK = re.compile(r"\s*(?:de|des|du|d['’]|de\s+la|de\s+l['’]|sur(?:\s+l[ea]s?)?"
                          r"|sur\s+l['’]|aux?|à\s+la|à\s+l['’])\s*", re.IGNORECASE)
# … and an English noun's complement, which follows it too: "tariffs on imports" (the
# tariffs), "suspension of pork imports" (the suspension, a bar on a flow)
_ENGLISH_LINK = re.compile(r"\s+(?:on|of|against|from)\s+(?:the\s+|its\s+|their\s+)?",
                           re.IGNORECASE)


# A suspension of a flow is a bar on it, not a tariff relief: "lifts suspension of Canadian
# pork imports", "ends moratorium on group tours"
_BAR = re.compile(r"suspensions?|moratori(?:um|ums|a)|moratoires?", re.I)
_OF = re.compile(r"\s+(?:of|on|for|des?|du|sur(?:\s+les?)?)\s+(?:[\w'’.-]+\s+){0,3}?", re.I)


def _bars_a_flow(s: Sentence, obj: Hit, objects: list[Hit]) -> bool:
    """Whether a relief word names a bar on a flow right after it (its first object after
    it is a flow, reached by "of", "on" …)."""
    if not _BAR.fullmatch(obj.text):
        return False
    nxt = next((o for o in objects if o.start >= obj.end), None)
    return bool(nxt and nxt.label == "flow" and _OF.fullmatch(s.text, obj.end, nxt.start))


# A clause begins between two objects: "lift canola tariffs unless talks collapse" lifts
# tariffs, not talks
_SUBORDINATOR = re.compile(
    r"\b(?:if|unless|as|after|before|while|when|once|until|because|since|si|quand)\b", re.I)


def _head(s: Sentence, after: list[Hit]) -> Hit:
    """Skip indirect objects (people) and take the last word of a compound ("tariff
    suspension"), or the first of a French one ("suspension des droits") or of a noun and
    its English complement ("tariffs on imports")."""
    things = [o for o in after if o.label != "people"] or after
    head = things[0]
    for nxt in things[1:]:
        between = s.text[head.end:nxt.start]
        if s.distance(head.end, nxt.start) > 2 or _FRENCH_LINK.fullmatch(between) or \
                _ENGLISH_LINK.fullmatch(between) or _SUBORDINATOR.search(between):
            break
        head = nxt
    return head


def _modifier(
    rules: DirectionRules, s: Sentence, hit: Hit, modifiers: list[tuple[Hit, float]]
) -> float:
    factor = 1.0
    for mod, f in modifiers:
        if (
            mod.end <= hit.start
            and s.same_clause(mod.start, hit.start)
            and s.distance(mod.start, hit.start) <= rules.modifier_window
            and not (mod.label == "concession" and "," in s.text[mod.end:hit.start])
        ):
            factor *= f
    return factor


def _inside(hit: Hit, used: list[tuple[int, int]]) -> bool:
    return any(hit.start < b and a < hit.end for a, b in used)
