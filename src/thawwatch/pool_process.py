"""Imported first by the parser fork server (and so by every worker it forks): Ctrl-C is
the main process's to handle, and the fork server ends as soon as the main process does.

A terminal sends SIGINT to the whole process group. The main process stops the refresh
and shuts the pool down; workers that also took it printed a KeyboardInterrupt
traceback each over the user's terminal. Ignored here, before the fork server's other
imports, the signal stays ignored in the workers it forks. The fork server starts with
SIGINT blocked (``parsers._ctrl_c_blocked``), so one sent before this import waits
pending, and ignoring it discards it; only then is it unblocked.
"""

import atexit
import os
import signal
import sys


def leave_ctrl_c_to_the_parent() -> None:
    """Ignore SIGINT, then unblock it (a process started with it blocked discards one
    already pending). Also run by each worker a spawn start makes (no fork server)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def is_fork_server() -> bool:
    """Whether this process is multiprocessing's fork server, which it starts as
    ``python -c 'from multiprocessing.forkserver import main; main(…)'``."""
    return any(arg.startswith("from multiprocessing.forkserver import main")
               for arg in getattr(sys, "orig_argv", ()))


def _exit_at_once() -> None:
    """The fork server's last exit handler: end without tearing the interpreter down.

    It outlives the main process by its teardown (the parser, the rules: ~40 ms), and
    it holds the main process's stdout and stderr meanwhile, so a script reading
    ``$(thawwatch refresh)``, or cron collecting its mail, waited that long after
    thawwatch had exited. Workers end by ``os._exit`` already.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing left to say anyway
            pass
    os._exit(0)


leave_ctrl_c_to_the_parent()
if is_fork_server():
    atexit.register(_exit_at_once)
