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
import re
import select
import signal
import sys
import threading


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


class _PreloadWatch:
    """While the fork server imports the parser (~0.3 s), end it if the main process ends.

    Its main loop, which notices that, only runs once the imports are done; meanwhile it
    holds the main process's stdout and stderr, so a script reading ``$(thawwatch
    refresh)`` waited for the fork server of a refresh that had already exited (every feed
    offline, or all answering 304 before the fork server was up). The watch is a thread
    that waits on the same "alive" pipe the main loop reads (at its end of file the main
    process is gone), or on its own pipe that :func:`preloaded` writes to: it is stopped
    before the fork server forks anything.

    The pipe alone is not enough: a main process killed just after asking for a worker
    leaves a copy of the pipe's write end in flight, in the fork server's listening socket,
    so no end of file comes until that worker has been forked and has ended too (1.6 s
    under load, ~1 s of it the rest of the preload). The watch also looks, every
    ``PARENT_POLL`` seconds, whether the fork server's parent has changed: the main
    process started it, and the fork server is re-parented the moment that one ends.
    The main process names itself in ``PARENT_ENV`` (``parsers.ParserPool``), as it may
    be gone before the fork server first asks for its parent.
    """

    PARENT_POLL = 0.1

    def __init__(self, alive: int) -> None:
        self._alive = alive
        self._parent = _main_process()
        self._stop_r, self._stop_w = os.pipe()
        self._thread = threading.Thread(target=self._watch, name="preload-watch", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while os.getppid() == self._parent:
            ready, _, _ = select.select([self._alive, self._stop_r], [], [], self.PARENT_POLL)
            if self._stop_r in ready:
                return
            if self._alive in ready:  # no writer left
                break
        os._exit(0)  # the main process has ended

    def stop(self) -> None:
        os.write(self._stop_w, b"x")
        self._thread.join()
        os.close(self._stop_r)
        os.close(self._stop_w)


PARENT_ENV = "THAWWATCH_POOL_PARENT"


def _main_process() -> int:
    """The main process's pid: the one it put in ``PARENT_ENV`` if that one has ended
    already (the watch then ends us at once), else our parent (a name found running but
    not our parent was inherited from some other thawwatch, and is not ours)."""
    parent = os.getppid()
    named = os.environ.get(PARENT_ENV, "")
    if named.isdigit() and int(named) != parent and has_ended(int(named)):
        return int(named)
    return parent


def has_ended(pid: int) -> bool:
    """Whether process ``pid`` has ended: gone, its pid taken by another user's process,
    or a zombie (killed, its parent has not waited for it yet: ``os.kill(pid, 0)`` still
    succeeds, and the parser processes lived on until it was reaped)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError, OverflowError):
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:  # Linux; elsewhere: not known
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def _alive_fd() -> int | None:
    """The read end of the pipe the fork server is given to learn that the main process
    has ended: its second argument, ``main(listener_fd, alive_r, ...)`` in its command."""
    for arg in getattr(sys, "orig_argv", ()):
        found = re.search(r"forkserver import main; main\(\d+, (\d+),", arg)
        if found:
            return int(found.group(1))
    return None


_watch: _PreloadWatch | None = None


def preloaded() -> None:
    """Stop the watch, so that the fork server forks its workers with one thread: called
    at the end of its imports (by ``parser_warmup``), and in any case before it forks."""
    global _watch
    if _watch is not None:
        watch, _watch = _watch, None
        watch.stop()


def _start_watch() -> None:
    """In the fork server, before its other imports: watch the main process meanwhile."""
    global _watch
    alive = _alive_fd()
    if alive is not None:
        _watch = _PreloadWatch(alive)
        os.register_at_fork(before=preloaded)  # a preload that failed never calls it


leave_ctrl_c_to_the_parent()
if is_fork_server():
    atexit.register(_exit_at_once)
    _start_watch()
