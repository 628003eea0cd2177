"""Refresh progress output: a redrawn bar on a terminal, one line per feed otherwise."""

from __future__ import annotations

import io

from thawwatch.progress import ProgressPrinter
from thawwatch.refresh import FeedOutcome


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal() -> None:
    out = Tty()
    printer = ProgressPrinter(out, width=10)
    printer.update(FeedOutcome("u1", "One", ok=True, new=3), 1, 2)
    printer.update(FeedOutcome("u2", "Two", ok=False, error="HTTP 404 Not Found"), 2, 2)
    printer.finish()
    text = out.getvalue()
    assert "\r[#####-----] 1/2 feeds" in text
    assert "FAIL  Two: HTTP 404 Not Found" in text  # failures stay on screen
    assert text.endswith("[##########] 2/2 feeds\n")


def test_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out)
    printer.update(FeedOutcome("u1", "One", ok=True, new=3), 1, 2)
    printer.update(FeedOutcome("u2", "Two", ok=True, not_modified=True), 2, 2)
    printer.finish()
    assert out.getvalue() == "ok    One: 3 new\nok    Two: not modified\n"
