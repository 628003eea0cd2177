"""Errors a user can act on: each carries a one-line message and an exit code.

The CLI prints ``str(error)`` on stderr and exits with ``error.exit_code``; nothing
that reaches a user ever shows a traceback.
"""

from __future__ import annotations


class ThawwatchError(Exception):
    """A failure with a one-line, user-facing message."""

    exit_code = 1


class UsageError(ThawwatchError):
    """Bad usage or bad input (config, OPML, arguments): exit 2."""

    exit_code = 2


class ConfigError(UsageError):
    """The config file is unreadable or invalid; the message names file and key or line."""


class DataError(UsageError):
    """A bundled or user data file (seeds, ledger, OPML) is invalid."""


class StoreError(ThawwatchError):
    """The database cannot be opened or written (locked, corrupt, wrong schema, full disk)."""


class DatabasePathError(UsageError, StoreError):
    """``--db`` names no possible database file (a directory, or a path through a file):
    bad input, exit 2, unlike a database that exists and fails."""


class WrongDatabaseError(UsageError, StoreError):
    """The database file is not thawwatch's: another program's SQLite database, or not
    SQLite at all (a config file given as ``--db``). Bad input, exit 2, like a bad config;
    a thawwatch database that fails (locked, damaged, full disk) stays exit 1."""
