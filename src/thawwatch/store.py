"""The SQLite database: one file, WAL, a schema version and forward-only migrations.

Opening never resets or recreates anything: a file that is not a thawwatch database, is
corrupt, or comes from a newer thawwatch is refused with a one-line ``StoreError``, and
the file is left exactly as it was. Short transactions and a busy timeout let the
dashboard and a cron ``thawwatch refresh`` write to the same file at once.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DatabasePathError, StoreError

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
# The oldest schema a read-only open can still read: v2 only changed how writes index.
READABLE_FROM = 1
APPLICATION_ID = 0x54484157  # "THAW": marks the file as ours
BUSY_TIMEOUT_MS = 15_000

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

# Index i holds the SQL that takes schema version i to i + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2)


def _clean_feed_names(conn: sqlite3.Connection) -> None:
    """Feed names stored before names were cleaned on the way in (escape sequences,
    newlines, from a config, ``feeds add --name`` or an OPML title) are cleaned, so no
    command or view prints them again."""
    from .config import clean_name  # only the one open that repairs pays for it

    rows = conn.execute("SELECT url, name FROM feeds WHERE typeof(name) = 'text'").fetchall()
    changed = [(clean, url) for url, name in rows if (clean := clean_name(name)) != name]
    conn.executemany("UPDATE feeds SET name = ? WHERE url = ?", changed)


# Repairs of what older versions stored: each runs once per database, at a read-write
# open, and is recorded in meta as ``repaired:NAME``. They change data, not tables, so
# they need no schema version (a newer version would stop an older thawwatch, still run
# from cron, from opening the file at all).
REPAIRS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("feed-names", _clean_feed_names),
)


class Store:
    """An open thawwatch database; use ``Store.open`` and close it when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly  # opened with mode=ro: every transaction() is refused
        self._holder: int | None = None  # the thread inside transaction(), if any

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
        if path.exists() and not path.is_file():
            raise DatabasePathError(f"{path}: not a file")
        if readonly:
            return cls._open_readonly(path)
        if not path.exists():
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
    def _open_readonly(cls, path: Path) -> Store:
        if not path.is_file():
            raise StoreError(f"{path}: no database here to read")
        if not os.access(path, os.R_OK):
            raise StoreError(f"{path}: cannot read the database file (permission denied)")
        try:
            conn = connect_readonly(path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: {describe(exc)}") from None
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
            raise StoreError(f"{path}: {describe(exc)}") from None
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
            self.conn.execute("BEGIN IMMEDIATE")
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
            raise StoreError(f"{self.path}: not a thawwatch database (refusing to touch it)")
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
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
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
        try:
            with self.transaction() as conn:
                added = conn.execute(
                    "INSERT INTO items_fts (rowid, title, summary) SELECT rowid, title, summary"
                    " FROM items WHERE rowid NOT IN (SELECT id FROM items_fts_docsize)"
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
                for statement in _statements(MIGRATIONS[step]):
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
        return f"database stayed locked by another thawwatch for too long ({text})"
    return text


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
