"""The command line: `thawwatch` opens the dashboard; subcommands run headless.

A thin face on the core: each command parses its arguments, calls core functions and
prints. Every ``ThawwatchError`` becomes one line on stderr and its exit code (2 for bad
usage, config or input; 1 when the work failed), never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import gc
import logging
import os
import re
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, NoReturn

from . import __version__
from .errors import ThawwatchError, UsageError
from .interrupts import Terminated, raising
from .locations import resolve_db
from .output import guard_stdout
from .store import Store, describe

# OSErrors that mean the path the user gave is unusable (bad input: exit 2)
_BAD_PATH = frozenset({errno.ENAMETOOLONG, errno.ELOOP, errno.ENOTDIR, errno.EISDIR,
                       errno.EINVAL})
# Arguments that are file paths: any bytes the file system allows. Every other text
# argument (a query, a name, an id) must be UTF-8 to be stored or searched.
_PATH_ARGS = frozenset({"config", "db", "file"})
_GLOBAL_OPTIONS = frozenset({"--config", "--db", "--verbose", "-v"})  # before the command
MAX_RESULTS = 10_000  # search --limit: more than a terminal or a script needs at once

log = logging.getLogger("thawwatch")


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit code 2.

    ``words=DEST`` gathers every argument that is not one of the parser's own options
    into the list DEST, in order, even one that starts with '-': argparse would take
    ``-canola`` or ``-hogs`` for an unknown option (or for ``-h`` with "ogs" attached)
    and fail with a misleading "query required". Options still work wherever they
    appear, words after ``--`` are never options, and only ``-h`` alone asks for help.
    An unknown ``--long`` option stays an error: it is far likelier a mistyped option
    than a search word (``--`` before it searches for it).
    """

    def __init__(self, *args: Any, words: str | None = None, **kwargs: Any) -> None:
        if words is not None:
            kwargs["add_help"] = False  # a registered -h would swallow "-hogs"
        super().__init__(*args, **kwargs)
        self.words = words
        if words is not None:
            self.add_argument("--help", action="help", help="show this help (also -h)")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self.words is None:
            return super().parse_known_args(args, namespace)
        args = list(sys.argv[1:] if args is None else args)
        end = args.index("--") if "--" in args else len(args)
        head = ["--help" if arg == "-h" else arg for arg in args[:end]]
        # With no positional declared, argparse hands back, in order, every plain word
        # and every dash-word that is not an option: exactly the words.
        namespace, words = super().parse_known_args(head, namespace)
        if unknown := [word for word in words if word.startswith("--")]:
            self.error(f"unrecognized arguments: {' '.join(unknown)}"
                       " (put -- before query words that start with --)")
        words += args[end + 1:]
        if not words:
            self.error(f"the following arguments are required: {self.words}")
        setattr(namespace, self.words, words)
        return namespace, []

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("unrecognized arguments: "):
            for word in message.split()[2:]:  # `export --db FILE`, as a script first has it
                option = word.split("=", 1)[0]
                if option in _GLOBAL_OPTIONS:
                    example = f"{option} FILE" if option in ("--config", "--db") else option
                    message = (f"{option} is an option of thawwatch itself: give it before"
                               f" the command (thawwatch {example} COMMAND …)")
                    break
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _date(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # not 20260101 or 2026-W01
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _moment(text: str) -> datetime:
    """A date (its midnight, UTC) or an ISO 8601 time, ``2026-11-30T14:05:00Z`` (without a
    zone, UTC, as every time thawwatch stores and exports)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                            r"(?:Z|[+-]\d{2}:?\d{2})?", text):
            raise ValueError(text)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):  # overflow: a zone past year 9999 or before 1
        raise argparse.ArgumentTypeError(
            f"not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SSZ): {text!r}") from None


AS_OF_RANGE = (date(1900, 1, 1), date(2999, 12, 31))  # dates far out overflow date maths


def _as_of(text: str) -> date:
    value = _date(text)
    low, high = AS_OF_RANGE
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"not a date from {low} to {high}: {text!r}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_RESULTS:
        raise argparse.ArgumentTypeError(f"not a number from 1 to {MAX_RESULTS}: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, as the interface page describes it."""
    p = _Parser(prog="thawwatch", description=_DESCRIPTION, epilog=_epilog(),
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"thawwatch {__version__}")
    p.add_argument("--config", metavar="FILE", help="config file (env THAWWATCH_CONFIG)")
    p.add_argument("--db", metavar="FILE", help="database file (env THAWWATCH_DB)")
    p.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    # (its own name: a command's --as-of would overwrite it with that command's default)
    p.add_argument("--as-of", dest="dashboard_as_of", type=_as_of, metavar="YYYY-MM-DD",
                   help="open the dashboard as of this date: the ledger's state, ends and"
                        " alerts then (commands take their own --as-of)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    r = _command(sub, "refresh", help="fetch every configured feed once")
    r.add_argument("--force", action="store_true",
                   help="ignore Retry-After waits, and ask feeds gone for good (410) again")
    r.add_argument("--due", action="store_true",
                   help="only the feeds that are due, as the dashboard's timer polls them: "
                        "each feed's interval passed, and a failing feed's backoff (for a "
                        "frequent cron line)")
    r.add_argument("-q", "--quiet", action="store_true",
                   help="print only what needs a reader: failed feeds, alerts and errors "
                        "(a cron line then mails only when there is something to read)")

    s = _command(sub, "status", help="the tariff ledger and irritant summary")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument("--as-of", type=_as_of, metavar="YYYY-MM-DD", help="state on this date")

    e = _command(sub, "export", help="stored items with their signals")
    e.add_argument("--format", choices=("jsonl", "json", "csv"), default="jsonl")
    e.add_argument("--since", type=_moment, metavar="YYYY-MM-DD[THH:MM:SSZ]",
                   help="items published on or after this day (midnight UTC) or time")
    e.add_argument("--stored-since", type=_moment, metavar="YYYY-MM-DD[THH:MM:SSZ]",
                   help="items first stored on or after this day or time (a script's next"
                        " export: the newest first_seen of its last one, skipping the ids"
                        " it has)")

    q = _command(sub, "search", help="full-text search over stored items", words="query",
        usage="%(prog)s [--format {text,json}] [--limit LIMIT] QUERY...",
        description="Full-text search over stored items. QUERY is one or more words, all of "
                    "which must appear (the last may be the start of a word); OR between "
                    "two words finds either (peas OR lentils); a word starting with '-', "
                    "or after NOT, leaves out the items that have it (canola -peas). "
                    "Chinese, Japanese or Korean text is found anywhere in a run of "
                    "characters (油菜籽). Words after -- are never options.",
    )
    q.add_argument("--format", choices=("text", "json"), default="text")
    q.add_argument("--limit", type=_count, default=50, help="most results shown (default 50)")

    f = _command(sub, "feeds", help="manage feeds").add_subparsers(
        dest="feeds_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    fl = _command(f, "list", help="feeds and their health")
    fl.add_argument("--format", choices=("text", "json"), default="text")
    fa = _command(f, "add", help="subscribe to a feed")
    fa.add_argument("url")
    fa.add_argument("--name")
    _command(f, "remove", help="unsubscribe from a feed").add_argument("url")
    _command(f, "import", help="import feeds from OPML").add_argument(
        "file", help="an OPML file, or - for standard input")
    _command(f, "export", help="write feeds as OPML 2.0 to stdout")

    c = _command(sub, "config",
                 help="where the config lives; write the default one there").add_subparsers(
        dest="config_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    _command(c, "path", help="print the config file in use")
    ci = _command(c, "init", help="write the default config for editing")
    ci.add_argument("--force", action="store_true", help="overwrite an existing file")

    lg = _command(sub, "ledger", help="review tariff signals").add_subparsers(
        dest="ledger_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    lp = _command(lg, "pending", help="list pending changes")
    lp.add_argument("--format", choices=("text", "json"), default="text")
    ll = _command(lg, "list", help="list the changes decided (accepted or dismissed), newest"
                       " decision first; --state pending or all for the others")
    ll.add_argument("--state", choices=("decided", "accepted", "dismissed", "pending", "all"),
                    default="decided")
    ll.add_argument("--format", choices=("text", "json"), default="text")
    ls = _command(lg, "show", help="one measure's state and whole timeline, each event"
                       " with its source")
    ls.add_argument("measure", help="a measure id, as `status --format json` gives them"
                    " (cn-peas, ca-ev-surtax, …), or its name as status shows it (peas)")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.add_argument("--as-of", type=_as_of, metavar="YYYY-MM-DD", help="state on this date")
    _command(lg, "accept", help="accept a pending change into the ledger").add_argument("id")
    _command(lg, "dismiss", help="dismiss a pending change").add_argument("id")
    _command(lg, "undo", help="make an accepted or dismissed change pending again"
                  ).add_argument("id")

    d = _command(sub, "db", help="check, back up the database").add_subparsers(
        dest="db_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    _command(d, "check", help="integrity check and schema version")
    _command(d, "backup", help="copy the database safely").add_argument("file")
    return p


_DESCRIPTION = ("Follow the Canada–China trade thaw. `thawwatch` alone opens the dashboard;"
                " the commands run headless, for cron and scripts.")


def _epilog() -> str:
    """Exit codes and where the files are, on this machine (nothing is created)."""
    from .locations import default_db_file, log_file, user_config_file

    return (
        "exit codes: 0 done; 1 the work failed (refresh: no feed could be fetched);\n"
        "  2 bad usage, config or input (one line on stderr says which);\n"
        "  130 interrupted (Ctrl-C); 143 terminated (SIGTERM)\n"
        "files:\n"
        f"  config    --config, else $THAWWATCH_CONFIG, else {user_config_file()}\n"
        "            if it exists (`thawwatch config init` writes one), else the bundled one\n"
        f"  database  --db, else $THAWWATCH_DB, else {default_db_file()}\n"
        f"  log       {log_file()}"
    )


def _command(group: Any, name: str, *, help: str, **kwargs: Any) -> _Parser:
    """Add command ``name`` to ``group`` (a parser's ``add_subparsers()``): ``help`` is its
    line in the command list and, unless given a longer ``description``, opens its own
    --help."""
    kwargs.setdefault("description", help[:1].upper() + help[1:] + ".")
    command: _Parser = group.add_parser(name, help=help, **kwargs)
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `thawwatch` console script."""
    if sys.stderr is None:  # started with standard error closed (`2>&-`): print(file=None)
        # writes to stdout, so notes and errors landed in the data; this also takes the
        # descriptor 2 back, where a file opened later (the log) would have landed
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (the process's)
    try:
        return _main(argv)
    except KeyboardInterrupt as exc:  # wherever it lands: parsing, imports, the command
        terminated = isinstance(exc, Terminated)
        lead = "\n" if sys.stderr.isatty() else ""  # off the progress bar's line
        print(f"{lead}thawwatch: {'terminated' if terminated else 'interrupted'}",
              file=sys.stderr)
        return 143 if terminated else 130


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        _check_text(args)
    except UsageError as exc:
        said = str(exc) if str(exc).startswith("thawwatch") else f"thawwatch: {exc}"
        print(_cut_words(said), file=sys.stderr)
        return exc.exit_code
    from .logs import setup_logging

    setup_logging(verbose=args.verbose, to_stderr=args.command is not None)
    # Headless commands stop cleanly on SIGTERM; the dashboard handles it in its loop. Only
    # the main thread may set a handler (a script may call main() from another).
    term = args.command is not None and threading.current_thread() is threading.main_thread()
    on_term = signal.signal(signal.SIGTERM, raising(Terminated)) if term else None
    # Headless output that fails (closed, full, a pipe closed early) must not stop the
    # work half-way; the dashboard owns the terminal itself.
    saved = sys.stdout
    guard = guard_stdout(data=_writes_data(args)) if args.command is not None else None
    try:
        code = _run_command(args)
    finally:
        if guard is not None:
            guard.release()
        sys.stdout = saved
        if term:
            signal.signal(signal.SIGTERM, on_term if on_term is not None else signal.SIG_DFL)
    if guard is not None and (problem := guard.problem()):
        print(f"thawwatch: {problem}", file=sys.stderr)
        return max(code, 1)
    return code


_LONGEST_WORD = 1000  # characters of an argument an error line repeats (a path's, whole)
_LONG_WORD = re.compile(rf"\S{{{_LONGEST_WORD + 1},}}")


def _cut_words(line: str) -> str:
    """``line`` with each word longer than ``_LONGEST_WORD`` cut (an ID, a URL or a path
    pasted wrong): a 100,000-character argument came back as a 100,000-character line,
    and the reason after it was lost off the screen."""
    def cut(m: re.Match[str]) -> str:
        word = m.group(0)
        # its closing punctuation stays (a few characters: not a word of dots whole)
        ends = min(len(word) - len(word.rstrip(":;,.'\")]")), 3)
        return word[:_LONGEST_WORD - 1] + "…" + word[len(word) - ends:]

    return _LONG_WORD.sub(cut, line)


def _writes_data(args: argparse.Namespace) -> bool:
    """Whether the command's output is data for programs (JSON, JSONL, CSV, OPML)."""
    return (args.command == "export" or getattr(args, "feeds_command", None) == "export"
            or getattr(args, "format", "text") != "text")


def _run_command(args: argparse.Namespace) -> int:
    """The command's exit code; every failure becomes one line on stderr."""
    try:
        return _dispatch(args)
    except ThawwatchError as exc:
        log.debug("error", exc_info=True)
        print(_cut_words(f"thawwatch: {exc}"), file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # a write that bypassed the guard; the reader has gone
        return 0
    except OSError as exc:  # a path the system refuses (too long, a loop, not a directory…)
        log.info("os error", exc_info=True)  # the log keeps the traceback, should it be a bug
        where = f"{exc.filename}: " if exc.filename else ""
        print(_cut_words(f"thawwatch: {where}{exc.strerror or exc}"), file=sys.stderr)
        return 2 if exc.errno in _BAD_PATH else 1
    except sqlite3.DatabaseError as exc:  # outside a transaction: reading a damaged file
        log.debug("database error", exc_info=True)
        print(f"thawwatch: {resolve_db(args.db)}: {describe(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        log.exception("unexpected error")
        print(f"thawwatch: unexpected error: {type(exc).__name__}: {exc} (details in the log)",
              file=sys.stderr)
        return 1


def _check_text(args: argparse.Namespace) -> None:
    """Refuse text arguments that are not UTF-8 (a Latin-1 terminal's "café"): Python
    holds their bytes as lone surrogates, which SQLite cannot take."""
    for key, value in vars(args).items():
        if key in _PATH_ARGS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    shown = text.encode("utf-8", "surrogateescape").decode("ascii",
                                                                           "backslashreplace")
                    raise UsageError(f"{key}: not valid UTF-8 text: {shown}") from None


def run_dashboard(args: argparse.Namespace) -> int:
    """`thawwatch`: check the config and the database first (clean errors), then the TUI.

    Imports only what the first paint needs; the data layer loads in the app's workers.
    """
    from .config import load_config
    from .tui.app import ThawwatchApp

    config = load_config(args.config)  # checks the [signals] rules too
    db_path = resolve_db(args.db)
    terminal = _on_a_terminal()
    if not terminal and not db_path.exists():  # no database made for a dashboard never run
        raise UsageError(_NO_TERMINAL)
    Store.open(db_path).close()  # a corrupt, foreign or newer database stops us here, cleanly
    if not terminal:  # cron, a pipe, a file
        raise UsageError(_NO_TERMINAL)
    app = ThawwatchApp.from_db(config, db_path, today=args.dashboard_as_of)
    app.run()
    return app.return_code or 0


_NO_TERMINAL = ("the dashboard needs a terminal to read keys from and draw on; in scripts use"
                " `thawwatch refresh`, `status`, `search` or `export`")


def _on_a_terminal() -> bool:
    """Whether the dashboard has a terminal to read keys from and draw on: stdin and stdout
    both (either may be closed: None), or a driver of Textual's own choosing (`textual
    serve` talks to the app over pipes)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _dispatch(args: argparse.Namespace) -> int:
    from .launch import collect_from_here

    if args.command != "refresh":  # a refresh does once its requests are out
        collect_from_here()
    if args.command is None:
        return run_dashboard(args)
    if args.dashboard_as_of is not None:  # `thawwatch --as-of D status`: D went nowhere
        raise UsageError(f"--as-of before the command is the dashboard's: give it after it"
                         f" (`thawwatch {args.command} --as-of {args.dashboard_as_of}`)"
                         if args.command == "status" else
                         "--as-of before a command is the dashboard's only")
    from . import commands

    table: dict[str, Callable[[argparse.Namespace], int]] = {
        "refresh": commands.refresh,
        "status": commands.status,
        "export": commands.export,
        "search": commands.search,
        "feeds": commands.feeds,
        "config": commands.config,
        "ledger": commands.ledger,
        "db": commands.db,
    }
    return table[args.command](args)


def run() -> NoReturn:
    """The console script: ``main``, then exit without the interpreter's final garbage
    collection.

    With httpx and asyncio loaded that last sweep over every object takes ~15 ms, a
    tenth of a warm refresh. By now the database is closed and the log flushed; the
    exit still runs atexit handlers and flushes stdout, and the OS reclaims the memory.
    """
    code = main()
    gc.freeze()  # the final collection skips frozen objects
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
