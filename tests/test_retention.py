"""Retention: old items pruned, starred items and ledger evidence kept, stories re-led."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from thawwatch.config import FeedConfig
from thawwatch.feeds import sync_config
from thawwatch.items import headlines, ingest, toggle_star
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


def test_story_survives_when_its_first_copy_is_pruned(db_path: Path) -> None:
    with Store.open(db_path) as store:
        sync_config(store, [FeedConfig(url=A, name="A"), FeedConfig(url=B, name="B")], NOW)
        then = NOW - timedelta(days=100)
        ingest(store, A, [_item("a", "Same story", 100, "https://x.example/s")], then)
        ingest(store, B, [_item("b", "Same story", 1, "https://x.example/s")], NOW)
        assert [i.sources for i in headlines(store)] == [("A", "B")]
        prune(store, 30, NOW)
        shown = headlines(store)
        assert [(i.title, i.sources) for i in shown] == [("Same story", ("B",))]
