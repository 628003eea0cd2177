"""Stored headlines: ingest with dedup and story grouping, listing, search, read and star.

An item's id is stable across refreshes: a hash of its feed and GUID, else of its
normalised link, else of its normalised title, so a feed that re-sends its whole list
never creates duplicates. Items from several feeds that carry the same story (same link,
or near-identical title within a few days) share a ``story`` and are shown once.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeGuard
from urllib.parse import urlsplit

from .cjk_forms import script_forms
from .store import (
    CJK_SPLIT_FROM,
    LIGATURES_FOLDED_FROM,
    SCHEMA_VERSION,
    Store,
    cjk_letters,
    index_text,
    rows_for,
)
from .text import clean_text, feed_label, is_clean, link_key, title_key

if TYPE_CHECKING:  # feedparser is slow to import; the dashboard's start needs none of it
    from .parse import ParsedItem

STORY_WINDOW = timedelta(days=3)
MIN_TITLE_KEY = 24  # shorter titles ("Live updates") are too generic to group by


def groupable(tkey: str) -> bool:
    """Whether a title key is long enough to group stories by: MIN_TITLE_KEY letters, a
    CJK one counting twice (中方宣布暂停对加拿大油菜籽加征关税, 17 of them, is no "Live
    updates")."""
    return len(tkey) >= MIN_TITLE_KEY or len(tkey) + cjk_letters(tkey) >= MIN_TITLE_KEY


@dataclass(frozen=True)
class Item:
    """A stored headline as the dashboard and the CLI show it."""

    id: str
    feed_url: str
    feed_name: str
    title: str
    link: str | None
    summary: str
    published: datetime
    first_seen: datetime
    story: str
    read: bool
    starred: bool
    relevant: bool
    topics: tuple[str, ...]
    direction: str
    score: float
    weight: float
    signals: tuple[dict[str, Any], ...]
    reasons: tuple[str, ...]
    sources: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The interface page's export shape."""
        return {
            "id": self.id,
            "feed": self.feed_url,
            "title": self.title,
            "link": self.link or "",  # a string, as the interface page has it: "" for none
            "published": iso(self.published),
            "summary": self.summary,
            "relevant": self.relevant,
            "topics": list(self.topics),
            "direction": self.direction,
            "signals": [dict(s) for s in self.signals],
            # beyond the interface page's shape, last: when thawwatch first stored it, and
            # the outlet's name (a journalist's spreadsheet cites "Reuters", not a URL)
            "first_seen": iso(self.first_seen),
            "feed_name": self.feed_name,
        }


Classifier = Callable[[str, str, datetime], Any]


def iso(moment: datetime) -> str:
    """UTC ISO 8601 with a Z, to the second, as stored and exported. ``isoformat`` writes
    the year in four digits (strftime writes 999 as '999', which sorts after '2026') and is
    ~2.5x faster than strftime: a cold refresh calls this twice an item."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def parse_iso(text: str) -> datetime:
    """Inverse of ``iso`` (fromisoformat: ~50× faster than strptime on snapshot loads)."""
    return datetime.fromisoformat(text)


def item_id(feed_url: str, item: ParsedItem, *, shared_guid: bool = False) -> str:
    """The stable dedup key: feed + GUID, else feed + link, else feed + title.

    ``shared_guid``: the feed gives this GUID to other, different items too (a CMS that
    sets every item's GUID to the site's address): the GUID with the link, else with the
    title, so that those items are not all taken for the first one.
    """
    if item.guid and not shared_guid:
        basis = f"g\0{item.guid}"
    else:
        by_link = f"l\0{link_key(item.link)}" if item.link else f"t\0{title_key(item.title)}"
        basis = f"g\0{item.guid}\0{by_link}" if item.guid else by_link
    return hashlib.sha256(f"{feed_url}\0{basis}".encode()).hexdigest()[:20]


def _shared_guids(items: Sequence[ParsedItem]) -> tuple[frozenset[str], frozenset[str]]:
    """The GUIDs the feed gives to three or more items with different links (or, without
    links, titles), and those it gives to more than one item. Two are taken for one item
    listed twice, edited (the GUID is what stays when a link is corrected); three are a
    feed whose GUIDs identify nothing."""
    counts = Counter(item.guid for item in items if item.guid)
    repeated = frozenset(guid for guid, n in counts.items() if n > 1)
    if all(n < _SHARED for n in counts.values()):  # the usual case, decided at once
        return frozenset(), repeated
    stories: dict[str, set[str]] = {}
    for item in items:
        if item.guid and counts[item.guid] >= _SHARED:
            story = link_key(item.link) if item.link else title_key(item.title)
            stories.setdefault(item.guid, set()).add(story)
    return frozenset(g for g, told in stories.items() if len(told) >= _SHARED), repeated


_SHARED = 3  # different stories under one GUID that make it no id (see _shared_guids)


def _names_no_item(guid: str, feed_url: str) -> bool:
    """Whether a GUID is the site's address (``https://press.example/``) or the feed's
    own: no item's id. A press-release feed that gives each of its one or two items the
    site's address kept its first story only, every later one taken for it, since the
    rule of three (``_shared_guids``) needs three in one fetch."""
    parts = urlsplit(guid.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return False
    if parts.path in ("", "/") and not parts.query and not parts.fragment:
        return True
    return link_key(guid) == link_key(feed_url)


@dataclass(frozen=True)
class Prepared:
    """A parsed item with what storing it needs: its id, keys and text as stored.

    During a refresh the parser workers make these, so the process that holds the
    database spends its time writing, not hashing and normalising.
    """

    iid: str
    item: ParsedItem
    link_key: str | None
    title_key: str
    title: str
    summary: str
    alias: str | None = None  # the id under the item's legacy GUID, if it has one
    # the id its GUID gave it while three or more stories shared it (see item_id), for an
    # item whose GUID fewer share now: it is not new for that
    was_shared: str | None = None
    # the id its GUID alone gave it before a site's address stopped being an id (see
    # _names_no_item): the item stored under it is this one if its link (or title) is
    guid_only: str | None = None


def prepare(feed_url: str, items: Iterable[ParsedItem],
            skip: frozenset[str] = frozenset()) -> list[Prepared]:
    """Each item once (the first of a repeated id), except those whose id is in ``skip``."""
    out: list[Prepared] = []
    seen: set[str] = set(skip)
    items = list(items)
    shared, repeated = _shared_guids(items)
    no_item = frozenset(g for g in {i.guid for i in items if i.guid}
                        if _names_no_item(g, feed_url))
    shared |= no_item
    aggregated = _names_its_source(feed_url)
    for item in items:
        iid = item_id(feed_url, item, shared_guid=item.guid in shared)
        if iid in seen:
            continue
        seen.add(iid)
        title = _stored(item.title, 1000) or "(untitled)"
        was_shared = (item_id(feed_url, item, shared_guid=True)
                      if item.guid in repeated and item.guid not in shared else None)
        out.append(Prepared(iid, item, link_key(item.link) if item.link else None,
                            title_key(_SOURCE_AFTER.sub("", title) if aggregated else title),
                            title, _stored(item.summary, 4000),
                            _legacy_id(feed_url, item), was_shared,
                            item_id(feed_url, item) if item.guid in no_item else None))
    return _unknown(out, skip)


def _names_its_source(feed_url: str) -> bool:
    """Whether the feed is Google News's, whose titles end with their outlet ("China to
    cut tariffs on Canadian canola, Carney says - Reuters") and whose links all lead to
    news.google.com: its copy of a story can only meet the outlet's own by title."""
    host = urlsplit(feed_url).hostname or ""
    return host == "news.google.com"


# " - Reuters", " - CBC News", " - Radio-Canada.ca": the outlet Google News names last
_SOURCE_AFTER = re.compile(r"\s+[-–—]\s+(?:(?!\s[-–—]\s).){1,60}$")  # "- Radio-Canada.ca"


def _unknown(candidates: list[Prepared], known: Collection[str]) -> list[Prepared]:
    """The candidates not in ``known``, by id, by the id a shared GUID gave them, or by
    legacy id. Two long GUIDs that an
    older version cut to one GUID share a legacy id: that version stored the first of
    them, so only the first is known by it, and the others are new (their legacy id is
    dropped, so that a later check does not take them for the first)."""
    claimed: set[str] = set()
    out: list[Prepared] = []
    for p in candidates:
        if p.iid in known or p.was_shared in known:
            continue
        if p.alias is not None and p.alias in known:
            if p.alias not in claimed:
                claimed.add(p.alias)
                continue
            p = replace(p, alias=None)
        out.append(p)
    return out


def _legacy_id(feed_url: str, item: ParsedItem) -> str | None:
    """The id an item with a long GUID was stored under before GUIDs kept a digest."""
    if item.legacy_guid is None:
        return None
    return item_id(feed_url, replace(item, guid=item.legacy_guid))


def ingest(
    store: Store,
    feed_url: str,
    items: Sequence[ParsedItem],
    now: datetime,
    classify: Classifier | None = None,
    classified: Mapping[str, Any] | None = None,
    prepared: Sequence[Prepared] | None = None,
) -> list[str]:
    """Store a feed's items in one transaction; returns the ids that were new.

    ``classified`` maps item ids to signals Classifications made elsewhere (the parser
    workers); ``classify(title, summary, published)`` classifies any other new item. It
    runs before the write transaction, so the database is never locked while rules run.
    Tariff signals become pending decisions on their measures. ``prepared`` (from
    :func:`prepare`, made elsewhere) replaces ``items``.
    """
    candidates = list(prepared) if prepared is not None else prepare(feed_url, items)
    results: dict[str, Any] = dict(classified or {})
    if classify is not None:
        for p in _new_only(store.conn, candidates):
            if p.iid not in results:
                results[p.iid] = classify(p.item.title, p.item.summary, p.item.published)
    with store.transaction() as conn:
        fresh = _new_only(conn, candidates)  # again, inside the lock: another process
        added: list[str] = []
        seen = iso(now)
        indexed: list[tuple[int, str, str]] = []
        stories = _Stories(conn, feed_url, fresh)
        for p in fresh:
            indexed.append(_insert(conn, feed_url, p, seen, results.get(p.iid), stories))
            added.append(p.iid)
        # One statement for the feed's items (see store._V2: a per-row trigger was 3x slower)
        conn.executemany("INSERT INTO items_fts (rowid, title, summary) VALUES (?, ?, ?)",
                         indexed)
        count = conn.execute("SELECT count(*) FROM items WHERE feed_url = ?", (feed_url,))
        conn.execute(
            "UPDATE feeds SET item_count = ? WHERE url = ?", (count.fetchone()[0], feed_url)
        )
    return added


def known_ids(store: Store, feed_urls: Iterable[str]) -> dict[str, frozenset[str]]:
    """The stored (or pruned) item ids of each feed, so workers classify only what is new."""
    urls = list(feed_urls)
    found: dict[str, set[str]] = {u: set() for u in urls}
    for table in ("items", "pruned"):
        for url, iid in rows_for(store.conn,
                                 f"SELECT feed_url, id FROM {table} WHERE feed_url IN ({{}})",
                                 urls):
            found[url].add(iid)
    return {u: frozenset(ids) for u, ids in found.items()}


def _new_only(conn: sqlite3.Connection, candidates: Sequence[Prepared]) -> list[Prepared]:
    """Drop the items already stored, and those pruned (``retention.prune``)."""
    if not candidates:
        return []
    ids = [p.iid for p in candidates] + [p.alias for p in candidates if p.alias] + [
        p.was_shared for p in candidates if p.was_shared]
    known = {r[0] for table in ("items", "pruned")
             for r in rows_for(conn, f"SELECT id FROM {table} WHERE id IN ({{}})", ids)}
    return [p for p in _unknown(list(candidates), known) if not _stored_before(conn, p)]


def _stored_before(conn: sqlite3.Connection, p: Prepared) -> bool:
    """Whether an older thawwatch stored this item under the id its GUID alone gave it
    (``Prepared.guid_only``): only if that item is this story, by link, else by title.
    The parser workers cannot tell (they know ids only), so such an item reaches here."""
    if p.guid_only is None:
        return False
    row = conn.execute("SELECT link_key, title_key FROM items WHERE id = ?",
                       (p.guid_only,)).fetchone()
    if row is None:
        return False
    if row[0] and p.link_key:
        return bool(row[0] == p.link_key)
    return bool(row[1] == p.title_key)


def _stored(text: str, max_len: int) -> str:
    """Text as stored: parse_feed has cleaned it already (checked in one scan); anything
    else, from a caller that built its own ParsedItem, is cleaned here."""
    return text if is_clean(text, max_len) else clean_text(text, max_len)


def _insert(conn: sqlite3.Connection, feed_url: str, p: Prepared, seen: str, result: Any,
            stories: _Stories) -> tuple[int, str, str]:
    """Insert one item (and its pending decisions); returns its row for the FTS index:
    rowid, title and summary as indexed (CJK characters apart: see ``store._V3``)."""
    iid, item, lkey, tkey = p.iid, p.item, p.link_key, p.title_key
    published = iso(item.published)
    story = stories.find(lkey, tkey, item.published, item.published_known) or iid
    signals = [s.to_json() for s in result.signals] if result is not None else []
    fts_title, fts_summary = index_text(p.title), index_text(p.summary)
    rowid = conn.execute(
        "INSERT INTO items (id, feed_url, guid, link, link_key, title, title_key, summary,"
        " published, published_known, first_seen, story, relevant, topics, direction, score,"
        " weight, signals, reasons, fts_title, fts_summary)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            iid, feed_url, item.guid, item.link, lkey, p.title, tkey,
            p.summary, published, int(item.published_known),
            seen, story,
            int(bool(result and result.relevant)),
            _json_list(result.topics if result else ()),
            result.direction if result else "neutral",
            float(result.score) if result else 0.0,
            float(result.weight) if result else 0.0,
            _json_list(signals),
            _json_list(result.reasons if result else ()),
            fts_title, fts_summary,
        ),
    ).lastrowid
    assert rowid is not None
    stories.stored(lkey, tkey, published, story, item.published_known)
    for index, signal in enumerate(signals):
        change = (signal["measure"], signal["action"], signal["rate"], signal["effective"],
                  signal["until"])
        if conn.execute(  # the same story from another feed: one change to decide, not two
            "SELECT 1 FROM decisions d JOIN items i ON i.id = d.item_id WHERE i.story = ?"
            " AND d.measure = ? AND d.action = ? AND d.rate IS ? AND d.effective IS ?"
            " AND d.until IS ? LIMIT 1", (story, *change),
        ).fetchone():
            continue
        conn.execute(
            "INSERT OR IGNORE INTO decisions (id, item_id, measure, action, rate, effective,"
            " until, state, created_at) VALUES (?,?,?,?,?,?,?, 'pending', ?)",
            (f"{iid}-{index}", iid, *change, seen),
        )
    return rowid, fts_title or p.title, fts_summary or p.summary


def _json_list(values: Sequence[Any]) -> str:
    """``json.dumps(list(values))``; most items' topics and signals are empty lists."""
    return json.dumps(list(values)) if values else "[]"


class _Stories:
    """The story each of a feed's new items joins: the story of an item with the same
    link, else of one from another feed with the same long title published within
    ``STORY_WINDOW`` of it; None for a story of its own.

    Within one feed a title or a link says less: a daily report keeps its title ("ICE
    canola futures: closing market report"), and some feeds give every item the site's
    address as its link. Joined, each new report hid under the first one's headline. So
    a feed's items join each other by link only when their titles match too, and by
    title only when published at the same moment (the item re-sent under a new id, its
    link changed); and a site's address (no path) is nobody's story.

    Looked up for all of the feed's items in a few statements, not two per item. The
    answers are the per-item queries' (the first fitting row in rowid order): the
    candidates come in rowid order, and the items stored meanwhile (which those queries
    would have seen) are added after them.
    """

    def __init__(self, conn: sqlite3.Connection, feed_url: str,
                 items: Sequence[Prepared]) -> None:
        self.feed = feed_url  # the feed whose items are looked up (see the class's doc)
        self._order = 0  # storing order of the rows seen: the answer is the first fitting
        # by link: the first rows of the first two feeds to carry it ([(order, feed,
        # story)]: one of them is the first from a feed that is not the one looked up),
        # and the first row of each (feed, title)
        self._link_firsts: dict[str, list[tuple[int, str, str]]] = {}
        self._link_titled: dict[tuple[str, str, str], tuple[int, str]] = {}
        # by title, then by day published: [(order, published, story, feed, known)]; a
        # look-up reads the window's seven days, not every year of a daily title
        self._by_title: dict[str, dict[int, list[tuple[int, str, str, str, bool]]]] = {}
        # Sorted here, not by ORDER BY rowid: SQLite would walk the whole table in rowid
        # order rather than use the key's index and sort
        links = sorted({p.link_key for p in items if _story_link(p.link_key)})
        for _, key, story, feed, tkey in sorted(rows_for(
                conn, "SELECT rowid, link_key, story, feed_url, title_key FROM items"
                " WHERE link_key IN ({})", links)):
            self._add_link(key, tkey, story, feed)
        grouped = [p for p in items if groupable(p.title_key)]
        titles = sorted({p.title_key for p in grouped})
        if titles:  # only rows some item's window can take (a daily title recurs for years)
            low = iso(min(p.item.published for p in grouped) - STORY_WINDOW)
            high = iso(max(p.item.published for p in grouped) + STORY_WINDOW)
            for _, key, published, story, feed, known in sorted(rows_for(
                    conn, "SELECT rowid, title_key, published, story, feed_url,"
                    " published_known FROM items WHERE published BETWEEN ? AND ?"
                    " AND title_key IN ({})", titles, (low, high))):
                self._add_title(key, published, story, feed, bool(known))

    def find(self, lkey: str | None, tkey: str, published: datetime,
             known: bool = True) -> str | None:
        """The story of the first stored row that fits (see the class's doc); ``known``:
        whether ``published`` is the item's own date (else its first-seen time)."""
        if _story_link(lkey):
            fits = [e for e in self._link_firsts.get(lkey, ()) if e[1] != self.feed][:1]
            if (same := self._link_titled.get((lkey, self.feed, tkey))) is not None:
                fits.append((same[0], self.feed, same[1]))
            if fits:
                return min(fits)[2]
        days = self._by_title.get(tkey) if groupable(tkey) else None
        if days:  # most titles have none: no dates to format
            low, high = iso(published - STORY_WINDOW), iso(published + STORY_WINDOW)
            same_moment = iso(published)
            day = published.toordinal()
            best: tuple[int, str] | None = None
            for d in range(day - STORY_WINDOW.days, day + STORY_WINDOW.days + 1):
                for order, when, story, feed, was_known in days.get(d, ()):
                    # TEXT in SQLite's order (ISO 8601, all ASCII); the feed's own item
                    # only if it is this one re-sent under another id (a link it changed):
                    # both dated, at the same moment (undated ones all read "now")
                    if low <= when <= high and (feed != self.feed or (
                            when == same_moment and known and was_known)):
                        if best is None or order < best[0]:
                            best = (order, story)
                        break  # the day's list is in order: its first fit is its best
            if best is not None:
                return best[1]
        return None

    def stored(self, lkey: str | None, tkey: str, published: str, story: str,
               known: bool = True) -> None:
        """An item was stored: later items find it after the rows there before."""
        if _story_link(lkey):
            self._add_link(lkey, tkey, story, self.feed)
        if groupable(tkey):
            self._add_title(tkey, published, story, self.feed, known)

    def _add_link(self, key: str, tkey: str, story: str, feed: str) -> None:
        self._order += 1
        firsts = self._link_firsts.setdefault(key, [])
        if len(firsts) < 2 and all(f != feed for _, f, _ in firsts):
            firsts.append((self._order, feed, story))
        self._link_titled.setdefault((key, feed, tkey), (self._order, story))

    def _add_title(self, key: str, published: str, story: str, feed: str,
                   known: bool) -> None:
        self._order += 1
        day = datetime.fromisoformat(published[:10]).toordinal()
        self._by_title.setdefault(key, {}).setdefault(day, []).append(
            (self._order, published, story, feed, known))


def regroup_stories(conn: sqlite3.Connection) -> int:
    """Give every stored item the story today's rules give it, in storing order; returns
    how many changed. A migration: the rules before schema v4 hid a feed's daily report
    under its first day's headline, and Google News's copies were stories of their own."""
    for iid, feed, title in conn.execute(
            "SELECT id, feed_url, title FROM items WHERE feed_url LIKE '%//news.google.com/%'"
            ).fetchall():
        if _names_its_source(feed):
            conn.execute("UPDATE items SET title_key = ? WHERE id = ?",
                         (title_key(_SOURCE_AFTER.sub("", title)), iid))
    stories = _Stories(conn, "", ())
    changed: list[tuple[str, str]] = []
    for iid, feed, lkey, tkey, published, known, story in conn.execute(
            "SELECT id, feed_url, link_key, title_key, published, published_known, story"
            " FROM items ORDER BY rowid").fetchall():
        stories.feed = feed
        found = stories.find(lkey, tkey, parse_iso(published), bool(known)) or iid
        if found != story:
            changed.append((found, iid))
        stories.stored(lkey, tkey, published, found, bool(known))
    conn.executemany("UPDATE items SET story = ? WHERE id = ?", changed)
    return len(changed)


def _story_link(key: str | None) -> TypeGuard[str]:
    """Whether a link key can name a story: a site's address alone (``example.cn``, no
    path or query) is where a feed points items it has no page for."""
    return key is not None and ("/" in key or "?" in key or "#" in key)


_SELECT = """
SELECT i.id, i.feed_url, f.name, f.title, i.title, i.link,
       i.summary, i.published, i.first_seen, i.story, i.read, i.starred, i.relevant, i.topics,
       i.direction, i.score, i.weight, i.signals, i.reasons
FROM items i LEFT JOIN feeds f ON f.url = i.feed_url
"""
_STORY = 9  # the column of i.story in _SELECT


def _row(row: sqlite3.Row | tuple[Any, ...], sources: tuple[str, ...] = ()) -> Item:
    (iid, feed_url, name, feed_title, title, link, summary, published, first_seen, story,
     read, starred, relevant, topics, direction, score, weight, signals, reasons) = tuple(row)
    feed_name = feed_label(name, feed_title, feed_url)
    return Item(
        id=iid, feed_url=feed_url, feed_name=feed_name, title=title, link=link, summary=summary,
        published=parse_iso(published), first_seen=parse_iso(first_seen), story=story,
        read=bool(read), starred=bool(starred), relevant=bool(relevant),
        topics=tuple(json.loads(topics)), direction=direction, score=score, weight=weight,
        signals=tuple(json.loads(signals)), reasons=tuple(json.loads(reasons)),
        sources=sources or (feed_name,),
    )


# A story (its first item, ``i``) is about Canada–China when any of its copies is.
_STORY_RELEVANT = ("(i.relevant = 1 OR EXISTS (SELECT 1 FROM items c WHERE c.story = i.story"
                   " AND c.relevant = 1))")


def headlines(
    store: Store,
    *,
    limit: int = 500,
    topic: str | None = None,
    relevant_only: bool = False,
) -> list[Item]:
    """Newest first, one row per story (its first item), with every source's name. A
    story is about Canada–China (``relevant_only``, and its row's ``relevant``) when any
    copy is: a wire headline without the countries, carried with a summary naming them."""
    where = ["i.id = i.story"]
    args: list[Any] = []
    if relevant_only:
        where.append(_STORY_RELEVANT)
    if topic:
        where.append("EXISTS (SELECT 1 FROM json_each(i.topics) WHERE value = ?)")
        args.append(topic)
    sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY i.published DESC, i.id LIMIT ?"
    rows = store.conn.execute(sql, (*args, limit)).fetchall()
    return _with_sources(store, rows)


def _with_sources(store: Store, rows: list[Any]) -> list[Item]:
    stories = [r[_STORY] for r in rows]
    names: dict[str, list[str]] = {}
    relevant: set[str] = set()  # stories a copy of which is about Canada–China
    for story, name, title, url, about in rows_for(
        store.conn,
        "SELECT i.story, f.name, f.title, i.feed_url, i.relevant FROM items i"
        " LEFT JOIN feeds f ON f.url = i.feed_url WHERE i.story IN ({}) ORDER BY i.first_seen",
        stories,
    ):
        bucket = names.setdefault(story, [])
        label = feed_label(name, title, url)
        if label not in bucket:
            bucket.append(label)
        if about:
            relevant.add(story)
    items = [_row(r, tuple(names.get(r[_STORY], ()))) for r in rows]
    return [replace(i, relevant=True) if not i.relevant and i.story in relevant else i
            for i in items]


def get_item(store: Store, iid: str) -> Item | None:
    """One item by id."""
    row = store.conn.execute(f"{_SELECT} WHERE i.id = ?", (iid,)).fetchone()
    return _with_sources(store, [row])[0] if row else None


def all_items(store: Store, since: datetime | None = None, *,
              stored_since: datetime | None = None) -> Iterable[Item]:
    """Every stored item (for export), oldest first, streamed: those published at or after
    ``since``, and first stored at or after ``stored_since`` (a script's incremental
    export: a late feed's items published days ago are new to it too)."""
    sql = (f"{_SELECT} WHERE i.published >= ? AND i.first_seen >= ?"
           " ORDER BY i.published, i.id")
    cursor = store.conn.execute(sql, (iso(since) if since else "",
                                      iso(stored_since) if stored_since else ""))
    for row in cursor:
        yield _row(row)


# What unicode61 makes tokens of: letters and digits (Unicode's L and N) and private-use
# characters. A word with none of them gives the index nothing to look for: no word.
_TOKEN_CHAR = re.compile(r"[^\W_]|[\ue000-\uf8ff\U000f0000-\U0010fffd]")
QUERY_SHOWN = 80  # characters of a query a message repeats


@dataclass(frozen=True)
class SearchTerms:
    """A user's query as words to find and words to leave out (``-word``, ``NOT word``).

    Each entry of ``find`` is a word, or a tuple of words any one of which will do
    (``a OR b``). ``dashed``: a word to leave out was written ``-word`` (the usage line
    names how the words that were left out were written).
    """

    find: tuple[str | tuple[str, ...], ...]
    leave_out: tuple[str, ...]
    dashed: bool = True

    def match(self, schema: int = SCHEMA_VERSION) -> str | None:
        """The FTS5 MATCH expression; None when there is nothing to find.

        Each word is quoted, so FTS syntax in user input is only ever words and can
        never raise; the only operators are the ones written here: words to find are
        ANDed, alternatives ORed, the last word matched as a prefix (type-ahead); each
        word to leave out is a NOT. Words are written as the index of a database of
        ``schema`` holds them (``store.index_text``): from v3 a CJK run is a phrase of its
        characters, from v5 "œuvre" is "oeuvre".
        """
        if not self.find:
            return None
        last = len(self.find) - 1
        parts = [_any_of(words, schema, prefix=i == last) for i, words in enumerate(self.find)]
        # FTS5 ANDs by juxtaposition between phrases only: next to "(a OR b)" it is spelt
        and_ = " AND " if any(p.startswith("(") for p in parts) else " "
        found = and_.join(parts)
        return " ".join([f"({found})",
                         *(f"NOT {_any_of(w, schema, prefix=False)}"
                           for w in self.leave_out)])

    def nothing_to_find(self) -> str | None:
        """Why the query finds nothing whatever is stored (the CLI's and the dashboard's
        usage line), or None when it has a word to find."""
        if self.find:
            return None
        if not self.leave_out:
            return "no word to look for"
        how = "starting with '-'" if self.dashed else "after NOT"
        return f"no word to look for (a word {how} is left out)"


def _any_of(words: str | tuple[str, ...], schema: int, prefix: bool) -> str:
    """One entry of ``SearchTerms.find`` as FTS5: a quoted word, or ORed quoted words; a
    Chinese word in its simplified and traditional forms too (关税 finds 關稅)."""
    words = (words,) if isinstance(words, str) else words
    quoted = [_quoted(form, schema) + ("*" if prefix and i == len(words) - 1
                                          and not _POSSESSIVE.search(word) else "")
              for i, word in enumerate(words) for form in script_forms(word)]
    return quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})"


# "China's" is the words "china" and "s": typed last, as a prefix, it found "China
# suspends" too. A word ending with its possessive is whole, not the start of one.
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def _quoted(word: str, schema: int) -> str:
    """A word as an FTS5 string (it holds no quote: ``search_terms`` splits at them), as
    the index holds it: a CJK run in it becomes a phrase of its characters, so it matches
    anywhere in a run, and a ligature is written out."""
    if schema >= CJK_SPLIT_FROM and (indexed := index_text(
            word, ligatures=schema >= LIGATURES_FOLDED_FROM)) is not None:
        word = " ".join(indexed.split())
    return f'"{word}"'


def search_terms(query: str) -> SearchTerms:
    """Split a query the way search engines do: ``-word`` or ``NOT word`` leaves ``word``
    out, ``a OR b`` finds either, ``AND`` between words is what words do anyway.

    Operators are in capitals (``or`` is a word) and count only where they have words to
    work on: an ``OR`` without a word to find on both sides, or a ``NOT`` or ``AND`` with
    nothing after it, is dropped. Quotes and NULs separate words (a NUL would end the
    FTS5 query inside a quoted word, "unterminated string"); a word without a letter or
    digit (``*``, ``(``, a lone ``-``) is no word: the index holds nothing it could find.
    """
    find: list[list[str]] = []
    leave_out: list[str] = []
    dashed = False
    after = ""  # what came last: "word" (to find), or an operator waiting for its word
    for word in query.replace('"', " ").replace("\0", " ").split():
        if word in ("OR", "AND", "NOT"):
            after = ("OR" if after in ("word", "OR") else "") if word == "OR" else word
        elif word.startswith("-"):
            if _TOKEN_CHAR.search(word := word.lstrip("-")):
                leave_out.append(word)
                dashed, after = True, ""
        elif not _TOKEN_CHAR.search(word):
            continue
        elif after == "NOT":
            leave_out.append(word)
            after = ""
        elif after == "OR":
            find[-1].append(word)
            after = "word"
        else:
            find.append([word])
            after = "word"
    entries = tuple(words[0] if len(words) == 1 else tuple(words) for words in find)
    return SearchTerms(entries, tuple(leave_out), dashed)


def shown_query(query: str) -> str:
    """``query`` quoted for a message, cut to ``QUERY_SHOWN`` characters: a pasted page
    must not come back as a screenful of stderr."""
    if len(query) > QUERY_SHOWN:
        query = query[:QUERY_SHOWN - 1] + "…"
    return repr(query)


SEARCH_LIMIT = 200  # the dashboard's results: the best matches, not every one

#: How much a headline that reads as a tariff change outranks one that only talks about
#: it: searching "peas tariff", a grower wants "China extends tariff relief on Canadian
#: peas to Dec. 31, 2027" above "Will China extend the peas tariff pause? Peas growers
#: wait", which names the words more often and so matches them better (FTS5's bm25).
#: Not a headline whose every reading the user dismissed: they said it is no change.
DECIDED_BOOST = 2.0


def search(store: Store, query: str, limit: int = SEARCH_LIMIT,
           topics: Sequence[str] | None = None) -> list[Item]:
    """Full-text search (FTS5) over titles and summaries, best match first (see
    :func:`search_terms`; a run of CJK characters matches anywhere in a run), a headline
    that reads as a tariff change before talk about one (``DECIDED_BOOST``); nothing when
    the query has no word to find.

    One row per story, as in :func:`headlines`: a story matches when any of its copies
    does, ranked by its best match, and is shown by its first item with every source.
    ``topics``: only stories whose first item is tagged with one of them (the dashboard's
    topic filter), applied before the limit.
    """
    # A file of an older schema, opened read-only, holds CJK runs whole: look for them so
    match = search_terms(query).match(store.schema_version())
    if match is None:
        return []
    tagged, args = "", [match]
    if topics:
        tagged = (" JOIN items h ON h.id = i.story AND EXISTS (SELECT 1 FROM"
                  f" json_each(h.topics) WHERE value IN ({','.join('?' * len(topics))}))")
        args = [*topics, match]
    # Matches best first; a story's first match is its best, so the first ``limit``
    # distinct stories are the answer, and the scan stops there. A headline that reads as
    # a tariff change counts ``DECIDED_BOOST`` times its match (rank is negative: lower
    # is better), unless all its story's readings were dismissed (a list made once per
    # search; by story: only a story's first copy holds its decisions).
    hits = store.conn.execute(
        f"SELECT i.story FROM items_fts JOIN items i ON i.rowid = items_fts.rowid{tagged}"
        " WHERE items_fts MATCH ? ORDER BY rank * (CASE WHEN coalesce(i.signals, '[]')"
        " != '[]' AND i.story NOT IN (SELECT c.story FROM decisions d JOIN items c"
        " ON c.id = d.item_id GROUP BY c.story HAVING min(d.state = 'dismissed'))"
        f" THEN {DECIDED_BOOST} ELSE 1.0 END), i.published DESC, i.id", args)
    order: dict[str, int] = {}
    for (story,) in hits:
        order.setdefault(story, len(order))
        if len(order) >= limit:
            break
    hits.close()
    rows = list(rows_for(store.conn, f"{_SELECT} WHERE i.id IN ({{}})", list(order)))
    rows.sort(key=lambda r: order[r[0]])
    return _with_sources(store, rows)


def items_by_id(store: Store, ids: Sequence[str]) -> dict[str, Item]:
    """The stored items with these ids (those still stored), by id."""
    return {r[0]: _row(r) for r in rows_for(store.conn, f"{_SELECT} WHERE i.id IN ({{}})",
                                            list(ids))}


def outlets_by_id(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """"Feed name, 2026-12-01" for each stored item of ``ids``, by id: how an accepted
    change is cited (whose word, and its own day), by `ledger show` and the dashboard."""
    if not ids:
        return {}
    return {iid: f"{item.feed_name}, {item.published:%Y-%m-%d}"
            for iid, item in items_by_id(store, ids).items()}


def set_read(store: Store, iid: str, read: bool = True) -> None:
    """Mark one item (and its story's other copies) read or unread."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE items SET read = ? WHERE story = (SELECT story FROM items WHERE id = ?)",
            (int(read), iid),
        )


def toggle_star(store: Store, iid: str) -> bool:
    """Flip an item's star; returns the new state."""
    with store.transaction() as conn:
        conn.execute("UPDATE items SET starred = 1 - starred WHERE id = ?", (iid,))
        row = conn.execute("SELECT starred FROM items WHERE id = ?", (iid,)).fetchone()
    return bool(row and row[0])


def new_stories(store: Store, item_ids: Sequence[str]) -> tuple[int, int]:
    """How many of ``item_ids`` (just stored) lead a story of their own, and how many of
    those are about Canada–China: the headlines a refresh added to the full list and to
    the relevant one, not the copies that joined a story already there."""
    total = relevant = 0
    for count, about in rows_for(
            store.conn, "SELECT count(*), coalesce(sum(relevant = 1), 0) FROM items"
            " WHERE id = story AND id IN ({})", item_ids):
        total += count
        relevant += about
    return total, relevant


def counts(store: Store) -> dict[str, int]:
    """Totals for headers: stories, unread stories, relevant stories, unread relevant
    stories (the Headlines list shows the relevant ones by default)."""
    row = store.conn.execute(
        f"SELECT count(*), sum(read = 0), sum({_STORY_RELEVANT}),"
        f" sum(read = 0 AND {_STORY_RELEVANT}) FROM items i WHERE id = story"
    ).fetchone()
    return {"stories": row[0] or 0, "unread": row[1] or 0, "relevant": row[2] or 0,
            "unread_relevant": row[3] or 0}


def now_utc() -> datetime:
    """The current time in UTC, whole seconds (what the store keeps)."""
    return datetime.now(UTC).replace(microsecond=0)
