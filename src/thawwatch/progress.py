"""Refresh progress for the terminal: a bar on a TTY, one line per feed otherwise."""

from __future__ import annotations

from typing import TextIO

from .refresh import FeedOutcome


class ProgressPrinter:
    """Prints refresh progress to ``stream``; a redrawn bar when it is a terminal."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.tty = stream.isatty()
        self.drawn = False

    def update(self, outcome: FeedOutcome, done: int, total: int) -> None:
        """Called once per finished feed."""
        if not self.tty:
            print(outcome.line(), file=self.stream, flush=True)
            return
        if not outcome.ok:
            self._clear()
            print(outcome.line(), file=self.stream)
        filled = int(self.width * done / max(total, 1))
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} feeds")
        self.stream.flush()
        self.drawn = True

    def _clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")

    def finish(self) -> None:
        """End the bar's line."""
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
