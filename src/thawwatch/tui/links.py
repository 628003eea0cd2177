"""Where a headline's link opens: a graphical browser, a console one, or nowhere.

Python's ``webbrowser`` runs whatever it finds in the foreground: over SSH (no display)
that is lynx, w3m or ``www-browser``, which would freeze the dashboard and draw over it.
So the dashboard asks here first: a graphical browser is started from a worker thread; a
console browser runs with the dashboard suspended (the terminal is its while it runs); with
none, the link is copied to the clipboard and shown in a toast.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from dataclasses import dataclass

# Console browsers Python registers (and ones a user may name in $BROWSER): they take the
# terminal even where a display exists.
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m",
                              "browsh", "carbonyl"})


@dataclass(frozen=True)
class Choice:
    """The browser to use (None: there is none) and whether it runs in the terminal."""

    browser: webbrowser.BaseBrowser | None
    in_terminal: bool = False


def choose_browser() -> Choice:
    """The browser ``webbrowser.open`` would use first. Slow the first time (it may run
    ``xdg-settings``): call it off the UI thread."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return Choice(None)
    return Choice(browser, _in_terminal(browser))


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
