"""Database care: an integrity check that never writes, and a safe online backup.

Both open the file without migrating or creating anything, so they work on a database
that `Store.open` refuses (corrupt, newer schema) and leave it exactly as it is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import StoreError, UsageError
from .store import APPLICATION_ID, SCHEMA_VERSION, connect_readonly


def _readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that has really opened the file (see
    ``store.connect_readonly``: immutable only where that is exact), or, for a file SQLite
    cannot read as a database, a plain read-only one on which ``check`` reports what is
    wrong instead of failing to open."""
    if not path.is_file():
        raise StoreError(f"{path}: no database file here")
    try:
        return connect_readonly(path)
    except sqlite3.DatabaseError:
        try:
            return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open: {exc}") from None


def check(path: Path) -> tuple[bool, list[str]]:
    """Run PRAGMA integrity_check and report schema version; (ok, lines)."""
    conn = _readonly(path)
    try:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_READONLY:
                return False, [f"{path}: cannot read it read-only here ({exc})"]
            return False, [f"{path}: corrupt or not a SQLite database ({exc})",
                           "restore a backup: see the README, 'Recovering a database'"]
    finally:
        conn.close()
    lines = [f"{path}: schema v{version} (this thawwatch: v{SCHEMA_VERSION})"]
    ok = problems == ["ok"]
    if app_id != APPLICATION_ID:
        lines.append("not a thawwatch database")
        ok = False
    if version > SCHEMA_VERSION:
        lines.append("written by a newer thawwatch: upgrade thawwatch to use it")
        ok = False
    lines.extend(["integrity: ok"] if problems == ["ok"] else
                 [f"integrity: {p}" for p in problems[:20]])
    if problems == ["ok"]:
        lines.append(_counts(path))
    return ok, lines


def _counts(path: Path) -> str:
    """Row counts of thawwatch's tables, via sqlite-utils (read-only connection)."""
    from sqlite_utils import Database

    conn = _readonly(path)
    try:
        db = Database(conn)
        names = [n for n in ("feeds", "items", "events", "decisions") if n in db.table_names()]
        return "rows: " + ", ".join(f"{n} {db[n].count}" for n in names)
    finally:
        conn.close()


def backup(path: Path, target: Path) -> None:
    """Copy the live database to ``target`` with SQLite's backup API (WAL-safe)."""
    if target.exists():
        raise UsageError(f"{target}: already exists; choose a new file name")
    if not target.parent.is_dir():  # a mistyped directory is the user's to fix (exit 2)
        raise UsageError(f"{target}: no such directory: {target.parent}")
    source = _readonly(path)
    try:
        try:
            dest = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise StoreError(f"{target}: cannot create: {exc}") from None
        try:
            source.backup(dest)
            problems = [r[0] for r in dest.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as exc:
            dest.close()
            target.unlink(missing_ok=True)
            raise StoreError(f"{path}: backup failed: {exc}") from None
        dest.close()
    finally:
        source.close()
    if problems != ["ok"]:
        # The copy is kept (it may still help a recovery) but must not pass for a good one.
        first = " ".join(" ".join(problems).replace("*** in database main ***", "").split())
        raise StoreError(f"{path}: copied to {target}, but the database is damaged "
                         f"({first[:160]}); see `thawwatch db check`")
