"""The key bar at the bottom of each screen: Textual's Footer, drawn as one line of text.

Textual's Footer recomposes itself (mounting a widget per key) whenever the active
bindings change: twice on every panel switch, 60–100 ms of a 150–300 ms switch here.
This bar shows the same keys the same way, from the same bindings, with one repaint;
clicking a key presses it, as in the Footer.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    """The screen's shown key bindings, then the command palette's key at the right."""

    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--rule"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .keybar--rule {
        color: $foreground 20%;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        # (start, end, key, enabled) of each key drawn whole
        self._spans: list[tuple[int, int, str, bool]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen[Any]) -> None:
        if screen is self.screen:
            self.refresh()

    def _keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str] | None]:
        """(key, shown key, description, enabled) of each binding shown, one per action
        as the Footer has it; and the command palette's key, if it is offered."""
        active = self.screen.active_bindings
        shown: dict[str, tuple[str, str, str, bool]] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding.key, self.app.get_key_display(binding),
                                         binding.description, enabled)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and (
                found := active.get(self.app.COMMAND_PALETTE_BINDING)) is not None:
            binding = found[1]
            palette = (binding.key, self.app.get_key_display(binding), binding.description)
        return list(shown.values()), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        keys, palette = self._keys()
        line, spans = Text(no_wrap=True, overflow="crop"), []
        for key, shown, description, enabled in keys:
            start = line.cell_len
            line.append(f" {shown} ", key_style)
            line.append(f"{description} ", text_style)
            if not enabled:
                line.stylize("dim", start)
            if line.cell_len <= self.size.width:  # one cut off at the edge is not a button
                spans.append((start, line.cell_len, key, enabled))
        if palette is not None:
            key, shown, description = palette
            right = Text.assemble(("▏", self.get_component_rich_style("keybar--rule")),
                                  (shown, key_style), (f" {description}", text_style), " ")
            room = self.size.width - line.cell_len - right.cell_len
            if room >= 0:
                line.append(" " * room)
                spans.append((line.cell_len, line.cell_len + right.cell_len, key, True))
                line.append_text(right)
        self._spans = spans
        return line

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Clicking a key presses it, as in Textual's Footer (a disabled one rings)."""
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
