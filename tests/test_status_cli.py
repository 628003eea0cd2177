"""`thawwatch status`: the interface page's JSON shape, offline from a fresh database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from thawwatch.cli import main
from thawwatch.ledger import MEASURE_IDS
from thawwatch.ledger_file import load_ledger

# the interface page's list; null before a measure existed (an early --as-of)
STATUSES = {"in_force", "suspended", "removed", "announced", "restored"}


def _status(db_path: Path, capsys, *extra: str) -> dict:
    assert main(["--db", str(db_path), "status", "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_shape_matches_interface(db_path: Path, capsys) -> None:
    doc = _status(db_path, capsys)
    assert doc["as_of"] == date.today().isoformat()
    assert [m["id"] for m in doc["measures"]] == list(MEASURE_IDS)
    for m in doc["measures"]:
        assert set(m) >= {"id", "imposed_by", "product", "rate", "status", "since", "until",
                          "source", "baseline", "pending"}
        assert m["imposed_by"] in ("CA", "CN")
        assert m["rate"] is None or isinstance(m["rate"], int | float)
        assert m["status"] in STATUSES
        assert m["baseline"]["status"] in STATUSES
        for key in ("since", "until"):
            assert m[key] is None or date.fromisoformat(m[key])
        assert set(m["baseline"]) == {"rate", "status", "since"}
        assert isinstance(m["pending"], list)
    thaw = doc["thaw_index"]
    assert isinstance(thaw["overall"], float) and isinstance(thaw["by_topic"], dict)
    assert thaw["overall"] == 50.0


def _by_id(doc: dict) -> dict[str, dict]:
    return {m["id"]: m for m in doc["measures"]}


def test_as_of_2026_11_28(db_path: Path, capsys) -> None:
    m = _by_id(_status(db_path, capsys, "--as-of", "2026-11-28"))
    assert m["cn-peas"]["rate"] == 0 and m["cn-peas"]["status"] == "suspended"
    assert (m["cn-peas"]["since"], m["cn-peas"]["until"]) == ("2026-03-01", "2026-12-31")
    assert m["cn-peas"]["baseline"] == {"rate": 100, "status": "in_force", "since": "2025-03-20"}
    assert m["cn-canola-meal"]["status"] == "suspended"
    assert m["cn-seafood"]["status"] == "suspended"
    assert m["cn-canola-seed-ad"]["rate"] == 5.9
    assert m["cn-canola-seed-ad"]["baseline"]["rate"] == 75.8
    assert m["ca-ev-surtax"]["status"] == "removed"
    assert m["ca-ev-surtax"]["baseline"]["rate"] == 100
    assert m["ca-steel-aluminum-surtax"]["rate"] == 25
    assert m["cn-canola-oil"]["rate"] == 100 and m["cn-pork"]["rate"] == 25
    assert m["cn-tourism-ads"]["status"] == "restored"


def test_suspension_expires_by_itself(db_path: Path, capsys) -> None:
    last = _by_id(_status(db_path, capsys, "--as-of", "2026-12-31"))
    after = _by_id(_status(db_path, capsys, "--as-of", "2027-01-01"))
    for mid, rate in (("cn-peas", 100), ("cn-canola-meal", 100), ("cn-seafood", 25)):
        assert last[mid]["status"] == "suspended"
        assert after[mid]["status"] == "in_force" and after[mid]["rate"] == rate
        assert after[mid]["since"] == "2027-01-01" and after[mid]["until"] is None


@pytest.mark.parametrize("as_of", ["2024-09-15", "2025-03-20", "2025-11-03", "2026-03-01"])
def test_json_agrees_with_the_ledger(db_path: Path, capsys, as_of: str) -> None:
    ledger = load_ledger()
    doc = _by_id(_status(db_path, capsys, "--as-of", as_of))
    for state in ledger.states(date.fromisoformat(as_of)):
        row = doc[state.measure.id]
        assert row["status"] == (None if state.status == "none" else state.status)
        assert row["status"] is None or row["status"] in STATUSES
        assert row["rate"] == state.rate


def test_before_a_measure_existed_its_status_is_null(db_path: Path, capsys) -> None:
    """Before China's March 2025 duties, their status is null (not a word the interface
    does not list), their rate and dates too; Canada's EV surtax is already in force."""
    m = _by_id(_status(db_path, capsys, "--as-of", "2025-01-01"))
    for mid in ("cn-peas", "cn-canola-oil", "cn-pork", "cn-seafood"):
        assert (m[mid]["status"], m[mid]["rate"], m[mid]["since"]) == (None, None, None)
    assert m["ca-ev-surtax"]["status"] == "in_force"


def test_a_rate_that_covers_part_of_the_product_says_so(db_path: Path, capsys) -> None:
    """The seafood suspension covers lobster and crab only (facts file): JSON and text
    carry the scope, and the text row is starred to the note under the table, so "0%
    suspended" is not read as all aquatic products."""
    m = _by_id(_status(db_path, capsys, "--as-of", "2026-11-28"))
    assert "lobster and crab" in m["cn-seafood"]["scope"]
    assert "still at 25%" in m["cn-seafood"]["scope"]
    assert m["cn-peas"]["scope"] is None
    # for a script: the rate of the rest of the product, as a number, not only in words
    assert (m["cn-seafood"]["rate"], m["cn-seafood"]["others_rate"]) == (0, 25)
    assert m["cn-seafood"]["others_basis"] == "presumed"  # the fact sheet presumes it
    assert m["cn-peas"]["others_rate"] is None
    after = _by_id(_status(db_path, capsys, "--as-of", "2027-01-02"))  # all seafood again
    assert (after["cn-seafood"]["rate"], after["cn-seafood"]["others_rate"]) == (25, None)
    assert main(["--db", str(db_path), "status", "--as-of", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert f"* Seafood: {m['cn-seafood']['scope']}" in lines
    # the row itself points at it: "0% suspended" alone read as all aquatic products
    seafood = next(line for line in lines if line.startswith("Seafood "))
    assert "0% suspended*" in seafood
    peas = next(line for line in lines if line.startswith("Peas "))
    assert "*" not in peas


def test_a_rate_only_presumed_to_stand_says_so(db_path: Path, capsys) -> None:
    """Pork and canola oil were left out of the 2026 suspension, so their rates are only
    presumed to stand (fact sheet: "presumed"), and the steel surtax's 25% is partly
    confirmed: the text row has a "?" pointing at a line that says why and from where,
    and the JSON says the basis; before those notes (2026-01-01) nothing is in doubt."""
    m = _by_id(_status(db_path, capsys, "--as-of", "2026-11-28"))
    assert m["cn-pork"]["basis"] == "presumed"
    assert m["cn-pork"]["basis_note"].startswith("Pork was left out of the suspension")
    assert m["cn-canola-oil"]["basis"] == "presumed"
    assert m["ca-steel-aluminum-surtax"]["basis"] == "partial"
    assert m["cn-peas"]["basis"] == "verified" and m["cn-peas"]["basis_note"] is None
    assert main(["--db", str(db_path), "status", "--as-of", "2026-11-28"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = {line.split("  ")[0]: line for line in lines if "  CA  " in line or "  CN  " in line}
    assert "25% in force?" in row["Pork"] and "100% in force?" in row["Canola oil"]
    assert "25% in force?" in row["Steel & aluminum"]
    assert not any("?" in row[k] for k in ("Peas", "Seafood", "Canola seed", "EVs"))
    note = next(line for line in lines if line.startswith("? Pork: presumed: "))
    assert note.endswith("(Reuters 2026-02-27 (absence); Farms.com)"), note
    assert any(line.startswith("? Steel & aluminum: partly confirmed: ") for line in lines)
    before = _by_id(_status(db_path, capsys, "--as-of", "2026-01-01"))
    assert {d["basis"] for d in before.values()} == {"verified"}


def test_text_status_lists_every_measure(db_path: Path, capsys) -> None:
    assert main(["--db", str(db_path), "status", "--as-of", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    ledger = load_ledger()
    for m in ledger.measures.values():
        assert m.label in out
    assert "2026-12-31 (33 d)" in out
    assert "thaw index — (no relevant headlines in the 90 days to the as-of date)" in out


def test_bad_as_of_is_usage_error(db_path: Path, capsys) -> None:
    assert main(["--db", str(db_path), "status", "--as-of", "yesterday"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a date" in err


@pytest.mark.parametrize("as_of", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_an_as_of_far_out_is_a_usage_error(db_path: Path, capsys, as_of: str) -> None:
    """Date maths around these overflowed ('unexpected error: OverflowError', exit 1)."""
    for fmt in ("text", "json"):
        assert main(["--db", str(db_path), "status", "--format", fmt, "--as-of", as_of]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not a date from 1900-01-01 to 2999-12-31" in err


@pytest.mark.parametrize("as_of", ["1900-01-01", "2999-12-31"])
def test_the_ends_of_the_as_of_range_work(db_path: Path, capsys, as_of: str) -> None:
    assert _status(db_path, capsys, "--as-of", as_of)["as_of"] == as_of


def test_the_thaw_line_says_why_it_is_neutral(db_path: Path, capsys) -> None:
    """Headlines from February, read in November: they are stored, only too old for the
    index's 90 days, so the line must not say there are none ("stored yet")."""
    from conftest import seed_items

    seed_items(db_path)  # the relevant ones published in February 2026
    assert main(["--db", str(db_path), "status", "--as-of", "2026-06-30"]) == 0
    thaw = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("thaw index"))
    assert thaw == "thaw index — (no relevant headlines in the 90 days to the as-of date)"
    assert main(["--db", str(db_path), "status", "--as-of", "2026-03-20"]) == 0
    thaw = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("thaw index"))
    assert thaw == "thaw index — (no relevant headlines in the 14 days to the as-of date)"
    assert main(["--db", str(db_path), "status", "--as-of", "2026-03-05"]) == 0
    out = capsys.readouterr().out
    thaw = next(x for x in out.splitlines() if x.startswith("thaw index"))
    assert thaw.endswith(" from 2 stories in the last 14 days"), thaw
    assert "Tourism —" in thaw and "Agriculture —" not in thaw, thaw
    doc = _status(db_path, capsys, "--as-of", "2026-03-05")["thaw_index"]
    assert doc["stories"] == 2 and doc["stories_by_topic"]["tourism"] == 0


def _row(out: str, label: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(label + " "))


def test_text_status_marks_a_date_known_only_roughly(db_path: Path, capsys) -> None:
    """The tours' suspension is known by its year only ("suspended 2023"): its since is
    not printed as if 1 January were a fact."""
    assert main(["--db", str(db_path), "status", "--as-of", "2025-06-01"]) == 0
    row = _row(capsys.readouterr().out, "Group tours (ADS)")
    assert "2023-01-01~" in row and "suspended?" in row


def test_text_status_gives_the_year_of_a_change_in_another_year(db_path: Path,
                                                                 capsys) -> None:
    """A change on 2027-01-01 seen on 2026-12-20 is not '→ 01-01': that reads as this
    year's, already past. (Accepted headline: the ledger's own changes by then are ends,
    which the until column gives.)"""
    from thawwatch.ledger import Event
    from thawwatch.wording import next_words

    ledger = load_ledger().with_events([Event(
        id="t", measure="cn-pork", date=date(2027, 1, 1), action="remove", source="test")])
    change = ledger.next_change("cn-pork", date(2026, 12, 20))
    assert change is not None
    assert next_words(change, date(2026, 12, 20), short=True) == "→ 2027-01-01 (12 d)"
    assert next_words(change, date(2026, 12, 31), short=True) == "→ 2027-01-01 (1 d)"
    assert next_words(change, date(2027, 1, 1), short=True) == "→ 01-01 (0 d)"


def test_a_change_due_tomorrow_keeps_its_end_and_what_it_covers(db_path: Path,
                                                                  capsys) -> None:
    """On 2026-02-28 the ledger already holds the changes of 1 March (facts file, timeline
    2026-02-27 and 2026-02-28, and the note under it): the seafood suspension covers
    lobster and crab only, the other aquatic products presumed still at 25%, and it runs
    to 2026-12-31 unless extended; the canola seed duty lasts five years. "→ Seafood: 0%
    suspended from 2026-03-01" read as all seafood, with no end: the JSON's "next" and the
    line under the table give the part and the end, as the state itself will."""
    m = _by_id(_status(db_path, capsys, "--as-of", "2026-02-28"))
    seafood, seed = m["cn-seafood"]["next"], m["cn-canola-seed-ad"]["next"]
    assert (seafood["rate"], seafood["status"], seafood["since"]) == (0, "suspended",
                                                                     "2026-03-01")
    assert seafood["until"] == "2026-12-31"
    assert "lobster and crab" in seafood["scope"] and "still at 25%" in seafood["scope"]
    assert m["cn-peas"]["next"]["until"] == "2026-12-31"
    assert m["cn-peas"]["next"]["scope"] is None
    assert (seed["rate"], seed["until"]) == (5.9, "2031-02-28")
    assert "permits" in m["ca-ev-surtax"]["next"]["scope"]
    assert main(["--db", str(db_path), "status", "--as-of", "2026-02-28"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "→ Seafood: 0% suspended* from 2026-03-01 (1 d) until 2026-12-31" in lines
    assert f"* Seafood (from 2026-03-01): {seafood['scope']}" in lines
    assert "→ Peas: 0% suspended from 2026-03-01 (1 d) until 2026-12-31" in lines
    assert "→ Canola seed: 5.9% in force from 2026-03-01 (1 d) until 2031-02-28" in lines
    # the row for today stays unstarred: the part is tomorrow's, not today's
    assert "*" not in _row("\n".join(lines), "Seafood")


def test_json_says_which_since_is_only_roughly_known(db_path: Path, capsys) -> None:
    """From a facts audit: the group tours' suspension is known by its year only ("suspended
    2023"); the text and the dashboard mark its 2023-01-01 with "~", the JSON gave it as a
    day like any other."""
    m = _by_id(_status(db_path, capsys, "--as-of", "2024-10-01"))
    assert (m["cn-tourism-ads"]["since"], m["cn-tourism-ads"]["since_approximate"]) == (
        "2023-01-01", True)
    assert not any(other["since_approximate"] for key, other in m.items()
                   if key != "cn-tourism-ads")
    m = _by_id(_status(db_path, capsys, "--as-of", "2026-11-28"))
    assert m["cn-tourism-ads"]["since_approximate"] is False  # restored 2025-11-03: a day


def test_text_cites_the_seed_article_whole(db_path: Path, capsys) -> None:
    """From a facts audit: the line named the outlet and title only, and gave the day taken
    for an undated page as if the page carried it."""
    assert main(["--db", str(db_path), "status", "--as-of", "2026-11-28"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line == ('baseline: Reid Small, "After Years of Hostility, Carney Opens the Door to'
                    ' Beijing", Coastal Front (undated; taken as 2025-11-03)')


def test_a_renewal_shows_as_the_next_change() -> None:
    """From a README audit: a renewal accepted from the day after the end (the same rate
    and status) was no `next` and no line under the table, so `status` read as the
    suspension ending in 30 days."""
    from thawwatch.baseline import load_baseline
    from thawwatch.decisions import current_ledger
    from thawwatch.ledger import Event
    from thawwatch.status import build_status, render_text
    from thawwatch.thaw import thaw_summary

    on = date(2026, 12, 1)
    renewal = Event(id="peas-2027", measure="cn-peas", date=date(2027, 1, 1),
                    action="suspend", rate=0.0, until=date(2027, 12, 31), source="Reuters",
                    origin="signal", announced=date(2026, 11, 30))
    ledger = current_ledger(None).with_events([renewal])
    doc = build_status(None, on, ledger=ledger)
    peas = _by_id(doc)["cn-peas"]
    assert (peas["until"], peas["next"]["since"], peas["next"]["until"]) == (
        "2026-12-31", "2027-01-01", "2027-12-31")
    text = render_text(doc, ledger, load_baseline(), thaw_summary(None, on))
    assert "→ Peas: 0% suspended from 2027-01-01 (31 d) until 2027-12-31" in text.splitlines()
    # the table counts to the new end, as the dashboard does (it showed 2026-12-31 (30 d))
    (row,) = [line for line in text.splitlines() if line.startswith("Peas ")]
    assert "2027-12-31 (395 d, renewed)" in row and "2026-12-31" not in row, row


def test_what_a_suspension_ends_in_is_said(db_path: Path, capsys) -> None:
    """From a user review: a pea grower 31 days from the end saw only "0% suspended until
    2026-12-31 (31 d)"; what comes after (100% again, unless extended) showed only on the
    chart. `status` says it, in the JSON ("then") and under the table."""
    doc = _status(db_path, capsys, "--as-of", "2026-11-30")
    peas = next(m for m in doc["measures"] if m["id"] == "cn-peas")
    assert peas["then"] == {"rate": 100, "status": "in_force", "since": "2027-01-01",
                            "basis": "presumed"}
    pork = next(m for m in doc["measures"] if m["id"] == "cn-pork")
    assert pork["then"] is None  # no end: nothing after it
    assert main(["--db", str(db_path), "status", "--as-of", "2026-11-30"]) == 0
    out = capsys.readouterr().out
    assert "→ Peas: then 100% in force from 2027-01-01 unless extended" in out, out
    assert "→ Seafood: then 25% in force from 2027-01-01 unless extended" in out, out


def test_a_look_back_lists_the_pending_changes_known_then(db_path: Path, capsys,
                                                           monkeypatch) -> None:
    """From an audit: `status --as-of 2026-11-20` listed, as pending, "China cuts tariff on
    Canadian pork to 10% from January 1" of 1 December, while the thaw index and `next` of
    the same look back kept to what was known on the 20th. So does `ledger show`."""
    from conftest import seed_items

    from thawwatch import commands

    monkeypatch.setattr(commands, "today", lambda: date(2026, 12, 1))
    seed_items(db_path, items=[
        ("pork", "https://news.example/pork",
         "China cuts tariff on Canadian pork to 10% from January 1", "",
         "2026-12-01T09:00:00Z"),
        ("oil", "https://news.example/oil", "China cuts canola oil tariff to 50%", "",
         "2026-11-10T09:00:00Z")])

    def pending(*extra: str) -> dict[str, int]:
        return {m["id"]: len(m["pending"]) for m in _status(db_path, capsys, *extra)["measures"]
                if m["pending"]}

    assert pending() == {"cn-pork": 1, "cn-canola-oil": 1}
    assert pending("--as-of", "2026-11-20") == {"cn-canola-oil": 1}
    assert main(["--db", str(db_path), "status", "--as-of", "2026-11-20"]) == 0
    text = capsys.readouterr().out
    assert "1 pending change(s)" in text, text
    assert main(["--db", str(db_path), "ledger", "show", "cn-pork", "--format", "json",
                 "--as-of", "2026-11-20"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == []
