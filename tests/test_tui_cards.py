"""The irritant cards as a daily user reads them (a reviewer's findings): a measure
without a rate has no "— →" however wide the card.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import region_lines, seed_items, settle

from thawwatch.config import parse_config
from thawwatch.tui.app import ThawwatchApp

TODAY = date(2026, 11, 28)
CONFIG = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Test Feed"\n',
                      "test.toml")


def make_app(db_path: Path) -> ThawwatchApp:
    return ThawwatchApp(config=CONFIG, db_path=db_path, today=TODAY, refresh_timer=False)


def card_text(app: ThawwatchApp, topic: str) -> list[str]:
    """The card's lines as the screen shows them, without its border."""
    return [line[1:-1].strip() for line in region_lines(app, f"#card-{topic}")[1:-1]]


# --------------------------------------------------------------------------- no rate


@pytest.mark.parametrize("size", [(160, 50), (120, 40), (100, 30), (80, 24)])
async def test_a_measure_without_a_rate_has_no_dash_arrow_at_any_width(
        db_path: Path, size: tuple[int, int]) -> None:
    """Group tours read "— → restored" on a wide card (as if the measure did not exist
    at the baseline, where the Tariffs panel and `status` say "restored") and
    "restored" on a narrower one: every width now says "restored"."""
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        tours = next(line for line in card_text(app, "tourism")
                     if line.startswith("Group tours"))
        assert "— →" not in tours and tours.split()[-1] == "restored", (size, tours)
