"""The database: creation, WAL, schema versions, and refusing what it must not touch."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import seed_items

from thawwatch.cli import main
from thawwatch.errors import StoreError
from thawwatch.items import search
from thawwatch.retention import prune
from thawwatch.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Store, _statements


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
    with pytest.raises(StoreError, match=rf"schema v{SCHEMA_VERSION + 1} is newer than this"):
        Store.open(db_path)
    assert _bytes(db_path) == before


def test_file_that_is_not_sqlite_is_refused_and_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    before = _bytes(db_path)
    with pytest.raises(StoreError, match="corrupt or not SQLite"):
        Store.open(db_path)
    assert _bytes(db_path) == before


def test_foreign_sqlite_database_is_refused_and_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
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
    assert main(["status", "--format", "json"]) == 0  # a reader: reads it, makes nothing
    assert f"{target} does not exist" in capsys.readouterr().err and not target.exists()
    assert main(["feeds", "add", "https://x.example/rss"]) == 0
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


def _fts_consistent(store: Store) -> None:
    """FTS5's own check of the index against the items table (raises when they differ)."""
    store.conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")


def test_stored_and_pruned_items_keep_the_search_index_exact(db_path: Path) -> None:
    seed_items(db_path)
    seed_items(db_path, "http://127.0.0.1:9/other.xml")  # the same stories from a second feed
    with Store.open(db_path) as store:
        _fts_consistent(store)
        found = search(store, "canola")
        assert found and all("canola" in (i.title + i.summary).lower() for i in found)
        assert prune(store, 1, datetime(2030, 1, 1, tzinfo=UTC)).deleted > 0
        _fts_consistent(store)
        kept = {r[0] for r in store.conn.execute("SELECT id FROM items")}
        assert {i.id for i in search(store, "canola")} <= kept


def test_a_v1_database_is_migrated_and_its_items_stay_searchable(db_path: Path) -> None:
    """v1 indexed each row by trigger; v2 indexes in ingest. Old rows stay found, new ones
    are found too, and a read-only open of a v1 file still reads it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO items (id, feed_url, title, title_key, summary, published, first_seen,"
        " story) VALUES ('old', 'http://127.0.0.1:9/f', 'Quahog exports resume', 'x',"
        " 'Halifax', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'old')")
    conn.close()
    with Store.open(db_path, readonly=True) as store:
        assert [i.id for i in search(store, "quahog")] == ["old"]
    seed_items(db_path)
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        triggers = {r[0] for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert "items_ai" not in triggers and {"items_ad", "items_au"} <= triggers
        assert [i.id for i in search(store, "quahog")] == ["old"]
        assert search(store, "canola")
        _fts_consistent(store)


def test_items_an_older_version_stored_unindexed_are_indexed_at_the_next_open(
    db_path: Path,
) -> None:
    """A v1 dashboard left running over an upgrade inserts rows and trusts the trigger v2
    dropped: those items were never found by search. The next open indexes them."""
    seed_items(db_path)
    with Store.open(db_path) as store, store.transaction() as conn:  # what v1 code does now
        conn.execute(
            "INSERT INTO items (id, feed_url, title, title_key, summary, published, first_seen,"
            " story) VALUES ('v1', 'http://127.0.0.1:9/f', 'Quahog exports resume', 'x',"
            " 'Halifax', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'v1')")
    with Store.open(db_path, readonly=True) as store:  # a read-only open changes nothing
        assert search(store, "quahog") == []
    with Store.open(db_path) as store:
        assert [i.id for i in search(store, "quahog")] == ["v1"]
        assert search(store, "canola")
        _fts_consistent(store)


def test_a_v3_database_gets_its_stories_again_by_the_v4_rules(db_path: Path) -> None:
    """Before v4 a feed's daily report (one title every day) joined its first day's
    story, and Google News's copy of an outlet's story was a story of its own: opening a
    v3 file regroups what it holds, so the hidden reports show."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    for migration in MIGRATIONS[:3]:
        if callable(migration):
            migration(conn)
        else:
            for statement in _statements(migration):
                conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    farm, wire = "http://127.0.0.1:9/farm.xml", "http://127.0.0.1:9/wire.xml"
    google = "https://news.google.com/rss/search?q=canola"
    daily = "ice canola futures closing market report"
    said = "china to cut tariffs on canadian canola carney says"
    rows = [  # id, feed, link key, title, title key, published, story as v3 left it
        ("d1", farm, "farm.example/close-1", "ICE canola futures: closing market report",
         daily, "2026-11-26T22:00:00Z", "d1"),
        ("d2", farm, "farm.example/close-2", "ICE canola futures: closing market report",
         daily, "2026-11-27T22:00:00Z", "d1"),
        ("r1", wire, "reuters.com/canola", "China to cut tariffs on Canadian canola, Carney"
         " says", said, "2026-11-27T10:00:00Z", "r1"),
        ("g1", google, "news.google.com/rss/articles/x", "China to cut tariffs on Canadian"
         " canola, Carney says - Reuters", said + " reuters", "2026-11-27T11:00:00Z", "g1"),
    ]
    for iid, feed, lkey, title, tkey, published, story in rows:
        conn.execute("INSERT INTO items (id, feed_url, link_key, title, title_key, summary,"
                     " published, first_seen, story) VALUES (?,?,?,?,?,'',?,?,?)",
                     (iid, feed, lkey, title, tkey, published, published, story))
    conn.close()
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        stories = dict(store.conn.execute("SELECT id, story FROM items").fetchall())
    assert stories == {"d1": "d1", "d2": "d2", "r1": "r1", "g1": "r1"}


def test_a_lock_held_too_long_does_not_blame_thawwatch_alone() -> None:
    """From a user audit: the sqlite3 shell (or a backup tool) holding the file was
    reported as "locked by another thawwatch"."""
    from thawwatch.store import describe

    said = describe(sqlite3.OperationalError("database is locked"))
    assert "another process for 15 s" in said and "a program that has it open" in said
    assert "\n" not in said
