"""Faults outside thawwatch's control: a refresh killed with SIGKILL, a full disk, a corrupt
or newer database, a read-only directory; and what `db check` / `db backup` do about them.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import hostile_feeds as H
import pytest
from feedserver import FeedServer, rss
from test_interrupts import with_site

import thawwatch.refresh as refresh_mod
from thawwatch.cli import main
from thawwatch.store import Store

FEEDS = 6
PER_ROUND = 12
KILLS = 12


def round_items(feed: int, rounds: int) -> list[dict[str, Any]]:
    """Feed ``feed`` after ``rounds`` rounds: PER_ROUND items per round, one of them a
    tariff headline in feed 0 (so decisions are written in the same transaction)."""
    base = datetime(2026, 10, 1, tzinfo=UTC)
    out = []
    for r in range(rounds):
        for j in range(PER_ROUND):
            title = f"feed {feed} round {r} canola item {j}"
            if feed == 0 and j == 0:
                title = (f"China suspends tariffs on Canadian peas and canola meal from "
                         f"March 1 to December 31 (update {r})")
            out.append({"guid": f"f{feed}-r{r}-{j}", "title": title,
                        "link": f"https://f{feed}.example/{r}/{j}",
                        "pubDate": base + timedelta(hours=r * PER_ROUND + j),
                        "description": "Canada China trade " * 20})
    return out


def serve(server: FeedServer, rounds: int) -> None:
    for i in range(FEEDS):
        server.route(f"/f{i}", rss(round_items(i, rounds)[::-1], title=f"Feed {i}"),
                     delay=0.1 * i, etag=f'"{rounds}"')


def consistent(db: Path) -> dict[str, int]:
    """Integrity, and every feed stored whole: item counts in full rounds, the feeds
    table's count matching, each tariff item with all its decisions. Returns counts."""
    conn = sqlite3.connect(db, timeout=15)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = dict(conn.execute("SELECT feed_url, count(*) FROM items GROUP BY feed_url"))
        for url, n in counts.items():
            assert n % PER_ROUND == 0, (url, n)  # never a half-stored feed
        for url, item_count in conn.execute("SELECT url, item_count FROM feeds"):
            assert item_count == counts.get(url, 0), url
        torn = conn.execute(
            "SELECT count(*) FROM items i WHERE json_array_length(i.signals) !="
            " (SELECT count(*) FROM decisions d WHERE d.item_id = i.id)").fetchone()[0]
        assert torn == 0  # every tariff item with all of its pending decisions
        assert conn.execute("SELECT count(*) FROM items i LEFT JOIN items_fts f ON "
                            "f.rowid = i.rowid WHERE f.rowid IS NULL").fetchone()[0] == 0
        return counts
    finally:
        conn.close()


def kill_group(pgid: int) -> None:
    """SIGKILL what is left of a process group this test started (parser processes)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def group_alive(pgid: int) -> list[str]:
    out = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(pgid)], capture_output=True,
                         text=True).stdout
    return [line for line in out.splitlines() if line.strip() and "Z" not in line.split()[-1]]


@pytest.fixture
def cron_env(feed_server: FeedServer, db_path: Path, tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text("".join(f'[[feeds]]\nurl = "{feed_server.url(f"/f{i}")}"\n'
                              for i in range(FEEDS))
                      + "[refresh]\ninterval_minutes = 0\ntimeout_seconds = 10\n", "utf-8")
    return {**os.environ, "THAWWATCH_CONFIG": str(config), "THAWWATCH_DB": str(db_path)}


def killed_leaves(proc: subprocess.Popen[bytes], within: float, reaped: bool = True
                  ) -> list[str]:
    """SIGKILL ``proc``: what is left of its process group after at most ``within`` s
    (``reaped``: waited for at once; else a zombie meanwhile, as under a busy parent)."""
    proc.send_signal(signal.SIGKILL)
    if reaped:
        proc.wait()
    deadline = time.monotonic() + within
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = group_alive(proc.pid)
    proc.wait()
    return left


def start_refresh(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "thawwatch", "refresh"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


# --------------------------------------------------------------------------- kill -9


def test_sigkill_at_random_moments_never_half_stores(feed_server: FeedServer, db_path: Path,
                                                    cron_env: dict[str, str]) -> None:
    rng = random.Random(20261128)
    started = time.monotonic()
    killed = 0
    for n in range(1, KILLS + 1):
        serve(feed_server, n)
        proc = start_refresh(cron_env)
        try:
            proc.wait(timeout=rng.uniform(0.0, 1.5))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed += 1
        else:
            assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
        finally:
            kill_group(proc.pid)
            if proc.stderr:
                proc.stderr.close()
        if db_path.exists():
            counts = consistent(db_path)
            assert all(c <= n * PER_ROUND for c in counts.values())
    assert killed >= KILLS // 3, killed  # the kills really landed mid-refresh

    rounds = KILLS + 1
    serve(feed_server, rounds)
    final = subprocess.run([sys.executable, "-m", "thawwatch", "refresh"], env=cron_env,
                           capture_output=True, text=True, timeout=30)
    assert final.returncode == 0, final.stderr
    assert f"{FEEDS} of {FEEDS} feeds ok" in final.stdout
    counts = consistent(db_path)
    assert sorted(counts.values()) == [rounds * PER_ROUND] * FEEDS
    assert time.monotonic() - started < 40


def test_sigkilled_refresh_leaves_no_processes_behind(feed_server: FeedServer,
                                                     cron_env: dict[str, str]) -> None:
    serve(feed_server, 3)
    proc = start_refresh(cron_env)
    try:
        deadline = time.monotonic() + 10
        while len(group_alive(proc.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # until the parser processes are up
        assert killed_leaves(proc, within=2) == []
    finally:
        kill_group(proc.pid)
        if proc.stderr:
            proc.stderr.close()


# A fork server slow to start (a cold disk cache, a loaded machine) that marks each process
# it forks. Active only in the fork server, and only when LATE_FORK_SERVER names the mark.
LATE_FORK_SERVER_SITE = """
import os, sys

_mark = os.environ.get("LATE_FORK_SERVER")
if _mark and any("multiprocessing.forkserver" in arg for arg in sys.orig_argv):
    import time
    import multiprocessing.forkserver as _forkserver

    _main = _forkserver.main

    def _late_main(*args, **kwargs):
        open(_mark, "w").close()
        time.sleep(0.5)
        os.register_at_fork(after_in_child=lambda: open(_mark + ".forked", "w").close())
        return _main(*args, **kwargs)

    _forkserver.main = _late_main
"""


@pytest.mark.parametrize("reaped", [True, False])
def test_sigkilled_before_its_fork_server_is_up(feed_server: FeedServer,
                                                cron_env: dict[str, str],
                                                tmp_path: Path, reaped: bool) -> None:
    """Killed after asking for its parser workers, while the fork server was starting:
    the request, waiting in the fork server's socket, holds a copy of the pipe whose end
    tells it the main process is gone. It went on to fork a worker, which lived on until
    its own watch noticed (1.6 s under load). It now ends before forking anything, also
    while the killed process is a zombie its parent has not waited for (a review)."""
    serve(feed_server, 3)
    mark = tmp_path / "fork-server"
    env = with_site({**cron_env, "LATE_FORK_SERVER": str(mark)}, tmp_path,
                    LATE_FORK_SERVER_SITE)
    proc = start_refresh(env)
    try:
        deadline = time.monotonic() + 20
        while not mark.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert mark.exists()
        time.sleep(0.1)  # the main process has asked for its workers: see ``parsers``
        assert killed_leaves(proc, within=10 if reaped else 3, reaped=reaped) == []
        assert not Path(f"{mark}.forked").exists()
    finally:
        kill_group(proc.pid)
        if proc.stderr:
            proc.stderr.close()


# --------------------------------------------------------------------------- full disk


class Cli:
    def __init__(self, server: FeedServer, db: Path, config: Path, capsys: Any) -> None:
        self.server, self.db, self.config, self.capsys = server, db, config, capsys

    def feeds(self, *paths: str) -> None:
        self.config.write_text("".join(f'[[feeds]]\nurl = "{self.server.url(p)}"\n'
                                       for p in paths)
                               + "[refresh]\ntimeout_seconds = 5\n", "utf-8")

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(self.db), *argv])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(feed_server: FeedServer, config_file: Callable[..., Path], db_path: Path, capsys: Any,
        parser_processes: ProcessPoolExecutor, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr(refresh_mod, "parse_pool", H.BorrowedPool(parser_processes))
    feed_server.route("/small", H.good_items(20, "small"))
    feed_server.route("/big", H.good_items(1500, "big"))
    return Cli(feed_server, db_path, config_file(""), capsys)


@contextlib.contextmanager
def capped_pages(spare: int) -> Iterator[None]:
    """Every connection the store opens may grow the file by ``spare`` pages only."""
    real = Store._prepare

    def prepare(self: Store) -> None:
        real(self)
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(f"PRAGMA max_page_count = {pages + spare}")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Store, "_prepare", prepare)
        yield


def seeded(cli: Cli) -> str:
    cli.feeds("/small")
    assert cli("refresh")[0] == 0
    return cli("export")[1]


def test_full_disk_fails_cleanly_and_keeps_the_data(cli: Cli) -> None:
    before = seeded(cli)
    cli.feeds("/small", "/big")
    with capped_pages(spare=4):
        code, _, err = cli("refresh")
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("thawwatch: ") and "Traceback" not in err
    assert cli("export")[1] == before  # nothing lost, nothing half-written
    consistent_plain(cli.db)
    cli.feeds("/small", "/big")
    assert cli("refresh")[0] == 0  # room again: the next refresh completes


def consistent_plain(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_full_disk_message_says_so(cli: Cli) -> None:
    seeded(cli)
    cli.feeds("/small", "/big")
    with capped_pages(spare=4):
        code, _, err = cli("refresh")
    assert code == 1
    assert "disk full" in err and "unexpected error" not in err


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_really_full_tmpfs(cli: Cli, tiny_tmpfs: Path) -> None:
    """A real ENOSPC: a 2 MB tmpfs, filled up but for 128 kB after the first refresh."""
    cli.db = tiny_tmpfs / "thawwatch.db"
    before = seeded(cli)
    free = os.statvfs(tiny_tmpfs).f_bavail * os.statvfs(tiny_tmpfs).f_frsize
    filler = tiny_tmpfs / "filler"
    filler.write_bytes(b"\0" * (free - 128 * 1024))
    cli.feeds("/small", "/big")
    code, _, err = cli("refresh")
    assert code != 0 and err.count("\n") == 1 and "Traceback" not in err
    filler.unlink()
    assert cli("export")[1] == before
    consistent_plain(cli.db)


# --------------------------------------------------------------------------- damaged databases


def make_db(cli: Cli) -> bytes:
    seeded(cli)
    return cli.db.read_bytes()


@pytest.mark.parametrize("argv", [("refresh",), ("status",), ("export",), ("feeds", "list"),
                                  ("search", "canola"), ("ledger", "pending")])
def test_newer_schema_is_refused_untouched(cli: Cli, argv: tuple[str, ...]) -> None:
    make_db(cli)
    conn = sqlite3.connect(cli.db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = cli.db.read_bytes()
    code, out, err = cli(*argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "schema v99 is newer than this thawwatch understands" in err
    assert cli.db.read_bytes() == before
    code, out, _ = cli("db", "check")
    assert code == 1 and "written by a newer thawwatch" in out and "integrity: ok" in out
    assert cli.db.read_bytes() == before


@pytest.mark.parametrize("argv", [("refresh",), ("status",), ("export",), ("feeds", "list")])
def test_garbage_file_is_refused_untouched(cli: Cli, argv: tuple[str, ...]) -> None:
    """A --db that is not SQLite at all (a config file, a shopping list) is bad input:
    exit 2, as the interface page has it for bad config or input."""
    cli.db.parent.mkdir(parents=True, exist_ok=True)
    cli.db.write_bytes(b"this is not a database\n" * 300)
    before = cli.db.read_bytes()
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "corrupt or not SQLite" in err and "db check" in err
    assert cli.db.read_bytes() == before
    assert sorted(p.name for p in cli.db.parent.iterdir()) == [cli.db.name]


@pytest.mark.parametrize("argv", [("refresh",), ("status",), ("export",), ("feeds", "list")])
def test_another_program_s_database_is_refused_untouched(cli: Cli,
                                                         argv: tuple[str, ...]) -> None:
    cli.db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(cli.db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = cli.db.read_bytes()
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "not a thawwatch database" in err
    assert cli.db.read_bytes() == before


@pytest.mark.parametrize("argv", [("refresh",), ("status",), ("export",), ("feeds", "list")])
def test_a_thawwatch_database_with_a_damaged_header_is_a_failure_not_bad_input(
        cli: Cli, argv: tuple[str, ...]) -> None:
    """SQLite says "file is not a database" of a damaged header too: that is thawwatch's
    own database failing (exit 1), not the wrong file given (exit 2)."""
    cli.feeds("/big")
    assert cli("refresh")[0] == 0
    conn = sqlite3.connect(cli.db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(cli.db.read_bytes())
    data[16:18] = b"\x00\x03"  # an impossible page size; "SQLite format 3" stays
    cli.db.write_bytes(bytes(data))
    code, out, err = cli(*argv)
    assert code == 1 and out == "" and err.count("\n") == 1, (code, err)
    assert "corrupt or not SQLite" in err
    assert cli.db.read_bytes() == bytes(data)


def damage(db: Path) -> None:
    """Overwrite the root page of the items table (the file header stays intact)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items'").fetchone()
    finally:
        conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * size: root * size] = b"\xab" * size
    db.write_bytes(bytes(data))


@pytest.fixture
def damaged(cli: Cli) -> Cli:
    cli.feeds("/big")
    assert cli("refresh")[0] == 0
    damage(cli.db)
    return cli


def test_damaged_database_db_check_and_backup(damaged: Cli, tmp_path: Path) -> None:
    before = damaged.db.read_bytes()
    code, out, err = damaged("db", "check")
    assert code == 1 and ("corrupt" in out or "integrity:" in out)
    assert err.startswith(f"thawwatch: {damaged.db}: check failed: ") and err.count("\n") == 1
    assert "integrity: ok" not in out
    target = tmp_path / "copy.db"
    code, out, err = damaged("db", "backup", str(target))
    assert code == 1 and "damaged" in err and err.count("\n") == 1  # not a silent bad backup
    assert damaged.db.read_bytes() == before


def test_damaged_database_message_points_to_db_check(damaged: Cli) -> None:
    code, _, err = damaged("export")
    assert code == 1 and "unexpected error" not in err
    assert "corrupt" in err and "db check" in err


def test_db_check_and_backup_of_a_healthy_database(cli: Cli, tmp_path: Path) -> None:
    make_db(cli)
    code, out, _ = cli("db", "check")
    assert code == 0 and "integrity: ok" in out and "items 20" in out
    # a backup taken while another connection holds the write lock (a refresh mid-write)
    writer = sqlite3.connect(cli.db, timeout=15, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM items")  # uncommitted: must not be in the backup
    try:
        code, out, err = cli("db", "backup", str(tmp_path / "b.db"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert code == 0, err
    copy = sqlite3.connect(tmp_path / "b.db")
    try:
        assert copy.execute("SELECT count(*) FROM items").fetchone()[0] == 20
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        copy.close()
    code, _, err = cli("db", "backup", str(tmp_path / "b.db"))
    assert code == 2 and "already exists" in err
    code, _, err = cli("db", "backup", str(tmp_path / "no" / "such" / "dir" / "b.db"))
    assert code == 2 and err.count("\n") == 1 and "no such directory" in err
    missing = tmp_path / "missing.db"
    code, _, err = main(["--db", str(missing), "db", "check"]), *cli.capsys.readouterr()
    assert code == 1 and not missing.exists()


# --------------------------------------------------------------------------- read-only


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """chattr +i (root cannot write either); skip if the filesystem will not have it."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make {path} read-only for root: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_read_only_directory(cli: Cli, tmp_path: Path) -> None:
    before = make_db(cli)
    export = cli("export")[1]
    cli.feeds("/small", "/big")
    with immutable(cli.db.parent):
        for argv in (("refresh",), ("feeds", "add", "https://x.example/rss")):
            code, out, err = cli(*argv)
            assert code == 1 and err.count("\n") == 1 and "Traceback" not in err, (argv, err)
        # reading may work or not (a WAL database wants its -shm file), but never messily
        code, out, err = cli("status")
        assert code == 0 or (code == 1 and err.count("\n") == 1 and "Traceback" not in err)
        code, out, _ = cli("db", "check")  # read-only work still works
        assert code == 0 and "integrity: ok" in out
        code, _, err = cli("db", "backup", str(tmp_path / "elsewhere.db"))
        assert code == 0, err
    assert cli.db.read_bytes() == before
    assert cli("export")[1] == export


def test_read_only_database_file_message(cli: Cli) -> None:
    make_db(cli)
    cli.feeds("/small", "/big")
    with immutable(cli.db):
        code, _, err = cli("refresh")
    assert code == 1 and "unexpected error" not in err and "read-only" in err
