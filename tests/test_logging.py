"""The log file, --verbose, and the alerts `refresh` prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from feedserver import FeedServer, rss

from thawwatch import commands
from thawwatch.cli import main
from thawwatch.locations import log_file


def _config(config_file, *urls: str) -> None:
    feeds = "".join(f'[[feeds]]\nurl = "{u}"\n' for u in urls)
    config_file(feeds + "[refresh]\ntimeout_seconds = 5\n")


def test_log_file_records_refresh_and_verbose_goes_to_stderr(
    feed_server: FeedServer, config_file, db_path: Path, capsys
) -> None:
    feed_server.route("/ok", rss([{"guid": "1", "title": "Canola news"}]))
    feed_server.route("/missing", status=404)  # (a 410 is not asked again: see test_gone)
    _config(config_file, feed_server.url("/ok"), feed_server.url("/missing"))

    assert main(["--db", str(db_path), "refresh"]) == 0
    quiet = capsys.readouterr()
    assert "WARNING" not in quiet.err and "INFO" not in quiet.err  # no log noise by default
    text = log_file().read_text()
    assert "FAIL" in text and "HTTP 404 Not Found" in text and "refresh: 1 of 2 feeds ok" in text

    assert main(["--verbose", "--db", str(db_path), "refresh"]) == 0
    err = capsys.readouterr().err
    assert "WARNING FAIL" in err and "HTTP 404 Not Found" in err and "INFO refresh:" in err


def test_refresh_prints_measures_ending_soon(
    feed_server: FeedServer, config_file, db_path: Path, capsys, monkeypatch
) -> None:
    feed_server.route("/ok", rss([{"guid": "1", "title": "Nothing to see"}]))
    _config(config_file, feed_server.url("/ok"))
    monkeypatch.setattr(commands, "today", lambda: date(2026, 12, 10))  # the clock
    assert main(["--db", str(db_path), "refresh"]) == 0
    out = capsys.readouterr().out
    assert ("ending soon: Peas (0% suspended) ends 2026-12-31 — 21 days left; then 100% in"
            " force from 2027-01-01 unless extended") in out, out
    # a rate on part of the goods says which part (a review: it read as all seafood)
    assert ("ending soon: Seafood (0% suspended on lobster and crab) ends 2026-12-31 — 21 days"
            " left; then 25% in force from 2027-01-01 unless extended") in out, out
    monkeypatch.setattr(commands, "today", lambda: date(2026, 11, 1))
    assert main(["--db", str(db_path), "refresh"]) == 0
    assert "ending soon" not in capsys.readouterr().out  # 60 days away: no alert


def test_ending_soon_is_printed_once_a_day_from_cron(
    feed_server: FeedServer, config_file, db_path: Path, capsys, monkeypatch
) -> None:
    """From an audit: a `*/5 … refresh --due` cron line printed the same "ending soon"
    lines every five minutes, 288 times a day in cron's mail. Without a terminal a line
    is printed once a day, and again when it says something new; on a terminal, always."""
    feed_server.route("/ok", rss([{"guid": "1", "title": "Nothing to see"}]))
    _config(config_file, feed_server.url("/ok"))
    monkeypatch.setattr(commands, "today", lambda: date(2026, 12, 10))
    peas = "ending soon: Peas (0% suspended) ends 2026-12-31 — 21 days left"

    def refresh(*args: str) -> str:
        assert main(["--db", str(db_path), "refresh", *args]) == 0
        return capsys.readouterr().out

    assert peas in refresh()
    assert "ending soon" not in refresh("--due") and "ending soon" not in refresh()
    feed_server.route("/ok", rss([{  # news that changes the line: said at once
        "guid": "2", "title": "China extends tariff relief on Canadian peas to Dec. 31, 2027",
        "pubDate": datetime(2026, 12, 9, 9, tzinfo=UTC)}]))
    out = refresh()
    assert f"{peas}; then 100% in force from 2027-01-01 unless extended; pending, not" \
        " accepted: extended to 2027-12-31" in out, out
    assert "Seafood" not in out  # (unchanged: told already)
    monkeypatch.setattr(commands, "today", lambda: date(2026, 12, 11))  # the next day
    assert "ending soon: Seafood (0% suspended on lobster and crab) ends 2026-12-31 — 20" \
        in refresh("--due")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)  # a terminal
    assert "ending soon: Seafood" in refresh()


def test_an_ending_relief_says_a_pending_extension(
    feed_server: FeedServer, config_file, db_path: Path, capsys, monkeypatch
) -> None:
    """ "Peas … ends 2026-12-31 — 21 days left; then 100% … unless extended" was printed on
    every refresh while "China extends tariff relief on Canadian peas to Dec. 31, 2027"
    waited in `ledger pending`: a grower told the duty comes back must hear of the news
    that says it does not, until it is accepted or dismissed."""
    feed_server.route("/ok", rss([{
        "guid": "1", "title": "China extends tariff relief on Canadian peas to Dec. 31, 2027",
        "pubDate": datetime(2026, 12, 9, 9, tzinfo=UTC)}]))
    _config(config_file, feed_server.url("/ok"))
    monkeypatch.setattr(commands, "today", lambda: date(2026, 12, 10))
    assert main(["--db", str(db_path), "refresh"]) == 0
    out = capsys.readouterr().out
    assert ("ending soon: Peas (0% suspended) ends 2026-12-31 — 21 days left; then 100% in"
            " force from 2027-01-01 unless extended; pending, not accepted: extended to"
            " 2027-12-31") in out, out
    assert "Seafood (0% suspended on lobster and crab) ends 2026-12-31 — 21 days left; then" \
           " 25% in force from 2027-01-01 unless extended\n" in out, out  # none for seafood
    (change,) = json.loads(_pending_json(db_path, capsys))
    assert main(["--db", str(db_path), "ledger", "dismiss", change["id"]]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "refresh"]) == 0
    assert "pending, not accepted" not in capsys.readouterr().out


def _pending_json(db_path: Path, capsys) -> str:
    capsys.readouterr()
    assert main(["--db", str(db_path), "ledger", "pending", "--format", "json"]) == 0
    return capsys.readouterr().out


def test_real_process_exits_quickly_with_its_log_flushed(
    feed_server: FeedServer, config_file, db_path: Path
) -> None:
    """The console script skips the final garbage collection (gc.freeze) yet keeps its
    exit code, its output and its log: everything is closed before it exits."""
    feed_server.route("/gone", status=410)
    _config(config_file, feed_server.url("/gone"))
    probe = ("import atexit, gc, sys; from thawwatch.cli import run; "
             "atexit.register(lambda: sys.stderr.write(f'frozen={gc.get_freeze_count() > 0}')); "
             "sys.argv = ['thawwatch', '--db', sys.argv[1], 'refresh']; run()")
    proc = subprocess.run([sys.executable, "-c", probe, str(db_path)], capture_output=True,
                          text=True, timeout=60, env=os.environ.copy())
    assert proc.returncode == 1  # every feed failed
    assert "0 of 1 feeds ok, 1 failed" in proc.stdout
    assert "frozen=True" in proc.stderr
    assert "HTTP 410 Gone" in log_file().read_text()
