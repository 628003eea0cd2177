"""The feed registry and each feed's health.

Feeds come from the config file; `thawwatch feeds add/remove/import` record additions
and removals in the database, so the user's commented TOML is never rewritten. Each
feed keeps its validators (ETag, Last-Modified), its last error as a short sentence,
and a not-before time for backoff and Retry-After.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from .config import Config, FeedConfig, clean_name, feed_key
from .items import iso, parse_iso
from .store import FEED_STATE_COLUMNS, Store
from .text import feed_label

BACKOFF_BASE = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=12)
RETRY_AFTER_MAX = timedelta(days=1)


@dataclass(frozen=True)
class Feed:
    """One active feed and its health."""

    url: str
    name: str | None
    title: str | None
    origin: str
    etag: str | None
    last_modified: str | None
    last_attempt: datetime | None
    last_ok: datetime | None
    last_error: str | None
    failures: int
    next_attempt: datetime | None
    items: int
    interval_minutes: int | None = None
    body_hash: str | None = None
    """The last body parsed (``same_body.body_hash``): the same body again is not parsed."""
    moved_to: str | None = None
    """Where its server said, at the last success, that the feed moved for good."""
    gone_since: datetime | None = None
    """When its server first said the feed is gone for good (410): it is fetched no more,
    unless by ``refresh --force``."""

    @property
    def display_name(self) -> str:
        """The configured name, else the feed's own title, else its URL (as shown)."""
        return feed_label(self.name, self.title, self.url)

    @property
    def status(self) -> str:
        """ok, error or never, as in `feeds list --format json`."""
        if self.last_attempt is None:
            return "never"
        return "error" if self.last_error else "ok"

    def to_json(self) -> dict[str, Any]:
        """The interface page's `feeds list --format json` shape."""
        return {
            "url": self.url,
            "name": self.display_name,
            "status": self.status,
            "error": self.last_error,
            "last_ok": iso(self.last_ok) if self.last_ok else None,
            "items": self.items,
        }

    @property
    def unfetched(self) -> bool:
        """No validators and no body kept: its next fetch surely brings a body to parse."""
        return not (self.etag or self.last_modified or self.body_hash)

    def waiting(self, now: datetime) -> bool:
        """True while the server's Retry-After says not to ask again yet (always honoured)."""
        return self.next_attempt is not None and now < self.next_attempt

    def due(self, now: datetime, default_minutes: int) -> bool:
        """Whether auto-refresh should poll this feed now: its interval has passed, and
        so has the exponential backoff of a failing feed and any Retry-After."""
        if self.waiting(now):
            return False
        if self.last_attempt is None:
            return True
        wait = timedelta(minutes=self.interval_minutes or default_minutes)
        return now >= self.last_attempt + max(wait, backoff(self.failures))


def utc_clock(when: datetime, now: datetime) -> str:
    """A UTC time, with its date unless it is today's (a wait until tomorrow's 01:20 must
    not read as a wait already over)."""
    return when.strftime("%H:%M UTC" if when.date() == now.date() else "%Y-%m-%d %H:%M UTC")


def sync_config(store: Store, feeds: Sequence[FeedConfig], now: datetime) -> None:
    """Make sure every configured feed has a row; names follow the config (cleaned when
    it was read, see ``config.clean_name``): a name taken out of the config goes, unless
    the feed came from `feeds add --name` or an OPML file, whose name stays until the
    config gives another. A feed the database holds under another spelling of its URL
    (see ``feed_key``) keeps that row.

    `feeds remove` of a configured feed holds while the config lists it: once the config
    no longer does, the removal is forgotten, so putting the feed back in the config
    subscribes again (it stayed off for good, whatever the config said). Only commands
    that write sync (refresh, the dashboard, feeds add/remove/import): a look with
    another --config (`feeds list`, `feeds export`) forgot the removal, and the next
    refresh fetched the feed again."""
    if not _sync_writes(store.conn, feeds, now):  # the usual case: no write lock to wait for
        return
    with store.transaction() as conn:
        for sql, params in _sync_writes(conn, feeds, now):  # again, under the lock
            conn.execute(sql, params)


def _sync_writes(conn: sqlite3.Connection, feeds: Sequence[FeedConfig],
                 now: datetime) -> list[tuple[str, tuple[Any, ...]]]:
    """What ``sync_config`` must write, read from the rows as they are: usually nothing.
    Read first without the write lock: the dashboard syncs on every reload, and took the
    lock each time, so another process writing (a cron refresh, a long VACUUM) held back
    every reload, and one holding it 15 s made it fail."""
    listed = {feed_key(f.url) for f in feeds}
    stored = _rows_by_key(conn, "url, removed, origin, name, gone_since")
    # a feed taken out of the config forgets its removal, and its 410: put back, it is
    # subscribed and asked again
    writes: list[tuple[str, tuple[Any, ...]]] = [
        ("UPDATE feeds SET removed = 0, gone_since = NULL WHERE url = ?", (url,))
        for key, (url, removed, origin, _, gone) in stored.items()
        if origin == "config" and key not in listed and (removed or gone is not None)]
    for feed in feeds:
        row = stored.get(feed_key(feed.url))
        if row is None:
            writes.append(("INSERT INTO feeds (url, name, origin, added_at)"
                           " VALUES (?, ?, 'config', ?)", (feed.url, feed.name, iso(now))))
        elif row[3] != feed.name and _config_names(row[2], feed.name):
            writes.append(("UPDATE feeds SET name = ? WHERE url = ?", (feed.name, row[0])))
    return writes


def _config_names(origin: str, name: str | None) -> bool:
    """Whether the config's name (or none) is a feed's name: always for a feed from the
    config; one added with a name keeps it until the config gives another."""
    return origin == "config" or name is not None


def active_feeds(store: Store, config: Config) -> list[Feed]:
    """Configured feeds not removed, then feeds added from the command line; one row per
    feed, whatever the spellings of its URL. A configured feed the database has no row for
    yet (``sync_config`` makes one; a read-only database cannot) is listed as never
    fetched."""
    order = {feed_key(f.url): i for i, f in enumerate(config.feeds)}
    intervals = {feed_key(f.url): f.interval_minutes for f in config.feeds}
    names = {feed_key(f.url): f.name for f in config.feeds}
    rows = store.conn.execute(
        "SELECT url, name, title, origin, etag, last_modified, last_attempt, last_ok, last_error,"
        f" failures, next_attempt, item_count, {_state_columns(store.conn)} FROM feeds"
        " WHERE removed = 0 ORDER BY origin = 'config' DESC, url"
    ).fetchall()
    feeds: dict[str, Feed] = {}
    for row in rows:
        key = feed_key(row[0])
        if key not in feeds and _active(0, row[3], key in order):
            feed = _feed(row, intervals.get(key))
            if key in names and _config_names(feed.origin, names[key]):
                # the config's name, as sync_config writes it (a reader does not sync)
                feed = replace(feed, name=names[key])
            feeds[key] = feed
    held = {feed_key(url) for (url,) in store.conn.execute("SELECT url FROM feeds")}
    for f in config.feeds:
        if feed_key(f.url) not in held:
            feeds[feed_key(f.url)] = Feed(
                url=f.url, name=f.name, title=None, origin="config", etag=None,
                last_modified=None, last_attempt=None, last_ok=None, last_error=None,
                failures=0, next_attempt=None, items=0, interval_minutes=f.interval_minutes)
    ranked = sorted(feeds.items(),
                    key=lambda kv: (order.get(kv[0], len(order)), kv[1].display_name.lower()))
    return [feed for _, feed in ranked]


def _state_columns(conn: sqlite3.Connection) -> str:
    """The select list of the "feed-state" columns, NULL for each a file opened read-only
    before its repair lacks."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(feeds)")}
    return ", ".join(c if c in have else "NULL" for c in FEED_STATE_COLUMNS)


def _when(text: str | None) -> datetime | None:
    return parse_iso(text) if text else None


def _feed(row: Sequence[Any], interval: int | None) -> Feed:
    (url, name, title, origin, etag, last_modified, last_attempt, last_ok, last_error,
     failures, next_attempt, items, body_hash, moved_to, gone_since) = row
    return Feed(
        url=url, name=name, title=title, origin=origin, etag=etag, last_modified=last_modified,
        last_attempt=_when(last_attempt), last_ok=_when(last_ok), last_error=last_error,
        failures=failures, next_attempt=_when(next_attempt), items=items,
        interval_minutes=interval, body_hash=body_hash, moved_to=moved_to,
        gone_since=_gone(_when(gone_since), _when(last_ok)),
    )


def _gone(since: datetime | None, last_ok: datetime | None) -> datetime | None:
    """A 410 still standing: a success since (recorded by an older thawwatch, which does
    not know the column) ends it, as this version's own success does."""
    return None if since is None or (last_ok is not None and last_ok > since) else since


def add_feed(store: Store, url: str, name: str | None, now: datetime,
             configured: Collection[str]) -> tuple[str, bool]:
    """Subscribe to a feed: (its URL as stored, whether it was not subscribed before).
    Any spelling of a subscribed feed's URL (see ``feed_key``) finds it. ``configured``:
    the config's feed URLs; a row left by a feed since dropped from the config is not a
    subscription, so adding it makes it one."""
    return add_feeds(store, [(url, name)], now, configured)[0]


def add_feeds(store: Store, feeds: Iterable[tuple[str, str | None]], now: datetime,
              configured: Collection[str], *, rename: bool = True) -> list[tuple[str, bool]]:
    """``add_feed`` for many (an OPML import), in one transaction. ``rename=False`` (an
    import) leaves the name of a feed already subscribed as it is: someone else's OPML
    title must not replace the name you gave it."""
    config_keys = {feed_key(u) for u in configured}
    results: list[tuple[str, bool]] = []
    with store.transaction() as conn:
        known = _rows_by_key(conn)
        for url, raw_name in feeds:
            name = clean_name(raw_name)  # `feeds add --name` and OPML titles alike
            key = feed_key(url)
            if key not in known:
                conn.execute(
                    "INSERT INTO feeds (url, name, origin, added_at) VALUES (?, ?, 'added', ?)",
                    (url, name, iso(now)),
                )
                known[key] = (url, 0, "added")
                results.append((url, True))
                continue
            stored, removed, origin = known[key]
            active = _active(removed, origin, key in config_keys)
            if (origin == "config" and key in config_keys) or (active and not rename):
                name = None  # the config names the feeds it lists (see sync_config)
            conn.execute(
                "UPDATE feeds SET removed = 0, origin = CASE WHEN ? THEN origin ELSE 'added'"
                " END, name = coalesce(?, name),"
                " gone_since = CASE WHEN ? THEN gone_since END WHERE url = ?",
                (active, name, active, stored),
            )
            known[key] = (stored, 0, origin if active else "added")
            results.append((stored, not active))
    return results


def remove_feed(store: Store, url: str, configured: Collection[str]) -> str | None:
    """Unsubscribe (stored items stay); returns the URL removed, in the spelling it was
    subscribed under, or None when no such feed was subscribed."""
    key = feed_key(url)
    with store.transaction() as conn:
        row = _rows_by_key(conn).get(key)
        if row is None or not _active(row[1], row[2], key in {feed_key(u) for u in configured}):
            return None
        # Every spelling: a database from before a spelling was recognised (a host's
        # trailing dot) may hold two rows for this feed, and both would be fetched.
        spellings = [(url,) for (url,) in conn.execute("SELECT url FROM feeds WHERE removed = 0")
                     if feed_key(url) == key]
        conn.executemany("UPDATE feeds SET removed = 1, gone_since = NULL WHERE url = ?",
                         spellings)  # added back, it is asked again
        return str(row[0])


def _active(removed: int, origin: str, configured: bool) -> bool:
    """A row is a subscription when not removed and either added or in the config: the
    one rule ``active_feeds``, ``add_feeds`` and ``remove_feed`` share."""
    return not removed and (origin == "added" or configured)


def _rows_by_key(conn: sqlite3.Connection,
                 columns: str = "url, removed, origin") -> dict[str, tuple[Any, ...]]:
    """Every feed row (``columns``, the URL first) by ``feed_key``; of two spellings of
    one feed, the row not removed wins."""
    rows = conn.execute(f"SELECT {columns} FROM feeds ORDER BY removed DESC, url DESC")
    return {feed_key(row[0]): tuple(row) for row in rows}


def record_success(
    store: Store, url: str, *, now: datetime, etag: str | None, last_modified: str | None,
    title: str | None, forget_validators: bool = False, body_hash: str | None = None,
    moved_to: str | None = None,
) -> None:
    """A fetch that worked (200 or 304): clear the error (and any 410), keep the validators
    (or, for a body that came cut short, forget them and its hash: the next refresh must
    fetch and parse it whole). ``body_hash``: the body just parsed, None to keep the one
    kept; ``moved_to``: where the feed moved for good, None if it did not (any more)."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE feeds SET last_attempt = ?, last_ok = ?, last_error = NULL, failures = 0,"
            " next_attempt = NULL, gone_since = NULL, moved_to = ?,"
            " etag = CASE WHEN ? THEN NULL ELSE coalesce(?, etag) END,"
            " last_modified = CASE WHEN ? THEN NULL ELSE coalesce(?, last_modified) END,"
            " body_hash = CASE WHEN ? THEN NULL ELSE coalesce(?, body_hash) END,"
            " title = coalesce(?, title) WHERE url = ?",
            (iso(now), iso(now), moved_to, forget_validators, etag, forget_validators,
             last_modified, forget_validators, body_hash, title, url),
        )


def record_failure(
    store: Store, url: str, *, now: datetime, error: str, retry_after: float | None = None,
    gone: bool = False,
) -> datetime | None:
    """A failed fetch: note the error and count it (auto-refresh backs off by the count).

    A server's Retry-After (429/503) sets a not-before time that every refresh honours;
    returns it, or None. ``gone``: the server said 410, the feed is fetched no more (from
    the first time it said so); any other failure ends that.
    """
    not_before = None
    if retry_after is not None:
        not_before = now + min(timedelta(seconds=max(retry_after, 0)), RETRY_AFTER_MAX)
    with store.transaction() as conn:
        conn.execute(
            "UPDATE feeds SET last_attempt = ?, last_error = ?, failures = failures + 1,"
            " next_attempt = ?,"
            " gone_since = CASE WHEN NOT ? THEN NULL"
            " WHEN gone_since IS NULL OR last_ok > gone_since THEN ? ELSE gone_since END"
            " WHERE url = ?",
            (iso(now), error, iso(not_before) if not_before else None, gone, iso(now), url),
        )
    return not_before


def backoff(failures: int) -> timedelta:
    """Exponential backoff: 5 min after the first failure, doubling, at most 12 h."""
    if failures <= 0:
        return timedelta(0)
    return min(BACKOFF_BASE * (2 ** min(failures - 1, 16)), BACKOFF_MAX)
