"""Where a headline's link opens: a graphical browser, a console one, or nowhere.

Python's ``webbrowser`` runs whatever it finds in the foreground: over SSH (no display)
that is lynx, w3m or ``www-browser``, which would freeze the dashboard and draw over it.
So the dashboard asks here first: a graphical browser is started from a worker thread,
its output kept off the screen (``launch``); a console browser runs with the dashboard
suspended (the terminal is its while it runs); with none, the link is copied to the
clipboard and shown in a toast.
"""

from __future__ import annotations

import os
import subprocess
import sys
import webbrowser
from dataclasses import dataclass

# Console browsers Python registers (and ones a user may name in $BROWSER): they take the
# terminal even where a display exists.
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m",
                              "browsh", "carbonyl", "cha", "chawan", "edbrowse", "retawq",
                              "netrik", "amfora", "offpunk"})


@dataclass(frozen=True)
class Choice:
    """The browser to use (None: there is none) and whether it runs in the terminal."""

    browser: webbrowser.BaseBrowser | None
    in_terminal: bool = False


def choose_browser() -> Choice:
    """The browser ``webbrowser.open`` would use first. Slow the first time (it may run
    ``xdg-settings``): call it off the UI thread."""
    return next(iter(choose_browsers()), Choice(None))


def choose_browsers() -> list[Choice]:
    """Every browser ``webbrowser.open`` would try, in its order: as it does, the next is
    tried when one fails (xdg-open without an application for URLs, then x-www-browser).
    Slow the first time (it may run ``xdg-settings``): call it off the UI thread."""
    try:
        webbrowser.get()  # registers the platform's browsers, $BROWSER first
    except webbrowser.Error:
        return []
    choices = []
    for name in getattr(webbrowser, "_tryorder", None) or ():
        try:
            browser = webbrowser.get(name)
        except webbrowser.Error:
            continue
        choices.append(Choice(browser, _in_terminal(browser)))
    return choices or [Choice(webbrowser.get())]


def _in_terminal(browser: webbrowser.BaseBrowser) -> bool:
    if isinstance(browser, webbrowser.Elinks):
        return True
    if not isinstance(browser, webbrowser.GenericBrowser) or isinstance(
            browser, webbrowser.BackgroundBrowser):
        return False  # the platform's own opener, xdg-open, firefox, chrome …
    if os.path.basename(browser.name).lower() in CONSOLE_BROWSERS:
        return True
    # $BROWSER as a bare command: a console program unless there is a display to use
    graphical = sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return not graphical


#: How long a started opener (xdg-open, gio …) may take to say it failed.
OPENER_VERDICT = 2.0


def launch(browser: webbrowser.BaseBrowser, url: str) -> bool:
    """Start a graphical browser on ``url``; whether it started.

    ``webbrowser`` starts xdg-open and the like with the terminal as their stdout and
    stderr, where their messages would land on the dashboard, and calls one that exits at
    once, even successfully, a failure. Here they get the null device, and fail only by
    exiting with an error within ``OPENER_VERDICT`` seconds. The URL is one argument, never
    read by a shell. Other kinds (Firefox's or Chrome's remote control, macOS, Windows)
    go through ``webbrowser``, which keeps their output off the terminal already.
    """
    if not isinstance(browser, webbrowser.GenericBrowser):
        return bool(browser.open(url))
    command = [browser.name, *(arg.replace("%s", url) for arg in browser.args)]
    try:
        started = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, close_fds=True,
                                   start_new_session=True)
    except OSError:
        return False
    try:
        return started.wait(timeout=OPENER_VERDICT) == 0
    except subprocess.TimeoutExpired:
        return True  # still running: the browser itself
