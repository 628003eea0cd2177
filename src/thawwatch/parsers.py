"""Parser worker processes: parse and classify feeds on both cores, off the caller's thread.

feedparser and the signal rules are pure Python and hold the GIL, so a refresh hands each
body to a worker process, which returns the parsed feed and the classifications of the
items the database does not hold yet. The pool starts on first use (a refresh where every
feed answers 304 never starts it) or, via ``prestart``, as soon as parsing is certain;
``warm`` starts only the fork server the workers come from, when parsing may come. The
pool replaces itself if a worker dies, and its workers exit by themselves when the
process that made it is killed.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the workers import these (PRELOAD); a refresh of 304s never needs them
    from .items import Prepared
    from .parse import ParsedFeed

# Names the main process to its fork server (``pool_process.PARENT_ENV``, the same name:
# that module is not imported here, as importing it ignores Ctrl-C). Set once, it is also
# inherited by whatever else this process starts (a browser), which ignores it.
POOL_PARENT_ENV = "THAWWATCH_POOL_PARENT"

# What the fork server imports before forking workers: first what makes it ignore Ctrl-C,
# last what compiles the rules.
PRELOAD = [
    "thawwatch.pool_process", "feedparser", "thawwatch.parse", "thawwatch.feed_xml",
    "thawwatch.items", "thawwatch.signals", "thawwatch.parser_warmup",
]


# How much CPU time one feed's parsing and classifying may take. A 2,000-item feed (the
# most a feed gives) takes 1-2 s here, one packed with trade news up to ~20 s; markup or
# text built to make them slow must not hold a worker, and with it the refresh and the
# dashboard's next one, for many minutes.
PARSE_SECONDS = 60.0


def parse_too_slow(seconds: float) -> str:
    """The feed's error when its parsing ran out of time."""
    return f"feed took over {seconds:g} s of CPU to parse and classify: skipped"


class _TooSlow(BaseException):
    """Raised by the SIGPROF handler of :func:`_deadline`; not an Exception, so that the
    parser's and the classifier's "drop this item, keep the others" handlers let it by."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise ``_TooSlow`` in this thread once the process has used ``seconds`` more of CPU
    time (CPU, not the clock: a busy machine must not fail a feed). Only the main thread
    of a process gets signals: a worker process, or the CLI parsing in-line; parsing in
    another thread (the dashboard's, when its workers are gone), or under someone else's
    profiling timer, has no limit."""
    if (not hasattr(signal, "setitimer") or threading.current_thread() is not
            threading.main_thread() or signal.getitimer(signal.ITIMER_PROF)[0] > 0):
        yield
        return

    def expired(_signum: int, _frame: Any) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGPROF, expired)
    try:
        signal.setitimer(signal.ITIMER_PROF, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
    finally:
        signal.signal(signal.SIGPROF, previous)


def parse_job(
    body: bytes, base: str, now: datetime, feed_url: str, known: frozenset[str],
    signals: str | None, where: str, charset: str | None = None,
    seconds: float = PARSE_SECONDS,
) -> tuple[ParsedFeed, dict[str, Any], list[Prepared]]:
    """Parse one body; prepare its items not in ``known`` for storing, and classify them
    (None ``signals``: don't). ``charset`` is the HTTP Content-Type's. Taking over
    ``seconds`` makes it a failed feed.

    ``signals`` is the user's ``[signals]`` table as JSON, so workers build the same rules.
    """
    try:
        with _deadline(seconds):
            return _parse_job(body, base, now, feed_url, known, signals, where, charset)
    except _TooSlow:
        from .parse import ParsedFeed

        return ParsedFeed(title="", items=[], error=parse_too_slow(seconds)), {}, []


def _parse_job(
    body: bytes, base: str, now: datetime, feed_url: str, known: frozenset[str],
    signals: str | None, where: str, charset: str | None,
) -> tuple[ParsedFeed, dict[str, Any], list[Prepared]]:
    from .items import prepare
    from .parse import parse_feed

    parsed = parse_feed(body, base, now, charset=charset)
    if parsed.error:
        return parsed, {}, []
    prepared = prepare(feed_url, parsed.items, skip=known)
    if signals is None:
        return parsed, {}, prepared
    return parsed, _classify_each(prepared, _rules(signals, where)), prepared


def _classify_each(prepared: list[Prepared], rules: Any) -> dict[str, Any]:
    """Each item's Classification by id; None for one the rules fail on.

    A rule bug tripped by one headline must not cost the feed its other items (a worker's
    exception fails the whole job): that item is stored unclassified and the caller logs
    it (a worker cannot: its stderr is the terminal, or the null device under the dashboard).
    Afterwards the rules are offered to the cache, so the next process loads them.
    """
    from .signals import classify
    from .signals.rules_cache import remember

    results: dict[str, Any] = {}
    for p in prepared:
        try:
            results[p.iid] = classify(p.item.title, p.item.summary, p.item.published.date(),
                                      rules)
        except Exception:
            results[p.iid] = None
    remember(rules, len(results))  # so the next process loads them, warm
    _remember_bundled(rules)
    return results


def _remember_bundled(used: Any) -> None:
    """With a ``[signals]`` table the workers use the user's rules, but the fork server
    compiled the bundled ones anyway (it cannot know the config): they are offered to the
    cache too, or every refresh would compile them again (~0.5 s before any worker starts)."""
    from .signals.rules import default_rules
    from .signals.rules_cache import remember

    if default_rules.cache_info().currsize and (bundled := default_rules()) is not used:
        remember(bundled, 1)


@functools.lru_cache(maxsize=4)
def _rules(signals: str, where: str) -> Any:
    from .signals import load_rules

    return load_rules(json.loads(signals), where=where)


class ParserPool(Executor):
    """A process pool that starts in the background and is re-made after a worker crash.

    ``submit`` never waits for the workers to start (about 0.15 s: the fork server imports
    the parser and compiles the rules): the refresh calls it from its fetching thread,
    whose event loop must keep reading responses. Jobs submitted meanwhile are held and
    sent to the workers as soon as they are up.
    """

    def __init__(self, workers: int = 2, *, quiet: bool = False) -> None:
        """``quiet``: the workers' stdout and stderr go to the null device (the dashboard:
        a warning or a traceback from a worker would be written over the screen)."""
        self.workers = workers
        self.quiet = quiet
        os.environ[POOL_PARENT_ENV] = str(os.getpid())  # for the fork server's watch
        self._pool: ProcessPoolExecutor | None = None
        self._held: list[tuple[Future[Any], Any, tuple[Any, ...], dict[str, Any]]] | None = None
        self._closed = False
        self._lock = threading.Lock()
        self._starter: threading.Thread | None = None
        self._began = threading.Event()  # set by the latest starter thread once it runs
        self._ended = threading.Event()  # ... and once it is done
        self._warmer: threading.Thread | None = None  # started by warm()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot submit after shutdown")
            if self._held is None and self._pool is not None:
                try:
                    return self._pool.submit(fn, *args, **kwargs)
                except BrokenProcessPool:  # a worker died: start a new pool
                    _retire(self._pool)
                    self._pool = None
            job: Future[Any] = Future()
            self._start_locked()
            assert self._held is not None
            self._held.append((job, fn, args, kwargs))
            return job

    def prestart(self) -> None:
        """Start the workers now, in the background (when parsing is certain to come)."""
        with self._lock:
            if not self._closed and self._pool is None:
                self._start_locked()

    def warm(self) -> None:
        """Start only the fork server, in the background (when parsing may come).

        It takes ~0.3 s to import the parser and compile the rules; started now, it is
        ready by the time a changed feed's body arrives, and the workers then fork from it
        in milliseconds. Unlike workers it holds nothing of this process's: if no body
        comes it just ends with us (see ``pool_process``), and nothing waits for it.
        """
        with self._lock:
            if (self._closed or self._pool is not None or self._held is not None
                    or self._warmer is not None):
                return  # closed, started, starting, or warmed already
            if "forkserver" not in multiprocessing.get_all_start_methods():
                return  # spawned workers: nothing to start ahead
            warmer = threading.Thread(target=_start_fork_server, name="parser-warm",
                                      daemon=True)
            warmer.start()
            self._warmer = warmer  # only once started: shutdown joins it

    def _start_locked(self) -> None:
        if self._held is None:
            self._held = []
            self._began.clear()
            self._ended.clear()
            self._starter = threading.Thread(target=self._start, name="parser-start",
                                             daemon=True)
            self._starter.start()

    def _start(self) -> None:
        """Runs in its own thread: make the pool, spawn the workers, send the held jobs."""
        self._began.set()
        try:
            self._start_pool()
        finally:
            self._ended.set()

    def _start_pool(self) -> None:
        try:
            _start_resource_tracker()  # first: starting it unblocks Ctrl-C in this thread
            with _ctrl_c_blocked():  # the fork server (or spawned workers) inherit the mask
                pool = _new_pool(self.workers, self.quiet)
                for _ in range(self.workers):  # one no-op job per worker spawns them all
                    pool.submit(int)
        except Exception as exc:  # no workers: each held job fails, and is parsed in-line
            with self._lock:
                held, self._held = self._held or [], None
            for job, *_ in held:
                job.set_exception(BrokenProcessPool(f"parser workers did not start: {exc}"))
            return
        with self._lock:
            held, self._held = self._held or [], None
            closed = self._closed
            if not closed:
                self._pool = pool
                # Handed over under the lock: a shutdown (the dashboard quitting) comes
                # after, and cancels those still queued, so they end cancelled, never as
                # failed parses ("cannot schedule new futures after shutdown").
                for job, fn, args, kwargs in held:
                    try:
                        _forward(pool.submit(fn, *args, **kwargs), job)
                    except (BrokenProcessPool, RuntimeError) as exc:  # a worker died
                        job.set_exception(exc)  # already, or the interpreter is exiting
        if closed:  # shut down meanwhile: let the workers that are forking come up and go
            for job, *_ in held:
                job.cancel()
            pool.shutdown(wait=True, cancel_futures=True)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
            held = self._held or []
            if self._held is not None:
                self._held = []  # a start under way finds no job left to settle twice
        for job, *_ in held:
            job.cancel()
        if pool is not None and not wait:
            _retire(pool, cancel_futures)
        elif pool is not None:
            _despite_ctrl_c(lambda: pool.shutdown(wait=True, cancel_futures=cancel_futures))
        # A start still under way must finish, even for wait=False (the dashboard
        # quitting): workers that are forking need the pool's semaphores, which its
        # shutdown unlinks ("No such file or directory" tracebacks from the fork server on
        # the terminal, after a refresh that ended before they were up).
        self._join_starter()
        if (warmer := self._warmer) is not None:  # starting a process takes milliseconds
            _despite_ctrl_c(warmer.join)

    def _join_starter(self) -> None:
        """Wait for the starter thread to end, by its own events, not ``Thread.join``.

        A Ctrl-C can land inside the thread's ``start()``, which waits for it to run: the
        thread may yet come up, though ``join()`` refuses it ("unexpected error:
        RuntimeError"). And Python 3.11's ``join()``, cut short by a Ctrl-C, marks a thread
        that is still running as ended (its bpo-45274 fix releases the lock the thread
        holds), so a second ``join()`` returned at once.
        """
        if self._starter is None:
            return

        def wait() -> None:
            if self._began.wait(timeout=1.0):  # it runs, or ran
                self._ended.wait()

        _despite_ctrl_c(wait)


_RETIRE_GRACE = 2.0  # seconds the exit waits for pools shut down without waiting
_retiring: list[threading.Thread] = []
_retiring_lock = threading.Lock()
_exit_hook_registered = False


def _retire(pool: ProcessPoolExecutor, cancel_futures: bool = True) -> None:
    """Shut ``pool`` down without waiting for it here; the interpreter's exit does.

    A ``shutdown(wait=False)`` left its manager thread closing its wake-up pipe while
    Python 3.11's exit hook for process pools wrote to it: "Exception ignored … OSError:
    Bad file descriptor" on the terminal after the dashboard quit (4 exits in 100 on a
    busy machine). The shutdown runs in a thread instead, which an exit hook of ours,
    run before that one, waits for.
    """
    global _exit_hook_registered
    thread = threading.Thread(target=pool.shutdown, name="parser-retire", daemon=True,
                              kwargs={"wait": True, "cancel_futures": cancel_futures})
    with _retiring_lock:
        if not _exit_hook_registered:  # after concurrent.futures' own, so it runs first
            register = getattr(threading, "_register_atexit", None)
            try:
                (register or atexit.register)(_wait_for_retiring)
                _exit_hook_registered = True
            except RuntimeError:  # the interpreter is exiting already: nothing would wait
                pool.shutdown(wait=False, cancel_futures=cancel_futures)
                return
        try:
            thread.start()
        except RuntimeError:  # no new thread while the interpreter exits: as asked, then
            pool.shutdown(wait=False, cancel_futures=cancel_futures)
            return
        _retiring[:] = [t for t in _retiring if t.is_alive()]  # a long dashboard session
        _retiring.append(thread)


def _wait_for_retiring() -> None:
    """The exit hook: wait (a while, not forever) for the pools being shut down; a
    Ctrl-C meanwhile ends the wait, not with a traceback."""
    deadline = time.monotonic() + _RETIRE_GRACE
    with _retiring_lock:
        threads = list(_retiring)
    try:
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
    except KeyboardInterrupt:
        pass


def _despite_ctrl_c(wait: Callable[[], None]) -> None:
    """Run ``wait`` to its end whatever Ctrl-C comes meanwhile, then raise that Ctrl-C.

    The pool's start and shutdown are short (~0.3 s) but must finish: a second Ctrl-C
    that cut them short let the process exit and unlink the pool's semaphores while
    workers were still forking (a FileNotFoundError traceback from the fork server).
    """
    pending: KeyboardInterrupt | None = None
    while True:
        try:
            wait()
            break
        except KeyboardInterrupt as exc:  # again: finish first, then stop
            pending = exc
    if pending is not None:
        raise pending


def _new_pool(workers: int, quiet: bool = False) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":  # workers fork with the parser and rules imported
        context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_exit_with_parent, initargs=(os.getpid(), quiet))


def _start_fork_server() -> None:
    """Runs in its own thread: start the fork server, preloading what the workers need."""
    from multiprocessing import forkserver

    try:
        _start_resource_tracker()
        with _ctrl_c_blocked():  # the fork server inherits the mask: see there
            forkserver.set_forkserver_preload(PRELOAD)
            forkserver.ensure_running()
    except Exception:  # the pool will try again, and report, if a body comes
        logging.getLogger(__name__).debug("the fork server did not start", exc_info=True)


def _forward(inner: Future[Any], outer: Future[Any]) -> None:
    """Complete ``outer`` the way ``inner`` completes."""

    def done(f: Future[Any]) -> None:
        if f.cancelled():
            outer.cancel()
        elif (exc := f.exception()) is not None:
            outer.set_exception(exc)
        else:
            outer.set_result(f.result())

    inner.add_done_callback(done)


def parse_pool(workers: int = 2, *, quiet: bool = False) -> ParserPool:
    """The parser pool a refresh uses ('forkserver', not 'fork': the dashboard has threads);
    ``quiet``: see ``ParserPool``."""
    return ParserPool(workers, quiet=quiet)


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


@contextlib.contextmanager
def _ctrl_c_blocked() -> Iterator[None]:
    """Block SIGINT in this thread while it starts processes, which inherit the mask.

    A terminal's Ctrl-C reaches the whole process group, and a fork server still importing
    (its first ~30 ms, longer on a cold disk) would die of it with a KeyboardInterrupt
    traceback on the user's terminal. Blocked, the signal waits until the new process
    ignores it (pool_process, _exit_with_parent), which discards it. The main thread,
    where Python handles signals, still gets it at once.
    """
    if not hasattr(signal, "pthread_sigmask"):  # no POSIX signals: nothing to hold
        yield
        return
    saved = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, saved)


def _exit_with_parent(parent: int, quiet: bool = False) -> None:
    """Runs in each worker: a watchdog thread that ends the worker with its parent. Ctrl-C
    is the parent's (spawned workers did not get it from pool_process); ``quiet``: stdout
    and stderr go to the null device."""
    from .pool_process import has_ended, leave_ctrl_c_to_the_parent

    leave_ctrl_c_to_the_parent()  # started with it blocked (_ctrl_c_blocked)
    if quiet:
        null = os.open(os.devnull, os.O_WRONLY)
        for fd in (1, 2):
            os.dup2(null, fd)
        os.close(null)

    def watch() -> None:
        while not has_ended(parent):
            time.sleep(0.2)
        os._exit(0)

    if has_ended(parent):  # forked for a request the main process made just before it died
        os._exit(0)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
