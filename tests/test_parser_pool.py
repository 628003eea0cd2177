"""The parser pool starts early when a refresh will certainly parse, and never otherwise."""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedserver import FeedServer, rss

from thawwatch import feeds as feedstore
from thawwatch.config import parse_config
from thawwatch.parsers import ParserPool
from thawwatch.refresh import run_refresh
from thawwatch.store import Store

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
FEED = rss([{"title": "Canola", "link": "https://example.org/a", "guid": "a"}])


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (so with a fork server of its own), output
    captured, the tests' probe modules importable; ``env``: variables to add."""
    path = os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env, "PYTHONPATH": path}, timeout=120)


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
    done = _python(code)
    assert done.returncode == 0, done.stderr


ATOM = (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
        b"<entry><title>Peas</title><link href='https://example.org/p'/><id>p</id>"
        b"<updated>2026-11-01T10:00:00Z</updated><summary type='html'>&lt;p&gt;A "
        b"&lt;b&gt;duty&lt;/b&gt; cut&lt;/p&gt;</summary></entry></feed>")


def test_the_fork_server_s_warm_up_leaves_a_worker_s_first_parse_nothing_to_import() -> None:
    """What parsing loads on first need (the expat bindings, feedparser's helpers) is loaded
    once, in the fork server, instead of by each worker on its first feed."""
    html_rss = rss([{"title": "Canola &amp; peas", "link": "https://example.org/a",
                     "guid": "a", "description": "&lt;p&gt;A &lt;b&gt;cut&lt;/b&gt;&lt;/p&gt;"}])
    code = ("import importlib, sys\n"
            "from thawwatch.parsers import PRELOAD\n"
            "for name in PRELOAD:  # what the fork server imports before it forks\n"
            "    importlib.import_module(name)\n"
            "from datetime import UTC, datetime\n"
            "from thawwatch.parse import parse_feed\n"
            "before = set(sys.modules)\n"
            f"for body in {[html_rss, ATOM]!r}:\n"
            "    assert parse_feed(body, 'https://example.org/f', datetime.now(UTC)).items\n"
            "print(sorted(set(sys.modules) - before))\n")
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_cold_refresh_imports_what_results_are_made_of_before_they_come(
        feed_server: FeedServer, tmp_path: Path) -> None:
    """Unpickling the first result needs the parsed feed's and the classifications' modules.
    Imported by the pool's manager thread, that held up the jobs it hands the workers; the
    refresh imports them in its own thread while the requests are out. The rules engine
    (``thawwatch.signals``, ~0.1 s of CPU) is never imported here: the workers use it, and
    a cold refresh needs both cores for them."""
    feed_server.route("/feed.xml", FEED)
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n')
    code = ("import sys, threading\n"
            "seen = {}\n"
            "def hook(event, args):\n"
            "    if event == 'import' and args[0] in ('thawwatch.parse', 'thawwatch.signals',\n"
            "                                         'thawwatch.classification'):\n"
            "        seen.setdefault(args[0], threading.current_thread().name)\n"
            "sys.addaudithook(hook)\n"
            "from thawwatch.cli import main\n"
            f"code = main(['--config', {str(config)!r}, '--db', {str(tmp_path / 'db')!r},"
            " 'refresh'])\n"
            "print(sorted(seen.items()))\n"
            "raise SystemExit(code)\n")
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert "1 new item" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == str(
        [("thawwatch.classification", "MainThread"), ("thawwatch.parse", "MainThread")])


needs_fork_server = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")


@needs_fork_server
def test_warm_starts_the_fork_server_alone_and_workers_fork_from_it_later() -> None:
    """``warm`` makes the fork server import the parser ahead of any body (a feed that
    changed since its last fetch), without workers; the first job's workers come from it.
    In a fresh process: the fork server is one per process, and outlives a pool."""
    code = ("import os\n"
            "from multiprocessing import forkserver\n"
            "from thawwatch.parsers import ParserPool\n"
            "if __name__ == '__main__':\n"
            "    pool = ParserPool(1)\n"
            "    pool.warm()\n"
            "    pool._warmer.join(timeout=30)  # starting it is quick; it imports on\n"
            "    server = forkserver._forkserver._forkserver_pid\n"
            "    assert server is not None and pool._pool is None, (server, pool._pool)\n"
            "    assert pool.submit(os.getppid).result(timeout=60) == server\n"
            "    pool.shutdown()\n"
            "    print('ok')\n")
    done = _python(code)
    assert done.stdout == "ok\n", done.stderr


@needs_fork_server
def test_a_fork_server_still_importing_ends_soon_after_the_main_process() -> None:
    """The fork server holds the main process's stdout and stderr; one still importing
    when the refresh has ended (every feed offline, or all 304) must not keep a script
    reading ``$(thawwatch refresh)`` waiting for the end of its imports."""
    code = ("from thawwatch import parsers\n"
            "parsers.PRELOAD.insert(-1, 'slow_preload_probe')\n"  # before the warm-up
            "pool = parsers.ParserPool(1)\n"
            "pool.warm()\n"
            "pool.shutdown()\n"
            "print('main done', flush=True)\n")
    started = time.monotonic()
    done = _python(code, THAWWATCH_SLOW_PRELOAD="30")  # once every holder of the pipe ends
    assert done.returncode == 0 and done.stdout == "main done\n", done.stderr
    assert time.monotonic() - started < 15  # not the 30 s the fork server imports for


@needs_fork_server
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_the_fork_server_forks_with_one_thread_even_if_its_warm_up_never_ran() -> None:
    """The thread that watches the main process while the fork server imports is stopped
    at the end of the warm-up, and in any case before the first fork (a preload that
    fails to import is skipped by multiprocessing, and never says it is done)."""
    code = ("import os\n"
            "from thawwatch import parsers\n"
            "if __name__ == '__main__':\n"
            "    parsers.PRELOAD.remove('thawwatch.parser_warmup')\n"
            "    pool = parsers.ParserPool(1)\n"
            "    server = pool.submit(os.getppid).result(timeout=60)\n"
            "    print(len(os.listdir(f'/proc/{server}/task')))\n"
            "    pool.shutdown()\n")
    done = _python(code)
    assert done.stdout == "1\n", done.stderr


def test_a_refresh_warms_the_fork_server_when_every_feed_has_validators(
        feed_server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never fetched: the workers start at once. Fetched before (validators known): only
    the fork server starts, so a feed that changed is parsed without waiting ~0.3 s for
    it; if every feed answers 304, no worker is ever started."""
    from thawwatch.cli import main

    calls: list[str] = []
    for name in ("prestart", "warm"):
        real = getattr(ParserPool, name)

        def spy(self: ParserPool, _real=real, _name=name) -> None:
            calls.append(_name)
            _real(self)

        monkeypatch.setattr(ParserPool, name, spy)
    feed_server.route("/feed.xml", FEED, etag='"v1"')
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n')
    argv = ["--config", str(config), "--db", str(tmp_path / "db"), "refresh"]
    assert main(argv) == 0 and set(calls) == {"prestart"}
    calls.clear()
    assert main(argv) == 0 and calls == ["warm"]


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods()
                    or not Path("/proc/self").is_dir(), reason="no fork server, or no /proc")
def test_the_fork_server_ends_without_tearing_its_interpreter_down(tmp_path: Path) -> None:
    """The fork server skips the teardown of its interpreter (the parser, the rules: ~40
    ms during which it held thawwatch's stdout and stderr after thawwatch had exited)."""
    probe = tmp_path / "probe.txt"
    code = ("from thawwatch import parsers\n"
            "parsers.PRELOAD.append('teardown_probe')\n"  # after the freeze: collectable
            "if __name__ == '__main__':\n"
            "    pool = parsers.ParserPool(1)\n"
            "    assert pool.submit(int, '7').result(timeout=60) == 7\n"
            "    pool.shutdown()\n")
    done = _python(code, THAWWATCH_TEARDOWN_PROBE=str(probe))
    assert done.returncode == 0, done.stderr
    (server,) = [line.split()[0] for line in probe.read_text().splitlines()
                 if line.endswith(" up")]
    deadline = time.monotonic() + 30
    while Path(f"/proc/{server}").exists() and time.monotonic() < deadline:
        time.sleep(0.02)  # it ends once it sees its parent gone
    assert not Path(f"/proc/{server}").exists()
    assert f"{server} torn down" not in probe.read_text()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("quiet", [True, False])
def test_a_quiet_pool_s_workers_write_nowhere(quiet: bool) -> None:
    """The dashboard's workers send stdout and stderr to the null device (a warning from
    one would be written over the screen); the CLI's keep the terminal, so a traceback
    shows."""
    pool = ParserPool(1, quiet=quiet)
    try:
        fds = [pool.submit(os.readlink, f"/proc/self/fd/{fd}") for fd in (1, 2)]
        targets = [f.result(timeout=60) for f in fds]
    finally:
        pool.shutdown(cancel_futures=True)
    assert (targets == [os.devnull] * 2) == quiet, targets


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                    reason="no fork server here: workers are spawned, with nothing preloaded")
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
    proc = _python(code)
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]


class _QuitWhileParsing(ThreadPoolExecutor):
    """A one-thread executor whose thread is busy, so every parse job waits in its queue;
    once the refresh waits on a job's result (its main thread is in ``_parsed``), it does
    what the dashboard's `q` does: stop the refresh, shut the parsers down cancelling
    their jobs."""

    def __init__(self, stop: threading.Event) -> None:
        super().__init__(1)
        self._stop, self._gate = stop, threading.Event()
        self.quit_while_waiting = False
        super().submit(self._gate.wait)

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future = super().submit(fn, *args, **kwargs)
        threading.Thread(target=self._quit, args=(threading.main_thread().ident,)).start()
        return future

    def _quit(self, main: int) -> None:
        deadline = time.monotonic() + 30
        while not self.quit_while_waiting and time.monotonic() < deadline:
            frame = sys._current_frames().get(main)
            while frame is not None and not self.quit_while_waiting:
                self.quit_while_waiting = frame.f_code.co_name == "_parsed"
                frame = frame.f_back
            time.sleep(0.01)
        self._stop.set()
        self.shutdown(wait=False, cancel_futures=True)
        self._gate.set()


def test_quitting_while_a_body_waits_for_its_parser_records_no_failure(
        feed_server: FeedServer, db_path: Path) -> None:
    """The parse job was cancelled, not failed: the feed must not be recorded as one that
    "could not be parsed" (a wrong error in the Feeds view and a backoff); it is left as
    it was, to be fetched in full next time."""
    feed_server.route("/feed.xml", FEED, etag='"v1"')
    config = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n', "t.toml")
    stop = threading.Event()
    executor = _QuitWhileParsing(stop)
    with Store.open(db_path) as store:
        report = run_refresh(store, config, executor=executor, stop=stop, now=NOW)
        row = store.conn.execute("SELECT failures, last_error, etag FROM feeds").fetchone()
        stored = store.conn.execute("SELECT count(*) FROM items").fetchone()[0]
    assert executor.quit_while_waiting and stop.is_set() and report.failed == []
    assert tuple(row) == (0, None, None) and stored == 0


def _slow_feed() -> bytes:
    """Eight items whose summaries are 400,000 characters of dense markup (the most a
    summary is read as): about a second of parsing each here, all of it legitimate work."""
    body = "><a" * 133_333
    return rss([{"title": f"Tags {i}", "guid": f"t{i}", "description": body}
                for i in range(8)])


@pytest.mark.parametrize("pooled", [False, True])
def test_a_feed_that_takes_too_long_to_parse_fails_on_time(
        feed_server: FeedServer, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        parser_processes: ParserPool, pooled: bool) -> None:
    """Markup or text built to make parsing slow held a worker, the refresh and the
    dashboard's next refresh for minutes (an outside review measured one hostile 72 kB
    feed at 19 s, and another kept a worker busy for more than 9 minutes); now the feed
    fails after the parse deadline (made short here), and the others are stored."""
    import thawwatch.parsers as parsers

    monkeypatch.setattr(parsers, "PARSE_SECONDS", 1.0)
    feed_server.route("/slow.xml", _slow_feed())
    feed_server.route("/fine.xml", FEED)
    slow, fine = feed_server.url("/slow.xml"), feed_server.url("/fine.xml")
    config = parse_config(f'[[feeds]]\nurl = "{slow}"\n[[feeds]]\nurl = "{fine}"\n'
                          "[refresh]\ntimeout_seconds = 20\n", "t.toml")
    parsers._rules(json.dumps(config.signals), config.source)  # in-line: compiled already
    with Store.open(db_path) as store:
        report = run_refresh(store, config, now=NOW,
                             executor=parser_processes if pooled else None)
        errors = {o.url: o.error for o in report.outcomes}
        assert errors == {slow: "feed took over 1 s of CPU to parse and classify: skipped",
                          fine: None}
        assert report.new_items == 1
        assert [f.last_error for f in feedstore.active_feeds(store, config)
                if f.url == slow] == ["feed took over 1 s of CPU to parse and classify: skipped"]


def test_the_parse_deadline_leaves_signals_and_timers_as_it_found_them() -> None:
    """It cancelled a timer its caller had set (review), and its handler stayed."""
    import signal

    import thawwatch.parsers as parsers

    body = rss([{"title": "Canola", "guid": "c"}])
    handler = signal.getsignal(signal.SIGPROF)
    parsers.parse_job(body, "http://x/", NOW, "http://x/", frozenset(), None, "t.toml")
    assert signal.getsignal(signal.SIGPROF) is handler
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    signal.setitimer(signal.ITIMER_PROF, 100.0)  # someone's profiler
    try:
        parsed, _, _ = parsers.parse_job(body, "http://x/", NOW, "http://x/", frozenset(),
                                         None, "t.toml", None, 0.000_001)
        assert parsed.error is None and signal.getitimer(signal.ITIMER_PROF)[0] > 99
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
