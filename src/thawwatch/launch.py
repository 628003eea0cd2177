"""The `thawwatch` console script's entry: nothing but the signal guards before the CLI.

Importing the CLI takes ~50 ms; a Ctrl-C or SIGTERM landing in it would print a traceback
or kill the process without a word. Here they print the CLI's one line and exit 130 or
143. Both handlers put the signal off while the main thread is inside an import (see
``interrupts``); the dashboard installs its own once it runs.

The garbage collector is off from here until :func:`collect_from_here`: start-up (the
imports, then a refresh's fifty requests going out) makes ~55,000 objects that nearly all
live to the end, and the ~90 collections of young objects among them took ~15 ms of a
refresh where every feed answers 304 (~0.5 s), on its way to the first request.
"""

import gc
import signal
import sys

from .interrupts import Terminated, raising

_paused = False  # run() turned the collector off, and collect_from_here not yet on


def run() -> None:
    """Import the CLI and run it."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
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


def collect_from_here() -> None:
    """Turn the garbage collector back on if :func:`run` turned it off: the CLI calls it
    once a command's start-up is over (a refresh: once its requests are out). What exists
    by then is frozen (``gc.freeze``): the later collections skip it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
