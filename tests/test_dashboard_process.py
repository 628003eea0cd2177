"""The `thawwatch` command itself, in a real pseudo-terminal: it opens, catches up on the
due feeds by itself, and quits cleanly on `q` (every other TUI test builds the app in
process; this one runs the console entry point as a user does)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

from feedserver import FeedServer, rss


def _read_until(master: int, proc: subprocess.Popen[bytes], done, timeout: float) -> bytes:
    """Everything the program printed until ``done(output)`` holds or it exits."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done(seen):
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:  # the program closed the terminal
                break
        elif proc.poll() is not None:
            break
    return seen


@contextlib.contextmanager
def _dashboard(args: list[str], env: dict[str, str]
               ) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`thawwatch ARGS` in a 120×40 pseudo-terminal: its side of the terminal and the
    process, killed at the end if still running."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "thawwatch", *args], stdin=slave,
                            stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    try:
        yield master, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)


def _quits_cleanly(master: int, proc: subprocess.Popen[bytes]) -> None:
    """`q` ends it with exit 0 and no traceback."""
    os.write(master, b"q")
    tail = _read_until(master, proc, lambda out: False, 10)
    assert proc.wait(timeout=10) == 0
    assert b"Traceback" not in tail


def test_the_dashboard_opens_refreshes_due_feeds_and_quits(
        feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.route("/f", rss([{"guid": "1", "title": "China lifts tariff on canola"}]))
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed_server.url("/f")}"\n'
                      "[refresh]\ninterval_minutes = 30\n[ui]\nbell = false\n", "utf-8")
    env = {**os.environ, "THAWWATCH_CONFIG": str(config),
           "THAWWATCH_DB": str(tmp_path / "t.db"), "TERM": "xterm-256color"}
    with _dashboard([], env) as (master, proc):
        shown = _read_until(master, proc, lambda out: b"Irritants" in out, 30)
        assert b"Irritants" in shown, shown[-500:]
        deadline = time.monotonic() + 20  # the due feed is fetched without a key press
        while feed_server.paths() != ["/f"] and time.monotonic() < deadline:
            _read_until(master, proc, lambda out: False, 0.2)
        assert feed_server.paths() == ["/f"]
        _read_until(master, proc, lambda out: False, 0.5)  # let the refresh finish
        _quits_cleanly(master, proc)


def test_the_dashboard_opens_as_of_another_date(feed_server: FeedServer,
                                                tmp_path: Path) -> None:
    """From a December play-through: a lawyer could look at the ledger on another day with
    `status --as-of` only; the dashboard took none (`thawwatch --as-of` was refused). It
    opens as of that day, and a command given the dashboard's --as-of says where it goes."""
    feed_server.route("/f", rss([{"guid": "1", "title": "China lifts tariff on canola"}]))
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed_server.url("/f")}"\n[ui]\nbell = false\n',
                      "utf-8")
    env = {**os.environ, "THAWWATCH_CONFIG": str(config),
           "THAWWATCH_DB": str(tmp_path / "t.db"), "TERM": "xterm-256color"}
    with _dashboard(["--as-of", "2027-01-02"], env) as (master, proc):
        shown = _read_until(master, proc, lambda out: b"as of 2027-01-02" in out, 30)
        assert b"as of 2027-01-02" in shown, shown[-500:]
        _quits_cleanly(master, proc)
    done = subprocess.run([sys.executable, "-m", "thawwatch", "--as-of", "2027-01-02",
                           "status"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == "", done
    assert done.stderr == ("thawwatch: --as-of before the command is the dashboard's: give it"
                           " after it (`thawwatch status --as-of 2027-01-02`)\n"), done.stderr
