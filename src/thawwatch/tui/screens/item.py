"""A headline's detail: summary as plain text, sources, why it was tagged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ...wording import signal_words
from ..format import direction_text, local_time, topics_text
from ..keybar import KeyBar
from ..scroll import KeyScroll

if TYPE_CHECKING:
    from ...items import Item


def item_text(item: Item) -> Text:
    """Everything about one item, as plain Text (feed text never parsed as markup)."""
    out = Text()
    out.append(item.title + "\n", style="bold")
    out.append(f"{local_time(item.published)} · ", style="dim")
    out.append(", ".join(item.sources or (item.feed_name,)) + "\n", style="dim")
    out.append("★ starred" if item.starred else "☆ not starred", style="yellow" if
               item.starred else "dim")  # s and u change these: the user sees they did
    out.append(" · read\n" if item.read else " · unread\n", style="dim")
    link_style = "underline" if item.link else "dim"
    out.append((item.link or "(no usable link)") + "\n\n", style=link_style)
    if item.relevant:
        out.append("Canada–China: ", style="bold")
        out.append_text(direction_text(item.direction))
        out.append("  ")
        out.append_text(topics_text(item.topics))
        out.append("\n")
    else:
        out.append("Not about Canada–China relations or trade.\n", style="dim")
    from ...ledger_file import measure_label  # the ledger loads in the workers, not at start

    for s in item.signals:
        change = signal_words(s)
        out.append(f"Tariff signal · {measure_label(s['measure'])}: {change}\n",
                   style="bold magenta")
    out.append("\n")
    out.append(item.summary or "(no summary)")
    out.append("\n\n")
    if item.reasons:
        out.append("Why it was tagged\n", style="bold")
        for reason in item.reasons:
            out.append(f" • {reason}\n", style="dim")
    return out


class ItemScreen(Screen[None]):
    """Full-screen detail of one headline."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),  # as the help and the modals: one level
        Binding("o", "open_link", "Open link"),
        Binding("s", "star", "Star"),
        Binding("u", "toggle_read", "Read/unread"),
    ]

    def __init__(self, item: Item) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with KeyScroll(id="item-box"):
            yield Static(item_text(self.item), id="item-body", markup=False)
        yield KeyBar()

    def show(self, item: Item) -> None:
        """Redraw after a star or read change; one that lands before the screen is
        composed (Enter, u, Esc, Enter typed fast) is drawn by ``compose``."""
        self.item = item
        for body in self.query("#item-body").results(Static):
            body.update(item_text(item))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_open_link(self) -> None:
        self.app.open_item_link(self.item)  # type: ignore[attr-defined]

    def action_star(self) -> None:
        self.app.star_item(self.item.id)  # type: ignore[attr-defined]

    def action_toggle_read(self) -> None:
        self.app.mark_read(self.item.id, not self.item.read)  # type: ignore[attr-defined]
