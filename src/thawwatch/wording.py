"""How rates and states are worded, shared by the status command and the dashboard.

Kept apart from ``status.py`` so the dashboard can word a rate without importing the
whole status machinery at start-up.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ledger import MeasureState


def fit_cells(text: str, cells: int) -> str:
    """``text`` cut and padded to ``cells`` terminal columns: a Chinese or Japanese
    character takes two ("新华网 财经" is 11 columns, not 6), so a column padded by
    characters pushed the next one out of line."""
    out, used = [], 0
    for ch in text:
        width = 2 if unicodedata.east_asian_width(ch) in "WF" else (
            0 if unicodedata.combining(ch) else 1)
        if used + width > cells:
            break
        out.append(ch)
        used += width
    return "".join(out) + " " * (cells - used)


def counted(n: int, noun: str) -> str:
    """"1 feed", "2 feeds", "0 feeds": a count with its noun (regular plurals only)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def fmt_rate(rate: float | None) -> str:
    """100 → '100%', 75.8 → '75.8%', None → '—'."""
    if rate is None:
        return "—"
    return f"{rate:g}%"


def num(rate: float | None) -> float | int | None:
    """A rate for JSON: 100 rather than 100.0, 75.8 as is."""
    if rate is None:
        return None
    return int(rate) if float(rate).is_integer() else rate


def state_words(state: MeasureState) -> str:
    """'100% in force', 'suspended (0%)', 'restored'; '?% in force' for a duty whose rate
    no source gave (an accepted "cut" that named none: a bare "in force" read as if the
    rate cell were only missing)."""
    status = state.status.replace("_", " ")
    if state.rate is None and state.status == "in_force":
        return f"?% {status}"
    if state.rate is None or state.status in ("removed", "none"):
        return status
    return f"{fmt_rate(state.rate)} {status}"


def since_words(state: MeasureState) -> str:
    """The day a state began, '2025-03-20'; '2023-01-01~' when only roughly known (the
    fact sheet gives the tours' suspension a year: "suspended 2023"); '—' before any."""
    if state.since is None:
        return "—"
    return state.since.isoformat() + ("~" if since_rough(state) else "")


def since_rough(state: MeasureState) -> bool:
    """Whether the day a state began is known only roughly (a year: "suspended 2023")."""
    return (state.event is not None and state.event.approximate
            and state.event.date == state.since)


def renews(state: MeasureState, change: MeasureState | None) -> bool:
    """Whether ``change`` (``Ledger.next_change``) renews ``state``: the same rate and status
    again, from the day after its end or by an extension, to a later end or to none. The
    dashboard's end cells then count to the new end and the "ending soon" alert is quiet;
    an end moved earlier is no renewal."""
    return (change is not None and state.until is not None
            and (change.rate, change.status) == (state.rate, state.status)
            and (change.until is None or change.until > state.until))


def renewed_words(change: MeasureState, on: date) -> str:
    """The end a renewal (see ``renews``) gives, counted from ``on``: '2027-12-31 (398 d,
    renewed)', or 'renewed, no end'."""
    if change.until is None:
        return "renewed, no end"
    return f"{change.until.isoformat()} ({(change.until - on).days} d, renewed)"


def then_words(after: MeasureState, short: bool = False) -> str:
    """'then 100% in force from 2027-01-01 unless extended': what a state that
    ends by itself comes to (``Ledger.after_end``), said where its end is; ``short``: 'then
    100% in force? from 2027-01-01', marked as the tables mark a presumed state."""
    presumed = after.doubt is not None
    since = f" from {after.since.isoformat()}" if after.since else ""
    if short:
        return f"then {state_words(after)}{'?' if presumed else ''}{since}"
    return f"then {state_words(after)}{since}{' unless extended' if presumed else ''}"


def next_words(change: MeasureState, on: date, short: bool = False, arrow: bool = True) -> str:
    """'→ removed from 2026-12-15 (16 d)': a change the ledger holds for a later day, as
    the place of an end date; ``short``: '→ 12-15 (16 d)' later this year, for a table cell
    (a date in another year keeps its year: '→ 03-01' read on 7 March would be a day ago);
    without ``arrow`` for a line that names the measure first ('Pork: removed from …')."""
    assert change.since is not None
    left = (change.since - on).days
    lead = "→ " if arrow else ""
    if short:
        same_year = left >= 0 and change.since.year == on.year
        day = f"{change.since:%m-%d}" if same_year else change.since.isoformat()
        return f"{lead}{day} ({left} d)"
    return f"{lead}{state_words(change)} from {change.since.isoformat()} ({left} d)"


#: After a state whose rate covers part of the product only (seafood's suspension: lobster
#: and crab), in `status`, the Tariffs table, the cards and the Baseline panel alike.
PART_MARK = "*"
#: After a state whose rate rests on a presumed or partly confirmed fact (canola oil and
#: pork left out of the 2026 suspension: presumed still at their rates), wherever "*" goes.
DOUBT_MARK = "?"
#: How each doubtful basis is worded in the note under a "?".
BASIS_WORDS = {"presumed": "presumed", "partial": "partly confirmed"}


def state_marks(state: MeasureState) -> str:
    """The marks after a state's words, the one test of whether to mark it: ``PART_MARK``
    when it has a scope (the part of the product its rate covers, or how the product now
    enters), ``DOUBT_MARK`` when its rate is presumed or partly confirmed; else nothing."""
    return (PART_MARK if state.scope else "") + (DOUBT_MARK if state.doubt else "")


def mark_notes(state: MeasureState, named: bool = True, short: bool = False) -> list[str]:
    """The lines that say what the state's marks mean: '* Seafood: lobster and crab; …',
    '? Pork: presumed: Pork was left out of … (Reuters 2026-02-27 (absence); Farms.com)'
    (without the measure's name if not ``named``: the only measure in sight; ``short``:
    '? Pork: presumed', for a card, where the measure's screen says why)."""
    name = state.measure.label + ": " if named else ""
    notes = [f"{PART_MARK} {name}{state.scope}"] if state.scope else []
    if doubt := doubt_words(state, short=short):
        notes.append(f"{DOUBT_MARK} {name}{doubt}")
    elif state.rate is None and state.status == "in_force":  # "?% in force": say why
        notes.append(f"{DOUBT_MARK} {name}rate unknown" + ("" if short else (
            ": the headline accepted named none"
            + (f" ({state.source})" if state.source else ""))))
    return notes


def doubt_words(state: MeasureState, short: bool = False, basis: bool = True) -> str | None:
    """'presumed: Pork was left out of … (Reuters …)': why a "?" state is in doubt, from
    the fact it rests on (``short``: 'presumed' alone; without ``basis``: the fact and its
    source only, for JSON, which gives the basis apart); None when it is verified."""
    if state.doubt is None:
        return None
    word = BASIS_WORDS.get(state.doubt.basis, state.doubt.basis)
    if short:
        return word
    source = f" ({state.doubt.source})" if state.doubt.source else ""
    return f"{word + ': ' if basis else ''}{state.doubt.summary}{source}"


def signal_words(signal: Mapping[str, Any]) -> str:
    """``change_words`` for a signal as stored (its JSON: see ``TariffSignal.to_json``)."""
    months = signal.get("by_months")
    return change_words(signal["action"], signal.get("rate"), signal.get("effective"),
                        signal.get("until"), signal.get("scope"),
                        signal.get("at_relief_end") is True,
                        months if type(months) is int else None)


def length_words(months: int) -> str:
    """12 → '1 year', 18 → '18 months': an extension's length."""
    return counted(months // 12, "year") if months % 12 == 0 else counted(months, "month")


def change_words(action: str, rate: float | None, effective: date | str | None,
                 until: date | str | None, scope: str | None = None,
                 at_relief_end: bool = False, by_months: int | None = None) -> str:
    """'suspend 0% from 2027-03-01 until 2027-12-31': a tariff change with its dates, so a
    change for next year is not mistaken for the one already in force; 'suspend 0% on
    lobster only …' when the headline names part of the measure's goods; 'restore when
    its relief ends' for a duty back then (the headline gives no day); 'extend 0% by 1
    year, until 2027-12-31' for an extension by a length of time (the end from the
    ledger's, when known)."""
    words = [action] if rate is None else [action, fmt_rate(rate)]
    if scope:
        words.append(f"on {scope} only")
    if effective:  # "restore from 2027-01-01, when its relief ends"
        words.append(f"from {effective}," if at_relief_end else f"from {effective}")
    if at_relief_end:
        words.append("when its relief ends")
    if by_months:
        length = length_words(by_months)
        words.append(f"by {length}," if until else f"by {length}")
    if until:
        words.append(f"until {until}")
    return " ".join(words)
