"""The panel bar: "1 Irritants  2 Tariffs …", the active one highlighted.

A single Static rather than Textual's Tabs: the dashboard is keyboard-first, and the Tabs
widget's styling and animation cost a fifth of a bare app's start-up. A click on a label
still switches panels.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static


class PanelBar(Static):
    """Shows the panel labels; posts ``Chosen`` when one is clicked."""

    DEFAULT_CSS = """
    PanelBar { height: 1; padding: 0 1; background: $panel; }
    """

    class Chosen(Message):
        """A label was clicked."""

        def __init__(self, panel: str) -> None:
            super().__init__()
            self.panel = panel

    def __init__(self, panels: tuple[tuple[str, str], ...], active: str, *,
                 id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.panels = panels
        self.active = active
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.show(self.active)

    def show(self, active: str) -> None:
        """Highlight ``active``."""
        self.active = active
        text = Text()
        self._spans = []
        for panel, label in self.panels:
            start = text.cell_len
            style = "bold reverse" if panel == active else "dim"
            text.append(f" {label} ", style=style)
            self._spans.append((start, text.cell_len, panel))
            text.append(" ")
        self.update(text)

    def on_click(self, event: events.Click) -> None:
        x = event.x - 1  # the left padding
        for start, end, panel in self._spans:
            if start <= x < end:
                self.post_message(self.Chosen(panel))
                return
