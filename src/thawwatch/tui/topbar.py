"""The top bar on every panel: as-of date, the overall thaw index and its sparkline,
unread/new/pending counts, and refresh progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from .format import thaw_style
from .sparkline import sparkline

if TYPE_CHECKING:
    from ..snapshot import Snapshot

BAR_WIDTH = 16


class TopBar(Horizontal):
    """Shows the snapshot's headline numbers and what a refresh is doing."""

    def compose(self) -> ComposeResult:
        yield Static(Text("thawwatch", style="bold"), id="brand", markup=False)
        yield Static("", id="thaw", markup=False)
        yield Static("", id="refresh-status", markup=False)

    def show(self, snap: Snapshot, new_count: int) -> None:
        """Redraw the numbers from a snapshot."""
        t = Text()
        t.append(f"as of {snap.as_of.isoformat()}  ", style="dim")
        t.append("thaw ", style="dim")
        t.append(f"{snap.thaw.overall:.1f} ", style=thaw_style(snap.thaw.overall))
        t.append_text(sparkline(snap.thaw.series, 30))
        t.append(f"   {snap.totals.get('unread', 0)} unread", style="dim")
        if new_count:
            t.append(f"  {new_count} new", style="bold cyan")
        if snap.pending:
            t.append(f"  {len(snap.pending)} pending", style="bold magenta")
        self.query_one("#thaw", Static).update(t)

    def progress(self, done: int, total: int) -> None:
        """A text progress bar: refreshing ████░░░░ 3/13."""
        filled = BAR_WIDTH * done // max(total, 1)
        bar = Text("refreshing ")
        bar.append("█" * filled, style="bold cyan")
        bar.append("░" * (BAR_WIDTH - filled), style="dim")
        bar.append(f" {done}/{total}")
        self.query_one("#refresh-status", Static).update(bar)

    def status(self, text: str, style: str = "") -> None:
        """A short status line (refresh starting, summary, failure)."""
        self.query_one("#refresh-status", Static).update(Text(text, style=style))
