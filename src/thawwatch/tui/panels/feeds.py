"""Feeds: each feed's health — status, items, last success, last error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..format import local_time, plain
from . import PaintsOnMount
from .table import KeyedTable

if TYPE_CHECKING:
    from ...snapshot import Snapshot

COLUMNS = ("Status", "Feed", "Items", "Last OK", "Failures", "Last error")
STYLES = {"ok": "green", "error": "bold red", "never": "dim"}


class FeedsPanel(PaintsOnMount, Vertical):
    """The feed list with health, refreshed with every snapshot."""

    def compose(self) -> ComposeResult:
        yield Static("", id="feeds-note", markup=False)
        table = KeyedTable(id="feeds-table", flex=len(COLUMNS) - 1)
        table.add_columns(*COLUMNS)
        yield table

    def show(self, snap: Snapshot) -> None:
        """Render feed health."""
        rows = []
        for f in snap.feeds:
            rows.append((f.url, [
                Text(f.status, style=STYLES[f.status]), plain(f.display_name[:40]),
                str(f.items), local_time(f.last_ok) if f.last_ok else "never",
                str(f.failures) if f.failures else "", plain(f.last_error or ""),
            ]))
        self.query_one(KeyedTable).sync(rows)
        bad = sum(1 for f in snap.feeds if f.status == "error")
        note = f"{len(snap.feeds)} feeds, {bad} in error. r refreshes now."
        if not snap.feeds:
            note = ("No feeds yet: add one with `thawwatch feeds add URL` (or [[feeds]] in the"
                    " config file, see `thawwatch config path`), then press r.")
        self.query_one("#feeds-note", Static).update(Text(note))
