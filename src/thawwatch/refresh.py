"""One refresh: fetch the feeds concurrently, parse off the calling thread, store per feed.

Shared by `thawwatch refresh` and the dashboard's worker, so both behave the same:
Retry-After is always honoured, a 304 costs no parsing, each feed is stored in its own
short transaction (a crash loses at most the feed being written), and a failing feed
only ever records a one-line error.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import feeds as feedstore
from .config import Config
from .fetch import FeedRequest, FetchLimits, FetchResult, fetch_all
from .items import ingest, now_utc
from .parse import ParsedFeed, parse_feed
from .retention import prune
from .store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedOutcome:
    """What happened to one feed in one refresh."""

    url: str
    name: str
    ok: bool
    new: int = 0
    not_modified: bool = False
    skipped: str | None = None
    error: str | None = None
    seconds: float = 0.0
    new_ids: tuple[str, ...] = ()

    def line(self) -> str:
        """One human line, for the non-TTY progress output."""
        if self.skipped:
            return f"skip  {self.name}: {self.skipped}"
        if not self.ok:
            return f"FAIL  {self.name}: {self.error}"
        if self.not_modified:
            return f"ok    {self.name}: not modified"
        return f"ok    {self.name}: {self.new} new"


@dataclass
class RefreshReport:
    """All outcomes of one refresh, in feed order."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0
    pruned: int = 0

    @property
    def attempted(self) -> list[FeedOutcome]:
        """Feeds actually fetched (not skipped)."""
        return [o for o in self.outcomes if not o.skipped]

    @property
    def failed(self) -> list[FeedOutcome]:
        """Feeds whose fetch or parse failed."""
        return [o for o in self.attempted if not o.ok]

    @property
    def new_items(self) -> int:
        """How many new items were stored."""
        return sum(o.new for o in self.outcomes)

    @property
    def new_ids(self) -> list[str]:
        """Ids of the new items, for alerts."""
        return [i for o in self.outcomes for i in o.new_ids]

    @property
    def all_failed(self) -> bool:
        """True when feeds were fetched and every one failed (exit code 1)."""
        return bool(self.attempted) and len(self.failed) == len(self.attempted)

    def summary(self) -> str:
        """The closing line of `thawwatch refresh`."""
        ok = len(self.attempted) - len(self.failed)
        skipped = len(self.outcomes) - len(self.attempted)
        text = (f"{ok} of {len(self.attempted)} feeds ok, {len(self.failed)} failed, "
                f"{self.new_items} new items in {self.seconds:.1f} s")
        text += f" ({skipped} skipped)" if skipped else ""
        return text + (f"; {self.pruned} old items pruned" if self.pruned else "")


Progress = Callable[[FeedOutcome, int, int], None]


def limits_from(config: Config) -> FetchLimits:
    """Fetch limits from the [refresh] section."""
    r = config.refresh
    return FetchLimits(concurrency=r.concurrency, per_host=r.per_host,
                       timeout=float(r.timeout_seconds), max_bytes=r.max_bytes)


def parse_pool(workers: int = 2) -> ProcessPoolExecutor:
    """Worker processes for parsing (feedparser is pure Python and holds the GIL).

    'forkserver' (or 'spawn') rather than 'fork': the dashboard has threads running.
    Each worker exits by itself if the process that made the pool dies (e.g. a cron
    `thawwatch refresh` killed with SIGKILL), so nothing is left running.
    """
    _start_resource_tracker()
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=_exit_with_parent, initargs=(os.getpid(),))


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a stderr it can pass to its child.

    Inside the dashboard ``sys.stderr`` is Textual's capture object, whose ``fileno()``
    is -1; the tracker would hand that to its child and every refresh would fail. For the
    moment it starts, it gets /dev/null instead (its warnings must not reach the TUI).
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    saved = sys.stderr
    with open(os.devnull, "w") as null:
        sys.stderr = null
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _exit_with_parent(parent: int) -> None:
    """Runs in each parser worker: a watchdog thread that ends the worker with its parent."""

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # pid reused by someone else's process: parent is gone
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def run_refresh(
    store: Store,
    config: Config,
    *,
    only_due: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    classify: Callable[..., Any] | None = None,
    executor: Executor | None = None,
    now: datetime | None = None,
) -> RefreshReport:
    """Refresh the active feeds once and store what is new.

    ``only_due`` polls just the feeds whose interval (and backoff) has passed, as the
    dashboard's timer does; ``force`` ignores a server's Retry-After. ``executor`` runs
    the parsing (a process pool to use both cores); None parses in this thread. Each feed
    is stored and reported as soon as it arrives, so one slow feed holds up no other.
    """
    started = time.perf_counter()
    now = now or now_utc()
    feedstore.sync_config(store, config.feeds, now)
    report = RefreshReport()
    chosen: list[feedstore.Feed] = []
    skipped: list[FeedOutcome] = []
    for feed in feedstore.active_feeds(store, config):
        if feed.waiting(now) and not force:
            until = feed.next_attempt.strftime("%H:%M UTC") if feed.next_attempt else "later"
            skipped.append(FeedOutcome(feed.url, feed.display_name, ok=True,
                                       skipped=f"server asked to wait until {until}"))
        elif not only_due or feed.due(now, config.refresh.interval_minutes or 30):
            chosen.append(feed)
    total = len(chosen) + len(skipped)

    def _report(outcome: FeedOutcome) -> None:
        report.outcomes.append(outcome)
        if progress:
            progress(outcome, len(report.outcomes), total)

    for outcome in skipped:
        _report(outcome)
    for feed, result, future in _fetch_and_parse(chosen, limits_from(config), executor, now):
        _report(_store_one(store, feed, result, future, now, classify))
    report.pruned = prune(store, config.retention.days, now).deleted
    report.seconds = time.perf_counter() - started
    return report


Arrival = tuple[feedstore.Feed, FetchResult, "Future[ParsedFeed] | None"]


def _fetch_and_parse(
    chosen: Sequence[feedstore.Feed], limits: FetchLimits, executor: Executor | None,
    now: datetime,
) -> Iterator[Arrival]:
    """Yield each feed as its fetch ends, its body already handed to the parser.

    The fetching runs in its own thread (its own event loop), so the caller stores and
    reports each feed while the others are still downloading.
    """
    if not chosen:
        return
    by_url = {f.url: f for f in chosen}
    arrivals: queue.Queue[Arrival | BaseException | None] = queue.Queue()

    def _arrived(result: FetchResult) -> None:
        future: Future[ParsedFeed] | None = None
        if not (result.error or result.not_modified or result.body is None):
            base = result.final_url or result.url  # relative links resolve after redirects
            if executor is not None:
                future = executor.submit(parse_feed, result.body, base, now)
            else:
                future = Future()
                future.set_result(parse_feed(result.body, base, now))
        arrivals.put((by_url[result.url], result, future))

    def _fetch() -> None:
        requests = [FeedRequest(f.url, f.etag, f.last_modified) for f in chosen]
        try:
            asyncio.run(fetch_all(requests, limits, on_result=_arrived))
        except BaseException as exc:  # surfaced in the caller's thread
            arrivals.put(exc)
        finally:
            arrivals.put(None)

    fetcher = threading.Thread(target=_fetch, name="thawwatch-fetch", daemon=True)
    fetcher.start()
    try:
        while (item := arrivals.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        fetcher.join(timeout=limits.timeout + 5)


def _store_one(
    store: Store, feed: feedstore.Feed, result: FetchResult,
    future: Future[ParsedFeed] | None, now: datetime, classify: Callable[..., Any] | None,
) -> FeedOutcome:
    name = feed.display_name
    if result.error:
        feedstore.record_failure(store, feed.url, now=now, error=result.error,
                                 retry_after=result.retry_after)
        return FeedOutcome(feed.url, name, ok=False, error=result.error, seconds=result.elapsed)
    if result.not_modified or future is None:
        feedstore.record_success(store, feed.url, now=now, etag=result.etag,
                                 last_modified=result.last_modified, title=None)
        return FeedOutcome(feed.url, name, ok=True, not_modified=True, seconds=result.elapsed)
    try:
        parsed = future.result()
    except Exception as exc:  # a crashed parser worker must not take the refresh down
        log.warning("parser failed on %s", feed.url, exc_info=True)
        parsed = ParsedFeed(title="", items=[], error=f"parser failed: {type(exc).__name__}")
    if parsed.error:
        feedstore.record_failure(store, feed.url, now=now, error=parsed.error)
        return FeedOutcome(feed.url, name, ok=False, error=parsed.error, seconds=result.elapsed)
    new_ids = ingest(store, feed.url, parsed.items, now, classify)
    feedstore.record_success(store, feed.url, now=now, etag=result.etag,
                             last_modified=result.last_modified, title=parsed.title or None)
    return FeedOutcome(feed.url, feed.name or parsed.title or feed.url, ok=True,
                       new=len(new_ids), seconds=result.elapsed, new_ids=tuple(new_ids))
