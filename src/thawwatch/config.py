"""Typed settings read from TOML, validated strictly so a typo never passes silently.

Every problem becomes a ``ConfigError`` whose one-line message names the file and the
key (or the line, for TOML syntax errors); the CLI turns it into exit code 2.
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .errors import ConfigError
from .locations import bundled_config, resolve_config
from .text import clean_text

NAME_MAX = 200
"""Longest feed name kept; a longer one is cut with an ellipsis."""


@dataclass(frozen=True)
class FeedConfig:
    """One subscribed feed."""

    url: str
    """The feed's http(s) URL."""
    name: str | None = None
    """A display name; the feed's own title is used when absent."""
    interval_minutes: int | None = None
    """How often auto-refresh polls this feed; the [refresh] interval when absent."""


@dataclass(frozen=True)
class RefreshConfig:
    """How feeds are fetched."""

    interval_minutes: int = 30
    """Minutes between automatic refreshes in the dashboard (0 turns auto-refresh off)."""
    concurrency: int = 16
    """Most requests in flight at once."""
    per_host: int = 4
    """Most requests in flight to one host at once."""
    timeout_seconds: float = 20.0
    """Total deadline for one feed, connection to last byte."""
    max_bytes: int = 10_000_000
    """Largest body accepted, counted after decompression."""


@dataclass(frozen=True)
class UiConfig:
    """The dashboard's look and manners."""

    theme: str = "textual-dark"
    """Textual theme name; a theme picked in the dashboard is remembered until this
    setting is changed (the newer choice wins)."""
    bell: bool = True
    """Ring the terminal bell on alerts (tariff signals, measures ending soon)."""
    notify: bool = True
    """Show a toast on alerts."""
    alert_days: int = 30
    """Warn when a measure's end date is this many days away or fewer."""
    refresh_on_open: bool = True
    """On opening, refresh the feeds whose interval has passed (as auto-refresh would have,
    had the dashboard been open), instead of waiting a whole interval first."""
    headlines: str = "relevant"
    """Which headlines the Headlines list shows on opening: "relevant" (those about
    Canada–China; a business feed's other news would bury them) or "all". ``t`` switches."""


@dataclass(frozen=True)
class RetentionConfig:
    """How long stored headlines are kept."""

    days: int = 0
    """Prune items older than this many days; 0 keeps all.

    Starred items and the evidence for ledger events are always kept.
    """


@dataclass(frozen=True)
class Config:
    """The whole configuration, as loaded from one file."""

    feeds: tuple[FeedConfig, ...] = ()
    """Subscribed feeds."""
    refresh: RefreshConfig = field(default_factory=RefreshConfig)
    """Fetch settings."""
    ui: UiConfig = field(default_factory=UiConfig)
    """Dashboard settings."""
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    """Archive settings."""
    signals: dict[str, Any] = field(default_factory=dict)
    """User rules for the signal classifier, merged over the bundled rules."""
    source: str = "<bundled default>"
    """Where this config was read from, for messages."""


_SECTIONS = {"refresh": RefreshConfig, "ui": UiConfig, "retention": RetentionConfig}
_POSITIVE = {"concurrency", "per_host", "timeout_seconds", "max_bytes"}
# Upper bounds, far above any sensible value: past them a number is a typo, and would
# overflow a timer, a timeout or a date further on.
_MOST = {
    "interval_minutes": 525_600,  # a year
    "concurrency": 1_000,
    "per_host": 1_000,
    "timeout_seconds": 3_600,
    "max_bytes": 1_000_000_000,
    "alert_days": 3_650,
    "days": 36_500,  # retention: a century
}
# Strings with a fixed set of values.
_CHOICES = {"headlines": ("relevant", "all")}


def load_config(cli_value: str | None = None) -> Config:
    """Load the config chosen by --config / $THAWWATCH_CONFIG / the user file / the default."""
    path = resolve_config(cli_value)
    if path is None:
        return parse_config(bundled_config().read_text("utf-8"), "<bundled default>")
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise ConfigError(f"{path}: config file does not exist") from None
    except OSError as exc:  # links in a loop: not "does not exist"
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise ConfigError(f"{path}: config file is not a file")
    try:
        text = path.read_text("utf-8").removeprefix("\ufeff")  # Windows editors add a BOM
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_config(text, str(path))


def parse_config(text: str, source: str) -> Config:
    """Parse and validate TOML text; ``source`` names the file in messages."""
    try:
        raw = tomllib.loads(text)
        # tomllib parses nested arrays and inline tables recursively (and the [signals]
        # check walks tables): a file nested thousands deep is bad input, not a crash.
        return _build(raw, source)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{source}: nested too deeply (arrays or tables inside one"
                          " another)") from None


def _build(raw: dict[str, Any], source: str) -> Config:
    known = {"feeds", "signals", *_SECTIONS}
    for key in raw:
        if key not in known:
            raise ConfigError(f"{source}: unknown key '{key}'")
    feeds_raw = raw.get("feeds", [])
    if not isinstance(feeds_raw, list):
        raise ConfigError(f"{source}: 'feeds' must be an array of tables ([[feeds]])")
    feeds = tuple(_feed(entry, f"feeds[{i}]", source) for i, entry in enumerate(feeds_raw))
    seen: dict[str, int] = {}
    for i, feed in enumerate(feeds):
        key = feed_key(feed.url)
        if key in seen:
            raise ConfigError(f"{source}: feeds[{i}].url: duplicate of feeds[{seen[key]}]")
        seen[key] = i
    sections = {
        name: _section(cls, raw.get(name, {}), name, source) for name, cls in _SECTIONS.items()
    }
    signals = raw.get("signals", {})
    if not isinstance(signals, dict):
        raise ConfigError(f"{source}: 'signals' must be a table")
    if signals:  # checked here, so every command reports a mistake in the rules alike
        from .signals.rules import check_rules

        check_rules(signals, where=source)
    return Config(feeds=feeds, signals=signals, source=source, **sections)


def _feed(entry: Any, where: str, source: str) -> FeedConfig:
    if not isinstance(entry, dict):
        raise ConfigError(f"{source}: {where} must be a table")
    feed = _section(FeedConfig, entry, where, source)
    if not feed.url:
        raise ConfigError(f"{source}: {where}.url is missing")
    problem = url_problem(feed.url)
    if problem:
        raise ConfigError(f"{source}: {where}.url: {problem}: {feed.url!r}")
    return replace(feed, name=clean_name(feed.name))


def clean_name(name: str | None) -> str | None:
    """A feed name fit to print: one line, no control characters (a name is shown on a
    terminal and written to OPML); None when nothing is left."""
    return clean_text(name, NAME_MAX) or None


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a feed URL, or None when it is a plain http(s) URL."""
    if any(ord(ch) < 32 or 127 <= ord(ch) <= 159 or ch.isspace() or not ch.isprintable()
           for ch in url):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("http", "https"):
        if not _SCHEME.match(url) and _bare_host(url):  # an address bar's "www.x.com/feed"
            return f"no http:// or https:// before it: give https://{url}"
        return "only http and https URLs are allowed"
    if not parts.hostname:
        return "URL has no host"
    if parts.port == 0:
        return "port 0: no server can listen there"
    return _host_problem(parts.hostname)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")  # "mailto:", not "localhost:8080"


def _bare_host(url: str) -> bool:
    """Whether ``url`` reads as a host name or address and a path, without its scheme."""
    try:
        host = urlsplit(f"https://{url}").hostname
    except ValueError:
        return False
    return bool(host) and ("." in host or host == "localhost")


def _ascii_host(host: str) -> str:
    """``host`` as DNS has it: café.example is xn--caf-dma.example (IDNA 2008, as httpx:
    faß.de is not fass.de; 。 and ． are dots). UnicodeError for a name IDNA refuses."""
    if host.isascii():
        return host
    import idna

    return idna.encode(host, uts46=True).decode("ascii")


_DOTTED_QUAD = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")


def _host_problem(host: str) -> str | None:
    """Why ``host`` can name no server (``256.1.1.1``, ``a..b``, a 64-letter label), or
    None: such a feed would be accepted now and fail on every refresh. IPv6 literals are
    checked by ``urlsplit`` already."""
    if ":" in host:
        return None
    try:
        name = _ascii_host(host)
    except UnicodeError:
        return f"not a valid host name: {host}"
    name = name[:-1] if name.endswith(".") else name  # the DNS root: the same host
    if _DOTTED_QUAD.fullmatch(name):
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return f"not a valid IPv4 address: {host}"
        return None
    labels = name.split(".")
    if "" in labels:
        return f"host name has an empty part: {host}"
    if any(len(label) > 63 for label in labels) or len(name) > 253:
        return "host name too long (a part over 63 characters, or over 253 in all)"
    if any(label[:4].lower() == "xn--" and not _punycode(label) for label in labels):
        return f"not a valid host name (a part starts xn-- but is no IDNA name): {host}"
    return None


def _punycode(label: str) -> bool:
    """Whether an ``xn--`` label is an IDNA name ("xn--caf-dma" is café; "xn--" is none)."""
    import idna

    try:
        idna.decode(label)
    except (idna.IDNAError, UnicodeError):
        return False
    return True


def feed_key(url: str) -> str:
    """``url`` as a comparison key: two spellings of one feed (``HTTP://Example.org:80/f``
    and ``http://example.org/f#top``) are one subscription, not two fetched every time.

    Scheme and host are case-insensitive, an internationalised host is its ASCII (IDNA)
    form, a host's trailing dot (the DNS root: ``example.org.``) names the same host,
    the default port and the fragment are never sent, and an empty path is ``/``. The
    path and query stay as written (a server may tell their case apart).
    """
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return url
    with contextlib.suppress(UnicodeError):  # not a name IDNA takes: as written
        host = _ascii_host(host)
    host = host.rstrip(".") or host
    scheme = parts.scheme.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}.get(scheme):
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _section(cls: type, raw: Any, where: str, source: str) -> Any:
    """Check a table against a dataclass: known keys only, right types, sane numbers."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: '{where}' must be a table")
    spec = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in spec:
            raise ConfigError(f"{source}: {where}: unknown key '{key}'")
        values[key] = _check_type(value, spec[key].type, f"{where}.{key}", source)
    if "url" in spec and "url" not in values:
        raise ConfigError(f"{source}: {where}.url is missing")
    return cls(**values)


def _check_type(value: Any, annotation: Any, key: str, source: str) -> Any:
    text = str(annotation)
    name = key.rsplit(".", 1)[-1]
    if text.startswith("bool"):
        if not isinstance(value, bool):
            raise ConfigError(f"{source}: {key}: expected true or false, got {_kind(value)}")
        return value
    if text.startswith(("int", "float")):
        ok = isinstance(value, int | float) if text.startswith("float") else isinstance(value, int)
        if isinstance(value, bool) or not ok:
            want = "a number" if text.startswith("float") else "an integer"
            raise ConfigError(f"{source}: {key}: expected {want}, got {_kind(value)}")
        if isinstance(value, float) and not math.isfinite(value):  # an int is (10**400 too)
            raise ConfigError(f"{source}: {key}: must be a finite number, got {value}")
        if value < 0 or (name in _POSITIVE and value == 0):
            bound = "positive" if name in _POSITIVE else "0 or more"
            raise ConfigError(f"{source}: {key}: must be {bound}")
        if name in _MOST and value > _MOST[name]:
            raise ConfigError(f"{source}: {key}: must be at most {_MOST[name]:_}, got {value}")
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{source}: {key}: expected a string, got {_kind(value)}")
    if name in _CHOICES and value not in _CHOICES[name]:
        allowed = " or ".join(f'"{c}"' for c in _CHOICES[name])
        raise ConfigError(f"{source}: {key}: must be {allowed}, got {value!r}")
    return value


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "an array", dict: "a table"}.get(type(value), type(value).__name__)
