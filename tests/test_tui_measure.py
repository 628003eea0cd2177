"""The measure screen at the common terminal sizes: what a grower reads there (is the
tariff suspended, until when, what is pending, what happened) stays on screen, each
event can be read whole, and the chart never shows a scale it does not have.

As in test_tui_layout, the assertions read the composited screen lines.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    PEAS_NO_RENEWAL_THEN_JUNE,
    PEAS_RETURN_THEN_EXTENDED,
    region_lines,
    screen_lines,
    seed_items,
    settle,
)
from textual.widgets import DataTable

from thawwatch.config import parse_config
from thawwatch.ledger import Event
from thawwatch.tui.app import ThawwatchApp
from thawwatch.tui.format import state_text
from thawwatch.tui.screens.measure import MeasureScreen
from thawwatch.tui.stepchart import render_chart

TODAY = date(2026, 11, 28)
CONFIG = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Test Feed"\n',
                      "test.toml")
SMALL = [(60, 20), (80, 24)]
MEASURES = ["ca-ev-surtax", "ca-steel-aluminum-surtax", "cn-canola-seed-ad", "cn-canola-oil",
            "cn-canola-meal", "cn-peas", "cn-pork", "cn-seafood", "cn-tourism-ads"]


def make_app(db_path: Path) -> ThawwatchApp:
    return ThawwatchApp(config=CONFIG, db_path=db_path, today=TODAY, refresh_timer=False)


def words(lines: list[str]) -> str:
    """Screen lines as one run of words: a wrapped sentence reads as it was written."""
    return " ".join(" ".join(lines).split())


async def open_measure(app: ThawwatchApp, pilot: Any, measure: str) -> MeasureScreen:
    await pilot.press("2")
    table = app.query_one("#tariffs-table", DataTable)
    await pilot.press(*(["j"] * table.get_row_index(measure)), "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, MeasureScreen)
    return app.screen


def cursor_date(screen: MeasureScreen) -> str:
    table = screen.query_one("#measure-events", DataTable)
    return table.get_row_at(table.cursor_row)[0].plain


def assert_chart_whole_or_gone(app: ThawwatchApp) -> None:
    """A chart on screen has both its border lines inside the screen, or it is not there."""
    chart = app.screen.query_one("#measure-chart")
    shown = [line for line in screen_lines(app) if "╭" in line or "╰" in line]
    if not chart.display or not chart.region:
        assert not shown, shown
        return
    assert app.screen.region.contains_region(chart.region), chart.region
    lines = region_lines(app, "#measure-chart")
    assert lines[0].startswith("╭") and lines[-1].startswith("╰"), lines
    assert any("└" in line for line in lines) and len(lines) >= 5, lines  # a row, the axis


# --------------------------------------------------------------------------- bug 1


@pytest.mark.parametrize("size", SMALL)
async def test_peas_shows_state_pending_and_whole_timeline(db_path: Path,
                                                           size: tuple[int, int]) -> None:
    """At 60×20 the chart pushed the Peas timeline off the screen (j/k moved a cursor no
    one saw) and cut its own bottom border; at 80×24 3 of 6 events showed. Now the state,
    the pending change and all six events show, and the chart is whole or gives way."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        screen = await open_measure(app, pilot, "cn-peas")
        text = words(screen_lines(app))
        assert "now: 0% suspended since 2026-03-01 until 2026-12-31 (33 d), then 100% in" \
            " force" in text, text  # (what its end brings: from a user review)
        assert "pending: suspend 0% from 2026-03-01 until 2026-12-31" in text, text
        table = "\n".join(region_lines(app, "#measure-events"))
        for event in app.snapshot.ledger.events_for("cn-peas"):
            assert event.date.isoformat() in table, (event.date, table)
        assert app.screen.region.contains_region(screen.query_one("#measure-events").region)
        assert_chart_whole_or_gone(app)


@pytest.mark.parametrize("size", SMALL)
async def test_every_measure_keeps_its_cursor_row_on_screen(
        db_path: Path, size: tuple[int, int]) -> None:
    """Whatever the measure (a long name, a pending change), j and k move a cursor the
    user sees: its row shows in the timeline from the first event to the last, the
    pending change stays on screen, and no chart is cut mid-border. (One app for all the
    measures, Esc between them: the suite's time.)"""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for measure in MEASURES:
            await pilot.press("2")
            tariffs = app.query_one("#tariffs-table", DataTable)
            tariffs.move_cursor(row=tariffs.get_row_index(measure))
            await pilot.press("enter")
            await pilot.pause()  # the snapshot is loaded: the screen only lays itself out
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MeasureScreen) and screen.measure_id == measure
            timeline = screen.query_one("#measure-events", DataTable)
            for row in (0, timeline.row_count - 1):  # the first event, then the last (as
                timeline.move_cursor(row=row)       # k and j move it: tested elsewhere)
                await pilot.pause()
                rows = region_lines(app, "#measure-events")[1:]
                assert any(line.strip().startswith(cursor_date(screen)) for line in rows), (
                    measure, rows)
                assert_chart_whole_or_gone(app)
            if app.snapshot.pending_for(measure):
                assert "pending: " in "\n".join(screen_lines(app)), measure
            await pilot.press("escape")
            await pilot.pause()


# --------------------------------------------------------------------------- bug 2


async def test_the_event_under_the_cursor_reads_whole(db_path: Path) -> None:
    """The What column read "China annou…" at 100 columns and Enter did nothing: no
    event's summary could be read whole anywhere. Now the summary and the source of the
    event under the cursor show in full, following j and k, at every common size."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_measure(app, pilot, "cn-peas")
        events = app.snapshot.ledger.events_for("cn-peas")
        for size in [(60, 20), (80, 24), (100, 30), (120, 40)]:
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            await pilot.press(*["k"] * len(events))
            for step, event in enumerate(events):
                if step:
                    await pilot.press("j")
                await pilot.pause()
                text = words(screen_lines(app))
                assert event.summary in text, (size, event.summary, text)
                assert event.source in text, (size, event.source, text)


async def test_an_event_summary_shows_literally(db_path: Path) -> None:
    """An accepted change's summary comes from a headline: `[bold]` in it is text."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        snap = app.snapshot
        odd = Event(id="odd", measure="cn-pork", date=date(2026, 11, 1), action="note",
                    summary="[bold red]Pork[/] and [@click=app.quit]x[/]",
                    source="[link=file:///etc/passwd]src[/link]")
        ledger = snap.ledger.with_events([odd])
        screen = MeasureScreen(replace(snap, ledger=ledger), "cn-pork")
        # a reload of the app's (a busy machine's late one) keeps the event in
        real_show = screen.show
        screen.show = lambda new: real_show(  # type: ignore[method-assign]
            new if new.ledger is ledger else replace(new, ledger=ledger))
        await app.push_screen(screen)
        await settle(app, pilot)
        table = screen.query_one("#measure-events", DataTable)
        table.move_cursor(row=table.get_row_index("odd"))
        await pilot.pause()
        text = words(screen_lines(app))
        assert "[bold red]Pork[/] and [@click=app.quit]x[/]" in text, text
        assert "[link=file:///etc/passwd]src[/link]" in text, text


# --------------------------------------------------------------------------- bug 3


async def test_a_measure_without_a_rate_has_no_percent_axis(db_path: Path) -> None:
    """Group tours (suspended, then restored) have no rate: the chart read 1%, 0%, 0%
    over nothing. It shows the statuses over time instead, and no percentages."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_measure(app, pilot, "cn-tourism-ads")
        assert_chart_whole_or_gone(app)
        chart = region_lines(app, "#measure-chart")
        assert not any("%" in line for line in chart), chart
        suspended = next(line for line in chart if "suspended│" in line)
        restored = next(line for line in chart if "restored│" in line)
        assert "█" in suspended and "█" in restored, chart
        # suspended first, then restored: the lanes' blocks do not overlap
        assert suspended.rindex("█") < restored.index("█"), chart


def test_render_chart_scales_rates_and_lanes_statuses() -> None:
    start, end = date(2024, 7, 1), date(2027, 6, 1)
    rates = render_chart([(start, None, "none"), (date(2025, 3, 20), 25.0, "in_force")],
                         start, end, 60, 8).plain
    assert "25%" in rates and "1%" not in rates
    lanes = render_chart([(start, None, "suspended"), (date(2025, 11, 3), None, "restored")],
                         start, end, 60, 8).plain
    assert "%" not in lanes and "suspended│" in lanes and "restored│" in lanes


async def test_the_chart_gives_way_and_comes_back_on_resize(db_path: Path) -> None:
    """Shrinking the terminal hides the chart rather than cut it or the timeline; growing
    it again (here under the help screen) brings the chart back."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = await open_measure(app, pilot, "cn-peas")
        assert screen.query_one("#measure-chart").display
        await pilot.resize_terminal(60, 20)
        await settle(app, pilot)
        assert_chart_whole_or_gone(app)
        assert not screen.query_one("#measure-chart").display
        table = "\n".join(region_lines(app, "#measure-events"))
        assert all(e.date.isoformat() in table for e in app.snapshot.ledger.events_for("cn-peas"))
        await pilot.press("question_mark")
        await pilot.resize_terminal(100, 30)
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert_chart_whole_or_gone(app)
        assert screen.query_one("#measure-chart").display


# --------------------------------------------------------------------------- very small


@pytest.mark.parametrize("size", [(40, 10), (40, 12), (40, 14)])
async def test_a_very_small_screen_keeps_the_state_and_the_cursor_row(
        db_path: Path, size: tuple[int, int]) -> None:
    """At 40×10 the head alone filled the screen: the timeline was below it, j and k
    moved a cursor no one saw. The head shortens (then is cut, as the event line is,
    ending with "… (Enter)"), the timeline keeps Date, Action and Rate (the line under
    it says Status and Until), and the state, the pending change and the cursor's row
    show; Enter shows the event and the measure whole. (The measure with the longest head,
    a scope and a pending change, and one with status lanes; each screen is pushed as
    Enter on its Tariffs row pushes it, over the one before: popping costs time.)"""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for measure in ("cn-tourism-ads", "ca-ev-surtax"):
            screen = MeasureScreen(app.snapshot, measure)
            await app.push_screen(screen)
            await pilot.pause()
            await pilot.pause()
            assert_small_screen_shows(app, screen)
            timeline = screen.query_one("#measure-events", DataTable)
            for row in (0, timeline.row_count - 1):
                timeline.move_cursor(row=row)
                await pilot.pause()
                assert_cursor_event_shows(app, screen, row)
        last_event = len(app.snapshot.ledger.events_for("ca-ev-surtax")) - 1  # pending after
        timeline.move_cursor(row=last_event)
        await pilot.pause()
        assert words(region_lines(app, "#measure-event")).endswith("… (Enter)")
        await pilot.press("enter")  # the event screen, over the measure
        box = " ".join(str(app.screen.query_one("#event-box Static").render()).split())
        event = app.snapshot.ledger.events_for("ca-ev-surtax")[-1]
        assert app.snapshot.pending_for("ca-ev-surtax")[0].title in box, box
        assert event.summary in box and event.source in box, box


async def test_enter_on_a_pending_change_says_it_is_pending(db_path: Path) -> None:
    """Enter on a pending row read "2026-11-30 lower → in force: China lowers …", as if
    it had happened: a change not accepted says it is pending, and what accepting it would
    make."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        (change,) = app.snapshot.pending_for("ca-ev-surtax")
        screen = MeasureScreen(app.snapshot, "ca-ev-surtax")
        await app.push_screen(screen)
        await settle(app, pilot)
        timeline = screen.query_one("#measure-events", DataTable)
        timeline.move_cursor(row=timeline.get_row_index("pending:" + change.id))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        box = " ".join(str(app.screen.query_one("#event-box Static").render()).split())
        assert box.startswith("pending "), box
        assert " → would be " in box and change.title in box, box


def assert_small_screen_shows(app: ThawwatchApp, screen: MeasureScreen) -> None:
    """Every part inside the screen; the measure's name and state, its pending change."""
    for part in ("#measure-head", "#measure-events", "#measure-event"):
        region = screen.query_one(part).region
        assert region and screen.region.contains_region(region), (part, region)
    assert_chart_whole_or_gone(app)
    state = app.snapshot.ledger.state(screen.measure_id, TODAY)
    text = words(screen_lines(app))
    assert f"now: {state_text(state).plain} since {state.since}" in text, text
    named = (f"{state.measure.label} · by {state.measure.imposed_by} · now: ",  # compact
             f"{state.measure.product} — {state.measure.instrument}, imposed by"
             f" {state.measure.imposed_by} now: ")  # whole, where it fits
    assert any(name in text for name in named), text
    assert bool(app.snapshot.pending_for(screen.measure_id)) == ("pending: " in text), text


def assert_cursor_event_shows(app: ThawwatchApp, screen: MeasureScreen, row: int) -> None:
    """The cursor's row in the timeline (Date, Action, Rate) and its event under it."""
    rows = region_lines(app, "#measure-events")
    assert rows[0].split()[:3] == ["Date", "Action", "Rate"], rows
    assert "Status" not in rows[0] and "Until" not in rows[0], rows
    assert any(line.strip().startswith(cursor_date(screen)) for line in rows[1:]), rows
    key = screen.query_one("#measure-events", DataTable).coordinate_to_cell_key((row, 0))
    event = screen.row_events()[key.row_key.value or ""]  # the last rows: pending changes
    pending = "pending " if (key.row_key.value or "").startswith("pending:") else ""
    said = words(region_lines(app, "#measure-event"))
    after = " →" if event.status else ":"  # a note has no status
    assert said.startswith(f"{pending}{event.date.isoformat()} {event.action}{after}"), said


# --------------------------------------------------------------------------- deciding

CANOLA_CUTS = [
    ("c1", "https://news.example/c1", "China cuts anti-dumping duty on Canadian canola seed",
     "", "2026-11-20T08:00:00Z"),
    ("c2", "https://news.example/c2", "China lowers canola seed duty to 3% from December 1",
     "", "2026-11-26T08:00:00Z"),
]


async def open_canola(app: ThawwatchApp, pilot: Any, on_the_3_percent_cut: bool = False
                      ) -> tuple[MeasureScreen, DataTable]:
    """The canola seed measure's screen and timeline, its cursor on the 3% cut (the last
    row, dated 2026-12-01: no second look) if asked."""
    await settle(app, pilot)
    screen = await open_measure(app, pilot, "cn-canola-seed-ad")
    timeline = screen.query_one("#measure-events", DataTable)
    if on_the_3_percent_cut:
        timeline.move_cursor(row=timeline.row_count - 1)
        await pilot.pause()
    return screen, timeline


def last_toast(app: ThawwatchApp) -> str:
    return str(list(app._notifications)[-1].message)


def decided(db_path: Path) -> dict[str, str]:
    """Each canola seed change's state, by its headline's link."""
    from thawwatch.decisions import decisions
    from thawwatch.store import Store

    with Store.open(db_path) as store:
        return {d.link or "": d.state for d in decisions(store, None)
                if d.measure == "cn-canola-seed-ad"}


async def test_a_and_d_decide_the_pending_change_under_the_cursor(db_path: Path) -> None:
    """`a` accepted whichever change was listed first, whatever the user was looking at.
    The pending changes are rows at the end of the timeline: with the cursor elsewhere `a`
    moves it to the first and decides nothing; on a row it decides that one."""
    seed_items(db_path, items=CANOLA_CUTS)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _, timeline = await open_canola(app, pilot)
        events = len(app.snapshot.ledger.events_for("cn-canola-seed-ad"))
        assert timeline.row_count == events + 2
        pending_rows = [[str(c) for c in timeline.get_row_at(r)] for r in (events, events + 1)]
        assert pending_rows == [  # by the day each takes effect, as the events above
            ["2026-11-20", "lower", "—", "pending", "",
             "China cuts anti-dumping duty on Canadian canola seed"],
            ["2026-12-01", "lower", "3%", "pending", "",
             "China lowers canola seed duty to 3% from December 1"]]
        assert timeline.cursor_row < events
        await pilot.press("a")
        await settle(app, pilot)
        assert set(decided(db_path).values()) == {"pending"}
        assert timeline.cursor_row == events
        assert "2 pending changes" in last_toast(app)
        await pilot.press("j", "d")  # the second: the cut to 3%
        await settle(app, pilot, 2)
        assert decided(db_path) == {"https://news.example/c1": "pending",
                                    "https://news.example/c2": "dismissed"}


async def test_a_cut_without_a_rate_is_accepted_on_the_second_a_and_u_undoes_it(
        db_path: Path) -> None:
    """Accepting "China cuts … canola seed" wiped the 5.9% in force and its 2031 end, with
    no warning and no way back."""
    seed_items(db_path, items=CANOLA_CUTS[:1])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _, timeline = await open_canola(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert decided(db_path) == {"https://news.example/c1": "pending"}
        warning = last_toast(app)
        assert warning.startswith("Accept with care: it gives no rate: the rate would read"
                                  " as unknown from 2026-11-20. Press a again"), warning
        await pilot.press("a")
        await settle(app, pilot, 2)
        assert decided(db_path) == {"https://news.example/c1": "accepted"}
        assert app.snapshot.ledger.state("cn-canola-seed-ad", TODAY).rate is None
        keys = timeline.row_keys  # type: ignore[attr-defined]
        timeline.move_cursor(row=keys.index(next(k for k in keys if k.startswith("signal-"))))
        await pilot.press("u")
        await settle(app, pilot, 2)
        assert decided(db_path) == {"https://news.example/c1": "pending"}
        assert app.snapshot.ledger.state("cn-canola-seed-ad", TODAY).rate == 5.9
        assert last_toast(app) == (
            "Undone: Canola seed — the change is pending again.")


async def test_the_head_says_which_pending_changes_the_ledger_has_already(
        db_path: Path) -> None:
    seed_items(db_path)  # "Ottawa ends 100% surtax on Chinese electric vehicles": held
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = await open_measure(app, pilot, "ca-ev-surtax")
        head = words(region_lines(app, "#measure-head"))
        assert "pending: remove 0% from 2026-03-01 (the ledger has this already)" in head
        timeline = screen.query_one("#measure-events", DataTable)
        last = [str(c) for c in timeline.get_row_at(timeline.row_count - 1)]
        assert last[3] == "pending" and "(the ledger h" in last[5]  # cut to fit What


async def test_a_repeated_a_on_a_change_already_sent_decides_no_other(db_path: Path) -> None:
    """`a` twice on one row before the snapshot reloads: the second must not take the
    measure's other pending change, which the cursor never pointed at."""
    from textual import events

    seed_items(db_path, items=CANOLA_CUTS)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_canola(app, pilot, on_the_3_percent_cut=True)
        for key in "aa":
            app.post_message(events.Key(key, key))  # in one read, as the driver posts them
        await settle(app, pilot, 3)
        assert decided(db_path) == {"https://news.example/c1": "pending",
                                    "https://news.example/c2": "accepted"}


async def test_after_a_decision_a_takes_only_the_change_under_the_cursor(
        db_path: Path) -> None:
    """From a review: after an accept the cursor rests on the row it made, one change is
    left, and `a` again accepted that one, which the cursor never pointed at."""
    seed_items(db_path, items=CANOLA_CUTS)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _, timeline = await open_canola(app, pilot, on_the_3_percent_cut=True)
        await pilot.press("a")
        await settle(app, pilot, 2)
        assert decided(db_path)["https://news.example/c2"] == "accepted"
        key = timeline.row_keys[timeline.cursor_row]  # type: ignore[attr-defined]
        assert not key.startswith("pending:")
        await pilot.press("a")
        await settle(app, pilot, 2)
        assert decided(db_path)["https://news.example/c1"] == "pending"
        assert timeline.row_keys[timeline.cursor_row].startswith("pending:")  # type: ignore[attr-defined]
        assert last_toast(app) == ("The cursor is on the pending change; a or d decides the"
                                   " one under it.")


async def test_the_cursor_follows_a_decided_change_to_its_new_row(db_path: Path) -> None:
    """From a review: accepted, a pending row became an event row higher up, and the
    cursor stayed at its index, on another pending change: `u` then said "move the cursor
    to a change you accepted", and `a` would have taken the other change."""
    seed_items(db_path, items=CANOLA_CUTS)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _, timeline = await open_canola(app, pilot, on_the_3_percent_cut=True)
        picked = timeline.row_keys[timeline.cursor_row]  # type: ignore[attr-defined]
        decision = picked.removeprefix("pending:")
        await pilot.press("a")
        await settle(app, pilot, 2)
        assert timeline.row_keys[timeline.cursor_row] == f"signal-{decision}"  # type: ignore[attr-defined]
        await pilot.press("u")
        await settle(app, pilot, 2)
        assert timeline.row_keys[timeline.cursor_row] == picked  # type: ignore[attr-defined]
        assert decided(db_path)["https://news.example/c2"] == "pending"
        await pilot.press("d")
        await settle(app, pilot, 2)
        assert last_toast(app) == (
            f"Dismissed: Canola seed — lower 3% from 2026-12-01 (u brings it back, or"
            f" `thawwatch ledger undo {decision}`).")
        assert decided(db_path)["https://news.example/c2"] == "dismissed"
        assert picked not in timeline.row_keys  # type: ignore[attr-defined]
        # a dismissed change has no row to put u on: u takes back the latest dismissal
        # here (a dashboard audit: a wrong d could only be undone from the shell)
        await pilot.press("u")
        await settle(app, pilot, 2)
        assert decided(db_path)["https://news.example/c2"] == "pending"
        assert timeline.row_keys[timeline.cursor_row] == picked  # type: ignore[attr-defined]
        assert last_toast(app).startswith("Undone: Canola seed")


async def test_a_presumed_rate_is_marked_and_the_measure_says_why(db_path: Path) -> None:
    """Pork's 25% is only presumed to have stayed (left out of the 2026 suspension): its
    card and Tariffs row mark it "?", and its measure screen says why and from where;
    peas, verified, have neither."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        card = "\n".join(region_lines(app, "#card-agriculture"))
        pork = next(line for line in card.splitlines() if "Pork" in line)
        peas = next(line for line in card.splitlines() if "Peas" in line)
        assert "25% in force?" in pork and "?" not in peas, card
        assert "│ ? Pork: presumed " in card, card  # why: on the measure's screen
        await open_measure(app, pilot, "cn-pork")
        head = words(region_lines(app, "#measure-head"))
        assert ("basis: presumed: Pork was left out of the suspension, so its 25% additional"
                " tariff is taken to remain. (Reuters 2026-02-27 (absence); Farms.com)") in head
        await pilot.press("escape")
        await open_measure(app, pilot, "cn-peas")
        assert "basis:" not in words(region_lines(app, "#measure-head"))


async def test_a_small_measure_screen_says_where_the_reason_for_a_question_mark_is(
        db_path: Path) -> None:
    """At 40×14 the head keeps "basis: presumed" and had no room for why; it now says
    Enter tells, and Enter does."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(40, 14)) as pilot:
        await settle(app, pilot)
        await app.push_screen(MeasureScreen(app.snapshot, "cn-pork"))
        await settle(app, pilot)
        head = words(region_lines(app, "#measure-head"))
        assert "basis: presumed (Enter: why)" in head, head
        await pilot.press("enter")
        await settle(app, pilot)
        box = " ".join(str(app.screen.query_one("#event-box Static").render()).split())
        assert "basis: presumed: Pork was left out of the suspension" in box, box


def _peas_renewed_to(db_path: Path, end: str) -> ThawwatchApp:
    """The app on a database where "China suspends tariffs on Canadian peas from January 1,
    2027 to ``end``" (published 27 November) was accepted."""
    from datetime import UTC, datetime

    from thawwatch.decisions import accept, decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[(
        "renew", "https://news.example/peas-2027",
        f"China suspends tariffs on Canadian peas from January 1, 2027 to {end}",
        "", "2026-11-27T08:00:00Z")])
    with Store.open(db_path) as store:
        (pending,) = [d for d in decisions(store) if d.measure == "cn-peas"]
        accept(store, pending.id, datetime(2026, 11, 28, tzinfo=UTC))
    return make_app(db_path)


async def _tariffs_table(app: ThawwatchApp, pilot: Any) -> DataTable:
    """The Tariffs panel's table, once the app has loaded and shows the panel."""
    await settle(app, pilot)
    await pilot.press("2")
    await settle(app, pilot)
    return app.query_one("#tariffs-table", DataTable)


async def test_a_renewal_accepted_counts_down_to_its_new_end(db_path: Path) -> None:
    """From a README audit: with "suspends the pea tariff from January 1, 2027 to December
    31, 2027" accepted, the Tariffs panel and the card still counted down to 2026-12-31 in
    red, as if the suspension were about to end."""
    app = _peas_renewed_to(db_path, "December 31, 2027")
    async with app.run_test(size=(160, 45)) as pilot:
        table = await _tariffs_table(app, pilot)
        row = " ".join(str(c) for c in table.get_row("cn-peas"))
        assert "renewed to 2027-12-31" in row and "2026-12-31" not in row, row
        meal = " ".join(str(c) for c in table.get_row("cn-canola-meal"))
        assert "2026-12-31 (33 d)" in meal  # not renewed: its own end, as before
        # at 120 columns the table keeps its cells as written: "2027-12-31 (398 d,
        # renewed)" left Source too little room, and the table went narrow ("100%")
        await pilot.resize_terminal(120, 45)
        await settle(app, pilot)
        cells = [str(c) for c in table.get_row("cn-peas")]
        assert "100% in force" in cells and "renewed to 2027-12-31" in cells, cells
        # narrow, the new end was told from an old one by its yellow alone
        await pilot.resize_terminal(80, 45)
        await settle(app, pilot)
        assert "↻ 2027-12-31" in [str(c) for c in table.get_row("cn-peas")]
        assert "12-31 (33 d)" in [str(c) for c in table.get_row("cn-canola-meal")]
        await pilot.resize_terminal(120, 45)
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        lines = screen_lines(app)
        at = next(i for i, line in enumerate(lines) if "Peas" in line)
        assert "until 2027-12-31 (398 d, renewed)" in lines[at + 1], lines[at:at + 2]
        assert "until 2026-12-31 (33 d)" in lines[at - 1]  # canola meal's, as before


async def test_a_renewal_within_a_year_keeps_the_narrowest_table_whole(db_path: Path) -> None:
    """From a review: at 40 columns a renewal to a day within a year read '↻ 06-30 (214
    d)', wider than any cell before it; the table, with nothing left to drop, scrolled
    sideways. The new end is given whole, as wide as the other ends."""
    app = _peas_renewed_to(db_path, "June 30, 2027")
    async with app.run_test(size=(40, 12)) as pilot:
        table = await _tariffs_table(app, pilot)
        assert "↻ 2027-06-30" in [str(c) for c in table.get_row("cn-peas")]
        assert table.max_scroll_x == 0


def test_end_cells_of_a_renewal_with_no_end_and_of_an_end_moved_earlier() -> None:
    """From a review: a renewal with no end left the cell counting down to the old end in
    red, and an extension to an earlier day read as a renewal."""
    from thawwatch.decisions import current_ledger
    from thawwatch.tui.format import until_text

    on = date(2026, 12, 5)
    ledger = current_ledger(None)
    open_ended = Event(id="on", measure="cn-peas", date=date(2027, 1, 1), action="suspend",
                       rate=0.0, source="t", origin="signal", announced=date(2026, 11, 30))
    renewed = ledger.with_events([open_ended])
    state = renewed.state("cn-peas", on)
    cell = until_text(state, on, renewed.next_change("cn-peas", on))
    assert (str(cell), cell.style) == ("renewed, no end", "yellow")
    shorter = Event(id="short", measure="cn-peas", date=date(2026, 12, 10), action="extend",
                    until=date(2026, 12, 20), source="t", origin="signal",
                    announced=date(2026, 11, 30))
    moved = ledger.with_events([shorter])
    cell = until_text(moved.state("cn-peas", on), on, moved.next_change("cn-peas", on))
    assert str(cell) == "2026-12-31 (26 d)" and cell.style == "bold red"


async def test_a_asks_which_change_and_counts_those_the_ledger_has(db_path: Path) -> None:
    """The Tariffs row says "1 pending" (what would change the ledger), the measure's
    screen lists two pending rows: `a` said "2 pending changes" with no word of the one
    the ledger has already."""
    from conftest import WITH_NEWS

    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        table = app.query_one("#tariffs-table", DataTable)
        table.move_cursor(row=table.get_row_index("cn-canola-meal"))
        await pilot.press("enter")
        await settle(app, pilot)
        snap = app.snapshot
        assert len(snap.pending_for("cn-canola-meal")) == 2
        assert len(snap.news_for("cn-canola-meal")) == 1  # the Tariffs row's "1 pending"
        app._notifications.clear()
        app.screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("a")
        await settle(app, pilot)
        assert [str(n.message) for n in app._notifications] == [
            "2 pending changes (1 the ledger has already): the cursor is on the first;"
            " a or d decides the one under it."]


async def _peas_pending_row(app: Any, pilot: Any) -> tuple[MeasureScreen, Any, list[str]]:
    """The peas screen, its one pending change and that change's timeline row."""
    await settle(app, pilot)
    (change,) = app.snapshot.pending_for("cn-peas")
    screen = MeasureScreen(app.snapshot, "cn-peas")
    await app.push_screen(screen)
    await settle(app, pilot)
    timeline = screen.query_one("#measure-events", DataTable)
    row = timeline.get_row_at(timeline.get_row_index("pending:" + change.id))
    return screen, change, [str(cell) for cell in row]


async def test_a_relief_let_lapse_is_pending_for_the_day_after_its_end(db_path: Path) -> None:
    """The peas screen lists "China lets tariff pause on Canadian peas lapse" (30 November)
    at 2027-01-01, when the pause the ledger has ends, and its head says so, with that
    day, as `ledger pending` does: it read 2026-11-30, as if the duty were back a month
    early (and, until session 25, the head gave no day)."""
    seed_items(db_path, items=[("l1", "https://news.example/lapse",
                                "China lets tariff pause on Canadian peas lapse", "",
                                "2026-11-30T09:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, change, row = await _peas_pending_row(app, pilot)
        assert row[:4] == ["2027-01-01", "restore", "—", "pending"], row
        assert screen.row_events()["pending:" + change.id].date == date(2027, 1, 1)
        assert "pending: restore from 2027-01-01, when its relief ends" in words(
            screen_lines(app))


async def test_an_extension_by_a_year_is_pending_to_a_year_past_the_end(db_path: Path) -> None:
    """ "China extends tariff relief on Canadian peas for another year": its timeline row
    runs until 2027-12-31, a year past the end the ledger has, and the head says so; the
    Until cell was empty, the extension's end unknown."""
    seed_items(db_path, items=[("y1", "https://news.example/year",
                                "China extends tariff relief on Canadian peas for another"
                                " year", "", "2026-11-30T09:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, change, row = await _peas_pending_row(app, pilot)
        assert row[1:5] == ["extend", "0%", "pending", "2027-12-31"], row
        assert screen.row_events()["pending:" + change.id].until == date(2027, 12, 31)
        assert "pending: extend 0% by 1 year, until 2027-12-31" in words(screen_lines(app))


@pytest.mark.parametrize(("measure", "shown"), [
    ("cn-canola-seed-ad", set()),  # nothing pending, nothing accepted
    ("cn-peas", {"Accept pending", "Dismiss pending"}),
])
async def test_the_key_bar_offers_only_the_decisions_there_are(db_path: Path, measure: str,
                                                               shown: set[str]) -> None:
    """From a user review: a, d and u were offered on measures with nothing to decide."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await open_measure(app, pilot, measure)
        bar = screen_lines(app)[-1]
        offered = {w for w in ("Accept pending", "Dismiss pending", "u Undo") if w in bar}
        assert offered == shown, bar


async def test_a_renewal_accepted_shows_in_the_measure_head(db_path: Path) -> None:
    """From a user review: with the pea relief's renewal "from 2027-01-01 until 2027-12-31"
    accepted, the Tariffs table said "2027-12-31 (398 d, renewed)" and the measure view
    still "until 2026-12-31 (33 d)", with nothing after it."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[(
        "w1", "https://news.example/from-jan-1",
        "China extends tariff suspension on Canadian peas from Jan. 1, 2027 to Dec. 31, 2027",
        "", "2026-11-27T09:00:00Z")])
    with Store.open(db_path) as store:
        (change,) = [d for d in decisions.decisions(store, "pending") if d.effective]
        decisions.accept(store, change.id, change.published)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_measure(app, pilot, "cn-peas")
        text = words(screen_lines(app))
        assert "now: 0% suspended since 2026-03-01 until 2027-12-31 (398 d, renewed)" in text, \
            text


async def test_many_pending_changes_are_counted_in_the_head(db_path: Path) -> None:
    """From a December play-through: eleven pending changes on Peas took eleven lines of
    the head, and at 80×24 the timeline and chart were gone. Past two, the head counts
    them; the timeline's last rows list them, by the day each takes effect."""
    seed_items(db_path, items=[
        ("w1", "https://news.example/w1", "China extends tariff suspension on Canadian peas"
         " from Jan. 1, 2027 to Dec. 31, 2027", "", "2026-11-25T09:00:00Z"),
        ("w2", "https://news.example/w2", "China extends tariff relief on Canadian peas to"
         " June 30, 2027", "", "2026-11-26T09:00:00Z"),
        ("w3", "https://news.example/w3", "China to restore 100% tariff on Canadian peas"
         " from January 1, 2027", "", "2026-11-27T09:00:00Z"),
    ])
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = await open_measure(app, pilot, "cn-peas")
        assert len(app.snapshot.pending_for("cn-peas")) == 3
        text = words(screen_lines(app))
        assert "pending: 3 changes" in text and "pending: extend" not in text, text
        timeline = screen.query_one("#measure-events", DataTable)
        events = len(app.snapshot.ledger.events_for("cn-peas"))
        days = [str(timeline.get_row_at(r)[0]) for r in range(events, timeline.row_count)]
        assert days == sorted(days) and len(days) == 3, days
        assert app.screen.region.contains_region(timeline.region)


async def test_a_duty_with_no_end_says_none_in_the_head(db_path: Path) -> None:
    """From a December play-through: the Pork head read "since 2025-03-20  until —"; a
    duty in force with no end, and none the ledger holds, says no "until"."""
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_measure(app, pilot, "cn-pork")
        text = words(screen_lines(app))
    assert "now: 25% in force since 2025-03-20 basis:" in text and "until" not in text, text


async def test_a_change_a_later_word_overruled_says_so(db_path: Path) -> None:
    """From a review (A8): with "won't renew" and a later "extends … to June 30, 2027"
    both accepted, the older word stays on the timeline (what was said, and when), marked
    overruled, and its line names the word that overruled it."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=PEAS_NO_RENEWAL_THEN_JUNE)
    with Store.open(db_path) as store:
        for change in sorted(decisions.decisions(store, "pending"), key=lambda d: d.published):
            decisions.accept(store, change.id, change.published)
    app = ThawwatchApp(config=CONFIG, db_path=db_path, today=date(2026, 12, 21),
                       refresh_timer=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = await open_measure(app, pilot, "cn-peas")
        ledger = app.snapshot.ledger
        (back_id,) = ledger.overruled
        table = screen.query_one("#measure-events", DataTable)
        statuses = {key: str(table.get_row(key)[3]) for key in table.row_keys}
        assert statuses[back_id] == "overruled"
        assert list(statuses.values()).count("overruled") == 1
        table.move_cursor(row=table.get_row_index(back_id), animate=False)
        await settle(app, pilot)
        line = words(region_lines(app, "#measure-event"))
        assert line.startswith("overruled by the later word of 2026-12-20 (it does not take"
                               " effect): China extends tariff relief on Canadian peas to"
                               " June 30, 2027"), line
        assert "until 2027-06-30" in words(region_lines(app, "#measure-head"))


async def test_an_older_word_a_later_one_overrules_is_said_so_and_accepted_as_such(
        db_path: Path) -> None:
    """The pending "to restore 100% … from January 1" (20 November), with a later "extends
    … to Dec. 31, 2027" (27 November) accepted, was marked "the ledger has this already",
    which the ledger does not have: the later word overrules it. Accepting it says so (its
    event is on the timeline, marked overruled)."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=PEAS_RETURN_THEN_EXTENDED)
    with Store.open(db_path) as store:
        (extension,) = [d for d in decisions.decisions(store, "pending") if d.action == "extend"]
        decisions.accept(store, extension.id, extension.published)
    app = make_app(db_path)
    async with app.run_test(size=(200, 40)) as pilot:  # (the What cell whole)
        screen = await open_measure(app, pilot, "cn-peas")
        table = screen.query_one("#measure-events", DataTable)
        (key,) = [k for k in table.row_keys if str(k).startswith("pending:")]
        assert str(table.get_row(key)[5]).endswith("(overruled by the later word of"
                                                     " 2026-11-27)")
        assert "(overruled by the later word of 2026-11-27)" in words(
            region_lines(app, "#measure-head"))
        table.move_cursor(row=table.get_row_index(key), animate=False)
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot, 2)
        assert last_toast(app) == ("Accepted: Peas — restore 100% from 2027-01-01, overruled"
                                   " by the later word of 2026-11-27: it does not take"
                                   " effect")
        assert app.snapshot.ledger.state("cn-peas", date(2027, 1, 2)).status == "suspended"


async def test_an_accepted_change_cites_its_outlet_and_day_as_ledger_show_does(
        db_path: Path) -> None:
    """From a dashboard audit: `ledger show` cited an accepted change as "source: Test Feed,
    2026-11-27: https://…", the dashboard (the Tariffs source, the line under it, the
    measure's event line) the bare link: a lawyer citing it needs the outlet and the day."""
    from datetime import UTC, datetime

    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[(
        "w1", "https://news.example/extended",
        "China extends tariff suspension on Canadian peas to Dec. 31, 2027",
        "", "2026-11-27T09:00:00Z")])
    with Store.open(db_path) as store:
        (change,) = decisions.decisions(store, "pending")
        decisions.accept(store, change.id, datetime(2026, 11, 27, 12, tzinfo=UTC))
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        table = app.query_one("#tariffs-table", DataTable)
        await pilot.press(*(["j"] * table.get_row_index("cn-peas")))
        await settle(app, pilot)
        cited = "Test Feed, 2026-11-27: https://news.example/extended"
        assert cited in words(region_lines(app, "#tariffs-detail"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeasureScreen)
        timeline = app.screen.query_one("#measure-events", DataTable)
        timeline.move_cursor(row=timeline.get_row_index(f"signal-{change.id}"))
        await settle(app, pilot)
        assert f"source: {cited}" in words(region_lines(app, "#measure-event"))


async def test_u_after_a_dismissal_takes_it_back_not_an_accept_under_the_cursor(
        db_path: Path) -> None:
    """From a review: after `a` on one change and `d` on the other, the dismissed row left
    and the cursor rested on the accepted one: `u` took the accept back, and the dismissal
    stayed. `u` takes back the dismissal just made."""
    seed_items(db_path, items=CANOLA_CUTS)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _, timeline = await open_canola(app, pilot, on_the_3_percent_cut=True)
        await pilot.press("a")
        await settle(app, pilot, 2)
        pending = [k for k in timeline.row_keys if k.startswith("pending:")]  # type: ignore[attr-defined]
        timeline.move_cursor(row=timeline.row_keys.index(pending[0]))  # type: ignore[attr-defined]
        await pilot.press("d")
        await settle(app, pilot, 2)
        assert decided(db_path) == {"https://news.example/c1": "dismissed",
                                    "https://news.example/c2": "accepted"}
        await pilot.press("u")
        await settle(app, pilot, 2)
        assert decided(db_path) == {"https://news.example/c1": "pending",
                                    "https://news.example/c2": "accepted"}
