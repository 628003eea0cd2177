"""Signal handlers that raise in the main thread, as Ctrl-C does, but never inside an import.

Ctrl-C (SIGINT) and a time limit's SIGTERM stop a headless command by raising where the
main thread is. Raised inside the import system itself (the CLI imports as it goes), the
exception does worse than a traceback: importlib can be left holding a module lock, and
every thread importing that module (the fetcher, the parser pool's starter) then waits
for good, so the command hangs past any signal but SIGKILL; or it is "ignored" with a
traceback and the command runs on; in a class's ``__set_name__`` it becomes a
RuntimeError ("unexpected error", exit 1). So while the main thread is importing, the
signal is put off until the import is done.
"""

from __future__ import annotations

import _thread
import signal
import threading
from collections.abc import Callable
from types import FrameType

Handler = Callable[[int, FrameType | None], None]


class Terminated(KeyboardInterrupt):
    """SIGTERM (cron's or systemd's time limit), raised where Ctrl-C would be, so it stops
    the same clean way: requests cancelled, the parser pool shut down, one line."""

_RETRY = 0.005  # seconds between looks at whether the import under way has finished


def raising(exc: type[BaseException]) -> Handler:
    """A handler that raises ``exc`` where the main thread is, once it is out of imports."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if _importing(frame):
            retry = threading.Timer(_RETRY, _again, (signum,))
            retry.daemon = True
            retry.start()
            return
        raise exc

    return handler


def _again(signum: int) -> None:
    """The signal once more, to the main thread: a real one, since by now the main thread
    may be blocked waiting (for a feed), which only a signal interrupts."""
    if hasattr(signal, "pthread_kill"):
        signal.pthread_kill(threading.main_thread().ident or 0, signum)
    else:  # no POSIX threads' signals: flagged, acted on at the main thread's next step
        _thread.interrupt_main(signum)


def _importing(frame: FrameType | None) -> bool:
    """Whether the interrupted code runs inside the import system."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            return True
        frame = frame.f_back
    return False
