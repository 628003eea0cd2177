"""Headless commands whose standard output fails: closed, full, a reader gone, an encoding
without the characters. The work is finished and stored, the loss is said once, and the
exit code still tells the truth. Real processes: the descriptors are real."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedserver import FeedServer, rss

from thawwatch.store import Store

FEEDS = 4
PER_FEED = 30


@pytest.fixture
def env(feed_server: FeedServer, db_path: Path, tmp_path: Path) -> dict[str, str]:
    """A config of FEEDS feeds (titles in Chinese and with a dash: not ASCII)."""
    for f in range(FEEDS):
        items = [{"guid": f"f{f}-{i}", "title": f"环球时报 — canola story {f}-{i}",
                  "link": f"https://news.example/{f}/{i}",
                  "pubDate": datetime(2026, 11, 1 + i % 27, 9, tzinfo=UTC)}
                 for i in range(PER_FEED)]
        feed_server.route(f"/f{f}", rss(items, title=f"环球时报 {f}"))
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[feeds]]\nurl = "{feed_server.url(f"/f{f}")}"\n'
                              for f in range(FEEDS))
                      + "[refresh]\ninterval_minutes = 0\ntimeout_seconds = 10\n", "utf-8")
    Store.open(db_path).close()  # a reader making it would say so on stderr
    return {**os.environ, "THAWWATCH_CONFIG": str(config), "THAWWATCH_DB": str(db_path)}


def thawwatch(env: dict[str, str], *argv: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "thawwatch", *argv], env=env, text=True,
                          stderr=subprocess.PIPE, timeout=60, check=False, **kwargs)


def stored(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        conn.close()


def assert_one_line(stderr: str, *words: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert all(word in lines[0] for word in words), stderr


def test_refresh_with_stdout_closed_stores_every_feed(env: dict[str, str],
                                                      db_path: Path) -> None:
    done = thawwatch(env, "refresh", preexec_fn=lambda: os.close(1))
    assert stored(db_path) == FEEDS * PER_FEED
    assert done.returncode == 1
    assert_one_line(done.stderr, "standard output", "closed")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_refresh_onto_a_full_disk_stores_every_feed(env: dict[str, str], db_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = thawwatch(env, "refresh", stdout=full)
    assert stored(db_path) == FEEDS * PER_FEED
    assert done.returncode == 1
    assert_one_line(done.stderr, "standard output", "No space left")


def test_an_ascii_terminal_gets_replacement_characters(env: dict[str, str],
                                                       db_path: Path) -> None:
    ascii_env = {**env, "PYTHONIOENCODING": "ascii"}
    done = thawwatch(ascii_env, "refresh", stdout=subprocess.PIPE)
    assert (done.returncode, done.stderr) == (0, "")
    assert stored(db_path) == FEEDS * PER_FEED
    assert "????" in done.stdout  # the feed titles, unprintable here
    for argv in (("status",), ("search", "canola", "--limit", "10000")):  # (no "more" note)
        done = thawwatch(ascii_env, *argv, stdout=subprocess.PIPE)
        assert (done.returncode, done.stderr) == (0, ""), argv
        assert done.stdout.strip() and done.stdout.isascii(), argv


@pytest.mark.parametrize("argv", [("export",), ("export", "--format", "csv"),
                                  ("feeds", "export"), ("search", "--format", "json", "环球时报")])
def test_data_is_utf8_whatever_the_terminal(env: dict[str, str], argv: tuple[str, ...]) -> None:
    """JSON, CSV and OPML (which declares UTF-8) are never mangled into '?': an ASCII
    locale used to turn every Chinese title of an export into '????', exit 0."""
    assert thawwatch(env, "refresh", stdout=subprocess.DEVNULL).returncode == 0
    done = thawwatch({**env, "PYTHONIOENCODING": "ascii"}, *argv, stdout=subprocess.PIPE)
    assert (done.returncode, done.stderr) == (0, "")
    assert "环球时报" in done.stdout and "????" not in done.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [("status",), ("status", "--format", "json"), ("config", "path")])
def test_buffered_output_onto_a_full_disk_is_reported(env: dict[str, str],
                                                      argv: tuple[str, ...]) -> None:
    """With stdout buffered (no PYTHONUNBUFFERED, as for users), the failure shows only
    when the buffer is flushed, after the command: it exited 0, saying nothing."""
    buffered = {k: v for k, v in env.items() if k != "PYTHONUNBUFFERED"}
    with open("/dev/full", "w") as full:
        done = thawwatch(buffered, *argv, stdout=full)
    assert done.returncode == 1
    assert_one_line(done.stderr, "standard output", "No space left")


@pytest.mark.parametrize(("argv", "code"), [(("status",), 0), (("export",), 0),
                                            (("search", "canola"), 0)])
def test_a_reader_gone_early_is_not_an_error(env: dict[str, str], argv: tuple[str, ...],
                                             code: int) -> None:
    assert thawwatch(env, "refresh", stdout=subprocess.DEVNULL).returncode == 0
    read, write = os.pipe()
    os.close(read)  # `| head` that has already exited: every write meets EPIPE
    try:
        done = thawwatch(env, *argv, stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (code, "")


def test_a_failing_command_keeps_its_exit_code_when_the_reader_is_gone(
        env: dict[str, str], tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    read, write = os.pipe()
    os.close(read)
    try:
        done = thawwatch({**env, "THAWWATCH_DB": str(foreign)}, "db", "check", stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 1  # `db check | true` said 0
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_status_with_stdout_closed_says_so(env: dict[str, str]) -> None:
    done = thawwatch(env, "status", preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert_one_line(done.stderr, "standard output")


@pytest.mark.parametrize(("db", "code"), [("missing/thawwatch.db", 0), ("corrupt.db", 2)])
def test_with_stderr_closed_notes_and_errors_stay_out_of_the_data(
        env: dict[str, str], tmp_path: Path, db: str, code: int) -> None:
    """`export > items.json 2>&-`: print(file=sys.stderr) with no stderr writes to stdout,
    so the note on a missing database, or the one-line error, landed inside the JSON."""
    (tmp_path / "corrupt.db").write_bytes(b"not a database, " * 100)
    closed = {**env, "THAWWATCH_DB": str(tmp_path / db)}
    done = subprocess.run([sys.executable, "-m", "thawwatch", "export", "--format", "json"],
                          env=closed, text=True, stdout=subprocess.PIPE, timeout=60,
                          check=False, preexec_fn=lambda: os.close(2))
    assert done.returncode == code
    assert done.stdout == ("[]\n" if code == 0 else "")
