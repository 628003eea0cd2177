"""Compiled rules kept on disk between runs: loading them takes ~30 ms, compiling ~0.5 s.

Why: compiling the rules (about a thousand regexes, and the scanner's analysis of their
alternatives) was the longest step before the parser workers could take a feed, so it held
up every cold refresh by about half a second. The compiled, used :class:`Rules` are pickled;
their regexes are stored as the code Python's regex compiler made for them, so loading
skips that compiler (``_sre.compile`` only wraps the code).

What keeps this safe:

* The file's name is a hash of everything compiled rules depend on: the rule table as
  given (the bundled one with the user's ``[signals]`` merged in, in its order: cues are
  weighed in order), thawwatch's own source, its version, and the Python build with its
  regex engine. Change any of them and the rules are compiled afresh under a new name.
* Each regex is stored only if rebuilding it from the stored code gives a pattern equal to
  the compiled one (equal patterns have identical code); otherwise nothing is stored.
* The file starts with a SHA-256 of its contents: a truncated, interrupted or decayed file
  is compiled over. (``_sre.compile`` does not check code fully: bad code could crash the
  interpreter, so nothing unchecked reaches it.)
* A pickle can run code, so the file is read only when it is a regular file (not a
  symlink) owned by the user in a directory owned by the user, neither writable by anyone
  else (the trust Python gives its own ``.pyc`` files), and the unpickler builds only the
  rules' own classes and regexes.
* Any failure to read or write costs a compilation, as before; nothing is raised.
"""

from __future__ import annotations

import _sre
import contextlib
import hashlib
import io
import json
import logging
import os
import pickle
import re
import stat
import struct
import sys
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from thawwatch import __version__
from thawwatch.locations import cache_dir

log = logging.getLogger(__name__)

T = TypeVar("T")

_FORMAT = 3  # bump when the stored form changes
_MAGIC = b"thawwatch rules\n"
_HEADER = struct.Struct(">16sQ32s")  # magic, items classified when saved, SHA-256 of the rest
_MAX_BYTES = 64 << 20  # a rules file is ~1.2 MB; anything this big is not one
_KEEP = 3  # rule files kept: the bundled rules and a user's, across an upgrade
_STALE_SAVE = 60.0  # seconds after which a half-written file is taken as abandoned
_WARM = 500  # items classified by one process before its rules are saved once more, warm
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would translate newlines otherwise
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO at the name must not block the open

# Everything a pickle of compiled rules is made of (a test checks that it still is).
_CLASSES = frozenset({
    ("thawwatch.signals.direction", "Cue"),
    ("thawwatch.signals.direction", "DirectionRules"),
    ("thawwatch.signals.direction", "VerbFamily"),
    ("thawwatch.signals.finders", "Finder"),
    ("thawwatch.signals.relevance", "RelevanceRules"),
    ("thawwatch.signals.rules", "Rules"),
    ("thawwatch.signals.scan", "Probe"),
    ("thawwatch.signals.scan", "Scanner"),
    ("thawwatch.signals.starts", "Alt"),
    ("thawwatch.signals.tariff_rules", "Measure"),
    ("thawwatch.signals.tariff_rules", "TariffRules"),
    ("thawwatch.signals.terms", "Matcher"),
    ("thawwatch.signals.terms", "Shape"),
    ("thawwatch.signals.topics", "TopicRules"),
})


@dataclass
class _Tracked:
    """Rules this process compiled, until saved; or loaded saved early, until saved warm."""

    rules: weakref.ref[Any]  # weakly: an id may be reused once they are gone
    name: str
    seen: int  # items classified by these rules, counting those before they were saved
    loaded: bool  # loaded from an early save (else compiled here, not saved yet)


_tracked: dict[int, _Tracked] = {}
# What each regex loaded from an early save was rebuilt from, so that saving it warm costs
# no recompilation (~0.2 s); an entry goes with its regex.
_codes: dict[int, tuple[weakref.ref[Any], tuple[Any, ...]]] = {}


def load_or_build(data: Mapping[str, Any], build: Callable[[Mapping[str, Any]], T],
                  kind: type[T]) -> T:
    """The rules compiled from ``data``: from the cache when it holds them, else built by
    ``build`` (and saved by :func:`remember` once they have been used)."""
    try:
        name = _file_name(data)
    except Exception as exc:  # no source to hash, data JSON cannot encode: don't cache
        log.debug("rules cache: no key (%s)", exc)
        return build(data)
    loaded = _load(cache_dir(), name, kind)
    if loaded is not None:
        seen, rules = loaded
        if seen < _WARM:  # saved early: this process may save them warm
            _track(rules, name, seen, loaded=True)
        return rules
    rules = build(data)
    _track(rules, name, 0, loaded=False)
    return rules


def _track(rules: object, name: str, seen: int, *, loaded: bool) -> None:
    key = id(rules)  # forgotten with the rules (user rules a test compiled and dropped)
    _tracked[key] = _Tracked(weakref.ref(rules, lambda _ref: _tracked.pop(key, None)), name,
                             seen, loaded)


def remember(rules: object, classified: int) -> None:
    """Save rules :func:`load_or_build` gave, for the next process to load; call it after
    they have classified ``classified`` more items.

    Rules compile parts of themselves as texts ask for them (a first thousand items ran
    ~20% slower), so what is saved should have been used. The process that compiled the
    rules saves them after their first use (unless a sibling worker has); a later process
    that loaded them saves them once more, warm, after 500 items (unless a sibling has),
    which costs it little: it has the code of every regex it loaded."""
    tracked = _tracked.get(id(rules))
    if tracked is None or tracked.rules() is not rules:
        return
    tracked.seen += classified
    if not tracked.seen or (tracked.loaded and tracked.seen < _WARM):
        return  # unused (what they compile on first use is saved too), or not warm yet
    directory = cache_dir()
    try:
        stored = _stored_seen(directory, tracked.name)
        if stored is not None and (not tracked.loaded or stored >= _WARM):
            saved = True  # a sibling worker saved them already
        else:
            saved = _save(rules, tracked.seen, directory, tracked.name)
    except Exception as exc:  # a read-only home, a full disk, a regex we cannot store
        log.debug("rules cache: not saved (%s)", exc)
        saved = True  # given up: not tried after every feed
    if saved:
        del _tracked[id(rules)]
        if not any(t.loaded for t in _tracked.values()):
            _codes.clear()
    # not saved: another process is writing that file right now; try again next time


def _file_name(data: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}\0{__version__}\0{sys.version}\0{_sre.MAGIC}\0".encode())
    here = Path(__file__).parent
    sources = sorted([*here.glob("*.py"), *here.parent.glob("*.py")])
    if not any(p.parent == here for p in sources):
        raise FileNotFoundError(f"no source files in {here}")  # a zip or .pyc-only install
    for source in sources:
        digest.update(f"{source.parent.name}/{source.name}\0".encode() + source.read_bytes())
    digest.update(json.dumps(data, ensure_ascii=False).encode())  # in order: it matters
    return f"rules-{digest.hexdigest()[:32]}.pickle"


# --------------------------------------------------------------------------- reading

def _load(directory: Path, name: str, kind: type[T]) -> tuple[int, T] | None:
    try:
        blob = _read_trusted(directory, name)
        if blob is None:
            return None
        intact = _intact(blob)
        if intact is None:
            log.debug("rules cache: %s is damaged", name)
            return None
        seen, payload = intact
        # saved early: to be saved again, warm, so the code each regex came from is kept
        rules = _Unpickler(io.BytesIO(payload), keep_codes=seen < _WARM).load()
    except Exception as exc:  # truncated, unreadable or foreign: compile instead
        log.debug("rules cache: %s unreadable (%s)", name, exc)
        return None
    return (seen, rules) if isinstance(rules, kind) else None


def _read_trusted(directory: Path, name: str) -> bytes | None:
    """The file's bytes, or None when it is missing or may not be trusted: it and its
    directory must be the user's and nobody else's."""
    flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY
    if os.open not in os.supports_dir_fd:  # Windows: no directory descriptors
        try:
            return _read_open(os.open(directory / name, flags), name)
        except OSError:
            return None
    try:
        folder = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        if not _trusted(os.fstat(folder)):
            log.debug("rules cache: %s ignored: others may write to it", directory)
            return None
        try:  # opened in the directory just checked, not through its path again
            fd = os.open(name, flags, dir_fd=folder)
        except OSError:  # not cached yet, or a symlink (refused)
            return None
        return _read_open(fd, name)
    finally:
        os.close(folder)


def _read_open(fd: int, name: str) -> bytes | None:
    with os.fdopen(fd, "rb") as file:
        st = os.fstat(file.fileno())
        if not (stat.S_ISREG(st.st_mode) and _trusted(st)) or st.st_size > _MAX_BYTES:
            log.debug("rules cache: %s ignored: not a file of this user's", name)
            return None
        return file.read(_MAX_BYTES)


def _stored_seen(directory: Path, name: str) -> int | None:
    """How many items the stored rules had classified when saved; None when there is no
    file that would load (missing, untrusted, damaged: it is to be written over)."""
    blob = _read_trusted(directory, name)
    intact = _intact(blob) if blob is not None else None
    return intact[0] if intact is not None else None


def _intact(blob: bytes) -> tuple[int, memoryview] | None:
    """The header's item count and the pickle, if the header's checksum matches it."""
    if len(blob) < _HEADER.size:
        return None
    magic, seen, digest = _HEADER.unpack_from(blob)
    payload = memoryview(blob)[_HEADER.size:]
    if magic != _MAGIC or hashlib.sha256(payload).digest() != digest:
        return None
    return int(seen), payload


def _trusted(st: os.stat_result) -> bool:
    """Owned by this user, and writable by no one else. (Windows has neither owner ids
    nor group bits here; its per-user profile directories are the user's own.)"""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return st.st_uid == getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _pattern(pattern: str | bytes, flags: int, code: list[int], groups: int,
             groupindex: dict[str, int], indexgroup: tuple[str | None, ...]) -> re.Pattern[Any]:
    """A regex from the code ``re`` compiled for it (as ``re._compiler.compile`` ends)."""
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def _pattern_kept(*args: Any) -> re.Pattern[Any]:
    """:func:`_pattern`, remembering the code the regex came from for as long as it lives."""
    regex = _pattern(*args)
    key = id(regex)
    _codes[key] = (weakref.ref(regex, lambda _ref: _codes.pop(key, None)), args)
    return regex


class _Unpickler(pickle.Unpickler):
    """Builds only the rules' own classes and regexes: a pickle naming anything else
    (``os.system``, ``pathlib.Path``…) is refused before it is touched. ``keep_codes``:
    regexes remember their code (:func:`_pattern_kept`)."""

    def __init__(self, file: IO[bytes], *, keep_codes: bool) -> None:
        super().__init__(file)
        self._rebuild = _pattern_kept if keep_codes else _pattern

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_pattern"):
            return self._rebuild
        if (module, name) in _CLASSES:
            return getattr(sys.modules[module], name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of compiled rules")


# --------------------------------------------------------------------------- writing

class _NotCacheable(Exception):
    """A regex whose compiled code cannot be reproduced here."""


def _code_of(regex: re.Pattern[Any]) -> tuple[Any, ...]:
    """The arguments :func:`_pattern` rebuilds ``regex`` from, checked to rebuild it."""
    known = _codes.get(id(regex))
    if known is not None and known[0]() is regex:  # loaded from them
        return known[1]
    from re import _compiler, _parser  # type: ignore[attr-defined]

    tree = _parser.parse(regex.pattern, regex.flags)
    code = [int(op) for op in _compiler._code(tree, regex.flags)]
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for group_name, index in groupindex.items():
        indexgroup[index] = group_name
    args = (regex.pattern, regex.flags | tree.state.flags, code, tree.state.groups - 1,
            groupindex, tuple(indexgroup))
    if _sre.compile(*args) != regex:  # patterns compare equal only when their code does
        raise _NotCacheable(f"regex {regex.pattern[:60]!r}")
    return args


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            return _pattern, _code_of(obj)
        return NotImplemented


def _dumps(rules: object) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(rules)
    return out.getvalue()


def _save(rules: object, seen: int, directory: Path, name: str) -> bool:
    """Write the rules; False when another process is writing the same file right now.
    Raises when they cannot be saved at all (an untrusted directory, a full disk…)."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not _trusted(os.stat(directory)):
        raise PermissionError(f"{directory}: others may write to it; nothing saved there")
    partial = directory / f"{name}.partial"
    try:  # claimed before the work (~0.2 s): a sibling worker saving too gives way at once
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
    except FileExistsError:  # another process is saving the same rules
        with contextlib.suppress(OSError):
            if time.time() - partial.stat().st_mtime > _STALE_SAVE:
                partial.unlink()  # left by a process that died: the next save writes
        return False
    try:
        with os.fdopen(fd, "wb") as file:
            payload = _dumps(rules)
            file.write(_HEADER.pack(_MAGIC, seen, hashlib.sha256(payload).digest()))
            file.write(payload)
        os.replace(partial, directory / name)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    _prune(directory, directory / name)
    return True


def _prune(directory: Path, keep: Path) -> None:
    """Keep the few most recently saved rule files: each upgrade or rule edit adds one.
    Half-written ones left by a killed process go too (their name may never be saved
    again to clear them)."""
    files = sorted(directory.glob("rules-*.pickle"), key=_mtime, reverse=True)
    stale = [f for f in directory.glob("rules-*.partial")
             if time.time() - _mtime(f) > _STALE_SAVE]
    for old in [*[f for f in files if f != keep][_KEEP - 1:], *stale]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
