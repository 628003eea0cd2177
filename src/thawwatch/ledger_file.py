"""Reading the ledger's data file: the bundled ``seeds/ledger.toml`` or a user's.

Validation lives here, apart from the date arithmetic in ``ledger.py``: every problem in a
data file (missing field, unknown measure, bad date, unknown action or status) is a
``DataError`` whose one-line message names the file and the event or measure.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from thawwatch.errors import DataError
from thawwatch.ledger import (
    ACTIONS,
    AFTER_UNTIL,
    BASES,
    DEFAULT_STATUS,
    MEASURE_IDS,
    ORIGINS,
    STATUSES,
    TOPICS,
    Event,
    Ledger,
    Measure,
)
from thawwatch.locations import bundled

_MEASURE_KEYS = ("id", "imposed_by", "product", "label", "instrument", "topic")
_EVENT_KEYS = frozenset(
    (
        "id", "measure", "date", "action", "rate", "status", "until", "after_until", "announced",
        "summary", "source", "basis", "scope", "approximate", "origin", "item_id",
        "others_rate",
    )
)  # fmt: skip




def bundled_ledger_path() -> Path:
    """The ledger file shipped with the package."""
    return Path(str(bundled("seeds", "ledger.toml")))


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
    """The ledger from ``path`` (the bundled file by default); DataError on any bad data.

    The bundled file is read once per process: the dashboard asks for it on every reload.
    """
    return _bundled_ledger() if path is None else _read_ledger(path)


def measure_label(measure_id: str) -> str:
    """A measure's label from the bundled ledger ("Peas" for cn-peas), else its id."""
    measure = load_ledger().measures.get(measure_id)
    return measure.label if measure is not None else measure_id


@functools.cache
def _bundled_ledger() -> Ledger:
    return _read_ledger(bundled_ledger_path())


def _read_ledger(path: Path) -> Ledger:
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
    status = _choice(d, "status", STATUSES, fail, DEFAULT_STATUS[action])
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
    scope = _text(d, "scope", fail, None)
    others_rate = _rate(d, fail, "others_rate")
    if others_rate is not None and scope is None:
        raise fail("others_rate is the rate of what the scope leaves out: it needs a scope")
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
        scope=scope,
        others_rate=others_rate,
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


def _rate(d: Mapping[str, Any], fail: _Fail, key: str = "rate") -> float | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(f"{key} must be a number (percent), not {value!r}")
    if not math.isfinite(value) or value < 0:
        raise fail(f"{key} must be a finite, non-negative percent, not {value!r}")
    return float(value)


def _flag(d: Mapping[str, Any], key: str, fail: _Fail) -> bool:
    value = d.get(key, False)
    if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):  # 0/1 from SQLite
        return bool(value)
    raise fail(f"{key} must be true or false, not {value!r}")
