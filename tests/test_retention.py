"""Retention: old items pruned, starred items and ledger evidence kept, stories re-led."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from thawwatch.config import FeedConfig
from thawwatch.feeds import sync_config
from thawwatch.items import headlines, ingest, known_ids, toggle_star
from thawwatch.parse import ParsedItem
from thawwatch.retention import prune
from thawwatch.signals import classify
from thawwatch.store import Store

NOW = datetime(2026, 11, 28, tzinfo=UTC)
A, B = "http://127.0.0.1:1/a", "http://127.0.0.1:1/b"


def _item(guid: str, title: str, days_ago: int, link: str | None = None) -> ParsedItem:
    return ParsedItem(guid, link, title, "", NOW - timedelta(days=days_ago), True)


def test_prune_keeps_starred_and_evidence(db_path: Path) -> None:
    old = NOW - timedelta(days=400)
    with Store.open(db_path) as store:
        sync_config(store, [FeedConfig(url=A), FeedConfig(url=B)], old)
        ids = ingest(store, A, [
            _item("old", "An old unrelated story about soybeans", 400),
            _item("starred", "An old story the user starred", 400),
            _item("signal", "China suspends tariffs on Canadian peas from March 1 to December 31",
                  400),
            _item("new", "A fresh story", 2),
        ], old, lambda t, s, p: classify(t, s, p.date()))
        toggle_star(store, ids[1])
        report = prune(store, 365, NOW)
        left = {r[0] for r in store.conn.execute("SELECT guid FROM items")}
        assert report.deleted == 1
        assert left == {"starred", "signal", "new"}
        assert store.conn.execute("SELECT item_count FROM feeds WHERE url = ?",
                                  (A,)).fetchone()[0] == 3
        assert prune(store, 0, NOW).deleted == 0  # 0 keeps everything


def test_a_story_keeps_its_first_copy_while_a_copy_is_kept(db_path: Path) -> None:
    """From a dashboard QA round: pruning a story's first item while a newer copy stayed
    re-led the story by the copy, so its id changed: the open dashboard counted the old
    headline as "1 new" and an open headline's s and u did nothing. The first item now
    stays while a copy is kept; a story all of whose copies are old goes whole."""
    with Store.open(db_path) as store:
        sync_config(store, [FeedConfig(url=A, name="A"), FeedConfig(url=B, name="B")], NOW)
        then = NOW - timedelta(days=100)
        ingest(store, A, [_item("a", "Same story", 100, "https://x.example/s"),
                          _item("a2", "Another old story", 100, "https://x.example/t")], then)
        ingest(store, B, [_item("b", "Same story", 1, "https://x.example/s"),
                          _item("b2", "Another old story", 90, "https://x.example/t")],
               then + timedelta(days=5))
        (first,) = [i for i in headlines(store) if i.title == "Same story"]
        assert first.sources == ("A", "B")
        ingest(store, B, [_item("b", "Same story", 1, "https://x.example/s")], NOW)
        assert prune(store, 30, NOW).deleted == 2  # the other story, both copies
        shown = headlines(store)
        assert [(i.id, i.title, i.sources) for i in shown] == [
            (first.id, "Same story", ("A", "B"))]


def test_a_story_whose_first_item_is_gone_is_led_by_its_oldest_copy(db_path: Path) -> None:
    """A database an older thawwatch pruned (the first item deleted, a copy kept)."""
    with Store.open(db_path) as store:
        sync_config(store, [FeedConfig(url=A, name="A"), FeedConfig(url=B, name="B")], NOW)
        then = NOW - timedelta(days=100)
        ingest(store, A, [_item("a", "Same story", 100, "https://x.example/s")], then)
        ingest(store, B, [_item("b", "Same story", 1, "https://x.example/s")], NOW)
        with store.transaction() as conn:
            conn.execute("DELETE FROM items WHERE guid = 'a'")
        ingest(store, A, [_item("z", "Old filler", 400)], then)  # a pruning re-leads
        assert prune(store, 30, NOW).deleted == 1
        shown = headlines(store)
        assert [(i.title, i.sources) for i in shown] == [("Same story", ("B",))]


def test_a_pruned_item_still_in_its_feed_does_not_come_back(db_path: Path) -> None:
    """A feed that keeps items longer than the retention brought each pruned one back as
    a new headline on its next refresh, and again after every ``days`` (outside review)."""
    then = NOW - timedelta(days=40)
    carried = [_item("kept-long", "A press release the feed still carries", 40),
               _item("fresh", "A fresh story", 1)]
    with Store.open(db_path) as store:
        sync_config(store, [FeedConfig(url=A)], then)
        assert len(ingest(store, A, carried[:1], then)) == 1
        assert prune(store, 30, NOW).deleted == 1
        assert ingest(store, A, carried, NOW) == [ingest_id(store, "fresh")]
        assert "kept-long" not in {r[0] for r in store.conn.execute("SELECT guid FROM items")}
        assert known_ids(store, [A])[A] >= {ingest_id(store, "fresh")}
        assert len(known_ids(store, [A])[A]) == 2  # the pruned one too: not classified again
        # a year on, the pruned id is forgotten (the feed has long dropped the item)
        (kept_long,) = known_ids(store, [A])[A] - {ingest_id(store, "fresh")}
        prune(store, 0, NOW + timedelta(days=360))  # retention since turned off: kept
        assert kept_long in {r[0] for r in store.conn.execute("SELECT id FROM pruned")}
        prune(store, 0, NOW + timedelta(days=366))  # ... and forgotten after a year
        assert kept_long not in {r[0] for r in store.conn.execute("SELECT id FROM pruned")}


def ingest_id(store: Store, guid: str) -> str:
    return store.conn.execute("SELECT id FROM items WHERE guid = ?", (guid,)).fetchone()[0]


def test_a_database_from_before_the_pruned_table_gets_it(db_path: Path) -> None:
    """A database an older thawwatch made has no ``pruned`` table: opening it read-write
    adds it (a repair: no schema version, so that older version can still open it)."""
    with Store.open(db_path) as store:
        store.conn.execute("DROP TABLE pruned")
        store.conn.execute("DELETE FROM meta WHERE key = 'repaired:pruned-table'")
        version = store.schema_version()
    with Store.open(db_path) as store:
        assert store.schema_version() == version
        sync_config(store, [FeedConfig(url=A)], NOW)
        ingest(store, A, [_item("old", "An old story", 100)], NOW - timedelta(days=100))
        assert prune(store, 30, NOW).deleted == 1
        assert store.conn.execute("SELECT count(*) FROM pruned").fetchone()[0] == 1
