"""The `thawwatch` console script's entry: nothing but the interrupt guard before the CLI.

Importing the CLI takes ~50 ms; a Ctrl-C landing in it would print a traceback. Here it
prints the CLI's one line and exits 130. Ctrl-C's handler puts the interrupt off while
the main thread is inside an import (see ``interrupts``).
"""

import signal
import sys

from .interrupts import raising


def run() -> None:
    """Import the CLI and run it."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not SIG_IGN (nohup)
        signal.signal(signal.SIGINT, raising(KeyboardInterrupt))
    try:
        from .cli import run as run_cli
    except KeyboardInterrupt:
        print("thawwatch: interrupted", file=sys.stderr)
        sys.exit(130)
    run_cli()
