"""Screens under the help screen or the palette keep up with the data: what changed while
they were covered shows when they are uncovered (an audit found them stale)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from conftest import screen_lines, seed_items, settle
from textual import events
from textual.widgets import DataTable

from thawwatch.config import parse_config
from thawwatch.items import get_item
from thawwatch.store import Store
from thawwatch.tui.app import ThawwatchApp
from thawwatch.tui.panels.headlines import HeadlinesPanel
from thawwatch.tui.screens.help import HelpScreen
from thawwatch.tui.screens.item import ItemScreen
from thawwatch.tui.screens.measure import MeasureScreen

# The headline tests here run on test feeds whose headlines are not all about Canada–China:
# they list every headline ([ui] headlines = "all"); the relevant-only default has its own.
CONFIG = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Test Feed"\n'
                      '[ui]\nheadlines = "all"\n', "test.toml")


def make_app(db_path: Path) -> ThawwatchApp:
    return ThawwatchApp(config=CONFIG, db_path=db_path, today=date(2026, 11, 28),
                        refresh_timer=False)


def screen_text(app: ThawwatchApp) -> str:
    return "\n".join(screen_lines(app))


def keys_in_one_read(app: ThawwatchApp, *keys: tuple[str, str]) -> None:
    """Keys as the driver posts them from one terminal read (a fast typist)."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


async def test_an_accept_made_just_before_the_help_opened_shows_after_it(
        db_path: Path) -> None:
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        table = app.query_one("#tariffs-table", DataTable)
        await pilot.press(*(["j"] * table.get_row_index("cn-peas")), "enter")
        await settle(app, pilot)
        assert "a accepts" in screen_text(app)
        keys_in_one_read(app, ("a", "a"), ("question_mark", "?"))
        await settle(app, pilot, 3)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MeasureScreen)
        assert "a accepts" not in screen_text(app)  # it still offered the decided change


async def test_a_read_toggle_made_just_before_the_help_opened_is_kept(db_path: Path) -> None:
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "enter")  # opening it marks it read
        await settle(app, pilot)
        item_id = app.screen.item.id
        keys_in_one_read(app, ("u", "u"), ("question_mark", "?"))  # back to unread
        await settle(app, pilot, 3)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ItemScreen) and not app.screen.item.read
        await pilot.press("u")  # read again: it did nothing, holding the old state
        await settle(app, pilot)
    with Store.open(db_path) as store:
        item = get_item(store, item_id)
        assert item is not None and item.read


async def test_a_reload_under_way_does_not_take_back_a_star_or_a_read_mark(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A snapshot read just before a headline was starred and marked read, shown after
    (a refresh reloads every half second, and with thousands of headlines a load takes a
    while): the star and the read mark went, the unread count went back up, and `u` then
    marked the headline read again instead of unread."""
    import thawwatch.snapshot as snapshot_mod

    seed_items(db_path)
    real = snapshot_mod.load_snapshot
    read, release = threading.Event(), threading.Event()

    def slow(*args: object) -> object:
        snap = real(*args)
        if not release.is_set():
            read.set()
            release.wait(10)
        return snap

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        panel = app.query_one(HeadlinesPanel)
        assert "4 unread" in str(app.query_one("#thaw").render())
        monkeypatch.setattr(snapshot_mod, "load_snapshot", slow)
        app.load_data()  # a reload, as during a refresh: it reads now, shows later
        for _ in range(200):
            await pilot.pause(0.02)
            if read.is_set():
                break
        await pilot.press("s", "u")
        for _ in range(200):  # the writes land (settle would wait for the held load)
            await pilot.pause(0.02)
            if panel.selected is not None and panel.selected.starred and panel.selected.read:
                break
        release.set()
        await settle(app, pilot, 3)
        assert panel.selected is not None and panel.selected.starred and panel.selected.read
        assert "3 unread" in str(app.query_one("#thaw").render())


def body_text(app: ThawwatchApp) -> str:
    return str(app.screen.query_one("#item-body").render())


async def test_the_headline_screen_shows_star_and_read_and_their_keys_change_them(
        db_path: Path) -> None:
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "enter")
        await settle(app, pilot)
        # opening it read it; no hollow star: in the list "☆" is starred and read (a
        # dashboard audit found the two screens using it for opposite things)
        assert "not starred · read" in body_text(app) and "☆" not in body_text(app)
        await pilot.press("s", "u")
        await settle(app, pilot)
        assert "★ starred · unread" in body_text(app)



def note_text(app: ThawwatchApp) -> str:
    return str(app.query_one("#headlines-note").render())


async def test_a_capped_list_or_search_says_it_is_not_everything(
        db_path: Path, monkeypatch) -> None:
    """The list holds the newest HEADLINE_LIMIT headlines and a search the best
    SEARCH_LIMIT: "2000 headline(s)" beside "3000 unread" read as if that was all."""
    from textual.widgets import DataTable

    import thawwatch.items as itemstore
    import thawwatch.snapshot as snapshot
    from thawwatch.tui.panels.headlines import HeadlinesPanel

    ids = seed_items(db_path)
    monkeypatch.setattr(snapshot, "HEADLINE_LIMIT", 2)
    monkeypatch.setattr(itemstore, "SEARCH_LIMIT", 1)
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        assert f"the newest 2 of {len(ids)} headline(s)" in note_text(app)
        await pilot.press("slash", *"china", "enter")
        await settle(app, pilot)
        assert "the 1 best headline(s) matching 'china' (more match" in note_text(app)
        assert app.query_one("#headlines-table", DataTable).row_count == 1

        async def search(limit: int) -> int:
            monkeypatch.setattr(itemstore, "SEARCH_LIMIT", limit)
            await pilot.press("slash", *"china", "enter")
            await settle(app, pilot)
            return len(app.query_one(HeadlinesPanel).items)

        matches = await search(100)
        assert matches > 1 and await search(matches) == matches  # exactly the limit: all
        assert f"{matches} headline(s) matching 'china' (Esc" in note_text(app)  # no "more"


async def test_a_headline_names_its_tariff_signal_by_the_measure_label(db_path: Path) -> None:
    from textual.widgets import DataTable

    from thawwatch.tui.panels.headlines import HeadlinesPanel

    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        panel = app.query_one(HeadlinesPanel)
        key = next(i.id for i in panel.items.values() if "peas" in i.title)
        table = app.query_one("#headlines-table", DataTable)
        table.move_cursor(row=table.get_row_index(key))
        await pilot.press("enter")
        await settle(app, pilot)
        body = body_text(app)
        assert "Tariff signal · Peas: suspend" in body and "signal: cn-" not in body


async def test_enter_and_u_in_one_read_leave_the_headline_unread(db_path: Path) -> None:
    """Opening marks a headline read; a u typed with the Enter undoes it. The u used to
    be handled before the screen opened, on the list's copy: read twice."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        keys_in_one_read(app, ("enter", "\r"), ("u", "u"))
        await settle(app, pilot, 3)
        assert isinstance(app.screen, ItemScreen)
        item_id = app.screen.item.id
        assert "· unread" in body_text(app)
    with Store.open(db_path) as store:
        item = get_item(store, item_id)
        assert item is not None and not item.read


async def test_the_date_moves_on_at_midnight_with_auto_refresh_off(db_path: Path) -> None:
    """Left open past midnight with auto-refresh off, the top bar and the countdowns
    showed yesterday until a refresh. The dashboard looks at the clock (here a fake
    one, set forward two days): the as-of date, the cards' and the Tariffs panel's days
    left follow, with no refresh; while the date stays, nothing reloads."""
    seed_items(db_path)
    days = [date(2026, 11, 28)]
    app = ThawwatchApp(config=CONFIG, db_path=db_path, refresh_timer=False,
                       clock=lambda: days[0])
    app.DATE_CHECK = 0.05
    app.WRITES_CHECK = 0.05  # (it once took the first load's own writes for another's)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        loads = app._snapshot_seq
        await pilot.pause(0.3)  # several looks at the clock, the same day
        assert app._snapshot_seq == loads
        assert "as of 2026-11-28" in screen_lines(app)[0]
        assert "until 2026-12-31 (33 d)" in screen_text(app)  # seafood's suspension
        days[0] = date(2026, 11, 30)
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert app._snapshot_seq == loads + 1 and not app.refreshing
        assert "as of 2026-11-30" in screen_lines(app)[0]
        assert "until 2026-12-31 (31 d)" in screen_text(app)
        assert "(33 d)" not in screen_text(app)
        await pilot.press("2")
        await settle(app, pilot)
        peas = next(line for line in screen_lines(app) if line.strip().startswith("Peas "))
        assert "2026-12-31 (31 d)" in peas, peas


def app_with(db_path: Path, settings: str = "") -> ThawwatchApp:
    """The app on the default settings (the list about Canada–China) plus ``settings``."""
    config = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\n' + settings,
                          "test.toml")
    return ThawwatchApp(config=config, db_path=db_path, today=date(2026, 11, 28),
                        refresh_timer=False)


async def open_card(app: ThawwatchApp, pilot: object, card: str) -> None:
    """Enter on an Irritants card: its topic's headlines."""
    app.query_one(f"#card-{card}").focus()
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(app, pilot)


def seed_older_relevant_and_newer_others(db_path: Path) -> tuple[list[tuple], list[tuple]]:
    """Three headlines about Canada–China (Nov 1-3), then three others, newer (Nov 20-22)."""
    about = [(f"a{n}", f"https://news.example/a{n}",
              f"China and Canada discuss canola tariffs, round {n}", "Talks went on.",
              f"2026-11-0{n + 1}T09:00:00Z") for n in range(3)]
    others = [(f"o{n}", f"https://news.example/o{n}", f"Bank of Canada holds rate, day {n}",
               "Markets were calm.", f"2026-11-2{n}T09:00:00Z") for n in range(3)]
    seed_items(db_path, items=about + others)
    return about, others


async def test_older_headlines_about_canada_china_stay_listed_past_the_newest_of_all(
        db_path: Path, monkeypatch) -> None:
    """The list holds the newest HEADLINE_LIMIT headlines; shown about Canada–China only
    (the default), it kept those among the newest of all, so a week of business news
    pushed every older relevant headline out of it. It now holds the newest relevant ones,
    and its note counts them against the relevant stored."""
    from textual.widgets import DataTable

    import thawwatch.snapshot as snapshot

    about, others = seed_older_relevant_and_newer_others(db_path)
    monkeypatch.setattr(snapshot, "HEADLINE_LIMIT", 2)
    app = app_with(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        shown = [table.get_row_at(r)[-1].plain for r in range(table.row_count)]
        assert shown == [about[2][2], about[1][2]], shown  # not none of them
        assert note_text(app).startswith(
            "the newest 2 of 3 headline(s) about Canada–China (t shows all, 3 more)")
        await pilot.press("t")
        await pilot.pause()
        shown = [table.get_row_at(r)[-1].plain for r in range(table.row_count)]
        assert shown == [others[2][2], others[1][2]]
        assert note_text(app).startswith("the newest 2 of 6 headline(s)")


async def test_a_topics_list_holds_older_tagged_headlines_past_the_newest_of_all(
        db_path: Path, monkeypatch) -> None:
    """A card's list (Enter on Agriculture) was drawn from the newest headlines of all, so a
    week of business news left it empty though its headlines were stored. Only
    headlines about Canada–China carry topics: it is drawn from the newest of those."""
    import thawwatch.snapshot as snapshot

    about, _ = seed_older_relevant_and_newer_others(db_path)
    monkeypatch.setattr(snapshot, "HEADLINE_LIMIT", 2)
    app = app_with(db_path, '[ui]\nheadlines = "all"\n')
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await open_card(app, pilot, "agriculture")
        assert app.active_panel == "headlines"
        table = app.query_one("#headlines-table", DataTable)
        shown = [table.get_row_at(r)[-1].plain for r in range(table.row_count)]
        assert shown == [about[2][2], about[1][2]], shown
        assert note_text(app).startswith(
            "2 headline(s) tagged Agriculture among the newest 2 of 3 about Canada–China"), \
            note_text(app)


async def test_t_from_a_topics_list_or_a_search_goes_back_to_the_full_list(
        db_path: Path) -> None:
    """A topic's list and a search's results are the same whether the list shows all or
    only the relevant: t there changed the top bar's counts and nothing in sight. It now
    leaves them for the full list, switched."""
    seed_items(db_path)
    app = app_with(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await open_card(app, pilot, "ev")
        table = app.query_one("#headlines-table", DataTable)
        assert table.row_count == 1 and "tagged Electric vehicles" in note_text(app)
        await pilot.press("t")
        await pilot.pause()
        panel = app.query_one("HeadlinesPanel")
        assert app.all_headlines and panel.topics is None
        assert table.row_count == 4, note_text(app)  # every headline, the soybeans too
        assert note_text(app).startswith("4 headline(s) (t: only those about Canada–China)")
        await pilot.press("slash")
        await pilot.press(*"soybeans", "enter")
        await settle(app, pilot)
        assert table.row_count == 1 and panel.query_text == "soybeans"
        await pilot.press("t")
        await settle(app, pilot)
        assert not app.all_headlines and panel.query_text is None
        assert table.row_count == 3 and "soybeans" not in note_text(app)
        assert note_text(app).startswith("3 headline(s) about Canada–China (t shows all")
