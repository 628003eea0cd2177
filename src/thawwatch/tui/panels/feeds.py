"""Feeds: each feed's health — status, items, last success, last error."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ...text import shown_url
from ...wording import counted
from ..format import local_time, plain
from . import PaintsOnMount
from .table import KeyedTable, Squeeze

if TYPE_CHECKING:
    from ...feeds import Feed
    from ...snapshot import Snapshot

#: "Fails", not "Failures": at 80 columns those three cells are the error's.
COLUMNS = ("Status", "Feed", "Items", "Last OK", "Fails", "Last error")
STYLES = {"ok": "green", "error": "bold red", "never": "dim"}
#: The widest a name gets, on any screen: the detail line below has it whole.
NAME_WIDTH = 40
#: On a narrow screen the error keeps its share: long names narrow first, then the last
#: success shows its date only (the detail line has the time), then names narrow more.
#: Then the counts and the last success leave the table (the detail line has them):
#: status, name and error fit 40 columns.
SQUEEZE = (Squeeze("feed", 16), Squeeze("last_ok", 10, cut="crop"), Squeeze("feed", 10),
           Squeeze("items", 0, cut="drop"), Squeeze("fails", 0, cut="drop"),
           Squeeze("last_ok", 0, cut="drop"))


def _name(feed: Feed) -> Text:
    """The name, at most ``NAME_WIDTH`` cells, a cut one ending with "…"."""
    name = plain(feed.display_name)
    name.truncate(NAME_WIDTH, overflow="ellipsis")
    return name


def _error(feed: Feed, now: datetime) -> Text:
    """The last error, and, while its server's Retry-After lasts, that it is waiting; for
    a feed that works, where it moved for good, if it did."""
    error = plain(feed.last_error or "")
    if feed.gone_since is not None:
        error.append(" · not fetched any more")
    elif feed.waiting(now):
        error.append(" · waiting" if feed.last_error else "waiting")
    elif feed.moved_to and not feed.last_error:
        error = plain(f"moved to {shown_url(feed.moved_to)}", style="yellow")
    return error


def detail(feed: Feed, dropped: frozenset[str] = frozenset()) -> Text:
    """The cursor's feed in full, for what its row has no room for: name, whole error,
    last success (with its time) and address, the essentials first; and the counts
    when the table had no room for their columns (``dropped``)."""
    out = plain(feed.display_name, style="bold")
    if feed.last_error:
        out.append(" · ")
        out.append(plain(feed.last_error, style=STYLES["error"]))
    if feed.gone_since is not None:
        out.append(f" · its server said on {local_time(feed.gone_since)} that it is gone for"
                   " good: it is not fetched any more (`thawwatch refresh --force` asks again,"
                   " `thawwatch feeds remove URL` drops it)")
    elif feed.waiting(datetime.now(UTC)) and feed.next_attempt is not None:
        out.append(f" · its server asked to wait until {local_time(feed.next_attempt)}"
                   " (`thawwatch refresh --force` fetches it anyway)")
    if "fails" in dropped and feed.failures:
        out.append(f" · {counted(feed.failures, 'failure')}")
    if feed.moved_to:
        out.append(" · moved permanently to ")
        out.append(plain(shown_url(feed.moved_to), style="yellow"))
        out.append(": give the feed that URL")
    out.append(f" · last OK {local_time(feed.last_ok) if feed.last_ok else 'never'} · ")
    if "items" in dropped:
        out.append(f"{counted(feed.items, 'item')} · ")
    out.append(plain(shown_url(feed.url)))
    return out


class FeedsPanel(PaintsOnMount, Vertical):
    """The feed list with health, refreshed with every snapshot; the line under it
    shows the feed under the cursor whole."""

    DEFAULT_CSS = """
    FeedsPanel #feeds-detail { height: auto; max-height: 50%; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.feeds: dict[str, Feed] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="feeds-note", markup=False)
        table = KeyedTable(id="feeds-table", flex=len(COLUMNS) - 1, squeeze=SQUEEZE)
        for name in COLUMNS:
            table.add_column(name, key=name.lower().replace(" ", "_"))
        yield table
        yield Static("", id="feeds-detail", markup=False)

    def show(self, snap: Snapshot) -> None:
        """Render feed health."""
        self.feeds = {f.url: f for f in snap.feeds}
        rows = []
        now = datetime.now(UTC)
        for f in snap.feeds:
            rows.append((f.url, [
                Text(f.status, style=STYLES[f.status]), _name(f),
                str(f.items), local_time(f.last_ok) if f.last_ok else "never",
                str(f.failures) if f.failures else "", _error(f, now),
            ]))
        self.query_one(KeyedTable).sync(rows)
        self._show_detail()
        bad = sum(1 for f in snap.feeds if f.status == "error")
        note = f"{counted(len(snap.feeds), 'feed')}, {bad} in error. r refreshes now."
        if not snap.feeds:
            note = ("No feeds yet: add one with `thawwatch feeds add URL` (or [[feeds]] in the"
                    " config file, see `thawwatch config path`), then press r.")
        self.query_one("#feeds-note", Static).update(Text(note))

    @on(DataTable.RowHighlighted, "#feeds-table")
    def _show_detail(self) -> None:
        """Follow the cursor (a sync that keeps it on its row posts no highlight: ``show``
        calls this too)."""
        table = self.query_one(KeyedTable)
        feed = self.feeds.get(table.selected_key or "")
        line = self.query_one("#feeds-detail", Static)
        line.display = feed is not None
        line.update(detail(feed, table.dropped_columns) if feed is not None else "")
