"""Which box an arrow key moves to: the one drawn in that direction, whatever the grid.

The irritant cards sit in a grid whose cards span rows (agriculture and diplomacy take
two), so the next card in the list is not the one below. Working from the boxes as laid
out, not from a grid's indices, the arrows follow what the user sees at every size and
for any number of columns.

↓ goes to the nearest box below that shares columns with this one; at the bottom of a
column it goes on at the top of the next column (after the last, the first), so ↓ (or j)
pressed again and again visits every box, column by column; ↑ goes the same way back.
← and → go to the nearest box beside this one that shares rows with it, the one whose
top is level with this one's first, and stay put at the edge.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.geometry import Region

DIRECTIONS = ("up", "down", "left", "right")
OPPOSITE = {"up": "down", "down": "up", "left": "right", "right": "left"}


def _shared(start: int, end: int, other_start: int, other_end: int) -> bool:
    """Whether [start, end) and [other_start, other_end) overlap."""
    return min(end, other_end) > max(start, other_start)


def neighbour(boxes: Mapping[str, Region], at: str, direction: str,
              prefer: str | None = None) -> str | None:
    """The key of the box an arrow in ``direction`` reaches from ``at``; None when there
    is none that way (← and → at the edge). ``prefer``: a box to take when it is one of
    those beside ``at`` (the box the last move came from, so → then ← goes back, not to
    another card the tall one also touches)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    if direction in ("up", "down"):
        return _along_column(boxes, at, down=direction == "down")
    return _beside(boxes, at, right=direction == "right", prefer=prefer)


def _along_column(boxes: Mapping[str, Region], at: str, down: bool) -> str:
    """The box under (over) ``at`` in its column, else the top (bottom) of the next
    (previous) column, wrapping round."""
    here = boxes[at]
    others = {key: box for key, box in boxes.items() if key != at}
    column = [(key, box) for key, box in others.items()
              if _shared(here.x, here.right, box.x, box.right)]
    if down:
        below = [(box.y, box.x, key) for key, box in column if box.y >= here.bottom]
        if below:
            return min(below)[-1]
        after = [(box.x, box.y, key) for key, box in others.items() if box.x > here.x]
        return min(after or [(box.x, box.y, key) for key, box in boxes.items()])[-1]
    above = [(-box.bottom, box.x, key) for key, box in column if box.bottom <= here.y]
    if above:
        return min(above)[-1]
    before = [(-box.x, -box.bottom, key) for key, box in others.items() if box.x < here.x]
    return min(before or [(-box.x, -box.bottom, key) for key, box in boxes.items()])[-1]


def _beside(boxes: Mapping[str, Region], at: str, right: bool,
            prefer: str | None) -> str | None:
    """The nearest box to the right (left) of ``at`` sharing rows with it: the one level
    with its top first, then the higher one; ``prefer`` if it is one of them."""
    here = boxes[at]
    found = []
    for key, box in boxes.items():
        if key == at or not _shared(here.y, here.bottom, box.y, box.bottom):
            continue
        gap = box.x - here.right if right else here.x - box.right
        if gap >= 0:
            found.append((gap, abs(box.y - here.y), box.y, key))
    if prefer is not None and any(key == prefer for *_, key in found):
        return prefer
    return min(found)[-1] if found else None
