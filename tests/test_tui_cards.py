"""The irritant cards as a daily user reads them (a reviewer's findings): a measure
without a rate has no "— →" however wide the card, an index no headline stands behind is
no "50.0", a rate for part of a product is starred as `status` and the Tariffs panel
star it, and the arrows follow the grid as drawn.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import WITH_NEWS, region_lines, screen_lines, seed_items, settle
from textual.geometry import Region

from thawwatch.config import parse_config
from thawwatch.tui.app import ThawwatchApp
from thawwatch.tui.spatial import neighbour

TODAY = date(2026, 11, 28)
CONFIG = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Test Feed"\n',
                      "test.toml")
SPARK = set("▁▂▃▄▅▆▇█─")
CARDS = ("agriculture", "seafood", "ev", "steel_aluminum", "diplomacy", "tourism")


def make_app(db_path: Path) -> ThawwatchApp:
    return ThawwatchApp(config=CONFIG, db_path=db_path, today=TODAY, refresh_timer=False)


def card_text(app: ThawwatchApp, topic: str) -> list[str]:
    """The card's lines as the screen shows them, without its border."""
    return [line[1:-1].strip() for line in region_lines(app, f"#card-{topic}")[1:-1]]


# --------------------------------------------------------------------------- no rate


@pytest.mark.parametrize("size", [(160, 50), (120, 40), (100, 30), (80, 24)])
async def test_a_measure_without_a_rate_has_no_dash_arrow_at_any_width(
        db_path: Path, size: tuple[int, int]) -> None:
    """Group tours read "— → restored" on a wide card (as if the measure did not exist
    at the baseline, where the Tariffs panel and `status` say "restored") and
    "restored" on a narrower one: every width now says "restored"."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        tours = next(line for line in card_text(app, "tourism")
                     if line.startswith("Group tours"))
        assert "— →" not in tours and tours.split()[-1] == "restored", (size, tours)


# --------------------------------------------------------------------------- thaw index


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (80, 24), (60, 20)])
async def test_an_index_no_headline_stands_behind_is_not_shown_as_neutral(
        db_path: Path, size: tuple[int, int]) -> None:
    """On a first run, offline, on the bundled baseline, every card read "thaw 50.0"
    over a flat line, as if relations were neutral. The index has no data: the cards
    and the top bar say "thaw —", with no sparkline, and the number (the formula's 50,
    which `status --format json` reports) is unchanged."""
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert app.snapshot is not None and app.snapshot.thaw.by_topic["seafood"] == 50.0
        top = screen_lines(app)[0]
        assert "thaw —" in top and "50.0" not in top and not SPARK & set(top), top
        for topic in CARDS:
            lines = card_text(app, topic)
            assert not any("50.0" in line for line in lines), (topic, lines)
            thaw = lines[0]
            assert thaw.startswith("thaw —") and not SPARK & set(thaw), (topic, lines)


def steel_story(published: str) -> tuple[str, str, str, str, str]:
    """A relevant steel headline (it scores the steel index), published then."""
    return ("r1", "https://news.example/r1", "Canada imposes new steel surtax on Chinese"
            " imports; Beijing threatens retaliation", "", published)


async def test_a_card_with_only_older_headlines_says_why_it_has_no_index(
        db_path: Path) -> None:
    """The sample headlines are from February, before the 90 days the index looks back:
    the cards list them, and the thaw line says none is recent enough; a card with a
    recent story has its number and its sparkline."""
    seed_items(db_path)
    seed_items(db_path, items=[steel_story("2026-11-26T09:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        thaw = app.snapshot.thaw
        assert thaw.scored("steel_aluminum") and not thaw.scored("agriculture")
        agriculture = card_text(app, "agriculture")
        assert agriculture[0] == "thaw — no headlines in the last 90 days", agriculture
        assert any("China suspends tariffs" in line for line in agriculture)
        steel = card_text(app, "steel_aluminum")[0]
        assert steel.startswith(f"thaw {thaw.by_topic['steel_aluminum']:4.1f} "), steel
        assert SPARK & set(steel), steel


async def test_a_card_whose_headlines_are_older_than_the_index_window_has_no_index(
        db_path: Path) -> None:
    """From a review: three weeks after the last steel headline its card read 50.0 (the
    index reads its last 14 days, and with nothing there falls back to 50), as did the top
    bar: a cold irritant seemed to warm to neutral because the news went quiet. The card
    keeps its sparkline of the history."""
    seed_items(db_path, items=[steel_story("2026-11-06T09:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        thaw = app.snapshot.thaw
        assert thaw.has_history("steel_aluminum") and not thaw.scored("steel_aluminum")
        steel = card_text(app, "steel_aluminum")[0]
        assert steel.startswith("thaw — ") and SPARK & set(steel), steel
        assert "thaw —" in " ".join(screen_lines(app)[0].split())


# --------------------------------------------------------------------------- partial rates


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (80, 24), (60, 20), (40, 12)])
async def test_a_rate_for_part_of_a_product_is_starred_on_its_card(
        db_path: Path, size: tuple[int, int]) -> None:
    """"Seafood 25% → 0% suspended" read as all seafood (the suspension covers lobster
    and crab) and "EVs → removed" said nothing of the permit quota. Their lines are
    starred at every size, as in `status` and the Tariffs panel, and where the card has
    room it says what the star means."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for topic, label, now, note in (("seafood", "Seafood", "suspended*", "lobster and crab"),
                                        ("ev", "EVs", "removed*", "EVs now enter under")):
            app.query_one(f"#card-{topic}").focus()  # scrolled into view at 40×12
            for _ in range(50):  # (the scroll can take a few frames on a loaded machine)
                await pilot.pause(0.02)
                lines = card_text(app, topic)
                line = next((line for line in lines if line.startswith(label)), None)
                if line is not None:
                    break
            assert line is not None, (size, lines)
            short = now.replace("suspended", "susp.")  # the tightest wording, at 40×12
            assert now in line or (size == (40, 12) and short in line), (size, lines)
            if size[0] >= 100 or (size == (80, 24) and topic == "ev"):
                assert any(line.startswith(f"* {note}") for line in lines), (size, lines)
        peas = next(line for line in card_text(app, "agriculture") if line.startswith("Peas"))
        assert "*" not in peas, peas


async def test_the_baseline_panel_stars_a_partial_rate_and_says_what_it_covers(
        db_path: Path) -> None:
    """"What has changed" said "Seafood: 25% in force → 0% suspended": now starred, with
    what the rate covers under it, as `status` prints it; a whole-product change is not."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(110, 80)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        lines = [line.strip() for line in screen_lines(app)]
        seafood = lines.index(next(line for line in lines if line.startswith("• Seafood:")))
        assert "→ 0% suspended* since 2026-03-01" in lines[seafood], lines[seafood]
        # (under it, after the line's wrapped end: "…; then 25% in force from 2027-01-01")
        assert ("* lobster and crab; other aquatic products presumed still at 25%"
                in lines[seafood + 1:seafood + 3]), lines[seafood:seafood + 3]
        ev = lines.index(next(line for line in lines if line.startswith("• EVs:")))
        assert "→ removed* since" in lines[ev]
        assert lines[ev + 1].startswith("* EVs now enter under permits")
        peas = next(line for line in lines if line.startswith("• Peas:"))
        assert "*" not in peas, peas


# --------------------------------------------------------------------------- arrows

#: (key, the card it reaches) from Agriculture, in the grid as drawn:
#:   Agriculture | Seafood
#:   Agriculture | Electric vehicles
#:   Steel       | Diplomacy & US
#:   Tourism     | Diplomacy & US
PATH = (
    ("down", "steel_aluminum"),  # directly below, not Seafood (top right)
    ("down", "tourism"),
    ("right", "diplomacy"),
    ("left", "tourism"),  # back where it came from, though Diplomacy touches Steel too
    ("up", "steel_aluminum"),
    ("right", "diplomacy"),
    ("left", "steel_aluminum"),
    ("up", "agriculture"),
    ("right", "seafood"),  # the card level with Agriculture's top
    ("right", "seafood"),  # the edge: stays
    ("down", "ev"),
    ("left", "agriculture"),  # to its left, not Seafood (above)
    ("l", "ev"),  # back where it came from, not the card level with Agriculture's top
    ("k", "seafood"),
    ("h", "agriculture"),
    ("k", "diplomacy"),  # ↑ at the top of a column: the bottom of the one before, round
    ("up", "ev"),
    ("up", "seafood"),
    ("up", "tourism"),
    ("j", "seafood"),  # ↓ at the bottom of a column: on at the top of the next
)


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (80, 24), (40, 12)])
async def test_arrows_move_to_the_card_drawn_that_way(db_path: Path,
                                                      size: tuple[int, int]) -> None:
    """↓ on Agriculture went to Seafood (top right, the next card in the list) and ← on
    Electric vehicles to Seafood (above it): the arrows walked the list, not the grid.
    They now reach the card drawn in their direction at every size, and at 40×12 the
    panel still scrolls the card they reach whole into view."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        panel = app.query_one("IrritantsPanel")
        assert app.focused is not None and app.focused.id == "card-agriculture"
        for key, topic in PATH:
            was = app.focused.id
            await pilot.press(key)
            await pilot.pause()
            assert app.focused is not None
            assert app.focused.id == f"card-{topic}", (size, was, key, app.focused.id)
            assert panel.region.contains_region(app.focused.region), (size, topic)


async def test_down_visits_every_card_column_by_column(db_path: Path) -> None:
    """j (or ↓) pressed again and again still reaches every card, as the list did, now
    down the left column and then down the right one."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        seen = []
        for _ in range(7):
            seen.append(app.focused.id.removeprefix("card-"))
            await pilot.press("j")
            await pilot.pause()
        assert seen == ["agriculture", "steel_aluminum", "tourism", "seafood", "ev",
                        "diplomacy", "agriculture"]


def test_the_arrows_follow_any_number_of_columns() -> None:
    """The moves come from the boxes as laid out: one column (↓ walks it, ← and → stay)
    or three (→ goes to the nearest column, level with the top)."""
    one = {k: Region(0, 5 * i, 40, 5) for i, k in enumerate("abc")}
    assert [neighbour(one, k, "down") for k in "abc"] == ["b", "c", "a"]
    assert [neighbour(one, k, "up") for k in "abc"] == ["c", "a", "b"]
    assert neighbour(one, "b", "left") is None and neighbour(one, "b", "right") is None
    three = {"a": Region(0, 0, 10, 10), "b": Region(11, 0, 10, 5), "c": Region(11, 5, 10, 5),
             "d": Region(22, 0, 10, 10)}
    assert neighbour(three, "a", "right") == "b"
    assert neighbour(three, "c", "right") == "d" and neighbour(three, "c", "left") == "a"
    assert neighbour(three, "d", "left") == "b"
    assert neighbour(three, "d", "left", prefer="c") == "c"  # back where it came from
    assert neighbour(three, "a", "left", prefer="c") is None  # not a card that way
    assert neighbour(three, "b", "down") == "c" and neighbour(three, "c", "down") == "d"


# --------------------------------------------------------------------------- tight cards


@pytest.mark.parametrize("size", [(40, 12), (44, 14), (50, 16)])
async def test_a_tight_card_keeps_its_marks_and_tells_the_canola_rows_apart(
        db_path: Path, size: tuple[int, int]) -> None:
    """At 40×12 a cut line lost what mattered most at its end ("Seafood suspend…": no
    star, no ●), and the canola rows would read "Canola…" alike. The cut now comes before
    the star and the pending mark; the wording shortens ("susp.", "C. meal") first."""
    seed_items(db_path, items=WITH_NEWS)  # news for peas, canola meal and seafood
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        snap = app.snapshot
        shown = {topic: card_text(app, topic) for topic in ("agriculture", "seafood")}
        seafood = next(line for line in shown["seafood"] if line.startswith("Seafood"))
        assert seafood.endswith("* ●"), (size, seafood)
        farm = shown["agriculture"]
        canola = [line.split()[1] for line in farm if line.startswith(("C", "Canola"))]
        assert len(canola) >= 2 and len(set(canola)) == len(canola), (size, farm)
        for line in farm:
            pending = any(line.startswith(label) for label in ("Peas", "C. meal",
                                                               "Canola meal"))
            assert line.endswith("●") == pending, (size, line)
        assert {d.measure for d in snap.news_for()} == {"cn-peas", "cn-canola-meal",
                                                        "cn-seafood"}


async def test_a_change_the_ledger_holds_for_later_shows_on_its_card(db_path: Path) -> None:
    """An accepted "removed from December 15" left the pork line at "25% in force" with
    nothing to say it ends; the card now says where an end date would: "→ removed from
    2026-12-15 (17 d)"."""
    from datetime import UTC, datetime

    from thawwatch.decisions import accept, decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[("p1", "https://news.example/p1",
                                "China removes 25% tariff on Canadian pork from December 15,"
                                " 2026", "", "2026-11-20T09:00:00Z")])
    with Store.open(db_path) as store:
        pork = next(d for d in decisions(store) if d.measure == "cn-pork")
        accept(store, pork.id, datetime(2026, 11, 21, tzinfo=UTC))
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lines = card_text(app, "agriculture")
        at = next(i for i, line in enumerate(lines) if line.startswith("Pork"))
        assert "25% in force" in lines[at]
        assert lines[at + 1] == "→ removed from 2026-12-15 (17 d)", lines


async def test_the_baseline_claim_is_dated_and_leaves_room_for_news(db_path: Path) -> None:
    """From a user review: the Diplomacy & US card led with the article's APEC paragraph,
    undated and in italics, which read as current; at 80×24 it took six of the card's
    eight lines and cut the latest headline to one. It is dated and marked the baseline's,
    and with headlines it takes three lines at most."""
    seed_items(db_path, items=[
        (f"d{n}", f"https://news.example/d{n}", f"Canada and China hold talks on trade, round {n}",
         "", f"2026-11-2{n}T09:00:00Z") for n in range(1, 5)])
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lines = card_text(app, "diplomacy")
        text = " ".join(" ".join(lines).split())
        assert "2025-10-31 (baseline) Carney and Xi" in text, lines
        first = next(i for i, line in enumerate(lines) if "hold talks" in line)
        claim = lines[:first]  # (a headline may take a second line: rows left over)
        rounds = [line for line in lines if "hold talks" in line]
        assert len(rounds) >= 3, lines
        assert sum(1 for line in claim if line.strip()) <= 3 + 1, lines  # (+ the thaw line)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_card_says_what_a_reliefs_end_brings(db_path: Path,
                                                     size: tuple[int, int]) -> None:
    """From a December play-through: the Agriculture card said "until 12-31 (33 d)" and no
    more; what comes on January 1 was in the measure view, `status` and the Tariffs line.
    The card says it too where it fits ("?": presumed, unless extended)."""
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        farm = " ".join(" ".join(card_text(app, "agriculture")).split())
        sea = " ".join(" ".join(card_text(app, "seafood")).split())
    assert farm.count("(33 d), then 100%?") == 2, farm  # canola meal and peas
    assert "(33 d), then 25%?" in sea, sea


@pytest.mark.parametrize("size", [(120, 40), (100, 30)])
async def test_a_card_with_headlines_keeps_what_a_reliefs_end_brings(
        db_path: Path, size: tuple[int, int]) -> None:
    """From a dashboard audit: at 120×40 with headlines the Agriculture card put each
    relief's end on its measure's line, short ("until 12-31 (33 d)"), dropping what
    January brings and the word "pending", to make room for a third headline (and at
    100×30 the wide layout cut it for its indent: a review). What the end brings stays,
    on a line of its own, and at 120×40 the headlines still fit."""
    if size == (120, 40):
        seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        farm = card_text(app, "agriculture")
    text = " ".join(" ".join(farm).split())
    assert text.count("(33 d), then 100%?") == 2, farm  # meal and peas
    if size == (120, 40):
        assert text.count("until 2026-12-31 (33 d), then 100%?") == 2, farm
        assert text.count("● pending") == 2, farm
        assert sum("▲" in line or "◦" in line for line in farm) >= 3, farm  # the headlines


async def test_a_cut_headline_or_note_takes_the_rows_left_under_it(db_path: Path) -> None:
    """From a dashboard audit: the Seafood card cut its note ("… presumed sti…") and its
    headlines to a line each while two rows stayed empty under them."""
    seed_items(db_path, items=WITH_NEWS)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        sea = card_text(app, "seafood")
    text = " ".join(" ".join(sea).split())
    assert "other aquatic products presumed still at 25%" in text, sea
    if any(line.rstrip().endswith("…") for line in sea):  # a line cut: no row to spare
        assert all(line.strip() for line in sea), sea
