"""The tariff ledger: which Canada–China measures are in force, at what rate, on any date.

Measures change by dated events (from ``seeds/ledger.toml`` and from accepted news signals), and
some states end by themselves (a suspension until year end, a five-year duty). Keeping the whole
history as events, and deriving the state on a date from them, lets the dashboard show today's
rates, the user's baseline, count-downs to expiries and step charts from one source of truth.

Pure Python on purpose: the CLI and the TUI both read it, and it never imports Textual.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from thawwatch.errors import DataError
from thawwatch.vocab import MEASURE_IDS, SIGNAL_ACTIONS, STATUSES, TOPICS

__all__ = ["MEASURE_IDS", "STATUSES", "TOPICS", "Event", "Ledger", "Measure", "MeasureState"]

ACTIONS: tuple[str, ...] = (*SIGNAL_ACTIONS, "announce", "note")
BASES: tuple[str, ...] = ("verified", "partial", "presumed")
AFTER_UNTIL: tuple[str, ...] = ("revert", "remove")
ORIGINS: tuple[str, ...] = ("seed", "signal")
NO_MEASURE = "none"
"""Status before a measure's first event (an extension of the interface's status values)."""

# The status an event leaves when its row gives none; None keeps the status in force.
DEFAULT_STATUS: dict[str, str | None] = {
    "impose": "in_force",
    "raise": "in_force",
    "lower": "in_force",
    "suspend": "suspended",
    "extend": None,
    "remove": "removed",
    "restore": "restored",
    "announce": "announced",
    "note": None,
}


# Actions that, without a rate, restate the state in force when they leave its status as
# it is: its rate stands. A raise or a cut without a number changes the rate to unknown.
_RESTATING = frozenset({"impose", "suspend", "remove", "restore"})


@dataclass(frozen=True)
class Measure:
    """One trade measure the ledger follows (who imposes it, on what, by which instrument)."""

    id: str
    imposed_by: str
    product: str
    label: str
    instrument: str
    topic: str


@dataclass(frozen=True)
class Event:
    """A dated change (or note) for one measure, from the seed file or from an accepted signal."""

    id: str
    measure: str
    date: date
    action: str
    rate: float | None = None
    status: str | None = None
    until: date | None = None
    after_until: str = "revert"
    announced: date | None = None
    summary: str = ""
    source: str = ""
    basis: str = "verified"
    scope: str | None = None
    # with a scope: the rate the rest of the product keeps (seafood's suspension covers
    # lobster and crab; the other aquatic products are presumed still at 25%)
    others_rate: float | None = None
    approximate: bool = False
    origin: str = "seed"
    item_id: str | None = None


@dataclass(frozen=True)
class MeasureState:
    """A measure's rate and status on a date, with the event that made it (or whose expiry did)."""

    measure: Measure
    rate: float | None
    status: str
    since: date | None
    until: date | None
    source: str
    scope: str | None
    event: Event | None
    # the event whose basis is less than verified and that this rate rests on now ("pork was
    # left out of the suspension, so its 25% is taken to remain": presumed); None if none
    doubt: Event | None = None

    def days_left(self, on: date) -> int | None:
        """Days from ``on`` to the last day of this state (0 on that day); None if open-ended."""
        return None if self.until is None else (self.until - on).days


@dataclass(frozen=True)
class _Frame:
    """A state plus what happens when it ends: how (revert/remove) and what it reverts to."""

    state: MeasureState
    after_until: str
    prior: _Frame | None
    ended: _Frame | None = None  # the frame whose end made this one (an expiry's)


class Ledger:
    """The measures and their events; answers "what was in force on date D" for each measure."""

    def __init__(self, measures: Mapping[str, Measure], events: Iterable[Event]) -> None:
        self.measures: dict[str, Measure] = {m: measures[m] for m in MEASURE_IDS if m in measures}
        self.events: tuple[Event, ...] = tuple(events)
        seen: set[str] = set()
        for ev in self.events:
            if ev.measure not in self.measures:
                raise DataError(f"event {ev.id}: unknown measure {ev.measure!r}")
            if ev.id in seen:
                raise DataError(f"event {ev.id}: duplicate event id")
            seen.add(ev.id)
        # changes a later word on a relief overrules (see _Words), with that word
        self.overruled: dict[str, Event] = {}
        self._timelines = {
            m: _timeline(self.measures[m], self.events_for(m), self.overruled)
            for m in self.measures
        }
        # notes that restate a rate ("the 25% is taken to stand"), by measure, by date
        self._rate_notes = {m: [e for e in self.events_for(m) if e.action == "note"
                                and e.rate is not None] for m in self.measures}
        self._without: dict[frozenset[str], Ledger] = {}  # see ``without``

    def without(self, event_ids: frozenset[str]) -> Ledger:
        """This ledger less the events ``event_ids``, made once: grouping hundreds of
        pending changes asks for the same few (see ``decisions._before_news``)."""
        found = self._without.get(event_ids)
        if found is None:
            found = self._without[event_ids] = Ledger(
                self.measures, [e for e in self.events if e.id not in event_ids])
        return found

    def events_for(self, measure_id: str) -> list[Event]:
        """The measure's events (notes included), sorted by date, then by file order."""
        self._measure(measure_id)
        return sorted((e for e in self.events if e.measure == measure_id), key=lambda e: e.date)

    def state(self, measure_id: str, on: date) -> MeasureState:
        """The measure's state on ``on``, made by the events dated on or before it."""
        self._measure(measure_id)
        starts, frames = self._timelines[measure_id]
        state = frames[bisect.bisect_right(starts, on) - 1].state
        doubt = self._doubt(state, on)
        return state if doubt is state.doubt else replace(state, doubt=doubt)

    def _doubt(self, state: MeasureState, on: date) -> Event | None:
        """What the state rests on by ``on``, if that is less than verified: the latest of
        the event that made it and the notes since that restate its rate (a verified note
        clears an earlier doubt, a presumed one raises it), if its basis is presumed or
        partial."""
        if state.status == NO_MEASURE or state.since is None:
            return None
        latest = state.doubt or state.event  # a lapse (see _lapse) is presumed to start with
        for note in self._rate_notes[state.measure.id]:
            if note.date > on:
                break
            if note.date >= state.since and note.rate == state.rate and (
                    latest is None or note.date >= latest.date):
                latest = note
        return latest if latest is not None and latest.basis in DOUBTFUL else None

    def others_rate(self, state: MeasureState) -> float | None:
        """The rate the rest of the product keeps while ``state`` covers part of it (its
        scope), as the event that named that part gives it; None if none does."""
        if not state.scope or state.since is None:
            return None
        for ev in reversed(self.events_for(state.measure.id)):
            if ev.scope == state.scope and ev.others_rate is not None and ev.date <= state.since:
                return ev.others_rate
        return None

    def after_end(self, measure_id: str, on: date) -> MeasureState | None:
        """What the measure comes to the day after the state on ``on`` ends by itself (the
        duty back at 100% on 2027-01-01 when the pea tariff pause ends: presumed, unless
        extended); None when that state has no end, or a change the ledger holds comes
        first (``next_change`` says that one)."""
        state = self.state(measure_id, on)
        if state.until is None or state.until >= date.max - timedelta(days=1):
            return None
        if self.next_change(measure_id, on) is not None:
            return None
        after = state.until + timedelta(days=1)
        events = self.events_for(measure_id)
        # (a change dated by then stands: the state on ``on`` has it, backdated or not)
        known = [e for e in events if e.date <= on or _known_from(e) <= on]
        if len(known) == len(events):
            return self.state(measure_id, after)
        # a look back: what the ledger knew on ``on`` (a later word overrules what was
        # said then: "won't renew" is what 15 December knew, not the extension of the 20th)
        return Ledger({measure_id: self.measures[measure_id]}, known).state(measure_id, after)

    def next_change(self, measure_id: str, on: date) -> MeasureState | None:
        """The change the ledger holds for a later day that ends the state on ``on`` (an
        accepted "removed from December 15"), or that renews it (the same rate and status
        with another end, from the day the end moves: "extends the suspension to June 30",
        dated December 15; a new suspension from the day after its end); None if there is
        none, or the state ends by itself first (its ``until`` says so already).

        Only changes known on ``on`` count: a look back (``status --as-of 2025-06-01``)
        must not foretell the EV surtax's repeal, announced in February 2026.
        """
        measure = self._measure(measure_id)
        events = self.events_for(measure_id)
        known = [e for e in events if _known_from(e) <= on]
        starts, frames = (self._timelines[measure_id] if len(known) == len(events)
                          else _timeline(measure, known))
        at = bisect.bisect_right(starts, on) - 1
        state = frames[at].state
        for k in range(at + 1, len(frames)):
            when, later = starts[k], frames[k].state
            if k + 1 < len(frames) and starts[k + 1] == when:
                continue  # several changes on one day: the last one holds
            renewed = (later.event is not None and later.event is not state.event
                       and later.event.date == when and later.until != state.until
                       and (later.rate, later.status, later.scope)
                       == (state.rate, state.status, state.scope))
            if state.until is not None and state.until < when:
                # renewed from the day after its end ("suspends the pea tariff from January
                # 1, 2027 to December 31, 2027", accepted): that is its next change
                # (dated from the day it changes, as every next change is: ``state`` says
                # the relief runs since its old start, unbroken)
                return (replace(later, since=when)
                        if renewed and when == state.until + timedelta(days=1) else None)
            if (later.rate, later.status) != (state.rate, state.status):
                return later
            if renewed:  # its end moved before it came (an extension dated December 15)
                return replace(later, since=when)
        return None

    def states(self, on: date) -> list[MeasureState]:
        """Every measure's state on ``on``, in ``MEASURE_IDS`` order."""
        return [self.state(m, on) for m in self.measures]

    def rate_steps(
        self, measure_id: str, start: date, end: date
    ) -> list[tuple[date, float | None, str]]:
        """(date, rate, status) at ``start`` and wherever rate or status changes up to ``end``."""
        first = self.state(measure_id, start)
        steps = [(start, first.rate, first.status)]
        starts, frames = self._timelines[measure_id]
        for when, frame in zip(starts, frames, strict=True):
            if start < when <= end:
                step = (when, frame.state.rate, frame.state.status)
                if steps[-1][0] == when:  # several changes on one day: the last one holds
                    steps.pop()
                if steps and steps[-1][1:] == step[1:]:
                    continue
                steps.append(step)
        return steps

    def with_events(self, extra: Iterable[Event]) -> Ledger:
        """A new ledger with accepted-signal events added; on the same date they supersede seeds."""
        added = [replace(ev, origin="signal") for ev in extra]
        return Ledger(self.measures, (*self.events, *added))

    def run_end(self, measure_id: str, on: date) -> date | None:
        """Where the state on ``on`` runs to, unbroken: its own end, or the end a renewal or
        an extension the ledger holds for a later day moves it to (its step of the course)."""
        course = _course(self._timelines[self._measure(measure_id).id], on)
        return course[0][4] if course else None  # type: ignore[return-value]

    def overruling(self, ev: Event) -> Event | None:
        """The event published later that would overrule ``ev`` were it added (see
        ``_Words``): an older headline's change a later accepted word replaces."""
        overruled: dict[str, Event] = {}
        _timeline(self._measure(ev.measure), [*self.events_for(ev.measure), ev], overruled)
        return overruled.get(ev.id)

    def would_change(self, ev: Event) -> bool:
        """Whether adding ``ev`` changes its measure's rate, status or end on any day from
        its date: a headline restating what the ledger holds is no change to decide."""
        measure = self._measure(ev.measure)
        events = [*self.events_for(ev.measure), ev]  # (``_timeline`` puts it in its place)
        return (_course(_timeline(measure, events), ev.date)
                != _course(self._timelines[ev.measure], ev.date))

    def _measure(self, measure_id: str) -> Measure:
        try:
            return self.measures[measure_id]
        except KeyError:
            raise KeyError(f"unknown measure id {measure_id!r}") from None


def _known_from(ev: Event) -> date:
    """The day an event was public: its announcement (an accepted headline's: the day it
    was published), else its own date. A headline accepted before thawwatch kept that
    date is taken as known all along: it may well have come before the day it names."""
    if ev.announced is not None:
        return ev.announced
    return date.min if ev.origin == "signal" else ev.date


# ------------------------------------------------------------------------------------- the timeline


def _timeline(measure: Measure, events: list[Event], overruled: dict[str, Event] | None = None
              ) -> tuple[list[date], list[_Frame]]:
    """Every change point of a measure as parallel lists (start dates, frames), for bisecting;
    the changes a later word overrules (see ``_Words``) are left out, and put in
    ``overruled`` with that word."""
    first = MeasureState(measure, None, NO_MEASURE, None, None, "", None, None)
    starts, frames = [date.min], [_Frame(first, "revert", None)]
    words = _Words()

    def push(when: date, frame: _Frame) -> None:
        starts.append(when)
        frames.append(frame)

    for ev in sorted(events, key=_same_day_order):
        if ev.action == "note":
            continue
        if (word := words.overruling(ev)) is not None:
            if overruled is not None:
                overruled[ev.id] = word
            continue
        _expire_before(frames[-1], ev.date, push)
        before = frames[-1].state
        push(ev.date, _apply(frames[-1], ev))
        words.heard(ev, before, frames[-1].state)
    _expire_before(frames[-1], date.max, push)
    return starts, frames


def _same_day_order(ev: Event) -> tuple[date, bool, date]:
    """By date; on one day a seed first, then accepted headlines in the order they were
    published (the later word on that day holds: "won't renew" on 10 December, then "renews
    from 1 January" on 20 December)."""
    return (ev.date, ev.origin == "signal",
            _known_from(ev) if ev.origin == "signal" else date.min)


#: What a later word on a relief overrules: the duty back, and other words on the relief's
#: course (a renewal, an extension). A removal or a cut is not about the relief: it stands.
_ON_THE_RELIEF = frozenset({"restore", "impose", "raise", "suspend", "extend"})


def _announced(ev: Event) -> date:
    return ev.announced or date.min


class _Words:
    """The words on a relief heard so far, to overrule what was said before them.

    An extension of a suspension, or a suspension to an end, published after a change that
    was to come within its run, overrules that change: "China won't renew the pea tariff
    pause" (10 December: the duty back on 1 January), then "China extends the pea tariff
    pause to June 30, 2027" (20 December): the relief runs to June 30, though the duty back
    is dated after the extension. The same holds for a renewal to 31 December 2027 that a
    later "extends … to June 30, 2027" replaces (one from the day after the new end is a
    next phase: it stands). Ordered by date alone, the older word won. A word overruled
    itself overrules nothing (it was never heard). Only what was known before the word is
    overruled: not a seed's change dated after it, nor a headline accepted before
    thawwatch kept the day it was published."""

    def __init__(self) -> None:
        self._heard: list[Event] = []

    def heard(self, ev: Event, before: MeasureState, after: MeasureState) -> None:
        """``ev`` took effect on ``before``, leaving ``after``: a word on a relief if it
        gave the relief an end it did not have (a restatement of the end says nothing)."""
        if (ev.action in ("extend", "suspend") and ev.announced is not None
                and ev.until is not None and ev.until >= ev.date
                and after.event is ev and after.status == "suspended"
                and (before.status, before.until) != (after.status, after.until)):
            bisect.insort_left(self._heard, ev, key=_announced)  # (in the order said)

    def overruling(self, ev: Event) -> Event | None:
        """The latest word heard that overrules ``ev``, if any."""
        known = ev.announced or (ev.date if ev.origin == "seed" else None)
        if known is None or ev.action not in _ON_THE_RELIEF:
            return None
        for word in reversed(self._heard):  # the latest said first
            assert word.until is not None and word.announced is not None
            if word.date < ev.date <= word.until and known < word.announced:
                # the latest word on that day decides; one that agrees ("from 1 January
                # to 31 December 2027" before "for another year") is the same course
                agrees = ev.action in ("extend", "suspend") and ev.until == word.until
                return None if agrees else word
        return None


def _course(timeline: tuple[list[date], list[_Frame]], start: date) -> list[tuple[object, ...]]:
    """(rate, status, start, end) from ``start`` on, each change once: a second raise at
    a rate still unknown is a change (a new start), a restatement is none. A state that
    runs on (its start kept) is one step with its last end, however and whenever the
    ledger moved it: a relief renewed from the day after its end (an accepted "from 1
    January 2027 until 31 December 2027"), and the same relief extended to that end from
    the day another outlet said so ("extends … until 31 December 2027"), are one course,
    so the second headline is no news."""
    starts, frames = timeline
    first = bisect.bisect_right(starts, start) - 1
    course: list[tuple[object, ...]] = []
    for k in range(first, len(frames)):
        when, state = starts[k], frames[k].state
        if k + 1 < len(frames) and starts[k + 1] == when and when > start:
            continue  # several changes on one day: the last one holds
        step = (state.rate, state.status, state.since, state.until, state.scope)
        if course and course[-1][1:] == step:
            continue
        if course and course[-1][1:4] == step[:3] and course[-1][5] == step[4]:
            course[-1] = (*course[-1][:4], state.until, state.scope)  # it runs on
            continue
        course.append((max(when, start), *step))
    return course


def _expire_before(frame: _Frame, limit: date, push: Callable[[date, _Frame], None]) -> None:
    """Push the expiries of ``frame`` (and of what it reverts to) that happen before ``limit``."""
    while frame.state.until is not None and frame.state.until < limit:
        frame = _expire(frame, frame.state.until + timedelta(days=1))
        push(frame.state.since, frame)


def _apply(frame: _Frame, ev: Event) -> _Frame:
    """The frame after ``ev`` (not a note) takes effect on top of ``frame``."""
    old = frame.state
    if ev.until is not None and ev.until < ev.date:
        return frame  # an end before its own date (a stale headline) changes nothing
    if ev.action == "extend":
        ended = _lapsed(frame, ev)
        if ended is not None:
            # Extended just after it ran out ("extends the pea tariff suspension to the end
            # of 2027", published 4 January, after it lapsed on 31 December): the state that
            # ended is back from the extension's date to its new end, then this one again.
            state = replace(ended.state, since=_since(ended, ev.date), until=ev.until,
                            source=ev.source, event=ev, doubt=None)  # its scope too: an
            return _Frame(state, ended.after_until, frame)  # extension names no new part
        if old.status == "in_force" and ev.rate is not None and ev.rate != old.rate:
            # "extends the suspension of the pea tariff to 2027" with the duty back in
            # force: not the duty extended at another rate, but the duty at that rate from
            # now to then: suspended at 0%, else in force at the new rate
            status = ev.status or ("suspended" if ev.rate == 0 else "in_force")
            changed = MeasureState(old.measure, ev.rate, status, ev.date, ev.until, ev.source,
                                   ev.scope, ev)
            return _Frame(changed, ev.after_until, frame)
        state = replace(
            old,
            # (a suspension extended stays at its rate: "25% suspended" cannot be)
            rate=old.rate if ev.rate is None or old.status == "suspended" else ev.rate,
            status=ev.status or old.status,
            # Only a suspension extended to a date ends then. A state without an end (the
            # steel surtax, a removal, restored tours) stays without one: "extended to
            # 2027" says it lasts at least that long, not that it then ends. An extension
            # that names no end ("extends the pause to lentils") keeps the end it had.
            until=(ev.until or old.until) if old.until is not None or old.status == "suspended"
            else None,
            source=ev.source,
            # what the state covers stays: "extends the lobster pause" does not drop crab
            scope=old.scope,
            event=ev,  # (its doubt stays: an extension of the duty back "unless extended"
        )              # does not confirm it; see _lapse)
        return _Frame(state, frame.after_until, frame.prior)
    prior = frame.prior.state if frame.prior is not None else None
    if (ev.action == "restore" and ev.rate is None and old.status == "suspended"
            and prior is not None and prior.rate is not None):
        # "China ends the tariff suspension on Canadian peas": the duty suspended is back,
        # at the rate it had (not a rate unknown)
        state = MeasureState(old.measure, prior.rate, "in_force", ev.date, ev.until,
                             ev.source, ev.scope, ev)
        return _Frame(state, ev.after_until, frame)
    if ev.action == "restore" and ev.rate is None and old.status == "in_force" and (
            old.rate is not None):
        # "China's tariff pause on Canadian peas expired", on or after the day the ledger
        # has the duty back: that duty, confirmed (not "restored" at a rate unknown)
        ev = replace(ev, rate=old.rate, status="in_force")
    rate = None if ev.action == "announce" else ev.rate
    status = ev.status or DEFAULT_STATUS[ev.action] or old.status
    if rate is None and ev.action in _RESTATING and status == old.status:
        rate = old.rate  # "Canada imposes its surtax" on one in force: the 25% still holds
    # A raise or cut without a number is no restatement: the rate moved, to a number unknown.
    restating = ev.action in _RESTATING or (ev.action != "announce" and ev.rate is not None)
    if restating and (rate, status) == (old.rate, old.status) and old.status != NO_MEASURE:
        # A headline restating the state in force ("China sets the duty at 5.9%" on the day
        # the seed ledger has it start) changes nothing but, when it gives one, the end:
        # the state keeps its start, its end (the duty's five years) and what follows it.
        # What it covers stays (a headline naming lobster does not narrow the lobster-and-
        # crab suspension), unless it names the whole measure where a headline had named a
        # part: then the whole.
        broadened = ev.scope is None and old.event is not None and old.event.origin == "signal"
        state = replace(old, until=ev.until or old.until, source=ev.source,
                        scope=None if broadened else old.scope, event=ev, doubt=None)
        return _Frame(state, frame.after_until, frame.prior, frame.ended)
    # An event that restates the state in force (an accepted "suspend 0%" on a suspension)
    # keeps what the state covers: seafood's stays lobster and crab, not all seafood.
    scope = ev.scope or (old.scope if (rate, status) == (old.rate, old.status) else None)
    since = ev.date
    if frame.ended is not None and (rate, status, scope) == (
            frame.ended.state.rate, frame.ended.state.status, frame.ended.state.scope):
        since = _since(frame.ended, ev.date)  # the suspension again from the day after its end
    state = MeasureState(old.measure, rate, status, since, ev.until, ev.source, scope, ev)
    return _Frame(state, ev.after_until, frame)


def _since(ended: _Frame, when: date) -> date:
    """The start of a state that ``ended``'s state comes back as on ``when``: its own start
    when ``when`` is the day after its end (a pea relief renewed from 1 January 2027 has run
    since 1 March 2026, unbroken), else ``when`` (it lapsed in between)."""
    until = ended.state.until
    if until is not None and ended.state.since is not None and when == until + timedelta(days=1):
        return ended.state.since
    return when


#: The bases that leave a rate in doubt (the fact sheet's "presumed" and "V(partial)").
DOUBTFUL = ("presumed", "partial")


#: How soon after a state ran out an extension of it brings it back (a late headline).
LATE_EXTENSION = timedelta(days=90)


def _lapsed(frame: _Frame, ev: Event) -> _Frame | None:
    """The state an extension dated after its end extends, if ``frame`` is what followed
    it and the extension is of it: soon after, to a later end, at its rate (an extension
    naming the duty's own rate extends the duty, not the relief)."""
    ended = frame.ended
    if ended is None or ended.state.until is None or ev.until is None:
        return None
    end = ended.state.until
    if not end < ev.date <= end + LATE_EXTENSION or ev.until <= end:
        return None
    if ev.rate is not None and ev.rate != ended.state.rate:
        return None
    if ev.status is not None and ev.status != ended.state.status:
        return None
    return ended


def _expire(frame: _Frame, since: date) -> _Frame:
    """What is in force from ``since``, the day after ``frame``'s state ends by itself."""
    old = frame.state
    source = f"expired after {old.until}: {old.event.id if old.event else '?'} ({old.source})"
    back = frame.prior
    while back is not None and back.state.status == "announced":
        back = back.prior  # an announcement is no state to go back to: what came before it
    if frame.after_until == "remove" or back is None or back.state.status == NO_MEASURE:
        gone = replace(old, rate=0.0, status="removed", since=since, until=None, source=source)
        return _Frame(replace(gone, doubt=_lapse(old, gone)), "revert", None, ended=frame)
    if back.state.until is not None and back.state.until < since:  # it ended meanwhile too
        return replace(_expire(back, since), ended=frame)  # this one is what just ended
    state = replace(back.state, since=since, source=source, event=old.event)
    return _Frame(replace(state, doubt=_lapse(old, state)), back.after_until, back.prior,
                  ended=frame)


def _lapse(ended: MeasureState, after: MeasureState) -> Event:
    """Why what follows a state's end by itself is presumed, not verified: the fact sheet
    gives the end ("suspended to 31 December, unless extended"; a five-year duty, which a
    review can prolong), not what happened then. A later event or verified note settles it.
    """
    assert ended.until is not None and after.since is not None
    end = ended.until.isoformat()
    if ended.event is not None and ended.event.action == "extend" and ended.event.until is None:
        summary = (f"It was extended with no new end given; the ledger keeps the end it had,"
                   f" {end}, so what followed is not known.")
    elif ended.status == "suspended":
        summary = (f"The suspension was due to end on {end} unless extended; no extension"
                   " is recorded.")
    elif after.status == "removed":
        summary = (f"The duty's term ran to {end}; a review can prolong it, and no"
                   " extension is recorded.")
    else:
        summary = f"It was due to end on {end} unless extended; no extension is recorded."
    return Event(
        id=f"{ended.event.id if ended.event else ended.measure.id}-lapsed",
        measure=ended.measure.id, date=after.since, action="note", rate=after.rate,
        summary=summary,
        source=ended.source, basis="presumed",
    )
