"""A measure's detail: its whole timeline, a step chart of the rate, pending changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.visual import visualize
from textual.widgets import DataTable, Footer, Static

from ...wording import change_words, fmt_rate
from ..format import plain, state_text, until_text
from ..panels.table import KeyedTable
from ..stepchart import StepChart

if TYPE_CHECKING:
    from ...ledger import Event
    from ...snapshot import Snapshot

CHART_START = date(2024, 7, 1)
# No Source column: the line under the table shows the cursor's summary and source
# whole, so What gets the room.
COLUMNS = ("Date", "Action", "Rate", "Status", "Until", "What")


class Timeline(KeyedTable):
    """The measure's events, no taller than its rows: the chart under it takes only what
    is left (app.tcss gives the table nearly all the share), and on a short screen the
    table scrolls to its cursor instead of pushing the rest off."""

    @property
    def wanted_height(self) -> int:
        """The header and every row, and a horizontal scrollbar if one shows."""
        scrollbar = self.virtual_size.width > self.size.width  # a narrow screen
        return self.header_height + self.row_count + scrollbar

    def sync(self, rows: Sequence[tuple[str, Sequence[Text | str]]]) -> None:
        super().sync(rows)
        self.styles.max_height = self.wanted_height


def event_text(event: Event | None) -> Text:
    """The whole summary and source of the event under the cursor: the table's What
    column is cut to fit the screen. Plain text, never markup."""
    if event is None:
        return Text("No events.", style="dim")
    out = Text()
    out.append(f"{event.date.isoformat()} {event.action}: ", style="bold")
    out.append_text(plain(event.summary or "(no summary)"))
    if event.source:
        out.append("  source: ", style="dim")
        out.append_text(plain(event.source, style="dim"))
    return out


class MeasureScreen(Screen[None]):
    """Timeline table and rate chart of one measure; a/d decide pending changes."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "accept", "Accept pending"),
        Binding("d", "dismiss_change", "Dismiss pending"),
    ]
    # Under 24 rows (-short) the head gives up its blank line to the timeline (app.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self, snap: Snapshot, measure_id: str) -> None:
        super().__init__()
        self.snap = snap
        self.measure_id = measure_id
        self._deciding: set[str] = set()  # changes sent to be decided, not yet reloaded

    def compose(self) -> ComposeResult:
        # Most needed first: state and pending change, the timeline and its cursor's
        # event; the chart takes what room is left.
        with Vertical(id="measure-box"):
            yield Static("", id="measure-head", markup=False)
            table = Timeline(id="measure-events", flex=COLUMNS.index("What"))
            for label in COLUMNS:
                table.add_column(label, key=label.lower())
            yield table
            yield Static("", id="measure-event", markup=False)
            yield StepChart(id="measure-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.snap)
        # Start on the event that made today's state: its line answers "since when, why".
        state = self.snap.ledger.state(self.measure_id, self.snap.as_of)
        table = self.query_one(Timeline)
        if state.event is not None and state.event.id in table.row_keys:
            table.move_cursor(row=table.row_keys.index(state.event.id), animate=False)

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
            ]))
        table = self.query_one(Timeline)
        table.sync(rows)
        self._show_event(table.selected_key)
        self.call_after_refresh(self._fit)

    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        self._show_event(message.row_key.value)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self._fit)  # resized under the help screen

    def _show_event(self, key: str | None) -> None:
        """The line under the table follows the cursor."""
        events = {e.id: e for e in self.snap.ledger.events_for(self.measure_id)}
        self.query_one("#measure-event", Static).update(event_text(events.get(key or "")))

    def _fit(self) -> None:
        """Size the rows under the timeline once laid out at this width: the event line
        as tall as the measure's longest event (moving the cursor moves nothing), the
        chart only where it fits whole under it. A short screen gives the chart's rows
        to the timeline rather than show a chart cut mid-border."""
        line = self.query_one("#measure-event", Static)
        table = self.query_one(Timeline)
        chart = self.query_one(StepChart)
        if not line.size.width:
            return
        events: list[Event | None] = [*self.snap.ledger.events_for(self.measure_id)] or [None]
        tall = max(visualize(line, event_text(e)).get_height(line.styles, line.size.width)
                   for e in events)
        line.styles.height = tall
        table.styles.max_height = table.wanted_height  # as re-fitted to this width
        bottom = self.query_one("#measure-box").content_region.bottom
        spare = bottom - table.region.y - table.wanted_height - tall
        chart.display = spare >= chart.needs()

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
