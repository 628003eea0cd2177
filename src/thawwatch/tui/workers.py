"""The dashboard's blocking work: each runs in a worker thread and only posts messages.

Reading the snapshot, refreshing the feeds, searching and the small writes (read, star,
decisions, theme) never touch the UI thread; errors surface through the app's one
``Worker.StateChanged`` handler.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from ..config import Config
from ..store import ChangeWatch, Store
from .messages import LedgerChanged, RefreshFinished, RefreshProgress, SearchResults, SnapshotReady

if TYPE_CHECKING:
    from ..items import Item

THEME_KEY = "ui.theme"
_WRITES = threading.Lock()  # the small writes, one at a time (see _write)


def saved_theme(db_path: Path) -> tuple[str | None, str | None]:
    """The theme the user last picked, and the config's theme at that moment (None when
    not recorded), read without opening (or creating) the store: a read-only peek at the
    meta table, so a bad database is reported by the workers."""
    import json
    import sqlite3

    if not db_path.is_file():
        return None, None
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (THEME_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None, None
    if not row:
        return None, None
    try:
        saved = json.loads(row[0])
    except ValueError:
        return row[0], None  # written by an older thawwatch: the name alone
    if isinstance(saved, dict) and isinstance(saved.get("theme"), str):
        under = saved.get("config")
        return saved["theme"], under if isinstance(under, str) else None
    return None, None


def theme_record(picked: str, config_theme: str) -> str:
    """What ``saved_theme`` reads back: the pick and the config's theme it overrode."""
    import json

    return json.dumps({"theme": picked, "config": config_theme})


class DataWorkers(App[None]):
    """The app's base: its workers, and the state of the app they use (set by the app)."""

    config: Config
    db_path: Path
    today: date  # the as-of date (a property of the app)
    as_of: date | None  # the date the latest snapshot load was asked for
    _pool: Executor | None
    _snapshot_seq: int
    _item_changed: Callable[[Item, dict[str, int]], None]  # a changed headline, new totals
    stop_refreshing: threading.Event  # set when the app quits

    _watch: ChangeWatch | None = None  # what others write (see ``_check_writes``)
    #: The database's data_version that the panels show all writes up to: read when a load
    #: is asked for, then (once that load is shown) when its own writes were done
    _seen_version: int | None = None
    _written_version: tuple[int, int] | None = None  # (load, data_version after its writes)

    def load_data(self) -> None:
        """Reload the snapshot as of today; a slower, older load can never overwrite a
        newer one."""
        if self._watch is not None:  # what is written from now on is for the next load
            self._seen_version = self._watch.version()
        self._snapshot_seq += 1
        self.as_of = self.today  # read here, on the UI thread: the date check compares it
        self._load_snapshot(self._snapshot_seq, self.as_of)

    @work(thread=True, exclusive=True, group="snapshot", exit_on_error=False)
    def _load_snapshot(self, seq: int, as_of: date) -> None:
        """Read everything the panels show."""
        from ..snapshot import load_snapshot

        def written() -> None:
            """The load's own writes are done, and it has read nothing yet: once it is shown
            the writes watch counts from here (it does not look while a load is under way),
            so it does not take them for another process's and reload for them (once on
            every opening, up to 3 s after it). A load that fails is never shown: the
            watch then still counts from the ask, and what others wrote shows at its next
            look."""
            version = self._watch.version() if self._watch is not None else None
            if version is not None:
                self._written_version = (seq, version)  # taken on by the UI thread when shown

        snap = load_snapshot(self.db_path, self.config, as_of, written)
        self.post_message(SnapshotReady(snap, seq))

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def run_refresh(self, only_due: bool = False) -> None:
        """Fetch the feeds; progress and the result come back as messages."""
        from ..alerts import signal_alerts
        from ..items import new_stories
        from ..refresh import parse_pool, run_refresh

        if self._pool is None:
            self._pool = parse_pool(quiet=True)  # a worker's output would be over the screen
        new_so_far = 0

        def progress(outcome: Any, done: int, total: int) -> None:
            nonlocal new_so_far
            new_so_far += outcome.new
            self.post_message(RefreshProgress(outcome, done, total, new_so_far))

        with Store.open(self.db_path) as store:
            report = run_refresh(store, self.config, only_due=only_due, executor=self._pool,
                                 progress=progress, stop=self.stop_refreshing)
            alerts = [a.labelled() for a in signal_alerts(store, report.new_ids)]
            _, relevant = new_stories(store, report.new_ids)
        self.post_message(RefreshFinished(report, alerts, relevant))

    @work(thread=True, group="link", exit_on_error=False)
    def open_link(self, url: str) -> None:
        """Open an http(s) link in the user's browser, never from the UI thread: finding
        the browser may run a program, and a graphical one takes a moment to start.
        Browsers are tried in ``webbrowser``'s order until one starts; a console browser
        gets the terminal (``open_in_terminal``); with no browser, or none that starts,
        the link is copied and shown instead (``link_not_opened``)."""
        from .links import choose_browsers, launch

        choices = choose_browsers()
        for choice in choices:
            assert choice.browser is not None  # choose_browsers lists found browsers only
            if choice.in_terminal:
                self.call_from_thread(self.open_in_terminal, choice.browser, url)
                return
            if launch(choice.browser, url):
                return
        why = "The browser did not start" if choices else "No web browser found"
        self.call_from_thread(self.link_not_opened, url, why)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str, topics: tuple[str, ...] | None = None,
                   again: bool = False) -> None:
        """Full-text search off the UI thread, within the topic filter."""
        from .. import items as itemstore

        with Store.open(self.db_path) as store:
            found = itemstore.search(store, query, limit=itemstore.SEARCH_LIMIT + 1,
                                     topics=topics)  # one more: are there more than shown?
        self.post_message(SearchResults(query, found, again))

    @work(thread=True, group="write", exit_on_error=False)
    def _write(self, kind: str, key: str, value: Any = None) -> None:
        """Small writes (read, star, decisions, theme), each in its own transaction.

        One at a time (``_WRITES``), each showing its result before the next starts: the
        totals of two quick `u` presses arrive in the order they were counted, so the
        unread count ends as the database has it.
        """
        from .. import decisions as decisions_mod
        from .. import items as itemstore
        from ..ledger_file import measure_label
        from ..wording import change_words

        now = itemstore.now_utc()
        with _WRITES, Store.open(self.db_path) as store:
            if kind == "theme":
                store.set_meta(THEME_KEY, key)
                return
            if kind == "read":  # two quick presses: their writers may run in either order
                wanted = getattr(self, "read_wanted", {})
                itemstore.set_read(store, key, bool(wanted.get(key, value)))
            elif kind == "star":
                itemstore.toggle_star(store, key)
            elif kind == "accept":
                chosen = decisions_mod.get(store, key)
                event = decisions_mod.accept(store, key, now)
                also = decisions_mod.settled_words(store, key)
                if event is None:
                    self.post_message(LedgerChanged(
                        f"Accepted: {measure_label(chosen.measure)} — {decisions_mod.ALREADY};"
                        f" nothing in it changed{also}."))
                    return
                change = change_words(event.action, event.rate, event.date, event.until)
                overruled = decisions_mod.overruled_words(store, event)
                self.post_message(LedgerChanged(
                    f"Accepted: {measure_label(event.measure)} — {change}{also}{overruled}"))
                return
            elif kind == "dismiss":
                gone = decisions_mod.dismiss(store, key, now)
                change = change_words(gone.action, gone.rate, gone.effective, gone.until,
                                      gone.scope)
                also = decisions_mod.settled_words(store, key)
                self.post_message(LedgerChanged(
                    f"Dismissed: {measure_label(gone.measure)} — {change}{also}"
                    f" (u brings it back, or `thawwatch ledger undo {key}`)."))
                return
            elif kind == "undo":
                undone = decisions_mod.undo(store, key)
                self.post_message(LedgerChanged(
                    f"Undone: {measure_label(undone.measure)} — the change is pending again."))
                return
            item = itemstore.get_item(store, key)
            if item is not None:
                self.call_from_thread(self._item_changed, item, itemstore.counts(store))
