"""Imported first by the parser fork server (and so by every worker it forks): Ctrl-C and
the terminal are the main process's.

A terminal sends SIGINT to the whole process group. The main process stops the refresh
and shuts the pool down; workers that also took it printed a KeyboardInterrupt
traceback each over the user's terminal. Ignored here, before the fork server's other
imports, the signal stays ignored in the workers it forks. The fork server starts with
SIGINT blocked (``parsers._ctrl_c_blocked``), so one sent before this import waits
pending, and ignoring it discards it; only then is it unblocked.
"""

import os
import signal


def leave_ctrl_c_to_the_parent() -> None:
    """Ignore SIGINT, then unblock it (a process started with it blocked discards one
    already pending). Also run by each worker a spawn start makes (no fork server)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def leave_the_terminal_to_the_parent() -> None:
    """Point stdin, stdout and stderr at the null device.

    A worker writing to the terminal would garble the dashboard, and one holding the
    output pipe kept a script reading ``$(thawwatch refresh)`` (or cron collecting its
    mail) waiting after thawwatch had exited: the fork server let go only once it had torn
    its interpreter down, ~40 ms later. Workers report through their results instead.
    """
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
    finally:
        os.close(null)


leave_ctrl_c_to_the_parent()
leave_the_terminal_to_the_parent()
