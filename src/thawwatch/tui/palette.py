"""Textual's command palette, minus a crash in Textual 8.2.8.

Enter pressed twice in one read (a double tap) selects the highlighted command twice
before the first selection is handled: the second ran the command again and dismissed
the palette again, popping the last screen (``ScreenStackError: Can't pop screen``) and
ending the app.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.command import CommandPalette
from textual.widgets import Button, Input, OptionList


class OnceCommandPalette(CommandPalette):
    """Ignores a submit or a selection that arrives once the palette is closing."""

    _was_dismissed = False  # not `_closing`: MessagePump uses that name

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _ignore_once_dismissed(
        self, event: Input.Submitted | Button.Pressed | OptionList.OptionSelected
    ) -> None:
        # Runs before the base class's handler; prevent_default skips it.
        if self._was_dismissed:
            event.stop()
            event.prevent_default()

    def dismiss(self, result: Any = None) -> Any:
        self._was_dismissed = True
        return super().dismiss(result)
