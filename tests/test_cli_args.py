"""Arguments the system or the database cannot take: one line, exit 2, never
"unexpected error" (an audit found each of these ending in a traceback's last line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thawwatch.cli import main

LONG = "x" * 300  # one path component longer than any file system allows


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "unexpected error" not in err
    return code, err


@pytest.mark.parametrize("argv", [
    ("--db", "{tmp}/" + LONG + ".db", "status"),
    ("--config", "{tmp}/" + LONG + ".toml", "status"),
    ("--db", "{tmp}/ok.db", "db", "backup", "{tmp}/" + LONG + ".db"),
])
def test_a_file_name_too_long_is_named(tmp_path: Path, capsys, argv: tuple[str, ...]) -> None:
    code, err = run(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert code == 2
    assert LONG in err and "File name too long" in err


@pytest.mark.parametrize("argv", [
    ("--db", "{loop}", "status"), ("--db", "{loop}", "export"),
    ("--db", "{loop}", "feeds", "add", "http://127.0.0.1:9/f.xml"), ("--db", "{loop}", "refresh"),
    ("--config", "{loop}", "status"),
])
def test_a_link_that_loops_is_named(tmp_path: Path, capsys, argv: tuple[str, ...]) -> None:
    """--db on links that point at each other failed with SQLite's "unable to open
    database file", exit 1, and --config said the file "does not exist"."""
    loop, other = tmp_path / "loop.db", tmp_path / "other.db"
    loop.symlink_to(other)
    other.symlink_to(loop)
    code, err = run(capsys, *(a.format(loop=loop) for a in argv))
    assert code == 2
    assert f"{loop}: " in err and "Too many levels of symbolic links" in err, err


@pytest.mark.parametrize(("argv", "option"), [
    (("export", "--db", "{tmp}/t.db"), "--db"),
    (("status", "--format", "json", "--db={tmp}/t.db"), "--db"),
    (("feeds", "list", "--config", "{tmp}/c.toml"), "--config"),
    (("search", "canola", "--db", "{tmp}/t.db"), "--db"),
    (("ledger", "pending", "--verbose"), "--verbose"),
])
def test_a_global_option_after_the_command_says_where_it_goes(
        tmp_path: Path, capsys, argv: tuple[str, ...], option: str) -> None:
    """`thawwatch export --db FILE` (as a script writer first types it) said only
    "unrecognized arguments: --db …", or for search to put -- before query words."""
    code, err = run(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert code == 2
    assert (f"{option} is an option of thawwatch itself: give it before the command"
            f" (thawwatch {option}") in err, err
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("option", ["--db", "--config"])
def test_an_unknown_home_directory_is_a_usage_error(capsys, option: str) -> None:
    code, err = run(capsys, option, "~no-such-user-here/x", "status")
    assert code == 2 and "~no-such-user-here/x: cannot find that home directory" in err


@pytest.mark.parametrize("option", ["--db", "--config"])
def test_an_empty_path_is_not_taken_for_none(capsys, option: str) -> None:
    code, err = run(capsys, option, "", "status")
    assert code == 2 and f"{option}: empty path" in err


@pytest.mark.parametrize("argv", [
    ("search", "can\udcffola"),
    ("ledger", "accept", "\udcff"),
    ("feeds", "add", "http://127.0.0.1:9/f.xml", "--name", "caf\udce9"),
])
def test_text_that_is_not_utf8_is_refused(db_path: Path, capsys, argv: tuple[str, ...]) -> None:
    """Bytes a Latin-1 terminal sends arrive as lone surrogates, which SQLite refused."""
    code, err = run(capsys, "--db", str(db_path), *argv)
    assert code == 2 and "not valid UTF-8 text" in err and "\\x" in err


def test_a_database_path_that_is_not_utf8_still_works(tmp_path: Path, capsys) -> None:
    """File names are bytes: only text arguments must be UTF-8."""
    db = tmp_path / "caf\udce9.db"
    assert main(["--db", str(db), "feeds", "add", "https://x.example/rss"]) == 0
    assert db.exists()
    assert main(["--db", str(db), "status"]) == 0


def test_config_init_onto_a_directory_says_so(tmp_path: Path, capsys) -> None:
    for extra in ([], ["--force"]):
        code, err = run(capsys, "--config", str(tmp_path), "config", "init", *extra)
        assert code == 2 and "is a directory" in err


def test_a_backup_into_a_missing_directory_is_a_usage_error(tmp_path: Path, capsys) -> None:
    db = tmp_path / "ok.db"
    assert main(["--db", str(db), "status"]) == 0
    capsys.readouterr()
    code, err = run(capsys, "--db", str(db), "db", "backup", str(tmp_path / "no" / "b.db"))
    assert code == 2 and "no such directory" in err  # it said "unable to open", exit 1


@pytest.mark.parametrize("stdin_tty", [True, False, None])  # None: stdin closed
def test_the_dashboard_without_a_terminal_says_so(tmp_path: Path, stdin_tty: bool | None
                                                  ) -> None:
    """From cron or with output to a file, the dashboard cannot draw or read keys: one
    line and exit 2, not escape codes written into the file and a wait for keys."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    try:
        env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
        stdin: Any = {True: slave, False: subprocess.DEVNULL, None: None}[stdin_tty]
        done = subprocess.run(
            [sys.executable, "-m", "thawwatch", "--db", str(tmp_path / "t.db")],
            stdin=stdin, stdout=subprocess.PIPE if stdin_tty else slave,
            stderr=subprocess.PIPE, text=True, timeout=60, env=env,
            pass_fds=(), close_fds=True,
            preexec_fn=(lambda: os.close(0)) if stdin_tty is None else None)
    finally:
        os.close(master)
        os.close(slave)
    assert done.returncode == 2 and (done.stdout or "") == ""
    assert done.stderr == ("thawwatch: the dashboard needs a terminal to read keys from and"
                           " draw on; in scripts use `thawwatch refresh`, `status`, `search`"
                           " or `export`\n")
    assert not (tmp_path / "t.db").exists()  # cron made no database for a dashboard


def test_help_says_the_exit_codes_and_where_the_files_are(capsys, monkeypatch,
                                                           tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "exit codes: 0 done; 1 the work failed" in out and "143 terminated" in out
    assert f"else {tmp_path / 'data' / 'thawwatch' / 'thawwatch.db'}" in out
    assert not (tmp_path / "data").exists()  # said, not made
    with pytest.raises(SystemExit):
        main(["refresh", "--help"])
    assert "\nFetch every configured feed once.\n" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["feeds", "add"], ["ledger", "undo"], ["db", "backup"],
                                     ["config", "init"]])
def test_every_command_help_opens_with_what_it_does(capsys, command: list[str]) -> None:
    """Nested commands too: `thawwatch feeds add --help` says what it does, not just usage."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    out = capsys.readouterr().out
    line = out.split("\n\n")[1]  # after the usage
    assert line[:1].isupper() and line.endswith(".") and "positional" not in line, out


HUGE = "x" * 100_000


@pytest.mark.parametrize(("argv", "reason"), [
    (("ledger", "accept", HUGE), "no pending change"),
    (("feeds", "remove", f"https://a.example/{HUGE}"), "not a subscribed feed"),
    (("feeds", "add", f"https://a.example/{HUGE} x"), ""),
    (("status", "--as-of", HUGE), ""),
    (("ledger", "accept", "." * 5000), "no pending change"),  # punctuation only: cut too
])
def test_an_error_line_cuts_a_long_argument(tmp_path: Path, capsys, argv: tuple[str, ...],
                                            reason: str) -> None:
    """From a user audit: an argument pasted wrong (100,000 characters) came back whole in
    the error line, its reason off the screen. The line cuts it and keeps the reason."""
    code, err = run(capsys, "--db", str(tmp_path / "t.db"), *argv)
    assert code == 2
    assert err.count("\n") == 1 and len(err) < 1300, err[:300]
    assert "…" in err and reason in err
