"""One refresh: fetch the feeds concurrently, parse off the calling thread, store per feed.

Shared by `thawwatch refresh` and the dashboard's worker, so both behave the same:
Retry-After is always honoured, a 304 costs no parsing, each feed is stored in its own
short transaction (a crash loses at most the feed being written), and a failing feed
only ever records a one-line error.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import functools
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import feeds as feedstore
from . import parsers
from .config import Config
from .fetch import FeedRequest, FetchLimits, FetchResult, fetch_all, fetch_loop
from .items import ingest, known_ids, now_utc
from .parsers import parse_job, parse_pool
from .retention import prune
from .same_body import body_hash
from .store import Store, WaitStopped
from .text import clean_text, shown_url
from .wording import counted

if TYPE_CHECKING:  # the parser runs in the workers: a refresh of 304s never imports it
    from .items import Prepared
    from .parse import ParsedFeed

    Parsed = tuple[ParsedFeed, dict[str, Any], list[Prepared]]

__all__ = ["FeedOutcome", "RefreshReport", "parse_pool", "run_refresh"]

log = logging.getLogger(__name__)
# How long a stopped refresh waits for its fetching thread to close its loop (it takes
# milliseconds: nothing in it waits for a name lookup). A daemon, it is left behind after.
_STOP_GRACE = 2.0


class _Mark(enum.Enum):
    """What the fetching thread puts on the arrivals queue besides arrivals."""

    SENT = "every request that could be sent has been"


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
    cut_short: bool = False  # the body ended early: see FetchResult.cut_short
    moved_to: str | None = None  # see FetchResult.moved_to
    same_body: bool = False  # a 200 with the very body parsed last time: not parsed again
    gone: bool = False  # skipped: its server said 410 (see Feed.gone_since)

    def line(self) -> str:
        """One human line, for the non-TTY progress output (a name, or a URL standing for
        one, is cut at 100 characters: a 100 kB URL made a 100 kB line in cron's mail)."""
        name = clean_text(self.name, _NAME_CHARS)  # names are clean: this only cuts them
        if self.skipped:
            return f"skip  {name}: {self.skipped}"
        if not self.ok:
            return f"FAIL  {name}: {self.error}"
        said = "not modified" if self.not_modified else f"{self.new} new"
        if self.same_body:
            said = "unchanged (the same feed as last time)"
        if self.cut_short:
            said += " (the feed arrived cut short: all of it next time)"
        if self.moved_to:
            said += (f" (moved permanently to {clean_text(shown_url(self.moved_to), 200)}:"
                     " give the feed that URL)")
        return f"ok    {name}: {said}"


_NAME_CHARS = 100


@dataclass
class RefreshReport:
    """All outcomes of one refresh, in feed order."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0
    pruned: int = 0
    feeds: int = 0  # active feeds, due or not
    only_due: bool = False  # `--due`, the dashboard's timer: feeds not due are passed over
    # with ``only_due``: a feed not due this time whose last fetch went well
    healthy_elsewhere: bool = False
    # … and how many not due this time failed on their last try (backing off)
    failing_elsewhere: int = 0

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
        """True when no feed was refreshed and at least one failed (exit code 1). A feed
        skipped because its server asked us to wait counts as failed: it answered 429 or
        503 last time and is still in error, and cron must not read "nothing could be
        fetched" as success. Not with ``only_due`` when nothing was fetched: a feed waiting
        out its server's Retry-After is one not due yet (a `*/5` cron line of `refresh
        --due` failed every five minutes of a day-long wait, the other feeds not due)."""
        if self.only_due and (not self.attempted or self.healthy_elsewhere):
            # nor when the feeds not due went well last time: one dead feed, due alone
            # as its backoff ran out, failed a `--due` cron line again and again
            return False
        return bool(self.outcomes) and not any(o.ok and not o.skipped for o in self.outcomes)

    def short(self) -> str:
        """The summary in a few cells, for a narrow top bar: "1/15 ok, 14 failed" ("1 of
        15 feeds ok, 1…" cut the failures off; the bar counts the new items itself)."""
        if not self.feeds:
            return "no feeds"
        if not self.attempted:
            failing = self.failing_elsewhere
            return f"none due, {failing} failing" if failing else "none due"
        failed = len(self.failed)
        text = f"{len(self.attempted) - failed}/{len(self.attempted)} ok"
        return text + (f", {failed} failed" if failed else "")

    def summary(self, relevant: int | None = None) -> str:
        """The closing line of `thawwatch refresh`; with ``relevant``, how many of the new
        headlines are about Canada–China, after the new items (the dashboard's list count)."""
        ok = len(self.attempted) - len(self.failed)
        skipped = len(self.outcomes) - len(self.attempted)
        if not self.feeds:
            return "no feeds: add one with `thawwatch feeds add URL`"
        if not self.attempted:  # the timer found nothing due, or every server said wait
            if not skipped:
                # (offline, every feed backing off: "no feed was due" alone read as healthy)
                failing = self.failing_elsewhere
                return "no feed was due" + (
                    f"; {failing} of {self.feeds} feeds failing, each tried again when due"
                    if failing else "")
            gone = sum(o.gone for o in self.outcomes)
            parts = [f"{gone} gone for good (HTTP 410)"] if gone else []
            if waiting := skipped - gone:
                servers = "its server" if waiting == 1 else "their servers"
                parts.append(f"{waiting} waiting, as {servers} asked")
            return f"no feed fetched: {', '.join(parts)}"
        text = (f"{ok} of {len(self.attempted)} feeds ok, {len(self.failed)} failed, "
                f"{counted(self.new_items, 'new item')}")
        if relevant is not None and self.new_items:
            text += f" ({relevant} about Canada–China)"
        text += f" in {self.seconds:.1f} s"
        text += f" ({skipped} skipped)" if skipped else ""
        return text + (f"; {counted(self.pruned, 'old item')} pruned" if self.pruned else "")


Progress = Callable[[FeedOutcome, int, int], None]


def limits_from(config: Config) -> FetchLimits:
    """Fetch limits from the [refresh] section."""
    r = config.refresh
    return FetchLimits(concurrency=r.concurrency, per_host=r.per_host,
                       timeout=float(r.timeout_seconds), max_bytes=r.max_bytes)


def run_refresh(
    store: Store,
    config: Config,
    *,
    only_due: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    executor: Executor | None = None,
    now: datetime | None = None,
    classify: bool = True,
    stop: threading.Event | None = None,
    active: Sequence[feedstore.Feed] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> RefreshReport:
    """Refresh the active feeds once and store what is new.

    ``only_due`` polls just the feeds whose interval (and backoff) has passed, as the
    dashboard's timer does; ``force`` ignores a server's Retry-After; ``stop`` set (the
    dashboard quitting) ends the refresh early: requests in flight are dropped, what
    was stored stays. ``executor`` (a
    ``parsers.ParserPool``) parses and classifies on both cores; None does it in this
    thread. Each feed is stored and reported as soon as it arrives, so one slow feed
    holds up no other. ``active``: the active feeds, when the caller has just synced the
    config and read them (the CLI has, to decide whether to start the parsers early).
    ``meanwhile`` runs in this thread once every request that could be sent has been, while
    the answers are awaited: the CLI readies what it needs after the refresh (it runs at
    most once, and not at all if no request got that far).
    """
    started = time.perf_counter()
    now = now or now_utc()
    if active is None:
        feedstore.sync_config(store, config.feeds, now)
        active = feedstore.active_feeds(store, config)
    report = RefreshReport(only_due=only_due)
    chosen: list[feedstore.Feed] = []
    skipped: list[FeedOutcome] = []
    report.feeds = len(active)
    for feed in active:
        if feed.gone_since is not None and not force:
            # said on every full refresh; the dashboard's timer and `--due` (every few
            # minutes) pass over it quietly: the Feeds view and `feeds list` say it
            if not only_due:
                skipped.append(FeedOutcome(feed.url, feed.display_name, ok=False, gone=True,
                                           skipped=_gone_words(feed.gone_since, now)))
        elif feed.waiting(now) and not force:
            until = feedstore.utc_clock(feed.next_attempt, now) if feed.next_attempt else "later"
            skipped.append(FeedOutcome(feed.url, feed.display_name, ok=True,
                                       skipped=f"server asked to wait until {until}"))
        elif not only_due or feed.due(now, config.refresh.interval_minutes or 30):
            chosen.append(feed)
    total = len(chosen) + len(skipped)
    if only_due:
        fetching = {f.url for f in chosen}
        report.healthy_elsewhere = any(
            f.url not in fetching and f.last_ok is not None and not f.failures
            and f.gone_since is None for f in active)
        report.failing_elsewhere = sum(  # (a feed waiting out a Retry-After is said apart)
            f.url not in fetching and bool(f.failures) and f.gone_since is None
            and not f.waiting(now) for f in active)

    def _report(outcome: FeedOutcome) -> None:
        log.log(logging.WARNING if not outcome.ok else logging.INFO, "%s <%s> (%.2f s)",
                outcome.line(), shown_url(outcome.url), outcome.seconds)
        report.outcomes.append(outcome)
        if progress:
            progress(outcome, len(report.outcomes), total)

    for outcome in skipped:
        _report(outcome)
    parsing_certain = any(f.unfetched for f in chosen)  # a new feed surely needs parsing
    if executor is not None and parsing_certain:
        prestart = getattr(executor, "prestart", None)
        if prestart is not None:
            prestart()
    job = _Job(now=now, signals=json.dumps(config.signals) if classify else None,
               where=config.source, known=known_ids(store, [f.url for f in chosen]))
    if parsing_certain:
        meanwhile = _after(_ready_for_results, meanwhile)
    elif (warm := getattr(executor, "warm", None)) is not None:
        # A feed that changed since its last fetch needs parsing: once the requests are
        # out, the fork server starts importing (~0.3 s) while the answers are awaited.
        meanwhile = _after(warm, meanwhile)
    dropped = False
    waits, store.stop = store.stop, stop  # quitting ends a wait for another's write lock
    try:
        for batch in _fetch_and_parse(chosen, limits_from(config), executor, job, stop,
                                      meanwhile):
            # 304s and failures only touch their feed's row: one commit for all that came
            with store.transaction():
                quick = [_store_one(store, a, now) for a in batch if a.inline is None]
            for outcome in quick:
                _report(outcome)
            for arrival in batch:
                if arrival.inline is not None:  # a body: its items get their own transaction
                    _report(_store_one(store, arrival, now))
    except (CancelledError, WaitStopped):  # the dashboard quit (and shut the parsers down):
        dropped = True  # what is not yet stored is dropped, not recorded as failed feeds
    finally:
        store.stop = waits
    if not dropped and (stop is None or not stop.is_set()):  # quitting: pruning can wait
        report.pruned = prune(store, config.retention.days, now).deleted
    report.seconds = time.perf_counter() - started
    log.info("refresh: %s", report.summary())
    return report


def _gone_words(since: datetime, now: datetime) -> str:
    """Why a feed is no longer fetched, and what to do (said on every full refresh: cron's
    log must not read as if the feed had been fetched)."""
    day = "today" if since.date() == now.date() else f"on {since:%Y-%m-%d}"
    return (f"gone: its server said {day} that it was removed for good (HTTP 410); remove"
            " it with `thawwatch feeds remove URL`, or `thawwatch refresh --force` asks again")


@dataclass(frozen=True)
class _Job:
    """What every parse job of one refresh shares."""

    now: datetime
    signals: str | None
    where: str
    known: dict[str, frozenset[str]]

    def for_body(self, result: FetchResult) -> Callable[[], Parsed]:
        """The parse-and-classify call for one fetched body (runs anywhere)."""
        base = result.final_url or result.url  # relative links resolve after redirects
        assert result.body is not None
        return functools.partial(parse_job, result.body, base, self.now, result.url,
                                 self.known.get(result.url, frozenset()), self.signals,
                                 self.where, result.charset, parsers.PARSE_SECONDS)


@dataclass(frozen=True)
class _Arrival:
    feed: feedstore.Feed
    result: FetchResult
    future: Future[Parsed] | None
    inline: Callable[[], Parsed] | None  # None: nothing to parse (an error, a 304, the same body)
    body_hash: str | None = None  # of the body, when one came whole (see ``body_hash``)


def _fetch_and_parse(
    chosen: Sequence[feedstore.Feed], limits: FetchLimits, executor: Executor | None,
    job: _Job, stop: threading.Event | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[list[_Arrival]]:
    """Yield the feeds whose fetch has ended, in batches of whatever arrived meanwhile,
    each body already handed to the parser (``meanwhile``: see ``run_refresh``).

    The fetching runs in its own thread (its own event loop), so the caller stores and
    reports each feed while the others are still downloading. When the caller stops early
    (Ctrl-C, or ``stop`` set) the requests in flight are cancelled, not waited for, and
    neither are name lookups under way (``fetch_loop``).
    """
    if not chosen:
        return
    by_url = {f.url: f for f in chosen}
    arrivals: queue.Queue[_Arrival | BaseException | _Mark | None] = queue.Queue()
    fetching = _Cancellable()

    def _arrived(result: FetchResult) -> None:
        future: Future[Parsed] | None = None
        call = digest = None
        if result.body is not None and not result.cut_short:
            digest = body_hash(result.body, result.charset)
        feed = by_url[result.url]
        if not (result.error or result.not_modified or result.body is None
                or (digest is not None and digest == feed.body_hash)):
            call = job.for_body(result)
            if executor is not None:
                try:
                    future = executor.submit(call)
                except Exception:  # a dead pool: the caller's thread will parse it
                    log.warning("parser pool unavailable; parsing in-line", exc_info=True)
        arrivals.put(_Arrival(feed, result, future, call, digest))

    def _fetch() -> None:
        requests = [FeedRequest(f.url, f.etag, f.last_modified) for f in chosen]
        try:
            with asyncio.Runner(loop_factory=fetch_loop) as runner:
                runner.run(fetching.run(fetch_all(
                    requests, limits, on_result=_arrived,
                    on_waiting=None if meanwhile is None else lambda: arrivals.put(_Mark.SENT))))
        except asyncio.CancelledError:
            pass  # the caller stopped: nothing more is wanted
        except BaseException as exc:  # surfaced in the caller's thread
            arrivals.put(exc)
        finally:
            arrivals.put(None)

    fetcher = threading.Thread(target=_fetch, name="thawwatch-fetch", daemon=True)
    fetcher.start()
    try:
        done = False
        while not done:
            batch: list[_Arrival] = []
            item = _next(arrivals, stop)
            while True:
                if isinstance(item, BaseException):
                    raise item
                if item is None:
                    done = True
                    break
                if item is _Mark.SENT:
                    _run_meanwhile(meanwhile)
                else:
                    batch.append(item)
                try:
                    item = arrivals.get_nowait()
                except queue.Empty:
                    break
            if stop is not None and stop.is_set():
                return
            if batch:
                yield batch
    finally:
        fetching.cancel()
        fetcher.join(timeout=_STOP_GRACE)


def _run_meanwhile(meanwhile: Callable[[], None] | None) -> None:
    """Run the caller's ``meanwhile``: readying, which must not fail the refresh (what it
    readies is met again where it is used, and any error there)."""
    if meanwhile is None:
        return
    try:
        meanwhile()
    except Exception:
        log.warning("getting ready during the refresh failed", exc_info=True)


def _next(arrivals: queue.Queue[Any], stop: threading.Event | None) -> Any:
    """The next arrival; None (the end) once ``stop`` is set."""
    if stop is None:
        return arrivals.get()
    while not stop.is_set():
        try:
            return arrivals.get(timeout=0.1)
        except queue.Empty:
            continue
    return None


class _Cancellable:
    """A coroutine run in another thread's event loop that this thread can cancel, even
    before it has started (it then never starts)."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None

    async def run(self, coro: Any) -> Any:
        self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
        if self._cancelled.is_set():  # after registering: cancel() sees one or the other
            coro.close()
            raise asyncio.CancelledError
        return await coro

    def cancel(self) -> None:
        self._cancelled.set()
        loop, task = self._loop, self._task
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # a closed loop: the fetch is over
                loop.call_soon_threadsafe(task.cancel)


def _ready_for_results() -> None:
    """Import what a worker's result is made of (the parsed feed, the classifications) in
    this thread, before the first result comes.

    Otherwise unpickling that result imports them, in the pool's manager thread, which
    meanwhile hands the workers no new job: both sat idle for ~80 ms of a cold refresh.
    (Not the rules engine: ``classification`` is apart from it, see there.)
    """
    from . import classification, parse  # noqa: F401


def _after(first: Callable[[], None], then: Callable[[], None] | None) -> Callable[[], None]:
    """``first()``, then ``then()`` if there is one."""

    def both() -> None:
        try:
            first()
        finally:
            if then is not None:
                then()

    return both


def _parsed(arrival: _Arrival) -> Parsed:
    """The worker's result; a crashed or unavailable worker means parsing here instead."""
    assert arrival.inline is not None
    if arrival.future is None:
        return arrival.inline()
    _ready_for_results()  # unless done while waiting: see there
    try:
        return arrival.future.result()
    except BrokenProcessPool:
        log.warning("a parser worker died; parsing %s in-line", shown_url(arrival.feed.url))
        return arrival.inline()


def _store_one(store: Store, arrival: _Arrival, now: datetime) -> FeedOutcome:
    feed, result = arrival.feed, arrival.result
    name = feed.display_name
    if result.error:
        wait = feedstore.record_failure(store, feed.url, now=now, error=result.error,
                                        retry_after=result.retry_after,
                                        gone=_gone_for_good(result))
        said = result.error if wait is None else (  # as the next refresh's skip says it
            f"{result.error} (the server asks to wait until {feedstore.utc_clock(wait, now)})")
        return FeedOutcome(feed.url, name, ok=False, error=said, seconds=result.elapsed)
    if result.not_modified or arrival.inline is None:
        moved = _moved(result)
        feedstore.record_success(store, feed.url, now=now, etag=result.etag,
                                 last_modified=result.last_modified, title=None, moved_to=moved)
        return FeedOutcome(feed.url, name, ok=True, not_modified=True, seconds=result.elapsed,
                           moved_to=moved, same_body=not result.not_modified)
    try:
        parsed, classified, prepared = _parsed(arrival)
    except CancelledError:  # not the parser's doing: see run_refresh
        raise
    except Exception:  # a parser bug must not take the refresh down
        from .parse import PARSE_FAILED, ParsedFeed

        log.warning("parser failed on %s", shown_url(feed.url), exc_info=True)
        parsed, classified, prepared = ParsedFeed(title="", items=[], error=PARSE_FAILED), {}, []
    if parsed.detail:  # the worker could not log it: its log goes nowhere
        log.warning("parsing %s: %s", shown_url(feed.url), parsed.detail)
    if parsed.error:
        feedstore.record_failure(store, feed.url, now=now, error=parsed.error)
        return FeedOutcome(feed.url, name, ok=False, error=parsed.error, seconds=result.elapsed)
    if failed := [iid for iid, result in classified.items() if result is None]:
        log.warning("the signal rules failed on %d item(s) of %s (stored unclassified): %s",
                    len(failed), shown_url(feed.url), ", ".join(failed[:5]))
    new_ids = ingest(store, feed.url, parsed.items, now, classified=classified,
                     prepared=prepared)
    cut = result.cut_short or parsed.cut_short
    if cut:
        log.warning("%s arrived cut short: its items are stored, and it is fetched whole"
                    " next time", shown_url(feed.url))
    moved = _moved(result)
    feedstore.record_success(store, feed.url, now=now, etag=result.etag,
                             last_modified=result.last_modified, title=parsed.title or None,
                             forget_validators=cut, body_hash=arrival.body_hash, moved_to=moved)
    return FeedOutcome(feed.url, feed.name or parsed.title or shown_url(feed.url), ok=True,
                       new=len(new_ids), seconds=result.elapsed, new_ids=tuple(new_ids),
                       cut_short=cut, moved_to=moved)


def _gone_for_good(result: FetchResult) -> bool:
    """A 410 for the feed's own URL, or at the end of permanent redirects only: one behind
    a temporary redirect (302, 307) is the target's, not the feed's."""
    if result.status != 410:
        return False
    return result.final_url in (None, result.url) or result.moved_to is not None


def _moved(result: FetchResult) -> str | None:
    """The feed's new address after permanent redirects, logged once per refresh too."""
    if not result.moved_to:
        return None
    moved = clean_text(result.moved_to, 2000)  # a server's word: kept, so cleaned as such
    log.warning("%s moved permanently to %s: give the feed that URL",
                shown_url(result.url), shown_url(moved))
    return moved
