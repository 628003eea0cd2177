"""The top bar on every panel: as-of date, the overall thaw index and its sparkline,
unread/new/pending counts, and refresh progress.

The bar is laid out for the width it has: the facts (date, thaw value, counts) come
first, the refresh status gets a short slot (ellipsised, the full text in its tooltip),
and the sparkline takes what is left, or goes. At 80 columns it reads, e.g.
``thawwatch 2026-11-28 thaw 85.0 1 unread 1 new 1 pending  1 of 1 feeds ok, 0 f…``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from .format import thaw_style
from .sparkline import sparkline

if TYPE_CHECKING:
    from ..snapshot import Snapshot

BAR_WIDTH = 16  # the progress bar's cells when there is room
BAR_MIN = 4  # the narrowest progress bar
BRAND_WIDTH = 11  # "thawwatch" and its padding
SPARK_WIDTH = 30  # the sparkline's cells when there is room
SPARK_MIN = 4  # a narrower sparkline is left out
STATUS_MIN = 12  # the refresh status's narrowest slot (padding included)
STATUS_SHORT = 24  # its slot while the sparkline could use the room
STATUS_MAX = 60  # and when there is room to spare
STATUS_PAD = 3  # #refresh-status's padding (app.tcss): two cells before, one after


@dataclass(frozen=True)
class Facts:
    """What the bar says about a snapshot."""

    as_of: str
    thaw: float | None  # None: no headline behind the index (its 50 is no data)
    series: tuple[float, ...]
    unread: int
    new: int
    pending: int

    def counts(self, sep: str) -> Text:
        out = Text()
        out.append(f"{self.unread} unread", style="dim")
        if self.new:
            out.append(sep)
            out.append(f"{self.new} new", style="bold cyan")
        if self.pending:
            out.append(sep)
            out.append(f"{self.pending} pending", style="bold magenta")
        return out

    def index(self) -> Text:
        """'85.0' in its colour, or a dim '—' with no headline behind it (a 50.0 there
        read as neutral relations on a first, offline run)."""
        if self.thaw is None:
            return Text("—", style="dim")
        return Text(f"{self.thaw:.1f}", style=thaw_style(self.thaw))

    def full(self, spark: int = 0) -> Text:
        """``as of DATE  thaw 85.0 ▅▅▅  1 unread  1 new`` (a sparkline of ``spark`` cells)."""
        t = Text()
        t.append(f"as of {self.as_of}  thaw ", style="dim")
        t.append_text(self.index())
        if spark:
            t.append(" ")
            t.append_text(sparkline(self.series, spark))
        t.append("   " if spark else "  ")
        t.append_text(self.counts("  "))
        return t

    def compact(self) -> Text:
        """``DATE thaw 85.0 1 unread 1 new``: the same facts in fewer cells."""
        t = Text()
        t.append(f"{self.as_of} thaw ", style="dim")
        t.append_text(self.index())
        t.append(" ")
        t.append_text(self.counts(" "))
        return t

    def fit(self, width: int) -> Text:
        """The fullest form that fits ``width`` cells (the sparkline shrinks first)."""
        bare = self.full().cell_len
        room = width - bare - 2  # the sparkline's leading space and wider gap
        if room >= SPARK_MIN and self.series and self.thaw is not None:
            return self.full(min(room, SPARK_WIDTH))
        if bare <= width:
            return self.full()
        return self.compact()  # ellipsised by the widget if even this is too long


def progress_text(done: int, total: int, width: int = 0) -> Text:
    """A text progress bar, ``refreshing ████░░░░ 3/13``, within ``width`` cells (0: any)."""
    count = f" {done}/{total}"
    label = "refreshing "
    bar = BAR_WIDTH
    if width:
        bar = min(BAR_WIDTH, width - len(label) - len(count))
        if bar < BAR_MIN:
            label = ""
            bar = max(min(BAR_WIDTH, width - len(count)), 1)
    filled = bar * done // max(total, 1)
    out = Text(label)
    out.append("█" * filled, style="bold cyan")
    out.append("░" * (bar - filled), style="dim")
    out.append(count)
    return out


class TopBar(Horizontal):
    """Shows the snapshot's headline numbers and what a refresh is doing."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.facts: Facts | None = None
        self._status: Text | None = None
        self._short: Text | None = None  # the status in fewer cells, when it is cut
        self._progress: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("thawwatch", style="bold"), id="brand", markup=False)
        yield Static("", id="thaw", markup=False)
        status = Static("", id="refresh-status", markup=False)
        status.display = False
        yield status

    def show(self, snap: Snapshot, new_count: int, relevant: bool = False) -> None:
        """Redraw the numbers from a snapshot; ``relevant``: the unread count is of the
        headlines about Canada–China (what the Headlines list shows by default)."""
        thaw = snap.thaw.overall if snap.thaw.scored() else None
        unread = snap.totals.get("unread_relevant" if relevant else "unread", 0)
        self.facts = Facts(snap.as_of.isoformat(), thaw, tuple(snap.thaw.series),
                           unread, new_count, len(snap.news))
        self._lay_out()

    def progress(self, done: int, total: int) -> None:
        """A text progress bar: refreshing ████░░░░ 3/13 (narrower when room is short)."""
        self._progress, self._status = (done, total), None
        self._lay_out()

    def status(self, text: str, style: str = "", short: str = "") -> None:
        """A short status line (refresh starting, summary, failure); where the slot would
        cut it, ``short`` if it fits, else it with an ellipsis; the tooltip has it whole."""
        self._progress, self._status = None, Text(text, style=style)
        self._short = Text(short, style=style) if short else None
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    # ------------------------------------------------------------------ layout
    def _status_wanted(self) -> int:
        """The status's cells at full length, padding included (0: nothing to show)."""
        if self._progress is not None:
            return progress_text(*self._progress).cell_len + STATUS_PAD
        if self._status is not None and self._status.plain:
            return self._status.cell_len + STATUS_PAD
        return 0

    def widths(self, width: int) -> tuple[int, int, int]:
        """The cells for the brand, the facts and the status on a bar ``width`` wide."""
        wanted = self._status_wanted()
        brand = BRAND_WIDTH
        if self.facts is None:
            status = min(wanted, STATUS_MAX, max(width - brand - 20, STATUS_MIN))
            return brand, width - brand - status, status
        free = width - brand - self.facts.full().cell_len
        if not wanted:
            status = 0
        elif free >= min(wanted, STATUS_SHORT):  # full labels, a short status
            # longer only when the sparkline keeps some room too
            status = min(wanted, STATUS_MAX, max(STATUS_SHORT, free - SPARK_WIDTH // 2))
        else:  # the facts in their compact form, the status in the rest
            free = width - brand - self.facts.compact().cell_len
            if free < min(wanted, STATUS_MIN):  # the brand goes before the facts
                brand, free = 0, free + brand
            status = min(wanted, STATUS_MAX, max(free, STATUS_MIN))
        if width - brand - status < self.facts.compact().cell_len:
            brand = 0  # the facts before the name
        return brand, max(width - brand - status, 0), status

    def _lay_out(self) -> None:
        brand_w, thaw_w, status_w = self.widths(self.size.width or self.app.size.width)
        brand = self.query_one("#brand", Static)
        brand.display = brand_w > 0
        status = self.query_one("#refresh-status", Static)
        status.display = status_w > 0
        status.styles.width = status_w
        if self._progress is not None:
            status.update(progress_text(*self._progress, status_w - STATUS_PAD))
            status.tooltip = None
        elif self._status is not None:
            room = status_w - STATUS_PAD
            cut = self._status.cell_len > room
            fits = self._short is not None and self._short.cell_len <= room
            status.update(self._short if cut and fits else self._status)
            status.tooltip = self._status.plain if cut else None
        if self.facts is not None:
            self.query_one("#thaw", Static).update(self.facts.fit(thaw_w))
