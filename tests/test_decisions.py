"""Pending tariff changes: accept makes a ledger event citing the headline; dismiss
persists; both show in `export` and `status`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import seed_items

from thawwatch.cli import main


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
    code, _, err = _run(capsys, db_path, "ledger", "accept", peas["id"])
    assert code == 2 and "already accepted" in err

    status = json.loads(_run(capsys, db_path, "status", "--format", "json",
                             "--as-of", "2026-11-28")[1])
    rows = {m["id"]: m for m in status["measures"]}
    assert rows["cn-peas"]["pending"] == [] and rows["ca-ev-surtax"]["pending"] == []
    assert len(rows["cn-seafood"]["pending"]) == 1
    assert set(rows["cn-seafood"]["pending"][0]) >= {"action", "rate", "item", "title", "link"}
    # the accepted event is now the peas measure's source on the ledger
    assert rows["cn-peas"]["source"] == "https://news.example/peas"

    exported = [json.loads(line) for line in _run(capsys, db_path, "export")[1].splitlines()]
    states = {(s["measure"], s["state"]) for doc in exported for s in doc["signals"]}
    assert ("cn-peas", "accepted") in states and ("ca-ev-surtax", "dismissed") in states
    assert ("cn-seafood", "pending") in states

    code, _, err = _run(capsys, db_path, "ledger", "dismiss", "no-such-id")
    assert code == 2 and "no pending change" in err
