"""Settling a tariff signal: its action and rate after what the numbers say, and merging.

Reading "impose 5.9%" on a 75.8% measure as a cut, "drops … to 15%" as a cut, a temporary
removal ("lifted until the end of the year") as a suspension and "for good" as a removal;
halving and doubling from the stated or baseline level; filling a rate stated elsewhere in
the item; and merging one item's reads into one signal per (measure, action).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from thawwatch.classification import TariffSignal
from thawwatch.signals.dates import Span, lasting_dates
from thawwatch.signals.rates import OWN_RATE_REACH, Rate, find_rates, old_rate, rate_for
from thawwatch.signals.relief_terms import OTHER_RELIEFS
from thawwatch.signals.starts import gated
from thawwatch.signals.terms import Hit, Matcher
from thawwatch.signals.text import Sentence

if TYPE_CHECKING:
    from thawwatch.signals.tariff_rules import Measure
    from thawwatch.signals.tariffs import Found

_SUSPENSION = gated(
    re.compile(r"\b(?:suspen\w*|exempt\w*|pause\w*|waiv\w*|reprieve|relief|truce|répit"
               r"|(?<=tariff\s)holidays?|(?<=duty\s)holidays?"
               rf"|exon[ée]r\w*|{OTHER_RELIEFS})\b"
               r"|暂停|暫停|豁免", re.I))  # Chinese has no word boundaries


# A relief named right after a rate: "25% tariff suspension", "100% duty pause"
_RELIEF_AFTER_RATE = re.compile(
    r"\s*(?:(?:additional|extra|retaliatory)\s+)?(?:tariffs?|dut(?:y|ies)|levy|levies)\s+"
    r"(?:suspensions?|pauses?|relief|reprieve|exemptions?|waivers?|truce|holiday)\b", re.I)
# A relief or removal of a duty named with the duty's rate: "suspension of (the) 100%
# tariffs", "removal of its 25% duty" (the rate of what is suspended, not a level set)
_OF_THE_DUTY = re.compile(
    r"\b(?:suspensions?|pauses?|exemptions?|waivers?|relief|reprieve|removal|elimination"
    r"|lifting|repeal|scrapping|end)\s+of\s+(?:(?:the|its|their|China's|Canada's)\s+)?$", re.I)
# A level a change brings a duty to, just before its rate: "to 0%", "at 6.1%", "à 0 %"
_LEVEL_BEFORE = re.compile(r"\b(?:to|at|à)\s+$", re.I)
# A rate said to date from before: "the 75.8% deposit imposed in August 2025", "le dépôt
# de 75,8 % imposé en août 2025" (the old level, not one a change sets)
_SINCE_BEFORE = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:imposé\w*|imposed|levied|in\s+force"
                           r"|en\s+vigueur)\s+(?:en|in|depuis|since)\s", re.I)
# A suspension kept going, in a suspension's words: "keeps tariffs on peas suspended",
# "will continue suspending", "the relief on peas will now run until", "to continue until",
# "the suspension of tariffs on peas would be extended until …"
# … or held so: "will stay suspended through 2027", "remain suspended", "resteront
# suspendus" (governing reads the same words: a relief held in place is no goods held still)
STAYS = r"\b(?:stay|stays|stayed|remain|remains|remained|rester\w*|demeur\w*)\s+$"
_KEPT_BEFORE = re.compile(
    r"\b(?:keep|keeps|kept|keeping|continu(?:e|es|ed|ing))\b(?:\s+to)?(?:\s+[\w'’,.%-]+){0,10}?"
    rf"\s*$|{STAYS}", re.I)
_KEPT_AFTER = re.compile(
    r"(?:\s+[\w'’,.%-]+){0,16}?\s+(?:(?:to|will|would)\s+(?:now\s+)?(?:(?:continue|run|last)\s+"
    r"(?:until|till|through|to)|be\s+(?:extended|prolonged|renewed|rolled\s+over))"
    # an end moved: "the suspension … will now end on June 30, 2027"
    r"|will\s+now\s+(?:end|expire|run\s+out)"
    # … or told done, to an end or for a time: "China's tariff exemption for Canadian crab
    # (is, has been) extended to March 31"
    # (not "extended to crab": more goods, a relief widened)
    r"|(?:(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+)?(?:extended|prolonged"
    r"|renewed)\s+(?:to\s+(?=(?:the\s+)?(?:end|year|mid|early|late|\d|jan|feb|mar|apr|may|jun"
    r"|jul|aug|sep|oct|nov|dec))|until|till|through|for|by)"
    # French: "la suspension des droits … est prolongée pour 12 mois"
    r"|(?:est|sont|sera|seront|a\s+été|ont\s+été)\s+(?:prolongée?s?|reconduite?s?"
    r"|renouvelée?s?))\b", re.I)
# A duty that has run out (present or past), not one set to: "expires", "lapsed".
_LAPSED = re.compile(r"expires|expired|lapses|lapsed|runs\s+out|ran\s+out", re.I)
_DUE = re.compile(r"\b(?:set|due|scheduled|poised|about|going)\s+to\s*$|\bwill\s*$", re.I)
# … or one let run out, a decision made: "Ottawa lets EV surtax expire", "allows the steel
# surtax to lapse", "Ottawa laisse expirer la surtaxe"
_LET = re.compile(r"\b(?:lets?|letting|allow(?:s|ed|ing)?)\s+(?:[\w'’.%-]+\s+){1,6}?(?:to\s+)?$"
                  r"|\blaiss(?:e|ent|era|eront|é)\s+$", re.I)  # French: "laisse expirer la surtaxe"


def resolve(
    s: Sentence,
    measure: Measure,
    product: Hit,
    action: Hit,
    rates: list[Rate],
    span: Span,
    relief: Callable[[], bool],
    permanent: bool,
    other_actions: Sequence[tuple[int, int]] = (),
    decided: bool = False,
) -> TariffSignal | None:
    """Turn (product, action, rates, dates) into a signal with a settled action and rate;
    ``relief`` says whether the item speaks of a suspension (asked only when needed);
    ``other_actions``: where the sentence's other actions start (their rates are theirs);
    ``decided``: a lapse let come by a decision read before it ("won't renew … when it
    expires"), as "lets … expire" is."""
    family = {"effect": "impose", "lapse": "restore"}.get(action.label, action.label)
    if action.label == "lapse" and not _SUSPENSION.search(s.text):
        # no relief that runs out: the duty itself does ("Canada's steel surtax on China
        # expires"): removed, once it has, not while it is only due to
        before = s.text[max(0, action.start - 60):action.start]
        if measure.kind != "barrier" or not (
                decided or (_LAPSED.fullmatch(action.text) and not _DUE.search(before[-20:]))
                or _LET.search(before)):
            return None
        return TariffSignal(measure.id, "remove", 0.0, span.effective, None,
                            _evidence(s, product, action))
    if family == "suspend" and not permanent and (span.further or _kept(s.text, action)):
        family = "extend"  # "will continue suspending the duties for another 12 months"
        if _foreseen(s.text, action):
            return None  # "the pause on peas is expected to be extended": nothing decided
    # an end counted from the publication (or the item's start): not an extension's,
    # which counts from the end it extends (by ``span.months``: see ``_dated``)
    until = None if span.counted and family == "extend" else span.until
    evidence = _evidence(s, product, action)
    if measure.kind == "benefit":
        if family not in ("restore", "suspend", "remove", "extend"):
            return None
        if family == "suspend" and permanent:
            family = "remove"
        return _dated(measure.id, family, None, span, until, evidence)
    rate = rate_for(s, rates, product.start, other_actions, action.start)
    if family == "extend" and rate is not None and not _LEVEL_BEFORE.search(
            s.text, max(0, rate.start - 8), rate.start) and (
            _SUSPENSION.search(s.text, action.start, rate.start)
            or _RELIEF_AFTER_RATE.match(s.text, rate.end)
            # "暂停加征25%关税的措施再延长12个月": the duty suspended, before the extension
            or _ZH_SUSPENDED_AT.search(s.text, max(0, rate.start - 6), rate.start)):
        # "extends suspension of 100% tariffs on peas", "extends 25% tariff suspension on
        # lobster": the rate is the duty's that stays suspended, not the extension's
        rate = None
    relief_named = family == "extend" and (
        _HELD_SUSPENDED.match(action.text) is not None  # "its 25% tariff will stay suspended"
        or _RELIEF_NAMED_AFTER.match(s.text, product.end) is not None
        or _RELIEF_AFTER_LIST.match(s.text, product.end) is not None  # "meal, pea relief"
        or _RELIEF_NAMED_BEFORE.search(s.text, max(0, product.start - 40), product.start)
        is not None)
    if relief_named:
        # "… face 25% … as canola meal relief extended": a relief extended stays the relief
        rate = None
    if family in ("suspend", "remove") and rate is not None and rate.end <= action.start and (
            _DUTY_OF.search(s.text, max(0, rate.start - 30), rate.start)):
        rate = None  # "China's tariffs of 25% on lobster will be suspended": the duty's rate
    if family in ("suspend", "remove") and rate is not None and _OF_THE_DUTY.search(
            s.text, max(0, rate.start - 40), rate.start):
        rate = None  # "announces suspension of 100% tariffs on peas": 0%, not a cut to 100%
    old = old_rate(rates)
    if action.text.lower().startswith(("halv", "doubl")):
        if rate is not None and not rate.is_new:  # "halves its 25% tariff": the old level
            old, rate = rate.value, None
        elif old is None:
            old = _descriptive(rates, product, rate)
    action_name, value = _settle(family, action.text, rate, old, measure.baseline,
                                 (lambda: True) if relief_named else relief)
    if action_name == "lower" and value == 0:
        action_name = "remove"
    if action_name == "remove" and until and not permanent:
        action_name = "suspend"
    if action_name == "suspend" and permanent:
        action_name = "remove"
    return _dated(measure.id, action_name, value, span, until, evidence)


# A relief named with the goods, after them or before ("canola meal relief", "pea tariff
# pause", "relief on Canadian peas"): what an extension of it extends
_RELIEF_NAMED_AFTER = re.compile(
    r"(?:\s+(?:tariffs?|dut(?:y|ies)))*\s+(?:suspensions?|exemptions?|relief|reprieves?"
    r"|waivers?|pauses?)\b", re.I)
# … after the rest of a list of goods: "… extends meal, pea relief"
_RELIEF_AFTER_LIST = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:canola\s+)?(?:peas?|pork|lobster|crab|seafood|meal"
    r"|oil)(?:\s+(?:tariffs?|dut(?:y|ies)))*\s+(?:suspensions?|exemptions?|relief|reprieves?"
    r"|waivers?|pauses?)\b", re.I)
_DUTY_OF = re.compile(r"\b(?:tariffs?|dut(?:y|ies)|levy|levies|surtax\w*)\s+of\s+"
                      r"(?:about\s+|some\s+)?$", re.I)
_ZH_SUSPENDED_AT = re.compile(r"(?:暂停|暫停)(?:加征|加徵|征收|徵收)?$")
_HELD_SUSPENDED = re.compile(r"(?:suspend|exempt|paus|waiv)\w*$", re.I)
_RELIEF_NAMED_BEFORE = re.compile(
    r"\b(?:suspensions?|exemptions?|relief|reprieves?|waivers?|pauses?)\s+(?:on|for|of)\s+"
    r"(?:(?:the|Canadian|Chinese)\s+)*$", re.I)


def _kept(text: str, action: Hit) -> bool:
    """Whether a suspension's words say it is kept going ("keeps tariffs on peas
    suspended", "the relief on peas will now run until …"): the one in force extended,
    not a new one (which, with no end of its own, restated the relief: no news)."""
    return bool(_KEPT_BEFORE.search(text, max(0, action.start - 80), action.start)
                or _KEPT_AFTER.match(text, action.end, action.end + 140))


# A renewal after the relief and its goods, only foreseen: "… is expected to be extended",
# "… will likely be renewed", "… could be prolonged"
_FORESEEN = re.compile(
    r"\s(?:expected|likely|unlikely|may|might|could|should|hoped)\s+(?:to\s+)?"
    r"(?:now\s+)?be\s+(?:extended|prolonged|renewed|rolled\s+over)\b", re.I)


def _foreseen(text: str, action: Hit) -> bool:
    """Whether the renewal after the relief ``action`` is only foreseen (``_FORESEEN``), in
    the 140 characters ``_KEPT_AFTER`` reads."""
    return _FORESEEN.search(text, action.end, action.end + 160) is not None


def _dated(measure: str, action: str, rate: float | None, span: Span, until: date | None,
           evidence: str) -> TariffSignal:
    """The signal with its dates: a suspension's or an extension's end that only an end
    word gives ("suspends … , measure ends Dec. 31") is its until (``lasting_dates``)."""
    effective = span.effective
    if action in ("suspend", "extend"):
        start, end = lasting_dates(span)  # (no start at the old end: see there)
        effective, until = start, (end if span.until is None else until)
    by_months = span.months if action == "extend" and until is None else None
    return TariffSignal(measure, action, rate, effective, until, evidence, by_months=by_months)


def _descriptive(rates: list[Rate], product: Hit, chosen: Rate | None) -> float | None:
    """A prefix rate that describes the current level ("halves its 25% tariff on pork")."""
    for r in rates:
        if r is not chosen and r.prefix and r.end <= product.start and not r.is_new:
            return r.value
    return None


def _settle(
    family: str,
    verb: str,
    rate: Rate | None,
    old: float | None,
    baseline: float | None,
    suspension_context: Callable[[], bool],
) -> tuple[str, float | None]:
    """The action and new rate, after what the numbers say."""
    verb = verb.lower()
    new = rate.value if rate else None
    if family in ("remove", "suspend"):
        if rate is not None and rate.is_new and new and new > 0:
            return _compare("lower", new, old or baseline)
        return family, 0.0
    if family == "extend":
        if new is not None:
            return "extend", new
        return "extend", (0.0 if suspension_context() else None)
    if new is None and family in ("lower", "raise"):
        base = old if old is not None else baseline
        if base is not None and verb.startswith("halv"):
            return "lower", round(base / 2, 2)
        if base is not None and verb.startswith("doubl"):
            return "raise", round(base * 2, 2)
        return family, None
    if new is None:
        return family, None
    if family == "raise" and verb.startswith("port"):
        # "porte à 5 % ses droits" brings them to a level, either way: the prior tells
        prior = old if old is not None else baseline
        if prior is not None and new < prior:
            return "lower", new
    if family == "impose":
        prior = old if old is not None else baseline
        if prior is not None and new < prior:
            return "lower", new
        return "impose", new
    if family in ("lower", "raise") and old is not None and new != old:
        return ("lower" if new < old else "raise"), new
    return family, new


def _compare(default: str, new: float, old: float | None) -> tuple[str, float]:
    if old is not None and new > old:
        return "raise", new
    return default, new


def _evidence(s: Sentence, product: Hit, action: Hit) -> str:
    lo, hi = min(product.start, action.start), max(product.end, action.end)
    text = s.text[lo:hi]
    return text if len(text) <= 120 else f"{action.text} … {product.text}"


def fill_rates(found: list[Found], sentences: Sequence[Sentence], instruments: Matcher,
               rates_of: Callable[[Sentence], list[Rate]] = find_rates,
               goods: Mapping[int, Sequence[Hit]] | None = None) -> None:
    """A change read without a rate takes the item's only tariff rate ("China cuts rapeseed
    duty" + "the definitive duty of 5.9% replaced the 75.8% deposit"). The item's rates
    (``rates_of`` a sentence: those that may be a tariff's) are read only when some change
    may take one: most have a rate of their own, or none. With several rates, each change
    takes the new level named right after its own goods, if any (``goods``: each sentence's
    product hits, by its index): "cuts duties on canola oil and pork: oil to 50%, pork to
    15%"."""
    # a change another sentence gives with its rate takes that rate: "lets seafood pause
    # expire" over "the 25% duty on lobster and crab will be reimposed" is 25%, not the
    # peas' 100% named in the same summary
    rated: dict[tuple[str, str], set[float]] = {}
    for f in found:
        if f.signal.rate is not None:
            rated.setdefault((f.signal.measure, f.signal.action), set()).add(f.signal.rate)
    for i, f in enumerate(found):
        own = rated.get((f.signal.measure, f.signal.action))
        if _fillable(f.signal) and own is not None and len(own) == 1:
            found[i] = replace(f, signal=replace(f.signal, rate=next(iter(own))))
    takers = {id(f) for f in found if _fillable(f.signal)
              and (f.signal.measure, f.signal.action) not in rated}
    if not takers:
        return
    fillable = {f.signal.measure for f in found if id(f) in takers}
    values: set[float] = set()
    olds: set[float] = set()
    for s in sentences:
        insts = s.find(instruments)
        for r in rates_of(s):
            if _claimed(found, s, r, fillable):
                continue
            if r.old is not None:
                olds.add(r.old)
            if r.is_old or _SINCE_BEFORE.match(s.text, r.end):
                olds.add(r.value)
            elif any(s.distance(r.start, i.start) <= 4 for i in insts):
                values.add(r.value)
    levels = _levels_by_goods(sentences, rates_of, goods) if goods is not None else {}
    if len(values) != 1:
        for i, f in enumerate(found):  # each change's own level, if its goods name one
            sig = f.signal
            own = levels.get(sig.measure, set())
            if id(f) in takers and len(own) == 1 and sig.action in ("lower", "raise"):
                found[i] = replace(f, signal=replace(sig, rate=next(iter(own))))
        return
    value = values.pop()
    for i, f in enumerate(found):
        sig = f.signal
        if id(f) not in takers or (value not in levels.get(sig.measure, set()) and any(
                value in level for m, level in levels.items() if m != sig.measure)):
            continue  # (the level other goods were named with: "the oil tariff falls to 50%")
        cut = sig.action == "impose" and olds and value < min(olds)
        action = "lower" if cut else sig.action
        if sig.action in ("lower", "raise") and len(olds) == 1 and value not in olds:
            # "Acier chinois : la surtaxe passe de 10 % à 25 %": its way is the rates'
            action = "lower" if value < min(olds) else "raise"
        found[i] = replace(f, signal=replace(sig, rate=value, action=action))


def _levels_by_goods(sentences: Sequence[Sentence], rates_of: Callable[[Sentence], list[Rate]],
                     goods: Mapping[int, Sequence[Hit]]) -> dict[str, set[float]]:
    """The new levels named right after goods, by the goods' measure ("oil to 50%, pork to
    15%": oil 50, pork 15), with no other goods between."""
    levels: dict[str, set[float]] = {}
    for s in sentences:
        hits = goods.get(s.index, ())
        for r in rates_of(s) if hits else ():
            if not r.is_new:
                continue
            before = [p for p in hits if p.end <= r.start]
            if before and s.distance(before[-1].end, r.start) <= OWN_RATE_REACH:
                levels.setdefault(before[-1].label, set()).add(r.value)
    return levels


def _claimed(found: list[Found], s: Sentence, r: Rate, fillable: set[str]) -> bool:
    """Whether the rate stands in the clause of a change to another measure, and so is
    that measure's: "canola seed falls to 5.9% while Ottawa's 100% EV surtax ends" gives
    a canola cut read without a rate nothing of the 100%; or it is the rate a change read
    there took ("… canola seed to about 15% …, EVs at the 6.1% rate": the title's "cut
    tariffs on canola and EVs" takes neither, each goes to its own). A timing-only read
    ("the 5.9% duty applies from March 1", of the title's goods) claims nothing."""
    return any(f.sentence == s.index and not f.weak
               and (f.signal.measure not in fillable or f.signal.rate == r.value)
               and s.same_clause(f.start, r.start) for f in found)


def _fillable(signal: TariffSignal) -> bool:
    return signal.rate is None and signal.action in ("lower", "raise", "impose", "restore")


#: How long before the publication a day named elsewhere in the item may still be a change's
#: start: one further back is a recap's ("The duties, first imposed on March 20, 2025, …").
RECAP_DAYS = 45


def merge(found: list[Found], item_span: Callable[[], Span],
          published: date | None = None) -> list[Found]:
    """One signal per (measure, action); timing-only reads yield to real actions. Dates
    missing from a signal come from ``item_span()``: the item's own (asked only then), but
    not a start long before ``published`` (see ``RECAP_DAYS``), nor any start for a duty
    back when its relief ends (the ledger dates that)."""
    strong = {f.signal.measure for f in found if not f.weak}
    merged: dict[tuple[str, str], Found] = {}
    for f in found:
        if f.weak and f.signal.measure in strong:
            continue
        key = (f.signal.measure, f.signal.action)
        prev = merged.get(key)
        if prev is None:
            merged[key] = f
            continue
        a, b = prev.signal, f.signal
        merged[key] = replace(
            prev,
            # "lobster and crab": both parts; with "seafood" named too, the whole measure
            parts=None if prev.parts is None or f.parts is None
            else prev.parts + tuple(p for p in f.parts if p not in prev.parts),
            excluded=prev.excluded + tuple(p for p in f.excluded if p not in prev.excluded),
            signal=replace(
                a,
                rate=a.rate if a.rate is not None else b.rate,
                effective=a.effective or b.effective,
                until=a.until or b.until,
                by_months=None if (a.until or b.until) else a.by_months or b.by_months,
            ),
        )
    # "to lift tariffs on peas from March 1" || "… will be suspended from March 1 until Dec.
    # 31": the later telling says the lifting is a suspension, and until when
    for (measure, action), f in list(merged.items()):
        lifted = merged.get((measure, "remove")) if action == "suspend" else None
        # (the same start, named in both: not a recap, "had suspended … until Dec. 31")
        if (lifted is not None and f.signal.until is not None and lifted.signal.until is None
                and f.signal.effective is not None
                and f.signal.effective == lifted.signal.effective):
            del merged[measure, "remove"]
    # "suspends group tours from March 1 … withdrew approved destination status": one change
    # told twice; the first telling (the title's) names it. A later telling with a start of
    # its own, other than the first's, is a change of its own ("suspends the tariff …
    # will remove it from January 1").
    first: dict[str, Found] = {}
    out = []
    for f in merged.values():
        if f.signal.action in ("suspend", "remove"):
            told = first.setdefault(f.signal.measure, f)
            if told is not f and f.signal.effective in (None, told.signal.effective):
                continue
        sig = f.signal
        if sig.effective is None or sig.until is None:
            span = item_span()
            wanted = ("suspend",) if span.counted else ("suspend", "extend")
            # "The suspension ends Dec. 31": the day it ends is its until (not its start,
            # though it has an until: "… will now end on June 30, 2027")
            start, end = (lasting_dates(span) if sig.action in wanted
                          else (span.effective, span.until))
            if sig.action == "restore" and sig.effective is None and span.end is not None and (
                    span.effective in (None, span.end)):
                # "China to end tariff relief on peas" || "The relief ends Dec. 31.": the day
                # the relief ends is its last, the duty back the day after
                start = span.end + timedelta(days=1)
            if sig.at_relief_end or (start is not None and published is not None
                                     and start < published - timedelta(days=RECAP_DAYS)):
                start = None
            effective = sig.effective or start
            until = sig.until or (end if sig.action in wanted else None)
            # "China extends tariff relief on peas" || "… for another year": by its length
            by_months = (sig.by_months or span.months
                         if sig.action == "extend" and until is None else None)
            if (effective, until, by_months) != (sig.effective, sig.until, sig.by_months):
                f = replace(f, signal=replace(sig, effective=effective, until=until,
                                              by_months=by_months))
        out.append(f)
    # "The suspension of tariffs on peas will be extended until ...": the suspension is
    # what is extended, not a new one; an undated suspend to the extension's end goes.
    extended = {(f.signal.measure, f.signal.until): f.signal.effective
                for f in out if f.signal.action == "extend"}
    return [f for f in out if not (
        f.signal.action == "suspend" and (f.signal.measure, f.signal.until) in extended
        and f.signal.effective in (None, extended[f.signal.measure, f.signal.until]))]
