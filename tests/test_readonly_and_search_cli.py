"""`thawwatch search` with words that start with '-', and a database that cannot be written.

Reading commands (status, export, search, ledger pending) read a database in a read-only
file or directory; writing commands and the dashboard refuse it with one line naming the
file. Permissions are real: chmod, and where that does not stop this process (root),
chattr +i; the tests that need them are skipped, with the reason, where neither works.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SAMPLE_ITEMS, seed_items
from hypothesis import given
from hypothesis import strategies as st

from thawwatch.cli import main
from thawwatch.decisions import dismiss, pending_changes
from thawwatch.errors import StoreError
from thawwatch.items import headlines, search, search_terms, set_read
from thawwatch.store import Store

PEAS = SAMPLE_ITEMS[0][2]  # "China suspends tariffs on Canadian peas and canola meal …"
MARKUP = SAMPLE_ITEMS[2][2]  # the other headline that names canola

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`thawwatch --db DB ARGV…` in-process: (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """The sample headlines, stored through the real ingest path."""
    seed_items(db_path)
    return db_path


def titles(out: str) -> list[str]:
    return [d["title"] for d in json.loads(out)]


# --------------------------------------------------------------------------- search words


def test_a_dash_word_is_left_out(cli: Cli, seeded: Path) -> None:
    """`-word` leaves the items holding ``word`` out, as in a web search; no `--` needed."""
    code, out, err = cli("search", "canola")
    assert (code, err) == (0, "") and PEAS in out and MARKUP in out
    code, out, err = cli("search", "-peas", "canola")
    assert (code, err) == (0, "")
    assert MARKUP in out and PEAS not in out
    assert (code, out, err) == cli("search", "--", "-peas", "canola")
    code, out, _ = cli("search", "canola", "-peas", "-markup")
    assert (code, out) == (0, "")


def test_search_terms_split_words_to_find_and_leave_out() -> None:
    terms = search_terms('canola -peas "meal\0crab --hogs -')
    assert terms.find == ("canola", "meal", "crab") and terms.leave_out == ("peas", "hogs")
    assert terms.match() == '("canola" "meal" "crab"*) NOT "peas" NOT "hogs"'
    assert search_terms("-canola").match() is None


@pytest.mark.parametrize("argv", [
    ("-peas", "canola", "--format", "json"),
    ("--format", "json", "-peas", "canola"),
    ("--format=json", "canola", "-peas", "--limit", "5"),
    ("-peas", "--limit=5", "canola", "--format", "json"),
])
def test_options_work_wherever_they_appear(cli: Cli, seeded: Path, argv: tuple[str, ...]) -> None:
    code, out, err = cli("search", *argv)
    assert (code, err) == (0, "")
    assert titles(out) == [MARKUP]


def test_limit_still_applies(cli: Cli, seeded: Path) -> None:
    code, out, _ = cli("search", "canola", "--limit", "1", "--format", "json")
    assert code == 0 and len(titles(out)) == 1


def test_a_search_cut_at_its_limit_says_more_match(cli: Cli, seeded: Path) -> None:
    """The best 50 were printed and the rest dropped without a word: "50 headlines name
    canola". A note on stderr says more match (JSON's scripts give the --limit they need)."""
    note = "thawwatch: note: the best 1 shown; more match (--limit N shows more)\n"
    assert cli("search", "canola", "--limit", "1")[2] == note
    assert cli("search", "canola", "--limit", "1", "--format", "json")[2] == ""
    code, out, err = cli("search", "canola", "--limit", "2")
    assert (code, err) == (0, "") and out.count("canola") >= 2


def test_words_keep_their_order_around_options(cli: Cli, seeded: Path) -> None:
    # Only the last word to find is a prefix: "sus" must stay last to match "suspends".
    code, out, _ = cli("search", "canola", "--format", "json", "sus", "-ottawa")
    assert code == 0 and titles(out) == [PEAS]
    code, out, _ = cli("search", "sus", "canola", "--format", "json")
    assert (code, titles(out)) == (0, [])


def test_words_after_double_dash_are_never_options(cli: Cli, seeded: Path) -> None:
    code, out, err = cli("search", "--format", "json", "--", "--format", "json")
    assert code == 0 and err == "" and titles(out) == []


def test_dash_h_alone_still_shows_help(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("-h", "--help"):
        with pytest.raises(SystemExit) as exit_:
            main(["search", flag])
        assert exit_.value.code == 0
        assert "usage: thawwatch search" in capsys.readouterr().out


def test_a_word_starting_with_dash_h_is_a_word(cli: Cli, seeded: Path) -> None:
    code, out, err = cli("search", "canola", "-hogs")
    assert (code, err) == (0, "") and PEAS in out and MARKUP in out


@pytest.mark.parametrize(("argv", "says"), [
    ((), "required: query"),
    (("--format", "json"), "required: query"),
    (("canola", "--fromat", "json"), "unrecognized arguments: --fromat"),
    (("canola", "--limit", "many"), "--limit: not a number from 1 to 10000: 'many'"),
    (("canola", "--limit", "0"), "--limit: not a number from 1 to 10000: '0'"),
    (("canola", "--limit", "-1"), "--limit: not a number from 1 to 10000: '-1'"),
    (("canola", "--limit", "10001"), "--limit: not a number from 1 to 10000"),
    (("canola", "--format", "yaml"), "invalid choice"),
    (("-canola",), "'-canola': no word to look for (a word starting with '-' is left out)"),
    (("-",), "'-': no word to look for"),
])
def test_bad_usage_is_one_line_and_exit_2(cli: Cli, argv: tuple[str, ...], says: str) -> None:
    code, out, err = cli("search", *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and says in err


@pytest.mark.parametrize("query", ["canola AND", "canola -(", "NOT canola", "canola NOT",
                                   "canola OR", "NEAR(canola", '"canola', "canola*", "- x",
                                   "(", "title:canola", "^canola", "AND", "x -NOT -)"])
def test_fts_syntax_in_a_query_never_fails(cli: Cli, seeded: Path, query: str) -> None:
    """Every word is quoted before it reaches FTS5: signs are words, never errors. A query
    left without a word (no letter or digit, or operators alone) is bad usage."""
    code, _, err = cli("search", *query.split())
    assert code == (2 if query in ("NOT canola", "(", "AND") else 0)
    assert "Traceback" not in err and err.count("\n") <= 1


@pytest.mark.parametrize("query", ['"', "*", ":", "(", ")", "{", "* ( :", "， 。", "- * )",
                                   "OR", "AND NOT", "-- -*"])
def test_a_query_without_a_letter_or_digit_has_no_word_to_look_for(
        cli: Cli, seeded: Path, query: str) -> None:
    """What the index would hold decides: no letter or digit, no token, no word. `*` or `(`
    used to run a search that matched nothing; `"` said a '-' word was left out."""
    code, out, err = cli("search", "--", *query.split())
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and f"{query!r}: no word to look for\n" in err


@pytest.mark.parametrize(("query", "remark"), [
    ("-canola *", "(a word starting with '-' is left out)"),
    ("NOT canola", "(a word after NOT is left out)"),
    ("-canola OR ( -*", "(a word starting with '-' is left out)"),
])
def test_only_words_to_leave_out_say_so(cli: Cli, seeded: Path, query: str,
                                        remark: str) -> None:
    code, out, err = cli("search", "--", *query.split())
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.rstrip().endswith(f"{query!r}: no word to look for {remark}")


def test_words_without_a_letter_or_digit_are_dropped_from_a_query(cli: Cli,
                                                                 seeded: Path) -> None:
    """`canola *` was `canola` AND an empty word: nothing matched."""
    code, out, err = cli("search", "canola", "*", "(", "--format", "json")
    assert (code, err) == (0, "") and set(titles(out)) == {PEAS, MARKUP}
    assert search_terms("canola * -( meal :").match() == '("canola" "meal"*)'


def test_or_between_words_finds_either(cli: Cli, seeded: Path) -> None:
    """`peas OR pea` found nothing: OR was a word every match had to hold."""
    soy = SAMPLE_ITEMS[3][2]
    assert titles(cli("search", "peas", "OR", "pea", "--format", "json")[1]) == [PEAS]
    found = titles(cli("search", "lobster", "OR", "soybeans", "--format", "json")[1])
    assert sorted(found) == sorted([PEAS, soy])
    # OR binds two words; the words around it are still all needed
    assert titles(cli("search", "canola", "meal", "OR", "surtax", "--format", "json")[1]) \
        == [PEAS]
    assert titles(cli("search", "markup", "OR", "soybeans", "-soybean",
                      "--format", "json")[1]) == [MARKUP]
    code, out, err = cli("search", "peas", "or", "pea")  # lower case: the word "or"
    assert (code, out) == (0, "") and "no stored item matches" in err


def test_and_and_not_in_capitals_are_operators(cli: Cli, seeded: Path) -> None:
    both = titles(cli("search", "canola", "AND", "meal", "--format", "json")[1])
    assert both == titles(cli("search", "canola", "meal", "--format", "json")[1]) == [PEAS]
    left = titles(cli("search", "NOT", "peas", "canola", "--format", "json")[1])
    assert left == titles(cli("search", "--format", "json", "--", "-peas", "canola")[1]) \
        == [MARKUP]


@pytest.mark.parametrize(("query", "match"), [
    ("peas OR pea", '(("peas" OR "pea"*))'),
    ("a b OR c d", '("a" AND ("b" OR "c") AND "d"*)'),
    ("a OR b OR c", '(("a" OR "b" OR "c"*))'),
    ("OR peas OR", '("peas"*)'),  # an OR with no word on one side is no operator
    ("peas OR -pork OR OR hogs", '("peas" "hogs"*) NOT "pork"'),
    ("peas NOT pork AND hogs", '("peas" "hogs"*) NOT "pork"'),
    ("peas NOT", '("peas"*)'),
    ("NOT -pork peas", '("peas"*) NOT "pork"'),
    ("or and not", '("or" "and" "not"*)'),  # lower case: words
    ('"OR" a', '("a"*)'),
])
def test_operators_become_fts_syntax_only_between_quoted_words(query: str, match: str) -> None:
    assert search_terms(query).match() == match


def test_any_mix_of_words_operators_and_signs_is_a_valid_query(seeded: Path) -> None:
    """Whatever the words, operators and signs, and in whatever order, the MATCH
    expression is valid FTS5 (juxtaposition ANDs phrases only: `"a" ("b" OR "c")` is a
    syntax error, where it must be `"a" AND ("b" OR "c")`)."""
    pieces = st.sampled_from(["canola", "meal", "OR", "AND", "NOT", "or", "-peas", "-", "*",
                              "(", ")", ":", '"', "油菜籽", "-关税", "G7峰会", "NEAR", "^x"])
    with Store.open(seeded) as store:

        @given(st.lists(pieces, max_size=8))
        def valid(words: list[str]) -> None:
            assert isinstance(search(store, " ".join(words)), list)

        valid()
        assert [i.title for i in search(store, "canola meal OR surtax")] == [PEAS]


def test_the_no_match_line_cuts_a_long_query(cli: Cli, seeded: Path) -> None:
    query = "zz" * 500
    code, out, err = cli("search", query)
    assert (code, out) == (0, "") and err.count("\n") == 1
    assert f"no stored item matches '{query[:79]}…'\n" in err and len(err) < 120
    code, _, err = cli("search", "--", "-" + query)
    assert code == 2 and err.count("\n") == 1 and len(err) < 200 and "…'" in err


def test_no_text_makes_search_raise(seeded: Path) -> None:
    """A NUL (from the dashboard's search box; argv cannot hold one) used to end the FTS5
    query string: "unterminated string"."""
    with Store.open(seeded) as store:
        assert [i.title for i in search(store, "canola\0meal")] == [PEAS]

        @given(st.text())
        def never_raises(query: str) -> None:
            assert isinstance(search(store, query), list)

        never_raises()


# --------------------------------------------------------------------------- read-only


def test_store_opened_read_only_reads_and_refuses_writes(seeded: Path) -> None:
    before = seeded.read_bytes()
    with Store.open(seeded, readonly=True) as store:
        assert store.readonly
        assert {i.title for i in headlines(store)} >= {PEAS, MARKUP}
        assert [i.title for i in search(store, "lobster")] == [PEAS]
        item = headlines(store)[0]
        with pytest.raises(StoreError, match="database is read-only") as refused:
            set_read(store, item.id)
        assert str(refused.value).startswith(f"{seeded}: ")
        with pytest.raises(StoreError, match="read-only"):
            store.set_meta("ui.theme", "nord")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):  # not even raw SQL
            store.conn.execute("DELETE FROM items")
    assert seeded.read_bytes() == before
    with Store.open(seeded) as store:
        assert not store.readonly and not headlines(store)[0].read


def test_read_only_open_creates_and_migrates_nothing(tmp_path: Path, seeded: Path) -> None:
    with pytest.raises(StoreError, match="no database here"):
        Store.open(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()
    old = tmp_path / "old.db"
    sqlite3.connect(old).close()  # an empty SQLite file: schema v0, would be migrated
    with pytest.raises(StoreError, match="cannot be done read-only"):
        Store.open(old, readonly=True)
    assert old.read_bytes() == b""
    conn = sqlite3.connect(seeded)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer than this thawwatch"):
        Store.open(seeded, readonly=True)


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make ``path`` (file or directory) really unwritable for this process: chmod, then
    chattr +i where chmod does not stop us (root); skip when neither does."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    immutable = False
    try:
        if os.access(path, os.W_OK):
            immutable = _chattr(path, "+i")
            if not immutable or os.access(path, os.W_OK):
                pytest.skip(f"cannot make {path} unwritable here (root without chattr +i)")
        yield
    finally:
        if immutable:
            _chattr(path, "-i")
        path.chmod(mode)


def _chattr(path: Path, flag: str) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


READERS = [("status", "--format", "json"), ("status",), ("export",),
           ("export", "--format", "csv"), ("search", "canola", "-ottawa"), ("ledger", "pending"),
           ("feeds", "list"), ("feeds", "list", "--format", "json"), ("feeds", "export")]
WRITERS = [("refresh",), ("feeds", "add", "https://x.example/rss"),
           ("feeds", "remove", "https://x.example/rss"),
           ("ledger", "accept", "x-0"), ("ledger", "dismiss", "x-0")]


def _no_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    from thawwatch.tui.app import ThawwatchApp

    monkeypatch.setattr(ThawwatchApp, "run", lambda self: pytest.fail("the dashboard ran"))


@pytest.mark.parametrize("what", ["directory", "file"])
def test_read_only_database_readers_work_writers_refuse(
        cli: Cli, seeded: Path, what: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_dashboard(monkeypatch)
    outputs = {argv: cli(*argv) for argv in READERS}
    assert all(code == 0 for code, _, _ in outputs.values()), outputs
    before = seeded.read_bytes()
    target = seeded.parent if what == "directory" else seeded
    with unwritable(target):
        for argv in READERS:
            assert cli(*argv) == outputs[argv], argv
        for argv in [*WRITERS, ()]:  # () is the dashboard
            code, out, err = cli(*argv)
            assert (code, out) == (1, ""), argv
            assert err.count("\n") == 1 and err.startswith(f"thawwatch: {seeded}: ")
            assert "database is read-only" in err, err
            assert err.rstrip().endswith("`feeds list`, `feeds export` and `ledger pending`"
                                         " can still read it"), err
            assert ("directory" if what == "directory" else "file is not writable") in err
    assert seeded.read_bytes() == before
    wal = seeded.with_name(seeded.name + "-wal")  # a reader beside a read-only file may
    assert not wal.exists() or wal.stat().st_size == 0  # leave an empty one behind


def test_read_only_directory_sees_a_live_writers_changes(cli: Cli, seeded: Path) -> None:
    """With another connection open (its -shm there), the read-only open shares its
    locks and reads its write-ahead log: the newest commit, not the stale main file."""
    with Store.open(seeded) as writer:
        writer.conn.execute("PRAGMA wal_autocheckpoint = 0")
        iid = headlines(writer)[0].id
        with writer.transaction() as conn:
            conn.execute("UPDATE items SET title = 'Canola breakthrough in Beijing' "
                         "WHERE id = ?", (iid,))
        with unwritable(seeded.parent):
            code, out, _ = cli("search", "breakthrough", "--format", "json")
    assert code == 0 and titles(out) == ["Canola breakthrough in Beijing"]


def test_read_only_directory_with_unmerged_changes_is_refused(
        seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A copy whose -wal still holds commits cannot be read without a -shm; reading the
    main file alone would silently miss them, so it is refused, in one line."""
    copy = tmp_path / "copy"
    copy.mkdir()
    with Store.open(seeded) as writer:
        writer.conn.execute("PRAGMA wal_autocheckpoint = 0")
        writer.set_meta("ui.theme", "nord")
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{seeded}{suffix}", copy / f"thawwatch.db{suffix}")
    with unwritable(copy):
        code = main(["--db", str(copy / "thawwatch.db"), "status"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "thawwatch.db-wal holds changes" in err


@pytest.mark.parametrize("argv", [
    ("export", "--since", "20260101"), ("export", "--since", "2026-W01"),
    ("status", "--as-of", "2026-1-5"), ("status", "--as-of", "2026-02-30"),
])
def test_dates_are_written_yyyy_mm_dd(cli: Cli, argv: tuple[str, ...]) -> None:
    """The interface's date form only: 20260101 is not silently read as a date."""
    code, out, err = cli(*argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not a date (YYYY-MM-DD)" in err


def test_a_db_path_that_cannot_be_a_database_is_bad_usage(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory, or a path through a file, is bad input (exit 2), named in one line;
    the file in the way is left alone."""
    in_the_way = tmp_path / "notes.txt"
    in_the_way.write_text("mine")
    for db, says in ((tmp_path, "not a file"),
                     (in_the_way / "t.db", "a file stands where its directory should be"),
                     (in_the_way / "sub" / "t.db", "a file stands where its directory should")):
        for argv in (["status"], ["refresh"], ["feeds", "list"]):
            assert main(["--db", str(db), *argv]) == 2
            out, err = capsys.readouterr()
            assert out == "" and err.startswith(f"thawwatch: {db}: ")
            assert says in err and err.count("\n") == 1
    assert in_the_way.read_text() == "mine"


def _kept_out(directory: Path) -> list[str]:
    """The command prefix under which this process's permission bits bind, as for any
    user: none for a user, ``setpriv`` dropping the override capabilities for root. Skips
    when root has no setpriv, or when even then ``directory`` can be written."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root, and no setpriv to drop the capabilities that ignore chmod")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import sys\ntry:\n    open(sys.argv[1], 'w')\n"
         "except PermissionError:\n    sys.exit(3)", str(directory / "probe")],
        capture_output=True)
    if probe.returncode == 0:
        pytest.skip(f"{directory} stays writable here even after chmod")
    if probe.returncode != 3:  # setpriv itself could not run (a container without caps)
        pytest.skip(f"cannot drop root's capabilities here: {probe.stderr[-200:]!r}")
    return prefix


def test_a_directory_chmod_keeps_the_user_out_of_still_reads(seeded: Path) -> None:
    """The usual read-only directory: its permission bits, not a read-only mount or
    chattr. SQLite then says "attempt to write a readonly database" (it cannot make the
    -shm) rather than "unable to open": the readers must still read, `db check` must find
    the database sound (not "corrupt", with advice to restore a backup) and `db backup`
    must copy it. Real processes, since root must shed capabilities to be kept out."""

    def thawwatch(prefix: list[str], *argv: str) -> tuple[int, str, str]:
        done = subprocess.run([*prefix, sys.executable, "-m", "thawwatch", "--db", str(seeded),
                               *argv], capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout, done.stderr

    before = {argv: thawwatch([], *argv) for argv in READERS}
    assert all(code == 0 for code, _, _ in before.values()), before
    content = seeded.read_bytes()
    assert not seeded.with_name(seeded.name + "-shm").exists()  # as a copied file has none
    mode = seeded.parent.stat().st_mode
    seeded.parent.chmod(0o555)
    try:
        prefix = _kept_out(seeded.parent)
        for argv in READERS:
            assert thawwatch(prefix, *argv) == before[argv], argv
        code, out, err = thawwatch(prefix, "db", "check")
        assert (code, err) == (0, "") and "integrity: ok" in out and "corrupt" not in out
        copy = seeded.parent.parent / "copy.db"
        code, out, err = thawwatch(prefix, "db", "backup", str(copy))
        assert (code, err) == (0, "") and copy.is_file()
    finally:
        seeded.parent.chmod(mode)
    assert seeded.read_bytes() == content
    assert sorted(p.name for p in seeded.parent.iterdir()) == [seeded.name]


def test_db_check_never_calls_a_read_only_refusal_corruption(tmp_path: Path) -> None:
    """A file SQLite will not read without writing (here a rollback journal left hot by a
    crash, in a directory the user cannot write) is not corrupt: `db check` must say it
    cannot read it here, not tell the user to restore a backup over it."""
    source, kept = tmp_path / "source", tmp_path / "kept"
    source.mkdir()
    kept.mkdir()
    conn = sqlite3.connect(source / "t.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    conn.execute("PRAGMA cache_size = 1")  # the update spills into the file: the journal is hot
    conn.execute("BEGIN")
    conn.execute("UPDATE t SET x = zeroblob(200000)")
    for name in ("t.db", "t.db-journal"):  # as a crash mid-transaction leaves them
        shutil.copyfile(source / name, kept / name)
    conn.execute("ROLLBACK")
    conn.close()
    mode = kept.stat().st_mode
    kept.chmod(0o555)
    try:
        prefix = _kept_out(kept)
        done = subprocess.run([*prefix, sys.executable, "-m", "thawwatch", "--db",
                               str(kept / "t.db"), "db", "check"],
                              capture_output=True, text=True, timeout=60)
    finally:
        kept.chmod(mode)
    assert done.returncode == 1
    assert done.stderr == (f"thawwatch: {kept / 't.db'}: check failed: cannot read it read-only"
                           " here (attempt to write a readonly database)\n")
    assert done.stdout == (f"{kept / 't.db'}: cannot read it read-only here"
                           " (attempt to write a readonly database)\n")


@pytest.mark.parametrize("argv", READERS)
def test_a_reader_given_a_missing_database_says_so_and_makes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    """A typo in a cron line's --db reported no news, exit 0, with nothing on stderr
    (which cron mails); then it said so, but made the database and its directories."""
    typo = tmp_path / "typo" / "deeper" / "thawwatch.db"
    for _ in range(2):  # said every time: nothing was made that would quiet it
        code = main(["--db", str(typo), *argv])
        err = capsys.readouterr().err
        assert code == 0
        assert err.startswith(f"thawwatch: note: {typo} does not exist: read as an empty"
                              " database (nothing was created)\n")
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("how", ["--db", "THAWWATCH_DB"])
def test_a_writer_that_makes_the_database_s_directory_says_so_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        how: str) -> None:
    """A writer given a database in a directory that is not there (a typo in a cron line's
    --db) made the directories and a second database, silently: each run then stored into
    it. It still does (a first run must work), and says so on stderr, once."""
    typo = tmp_path / "typo" / "deeper" / "thawwatch.db"
    argv = ["feeds", "add", "https://example.org/feed.xml"]
    if how == "--db":
        argv = ["--db", str(typo), *argv]
    else:
        monkeypatch.setenv("THAWWATCH_DB", str(typo))
    assert main(argv) == 0
    assert capsys.readouterr().err == (f"thawwatch: note: {typo.parent} did not exist:"
                                       " created it and a new database thawwatch.db in it\n")
    assert typo.is_file()
    assert main([*argv[:-1], "https://example.org/other.xml"]) == 0
    assert capsys.readouterr().err == ""  # made now: nothing to say


def test_a_writer_on_the_default_database_makes_its_directory_quietly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run on a new machine makes the data directory: that is no typo."""
    monkeypatch.delenv("THAWWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh-data"))
    assert main(["feeds", "add", "https://example.org/feed.xml"]) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "fresh-data" / "thawwatch" / "thawwatch.db").is_file()


@pytest.mark.parametrize("argv", READERS)
def test_a_reader_given_a_link_to_a_missing_database_says_so_and_makes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    """A database kept elsewhere and linked to (the data dir's thawwatch.db pointing at a
    drive or share not mounted): a reader made an empty database at the link's target,
    said nothing and reported no news, exit 0; the next mount hid or clashed with it."""
    target = tmp_path / "drive" / "thawwatch.db"
    target.parent.mkdir()
    link = tmp_path / "thawwatch.db"
    link.symlink_to(target)
    code = main(["--db", str(link), *argv])
    err = capsys.readouterr().err
    assert code == 0
    assert err.startswith(f"thawwatch: note: {link} does not exist (it links to {target}):"
                          " read as an empty database (nothing was created)\n"), err
    assert not target.exists()
    assert link.is_symlink()


def test_search_text_gives_the_local_date_as_the_dashboard_does(
        db_path: Path, cli: Cli, prairie_time: None) -> None:
    """A story published at 03:00 UTC on 28 November is the evening of the 27th in
    Regina: the dashboard says 11-27, and `search` gave 2026-11-28 (JSON keeps UTC)."""
    late = ("late", "https://news.example/late", "China and Canada hold canola talks late",
            "Officials met.", "2026-11-28T03:00:00Z")
    seed_items(db_path, items=[late])
    code, out, _ = cli("search", "canola")
    assert code == 0 and out.startswith("2026-11-27  Test Feed "), out
    code, out, _ = cli("search", "canola", "--format", "json")
    assert json.loads(out)[0]["published"] == "2026-11-28T03:00:00Z"


def test_a_decision_ranks_above_talk_about_it(cli: Cli, db_path: Path) -> None:
    """Searching "peas tariff" in December, the speculation came first: it names the words
    more often, so FTS5 ranks it higher. The headline that reads as the change leads."""
    talk = ("Will China extend the peas tariff pause? Peas growers wait on Beijing's tariff"
            " call")
    decision = "China extends tariff relief on Canadian peas to Dec. 31, 2027"
    seed_items(db_path, items=[
        ("t1", "https://news.example/talk", talk, "", "2026-12-10T09:00:00Z"),
        ("d1", "https://news.example/decision", decision, "", "2026-12-08T09:00:00Z"),
        ("t2", "https://news.example/more-talk",
         "Peas tariff: what an extension could mean for growers",
         "Analysts say an extension of the peas tariff pause is likely.",
         "2026-12-12T09:00:00Z")])
    for query in ("peas tariff", "peas"):
        code, out, _ = cli("search", query, "--format", "json")
        assert code == 0 and titles(out)[0] == decision, (query, titles(out))
    with Store.open(db_path) as store:  # the dashboard's search, the same
        assert search(store, "tariff")[0].title == decision


def test_a_dismissed_reading_ranks_as_talk(cli: Cli, db_path: Path) -> None:
    """A headline the user dismissed as no change (the signal misread it) is ranked by its
    words alone: it was still boosted above the talk that names them more often."""
    talk = ("Will China extend the peas tariff pause? Peas growers wait on Beijing's tariff"
            " call")
    misread = "China extends tariff relief on Canadian peas to Dec. 31, 2027"
    seed_items(db_path, items=[
        ("t1", "https://news.example/talk", talk, "", "2026-12-10T09:00:00Z"),
        ("d1", "https://news.example/decision", misread, "", "2026-12-08T09:00:00Z")])
    # another feed's copy of the story (a review: only the first copy holds its decisions,
    # and this one stayed boosted)
    seed_items(db_path, "http://127.0.0.1:9/other.xml", name="Other", items=[
        ("d2", "https://other.example/decision", misread, "", "2026-12-08T10:00:00Z")])
    with Store.open(db_path) as store:
        (change,) = pending_changes(store)
        assert search(store, "peas tariff")[0].title == misread
        dismiss(store, change.id, datetime(2026, 12, 11, tzinfo=UTC))
        assert [i.title for i in search(store, "peas tariff")] == [talk, misread]
    code, out, _ = cli("search", "peas tariff", "--format", "json")
    assert code == 0 and titles(out) == [talk, misread]


def test_search_json_gives_the_objects_export_gives(cli: Cli, seeded: Path) -> None:
    """Each signal with what the user decided (``state``), as in `export`: a script
    reading both must not find the key in one and not the other."""
    code, out, _ = cli("search", "peas", "--format", "json")
    found = json.loads(out)
    code2, exported, _ = cli("export", "--format", "json")
    assert code == code2 == 0
    by_id = {d["id"]: d for d in json.loads(exported)}
    assert found and all(d == by_id[d["id"]] for d in found)
    assert any(d["signals"] for d in found)
    assert all("state" in s for d in found for s in d["signals"])


def test_search_text_keeps_its_columns_under_a_chinese_feed_name(db_path: Path,
                                                                  cli: Cli) -> None:
    """A feed named in Chinese ("新华网 财经", 11 columns) was padded by characters, so
    its headlines started five columns right of every other feed's."""
    rows = [("zh", "https://news.example/zh", "China and Canada hold canola talks",
             "Officials met.", "2026-11-27T12:00:00Z")]
    seed_items(db_path, feed_url="http://127.0.0.1:9/zh.xml", items=rows, name="新华网 财经")
    seed_items(db_path, feed_url="http://127.0.0.1:9/en.xml", name="Xinhua English",
               items=[("en", "https://news.example/en", "Canada and China canola deal",
                       "Signed.", "2026-11-27T13:00:00Z")])
    seed_items(db_path, feed_url="http://127.0.0.1:9/long.xml", name="新华网" * 10,
               items=[("lg", "https://news.example/lg", "Canola talks in Beijing, Canada says",
                       "Met.", "2026-11-27T14:00:00Z")])
    code, out, _ = cli("search", "canola")
    lines = [line.rsplit("  <", 1)[0] for line in out.splitlines()]  # (its link last)
    starts = {line.split("  ")[-1]: _cells(line[:line.rindex("  ") + 2]) for line in lines}
    assert code == 0 and len(starts) == 3 and len(set(starts.values())) == 1, out


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
