"""Standard output that cannot take a command's work down with it.

`thawwatch refresh` prints a line per feed while it stores them. A stdout that fails (a
full disk, a closed descriptor, a reader that went away, a terminal whose encoding has no
"—") used to raise in the middle of the refresh, and the feeds after it were never
stored. Here every write either succeeds or is dropped and remembered: the command
finishes its work, and the CLI reports the lost output once, at the end.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import TextIO


class GuardedOutput(io.TextIOBase):
    """Wraps a text stream (or None: a closed descriptor); writes never raise.

    ``lost`` holds why output was dropped (None while everything arrived). A reader that
    closed the pipe (``| head``) is ``broken``: that is how pipes end, not a failure.
    """

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._stream = stream
        self.lost: str | None = None if stream is not None else "it is closed"
        self.broken = False
        self.wrote = False
        self._restore: dict[str, str] = {}  # the stream's settings before guard_stdout

    def write(self, text: str) -> int:
        self.wrote = self.wrote or bool(text)
        if self._stream is None:
            return len(text)
        try:
            return self._stream.write(text)
        except UnicodeEncodeError as exc:  # data output: UTF-8 or nothing, never mangled
            self.lost = self.lost or f"it cannot encode {exc.object[exc.start:exc.end]!a}"
            return len(text)
        except OSError as exc:
            self._drop(exc)
            return len(text)

    def close(self) -> None:
        """Let go of the wrapped stream without flushing it: it is sys.stdout, not ours, and
        a flush failing here (when the guard is collected) would go unreported."""
        self._stream = None
        super().close()

    def release(self) -> None:
        """Flush what is buffered (a full disk shows here), and put the stream's encoding
        settings back (for a caller of ``main()`` in the same process)."""
        self.flush()
        stream = self._stream
        if stream is not None and self._restore:
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(**self._restore)  # type: ignore[attr-defined]

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            self._drop(exc)

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    def _drop(self, exc: OSError) -> None:
        """Stop writing: later output goes nowhere, and the stream's buffer, flushed again
        at exit, cannot raise there either."""
        if exc.errno == errno.EPIPE:
            self.broken = True
        elif self.lost is None:
            self.lost = exc.strerror or str(exc)
        stream, self._stream = self._stream, None
        if stream is None:
            return
        # Point the descriptor at /dev/null, so the interpreter's own flush at exit is quiet.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            fd = stream.fileno()
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, fd)
            os.close(null)

    def problem(self) -> str | None:
        """One line for stderr when output the user asked for was lost, else None."""
        if self.lost is None or not self.wrote:
            return None
        return f"could not write to standard output ({self.lost}); the output is incomplete"


def guard_stdout(data: bool = False) -> GuardedOutput:
    """Replace ``sys.stdout`` with a guard.

    Text for people: characters the terminal's encoding lacks become '?' rather than
    failing the command. ``data`` (JSON, CSV, OPML: formats that are UTF-8 whatever the
    locale, and that OPML declares) is written as UTF-8, strictly: never mangled.
    """
    stream = sys.stdout
    guard = GuardedOutput(stream)
    if stream is not None and hasattr(stream, "reconfigure"):
        before = {"encoding": stream.encoding, "errors": stream.errors}
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
            stream.reconfigure(**({"encoding": "utf-8", "errors": "strict"} if data
                                  else {"errors": "replace"}))
            guard._restore = before
    sys.stdout = guard  # type: ignore[assignment]
    return guard
