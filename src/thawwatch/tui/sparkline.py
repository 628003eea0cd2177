"""Text sparklines for thaw-index series (0–100), so cards and headers stay plain Text."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from .format import thaw_style

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], width: int = 30) -> Text:
    """The last ``width`` values as bars scaled 0–100 (50 sits in the middle)."""
    tail = list(values)[-width:]
    out = Text()
    if tail and all(v == 50.0 for v in tail):  # no signal at all: a flat, quiet line
        return Text("─" * len(tail), style="dim")
    for v in tail:
        index = min(int(max(v, 0.0) / 100 * len(BARS)), len(BARS) - 1)
        style = thaw_style(v)
        out.append(BARS[index], style="dim" if style == "bold" else style)
    return out
