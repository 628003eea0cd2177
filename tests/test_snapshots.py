"""Snapshot tests of the four main panels at 120×40 (and of the irritants, the tariffs,
the headlines and the help at 80×24, the most common terminal), on a fixed date and fixed
data.

Update after an intended layout change with `pytest tests/test_snapshots.py
--snapshot-update`, and look at the SVGs under tests/__snapshots__/ before committing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import WITH_NEWS, seed_items

from thawwatch.config import parse_config
from thawwatch.tui.app import ThawwatchApp

SIZE = (120, 40)
NARROW = (80, 24)
CONFIG = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Test Feed"\n',
                      "test.toml")


async def _loaded(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def app(db_path: Path) -> ThawwatchApp:
    seed_items(db_path, items=WITH_NEWS)  # changes the ledger has, and news
    return ThawwatchApp(config=CONFIG, db_path=db_path, today=date(2026, 11, 28),
                        refresh_timer=False)


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_panel_snapshot(snap_compare, app: ThawwatchApp, key: str) -> None:
    async def before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press(key)
        await _loaded(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_measure_detail_snapshot(snap_compare, app: ThawwatchApp) -> None:
    async def before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("2", "j", "j", "j", "j", "j", "enter")
        await _loaded(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


@pytest.mark.parametrize("key", ["1", "2", "3", "question_mark"],
                         ids=["irritants", "tariffs", "headlines", "help"])
def test_narrow_snapshot(snap_compare, app: ThawwatchApp, key: str) -> None:
    async def before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press(key)
        await _loaded(pilot)

    assert snap_compare(app, terminal_size=NARROW, run_before=before)
