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
from textual.widgets import DataTable, Static

from ...decisions import (
    SIGNAL_EVENT,
    change_text,
    not_news_words,
    runs_until,
    second_look,
    takes_effect,
    to_event,
)
from ...wording import counted, doubt_words, fmt_rate, since_words, then_words
from ..format import fit_lines, plain, state_text, text_height, until_text
from ..keybar import KeyBar
from ..panels.table import KeyedTable, Squeeze
from ..scroll import KeyScroll
from ..stepchart import StepChart
from .overlay import Overlay

if TYPE_CHECKING:
    from ...decisions import Decision
    from ...ledger import Event, Ledger
    from ...snapshot import Snapshot

CHART_START = date(2024, 7, 1)
# No Source column: the line under the table shows the cursor's summary and source
# whole, so What gets the room.
COLUMNS = ("Date", "Action", "Rate", "Status", "Until", "What")
#: Under this many cells What leaves the timeline (at 60 columns it read "C…"): the line
#: under the table has the cursor's summary whole.
WHAT_MIN = 12
#: Then, still too narrow, Until and Status leave too (the line under the table says
#: them for the cursor's event): Date, Action and Rate fit 40 columns.
FIT_SQUEEZE = (Squeeze("until", 0, cut="drop"), Squeeze("status", 0, cut="drop"))
#: Row keys of pending changes in the timeline (an event's key is its id)
PENDING = "pending:"


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


def event_text(event: Event | None, dropped: frozenset[str] = frozenset(),
               pending: bool = False, source: str | None = None) -> Text:
    """The whole summary and source of the event under the cursor: the table's What
    column is cut to fit the screen, and its ``dropped`` columns (Status, Until) are
    said here. A ``pending`` change says what accepting it would make, not that it did;
    ``source``: the source as cited (``Snapshot.cited``). Plain text, never markup."""
    if event is None:
        return Text("No events.", style="dim")
    said = f"{event.date.isoformat()} {event.action}"
    if "status" in dropped and event.status:
        said += f" → {'would be ' if pending else ''}{event.status.replace('_', ' ')}"
    if "until" in dropped and event.until:
        said += f" until {event.until.isoformat()}"
    out = Text()
    out.append(f"{said}: ", style="bold")
    out.append_text(plain(event.summary or "(no summary)"))
    if source or event.source:
        out.append("  source: ", style="dim")
        out.append_text(plain(source or event.source, style="dim"))
    return out


#: The most pending changes the head lists one by one; more are counted (the timeline's
#: last rows list them).
SAID_IN_HEAD = 2


def head_text(snap: Snapshot, measure_id: str, compact: bool = False) -> Text:
    """The measure, its state now, its scope and its pending changes. ``compact`` (a
    small screen) names it by its label and leaves out the instrument and the pending
    changes' headlines (Enter shows them). Plain text, never markup."""
    state = snap.ledger.state(measure_id, snap.as_of)
    m = state.measure
    head = Text()
    if compact:
        head.append(m.label, style="bold")
        head.append(f" · by {m.imposed_by} · ")
    else:
        head.append(f"{m.product}", style="bold")
        head.append(f" — {m.instrument}, imposed by {m.imposed_by}\n")
    head.append("now: ")
    head.append_text(state_text(state))
    head.append(f" since {since_words(state)}")
    upcoming = snap.upcoming.get(measure_id)
    if state.until is not None or upcoming is not None:  # (no "until —": a duty in force)
        # a renewal accepted shows as the Tariffs table and `status` show it: to its new end
        head.append("  until ")
        head.append_text(until_text(state, snap.as_of, upcoming))
    if (then := snap.then.get(measure_id)) is not None:  # (``Ledger.after_end``, loaded once)
        head.append(f", {then_words(then, short=compact)}", style="yellow")
    if state.scope and not compact:
        head.append(f"\nscope: {state.scope}", style="dim")
    if state.doubt and not compact:
        head.append(f"\nbasis: {doubt_words(state)}", style="yellow")
    pending = pending_in_order(snap, measure_id)
    if len(pending) > SAID_IN_HEAD:  # a list this long pushed the timeline off the screen
        news = sum(1 for d in pending if d.id in snap.news)
        head.append(f"\npending: {len(pending)} changes", style="bold magenta")
        if news < len(pending):
            head.append(f" ({news} new to the ledger)", style="magenta")
        head.append(" — the last rows of the timeline: a accepts, d dismisses the one under"
                    " the cursor", style="dim")
        pending = []
    for d in pending:
        change = change_text(d, snap.ledger)
        head.append(f"\npending: {change}", style="bold magenta")
        if d.also:  # said by several outlets: one change, decided once for all of them
            head.append(f" ({len(d.also) + 1} headlines)", style="magenta")
        if d.id not in snap.news:
            head.append(f" ({not_news_words(snap.ledger, d)})", style="dim")
        if compact:
            head.append("  (a/d)", style="dim")
            continue
        head.append(" — ")
        head.append(d.title)
        if len(pending) == 1:
            head.append("  (a accepts, d dismisses)", style="dim")
    if len(pending) > 1 and not compact:
        head.append("\n(the pending rows are at the end of the timeline: a accepts, d"
                    " dismisses the one under the cursor)", style="dim")
    if state.scope and compact:  # after the pending change: cut first on a short screen
        head.append(f"\nscope: {state.scope}", style="dim")
    if state.doubt and compact:
        head.append(f"\nbasis: {doubt_words(state, short=True)}", style="yellow")
        head.append("  (Enter: why)", style="dim")  # the event's screen has the full head
    return head


def share_rows(room: int, low: int, heads: tuple[int, int], tall: int) -> tuple[bool, int, int]:
    """Whether the head takes its short form, and the lines for the head and for the event
    line, in ``room`` lines that keep ``low`` for the timeline (its header and the cursor's
    row): the full head (``heads[0]``) while everything fits, else the short one
    (``heads[1]``); the state (the head's first lines) before the event, each at least a
    line. The timeline and the chart share what is left."""
    short = heads[0] + low + tall > room
    head = max(min(heads[short], room - low - 1), 1)
    return short, head, max(min(tall, room - head - low), 1)


class EventScreen(Overlay):
    """The event under the cursor and its measure, whole: on a small screen the lines
    above and under the timeline are cut to fit. Enter opens it from the timeline."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, text: Text) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with KeyScroll(id="event-box"):
            yield Static(self.text, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class MeasureScreen(Screen[None]):
    """Timeline table and rate chart of one measure; its pending changes are rows at the
    end, which a/d decide (the one under the cursor) and u takes back once decided;
    Enter shows the cursor's row whole."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),  # as the help and the modals: one level
        Binding("a", "accept", "Accept pending"),
        Binding("d", "dismiss_change", "Dismiss pending"),
        Binding("u", "undo", "Undo"),
    ]
    # Under 24 rows (-short) the head gives up its blank line to the timeline (app.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self, snap: Snapshot, measure_id: str) -> None:
        super().__init__()
        self.snap = snap
        self.measure_id = measure_id
        self._deciding: set[str] = set()  # changes sent to be decided, not yet reloaded
        self._armed: str | None = None  # a change whose accept was asked once, with a warning
        self._undoing: set[str] = set()  # accepted changes sent to be undone
        self._dismissed: list[str] = []  # changes dismissed here, the latest last: u takes
        # the latest back (a dismissed change leaves the timeline: no row to put u on)
        self._decided_here = False  # once one is, a/d take the change under the cursor only
        self._follow: str | None = None  # the row the cursor goes to once it shows (a
        # decided change changes its key: pending:X ↔ signal-X)
        self._compact_head = False  # the head in its short form (a small screen)
        self._head_rows = 0  # the lines the head is cut to (0: not cut)
        self._event_rows = 0  # and the event line

    def compose(self) -> ComposeResult:
        # Most needed first: state and pending change, the timeline and its cursor's
        # event; the chart takes what room is left.
        with Vertical(id="measure-box"):
            yield Static("", id="measure-head", markup=False)
            table = Timeline(id="measure-events", flex=COLUMNS.index("What"),
                             flex_min=WHAT_MIN, fit_squeeze=FIT_SQUEEZE)
            for label in COLUMNS:
                table.add_column(label, key=label.lower())
            yield table
            yield Static("", id="measure-event", markup=False)
            yield StepChart(id="measure-chart")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show(self.snap)
        # Start on the event that made today's state: its line answers "since when, why".
        state = self.snap.ledger.state(self.measure_id, self.snap.as_of)
        table = self.query_one(Timeline)
        if state.event is not None and state.event.id in table.row_keys:
            table.move_cursor(row=table.row_keys.index(state.event.id), animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """a and d only with a change pending here, u only with one accepted: the key bar
        offered all three on every measure (a user review)."""
        if action in ("accept", "dismiss_change"):
            return bool(self.snap.pending_for(self.measure_id))
        if action == "undo":
            return bool(self._dismissed) or any(
                e.origin == "signal" for e in self.snap.ledger.events_for(self.measure_id))
        return True

    def show(self, snap: Snapshot) -> None:
        """Render from a (possibly newer) snapshot."""
        self.snap = snap
        self.refresh_bindings()  # (what may be decided here: ``check_action``)
        self._deciding &= {d.id for d in snap.pending_for(self.measure_id)}
        self._undoing &= {e.id.removeprefix(SIGNAL_EVENT) for e in snap.ledger.events_for(
            self.measure_id) if e.origin == "signal"}
        ledger = snap.ledger
        self._show_head()
        end = max(snap.as_of, date(2026, 12, 31)) + timedelta(days=180)
        steps = ledger.rate_steps(self.measure_id, CHART_START, end)
        self.query_one(StepChart).show(steps, CHART_START, end, snap.as_of)
        rows: list[tuple[str, Sequence[Text | str]]] = []
        for e in ledger.events_for(self.measure_id):
            status = ("overruled" if e.id in ledger.overruled  # (by a later word: it
                      else (e.status or "").replace("_", " "))  # does not take effect)
            rows.append((e.id, [
                e.date.isoformat() + ("~" if e.approximate else ""), e.action,
                fmt_rate(e.rate), status,
                e.until.isoformat() if e.until else "", plain(e.summary),
            ]))
        rows.extend((PENDING + d.id, pending_cells(d, d.id in snap.news, snap.ledger))
                    for d in pending_in_order(snap, self.measure_id))
        table = self.query_one(Timeline)
        kept = table.selected_key
        table.sync(rows)
        if self._follow is not None and self._follow in table.row_keys:
            table.move_cursor(row=table.row_keys.index(self._follow), animate=False)
            self._follow = None
        elif (moved := self._moved_row(kept, snap)) is not None:
            table.move_cursor(row=table.row_keys.index(moved), animate=False)
        self._show_event(table.selected_key)
        self.call_after_refresh(self._fit)

    def _moved_row(self, key: str | None, snap: Snapshot) -> str | None:
        """The row the cursor's pending change is on now, when its row went: another
        outlet's newer headline saying the same change leads it now (its row has that
        headline's key), or it was accepted elsewhere (`thawwatch ledger accept`) and is
        the event it made. Left at its index, the cursor sat on another change, which
        `a` then accepted."""
        keys = self.query_one(Timeline).row_keys
        if key is None or not key.startswith(PENDING) or key in keys:
            return None
        decision_id = key.removeprefix(PENDING)
        for d in snap.pending_for(self.measure_id):
            if any(twin.id == decision_id for twin in d.also):
                return PENDING + d.id
        accepted = SIGNAL_EVENT + decision_id
        return accepted if accepted in keys else None

    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        self._show_event(message.row_key.value)

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        """Enter: the event and the measure whole, wherever the screen cut them."""
        message.stop()
        key = message.row_key.value or ""
        text = Text()
        text.append_text(self._row_text(key, self.row_events().get(key),
                                        frozenset({"status", "until"})))
        for d in self.snap.pending_for(self.measure_id):
            if key == PENDING + d.id and d.also:
                text.append(f"\n\nSaid also by {counted(len(d.also), 'more headline')}"
                            " (a or d decides them with it):", style="bold")
                for twin in d.also:
                    text.append("\n• ")
                    text.append_text(plain(twin.title))
        text.append("\n\n")
        text.append_text(head_text(self.snap, self.measure_id))
        self.app.push_screen(EventScreen(text))

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self._fit)  # resized under the help screen

    def row_events(self) -> dict[str, Event]:
        """The timeline's rows by key: the measure's events, and its pending changes as
        the events they would become."""
        events = {e.id: e for e in self.snap.ledger.events_for(self.measure_id)}
        events.update((PENDING + d.id, to_event(d, self.snap.ledger))
                      for d in self.snap.pending_for(self.measure_id))
        return events

    def _show_head(self) -> None:
        """The head, in the form ``_fit`` chose, cut to the lines it was given."""
        head = self.query_one("#measure-head", Static)
        text = head_text(self.snap, self.measure_id, self._compact_head)
        head.update(fit_lines(text, head.size.width, self._head_rows)
                    if self._head_rows else text)

    def _show_event(self, key: str | None) -> None:
        """The line under the table follows the cursor."""
        line = self.query_one("#measure-event", Static)
        text = self._row_text(key or "", self.row_events().get(key or ""),
                              self.query_one(Timeline).dropped_columns)
        line.update(fit_lines(text, line.size.width, self._event_rows)
                    if self._event_rows else text)

    def _row_text(self, key: str, event: Event | None, dropped: frozenset[str]) -> Text:
        """The line under the table for a row: a pending change says it is one, and a
        change a later announcement overruled says which."""
        pending = key.startswith(PENDING) and event is not None
        text = event_text(event, dropped, pending, source=self.snap.cited(
            event.source, event) if event is not None and not pending else None)
        if pending:
            return Text.assemble(("pending ", "bold magenta"), text)
        word = self.snap.ledger.overruled.get(key)
        if word is None:
            return text
        said = f" of {word.announced}" if word.announced else ""
        return Text.assemble((f"overruled by the later word{said} (it does not take"
                              " effect): ", "bold yellow"), plain(word.summary), "\n", text)

    def _fit(self) -> None:
        """Size the rows around the timeline once laid out at this width: the event line
        as tall as the measure's longest event (moving the cursor moves nothing), the
        chart only where it fits whole under it. A short screen gives the chart's rows
        to the timeline rather than show a chart cut mid-border; a very small one
        shortens the head, then cuts it and the event line (Enter shows them whole), so
        the state and the cursor's row stay on screen."""
        line = self.query_one("#measure-event", Static)
        head = self.query_one("#measure-head", Static)
        table = self.query_one(Timeline)
        if not line.size.width:
            return
        full, short, tall = self._heights(head, line, table.dropped_columns)
        room = self.query_one("#measure-box").content_region.height - head.styles.margin.bottom
        self._compact_head, head_rows, event_rows = share_rows(
            room, table.header_height + 1, (full, short), tall)
        self._head_rows = head_rows if head_rows < (short if self._compact_head else full) else 0
        self._event_rows = event_rows if event_rows < tall else 0
        self._show_head()
        self._show_event(table.selected_key)
        head.styles.max_height = head_rows
        line.styles.height = event_rows
        table.styles.max_height = table.wanted_height  # as re-fitted to this width
        chart = self.query_one(StepChart)
        chart.display = room - head_rows - table.wanted_height - event_rows >= chart.needs()

    def _heights(self, head: Static, line: Static, dropped: frozenset[str]
                 ) -> tuple[int, int, int]:
        """The lines the head takes in full and in short, and the longest event line."""
        rows: list[tuple[str, Event | None]] = [*self.row_events().items()] or [("", None)]
        tall = max(text_height(line, self._row_text(key, e, dropped), line.size.width)
                   for key, e in rows)
        full, short = (text_height(head, head_text(self.snap, self.measure_id, compact),
                                   head.size.width) for compact in (False, True))
        return full, short, tall

    def forget_sent(self) -> None:
        """A decision's write failed: what was sent may be sent again, as if never sent."""
        self._deciding.clear()
        self._undoing.clear()
        self._dismissed.clear()  # (a dismissal that failed left nothing to take back)
        self._decided_here = False
        self._follow = None

    def action_back(self) -> None:
        self.dismiss(None)

    def action_accept(self) -> None:
        self._decide("accept")

    def action_dismiss_change(self) -> None:
        self._decide("dismiss")

    def action_undo(self) -> None:
        """Take back the change just dismissed here, if the last decision made on this
        screen was a dismissal (a dismissed change leaves the timeline: a wrong `d` could
        only be undone from the shell; the cursor then rests on some other row, maybe an
        accepted one, which `u` must not take back instead); else the accepted change
        under the cursor (its row is the event it made)."""
        if self._dismissed:
            decision_id = self._dismissed.pop()
            self._follow = PENDING + decision_id
            self.refresh_bindings()
            self.app.decide(decision_id, "undo")  # type: ignore[attr-defined]
            return
        key = self.query_one(Timeline).selected_key or ""
        event = self.row_events().get(key)
        if event is None or event.origin != "signal" or not key.startswith(SIGNAL_EVENT):
            self.notify("Move the cursor to a change you accepted (u undoes it).",
                        severity="warning")
            return
        decision_id = key.removeprefix(SIGNAL_EVENT)
        if decision_id in self._undoing:
            return
        self._undoing.add(decision_id)
        self._follow = PENDING + decision_id
        self.app.decide(decision_id, "undo")  # type: ignore[attr-defined]

    def _decide(self, verb: str) -> None:
        """Decide the pending change under the cursor (the only one, wherever the cursor
        is); never one already sent: `a` then `d` before the snapshot reloads must not
        decide the same change twice. An accept that deserves a second look
        (``second_look``) is done on the second `a`."""
        everyone = pending_in_order(self.snap, self.measure_id)
        pending = [d for d in everyone if d.id not in self._deciding]
        if not pending:
            self.notify("No pending change on this measure.", severity="warning")
            return
        chosen = self._chosen(everyone, pending)
        if chosen is None or chosen.id in self._deciding:
            return  # sent already (the cursor still on it): never the next one instead
        if verb == "accept" and self._armed != chosen.id:
            look = second_look(chosen, self.snap.ledger)
            if look:
                self._armed = chosen.id
                self.notify(f"Accept with care: {look}. Press a again to accept it"
                            " (u undoes an accept).", severity="warning", timeout=8)
                return
        self._armed = None
        self._deciding.add(chosen.id)
        if verb == "dismiss":
            self._dismissed.append(chosen.id)
            self.refresh_bindings()
        else:  # an accept after it: `u` is for the accept under the cursor now
            self._dismissed.clear()
        self._decided_here = True
        self._follow = chosen.event_id if verb == "accept" else None
        self.app.decide(chosen.id, verb)  # type: ignore[attr-defined]

    def _chosen(self, everyone: list[Decision], pending: list[Decision]) -> Decision | None:
        """The pending change under the cursor, or the measure's only one while nothing
        was decided here yet (after a decision the cursor rests on its row, and `a` again
        took the change left, which it never pointed at); else None, and the cursor goes
        to the first not yet decided (``pending``) for the user to choose."""
        table = self.query_one(Timeline)
        key = table.selected_key or ""
        for d in everyone:
            if key == PENDING + d.id:
                return d
        if len(everyone) == 1 and not self._decided_here:
            return everyone[0]
        table.move_cursor(row=table.row_keys.index(PENDING + pending[0].id), animate=False)
        known = sum(1 for d in pending if d.id not in self.snap.news)
        had = f" ({known} the ledger has already)" if known else ""
        many = f"{len(pending)} pending changes{had}: the cursor is on the first" \
            if len(pending) > 1 else "The cursor is on the pending change"
        self.notify(f"{many}; a or d decides the one under it.", severity="information")
        return None


def pending_in_order(snap: Snapshot, measure_id: str) -> list[Decision]:
    """The measure's pending changes as the timeline lists them, after its events: by the
    day each takes effect, the ones that change the ledger first on a day (a review found
    2027-01-01, 2027-01-01, 2026-12-19, 2026-12-19, 2027-01-01, 2026-12-31)."""
    return sorted(snap.pending_for(measure_id),
                  key=lambda d: (takes_effect(d, snap.ledger), d.id not in snap.news))


def pending_cells(d: Decision, changes: bool, ledger: Ledger) -> list[Text | str]:
    """A pending change as a timeline row: its status cell says "pending" (and "+2" when
    two more headlines say the same), its What the headline it came from (and whether the
    ledger has it already)."""
    status = Text("pending", style="bold magenta")
    if d.also:  # as many more outlets say the same: deciding this row decides them too
        status.append(f" +{len(d.also)}", style="magenta")
    what = plain(d.title)
    if not changes:
        what = Text.assemble(what, (f" ({not_news_words(ledger, d)})", "dim"))
    until = runs_until(d, ledger)
    return [takes_effect(d, ledger).isoformat(), d.action, fmt_rate(d.rate), status,
            until.isoformat() if until else "", what]
