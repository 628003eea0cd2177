"""A measure's detail: its whole timeline, a step chart of the rate, pending changes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...wording import change_words, fmt_rate
from ..format import clip, plain, state_text, until_text
from ..panels.table import KeyedTable
from ..stepchart import StepChart

if TYPE_CHECKING:
    from ...snapshot import Snapshot

CHART_START = date(2024, 7, 1)


class MeasureScreen(Screen[None]):
    """Timeline table and rate chart of one measure; a/d decide pending changes."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "accept", "Accept pending"),
        Binding("d", "dismiss_change", "Dismiss pending"),
    ]

    def __init__(self, snap: Snapshot, measure_id: str) -> None:
        super().__init__()
        self.snap = snap
        self.measure_id = measure_id
        self._deciding: set[str] = set()  # changes sent to be decided, not yet reloaded

    def compose(self) -> ComposeResult:
        with Vertical(id="measure-box"):
            yield Static("", id="measure-head", markup=False)
            yield StepChart(id="measure-chart")
            table = KeyedTable(id="measure-events", flex=5)
            table.add_columns("Date", "Action", "Rate", "Status", "Until", "What", "Source")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.snap)

    def show(self, snap: Snapshot) -> None:
        """Render from a (possibly newer) snapshot."""
        self.snap = snap
        self._deciding &= {d.id for d in snap.pending_for(self.measure_id)}
        ledger = snap.ledger
        state = ledger.state(self.measure_id, snap.as_of)
        m = state.measure
        head = Text()
        head.append(f"{m.product}", style="bold")
        head.append(f" — {m.instrument}, imposed by {m.imposed_by}\n")
        head.append("now: ")
        head.append_text(state_text(state))
        head.append(f" since {state.since or '—'}  until ")
        head.append_text(until_text(state, snap.as_of))
        if state.scope:
            head.append(f"\nscope: {state.scope}", style="dim")
        for d in snap.pending_for(self.measure_id):
            head.append(f"\npending: {change_words(d.action, d.rate, d.effective, d.until)}",
                        style="bold magenta")
            head.append(" — ")
            head.append(d.title)
            head.append("  (a accepts, d dismisses)", style="dim")
        self.query_one("#measure-head", Static).update(head)
        end = max(snap.as_of, date(2026, 12, 31)) + timedelta(days=180)
        steps = ledger.rate_steps(self.measure_id, CHART_START, end)
        self.query_one(StepChart).show(steps, CHART_START, end, snap.as_of)
        rows = []
        for e in ledger.events_for(self.measure_id):
            rows.append((e.id, [
                e.date.isoformat() + ("~" if e.approximate else ""), e.action,
                fmt_rate(e.rate), (e.status or "").replace("_", " "),
                e.until.isoformat() if e.until else "", plain(e.summary),
                plain(clip(e.source, 28)),
            ]))
        self.query_one(KeyedTable).sync(rows)

    def forget_sent(self) -> None:
        """A decision's write failed: what was sent may be sent again."""
        self._deciding.clear()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_accept(self) -> None:
        self._decide("accept")

    def action_dismiss_change(self) -> None:
        self._decide("dismiss")

    def _decide(self, verb: str) -> None:
        """Decide the first pending change not already sent: `a` then `d` before the
        snapshot reloads must not decide the same change twice."""
        pending = [d for d in self.snap.pending_for(self.measure_id) if d.id not in self._deciding]
        if not pending:
            self.notify("No pending change on this measure.", severity="warning")
            return
        self._deciding.add(pending[0].id)
        self.app.decide(pending[0].id, verb)  # type: ignore[attr-defined]
