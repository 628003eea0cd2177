"""A slow resolver never holds up a stop: the dashboard quitting (``stop``) or a Ctrl-C
ends a refresh at once, not when a name lookup answers, and a lookup slower than the
feed's deadline fails that feed, in time and saying so.

The resolver is the standard library's ``socket.getaddrinfo``, patched to take its time
over one name (in this process, or via a sitecustomize in `thawwatch refresh`'s); every
name still leads to the loopback feed server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from feedserver import FeedServer, rss
from test_interrupts import _default_sigint, ctrl_c_once, with_site

from thawwatch.config import Config, parse_config
from thawwatch.refresh import RefreshReport, run_refresh
from thawwatch.store import Store

SLOW_HOST = "slow-dns.test"  # its lookup takes LOOKUP seconds
QUICK_HOST = "quick-dns.test"  # answered at once
LOOKUP = 10.0  # far longer than any of these tests may take (their bounds leave room for
#               a machine busy with other tests: a waited-for lookup would take all of it)
FEED = rss([{"guid": "a", "title": "Canola news"}])


class SlowResolver:
    """getaddrinfo answering SLOW_HOST only after LOOKUP seconds (or once released) and
    QUICK_HOST at once, both as loopback; other names as usual."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self._real = socket.getaddrinfo

    def getaddrinfo(self, host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name == SLOW_HOST:
            self.started.set()
            self.release.wait(LOOKUP)
        if name in (SLOW_HOST, QUICK_HOST):
            host = "127.0.0.1"
        return self._real(host, *args, **kwargs)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowResolver]:
    slow = SlowResolver()
    monkeypatch.setattr(socket, "getaddrinfo", slow.getaddrinfo)
    yield slow
    slow.release.set()  # the abandoned lookup's thread ends now, not in LOOKUP seconds


def _stopped_refresh(db_path: Path, config: Config,
                     until: Callable[[], object]) -> tuple[RefreshReport, float]:
    """``run_refresh`` stopped, as the dashboard's quit stops it, once ``until()`` has
    returned in another thread: its report, and the seconds from the stop to its return."""
    stop = threading.Event()
    stopped: list[float] = []

    def stop_then() -> None:
        until()
        stopped.append(time.monotonic())
        stop.set()

    threading.Thread(target=stop_then, daemon=True).start()
    with Store.open(db_path) as store:
        report = run_refresh(store, config, stop=stop)
    return report, time.monotonic() - stopped[0]


def _url(feed_server: FeedServer, host: str) -> str:
    feed_server.route("/feed.xml", FEED)
    return feed_server.url("/feed.xml").replace("127.0.0.1", host)


def test_a_stop_does_not_wait_for_a_slow_name_lookup(
        feed_server: FeedServer, db_path: Path, resolver: SlowResolver) -> None:
    """The dashboard quitting mid-refresh: run_refresh returns at once."""
    config = parse_config(f'[[feeds]]\nurl = "{_url(feed_server, SLOW_HOST)}"\n', "t.toml")
    report, took = _stopped_refresh(db_path, config, lambda: resolver.started.wait(LOOKUP))
    assert took < 5.0, f"the stop took {took:.2f} s"
    assert report.attempted == []  # the request in flight was dropped


def test_a_slow_name_lookup_fails_the_feed_at_its_deadline(
        feed_server: FeedServer, db_path: Path, resolver: SlowResolver) -> None:
    """A lookup slower than timeout_seconds fails that feed on time, with a line naming
    the lookup; a name that resolves is fetched as usual, in the same refresh."""
    slow, quick = _url(feed_server, SLOW_HOST), _url(feed_server, QUICK_HOST)
    config = parse_config(f'[[feeds]]\nurl = "{slow}"\n[[feeds]]\nurl = "{quick}"\n'
                          "[refresh]\ntimeout_seconds = 0.5\n", "t.toml")
    started = time.monotonic()
    with Store.open(db_path) as store:
        report = run_refresh(store, config)
    took = time.monotonic() - started
    assert took < 6.0, f"the refresh took {took:.2f} s"
    outcomes = {o.url: o for o in report.outcomes}
    assert outcomes[slow].error == f"timed out after 0.5 s looking up or connecting to {SLOW_HOST}"
    assert (outcomes[quick].ok, outcomes[quick].new) == (True, 1)


SITECUSTOMIZE = f'''
import os, socket, time

_real = socket.getaddrinfo


def _slow(host, *args, **kwargs):
    if host in ({SLOW_HOST!r}, {SLOW_HOST.encode()!r}):
        open(os.environ["SLOW_LOOKUP_MARKER"], "w").close()
        time.sleep({LOOKUP})
        host = "127.0.0.1"
    return _real(host, *args, **kwargs)


if os.environ.get("SLOW_LOOKUP_MARKER"):
    socket.getaddrinfo = _slow
'''


def test_ctrl_c_does_not_wait_for_a_slow_name_lookup(feed_server: FeedServer,
                                                      tmp_path: Path) -> None:
    """Ctrl-C in `thawwatch refresh` while a lookup hangs: one line, 130, at once (the
    interpreter's exit must not wait for the lookup's thread either)."""
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{_url(feed_server, SLOW_HOST)}"\n'
                      "[ui]\nbell = false\n", "utf-8")
    marker = tmp_path / "looking-up"
    env = with_site({**os.environ, "SLOW_LOOKUP_MARKER": str(marker),
                     "THAWWATCH_CONFIG": str(config), "THAWWATCH_DB": str(tmp_path / "t.db")},
                    tmp_path, SITECUSTOMIZE)
    proc = subprocess.Popen([sys.executable, "-m", "thawwatch", "refresh"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, preexec_fn=_default_sigint)
    err, took = ctrl_c_once(proc, marker)
    assert (proc.returncode, err) == (130, "thawwatch: interrupted\n")
    assert took < 6.0, f"Ctrl-C took {took:.2f} s"


def test_a_slow_lookup_in_a_redirect_check_names_the_host(
        feed_server: FeedServer, db_path: Path, resolver: SlowResolver) -> None:
    """Each redirect's target is looked up before it is followed (no public host may
    bounce us onto the LAN): a deadline passing there names that host too."""
    target = _url(feed_server, SLOW_HOST)
    feed_server.route("/moved.xml", status=301, redirect_to=target)
    moved = feed_server.url("/moved.xml").replace("127.0.0.1", QUICK_HOST)
    config = parse_config(f'[[feeds]]\nurl = "{moved}"\n[refresh]\ntimeout_seconds = 0.5\n',
                          "t.toml")
    with Store.open(db_path) as store:
        report = run_refresh(store, config)
    assert report.outcomes[0].error == (
        f"timed out after 0.5 s looking up or connecting to {SLOW_HOST}")


def test_lookup_threads_stay_capped_while_lookups_hang(
        feed_server: FeedServer, db_path: Path, resolver: SlowResolver) -> None:
    """Each feed past its deadline frees its place while its lookup still hangs: without
    a cap, 80 feeds left 80 threads waiting on the resolver."""
    from thawwatch.fetch import LOOKUP_THREADS

    feeds = 80
    assert feeds > LOOKUP_THREADS
    urls = [_url(feed_server, SLOW_HOST).replace("/feed.xml", f"/feed.xml?{i}")
            for i in range(feeds)]
    config = parse_config("".join(f'[[feeds]]\nurl = "{u}"\n' for u in urls)
                          + "[refresh]\ntimeout_seconds = 0.1\nconcurrency = 40\n"
                          "per_host = 40\n", "t.toml")
    peak = 0

    def lookups() -> int:
        return sum(t.name == "thawwatch-lookup" for t in threading.enumerate())

    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, lookups())
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    with Store.open(db_path) as store:
        report = run_refresh(store, config)
    done.set()
    watcher.join()
    assert all("timed out" in (o.error or "") for o in report.outcomes)
    assert 0 < peak <= LOOKUP_THREADS, f"{peak} lookup threads at once"


def test_a_stop_does_not_wait_for_another_process_s_write_lock(
        feed_server: FeedServer, db_path: Path) -> None:
    """The dashboard quitting while its refresh waits for a write lock another process
    holds (a cron refresh, a long VACUUM): SQLite's wait cannot be interrupted, and the
    shell came back only when the 15 s busy timeout ran out (QA). Nothing of the refresh
    is stored, and the other process's write is not disturbed."""
    import sqlite3
    from datetime import UTC, datetime

    from thawwatch.feeds import sync_config

    feed_server.route("/feed.xml", FEED)
    config = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n', "t.toml")
    with Store.open(db_path) as store:  # the feed subscribed (the dashboard's loads do it)
        sync_config(store, config.feeds, datetime.now(UTC))
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write lock, held
    # (by 0.8 s the feed is fetched, and storing it waits for the lock)
    report, took = _stopped_refresh(db_path, config, lambda: time.sleep(0.8))
    assert took < 2.0, f"the stop took {took:.2f} s"  # not the 15 s busy timeout
    assert report.attempted == []
    other.execute("INSERT INTO meta (key, value) VALUES ('other', 'kept')")
    other.execute("COMMIT")
    other.close()
    with Store.open(db_path) as store:
        assert store.get_meta("other") == "kept"
        assert store.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0
