"""The dashboard driven with Pilot: panel switches, keys, detail views, actions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ITEMS, screen_lines, seed_items, settle
from textual.widgets import DataTable

from thawwatch.config import parse_config
from thawwatch.items import get_item
from thawwatch.store import Store
from thawwatch.tui.app import ThawwatchApp
from thawwatch.tui.screens.help import HelpScreen
from thawwatch.tui.screens.item import ItemScreen
from thawwatch.tui.screens.measure import MeasureScreen

TODAY = date(2026, 11, 28)
# The headline tests here run on test feeds whose headlines are not all about Canada–China:
# they list every headline ([ui] headlines = "all"); the relevant-only default has its own.
CONFIG = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Test Feed"\n'
                      '[ui]\nheadlines = "all"\n', "test.toml")


def make_app(db_path: Path, today: date = TODAY) -> ThawwatchApp:
    return ThawwatchApp(config=CONFIG, db_path=db_path, today=today, refresh_timer=False)


async def palette_shows(app: ThawwatchApp, pilot: Any, command: str) -> None:
    """Wait until the palette's highlighted choice is ``command``: it searches its
    providers as the user types, and a loaded machine (six test workers) took more than
    the 0.3 s these tests used to wait."""
    from textual.command import CommandList

    for _ in range(100):
        found = app.screen.query(CommandList)
        if found and (options := found.first()).highlighted is not None:
            prompt = options.get_option_at_index(options.highlighted).prompt
            if command.lower() in str(getattr(prompt, "plain", prompt)).lower():
                return
        await pilot.pause(0.05)
    raise AssertionError(f"the palette never offered {command!r}")


async def open_measure(app: ThawwatchApp, pilot: Any, measure: str) -> None:
    """Tariffs panel (cursor on its first row), down to ``measure``, Enter."""
    await pilot.press("2")
    table = app.query_one("#tariffs-table", DataTable)
    await pilot.press(*(["j"] * table.get_row_index(measure)), "enter")
    await settle(app, pilot)


async def test_opens_on_irritants_and_switches_panels_by_number(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.active_panel == "irritants"
        for key, panel in (("2", "tariffs"), ("3", "headlines"), ("4", "baseline"),
                           ("5", "feeds"), ("1", "irritants")):
            await pilot.press(key)
            assert app.active_panel == panel
            assert app.query_one(f"#{panel}").display  # and it is the one on screen


async def test_tab_and_shift_tab_cycle_panels(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        assert app.active_panel == "tariffs"
        await pilot.press("tab", "tab")
        assert app.active_panel == "baseline"
        await pilot.press("shift+tab")
        assert app.active_panel == "headlines"
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert app.active_panel == "feeds"


async def test_tariffs_table_moves_with_j_k_and_arrows(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        table = app.query_one("#tariffs-table", DataTable)
        assert table.row_count == 9
        assert table.cursor_row == 0
        await pilot.press("j", "j", "down")
        assert table.cursor_row == 3
        await pilot.press("k", "up")
        assert table.cursor_row == 1


async def test_enter_opens_measure_timeline_and_esc_goes_back(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        table = app.query_one("#tariffs-table", DataTable)
        peas = table.get_row_index("cn-peas")
        await pilot.press(*(["j"] * peas), "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeasureScreen) and screen.measure_id == "cn-peas"
        events = screen.query_one("#measure-events", DataTable)
        assert events.row_count == len(app.snapshot.ledger.events_for("cn-peas"))
        head = str(screen.query_one("#measure-head").render())
        assert "suspended" in head and "2026-12-31 (33 d)" in head
        await pilot.press("escape")
        assert not isinstance(app.screen, MeasureScreen)
        assert app.active_panel == "tariffs"



async def test_a_and_d_in_one_read_decide_one_change_once(db_path: Path) -> None:
    """`a` and `d` arriving in one terminal read (a fast typist, key repeat) before the
    snapshot reloads: the one pending change is accepted once, `d` finds none left, and
    the ledger agrees with the decision."""
    from textual import events

    from thawwatch.decisions import accepted_events, decisions

    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_measure(app, pilot, "cn-peas")
        assert isinstance(app.screen, MeasureScreen)
        for key in "ad":
            app.post_message(events.Key(key, key))  # as the driver posts them
        await settle(app, pilot, 3)
        toasts = [str(n.message) for n in app._notifications]
        # (the seed's suspension restated: accepted, with nothing to write to the ledger)
        assert sorted(toasts) == ["Accepted: Peas — the ledger has this already; nothing in"
                                  " it changed.",
                                  "No pending change on this measure."]  # d: none left
    with Store.open(db_path) as store:
        peas = [d.state for d in decisions(store, None) if d.measure == "cn-peas"]
        assert peas == ["accepted"]
        assert accepted_events(store) == []


async def test_a_decision_whose_write_failed_can_be_made_again(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database fails the first accept (locked, disk full): the change is still
    pending, and `a` again accepts it, not "No pending change"."""
    from thawwatch import decisions
    from thawwatch.errors import StoreError

    real_accept = decisions.accept
    calls: list[str] = []

    def accept(store: Store, decision_id: str, now: object) -> object:
        calls.append(decision_id)
        if len(calls) == 1:
            raise StoreError("thawwatch.db: database is locked")
        return real_accept(store, decision_id, now)

    monkeypatch.setattr(decisions, "accept", accept)
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_measure(app, pilot, "cn-peas")
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot, 2)
        toasts = [str(n.message) for n in app._notifications]
        # (the seed's suspension restated: accepted, and the ledger left as it was)
        assert toasts == ["thawwatch.db: database is locked",
                          "Accepted: Peas — the ledger has this already; nothing in it"
                          " changed."]
        assert len(calls) == 2 and calls[0] == calls[1]

async def test_clicking_a_panel_label_switches(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        bar = app.query_one("#panelbar")
        start, _, _ = next(span for span in bar._spans if span[2] == "baseline")
        await pilot.click("#panelbar", offset=(start + 3, 0))
        assert app.active_panel == "baseline"


async def test_the_key_bar_shows_the_keys_and_a_click_presses_one(db_path: Path) -> None:
    """The bar at the bottom (one line of text, not Textual's Footer, which mounted a
    widget per key on every panel switch) follows the panel's keys, and clicking a key
    presses it."""
    from thawwatch.tui.keybar import KeyBar

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert " r Refresh " in line and " q Quit " in line and line.endswith("^p palette ")
        await pilot.press("3")
        await pilot.pause()
        assert " t Relevant/all " in str(bar.render())  # the list's own key
        start, *_ = next(span for span in bar._spans if span[2] == "question_mark")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.resize_terminal(30, 20)  # keys cut off at the edge are not buttons
        await pilot.pause()
        assert bar._spans and all(end <= 30 for _, end, *_ in bar._spans)


async def test_help_screen_opens_and_closes(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_command_palette_lists_panels_and_actions(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for label in ("Panel: Irritants", "Panel: Tariffs", "Panel: Headlines",
                      "Panel: Baseline", "Panel: Feeds", "Refresh feeds", "Theme"):
            assert label in titles
        command = next(c for c in app.get_system_commands(app.screen)
                       if c.title == "Panel: Baseline")
        command.callback()
        await pilot.pause()
        assert app.active_panel == "baseline"


async def test_theme_choice_persists(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.theme = "nord"
        await settle(app, pilot)
    with Store.open(db_path) as store:
        assert json.loads(store.get_meta("ui.theme")) == {"theme": "nord",
                                                          "config": "textual-dark"}
    again = ThawwatchApp.from_db(CONFIG, db_path, today=TODAY, refresh_timer=False)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(again, pilot)
        assert again.theme == "nord"


async def test_the_newer_theme_choice_wins(db_path: Path) -> None:
    """A theme picked in the dashboard stays until the config's theme is edited; a picked
    theme that no longer exists falls back to the config's, and says where it came from."""
    def opened(config_theme: str) -> ThawwatchApp:
        cfg = parse_config(f'[ui]\ntheme = "{config_theme}"\n', "test.toml")
        return ThawwatchApp.from_db(cfg, db_path, today=TODAY, refresh_timer=False)

    first = opened("nord")
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(first, pilot)
        first.theme = "dracula"  # picked with Ctrl+P
        await settle(first, pilot)
    for config_theme, shown in (("nord", "dracula"), ("gruvbox", "gruvbox"),
                                ("nord", "nord")):  # the old pick does not come back
        app = opened(config_theme)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert app.theme == shown, config_theme
    with Store.open(db_path) as store:  # a pick whose theme is gone (renamed in Textual)
        store.set_meta("ui.theme", json.dumps({"theme": "old-theme", "config": "nord"}))
    app = opened("nord")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.theme == "nord"
        assert [str(n.message) for n in app._notifications] == [
            "unknown theme 'old-theme' (picked earlier): using nord (Ctrl+P lists the themes)"]
    with Store.open(db_path) as store:  # an older thawwatch stored the name alone
        store.set_meta("ui.theme", "dracula")
    app = opened("nord")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.theme == "dracula"


async def test_headline_detail_open_link_star_and_read(db_path: Path) -> None:
    ids = seed_items(db_path)
    app = make_app(db_path)
    opened: list[str] = []
    app.url_opener = opened.append
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        table = app.query_one("#headlines-table", DataTable)
        assert table.row_count == len(ids)
        # newest first: the US–China soybeans story (2026-11-20) is on top
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ItemScreen)
        assert "soybeans" in screen.item.title
        await pilot.press("o")
        assert opened == []  # its javascript: link was never stored as openable
        await pilot.press("escape", "j", "j", "j")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ItemScreen)
        item = app.screen.item
        await pilot.press("o")
        assert opened == [item.link] and item.link.startswith("https://")
        await pilot.press("s")
        await settle(app, pilot)
    with Store.open(db_path) as store:
        stored = get_item(store, item.id)
        assert stored.starred and stored.read



async def test_a_change_reaching_an_item_screen_not_yet_composed_is_drawn(db_path: Path) -> None:
    """Enter, u, Esc, Enter typed fast: the read change can reach the new ItemScreen
    before it is composed; it is kept and drawn, not an error toast."""
    from dataclasses import replace

    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        item = app.snapshot.headlines[0]
        screen = ItemScreen(item)
        screen.show(replace(item, starred=True))  # before compose: no #item-body yet
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.item.starred
        assert str(screen.query_one("#item-body").render()).startswith(item.title)
        screen.show(replace(item, title="Changed title"))
        assert str(screen.query_one("#item-body").render()).startswith("Changed title")
        assert not app._notifications


async def test_the_unread_count_follows_reading(db_path: Path) -> None:
    """Marking headlines read (u, or opening them) lowers the top bar's unread count at
    once, not at the next refresh (which never comes with auto-refresh off)."""
    ids = seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)

        def unread() -> str:
            text = str(app.query_one("#thaw").render())
            return text[text.index("unread") - 3:text.index("unread")].strip()

        assert unread() == str(len(ids))
        await pilot.press("3", "u")
        await settle(app, pilot)
        assert unread() == str(len(ids) - 1)
        await pilot.press("u")
        await settle(app, pilot)
        assert unread() == str(len(ids))


async def test_item_detail_shows_the_time_in_the_users_zone(db_path: Path,
                                                            prairie_time: None) -> None:
    seed_items(db_path)  # the EV story was published 2026-02-24 15:00 UTC
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        ev = next(i for i in app.snapshot.headlines if "surtax" in i.title)
        await app.push_screen(ItemScreen(ev))
        await pilot.pause()
        assert "2026-02-24 09:00 CST · " in str(app.screen.query_one("#item-body").render())


async def test_the_headline_list_dates_are_the_users_own(db_path: Path,
                                                         prairie_time: None) -> None:
    """A story out at 03:00 UTC on 20 November was out on the 19th in Saskatchewan."""
    seed_items(db_path, items=[("late", "https://news.example/late",
                                "Canada and China resume canola talks", "",
                                "2026-11-20T03:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        table = app.query_one("#headlines-table", DataTable)
        assert str(table.get_row_at(0)[1]) == "2026-11-19"

async def test_markup_in_feed_text_is_shown_literally(db_path: Path) -> None:
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        table = app.query_one("#headlines-table", DataTable)
        titles = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert any("[bold red]Markup[/]" in t and "[link=file:///etc/passwd]" in t
                   for t in titles)
        row = next(i for i, t in enumerate(titles) if "Markup" in t)
        await pilot.press(*(["j"] * row), "enter")
        await settle(app, pilot)
        body = str(app.screen.query_one("#item-body").render())
        assert "[@click=app.quit]click[/]" in body
        assert app.is_running


async def test_irritant_card_enter_filters_headlines(db_path: Path) -> None:
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("j")  # agriculture → the steel & aluminum card under it
        await pilot.press("k")  # back to agriculture
        assert app.focused.id == "card-agriculture"
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_panel == "headlines"
        table = app.query_one("#headlines-table", DataTable)
        panel_items = app.query_one("HeadlinesPanel").items
        assert table.row_count >= 1
        assert all("agriculture" in i.topics for i in panel_items.values())
        await pilot.press("escape")
        await settle(app, pilot)
        assert table.row_count == 4  # the list is whole again …
        # … and Esc went back to the card it came from (a user review: it stayed on the
        # Headlines, where the card keys did nothing)
        assert app.active_panel == "irritants"
        assert app.focused is not None and app.focused.id == "card-agriculture"


async def test_3_shows_the_headline_list_whole_after_a_card(db_path: Path) -> None:
    """From a December play-through: pressing 3 on a card's headline list kept it at
    "… tagged Agriculture (Esc shows all)"; 3 is the Headlines, all of them."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # the Agriculture card's headlines
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        tagged = table.row_count
        await pilot.press("3")
        await settle(app, pilot)
        assert app.active_panel == "headlines" and app.query_one("HeadlinesPanel").topics is None
        assert table.row_count == 4 > tagged
        await pilot.press("escape")  # no card to go back to now
        await settle(app, pilot)
        assert app.active_panel == "headlines"


async def test_search_with_slash(db_path: Path) -> None:
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert app.active_panel == "headlines"
        await pilot.press(*"surtax", "enter")
        await settle(app, pilot)
        items = app.query_one("HeadlinesPanel").items
        assert [i.title for i in items.values()] == [
            "Ottawa ends 100% surtax on Chinese electric vehicles"]
        await pilot.press("escape")
        assert app.query_one("#headlines-table", DataTable).row_count == 4



async def test_tab_in_the_search_box_stays_on_the_headlines(db_path: Path) -> None:
    """Tab while typing a search switched to the Baseline panel, the query unsent and its
    box left open there: in the box it moves the focus on (to the list), as in any form."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"surtax", "tab")
        await pilot.pause()
        assert app.active_panel == "headlines"
        assert app.focused is app.query_one("#headlines-table")
        await pilot.press("tab")  # from the list, Tab switches panels as before
        await pilot.pause()
        assert app.active_panel != "headlines"


async def test_esc_on_another_panel_keeps_the_focus_on_the_panel_shown(db_path: Path) -> None:
    """A query typed and left (Tab), then another panel and Esc: the focus went to the
    hidden Headlines list, and Enter opened a headline the user could not see instead of
    the measure under the Tariffs cursor. The box closes with the switch; Esc there keeps
    the focus on the Tariffs table."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"peas", "tab", "2")
        await settle(app, pilot)
        panel = app.query_one("HeadlinesPanel")
        assert app.active_panel == "tariffs"
        assert not panel.search_open()
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.focused is app.query_one("#tariffs-table")
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "MeasureScreen"
        await pilot.press("escape", "3", "slash")  # the query left unsent is still there
        await settle(app, pilot)
        assert panel.search_open() and panel.search_box().value == "peas"


async def test_headline_keys_on_another_panel_say_where_they_work(db_path: Path) -> None:
    """o, s and u on a card or a measure did nothing and said nothing."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        app._notifications.clear()
        await pilot.press("s")
        await settle(app, pilot)
        assert [str(n.message) for n in app._notifications] == [
            "s acts on a headline: 3 shows the Headlines."]
        panel = app.query_one("HeadlinesPanel")
        assert not any(i.starred for i in panel.items.values())
        await pilot.press("3", "s")  # where there is one, it acts, quietly
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert len(app._notifications) == 1
        assert panel.selected is not None and panel.selected.starred


async def test_a_search_under_a_topic_filter_stays_within_the_topic(db_path: Path) -> None:
    """Enter on the EV card, then /canada: the note says "tagged ev", so every result is."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.query_one("#card-ev").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("slash", *"canada", "enter")
        await settle(app, pilot)
        panel = app.query_one("HeadlinesPanel")
        titles = [i.title for i in panel.items.values()]
        assert titles == ["Ottawa ends 100% surtax on Chinese electric vehicles"]
        assert "tagged Electric vehicles" in str(app.query_one("#headlines-note").render())
        await pilot.press("escape")  # the search goes, the topic stays
        assert [i.title for i in panel.items.values()] == titles

@pytest.mark.parametrize("today", [date(2026, 12, 10)])
async def test_ending_soon_alert_toasts_and_rings(db_path: Path, today: date) -> None:
    app = make_app(db_path, today=today)
    rings: list[bool] = []
    app.bell = lambda: rings.append(True)  # the terminal bell is the boundary we observe
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        texts = [str(n.message) for n in app._notifications]
        assert any("Peas" in t and "ends 2026-12-31" in t and "21 days" in t for t in texts)
        assert rings
        assert not any("pending, not accepted" in t for t in texts)


async def test_the_ending_soon_alert_says_an_extension_is_pending(db_path: Path) -> None:
    """As `thawwatch refresh` says it: the news of an extension waits for a decision."""
    seed_items(db_path, items=[("x", "https://news.example/x", "China extends tariff relief"
                                " on Canadian peas to Dec. 31, 2027", "", "2026-12-09T09:00:00Z")])
    app = make_app(db_path, today=date(2026, 12, 10))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        lines = [line for n in app._notifications for line in str(n.message).splitlines()]
        (peas,) = [line for line in lines if "Peas" in line and "ends 2026-12-31" in line]
        assert peas.endswith("; pending, not accepted: extended to 2027-12-31"), peas
        (meal,) = [line for line in lines if "Canola meal" in line]
        assert "pending" not in meal, meal



async def test_the_diplomacy_and_us_card_shows_both_indexes(db_path: Path) -> None:
    """The card lists diplomacy and US-factor headlines; its thaw line gives both
    indexes, so a cold US factor is not hidden behind diplomacy's."""
    seed_items(db_path, items=[
        ("u1", "https://news.example/u1",
         "Washington threatens Canada with tariffs over its China trade deal", "",
         "2026-11-26T09:00:00Z"),
    ])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        thaw = app.snapshot.thaw
        us = thaw.by_topic.get("us_factor", 50.0)
        line = str(app.query_one("#card-diplomacy").render()).split("\n")[0]
        assert line.startswith(f"thaw {thaw.by_topic.get('diplomacy', 50.0):4.1f} US {us:4.1f} ")
        assert us != 50.0

async def test_thaw_sparklines_follow_recent_headlines(db_path: Path) -> None:
    seed_items(db_path, items=[
        ("w1", "https://news.example/w1",
         "China suspends tariffs on Canadian peas and canola meal", "", "2026-11-20T09:00:00Z"),
        ("w2", "https://news.example/w2",
         "Beijing lifts duties on Canadian canola meal as Ottawa welcomes deal", "",
         "2026-11-26T09:00:00Z"),
        ("c1", "https://news.example/c1",
         "China threatens new tariffs on Canadian lobster over Ottawa's EV policy", "",
         "2026-11-27T09:00:00Z"),
    ])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        thaw = app.snapshot.thaw
        assert thaw.by_topic["agriculture"] > 50 > thaw.by_topic["seafood"]
        card = str(app.query_one("#card-agriculture").render())
        assert f"thaw {thaw.by_topic['agriculture']:4.1f}" in card
        bars = card.split("\n")[0].split()[-1]
        assert len(set(bars)) > 1  # the sparkline moved off the neutral line
        top = str(app.query_one("#thaw").render())
        assert f"thaw {thaw.overall:.1f}" in top


async def test_keys_pressed_before_the_hidden_panels_mount_are_served(db_path: Path) -> None:
    """The panels off screen mount just after the first paint; an early key waits for them."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "escape", "slash")  # no settling first
        await settle(app, pilot)
        assert app.active_panel == "headlines"
        assert app.query_one("#search-input").has_focus
        assert app.query_one("#headlines-table", DataTable).row_count > 0


async def test_quitting_at_once_is_clean(db_path: Path) -> None:
    """q before the hidden panels finished mounting: no MountError, no crash report."""
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code in (0, None)


async def test_a_snapshot_redraws_changed_rows_and_reuses_the_others(db_path: Path) -> None:
    """Rows are rebuilt only when what they show changed (read, title, topics…)."""
    import dataclasses

    from thawwatch.tui.panels.headlines import HeadlinesPanel

    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        panel = app.query_one(HeadlinesPanel)
        table = app.query_one("#headlines-table", DataTable)
        items = list(panel._all)
        before = [table.get_row_at(i) for i in range(table.row_count)]
        changed = dataclasses.replace(items[1], read=not items[1].read,
                                      title="(updated) " + items[1].title)
        panel.show([items[0], changed, *items[2:]])
        await pilot.pause()
        after = [table.get_row_at(i) for i in range(table.row_count)]
        assert str(after[1][-1]).startswith("(updated) China")
        assert after[1][-1].style != before[1][-1].style  # bold <-> plain: read flipped
        assert after[1][0] is not before[1][0]
        assert all(a is b for i in (0, 2) for a, b in zip(after[i], before[i], strict=True))


async def test_the_diplomacy_and_us_card_lists_both_its_topics(db_path: Path) -> None:
    """Enter on "Diplomacy & US" shows what the card covers: US-factor headlines too."""
    us = ("g5", "https://news.example/us", "US tariffs push Canada closer to China", "",
          "2026-11-21T08:00:00Z")
    seed_items(db_path, items=[*SAMPLE_ITEMS, us])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.query_one("#card-diplomacy").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_panel == "headlines"
        shown = app.query_one("HeadlinesPanel").items.values()
        assert [i.title for i in shown] == [us[2]]
        note = str(app.query_one("#headlines-note").render())
        assert "tagged Diplomacy or US factor" in note and "press r" not in note


async def test_a_slow_older_search_does_not_replace_a_newer_one(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Search threads cannot be stopped: results for a query the user already replaced
    are dropped when they arrive late."""
    import threading

    import thawwatch.items as itemstore

    seed_items(db_path)
    real_search = itemstore.search
    release = threading.Event()

    def search(store: Store, query: str, **kwargs: object) -> list:
        if query == "peas":
            release.wait(5)  # the first search is slow
        return real_search(store, query, **kwargs)

    monkeypatch.setattr(itemstore, "search", search)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"peas", "enter")
        await pilot.pause()
        await pilot.press("slash", *"surtax", "enter")
        await pilot.pause(0.3)
        release.set()
        await settle(app, pilot)
        panel = app.query_one("HeadlinesPanel")
        assert panel.query_text == "surtax"
        assert [i.title for i in panel.items.values()] == [
            "Ottawa ends 100% surtax on Chinese electric vehicles"]



async def test_baseline_panel_tells_a_return_from_no_change(db_path: Path) -> None:
    """On 1 January 2027 the peas, canola meal and seafood suspensions have run out: back
    at their baseline rates, but not "unchanged" (they moved in between); pork is."""
    app = make_app(db_path, today=date(2027, 1, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        text = str(app.query_one("#baseline-body").render())
        back = next(line for line in text.splitlines()
                    if line.startswith("Back to their baseline state: "))
        for label in ("Canola meal", "Peas", "Seafood"):
            assert f"{label} (" in back and "again since 2027-01-01" in back
        same = next(line for line in text.splitlines()
                    if line.startswith("Unchanged since the baseline: "))
        assert "Pork (25% in force?)" in same and "Peas" not in same  # ?: presumed


def test_an_accepted_change_that_restated_the_state_is_not_a_return(db_path: Path) -> None:
    """An accepted "pork impose 25%" restates Pork's state: it keeps its since and reads
    unchanged."""
    from dataclasses import replace

    from thawwatch.ledger import Event
    from thawwatch.snapshot import load_snapshot
    from thawwatch.tui.panels.baseline import _moved

    snap = load_snapshot(db_path, CONFIG, TODAY)
    restated = snap.ledger.with_events([Event(id="x", measure="cn-pork", date=date(2026, 11, 1),
                                              action="impose", rate=25.0, source="t")])
    assert restated.state("cn-pork", TODAY).since == snap.ledger.state("cn-pork", TODAY).since
    assert not _moved(replace(snap, ledger=restated), "cn-pork")
    later = replace(snap, as_of=date(2027, 1, 1))
    assert _moved(later, "cn-peas") and not _moved(later, "cn-pork")

async def test_j_and_k_scroll_the_baseline_panel(db_path: Path) -> None:
    """The README's "↑ ↓ / j k move" holds in the scrolling panels too."""
    app = make_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        panel = app.query_one("BaselinePanel")
        assert panel.max_scroll_y > 3  # the baseline is longer than the screen
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert panel.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert panel.scroll_y == 2


async def test_the_config_theme_applies_and_an_unknown_one_is_reported(db_path: Path) -> None:
    def app_with(theme: str) -> ThawwatchApp:
        cfg = parse_config(f'[ui]\ntheme = "{theme}"\n', "test.toml")
        return ThawwatchApp(config=cfg, db_path=db_path, today=TODAY, refresh_timer=False)

    good = app_with("nord")
    async with good.run_test(size=(120, 40)) as pilot:
        await settle(good, pilot)
        assert good.theme == "nord"
    bad = app_with("nrod")
    async with bad.run_test(size=(120, 40)) as pilot:
        await settle(bad, pilot)
        assert bad.theme == "textual-dark"
        notes = [n.message for n in bad._notifications]
        assert "unknown theme 'nrod' (in the config): using textual-dark" in notes[0]


async def test_o_s_u_act_on_the_selected_headline_in_the_list(db_path: Path) -> None:
    """The list's own keys (not only the detail view's): open, star, read/unread."""
    seed_items(db_path)
    app = make_app(db_path)
    opened: list[str] = []
    app.url_opener = opened.append
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "j")  # the second row: the peas story, an https link
        item = app.query_one("HeadlinesPanel").selected
        assert item is not None and not item.read and not item.starred
        await pilot.press("o")
        assert opened == [item.link]
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        shown = app.query_one("HeadlinesPanel").items[item.id]
        assert shown.starred and shown.read  # the row follows the store
    with Store.open(db_path) as store:
        stored = get_item(store, item.id)
        assert stored.starred and stored.read


async def test_a_failing_refresh_worker_is_reported_and_the_timer_rearmed(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the refresh surfaces as an error toast and a status line; the dashboard
    keeps running and refreshing stays possible."""
    import thawwatch.refresh as refresh_mod

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom in refresh")

    monkeypatch.setattr(refresh_mod, "run_refresh", broken)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert not app.refreshing and app.is_running
        assert any("boom in refresh" in n.message and n.severity == "error"
                   for n in app._notifications)
        assert "refresh failed" in str(app.query_one("#refresh-status").render())


async def test_the_command_palette_runs_its_commands(db_path: Path) -> None:
    """Through the real palette (Ctrl+P, type, Enter), not by calling the callbacks."""
    from textual.command import CommandPalette

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)

        async def run(command: str) -> None:
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*command)
            await palette_shows(app, pilot, command)
            await pilot.press("enter")
            await settle(app, pilot)

        await run("Panel: Feeds")
        assert app.active_panel == "feeds"
        await run("Help")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await run("Search headlines")
        assert app.active_panel == "headlines"
        assert app.query_one("HeadlinesPanel").search_open()


async def test_esc_before_a_slow_search_returns_keeps_the_full_list(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import thawwatch.items as itemstore

    seed_items(db_path)
    real_search = itemstore.search
    release = threading.Event()

    def slow(store: Store, query: str, limit: int = 200) -> list:
        release.wait(5)
        return real_search(store, query, limit)

    monkeypatch.setattr(itemstore, "search", slow)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"peas", "enter")
        await pilot.pause()
        await pilot.press("escape")  # changed my mind: the whole list
        release.set()
        await settle(app, pilot)
        panel = app.query_one("HeadlinesPanel")
        assert panel.query_text is None and len(panel.items) == 4


async def test_enter_twice_in_the_palette_runs_the_command_once(db_path: Path) -> None:
    """A double Enter arriving in one read, as a double tap does: Textual 8.2.8's palette
    ran the command again and popped the last screen (ScreenStackError ended the app)."""
    from textual import events

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Panel: Feeds")
        await palette_shows(app, pilot, "Panel: Feeds")
        shown: list[str] = []
        app.action_show_panel = lambda panel, _show=app.action_show_panel: (  # type: ignore
            shown.append(panel), _show(panel))[1]
        for _ in range(2):
            app.post_message(events.Key("enter", None))  # as the driver posts them
        await settle(app, pilot, 2)
        assert app.is_running and app.active_panel == "feeds"
        assert shown == ["feeds"]
        assert len(app.screen_stack) == 1



async def test_enter_twice_in_the_theme_picker_keeps_the_app_running(db_path: Path) -> None:
    """The same double Enter in Textual's other palettes: the theme picker (Ctrl+P →
    Theme, where an unknown config theme sends the user) and search_commands."""
    from textual import events
    from textual.command import SimpleCommand

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.search_themes()
        await pilot.pause()
        await pilot.press(*"nord")
        await palette_shows(app, pilot, "nord")
        for _ in range(2):
            app.post_message(events.Key("enter", None))
        await settle(app, pilot, 2)
        assert app.is_running and app.theme == "nord" and len(app.screen_stack) == 1

        ran: list[str] = []
        app.search_commands([SimpleCommand("Say hi", lambda: ran.append("hi"))])
        await pilot.pause()
        await pilot.press(*"Say hi")
        await palette_shows(app, pilot, "Say hi")
        for _ in range(2):
            app.post_message(events.Key("enter", None))
        await settle(app, pilot, 2)
        assert app.is_running and ran == ["hi"] and len(app.screen_stack) == 1


async def test_each_panel_asks_for_its_paint_once_when_it_mounts(db_path: Path) -> None:
    """2,000 headline rows are worth painting once: a panel's own on_mount must not call
    the mixin's as well (Textual runs each class's on_mount by itself)."""
    import sys

    seed_items(db_path)
    app = make_app(db_path)
    asked: list[str] = []
    real_paint = app.paint_panel

    def paint_panel(panel: Any) -> None:
        if sys._getframe(1).f_code.co_name == "on_mount":
            asked.append(panel.id)
        real_paint(panel)

    app.paint_panel = paint_panel  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for key in "2345":
            await pilot.press(key)
        await settle(app, pilot)
    assert sorted(asked) == sorted(set(asked)) and "headlines-panel" in asked, asked


async def test_q_on_a_detail_screen_goes_back_and_shift_q_quits(db_path: Path) -> None:
    """q quit the whole dashboard from a headline or a measure's timeline, where the help
    and the modals close with it: there it goes back one level; Q quits from anywhere."""
    from thawwatch.tui.screens.item import ItemScreen
    from thawwatch.tui.screens.measure import MeasureScreen

    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for panel, screen in (("3", ItemScreen), ("2", MeasureScreen)):
            await pilot.press(panel, "enter")
            await settle(app, pilot)
            assert isinstance(app.screen, screen)
            await pilot.press("q")
            await pilot.pause()
            assert app.is_running and not isinstance(app.screen, screen)
        await pilot.press("3", "enter")
        await settle(app, pilot)
        await pilot.press("Q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("over", ["help", "event"])
async def test_shift_q_quits_from_the_help_and_an_event_box(db_path: Path, over: str) -> None:
    """From a user audit: Textual stops the app's keys at a box over the dashboard, so Q
    ("quit from anywhere", as the help says) did nothing on the help or an event shown
    whole; q there still only closes the box."""
    from thawwatch.tui.screens.measure import EventScreen

    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        keys = ("question_mark",) if over == "help" else ("2", "enter", "enter")
        await pilot.press(*keys)
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen if over == "help" else EventScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, (HelpScreen, EventScreen))
        await pilot.press(*keys[-1:])
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen if over == "help" else EventScreen)
        await pilot.press("Q")
        await pilot.pause()
        assert not app.is_running


async def test_the_list_shows_the_headlines_about_canada_china_and_t_shows_all(
        db_path: Path) -> None:
    """A business feed's other news buries the few headlines about Canada–China: by
    default the list holds only those (the note says how many it leaves out), and the
    unread count counts only them; t lists all and counts all, t again goes back; a
    search still finds both."""
    from conftest import region_lines

    seed_items(db_path)
    default = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\n', "test.toml")
    assert default.ui.headlines == "relevant"
    app = ThawwatchApp(config=default, db_path=db_path, today=TODAY, refresh_timer=False)
    irrelevant = [i[2] for i in SAMPLE_ITEMS if "soybeans" in i[2]]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        shown = "\n".join(region_lines(app, "#headlines-table"))
        assert table.row_count == len(SAMPLE_ITEMS) - 1 and irrelevant[0] not in shown
        note = " ".join(region_lines(app, "#headlines-note")).strip()
        assert note.startswith("3 headline(s) about Canada–China (t shows all, 1 more)"), note
        assert "3 unread" in str(app.query_one("#thaw").render())
        await pilot.press("t")
        await pilot.pause()
        assert table.row_count == len(SAMPLE_ITEMS)
        assert irrelevant[0] in "\n".join(region_lines(app, "#headlines-table"))
        assert "4 unread" in str(app.query_one("#thaw").render())
        note = " ".join(region_lines(app, "#headlines-note")).strip()
        assert note.startswith("4 headline(s) (t: only those about Canada–China)"), note
        await pilot.press("t")
        await pilot.pause()
        assert table.row_count == len(SAMPLE_ITEMS) - 1
        assert "3 unread" in str(app.query_one("#thaw").render())
        await pilot.press("slash")
        await pilot.press(*"soybeans", "enter")
        await settle(app, pilot)
        assert table.row_count == 1  # a search finds the others too


def test_the_headlines_setting_takes_relevant_or_all_only() -> None:
    """A typo in [ui] headlines is an error naming the key, not a silent "all"."""
    from thawwatch.config import ConfigError

    assert parse_config('[ui]\nheadlines = "all"\n', "c.toml").ui.headlines == "all"
    with pytest.raises(ConfigError, match=r'c\.toml: ui\.headlines: must be "relevant" or "all",'
                                          r" got 'everything'"):
        parse_config('[ui]\nheadlines = "everything"\n', "c.toml")


async def test_a_starred_headline_still_shows_whether_it_is_read(db_path: Path) -> None:
    """From a user review: a starred row showed "★" read or not, so `u` on it seemed to do
    nothing. Read, its star is a hollow "☆"."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("s")
        await settle(app, pilot)
        marks = [table.get_cell(key, "mark").plain]
        await pilot.press("u")
        await settle(app, pilot)
        marks.append(table.get_cell(key, "mark").plain)
        assert marks == ["★", "☆"], marks


async def test_unread_and_neutral_have_marks_of_their_own(db_path: Path) -> None:
    """From a user review: "•  11-29  Alpha News  •  Carney and Xi …" used one glyph for
    an unread headline and for a neutral one. Neutral is "◦" now."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = app.query_one("#headlines-table", DataTable)
        rows = [(table.get_cell(key.value, "mark").plain,
                 table.get_cell(key.value, "direction").plain) for key in table.rows]
        neutral = [mark for mark, direction in rows if direction == "◦ neutral"]
        assert neutral and set(neutral) == {"•"}, rows  # unread, and neutral: two glyphs
        assert {d[:1] for _, d in rows} <= {"▲", "▼", "◦", "—"}, rows


async def test_a_headline_says_what_became_of_its_signal_and_opens_its_measure(
        db_path: Path) -> None:
    """From a user review: the headline's screen said "Tariff signal · Peas: …" with no word
    on whether it was pending, accepted or dismissed, and no way to the measure to decide."""
    from thawwatch.tui.screens.measure import MeasureScreen

    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        item = next(i for i in app.snapshot.headlines
                    if any(s["measure"] == "cn-peas" for s in i.signals))
        app.open_headline(item.id)
        await settle(app, pilot)
        assert isinstance(app.screen, ItemScreen)
        body = " ".join(" ".join(screen_lines(app)).split())
        assert "Tariff signal · Peas: suspend 0% from 2026-03-01 until 2026-12-31 —" \
            " pending" in body, body
        assert "m opens the Peas timeline, to accept or dismiss (2 Tariffs has the" \
            " others)" in body, body
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, MeasureScreen) and app.screen.measure_id == "cn-peas"


async def test_a_damaged_database_points_at_db_check(db_path: Path) -> None:
    """From a December play-through: on a damaged database the dashboard's toast said only
    SQLite's "database disk image is malformed", where `thawwatch search` on the same
    file says to run `thawwatch db check`."""
    import sqlite3

    seed_items(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items'").fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with db_path.open("r+b") as file:  # the items table's first page, overwritten
        file.seek((root - 1) * size)
        file.write(b"\xa5" * size)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
    assert errors and all("`thawwatch db check`" in e for e in errors), errors


async def test_a_headlines_screen_says_when_the_ledger_has_its_change_already(
        db_path: Path) -> None:
    """From a dashboard audit: a headline restating what the ledger holds ("Chinese group
    tourists return", peas suspended to year end) read "pending" as if it were news, while
    `ledger pending` says the ledger has it; a change the ledger lacks gets no such note."""
    seed_items(db_path, items=[
        ("p1", "https://news.example/p1", "China suspends tariffs on Canadian peas from March 1",
         "Beijing suspends its 100% tariff on Canadian peas from March 1 until Dec. 31, 2026.",
         "2026-02-27T08:00:00Z"),
        ("k1", "https://news.example/k1", "China removes 25% tariff on Canadian pork",
         "Beijing removes its 25% tariff on Canadian pork from November 1, 2026.",
         "2026-10-20T08:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        seen = {}
        for title in ("peas", "pork"):
            await pilot.press("3")
            panel = app.query_one("HeadlinesPanel")
            item = next(i for i in panel.items.values() if title in i.title)
            app.push_screen(ItemScreen(item))
            await settle(app, pilot)
            seen[title] = "\n".join(screen_lines(app))
            await pilot.press("escape")
            await settle(app, pilot)
        assert "pending (the ledger has this already" in seen["peas"], seen["peas"]
        assert "Tariff signal · Pork" in seen["pork"] and "already" not in seen["pork"]


async def test_the_baseline_panel_opens_on_what_changed_and_what_comes_next(
        db_path: Path) -> None:
    """From a dashboard audit: "What has changed since" came after some 35 lines of the
    article's history (G found it), and did not say what each ending relief comes to."""
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        shown = " ".join(" ".join(screen_lines(app)).split())  # the first screen only
    assert "What has changed since, to 2026-11-28 (ledger)" in shown
    assert ("Peas: 100% in force → 0% suspended since 2026-03-01, until 2026-12-31 (33 days"
            " left); then 100% in force from 2027-01-01 unless extended") in shown


async def test_a_headlines_screen_says_when_a_later_word_overruled_its_change(
        db_path: Path) -> None:
    """From a review: the headline screen said "the ledger has this already" of a change a
    later word overruled, where the measure screen and `ledger pending` say so."""
    from datetime import UTC, datetime

    from conftest import PEAS_RETURN_THEN_EXTENDED

    from thawwatch import decisions

    seed_items(db_path, items=PEAS_RETURN_THEN_EXTENDED)
    with Store.open(db_path) as store:
        extension = next(d for d in decisions.decisions(store, "pending")
                         if d.link == "https://news.example/peas-extended")
        decisions.accept(store, extension.id, datetime(2026, 11, 27, 12, tzinfo=UTC))
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        item = next(i for i in app.query_one("HeadlinesPanel").items.values()
                    if "restore" in i.title)
        app.push_screen(ItemScreen(item))
        await settle(app, pilot)
        shown = " ".join(" ".join(screen_lines(app)).split())
    assert "pending (overruled by the later word of 2026-11-27" in shown, shown
    assert "has this already" not in shown


def test_a_source_derived_from_an_accepted_change_is_not_credited_to_its_outlet() -> None:
    """From a review: "expired after 2027-12-31: …", the ledger's word, read as the
    outlet's ("Test Feed, 2026-11-27: expired after …")."""
    from thawwatch.ledger import Event
    from thawwatch.snapshot import Snapshot

    event = Event(id="signal-x", measure="cn-peas", date=date(2026, 11, 27), action="extend",
                  source="https://news.example/x", item_id="x")
    cited = Snapshot.cited  # (it reads only the outlets: no database needed)
    fake = type("S", (), {"outlets": {"x": "Test Feed, 2026-11-27"}})()
    assert cited(fake, event.source, event) == "Test Feed, 2026-11-27: https://news.example/x"
    assert cited(fake, f"expired after 2027-12-31: {event.source}", event) == (
        f"expired after 2027-12-31: {event.source}")
    assert cited(fake, "Xinhua 2026-02-28", None) == "Xinhua 2026-02-28"
