"""The `?` help screen: every key, in one place."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..scroll import KeyScroll
from .overlay import Overlay

KEYS = (
    ("1 2 3 4 5", "Irritants, Tariffs, Headlines, Baseline, Feeds"),
    ("Tab / Shift+Tab", "next / previous panel"),
    ("↑ ↓ ← →  h j k l", "move (between cards: to the one drawn that way)"),
    ("Enter", "open (a card's headlines, a measure's timeline, a headline); on a "
              "timeline row, its event whole"),
    ("Esc", "back / clear search or filter"),
    ("r", "refresh the feeds now"),
    ("/", "search headlines (all of them, relevant or not)"),
    ("t", "headlines: those about Canada–China, or all the feeds brought (from a search"
          " or a topic's list it switches too, to the whole list; Esc leaves them as they"
          " are)"),
    ("o", "open the headline's link in the browser (http/https only)"),
    ("s  u", "star / toggle read on a headline"),
    ("m", "on a headline's screen: its tariff signal's measure, to accept or dismiss it"),
    ("a  d  u", "accept / dismiss a pending change; u undoes the accepted one under the"
                " cursor, else the latest dismissed there (in a measure's timeline; `thawwatch"
                " ledger list` lists the dismissed ones and `ledger undo ID` brings one back)"),
    ("Ctrl+P", "command palette (panels, actions, theme)"),
    ("?", "this help"),
    ("q", "quit (on a headline or a measure's timeline: back)"),
    ("Q", "quit from anywhere"),
)

#: What the marks beside rates and dates mean (at 80 columns a card shows "●" alone).
MARKS = (
    ("●", "a tariff change read in a headline, pending your decision (Enter on the measure:"
          " a accepts, d dismisses)"),
    ("*", "the rate covers part of the product only (seafood: lobster and crab), or the"
          " product now comes in another way (EVs: under permits); the line under the table"
          " says which"),
    ("?", "the rate rests on a presumed or partly confirmed fact, or on a scheduled end"
          " \"unless extended\"; the line under the table says which"),
    ("~", "a date known only roughly (\"suspended 2023\")"),
    ("• ★ ☆", "in the headline list: unread, starred, starred and read"),
    ("↑ N new", "headlines new since you last looked, above the rows in sight (g: top)"),
    ("thaw 61.8", "the thaw index: 0–100 from the last 14 days' headlines about Canada–China"
                  " (those with tariff signals weigh more); 50 is neutral, above is warming,"
                  " below cooling; \"—\" when no headline stands behind it; the sparkline"
                  " is its course"),
    ("US 48.2", "on the Diplomacy & US card: the thaw index of headlines about the United"
                " States' part (tariffs, CUSMA talks), \"—\" when none stands behind it"),
    ("▲ ▼ ◦", "a headline's direction: warming, cooling, neutral"),
    ("┊", "today, on a measure's step chart"),
)


class HelpScreen(Overlay):
    """Lists the keys."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        # A grid, not padded lines: a long description wraps under itself, not under
        # the keys, when the box is narrow.
        keys = Table.grid(padding=(0, 2))
        keys.add_column(justify="right", no_wrap=True, style="bold cyan")
        keys.add_column(overflow="fold")
        for key, what in KEYS:
            keys.add_row(key, what)
        marks = Table.grid(padding=(0, 2))
        marks.add_column(justify="right", no_wrap=True, style="bold magenta")
        marks.add_column(overflow="fold")
        for mark, what in MARKS:
            marks.add_row(mark, what)
        text = Group(Text("thawwatch keys\n", style="bold"), keys,
                     Text("\nmarks\n", style="bold"), marks)
        with KeyScroll(id="help-box"):
            yield Static(text, markup=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
