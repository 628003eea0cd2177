"""Refreshing from inside the dashboard (Pilot), against feeds served on loopback.

Everything below goes through the real worker, the real fetch/parse/store pipeline and the
real panels; the only stand-in is the terminal bell, replaced by a recorder.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from multiprocessing import resource_tracker
from pathlib import Path
from typing import Any

import conftest
import hostile_feeds as H
import pytest
from feedserver import FeedServer, rss
from rich.text import Text
from textual.widgets import DataTable

from thawwatch.cli import main
from thawwatch.config import Config, parse_config
from thawwatch.refresh import run_refresh
from thawwatch.store import Store
from thawwatch.tui.app import ThawwatchApp
from thawwatch.tui.panels.headlines import HeadlinesPanel
from thawwatch.tui.screens.help import HelpScreen
from thawwatch.tui.screens.measure import MeasureScreen

TODAY = date(2026, 11, 28)
PORK = "China removes 25% tariff on Canadian pork from November 1, 2026"
OIL = "China cuts tariff on Canadian canola oil to 50% from November 15"


def config(*feeds: str, names: dict[str, str] | None = None) -> Config:
    names = names or {}
    text = "".join(f'[[feeds]]\nurl = "{u}"\n' + (f'name = "{names[u]}"\n' if u in names else "")
                   for u in feeds)
    # every headline listed: the test feeds' headlines are not all about Canada–China
    text += '[refresh]\ninterval_minutes = 0\ntimeout_seconds = 5\n[ui]\nheadlines = "all"\n'
    return parse_config(text, "test.toml")


def make_app(db_path: Path, cfg: Config) -> ThawwatchApp:
    return ThawwatchApp(config=cfg, db_path=db_path, today=TODAY, refresh_timer=False)


async def settle(app: ThawwatchApp, pilot: Any) -> None:
    await conftest.settle(app, pilot, rounds=2)  # a refresh's end reloads the snapshot


async def until(pilot: Any, ready: Any, seconds: float = 15.0) -> None:
    """Let the app run until ``ready()`` holds, or ``seconds`` have passed."""
    for _ in range(int(seconds / 0.05)):
        if ready():
            return
        await pilot.pause(0.05)


def status_text(app: ThawwatchApp) -> str:
    return str(app.query_one("#refresh-status").render())


def cells(table: DataTable) -> list[list[str]]:
    return [[c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(i)]
            for i in range(table.row_count)]


async def move_to(pilot: Any, table: DataTable, key: str) -> None:
    """Move the cursor to the row ``key`` with j/k, as a user would."""
    steps = table.get_row_index(key) - table.cursor_row
    await pilot.press(*(["j"] * steps if steps > 0 else ["k"] * -steps))
    assert table.cursor_row == table.get_row_index(key)


def item(guid: str, title: str, day: int, summary: str = "") -> dict[str, Any]:
    return {"guid": guid, "title": title, "link": f"https://news.example/{guid}",
            "pubDate": datetime(2026, 11, day, 9, tzinfo=UTC), "description": summary}


def canola_feed(newer: int = 0, old: int = 20) -> bytes:
    """A feed of ``old`` canola headlines (1 to ``old`` November) under ``newer`` newer
    ones (from 27 November): a refresh that brings ``newer`` new headlines above."""
    return rss([item(f"n{n}", f"Canola news {n}", 27 + n) for n in range(newer)]
               + [item(f"g{n}", f"Canola headline {n:02d}", 1 + n) for n in range(old)])


def run_cli(db_path: Path, *argv: str) -> str:
    """`thawwatch ARGV` in-process; stdout captured here (Textual redirects sys.stdout
    while an app runs, so capsys would see nothing)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", str(db_path), *argv]) == 0
    return out.getvalue()


def status_json(db_path: Path) -> dict[str, dict]:
    doc = json.loads(run_cli(db_path, "status", "--format", "json", "--as-of", TODAY.isoformat()))
    return {m["id"]: m for m in doc["measures"]}


@pytest.fixture(autouse=True, scope="module")
def resource_tracker_running() -> None:
    """Work around the bug shown by test_first_refresh_in_a_fresh_dashboard_process: start
    multiprocessing's resource tracker while sys.stderr is still a real file."""
    resource_tracker.ensure_running()


FRESH_PROCESS = """
import asyncio, json, sys
from datetime import date
from thawwatch.config import parse_config
from thawwatch.tui.app import ThawwatchApp

async def run(url, db):
    cfg = parse_config(f'[[feeds]]\\nurl = "{url}"\\n', "t.toml")
    app = ThawwatchApp(config=cfg, db_path=db, today=date(2026, 11, 28), refresh_timer=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(2):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("r")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        status = str(app.query_one("#refresh-status").render())
    print(json.dumps({"errors": errors, "status": status}))

if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], sys.argv[2]))
"""


# --------------------------------------------------------------------------- refresh


def test_first_refresh_in_a_fresh_dashboard_process(feed_server: FeedServer, db_path: Path,
                                                    tmp_path: Path) -> None:
    feed_server.route("/f", rss([item("a", "Canola fresh", 20)]))
    script = tmp_path / "fresh_dashboard.py"
    script.write_text(FRESH_PROCESS)
    proc = subprocess.run([sys.executable, str(script), feed_server.url("/f"), str(db_path)],
                          capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["status"].startswith("1 of 1 feeds ok")


async def test_r_refreshes_with_progress_then_lists_headlines(feed_server: FeedServer,
                                                              db_path: Path) -> None:
    titles = [f"Canola headline {i}" for i in range(3)]
    feed_server.route("/slow", rss([item(f"g{i}", t, 20 + i) for i, t in enumerate(titles)]),
                      delay=1.0)
    app = make_app(db_path, config(feed_server.url("/slow"), names={
        feed_server.url("/slow"): "Slow"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.query_one("#headlines-table", DataTable).row_count == 0
        await pilot.press("r")
        await pilot.pause(0.2)
        assert app.refreshing and "refreshing" in status_text(app)
        await pilot.press("r")  # a second r while one runs starts nothing
        await pilot.pause()
        assert any("already running" in str(n.message) for n in app._notifications)
        await settle(app, pilot)
        assert not app.refreshing
        assert status_text(app).startswith("1 of 1 feeds ok, 0 failed, 3 new items")
        assert app._pool is not None and app._pool.quiet  # no worker output over the screen
        assert feed_server.paths().count("/slow") == 1
        assert "3 new" in str(app.query_one("#thaw").render())
        await pilot.press("3")
        table = app.query_one("#headlines-table", DataTable)
        assert [row[-1] for row in cells(table)] == titles[::-1]  # newest first
        assert " new" not in str(app.query_one("#thaw").render())  # seen: the count goes


async def test_r_on_the_help_refreshes(feed_server: FeedServer, db_path: Path) -> None:
    """From a user audit: the help lists r, but on the help r did nothing (Textual stops
    the app's keys at a box over the dashboard). It refreshes, and the help stays open."""
    feed_server.route("/a", rss([item("g1", "Canola headline", 20)]))
    app = make_app(db_path, config(feed_server.url("/a")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert feed_server.paths().count("/a") == 1
        assert isinstance(app.screen, HelpScreen)
        assert status_text(app).startswith("1 of 1 feeds ok, 0 failed, 1 new item")


async def test_the_new_count_counts_headlines_not_copies(feed_server: FeedServer,
                                                         db_path: Path) -> None:
    """Two feeds carrying one story add one headline to the list: "1 new", not "2 new"."""
    story = {"guid": "x", "title": "China cuts canola duty", "link": "https://w.example/s",
             "pubDate": datetime(2026, 11, 20, 9, tzinfo=UTC)}
    feed_server.route("/a", rss([story]))
    feed_server.route("/b", rss([{**story, "guid": "y"}]))
    app = make_app(db_path, config(feed_server.url("/a"), feed_server.url("/b")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert status_text(app).startswith("2 of 2 feeds ok, 0 failed, 2 new items")
        assert app.new_count == 1 and "1 new" in str(app.query_one("#thaw").render())


async def test_by_default_the_new_count_counts_the_headlines_about_canada_china(
        feed_server: FeedServer, db_path: Path) -> None:
    """With the default list (the headlines about Canada–China), a refresh that brings two
    of those and three others says "2 new", not "5 new", and the list gets the two; t
    shows all five and counts them."""
    about = [item(f"c{n}", f"China cuts tariff on Canadian canola oil, step {n}", 10 + n)
             for n in range(2)]
    others = [item(f"o{n}", f"Bank of Canada holds its rate, day {n}", 20 + n) for n in range(3)]
    feed_server.route("/a", rss(about + others))
    text = f'[[feeds]]\nurl = "{feed_server.url("/a")}"\n[refresh]\ninterval_minutes = 0\n'
    app = make_app(db_path, parse_config(text, "test.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert status_text(app).startswith(
            "1 of 1 feeds ok, 0 failed, 5 new items (2 about Canada–China)")
        bar = str(app.query_one("#thaw").render())
        assert app.new_count == 2 and "2 new" in bar and "2 unread" in bar, bar
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        assert sorted(row[-1] for row in cells(table)) == sorted(i["title"] for i in about)
        assert " new" not in str(app.query_one("#thaw").render())  # seen
        await pilot.press("t")
        await pilot.pause()
        assert table.row_count == 5 and "5 unread" in str(app.query_one("#thaw").render())


async def test_progress_moves_while_a_slow_feed_is_still_fetching(feed_server: FeedServer,
                                                                 db_path: Path) -> None:
    feed_server.route("/fast", rss([item("f", "Canola fast", 20)]))
    # the slow feed answers once the test has looked (a delay of 4 s flaked on a busy
    # machine: a cold parser pool's start took longer)
    answer = threading.Event()
    feed_server.route("/slow", rss([item("s", "Canola slow", 21)]), gate=answer)
    app = make_app(db_path, config(feed_server.url("/fast"), feed_server.url("/slow")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        seen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "1/2" not in seen:
            await asyncio.sleep(0.05)
            seen = status_text(app)
        answer.set()
        await settle(app, pilot)
        assert "1/2" in seen


async def test_headlines_show_while_a_slow_feed_is_still_fetching(feed_server: FeedServer,
                                                                 db_path: Path) -> None:
    """A feed that hangs (until its timeout, here longer than the test) must not hold back
    the headlines the others brought: they show while the refresh goes on."""
    # about Canada–China, as the list shows by default
    feed_server.route("/fast", rss([item(f"f{n}", f"China and Canada talk canola, day {n}", 1 + n)
                                    for n in range(3)]))
    feed_server.route("/hang", hang=True)
    cfg = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/fast")}"\n[[feeds]]\nurl = '
                       f'"{feed_server.url("/hang")}"\n[refresh]\ninterval_minutes = 0\n'
                       "timeout_seconds = 60\n", "test.toml")
    app = make_app(db_path, cfg)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "r")
        table = app.query_one("#headlines-table", DataTable)
        started = time.monotonic()
        while table.row_count < 3 and time.monotonic() - started < 30:
            await pilot.pause(0.05)
        assert app.refreshing and table.row_count == 3, (app.refreshing, table.row_count)
        assert "1/2" in status_text(app)
        await pilot.press("q")  # stops the refresh: the hanging request is dropped


async def test_an_empty_list_says_a_refresh_is_under_way(feed_server: FeedServer,
                                                         db_path: Path) -> None:
    """Not "press r to refresh the feeds" while they are being refreshed (on opening,
    or after r): a first-time user is told to do what is being done."""
    feed_server.route("/hang", hang=True)
    cfg = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/hang")}"\n[refresh]\n'
                       "interval_minutes = 0\ntimeout_seconds = 60\n", "test.toml")
    app = make_app(db_path, cfg)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        note = app.query_one("#headlines-note")
        assert str(note.render()).endswith("— press r to refresh the feeds")
        await pilot.press("r")
        await pilot.pause()
        assert app.refreshing and str(note.render()).endswith("— refreshing the feeds…")
        await pilot.press("q")


async def test_new_headlines_keep_the_selection(feed_server: FeedServer, db_path: Path) -> None:
    first = [item("a", "Canola alpha", 20), item("b", "Canola bravo", 19),
             item("c", "Canola charlie", 18)]
    feed_server.route("/f", rss(first), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3", "j")
        panel = app.query_one(HeadlinesPanel)
        table = app.query_one("#headlines-table", DataTable)
        assert panel.selected is not None and panel.selected.title == "Canola bravo"
        key = panel.selected.id
        feed_server.route("/f", rss([item("d", "Canola delta", 27), item("e", "Canola echo", 26),
                                     *first]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        assert table.row_count == 5
        assert panel.selected is not None and panel.selected.id == key
        assert table.cursor_row == 3  # moved down with its row, under the two new ones
        assert app.new_count == 0  # they arrived in sight: not counted as unseen


async def test_a_refresh_that_fails_after_storing_shows_what_it_stored(
        feed_server: FeedServer, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The feeds were stored, then the refresh's worker failed (here in the alerts step
    after them): the error is reported, and the headlines and the feed's health that are
    in the database show, not the lists of before the refresh."""
    import thawwatch.alerts as alerts_mod

    def broken(*args: object) -> list[object]:
        raise RuntimeError("boom after storing")

    monkeypatch.setattr(alerts_mod, "signal_alerts", broken)
    feed_server.route("/f", rss([item("a", "Canola alpha", 20)]), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f"), names={feed_server.url("/f"): "Fast"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        for _ in range(200):  # not settle(): waiting on the failing worker raises
            await pilot.pause(0.05)
            if not app.refreshing:
                break
        await settle(app, pilot)
        assert any("boom after storing" in n.message for n in app._notifications)
        assert [i.title for i in app.query_one(HeadlinesPanel).items.values()] == [
            "Canola alpha"]
        await pilot.press("5")
        await settle(app, pilot)
        feeds = cells(app.query_one("#feeds-table", DataTable))
        assert len(feeds) == 1 and "never" not in " ".join(feeds[0]), feeds


async def test_new_headlines_scrolled_out_of_sight_are_counted_until_the_top_shows(
        feed_server: FeedServer, db_path: Path) -> None:
    """The cursor on the top row of a long list: five newer headlines come in above it
    and the cursor keeps its line, so they are scrolled out of sight: "5 new" until the
    list shows them (four lines up, one is still above)."""
    def feed(count: int) -> bytes:
        return rss([item(f"g{n}", f"Canola headline {n:02d}", 1 + n) for n in range(count)])

    feed_server.route("/f", feed(20), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3")
        table = app.query_one("#headlines-table", DataTable)
        assert (table.cursor_row, table.scroll_y) == (0, 0)
        feed_server.route("/f", feed(25), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        assert table.cursor_row == 5 and table.scroll_y == 5  # the new five are above
        assert app.new_count == 5 and "5 new" in str(app.query_one("#thaw").render())
        note = app.query_one("#headlines-note")
        assert str(note.render()).startswith("↑ 5 new above (g: newest) · "), note.render()
        await pilot.press("k", "k", "k", "k")
        await pilot.pause()
        assert table.scroll_y == 1 and app.new_count == 1  # the newest is still above
        assert str(note.render()).startswith("↑ 1 new above (g: newest) · "), note.render()
        await pilot.press("g")
        await pilot.pause()
        assert table.scroll_y == 0 and app.new_count == 0
        assert " new" not in str(app.query_one("#thaw").render())
        assert "new above" not in str(note.render())


async def test_more_new_headlines_than_listed_keep_the_cursors_line_and_are_counted(
        feed_server: FeedServer, db_path: Path) -> None:
    """Ten headlines, the cursor scrolled down to the last; a refresh brings fifteen newer
    ones (more came than were listed: the table is rebuilt, not patched). The cursor
    keeps its headline and its line, and the fifteen, above it out of sight, are "15 new":
    the rebuild left the list at its top for a moment, which counted them as seen, and the
    cursor's row then came back on the bottom line, the view moved."""
    def feed(old: int, new: int = 0) -> bytes:
        return rss([item(f"n{n}", f"Canola news {n:02d}", 20 + n % 9) for n in range(new)]
                   + [item(f"g{n}", f"Canola headline {n:02d}", 1 + n) for n in range(old)])

    feed_server.route("/f", feed(10), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3", "G", "k", "k", "k")  # the list scrolled, the cursor mid-screen
        await pilot.pause()
        table = app.query_one("#headlines-table", DataTable)
        key, line = app.query_one(HeadlinesPanel).selected.id, table.cursor_row - table.scroll_y
        assert table.scroll_y > 0 and line < table.size.height - 2
        feed_server.route("/f", feed(10, 15), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        assert app.query_one(HeadlinesPanel).selected.id == key
        assert table.cursor_row - table.scroll_y == line
        assert app.new_count == 15 and "15 new" in str(app.query_one("#thaw").render())
        assert str(app.query_one("#headlines-note").render()).startswith("↑ 15 new above")


async def test_new_headlines_are_not_seen_on_a_reload_that_read_before_them(
        feed_server: FeedServer, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list at its top; a reload under way (during a refresh they come every half
    second) read the database before a feed's two new headlines were stored, and shows
    after the refresh ended and counted them: "2 new". That reload has neither, the top
    was in sight, so the two counted as seen; the next reload then put them above the
    top row in sight, and nothing said they were there."""
    import threading

    import thawwatch.snapshot as snapshot_mod

    def feed(new: int = 0) -> bytes:
        return rss([item(f"n{n}", f"China cuts tariff on Canadian peas, step {n}", 25 + n)
                    for n in range(new)]
                   + [item(f"c{n}", f"China cuts tariff on Canadian canola oil, step {n:02d}",
                           1 + n) for n in range(20)])

    feed_server.route("/f", feed(), etag='"1"')
    text = f'[[feeds]]\nurl = "{feed_server.url("/f")}"\n[refresh]\ninterval_minutes = 0\n'
    app = make_app(db_path, parse_config(text, "test.toml"))
    app.INTERIM_RELOAD = 60.0  # this test makes the reloads itself
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        assert app.new_count == 0 and table.scroll_y == 0
        real, calls = snapshot_mod.load_snapshot, []
        release = [threading.Event(), threading.Event()]

        def held(*args: object) -> object:
            calls.append(len(calls))
            snap = real(*args)
            release[calls[-1]].wait(10)  # shown when the test says, in order
            return snap

        monkeypatch.setattr(snapshot_mod, "load_snapshot", held)
        app.load_data()  # reads now, before the refresh stores anything
        while not calls:
            await pilot.pause(0.02)
        feed_server.route("/f", feed(2), etag='"2"')
        await pilot.press("r")
        for _ in range(300):
            await pilot.pause(0.02)
            if not app.refreshing and len(calls) == 2:
                break
        assert "2 new items" in status_text(app)
        seq = app._shown_seq
        release[0].set()
        while app._shown_seq == seq:
            await pilot.pause(0.02)
        release[1].set()
        await settle(app, pilot)
        assert table.scroll_y == 2  # the two are above the rows in sight
        assert app.new_count == 2 and "2 new" in str(app.query_one("#thaw").render())


async def test_new_headlines_outside_a_search_are_counted_until_the_list_shows(
        feed_server: FeedServer, db_path: Path) -> None:
    """Search results on screen do not show new headlines that do not match: they count
    as new until Esc brings the full list back."""
    first = [item("a", "Pork tariff talk", 20), item("b", "Canola alpha", 19)]
    feed_server.route("/f", rss(first), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3", "slash", *"pork", "enter")
        await settle(app, pilot)
        feed_server.route("/f", rss([item("c", "Canola charlie", 27),
                                     item("d", "Canola delta", 26), *first]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        await settle(app, pilot)
        panel = app.query_one(HeadlinesPanel)
        assert [i.title for i in panel.items.values()] == ["Pork tariff talk"]
        assert app.new_count == 2
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Canola charlie" in [i.title for i in panel.items.values()]
        assert app.new_count == 0


async def test_new_headlines_counted_under_a_headline_are_seen_back_on_the_list(
        feed_server: FeedServer, db_path: Path) -> None:
    """r on a headline's screen: "2 new" while it covers the list; Esc back to the list
    shows them, so the count goes (it stuck until another panel and back)."""
    first = [item("a", "Canola alpha", 20)]
    feed_server.route("/f", rss(first), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3", "enter")
        feed_server.route("/f", rss([item("d", "Canola delta", 27), item("e", "Canola echo", 26),
                                     *first]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        assert "2 new" in str(app.query_one("#thaw").render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.new_count == 0 and " new" not in str(app.query_one("#thaw").render())
        await pilot.press("enter")  # then from a headline on to another panel: not seen
        feed_server.route("/f", rss([item("g", "Canola golf", 27), *first]), etag='"3"')
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        assert app.new_count == 1



async def test_search_results_take_in_new_headlines(feed_server: FeedServer,
                                                   db_path: Path) -> None:
    """Results on screen when a refresh brings a new match show it, as the list does,
    and keep the selected row."""
    first = [item("a", "Canola alpha", 20), item("b", "Pork bravo", 19)]
    feed_server.route("/f", rss(first), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("slash", *"canola", "enter")
        await settle(app, pilot)
        panel = app.query_one(HeadlinesPanel)
        assert [i.title for i in panel.items.values()] == ["Canola alpha"]
        feed_server.route("/f", rss([item("c", "Canola charlie", 27), *first]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        await settle(app, pilot)  # the refresh, then the search it starts again
        assert [i.title for i in panel.items.values()] == ["Canola charlie", "Canola alpha"]
        assert panel.query_text == "canola" and panel.selected.title == "Canola alpha"
        assert "2 headline(s) matching 'canola'" in str(
            app.query_one("#headlines-note").render())


async def test_a_search_with_only_words_to_leave_out_says_so(feed_server: FeedServer,
                                                              db_path: Path) -> None:
    """`-pork` alone looks for nothing: say so (as `thawwatch search` does) and leave the
    box open to be corrected, rather than list nothing."""
    feed_server.route("/f", rss([item("a", "Canola alpha", 20), item("b", "Pork bravo", 19)]))
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        panel = app.query_one(HeadlinesPanel)
        # (a reload read before the refresh's last write waits for the next, which the
        # database watch's timer starts, not a worker settle waits for: a CI run under
        # load searched before the list was shown)
        await until(pilot, lambda: len(panel.items) == 2)
        await pilot.press("slash", *"-pork", "enter")
        await settle(app, pilot)
        assert panel.search_open() and panel.search_box().value == "-pork"
        assert panel.query_text is None and len(panel.items) == 2
        assert any("no word to look for" in n.message for n in app._notifications)
        await pilot.press("end", *" canola", "enter")
        await settle(app, pilot)
        assert [i.title for i in panel.items.values()] == ["Canola alpha"]


async def test_a_search_without_a_word_says_so_as_the_cli_does(feed_server: FeedServer,
                                                                db_path: Path) -> None:
    """`*` has no word to look for, and says only that (it ran a search that listed
    nothing); `peas OR pork` finds either, as `thawwatch search` does."""
    feed_server.route("/f", rss([item("a", "Canola alpha", 20), item("b", "Pork bravo", 19)]))
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("slash")
        panel = app.query_one(HeadlinesPanel)
        for query in ("*", "( :", '"', "canola OR pork"):
            app._notifications.clear()
            panel.search_box().value = ""
            await pilot.press(*query, "enter")
            await settle(app, pilot)
            if query == "canola OR pork":
                break
            assert panel.search_open() and panel.query_text is None and len(panel.items) == 2
            assert [n.message for n in app._notifications] == [
                f"Search {query!r}: no word to look for."]
        await settle(app, pilot)
        assert sorted(i.title for i in panel.items.values()) == ["Canola alpha", "Pork bravo"]


async def test_a_refresh_leaves_a_replaced_search_and_the_focus_alone(
        feed_server: FeedServer, db_path: Path) -> None:
    """The search that runs again after a refresh runs only while its results are on
    screen: a topic list opened since stays, and focus stays where the user is."""
    eased = "China canola duty on Canada eased"
    first = [item("a", "Canadian canola growers hit by China duty", 20),
             item("b", "China lobster tariffs bite", 19, "Canadian lobster exporters")]
    feed_server.route("/f", rss(first), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("slash", *"lobster", "enter")
        await settle(app, pilot)
        panel = app.query_one(HeadlinesPanel)
        assert panel.query_text == "lobster"
        await pilot.press("1")  # the Agriculture card lists its headlines instead
        app.query_one("#card-agriculture").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert (panel.query_text, panel.topics) == (None, ("agriculture",))
        listed = [i.title for i in panel.items.values()]
        feed_server.route("/f", rss([item("c", eased, 27), *first]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        await settle(app, pilot)
        assert panel.query_text is None and "lobster" not in str(
            app.query_one("#headlines-note").render())
        assert [i.title for i in panel.items.values()] == [eased, *listed]

        await pilot.press("escape", "slash", *"canola", "enter")  # a search, then Tariffs
        await settle(app, pilot)
        await pilot.press("2")
        tariffs = app.query_one("#tariffs-table", DataTable)
        assert app.focused is tariffs
        feed_server.route("/f", rss([item("d", "Canola delta", 28),
                                     item("c", eased, 27), *first]), etag='"3"')
        await pilot.press("r")
        await settle(app, pilot)
        await settle(app, pilot)
        assert app.focused is tariffs and app.active_panel == "tariffs"
        assert "Canola delta" in [i.title for i in panel.items.values()]  # results updated

async def test_the_feeds_panel_says_a_feed_waits_out_its_servers_retry_after(
        feed_server: FeedServer, db_path: Path) -> None:
    """503 with Retry-After: an hour. The next `r` skips the feed; the Feeds panel must
    say it is waiting and until when, not just show the old "HTTP 503"."""
    feed_server.route("/busy", status=503, retry_after="3600")
    app = make_app(db_path, config(feed_server.url("/busy"), names={
        feed_server.url("/busy"): "Busy"}))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        row = cells(app.query_one("#feeds-table", DataTable))[0]
        assert row[1] == "Busy" and row[-1].endswith(" · waiting"), row
        until = (datetime.now(UTC) + timedelta(hours=1)).astimezone()
        shown = str(app.query_one("#feeds-detail").render())
        assert "its server asked to wait until " in shown
        stamp = shown.split("wait until ", 1)[1][:16]
        assert abs(datetime.strptime(stamp, "%Y-%m-%d %H:%M").timestamp()
                   - until.replace(tzinfo=None).timestamp()) <= 120, shown


async def test_a_long_source_name_is_cut_with_an_ellipsis(feed_server: FeedServer,
                                                          db_path: Path) -> None:
    """A cut name says it was cut, and is cut by width on screen (CJK takes two cells)."""
    from rich.cells import cell_len

    feed_server.route("/a", rss([item("a", "Canola alpha", 20)]))
    feed_server.route("/b", rss([item("b", "Canola bravo", 19)]))
    names = {feed_server.url("/a"): "Western Producer Grain and Oilseed News",
             feed_server.url("/b"): "中国农业农村部新闻办公室发布的油菜籽消息"}
    app = make_app(db_path, config(*names, names=names))
    async with app.run_test(size=(250, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3")
        rows = cells(app.query_one("#headlines-table", DataTable))
        sources = {row[-1]: row[2] for row in rows}
        assert sources["Canola alpha"] == "Western Producer Grai…", rows
        cjk = sources["Canola bravo"]
        assert cjk.endswith("…") and cell_len(cjk) <= 22 and cjk.startswith("中国农业"), rows


async def test_hostile_feed_inside_the_dashboard(feed_server: FeedServer, db_path: Path) -> None:
    feed_server.route("/esc", H.escapes_feed())
    feed_server.route("/markup", H.markup_feed())
    feed_server.route("/c1", H.c1_latin1_feed())
    app = make_app(db_path, config(*(feed_server.url(p) for p in ("/esc", "/markup", "/c1"))))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("3")
        rows = cells(app.query_one("#headlines-table", DataTable))
        titles = {row[-1] for row in rows}
        assert set(H.MARKUP_TITLES.values()) <= titles  # shown literally, not as markup
        assert {"Canola deal reached", "Canola hyperlink", "Canola bare escape"} <= titles
        await pilot.press("5")
        feeds = cells(app.query_one("#feeds-table", DataTable))
        assert {row[1] for row in feeds} == {"Evil feed", "[blink]Markup[/] feed", "C1 feed"}
        for row in rows + feeds:
            for cell in row:
                assert "\x1b" not in cell and not H.has_control(cell), cell
        # open one markup headline: the detail view shows it literally and nothing runs
        await pilot.press("3")
        table = app.query_one("#headlines-table", DataTable)
        index = next(i for i, row in enumerate(cells(table))
                     if row[-1] == H.MARKUP_TITLES["mk-3"])
        table.move_cursor(row=index)
        await pilot.press("enter")
        await settle(app, pilot)
        body = str(app.screen.query_one("#item-body").render())
        assert "[@click=app.quit]Canola quit[/]" in body and "\x1b" not in body
        assert app.is_running


async def test_tariff_signal_alerts_and_decisions_from_the_measure_screen(
        feed_server: FeedServer, db_path: Path) -> None:
    feed_server.route("/f", rss([item("pork", PORK, 2), item("oil", OIL, 10)]))
    app = make_app(db_path, config(feed_server.url("/f")))
    rings: list[bool] = []
    app.bell = lambda: rings.append(True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not rings and not list(app._notifications)  # nothing ends within 30 days
        await pilot.press("r")
        await settle(app, pilot)
        (toast,) = app._notifications  # one toast for the refresh's alerts, not one each
        assert toast.title == "thawwatch: 2 alerts"
        texts = str(toast.message).splitlines()
        assert any(t.startswith("Tariff signal · Pork: remove") and PORK in t
                   and "from 2026-11-01" in t for t in texts)
        assert any(t.startswith("Tariff signal · Canola oil: lower 50%") for t in texts)
        assert not any("cn-" in t for t in texts)  # labels, as everywhere else on screen
        assert rings == [True]

        await pilot.press("2")
        tariffs = app.query_one("#tariffs-table", DataTable)
        pending_column = 6  # Product, By, Baseline, Now, Since, Until, Pending, Source
        for measure in ("cn-pork", "cn-canola-oil"):
            row = cells(tariffs)[tariffs.get_row_index(measure)]
            assert row[pending_column] == "1 pending"

        # accept the pork change
        await move_to(pilot, tariffs, "cn-pork")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeasureScreen) and app.screen.measure_id == "cn-pork"
        head = str(app.screen.query_one("#measure-head").render())
        assert "pending: remove" in head and "from 2026-11-01 —" in head  # when it applies
        await pilot.press("a")
        await settle(app, pilot)
        head = str(app.screen.query_one("#measure-head").render())
        assert "pending:" not in head and "removed" in head
        state = status_json(db_path)
        assert state["cn-pork"]["status"] == "removed" and state["cn-pork"]["pending"] == []
        assert state["cn-pork"]["since"] == "2026-11-01"

        # dismiss the canola oil change
        await pilot.press("escape")
        await move_to(pilot, tariffs, "cn-canola-oil")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.measure_id == "cn-canola-oil"
        await pilot.press("d")
        await settle(app, pilot)
        assert "pending:" not in str(app.screen.query_one("#measure-head").render())
        await pilot.press("escape")
        await settle(app, pilot)
        rows = cells(tariffs)
        pork = rows[tariffs.get_row_index("cn-pork")]
        oil = rows[tariffs.get_row_index("cn-canola-oil")]
        assert "removed" in pork[3] and pork[pending_column] == ""
        assert "100% in force" in oil[3] and oil[pending_column] == ""
    state = status_json(db_path)
    assert state["cn-canola-oil"]["pending"] == [] and state["cn-canola-oil"]["rate"] == 100
    assert run_cli(db_path, "ledger", "pending").strip() == "no pending changes"


async def test_the_dashboard_reloads_while_another_process_holds_the_write_lock(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process writing (a cron refresh, a VACUUM, a sqlite3 shell in a
    transaction) must not hold back a reload of what is stored: it only reads (WAL). It
    took the write lock to sync the config's feeds every time, so it waited out the busy
    timeout (15 s), then failed with an error toast."""
    import sqlite3

    import thawwatch.store as store_mod

    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_MS", 300)  # failing fast, before the fix
    url = "http://127.0.0.1:9/feed.xml"
    conftest.seed_items(db_path, url)
    text = f'[[feeds]]\nurl = "{url}"\nname = "Test Feed"\n[refresh]\ninterval_minutes = 0\n'
    app = make_app(db_path, parse_config(text + '[ui]\nheadlines = "all"\n', "test.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "4 unread" in str(app.query_one("#thaw").render())
        with Store.open(db_path) as store:  # read elsewhere (`thawwatch` in another window)
            store.conn.execute("UPDATE items SET read = 1")
        other = sqlite3.connect(db_path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
            app.load_data()
            await settle(app, pilot)
        finally:
            other.close()
        assert not [n.message for n in app._notifications if n.severity == "error"]
        assert "0 unread" in str(app.query_one("#thaw").render())


async def test_a_pending_change_another_outlet_says_too_keeps_the_cursor(
        feed_server: FeedServer, db_path: Path) -> None:
    """The cursor on the pork removal, of two pending pork changes; a refresh brings
    another outlet's headline saying the same removal, which now leads it (its row's key
    is the newer headline's). The cursor stays on the removal: left at its index, it sat
    on the cut to 10%, and `a` accepted that."""
    cut = "China cuts tariff on Canadian pork to 10% from December 1, 2026"
    again = "Beijing lifts 25% duty on Canadian pork from November 1, 2026"
    feed_server.route("/a", rss([item("pork", PORK, 2), item("cut", cut, 5)]))
    feed_server.route("/b", rss([]), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/a"), feed_server.url("/b")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("2")
        await move_to(pilot, app.query_one("#tariffs-table", DataTable), "cn-pork")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeasureScreen)
        timeline = app.screen.query_one("#measure-events", DataTable)
        removal = next(d for d in app.snapshot.pending_for("cn-pork") if d.action == "remove")
        await move_to(pilot, timeline, "pending:" + removal.id)
        feed_server.route("/b", rss([item("again", again, 6)]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        (led,) = [d for d in app.snapshot.pending_for("cn-pork") if d.action == "remove"]
        assert [d.id for d in led.also] == [removal.id]  # the newer headline leads it
        assert timeline.selected_key == "pending:" + led.id
        await pilot.press("a")
        await settle(app, pilot)
    state = status_json(db_path)["cn-pork"]
    assert state["status"] == "removed" and [p["action"] for p in state["pending"]] == ["lower"]


async def test_feeds_panel_shows_a_failing_feeds_error(feed_server: FeedServer, db_path: Path,
                                                       prairie_time: None) -> None:
    feed_server.route("/ok", rss([item("o", "Canola ok", 20)]))
    feed_server.route("/gone", status=410)
    ok, gone = feed_server.url("/ok"), feed_server.url("/gone")
    app = make_app(db_path, config(ok, gone, names={ok: "Fine", gone: "Gone feed"}))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("5")
        table = app.query_one("#feeds-table", DataTable)
        rows = cells(table)
        bad = rows[table.get_row_index(gone)]
        good = rows[table.get_row_index(ok)]
        assert (bad[0], bad[1], bad[-1]) == (
            "error", "Gone feed",
            "HTTP 410 Gone (for good: remove the feed) · not fetched any more")
        assert bad[4] == "1"  # failures
        assert (good[0], good[2], good[-1]) == ("ok", "1", "")
        # last success in the user's own time, named (it was UTC, unlabelled)
        with Store.open(db_path) as store:
            last_ok = store.conn.execute("SELECT last_ok FROM feeds WHERE url = ?",
                                         (ok,)).fetchone()[0]
        local = datetime.fromisoformat(last_ok.replace("Z", "+00:00")) - timedelta(hours=6)
        assert good[3] == f"{local:%Y-%m-%d %H:%M} CST"
        assert "2 feeds, 1 in error" in str(app.query_one("#feeds-note").render())



async def test_a_refresh_where_every_feed_failed_says_so_loudly(feed_server: FeedServer,
                                                                db_path: Path) -> None:
    """Offline, or every server down: an error toast pointing at the Feeds panel, not
    only a dim line that looks like a success."""
    feed_server.route("/down", status=500)
    app = make_app(db_path, config(feed_server.url("/down")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        (error,) = [n for n in app._notifications if n.severity == "error"]
        assert error.title == "Refresh failed"
        assert str(error.message).startswith("0 of 1 feeds ok, 1 failed")
        assert str(error.message).endswith("s. The Feeds panel (5) has each feed's error.")
        # the empty panels say so too, not "press r" (a user review, offline)
        await pilot.press("3")
        await settle(app, pilot)
        note = str(app.query_one("#headlines-note").render())
        assert "the feed failed on the last try (no network?)" in note, note
        assert "press r" not in note, note
        await pilot.press("1")
        await settle(app, pilot)
        assert "every feed failed: 5 Feeds says why" in " ".join(
            conftest.screen_lines(app)), conftest.screen_lines(app)

def _timed_config(*urls: str, on_open: bool = True) -> Config:
    text = "".join(f'[[feeds]]\nurl = "{u}"\n' for u in urls)
    text += "[refresh]\ninterval_minutes = 30\ntimeout_seconds = 5\n"
    text += f"[ui]\nrefresh_on_open = {'true' if on_open else 'false'}\nbell = false\n"
    return parse_config(text, "test.toml")


async def _open_for(db_path: Path, cfg: Config, seconds: float) -> ThawwatchApp:
    """Open the dashboard with its timers on, leave it open ``seconds``, close it."""
    app = ThawwatchApp(config=cfg, db_path=db_path, today=TODAY)
    app.OPEN_REFRESH_DELAY = 0.05
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
    return app


async def test_opening_refreshes_the_feeds_that_are_due(feed_server: FeedServer,
                                                        db_path: Path) -> None:
    """Feeds stale since the last session are fetched on opening, without `r`; a feed
    fetched within its interval is not; the auto-refresh timer is armed afterwards."""
    feed_server.route("/due", rss([{"guid": "1", "title": PORK}]))
    feed_server.route("/fresh", rss([{"guid": "2", "title": OIL}]))
    cfg = _timed_config(feed_server.url("/due"), feed_server.url("/fresh"))
    with Store.open(db_path) as store:
        run_refresh(store, cfg)  # both fetched now: neither is due
        store.conn.execute("UPDATE feeds SET last_attempt = '2026-01-01T00:00:00Z'"
                           " WHERE url = ?", (feed_server.url("/due"),))  # long ago: due
    feed_server.requests.clear()
    app = await _open_for(db_path, cfg, 1.5)
    assert feed_server.paths() == ["/due"]
    assert app.timer is not None  # re-armed once the refresh ended


async def test_refresh_on_open_can_be_turned_off(feed_server: FeedServer,
                                                 db_path: Path) -> None:
    feed_server.route("/due", rss([{"guid": "1", "title": PORK}]))
    cfg = _timed_config(feed_server.url("/due"), on_open=False)
    app = await _open_for(db_path, cfg, 1.0)
    assert feed_server.paths() == []  # never fetched, so due: only the setting held it back
    assert app.timer is not None  # the interval's timer instead


async def test_the_interval_timer_refreshes_the_due_feeds(feed_server: FeedServer,
                                                           db_path: Path) -> None:
    """The armed timer's callback really refreshes. (It once named ``_auto_refresh``, which
    Textual's App also uses, for an attribute set to None: the timer fired into nothing.)"""
    feed_server.route("/due", rss([{"guid": "1", "title": PORK}]))
    cfg = _timed_config(feed_server.url("/due"), on_open=False)
    app = ThawwatchApp(config=cfg, db_path=db_path, today=TODAY)
    armed: list[tuple[float, Any]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        real_set_timer = app.set_timer

        def record(delay: float, callback: Any = None, **kw: Any) -> Any:
            if callback != app._interim_reload:  # the refresh timers, not a reload's
                armed.append((delay, callback))
            return real_set_timer(delay, callback, **kw)

        app.set_timer = record  # type: ignore[method-assign]
        app._arm_timer()
        assert [delay for delay, _ in armed] == [30 * 60]
        armed[-1][1]()  # the interval has passed
        await settle(app, pilot)
        assert feed_server.paths() == ["/due"]
        assert len(armed) == 2  # re-armed after the refresh ended, not before


async def test_feeds_added_from_the_command_line_are_refreshed_on_opening(
        feed_server: FeedServer, db_path: Path) -> None:
    """A feed that lives only in the database (`feeds add`, OPML import), with no
    [[feeds]] in the config, is due like any other."""
    from thawwatch.feeds import add_feed

    feed_server.route("/added", rss([{"guid": "1", "title": PORK}]))
    cfg = parse_config("[refresh]\ninterval_minutes = 30\ntimeout_seconds = 5\n"
                       "[ui]\nbell = false\n", "test.toml")
    with Store.open(db_path) as store:
        add_feed(store, feed_server.url("/added"), None, datetime.now(UTC), ())
    await _open_for(db_path, cfg, 1.5)
    assert feed_server.paths() == ["/added"]


async def test_r_during_the_opening_delay_leaves_one_timer(feed_server: FeedServer,
                                                           db_path: Path) -> None:
    """`r` before the on-open refresh stops it: one refresh, then one armed timer."""
    feed_server.route("/due", rss([{"guid": "1", "title": PORK}]))
    cfg = _timed_config(feed_server.url("/due"))
    app = ThawwatchApp(config=cfg, db_path=db_path, today=TODAY)
    # far longer than the test: a loaded machine has the app up before it runs out (at
    # 0.6 s, then at 1.5 s with six test workers, the on-open refresh once started before
    # the first assertion). It is the stopped timer that will not fire, not a late one.
    app.OPEN_REFRESH_DELAY = 60.0
    timers: list[Any] = []
    real_set_timer = app.set_timer

    def record(delay: float, callback: Any = None, **kw: Any) -> Any:
        timer = real_set_timer(delay, callback, **kw)
        if callback != app._interim_reload:  # the refresh timers, not a reload's
            timers.append(timer)
        return timer

    app.set_timer = record  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        assert [t for t in timers if t._task is not None] == [app.timer]  # the on-open one
        on_open = app.timer
        await pilot.press("r")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        assert on_open._task is None  # stopped: it will never fire
        live = [t for t in timers if t._task is not None]
        assert live == [app.timer] and len(timers) == 2
        assert status_text(app).startswith("1 of 1 feeds ok")
    assert feed_server.paths() == ["/due"]


def test_a_refresh_with_nothing_due_says_so() -> None:
    from thawwatch.refresh import FeedOutcome, RefreshReport

    assert RefreshReport(feeds=2).summary() == "no feed was due"
    waiting = FeedOutcome("u", "n", ok=True, skipped="server asked to wait")
    assert RefreshReport([waiting], feeds=1).summary() == (
        "no feed fetched: 1 waiting, as its server asked")
    # offline, every feed backing off: not a healthy-sounding "no feed was due" (an audit)
    failing = RefreshReport(feeds=14, only_due=True, failing_elsewhere=14)
    assert failing.summary() == (
        "no feed was due; 14 of 14 feeds failing, each tried again when due")
    assert failing.short() == "none due, 14 failing"


async def test_r_with_no_feeds_says_how_to_add_one(db_path: Path) -> None:
    """Not "no feed was due": there is no feed at all."""
    app = make_app(db_path, parse_config("[ui]\nbell = false\n", "test.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert status_text(app) == "no feeds: add one with `thawwatch feeds add URL`"
        slot = app.query_one("#refresh-status")
        assert slot.content_size.width >= len(status_text(app))  # shown whole, not cut short
        await pilot.press("5")
        assert "No feeds yet: add one with `thawwatch feeds add URL`" in str(
            app.query_one("#feeds-note").render())


async def test_others_seen_only_as_relevant_still_count_as_new_in_the_full_list(
        feed_server: FeedServer, db_path: Path) -> None:
    """Seeing the top of the list about Canada–China saw its new headlines, not the others
    the same refresh brought: t, with the cursor far down the list, still counts those
    three as new (it counted none)."""
    about = [item(f"c{n}", f"China cuts tariff on Canadian canola oil, step {n:02d}", 1 + n)
             for n in range(20)]
    feed_server.route("/f", rss(about), etag='"1"')
    text = (f'[[feeds]]\nurl = "{feed_server.url("/f")}"\n'
            '[refresh]\ninterval_minutes = 0\n')
    app = make_app(db_path, parse_config(text, "test.toml"))
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        assert app.new_count == 0
        newer = [item(f"n{n}", f"China cuts tariff on Canadian peas, step {n}", 25 + n)
                 for n in range(2)]
        others = [item(f"o{n}", f"Bank of Canada holds its rate, day {n}", 21 + n)
                  for n in range(3)]
        feed_server.route("/f", rss(about + newer + others), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        bar = str(app.query_one("#thaw").render())
        assert app.new_count == 2 and "2 new" in bar, bar  # the two about Canada–China
        await pilot.press("g")
        await pilot.pause()
        assert " new" not in str(app.query_one("#thaw").render())  # those two seen
        await pilot.press("G")
        await pilot.pause()
        table = app.query_one("#headlines-table", DataTable)
        assert table.scroll_y > 0
        await pilot.press("t")
        await pilot.pause()
        assert app.all_headlines and table.scroll_y > 0
        bar = str(app.query_one("#thaw").render())
        assert app.new_count == 3 and "3 new" in bar, bar  # the others, not yet in sight
        await pilot.press("g")
        await pilot.pause()
        assert app.new_count == 0 and " new" not in str(app.query_one("#thaw").render())


def test_a_new_count_before_the_list_is_composed_does_not_crash() -> None:
    """`r` pressed as the dashboard opens: the refresh's counts reached the headline list
    while it was still being composed, and drawing its note crashed the app (CI caught it
    under load). The count is kept and drawn with the list."""
    panel = HeadlinesPanel()
    panel.show_new(frozenset({"a", "b", "c"}))
    assert panel.new_keys == {"a", "b", "c"}


async def test_what_another_process_writes_shows_without_a_refresh(db_path: Path) -> None:
    """A `thawwatch refresh` from cron stored headlines, or `feeds add` a feed: the open
    dashboard showed them only after its own next refresh, up to its interval later (QA).
    It looks for writes every few seconds; an idle dashboard does not reload by itself."""
    conftest.seed_items(db_path)
    app = make_app(db_path, config("http://127.0.0.1:9/feed.xml"))
    app.WRITES_CHECK = 0.05
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        loads = app._snapshot_seq
        await pilot.pause(0.5)  # ten looks, no write: no reload
        assert app._snapshot_seq == loads
        await pilot.press("3")
        conftest.seed_items(db_path, "http://127.0.0.1:9/cron.xml", name="Cron Feed", items=[
            ("c1", "https://news.example/cron-canola", "China and Canada resume canola talks",
             "Officials met in Beijing.", "2026-11-28T08:00:00Z")])
        panel = app.query_one(HeadlinesPanel)
        for _ in range(100):
            if any("resume canola talks" in i.title for i in panel.items.values()):
                break
            await pilot.pause(0.05)
        assert any("resume canola talks" in i.title for i in panel.items.values())
        cfg = db_path.parent / "config.toml"
        cfg.write_text('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\n', "utf-8")
        done = subprocess.run(  # another process: a feed added from the command line
            [sys.executable, "-m", "thawwatch", "--db", str(db_path), "feeds", "add",
             "http://127.0.0.1:9/added-by-cli.xml"], capture_output=True, text=True,
            env={**os.environ, "THAWWATCH_CONFIG": str(cfg)}, check=False)
        assert done.returncode == 0, done.stderr
        await pilot.press("5")
        for _ in range(100):
            if any("added-by-cli" in line for line in conftest.screen_lines(app)):
                break
            await pilot.pause(0.05)
        assert any("added-by-cli" in line for line in conftest.screen_lines(app))


async def test_a_dashboard_that_made_its_database_does_not_reload_for_that(
        db_path: Path) -> None:
    """Opened on no database, the dashboard's first load makes it: no write of another's
    to show, so no reload for it."""
    app = make_app(db_path, config("http://127.0.0.1:9/feed.xml"))
    app.WRITES_CHECK = 0.05
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        loads = app._snapshot_seq
        await pilot.pause(0.5)
        assert app._snapshot_seq == loads


@pytest.mark.parametrize("made", [False, True])
async def test_the_first_load_s_own_writes_make_no_reload(db_path: Path, made: bool) -> None:
    """The first load writes the bundled seed ledger into the database (and makes the
    file, on a first run); the writes watch took that write for another process's and
    reloaded everything once, up to 3 s after opening. What others write after it still
    shows (the test above)."""
    if not made:
        conftest.seed_items(db_path)  # headlines, but not the seed ledger's copy
    app = make_app(db_path, config("http://127.0.0.1:9/feed.xml"))
    app.WRITES_CHECK = 0.05
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.5)  # ten looks
        await settle(app, pilot)
        assert app._snapshot_seq == 1


@pytest.mark.parametrize("a_read_fails", [False, True])
async def test_an_accept_elsewhere_during_a_load_shows(db_path: Path, monkeypatch: Any,
                                                       a_read_fails: bool) -> None:
    """From a review of the test above's fix: `thawwatch ledger accept` in another process,
    committed while the first load was writing its seed ledger (or waiting for the write
    lock), showed neither as pending nor in the ledger, and nothing reloaded: the load had
    read the ledger before the watch's look after its own writes. A load that fails after
    that look left the others' writes unshown, with no load to retry."""
    import thawwatch.snapshot as snapshot_mod
    from thawwatch.decisions import decisions

    conftest.seed_items(db_path, items=[(
        "renew", "https://news.example/peas-2027",
        "China suspends tariffs on Canadian peas from January 1, 2027 to December 31, 2027",
        "", "2026-11-27T08:00:00Z")])
    with Store.open(db_path) as store:
        (change,) = [d for d in decisions(store) if d.measure == "cn-peas"]
    sync, headlines = snapshot_mod.sync_seed_ledger, snapshot_mod.headlines
    calls = {"sync": 0, "headlines": 0}

    def sync_during_an_accept(store: Store, ledger: Any) -> None:
        calls["sync"] += 1
        if calls["sync"] == 1:  # another process commits while this load is under way
            done = subprocess.run([sys.executable, "-m", "thawwatch", "--db", str(db_path),
                                   "ledger", "accept", change.id],
                                  capture_output=True, text=True, timeout=60, check=False)
            assert done.returncode == 0, done.stderr
        sync(store, ledger)

    def headlines_failing_once(*args: Any, **kwargs: Any) -> Any:
        calls["headlines"] += 1
        if a_read_fails and calls["headlines"] == 1:
            raise OSError("a read that fails once")
        return headlines(*args, **kwargs)

    monkeypatch.setattr(snapshot_mod, "sync_seed_ledger", sync_during_an_accept)
    monkeypatch.setattr(snapshot_mod, "headlines", headlines_failing_once)
    app = make_app(db_path, config("http://127.0.0.1:9/feed.xml"))
    app.WRITES_CHECK = 0.05

    def accepted_shows() -> bool:
        snap = app.snapshot
        return snap is not None and not any(d.measure == "cn-peas" for d in snap.pending) \
            and any(e.origin == "signal" for e in snap.ledger.events_for("cn-peas"))

    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, accepted_shows)
        assert accepted_shows()


async def test_a_worker_s_message_landing_as_the_app_quits_is_let_go(db_path: Path) -> None:
    """A reload (or a refresh's progress or end) that lands while the app shuts down found
    its widgets gone: NoMatches ended the app with a traceback (seen in CI, a reload the
    database watch asked for as a test ended)."""
    from thawwatch.refresh import RefreshReport
    from thawwatch.tui.messages import RefreshFinished, RefreshProgress, SnapshotReady

    conftest.seed_items(db_path)
    app = make_app(db_path, config("http://127.0.0.1:9/feed.xml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        snapshot = app.snapshot
    assert snapshot is not None and not app.is_running
    app.on_snapshot_ready(SnapshotReady(snapshot, app._snapshot_seq + 1))
    app.on_refresh_progress(RefreshProgress(None, 1, 2, 0))
    app.on_refresh_finished(RefreshFinished(RefreshReport(feeds=1), [], 0))


async def test_new_headlines_that_land_below_the_rows_in_sight_are_not_new_above(
        feed_server: FeedServer, db_path: Path) -> None:
    """From a QA round: the list scrolled down, a refresh brings two newer headlines (above
    the rows in sight) and two older-dated ones (a new feed's back catalogue, below them):
    "↑ 4 new above" counted the two below, and they were then taken as seen on the top.
    The count follows the headlines, not a number: two new, both above."""
    def feed(newer: int = 0, older: int = 0) -> bytes:
        return rss([item(f"n{n}", f"Canola news {n}", 27 + n) for n in range(newer)]
                   + [item(f"g{n}", f"Canola headline {n:02d}", 5 + n) for n in range(20)]
                   + [item(f"o{n}", f"Canola archive {n}", 1 + n) for n in range(older)])

    feed_server.route("/f", feed(), etag='"1"')
    app = make_app(db_path, config(feed_server.url("/f")))
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3", *"j" * 12)
        await pilot.pause()
        table = app.query_one("#headlines-table", DataTable)
        top = round(table.scroll_y)
        assert top > 0 and table.row_count - top > 9  # rows above and below those in sight
        feed_server.route("/f", feed(newer=2, older=2), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        assert table.row_count == 24 and round(table.scroll_y) == top + 2
        assert app.new_count == 2 and "2 new" in str(app.query_one("#thaw").render())
        note = str(app.query_one("#headlines-note").render())
        assert note.startswith("↑ 2 new above (g: newest) · "), note
        await pilot.press("g")
        await pilot.pause()
        assert app.new_count == 0 and "new above" not in str(
            app.query_one("#headlines-note").render())


async def test_headlines_another_process_stores_are_counted_new(
        feed_server: FeedServer, db_path: Path) -> None:
    """From a QA round: headlines cron's `thawwatch refresh` stored showed (the database
    watch reloads), but were never counted new, nor pointed at when stored above the rows
    in sight. Now they are, as the dashboard's own refresh's are."""
    feed = functools.partial(canola_feed, old=20)

    feed_server.route("/f", feed(), etag='"1"')
    cfg = config(feed_server.url("/f"))
    app = make_app(db_path, cfg)
    app.WRITES_CHECK = 0.05
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("3", "G")
        await pilot.pause()
        feed_server.route("/f", feed(newer=3), etag='"2"')
        done = await asyncio.to_thread(  # another process: cron's refresh
            subprocess.run, [sys.executable, "-m", "thawwatch", "--db", str(db_path), "refresh"],
            capture_output=True, text=True, check=False,
            env={**os.environ, "THAWWATCH_CONFIG": str(_config_file(db_path, cfg))})
        assert done.returncode == 0 and "3 new items" in done.stdout, done.stdout + done.stderr
        for _ in range(100):
            if app.new_count:
                break
            await pilot.pause(0.05)
        await settle(app, pilot)
        assert app.new_count == 3 and "3 new" in str(app.query_one("#thaw").render())
        note = str(app.query_one("#headlines-note").render())
        assert note.startswith("↑ 3 new above (g: newest) · "), note
        await pilot.press("g")
        await pilot.pause()
        assert app.new_count == 0


async def test_headlines_a_refresh_begun_before_opening_stores_are_counted_new(
        feed_server: FeedServer, db_path: Path) -> None:
    """From a QA round: cron's `thawwatch refresh` began (a slow feed) a moment before the
    dashboard opened and stored its headlines after: they showed, but were never new ("2
    new" neither in the top bar nor above the rows). A refresh gives its items the time it
    began, before the dashboard opened; they were not in its first load, so they are new."""
    feed = functools.partial(canola_feed, old=3)

    feed_server.route("/f", feed(), etag='"1"')
    cfg = config(feed_server.url("/f"))
    with Store.open(db_path) as store:
        run_refresh(store, cfg)
    answer = threading.Event()  # cron's feed answers once the dashboard has loaded
    feed_server.route("/f", feed(newer=2), etag='"2"', gate=answer)
    cron = subprocess.Popen(
        [sys.executable, "-m", "thawwatch", "--db", str(db_path), "refresh"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "THAWWATCH_CONFIG": str(_config_file(db_path, cfg))})
    try:
        for _ in range(400):  # its refresh has begun: its items have their time
            if feed_server.paths().count("/f") == 2:
                break
            time.sleep(0.05)
        time.sleep(1.1)  # the store keeps whole seconds
        app = make_app(db_path, cfg)
        app.WRITES_CHECK = 0.05
        async with app.run_test(size=(80, 14)) as pilot:
            await settle(app, pilot)
            assert app.snapshot is not None and len(app.snapshot.headlines) == 3
            answer.set()
            out, err = await asyncio.to_thread(cron.communicate, timeout=60)
            assert "2 new items" in out, out + err
            for _ in range(100):
                if app.snapshot is not None and len(app.snapshot.headlines) == 5:
                    break
                await pilot.pause(0.05)
            await settle(app, pilot)
            assert app.new_count == 2 and "2 new" in str(app.query_one("#thaw").render())
    finally:
        cron.kill()
        cron.communicate()


async def test_headlines_stored_before_a_slow_first_load_showed_are_counted_new(
        feed_server: FeedServer, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From a QA round: a slow first load (a big database), and `r` pressed meanwhile:
    the refresh's reload showed first, and as the first load was taken for what was
    there before, its two headlines were never new ("2 new items" on the status line,
    no "2 new" beside the unread count)."""
    import threading

    import thawwatch.snapshot as snapshot_mod

    feed = functools.partial(canola_feed, old=3)

    feed_server.route("/f", feed(), etag='"1"')
    cfg = config(feed_server.url("/f"))
    with Store.open(db_path) as store:
        run_refresh(store, cfg)
    feed_server.route("/f", feed(newer=2), etag='"2"')
    real, calls, release = snapshot_mod.load_snapshot, [], threading.Event()

    def held(*args: Any) -> Any:
        calls.append(len(calls))
        if len(calls) == 1:
            release.wait(20)  # the first load, slow
        return real(*args)

    monkeypatch.setattr(snapshot_mod, "load_snapshot", held)
    app = make_app(db_path, cfg)
    async with app.run_test(size=(80, 14)) as pilot:
        while not calls:
            await pilot.pause(0.02)
        await pilot.pause(1.1)  # the store keeps whole seconds
        await pilot.press("r")
        for _ in range(500):
            await pilot.pause(0.02)
            if not app.refreshing and app.snapshot is not None:
                break
        release.set()
        await settle(app, pilot)
        assert app.snapshot is not None and len(app.snapshot.headlines) == 5
        assert app.new_count == 2 and "2 new" in str(app.query_one("#thaw").render())


async def test_a_new_story_another_outlet_makes_about_canada_china_is_counted_new(
        feed_server: FeedServer, db_path: Path) -> None:
    """From a QA round: a wire headline that does not name the countries came in (new for
    the list of all only), then another outlet's copy naming them made the story about
    Canada–China: it showed in the default list, unread, but "new" never counted it."""
    def entry(guid: str, title: str, day: int, summary: str, link: str) -> dict[str, Any]:
        return {"guid": guid, "title": title, "link": link, "description": summary,
                "pubDate": datetime(2026, 11, day, 9, tzinfo=UTC)}

    old = [entry(f"c{n}", f"China cuts tariff on Canadian canola oil, step {n:02d}", 2 + n,
                 "", f"https://news.example/c{n}") for n in range(3)]
    wire = entry("w1", "Beijing lifts duties on oilseed imports in surprise move", 28,
                 "Markets rallied.", "https://wire.example/w1")
    copy = {**wire, "guid": "w1b",
            "description": "China lifts its tariffs on Canadian canola seed, Ottawa says."}
    feed_server.route("/a", rss(old), etag='"1"')
    feed_server.route("/b", rss([]), etag='"1"')
    cfg = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/a")}"\n'
                       f'[[feeds]]\nurl = "{feed_server.url("/b")}"\n'
                       "[refresh]\ninterval_minutes = 0\n", "test.toml")
    with Store.open(db_path) as store:
        run_refresh(store, cfg)
    app = make_app(db_path, cfg)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(app, pilot)
        assert not app.all_headlines and app.new_count == 0
        feed_server.route("/a", rss([wire, *old]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        assert app.new_count == 0  # not about Canada–China: not in this list
        feed_server.route("/b", rss([copy]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        assert app.snapshot is not None and app.snapshot.relevant[0].title == wire["title"]
        assert app.new_count == 1 and "1 new" in str(app.query_one("#thaw").render())


async def test_a_new_headline_the_list_of_all_cannot_show_is_not_new_there(
        feed_server: FeedServer, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From a QA round: with more headlines stored than the list holds (2,000, here 20),
    a new feed's older headline about Canada–China is among the newest about Canada–China
    but not among the newest of all. The list of all said "1 new" for it, and as it could
    never show its row, the count never went (G, g, scrolling). It is new only in the list
    about Canada–China, which shows it."""
    import thawwatch.snapshot as snapshot_mod

    monkeypatch.setattr(snapshot_mod, "HEADLINE_LIMIT", 20)
    feed_server.route("/a", rss([item(f"x{n}", f"Local bakery wins award number {n}", 2 + n)
                                 for n in range(25)]))
    feed_server.route("/b", rss([]), etag='"1"')
    cfg = config(feed_server.url("/a"), feed_server.url("/b"))
    with Store.open(db_path) as store:
        run_refresh(store, cfg)
    app = make_app(db_path, cfg)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        assert app.all_headlines and app.new_count == 0
        feed_server.route("/b", rss([item("old", OIL, 1)]), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        assert app.snapshot is not None and app.snapshot.relevant[0].title == OIL
        assert OIL not in {i.title for i in app.snapshot.headlines}
        assert app.new_count == 0 and " new" not in str(app.query_one("#thaw").render())
        await pilot.press("3", "t")  # the list about Canada–China has it
        await pilot.pause()
        assert not app.all_headlines and app.new_count == 0  # shown: seen


def _config_file(db_path: Path, cfg: Config) -> Path:
    """``cfg``'s feeds as a config file another process can read."""
    path = db_path.parent / "cron-config.toml"
    path.write_text("".join(f'[[feeds]]\nurl = "{f.url}"\n' for f in cfg.feeds), "utf-8")
    return path


async def test_a_story_pruned_of_its_first_item_is_not_counted_new(feed_server: FeedServer,
                                                                   db_path: Path) -> None:
    """From a dashboard QA round: another outlet carried an old story again, and the
    refresh's pruning deleted the story's first item: the story was re-led by the copy,
    its row took the copy's id, and the dashboard counted the old headline "1 new". The
    first item now stays while a copy is kept."""
    old = {"guid": "a1", "title": "Local bakery wins national award for sourdough",
           "link": "https://news.example/bakery", "description": "",
           "pubDate": datetime(2026, 10, 1, 9, tzinfo=UTC)}
    feed_server.route("/a", rss([old], title="Outlet A"))
    feed_server.route("/b", rss([], title="Outlet B"), etag='"1"')
    text = (f'[[feeds]]\nurl = "{feed_server.url("/a")}"\n[[feeds]]\nurl = '
            f'"{feed_server.url("/b")}"\n[refresh]\ninterval_minutes = 0\n'
            '[retention]\ndays = 30\n[ui]\nheadlines = "all"\n')
    cfg = parse_config(text, "t.toml")
    with Store.open(db_path) as store:
        run_refresh(store, cfg, now=datetime(2026, 10, 1, 12, tzinfo=UTC))
    app = make_app(db_path, cfg)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        (before,) = app.snapshot.headlines
        feed_server.route("/b", rss([dict(old, guid="b1")], title="Outlet B"), etag='"2"')
        await pilot.press("r")
        await settle(app, pilot)
        (after,) = app.snapshot.headlines
        assert after.id == before.id and len(after.sources) == 2
        assert app.new_count == 0 and " new" not in str(app.query_one("#thaw").render())


async def test_a_refresh_asked_for_says_when_some_feeds_failed(feed_server: FeedServer,
                                                               db_path: Path) -> None:
    """On 80 columns the bar cut the summary to "1 of 2 feeds ok, 1 f…", its whole text in
    a tooltip a keyboard never shows: a refresh asked for with `r` that left feeds failing
    says so in a toast."""
    feed_server.route("/ok", rss([item("o", "Canola ok", 20)]))
    feed_server.route("/down", status=500)
    app = make_app(db_path, config(feed_server.url("/ok"), feed_server.url("/down")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        # the bar's slot holds the short form, failures included: not "1 of 2 feeds ok, 1…"
        assert status_text(app) == "1/2 ok, 1 failed"
        (warning,) = [n for n in app._notifications if n.severity == "warning"]
        assert warning.title == "Some feeds failed"
        assert str(warning.message).startswith("1 of 2 feeds ok, 1 failed")
        assert str(warning.message).endswith("The Feeds panel (5) has each failed feed's error.")
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_r_on_a_screen_over_the_panels_says_it_refreshes_and_what_came(
        feed_server: FeedServer, db_path: Path) -> None:
    """The bar with the progress and the summary is on the panels' screen only: `r` on a
    measure's screen showed nothing at all, its key bar still offering "r Refresh"."""
    feed_server.route("/ok", rss([item("o", "Canola ok", 20)]))
    app = make_app(db_path, config(feed_server.url("/ok")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeasureScreen)
        messages: list[tuple[str, str]] = []
        notify = app.notify

        def record(message: str, **kwargs: object) -> None:
            # (recorded as posted: on a loaded machine the 2-second toast may expire
            # before the refresh has settled)
            messages.append((str(kwargs.get("title", "")), str(message)))
            notify(message, **kwargs)  # type: ignore[arg-type]

        app.notify = record  # type: ignore[method-assign]
        await pilot.press("r")
        await settle(app, pilot)
        assert messages[0] == ("", "Refreshing the feeds…")
        assert messages[-1][0] == "Refreshed"
        assert messages[-1][1].startswith("1 of 1 feeds ok, 0 failed, 1 new item")
        assert isinstance(app.screen, MeasureScreen)  # still where the user was


async def test_a_refresh_asked_for_that_errs_leaves_the_next_one_quiet(
        feed_server: FeedServer, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`r`, then the refresh's worker failed: the "asked for" mark stayed, and the timer's
    next refresh (nobody asked) toasted "Some feeds failed"."""
    import thawwatch.alerts as alerts_mod

    calls = []

    def broken_once(*args: object) -> list[object]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom after storing")
        return []

    monkeypatch.setattr(alerts_mod, "signal_alerts", broken_once)
    feed_server.route("/ok", rss([item("a", "Canola alpha", 20)]))
    feed_server.route("/down", status=500)
    app = make_app(db_path, config(feed_server.url("/ok"), feed_server.url("/down")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        for _ in range(200):  # not settle(): waiting on the failing worker raises
            await pilot.pause(0.05)
            if not app.refreshing:
                break
        await settle(app, pilot)
        assert any("boom after storing" in str(n.message) for n in app._notifications)
        app._notifications.clear()
        app._start_refresh(only_due=False)  # what the timer does
        await settle(app, pilot)
        assert len(calls) == 2  # the second refresh ran to its end
        assert not [n for n in app._notifications if n.severity == "warning"]


async def test_a_tariff_signal_another_process_stores_raises_an_alert(db_path: Path) -> None:
    """From a user review: with cron's `thawwatch refresh --due` beside the dashboard (the
    README's setup), the pending count grew and the rows came, but no toast or bell said a
    tariff changed: only the dashboard's own refresh alerted. A change shown for the first
    time by a load is alerted once; what was pending at start, and a later copy of the
    same change from another outlet, are not."""
    conftest.seed_items(db_path)
    app = make_app(db_path, config("http://127.0.0.1:9/feed.xml"))
    app.WRITES_CHECK = 0.05
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = [str(n.message) for n in app._notifications]
        assert not any("Tariff signal" in t for t in before), before  # pending at start
        conftest.seed_items(db_path, "http://127.0.0.1:9/cron.xml", name="Cron Feed", items=[
            ("c1", "https://news.example/cron-peas",
             "China extends tariff relief on Canadian peas for another year", "",
             "2026-11-28T08:00:00Z")])

        def signal_toasts() -> list[str]:
            return [str(n.message) for n in app._notifications if "Tariff signal" in str(
                n.message)]

        for _ in range(100):
            if signal_toasts():
                break
            await pilot.pause(0.05)
        assert signal_toasts() == [
            "Tariff signal · Peas: extend 0% by 1 year, until 2027-12-31 — China extends"
            " tariff relief on Canadian peas for another year"]
        conftest.seed_items(db_path, "http://127.0.0.1:9/cron2.xml", name="Other Feed", items=[
            ("c2", "https://other.example/peas-year",
             "China extends tariff relief on Canadian peas by a year", "",
             "2026-11-28T09:00:00Z")])
        for _ in range(40):
            if any("by a year" in d.title for d in app.snapshot.pending
                   for d in (d, *d.also)):
                break
            await pilot.pause(0.05)
        await settle(app, pilot)
        assert len(signal_toasts()) == 1, signal_toasts()  # the same change again


async def test_a_change_the_ledger_had_is_not_alerted_when_an_accept_makes_it_news(
        db_path: Path) -> None:
    """From a user review: "China's 100% tariff on Canadian peas to return Jan. 1" was "the
    ledger has this already" until the user accepted the pea relief's extension; then it
    was news, and the reload toasted it as a new tariff signal, though its headline was
    pending before (and it would undo the extension just accepted). (Published after the
    extension: an older word the extension overrules would be no news; see
    test_decisions.test_an_older_word_a_later_accepted_one_overrules_is_said_so.)"""
    from thawwatch import decisions

    conftest.seed_items(db_path, items=[
        ("r1", "https://news.example/peas-return",
         "China to restore 100% tariff on Canadian peas from January 1, 2027", "",
         "2026-11-27T10:00:00Z"),
        ("e1", "https://news.example/peas-extended",
         "China extends tariff relief on Canadian peas to Dec. 31, 2027", "",
         "2026-11-27T08:00:00Z")])
    app = make_app(db_path, config("http://127.0.0.1:9/feed.xml"))
    app.WRITES_CHECK = 0.05
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        by_action = {d.action: d for d in app.snapshot.pending}
        restore, extension = by_action["restore"], by_action["extend"]
        assert restore.id not in app.snapshot.news and extension.id in app.snapshot.news
        with Store.open(db_path) as store:  # accepted in another window (`ledger accept`)
            decisions.accept(store, extension.id, datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
        for _ in range(100):
            if app.snapshot.news and restore.id in app.snapshot.news:
                break
            await pilot.pause(0.05)
        await settle(app, pilot)
        assert restore.id in app.snapshot.news  # (it contradicts the extension now)
        toasts = [str(n.message) for n in app._notifications if "Tariff signal" in str(
            n.message)]
        assert toasts == [], toasts
