"""Alerts worth interrupting for: a new tariff signal, or a measure ending soon.

Shared by `thawwatch refresh` (printed lines) and the dashboard (toast and bell).
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from .decisions import (
    Decision,
    current_ledger,
    decisions,
    group_changes,
    news_ids,
    pending_changes,
    runs_until,
)
from .ledger import Ledger, MeasureState
from .ledger_file import measure_label
from .store import Store, StoreError, rows_for
from .wording import next_words, renews, signal_words, state_words, then_words


@dataclass(frozen=True)
class Alert:
    """One alert: a kind ('signal' or 'ending') and a human line."""

    kind: str
    text: str
    measure: str | None = None  # a signal's measure id, and what it says beside it:
    detail: str = ""            # the dashboard names the measure by its label instead

    def labelled(self) -> str:
        """The line for a person (the dashboard's toast): "Peas", not "cn-peas"."""
        if self.measure is None:
            return self.text
        return f"Tariff signal · {measure_label(self.measure)}: {self.detail}"


def signal_alerts(store: Store, item_ids: list[str], ledger: Ledger | None = None) -> list[Alert]:
    """One alert per pending change the given (new) items brought: a copy of a change
    another feed's item already carried, one already decided, or one the ledger holds
    already (a headline restating a rate in force) raises none. Oldest item first, over
    all of them (a cold refresh brings thousands). ``ledger``: the current one, if the
    caller has it."""
    out: list[Alert] = []
    if not item_ids:  # most refreshes: the ledger is not worth building for nothing
        return out
    seen: set[str] = set()
    waiting = decisions(store, "pending")
    ledger = ledger or current_ledger(store)
    changes = group_changes(waiting, ledger)  # one change, however many outlets and words
    pending = news_ids(ledger, waiting) - _told(changes, item_ids)
    change_of = {d.id: change.id for change in changes for d in (change, *change.also)}
    rows = sorted(rows_for(
        store.conn, "SELECT published, rowid, id, title, signals FROM items"
        " WHERE signals != '[]' AND id IN ({})", item_ids))
    for _, _, iid, title, signals in rows:  # oldest first: its copy names the alert
        for index, s in enumerate(json.loads(signals)):
            did = f"{iid}-{index}"
            if did not in pending:  # another copy of a change already had
                continue            # its alert, or was decided
            change = signal_words(s)
            # the measure as `status` names it, and its id for `ledger show` (cron mail read
            # "cn-peas" where the "ending soon" lines say "Peas")
            text = f"tariff signal: {measure_label(s['measure'])} ({s['measure']}) {change}"
            one = change_of.get(did, did)
            if text not in seen and one not in seen:  # one story from several feeds, or
                seen.update((text, one))              # one change in other words: one alert
                out.append(Alert("signal", f"{text} — {title}", s["measure"],
                                 f"{change} — {title}"))
    return out


def _told(changes: list[Decision], item_ids: list[str]) -> set[str]:
    """The pending decisions whose change an older headline, not one of ``item_ids``, says
    too: its alert was raised when that headline came. Another outlet's story of the same
    change, a refresh later, raised the alert again. (``changes``: as ``group_changes``
    gives them.)"""
    new = set(item_ids)
    told: set[str] = set()
    for change in changes:
        members = (change, *change.also)
        if any(d.item_id not in new for d in members):
            told.update(d.id for d in members)
    return told


def ending_alerts(ledger: Ledger, on: date, days: int,
                  pending: Callable[[], Sequence[Decision]] = tuple) -> list[Alert]:
    """Measures whose current state ends within ``days`` days of ``on``: by itself, or by
    a change the ledger holds for a later day (an accepted "removed from December 15").
    ``pending`` gives the pending changes, asked only when a relief ends soon; one that
    would move its end is said ("… unless extended; pending, not accepted: extended to
    2027-12-31"): a grower told "5 days left" must know the news of an extension waits
    for a decision."""
    out: list[Alert] = []
    for state in ledger.states(on):
        left = state.days_left(on)
        if left is not None and 0 <= left <= days:
            if renews(state, ledger.next_change(state.measure.id, on)):
                continue  # it runs on: a renewal accepted from the day after its end
            then = ledger.after_end(state.measure.id, on)
            out.append(Alert("ending", f"ending soon: {state.measure.label} "
                                       f"({state_words(state)}{_covers(state)})"
                                       f" ends {state.until} "
                                       f"— {left} days left"
                                       + (f"; {then_words(then)}" if then else "")
                                       + _pending_end(pending(), state, ledger)))
        elif left is None and (change := ledger.next_change(state.measure.id, on)):
            assert change.since is not None
            if 0 <= (change.since - on).days <= days:
                out.append(Alert("ending", f"changing soon: {state.measure.label} "
                                           f"({state_words(state)}) "
                                           f"{next_words(change, on)}"))
    return out


def _pending_end(pending: Sequence[Decision], state: MeasureState, ledger: Ledger) -> str:
    """"; pending, not accepted: extended to 2027-12-31" when pending changes would move
    ``state``'s end later (each end once), else ""."""
    if state.until is None:
        return ""
    ends = sorted({end for d in pending if d.measure == state.measure.id
                   and d.action in ("extend", "suspend")
                   and (end := runs_until(d, ledger)) is not None and end > state.until})
    if not ends:
        return ""
    return f"; pending, not accepted: extended to {' or '.join(e.isoformat() for e in ends)}"


def alerts_after_refresh(store: Store, report: object, on: date, days: int, *,
                         daily: bool = False) -> list[str]:
    """Lines `thawwatch refresh` prints after its summary. ``daily``: an "ending soon"
    line already printed today is not printed again (see ``_not_told_today``)."""
    new_ids = list(getattr(report, "new_ids", []))
    ledger = current_ledger(store)
    endings = [a.text for a in ending_alerts(
        ledger, on, days, functools.cache(lambda: pending_changes(store, ledger)))]
    if daily:
        endings = _not_told_today(store, endings, on)
    return [a.text for a in signal_alerts(store, new_ids, ledger)] + endings


#: The meta key of the "ending soon" lines printed today: {"on": day, "told": [lines]}
ENDINGS_TOLD = "ending-alerts-told"


def _not_told_today(store: Store, endings: list[str], on: date) -> list[str]:
    """The "ending soon" lines not printed yet on ``on``, which are then remembered as
    printed. A cron line `*/5 … refresh --due` printed the same three lines every five
    minutes (288 times a day in cron's mail), though only the days left change, daily; a
    line that says something new (a pending extension, another measure) is printed."""
    try:
        told = json.loads(store.get_meta(ENDINGS_TOLD) or "{}")
        before = set(told.get("told", [])) if told.get("on") == on.isoformat() else set()
    except (ValueError, TypeError, AttributeError):  # a damaged record: print them all
        before = set()
    fresh = [line for line in endings if line not in before]
    if fresh:  # (not remembered, as on a full disk: printed again next time)
        with contextlib.suppress(StoreError, sqlite3.Error):
            store.set_meta(ENDINGS_TOLD, json.dumps({"on": on.isoformat(),
                                                     "told": sorted(before | set(fresh))}))
    return fresh


def _covers(state: MeasureState) -> str:
    """' on lobster and crab': what a rate covering part of the product covers, in the
    alert's own words ("Seafood (0% suspended)" read as all seafood; an alert has no note
    under it, as `status` has)."""
    return f" on {state.scope.split(';')[0]}" if state.scope else ""  # (its part, not the rest)
