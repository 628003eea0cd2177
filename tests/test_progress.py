"""Refresh progress output: a redrawn bar on a terminal, one line per feed otherwise."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from feedserver import FeedServer, rss

from thawwatch.progress import ProgressPrinter
from thawwatch.refresh import FeedOutcome


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal() -> None:
    out = Tty()
    printer = ProgressPrinter(out, width=10)
    printer.update(FeedOutcome("u1", "One", ok=True, new=3), 1, 2)
    printer.update(FeedOutcome("u2", "Two", ok=False, error="HTTP 404 Not Found"), 2, 2)
    printer.finish()
    text = out.getvalue()
    assert "\r[#####-----] 1/2 feeds" in text
    assert "FAIL  Two: HTTP 404 Not Found" in text  # failures stay on screen
    assert text.endswith("[##########] 2/2 feeds\n")


def test_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out)
    printer.update(FeedOutcome("u1", "One", ok=True, new=3), 1, 2)
    printer.update(FeedOutcome("u2", "Two", ok=True, not_modified=True), 2, 2)
    printer.finish()
    assert out.getvalue() == "ok    One: 3 new\nok    Two: not modified\n"


class Terminal:
    """A real pseudo-terminal of ``columns`` columns: what the printer writes to its slave
    end is read back from the master end."""

    def __init__(self, columns: int) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        attrs = termios.tcgetattr(slave)
        attrs[1] &= ~termios.OPOST  # no "\n" → "\r\n": read back what was written
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        self.master = master
        self.stream = open(slave, "w", encoding="utf-8")  # noqa: SIM115 (closed in read)

    def read(self) -> str:
        self.stream.close()
        chunks = []
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the slave end is closed and everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(self.master)
        return b"".join(chunks).decode()


def _drawn(text: str) -> list[str]:
    """Each state the bar was drawn in."""
    return [part.removeprefix("\x1b[2K").rstrip("\n") for part in text.split("\r") if part]


def test_redirected_output_gets_every_line_and_the_terminal_the_bar() -> None:
    """`thawwatch refresh > log` typed at a terminal: the log had only the summary (the
    per-feed lines went to the bar's terminal, and the "ok" ones nowhere)."""
    log, term = io.StringIO(), Tty()
    printer = ProgressPrinter(log, term, width=10)
    printer.update(FeedOutcome("u1", "One", ok=True, new=3), 1, 2)
    printer.update(FeedOutcome("u2", "Two", ok=False, error="HTTP 404 Not Found"), 2, 2)
    printer.finish()
    assert log.getvalue() == "ok    One: 3 new\nFAIL  Two: HTTP 404 Not Found\n"
    assert "\r[#####-----] 1/2 feeds" in term.getvalue()
    assert "FAIL  Two: HTTP 404 Not Found\n" in term.getvalue()


def test_the_bar_is_drawn_before_any_feed_has_answered() -> None:
    """A slow first server left the terminal blank for up to the whole timeout."""
    term = Tty()
    ProgressPrinter(io.StringIO(), term, width=10).begin(3)
    assert term.getvalue() == "\r[----------] 0/3 feeds"


@pytest.mark.parametrize(("columns", "bar"), [(80, True), (40, True), (24, True), (12, False),
                                             (4, False)])
def test_the_bar_fits_the_terminal(columns: int, bar: bool) -> None:
    """A 45-column line in a 40-column terminal wrapped, and each redraw (a carriage
    return goes back to the start of the wrapped row only) stacked a new row."""
    term = Terminal(columns)
    printer = ProgressPrinter(io.StringIO(), term.stream)
    printer.begin(120)
    for done in range(1, 121):
        printer.update(FeedOutcome(f"u{done}", f"Feed {done}", ok=True), done, 120)
    printer.finish()
    states = _drawn(term.read())
    assert len(states) == 121
    assert all(len(state) < columns for state in states), max(states, key=len)
    last = states[-1]  # with a bar where there is room, else as much of the count as fits
    if bar:
        assert last.startswith("[###") and last.endswith("] 120/120 feeds")
    else:
        assert last == "120/120 feeds"[:columns - 1]


def test_cli_refresh_redirected_at_a_terminal(feed_server: FeedServer, tmp_path: Path) -> None:
    """The real command, stdout to a file and stderr a terminal: the file gets a line per
    feed and the summary, the terminal the bar (and the failure)."""
    feed_server.route("/good.xml", rss([{"title": "Canola", "link": "https://e.org/a"}]))
    feed_server.route("/gone.xml", status=404)
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed_server.url("/good.xml")}"\nname = "Good"\n'
                      f'[[feeds]]\nurl = "{feed_server.url("/gone.xml")}"\nname = "Gone"\n')
    term = Terminal(80)
    with (tmp_path / "log").open("w") as log:
        done = subprocess.run([sys.executable, "-m", "thawwatch", "--config", str(config),
                               "--db", str(tmp_path / "db"), "refresh"],
                              stdout=log, stderr=term.stream, timeout=120)
    shown = term.read()
    assert done.returncode == 0
    lines = (tmp_path / "log").read_text().splitlines()
    assert sorted(lines[:2]) == ["FAIL  Gone: HTTP 404 Not Found", "ok    Good: 1 new"]
    assert lines[2].startswith("1 of 2 feeds ok, 1 failed, 1 new item in ")
    assert "[------------------------------] 0/2 feeds" in shown
    assert "FAIL  Gone: HTTP 404 Not Found" in shown
    assert "] 2/2 feeds\n" in shown


def test_a_long_name_is_cut_in_its_line() -> None:
    """A 100 kB URL standing for a feed's name made a 100 kB line in cron's mail."""
    url = "https://news.example/" + "x" * 100_000
    line = FeedOutcome(url, url, ok=False, error="HTTP 404 Not Found").line()
    assert line == f"FAIL  {url[:99]}…: HTTP 404 Not Found"
    assert FeedOutcome("u", "Short", ok=True, new=2).line() == "ok    Short: 2 new"
