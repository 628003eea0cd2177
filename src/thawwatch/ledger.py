"""The tariff ledger: which Canada–China measures are in force, at what rate, on any date.

Measures change by dated events (from ``seeds/ledger.toml`` and from accepted news signals), and
some states end by themselves (a suspension until year end, a five-year duty). Keeping the whole
history as events, and deriving the state on a date from them, lets the dashboard show today's
rates, the user's baseline, count-downs to expiries and step charts from one source of truth.

Pure Python on purpose: the CLI and the TUI both read it, and it never imports Textual.
"""

from __future__ import annotations

import bisect
import importlib.resources
import math
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from thawwatch.errors import DataError

MEASURE_IDS: tuple[str, ...] = (
    "ca-ev-surtax",
    "ca-steel-aluminum-surtax",
    "cn-canola-seed-ad",
    "cn-canola-oil",
    "cn-canola-meal",
    "cn-peas",
    "cn-pork",
    "cn-seafood",
    "cn-tourism-ads",
)
STATUSES: tuple[str, ...] = ("in_force", "suspended", "removed", "announced", "restored")
TOPICS: tuple[str, ...] = (
    "agriculture",
    "seafood",
    "ev",
    "steel_aluminum",
    "tourism",
    "diplomacy",
    "us_factor",
)
SIGNAL_ACTIONS: tuple[str, ...] = (
    "impose",
    "raise",
    "lower",
    "suspend",
    "extend",
    "remove",
    "restore",
)
ACTIONS: tuple[str, ...] = (*SIGNAL_ACTIONS, "announce", "note")
BASES: tuple[str, ...] = ("verified", "partial", "presumed")
AFTER_UNTIL: tuple[str, ...] = ("revert", "remove")
ORIGINS: tuple[str, ...] = ("seed", "signal")
NO_MEASURE = "none"
"""Status before a measure's first event (an extension of the interface's status values)."""

# The status an event leaves when its row gives none; None keeps the status in force.
_DEFAULT_STATUS: dict[str, str | None] = {
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
_MEASURE_KEYS = ("id", "imposed_by", "product", "label", "instrument", "topic")
_EVENT_KEYS = frozenset(
    (
        "id", "measure", "date", "action", "rate", "status", "until", "after_until", "announced",
        "summary", "source", "basis", "scope", "approximate", "origin", "item_id",
    )
)  # fmt: skip


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

    def days_left(self, on: date) -> int | None:
        """Days from ``on`` to the last day of this state (0 on that day); None if open-ended."""
        return None if self.until is None else (self.until - on).days


@dataclass(frozen=True)
class _Frame:
    """A state plus what happens when it ends: how (revert/remove) and what it reverts to."""

    state: MeasureState
    after_until: str
    prior: _Frame | None


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
        self._timelines = {
            m: _timeline(self.measures[m], self.events_for(m)) for m in self.measures
        }

    def events_for(self, measure_id: str) -> list[Event]:
        """The measure's events (notes included), sorted by date, then by file order."""
        self._measure(measure_id)
        return sorted((e for e in self.events if e.measure == measure_id), key=lambda e: e.date)

    def state(self, measure_id: str, on: date) -> MeasureState:
        """The measure's state on ``on``, made by the events dated on or before it."""
        self._measure(measure_id)
        starts, frames = self._timelines[measure_id]
        return frames[bisect.bisect_right(starts, on) - 1].state

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

    def _measure(self, measure_id: str) -> Measure:
        try:
            return self.measures[measure_id]
        except KeyError:
            raise KeyError(f"unknown measure id {measure_id!r}") from None


# ------------------------------------------------------------------------------------- the timeline


def _timeline(measure: Measure, events: list[Event]) -> tuple[list[date], list[_Frame]]:
    """Every change point of a measure as parallel lists (start dates, frames), for bisecting."""
    first = MeasureState(measure, None, NO_MEASURE, None, None, "", None, None)
    starts, frames = [date.min], [_Frame(first, "revert", None)]

    def push(when: date, frame: _Frame) -> None:
        starts.append(when)
        frames.append(frame)

    for ev in events:
        if ev.action == "note":
            continue
        _expire_before(frames[-1], ev.date, push)
        push(ev.date, _apply(frames[-1], ev))
    _expire_before(frames[-1], date.max, push)
    return starts, frames


def _expire_before(frame: _Frame, limit: date, push: Callable[[date, _Frame], None]) -> None:
    """Push the expiries of ``frame`` (and of what it reverts to) that happen before ``limit``."""
    while frame.state.until is not None and frame.state.until < limit:
        frame = _expire(frame, frame.state.until + timedelta(days=1))
        push(frame.state.since, frame)


def _apply(frame: _Frame, ev: Event) -> _Frame:
    """The frame after ``ev`` (not a note) takes effect on top of ``frame``."""
    old = frame.state
    if ev.action == "extend":
        state = replace(
            old,
            rate=old.rate if ev.rate is None else ev.rate,
            status=ev.status or old.status,
            until=ev.until,
            source=ev.source,
            scope=ev.scope or old.scope,
            event=ev,
        )
        after = frame.after_until if old.until is not None else ev.after_until
        return _Frame(state, after, frame.prior)
    rate = None if ev.action == "announce" else ev.rate
    status = ev.status or _DEFAULT_STATUS[ev.action] or old.status
    state = MeasureState(old.measure, rate, status, ev.date, ev.until, ev.source, ev.scope, ev)
    return _Frame(state, ev.after_until, frame)


def _expire(frame: _Frame, since: date) -> _Frame:
    """What is in force from ``since``, the day after ``frame``'s state ends by itself."""
    old = frame.state
    source = f"expired after {old.until}: {old.event.id if old.event else '?'} ({old.source})"
    if frame.after_until == "remove" or frame.prior is None:
        gone = replace(old, rate=0.0, status="removed", since=since, until=None, source=source)
        return _Frame(gone, "revert", None)
    back = frame.prior
    if back.state.until is not None and back.state.until < since:  # it ended meanwhile too
        return _expire(back, since)
    state = replace(back.state, since=since, source=source, event=old.event)
    return _Frame(state, back.after_until, back.prior)


# ------------------------------------------------------------------------------------------ loading


def bundled_ledger_path() -> Path:
    """The ledger file shipped with the package."""
    return Path(str(importlib.resources.files("thawwatch") / "data" / "seeds" / "ledger.toml"))


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML data file's contents; DataError (naming the file) if missing or malformed."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: invalid TOML: {exc}") from None


def load_ledger(path: Path | None = None) -> Ledger:
    """The ledger from ``path`` (the bundled file by default); DataError on any bad data."""
    path = path or bundled_ledger_path()
    data = read_toml(path)
    if extra := sorted(data.keys() - {"measures", "events"}):
        raise DataError(f"{path}: unknown top-level key {extra[0]!r}")
    measures = [_measure_from_dict(d, where=str(path)) for d in _tables(data, "measures", path)]
    by_id: dict[str, Measure] = {}
    for m in measures:
        if by_id.setdefault(m.id, m) is not m:
            raise DataError(f"{path}: measure {m.id}: duplicate measure id")
    if missing := [m for m in MEASURE_IDS if m not in by_id]:
        raise DataError(f"{path}: measure {missing[0]}: missing from [[measures]]")
    events = [event_from_dict(d, where=str(path)) for d in _tables(data, "events", path)]
    try:
        return Ledger(by_id, events)
    except DataError as exc:
        raise DataError(f"{path}: {exc}") from None


def _tables(data: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    tables = data.get(key)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise DataError(f"{path}: expected [[{key}]] tables")
    return tables


def _measure_from_dict(d: dict[str, Any], *, where: str) -> Measure:
    mid = d.get("id", "?")
    if extra := sorted(d.keys() - set(_MEASURE_KEYS)):
        raise DataError(f"{where}: measure {mid}: unknown key {extra[0]!r}")
    for key in _MEASURE_KEYS:
        if not isinstance(d.get(key), str) or not d[key].strip():
            raise DataError(f"{where}: measure {mid}: missing or empty {key!r}")
    checks = (("id", MEASURE_IDS), ("imposed_by", ("CA", "CN")), ("topic", TOPICS))
    for key, allowed in checks:
        if d[key] not in allowed:
            raise DataError(f"{where}: measure {mid}: unknown {key} {d[key]!r}")
    return Measure(**{k: d[k] for k in _MEASURE_KEYS})


def event_from_dict(d: Mapping[str, Any], *, where: str, strict: bool = True) -> Event:
    """An Event from a TOML table or a database row; DataError naming ``where`` and the event.

    Dates may be ``date`` objects or ISO strings. ``status`` defaults from the action (``None`` for
    notes and extends). Seed events need ``id``, ``summary``, ``source`` and ``basis``; signal
    events (``origin = "signal"``) default them. With ``strict`` (the default) unknown keys fail.
    """
    eid = str(d.get("id") or "?")

    def fail(problem: str) -> DataError:
        return DataError(f"{where}: event {eid}: {problem}")

    if strict and (extra := sorted(set(d) - _EVENT_KEYS)):
        raise fail(f"unknown key {extra[0]!r}")
    origin = _choice(d, "origin", ORIGINS, fail, "seed")
    signal = origin == "signal"
    action = _choice(d, "action", ACTIONS, fail)
    status = _choice(d, "status", STATUSES, fail, _DEFAULT_STATUS[action])
    if action == "note" and d.get("status") is not None:
        raise fail("a note changes nothing, so it takes no status")
    if action == "announce" and status != "announced":
        raise fail(f"an announce event leaves status 'announced', not {status!r}")
    when = _date(d, "date", fail)
    until = _date(d, "until", fail, None)
    if until is not None and until < when:
        raise fail(f"until {until} is before date {when}")
    item_id = _text(d, "item_id", fail, None)
    measure = _choice(d, "measure", MEASURE_IDS, fail)
    return Event(
        id=_text(d, "id", fail, f"signal-{item_id}-{measure}-{action}" if signal else _MISSING),
        measure=measure,
        date=when,
        action=action,
        rate=_rate(d, fail),
        status=status,
        until=until,
        after_until=_choice(d, "after_until", AFTER_UNTIL, fail, "revert"),
        announced=_date(d, "announced", fail, None),
        summary=_text(d, "summary", fail, "" if signal else _MISSING),
        source=_text(d, "source", fail, (item_id or "") if signal else _MISSING),
        basis=_choice(d, "basis", BASES, fail, "presumed" if signal else _MISSING),
        scope=_text(d, "scope", fail, None),
        approximate=_flag(d, "approximate", fail),
        origin=origin,
        item_id=item_id,
    )


_MISSING: Any = object()
_Fail = Callable[[str], DataError]


def _get(d: Mapping[str, Any], key: str, fail: _Fail, default: Any) -> Any:
    """``d[key]``; ``default`` when it is absent or None, unless the field is required."""
    value = d.get(key)
    if value is None:
        if default is _MISSING:
            raise fail(f"missing field {key!r}")
        return default
    return value


def _choice(
    d: Mapping[str, Any], key: str, allowed: tuple[str, ...], fail: _Fail, default: Any = _MISSING
) -> Any:
    value = _get(d, key, fail, default)
    if value is not None and value not in allowed:
        raise fail(f"unknown {key} {value!r} (expected one of: {', '.join(allowed)})")
    return value


def _text(d: Mapping[str, Any], key: str, fail: _Fail, default: Any = _MISSING) -> Any:
    value = _get(d, key, fail, default)
    if value is not None and not isinstance(value, str):
        raise fail(f"{key} must be text, not {value!r}")
    return value


def _date(d: Mapping[str, Any], key: str, fail: _Fail, default: Any = _MISSING) -> Any:
    value = _get(d, key, fail, default)
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise fail(f"bad {key} {value!r} (expected a date, YYYY-MM-DD)")


def _rate(d: Mapping[str, Any], fail: _Fail) -> float | None:
    value = d.get("rate")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(f"rate must be a number (percent), not {value!r}")
    if not math.isfinite(value) or value < 0:
        raise fail(f"rate must be a finite, non-negative percent, not {value!r}")
    return float(value)


def _flag(d: Mapping[str, Any], key: str, fail: _Fail) -> bool:
    value = d.get(key, False)
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):  # 0/1 from SQLite
        return bool(value)
    raise fail(f"{key} must be true or false, not {value!r}")
