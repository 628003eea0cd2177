"""What the Feeds panel, the tables and the panel bar show on common and small terminals:
a failing feed's error on screen at 80 columns (and whole in the line under the table), a
table that fits 40 columns, a cursor still in sight after the terminal shrinks, and a
panel bar that always shows which panel is on screen.

The assertions read what the terminal would show: the composited screen lines and the
widgets' regions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from multiprocessing import resource_tracker
from pathlib import Path

import pytest
from conftest import SAMPLE_ITEMS, region_lines, seed_items, settle
from feedserver import FeedServer, rss
from textual.widgets import DataTable

from thawwatch.config import Config, FeedConfig, parse_config
from thawwatch.feeds import record_failure, sync_config
from thawwatch.store import Store
from thawwatch.tui.app import PANELS, ThawwatchApp
from thawwatch.tui.panels.headlines import HeadlinesPanel
from thawwatch.tui.screens.item import ItemScreen

TODAY = date(2026, 11, 28)
#: Named as the bundled feeds are: the longest names of config/thawwatch.toml's kind.
NAMES = ("Global Affairs Canada", "Agriculture and Agri-Food Canada",
         "Google News: Canada China tariffs")
UNAVAILABLE = "HTTP 503 Service Unavailable"


@pytest.fixture(autouse=True, scope="module")
def resource_tracker_running() -> None:
    """As in test_tui_refresh: start multiprocessing's resource tracker while sys.stderr
    is still a real file (a refresh parses feeds in other processes)."""
    resource_tracker.ensure_running()


def make_app(db_path: Path, cfg: Config) -> ThawwatchApp:
    return ThawwatchApp(config=cfg, db_path=db_path, today=TODAY, refresh_timer=False)


def named_feeds(feeds: dict[str, str]) -> Config:
    """A config with the feeds ``{url: name}``."""
    text = "".join(f'[[feeds]]\nurl = "{url}"\nname = "{name}"\n' for url, name in feeds.items())
    # every headline listed: the test feeds' headlines are not all about Canada–China
    return parse_config(text + "[refresh]\ninterval_minutes = 0\ntimeout_seconds = 5\n"
                        '[ui]\nheadlines = "all"\n', "test.toml")


def detail_text(app: ThawwatchApp) -> str:
    """The line(s) under the feeds table, as one line (it wraps)."""
    return " ".join(" ".join(region_lines(app, "#feeds-detail")).split())


def whole_or_marked(line: str, text: str) -> bool:
    """``text`` shows whole in ``line``, or a cell starts with its beginning and ends
    with "…"."""
    return text in line or any(f" {text[:n]}…" in f" {line}" for n in range(1, len(text)))


def assert_fits(table: DataTable) -> None:
    """Every column on screen: no sideways scrolling to reach the last one."""
    widths = sum(column.get_render_width(table) for column in table.ordered_columns)
    assert widths <= table.size.width and table.max_scroll_x == 0, (widths, table.size)


# --------------------------------------------------------------------------- feeds


@pytest.mark.parametrize("succeeded_before", [True, False], ids=["once-ok", "never-ok"])
async def test_feeds_panel_shows_each_error_at_80_columns(
        feed_server: FeedServer, db_path: Path, succeeded_before: bool) -> None:
    """The refresh toast sends the user to the Feeds panel: at 80 columns its "Last
    error" column was off the right edge (or showed "HTTP 503 S" when no feed had ever
    worked). Names give way with "…"; the line under the table has the cursor's feed
    whole and follows the cursor."""
    feeds = {}
    for i, name in enumerate(NAMES):
        feed_server.route(f"/{i}.xml", rss([{"guid": f"g{i}", "title": f"Canada China canola {i}",
                                             "link": f"https://news.example/{i}",
                                             "pubDate": datetime(2026, 11, 27, tzinfo=UTC)}]))
        feeds[feed_server.url(f"/{i}.xml")] = name
    app = make_app(db_path, named_feeds(feeds))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        if succeeded_before:
            await pilot.press("r")
            await settle(app, pilot, rounds=3)
        for i in range(len(NAMES)):
            feed_server.route(f"/{i}.xml", "down", status=503)
        await pilot.press("5", "r")
        await settle(app, pilot, rounds=3)
        lines = region_lines(app, "#feeds-table")
        assert "Last error" in lines[0], lines[0]
        for name in NAMES:
            row = next(line for line in lines[1:] if whole_or_marked(line, name))
            assert row.split()[0] == "error" and UNAVAILABLE in row, row
        assert any(name not in "\n".join(lines) for name in NAMES)  # some cut, with "…"
        assert_fits(app.query_one("#feeds-table", DataTable))
        url = next(iter(feeds))
        assert detail_text(app).startswith(f"{feeds[url]} · {UNAVAILABLE} · last OK ")
        assert detail_text(app).endswith(url)
        for url in list(feeds)[1:]:  # the line follows the cursor
            await pilot.press("j")
            await pilot.pause()
            assert detail_text(app).startswith(f"{feeds[url]} · {UNAVAILABLE}"), detail_text(app)


@pytest.mark.parametrize("width", [80, 120])
async def test_long_names_and_errors_are_cut_with_an_ellipsis(db_path: Path,
                                                              width: int) -> None:
    """A name was cut at 40 characters mid-word, with nothing to say so; a long error ran
    off the screen. Both now end with "…" in the table and show whole under it, as
    written (the brackets are not markup)."""
    name = "Agriculture and Agri-Food Canada — [b]Market Access[/b] Secretariat releases"
    error = ("TLS error: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
             "unable to get local issuer certificate (_ssl.c:1006) for feeds.example.org")
    url = "https://feeds.example.org/market-access.xml"
    with Store.open(db_path) as store:  # the store's own record of a failed fetch
        now = datetime(2026, 11, 28, 12, tzinfo=UTC)
        sync_config(store, [FeedConfig(url=url, name=name)], now)
        record_failure(store, url, now=now, error=error)
    app = make_app(db_path, named_feeds({url: name}))
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        row = region_lines(app, "#feeds-table")[1]
        assert name not in row and whole_or_marked(row, name), row
        assert error not in row and whole_or_marked(row, error), row
        assert_fits(app.query_one("#feeds-table", DataTable))
        assert detail_text(app) == f"{name} · {error} · last OK never · {url}"


async def test_feeds_panel_shows_which_feed_failed_at_40_columns(db_path: Path) -> None:
    """At 40 columns the fixed columns alone were wider than the screen: the error was
    past the edge, behind a sideways scrollbar. The counts and the last success give way
    (the line under the table has them): each row shows its status, its name and the
    start of its error, and the line has the cursor's feed whole."""
    feeds = {f"https://feeds.example.org/{i}.xml": name for i, name in enumerate(NAMES)}
    urls = list(feeds)
    with Store.open(db_path) as store:
        now = datetime(2026, 11, 28, 12, tzinfo=UTC)
        sync_config(store, [FeedConfig(url=u, name=n) for u, n in feeds.items()], now)
        record_failure(store, urls[1], now=now, error=UNAVAILABLE)
    app = make_app(db_path, named_feeds(feeds))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        table = app.query_one("#feeds-table", DataTable)
        assert_fits(table)
        lines = region_lines(app, "#feeds-table")
        assert lines[0].split()[:2] == ["Status", "Feed"], lines[0]
        for name, line, status in zip(NAMES, lines[1:4], ("never", "error", "never"),
                                      strict=True):
            assert line.split()[0] == status and whole_or_marked(line, name), line
        assert whole_or_marked(lines[2], UNAVAILABLE) and "HTTP 503" in lines[2], lines[2]
        table.move_cursor(row=1)
        await pilot.pause()
        assert detail_text(app) == (f"{NAMES[1]} · {UNAVAILABLE} · 1 failure · last OK never"
                                    f" · 0 items · {urls[1]}")


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24)])
async def test_headlines_table_fits_the_screen(db_path: Path, size: tuple[int, int]) -> None:
    """At 40 columns the headline column was 12 cells wide past the edge: "US and Chi"
    and a sideways scrollbar. Now it keeps the room left, and a cut headline ends with
    "…"."""
    seed_items(db_path)
    app = make_app(db_path, named_feeds({"http://127.0.0.1:9/feed.xml": "Test Feed"}))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        assert_fits(table)
        rows = [line.rstrip() for line in region_lines(app, "#headlines-table")[1:5]]
        titles = {title for _, _, title, _, _ in SAMPLE_ITEMS}
        for row in rows:
            assert any(whole_or_marked(row, title) for title in titles), row
            assert row.endswith("…") or any(row.endswith(title) for title in titles), row


async def test_headlines_get_most_of_40_columns(db_path: Path) -> None:
    """At 40×12 the headline column had 6 cells ("US an…") beside the date, source,
    direction and topics. Topics and source give way (the headline's screen has both):
    the headline has over half the width, next to the date and the direction's arrow. A
    wider screen brings them back, the cursor on its row."""
    seed_items(db_path)
    app = make_app(db_path, named_feeds({"http://127.0.0.1:9/feed.xml": "Test Feed"}))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        assert_fits(table)
        headline = table.columns["headline"].get_render_width(table) - 2 * table.cell_padding
        assert headline > 40 // 2, headline
        rows = region_lines(app, "#headlines-table")[1:5]
        for row, item in zip(rows, sorted(SAMPLE_ITEMS, key=lambda i: i[4], reverse=True),
                             strict=True):
            assert item[2][:headline - 1] in row and item[4][5:10] in row, (item[2], row)
        assert "▲" in "".join(rows)
        table.move_cursor(row=2)
        key = table.selected_key
        await pilot.resize_terminal(120, 30)  # the columns come back, the cursor stays
        await settle(app, pilot)
        assert region_lines(app, "#headlines-table")[0].split()[:5] == [
            "Date", "Source", "Direction", "Topics", "Headline"]
        assert table.selected_key == key and table.cursor_row == 2


def columns(table: DataTable) -> list[str]:
    """The keys of the columns in the table, in order."""
    return [str(column.key.value) for column in table.ordered_columns]


async def test_a_very_narrow_screen_keeps_each_table_s_main_column(db_path: Path) -> None:
    """A search with no results brought every headline column back at 40 columns, the
    header cut at "Hea" behind a sideways scroll. Under ~25 columns the headline and the
    error left their tables, and the columns given up for them came back: at 16 columns
    the headlines showed mark, date, source, direction and topics, no headline. The
    header now fits an empty list, and each table keeps its main column (12 cells)."""
    seed_items(db_path)
    app = make_app(db_path, named_feeds({"http://127.0.0.1:9/feed.xml": "Test Feed"}))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        app.query_one(HeadlinesPanel).show_search("zzzqqq", [])  # as its results arrive
        await pilot.pause()
        headlines = app.query_one("#headlines-table", DataTable)
        assert headlines.row_count == 0
        assert_fits(headlines)
        await pilot.press("escape")
        await pilot.resize_terminal(16, 12)
        await settle(app, pilot)
        assert columns(headlines) == ["mark", "date", "direction", "headline"]
        await pilot.press("5")
        await settle(app, pilot)
        assert columns(app.query_one("#feeds-table", DataTable)) == [
            "status", "feed", "last_error"]


def many_items(count: int) -> list[tuple[str, str, str, str, str]]:
    """``count`` stories, newest first, each title starting with its row number."""
    start = datetime(2026, 11, 27, 12, tzinfo=UTC)
    return [(f"m{i}", f"https://news.example/m{i}", f"#{i:02d} Canada China canola tariff talks",
             "Canada and China discuss canola tariffs.",
             f"{start - timedelta(hours=i):%Y-%m-%dT%H:%M:%SZ}") for i in range(count)]


@pytest.mark.parametrize(("size", "row"), [((80, 14), 30), ((60, 20), 37), ((40, 12), 37)])
async def test_the_cursor_stays_in_sight_when_the_terminal_shrinks(
        db_path: Path, size: tuple[int, int], row: int) -> None:
    """With the cursor low on an 80×24 screen, a shorter terminal left it below the last
    line: Enter opened a headline the user could not see."""
    seed_items(db_path, items=many_items(45))
    app = make_app(db_path, named_feeds({"http://127.0.0.1:9/feed.xml": "Test Feed"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        for _ in range(row):  # what j does, without 30-odd key round trips
            table.action_cursor_down()
        await pilot.pause()
        assert table.cursor_row == row
        await pilot.resize_terminal(*size)
        await settle(app, pilot)
        assert app.size == size
        assert any(f"#{row:02d} " in line for line in region_lines(app, "#headlines-table"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemScreen)
        assert app.screen.item.title.startswith(f"#{row:02d} ")


async def test_a_column_leaving_on_a_resize_keeps_the_cursor_on_its_screen_line(
        db_path: Path) -> None:
    """From 80 to 40 columns Topics and Source leave and every row is re-added: the table
    went back to the top and scrolled only far enough to show the cursor, which jumped
    from the third line to the last. It stays on its line, as without a column change."""
    seed_items(db_path, items=many_items(60))
    app = make_app(db_path, named_feeds({"http://127.0.0.1:9/feed.xml": "Test Feed"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        for _ in range(40):  # what j does: the cursor on the last line, the table scrolled
            table.action_cursor_down()
        await pilot.pause()
        for _ in range(16):  # then k, up to the third line
            table.action_cursor_up()
        await pilot.pause()
        key, line = table.selected_key, table.cursor_row - round(table.scroll_y)
        assert line == 2 and table.scroll_y > 0
        await pilot.resize_terminal(40, 24)
        await settle(app, pilot)
        assert {"topics", "source"} <= table.dropped_columns
        assert table.selected_key == key
        assert table.cursor_row - round(table.scroll_y) == line


# --------------------------------------------------------------------------- panel bar


def highlighted(app: ThawwatchApp) -> str:
    """The panel bar's highlighted (reverse) label, as shown."""
    strip = app.screen._compositor.render_strips()[app.query_one("#panelbar").region.y]
    return "".join(s.text for s in strip if s.style is not None and s.style.reverse).strip()


@pytest.mark.parametrize("width", [40, 60, 80, 120])
async def test_panel_bar_always_shows_the_active_panel(db_path: Path, width: int) -> None:
    """Under 65 columns the bar was cut at the right: "5 Feeds" (and at 40 columns
    "4 Baseline" too) fell off, so with Feeds on screen no label was highlighted. A
    narrow bar closes up, then shows the other panels by number."""
    app = make_app(db_path, named_feeds({"http://127.0.0.1:9/feed.xml": "Test Feed"}))
    async with app.run_test(size=(width, 12)) as pilot:
        await settle(app, pilot)
        for key, (panel, label) in zip("12345", PANELS, strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert app.active_panel == panel
            assert highlighted(app) == label
            bar = region_lines(app, "#panelbar")[0].split()
            assert [n for n in bar if n.isdigit()] == list("12345"), bar
            if width >= 80:
                assert " ".join(bar) == " ".join(label for _, label in PANELS)


async def test_clicking_a_number_on_a_narrow_panel_bar_switches(db_path: Path) -> None:
    app = make_app(db_path, named_feeds({"http://127.0.0.1:9/feed.xml": "Test Feed"}))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        line = region_lines(app, "#panelbar")[0]
        await pilot.click("#panelbar", offset=(line.index(" 5 ") + 1, 0))
        await pilot.pause()
        assert app.active_panel == "feeds" and highlighted(app) == "5 Feeds"
