"""Shared fixtures: every test runs with its own config, data and state directories.

No test touches the real user's files or the network: XDG dirs point into tmp_path,
THAWWATCH_* variables are cleared, and feeds are served by the loopback server in
``feedserver.py``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI must not flake: the same examples every run, and no per-example deadline on a busy box.
settings.register_profile("thawwatch", derandomize=True, deadline=None)
settings.load_profile("thawwatch")

sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["feedserver"]

MINIMAL_CONFIG = """
[refresh]
interval_minutes = 0
timeout_seconds = 5
"""


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory for the run: what thawwatch caches (compiled rules) is named by
    a hash of everything it depends on, so tests sharing it cannot see each other, and
    each test's processes load the rules instead of compiling them (~0.5 s each)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def short_tmp() -> Iterator[Path]:
    """A temporary directory for the run's processes, removed at its end. Short, in /tmp
    where there is one: the parser pool's fork server listens on a Unix socket in it, and
    such a path must fit in 107 bytes (104 on macOS, whose own TMPDIR is ~50 long; a
    test's tmp_path made it too long: no parser workers)."""
    path = Path(tempfile.mkdtemp(prefix="tw-", dir="/tmp" if os.path.isdir("/tmp") else None))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_cache: Path,
                  short_tmp: Path) -> Path:
    """Point every platform directory into tmp_path (the cache: into the run's shared one)
    and clear thawwatch's env vars. The processes a test starts keep their temporary files
    in the run's ``short_tmp``: a parser pool's "pymp-*" directory, left behind when a
    test kills its process with SIGKILL, went to /tmp (~11 a run) and stayed."""
    home = tmp_path / "home"
    monkeypatch.setenv("TMPDIR", tempfile.mkdtemp(dir=short_tmp))
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("THAWWATCH_CONFIG", raising=False)
    monkeypatch.delenv("THAWWATCH_DB", raising=False)
    for name in list(os.environ):  # the loopback test servers are reached directly
        if name.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
            monkeypatch.delenv(name)
    return home


@pytest.fixture(scope="session")
def parser_processes():
    """One real parser process pool for the whole run: parsing still happens in other
    processes (as in production), without paying their start-up in every test."""
    from thawwatch.refresh import parse_pool

    pool = parse_pool()
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


@pytest.fixture
def prairie_time():
    """The process's local time zone set to America/Regina (UTC-6 all year, "CST"), as a
    Saskatchewan grower's machine has it; put back afterwards."""
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Regina"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database file path in tmp (not yet created; its directory is, as the data
    directory a user names with --db is: a missing one is noted, see test_readonly_…)."""
    (tmp_path / "data").mkdir(exist_ok=True)
    return tmp_path / "data" / "thawwatch.db"


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a config file and select it via THAWWATCH_CONFIG; returns a writer."""

    def write(text: str = MINIMAL_CONFIG) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(text, "utf-8")
        monkeypatch.setenv("THAWWATCH_CONFIG", str(path))
        return path

    return write


#: One extension of the pea relief to the end of 2027, as outlets word it (December 2026)
PEAS_EXTENDED = [
    ("w1", "https://news.example/from-jan-1",
     "China extends tariff suspension on Canadian peas from Jan. 1, 2027 to Dec. 31, 2027", "",
     "2026-12-18T09:00:00Z"),
    ("w2", "https://news.example/to-end-2027",
     "China extends tariff relief on Canadian peas to Dec. 31, 2027", "", "2026-12-18T11:00:00Z"),
    ("w3", "https://news.example/another-year",
     "China extends tariff relief on Canadian peas for another year", "",
     "2026-12-19T09:00:00Z"),
    ("w4", "https://news.example/by-a-year-later",
     "China extends pea tariff pause by a year", "", "2026-12-29T09:00:00Z"),
]


TODAY = "2026-11-28"
#: An older word and a later one on the pea relief: "to restore 100% … from January 1"
#: (20 November), then "extends … to Dec. 31, 2027" (27 November)
PEAS_RETURN_THEN_EXTENDED = [
    ("r1", "https://news.example/peas-return",
     "China to restore 100% tariff on Canadian peas from January 1, 2027", "",
     "2026-11-20T08:00:00Z"),
    ("e1", "https://news.example/peas-extended",
     "China extends tariff relief on Canadian peas to Dec. 31, 2027", "",
     "2026-11-27T08:00:00Z")]

#: "won't renew" (10 December), then "extends … to June 30, 2027" (20 December)
PEAS_NO_RENEWAL_THEN_JUNE = [
    ("n1", "https://news.example/no-renewal", "China won't renew tariff pause on"
     " Canadian peas when it expires Dec. 31", "", "2026-12-10T09:00:00Z"),
    ("n2", "https://news.example/june", "China extends tariff relief on Canadian peas to"
     " June 30, 2027", "", "2026-12-20T09:00:00Z")]


SAMPLE_ITEMS = [
    ("g1", "https://news.example/peas",
     "China suspends tariffs on Canadian peas and canola meal from March 1 to December 31",
     "Beijing said the additional tariffs on Canadian peas, canola meal, lobster and crab "
     "will be suspended from March 1 to December 31.",
     "2026-02-27T09:00:00Z"),
    ("g2", "https://news.example/ev",
     "Ottawa ends 100% surtax on Chinese electric vehicles",
     "Canada will repeal the surtax on Chinese-made EVs from March 1, Finance Canada said.",
     "2026-02-24T15:00:00Z"),
    ("g3", "https://news.example/markup",
     "[bold red]Markup[/] and [link=file:///etc/passwd]x[/link] in a Canada China canola headline",
     "Summary with [@click=app.quit]click[/] text.",
     "2026-01-10T12:00:00Z"),
    ("g4", "javascript:alert(1)",
     "US and China trade barbs over soybeans",
     "Washington and Beijing traded accusations over soybean purchases.",
     "2026-11-20T08:00:00Z"),
]
# The SAMPLE_ITEMS' changes are all in the bundled ledger already (it holds the 2026
# suspension and the EV surtax's end); this headline brings three it does not hold.
NEWS_ITEMS = [
    ("g5", "https://news.example/peas-2027",
     "China suspends tariffs on Canadian peas and canola meal for 2027",
     "Beijing said the additional tariffs on Canadian peas, canola meal, lobster and crab "
     "will be suspended from January 1 to December 31, 2027.",
     "2026-11-20T09:00:00Z"),
]
WITH_NEWS = SAMPLE_ITEMS + NEWS_ITEMS


async def settle(app: Any, pilot: Any, rounds: int = 1) -> None:
    """Let the app's workers, and the messages they post, finish (``rounds`` times: a
    refresh's end starts a snapshot reload). A worker replaced by a newer exclusive one
    raises WorkerCancelled in whoever waits for it: then wait again."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        await pilot.pause()
        for _attempt in range(10):
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                continue
    await pilot.pause()


@contextlib.asynccontextmanager
async def feeds_view_after_refresh(config: Any, db_path: Path) -> AsyncIterator[tuple[Any, Any]]:
    """The dashboard on ``config`` (no timer), refreshed once with ``r``, on its Feeds view
    (5): (app, pilot), inside ``run_test``."""
    from datetime import date

    from thawwatch.tui.app import ThawwatchApp

    app = ThawwatchApp(config=config, db_path=db_path, today=date(2026, 11, 28),
                       refresh_timer=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("r")
        await settle(app, pilot, rounds=2)
        await pilot.press("5")
        await settle(app, pilot)
        yield app, pilot


def screen_lines(app: Any) -> list[str]:
    """The screen on top, as the terminal shows it (Textual is pinned at 8.2.8)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def region_lines(app: Any, selector: str) -> list[str]:
    """What the screen shows inside a widget's region, border lines included."""
    region = app.screen.query_one(selector).region
    return [line[region.x:region.right] for line in screen_lines(app)[region.y:region.bottom]]


def seed_items(db_path: Path, feed_url: str = "http://127.0.0.1:9/feed.xml",
               items=SAMPLE_ITEMS, name: str = "Test Feed") -> list[str]:
    """Store real items through the real ingest path (with the real classifier)."""
    from datetime import UTC, datetime

    from thawwatch.config import FeedConfig
    from thawwatch.feeds import sync_config
    from thawwatch.items import ingest, parse_iso
    from thawwatch.parse import ParsedItem
    from thawwatch.signals import classify
    from thawwatch.store import Store
    from thawwatch.text import canonical_link

    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    parsed = [
        ParsedItem(guid=guid, link=canonical_link(link), title=title, summary=summary,
                   published=parse_iso(published), published_known=True)
        for guid, link, title, summary, published in items
    ]
    with Store.open(db_path) as store:
        sync_config(store, [FeedConfig(url=feed_url, name=name)], now)
        return ingest(store, feed_url, parsed, now,
                      lambda t, s, p: classify(t, s, p.date()))
