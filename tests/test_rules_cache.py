"""Compiled rules cached on disk: loaded rules classify exactly as freshly compiled ones,
a change to the rules gets its own file, and a bad, foreign or hostile file is compiled
over, never trusted."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from feedserver import FeedServer, rss

from thawwatch.signals import Rules, classify, rules_cache
from thawwatch.signals.rules import _bundled_data, check_rules

DATA = Path(__file__).parent / "data"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "thawwatch"


@functools.cache
def _bundled_compiled() -> Rules:
    """The bundled rules, compiled once in this test process."""
    return Rules.from_data(_bundled_data())


class Builds:
    """Rules.from_data, counting the compilations.

    The bundled rules come back compiled once per test process, unless ``fresh``: most of
    these tests are about the file, and compiling and first using them takes seconds of
    CPU each time (four times in one test); a test about what compiling or saving a
    fresh build does asks for ``fresh``."""

    def __init__(self, *, fresh: bool = False) -> None:
        self.count = 0
        self.fresh = fresh

    def __call__(self, data: Any) -> Rules:
        self.count += 1
        if not self.fresh and data == _bundled_data():
            return _bundled_compiled()
        return Rules.from_data(data)


def get(data: Any, builds: Builds) -> Rules:
    return rules_cache.load_or_build(data, builds, Rules)


@contextlib.contextmanager
def counting(module: Any, name: str) -> Iterator[list[int]]:
    """Count the calls of ``module.name`` made inside the block."""
    calls = [0]
    real = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    setattr(module, name, counted)
    try:
        yield calls
    finally:
        setattr(module, name, real)


def headlines() -> list[tuple[str, str, date | None]]:
    """Every labelled headline: English, French and Chinese, with and without signals."""
    rows = []
    for path in sorted(DATA.glob("headlines*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            published = date.fromisoformat(row["published"]) if row.get("published") else None
            rows.append((row["title"], row.get("summary", ""), published))
    return rows


def stored(path: Path) -> int | None:
    """How many items the stored rules had classified when saved (how warm they are)."""
    return rules_cache._stored_seen(path.parent, path.name)


def write_payload(path: Path, payload: bytes, seen: int = 5) -> None:
    """A rules file holding ``payload``, with a valid header and checksum."""
    digest = hashlib.sha256(payload).digest()
    path.write_bytes(rules_cache._HEADER.pack(rules_cache._MAGIC, seen, digest) + payload)


def test_loaded_rules_classify_every_labelled_headline_as_compiled_ones(cache: Path) -> None:
    builds = Builds(fresh=True)
    compiled = get(_bundled_data(), builds)
    rows = headlines()
    expected = [classify(t, s, p, compiled) for t, s, p in rows]
    assert sum(bool(c.signals) for c in expected) > 100  # the tariff readers were exercised
    with counting(re._parser, "parse") as first_save_parses:  # type: ignore[attr-defined]
        rules_cache.remember(compiled, len(rows))
    (saved,) = cache.glob("rules-*.pickle")
    assert saved.stat().st_mode & 0o777 == 0o600
    assert stored(saved) == len(rows) < rules_cache._WARM

    # the next process: it loads them, and saves them once more when they are warm
    loaded = get(_bundled_data(), builds)
    assert builds.count == 1 and loaded is not compiled  # read back, not compiled again
    assert [classify(t, s, p, loaded) for t, s, p in rows] == expected
    written = saved.stat().st_mtime_ns
    rules_cache.remember(loaded, 10)
    assert saved.stat().st_mtime_ns == written  # not warm yet
    with counting(re._parser, "parse") as parses:  # type: ignore[attr-defined]
        rules_cache.remember(loaded, rules_cache._WARM)
    assert stored(saved) == len(rows) + 10 + rules_cache._WARM
    assert parses[0] < first_save_parses[0] / 2  # what was loaded is not recompiled

    # and the process after that loads them warm, and never writes them again
    warm = get(_bundled_data(), builds)
    assert builds.count == 1 and warm is not loaded
    assert [classify(t, s, p, warm) for t, s, p in rows] == expected
    written = saved.stat().st_mtime_ns
    rules_cache.remember(warm, 10 * rules_cache._WARM)
    assert saved.stat().st_mtime_ns == written
    assert list(cache.glob("rules-*")) == [saved]


def test_two_workers_save_once_early_and_once_warm(cache: Path) -> None:
    """Both parser workers fork with the rules compiled: the first to finish a feed saves
    them, the other leaves that file alone. In a later run both load them; the first to
    pass the warm mark saves them again, and the other, seeing them stored warm, does not."""
    name = rules_cache._file_name(_bundled_data())
    saved = cache / name
    one, two = Rules.from_data(_bundled_data()), Rules.from_data(_bundled_data())
    for rules in (one, two):  # as the fork server left them in each worker
        rules_cache._track(rules, name, 0, loaded=False)
    rules_cache.remember(one, 40)
    assert stored(saved) == 40
    written = saved.stat().st_mtime_ns
    rules_cache.remember(two, 50)
    assert saved.stat().st_mtime_ns == written

    one, two = (get(_bundled_data(), Builds(fresh=True)),
                get(_bundled_data(), Builds(fresh=True)))
    rules_cache.remember(one, rules_cache._WARM)
    assert stored(saved) == 40 + rules_cache._WARM
    written = saved.stat().st_mtime_ns
    rules_cache.remember(two, rules_cache._WARM)
    assert saved.stat().st_mtime_ns == written


def test_the_order_of_the_rules_is_part_of_their_name(cache: Path) -> None:
    """Cues are weighed in order: the same cues in another order are other rules."""
    data = check_rules({})
    cues = data["direction"]["cues"]
    reordered = {**data, "direction": {**data["direction"],
                                       "cues": dict(reversed(list(cues.items())))}}
    builds = Builds()
    rules_cache.remember(get(data, builds), 1)
    get(reordered, builds)
    assert builds.count == 2
    assert rules_cache._file_name(data) != rules_cache._file_name(reordered)


def test_rules_never_used_are_not_saved(cache: Path) -> None:
    rules = get(_bundled_data(), Builds())
    rules_cache.remember(rules, 0)
    assert not list(cache.glob("rules-*"))
    rules_cache.remember(rules, 1)
    assert len(list(cache.glob("rules-*.pickle"))) == 1


def test_user_rules_get_a_file_of_their_own(cache: Path) -> None:
    builds = Builds()
    title = "China cuts tariffs on Canadian durum"
    user = check_rules({"topics": {"agriculture": {"keywords": ["durum"]}}})
    for data in (_bundled_data(), user):
        rules_cache.remember(get(data, builds), 1)
    assert builds.count == 2 and len(list(cache.glob("rules-*.pickle"))) == 2
    assert "agriculture" in classify(title, rules=get(user, builds)).topics
    assert "agriculture" not in classify(title, rules=get(_bundled_data(), builds)).topics
    assert builds.count == 2


def saved_file(cache: Path) -> Path:
    builds = Builds()
    rules_cache.remember(get(_bundled_data(), builds), 1)
    (path,) = cache.glob("rules-*.pickle")
    return path


def test_a_damaged_file_is_compiled_over(cache: Path) -> None:
    path = saved_file(cache)
    whole = path.read_bytes()
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 0x10  # one bit decayed inside a regex's code, say
    for damaged in (b"", whole[: len(whole) // 2], b"not a pickle at all", bytes(flipped)):
        path.write_bytes(damaged)
        builds = Builds()
        rules = get(_bundled_data(), builds)
        assert builds.count == 1
        assert classify("China cuts tariff on Canadian canola oil to 50%", rules=rules).signals
        rules_cache.remember(rules, 1)  # replaced by a good one
        assert path.read_bytes() != damaged
        get(_bundled_data(), builds)
        assert builds.count == 1


def test_a_file_others_may_write_is_not_read(cache: Path) -> None:
    path = saved_file(cache)
    for mode, directory_mode in ((0o666, 0o700), (0o620, 0o700), (0o600, 0o777)):
        path.chmod(mode)
        cache.chmod(directory_mode)
        builds = Builds()
        get(_bundled_data(), builds)
        assert builds.count == 1, (oct(mode), oct(directory_mode))
    path.chmod(0o600)
    cache.chmod(0o700)
    builds = Builds()
    get(_bundled_data(), builds)
    assert builds.count == 0


def test_a_symlink_in_its_place_is_not_followed(cache: Path, tmp_path: Path) -> None:
    path = saved_file(cache)
    elsewhere = tmp_path / "elsewhere.pickle"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    builds = Builds()
    get(_bundled_data(), builds)
    assert builds.count == 1


class _Hostile:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> Any:
        return os.mkdir, (str(self.marker),)


def test_a_hostile_pickle_runs_nothing(cache: Path, tmp_path: Path) -> None:
    """Even with a valid checksum (the user's own file, say, crafted), the unpickler only
    builds the rules' classes: not os.mkdir, not pathlib.Path (whose class attributes a
    pickle could otherwise overwrite), not another class of the signals package."""
    path = saved_file(cache)
    marker = tmp_path / "pwned"
    name = "thawwatch_poisoned"
    # pathlib.Path as an attribute of a signals module, then BUILD with a slot state: what
    # setattr(Path, name, True) takes in pickle's words
    poison = (b"\x80\x02cthawwatch.signals.rules_cache\nPath\nN}X" + len(name).to_bytes(4, "little")
              + name.encode() + b"\x88s\x86b.")
    for payload in (_Hostile(marker), [_Hostile(marker)], {"rules": _Hostile(marker)},
                    Path("/etc"), rules_cache._Tracked, poison):
        write_payload(path, payload if isinstance(payload, bytes) else pickle.dumps(payload))
        builds = Builds()
        rules = get(_bundled_data(), builds)
        assert builds.count == 1 and isinstance(rules, Rules), payload
        assert not marker.exists()
        assert not hasattr(Path, name)


def test_a_fifo_in_its_place_does_not_block(cache: Path) -> None:
    path = saved_file(cache)
    path.unlink()
    os.mkfifo(path)
    builds = Builds()
    worker = threading.Thread(target=get, args=(_bundled_data(), builds), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive() and builds.count == 1


def test_nothing_is_saved_in_a_directory_others_may_write(cache: Path) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    rules = get(_bundled_data(), Builds())
    rules_cache.remember(rules, 1)
    rules_cache.remember(rules, rules_cache._WARM)
    assert not list(cache.iterdir())
    assert id(rules) not in rules_cache._tracked  # given up on, not retried every feed


def test_old_files_are_pruned(cache: Path) -> None:
    path = saved_file(cache)
    for n in range(6):
        stale = cache / f"rules-{n:032x}.pickle"
        stale.write_bytes(b"old")
        os.utime(stale, (1_000_000 + n, 1_000_000 + n))
    abandoned, busy = cache / f"rules-{9:032x}.pickle.partial", cache / "rules-b.pickle.partial"
    abandoned.write_bytes(b"half")
    os.utime(abandoned, (1_000_000, 1_000_000))
    busy.write_bytes(b"being written")
    path.unlink()
    rules_cache.remember(get(_bundled_data(), Builds()), 1)
    assert path.exists()
    names = sorted(p.name for p in cache.glob("rules-*.pickle"))
    assert len(names) == rules_cache._KEEP
    assert f"rules-{5:032x}.pickle" in names and f"rules-{0:032x}.pickle" not in names
    assert not abandoned.exists() and busy.exists()  # a save of another name in progress


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    builds = Builds()
    rules = get(_bundled_data(), builds)
    rules_cache.remember(rules, 1)  # no exception
    assert classify("China lifts tariff on Canadian peas", rules=rules).signals
    assert builds.count == 1


TITLES = ("China cuts tariff on Canadian canola oil to 50% from November 15",
          "中方自2026年12月1日起停止对原产于加拿大的豌豆加征关税",
          "Ottawa keeps 100% surtax on Chinese electric vehicles",
          "Weather: snow in Regina")


def serve(feed_server: FeedServer, tmp_path: Path, extra: str = "") -> dict[str, str]:
    """A feed of TITLES, a config following it (plus ``extra``): the environment."""
    items = [{"guid": f"g{i}", "title": title, "link": f"https://news.example/{i}",
              "pubDate": datetime(2026, 11, 2 + i, 9, tzinfo=UTC)}
             for i, title in enumerate(TITLES)]
    feed_server.route("/feed", rss(items))
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{feed_server.url("/feed")}"\n'
                      "[refresh]\ninterval_minutes = 0\ntimeout_seconds = 10\n" + extra,
                      "utf-8")
    return {**os.environ, "THAWWATCH_CONFIG": str(config)}


def test_with_user_rules_both_the_user_s_and_the_bundled_rules_are_saved(
    feed_server: FeedServer, tmp_path: Path, cache: Path
) -> None:
    """The fork server compiles the bundled rules before it knows the config: saved too,
    or a user with a [signals] table would compile them in every refresh."""
    env = serve(feed_server, tmp_path, '[signals.topics.agriculture]\nkeywords = ["durum"]\n')
    done = subprocess.run([sys.executable, "-m", "thawwatch", "--db", str(tmp_path / "a.db"),
                           "refresh"], env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    user = check_rules({"topics": {"agriculture": {"keywords": ["durum"]}}})
    names = {p.name for p in cache.glob("rules-*.pickle")}
    assert names == {rules_cache._file_name(user), rules_cache._file_name(_bundled_data())}


def test_a_refresh_saves_the_rules_and_the_next_one_loads_them(
    feed_server: FeedServer, tmp_path: Path, cache: Path
) -> None:
    env = serve(feed_server, tmp_path)

    def refresh(db: Path) -> list[tuple[Any, ...]]:
        done = subprocess.run([sys.executable, "-m", "thawwatch", "--db", str(db), "refresh"],
                              env=env, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        conn = sqlite3.connect(db)
        try:
            return conn.execute("SELECT guid, relevant, direction, signals FROM items"
                                " ORDER BY guid").fetchall()
        finally:
            conn.close()

    first = refresh(tmp_path / "one.db")
    (saved,) = cache.glob("rules-*.pickle")  # written by a parser worker
    written = saved.stat().st_mtime_ns
    second = refresh(tmp_path / "two.db")
    assert saved.stat().st_mtime_ns == written  # read, not written again
    assert second == first
    assert sum(1 for row in first if row[3] and row[3] != "[]") == 2
