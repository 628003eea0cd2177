"""Tariffs: both sides' measures in one table — baseline → now, since, until, source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...wording import state_words
from ..format import plain, state_text, until_text
from . import PaintsOnMount
from .table import KeyedTable

if TYPE_CHECKING:
    from ...snapshot import Snapshot

COLUMNS = ("Product", "By", "Baseline", "Now", "Since", "Until", "Pending", "Source")


class TariffsPanel(PaintsOnMount, Vertical):
    """The ledger as a table; Enter opens a measure's timeline and step chart."""

    def compose(self) -> ComposeResult:
        yield Static("Loading the ledger…", id="tariffs-note", markup=False)
        table = KeyedTable(id="tariffs-table", flex=len(COLUMNS) - 1)
        table.add_columns(*COLUMNS)
        yield table

    def show(self, snap: Snapshot) -> None:
        """Render the snapshot's measure states."""
        rows = []
        for state in snap.states:
            m = state.measure
            base = snap.baseline_states[m.id]
            base_text = Text(state_words(base))
            pending = snap.pending_for(m.id)
            rows.append((m.id, [
                plain(m.label), m.imposed_by, base_text, state_text(state),
                state.since.isoformat() if state.since else "—",
                until_text(state, snap.as_of),
                Text(f"{len(pending)} pending", style="bold magenta") if pending else "",
                plain(state.source),
            ]))
        self.query_one(KeyedTable).sync(rows)
        total = len(snap.pending)
        note = (f"As of {snap.as_of.isoformat()}: baseline {snap.baseline.baseline_date} → now. "
                "Enter: timeline and chart.")
        if total:
            note += f"  {total} pending change(s) from headlines await review."
        self.query_one("#tariffs-note", Static).update(Text(note))
