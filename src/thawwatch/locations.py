"""Where thawwatch keeps its files, per platform (XDG on Linux), in one place.

Nothing here touches the disk at import time: callers ask for a path when they need it,
and only the code that writes a file creates its parent directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import PlatformDirs

from .errors import UsageError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

APP_NAME = "thawwatch"
CONFIG_ENV = "THAWWATCH_CONFIG"
DB_ENV = "THAWWATCH_DB"


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The user's config directory (e.g. ~/.config/thawwatch)."""
    return Path(_dirs().user_config_dir)


def data_dir() -> Path:
    """The user's data directory (e.g. ~/.local/share/thawwatch)."""
    return Path(_dirs().user_data_dir)


def state_dir() -> Path:
    """The user's state directory, for logs (e.g. ~/.local/state/thawwatch)."""
    return Path(_dirs().user_state_dir)


def cache_dir() -> Path:
    """The user's cache directory, for files rebuilt when missing (e.g. ~/.cache/thawwatch)."""
    return Path(_dirs().user_cache_dir)


def user_config_file() -> Path:
    """The user's own config file, which may not exist yet."""
    return config_dir() / "config.toml"


def default_db_file() -> Path:
    """The database used when neither --db nor THAWWATCH_DB is given."""
    return data_dir() / "thawwatch.db"


def log_file() -> Path:
    """The rotating log file."""
    return state_dir() / "thawwatch.log"


def bundled(*parts: str) -> Traversable:
    """A file shipped inside the package (default config, seeds)."""
    from importlib import resources  # ~12 ms to import; most commands never need it

    node = resources.files("thawwatch") / "data"
    for part in parts:
        node = node / part
    return node


def bundled_config() -> Traversable:
    """The default config shipped with thawwatch."""
    return bundled("config", "thawwatch.toml")


def resolve_config(cli_value: str | None) -> Path | None:
    """Pick the config file: --config, then $THAWWATCH_CONFIG, then the user file.

    None means no user file exists and the bundled default applies. A path the user
    named explicitly is returned even if missing, so the caller can report it.
    """
    if cli_value is not None:
        return _user_path(cli_value, "--config")
    env = os.environ.get(CONFIG_ENV)
    if env:
        return _user_path(env, CONFIG_ENV)
    user = user_config_file()
    return user if user.is_file() else None


def resolve_db(cli_value: str | None) -> Path:
    """Pick the database file: --db, then $THAWWATCH_DB, then the platform data dir."""
    if cli_value is not None:
        return _user_path(cli_value, "--db")
    env = os.environ.get(DB_ENV)
    if env:
        return _user_path(env, DB_ENV)
    return default_db_file()


def _user_path(value: str, source: str) -> Path:
    """A path the user gave, ``~`` expanded; an empty one or an unknown ``~user`` is a
    usage error (an empty --config used to mean "none given")."""
    if not value:
        raise UsageError(f"{source}: empty path")
    try:
        return Path(value).expanduser()
    except RuntimeError:  # ~nosuchuser
        raise UsageError(f"{source}: {value}: cannot find that home directory") from None
