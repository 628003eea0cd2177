"""A box over the dashboard (the help, an event whole) on which the app's keys still work."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen


class Overlay(ModalScreen[None]):
    """Textual stops the app's bindings at a modal screen: on the help, `r` (which the help
    lists) did nothing and `Q` ("quit from anywhere") did not quit. Both are passed on."""

    BINDINGS = [
        Binding("r", "app.refresh", "Refresh", show=False),
        Binding("Q", "app.quit", "Quit", show=False),
    ]
