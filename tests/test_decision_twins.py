"""One change reported by several outlets in their own words: one pending change to decide.

A big announcement reaches a 50-feed config as a dozen headlines that are different
stories (different links, different titles) and the same change. Each made its own
pending change: a trade lawyer had to accept one and dismiss or accept a dozen look-alikes,
and `status` counted a dozen pending. Now they are listed once, with the other headlines,
and deciding one decides them all (one ledger event); undo brings them all back.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from conftest import seed_items

from thawwatch.cli import main

PEAS = [
    ("p1", "https://a.example/peas",
     "China to remove 100% tariff on Canadian peas from March 1, 2027",
     "Beijing said it would remove the 100 per cent tariff on Canadian peas.",
     "2026-11-26T10:00:00Z"),
    ("p2", "https://b.example/beijing-peas",
     "Beijing drops tariff on Canadian peas, effective March 1, 2027",
     "The commerce ministry said the tariff on Canadian peas ends.",
     "2026-11-26T11:00:00Z"),
    ("p3", "https://c.example/growers",
     "Pea growers cheer as China lifts tariff on Canadian peas from March 1, 2027",
     "Prairie pea growers welcomed the news.",
     "2026-11-26T12:00:00Z"),
]
# the same measure, another change: not a twin
PEAS_CUT = ("p4", "https://d.example/cut",
            "China cuts tariff on Canadian peas to 50% from January 1, 2027", "",
            "2026-11-25T09:00:00Z")


def _run(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _pending(capsys, db: Path) -> list[dict]:
    return json.loads(_run(capsys, db, "ledger", "pending", "--format", "json")[1])


def _states(db: Path) -> dict[str, str]:
    from thawwatch.decisions import decisions
    from thawwatch.store import Store

    with Store.open(db) as store:
        return {d.link or "": d.state for d in decisions(store, None) if d.measure == "cn-peas"}


def _peas_row(capsys, db: Path) -> dict:
    status = json.loads(_run(capsys, db, "status", "--format", "json", "--as-of",
                             "2026-11-28")[1])
    return next(m for m in status["measures"] if m["id"] == "cn-peas")


def test_three_headlines_of_one_change_are_one_pending_change(db_path: Path, capsys) -> None:
    seed_items(db_path, items=[*PEAS, PEAS_CUT])
    pending = [p for p in _pending(capsys, db_path) if p["measure"] == "cn-peas"]
    assert [(p["action"], p["rate"], p["effective"]) for p in pending] == [
        ("remove", 0, "2027-03-01"), ("lower", 50, "2027-01-01")]
    removal, cut = pending
    assert removal["title"] == PEAS[2][2]  # the newest headline leads
    assert [a["link"] for a in removal["also"]] == [PEAS[1][1], PEAS[0][1]]
    assert "also" not in cut

    text = _run(capsys, db_path, "ledger", "pending")[1]
    assert f"— {PEAS[2][2]}  (+2 more headlines saying it" in text, text
    assert f"    also {removal['also'][0]['id']}  — {PEAS[1][2]}" in text, text

    row = _peas_row(capsys, db_path)
    assert len(row["pending"]) == 2 and len(row["pending"][0]["also"]) == 2
    status = _run(capsys, db_path, "status", "--as-of", "2026-11-28")[1]
    assert "2 pending change(s)" in status, status
    peas_line = next(line for line in status.splitlines() if line.startswith("Peas"))
    assert peas_line.rstrip().endswith("  2"), peas_line


def test_accepting_one_accepts_its_twins_with_one_event(db_path: Path, capsys) -> None:
    from thawwatch.decisions import accepted_events
    from thawwatch.store import Store

    seed_items(db_path, items=[*PEAS, PEAS_CUT])
    removal = next(p for p in _pending(capsys, db_path) if p["action"] == "remove")
    code, out, _ = _run(capsys, db_path, "ledger", "accept", removal["also"][1]["id"])
    assert code == 0
    assert out == ("accepted: cn-peas remove 0% from 2027-03-01, with 2 other headlines"
                   " saying the same\n")
    assert _states(db_path) == {PEAS[0][1]: "accepted", PEAS[1][1]: "accepted",
                                PEAS[2][1]: "accepted", PEAS_CUT[1]: "pending"}
    with Store.open(db_path) as store:
        events = [e for e in accepted_events(store) if e.measure == "cn-peas"]
    assert [(e.action, e.source) for e in events] == [("remove", PEAS[0][1])]  # the one chosen
    assert [p["action"] for p in _peas_row(capsys, db_path)["pending"]] == ["lower"]


def test_undo_of_any_of_them_brings_back_all_and_removes_the_event(db_path: Path,
                                                                   capsys) -> None:
    from thawwatch.decisions import accepted_events
    from thawwatch.store import Store

    seed_items(db_path, items=PEAS)
    (removal,) = [p for p in _pending(capsys, db_path) if p["measure"] == "cn-peas"]
    _run(capsys, db_path, "ledger", "accept", removal["id"])
    code, out, _ = _run(capsys, db_path, "ledger", "undo", removal["also"][0]["id"])
    assert code == 0
    assert out == (f"undone: {removal['also'][0]['id']} is pending again, with 2 other"
                   " headlines saying the same (it was accepted)\n")
    assert set(_states(db_path).values()) == {"pending"}
    with Store.open(db_path) as store:
        assert [e for e in accepted_events(store) if e.measure == "cn-peas"] == []
    (again,) = [p for p in _pending(capsys, db_path) if p["measure"] == "cn-peas"]
    assert len(again["also"]) == 2


def test_dismissing_one_dismisses_its_twins_only(db_path: Path, capsys) -> None:
    seed_items(db_path, items=[*PEAS, PEAS_CUT])
    removal = next(p for p in _pending(capsys, db_path) if p["action"] == "remove")
    code, out, _ = _run(capsys, db_path, "ledger", "dismiss", removal["id"])
    assert code == 0 and out.endswith(", with 2 other headlines saying the same\n"), out
    assert _states(db_path) == {PEAS[0][1]: "dismissed", PEAS[1][1]: "dismissed",
                                PEAS[2][1]: "dismissed", PEAS_CUT[1]: "pending"}
    listed = _run(capsys, db_path, "ledger", "list")[1].splitlines()
    assert sum(" dismissed " in line for line in listed) == 3, listed


def test_a_headline_after_the_decision_is_a_new_pending_change(db_path: Path,
                                                               capsys) -> None:
    """Only the twins pending when the user decides are decided: a later report is news
    the user has not seen (a rumour dismissed can become an announcement)."""
    seed_items(db_path, items=PEAS[:2])
    (removal,) = [p for p in _pending(capsys, db_path) if p["measure"] == "cn-peas"]
    _run(capsys, db_path, "ledger", "dismiss", removal["id"])
    seed_items(db_path, items=PEAS[2:])
    (later,) = [p for p in _pending(capsys, db_path) if p["measure"] == "cn-peas"]
    assert later["link"] == PEAS[2][1] and "also" not in later
    assert _states(db_path)[PEAS[2][1]] == "pending"


def test_a_twin_naming_part_of_the_goods_is_another_change(db_path: Path, capsys) -> None:
    """"lobster" only and all seafood read alike but for their scope: two changes."""
    items = [("s1", "https://a.example/lobster",
              "China lifts tariffs on Canadian lobster from January 1", "",
              "2026-11-25T09:00:00Z"),
             ("s2", "https://b.example/seafood",
              "China lifts tariffs on all Canadian seafood from January 1", "",
              "2026-11-26T09:00:00Z")]
    seed_items(db_path, items=items)
    seafood = [p for p in _pending(capsys, db_path) if p["measure"] == "cn-seafood"]
    assert len(seafood) == 2 and not any("also" in p for p in seafood), seafood


@contextlib.asynccontextmanager
async def _peas_screen(db_path: Path, today: Any) -> AsyncIterator[tuple[Any, ...]]:
    """The dashboard on ``db_path`` as of ``today``, with the peas' measure screen open:
    (app, pilot, screen, its timeline), inside ``run_test``."""
    from conftest import settle
    from textual.widgets import DataTable

    from thawwatch.config import parse_config
    from thawwatch.tui.app import ThawwatchApp
    from thawwatch.tui.screens.measure import MeasureScreen

    config = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\n', "test.toml")
    app = ThawwatchApp(config=config, db_path=db_path, today=today, refresh_timer=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = MeasureScreen(app.snapshot, "cn-peas")
        await app.push_screen(screen)
        await settle(app, pilot)
        yield app, pilot, screen, screen.query_one("#measure-events", DataTable)


async def test_the_measure_screen_shows_one_row_and_a_decides_all(db_path: Path) -> None:
    from datetime import date

    from conftest import settle

    seed_items(db_path, items=PEAS)
    async with _peas_screen(db_path, date(2026, 11, 28)) as (app, pilot, screen, timeline):
        (change,) = app.snapshot.pending_for("cn-peas")
        assert len(change.also) == 2
        pending = [k.value for k in timeline.rows if (k.value or "").startswith("pending:")]
        assert pending == ["pending:" + change.id]
        row = timeline.get_row("pending:" + change.id)
        assert str(row[3]) == "pending +2" and str(row[-1]).startswith(PEAS[2][2][:40])
        head = " ".join(str(screen.query_one("#measure-head").render()).split())
        assert "pending: remove 0% from 2027-03-01 (3 headlines) — Pea growers" in head, head
        timeline.move_cursor(row=timeline.get_row_index("pending:" + change.id))
        await pilot.press("enter")
        await pilot.pause()
        box = " ".join(str(app.screen.query_one("#event-box Static").render()).split())
        assert f"Said also by 2 more headlines (a or d decides them with it): • {PEAS[1][2]}"\
            f" • {PEAS[0][2]}" in box, box
        await pilot.press("escape")
        await pilot.press("a")
        await settle(app, pilot, 2)
        assert set(_states(db_path).values()) == {"accepted"}
        assert app.snapshot.pending_for("cn-peas") == []
        toasts = [str(n.message) for n in app._notifications]
        assert any(t.startswith("Accepted: Peas — remove 0% from 2027-03-01, with 2 other"
                                " headlines saying the same") for t in toasts), toasts


async def test_one_extension_in_four_words_is_one_row_of_the_measure_screen(
        db_path: Path) -> None:
    """ "to Dec. 31, 2027", "from Jan. 1, 2027 to Dec. 31, 2027", "for another year" and
    "by a year" of the pea relief ending 31 December 2026 are one change: one row, and `a`
    settles the four with one ledger event."""
    from datetime import date

    from conftest import PEAS_EXTENDED, settle

    seed_items(db_path, items=PEAS_EXTENDED)
    async with _peas_screen(db_path, date(2026, 12, 30)) as (app, pilot, _, timeline):
        (change,) = app.snapshot.pending_for("cn-peas")
        pending = [k.value for k in timeline.rows if (k.value or "").startswith("pending:")]
        assert pending == ["pending:" + change.id]
        assert str(timeline.get_row("pending:" + change.id)[3]) == "pending +3"
        timeline.move_cursor(row=timeline.get_row_index("pending:" + change.id))
        await pilot.press("a")
        await settle(app, pilot, 2)
        assert set(_states(db_path).values()) == {"accepted"}
        ledger = app.snapshot.ledger
        assert len([e for e in ledger.events_for("cn-peas") if e.origin == "signal"]) == 1
        assert ledger.state("cn-peas", date(2027, 6, 1)).until == date(2027, 12, 31)


def test_an_undated_change_groups_only_headlines_days_apart(db_path: Path, capsys) -> None:
    """From a review: "China removes tariff on Canadian peas" in March and again in June
    (imposed again between) folded into one change, and accepting it dated the event by
    the June headline. An undated change groups headlines within 3 days of its newest,
    and its event takes the first report's day."""
    items = [("m1", "https://a.example/march", "China removes tariff on Canadian peas", "",
              "2026-03-01T09:00:00Z"),
             ("m2", "https://b.example/march", "China drops its tariff on Canadian peas", "",
              "2026-03-02T09:00:00Z"),
             ("j1", "https://c.example/june", "China removes its tariff on Canadian peas",
              "", "2026-06-20T09:00:00Z")]
    seed_items(db_path, items=items)
    pending = [p for p in _pending(capsys, db_path) if p["measure"] == "cn-peas"]
    assert [(p["link"], [a["link"] for a in p.get("also", [])]) for p in pending] == [
        ("https://c.example/june", []), ("https://b.example/march", ["https://a.example/march"])]
    _, out, _ = _run(capsys, db_path, "ledger", "accept", pending[1]["id"])
    assert out == ("accepted: cn-peas remove 0% from 2026-03-01, with 1 other headline saying"
                   " the same\n")
    assert _states(db_path) == {"https://a.example/march": "accepted",
                                "https://b.example/march": "accepted",
                                "https://c.example/june": "pending"}
