"""Refresh progress for the terminal: a bar on a TTY, one line per feed otherwise."""

from __future__ import annotations

import os
from typing import TextIO

from .refresh import FeedOutcome

_BAR = 30  # the bar's width where the terminal has room for it
_NARROWEST = 5  # below this the count is shown without a bar


class ProgressPrinter:
    """Prints refresh progress: one line per feed to ``out`` when it is not a terminal (a
    file, a pipe, cron's mail), and a bar redrawn on ``err`` when that is a terminal (else
    on ``out``, when that one is).

    So ``thawwatch refresh > log`` typed at a terminal shows the bar and still writes
    every feed's line to the log, and the bar always fits the terminal's width: a line
    that wraps cannot be redrawn with a carriage return, and each update stacked a row.
    """

    def __init__(self, out: TextIO, err: TextIO | None = None, *,
                 width: int | None = None, quiet: bool = False) -> None:
        """``width``: the bar's width, fixed (else fitted to the terminal); ``quiet``
        (`refresh --quiet`): no bar, and lines only for the feeds that failed or are gone
        for good (HTTP 410: the line says to remove it), not one waiting out a Retry-After."""
        self.lines = None if out.isatty() and not quiet else out
        self.bar = None if quiet else next(
            (s for s in (err, out) if s is not None and s.isatty()), None)
        self.quiet = quiet
        self.width = width
        self.drawn = False

    def begin(self, total: int) -> None:
        """Draw the empty bar before any feed has answered (a slow first server would
        otherwise leave the terminal blank for up to the whole timeout)."""
        if self.bar is not None and total:
            self._draw(0, total)

    def update(self, outcome: FeedOutcome, done: int, total: int) -> None:
        """Called once per finished feed."""
        if self.lines is not None and not (self.quiet and outcome.ok):  # (failed, or gone)
            print(outcome.line(), file=self.lines, flush=True)
        if self.bar is None:
            return
        if not outcome.ok:  # failures stay on the terminal, above the bar
            self._clear()
            print(outcome.line(), file=self.bar)
        self._draw(done, total)

    def _draw(self, done: int, total: int) -> None:
        assert self.bar is not None
        count = f"{done}/{total} feeds"
        columns = self._columns()
        room = columns - 1 - len(count) - 3  # "[", "] ", and the last column
        width = self.width if self.width is not None else min(_BAR, room)
        if width >= _NARROWEST:
            filled = int(width * done / max(total, 1))
            line = f"[{'#' * filled}{'-' * (width - filled)}] {count}"
        else:
            line = count[:max(columns - 1, 1)]
        self.bar.write(f"\r{line}" if not self.drawn else f"\r\x1b[2K{line}")
        self.bar.flush()
        self.drawn = True

    def _columns(self) -> int:
        """The terminal's width now (it may have been resized), 80 if it cannot say."""
        try:
            return os.get_terminal_size(self.bar.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            return 80

    def _clear(self) -> None:
        if self.drawn and self.bar is not None:
            self.bar.write("\r\x1b[2K")

    def finish(self) -> None:
        """End the bar's line."""
        if self.bar is not None and self.drawn:
            self.bar.write("\n")
            self.bar.flush()
