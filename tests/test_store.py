"""The database: creation, WAL, schema versions, and refusing what it must not touch."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from thawwatch.cli import main
from thawwatch.errors import StoreError
from thawwatch.store import SCHEMA_VERSION, Store


def test_new_database_has_schema_wal_and_tables(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"feeds", "items", "items_fts", "measures", "events", "decisions", "meta"} <= tables


def test_reopen_keeps_data(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_meta("ui.theme", "nord")
    with Store.open(db_path) as store:
        assert store.get_meta("ui.theme") == "nord"
        assert store.get_meta("missing", "x") == "x"


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_newer_schema_is_refused_and_untouched(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _bytes(db_path)
    with pytest.raises(StoreError, match=r"schema v2 is newer than this thawwatch"):
        Store.open(db_path)
    assert _bytes(db_path) == before


def test_file_that_is_not_sqlite_is_refused_and_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    before = _bytes(db_path)
    with pytest.raises(StoreError, match="corrupt or not SQLite"):
        Store.open(db_path)
    assert _bytes(db_path) == before


def test_foreign_sqlite_database_is_refused_and_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = _bytes(db_path)
    with pytest.raises(StoreError, match="not a thawwatch database"):
        Store.open(db_path)
    assert _bytes(db_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_gives_clear_error(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(StoreError):
            Store.open(ro / "thawwatch.db")
    finally:
        ro.chmod(0o700)


def test_cli_on_newer_database_exits_1_with_one_line(db_path: Path, capsys) -> None:
    with Store.open(db_path) as store:
        store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    code = main(["--db", str(db_path), "status"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and str(db_path) in err and "newer" in err


def test_db_path_from_env(tmp_path: Path, monkeypatch, capsys) -> None:
    target = tmp_path / "env.db"
    monkeypatch.setenv("THAWWATCH_DB", str(target))
    assert main(["status", "--format", "json"]) == 0
    assert target.is_file()


def test_nested_transaction_joins_the_outer_one(db_path: Path) -> None:
    """Several small writes commit once; a failure anywhere rolls all of them back."""
    with Store.open(db_path) as store:
        with store.transaction():
            with store.transaction() as conn:
                conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
            assert store.conn.in_transaction  # the inner block did not commit
            store.set_meta("b", "2")
        assert (store.get_meta("a"), store.get_meta("b")) == ("1", "2")
        with pytest.raises(RuntimeError), store.transaction():
            store.set_meta("c", "3")
            with store.transaction():
                raise RuntimeError("boom")
        assert store.get_meta("c") is None and not store.conn.in_transaction
        with store.transaction():  # usable again afterwards
            store.set_meta("d", "4")
        assert store.get_meta("d") == "4"
