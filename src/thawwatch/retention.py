"""Retention: prune old headlines, keep what the user or the ledger relies on, compact.

Run after a refresh when `[retention] days` is set. Starred items and the items that are
evidence for ledger decisions (accepted, dismissed or pending) are never pruned, so the
ledger's sources stay openable, nor is a story's first item while a copy of it is kept.
Compaction rebuilds the FTS index and, when much was deleted, VACUUMs; a VACUUM that finds
the database busy is simply skipped.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from .items import iso
from .store import Store

log = logging.getLogger(__name__)
VACUUM_AFTER = 1000  # deleted rows that justify rewriting the file


@dataclass(frozen=True)
class PruneReport:
    """How many items were deleted, and whether the file was compacted."""

    deleted: int
    vacuumed: bool


_KEPT = ("{t}.starred = 1 OR {t}.id IN (SELECT item_id FROM decisions)"
         " OR {t}.id IN (SELECT item_id FROM events WHERE item_id IS NOT NULL)")
# An old item goes unless starred, a decision's evidence, or the first item of a story a
# kept copy still carries: a story keeps its first item, so its id (the dashboard's row,
# an open headline, a decision's twins) stays the same while any copy of it is kept.
_OLD = (f"published < :cutoff AND first_seen < :cutoff AND NOT ({_KEPT.format(t='items')})"
        " AND NOT EXISTS (SELECT 1 FROM items c WHERE c.story = items.id AND c.id != items.id"
        f" AND (c.published >= :cutoff OR c.first_seen >= :cutoff OR {_KEPT.format(t='c')}))")
REMEMBERED_DAYS = 365  # how long a pruned item's id is kept at least (``pruned``)


def prune(store: Store, days: int, now: datetime) -> PruneReport:
    """Delete items first seen and published more than ``days`` days ago (0: keep all).

    Their ids are kept (``pruned``) for a year, or ``days`` if longer: a feed that still
    carries such an item would otherwise bring it back as a new headline every ``days``.
    """
    forget = iso(now - timedelta(days=max(days, REMEMBERED_DAYS)))
    if days <= 0:  # keeping everything now: only ids pruned long ago are forgotten
        if store.conn.execute("SELECT 1 FROM pruned WHERE pruned_at < ? LIMIT 1",
                              (forget,)).fetchone():  # (no write lock on every refresh)
            with store.transaction() as conn:
                _forget(conn, forget)
        return PruneReport(0, False)
    cutoff = iso(now - timedelta(days=days))
    with store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO pruned (id, feed_url, pruned_at)"
                     f" SELECT id, feed_url, :now FROM items WHERE {_OLD}",
                     {"now": iso(now), "cutoff": cutoff})
        deleted = conn.execute(f"DELETE FROM items WHERE {_OLD}", {"cutoff": cutoff}).rowcount
        _forget(conn, forget)
        if deleted:
            _rehome_stories(conn)
            conn.execute(
                "UPDATE feeds SET item_count ="
                " (SELECT count(*) FROM items WHERE items.feed_url = feeds.url)"
            )
    vacuumed = False
    if deleted:
        store.conn.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
        if deleted >= VACUUM_AFTER:
            vacuumed = _vacuum(store)
    return PruneReport(deleted, vacuumed)


def _forget(conn: sqlite3.Connection, before: str) -> None:
    """Forget the ids pruned before ``before``: a feed carrying one so long after is
    taken to have put it back on purpose."""
    conn.execute("DELETE FROM pruned WHERE pruned_at < ?", (before,))


def _rehome_stories(conn: sqlite3.Connection) -> None:
    """A story whose first item is gone is led by its oldest remaining copy (a first item
    is kept while a copy is: this mends a database an older thawwatch pruned)."""
    orphans = conn.execute(
        "SELECT DISTINCT story FROM items WHERE story NOT IN (SELECT id FROM items)"
    ).fetchall()
    for (story,) in orphans:
        (root,) = conn.execute(
            "SELECT id FROM items WHERE story = ? ORDER BY first_seen, id LIMIT 1", (story,)
        ).fetchone()
        conn.execute("UPDATE items SET story = ? WHERE story = ?", (root, story))


def _vacuum(store: Store) -> bool:
    try:
        store.conn.execute("VACUUM")
    except sqlite3.OperationalError as exc:  # another process is reading: try next time
        log.info("VACUUM skipped: %s", exc)
        return False
    return True
