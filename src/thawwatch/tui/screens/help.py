"""The `?` help screen: every key, in one place."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from ..scroll import KeyScroll

KEYS = (
    ("1 2 3 4 5", "Irritants, Tariffs, Headlines, Baseline, Feeds"),
    ("Tab / Shift+Tab", "next / previous panel"),
    ("↑ ↓  j k", "move"),
    ("Enter", "open (a card's headlines, a measure's timeline, a headline)"),
    ("Esc", "back / clear search or filter"),
    ("r", "refresh the feeds now"),
    ("/", "search headlines"),
    ("o", "open the headline's link in the browser (http/https only)"),
    ("s  u", "star / toggle read on a headline"),
    ("a  d", "accept / dismiss a pending change (in a measure's timeline)"),
    ("Ctrl+P", "command palette (panels, actions, theme)"),
    ("?", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    """Lists the keys."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("thawwatch keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"{key:>16}  ", style="bold cyan")
            text.append(what + "\n")
        with KeyScroll(id="help-box"):
            yield Static(text, markup=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
