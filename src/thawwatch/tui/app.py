"""The dashboard app: panels switched by keyboard, data loaded and refreshed in workers.

Blocking work (database, network, parsing) runs in ``@work(thread=True)`` workers that
only post messages; one ``Worker.StateChanged`` handler turns a worker's error into a
toast and a log line, so nothing a feed or the disk does can crash the dashboard.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on
from textual.app import ComposeResult, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.command import CommandListItem, SimpleProvider
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import AwaitMount, MountError
from textual.widgets import ContentSwitcher, DataTable, Input
from textual.worker import Worker, WorkerState

from ..config import Config
from ..items import now_utc
from ..store import ChangeWatch, describe
from .keybar import KeyBar
from .messages import (
    LedgerChanged,
    RefreshFinished,
    RefreshProgress,
    SearchResults,
    SnapshotReady,
)
from .new_headlines import NewHeadlines
from .news_from_elsewhere import NewsFromElsewhere
from .palette import OnceCommandPalette
from .panelbar import PanelBar
from .panels.baseline import BaselinePanel
from .panels.feeds import FeedsPanel
from .panels.headlines import HeadlinesPanel
from .panels.irritants import IrritantCard, IrritantsPanel
from .panels.tariffs import TariffsPanel
from .screens.help import HelpScreen
from .screens.item import ItemScreen
from .screens.measure import MeasureScreen
from .topbar import TopBar
from .workers import DataWorkers, saved_theme, theme_record

if TYPE_CHECKING:  # the data layer loads in workers, after the first paint
    import webbrowser

    from ..items import Item
    from ..snapshot import Snapshot

ScreenT = TypeVar("ScreenT", bound=Screen[Any])
log = logging.getLogger(__name__)

PANELS = (("irritants", "1 Irritants"), ("tariffs", "2 Tariffs"), ("headlines", "3 Headlines"),
          ("baseline", "4 Baseline"), ("feeds", "5 Feeds"))
HIDDEN_PANELS = {"tariffs": TariffsPanel, "headlines": HeadlinesPanel,
                 "baseline": BaselinePanel, "feeds": FeedsPanel}


class ThawwatchApp(DataWorkers):
    """thawwatch's dashboard."""

    TITLE = "thawwatch"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("1", "show_panel('irritants')", "Irritants", show=False),
        Binding("2", "show_panel('tariffs')", "Tariffs", show=False),
        Binding("3", "show_panel('headlines', True)", "Headlines", show=False),
        Binding("4", "show_panel('baseline')", "Baseline", show=False),
        Binding("5", "show_panel('feeds')", "Feeds", show=False),
        Binding("tab", "cycle_panel(1)", "Next panel", priority=True, show=False),
        Binding("shift+tab", "cycle_panel(-1)", "Previous panel", priority=True, show=False),
        Binding("r", "refresh", "Refresh"),
        Binding("slash", "search", "Search"),
        Binding("o", "open_link", "Open link", show=False),
        Binding("s", "star", "Star", show=False),
        Binding("u", "toggle_read", "Read", show=False),
        Binding("escape", "back", "Back", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("Q", "quit", "Quit", show=False),  # from any screen
    ]

    def __init__(self, config: Config, db_path: Path, *, today: date | None = None,
                 theme: str | None = None, refresh_timer: bool = True,
                 clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.config = config
        self.db_path = Path(db_path)
        self.fixed_today = today
        self.clock = clock  # the local date (tests pass a fake one to pass midnight)
        self.as_of: date | None = None  # the date the latest snapshot load was asked for
        self.snapshot: Snapshot | None = None
        self._snapshot_seq = 0
        self._shown_seq = 0
        self._stale_through = 0  # loads up to this one may have read before a write
        self.new_headlines = NewHeadlines(now_utc())  # new since now, not yet in sight
        # the Headlines list shows every headline, or (the default) the relevant ones only
        self.all_headlines = config.ui.headlines == "all"
        self._switching = False  # action_show_panel is popping screens
        self.read_wanted: dict[str, bool] = {}  # item id -> read state last asked for
        self.refreshing = False
        self.refresh_timer = refresh_timer
        self._pool: Executor | None = None
        self._alerted_endings = False
        self._from_card: str | None = None  # the card whose headlines the list shows
        self.news_from_elsewhere = NewsFromElsewhere()  # alerts for what cron stored
        self._quiet_through = 0  # loads up to this one follow the dashboard's own refresh
        self._saved_theme = theme or config.ui.theme
        self._picked = theme  # a theme the user picked in the dashboard, if any
        self._stale_pick = False
        self._panels_ready = asyncio.Event()
        self.url_opener = self.open_link  # tests put a recorder here
        self.stop_refreshing = threading.Event()  # set on quit: the refresh worker stops

    @classmethod
    def from_db(cls, config: Config, db_path: Path, **kwargs: Any) -> ThawwatchApp:
        """The app with the theme the user last picked (kept in the database), unless
        the config's theme was changed since: the newer choice wins."""
        picked, under = saved_theme(db_path)
        stale = under is not None and under != config.ui.theme
        app = cls(config=config, db_path=db_path, theme=None if stale else picked, **kwargs)
        app._stale_pick = stale  # forgotten on mount, so a later config edit cannot revive it
        return app

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield PanelBar(PANELS, "irritants", id="panelbar")
        with ContentSwitcher(id="panels", initial="irritants"):
            with Vertical(id="irritants"):
                yield IrritantsPanel(id="irritants-panel", classes="panel")
            for panel in HIDDEN_PANELS:
                yield Vertical(id=panel)  # filled right after the first paint
        yield KeyBar()

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig, code in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):  # SIGINT: a `kill`,
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not Ctrl+C in raw mode
                loop.add_signal_handler(sig, self.exit, None, code)
        wanted = [(self._picked, "picked earlier")] if self._picked else []
        wanted.append((self.config.ui.theme, "in the config"))
        usable = [name for name, _ in wanted if name in self.available_themes]
        if usable:
            self.theme = usable[0]
        name, where = wanted[0]
        if name not in self.available_themes:  # the choice in force was not found: say which
            self.notify(f"unknown theme {name!r} ({where}): using {self.theme}"
                        " (Ctrl+P lists the themes)", severity="warning", markup=False)
        self._saved_theme = self.theme
        if self._stale_pick:
            self._write("theme", theme_record(self.theme, self.config.ui.theme))
        self._focus_panel("irritants")
        self.call_after_refresh(self._after_first_paint)
        self.set_interval(self.DATE_CHECK, self._check_date, name="date check")
        self._watch = ChangeWatch(self.db_path)
        self.set_interval(self.WRITES_CHECK, self._check_writes, name="writes check")
        if self._refreshes_on_open():
            self.timer = self.set_timer(self.OPEN_REFRESH_DELAY, self._refresh_due)
        else:
            self._arm_timer()

    async def _after_first_paint(self) -> None:
        """Start loading the data, then mount the panels not on screen.

        Mounting four hidden panels (three tables) costs about 20 ms the first screen does
        not need. Anything that touches them waits for ``_panels_ready``, so a key pressed
        in the meantime is served a moment later instead of failing.
        """
        self.load_data()
        try:
            for panel, widget in HIDDEN_PANELS.items():
                await self.query_one(f"#{panel}", Vertical).mount(
                    widget(id=f"{panel}-panel", classes="panel"))
        except (MountError, NoMatches):  # the app closed first
            return
        self._panels_ready.set()
        for panel in HIDDEN_PANELS:  # data that arrived while they mounted (no-op if none)
            self.paint_panel(self.query_one(f"#{panel}-panel"))

    def on_unmount(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if self._watch is not None:
            self._watch.close()

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit; a refresh under way stops at once (requests in flight are dropped), so
        `q` does not wait for the slowest feed."""
        self.stop_refreshing.set()
        super().exit(*args, **kwargs)

    @property
    def active_panel(self) -> str:
        """The id of the panel on screen."""
        return self.query_one(ContentSwitcher).current or "irritants"

    @on(PanelBar.Chosen)
    async def _panel_clicked(self, message: PanelBar.Chosen) -> None:
        await self.action_show_panel(message.panel)

    @property
    def today(self) -> date:
        """The as-of date: fixed for tests, else the local date."""
        return self.fixed_today or self.clock()

    def _check_date(self) -> None:
        """Reload when the local date has changed since the snapshot was asked for: left
        open past midnight with auto-refresh off, the dashboard showed yesterday's date
        and countdowns until the next refresh. Reading the clock costs nothing; the load
        runs in its worker as any other."""
        if self.as_of is not None and self.today != self.as_of:
            log.info("the date is now %s: reloading", self.today)
            self.load_data()

    def _check_writes(self) -> None:
        """Reload when another connection has written the database since what the panels
        show was read (``_seen_version``): a `thawwatch refresh` from cron stored
        headlines, or `ledger accept` or `feeds add` changed what the panels show. Before,
        they showed only after the dashboard's own next refresh, up to its interval later.
        During a refresh its own reloads show what it stores."""
        if self._watch is None or self.refreshing or not self._snapshot_seq:
            return  # (before the first load is asked for, there is nothing to reload)
        if any(w.group == "snapshot" and not w.is_finished for w in self.workers):
            return  # a load is under way: its own writes are not another's (see there)
        version = self._watch.version()
        if version is not None and version != self._seen_version:
            log.info("the database was written elsewhere: reloading")
            self.load_data()

    # ----------------------------------------------------------------- messages
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker errors surface: a toast and the log, never a crash."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            log.error("worker %s failed: %s", event.worker.name, error, exc_info=error)
            # SQLite's own words, said as the CLI says them: a damaged file points at
            # `thawwatch db check` ("database disk image is malformed" did not)
            said = describe(error) if isinstance(error, sqlite3.Error) else str(error)
            self.notify(said or type(error).__name__, title="Error", severity="error",
                        markup=False)
            if event.worker.group == "refresh":
                self._refresh_ended()
                self.load_data()  # what was stored before the failure shows
            elif event.worker.group == "write":
                for screen in self._stacked(MeasureScreen):
                    screen.forget_sent()  # the change is still pending: a/d may try again

    # ----------------------------------------------------------------- messages
    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        # A worker's message that lands while the app shuts down: its widgets are being
        # removed, and querying them raised NoMatches (a reload as `q` was pressed)
        if not self.is_running:
            return
        if message.seq < self._shown_seq or message.seq <= self._stale_through:
            return  # an older load finished late, or one read before a write: a newer comes
        self._shown_seq = message.seq
        written = self._written_version
        if written is not None and written[0] == message.seq == self._snapshot_seq:
            self._seen_version = written[1]  # past the load's own writes: see ``written``
        snap = message.snapshot
        self.snapshot = snap
        self.new_headlines.note(snap.headlines, snap.relevant)
        for panel in self.query(".panel"):
            if panel.is_mounted:  # one still mounting paints itself when it is ready
                self.paint_panel(panel)
        self._headlines_seen()  # now, not on its message: no "5 new" for a frame
        self._show_counts()
        for screen in self._stacked(MeasureScreen):  # under the help or palette too
            screen.show(snap)
        self._alert(self.news_from_elsewhere.note(
            snap, quiet=self.refreshing or message.seq <= self._quiet_through))
        if not self._alerted_endings:
            from ..alerts import ending_alerts

            self._alerted_endings = True
            self._alert([a.text for a in ending_alerts(snap.ledger, snap.as_of,
                                                         self.config.ui.alert_days,
                                                         lambda: snap.pending)])

    def paint_panel(self, panel: Any) -> None:
        """Render one panel from the current snapshot (panels mounted late call this too)."""
        if self.snapshot is None:
            return
        if isinstance(panel, HeadlinesPanel):
            snap = self.snapshot
            panel.show(snap.headlines, snap.stories, snap.relevant, snap.relevant_stories)
        else:
            panel.show(self.snapshot)

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        if not self.is_running:
            return
        self.query_one(TopBar).progress(message.done, message.total)
        if message.new_so_far > self._shown_new and self._interim is None:
            self._interim = self.set_timer(self.INTERIM_RELOAD, self._interim_reload)
            self._shown_new = message.new_so_far

    def _interim_reload(self) -> None:
        """Show what the refresh has stored so far: one slow or dead feed (up to its
        timeout) must not hold back the headlines the others brought."""
        self._interim = None
        if self.refreshing:
            self.load_data()

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        if not self.is_running:
            return
        report = message.report
        # beside the bar's "2 new", the relevant of the "5 new items"
        summary = report.summary(None if self.all_headlines else message.new_relevant)
        asked = self._refresh_asked
        failed = bool(report.failed) or bool(not report.attempted and report.failing_elsewhere)
        # cut on a narrow bar, the summary lost its failures ("1 of 15 feeds ok, 1…"): then
        # the short form keeps them ("1/15 ok, 14 failed")
        self._refresh_ended(summary, failed=failed, short=report.short() if failed else "")
        if report.all_failed and report.attempted:  # offline, or every server down: a toast
            # (feeds only waiting out a Retry-After get the status line: nothing was tried)
            self.notify(f"{report.summary()}. The Feeds panel (5) has each feed's error.",
                        title="Refresh failed", severity="error", markup=False)
        elif asked and report.failed:  # the bar cuts "1 of 3 feeds ok, 2 f…" on 80 columns
            self.notify(f"{summary}. The Feeds panel (5) has each failed feed's error.",
                        title="Some feeds failed", severity="warning", markup=False)
        elif asked and len(self.screen_stack) > 1:  # the bar is under this screen
            self.notify(summary, title="Refreshed", markup=False)
        self._alert(message.alerts)
        self._quiet_through = self._snapshot_seq + 1  # (the load that shows them)
        self.load_data()
        if report.new_items and self._panels_ready.is_set():
            panel = self.query_one(HeadlinesPanel)
            if panel.query_text is not None and panel.query_text == self._last_search:
                # results on screen take the new headlines in (none newer is on its way)
                self.run_search(panel.query_text, panel.topics, again=True)

    async def on_search_results(self, message: SearchResults) -> None:
        if not self.is_running:
            return
        if message.query != self._last_search:  # an older search's thread finished late
            return
        await self._panels_ready.wait()
        panel = self.query_one(HeadlinesPanel)
        if message.again and panel.query_text != message.query:
            return  # the search was cleared while it ran again
        panel.show_search(message.query, message.items)
        if not message.again:  # a search the user made: its results take the keys
            self.query_one("#headlines-table", DataTable).focus()

    def on_ledger_changed(self, message: LedgerChanged) -> None:
        self.notify(message.text, markup=False)
        self.load_data()

    @on(IrritantCard.Opened)
    async def _card_opened(self, message: IrritantCard.Opened) -> None:
        await self._panels_ready.wait()
        self._last_search = None  # the topic list replaces any search
        self.query_one(HeadlinesPanel).set_topics(message.topics)
        await self.action_show_panel("headlines")
        self._from_card = message.card  # Esc goes back to it

    async def _back_to_card(self) -> bool:
        """After a card's headlines (its topic list, left as it was), Esc returns to the
        card it came from (a user review: it stayed on the Headlines, where h and l did
        nothing); False when the list was not opened from a card."""
        card, self._from_card = self._from_card, None
        if card is None:
            return False
        await self.action_show_panel("irritants")
        for found in self.query(f"#{card}"):
            found.focus()
        return True

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if event.data_table.id == "headlines-table" and key:  # a click (Enter: at once)
            self.open_headline(key)
        elif event.data_table.id == "tariffs-table" and key:
            self.open_measure(key)

    def open_measure(self, measure_id: str) -> None:
        """A measure's screen: its timeline and pending changes (from the Tariffs panel, or
        a headline's signal)."""
        if self.snapshot is not None and measure_id in self.snapshot.ledger.measures:
            self.push_screen(MeasureScreen(self.snapshot, measure_id))

    def open_headline(self, key: str) -> None:
        """The headline's own screen; opening it marks it read (shown read at once)."""
        item = self.query_one(HeadlinesPanel).items.get(key)
        if item is None:
            return
        if not item.read:
            self.mark_read(item.id, True)
            item = replace(item, read=True)
        self.push_screen(ItemScreen(item))

    @on(Input.Submitted, "#search-input")
    def _search_submitted(self, event: Input.Submitted) -> None:
        from ..items import search_terms, shown_query  # loaded by the workers by now

        query = event.value.strip()
        if query and (why := search_terms(query).nothing_to_find()):  # as the CLI says it
            self.notify(f"Search {shown_query(query)}: {why}.", severity="warning",
                        markup=False)
            return  # the box stays open, with the words, to be corrected
        event.input.add_class("hidden")
        if query:
            self._last_search = query
            self.run_search(query, self.query_one(HeadlinesPanel).topics)
        else:
            self._last_search = None
            self.query_one(HeadlinesPanel).clear_search()

    # ----------------------------------------------------------------- actions
    async def action_show_panel(self, panel: str, whole: bool = False) -> None:
        """Switch to a panel and focus its content; ``whole`` (the `3` key): the headline
        list whole, not the topic a card opened it on (a user pressed 3 for all of them)."""
        await self._panels_ready.wait()
        if whole and panel == "headlines":
            headlines = self.query_one(HeadlinesPanel)
            if headlines.topics is not None:
                self._from_card = None
                headlines.set_topics(None)
        self._switching = True  # popping on the way to another panel is not a look at
        try:                    # the headlines
            while len(self.screen_stack) > 1:
                self.pop_screen()
        finally:
            self._switching = False
        if panel != "headlines":  # a query left unsent stays in the box, for `/`
            self.query_one(HeadlinesPanel).close_search_box()
        self.query_one(ContentSwitcher).current = panel
        self.query_one(PanelBar).show(panel)
        self._focus_panel(panel)
        self._headlines_seen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tab and Shift+Tab switch panels, except while the search box is being typed
        in: there they left the query unsent, the box open, on another panel."""
        return not (action == "cycle_panel" and isinstance(self.focused, Input))

    async def action_cycle_panel(self, step: int) -> None:
        if len(self.screen_stack) > 1:
            return
        ids = [p for p, _ in PANELS]
        current = self.active_panel
        await self.action_show_panel(ids[(ids.index(current) + step) % len(ids)])

    def _focus_panel(self, panel: str) -> None:
        targets = {"irritants": "#card-agriculture", "tariffs": "#tariffs-table",
                   "headlines": "#headlines-table", "baseline": "#baseline-panel",
                   "feeds": "#feeds-table"}
        self.query_one(targets[panel]).focus()

    def action_refresh(self) -> None:
        """Refresh every feed now (never two refreshes at once)."""
        if self.refreshing:
            self.notify("A refresh is already running.")
            return
        if self.timer is not None:
            self.timer.stop()
        self._refresh_asked = True  # its end is told, where the timer's only shows in the bar
        if len(self.screen_stack) > 1:  # the bar, with its progress, is under this screen
            self.notify("Refreshing the feeds…", timeout=2, markup=False)
        self._start_refresh(only_due=False)

    def _refresh_due(self) -> None:
        """The timer's refresh: only the feeds whose interval has passed (added ones too)."""
        if self.refreshing:
            self._arm_timer()
            return
        self._start_refresh(only_due=True)

    def _start_refresh(self, only_due: bool) -> None:
        self._set_refreshing(True)
        self.query_one(TopBar).status("refreshing…")
        self.run_refresh(only_due=only_due)

    timer: Any = None
    _refresh_asked = False  # the refresh under way was asked for with `r`
    _last_search: str | None = None  # the query whose results may be shown
    _interim: Any = None  # the timer of a reload during a refresh
    _shown_new = 0  # new items of this refresh that a reload was asked for
    #: Seconds from a feed's new items being stored to their showing, during a refresh (a
    #: burst of feeds makes one reload).
    INTERIM_RELOAD = 0.5
    #: Seconds from opening to the refresh of due feeds: the first screen and the stored
    #: headlines come first.
    OPEN_REFRESH_DELAY = 1.0
    #: Seconds between looks at the clock for a new day (the as-of date and countdowns).
    DATE_CHECK = 60.0
    #: Seconds between looks for what other processes wrote (one PRAGMA each).
    WRITES_CHECK = 3.0

    def _refreshes_on_open(self) -> bool:
        """Whether to catch up on opening: stale feeds would otherwise wait a whole
        interval; the refresh asks only the due ones, then the timer is armed as usual."""
        return (self.refresh_timer and self.config.ui.refresh_on_open
                and self.config.refresh.interval_minutes > 0)

    def _arm_timer(self) -> None:
        """Arm the next auto-refresh; called again only after a refresh ends."""
        minutes = self.config.refresh.interval_minutes
        if not self.refresh_timer or minutes <= 0:
            return
        feed_minutes = [f.interval_minutes for f in self.config.feeds if f.interval_minutes]
        minutes = min([minutes, *feed_minutes])
        if self.timer is not None:  # one chain of timers, whatever started this refresh
            self.timer.stop()
        self.timer = self.set_timer(minutes * 60, self._refresh_due)

    def _set_refreshing(self, refreshing: bool) -> None:
        self.refreshing = refreshing
        if self._panels_ready.is_set():  # an empty list says a refresh is under way
            self.query_one(HeadlinesPanel).show_note()

    def _refresh_ended(self, summary: str = "refresh failed", failed: bool = True,
                       short: str = "") -> None:
        self._set_refreshing(False)
        self._refresh_asked = False  # (a worker's error ends it too: the next is the timer's)
        self._shown_new = 0
        if self._interim is not None:  # the end reloads anyway
            self._interim.stop()
            self._interim = None
        self.query_one(TopBar).status(summary, style="bold red" if failed else "dim",
                                      short=short)
        self._arm_timer()

    async def action_search(self) -> None:
        await self.action_show_panel("headlines")
        box = self.query_one(HeadlinesPanel).search_box()
        box.remove_class("hidden")
        self.call_after_refresh(box.focus)

    async def action_back(self) -> None:
        """Esc: close a detail view, else clear the search or topic filter."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
            return
        await self._panels_ready.wait()
        if self.active_panel != "headlines":
            return  # the search and the topic filter are the Headlines panel's
        panel = self.query_one(HeadlinesPanel)
        if panel.search_open():
            panel.close_search_box()
            self.query_one("#headlines-table").focus()
        elif panel.query_text is not None or self._last_search is not None:
            self._last_search = None  # results still on their way are not wanted now
            panel.clear_search()
        elif panel.topics is not None:
            panel.set_topics(None)
            await self._back_to_card()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def _current_item(self) -> Item | None:
        if isinstance(self.screen, ItemScreen):
            return self.screen.item
        if self.active_panel == "headlines":
            return self.query_one(HeadlinesPanel).selected
        return None

    def _headline_here(self, key: str) -> Item | None:
        """The headline `o`, `s` or `u` acts on; where there is none, say where they work
        (pressed on a card or a measure they did nothing, and said nothing)."""
        item = self._current_item()
        if item is None and self.active_panel != "headlines" and len(self.screen_stack) == 1:
            self.notify(f"{key} acts on a headline: 3 shows the Headlines.", timeout=3,
                        markup=False)
        return item

    def action_open_link(self) -> None:
        if (item := self._headline_here("o")) is not None:
            self.open_item_link(item)

    def action_star(self) -> None:
        if (item := self._headline_here("s")) is not None:
            self.star_item(item.id)

    def action_toggle_read(self) -> None:
        if (item := self._headline_here("u")) is not None:
            self.mark_read(item.id, not item.read)

    def open_item_link(self, item: Item) -> None:
        """Hand only a canonical http(s) link to the browser; anything else is refused."""
        from ..text import canonical_link

        link = canonical_link(item.link) if item.link else None
        if not link or not link.startswith(("http://", "https://")):
            self.notify("This headline has no http(s) link to open.", severity="warning")
            return
        self.url_opener(link)

    def open_in_terminal(self, browser: webbrowser.BaseBrowser, url: str) -> None:
        """Run a console browser with the dashboard suspended (it needs the terminal)."""
        try:
            with self.suspend():
                browser.open(url)
        except SuspendNotSupported:
            self.link_not_opened(url, f"{browser.name} would need this terminal")

    def link_not_opened(self, url: str, why: str) -> None:
        """The link in a toast, and on the clipboard where the terminal allows it."""
        self.copy_to_clipboard(url)
        self.notify(f"{why}: the link is copied to the clipboard (if the terminal allows "
                    f"it).\n{url}", title="Link", severity="warning", timeout=15, markup=False)

    def star_item(self, item_id: str) -> None:
        self._write("star", item_id)

    def mark_read(self, item_id: str, read: bool) -> None:
        self.read_wanted[item_id] = read  # the last press wins, whichever writer runs first
        self._write("read", item_id, read)

    def decide(self, decision_id: str, verb: str) -> None:
        """Accept, dismiss or undo (``verb``) a change (from the measure screen)."""
        self._write(verb, decision_id)

    def _item_changed(self, item: Item, totals: dict[str, int]) -> None:
        if self._snapshot_seq > self._shown_seq:
            # A load under way (a refresh reloads every half second) may have read the
            # headline before this write: shown after it, it took the read mark or the
            # star back, and the unread count with it. Another load replaces it.
            self._stale_through = self._snapshot_seq
            self.load_data()
        if self.snapshot is not None:  # the unread count follows the reading at once
            self.snapshot = replace(self.snapshot, totals=totals)
            self._show_counts()
        if not self._panels_ready.is_set():
            return  # only a headline the user opened changes, and its panel is mounted
        self.query_one(HeadlinesPanel).update_item(item)
        for screen in self._stacked(ItemScreen):
            if screen.item.id == item.id:
                screen.show(item)

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and theme != self._saved_theme:
            self._saved_theme = theme
            self._write("theme", theme_record(theme, self.config.ui.theme))

    # ----------------------------------------------------------------- helpers
    def _stacked(self, kind: type[ScreenT]) -> list[ScreenT]:
        """Every open screen of ``kind``, the top one or one under the help screen or the
        palette: data arriving meanwhile must reach it, or it shows stale state after."""
        return [screen for screen in self.screen_stack if isinstance(screen, kind)]

    def pop_screen(self) -> Any:
        """Back to the panels: headlines counted as new while a screen covered the list
        are in sight now (as when the list is opened with 3)."""
        popped = super().pop_screen()
        if len(self.screen_stack) == 1 and not self._switching:
            self._headlines_seen()
        return popped

    @on(HeadlinesPanel.RowsInSight)
    def _headlines_seen(self) -> None:
        """New headlines are seen once the Headlines panel shows their rows, or rows above
        them, with no other screen over it: only those above the rows on screen can be
        missed (the list about Canada–China shows only its own: the others stay new for
        the list of all)."""
        if (self.new_headlines and self.snapshot is not None
                and self.active_panel == "headlines"
                and len(self.screen_stack) == 1 and self._panels_ready.is_set()
                and self.new_headlines.seen(self.query_one(HeadlinesPanel).keys_passed())):
            self._show_counts()

    @property
    def new_count(self) -> int:
        """New headlines not yet in sight, of those the list shows (all, or relevant)."""
        return self.new_headlines.count(self.all_headlines)

    def _show_counts(self) -> None:
        """The top bar's numbers: unread and new count what the Headlines list shows."""
        if self.snapshot is not None:
            self.query_one(TopBar).show(self.snapshot, self.new_count,
                                        relevant=not self.all_headlines)
            # (the list under any screen over it; none before the panels are mounted)
            for panel in self.screen_stack[0].query(HeadlinesPanel):
                panel.show_new(self.new_headlines.keys(self.all_headlines))

    @on(HeadlinesPanel.Toggled)
    def _list_toggled(self) -> None:
        """``t`` on the list: all headlines or the relevant ones; the counts follow. From
        a search or a topic's list it goes back to the full list: those rows would be the
        same either way (a topic's headlines are all about Canada–China, a search finds
        both), so only the top bar's counts would have changed."""
        self.all_headlines = not self.all_headlines
        self._last_search = None  # results still on their way are not wanted now
        self.query_one(HeadlinesPanel).show_full_list()
        self._show_counts()

    #: Alerts shown in the one toast of a refresh; the rest are counted at its end.
    ALERT_LINES = 3

    def _alert(self, lines: list[str]) -> None:
        """One toast per refresh, however many alerts: a toast each (up to five) covered
        the Tariffs table's Now, Since, Until and Pending columns at 80×24 for 10 s."""
        if not lines:
            return
        if self.config.ui.notify:
            shown = lines[:self.ALERT_LINES]
            if more := len(lines) - len(shown):
                shown.append(f"… and {more} more: the Tariffs panel (2) has them all")
            title = "thawwatch alert" if len(lines) == 1 else f"thawwatch: {len(lines)} alerts"
            self.notify("\n".join(shown), title=title, severity="warning", timeout=10,
                        markup=False)
        if self.config.ui.bell:
            self.bell()

    # Textual's three ways to a palette, each with the palette guarded against a double
    # Enter (see palette.py); their bodies are Textual 8.2.8's.
    def action_command_palette(self) -> None:
        """Ctrl+P."""
        if self.use_command_palette and not OnceCommandPalette.is_open(self):
            self.push_screen(OnceCommandPalette(id="--command-palette"))

    def search_commands(self, commands: Sequence[CommandListItem],
                        placeholder: str = "Search for commands…") -> AwaitMount:
        return self.push_screen(OnceCommandPalette(
            providers=[SimpleProvider(self.screen, commands)], placeholder=placeholder))

    def search_themes(self) -> None:
        """The theme picker (Ctrl+P → Theme)."""
        from textual.theme import ThemeProvider

        self.push_screen(OnceCommandPalette(providers=[ThemeProvider],
                                            placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen) -> Any:
        yield from super().get_system_commands(screen)
        for panel, label in PANELS:
            yield SystemCommand(f"Panel: {label[2:]}", f"Switch to the {label[2:]} panel",
                                lambda p=panel: self.call_later(self.action_show_panel, p))
        yield SystemCommand("Refresh feeds", "Fetch every feed now", self.action_refresh)
        yield SystemCommand("Search headlines", "Full-text search", self.action_search)
        yield SystemCommand("Help", "Show the keys", self.action_help)
