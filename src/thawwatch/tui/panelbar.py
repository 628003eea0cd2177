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

    def on_resize(self) -> None:
        self.show(self.active)

    def show(self, active: str) -> None:
        """Highlight ``active``, in the widest form that fits: the labels spaced, then
        close together, then the others by number only, then numbers only. Cut at the
        right, a narrow bar lost "4 Baseline 5 Feeds", and with it the active panel."""
        self.active = active
        room = self.content_size.width or self.app.size.width - 2
        everyone = {panel for panel, _ in self.panels}
        for gap, short in ((" ", set()), ("", set()), ("", everyone - {active}), ("", everyone)):
            text, self._spans = self._form(gap, short)
            if text.cell_len - len(gap) <= room:  # the last gap may fall off
                break
        self.update(text)

    def _form(self, gap: str, short: set[str]) -> tuple[Text, list[tuple[int, int, str]]]:
        """The bar with ``gap`` after each label, the panels in ``short`` by number only;
        with each label's cells (for clicks)."""
        text = Text()
        spans = []
        for panel, label in self.panels:
            start = text.cell_len
            style = "bold reverse" if panel == self.active else "dim"
            text.append(f" {label.split()[0] if panel in short else label} ", style=style)
            spans.append((start, text.cell_len, panel))
            text.append(gap)
        return text, spans

    def on_click(self, event: events.Click) -> None:
        x = event.x - 1  # the left padding
        for start, end, panel in self._spans:
            if start <= x < end:
                self.post_message(self.Chosen(panel))
                return
