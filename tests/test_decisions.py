"""Pending tariff changes: accept makes a ledger event citing the headline; dismiss
persists; both show in `export` and `status`."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    NEWS_ITEMS,
    PEAS_EXTENDED,
    PEAS_NO_RENEWAL_THEN_JUNE,
    PEAS_RETURN_THEN_EXTENDED,
    SAMPLE_ITEMS,
    WITH_NEWS,
    seed_items,
)

from thawwatch.cli import main

STEEL = ("s1", "https://news.example/steel",
         "Canada lowers its surtax on Chinese steel to 15% from January 1, 2027",
         "Finance Canada said the 25% surtax on steel products from China would be cut to 15%.",
         "2026-11-18T09:00:00Z")


def _run(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_accept_and_dismiss_persist_and_export(db_path: Path, capsys) -> None:
    seed_items(db_path)
    code, out, _ = _run(capsys, db_path, "ledger", "pending", "--format", "json")
    pending = json.loads(out)
    by_measure = {p["measure"]: p for p in pending}
    assert {"cn-peas", "cn-canola-meal", "cn-seafood", "ca-ev-surtax"} <= set(by_measure)
    peas, ev = by_measure["cn-peas"], by_measure["ca-ev-surtax"]
    assert peas["action"] == "suspend" and peas["rate"] == 0
    assert peas["effective"] == "2026-03-01" and peas["until"] == "2026-12-31"

    assert _run(capsys, db_path, "ledger", "accept", peas["id"])[0] == 0
    assert _run(capsys, db_path, "ledger", "dismiss", ev["id"])[0] == 0
    # again (a script run twice): done already, not a failure; the other way, bad usage
    code, out, err = _run(capsys, db_path, "ledger", "accept", peas["id"])
    assert (code, out) == (0, "") and err == (f"thawwatch: note: change {peas['id']} was"
                                              " already accepted: nothing to do\n")
    code, _, err = _run(capsys, db_path, "ledger", "dismiss", peas["id"])
    assert code == 2 and err == (f"thawwatch: change {peas['id']!r} was already accepted"
                                 f" (`thawwatch ledger undo {peas['id']}` makes it pending"
                                 " again)\n")
    assert _run(capsys, db_path, "ledger", "dismiss", ev["id"])[0] == 0

    status = json.loads(_run(capsys, db_path, "status", "--format", "json",
                             "--as-of", "2026-11-28")[1])
    rows = {m["id"]: m for m in status["measures"]}
    assert rows["cn-peas"]["pending"] == [] and rows["ca-ev-surtax"]["pending"] == []
    assert len(rows["cn-seafood"]["pending"]) == 1
    assert set(rows["cn-seafood"]["pending"][0]) >= {"action", "rate", "item", "title", "link"}
    # the suspension was the ledger's already: accepting it settled the change and kept
    # the official notices behind the state (it put the headline in their place)
    assert rows["cn-peas"]["source"] == "Xinhua 2026-02-28; Reuters 2026-02-27"
    assert rows["cn-peas"]["basis"] == "verified"

    exported = [json.loads(line) for line in _run(capsys, db_path, "export")[1].splitlines()]
    states = {(s["measure"], s["state"]) for doc in exported for s in doc["signals"]}
    assert ("cn-peas", "accepted") in states and ("ca-ev-surtax", "dismissed") in states
    assert ("cn-seafood", "pending") in states

    code, _, err = _run(capsys, db_path, "ledger", "dismiss", "no-such-id")
    assert code == 2 and "no pending change" in err


def test_accepted_signal_statuses() -> None:
    from datetime import UTC, date, datetime

    from thawwatch.decisions import Decision, to_event

    def decision(measure: str, action: str, rate: float | None) -> Decision:
        return Decision("d-0", "d", measure, action, rate, date(2027, 1, 5), None, "pending",
                        "t", "https://x.example/", datetime(2027, 1, 4, tzinfo=UTC), None)

    assert to_event(decision("cn-peas", "restore", 100)).status == "in_force"
    assert to_event(decision("cn-tourism-ads", "restore", None)).status == "restored"
    assert to_event(decision("cn-peas", "suspend", 0)).status == "suspended"
    assert to_event(decision("ca-ev-surtax", "remove", 0)).status == "removed"
    event = to_event(decision("cn-peas", "extend", None))
    assert event.status is None and event.date == date(2027, 1, 5)


def test_a_change_settled_while_accept_waits_is_not_accepted_too(db_path: Path) -> None:
    """Two deciders racing (`a` and `d` in one keystroke, or the dashboard and `ledger
    accept`): the second must find the change settled and fail, not write its event over
    a dismissal. Here the dismissal holds the write lock while accept has already read
    the change as pending and waits for the lock."""
    import threading
    import time
    from datetime import UTC, datetime

    from thawwatch import decisions
    from thawwatch.errors import UsageError
    from thawwatch.ledger_file import load_ledger
    from thawwatch.store import Store

    seed_items(db_path)
    with Store.open(db_path) as first, Store.open(db_path) as second:
        decisions.sync_seed_ledger(first, load_ledger())
        peas = next(d for d in decisions.decisions(first, "pending") if d.measure == "cn-peas")
        second.conn.execute("BEGIN IMMEDIATE")
        second.conn.execute("UPDATE decisions SET state = 'dismissed' WHERE id = ?", (peas.id,))
        failed: list[BaseException] = []

        def accept() -> None:
            try:
                decisions.accept(first, peas.id, datetime.now(UTC))
            except UsageError as exc:
                failed.append(exc)

        racer = threading.Thread(target=accept)
        racer.start()
        time.sleep(0.5)  # accept has read "pending" and waits for the lock
        second.conn.execute("COMMIT")
        racer.join(10)
        assert [str(e) for e in failed] == [f"change {peas.id!r} was already dismissed"]
        assert decisions.accepted_events(first) == []
        assert decisions.get(first, peas.id).state == "dismissed"


def test_one_story_from_two_feeds_is_one_change_to_decide(db_path: Path, capsys) -> None:
    """Two outlets carrying the peas story make one pending change (not two that look
    alike, the second of which, accepted too, doubled the timeline) and one alert, and
    each says when it applies."""
    from thawwatch.alerts import signal_alerts
    from thawwatch.store import Store

    first = seed_items(db_path, items=WITH_NEWS)
    second = seed_items(db_path, "http://127.0.0.1:9/other.xml", name="Other Feed",
                        items=WITH_NEWS)
    code, out, _ = _run(capsys, db_path, "ledger", "pending", "--format", "json")
    assert code == 0
    pending = json.loads(out)
    changes = [(p["measure"], p["action"], p["effective"], p["until"]) for p in pending]
    assert len(changes) == len(set(changes))
    assert ("cn-peas", "suspend", "2026-03-01", "2026-12-31") in changes
    with Store.open(db_path) as store:
        alerts = [a.text for a in signal_alerts(store, first + second)]
    peas = [a for a in alerts if a.startswith("tariff signal: Peas (cn-peas)")]
    assert peas == ["tariff signal: Peas (cn-peas) suspend 0% from 2027-01-01 until 2027-12-31 — "
                    "China suspends tariffs on Canadian peas and canola meal for 2027"]
    text = _run(capsys, db_path, "ledger", "pending")[1]
    assert "cn-peas                  suspend 0% from 2026-03-01 until 2026-12-31  — " in text


def test_another_outlet_s_story_of_a_pending_change_raises_no_second_alert(
        db_path: Path) -> None:
    """A refresh later, another outlet's own story of the same change (its own words and
    link, so no copy of the first story) raised the "Tariff signal" alert again (QA)."""
    from thawwatch import decisions
    from thawwatch.alerts import signal_alerts
    from thawwatch.store import Store

    def peas_alerts(ids: list[str]) -> list[str]:
        with Store.open(db_path) as store:
            return [a.text for a in signal_alerts(store, ids) if a.measure == "cn-peas"]

    first = seed_items(db_path, items=WITH_NEWS)
    assert len(peas_alerts(first)) == 1
    retold = seed_items(db_path, "http://127.0.0.1:9/other.xml", name="Other Feed", items=[
        ("o1", "https://other.example/peas-reprieve",
         "Beijing suspends tariffs on Canadian peas and canola meal for 2027",
         "China will suspend the additional tariffs on Canadian peas, canola meal, lobster"
         " and crab from January 1 to December 31, 2027.", "2026-11-21T09:00:00Z")])
    with Store.open(db_path) as store:  # it is a pending headline of that change
        assert any(d.item_id in retold for d in decisions.decisions(store, "pending"))
    assert peas_alerts(retold) == []
    assert len(peas_alerts(first + retold)) == 1  # both new at once: one alert, as before


def test_one_extension_in_other_words_raises_one_alert(db_path: Path) -> None:
    """Four outlets told one extension of the pea relief four ways ("from Jan. 1, 2027 to
    Dec. 31, 2027", "to Dec. 31, 2027", "for another year", "by a year"): a refresh that
    brought them raised four "Tariff signal" alerts, and one a refresh later another."""
    from thawwatch.alerts import signal_alerts
    from thawwatch.store import Store

    def peas_alerts(ids: list[str]) -> list[str]:
        with Store.open(db_path) as store:
            return [a.text for a in signal_alerts(store, ids) if a.measure == "cn-peas"]

    first = seed_items(db_path, items=PEAS_EXTENDED[:3])
    (alert,) = peas_alerts(first)
    assert "Jan. 1, 2027 to Dec. 31, 2027" in alert, alert  # the oldest headline names it
    later = seed_items(db_path, "http://127.0.0.1:9/other.xml", name="Other Feed",
                       items=PEAS_EXTENDED[3:])
    assert peas_alerts(later) == []


def test_a_decided_change_is_decided_on_every_copy_of_its_story(db_path: Path,
                                                                capsys) -> None:
    """The second feed's copy has no decision of its own: export gives it the story's
    decision (not "pending"), and a new copy of a decided change raises no alert."""
    from thawwatch.alerts import signal_alerts
    from thawwatch.store import Store

    seed_items(db_path)
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    peas = next(p for p in pending if p["measure"] == "cn-peas")
    assert _run(capsys, db_path, "ledger", "dismiss", peas["id"])[0] == 0
    copies = seed_items(db_path, "http://127.0.0.1:9/other.xml", name="Other Feed")
    exported = [json.loads(line) for line in _run(capsys, db_path, "export")[1].splitlines()]
    states = [s["state"] for doc in exported for s in doc["signals"]
              if s["measure"] == "cn-peas"]
    assert states == ["dismissed", "dismissed"]
    with Store.open(db_path) as store:
        alerts = [a.text for a in signal_alerts(store, copies)]
    assert not any(a.startswith("tariff signal: Peas (cn-peas)") for a in alerts)


def test_alerts_come_oldest_first_across_the_500_id_slices(db_path: Path) -> None:
    """A cold refresh brings thousands of new items; their ids are looked up 500 at a
    time, and the alerts must still come in publication order over all of them (not
    slice by slice): the steel story (18 Nov) before the peas story (20 Nov), even when the
    peas id is in the first slice and the steel id in the second."""
    from thawwatch.alerts import signal_alerts
    from thawwatch.store import Store

    seed_items(db_path, items=[*NEWS_ITEMS, STEEL])
    fillers = seed_items(db_path, "http://127.0.0.1:9/wx.xml", name="Weather", items=[
        (f"w{n}", f"https://wx.example/{n}", f"Weather report {n}", "Sunny.",
         "2026-02-20T09:00:00Z") for n in range(500)])
    with Store.open(db_path) as store:
        ids = dict(store.conn.execute("SELECT guid, id FROM items WHERE guid IN ('g5', 's1')"))
        alerts = signal_alerts(store, [ids["g5"], *fillers, ids["s1"]])
    measures = [a.measure for a in alerts]
    assert "ca-steel-aluminum-surtax" in measures and "cn-peas" in measures
    assert measures.index("ca-steel-aluminum-surtax") < measures.index("cn-peas")


def test_pending_rates_are_written_as_export_writes_them(db_path: Path, capsys) -> None:
    """0, not 0.0: `ledger pending`, `status` and `export` give a whole rate alike, so a
    script comparing them as text (or jq's tostring) sees one value."""
    seed_items(db_path)
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    status = json.loads(_run(capsys, db_path, "status", "--format", "json",
                             "--as-of", "2026-11-28")[1])
    exported = [json.loads(line) for line in _run(capsys, db_path, "export")[1].splitlines()]
    rates = ([p["rate"] for p in pending]
             + [p["rate"] for m in status["measures"] for p in m["pending"]]
             + [s["rate"] for doc in exported for s in doc["signals"]])
    whole = [r for r in rates if r is not None and float(r).is_integer()]
    assert whole and all(type(r) is int for r in whole), rates


def test_pending_text_says_which_changes_the_ledger_has_already(db_path: Path,
                                                                capsys) -> None:
    """The sample headlines restate what the seed ledger holds (peas suspended from March 1
    to year end): `ledger pending` offered them as new changes. It now says the ledger has
    them; a change the ledger does not hold (pork removed) gets no such note."""
    seed_items(db_path, items=[
        ("p1", "https://news.example/p1", "China suspends tariffs on Canadian peas from March 1",
         "Beijing suspends its 100% tariff on Canadian peas from March 1 until Dec. 31, 2026.",
         "2026-02-27T08:00:00Z"),
        ("k1", "https://news.example/k1", "China removes 25% tariff on Canadian pork",
         "Beijing removes its 25% tariff on Canadian pork from November 1, 2026.",
         "2026-10-20T08:00:00Z")])
    code, out, _ = _run(capsys, db_path, "ledger", "pending")
    assert code == 0
    lines = {line.split()[1]: line for line in out.splitlines()}
    assert set(lines) >= {"cn-peas", "cn-pork"}, out
    assert lines["cn-peas"].endswith("(the ledger has this already)"), out
    assert "already" not in lines["cn-pork"], out
    # and scripts can tell the same apart: both JSON forms say which the ledger holds
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    held = {p["measure"]: p["in_ledger"] for p in pending}
    assert held["cn-peas"] is True and held["cn-pork"] is False, pending
    status = json.loads(_run(capsys, db_path, "status", "--format", "json")[1])
    in_status = {m["id"]: [p["in_ledger"] for p in m["pending"]] for m in status["measures"]}
    assert in_status["cn-peas"] == [True] and in_status["cn-pork"] == [False], in_status


CANOLA_CUTS = [
    ("c1", "https://news.example/c1", "China cuts anti-dumping duty on Canadian canola seed",
     "", "2026-11-20T08:00:00Z"),
    ("c2", "https://news.example/c2",
     "China to lower anti-dumping duty on Canadian canola seed to 15% from December 1",
     "", "2026-11-25T08:00:00Z"),
    ("c3", "https://news.example/c3", "China lowers canola seed duty to 3% from December 1",
     "", "2026-11-26T08:00:00Z"),
]


def _canola_pending(db_path: Path, capsys) -> dict[str, str]:
    """The pending canola seed changes by their headline's guid (c1, c2, c3)."""
    seed_items(db_path, items=CANOLA_CUTS)
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    return {p["link"].rsplit("/", 1)[1]: p["id"] for p in pending
            if p["measure"] == "cn-canola-seed-ad"}


def test_second_look_names_a_cut_without_a_rate_or_above_the_rate_in_force(
        db_path: Path, capsys) -> None:
    """Accepting "China cuts … canola seed" (no rate) wiped the 5.9% in force and its
    2031 end; accepting a "cut" to 15% while 5.9% is in force stepped the rate up."""
    from thawwatch.decisions import current_ledger, get, second_look
    from thawwatch.store import Store

    ids = _canola_pending(db_path, capsys)
    with Store.open(db_path) as store:
        ledger = current_ledger(store)
        looks = {k: second_look(get(store, ids[k]), ledger) for k in ("c1", "c2", "c3")}
    assert looks == {
        "c1": "it gives no rate: the rate would read as unknown from 2026-11-20",
        "c2": "it lowers the rate to 15% while 5.9% is in force",
        "c3": None,
    }


def test_ledger_accept_notes_a_second_look_and_undo_takes_it_back(db_path: Path,
                                                                   capsys) -> None:
    ids = _canola_pending(db_path, capsys)
    before = json.loads(_run(capsys, db_path, "status", "--format", "json",
                             "--as-of", "2026-11-28")[1])
    code, out, err = _run(capsys, db_path, "ledger", "accept", ids["c1"])
    assert code == 0 and out.startswith("accepted: cn-canola-seed-ad lower from 2026-11-20")
    # said after the accept: "now reads", not "would read" (a README audit)
    assert err == (f"thawwatch: note: it gives no rate: the rate now reads as unknown from"
                   f" 2026-11-20 (`thawwatch ledger undo {ids['c1']}` takes it back)\n")
    code, out, err = _run(capsys, db_path, "ledger", "undo", ids["c1"])
    assert (code, out, err) == (0, f"undone: {ids['c1']} is pending again (it was accepted)\n",
                                "")
    after = json.loads(_run(capsys, db_path, "status", "--format", "json",
                            "--as-of", "2026-11-28")[1])
    assert after == before  # the ledger as it was; the change pending again
    code, _, err = _run(capsys, db_path, "ledger", "undo", ids["c1"])
    assert code == 2 and "is pending: there is no decision to undo" in err
    assert _run(capsys, db_path, "ledger", "dismiss", ids["c2"])[0] == 0
    assert _run(capsys, db_path, "ledger", "undo", ids["c2"])[1].endswith("(it was dismissed)\n")
    code, _, err = _run(capsys, db_path, "ledger", "accept", ids["c3"])  # a plain cut
    assert code == 0 and err == ""


def test_an_accepted_cut_with_no_rate_reads_as_a_rate_unknown(db_path: Path,
                                                                capsys) -> None:
    """From a user audit: after accepting a cut that named no rate, `status` showed
    "Canola seed  75.8% in force  in force": no rate, no mark, no note, as if a cell
    were missing. It reads "?% in force", with a line saying why."""
    ids = _canola_pending(db_path, capsys)
    assert _run(capsys, db_path, "ledger", "accept", ids["c1"])[0] == 0
    lines = _run(capsys, db_path, "status", "--as-of", "2026-11-28")[1].splitlines()
    row = next(line for line in lines if line.startswith("Canola seed "))
    assert row.split()[3:9] == ["75.8%", "in", "force", "?%", "in", "force"], row
    note = next(line for line in lines if line.startswith("? Canola seed: "))
    assert note.startswith("? Canola seed: rate unknown: the headline accepted named none")


def test_accepting_a_new_change_twice_says_it_was_done(db_path: Path, capsys) -> None:
    """From a user audit: a second `ledger accept` of a change that made a ledger event
    failed with "event signal-…: duplicate event id" (the second look added the event
    again)."""
    ids = _canola_pending(db_path, capsys)
    assert _run(capsys, db_path, "ledger", "accept", ids["c3"])[0] == 0
    code, out, err = _run(capsys, db_path, "ledger", "accept", ids["c3"])
    assert (code, out) == (0, "") and "duplicate" not in err
    assert err.endswith("was already accepted: nothing to do\n")


def test_a_headline_restating_the_ledger_raises_no_alert_and_no_count(db_path: Path,
                                                                        capsys) -> None:
    """The sample headlines restate what the bundled ledger holds (the 2026 suspension,
    the EV surtax's end): they wait in `ledger pending`, marked, but raise no alert, and
    `status` counts only the news among them, as the dashboard does."""
    from thawwatch.alerts import signal_alerts
    from thawwatch.store import Store

    known = seed_items(db_path, items=SAMPLE_ITEMS)
    with Store.open(db_path) as store:
        assert [a.text for a in signal_alerts(store, known)] == []
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert {p["measure"] for p in pending} >= {"cn-peas", "ca-ev-surtax"}
    text = _run(capsys, db_path, "status", "--as-of", "2026-11-28")[1]
    peas = next(line for line in text.splitlines() if line.startswith("Peas "))
    assert peas.rstrip().endswith("(33 d)"), peas  # no count in the pending column
    assert text.rstrip().endswith(f"{len(pending)} pending change(s) the ledger has already:"
                                  " `thawwatch ledger pending` lists them")

    fresh = seed_items(db_path, items=NEWS_ITEMS)
    with Store.open(db_path) as store:
        alerts = [a.measure for a in signal_alerts(store, fresh)]
    assert alerts == ["cn-peas", "cn-canola-meal", "cn-seafood"]
    text = _run(capsys, db_path, "status", "--as-of", "2026-11-28")[1]
    peas = next(line for line in text.splitlines() if line.startswith("Peas "))
    assert peas.split()[-1] == "1" and "(33 d)" in peas, peas
    assert text.rstrip().endswith(f"3 pending change(s) ({len(pending)} more the ledger has"
                                  " already): review with `thawwatch ledger pending`")


def test_second_look_names_a_tariff_restored_without_a_rate(db_path: Path) -> None:
    """A surtax reinstated with no rate, where the ledger has none in force (the EV surtax
    was removed), would leave the rate unknown: it was accepted without a word. Group
    tours, which have no rate, need no second look; nor does the canola meal duty back on
    the day its suspension ends, which is the 100% the ledger has back then (until
    session 24, "China reinstates tariffs on Canadian canola meal from January 1" read as
    restored at a rate unknown, and was this test's example)."""
    from thawwatch.decisions import current_ledger, decisions, second_look
    from thawwatch.store import Store

    seed_items(db_path, items=[
        ("r1", "https://news.example/r1",
         "Canada reinstates surtax on Chinese EVs from January 1",
         "", "2026-11-20T09:00:00Z"),
        ("r2", "https://news.example/r2", "Beijing lifts ban on group tours to Canada",
         "", "2026-11-20T10:00:00Z"),
        ("r3", "https://news.example/r3",
         "China reinstates tariffs on Canadian canola meal from January 1",
         "", "2026-11-20T11:00:00Z")])
    with Store.open(db_path) as store:
        ledger = current_ledger(store)
        looks = {d.measure: (d.action, second_look(d, ledger))
                 for d in decisions(store, "pending")}
    assert looks == {
        "ca-ev-surtax": ("restore", "it gives no rate: the rate would read as unknown"
                                    " from 2027-01-01"),
        "cn-tourism-ads": ("restore", None),
        "cn-canola-meal": ("restore", None),
    }


def test_an_accepted_change_for_a_later_day_shows_where_the_end_date_would(
        db_path: Path, capsys) -> None:
    """Accepting "China removes 25% tariff on pork from December 15" changed nothing in
    `status` until that day: pork read "25% in force … —". The state now shows the change
    that ends it, in the until column, a line under the table and the JSON's "next"."""
    seed_items(db_path, items=[("p1", "https://news.example/p1",
                                "China removes 25% tariff on Canadian pork from December 15,"
                                " 2026", "", "2026-11-20T09:00:00Z")])
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    pork = next(p["id"] for p in pending if p["measure"] == "cn-pork")
    assert _run(capsys, db_path, "ledger", "accept", pork)[0] == 0
    doc = json.loads(_run(capsys, db_path, "status", "--format", "json",
                          "--as-of", "2026-11-28")[1])
    nexts = {m["id"]: m["next"] for m in doc["measures"]}
    assert nexts["cn-pork"] == {"rate": 0, "status": "removed", "since": "2026-12-15",
                                "until": None, "scope": None}
    assert nexts["cn-peas"] is None  # its suspension ends by itself (its until says so)
    text = _run(capsys, db_path, "status", "--as-of", "2026-11-28")[1]
    row = next(line for line in text.splitlines() if line.startswith("Pork "))
    assert row.rstrip().endswith("→ 12-15 (17 d)"), row
    assert "→ Pork: removed from 2026-12-15 (17 d)" in text.splitlines()
    after = json.loads(_run(capsys, db_path, "status", "--format", "json",
                            "--as-of", "2026-12-15")[1])
    now = next(m for m in after["measures"] if m["id"] == "cn-pork")
    assert (now["status"], now["next"]) == ("removed", None)


def test_a_change_the_ledger_holds_for_later_raises_a_changing_soon_alert(
        db_path: Path, capsys) -> None:
    from datetime import date

    from thawwatch.alerts import ending_alerts
    from thawwatch.decisions import current_ledger
    from thawwatch.store import Store

    seed_items(db_path, items=[("p1", "https://news.example/p1",
                                "China removes 25% tariff on Canadian pork from December 15,"
                                " 2026", "", "2026-11-20T09:00:00Z")])
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert _run(capsys, db_path, "ledger", "accept", pending[0]["id"])[0] == 0
    with Store.open(db_path) as store:
        ledger = current_ledger(store)
    alerts = [a.text for a in ending_alerts(ledger, date(2026, 11, 28), 30)]
    assert alerts == ["changing soon: Pork (25% in force) → removed from 2026-12-15 (17 d)"]
    assert ending_alerts(ledger, date(2026, 11, 10), 30) == []  # 35 days out


def test_ledger_list_shows_decided_changes_latest_first_in_local_time(
        db_path: Path, capsys, prairie_time: None) -> None:
    """A dismissed change came back only through `ledger undo ID`, with no way to find
    its id: `ledger list` lists the decided ones, the latest decision first, with the
    time decided in local time (03:00 UTC is 21:00 the evening before in Regina);
    `--state` picks pending, all or one state; JSON gives the full records."""
    from datetime import UTC, datetime

    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=WITH_NEWS)
    with Store.open(db_path) as store:
        by_measure = {d.measure: d for d in decisions.decisions(store, "pending")}
        peas, ev = by_measure["cn-peas"], by_measure["ca-ev-surtax"]
        decisions.dismiss(store, peas.id, datetime(2026, 11, 28, 3, 0, tzinfo=UTC))
        decisions.accept(store, ev.id, datetime(2026, 11, 28, 15, 30, tzinfo=UTC))
        still = len(decisions.decisions(store, "pending"))
    code, out, err = _run(capsys, db_path, "ledger", "list")
    head, *lines = out.splitlines()  # the columns named
    assert head.split() == ["id", "state", "decided", "(local)", "measure", "change", "—",
                            "headline"], head
    assert code == 0 and len(lines) == 2, out
    assert lines[0].startswith(f"{ev.id}  accepted   2026-11-28 09:30  ca-ev-surtax ")
    assert lines[1].startswith(f"{peas.id}  dismissed  2026-11-27 21:00  cn-peas ")
    assert lines[1].endswith(f"— {peas.title}")
    assert head.index("decided") == lines[0].index("2026") and head.index(
        "measure") == lines[0].index("ca-ev-surtax"), out  # the header sits over its column
    assert "ledger undo ID" in err
    out = _run(capsys, db_path, "ledger", "list", "--state", "dismissed")[1]
    assert [line.split()[0] for line in out.splitlines()[1:]] == [peas.id]
    out = _run(capsys, db_path, "ledger", "list", "--state", "all")[1]
    head, *lines = out.splitlines()
    assert len(lines) == 2 + still and lines[-1].split()[1] == "pending"
    # a pending change has no decision time: a dash, not a row of hyphens read as a date
    assert lines[-1].split()[2] == "—" and lines[-1].index("cn-") == head.index("measure")
    records = json.loads(_run(capsys, db_path, "ledger", "list", "--format", "json")[1])
    assert [(r["id"], r["state"], r["decided_at"]) for r in records] == [
        (ev.id, "accepted", "2026-11-28T15:30:00Z"), (peas.id, "dismissed", "2026-11-28T03:00:00Z")]
    assert _run(capsys, db_path, "ledger", "undo", peas.id)[0] == 0
    out = _run(capsys, db_path, "ledger", "list", "--state", "dismissed")[1]
    assert out.strip() == "no dismissed changes"


def test_a_change_to_part_of_the_seafood_keeps_its_part_into_the_ledger(
        db_path: Path, capsys) -> None:
    """Accepting "China lifts tariffs on Canadian lobster" made all seafood duty-free:
    the pending change says "on lobster only", and accepted, the ledger's seafood row is
    starred with what it covers, as the bundled suspension's is."""
    lobster = ("l1", "https://news.example/lobster",
               "China lifts tariffs on Canadian lobster from January 1",
               "Beijing said the 25% additional tariff on Canadian lobster would be removed"
               " from January 1, 2027.", "2026-11-25T09:00:00Z")
    seed_items(db_path, items=[lobster])
    out = _run(capsys, db_path, "ledger", "pending", "--format", "json")[1]
    (pending,) = json.loads(out)
    assert (pending["measure"], pending["action"], pending["scope"]) == (
        "cn-seafood", "remove", "lobster")
    out = _run(capsys, db_path, "ledger", "pending")[1]
    assert "remove 0% on lobster only from 2027-01-01" in out
    assert _run(capsys, db_path, "ledger", "accept", pending["id"])[0] == 0
    status = json.loads(_run(capsys, db_path, "status", "--format", "json",
                             "--as-of", "2027-01-02")[1])
    seafood = next(m for m in status["measures"] if m["id"] == "cn-seafood")
    assert (seafood["status"], seafood["scope"]) == ("removed", "only lobster, as the headline"
                                                                " says")
    lines = _run(capsys, db_path, "status", "--as-of", "2027-01-02")[1].splitlines()
    assert any(line.startswith("Seafood ") and "removed*" in line for line in lines)
    assert "* Seafood: only lobster, as the headline says" in lines


def test_a_duty_back_above_a_quota_stars_the_ev_row_with_what_it_covers(
        db_path: Path, capsys) -> None:
    """Accepted, "… surtax on Chinese EVs above quota" read "EVs 100% in force", as if every
    Chinese EV paid it again: the row is starred with the part the change covers."""
    seed_items(db_path, items=[(
        "e1", "https://news.example/ev-quota",
        "Canada to reinstate 100% surtax on Chinese EVs above quota from January 1", "",
        "2026-11-25T09:00:00Z")])
    out = _run(capsys, db_path, "ledger", "pending", "--format", "json")[1]
    (pending,) = json.loads(out)
    assert (pending["measure"], pending["action"], pending["scope"]) == (
        "ca-ev-surtax", "restore", "imports above the quota")
    assert _run(capsys, db_path, "ledger", "accept", pending["id"])[0] == 0
    lines = _run(capsys, db_path, "status", "--as-of", "2027-01-02")[1].splitlines()
    assert any(line.startswith("EVs ") and "100% in force*" in line for line in lines), lines
    assert "* EVs: only imports above the quota, as the headline says" in lines


def test_ledger_list_on_a_mistyped_db_says_it_is_missing(tmp_path: Path,
                                                                 capsys) -> None:
    """As `ledger pending` does: a typo in --db must not read as "no decided changes"."""
    db = tmp_path / "typo.db"
    code, out, err = _run(capsys, db, "ledger", "list")
    assert code == 0 and out.strip() == "no decided changes"
    assert f"{db} does not exist: read as an empty database" in err and not db.exists()


def test_scoped_changes_neither_narrow_nor_hide_a_wider_change(db_path: Path, capsys) -> None:
    """From a user review: after accepting "lobster" only, "all seafood" read as held
    already, and accepted, the row stayed "only lobster"; a repeat of the 2026 suspension
    naming lobster narrowed the seed's lobster-and-crab scope; an extension naming lobster
    dropped crab. A scoped change that would set the row's state asks for a second look."""
    from thawwatch import decisions
    from thawwatch.store import Store

    lobster = ("l1", "https://news.example/lobster",
               "China lifts tariffs on Canadian lobster from January 1", "",
               "2026-11-25T09:00:00Z")
    seafood = ("s2", "https://news.example/seafood",
               "China lifts tariffs on all Canadian seafood from January 1", "",
               "2026-11-26T09:00:00Z")
    again = ("r1", "https://news.example/again",
             "China suspends tariffs on Canadian lobster from March 1 to December 31", "",
             "2026-02-27T09:00:00Z")
    extend = ("e1", "https://news.example/extend",
              "China extends lobster tariff suspension to end of 2027", "",
              "2026-11-20T09:00:00Z")
    seed_items(db_path, items=[lobster, seafood, again, extend])

    def seafood_row(as_of: str = "2026-11-28") -> dict:
        """The Seafood row of `status --format json`."""
        status = _run(capsys, db_path, "status", "--format", "json", "--as-of", as_of)[1]
        return next(m for m in json.loads(status)["measures"] if m["id"] == "cn-seafood")

    with Store.open(db_path) as store:
        by_title = {d.title: d for d in decisions.decisions(store, "pending")}
        ledger = decisions.current_ledger(store)
        look = decisions.second_look(by_title[lobster[2]], ledger)
        assert look == ("it names lobster only: the Seafood row would read as this change"
                        " for all it covers, starred 'only lobster'")
        held = decisions.second_look(by_title[again[2]], ledger)
        assert held is None and not decisions.is_news(ledger, by_title[again[2]])
        look = decisions.second_look(by_title[extend[2]], ledger)
        assert look is not None and "(lobster and crab;" in look
    _run(capsys, db_path, "ledger", "accept", by_title[again[2]].id)
    row = seafood_row()
    assert row["scope"].startswith("lobster and crab;"), row  # not narrowed
    _run(capsys, db_path, "ledger", "accept", by_title[extend[2]].id)
    row = seafood_row()
    assert row["until"] == "2027-12-31" and row["scope"].startswith(
        "lobster and crab;"), row  # crab kept
    _run(capsys, db_path, "ledger", "accept", by_title[lobster[2]].id)
    with Store.open(db_path) as store:
        ledger = decisions.current_ledger(store)
        wider = next(d for d in decisions.decisions(store, "pending") if d.title == seafood[2])
        assert decisions.is_news(ledger, wider)  # all seafood is more than lobster
    _run(capsys, db_path, "ledger", "accept", wider.id)
    row = seafood_row("2027-01-02")
    assert (row["status"], row["scope"]) == ("removed", None), row


def test_ending_a_suspension_brings_the_duty_back_at_its_rate(db_path: Path, capsys) -> None:
    """ "China ends tariff suspension on Canadian peas" read as the pea tariff removed (0%,
    warming). It is the duty back: a restore, cooling; accepted, peas read 100% in force
    (the rate suspended), not "restored" at a rate unknown, and no note says it would."""
    from thawwatch.signals import classify

    title = "China ends tariff suspension on Canadian peas"
    result = classify(title, "", date(2026, 11, 25))
    assert [(s.measure, s.action) for s in result.signals] == [("cn-peas", "restore")]
    assert result.direction == "cooling"
    for other in ("China ends tariff break on Canadian peas",
                  "China's tariff suspension on Canadian peas ends"):
        assert [s.action for s in classify(other, "", date(2026, 11, 25)).signals] == [
            "restore"], other
    seed_items(db_path, items=[("p1", "https://news.example/p", title, "",
                                "2026-11-25T09:00:00Z")])
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    code, _, err = _run(capsys, db_path, "ledger", "accept", pending[0]["id"])
    assert code == 0 and "no rate" not in err, err
    status = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                             "2026-11-28")[1])
    peas = next(m for m in status["measures"] if m["id"] == "cn-peas")
    assert (peas["rate"], peas["status"]) == (100, "in_force"), peas


@contextlib.contextmanager
def _one_pending(db_path: Path, measure: str,
                 headline: tuple[str, ...]) -> Iterator[tuple[Any, Any]]:
    """The store and the one pending change ``headline`` brings to ``measure``."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[headline])
    with Store.open(db_path) as store:
        (change,) = [d for d in decisions.decisions(store, "pending") if d.measure == measure]
        yield store, change


def test_an_extension_without_an_end_is_flagged_as_news(db_path: Path, capsys) -> None:
    """From a user review: "China extends suspension of tariffs on Canadian peas" read as
    held already (it names no new end, so accepting it changes no date), and nothing was
    flagged a month before the suspension's end the ledger counts down to. It is news."""
    from thawwatch import decisions

    with _one_pending(db_path, "cn-peas", (
            "x1", "https://news.example/peas-extend",
            "China extends suspension of tariffs on Canadian peas", "",
            "2026-11-20T09:00:00Z")) as (store, change):
        assert (change.action, change.until) == ("extend", None)
        assert decisions.is_news(decisions.current_ledger(store), change)
    code, out, _ = _run(capsys, db_path, "ledger", "pending")
    assert code == 0
    line = next(line for line in out.splitlines() if "peas" in line.lower())
    assert "has this already" not in line, out


def test_an_accepted_change_is_known_from_its_headline_s_day(db_path: Path, capsys) -> None:
    """`status --as-of` a day before the headline must not show the change it brought as
    coming: the accepted event keeps the day its headline was published."""
    from thawwatch import decisions

    with _one_pending(db_path, "cn-pork", (
            "p9", "https://news.example/pork9",
            "China removes 25% tariff on Canadian pork from March 1, 2027", "",
            "2026-11-20T09:00:00Z")) as (store, change):
        decisions.accept(store, change.id, change.published)
        (event,) = decisions.accepted_events(store)
        assert event.announced == date(2026, 11, 20)
    before = json.loads(_run(capsys, db_path, "status", "--format", "json",
                             "--as-of", "2026-11-19")[1])
    after = json.loads(_run(capsys, db_path, "status", "--format", "json",
                            "--as-of", "2026-11-20")[1])
    by_id = {m["id"]: m for m in before["measures"]}, {m["id"]: m for m in after["measures"]}
    assert by_id[0]["cn-pork"]["next"] is None
    assert by_id[1]["cn-pork"]["next"]["status"] == "removed"


def test_the_database_copy_of_the_seed_ledger_follows_every_field_of_the_bundled_one(
        db_path: Path) -> None:
    """SQL users read the measures and seed events from the database. A correction to
    the bundled ledger that touched only a basis (a fact sheet row going from "presumed" to
    "V"), a summary, a scope, the announcement day or a measure's product left the old
    row there: the copy is skipped when a digest matches, and the digest read only id,
    date, action, rate, status, until and source."""
    from dataclasses import replace

    from thawwatch import decisions
    from thawwatch.ledger import Ledger
    from thawwatch.ledger_file import load_ledger
    from thawwatch.store import Store

    bundled = load_ledger()
    pork = "cn-pork-2026-02-27-note"
    edits = {"basis": "verified", "summary": "edited summary", "scope": "edited scope",
             "announced": date(2026, 2, 20), "approximate": True}
    events = [replace(e, **edits) if e.id == pork else e for e in bundled.events]
    measures = {**bundled.measures,
                "cn-pork": replace(bundled.measures["cn-pork"], product="edited product")}
    with Store.open(db_path) as store:
        decisions.sync_seed_ledger(store, bundled)
        decisions.sync_seed_ledger(store, Ledger(measures, events))
        row = store.conn.execute(
            "SELECT basis, summary, scope, announced, approximate FROM events WHERE id = ?",
            (pork,)).fetchone()
        product = store.conn.execute(
            "SELECT product FROM measures WHERE id = 'cn-pork'").fetchone()[0]
    assert tuple(row) == ("verified", "edited summary", "edited scope", "2026-02-20", 1)
    assert product == "edited product"


def test_a_relief_let_lapse_brings_the_duty_back_when_it_was_due_to_end(
        db_path: Path, capsys) -> None:
    """ "China lets tariff pause on Canadian peas lapse", a month before the pause ends on
    2026-12-31, gives no day: accepted, it made peas 100% from the headline's day, a month
    early. The duty is back the day after the end the ledger has; the headline confirms
    what the ledger only presumed ("unless extended"), and is flagged as news meanwhile."""
    seed_items(db_path, items=[("l1", "https://news.example/lapse",
                                "China lets tariff pause on Canadian peas lapse", "",
                                "2026-11-30T09:00:00Z")])
    code, out, _ = _run(capsys, db_path, "ledger", "pending")
    line = next(line for line in out.splitlines() if "cn-peas" in line)
    assert "restore from 2027-01-01, when its relief ends" in line, out
    assert "has this already" not in line, out
    (change,) = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert (change["action"], change["effective"], change["at_relief_end"]) == (
        "restore", None, True)
    code, _, err = _run(capsys, db_path, "ledger", "accept", change["id"])
    assert code == 0 and "no rate" not in err, err

    def peas(as_of: str) -> dict[str, Any]:
        doc = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                              as_of)[1])
        return next(m for m in doc["measures"] if m["id"] == "cn-peas")

    december = peas("2026-12-15")
    assert (december["rate"], december["status"], december["until"]) == (
        0, "suspended", "2026-12-31"), december
    january = peas("2027-01-02")
    assert (january["rate"], january["status"], january["since"]) == (
        100, "in_force", "2027-01-01"), january
    assert january["source"] == "https://news.example/lapse"
    assert january["basis"] != "presumed", january


def test_a_relief_said_to_have_run_out_is_the_duty_back_at_its_rate(db_path: Path,
                                                                     capsys) -> None:
    """ "China's tariff pause on Canadian peas expired", read on 3 January, is the 100%
    the ledger has back from 1 January: accepted, it read "restored" at a rate unknown."""
    from thawwatch import decisions

    with _one_pending(db_path, "cn-peas", (
            "e1", "https://news.example/expired",
            "China's tariff pause on Canadian peas expired", "",
            "2027-01-03T09:00:00Z")) as (store, change):
        assert change.action == "restore" and change.rate is None
        ledger = decisions.current_ledger(store)
        assert decisions.second_look(change, ledger) is None
        decisions.accept(store, change.id, change.published)
    doc = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                          "2027-01-05")[1])
    peas = next(m for m in doc["measures"] if m["id"] == "cn-peas")
    assert (peas["rate"], peas["status"]) == (100, "in_force"), peas
    assert peas["source"] == "https://news.example/expired"


def test_an_extension_by_a_year_runs_a_year_past_the_end_the_ledger_has(
        db_path: Path, capsys) -> None:
    """ "China extends tariff relief on Canadian peas for another year" gives a length, not
    an end: the year counts from the 2026-12-31 end the ledger has, so the relief runs to
    2027-12-31. It read "extend 0%" with no end, and accepting it left the pause ending on
    2026-12-31 (or, worded "continue suspending … for another 12 months", read a new
    suspension to 2027-11-29, counted from the headline's day)."""
    seed_items(db_path, items=[
        ("x1", "https://news.example/another-year",
         "China extends tariff relief on Canadian peas for another year", "",
         "2026-11-30T09:00:00Z"),
        ("x2", "https://news.example/twelve-months", "Big win for Prairie farmers",
         "Beijing announced it would continue suspending its 100% duties on Canadian canola"
         " meal for another 12 months.", "2026-11-30T10:00:00Z")])
    code, out, _ = _run(capsys, db_path, "ledger", "pending")
    lines = {m: next(line for line in out.splitlines() if m in line)
             for m in ("cn-peas", "cn-canola-meal")}
    for line in lines.values():
        assert "extend 0% by 1 year, until 2027-12-31" in line, out
        assert "has this already" not in line, out
    changes = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert sorted((c["action"], c["until"], c["by_months"]) for c in changes) == [
        ("extend", None, 12), ("extend", None, 12)]
    for change in changes:
        code, out, err = _run(capsys, db_path, "ledger", "accept", change["id"])
        assert code == 0 and "until 2027-12-31" in out and not err, (out, err)

    def state(measure: str, as_of: str) -> dict[str, Any]:
        doc = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                              as_of)[1])
        return next(m for m in doc["measures"] if m["id"] == measure)

    for measure in ("cn-peas", "cn-canola-meal"):
        june = state(measure, "2027-06-01")
        assert (june["rate"], june["status"], june["until"]) == (
            0, "suspended", "2027-12-31"), june
        after = state(measure, "2028-01-02")
        assert (after["rate"], after["status"], after["since"]) == (
            100, "in_force", "2028-01-01"), after


def _extended_once_to_end_2027(ledger: Any) -> None:
    """The pea relief extended by one accepted event: to 2027-12-31, then the 100% back."""
    events = [e for e in ledger.events_for("cn-peas") if e.origin == "signal"]
    assert len(events) == 1, events
    assert ledger.state("cn-peas", date(2027, 12, 31)).until == date(2027, 12, 31)
    after = ledger.state("cn-peas", date(2028, 1, 1))
    assert (after.rate, after.status) == (100.0, "in_force")


@pytest.mark.parametrize("first", range(len(PEAS_EXTENDED)))
def test_one_extension_however_worded_is_one_pending_change(
        db_path: Path, capsys, first: int) -> None:
    """From a user review: one extension came as "from 2027-01-01 until 2027-12-31",
    "until 2027-12-31", "for another year" and "by a year"; `ledger pending` listed four
    changes to decide, and only accepting one showed the others held already. They are
    one change, carried by four headlines: whichever is accepted (or dismissed) settles
    the four, with one event; undoing it brings the four back."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=PEAS_EXTENDED)
    changes = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    (peas,) = changes  # one change, not four
    assert len(peas["also"]) == len(PEAS_EXTENDED) - 1, peas
    out = _run(capsys, db_path, "ledger", "pending")[1]
    assert "(+3 more headlines saying it: deciding this one decides them too)" in out, out
    with Store.open(db_path) as store:
        pending = decisions.decisions(store, "pending")
    chosen = next(d for d in pending if d.title == PEAS_EXTENDED[first][2])
    code, out, _ = _run(capsys, db_path, "ledger", "accept", chosen.id)
    assert code == 0 and "with 3 other headlines saying the same" in out, out
    with Store.open(db_path) as store:
        assert decisions.decisions(store, "pending") == []
        peas_ledger = decisions.current_ledger(store)
    _extended_once_to_end_2027(peas_ledger)

    code, out, _ = _run(capsys, db_path, "ledger", "undo", chosen.id)
    assert code == 0 and "with 3 other headlines saying the same" in out, out
    with Store.open(db_path) as store:
        assert len(decisions.decisions(store, "pending")) == len(PEAS_EXTENDED)
        assert not [e for e in decisions.accepted_events(store)]
    code, out, _ = _run(capsys, db_path, "ledger", "dismiss", chosen.id)
    assert code == 0 and "with 3 other headlines saying the same" in out, out
    with Store.open(db_path) as store:
        assert decisions.decisions(store, "pending") == []


@pytest.mark.parametrize("first", range(len(PEAS_EXTENDED)))
def test_one_extension_however_worded_is_news_once(db_path: Path, first: int) -> None:
    """From a user review: one extension came as "from 2027-01-01 until 2027-12-31",
    "until 2027-12-31" and "by 1 year"; accepting one left the others, coming after it,
    pending as news, not "the ledger has this already", and accepting another wrote a
    second event (or, by a year counted from the end just moved, extended the relief to
    2028). Whichever is accepted first, the others hold already, and the relief ends
    2027-12-31."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[PEAS_EXTENDED[first]])
    with Store.open(db_path) as store:
        (chosen,) = [d for d in decisions.decisions(store, "pending")
                     if d.measure == "cn-peas"]
        assert decisions.is_news(decisions.current_ledger(store), chosen)
        assert decisions.accept(store, chosen.id, chosen.published) is not None
    seed_items(db_path, items=[w for i, w in enumerate(PEAS_EXTENDED) if i != first])
    with Store.open(db_path) as store:
        ledger = decisions.current_ledger(store)
        rest = [d for d in decisions.decisions(store, "pending") if d.measure == "cn-peas"]
        assert len(rest) == len(PEAS_EXTENDED) - 1
        assert not [d.title for d in rest if decisions.is_news(ledger, d)]
        # accepted all the same (one of them settles the others, one change): no second
        # event
        assert decisions.accept(store, rest[0].id, rest[0].published) is None
        assert not [d for d in decisions.decisions(store, "pending") if d.measure == "cn-peas"]
        _extended_once_to_end_2027(decisions.current_ledger(store))


def _t(guid: str, title: str, published: str, link: str = "") -> tuple[str, ...]:
    """A headline as ``seed_items`` takes it."""
    return (guid, link or f"https://news.example/{guid}", title, "", published)


def test_undo_brings_back_the_group_settled_whatever_the_ledger_reads_now(
        db_path: Path, capsys) -> None:
    """From a review: undo found the group again by reading the headlines with the ledger
    of the moment. After "to June 30, 2027" (September) was accepted too, "by a year" read
    from that end (to 2028-06-30): undoing "to Dec. 31, 2027" left its twin accepted and
    the extension in the ledger. The group settled is the group undone."""
    from datetime import UTC

    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[
        _t("s", "China extends tariff relief on Canadian peas to June 30, 2027",
           "2026-09-01T09:00:00Z"),
        _t("a", "China extends tariff relief on Canadian peas to Dec. 31, 2027",
           "2026-12-10T09:00:00Z"),
        _t("b", "China extends pea tariff pause by a year", "2026-12-12T09:00:00Z")])
    changes = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    by_year = next(c for c in changes if c.get("also"))
    (dec31,) = by_year["also"]
    june = next(c for c in changes if not c.get("also"))
    with Store.open(db_path) as store:  # a minute apart
        decisions.accept(store, by_year["id"], datetime(2026, 12, 13, 9, 0, tzinfo=UTC))
        decisions.accept(store, june["id"], datetime(2026, 12, 13, 9, 1, tzinfo=UTC))
    code, out, _ = _run(capsys, db_path, "ledger", "undo", dec31["id"])
    assert code == 0 and "with 1 other headline saying the same" in out, out
    doc = json.loads(_run(capsys, db_path, "ledger", "show", "cn-peas", "--format", "json")[1])
    assert [e["source"] for e in doc["events"] if e["origin"] == "signal"] == [
        "https://news.example/s"]
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert {c["id"] for c in pending} | {t["id"] for c in pending
                                         for t in c.get("also", ())} == {by_year["id"],
                                                                         dec31["id"]}


def test_a_rumour_months_before_is_not_the_notice(db_path: Path) -> None:
    """From a review: a June rumour "to extend … to Dec. 31, 2027" left pending swallowed
    December's notice of the same end: no alert, and accepting it dated the extension from
    June. Differently worded reports of one extension are one change within 60 days."""
    from thawwatch import decisions
    from thawwatch.alerts import signal_alerts
    from thawwatch.store import Store

    seed_items(db_path, items=[_t("j", "China to extend tariff relief on Canadian peas to"
                                  " Dec. 31, 2027", "2026-06-15T09:00:00Z")])
    new = seed_items(db_path, "http://127.0.0.1:9/mof.xml", name="MOFCOM", items=[_t(
        "d", "China extends tariff suspension on Canadian peas until Dec. 31, 2027",
        "2026-12-15T09:00:00Z", "https://www.mofcom.gov.cn/notice")])
    with Store.open(db_path) as store:
        assert len(signal_alerts(store, new)) == 1
        changes = decisions.pending_changes(store)
    assert len(changes) == 2 and not any(c.also for c in changes)


def test_the_same_words_either_side_of_the_relief_s_end_are_one_change(db_path: Path,
                                                                      capsys) -> None:
    """From a review: "extends … to Dec. 31, 2027" on 30 December and again on 2 January
    (when the relief has ended) were two changes and two alerts; accepting the later dated
    the extension from 2 January, the duty back on the 1st. "By a year" on 2 January is
    that extension too."""
    from thawwatch.alerts import signal_alerts
    from thawwatch.store import Store

    seed_items(db_path, items=[_t("x", "China extends tariff relief on Canadian peas to"
                                  " Dec. 31, 2027", "2026-12-30T09:00:00Z")])
    new = seed_items(db_path, "http://127.0.0.1:9/two.xml", name="Two", items=[
        _t("y", "China extends tariff suspension on Canadian peas to Dec. 31, 2027",
           "2027-01-02T09:00:00Z"),
        # in other words, counted from the end just passed (as the ledger reads it)
        _t("z", "Pea growers relieved as China extends tariff pause by a year",
           "2027-01-02T12:00:00Z")])
    with Store.open(db_path) as store:
        assert signal_alerts(store, new) == []
    (change,) = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert len(change["also"]) == 2
    assert _run(capsys, db_path, "ledger", "accept", change["id"])[0] == 0
    doc = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                          "2027-01-01")[1])
    peas = next(m for m in doc["measures"] if m["id"] == "cn-peas")
    assert (peas["status"], peas["until"]) == ("suspended", "2027-12-31"), peas


def test_an_extension_read_at_the_duty_s_rate_is_a_change_of_its_own(db_path: Path) -> None:
    """From a review: "extends 100% tariff on Canadian peas until Dec. 31, 2027" (a
    misreading the second look flags) joined the relief's extensions, and led them."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[
        _t("r", "China extends tariff relief on Canadian peas to Dec. 31, 2027",
           "2026-12-10T09:00:00Z"),
        _t("h", "China extends 100% tariff on Canadian peas until Dec. 31, 2027",
           "2026-12-11T09:00:00Z")])
    with Store.open(db_path) as store:
        changes = decisions.pending_changes(store)
    assert sorted((c.rate, len(c.also)) for c in changes) == [(0.0, 0), (100.0, 0)]


def test_the_ledger_cites_the_official_notice_among_the_headlines_of_a_change(
        db_path: Path, capsys) -> None:
    """Accepting the newest headline of a change (as the dashboard's `a` does) made the
    ledger cite that outlet, though the Customs Tariff Commission's own notice said it:
    the notice is the source a lawyer checks. A lone news headline is still cited."""
    notice = ("n1", "https://gss.mof.gov.cn/gzdt/zhengcefabu/202612/t20261218_1.htm",
              "Announcement of the Customs Tariff Commission of the State Council on"
              " continuing to suspend additional tariffs on Canadian peas until December 31,"
              " 2027", "", "2026-12-18T08:00:00Z")
    seed_items(db_path, "http://127.0.0.1:9/mof.xml", name="Customs Tariff Commission",
               items=[notice])
    seed_items(db_path, items=PEAS_EXTENDED[2:4])  # "for another year", "by a year"
    (change,) = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert change["link"] == PEAS_EXTENDED[3][1]  # the newest leads, as everywhere
    code, out, _ = _run(capsys, db_path, "ledger", "accept", change["id"])
    assert code == 0 and "with 2 other headlines saying the same" in out, out
    doc = json.loads(_run(capsys, db_path, "ledger", "show", "cn-peas", "--format", "json",
                          "--as-of", "2026-12-20")[1])
    (accepted,) = [e for e in doc["events"] if e["origin"] == "signal"]
    assert (accepted["source"], accepted["outlet"], accepted["until"]) == (
        notice[1], "Customs Tariff Commission, 2026-12-18", "2027-12-31"), accepted
    # taken back with the headline accepted, and the three are pending again
    code, out, _ = _run(capsys, db_path, "ledger", "undo", change["id"])
    assert code == 0 and "with 2 other headlines saying the same" in out, out
    doc = json.loads(_run(capsys, db_path, "ledger", "show", "cn-peas", "--format", "json")[1])
    assert not [e for e in doc["events"] if e["origin"] == "signal"]
    (again,) = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert len(again["also"]) == 2


@pytest.mark.parametrize(("link", "is_official"), [
    ("https://www.canada.ca/en/department-finance/news/2026/12/x.html", True),
    ("https://fin.gc.ca/n26/x.html", True),
    ("http://english.mofcom.gov.cn/article/x.shtml", True),
    ("https://www.gov.cn/zhengce/x.htm", True),
    ("https://gov.cn.news.example/x", False),  # looks like it, is not
    ("https://notgov.cn/x", False),
    ("https://news.example/gov.cn/x", False),
    ("ftp://fin.gc.ca/x", False),
    ("", False),
    (None, False),
])
def test_official_links(link: str | None, is_official: bool) -> None:
    from thawwatch.decisions import official

    assert official(link) is is_official


def test_a_relief_renewed_from_the_day_after_its_end_runs_on_from_its_start(
        db_path: Path, capsys) -> None:
    """From a user review: on 2 January 2027, with "from Jan. 1, 2027 to Dec. 31, 2027"
    accepted, `status` said the pea relief ran "since 2027-01-01", as if new, though it had
    run unbroken since 2026-03-01. Its start stays; what `status` says comes next (the
    renewal, before it starts) is still dated from 2027-01-01."""
    seed_items(db_path, items=PEAS_EXTENDED[:1])
    change = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    (peas,) = [c for c in change if c["effective"] == "2027-01-01"]
    assert _run(capsys, db_path, "ledger", "accept", peas["id"])[0] == 0

    def state(as_of: str) -> dict[str, Any]:
        doc = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                              as_of)[1])
        return next(m for m in doc["measures"] if m["id"] == "cn-peas")

    january = state("2027-01-02")
    assert (january["rate"], january["status"], january["since"], january["until"]) == (
        0, "suspended", "2026-03-01", "2027-12-31"), january
    december = state("2026-12-20")
    assert december["until"] == "2026-12-31" and december["next"]["since"] == "2027-01-01", \
        december
    out = _run(capsys, db_path, "ledger", "show", "cn-peas", "--as-of", "2026-12-20")[1]
    assert ("as of 2026-12-20: 0% suspended since 2026-03-01 until 2026-12-31 (11 d), renewed"
            " until 2027-12-31 (376 d)\n") in out, out  # as `status` says: not "then 100% …"


def test_an_extension_by_months_just_after_the_relief_ran_out_counts_from_its_end(
        db_path: Path) -> None:
    """ "China extends pea tariff pause by six months", read on 5 January, a few days after
    the pause ended on 31 December: six months from that end, to 2027-06-30."""
    from thawwatch import decisions

    with _one_pending(db_path, "cn-peas", (
            "m1", "https://news.example/six-months",
            "China extends pea tariff pause by six months", "",
            "2027-01-05T09:00:00Z")) as (store, change):
        assert (change.action, change.until, change.by_months) == ("extend", None, 6)
        ledger = decisions.current_ledger(store)
        assert decisions.runs_until(change, ledger) == date(2027, 6, 30)
        assert decisions.change_text(change, ledger) == "extend 0% by 6 months, until 2027-06-30"
        assert decisions.change_text(change) == "extend 0% by 6 months"
        assert decisions.second_look(change, ledger) is None
        decisions.accept(store, change.id, change.published)
        peas = decisions.current_ledger(store).state("cn-peas", date(2027, 3, 1))
    assert (peas.rate, peas.status, peas.until) == (0.0, "suspended", date(2027, 6, 30))


def test_an_extension_by_a_year_of_a_duty_with_no_end_gets_a_second_look(
        db_path: Path) -> None:
    """The steel surtax has no end in the ledger: "extends … for another year" cannot be
    dated, and accepting it keeps the surtax as it is; the second look says so."""
    from thawwatch import decisions

    with _one_pending(db_path, "ca-steel-aluminum-surtax", (
            "n1", "https://news.example/steel-year",
            "Canada extends steel surtax on Chinese imports by one year", "",
            "2026-11-30T09:00:00Z")) as (store, change):
        ledger = decisions.current_ledger(store)
        assert change.by_months == 12 and decisions.runs_until(change, ledger) is None
        assert decisions.second_look(change, ledger) == (
            "it extends by 1 year from an end the ledger does not have on 2026-11-30: the"
            " ledger would keep the end it has")


def test_a_suspension_kept_going_is_news_and_keeps_the_end_the_ledger_has(
        db_path: Path) -> None:
    """ "China keeps tariffs on Canadian peas suspended", a month before the pause ends,
    is an extension that names no end: flagged as news (it read as the suspension
    restated, which the ledger had already), and accepted, the pause still ends on
    2026-12-31."""
    from thawwatch import decisions

    with _one_pending(db_path, "cn-peas", (
            "k1", "https://news.example/keeps",
            "China keeps tariffs on Canadian peas suspended", "",
            "2026-11-30T09:00:00Z")) as (store, change):
        assert change.action == "extend"
        assert decisions.is_news(decisions.current_ledger(store), change)
        decisions.accept(store, change.id, change.published)
        ledger = decisions.current_ledger(store)
    peas = ledger.state("cn-peas", date(2026, 12, 15))
    assert (peas.status, peas.until) == ("suspended", date(2026, 12, 31)), peas
    assert ledger.state("cn-peas", date(2027, 1, 2)).rate == 100.0


def test_a_relief_ended_and_one_let_lapse_are_two_changes(db_path: Path) -> None:
    """ "China ends tariff suspension on Canadian peas" (from its day) and "China lets tariff
    pause on Canadian peas lapse" (when the pause ends) were grouped as one change, dated
    by whichever headline was newer."""
    from thawwatch.decisions import current_ledger, pending_changes, takes_effect
    from thawwatch.store import Store

    seed_items(db_path, items=[
        ("e1", "https://news.example/ends", "China ends tariff suspension on Canadian peas",
         "", "2026-11-30T08:00:00Z"),
        ("l1", "https://news.example/lapse", "China lets tariff pause on Canadian peas lapse",
         "", "2026-11-30T09:00:00Z")])
    with Store.open(db_path) as store:
        ledger = current_ledger(store)
        changes = pending_changes(store)
    assert sorted((d.title, takes_effect(d, ledger), len(d.also)) for d in changes) == [
        ("China ends tariff suspension on Canadian peas", date(2026, 11, 30), 0),
        ("China lets tariff pause on Canadian peas lapse", date(2027, 1, 1), 0)]


def test_accepting_what_the_ledger_has_keeps_its_official_source(db_path: Path,
                                                                 capsys) -> None:
    """From a user review: accepting a change marked "the ledger has this already" put the
    headline in place of the official notices behind the state (basis "signal" where it was
    "verified") and added a second, identical timeline row. Now it settles the change and
    leaves the ledger as it was, and says so."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path)
    with Store.open(db_path) as store:
        peas = next(d for d in decisions.decisions(store, "pending")
                    if d.measure == "cn-peas" and d.action == "suspend")
        assert not decisions.is_news(decisions.current_ledger(store), peas)
    code, out, _ = _run(capsys, db_path, "ledger", "accept", peas.id)
    assert code == 0 and "the ledger has this already: nothing in it changed" in out, out
    with Store.open(db_path) as store:
        assert decisions.get(store, peas.id).state == "accepted"
        assert decisions.accepted_events(store) == []
        state = decisions.current_ledger(store).state("cn-peas", date(2026, 11, 30))
    assert (state.rate, state.status, state.until) == (0, "suspended", date(2026, 12, 31))
    assert state.event is not None and state.event.basis == "verified"
    code, out, _ = _run(capsys, db_path, "ledger", "undo", peas.id)
    assert code == 0  # an accept that wrote nothing is undone all the same


def _decision(measure: str, action: str, rate: float | None, published: str,
              until: date | None = None) -> Any:
    from thawwatch.decisions import Decision

    when = datetime.fromisoformat(published)
    return Decision("d-0", "d", measure, action, rate, None, until, "pending", "t",
                    "https://x.example/", when, None)


def test_an_extended_relief_never_reads_as_a_duty_suspended_at_a_rate() -> None:
    """From a user review: "Pork producers still face 25% … as canola meal relief
    extended", read as canola meal "extend 25%" and accepted, made "Canola meal 25%
    suspended", dated back to March. An extension of a relief keeps the relief's rate, and
    the second look says the rate named is not the relief's."""
    from thawwatch import decisions
    from thawwatch.ledger_file import load_ledger

    ledger = load_ledger()
    change = _decision("cn-canola-meal", "extend", 25, "2026-11-26T09:00:00+00:00",
                       until=date(2027, 12, 31))
    assert decisions.second_look(change, ledger) == (
        "it names 25% for a relief at 0%: the ledger would keep the relief at 0% and move"
        " only its end")
    after = ledger.with_events([decisions.to_event(change, ledger)])
    state = after.state("cn-canola-meal", date(2027, 6, 1))
    assert (state.rate, state.status, state.until) == (0, "suspended", date(2027, 12, 31))


def test_an_extension_naming_no_end_gets_a_second_look() -> None:
    """From a user review: "China extends tariff pause" on lobster, accepted, changed no
    date (the pause still ends 2026-12-31) and said nothing of it."""
    from thawwatch import decisions
    from thawwatch.ledger_file import load_ledger

    change = _decision("cn-seafood", "extend", 0, "2026-11-30T09:00:00+00:00")
    assert decisions.second_look(change, load_ledger()) == (
        "it names no new end: the ledger would keep 2026-12-31 and say it was extended with"
        " no end given")


def test_ledger_show_gives_a_measures_timeline_with_its_sources(db_path: Path,
                                                                capsys) -> None:
    """From a user review: a journalist could not get a measure's dated timeline with its
    sources outside the dashboard (`status` gives the latest event's source only)."""
    from thawwatch import decisions
    from thawwatch.ledger_file import load_ledger

    seed_events = load_ledger().events_for("cn-canola-seed-ad")
    code, out, _ = _run(capsys, db_path, "ledger", "show", "cn-canola-seed-ad", "--as-of",
                        "2026-11-30")
    assert code == 0
    assert "5.9% in force since 2026-03-01 until 2031-02-28" in out, out
    for ev in seed_events:
        assert ev.date.isoformat() in out and ev.source in out, (ev, out)
    doc = json.loads(_run(capsys, db_path, "ledger", "show", "cn-peas", "--format", "json",
                          "--as-of", "2026-11-30")[1])
    assert (doc["id"], doc["rate"], doc["status"]) == ("cn-peas", 0, "suspended")
    assert doc["then"]["rate"] == 100
    assert [e["date"] for e in doc["events"]] == sorted(e["date"] for e in doc["events"])
    assert {e["basis"] for e in doc["events"]} <= {"verified", "presumed", "partial"}
    # an accepted headline is on the timeline, citing it
    with _one_pending(db_path, "cn-peas", (
            "s1", "https://news.example/peas-2027",
            "China extends tariff suspension on Canadian peas until Dec. 31, 2027", "",
            "2026-12-04T09:00:00Z")) as (store, change):
        decisions.accept(store, change.id, change.published)
    doc = json.loads(_run(capsys, db_path, "ledger", "show", "cn-peas", "--format", "json",
                          "--as-of", "2026-12-05")[1])
    (accepted,) = [e for e in doc["events"] if e["origin"] == "signal"]
    assert (accepted["source"], accepted["basis"], accepted["until"]) == (
        "https://news.example/peas-2027", "signal", "2027-12-31")
    assert doc["until"] == "2027-12-31"
    # whose word the ledger took (a December play-through: a bare URL did not say)
    assert accepted["outlet"] == "Test Feed, 2026-12-04"
    assert all("outlet" not in e for e in doc["events"] if e["origin"] != "signal")
    out = _run(capsys, db_path, "ledger", "show", "cn-peas", "--as-of", "2026-12-05")[1]
    assert "source: Test Feed, 2026-12-04: https://news.example/peas-2027 (signal)" in out, out


def test_ledger_show_names_the_measures_when_given_another(db_path: Path, capsys) -> None:
    seed_items(db_path)
    code, out, err = _run(capsys, db_path, "ledger", "show", "beans")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown measure 'beans'" in err and "cn-peas" in err, err


@pytest.mark.parametrize("given", ["peas", "Peas", "CN-PEAS", " peas "])
def test_ledger_show_takes_a_measure_by_the_name_status_gives_it(db_path: Path, capsys,
                                                                 given: str) -> None:
    """From a user audit: `status` calls it "Peas", and `ledger show peas` was refused."""
    seed_items(db_path)
    code, out, _ = _run(capsys, db_path, "ledger", "show", given)
    assert code == 0 and out.startswith("Peas (cn-peas): "), out


def test_undo_of_an_unknown_id_points_at_the_decided_list(db_path: Path, capsys) -> None:
    """From a user review: `ledger undo x` said "no pending change", though undo is for the
    accepted and dismissed ones."""
    seed_items(db_path)
    code, _, err = _run(capsys, db_path, "ledger", "undo", "x")
    assert code == 2
    assert "no accepted or dismissed change with id 'x'" in err and "ledger list" in err, err


def test_an_extension_by_months_that_is_other_news_counts_from_the_end_now() -> None:
    """From a review: counting from the end before this news dropped every extension
    accepted in the last 60 days, so a second "by six months" seven weeks after an
    accepted "by a year" ran to 2027-06-30, shortening the relief; and a "suspends …
    until 2027-12-31" accepted first was not this news, so "by a year" reached 2028."""
    from datetime import UTC
    from datetime import datetime as dt

    from thawwatch.decisions import Decision, runs_until, to_event
    from thawwatch.ledger_file import load_ledger

    def peas(i: str, action: str, until: date | None, by: int | None, day: date) -> Decision:
        return Decision(id=i, item_id=i, measure="cn-peas", action=action, rate=0.0,
                        effective=None, until=until, state="pending", title=i, link=None,
                        published=dt(day.year, day.month, day.day, 12, tzinfo=UTC),
                        decided_at=None, by_months=by)

    base = load_ledger()
    year = peas("a", "extend", None, 12, date(2026, 12, 19))
    ledger = base.with_events([to_event(year, base)])
    assert runs_until(year, ledger) == date(2027, 12, 31)  # its own, accepted: not 2028
    more = peas("b", "extend", None, 6, date(2027, 2, 10))
    assert runs_until(more, ledger) == date(2028, 6, 30)  # other news: from 2027-12-31
    held = peas("c", "suspend", date(2027, 12, 31), None, date(2026, 12, 19))
    ledger = base.with_events([to_event(held, base)])
    again = peas("d", "extend", None, 12, date(2026, 12, 22))
    assert runs_until(again, ledger) == date(2027, 12, 31)  # the same news: not 2028


def test_another_end_after_an_accepted_renewal_is_news(db_path: Path) -> None:
    """From a review: with "from 2027-01-01 until 2027-12-31" accepted, a later "extends …
    to June 30, 2027" read as "the ledger has this already" (the renewal, dated after it,
    still ends the run on 2027-12-31). An end other than the one the relief runs to is
    news for the user to weigh."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=[*PEAS_EXTENDED[:1], (
        "w9", "https://news.example/june", "China extends tariff relief on Canadian peas to"
        " June 30, 2027", "", "2026-12-23T09:00:00Z")])
    with Store.open(db_path) as store:
        pending = {d.item_id: d for d in decisions.decisions(store, "pending")}
        renewal = next(d for d in pending.values() if d.effective == date(2027, 1, 1))
        decisions.accept(store, renewal.id, renewal.published)
        ledger = decisions.current_ledger(store)
        june = next(d for d in decisions.decisions(store, "pending")
                    if d.until == date(2027, 6, 30))
        assert decisions.is_news(ledger, june)
        assert not decisions.holds_already(ledger, june)
        assert ledger.run_end("cn-peas", june.when) == date(2027, 12, 31)


def test_accepted_in_turn_the_later_word_on_a_relief_holds(db_path: Path, capsys) -> None:
    """From a review (A8): "won't renew" accepted, then "extends … to June 30, 2027"
    accepted ten days later: the ledger still had the duty back on 1 January, as the
    extension, dated its own day, came before that day's return in date order. `ledger
    show` keeps the older word on the timeline and says what overruled it."""
    from thawwatch import decisions
    from thawwatch.store import Store

    seed_items(db_path, items=PEAS_NO_RENEWAL_THEN_JUNE)
    with Store.open(db_path) as store:
        pending = {d.item_id: d for d in decisions.decisions(store, "pending")}
        by_guid = {store.db.execute("SELECT guid FROM items WHERE id = ?", [i]).fetchone()[0]: d
                   for i, d in pending.items()}
        for guid in ("n1", "n2"):
            decision = by_guid[guid]
            decisions.accept(store, decision.id, decision.published)
        ledger = decisions.current_ledger(store)
    on = ledger.state("cn-peas", date(2027, 1, 2))
    assert (on.rate, on.status, on.until) == (0, "suspended", date(2027, 6, 30))
    assert ledger.state("cn-peas", date(2027, 7, 1)).rate == 100

    doc = json.loads(_run(capsys, db_path, "ledger", "show", "cn-peas", "--format", "json",
                          "--as-of", "2026-12-21")[1])
    accepted = {e["source"]: e for e in doc["events"] if e["origin"] == "signal"}
    back, june = (accepted[f"https://news.example/{k}"] for k in ("no-renewal", "june"))
    assert (back["action"], back["date"], back["overruled_by"]) == (
        "restore", "2027-01-01", june["id"])
    assert june["overruled_by"] is None
    assert all(e["overruled_by"] is None for e in doc["events"] if e["origin"] == "seed")
    assert doc["until"] == "2027-06-30"
    out = _run(capsys, db_path, "ledger", "show", "cn-peas", "--as-of", "2026-12-21")[1]
    assert f"overruled by the later word of 2026-12-20 ({june['id']})" in out, out
    assert out.count("overruled") == 1
    # a look back from before the later word: the head is as that day knew it, and the
    # mark says the word came after it
    out = _run(capsys, db_path, "ledger", "show", "cn-peas", "--as-of", "2026-12-15")[1]
    assert "then 100% in force from 2027-01-01" in out, out
    assert (f"overruled by the later word of 2026-12-20 ({june['id']}, after 2026-12-15)"
            in out), out


def test_an_older_word_a_later_accepted_one_overrules_is_said_so(db_path: Path,
                                                                  capsys) -> None:
    """With "extends … to Dec. 31, 2027" (27 November) accepted, the older "to restore 100%
    … from January 1" (20 November) changes nothing: the later word overrules it. It was
    marked "the ledger has this already", which the ledger does not: it has the relief."""
    seed_items(db_path, items=PEAS_RETURN_THEN_EXTENDED)
    pending = {p["link"]: p for p in json.loads(
        _run(capsys, db_path, "ledger", "pending", "--format", "json")[1])}
    restore = pending["https://news.example/peas-return"]
    extension = pending["https://news.example/peas-extended"]
    assert _run(capsys, db_path, "ledger", "accept", extension["id"])[0] == 0
    out = _run(capsys, db_path, "ledger", "pending")[1]
    (line,) = [x for x in out.splitlines() if x.startswith(restore["id"])]
    assert line.endswith("(overruled by the later word of 2026-11-27)"), line
    code, out, _ = _run(capsys, db_path, "ledger", "accept", restore["id"])
    assert code == 0 and out.rstrip().endswith(
        ", overruled by the later word of 2026-11-27: it does not take effect"), out

    def peas_on(day: str) -> tuple[object, ...]:
        doc = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                              day)[1])
        (peas,) = [m for m in doc["measures"] if m["id"] == "cn-peas"]
        return peas["rate"], peas["status"], peas["until"], peas["source"]

    assert peas_on("2027-01-02")[:3] == (0, "suspended", "2027-12-31")
    # the older word is on the timeline: undoing the later one brings it into force (it
    # was accepted: not lost, not pending again)
    assert _run(capsys, db_path, "ledger", "undo", extension["id"])[0] == 0
    assert peas_on("2027-01-02") == (100, "in_force", None,
                                     "https://news.example/peas-return")


def test_an_older_renewal_a_later_word_overrules_is_no_news(db_path: Path, capsys) -> None:
    """From a review of the first try: with "extends … to June 30, 2027" (20 December)
    accepted, the older pending renewal to 31 December 2027 (10 December) was listed as
    news (its other end made it so), and accepting it said it took effect, though the
    later word overrules it."""
    seed_items(db_path, items=[
        ("p1", "https://news.example/renewal", "China suspends additional tariff on Canadian"
         " peas from January 1, 2027 to December 31, 2027", "", "2026-12-10T09:00:00Z"),
        ("p2", "https://news.example/june", "China extends tariff relief on Canadian peas to"
         " June 30, 2027", "", "2026-12-20T09:00:00Z")])
    pending = {p["link"]: p for p in json.loads(
        _run(capsys, db_path, "ledger", "pending", "--format", "json")[1])}
    renewal, june = (pending[f"https://news.example/{k}"] for k in ("renewal", "june"))
    assert _run(capsys, db_path, "ledger", "accept", june["id"])[0] == 0
    (left,) = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert left["id"] == renewal["id"] and left["in_ledger"] is True
    out = _run(capsys, db_path, "ledger", "pending")[1]
    assert out.rstrip().endswith("(overruled by the later word of 2026-12-20)"), out
    out = _run(capsys, db_path, "ledger", "accept", renewal["id"])[1]
    assert "overruled by the later word of 2026-12-20: it does not take effect" in out, out
    doc = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                          "2027-07-02")[1])
    (peas,) = [m for m in doc["measures"] if m["id"] == "cn-peas"]
    assert (peas["rate"], peas["status"]) == (100, "in_force")


@pytest.mark.parametrize("chosen", ["https://news.example/renewal-a",
                                    "https://news.example/renewal-b"])
def test_one_change_reported_before_and_after_a_later_word_is_one_change(
        db_path: Path, capsys, chosen: str) -> None:
    """From a second review: one renewal reported on 10 and 22 December, with "to June
    30" (20 December) accepted between: `ledger pending` showed it as news (its newest
    report is the later word), but accepting by the older report's id wrote it overruled
    (the duty back on 1 July), by the newer one's in force."""
    renewal = ("China suspends additional tariff on Canadian peas from January 1, 2027 to"
               " December 31, 2027")
    seed_items(db_path, items=[
        ("a", "https://news.example/renewal-a", renewal, "", "2026-12-10T09:00:00Z"),
        ("j", "https://news.example/june", "China extends tariff relief on Canadian peas to"
         " June 30, 2027", "", "2026-12-20T09:00:00Z"),
        ("b", "https://news.example/renewal-b", renewal + " (updated)", "",
         "2026-12-22T09:00:00Z")])
    pending = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    (june,) = [p for p in pending if p["link"] == "https://news.example/june"]
    assert _run(capsys, db_path, "ledger", "accept", june["id"])[0] == 0
    (group,) = json.loads(_run(capsys, db_path, "ledger", "pending", "--format", "json")[1])
    assert group["in_ledger"] is False and len(group["also"]) == 1
    ids = {group["link"]: group["id"], group["also"][0]["link"]: group["also"][0]["id"]}
    out = _run(capsys, db_path, "ledger", "accept", ids[chosen])[1]
    assert "overruled" not in out, out
    doc = json.loads(_run(capsys, db_path, "status", "--format", "json", "--as-of",
                          "2027-07-02")[1])
    (peas,) = [m for m in doc["measures"] if m["id"] == "cn-peas"]
    assert (peas["rate"], peas["status"], peas["until"]) == (0, "suspended", "2027-12-31")


def test_the_second_look_of_an_accept_reads_the_change_the_ledger_records(
        db_path: Path, capsys) -> None:
    """From a review: `ledger accept` worded its second look from the headline chosen,
    while the ledger records the change from its group: an undated cut reported on the
    20th and in other words on the 22nd dates from the 20th, and the note said "unknown
    from 2026-11-22". The dashboard's warning before the accept, the same."""
    from thawwatch.decisions import current_ledger, pending_changes, second_look
    from thawwatch.store import Store

    seed_items(db_path, items=[
        _t("early", "China cuts tariffs on Canadian canola seed", "2026-11-20T09:00:00Z"),
        _t("late", "Beijing lowers its duty on Canadian canola seed, officials say",
           "2026-11-22T09:00:00Z")])
    with Store.open(db_path) as store:
        ledger = current_ledger(store)
        (change,) = pending_changes(store, ledger)
        assert len(change.also) == 1 and change.published.day == 22
        assert second_look(change, ledger) == (  # the dashboard's, before its accept
            "it gives no rate: the rate would read as unknown from 2026-11-20")
    code, out, err = _run(capsys, db_path, "ledger", "accept", change.id)
    assert code == 0 and out.startswith("accepted: cn-canola-seed-ad lower from 2026-11-20")
    assert err.startswith("thawwatch: note: it gives no rate: the rate now reads as unknown"
                          " from 2026-11-20 "), err
