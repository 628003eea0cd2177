"""Compiled rules kept on disk between runs: loading them takes ~25 ms, compiling ~0.5 s.

Why: compiling the rules (about a thousand regexes, and the scanner's analysis of their
alternatives) is the longest step before the parser workers can take a feed, so it held
up every cold refresh by about half a second. The compiled, warmed-up :class:`Rules` are
pickled once; their regexes are stored as the code Python's regex compiler made for them,
so loading skips that compiler (``_sre.compile`` checks the code and wraps it).

What keeps this safe:

* The file's name is a hash of everything compiled rules depend on: the rule table (the
  bundled one with the user's ``[signals]`` merged in), the signals package's source,
  thawwatch's version and the Python build with its regex engine. Change any of them and
  the rules are compiled afresh under a new name; nothing is ever stale.
* Each regex is stored only if rebuilding it from the stored code gives a pattern equal to
  the compiled one (equal patterns have identical code); otherwise nothing is stored.
* A pickle can run code, so the file is read only when it belongs to the user and no one
  else can write to it or its directory (the trust Python gives its own ``.pyc`` files),
  and the unpickler only builds the signals package's own classes and regexes.
* Any failure to read or write costs a compilation, as before; nothing is raised.
"""

from __future__ import annotations

import _sre
import contextlib
import hashlib
import json
import logging
import os
import pickle
import re
import stat
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

_FORMAT = 2  # bump when the stored form changes
_KEEP = 3  # rule files kept: the bundled rules and a user's, across an upgrade
_STALE_SAVE = 60.0  # seconds after which a half-written file is taken as abandoned
_WARM = 1_000  # items classified before the rules are saved once more, warm
_PACKAGE = "thawwatch.signals."


@dataclass
class _Tracked:
    """Rules this process built or loaded, until they are saved warm."""

    rules: weakref.ref[Any]  # weakly: an id may be reused once they are gone
    name: str
    seen: int  # items classified by these rules, counting those before they were saved
    saved: int | None  # ``seen`` when last saved (None: never)
    since: float  # when this process got them: a file newer than that is another's save


_tracked: dict[int, _Tracked] = {}
# What each loaded regex was rebuilt from, so saving it again costs no recompilation;
# dropped once the rules it belongs to are saved warm (or were loaded warm).
_codes: dict[int, tuple[re.Pattern[Any], tuple[Any, ...]]] = {}


def load_or_build(data: Mapping[str, Any], build: Callable[[Mapping[str, Any]], T],
                  kind: type[T]) -> T:
    """The rules compiled from ``data``: from the cache when it holds them, else built by
    ``build`` (and saved by :func:`remember` once they have been used)."""
    try:
        name = _file_name(data)
    except Exception as exc:  # an unreadable source file: compile, don't cache
        log.debug("rules cache: no key (%s)", exc)
        return build(data)
    now = time.time()
    loaded = _load(cache_dir() / name, kind)
    if loaded is not None:
        seen, rules = loaded
        if seen < _WARM:  # saved early: this process may save them warm
            _tracked[id(rules)] = _Tracked(weakref.ref(rules), name, seen, seen, now)
        else:
            _codes.clear()
        return rules
    rules = build(data)
    _tracked[id(rules)] = _Tracked(weakref.ref(rules), name, 0, None, now)
    return rules


def remember(rules: object, classified: int) -> None:
    """Save rules :func:`load_or_build` compiled, for the next process to load; call it
    after they have classified ``classified`` more items. They are saved after their first
    use, and once more when they have classified a thousand items: rules compile parts of
    themselves as texts ask for them (first uses ran ~20% slower), and the next process
    starts with what was compiled. Rules saved warm are left alone."""
    tracked = _tracked.get(id(rules))
    if tracked is None or tracked.rules() is not rules:
        return
    tracked.seen += classified
    if tracked.saved is None and not tracked.seen:
        return  # unused: parts of them are compiled on first use, which saves those too
    if tracked.saved is not None and (tracked.saved >= _WARM or tracked.seen < _WARM):
        return
    path = cache_dir() / tracked.name
    if tracked.saved is not None and _mtime(path) > tracked.since:
        done = True  # another process saved them since: this one leaves it (a run that
        # ends before it is warm saves nothing; the next process loading them tries again)
    else:
        try:
            _save(rules, tracked.seen, path)
        except Exception as exc:  # a read-only home, a full disk, a regex we cannot store
            log.debug("rules cache: not saved (%s)", exc)
            done = True
        else:
            tracked.saved, tracked.since = tracked.seen, time.time()
            done = tracked.seen >= _WARM
    if done:
        del _tracked[id(rules)]
        _codes.clear()


def _file_name(data: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}\0{__version__}\0{sys.version}\0{_sre.MAGIC}\0".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
    return f"rules-{digest.hexdigest()[:32]}.pickle"


# --------------------------------------------------------------------------- reading

def _load(path: Path, kind: type[T]) -> tuple[int, T] | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:  # not cached yet (or a symlink, refused)
        return None
    try:
        with os.fdopen(fd, "rb") as file:
            if not (_trusted(os.fstat(file.fileno())) and _trusted(os.stat(path.parent))):
                log.debug("rules cache: %s ignored: others may write to it", path)
                return None
            seen, rules = _Unpickler(file).load()
    except Exception as exc:  # truncated, corrupt or foreign: compile instead
        log.debug("rules cache: %s unreadable (%s)", path, exc)
        _codes.clear()
        return None
    if not isinstance(rules, kind) or not isinstance(seen, int):
        _codes.clear()
        return None
    return seen, rules


def _trusted(st: os.stat_result) -> bool:
    """Owned by this user, and writable by no one else."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and st.st_uid != getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _pattern(pattern: str | bytes, flags: int, code: list[int], groups: int,
             groupindex: dict[str, int], indexgroup: tuple[str | None, ...]) -> re.Pattern[Any]:
    """A regex from the code ``re`` compiled for it (as ``re._compiler.compile`` ends)."""
    regex = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    _codes[id(regex)] = (regex, (pattern, flags, code, groups, groupindex, indexgroup))
    return regex


class _Unpickler(pickle.Unpickler):
    """Builds only the signals package's classes and regexes: a pickle naming anything
    else (``os.system``…) is refused before it can be called."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_pattern"):
            return _pattern
        if module.startswith(_PACKAGE):
            found = getattr(sys.modules.get(module), name, None)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of compiled rules")


# --------------------------------------------------------------------------- writing

class _NotCacheable(Exception):
    """A regex whose compiled code cannot be reproduced here."""


def _code_of(regex: re.Pattern[Any]) -> tuple[Any, ...]:
    """The arguments :func:`_pattern` rebuilds ``regex`` from, checked to rebuild it."""
    known = _codes.get(id(regex))
    if known is not None and known[0] is regex:  # loaded from them
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
    if _pattern(*args) != regex:  # patterns compare equal only when their code does
        raise _NotCacheable(f"regex {regex.pattern[:60]!r}")
    return args


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            return _pattern, _code_of(obj)
        return NotImplemented


def _save(rules: object, seen: int, final: Path) -> None:
    directory = final.parent
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = final.with_suffix(".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process is saving the same rules
        with contextlib.suppress(OSError):
            if time.time() - partial.stat().st_mtime > _STALE_SAVE:
                partial.unlink()  # left by a process that died: the next run saves
        return
    try:
        with os.fdopen(fd, "wb") as file:
            _dump((seen, rules), file)
        os.replace(partial, final)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    _prune(directory, final)


def _dump(payload: object, file: IO[bytes]) -> None:
    _Pickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(payload)


def _prune(directory: Path, keep: Path) -> None:
    """Keep the few most recently saved rule files: each upgrade or rule edit adds one."""
    files = sorted(directory.glob("rules-*.pickle"), key=_mtime, reverse=True)
    for old in [f for f in files if f != keep][_KEEP - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
