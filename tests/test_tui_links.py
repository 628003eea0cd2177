"""`o` opens a headline's link without ever giving the dashboard's terminal away unasked.

Real browsers are stand-in scripts on a PATH of their own, found by Python's webbrowser as
it finds real ones (its registry is reset per test): a graphical one starts from a worker
thread while the dashboard keeps running; a console one (lynx, over SSH) needs the
terminal, which the test driver cannot hand over, so the link is copied and shown; with no
browser at all, the same.
"""

from __future__ import annotations

import shutil
import time
import webbrowser
from datetime import date
from pathlib import Path

import pytest
from conftest import SAMPLE_ITEMS, seed_items, settle

from thawwatch.config import parse_config
from thawwatch.tui.app import ThawwatchApp
from thawwatch.tui.links import choose_browser
from thawwatch.tui.panels.headlines import HeadlinesPanel

PEAS_LINK = SAMPLE_ITEMS[0][1]


def make_app(db_path: Path) -> ThawwatchApp:
    config = parse_config('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\n'
                          '[ui]\nheadlines = "all"\n', "test.toml")  # all listed: not all relevant
    return ThawwatchApp(config=config, db_path=db_path, today=date(2026, 11, 28),
                        refresh_timer=False)


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty PATH of stand-in programs, no display, no $BROWSER, webbrowser reset."""
    path = tmp_path / "bin"
    path.mkdir()
    monkeypatch.setenv("PATH", str(path))
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.setattr(webbrowser, "_os_preferred_browser", None)
    return path


SLEEP = shutil.which("sleep") or "/bin/sleep"  # found before PATH is the stand-ins' alone
READLINK = shutil.which("readlink") or "/bin/readlink"


def stand_in(bin_dir: Path, name: str, seconds: float = 0, status: int = 0) -> Path:
    """A program ``name`` that writes the link it was given, and where its output goes, to
    ``name``.log, then lingers ``seconds`` and exits with ``status``."""
    log = bin_dir / f"{name}.log"
    script = bin_dir / name
    script.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n'
                      f'fds=$({READLINK} /proc/$$/fd/1 /proc/$$/fd/2)\n'
                      f'echo "$fds" >> "{log}"\n'
                      f"{SLEEP} {seconds}\nexit {status}\n")
    script.chmod(0o755)
    return log


async def press_o_on_the_peas_story(app: ThawwatchApp, pilot) -> float:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("3", "j")
    assert app.query_one(HeadlinesPanel).selected.link == PEAS_LINK
    started = time.monotonic()
    await pilot.press("o")
    took = time.monotonic() - started
    await settle(app, pilot)
    return took


def link_toasts(app: ThawwatchApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Link"]


async def test_a_graphical_browser_opens_the_link_while_the_dashboard_runs(
        bin_dir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    log = stand_in(bin_dir, "xdg-open", seconds=3)  # still running long after `o`
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        took = await press_o_on_the_peas_story(app, pilot)
        assert took < 2.5 and link_toasts(app) == []  # (the opener runs 3 s)
        for _ in range(100):
            if log.exists():
                break
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        # the link, one argument; its output on the null device, not over the dashboard
        assert log.read_text().splitlines() == [PEAS_LINK, "/dev/null", "/dev/null"]


async def test_an_opener_that_fails_says_so(bin_dir: Path, db_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    stand_in(bin_dir, "xdg-open", status=4)  # xdg-open's "no application for the URL"
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press_o_on_the_peas_story(app, pilot)
        for _ in range(100):
            if link_toasts(app):
                break
            await pilot.pause(0.05)
        toasts = link_toasts(app)
        assert len(toasts) == 1 and toasts[0].startswith("The browser did not start: ")
        assert toasts[0].endswith(f"\n{PEAS_LINK}") and app.clipboard == PEAS_LINK


async def test_a_console_browser_is_not_run_over_the_dashboard(bin_dir: Path,
                                                               db_path: Path) -> None:
    log = stand_in(bin_dir, "lynx", seconds=3)
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        took = await press_o_on_the_peas_story(app, pilot)
        assert took < 2.5  # (the browser runs 3 s)
        assert link_toasts(app) == [
            "lynx would need this terminal: the link is copied to the clipboard (if the "
            f"terminal allows it).\n{PEAS_LINK}"]
        assert app.clipboard == PEAS_LINK
    assert not log.exists()


async def test_with_no_browser_the_link_is_copied_and_shown(bin_dir: Path,
                                                           db_path: Path) -> None:
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press_o_on_the_peas_story(app, pilot)
        toasts = link_toasts(app)
        assert len(toasts) == 1 and toasts[0].startswith("No web browser found: ")
        assert toasts[0].endswith(f"\n{PEAS_LINK}") and app.clipboard == PEAS_LINK


@pytest.mark.parametrize(("browser", "display", "in_terminal"), [
    ("w3m", ":0", True),               # a console browser, display or not
    ("cha", ":0", True),               # Chawan
    ("/opt/firefox/firefox", ":0", False),
    ("/opt/firefox/firefox", None, True),  # no display: a bare command is taken for console
    ("xdg-open %s &", None, False),   # '&': it goes to the background
])
def test_browser_from_the_environment(bin_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                      browser: str, display: str | None,
                                      in_terminal: bool) -> None:
    monkeypatch.setenv("BROWSER", browser)
    if display:
        monkeypatch.setenv("DISPLAY", display)
    choice = choose_browser()
    assert choice.browser is not None and choice.in_terminal is in_terminal


async def test_when_one_browser_fails_the_next_is_tried(bin_dir: Path, db_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """xdg-open with no application for URLs exits 4: only that first browser was tried,
    and the link was not opened although x-www-browser was there (webbrowser.open itself
    goes on down its list)."""
    monkeypatch.setenv("DISPLAY", ":99")
    stand_in(bin_dir, "xdg-open", status=4)
    log = stand_in(bin_dir, "x-www-browser", seconds=3)
    seed_items(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press_o_on_the_peas_story(app, pilot)
        for _ in range(100):
            if log.exists():
                break
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        assert log.read_text().splitlines()[0] == PEAS_LINK
        assert link_toasts(app) == []
