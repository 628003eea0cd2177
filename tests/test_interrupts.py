"""Stopping thawwatch mid-refresh, as a terminal, cron or a closing session does: one line,
the conventional exit code, no traceback (from the main process or a parser worker),
promptly, and a database that is intact."""

from __future__ import annotations

import contextlib
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from feedserver import FeedServer, rss
from test_dashboard_process import _read_until

SLOW = 30.0  # a feed that answers long after any of these tests ends


def _feeds(feed_server: FeedServer, tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    """A fast feed (so the parser pool is up and working) and a slow one (in flight)."""
    feed_server.route("/fast", rss([{"guid": str(i), "title": f"Canola news {i}"}
                                    for i in range(20)]))
    feed_server.route("/slow", rss([{"guid": "s", "title": "Canola slow"}]), delay=SLOW)
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed_server.url("/fast")}"\n'
                      f'[[feeds]]\nurl = "{feed_server.url("/slow")}"\n'
                      "[refresh]\ntimeout_seconds = 60\n[ui]\nbell = false\n", "utf-8")
    env = {**os.environ, "THAWWATCH_CONFIG": str(config), "THAWWATCH_DB": str(tmp_path / "t.db")}
    return [sys.executable, "-m", "thawwatch"], env


def _wait_for(feed_server: FeedServer, path: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while path not in feed_server.paths() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path in feed_server.paths()


@pytest.mark.parametrize(("sig", "to_group", "code", "says"), [
    (signal.SIGINT, True, 130, "thawwatch: interrupted\n"),  # Ctrl-C: the whole group
    (signal.SIGTERM, False, 143, "thawwatch: terminated\n"),  # cron's or systemd's limit
])
def test_a_refresh_stopped_mid_way(feed_server: FeedServer, tmp_path: Path, sig: int,
                                   to_group: bool, code: int, says: str) -> None:
    cmd, env = _feeds(feed_server, tmp_path)
    proc = subprocess.Popen([*cmd, "refresh"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_default_sigint)
    try:
        _wait_for(feed_server, "/slow")
        _wait_for_items(tmp_path / "t.db", 20)  # the fast feed, parsed by a pool worker
        sent = time.monotonic()
        if to_group:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=15)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert (proc.returncode, err.decode()) == (code, says)  # no worker tracebacks either
    assert took < 5, took  # the slow request is dropped, not waited for (SLOW s)
    check = subprocess.run([*cmd, "db", "check"], env=env, capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    assert _items(tmp_path / "t.db") == 20  # what was stored stays


def _default_sigint() -> None:
    """A shell started in the background (nohup, some CI runners) hands its children
    SIGINT ignored; the program under test must get it as a terminal sends it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _items(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM items").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def _wait_for_items(db: Path, count: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while _items(db) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _items(db) == count


def _dashboard(cmd: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave,
                            env={**env, "TERM": "xterm-256color"}, start_new_session=True,
                            preexec_fn=_default_sigint)
    os.close(slave)
    return proc, master


@pytest.mark.parametrize(("stop", "code"), [("q", 0), ("SIGTERM", 143), ("SIGINT", 130)])
def test_the_dashboard_quits_promptly_during_a_slow_refresh(
        feed_server: FeedServer, tmp_path: Path, stop: str, code: int) -> None:
    """`q` (or SIGTERM) while a feed takes its time: the dashboard goes at once, not when
    the slowest feed answers, and SIGTERM puts the terminal back (alternate screen off)."""
    cmd, env = _feeds(feed_server, tmp_path)
    proc, master = _dashboard(cmd, env)
    try:
        shown = _read_until(master, proc, lambda out: b"Irritants" in out, 30)
        assert b"Irritants" in shown, shown[-500:]
        _wait_for(feed_server, "/slow")  # the refresh on opening is under way
        sent = time.monotonic()
        if stop == "q":
            os.write(master, b"q")
        else:  # `kill`, or a closing session (in raw mode Ctrl+C is a key, not SIGINT)
            os.kill(proc.pid, getattr(signal, stop))
        tail = _read_until(master, proc, lambda out: False, 10)
        assert proc.wait(timeout=10) == code
        assert time.monotonic() - sent < 5
        assert b"Traceback" not in tail
        assert b"\x1b[?1049l" in tail  # out of the alternate screen
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)


def with_site(env: dict[str, str], tmp_path: Path, code: str) -> dict[str, str]:
    """``env`` with a sitecustomize holding ``code`` on PYTHONPATH: a way to patch the
    standard library in the processes under test (each is told apart by its own env
    variable or its command line)."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(code, "utf-8")
    path = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    return {**env, "PYTHONPATH": path}


def ctrl_c_once(proc: subprocess.Popen[bytes], marker: Path,
                delay: float = 0.0, again: float | None = None) -> tuple[str, float]:
    """Ctrl-C to the whole group ``delay`` s after ``marker`` appears (and once more
    ``again`` s later): what the process printed on stderr, and how long it took to end
    after the first signal."""
    try:
        deadline = time.monotonic() + 20
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert marker.exists(), proc.communicate()
        time.sleep(delay)
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        if again is not None:
            time.sleep(again)
            with contextlib.suppress(ProcessLookupError):  # gone already
                os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=15)
        return err.decode(), time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# A fork server slow to start, as on a cold disk cache: the window in which it has not yet
# ignored Ctrl-C (pool_process) lasts SLOW_START s instead of ~30 ms. Active only in the
# fork server, and only when SLOW_FORK_SERVER names the file to touch as it starts.
SLOW_START = 0.3
FORK_SERVER_SITE = f'''
import os, sys

_marker = os.environ.get("SLOW_FORK_SERVER")
if _marker and any("multiprocessing.forkserver" in arg for arg in sys.orig_argv):
    import time
    import multiprocessing.forkserver as _forkserver

    _main = _forkserver.main

    def _slow_main(*args, **kwargs):
        open(_marker, "w").close()
        time.sleep({SLOW_START})
        return _main(*args, **kwargs)

    _forkserver.main = _slow_main
'''


@pytest.mark.parametrize(("delay", "again"), [(0.0, None), (SLOW_START / 2, None),
                                             (0.0, SLOW_START / 4)])
def test_ctrl_c_while_the_fork_server_starts(feed_server: FeedServer, tmp_path: Path,
                                             delay: float, again: float | None) -> None:
    """Ctrl-C to the whole group while the parser fork server is still starting (once, or
    twice: the second came while the pool was shutting down): the CLI's one line and 130,
    and no traceback from the fork server (KeyboardInterrupt, or FileNotFoundError from
    workers forking after the process had gone with the pool's semaphores)."""
    cmd, env = _feeds(feed_server, tmp_path)  # a fresh database: the pool starts at once
    marker = tmp_path / "fork-server-starting"
    env = with_site({**env, "SLOW_FORK_SERVER": str(marker)}, tmp_path, FORK_SERVER_SITE)
    proc = subprocess.Popen([*cmd, "refresh"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_default_sigint)
    err, _ = ctrl_c_once(proc, marker, delay, again)
    time.sleep(SLOW_START if again else 0)  # a fork server left behind would print now
    assert (proc.returncode, err) == (130, "thawwatch: interrupted\n")


# Ctrl-C landing inside the import system, deterministically: when the main process looks
# for IMPORT_INTERRUPTED's module, the signal arrives while code that the import exec's
# runs (as it does when a dataclass is made). The CLI imports as it goes, so a real
# Ctrl-C in the first ~100 ms lands there now and then.
IMPORT_SITE = '''
import os, sys

_module = os.environ.get("IMPORT_INTERRUPTED")
# The signal lands in a descriptor's __set_name__ (as a dataclass's fields have), where
# Python turns an exception into "RuntimeError: Error calling __set_name__".
_CODE = """
import os, signal
class _Field:
    def __set_name__(self, owner, name):
        os.kill(os.getpid(), signal.SIG)
        for _ in range(100_000): pass
class _Owner:
    field = _Field()
"""


class _Interrupter:
    def find_spec(self, name, path=None, target=None):
        if name == _module:
            sys.meta_path.remove(self)
            open(os.environ["IMPORT_MARKER"], "w").close()
            exec(_CODE.replace("SIG", os.environ.get("IMPORT_SIGNAL", "SIGINT")), {})
        return None


if _module and "thawwatch" in sys.orig_argv:
    sys.meta_path.insert(0, _Interrupter())
'''


@pytest.mark.parametrize(("sig", "module", "code", "line"), [
    ("SIGINT", "thawwatch.refresh", 130, "interrupted"),
    ("SIGTERM", "thawwatch.refresh", 143, "terminated"),
    ("SIGTERM", "thawwatch.cli", 143, "terminated"),  # before the CLI set any handler
])
def test_a_signal_inside_an_import(feed_server: FeedServer, tmp_path: Path, sig: str,
                                   module: str, code: int, line: str) -> None:
    """It waits for the import to end: before, Ctrl-C escaped from exec'd code and
    `python -m thawwatch` died of SIGINT after its line (other spots: "unexpected error:
    RuntimeError", or an "Exception ignored" traceback and a refresh that ran on); a
    SIGTERM (cron's time limit) did the same through the CLI's own handler."""
    cmd, env = _feeds(feed_server, tmp_path)
    marker = tmp_path / "importing"
    env = with_site({**env, "IMPORT_INTERRUPTED": module, "IMPORT_SIGNAL": sig,
                     "IMPORT_MARKER": str(marker)}, tmp_path, IMPORT_SITE)
    proc = subprocess.Popen([*cmd, "refresh"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_default_sigint)
    try:
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert marker.exists()
    assert (proc.returncode, err.decode()) == (code, f"thawwatch: {line}\n")
