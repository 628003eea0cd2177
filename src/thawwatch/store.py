"""The SQLite database: one file, WAL, a schema version and forward-only migrations.

Opening never resets or recreates anything: a file that is not a thawwatch database, is
corrupt, or comes from a newer thawwatch is refused with a one-line ``StoreError``, and
the file is left exactly as it was. Short transactions and a busy timeout let the
dashboard and a cron ``thawwatch refresh`` write to the same file at once.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DatabasePathError, StoreError, WrongDatabaseError

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
# The oldest schema a read-only open can still read: v2 only changed how writes index, v3
# and v5 how CJK text and ligatures are indexed (a search of an older file looks for what
# its index holds: whole CJK runs, "œ" as itself).
READABLE_FROM = 1
CJK_SPLIT_FROM = 3  # the first schema whose index holds each CJK character as a token
LIGATURES_FOLDED_FROM = 5  # the first whose index holds "œuvre" as "oeuvre"
APPLICATION_ID = 0x54484157  # "THAW": marks the file as ours
BUSY_TIMEOUT_MS = 15_000
_STEP_MS = 100  # a stoppable wait for the write lock looks at its stop this often

_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    name TEXT,
    title TEXT,
    origin TEXT NOT NULL DEFAULT 'config',      -- config | added
    removed INTEGER NOT NULL DEFAULT 0,         -- 1: removed with `feeds remove`
    added_at TEXT,
    etag TEXT,
    last_modified TEXT,
    last_attempt TEXT,
    last_ok TEXT,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT,                          -- backoff / Retry-After: not before this
    item_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE items (
    id TEXT PRIMARY KEY,
    feed_url TEXT NOT NULL,
    guid TEXT,
    link TEXT,
    link_key TEXT,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL,                    -- UTC, ISO 8601 with Z
    published_known INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    story TEXT NOT NULL,                        -- id of the first item carrying this story
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    relevant INTEGER NOT NULL DEFAULT 0,
    topics TEXT NOT NULL DEFAULT '[]',          -- JSON array of vocabulary topics
    direction TEXT NOT NULL DEFAULT 'neutral',
    score REAL NOT NULL DEFAULT 0,
    weight REAL NOT NULL DEFAULT 0,
    signals TEXT NOT NULL DEFAULT '[]',         -- JSON array of tariff signals
    reasons TEXT NOT NULL DEFAULT '[]'          -- JSON array of human-readable reasons
);
CREATE INDEX items_published ON items (published DESC);
CREATE INDEX items_feed ON items (feed_url, guid);
CREATE INDEX items_link_key ON items (link_key);
CREATE INDEX items_title_key ON items (title_key);
CREATE INDEX items_story ON items (story);
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, summary, content='items', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
END;
CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary)
    VALUES ('delete', old.rowid, old.title, old.summary);
END;
CREATE TRIGGER items_au AFTER UPDATE OF title, summary ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary)
    VALUES ('delete', old.rowid, old.title, old.summary);
    INSERT INTO items_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
END;
CREATE TABLE measures (
    id TEXT PRIMARY KEY,
    imposed_by TEXT NOT NULL,
    product TEXT NOT NULL,
    label TEXT NOT NULL,
    instrument TEXT NOT NULL,
    topic TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    measure TEXT NOT NULL REFERENCES measures (id),
    date TEXT NOT NULL,
    action TEXT NOT NULL,
    rate REAL,
    status TEXT,
    until TEXT,
    after_until TEXT NOT NULL DEFAULT 'revert',
    announced TEXT,
    summary TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL DEFAULT 'verified',
    scope TEXT,
    approximate INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL,                       -- seed | signal
    item_id TEXT
);
CREATE TABLE decisions (
    id TEXT PRIMARY KEY,                        -- item id + signal index
    item_id TEXT NOT NULL,
    measure TEXT NOT NULL,
    action TEXT NOT NULL,
    rate REAL,
    effective TEXT,
    until TEXT,
    state TEXT NOT NULL DEFAULT 'pending',      -- pending | accepted | dismissed
    decided_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX decisions_state ON decisions (state, measure);
"""

# v2: new items are indexed in one statement per feed (``items.ingest``), not by a
# trigger per row. Each row's trigger made FTS5 flush its pending terms at the statement's
# savepoint, one tiny segment per item to merge later: 65% of a cold refresh's storing.
_V2 = """
DROP TRIGGER items_ai;
"""

# v3: CJK text is searchable by any part of a run. unicode61 keeps an unbroken run of
# ideographs ("中国下调加拿大油菜籽关税") as one token, so neither 油菜籽 nor 关税 found it.
# The index is now given the text with each CJK character spaced apart (``index_text``),
# kept in ``fts_title`` / ``fts_summary`` for the rows that have CJK text (NULL for the
# rest: no copy of English text). The index reads its content through a view, and the
# triggers delete with the same text, so FTS5's external content always matches what was
# indexed: a 'delete' given other text than was inserted would corrupt the index. A v2
# process still running after the upgrade inserts rows without the new columns and indexes
# their text as is; the view gives that same text back, so its rows stay exact too (their
# CJK runs stay whole tokens). Nothing in thawwatch changes a stored title or summary; a
# change made by hand reindexes the row with its old ``fts_*`` text, still consistently.
_V3 = """
ALTER TABLE items ADD COLUMN fts_title TEXT;
ALTER TABLE items ADD COLUMN fts_summary TEXT;
DROP TRIGGER items_ad;
DROP TRIGGER items_au;
DROP TABLE items_fts;
CREATE VIEW items_index_text AS
SELECT rowid AS rowid, coalesce(fts_title, title) AS title,
       coalesce(fts_summary, summary) AS summary
FROM items;
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, summary, content='items_index_text', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary)
    VALUES ('delete', old.rowid, coalesce(old.fts_title, old.title),
            coalesce(old.fts_summary, old.summary));
END;
CREATE TRIGGER items_au AFTER UPDATE OF title, summary ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary)
    VALUES ('delete', old.rowid, coalesce(old.fts_title, old.title),
            coalesce(old.fts_summary, old.summary));
    INSERT INTO items_fts (rowid, title, summary)
    VALUES (new.rowid, coalesce(new.fts_title, new.title),
            coalesce(new.fts_summary, new.summary));
END;
"""

# Ideographs, kana and hangul: the scripts written without spaces between words (Korean
# puts spaces between phrases, with particles attached: 관세를, "the tariff"). Only
# letters: CJK punctuation (、。「」) is no token for unicode61 anyway.
_CJK = re.compile(
    "[\u1100-\u11ff\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c"
    "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3105-\u312f\u3131-\u318e"
    "\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U00020000-\U0003ffff]"
)


# Ligatures unicode61 keeps as letters of their own: "main-d'œuvre" was not found by
# "oeuvre", as French is typed on an English keyboard (its accents are folded already)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ﬀ": "ff",
                            "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
_LIGATURE_GLOB = "*[œŒæÆﬀ-ﬄ]*"


def index_text(text: str, *, ligatures: bool = True) -> str | None:
    """``text`` as the search index is given it: each CJK character a word of its own
    (spaces around it), so a query finds any part of a run, and ligatures written out
    ("œ" as "oe"; ``ligatures=False`` leaves them, as a v3 or v4 index holds them); None
    when that changes nothing (the index takes the text itself). Shown and exported text
    never changes: only the index sees the spaces and the letters."""
    if text.isascii():  # English: no copy
        return None
    indexed = text.translate(_LIGATURES) if ligatures else text
    if _CJK.search(indexed) is not None:
        indexed = _CJK.sub(r" \g<0> ", indexed)
    return None if indexed == text else indexed


def cjk_letters(text: str) -> int:
    """How many of ``text``'s letters are CJK (each says as much as a word does)."""
    return 0 if text.isascii() else len(_CJK.findall(text))


def _to_v3(conn: sqlite3.Connection) -> None:
    """Apply ``_V3``, then index every item again, CJK characters apart."""
    for statement in _statements(_V3):
        conn.execute(statement)
    last = 0
    while rows := conn.execute("SELECT rowid, title, summary FROM items WHERE rowid > ?"
                               " ORDER BY rowid LIMIT 2000", (last,)).fetchall():
        set_index_text(conn, rows)
        last = rows[-1][0]
    conn.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")


def set_index_text(conn: sqlite3.Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Keep the index text of those of ``(rowid, title, summary)`` that hold CJK text or a
    ligature, before they are indexed (``items_au`` does not watch these columns: a row's index
    entry must be made after them, from ``items_index_text``)."""
    changed = []
    for rowid, title, summary in rows:
        texts = index_text(title), index_text(summary)
        if texts != (None, None):
            changed.append((*texts, rowid))
    conn.executemany("UPDATE items SET fts_title = ?, fts_summary = ? WHERE rowid = ?",
                     changed)


def _to_v4(conn: sqlite3.Connection) -> None:
    """Stories again, by the rules of v4 (``items.regroup_stories``): no table changes."""
    from .items import regroup_stories  # items builds on this module

    regroup_stories(conn)


def _to_v5(conn: sqlite3.Connection) -> None:
    """Index again the items whose text holds a ligature, written out (``index_text``);
    each is taken out of the index with the text it was indexed with, then put back."""
    where = ("title GLOB :lig OR summary GLOB :lig OR fts_title GLOB :lig"
             " OR fts_summary GLOB :lig")
    glob = {"lig": _LIGATURE_GLOB}
    conn.execute("INSERT INTO items_fts (items_fts, rowid, title, summary)"
                 " SELECT 'delete', rowid, title, summary FROM items_index_text"
                 f" WHERE rowid IN (SELECT rowid FROM items WHERE {where})", glob)
    rows = conn.execute(f"SELECT rowid, title, summary FROM items WHERE {where}",
                        glob).fetchall()
    set_index_text(conn, rows)
    conn.executemany("INSERT INTO items_fts (rowid, title, summary) SELECT rowid, title,"
                     " summary FROM items_index_text WHERE rowid = ?",
                     [(rowid,) for rowid, *_ in rows])


# Index i holds what takes schema version i to i + 1: SQL, or a function for a step that
# needs Python (the earlier scripts stay as they were, so a test can build any version).
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    _V1, _V2, _to_v3, _to_v4, _to_v5)


def _clean_feed_names(conn: sqlite3.Connection) -> None:
    """Feed names stored before names were cleaned on the way in (escape sequences,
    newlines, from a config, ``feeds add --name`` or an OPML title) are cleaned, so no
    command or view prints them again."""
    from .config import clean_name  # only the one open that repairs pays for it

    rows = conn.execute("SELECT url, name FROM feeds WHERE typeof(name) = 'text'").fetchall()
    changed = [(clean, url) for url, name in rows if (clean := clean_name(name)) != name]
    conn.executemany("UPDATE feeds SET name = ? WHERE url = ?", changed)


def _add_pruned(conn: sqlite3.Connection) -> None:
    """The ids of pruned items (see ``retention.prune``), so that a feed still carrying one
    does not bring it back as new. An older thawwatch ignores the table."""
    conn.execute("CREATE TABLE IF NOT EXISTS pruned (id TEXT PRIMARY KEY, feed_url TEXT NOT"
                 " NULL, pruned_at TEXT NOT NULL) WITHOUT ROWID")
    conn.execute("CREATE INDEX IF NOT EXISTS pruned_feed ON pruned (feed_url)")


def _add_feed_state(conn: sqlite3.Connection) -> None:
    """Three more facts per feed: the hash of the last body parsed (a server that ignores
    validators sends the same feed again: no parsing it twice), where the feed moved for
    good (301/308) and since when its server says it is gone (410). An older thawwatch
    names the columns it reads and writes, so it ignores these."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(feeds)")}
    for column in FEED_STATE_COLUMNS:
        if column not in have:
            conn.execute(f"ALTER TABLE feeds ADD COLUMN {column} TEXT")


# The feed columns added by the "feed-state" repair (a read-only open of a file not yet
# repaired has none of them: see ``feeds.active_feeds``).
FEED_STATE_COLUMNS = ("body_hash", "moved_to", "gone_since")


# Repairs of what older versions stored: each runs once per database, at a read-write
# open, and is recorded in meta as ``repaired:NAME``. They change data, or add what an
# older version can ignore, so they need no schema version (a newer version would stop an
# older thawwatch, still run from cron, from opening the file at all).
def _add_decision_batch(conn: sqlite3.Connection) -> None:
    """Which decision the user settled each decision with (its own id, or the one of the
    headlines saying the same change that was accepted or dismissed): undo brings back
    exactly that group, however the ledger reads the change by then. An older thawwatch
    names the columns it reads and writes, so it ignores this one."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(decisions)")}
    if "batch" not in have:
        conn.execute("ALTER TABLE decisions ADD COLUMN batch TEXT")


REPAIRS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("feed-names", _clean_feed_names),
    ("pruned-table", _add_pruned),
    ("feed-state", _add_feed_state),
    ("decision-batch", _add_decision_batch),
)


class Store:
    """An open thawwatch database; use ``Store.open`` and close it when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly  # opened with mode=ro: every transaction() is refused
        self._holder: int | None = None  # the thread inside transaction(), if any
        # set, it ends a wait for another process's write lock (see ``_begin``)
        self.stop: threading.Event | None = None

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils ``Database`` (imported on first use: it is slow
        to import and the dashboard's first paint does not need it)."""
        from sqlite_utils import Database

        return Database(self.conn)

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, readonly: bool = False) -> Store:
        """Open (and, if new, create) the database at ``path``, migrating it forward.

        A file that cannot be written (read-only file, directory or mount) is refused up
        front with one line saying so, before any command has done work it cannot save.
        ``readonly=True`` opens an existing file for reading only instead (see
        ``connect_readonly``): nothing is created or migrated, and writes are refused.
        """
        path = Path(path)
        exists = _exists(path)
        if exists and not path.is_file():
            raise DatabasePathError(f"{path}: not a file")
        if readonly:
            return cls._open_readonly(path)
        if not exists:
            if not create:
                raise StoreError(f"{path}: no database here yet (run `thawwatch refresh`)")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                raise DatabasePathError(f"{path}: cannot create the database there: a file"
                                        " stands where its directory should be") from None
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create directory: {_why(exc)}") from None
        _refuse_unwritable(path)
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open database: {exc}") from None
        return cls._prepared(path, conn, readonly=False)

    @classmethod
    def open_for_reading(cls, path: Path | str) -> Store:
        """Open for a command that only reads (status, export, search).

        Read-write when the file can be written, so a first run still creates the
        database and an older one is still migrated, exactly as before; read-only when
        the file, its directory or its file system cannot be written, so a copy on a
        read-only mount or a database shared from a directory the user cannot write can
        still be read instead of failing with "unable to open database file".
        """
        path = Path(path)
        if path.is_file() and read_only_reason(path):
            return cls.open(path, readonly=True)
        return cls.open(path)

    @classmethod
    def empty(cls, path: Path | str) -> Store:
        """An empty database in memory, read in place of ``path``, which does not exist.

        A command that only reads has nothing to keep: given a mistyped ``--db`` it must
        not leave a database, and the directories for it, behind. Messages name ``path``.
        """
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        return cls._prepared(Path(path), conn, readonly=False)

    @classmethod
    def _open_readonly(cls, path: Path) -> Store:
        if not path.is_file():
            raise StoreError(f"{path}: no database here to read")
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path}: cannot read the database file (permission denied)")
        try:
            conn = connect_readonly(path)
        except sqlite3.DatabaseError as exc:
            raise _open_failed(path, exc) from None
        return cls._prepared(path, conn, readonly=True)

    @classmethod
    def _prepared(cls, path: Path, conn: sqlite3.Connection, *, readonly: bool) -> Store:
        """The Store for ``conn`` once checked (and, read-write, migrated); closes ``conn``
        on failure, so a refused file is never left open."""
        store = cls(path, conn, readonly=readonly)
        try:
            store._prepare()
        except StoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _open_failed(path, exc) from None
        return store

    def close(self) -> None:
        """Close the connection (checkpointing the WAL when this is the last one)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction, taken with BEGIN IMMEDIATE so writers queue, not fail.

        SQLite errors inside it (disk full, read-only file, damaged pages) become one-line
        ``StoreError``s; whatever the transaction wrote is rolled back, nothing else lost.
        Called again by the thread that holds it, it joins the open transaction, so a
        caller can commit several small writes at once (an error rolls back all of them).
        """
        if self.readonly:  # SQLite would grant BEGIN IMMEDIATE and refuse only the write
            reason = read_only_reason(self.path) or "it was opened read-only"
            raise StoreError(f"{self.path}: {_read_only_message(reason)}")
        me = threading.get_ident()
        if self._holder == me:
            yield self.conn
            return
        try:
            self._begin()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {describe(exc)}") from None
        self._holder = me
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:  # SQLite may already have rolled back by itself
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                log.debug("database error", exc_info=True)
                raise StoreError(f"{self.path}: {describe(exc)}") from None
            raise
        finally:
            self._holder = None

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting up to the busy timeout while another process writes.

        With ``stop`` given, the wait is taken in short steps, and ``stop`` set ends it
        (``WaitStopped``): SQLite's own wait cannot be interrupted, so the dashboard quit
        during a refresh that waited for a cron refresh's (or a long VACUUM's) lock sat
        up to 15 s before the shell came back.
        """
        if self.stop is None:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        self.conn.execute(f"PRAGMA busy_timeout = {_STEP_MS}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    busy = getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
                    if not busy or time.monotonic() >= deadline:
                        raise
                    if self.stop.is_set():
                        raise WaitStopped(f"{self.path}: stopped waiting for another"
                                          " process's write") from None
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def schema_version(self) -> int:
        """The version recorded in the file (PRAGMA user_version)."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """A value from the meta table (UI settings, seed version)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the meta table."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def _prepare(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.schema_version()
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (version or tables):
            raise WrongDatabaseError(
                f"{self.path}: not a thawwatch database (refusing to touch it)")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema v{version} is newer than this thawwatch "
                f"understands (v{SCHEMA_VERSION}); upgrade thawwatch or use another --db"
            )
        if self.readonly:  # nothing may change: no WAL switch, no migration
            if version < READABLE_FROM:
                raise StoreError(
                    f"{self.path}: database schema v{version} needs upgrading to "
                    f"v{SCHEMA_VERSION}, which cannot be done read-only; run thawwatch once "
                    f"where the file can be written"
                )
            return
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0].lower()
        if journal not in ("wal", "memory"):  # "memory": see ``empty``
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: cannot switch the database to WAL mode")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            self._migrate()
        self._repair()
        self._index_strays()

    def _repair(self) -> None:
        """Run the repairs (``REPAIRS``) this database has not had yet."""
        done = {row[0] for row in self.conn.execute(
            "SELECT key FROM meta WHERE key LIKE 'repaired:%'")}
        for name, repair in REPAIRS:
            key = f"repaired:{name}"
            if key in done:
                continue
            with self.transaction() as conn:
                if conn.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone():
                    continue  # another process did it meanwhile
                repair(conn)
                conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (key,))

    def _index_strays(self) -> None:
        """Index items an older thawwatch stored after this one migrated the file.

        A v1 process still running (a dashboard left open over an upgrade) relies on the
        index trigger v2 dropped, so its new items are stored unindexed and never found by
        search. Comparing the counts costs about a millisecond at 100,000 items; both are
        read in one statement, so a write committed meanwhile cannot make them differ.
        """
        same = self.conn.execute("SELECT (SELECT count(*) FROM items) ="
                                 " (SELECT count(*) FROM items_fts_docsize)").fetchone()[0]
        if same:
            return
        stray = "rowid NOT IN (SELECT id FROM items_fts_docsize)"
        try:
            with self.transaction() as conn:
                set_index_text(conn, conn.execute(
                    f"SELECT rowid, title, summary FROM items WHERE {stray}").fetchall())
                added = conn.execute(
                    "INSERT INTO items_fts (rowid, title, summary) SELECT rowid, title, summary"
                    f" FROM items_index_text WHERE {stray}"
                ).rowcount
        except StoreError as exc:  # busy past the timeout: the next open repairs
            log.warning("%s: could not index stray items: %s", self.path, exc)
            return
        if added:
            log.info("%s: indexed %d item(s) stored without the search index", self.path, added)

    def _migrate(self) -> None:
        with self.transaction() as conn:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            current = self.schema_version()
            for step in range(current, SCHEMA_VERSION):
                migration = MIGRATIONS[step]
                if callable(migration):
                    migration(conn)
                    continue
                for statement in _statements(migration):
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def rows_for(conn: sqlite3.Connection, sql: str, keys: Sequence[str],
             before: Sequence[str] = ()) -> Iterator[Any]:
    """The rows of ``sql`` (its ``IN ({})`` filled with placeholders, after the parameters
    ``before``) for all ``keys``, in slices of 500: SQLite caps the parameters. Rows come
    slice by slice, so an ``ORDER BY`` orders each slice only: sort them afterwards."""
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        yield from conn.execute(sql.format(",".join("?" * len(chunk))), (*before, *chunk))


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def read_only_reason(path: Path) -> str | None:
    """Why the database at ``path`` cannot be written, or None when it can.

    The directory matters as much as the file: a WAL database needs to create its
    ``-wal`` and ``-shm`` files beside it. Checked with ``os.access``, so root, who may
    write whatever the permission bits say, is only stopped by what stops root too (a
    read-only mount, an immutable file or directory).
    """
    directory = path.parent
    if directory.is_dir() and _on_read_only_mount(directory):
        return f"{directory} is on a read-only file system"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is not writable"
    if directory.is_dir() and not os.access(directory, os.W_OK | os.X_OK):
        return f"its directory {directory} is not writable"
    return None


def _on_read_only_mount(directory: Path) -> bool:
    """True on a read-only mount, where nobody, root included, can write (POSIX only)."""
    return hasattr(os, "statvfs") and bool(os.statvfs(directory).f_flag & os.ST_RDONLY)


def _refuse_unwritable(path: Path) -> None:
    """One clear line instead of SQLite's "unable to open database file" (a read-only
    directory) or a failure at the first write, after the work was done (a read-only
    file, which SQLite quietly opens read-only)."""
    if reason := read_only_reason(path):
        if path.exists():
            raise StoreError(f"{path}: {_read_only_message(reason)}")
        raise StoreError(f"{path}: cannot create the database: {reason}")


def _read_only_message(reason: str) -> str:
    return (f"database is read-only ({reason}); `thawwatch status`, `export`, `search`, "
            f"`feeds list`, `feeds export` and `ledger pending` can still read it")


def _exists(path: Path) -> bool:
    """Whether something is at ``path``, at the end of its links. A path the system
    refuses (links in a loop) raises, to be named as it is (Path.exists takes it for none,
    and SQLite then said "unable to open database file")."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that reads ``path`` and can never write it.

    First ``mode=ro``: SQLite's normal read-only open, which still takes part in the WAL
    locking protocol, so it is correct while another process writes (it reads that
    writer's ``-shm``). It cannot work where no ``-shm`` exists and none can be created
    (a read-only directory or mount): SQLite then reports "unable to open database file"
    or, to a user the directory's permissions keep out, "attempt to write a readonly
    database" (see ``_NO_SHM``). Only in that case, and only when there is nothing in a
    ``-wal`` and no ``-shm`` left by a live connection (or the file system itself is
    read-only), is the file opened with ``immutable=1``, which reads the main file alone
    without locks. That is exact
    when no connection has the database open, as here: a WAL database's changes live
    in the ``-wal`` until a checkpoint, every connection keeps the ``-shm``, and the last
    one to close checkpoints and removes both. The remaining risk, a writer who *can*
    write the directory starting and checkpointing during this one short command, cannot
    arise on a read-only mount and is accepted elsewhere: the dashboard and the writing
    commands never open read-only. With changes still in a ``-wal``, immutable would
    silently read old data, so that is refused with the reason instead.
    """
    conn = _connect(f"{path.resolve().as_uri()}?mode=ro")
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # SQLite opens lazily: open now
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if not _no_shm_possible(exc):
            raise
        _check_immutable_is_safe(path, exc)
    return _connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1")


# How SQLite says that it found no -shm and could not make one: "unable to open database
# file" where the directory cannot be searched or written as root sees it, and "attempt to
# write a readonly database" (READONLY_DIRECTORY) for a user kept out of the directory by
# its permission bits. The other read-only codes mean a -shm is there (another process may
# be writing) or a journal needs rolling back: immutable could read a half-written file.
_NO_SHM = frozenset({sqlite3.SQLITE_READONLY_DIRECTORY})


def _no_shm_possible(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None) or 0
    return code & 0xFF == sqlite3.SQLITE_CANTOPEN or code in _NO_SHM


def _check_immutable_is_safe(path: Path, exc: sqlite3.Error) -> None:
    """Raise when the main file alone is not known to be the whole, settled database."""
    wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    if wal.exists() and wal.stat().st_size:
        raise StoreError(
            f"{path}: cannot read it read-only ({exc}): its directory is not writable and "
            f"{wal.name} holds changes not yet in the file; open it once where the "
            f"directory can be written"
        )
    if shm.exists() and not _on_read_only_mount(path.parent):
        raise StoreError(
            f"{path}: cannot read it read-only ({exc}): {shm.name} is there but unusable, "
            f"so another thawwatch may be writing it; try again when it is done"
        )


class WaitStopped(StoreError):
    """A wait for another process's write lock ended by ``Store.stop`` (quitting)."""


class ChangeWatch:
    """Whether anyone has written the database since the last look: SQLite's
    ``data_version``, read on a read-only connection kept for it alone, changes whenever
    another connection (another process's, or another of this process's) commits.

    The dashboard looks every few seconds, so what a `thawwatch refresh` from cron (or
    `ledger accept`, `feeds add`) stored shows without waiting for its own refresh. A look
    costs one PRAGMA; a file not there yet, or one that cannot be opened, reads as None.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # the UI thread looks, and so does a load's worker

    def version(self) -> int | None:
        with self._lock:
            try:
                if self._conn is None:
                    if not self._path.exists():
                        return None
                    self._conn = connect_readonly(self._path)
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except (sqlite3.Error, OSError, ValueError, StoreError):
                self._close()  # tried again at the next look
                return None

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _connect(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                           isolation_level=None, check_same_thread=False)


def describe(exc: sqlite3.Error) -> str:
    """A user-facing sentence for an SQLite error."""
    text = str(exc)
    if "file is not a database" in text or "malformed" in text:
        return f"database file is corrupt or not SQLite ({text}); see `thawwatch db check`"
    if "readonly" in text or "read-only" in text:
        return f"database is read-only ({text})"
    if "full" in text or "disk I/O error" in text:
        return f"disk full while writing the database ({text}); nothing was lost"
    if "locked" in text or "busy" in text:
        # another thawwatch, or any program holding the file (the sqlite3 shell, a backup)
        return (f"database stayed locked by another process for {BUSY_TIMEOUT_MS // 1000} s"
                f" (another thawwatch, or a program that has it open): try again ({text})")
    return text


def _open_failed(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """The error for a database file that fails as it is opened: one that is not SQLite
    at all is the wrong file (exit 2); anything else, a database that fails (exit 1),
    SQLite's "file is not a database" for a damaged header included."""
    wrong = "file is not a database" in str(exc) and not _sqlite_header(path)
    return (WrongDatabaseError if wrong else StoreError)(f"{path}: {describe(exc)}")


def _sqlite_header(path: Path) -> bool:
    """Whether the file starts as every SQLite database does."""
    try:
        with path.open("rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
