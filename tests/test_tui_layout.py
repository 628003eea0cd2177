"""The dashboard's layout at the common terminal widths (80 columns above all): the top
bar keeps its facts, the headline column keeps its share, the help box fits the screen.

The assertions read what the terminal would show: the composited screen lines and the
widgets' regions, not just the text a widget was given.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, date, datetime
from multiprocessing import resource_tracker
from pathlib import Path
from typing import Any

import pytest
from conftest import WITH_NEWS, region_lines, screen_lines, seed_items, settle
from feedserver import FeedServer, rss
from rich.text import Text
from textual.widgets import DataTable

from thawwatch.config import Config, parse_config
from thawwatch.tui.app import ThawwatchApp
from thawwatch.tui.format import initialled
from thawwatch.tui.panels.headlines import HeadlineTable
from thawwatch.tui.panels.tariffs import DETAIL_COLUMNS, TariffsPanel
from thawwatch.tui.screens.help import KEYS, MARKS, HelpScreen
from thawwatch.tui.topbar import SPARK_WIDTH, Facts, progress_text

TODAY = date(2026, 11, 28)
# The headline tests here run on test feeds whose headlines are not all about Canada–China:
# they list every headline ([ui] headlines = "all"); the relevant-only default has its own.
SEEDED = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Test Feed"\n'
                      '[ui]\nheadlines = "all"\n', "test.toml")
PORK = "China removes 25% tariff on Canadian pork from November 1, 2026"
SPARK = set("▁▂▃▄▅▆▇█─")


@pytest.fixture(autouse=True, scope="module")
def resource_tracker_running() -> None:
    """As in test_tui_refresh: start multiprocessing's resource tracker while sys.stderr
    is still a real file (a refresh parses feeds in other processes)."""
    resource_tracker.ensure_running()


def make_app(db_path: Path, cfg: Config = SEEDED) -> ThawwatchApp:
    return ThawwatchApp(config=cfg, db_path=db_path, today=TODAY, refresh_timer=False)


def feeds_config(*urls: str) -> Config:
    text = "".join(f'[[feeds]]\nurl = "{u}"\n' for u in urls)
    # every headline listed: the test feeds' headlines are not all about Canada–China
    return parse_config(text + "[refresh]\ninterval_minutes = 0\ntimeout_seconds = 5\n"
                        '[ui]\nheadlines = "all"\n', "test.toml")


def item(guid: str, title: str, day: int) -> dict[str, Any]:
    return {"guid": guid, "title": title, "link": f"https://news.example/{guid}",
            "pubDate": datetime(2026, 11, day, 9, tzinfo=UTC)}


def facts_of(app: ThawwatchApp) -> list[str]:
    """What the top bar must show whatever the width: thaw value and counts."""
    snap = app.snapshot
    assert snap is not None
    thaw = f"thaw {snap.thaw.overall:.1f}" if snap.thaw.scored() else "thaw —"  # no data
    facts = [snap.as_of.isoformat(), thaw, f"{snap.totals.get('unread', 0)} unread"]
    if app.new_count:
        facts.append(f"{app.new_count} new")
    if snap.news:
        facts.append(f"{len(snap.news)} pending")
    return facts


def assert_in_bounds(app: ThawwatchApp, selector: str) -> None:
    region, screen = app.screen.query_one(selector).region, app.screen.region
    assert region.width > 0 and region.height > 0, selector
    assert screen.contains_region(region), (selector, region, screen)


# --------------------------------------------------------------------------- top bar


@pytest.mark.parametrize("width", [60, 80, 100, 120])
async def test_top_bar_shows_the_facts_before_any_refresh(db_path: Path, width: int) -> None:
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        top = screen_lines(app)[0]
        for fact in facts_of(app):
            assert fact in top, (fact, top)
        assert not app.query_one("#refresh-status").display  # no empty slot at the end


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_top_bar_keeps_the_facts_next_to_a_refresh_summary(
        feed_server: FeedServer, db_path: Path, width: int) -> None:
    feed_server.route("/f", rss([item("a", PORK, 27)]))
    app = make_app(db_path, feeds_config(feed_server.url("/f")))
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot, rounds=2)
        summary = str(app.query_one("#refresh-status").render())
        assert summary.startswith("1 of 1 feeds ok, 0 failed, 1 new item in")  # kept whole
        top = screen_lines(app)[0]
        assert app.new_count == 1 and app.snapshot.pending
        for fact in facts_of(app):
            assert fact in top, (fact, top)
        assert "1 of 1 feeds ok" in top  # the status shows too, cut short if it must be
        assert_in_bounds(app, "#refresh-status")
        status = app.query_one("#refresh-status")
        if summary not in top:  # cut: the whole text is in the tooltip
            assert "…" in top and status.tooltip == summary


async def test_progress_bar_and_facts_share_80_columns(feed_server: FeedServer,
                                                       db_path: Path) -> None:
    feed_server.route("/fast", rss([item("f", "Canola fast", 20)]))
    # the slow feed answers once the test has looked (a delay flaked on a loaded machine:
    # the first refresh also starts the parser pool)
    answer = threading.Event()
    feed_server.route("/slow", rss([item("s", "Canola slow", 21)]), gate=answer)
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path, feeds_config(feed_server.url("/fast"), feed_server.url("/slow")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        top = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "1/2" not in top:
            await asyncio.sleep(0.05)
            await pilot.pause()
            top = screen_lines(app)[0]
        facts = facts_of(app)
        answer.set()
        await settle(app, pilot, rounds=2)
    assert "1/2" in top and "█" in top and "░" in top, top
    for fact in facts:
        assert fact in top, (fact, top)


def test_the_sparkline_gives_way_first() -> None:
    facts = Facts("2026-11-28", 61.5, tuple(float(50 + i % 20) for i in range(60)),
                  unread=1234, new=57, pending=3)
    essentials = ("2026-11-28", "thaw 61.5", "1234 unread", "57 new", "3 pending")
    shown = []
    for width in range(facts.compact().cell_len, 140):
        text = facts.fit(width)
        assert text.cell_len <= width
        assert all(fact in text.plain for fact in essentials), (width, text.plain)
        shown.append(sum(ch in SPARK for ch in text.plain))
    assert shown[0] == 0 and shown[-1] == SPARK_WIDTH
    assert shown == sorted(shown)  # it grows with the room, never back


@pytest.mark.parametrize("width", [12, 20, 35, 0])
def test_progress_text_fits_its_slot(width: int) -> None:
    bar = progress_text(7, 13, width)
    assert "7/13" in bar.plain and "█" in bar.plain and "░" in bar.plain
    assert width == 0 or bar.cell_len <= width
    assert isinstance(bar, Text)


# --------------------------------------------------------------------------- headlines


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30)])
async def test_headline_column_keeps_its_share_on_a_narrow_screen(
        db_path: Path, size: tuple[int, int]) -> None:
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        headline = table.columns["headline"].get_render_width(table) - 2 * table.cell_padding
        assert headline >= 0.4 * size[0], headline
        assert table.max_scroll_x == 0  # all of it on screen, no sideways scrolling
        screen = "\n".join(screen_lines(app))
        assert "US and China trade barbs" in screen
        assert "▲" in screen  # the direction survives as its arrow at least


async def test_headline_columns_are_whole_on_a_wide_screen(db_path: Path) -> None:
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        screen = "\n".join(screen_lines(app))
        for cell in ("2026-02-27", "Test Feed", "▲ warming", "agriculture seafood",
                     "US and China trade barbs over soybeans"):
            assert cell in screen


async def test_the_room_a_dropped_column_frees_goes_back_to_the_source(db_path: Path) -> None:
    """At 80 columns the topics leave the headline list and free more cells than the
    headline needed; the source, cut to 6 cells ("Test …", "Reute…") before, gets them
    back, and the headline keeps its share."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        assert "topics" not in table.columns
        headline = table.columns["headline"].get_render_width(table) - 2 * table.cell_padding
        # (its cells, up to FLEX_MOST of the width)
        assert headline >= min(HeadlineTable.FLEX_CELLS, int(80 * HeadlineTable.FLEX_MOST)), \
            headline
        assert table.max_scroll_x == 0
        screen = "\n".join(screen_lines(app))
        assert "Test Feed" in screen and "Test …" not in screen, screen


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20), (40, 12)])
async def test_help_box_fits_the_screen(db_path: Path, size: tuple[int, int]) -> None:
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert_in_bounds(app, "#help-box")
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_x == 0  # the text wraps instead
        seen = ""
        for y in range(box.max_scroll_y + 1):  # every line, scrolling where it must
            box.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            seen += "\n".join(screen_lines(app))
        words = {w for _, what in (*KEYS, *MARKS) for w in what.split()}
        assert all(word in seen for word in words), [w for w in words if w not in seen]
        for mark, what in MARKS:  # each mark beside the start of what it means
            assert f"{mark}  {what.split()[0]}" in seen, mark


def test_help_says_enter_shows_a_timeline_event_whole() -> None:
    """Enter on a measure's timeline opens its event whole (a small screen cuts it under
    the table): no help line said so."""
    assert "timeline row, its event whole" in dict(KEYS)["Enter"]


# --------------------------------------------------------------------------- irritants


def card_measures(app: ThawwatchApp, card: Any) -> list[tuple[str, str, str | None, bool]]:
    """Each measure a card covers: label, rate and status as shown, the days-left
    "(33 d)" or None, and whether a change is pending."""
    snap = app.snapshot
    assert snap is not None
    out = []
    for state in snap.states:
        if state.measure.topic not in card.topics:
            continue
        status = state.status.replace("_", " ")
        if state.rate is not None and state.status not in ("removed", "none"):
            status = f"{state.rate:g}% {status}"
        left = state.days_left(snap.as_of)
        out.append((state.measure.label, status, None if left is None else f"{left} d",
                    bool(snap.news_for(state.measure.id))))
    return out


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_irritant_cards_show_every_measure(db_path: Path, size: tuple[int, int]) -> None:
    """The first screen at 80×24 showed Canola seed and Canola oil of six agriculture
    lines and cut the seafood status; every measure now shows with its rate, its status
    and its days left (at most on the line under it), and nothing says "more measures"."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        checked = 0
        for card in app.query(".card"):
            assert_in_bounds(app, f"#{card.id}")
            lines = region_lines(app, f"#{card.id}")
            text = "\n".join(lines)
            assert "more measure" not in text, text
            for label, status, left, pending in card_measures(app, card):
                at = [i for i, line in enumerate(lines) if f"│ {label} " in line]
                assert len(at) == 1, (label, text)
                line, after = lines[at[0]], lines[at[0] + 1]
                assert status in line, (label, status, text)
                assert not pending or "●" in line, (label, text)
                if left is not None:
                    assert f"({left})" in line or f"({left})" in after, (label, left, text)
                checked += 1
        assert checked == len(app.snapshot.states)


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_irritant_cards_keep_their_latest_headline(db_path: Path,
                                                         size: tuple[int, int]) -> None:
    """At 100×30 the cards lost their headlines under the measures; with the measures
    closed up the newest one shows (cut to a line if it must be)."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for card, words in (("#card-agriculture", "China suspends tariffs on Canadian"),
                            ("#card-seafood", "China suspends tariffs on Canadian"),
                            ("#card-ev", "Ottawa ends 100% surtax on")):
            text = "\n".join(region_lines(app, card))
            assert words in text, (card, text)


async def test_irritant_cards_say_when_headlines_are_left_out(db_path: Path) -> None:
    """At 80×24 the measures take the agriculture and seafood cards: their bottom edge
    says there is more behind Enter (the headlines) and the Tariffs panel (the notes left
    out, "? Pork: presumed", "* lobster and crab": Enter lists no note); a card with room
    shows its headline instead."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for card in ("#card-agriculture", "#card-seafood"):
            lines = region_lines(app, card)
            assert "China suspends" not in "\n".join(lines)
            assert "… more: Enter, 2 Tariffs" in lines[-1], lines
        ev = region_lines(app, "#card-ev")
        assert "Ottawa ends 100% surtax on" in "\n".join(ev)
        assert "more" not in ev[-1]


def now_words(status: str) -> str:
    """What a card's tightest line keeps of a measure's state: the rate alone in force
    ("25%"), else the status word ("suspended")."""
    return status.removesuffix(" in force") if status.endswith(" in force") else status.split()[-1]


@pytest.mark.parametrize("size", [(60, 20), (80, 16)])
async def test_small_screens_show_a_line_per_measure(db_path: Path,
                                                     size: tuple[int, int]) -> None:
    """At 60×20 and 80×16 the close layout does not fit: agriculture showed two of its
    five measures and "… 3 more measures" above a blank line, steel & aluminum only
    "… 1 more measure". Each measure now gets a line of its own with its state now."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        checked = 0
        for card in app.query(".card"):
            assert_in_bounds(app, f"#{card.id}")
            lines = region_lines(app, f"#{card.id}")
            text = "\n".join(lines)
            # what is left out is behind Enter (headlines) or on the Tariffs panel (notes)
            assert "more" not in lines[-1] or "Enter" in lines[-1] or "Tariffs" in lines[-1], \
                text
            for label, status, _left, _pending in card_measures(app, card):
                at = [i for i, line in enumerate(lines) if f"│ {label} " in line]
                assert len(at) == 1, (label, text)
                shown = " ".join(lines[at[0]:at[0] + 2])  # a line that wraps goes on
                assert now_words(status) in shown, (label, status, text)
                assert "— →" not in lines[at[0]], text  # a measure without a rate
                checked += 1
        assert checked == len(app.snapshot.states)


async def test_a_tiny_screen_scrolls_to_each_card(db_path: Path) -> None:
    """At 40×12 the tourism card was a one-line sliver (its top edge) that could take
    focus, and steel & aluminum showed no measure. Every card now keeps its border and a
    line per measure; the panel scrolls so the focused card is whole on screen."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        panel = app.query_one("IrritantsPanel")
        seen = set()
        for _ in range(6):
            card = app.focused
            assert card is not None and "card" in card.classes
            seen.add(card.id)
            measures = card_measures(app, card)
            assert card.region.height >= 2 + max(1, len(measures)), card.id
            assert panel.region.contains_region(card.region), (card.id, card.region)
            lines = region_lines(app, f"#{card.id}")
            assert lines[0].startswith("╭") and lines[-1].startswith("╰"), lines
            for label, *_ in measures:  # cut to the card's width, never left out
                assert any(line.startswith((f"│ {label[:10]}", f"│ {initialled(label)} "))
                           for line in lines), (label, lines)
            await pilot.press("j")
            await pilot.pause()
        assert len(seen) == 6


async def test_a_card_short_of_lines_names_the_measures_left_out(db_path: Path) -> None:
    """Given fewer lines than measures (the grid gives every card its line per measure,
    so only for a moment), a card shows what fits and its bottom edge says how many are
    left out and where they all are."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        card = app.query_one("#card-agriculture")
        lines, note = card.lines(app.snapshot, 30, 2)
        assert [line.plain.split()[0] for line in lines] == ["Canola", "Canola"]
        assert note == "… 3 more: 2 Tariffs"


async def test_card_headlines_show_the_local_date(db_path: Path, prairie_time: None) -> None:
    """A story published 2026-11-28 03:00 UTC is 27 Nov, 21:00 in Saskatchewan: the card
    shows 11-27, as the item detail does, not the UTC date."""
    seed_items(db_path, items=[
        ("z1", "https://news.example/z", "China suspends tariffs on Canadian peas from March 1",
         "Beijing suspends tariffs on Canadian peas.", "2026-11-28T03:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        lines = region_lines(app, "#card-agriculture")
        shown = [line for line in lines if "China suspends tariffs" in line]
        assert shown and "11-27 " in shown[0] and "11-28" not in shown[0], lines


# --------------------------------------------------------------------------- tariffs


async def open_tariffs(app: ThawwatchApp, pilot: Any) -> None:
    """Let the dashboard load, switch to Tariffs (2) and let it paint."""
    await settle(app, pilot)
    await pilot.press("2")
    await settle(app, pilot)


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_tariffs_show_until_and_pending_whole(db_path: Path, width: int) -> None:
    """At 80 columns Until read "2026-12-31 (3" (three days?) and Pending was off screen.
    Until now shows whole or as "12-31 (33 d)", Pending is on screen; from 100 columns
    Source shows too, cut with "…" if it must be."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await open_tariffs(app, pilot)
        table = app.query_one("#tariffs-table", DataTable)
        lines = region_lines(app, "#tariffs-table")
        header = lines[0]
        assert "Until" in header and "Pending" in header, header
        assert (width < 100) or "Source" in header, header
        rows = {line.split("  ")[0].strip(): line for line in lines[1:] if line.strip()}
        for label in ("Canola meal", "Peas", "Seafood"):
            row = rows[label]
            assert "12-31 (33 d)" in row and "1 pending" in row, row
        canola = rows["Canola seed"]
        assert "2031-02-28" in canola and not canola.rstrip().endswith("(1"), canola
        for line in lines:
            assert not line.rstrip().endswith(("(3", "(33", "(33 d", "1 pend")), line
        pending = sum(c.get_render_width(table) for c in table.ordered_columns[:7])
        assert pending <= table.size.width  # the Pending column ends on screen


async def test_tariffs_fit_80_columns_with_the_source_under_the_table(db_path: Path) -> None:
    """At 80 columns Source was past the right edge, behind a sideways scroll. It leaves
    the table there (the other seven columns fit, a scrollbar or not) and the line under
    the table has the cursor's measure with its source whole, following the cursor."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tariffs(app, pilot)
        table = app.query_one("#tariffs-table", DataTable)
        for size in ((80, 24), (80, 14)):  # 14 rows: a vertical scrollbar takes 2 cells
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            widths = sum(column.get_render_width(table) for column in table.ordered_columns)
            assert widths <= table.scrollable_content_region.width, (size, widths)
            assert table.max_scroll_x == 0, size
            assert table.show_vertical_scrollbar == (size == (80, 14))
            header = region_lines(app, "#tariffs-table")[0]
            assert header.split() == ["Product", "By", "Baseline", "Now", "Since", "Until",
                                      "Pending"], header
        for row in (0, 8):
            table.move_cursor(row=row)
            await pilot.pause()
            state = app.snapshot.states[row]
            line = " ".join(" ".join(region_lines(app, "#tariffs-detail")).split())
            assert line == (f"{state.measure.label} · by {state.measure.imposed_by} · source: "
                            f"{state.source}"), line


@pytest.mark.parametrize("width", [40, 50, 60, 70])
async def test_tariffs_never_scroll_sideways(db_path: Path, width: int) -> None:
    """Under ~78 columns the seven columns were wider than the screen, behind a sideways
    scroll the row cursor never moves. Since, Pending, By and Baseline leave the table in
    turn, the product name narrows, and the line under the table gives the cursor's."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await open_tariffs(app, pilot)
        table = app.query_one("#tariffs-table", DataTable)
        widths = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert widths <= table.scrollable_content_region.width, widths
        assert table.max_scroll_x == 0
        header = region_lines(app, "#tariffs-table")[0].split()
        assert {"Product", "Now", "Until"} <= set(header), header
        left_out = [c for c in ("Since", "Pending", "By", "Baseline") if c not in header]
        assert left_out, header  # none of these widths holds all seven
        assert header[-len(left_out) - 1:] != left_out  # (never a cut-off label)
        pending = next(i for i, s in enumerate(app.snapshot.states)
                       if app.snapshot.news_for(s.measure.id))
        table.move_cursor(row=pending)
        await pilot.pause()
        state = app.snapshot.states[pending]
        line = " ".join(" ".join(region_lines(app, "#tariffs-detail")).split())
        assert line.startswith(f"{state.measure.label} · by {state.measure.imposed_by} · ")
        assert line.endswith(f"source: {state.source}"), line
        if "Since" in left_out:
            assert f"since {state.since.isoformat()}" in line, line
        if "Pending" in left_out:
            assert "1 pending" in line, line
        if "Baseline" in left_out:
            assert " · baseline " in line, line


@pytest.mark.parametrize("size", [(78, 16), (51, 18), (52, 18)])
async def test_the_tariffs_line_follows_a_refit_no_resize_announced(
        db_path: Path, size: tuple[int, int]) -> None:
    """Pending changes arriving re-word the note above the table: the table, shorter,
    gains its scrollbar and leaves one more column out, with no resize of the panel. The
    line under it was still fitted for the columns left out before, and cut the source
    of the longest measure (or stood a line too tall)."""
    from dataclasses import replace

    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await open_tariffs(app, pilot)
        panel = app.query_one("TariffsPanel", TariffsPanel)
        full = app.snapshot
        panel.show(replace(full, pending=(), news=frozenset()))
        await settle(app, pilot)
        panel.show(full)
        for _ in range(4):
            await pilot.pause()
        table = app.query_one("#tariffs-table", DataTable)
        line = app.query_one("#tariffs-detail")
        # fitted for the columns the table now leaves out (the text follows the cursor
        # anyway; the height is what went stale)
        assert panel._detail_for == tuple(c for c in DETAIL_COLUMNS
                                          if c in table.dropped_columns)
        heights = []
        for row, state in enumerate(full.states):
            table.move_cursor(row=row)
            await pilot.pause()
            shown = [text for text in region_lines(app, "#tariffs-detail")]
            text = " ".join(" ".join(shown).split())
            assert text.endswith(f"source: {state.source}"), (row, text)  # never cut
            heights.append(sum(1 for text in shown if text.strip()))
        assert line.size.height == max(heights)  # nor a line too tall


def tariffs_layout(app: ThawwatchApp) -> tuple[object, ...]:
    """The tariffs table's size, scrollbar and column widths, and the lines of text under
    it (not blank)."""
    table = app.query_one("#tariffs-table", DataTable)
    text = [line for line in region_lines(app, "#tariffs-detail") if line.strip()]
    return (table.size, table.show_vertical_scrollbar,
            [c.get_render_width(table) for c in table.ordered_columns], len(text))


async def test_moving_the_tariffs_cursor_relays_out_nothing(db_path: Path) -> None:
    """The line under the table took one line or two as the cursor's source: at 80×16 the
    table's scrollbar came and went with the cursor, and each j/k re-fitted the table
    (Product 12 or 14 cells) and rewrote every row. The line is as tall as the longest."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(80, 16)) as pilot:
        await open_tariffs(app, pilot)
        table = app.query_one("#tariffs-table", DataTable)
        top = tariffs_layout(app)
        table.action_scroll_bottom()  # what G does: a measure with a shorter source
        await pilot.pause()
        await pilot.pause()  # the line's new text laid out, and the table re-sized
        bottom = tariffs_layout(app)
        assert table.cursor_row == table.row_count - 1
        assert top[:3] == bottom[:3] and top[3] == 2 and bottom[3] == 1, (top, bottom)


@pytest.mark.parametrize("panel", ["2", "3", "5"])
async def test_a_small_screen_keeps_two_rows_of_each_table(db_path: Path, panel: str) -> None:
    """40×12 with changes pending: the Tariffs note takes four lines and the cursor's line
    four more; the table must still show its header and two rows, not a header alone
    with a cursor that moves out of sight."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        await pilot.press(panel)
        await settle(app, pilot)
        table = app.screen.focused
        assert isinstance(table, DataTable) and table.row_count >= 1
        assert table.region.height >= 3 and app.screen.region.contains_region(table.region)
        shown = min(table.row_count, 2)  # the Feeds panel has one feed
        lines = region_lines(app, f"#{table.id}")
        assert all(line.strip() for line in lines[1:1 + shown]), lines  # rows, not blank


async def test_a_rate_for_part_of_a_product_is_starred_in_the_tariffs(db_path: Path) -> None:
    """Seafood's "0% suspended" covers lobster and crab only: the row is starred and the
    note above the table says what the star means, as `status` does; pork's 25%, only
    presumed to have stayed, has a "?" and the note says what that means too."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tariffs(app, pilot)
        lines = region_lines(app, "#tariffs-table")
        seafood = next(line for line in lines if line.strip().startswith("Seafood "))
        peas = next(line for line in lines if line.strip().startswith("Peas "))
        pork = next(line for line in lines if line.strip().startswith("Pork "))
        assert "0% suspended*" in seafood and "*" not in peas, (seafood, peas)
        assert "25% in force?" in pork and "?" not in peas + seafood, (pork, peas, seafood)
        note = " ".join(" ".join(region_lines(app, "#tariffs-note")).split())
        assert "Now*: part of product or quota; ?: not verified (Enter says which)." in note


async def test_a_short_tariffs_panel_gives_its_rows_to_the_measures(db_path: Path) -> None:
    """At 40×12 the note above the table and the line under it took 8 of the panel's 9
    rows: the table showed 2 of the 9 measures. Short, the note says only what the star
    and the pending count mean, and the line keeps two lines (Enter shows the rest)."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await open_tariffs(app, pilot)
        note = [line for line in region_lines(app, "#tariffs-note") if line.strip()]
        assert [" ".join(line.split()) for line in note] == [
            f"Now*?: Enter explains. {len(app.snapshot.news)} pending."]
        rows = [line for line in region_lines(app, "#tariffs-table")[1:] if line.strip()]
        assert len(rows) >= 5, rows
        detail = [line for line in region_lines(app, "#tariffs-detail") if line.strip()]
        assert len(detail) == 2 and detail[-1].rstrip().endswith("… (Enter)"), detail


async def test_changes_the_ledger_has_already_are_not_counted_as_pending(
        db_path: Path) -> None:
    """The sample headlines restate the bundled ledger: their changes wait in the measure's
    timeline, marked, but the top bar, the cards and the Tariffs panel count none of them
    (every card read "● pending" for a change there was nothing to do about)."""
    seed_items(db_path)  # SAMPLE_ITEMS only: all restating
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.snapshot.pending and not app.snapshot.news
        assert "pending" not in screen_lines(app)[0]
        cards = "\n".join(line for card in app.query(".card")
                          for line in region_lines(app, f"#{card.id}"))
        assert "●" not in cards and "pending" not in cards, cards
        await pilot.press("2")
        await settle(app, pilot)
        tariffs = "\n".join(region_lines(app, "#tariffs-table")
                            + region_lines(app, "#tariffs-note"))
        assert "pending" not in tariffs.split("\n", 1)[1], tariffs  # (the header names it)
        app.query_one("#tariffs-table", DataTable).move_cursor(
            row=[s.measure.id for s in app.snapshot.states].index("cn-peas"))
        await pilot.press("enter")
        await settle(app, pilot)
        timeline = "\n".join(screen_lines(app))
        assert "the ledger has this already" in timeline, timeline


@pytest.mark.parametrize("size", [(40, 24), (44, 24), (50, 24), (80, 24)])
async def test_narrow_tariffs_tell_the_canola_rows_apart(db_path: Path,
                                                         size: tuple[int, int]) -> None:
    """At 40 columns the three canola rows read "Canola…" alike: a cut product name now
    tries its first word as an initial ("C. seed") before it ends with "…"."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await open_tariffs(app, pilot)
        table = app.query_one("#tariffs-table", DataTable)
        shown = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
        assert len(set(shown)) == len(shown), shown
        ids = [s.measure.id for s in app.snapshot.states]
        for measure in ("cn-canola-seed-ad", "cn-canola-oil", "cn-canola-meal"):
            label = shown[ids.index(measure)]
            word = app.snapshot.ledger.measures[measure].label.split()[-1]
            assert label.endswith(word), (size, shown)


@pytest.mark.parametrize("width", [80, 100])
async def test_the_headline_gets_the_room_to_tell_products_apart(db_path: Path,
                                                                 width: int) -> None:
    """At 80 columns the headline had 32 cells ("China removes 25% tariff on Can…": pork
    or peas?) while Direction and Topics kept theirs whole. It now keeps 48 cells (up to
    60% of the width): topics and the direction's word give way first."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        headline = table.columns["headline"].get_render_width(table) - 2 * table.cell_padding
        assert headline >= 46, headline
        assert table.max_scroll_x == 0
        screen = "\n".join(region_lines(app, "#headlines-table"))
        assert "China suspends tariffs on Canadian peas and can" in screen, screen


@pytest.mark.parametrize(("heads", "notes", "width", "edge"), [
    (True, False, 40, "… more (Enter)"),
    (True, True, 40, "… more: Enter, 2 Tariffs"),
    (False, True, 40, "… more: 2 Tariffs"),
    (False, False, 40, ""),
    # too narrow for the long forms
    (True, True, 24, "… more (Enter)"),
    (False, True, 18, "… more"),
])
def test_a_cards_edge_says_where_what_it_left_out_is(heads: bool, notes: bool, width: int,
                                                    edge: str) -> None:
    from thawwatch.tui.panels.irritants import _edge

    assert _edge(heads, notes, width) == edge


async def test_the_tariffs_line_says_what_an_end_brings(db_path: Path) -> None:
    """From a user review: the Tariffs panel said "0% suspended … 2026-12-31 (33 d)" and
    no more; the line under the table now says the duty is back after (presumed: "?")."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        table = app.query_one("#tariffs-table", DataTable)
        rows = [s.measure.id for s in app.snapshot.states]
        for measure, then in (("cn-peas", "then 100% in force? from 2027-01-01"),
                              ("cn-pork", None)):
            table.move_cursor(row=rows.index(measure))
            await pilot.pause()
            line = " ".join(" ".join(region_lines(app, "#tariffs-detail")).split())
            if then is None:
                assert " then " not in line, line
            else:
                assert f" · {then} · source: " in line, line


def test_help_explains_the_numbers_and_symbols_the_dashboard_shows() -> None:
    """From a user review: nothing said what "thaw 61.8" (or "—") means, nor ▲ ▼ • or the
    chart's ┊ line."""
    marks = dict(MARKS)
    assert "50 is neutral" in marks["thaw 61.8"] and '"—"' in marks["thaw 61.8"]
    assert "warming, cooling, neutral" in marks["▲ ▼ ◦"]
    assert "United States" in marks["US 48.2"]  # the Diplomacy & US card's second number
    assert "today" in marks["┊"]


async def test_the_headline_gets_its_cells_before_long_topics_at_120_columns(
        db_path: Path) -> None:
    """From a dashboard audit: at 120×40 the headline got 48 cells ("Canada cuts steel surtax
    on Chinese aluminum to…") while the Topics column kept 29 for three topics."""
    seed_items(db_path, items=[(
        "t1", "https://news.example/t1", "Canada cuts steel surtax on Chinese aluminum to 10%"
        " as Beijing extends canola meal, pea and lobster relief", "", "2026-11-27T09:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        headline = table.columns["headline"].get_render_width(table) - 2 * table.cell_padding
        assert headline >= 56, headline
        assert table.max_scroll_x == 0
