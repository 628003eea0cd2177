"""The `thawwatch` console script's entry: nothing but the interrupt guard before the CLI.

Importing the CLI takes ~50 ms; a Ctrl-C landing in it would print a traceback. Here it
prints the CLI's one line and exits 130.

A Ctrl-C that lands inside the import system itself (the CLI imports lazily, as it
goes) does worse than a traceback: in importlib's own lock handling it can leave a
module lock held, and every thread importing that module (the fetcher, the parser pool's
starter) then waits for good, so the refresh hangs past any signal but SIGKILL; or it is
"ignored" with a traceback and the refresh runs on; in a class's ``__set_name__`` it
becomes a RuntimeError ("unexpected error", exit 1); in code a dataclass ``exec``s, it
makes ``python -m thawwatch`` die of SIGINT after its line. So while the main thread is
importing, the interrupt is put off until the import is done.
"""

import _thread
import signal
import sys
import threading
from types import FrameType

_RETRY = 0.005  # seconds between looks at whether the import under way has finished


def run() -> None:
    """Import the CLI and run it."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not SIG_IGN (nohup)
        signal.signal(signal.SIGINT, _interrupt)
    try:
        from .cli import run as run_cli
    except KeyboardInterrupt:
        print("thawwatch: interrupted", file=sys.stderr)
        sys.exit(130)
    run_cli()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C's handler: KeyboardInterrupt, as Python's own, but never inside an import."""
    if _importing(frame):
        retry = threading.Timer(_RETRY, _again, (signum,))
        retry.daemon = True
        retry.start()
        return
    raise KeyboardInterrupt


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
