"""Pending tariff changes found in headlines, and the user's accept/dismiss decisions.

A signal never rewrites the ledger by itself: it waits as a pending change on its
measure, with its headline. Accepting turns it into a ledger event whose source is the
item; dismissing keeps the decision so the same signal is not offered again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from .errors import UsageError
from .items import iso, parse_iso
from .ledger import LATE_EXTENSION, Event, Ledger
from .ledger_file import load_ledger
from .months import add_months
from .store import Store
from .wording import change_words, counted, fmt_rate, length_words, num

SEED_KEY = "seed.ledger"
#: What an accepted decision's ledger event id starts with (the decision's id follows)
SIGNAL_EVENT = "signal-"

# What each signal action leaves the measure as, once accepted.
_STATUS = {
    "impose": "in_force", "raise": "in_force", "lower": "in_force", "suspend": "suspended",
    "remove": "removed", "restore": "restored", "extend": None,
}


@dataclass(frozen=True)
class Decision:
    """One tariff signal awaiting (or having had) the user's decision."""

    id: str
    item_id: str
    measure: str
    action: str
    rate: float | None
    effective: date | None
    until: date | None
    state: str
    title: str
    link: str | None
    published: datetime
    decided_at: datetime | None
    # the part of the measure's goods the headline names, when only part ("lobster")
    scope: str | None = None
    # the other pending decisions that read the same change from other headlines (set by
    # ``pending_changes``): one change to decide, whichever outlets carried it
    also: tuple[Decision, ...] = ()
    # a duty back with no day of its own, when the relief on it ends (see ``takes_effect``)
    at_relief_end: bool = False
    # an extension by a length of time from the end it extends, in months (see ``runs_until``)
    by_months: int | None = None

    @property
    def change(self) -> tuple[Any, ...]:
        """What the decision says, apart from which headline says it ("lets the pause
        lapse" and "ends the suspension" differ: one is dated when the relief ends, the
        other from its headline's day)."""
        return (self.measure, self.action, None if self.rate is None else float(self.rate),
                self.effective, self.until, self.scope, self.at_relief_end, self.by_months)

    @property
    def when(self) -> date:
        """The day the change takes effect: its own date, else its headline's."""
        return self.effective or self.published.date()

    @property
    def event_id(self) -> str:
        """The id of the ledger event it becomes once accepted."""
        return SIGNAL_EVENT + self.id

    def pending_json(self) -> dict[str, Any]:
        """The `pending` entry of `status --format json`; ``also``: the other headlines
        saying the same change, which accepting or dismissing this one settles too."""
        return {
            "id": self.id, "action": self.action, "rate": num(self.rate),
            "effective": self.effective.isoformat() if self.effective else None,
            "until": self.until.isoformat() if self.until else None,
            "item": self.item_id, "title": self.title, "link": self.link or "",
            **({"scope": self.scope} if self.scope else {}),
            **({"at_relief_end": True} if self.at_relief_end else {}),
            **({"by_months": self.by_months} if self.by_months else {}),
            **({"also": [{"id": d.id, "item": d.item_id, "title": d.title,
                          "link": d.link or ""} for d in self.also]} if self.also else {}),
        }

    def to_json(self) -> dict[str, Any]:
        """Full record, for `ledger pending --format json` and exports."""
        return {**self.pending_json(), "measure": self.measure, "state": self.state,
                "decided_at": iso(self.decided_at) if self.decided_at else None}


_SELECT = """
SELECT d.id, d.item_id, d.measure, d.action, d.rate, d.effective, d.until, d.state,
       coalesce(i.title, ''), i.link, coalesce(i.published, d.created_at), d.decided_at,
       i.signals
FROM decisions d LEFT JOIN items i ON i.id = d.item_id
"""


def _decision(row: Any) -> Decision:
    (did, item_id, measure, action, rate, effective, until, state, title, link, published,
     decided_at, signals) = row
    return Decision(
        id=did, item_id=item_id, measure=measure, action=action, rate=rate,
        effective=date.fromisoformat(effective) if effective else None,
        until=date.fromisoformat(until) if until else None, state=state, title=title, link=link,
        published=parse_iso(published), decided_at=parse_iso(decided_at) if decided_at else None,
        **_extras(did, item_id, signals),
    )


_EXTRAS = ("scope", "at_relief_end", "by_months")


def _extras(decision_id: str, item_id: str, signals: str | None) -> dict[str, Any]:
    """The scope, ``at_relief_end`` and ``by_months`` of the item's signal the decision is
    (its id is the item's and the signal's index): kept with the item's signals, so no
    schema change was needed."""
    if not signals or not any(key in signals for key in _EXTRAS):
        return {}
    try:
        signal = json.loads(signals)[int(decision_id.removeprefix(f"{item_id}-"))]
    except (ValueError, IndexError, TypeError):
        return {}
    if not isinstance(signal, dict):
        return {}
    scope, months = signal.get("scope"), signal.get("by_months")
    return {"scope": scope if isinstance(scope, str) and scope else None,
            "at_relief_end": signal.get("at_relief_end") is True,
            "by_months": months if type(months) is int and 0 < months <= 120 else None}


def decisions(store: Store, state: str | None = "pending") -> list[Decision]:
    """Decisions in a state (None: all), newest headline first."""
    where, args = ("WHERE d.state = ?", (state,)) if state else ("", ())
    sql = f"{_SELECT} {where} ORDER BY published DESC, d.id"
    return [_decision(r) for r in store.conn.execute(sql, args)]


def pending_changes(store: Store, ledger: Ledger | None = None,
                    known_by: date | None = None) -> list[Decision]:
    """The pending changes, one per change however many headlines say it: the newest
    headline's decision, carrying the others in ``also`` (newest first). ``known_by``: of
    the headlines published by that (local) day only, for a look back.

    Five outlets reporting "China removes its tariff on Canadian peas from March 1" in
    their own words are five stories, but one change for the user to decide; so are
    "extends … to Dec. 31, 2027", "from Jan. 1, 2027 to Dec. 31, 2027" and "for another
    year" of a relief that ends on 31 December 2026 (``course``: read with ``ledger``,
    the store's own when None).
    """
    found = decisions(store, "pending")
    if known_by is not None:
        found = [d for d in found if d.published.astimezone().date() <= known_by]
    return group_changes(found, current_ledger(store) if ledger is None else ledger)


def group_changes(found: Iterable[Decision], ledger: Ledger | None = None) -> list[Decision]:
    """``found`` (newest first) with the decisions that read the same change folded into
    the first of them, as its ``also``. A change that names no date of its own is one
    only within ``SAME_NEWS`` of its newest headline: "China removes tariff on peas" in
    March and again in June may be two changes (imposed again between). With ``ledger``,
    the end it moves a relief to makes one change of differently worded extensions
    (``course``) within ``SAME_EXTENSION`` of the newest: a June rumour "to extend … to
    Dec. 31, 2027" left pending is not December's notice. A decision joins a run by either
    reading: the same words just after the relief's end have no course, and are the same
    change still."""
    runs: list[list[Decision]] = []
    latest: dict[tuple[Any, ...], list[Decision]] = {}  # each reading's newest run yet
    for d in found:
        key = course(d, ledger) if ledger is not None else None
        run = latest.get(key) if key is not None else None
        if run is not None and run[0].published - d.published > SAME_EXTENSION:
            run = None
        if run is None and (same := latest.get(d.change)) is not None and (
                d.effective is not None or same[0].published - d.published <= SAME_NEWS):
            run = same
        if run is None:
            run = [d]
            runs.append(run)
        else:
            run.append(d)
        latest[d.change] = run
        if key is not None:
            latest[key] = run
    return [replace(first, also=tuple(rest)) if rest else first for first, *rest in runs]


def course(decision: Decision, ledger: Ledger) -> tuple[Any, ...] | None:
    """The course a change sets the relief in force on its headline's day, when it moves
    that relief's end: ("relief", "cn-peas", None, 2027-12-31) for "extends … to Dec. 31,
    2027", "from Jan. 1, 2027 to Dec. 31, 2027", "suspends the 100% … until Dec. 31, 2027"
    and "for another year" alike, read in December 2026. Their words differ, their change
    does not: accepting one makes the others hold already. None for any other change (an
    end not later than the relief's, a start after it, a relief at another rate). The
    relief is the one before this news (an extension the user accepted lately, however
    worded, is this one: ``_before_news``), in force on the headline's day or run out
    lately (``LATE_EXTENSION``)."""
    if decision.action not in ("extend", "suspend"):
        return None
    day = decision.published.date()
    before = _before_news(ledger, decision)  # (not one just moved by an accepted report
    # of it, or the others would not fold with it)
    state = before.state(decision.measure, day)
    if state.status != "suspended" or state.until is None or state.until < day:
        # or the relief that ran out lately: "extends … to Dec. 31, 2027" on 2 January is
        # the extension reported on 30 December (as the ledger reads it: LATE_EXTENSION)
        state = before.state(decision.measure, day - LATE_EXTENSION)
        if (state.status != "suspended" or state.until is None
                or not day - LATE_EXTENSION <= state.until < day):
            return None
    if decision.rate not in (None, state.rate):
        return None  # "extends 100% tariff … until": its own change, with a second look
    if decision.effective is not None and decision.effective > state.until + timedelta(days=1):
        return None  # a next phase after a gap, not this relief's run
    end = runs_until(decision, ledger)
    if end is None or end <= state.until:
        return None
    return ("relief", decision.measure, decision.scope, end)


#: How far apart the headlines of one undated change may be (as a story's, items.py)
SAME_NEWS = timedelta(days=3)


def decided(store: Store, state: str = "decided") -> list[Decision]:
    """The decisions in ``state`` ("decided": accepted or dismissed; "all"; or one state),
    the latest decision first, pending ones (undecided) after, newest headline first: what
    `ledger list` shows, to find a dismissal to undo or to review what was accepted."""
    wanted = {"decided": ("accepted", "dismissed"),
              "all": ("accepted", "dismissed", "pending")}.get(state, (state,))
    found = [d for d in decisions(store, None) if d.state in wanted]
    found.sort(key=lambda d: (d.decided_at is None, -(d.decided_at.timestamp() if d.decided_at
                                                        else 0)))
    return found


def get(store: Store, decision_id: str, *, decided: bool = False) -> Decision:
    """One decision by id; a one-line UsageError when unknown, pointing at the pending
    list (or, ``decided``, at the list of the accepted and dismissed: `ledger undo`'s)."""
    row = store.conn.execute(f"{_SELECT} WHERE d.id = ?", (decision_id,)).fetchone()
    if row is None:
        raise UsageError(
            f"no accepted or dismissed change with id {decision_id!r} (see `thawwatch ledger"
            " list`)" if decided else
            f"no pending change with id {decision_id!r} (see `thawwatch ledger pending`)"
        )
    return _decision(row)


def takes_effect(decision: Decision, ledger: Ledger | None) -> date:
    """The day the change takes effect: its own date; else, for a duty back when its relief
    ends ("China lets the pea tariff pause lapse", "won't renew … when it expires"), the
    day after the end ``ledger`` has for the relief in force on the headline's day (the
    headline says no day: it was published weeks before that end); else the headline's."""
    if decision.at_relief_end and decision.effective is None and ledger is not None:
        day = decision.published.date()
        state = ledger.state(decision.measure, day)
        if state.status == "suspended" and state.until is not None and state.until >= day:
            return state.until + timedelta(days=1)
    return decision.when


def runs_until(decision: Decision, ledger: Ledger | None) -> date | None:
    """The end the change runs to: its own; else, for an extension by a length of time
    ("extends the pea tariff pause by a year", "for another 12 months", "延长一年"), that
    much past the end ``ledger`` has for the measure on the headline's day, or had just
    before (extended soon after it ran out, as the ledger reads a dated extension: see
    ``LATE_EXTENSION``): the 31 December 2026 end extended by 12 months runs to 31 December
    2027. None if the ledger has no such end.

    The end extended is the one before this news when an extension the user accepted
    lately (within ``SAME_EXTENSION``, however worded: "until 2027-12-31", "suspends …
    until 2027-12-31", this headline's own) is this news, read from its end before: it
    gives the end the ledger has now. Not extended again (to 2028); an extension that is
    other news (six more months, weeks later) counts from the end the ledger has."""
    if decision.until is not None or not decision.by_months or ledger is None:
        return decision.until
    before = _before_news(ledger, decision)
    if before is not ledger and (end := _extended(decision, before)) is not None and (
            end == ledger.state(decision.measure, decision.when).until):
        return end
    return _extended(decision, ledger)


def _extended(decision: Decision, ledger: Ledger) -> date | None:
    """``runs_until`` by ``decision.by_months`` from the end ``ledger`` has."""
    assert decision.by_months
    day = decision.when
    end = ledger.state(decision.measure, day).until
    if end is None or end < day:
        end = ledger.state(decision.measure, day - LATE_EXTENSION).until
        if end is None or not day - LATE_EXTENSION <= end < day:
            return None
    if end >= date.max:  # an end at the calendar's: nothing past it
        return None
    moved = add_months(end + timedelta(days=1), decision.by_months)
    return moved - timedelta(days=1) if moved is not None else None


#: How far apart two stories of one extension may be: a relief is not extended twice in
#: two months ("extends … by a year" reported on 19 and 23 December is one extension).
SAME_EXTENSION = timedelta(days=60)


def _before_news(ledger: Ledger, decision: Decision) -> Ledger:
    """``ledger`` without the accepted extensions (and suspensions to an end) of
    ``decision``'s measure announced since ``SAME_EXTENSION`` before its headline."""
    since = decision.published.date() - SAME_EXTENSION
    gone = frozenset(e.id for e in ledger.events if (
        e.origin == "signal" and e.measure == decision.measure
        and (e.action == "extend" or (e.action == "suspend" and e.until is not None))
        and e.announced is not None and e.announced >= since))
    return ledger.without(gone) if gone else ledger


def change_text(decision: Decision, ledger: Ledger | None = None) -> str:
    """The change in words, dated as ``ledger`` dates it (``takes_effect``, ``runs_until``):
    "restore from 2027-01-01, when its relief ends", "extend 0% by 1 year, until
    2027-12-31"; without a ledger, as its headline gives it."""
    when = (takes_effect(decision, ledger) if decision.at_relief_end and ledger is not None
            else decision.effective)
    return change_words(decision.action, decision.rate, when, runs_until(decision, ledger),
                        decision.scope, decision.at_relief_end, decision.by_months)


def to_event(decision: Decision, ledger: Ledger | None = None) -> Event:
    """The ledger event an accepted decision becomes (``ledger``: the one it would join,
    to date a duty back when its relief ends, or the end of an extension by a length of
    time; see ``takes_effect`` and ``runs_until``)."""
    status = _STATUS.get(decision.action)
    if decision.action == "restore" and decision.rate is not None:
        status = "in_force"  # a tariff reinstated is in force again; "restored" is for ADS
    rate = decision.rate
    if decision.action == "extend" and ledger is not None and _relief_rate_differs(
            decision, ledger):
        rate = None  # an extended relief stays the relief: its rate is not the one named
    return Event(
        id=decision.event_id, measure=decision.measure, date=takes_effect(decision, ledger),
        action=decision.action, rate=rate, status=status,
        until=runs_until(decision, ledger), summary=decision.title,
        source=decision.link or decision.title,
        announced=decision.published.date(),  # known from its headline (a look back)
        basis="signal", origin="signal", item_id=decision.item_id,
        scope=f"only {decision.scope}, as the headline says" if decision.scope else None,
    )


def _relief_rate_differs(decision: Decision, ledger: Ledger) -> bool:
    """Whether ``decision`` extends a relief in force at a rate other than the relief's
    ("Pork producers still face 25% … as canola meal relief extended" read as canola meal
    "extend 25%"): the rate named is another duty's, or the suspended duty's own."""
    if decision.rate is None:
        return False
    state = ledger.state(decision.measure, decision.when)
    return state.status == "suspended" and decision.rate != state.rate


def is_news(ledger: Ledger, decision: Decision) -> bool:
    """Whether accepting the change would change the ledger: a headline that restates a
    rate the ledger holds is still a change to decide, but nothing to flag or alert on.

    Two exceptions, both about a relief the ledger counts down to its end:
    * an extension that names no end ("China extends the suspension of tariffs on
      Canadian peas"), of a state that ends by itself, is news though the ledger cannot
      apply it. It says the end the ledger counts down to is wrong; a grower weeks from
      that end must see it flagged, and find the new date;
    * the duty said to come back when the relief ends, before it ends ("China won't renew
      the pea tariff pause when it expires"): the ledger presumed it, "unless extended";
      now it is said, and a grower must hear it while there is time to ship.
    """
    event = to_event(decision, ledger)
    if ledger.overruling(event) is not None:
        return False  # a later word the ledger has overrules it: accepting changes nothing
    if decision.action == "extend" and runs_until(decision, ledger) is None:
        state = ledger.state(decision.measure, decision.when)
        if state.until is not None and state.until >= decision.when:
            return True
    if takes_effect(decision, ledger) > decision.when:
        return True  # (only a duty back when its relief ends is dated after its day)
    if decision.action in ("extend", "suspend") and (
            end := runs_until(decision, ledger)) is not None:
        state = ledger.state(decision.measure, decision.when)
        if state.status == "suspended" and end != ledger.run_end(decision.measure,
                                                                 decision.when):
            # "extended until 2027-06-30" after a renewal to 2027-12-31 was accepted (dated
            # 2027-01-01, so applied after it): another end than the relief runs to
            return True
    return ledger.would_change(event)


#: Said of a pending change that is no news (as `ledger pending` and the dashboard say it)
ALREADY = "the ledger has this already"


def not_news_words(ledger: Ledger, decision: Decision) -> str:
    """Why accepting ``decision`` (no news: see ``is_news``) would change nothing: the
    ledger has it, or a change published later overrules it ("China to restore the 100%
    tariff on peas from January 1", 20 November, after an accepted "extends … to Dec. 31,
    2027" of 27 November: the ledger does not have the duty back, and the older word would
    not bring it)."""
    word = ledger.overruling(to_event(decision, ledger))
    if word is None or word.announced is None:
        return ALREADY
    return f"overruled by the later word of {word.announced}"


def overruled_words(store: Store, event: Event) -> str:
    """", overruled by the later word of 2026-11-27: it does not take effect" for an
    accepted change a later word the ledger has overrules (its event is on the timeline,
    marked so), else ""."""
    word = current_ledger(store).overruled.get(event.id)
    if word is None:
        return ""
    return f", overruled by the later word of {word.announced}: it does not take effect"


def holds_already(ledger: Ledger, decision: Decision) -> bool:
    """Whether the ledger holds ``decision``'s change already (not ``is_news``) and knows
    it for sure: accepting it then writes no event, which would replace the official
    notice behind the state with the headline. A state the ledger only presumes (a lapse
    "unless extended") or knows in part, the headline confirms: that is an event."""
    return not is_news(ledger, decision) and ledger.state(
        decision.measure, takes_effect(decision, ledger)).doubt is None and (
        ledger.overruling(to_event(decision, ledger)) is None)  # (that one is an event,
    # marked overruled: undoing the later word brings it into force)


def news_ids(ledger: Ledger, pending: Iterable[Decision]) -> frozenset[str]:
    """The ids of the pending changes that are news (``is_news``): what the counts, the
    marks and the alerts call "pending"."""
    return frozenset(d.id for d in pending if is_news(ledger, d))


def accept(store: Store, decision_id: str, now: datetime) -> Event | None:
    """Accept a pending change: it becomes a ledger event citing its headline. The other
    pending headlines that say the same change are accepted with it (one event, citing an
    official notice among them if there is one: ``credited``). A change
    the ledger has already (``is_news``), and knows for sure, is accepted with no event:
    the state keeps the event that made it, and its source (an official notice, not the
    headline); None then. A state the ledger only presumes it confirms, as an event.
    """
    decision = _pending(store, decision_id)
    sync_seed_ledger(store, load_ledger())  # the events table refers to the measures
    ledger = current_ledger(store)  # (to date it, or its end; and whether it is news)
    with store.transaction() as conn:
        _decide(conn, decision_id, "accepted", now, decision_id)
        twins = _pending_twins(conn, decision, ledger)
        for twin in twins:  # one event: the change, once
            _decide(conn, twin.id, "accepted", now, decision_id)
        first, newest = _first_and_newest(decision, twins)
        decision = as_accepted(decision, twins)
        if holds_already(ledger, replace(decision, published=newest)):
            return None
        event = replace(to_event(decision, ledger), announced=first.date())  # known since
        if ledger.overruling(event) is not None:  # said again after a later word: that
            event = replace(event, announced=newest.date())  # report is the latest word
        conn.execute(
            "INSERT OR REPLACE INTO events (id, measure, date, action, rate, status, until,"
            " announced, summary, source, basis, origin, item_id, scope)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (event.id, event.measure, event.date.isoformat(), event.action, event.rate,
             event.status, event.until.isoformat() if event.until else None,
             event.announced.isoformat() if event.announced else None, event.summary,
             event.source, event.basis, event.origin, event.item_id, event.scope),
        )
    return event


def as_accepted(decision: Decision, twins: Sequence[Decision] | None = None) -> Decision:
    """The change as accepting ``decision`` records it, with ``twins`` (the other pending
    headlines of its group; by default its ``also``): from the headline the ledger cites
    (``credited``), dated as ``ledger pending`` shows it. An undated change is dated from
    its first report's day; a duty back "when it expires" from its newest headline, the
    latest word on it (one outlet before an accepted extension, another after it: the
    later report is not overruled by it, and the duty comes back at the end the extension
    set). A second look (``second_look``) reads this, not the headline chosen."""
    twins = decision.also if twins is None else twins
    first, newest = _first_and_newest(decision, twins)
    cited = credited(decision, twins)
    if cited.effective is not None:
        return cited
    return replace(cited, published=newest if cited.at_relief_end else first)


def _first_and_newest(decision: Decision, twins: Sequence[Decision]) -> tuple[datetime, datetime]:
    """When the first and the newest headline of a change's group were published."""
    published = [d.published for d in (decision, *twins)]
    return min(published), max(published)


def credited(chosen: Decision, twins: Sequence[Decision]) -> Decision:
    """The headline the ledger cites for a change several headlines say: the one chosen
    if it is the government's own notice (a link on canada.ca, gc.ca or gov.cn: Finance
    Canada's, MOFCOM's, the Customs Tariff Commission's), else the oldest such notice
    among the others, else the one chosen. A lawyer checking the ledger's source wants
    the notice, not the newest outlet to retell it."""
    if official(chosen.link):
        return chosen
    notices = [d for d in twins if official(d.link)]
    return min(notices, key=lambda d: (d.published, d.id)) if notices else chosen


#: The hosts (and their subdomains) of the two governments' own sites
OFFICIAL_HOSTS = ("canada.ca", "gc.ca", "gov.cn")


def official(link: str | None) -> bool:
    """Whether ``link`` is on a government site of Canada or China (``OFFICIAL_HOSTS``)."""
    if not link:
        return False
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    host = (parts.hostname or "").rstrip(".")
    return parts.scheme in ("http", "https") and any(
        host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS)


def dismiss(store: Store, decision_id: str, now: datetime) -> Decision:
    """Dismiss a pending change, and the other pending headlines saying the same; they
    stay on record as dismissed. Returns the change."""
    decision = _pending(store, decision_id)
    ledger = current_ledger(store)
    with store.transaction() as conn:
        _decide(conn, decision_id, "dismissed", now, decision_id)
        for twin in _pending_twins(conn, decision, ledger):
            _decide(conn, twin.id, "dismissed", now, decision_id)
    return decision


def undo(store: Store, decision_id: str) -> Decision:
    """Take back an accept or a dismiss: the change is pending again (with the headlines
    settled with it), and an accepted one's ledger event goes (a wrong accept could only
    be lived with before)."""
    decision = get(store, decision_id, decided=True)
    nothing = UsageError(f"change {decision_id!r} is pending: there is no decision to undo")
    if decision.state == "pending":
        raise nothing
    with store.transaction() as conn:
        row = conn.execute("SELECT decided_at FROM decisions WHERE id = ? AND state = ?",
                           (decision_id, decision.state)).fetchone()
        if row is None:  # undone meanwhile (the dashboard and the CLI at once)
            raise nothing
        # the headlines saying the same change were settled with it: back they come too
        for did in (decision_id, *(d.id for d in _settled_together(
                store, decision, decision.state, row[0]))):
            conn.execute("UPDATE decisions SET state = 'pending', decided_at = NULL,"
                         " batch = NULL WHERE id = ?", (did,))
            conn.execute("DELETE FROM events WHERE id = ? AND origin = 'signal'",
                         (SIGNAL_EVENT + did,))
    return decision


def settled_with(store: Store, decision_id: str) -> list[Decision]:
    """The decisions settled together with ``decision_id`` (the other headlines saying
    its change, accepted or dismissed with it); none while it is pending."""
    decision = get(store, decision_id)
    if decision.state == "pending":
        return []
    row = store.conn.execute("SELECT decided_at FROM decisions WHERE id = ?",
                             (decision_id,)).fetchone()
    return _settled_together(store, decision, decision.state, row[0])


def settled_words(store: Store, decision_id: str) -> str:
    """", with 2 other headlines saying the same" when ``settled_with`` finds any."""
    n = len(settled_with(store, decision_id))
    return f", with {counted(n, 'other headline')} saying the same" if n else ""


def with_twins(store: Store, decision: Decision, ledger: Ledger) -> Decision:
    """``decision`` with the other pending headlines of its change as its ``also``, as
    ``accept`` finds them (``pending_changes`` gives them so to the first of a group)."""
    return replace(decision, also=tuple(_pending_twins(store.conn, decision, ledger)))


def _pending_twins(conn: sqlite3.Connection, decision: Decision,
                   ledger: Ledger) -> list[Decision]:
    """The other pending decisions of ``decision``'s group as ``pending_changes`` shows
    it (read again inside the write lock: a refresh may have added one)."""
    sql = f"{_SELECT} WHERE d.state = 'pending' AND d.measure = ? AND d.id != ?"
    others = [_decision(r) for r in conn.execute(sql, (decision.measure, decision.id))]
    group = sorted([decision, *others], key=lambda d: (-d.published.timestamp(), d.id))
    for first in group_changes(group, ledger):
        members = (first, *first.also)
        if any(d.id == decision.id for d in members):
            return [replace(d, also=()) for d in members if d.id != decision.id]
    return []


def _settled_together(store: Store, decision: Decision, state: str,
                      decided_at: str) -> list[Decision]:
    """The other decisions of ``decision``'s group settled with it, newest headline first:
    those of its batch (the decision the user accepted or dismissed). Settled by a
    thawwatch that kept no batch: those on its measure settled at the same moment that
    read the same change (whole seconds: two quick accepts share one)."""
    row = store.conn.execute("SELECT batch FROM decisions WHERE id = ?",
                             (decision.id,)).fetchone()
    if row is not None and row[0] is not None:
        sql = (f"{_SELECT} WHERE d.batch = ? AND d.state = ? AND d.id != ?"
               " ORDER BY published DESC, d.id")
        return [_decision(r) for r in store.conn.execute(sql, (row[0], state, decision.id))]
    sql = (f"{_SELECT} WHERE d.state = ? AND d.measure = ? AND d.decided_at = ?"
           " AND d.batch IS NULL AND d.id != ? ORDER BY published DESC, d.id")
    return [d for d in (_decision(r) for r in store.conn.execute(
        sql, (state, decision.measure, decided_at, decision.id))) if d.change == decision.change]


def second_look(decision: Decision, ledger: Ledger, *, done: bool = False) -> str | None:
    """Why accepting ``decision`` deserves a second look, or None; ``done``: worded for
    after the accept (`ledger accept` says it then: "now reads", not "would read").

    A cut or a raise without a number leaves the rate unknown from its date (a headline
    saying "China cuts canola duties" wiped the 5.9% in force), as does a tariff imposed
    or restored without one; and a "cut" to a rate above the one in force (or a raise
    below it) is likely misread. A change naming part of the measure's goods only ("lobster")
    becomes the state of all of them, starred with the part named: the ledger keeps one
    state per measure (crab's own end would no longer show).

    It reads the change as accepting it records it (``as_accepted``: with the other
    headlines of its group, its ``also``), not as the headline chosen says it.
    """
    newest = _first_and_newest(decision, decision.also)[1]
    decision = as_accepted(decision)
    when = takes_effect(decision, ledger)
    would = "now" if done else "would"
    if not done and holds_already(ledger, replace(decision, published=newest)):  # as accept
        return None  # nothing changes: accepting only settles it
    if decision.action == "extend" and _relief_rate_differs(decision, ledger):
        held = ledger.state(decision.measure, when)
        return (f"it names {fmt_rate(decision.rate)} for a relief at {fmt_rate(held.rate)}:"
                f" the ledger {would} keep the relief at {fmt_rate(held.rate)} and move"
                " only its end")
    if (decision.action == "extend" and runs_until(decision, ledger) is None
            and not decision.by_months
            and (end := ledger.state(decision.measure, when).until) is not None
            and end >= when):
        return (f"it names no new end: the ledger {would} keep {end.isoformat()} and say"
                " it was extended with no end given")
    if decision.by_months and runs_until(decision, ledger) is None:
        # "extends the relief by a year" of a measure the ledger has no end for
        return (f"it extends by {length_words(decision.by_months)} from an end the ledger"
                f" does not have on {when.isoformat()}: the ledger {would} keep the end it has")
    if decision.scope and ledger.would_change(to_event(decision, ledger)):
        label = ledger.measures[decision.measure].label
        if decision.action == "extend":
            covers = ledger.state(decision.measure, when).scope or "all of it"
            return (f"it names {decision.scope} only: the extension {would} appl"
                    f"{'ies' if done else 'y'} to all the {label} row covers ({covers})")
        return (f"it names {decision.scope} only: the {label} row {would} read"
                f"{'s' if done else ''} as this change for all it covers, starred"
                f" 'only {decision.scope}'")
    sets_a_rate = decision.action in ("lower", "raise") or (
        decision.action in ("impose", "restore")
        and any(e.rate is not None for e in ledger.events_for(decision.measure)))
    if sets_a_rate and decision.rate is None and ledger.with_events(
            [to_event(decision, ledger)]).state(decision.measure, when).rate is None:
        # (a restore that ends a suspension brings back the rate suspended: no unknown)
        return (f"it gives no rate: the rate {would} read{'s' if done else ''} as unknown"
                f" from {when.isoformat()}")
    if decision.action not in ("lower", "raise"):
        return None
    before = ledger.state(decision.measure, when - timedelta(days=1))  # what it changes
    if before.status != "in_force" or before.rate is None:
        return None
    if (decision.action == "lower") == (decision.rate >= before.rate):
        verb = "lowers" if decision.action == "lower" else "raises"
        return (f"it {verb} the rate to {fmt_rate(decision.rate)} while"
                f" {fmt_rate(before.rate)} is in force")
    return None


def _pending(store: Store, decision_id: str) -> Decision:
    decision = get(store, decision_id)
    if decision.state != "pending":
        raise UsageError(f"change {decision_id!r} was already {decision.state}")
    return decision


def _decide(conn: sqlite3.Connection, decision_id: str, state: str, now: datetime,
            batch: str) -> None:
    """Settle a pending change inside the write transaction, with the decision the user
    settled it with (``batch``: see ``_settled_together``): of two deciders racing (`a`
    then `d` in one keystroke, the dashboard and `ledger accept` at once), the second
    finds it settled and fails, so a dismissed change never leaves its event behind.
    """
    cur = conn.execute(
        "UPDATE decisions SET state = ?, decided_at = ?, batch = ? WHERE id = ?"
        " AND state = 'pending'", (state, iso(now), batch, decision_id),
    )
    if cur.rowcount == 0:
        row = conn.execute("SELECT state FROM decisions WHERE id = ?", (decision_id,)).fetchone()
        raise UsageError(f"change {decision_id!r} was already {row[0] if row else 'removed'}")


def accepted_events(store: Store) -> list[Event]:
    """Ledger events made from accepted signals."""
    rows = store.conn.execute(
        "SELECT id, measure, date, action, rate, status, until, summary, source, item_id,"
        " scope, announced FROM events WHERE origin = 'signal' ORDER BY date, id"
    )
    return [
        Event(id=r[0], measure=r[1], date=date.fromisoformat(r[2]), action=r[3], rate=r[4],
              status=r[5], until=date.fromisoformat(r[6]) if r[6] else None, summary=r[7],
              source=r[8], basis="signal", origin="signal", item_id=r[9], scope=r[10],
              announced=date.fromisoformat(r[11]) if r[11] else None)
        for r in rows
    ]


def current_ledger(store: Store | None) -> Ledger:
    """The bundled ledger plus the events the user accepted."""
    ledger = load_ledger()
    return ledger.with_events(accepted_events(store)) if store is not None else ledger


def sync_seed_ledger(store: Store, ledger: Ledger) -> None:
    """Mirror the bundled measures and seed events into the database (for SQL users).

    Skipped when the database already holds this exact seed ledger.
    """
    # every field the copy holds (a corrected basis or summary alone must reach it too)
    digest = hashlib.sha256(repr((sorted(
        (e.id, e.measure, e.date, e.action, e.rate, e.status, e.until, e.after_until,
         e.announced, e.summary, e.source, e.basis, e.scope, e.approximate)
        for mid in ledger.measures for e in ledger.events_for(mid) if e.origin == "seed"
    ), list(ledger.measures.values()))).encode()).hexdigest()[:16]
    if store.get_meta(SEED_KEY) == digest:
        return
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (SEED_KEY, digest))
        for m in ledger.measures.values():
            conn.execute(
                "INSERT OR REPLACE INTO measures (id, imposed_by, product, label, instrument,"
                " topic) VALUES (?,?,?,?,?,?)",
                (m.id, m.imposed_by, m.product, m.label, m.instrument, m.topic),
            )
        conn.execute("DELETE FROM events WHERE origin = 'seed'")
        for mid in ledger.measures:
            for e in ledger.events_for(mid):
                if e.origin != "seed":
                    continue
                conn.execute(
                    "INSERT OR REPLACE INTO events (id, measure, date, action, rate, status,"
                    " until, after_until, announced, summary, source, basis, scope, approximate,"
                    " origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?, 'seed')",
                    (e.id, e.measure, e.date.isoformat(), e.action, e.rate, e.status,
                     e.until.isoformat() if e.until else None, e.after_until,
                     e.announced.isoformat() if e.announced else None, e.summary, e.source,
                     e.basis, e.scope, int(e.approximate)),
                )


def decision_states(store: Store) -> dict[str, str]:
    """Every decision's state by id (``<item id>-<signal index>``), for exports; also by
    ``change_key``, for the same change carried by another copy of the story (which gets
    no decision of its own: one change to decide, not one per feed)."""
    states: dict[str, str] = {}
    rows = store.conn.execute(
        "SELECT d.id, d.state, i.story, d.measure, d.action, d.rate, d.effective, d.until"
        " FROM decisions d JOIN items i ON i.id = d.item_id")
    for did, state, story, *change in rows:
        states[did] = state
        states.setdefault(change_key(story, *change), state)
    return states


def change_key(story: str, measure: str, action: str, rate: float | None,
               effective: str | None, until: str | None) -> str:
    """One tariff change of one story, whichever feed's copy carries it."""
    return json.dumps([story, measure, action, None if rate is None else float(rate),
                       effective, until])
