"""The `thawwatch` console script's entry: nothing but the signal guards before the CLI.

Importing the CLI takes ~50 ms; a Ctrl-C or SIGTERM landing in it would print a traceback
or kill the process without a word. Here they print the CLI's one line and exit 130 or
143. Both handlers put the signal off while the main thread is inside an import (see
``interrupts``); the dashboard installs its own once it runs.
"""

import signal
import sys

from .interrupts import Terminated, raising


def run() -> None:
    """Import the CLI and run it."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not SIG_IGN (nohup)
        signal.signal(signal.SIGINT, raising(KeyboardInterrupt))
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, raising(Terminated))
    try:
        from .cli import run as run_cli

        run_cli()  # the CLI reports a signal itself; this catches one on its way in or out
    except Terminated:
        print("thawwatch: terminated", file=sys.stderr)
        sys.exit(143)
    except KeyboardInterrupt:
        print("thawwatch: interrupted", file=sys.stderr)
        sys.exit(130)
