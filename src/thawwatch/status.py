"""The tariff ledger and irritant summary as of a date: JSON for scripts, text for people.

The JSON shape is the interface page's and scripts rely on it; the text form is the
same facts laid out as a table. Both work offline from a fresh database.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from .baseline import Baseline, load_baseline
from .decisions import Decision, current_ledger, news_ids, pending_changes
from .ledger import NO_MEASURE, Ledger, MeasureState
from .store import Store
from .thaw import ThawSummary, thaw_summary
from .wording import (
    PART_MARK,
    doubt_words,
    mark_notes,
    next_words,
    num,
    renewed_words,
    renews,
    since_rough,
    since_words,
    state_marks,
    state_words,
    then_words,
)


def _status(state: MeasureState) -> str | None:
    """The interface's status word; null before the measure existed (``--as-of`` early)."""
    return None if state.status == NO_MEASURE else state.status


def _basis(state: MeasureState) -> str | None:
    """What the rate rests on: "presumed" or "partial" when on a fact not verified (pork
    left out of the 2026 suspension; ``basis_note`` says which), else the basis of the
    event that made it: "verified" (the bundled ledger) or "signal" (an accepted headline);
    null before the measure existed."""
    if state.doubt is not None:
        return state.doubt.basis
    return None if state.event is None else state.event.basis


def _measure_json(now: MeasureState, base: MeasureState, pending: list[Decision],
                  upcoming: MeasureState | None = None,
                  news: Collection[str] = (), others_rate: float | None = None,
                  then: MeasureState | None = None) -> dict[str, Any]:
    m = now.measure
    return {
        "id": m.id,
        "imposed_by": m.imposed_by,
        "product": m.product,
        "instrument": m.instrument,  # what the rate is: a canola seed duty on top of MFN
        "rate": num(now.rate),
        "status": _status(now),
        "since": now.since.isoformat() if now.since else None,
        # the day is a stand-in: only the year (or month) is known ("suspended 2023")
        "since_approximate": since_rough(now),
        "until": now.until.isoformat() if now.until else None,
        "scope": now.scope,
        # what the rest of the product pays while the rate covers only the scope's part;
        # presumed: the sources name what a measure's change covers, not the rest
        "others_rate": num(others_rate),
        "others_basis": None if others_rate is None else "presumed",
        "source": now.source,
        "basis": _basis(now),
        "basis_note": doubt_words(now, basis=False),
        "baseline": {
            "rate": num(base.rate),
            "status": _status(base),
            "since": base.since.isoformat() if base.since else None,
        },
        # in_ledger: the ledger holds this change already (accepting it would change nothing)
        "pending": [{**d.pending_json(), "in_ledger": d.id not in news}
                    for d in pending if d.measure == m.id],
        # a change the ledger holds for a later day (an accepted "removed from Dec. 15")
        # with its end and the part it covers, as the state will have them (the seafood
        # suspension of 1 March: lobster and crab only, to 31 December)
        "next": None if upcoming is None else {
            "rate": num(upcoming.rate), "status": _status(upcoming),
            "since": upcoming.since.isoformat() if upcoming.since else None,
            "until": upcoming.until.isoformat() if upcoming.until else None,
            "scope": upcoming.scope,
        },
        # what a state that ends by itself comes to the day after its end (the duty back
        # at 100% when the pea tariff pause ends), and what that rests on ("presumed":
        # unless extended)
        "then": None if then is None else {
            "rate": num(then.rate), "status": _status(then),
            "since": then.since.isoformat() if then.since else None,
            "basis": _basis(then),
        },
    }


def build_status(
    store: Store | None, as_of: date, *, ledger: Ledger | None = None,
    baseline: Baseline | None = None, thaw: ThawSummary | None = None,
    known_by: date | None = None,
) -> dict[str, Any]:
    """The `status --format json` document (``known_by``: see ``measures_json``)."""
    ledger = ledger or current_ledger(store)
    baseline = baseline or load_baseline()
    thaw = thaw or thaw_summary(store, as_of)
    return {
        "as_of": as_of.isoformat(),
        "baseline_date": baseline.baseline_date.isoformat(),
        "measures": measures_json(store, as_of, ledger, baseline, known_by=known_by),
        "thaw_index": thaw.to_json(),
    }


def measures_json(store: Store | None, as_of: date, ledger: Ledger, baseline: Baseline,
                  only: str | None = None, known_by: date | None = None
                  ) -> list[dict[str, Any]]:
    """The measures of the `status` document (``only``: that one, as `ledger show` gives
    it: without the thaw index, which reads every recent headline). ``known_by``: a look
    back lists the pending changes of the headlines published by then only."""
    pending = (pending_changes(store, ledger, known_by)  # one per change
               if store is not None else [])
    news = news_ids(ledger, pending)
    return [
        _measure_json(now, ledger.state(now.measure.id, baseline.baseline_date), pending,
                      ledger.next_change(now.measure.id, as_of), news,
                      ledger.others_rate(now), ledger.after_end(now.measure.id, as_of))
        for now in ledger.states(as_of) if only in (None, now.measure.id)
    ]


def render_text(doc: dict[str, Any], ledger: Ledger, baseline: Baseline, thaw: ThawSummary,
                news: Collection[str] = ()) -> str:
    """The people's form of `status`: one table and a few lines under it. Its pending
    column counts the ``news`` only (the pending changes the ledger does not hold yet,
    as the dashboard does); the line under the table names the rest."""
    as_of = date.fromisoformat(doc["as_of"])
    art = baseline.article
    lines = [
        f"thawwatch status as of {as_of.isoformat()}",
        # the whole citation; a page without a date says the day is one taken for it
        f"baseline: {art.author}, \"{art.title}\", {art.outlet}"
        f" ({'undated; taken as ' if art.date_note else ''}{art.date.isoformat()})",
        "",
    ]
    head = ("measure", "by", "baseline", "now", "since", "until", "pending")
    rows = [head]
    notes: list[str] = []
    for m in doc["measures"]:
        measure = ledger.measures[m["id"]]
        base = state_words(ledger.state(m["id"], baseline.baseline_date))
        now = ledger.state(m["id"], as_of)
        until = "—"
        upcoming = ledger.next_change(m["id"], as_of)
        if upcoming is not None and renews(now, upcoming):  # to its new end, as the dashboard
            until = renewed_words(upcoming, as_of)
        elif now.until:
            until = f"{now.until.isoformat()} ({now.days_left(as_of)} d)"
        elif upcoming:
            until = next_words(upcoming, as_of, short=True)
        if upcoming:  # a renewal comes before the end it moves: said under the table too
            notes.extend(_next_notes(measure.label, upcoming, as_of))
        elif (then := ledger.after_end(m["id"], as_of)) is not None:
            # what its end brings: "→ Peas: then 100% in force from 2027-01-01 (presumed,
            # unless extended)"
            notes.append(f"→ {measure.label}: {then_words(then)}")
        mark = state_marks(now)  # part of the product, or not verified: see below
        rows.append((measure.label, m["imposed_by"], base, state_words(now) + mark,
                     since_words(now), until, _count(m["pending"], news)))
        notes.extend(mark_notes(now))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    lines.append("")
    if notes:  # a rate that covers only part of the product says so (seafood: lobster, crab)
        lines.extend(notes)
        lines.append("")
    lines.append(thaw.line())
    if line := _pending_line([p["id"] for m in doc["measures"] for p in m["pending"]], news):
        lines.append(line)
    return "\n".join(lines)


def _next_notes(label: str, upcoming: MeasureState, as_of: date) -> list[str]:
    """The lines on a change the ledger holds for a later day: with its end and, starred,
    the part of the product it covers ("→ Seafood: 0% suspended* from 2026-03-01 (1 d)
    until 2026-12-31", "* Seafood (from 2026-03-01): lobster and crab; …"), else the
    suspension reads as all seafood and open-ended."""
    words = next_words(upcoming, as_of, arrow=False)
    if upcoming.scope:
        status = state_words(upcoming)
        words = words.replace(status, status + PART_MARK, 1)
    if upcoming.until:
        words += f" until {upcoming.until.isoformat()}"
    lines = [f"→ {label}: {words}"]
    if upcoming.scope and upcoming.since:
        lines.append(f"{PART_MARK} {label} (from {upcoming.since.isoformat()}): "
                     f"{upcoming.scope}")
    return lines


def _count(pending: list[dict[str, Any]], news: Collection[str]) -> str:
    """The pending column: how many of a measure's pending changes are news; blank for none."""
    n = sum(p["id"] in news for p in pending)
    return str(n) if n else ""


def _pending_line(ids: list[str], news: Collection[str]) -> str | None:
    """The line under the table on the pending changes, news first."""
    fresh = sum(i in news for i in ids)
    held = len(ids) - fresh
    if fresh:
        more = f" ({held} more the ledger has already)" if held else ""
        return f"{fresh} pending change(s){more}: review with `thawwatch ledger pending`"
    if held:
        return (f"{held} pending change(s) the ledger has already: `thawwatch ledger pending`"
                " lists them")
    return None
