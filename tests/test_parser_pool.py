"""The parser pool starts early when a refresh will certainly parse, and never otherwise."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import subprocess
import sys
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from feedserver import FeedServer, rss

from thawwatch.config import parse_config
from thawwatch.parsers import ParserPool
from thawwatch.refresh import run_refresh
from thawwatch.store import Store

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
FEED = rss([{"title": "Canola", "link": "https://example.org/a", "guid": "a"}])


def _started(pool: ParserPool, seconds: float = 20) -> bool:
    """Whether the pool starts (prestart runs in a thread) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while pool._pool is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return pool._pool is not None


def _workers(pool: ParserPool) -> int:
    inner = pool._pool
    return 0 if inner is None else len(inner._processes or {})


def test_prestart_spawns_the_workers_before_any_job() -> None:
    pool = ParserPool(1)
    try:
        pool.prestart()
        deadline = time.monotonic() + 20
        while _workers(pool) < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _workers(pool) == 1
    finally:
        pool.shutdown(cancel_futures=True)


def test_refresh_prestarts_the_pool_only_for_a_feed_never_fetched(
        feed_server: FeedServer, db_path: Path) -> None:
    feed_server.route("/feed.xml", FEED, etag='"v1"')
    config = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n', "t.toml")
    with Store.open(db_path) as store:
        first = ParserPool(1)
        try:  # never fetched: the pool starts as the requests go out
            feed_server.route("/feed.xml", status=500)  # no body will ever need parsing
            report = run_refresh(store, config, executor=first, now=NOW)
            assert report.failed and _started(first)
        finally:
            first.shutdown(cancel_futures=True)
        feed_server.route("/feed.xml", FEED, etag='"v1"')
        run_refresh(store, config, now=NOW)  # fetched once, in-line: validators stored
        second = ParserPool(1)
        try:  # validators on every feed: a 304 costs no parsing and no pool
            report = run_refresh(store, config, executor=second, force=True, now=NOW)
            assert [o.not_modified for o in report.outcomes] == [True]
            assert not _started(second, seconds=0.3)
        finally:
            second.shutdown(cancel_futures=True)


def test_fork_server_preload_compiles_the_rules_the_workers_use() -> None:
    """Workers fork with the default rules compiled: the warm-up fills the very cache that
    parse_job's load_rules({}) reads."""
    from thawwatch.parsers import PRELOAD

    assert PRELOAD[-1] == "thawwatch.parser_warmup"
    code = ("import thawwatch.parser_warmup\n"
            "from thawwatch.signals.rules import default_rules, load_rules\n"
            "assert default_rules.cache_info().currsize == 1\n"
            "assert load_rules({}) is default_rules()\n")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_workers_leave_the_terminal_to_the_main_process() -> None:
    """A worker's stdin, stdout and stderr are the null device: it can neither garble the
    dashboard nor hold a script's pipe open after thawwatch has exited."""
    pool = ParserPool(1)
    try:
        fds = [pool.submit(os.readlink, f"/proc/self/fd/{fd}") for fd in (0, 1, 2)]
        assert [f.result(timeout=30) for f in fds] == [os.devnull] * 3
    finally:
        pool.shutdown(cancel_futures=True)


def test_the_output_pipe_closes_when_the_refresh_exits(
        feed_server: FeedServer, tmp_path: Path) -> None:
    """A script reading ``thawwatch refresh``'s output gets end-of-file from the process
    itself: no worker or fork server still holds the pipe once it has exited."""
    feed_server.route("/feed.xml", FEED, etag='"v1"')
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n', "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "thawwatch", "--config", str(config), "--db",
         str(tmp_path / "t.db"), "refresh"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.wait(timeout=60) == 0
    # The refresh parsed a feed, so the fork server ran; had it kept a copy of the pipe,
    # these reads would wait for it (its ~40 ms teardown, or its whole life if it hung).
    # (multiprocessing's resource tracker holds it too, but for a moment: it exits as
    # soon as thawwatch has.)
    holders = _pipe_holders(proc.stdout, proc.stderr, only=b"forkserver")
    assert holders == [], f"still holding thawwatch's output: {holders}"
    assert b"1 new item in" in proc.stdout.read()


def _pipe_holders(*pipes: Any, only: bytes) -> list[str]:
    """The processes whose command line has ``only`` that still have one of these pipes
    open."""
    wanted = {os.readlink(f"/proc/self/fd/{p.fileno()}") for p in pipes}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:  # gone meanwhile, or not ours to read
            continue
        with contextlib.suppress(OSError):
            cmdline = (entry / "cmdline").read_bytes()
            if links & wanted and only in cmdline:
                found.append(f"{entry.name}: {cmdline[:100]!r}")
    return found


def test_workers_fork_with_the_preloaded_objects_frozen() -> None:
    """The fork server freezes what it preloaded: a worker's garbage collections leave
    those objects (and the memory pages it shares with the fork server) alone."""
    pool = ParserPool(1)
    try:
        assert pool.submit(gc.get_freeze_count).result(timeout=30) > 10_000
    finally:
        pool.shutdown(cancel_futures=True)


def _die() -> None:
    os._exit(3)  # a worker crashing hard (as a parser segfault would)


def test_submit_never_waits_for_the_workers_to_start() -> None:
    """The fetching thread submits; its event loop must not stall while the pool starts."""
    pool = ParserPool(1)
    try:
        started = time.perf_counter()
        job = pool.submit(pow, 2, 10)
        assert time.perf_counter() - started < 0.05  # the start itself takes ~0.15 s or more
        assert job.result(timeout=30) == 1024
    finally:
        pool.shutdown(cancel_futures=True)


def test_a_crashed_worker_is_replaced() -> None:
    pool = ParserPool(1)
    try:
        assert pool.submit(pow, 3, 2).result(timeout=30) == 9
        with pytest.raises(BrokenProcessPool):
            pool.submit(_die).result(timeout=30)
        assert pool.submit(pow, 2, 5).result(timeout=30) == 32  # a new pool took over
    finally:
        pool.shutdown(cancel_futures=True)


def test_shutdown_while_starting_cancels_the_held_jobs() -> None:
    pool = ParserPool(1)
    job = pool.submit(pow, 2, 3)
    pool.shutdown(wait=False, cancel_futures=True)
    assert job.cancelled() or job.result(timeout=30) == 8
    with pytest.raises(RuntimeError):
        pool.submit(pow, 2, 3)


def test_shutdown_waits_for_a_starter_whose_start_was_interrupted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C can land inside Thread.start(), which waits for the new thread to run: the
    starter then runs a moment later. shutdown must still wait for it; join() raised
    RuntimeError ("cannot join thread before it is started") and an interrupted refresh
    ended "unexpected error", exit 1, instead of "interrupted", 130."""
    real_start = threading.Thread.start

    def interrupted_start(thread: threading.Thread) -> None:
        if thread.name != "parser-start":
            return real_start(thread)
        threading.Timer(0.05, real_start, [thread]).start()  # it runs, a little late
        raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", interrupted_start)
    pool = ParserPool(1)
    with pytest.raises(KeyboardInterrupt):
        pool.prestart()
    pool.shutdown(cancel_futures=True)
    assert pool._starter is not None and not pool._starter.is_alive()


def test_cli_refresh_starts_the_pool_before_importing_the_fetcher(
        feed_server: FeedServer, config_file, db_path: Path) -> None:
    """On a first refresh the pool's start (~0.3 s: a fork server importing the parser and
    compiling the rules) overlaps the rest of start-up: it begins before httpx loads."""
    feed_server.route("/feed.xml", FEED)
    config_file(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n')
    probe = ("import sys\n"
             "from thawwatch.parsers import ParserPool\n"
             "start = ParserPool.prestart\n"
             "def prestart(self):\n"
             "    print('httpx loaded at prestart:', 'httpx' in sys.modules)\n"
             "    start(self)\n"
             "ParserPool.prestart = prestart\n"
             "from thawwatch.cli import main\n"
             "sys.exit(main(['--db', sys.argv[1], 'refresh']))\n")
    proc = subprocess.run([sys.executable, "-c", probe, str(db_path)], capture_output=True,
                          text=True, timeout=60, env=os.environ.copy())
    assert proc.returncode == 0, proc.stderr
    assert "httpx loaded at prestart: False" in proc.stdout
    assert "1 of 1 feeds ok" in proc.stdout


def test_a_rule_failure_on_one_item_keeps_the_feeds_other_items(
        feed_server: FeedServer, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """One headline that trips a rule bug is stored unclassified and logged; before, the
    exception failed the whole parse job and the feed lost every item, on every refresh."""
    import thawwatch.signals as signals

    real = signals.classify

    def classify(title: str, *args: object, **kwargs: object) -> object:
        if "BOOM" in title:
            raise ValueError("year 102026 is out of range")
        return real(title, *args, **kwargs)

    monkeypatch.setattr(signals, "classify", classify)
    feed_server.route("/feed.xml", rss([
        {"title": "China suspends tariffs on Canadian peas", "guid": "a"},
        {"title": "BOOM effective March 1 for 99999 years", "guid": "b"},
        {"title": "Ottawa ends 100% surtax on Chinese electric vehicles", "guid": "c"},
    ]))
    config = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n', "t.toml")
    logger = logging.getLogger("thawwatch.refresh")  # a CLI test may have stopped propagation
    logger.addHandler(caplog.handler)
    with Store.open(db_path) as store:
        try:
            report = run_refresh(store, config, now=NOW)  # in-line: the same parse_job
        finally:
            logger.removeHandler(caplog.handler)
        assert report.new_items == 3 and not report.failed
        rows = dict(store.conn.execute("SELECT title, relevant FROM items"))
    assert rows == {"China suspends tariffs on Canadian peas": 1,
                    "BOOM effective March 1 for 99999 years": 0,
                    "Ottawa ends 100% surtax on Chinese electric vehicles": 1}
    assert "signal rules failed on 1 item(s)" in caplog.text


@pytest.mark.parametrize("wait", [True, False])
def test_shutdown_during_the_start_leaves_no_traceback(wait: bool) -> None:
    """A refresh that ends (or a dashboard that quits) while the workers are still forking:
    the pool's semaphores must outlive their start, or each forking worker prints
    FileNotFoundError from SemLock._rebuild on the user's terminal."""
    code = ("import sys, time\n"
            "from thawwatch.parsers import ParserPool\n"
            "if __name__ == '__main__':\n"
            "    for delay in (0.05, 0.1, 0.15):\n"
            "        pool = ParserPool(2)\n"
            "        pool.prestart()\n"
            "        time.sleep(delay)\n"
            f"        pool.shutdown(wait={wait})\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
