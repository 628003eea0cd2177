"""Hostile feeds through the real pipeline (GitHub issue #5).

Every case is served over loopback HTTP (the ``feed_server`` fixture, or a tiny raw socket
server below for what ``http.server`` cannot send), fetched by ``thawwatch refresh`` next
to a well-behaved feed, and then checked from the outside: the hostile feed is either in
error with a one-line message or ingested safely; the good feed's items are all there; and
no control character or escape sequence is in the database (read with SQLite directly) or
in the output of ``export`` (jsonl, json, csv), ``search``, ``feeds list``, ``status`` and
``ledger pending``.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import hostile_feeds as H
import pytest
from feedserver import FeedServer

import thawwatch.fetch as fetch_mod
import thawwatch.refresh as refresh_mod
from thawwatch.cli import main
from thawwatch.parse import MAX_ITEMS

GOOD_TITLES = [f"good headline {i}" for i in range(3)]
SECRET = "S3CRET-7e1f0c2b-do-not-leak"


# --------------------------------------------------------------------------- harness


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float


class Pipeline:
    """A good feed plus the hostile ones, refreshed through `thawwatch refresh`."""

    def __init__(self, server: FeedServer, db: Path, config: Path, capsys: Any) -> None:
        self.server = server
        self.db = db
        self.config = config
        self.capsys = capsys
        server.route("/good", H.good_items(3, "good"))
        self.good = server.url("/good")

    def serve(self, path: str, body: bytes | str = b"", **kw: Any) -> str:
        self.server.route(path, body, **kw)
        return self.server.url(path)

    def cli(self, *argv: str) -> Run:
        t0 = time.perf_counter()
        code = main(["--db", str(self.db), *argv])
        out, err = self.capsys.readouterr()
        return Run(code, out, err, time.perf_counter() - t0)

    def refresh(self, *urls: str, timeout: float = 5, max_bytes: int = 10_000_000,
                force: bool = False) -> Run:
        feeds = "".join(f'[[feeds]]\nurl = "{u}"\n' for u in (self.good, *urls))
        self.config.write_text(
            f'{feeds}\n[refresh]\ninterval_minutes = 0\ntimeout_seconds = {timeout}\n'
            f"max_bytes = {max_bytes}\n", "utf-8")
        return self.cli("refresh", *(["--force"] if force else []))

    # -- what is stored
    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        conn = sqlite3.connect(f"{self.db.resolve().as_uri()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def items(self, url: str) -> list[sqlite3.Row]:
        return self.rows("SELECT * FROM items WHERE feed_url = ? ORDER BY rowid", url)

    def feed(self, url: str) -> dict[str, Any]:
        run = self.cli("feeds", "list", "--format", "json")
        return {f["url"]: f for f in json.loads(run.out)}[url]

    # -- the checks every case ends with
    def assert_good_intact(self) -> None:
        assert [r["title"] for r in self.items(self.good)] == GOOD_TITLES
        good = self.feed(self.good)
        assert (good["status"], good["items"], good["error"]) == ("ok", 3, None)

    def assert_error(self, url: str, *fragments: str) -> str:
        """The feed is in error with a one-line message containing ``fragments``."""
        feed = self.feed(url)
        assert feed["status"] == "error", feed
        error = feed["error"]
        assert error and "\n" not in error and len(error) <= 300
        assert not H.CONTROL_ANY.search(error)
        for fragment in fragments:
            assert fragment in error, (fragment, error)
        assert feed["items"] == 0 and self.items(url) == []
        return error

    def assert_ok(self, url: str, items: int) -> list[sqlite3.Row]:
        feed = self.feed(url)
        assert (feed["status"], feed["error"], feed["items"]) == ("ok", None, items), feed
        rows = self.items(url)
        assert len(rows) == items
        return rows

    def outputs(self) -> dict[str, str]:
        """Every read-only command's output, by name."""
        commands = {
            "export-jsonl": ("export", "--format", "jsonl"),
            "export-json": ("export", "--format", "json"),
            "export-csv": ("export", "--format", "csv"),
            "search-text": ("search", "canola"),
            "search-json": ("search", "canola", "--format", "json"),
            "feeds-text": ("feeds", "list"),
            "feeds-json": ("feeds", "list", "--format", "json"),
            "status-text": ("status",),
            "status-json": ("status", "--format", "json"),
            "pending": ("ledger", "pending"),
            "feeds-export": ("feeds", "export"),
        }
        out = {}
        for name, argv in commands.items():
            run = self.cli(*argv)
            assert run.code == 0, (name, run.err)
            out[name] = run.out + run.err
        return out

    def assert_clean(self, *extra_outputs: str) -> dict[str, str]:
        """No control character or escape debris stored or printed anywhere."""
        for table in ("items", "feeds", "decisions"):
            for row in self.rows(f"SELECT * FROM {table}"):
                for key in row.keys():  # noqa: SIM118 - sqlite3.Row is not a mapping
                    value = row[key]
                    if isinstance(value, str):
                        assert not H.CONTROL_ANY.search(value), (table, key, value)
                        assert "\ufffe" not in value and "\uffff" not in value
        outputs = self.outputs()
        for name, text in [*outputs.items(), *(("extra", t) for t in extra_outputs)]:
            assert not H.has_control(text), (name, text[:2000])
            if name.endswith("json") or name == "export-jsonl":
                docs = ([json.loads(line) for line in text.splitlines() if line.strip()]
                        if name == "export-jsonl" else [json.loads(text)])
                for value in _strings(docs):
                    assert not H.CONTROL.search(value), (name, value)
        for row in csv.DictReader(io.StringIO(outputs["export-csv"])):
            for value in row.values():
                assert not H.CONTROL_ANY.search(value or "")
        return outputs


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@pytest.fixture
def pipe(feed_server: FeedServer, config_file: Callable[..., Path], db_path: Path,
         capsys: Any, parser_processes: ProcessPoolExecutor,
         monkeypatch: pytest.MonkeyPatch) -> Pipeline:
    monkeypatch.setattr(refresh_mod, "parse_pool", H.BorrowedPool(parser_processes))
    return Pipeline(feed_server, db_path, config_file(""), capsys)


# --------------------------------------------------------------------------- raw server


class RawServer:
    """Answers with bytes http.server cannot produce: hostile reason phrases and headers,
    and a 200 MB body streamed from a generator (counting what was actually sent)."""

    CHUNK = b"<!-- " + b"z" * 65_000 + b" -->"

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.sent: dict[str, int] = {}
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=3)
        self.sock.close()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            request = conn.recv(65536).decode("latin-1")
            path = request.split(" ", 2)[1] if " " in request else "/"
            self.sent.setdefault(path, 0)
            if path == "/reason":
                conn.sendall(b"HTTP/1.1 404 Not\x1b]52;c;ZXZpbA==\x07Found\x1b[2J\x9b31m\r\n"
                             b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            elif path == "/validators":
                body = H.good_items(1, "validators")
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                             b'ETag: "\x9b2J\x9d52;c;ZXZpbA=="\r\n'
                             b"Last-Modified: Sat, 28 Feb 2026 \x9b2J GMT\r\n"
                             + f"Content-Length: {len(body)}\r\n".encode()
                             + b"Connection: close\r\n\r\n" + body)
            elif path in ("/stream", "/stream-length"):
                length = b"Content-Length: 200000000\r\n" if path == "/stream-length" else b""
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                             + length + b"Connection: close\r\n\r\n"
                             + b'<?xml version="1.0"?><rss version="2.0"><channel>')
                while self.sent[path] < 200_000_000 and not self.stop.is_set():
                    conn.sendall(self.CHUNK)
                    self.sent[path] += len(self.CHUNK)
        except OSError:
            pass  # the client hung up on us: that is the point
        finally:
            conn.close()


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    try:
        yield server
    finally:
        server.close()


# --------------------------------------------------------------------------- escapes


def test_terminal_escapes_are_removed_whole(pipe: Pipeline) -> None:
    url = pipe.serve("/esc", H.escapes_feed())
    run = pipe.refresh(url)
    assert run.code == 0 and not H.has_control(run.out + run.err)
    rows = pipe.assert_ok(url, 3)
    for row in rows:
        title, link, summary = H.ESCAPES_EXPECTED[row["guid"]]
        # exact: no control byte, and no "[2J" / "]52;" debris from half-removed sequences
        assert (row["title"], row["link"], row["summary"]) == (title, link, summary)
    assert pipe.feed(url)["name"] == H.ESCAPES_FEED_TITLE
    outputs = pipe.assert_clean(run.out)
    for text in outputs.values():
        assert not H.DEBRIS.search(text)
    assert "Canola deal reached" in outputs["search-text"]
    pipe.assert_good_intact()


def test_c1_controls_as_raw_latin1_bytes(pipe: Pipeline) -> None:
    url = pipe.serve("/c1", H.c1_latin1_feed(), content_type="application/rss+xml; "
                     "charset=iso-8859-1")
    assert pipe.refresh(url).code == 0
    rows = {r["guid"]: r for r in pipe.assert_ok(url, 3)}
    assert rows["c1-1"]["title"] == "Canola c1 csi"
    assert rows["c1-1"]["summary"] == "xy"  # the whole OSC 52, payload included, is gone
    assert rows["c1-2"]["title"] == "Canola link text"
    assert rows["c1-3"]["title"] == "Café canola red"
    assert pipe.feed(url)["name"] == "C1 feed"
    for text in pipe.assert_clean().values():
        assert "ZXZpbA==" not in text and "8;;" not in text
    pipe.assert_good_intact()


def test_c1_and_esc_as_character_references(pipe: Pipeline) -> None:
    url = pipe.serve("/ent", H.c1_entity_feed())
    assert pipe.refresh(url).code == 0
    rows = pipe.assert_ok(url, 3)
    assert all(r["title"].startswith("Canola") for r in rows)
    pipe.assert_clean()
    pipe.assert_good_intact()


def test_markup_is_stored_and_printed_literally(pipe: Pipeline) -> None:
    url = pipe.serve("/markup", H.markup_feed())
    assert pipe.refresh(url).code == 0
    rows = pipe.assert_ok(url, 4)
    assert {r["guid"]: r["title"] for r in rows} == H.MARKUP_TITLES
    assert {r["summary"] for r in rows} == {f"{t} summary" for t in H.MARKUP_TITLES.values()}
    assert pipe.feed(url)["name"] == "[blink]Markup[/] feed"
    outputs = pipe.assert_clean()
    for title in H.MARKUP_TITLES.values():
        assert title in outputs["search-text"]
        assert title in outputs["export-jsonl"]
    pipe.assert_good_intact()


# --------------------------------------------------------------------------- XML attacks


def test_xxe_secret_never_stored_or_printed(pipe: Pipeline, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    url = pipe.serve("/xxe", H.xxe_feed(str(secret)))
    run = pipe.refresh(url)
    assert run.code == 0
    rows = pipe.assert_ok(url, 1)
    assert rows[0]["title"].startswith("Canola") and rows[0]["title"].endswith("leak")
    outputs = pipe.assert_clean()
    for text in (run.out, run.err, *outputs.values()):
        assert SECRET not in text
    for path in pipe.db.parent.iterdir():  # the database, its WAL and shared memory
        assert SECRET.encode() not in path.read_bytes(), path
    pipe.assert_good_intact()


def test_external_dtd_is_never_fetched(pipe: Pipeline) -> None:
    pipe.serve("/evil.dtd", '<!ENTITY leak "DTD-WAS-READ">', content_type="application/xml-dtd")
    url = pipe.serve("/dtd", H.external_dtd_feed(pipe.server.url("/evil.dtd")))
    assert pipe.refresh(url).code == 0
    assert [r["title"] for r in pipe.assert_ok(url, 1)] == ["Canola external dtd"]
    assert not any(p.startswith("/evil.dtd") for p in pipe.server.paths())
    assert "DTD-WAS-READ" not in json.dumps(pipe.assert_clean())
    pipe.assert_good_intact()


@pytest.mark.parametrize("bomb", ["billion_laughs", "flat_entity_bomb"])
def test_entity_bombs_finish_quickly_unexpanded(pipe: Pipeline, bomb: str) -> None:
    url = pipe.serve(f"/{bomb}", getattr(H, bomb)())
    run = pipe.refresh(url)
    assert run.code == 0 and run.seconds < 5, run.seconds
    (row,) = pipe.assert_ok(url, 1)
    assert row["title"].startswith("Canola") and len(row["title"]) <= 500
    assert "lollol" not in row["title"] and "BBBB" not in row["title"]
    size = sum(p.stat().st_size for p in pipe.db.parent.iterdir())
    assert size < 5_000_000
    pipe.assert_clean()
    pipe.assert_good_intact()


def test_ten_thousand_deep_nesting(pipe: Pipeline) -> None:
    url = pipe.serve("/deep", H.deep_nesting(10_000))
    run = pipe.refresh(url)
    assert run.code == 0 and run.seconds < 10
    (row,) = pipe.assert_ok(url, 1)
    assert (row["title"], row["summary"], row["link"]) == ("Canola deep", "html", None)
    pipe.assert_clean()
    pipe.assert_good_intact()


# --------------------------------------------------------------------------- size and time


@pytest.mark.parametrize(("bomb", "encoding"), [("gzip_bomb", "gzip"),
                                                 ("deflate_bomb", "deflate")])
def test_compression_bombs_stop_at_max_bytes(pipe: Pipeline, bomb: str, encoding: str) -> None:
    data = getattr(H, bomb)(100_000_000)
    assert len(data) < 200_000  # 100 MB once inflated
    url = pipe.serve(f"/{bomb}", data, headers={"Content-Encoding": encoding})
    run = pipe.refresh(url, max_bytes=1_000_000)
    assert run.code == 0 and run.seconds < 5
    pipe.assert_error(url, "body larger than 1 MB")
    pipe.assert_clean()
    pipe.assert_good_intact()


def test_content_length_of_200_mb_is_refused_before_reading(pipe: Pipeline) -> None:
    # the route sends a small body but announces 200 MB: refused on the header alone
    url = pipe.serve("/huge", H.good_items(1, "huge"), headers={"Content-Length": "200000000"})
    run = pipe.refresh(url, max_bytes=1_000_000)
    assert run.code == 0 and run.seconds < 5
    pipe.assert_error(url, "body larger than 1 MB")
    pipe.assert_good_intact()


@pytest.mark.parametrize("path", ["/stream", "/stream-length"])
def test_streamed_200_mb_body_stops_at_the_cap(pipe: Pipeline, raw_server: RawServer,
                                               path: str) -> None:
    url = raw_server.url(path)
    run = pipe.refresh(url, max_bytes=1_000_000)
    assert run.code == 0 and run.seconds < 10
    pipe.assert_error(url, "body larger than 1 MB")
    # the client hung up early: far less than 200 MB left the server
    time.sleep(0.2)
    assert raw_server.sent[path] < 40_000_000, raw_server.sent
    pipe.assert_good_intact()


@pytest.mark.parametrize(("mode", "timeout"), [("trickle", 2.5), ("hang", 1)])
def test_trickle_and_hang_fail_at_the_deadline(pipe: Pipeline, mode: str,
                                               timeout: float) -> None:
    # One byte a second never trips a 2.5 s read timeout: only the total deadline stops it
    # (a short body, so that without the deadline the test fails in seconds, not hours).
    body = b"<rss><channel></channel></rss>"[:8] if mode == "trickle" else b"<rss/>"
    kw: dict[str, Any] = {"trickle": 1.0} if mode == "trickle" else {"hang": True}
    url = pipe.serve(f"/{mode}", body, **kw)
    run = pipe.refresh(url, timeout=timeout)
    assert run.code == 0
    assert run.seconds < timeout + 2, run.seconds
    pipe.assert_error(url, f"timed out after {timeout:g} s")
    pipe.assert_good_intact()


def test_twenty_thousand_items_are_capped(pipe: Pipeline) -> None:
    url = pipe.serve("/many", H.many_items(20_000))
    run = pipe.refresh(url)
    assert run.code == 0 and run.seconds < 30, run.seconds
    rows = pipe.assert_ok(url, MAX_ITEMS)
    assert rows[0]["title"] == "Canola many 0"
    assert f"{MAX_ITEMS} new" in run.out
    pipe.assert_good_intact()


def test_five_megabyte_title_is_capped(pipe: Pipeline) -> None:
    url = pipe.serve("/huge-title", H.huge_title(5_000_000))
    run = pipe.refresh(url)
    assert run.code == 0 and run.seconds < 10
    (row,) = pipe.assert_ok(url, 1)
    assert row["title"].startswith("Canola TTT") and len(row["title"]) <= 500
    assert row["title"].endswith("…") and len(row["summary"]) <= 4000
    pipe.assert_good_intact()


# --------------------------------------------------------------------------- identity and dates


def test_duplicate_guids_and_items_without_guid_or_link(pipe: Pipeline) -> None:
    dup = pipe.serve("/dup", H.duplicate_guids())
    orphan = pipe.serve("/orphan", H.no_guid_no_link())
    assert pipe.refresh(dup, orphan).code == 0
    # three different stories under one GUID: it identifies none of them (told by their
    # titles); two under one GUID: one item listed twice
    assert [r["title"] for r in pipe.assert_ok(dup, 4)] == [
        "Canola dup 0", "Canola dup 1", "Canola dup 2", "Canola twin 0"]
    rows = pipe.assert_ok(orphan, 2)
    assert [(r["title"], r["guid"], r["link"]) for r in rows] == [
        ("Canola orphan one", None, None), ("Canola orphan two", None, None)]
    # served again unchanged: nothing new, nothing lost
    run = pipe.refresh(dup, orphan)
    assert "0 new items" in run.out
    assert len(pipe.items(dup)) == 4 and len(pipe.items(orphan)) == 2
    pipe.assert_clean()
    pipe.assert_good_intact()


def test_permalink_guid_is_not_turned_into_a_link_on_the_feed_host(pipe: Pipeline) -> None:
    # two feeds on one host, both numbering their items from 1 with bare permalink guids
    one = pipe.serve("/one", H.rss_doc("<item><title>First site story</title><guid>1</guid>"
                                       "</item>").encode())
    two = pipe.serve("/two", H.rss_doc("<item><title>Other site story</title><guid>1</guid>"
                                       "</item>").encode())
    assert pipe.refresh(one, two).code == 0
    (a,), (b,) = pipe.assert_ok(one, 1), pipe.assert_ok(two, 1)
    assert a["link"] is None and b["link"] is None  # not http://127.0.0.1:port/1
    assert a["story"] != b["story"]  # so two different stories are not merged into one


def test_dates_in_year_1_9999_and_unparseable(pipe: Pipeline) -> None:
    url = pipe.serve("/dates", H.odd_dates())
    before = datetime.now(UTC).replace(microsecond=0)
    assert pipe.refresh(url).code == 0
    rows = {r["guid"]: r for r in pipe.assert_ok(url, len(H.ODD_DATES))}
    good = rows.pop("d-good")
    assert (good["published"], good["published_known"]) == ("2026-02-27T14:30:00Z", 1)
    for guid, row in rows.items():
        published = datetime.strptime(row["published"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=UTC)
        assert row["published_known"] == 0, guid
        assert before - timedelta(seconds=5) <= published <= datetime.now(UTC), guid
    for line in pipe.cli("export", "--format", "jsonl").out.splitlines():
        assert json.loads(line)["published"][:4] not in ("0001", "9999")
    pipe.assert_good_intact()


def test_dangerous_links_are_never_stored(pipe: Pipeline) -> None:
    url = pipe.serve("/links", H.bad_links())
    assert pipe.refresh(url).code == 0
    rows = {r["guid"]: r["link"] for r in pipe.assert_ok(url, len(H.BAD_LINKS) + 2)}
    assert rows.pop("l-ok") == "https://ok.example/story?id=7"
    assert rows.pop("l-proto-rel") == "http://evil.example/x"  # resolved, and it is http
    assert set(rows.values()) == {None}, rows
    every = [r["link"] for r in pipe.rows("SELECT link FROM items")]
    assert all(link is None or link.startswith(("http://", "https://")) for link in every)
    outputs = pipe.assert_clean()
    for text in outputs.values():
        low = text.lower()
        assert "javascript:" not in low and "data:text" not in low
        assert "file:///etc" not in low and "vbscript" not in low
    pipe.assert_good_intact()


# --------------------------------------------------------------------------- encodings and junk


@pytest.mark.parametrize("builder", ["invalid_utf8", "lying_encoding_utf16",
                                     "lying_encoding_utf7", "lying_encoding_latin1"])
def test_bad_and_lying_encodings(pipe: Pipeline, builder: str) -> None:
    url = pipe.serve(f"/{builder}", getattr(H, builder)())
    assert pipe.refresh(url).code == 0
    (row,) = pipe.assert_ok(url, 1)
    assert row["title"].startswith("Canola")
    outputs = pipe.assert_clean()
    assert "root:" not in json.dumps(outputs)  # the UTF-7 DOCTYPE smuggled nothing in
    pipe.assert_good_intact()


@pytest.mark.parametrize(("name", "route", "error"), [
    ("html", {"body": H.HTML_PAGE, "content_type": "text/html"}, "looks like an HTML page"),
    ("empty", {"body": b""}, "empty response"),
    ("json", {"body": b'{"items": []}', "content_type": "application/json"}, "JSON"),
    ("404", {"status": 404}, "HTTP 404"),
    ("410", {"status": 410}, "HTTP 410 Gone"),
    ("500", {"status": 500}, "HTTP 500"),
    ("429", {"status": 429, "retry_after": "120"}, "HTTP 429"),
])
def test_unusable_answers_mark_the_feed_in_error(pipe: Pipeline, name: str,
                                                  route: dict[str, Any], error: str) -> None:
    url = pipe.serve(f"/{name}", **route)
    run = pipe.refresh(url)
    assert run.code == 0
    assert f"FAIL  {url}: " in run.out  # one line, naming the feed
    pipe.assert_error(url, error)
    pipe.assert_clean(run.out)
    pipe.assert_good_intact()


def test_hostile_reason_phrase_and_validators(pipe: Pipeline, raw_server: RawServer) -> None:
    reason, validators = raw_server.url("/reason"), raw_server.url("/validators")
    run = pipe.refresh(reason, validators)
    assert run.code == 0 and not H.has_control(run.out + run.err)
    error = pipe.assert_error(reason, "HTTP 404 NotFound")
    assert not H.DEBRIS.search(error)  # (httpx drops the raw 0x9b byte, leaving "31m")
    pipe.assert_ok(validators, 1)
    (row,) = pipe.rows("SELECT etag, last_modified FROM feeds WHERE url = ?", validators)
    assert (row["etag"], row["last_modified"]) == (None, None)  # C1 validators dropped
    pipe.assert_clean(run.out)
    pipe.assert_good_intact()


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize(("target", "error"), [
    ("/loop", "too many redirects"),
    ("file:///etc/passwd", "redirect to file: refused"),
    ("ftp://127.0.0.1/feed.xml", "redirect to ftp: refused"),
    ("javascript:alert(1)", "redirect to javascript: refused"),
])
def test_redirects_that_are_refused(pipe: Pipeline, target: str, error: str) -> None:
    url = pipe.serve("/loop", redirect_to=target)
    run = pipe.refresh(url)
    assert run.code == 0
    pipe.assert_error(url, error)
    assert len(pipe.server.paths()) <= 1 + 6 + 1  # bounded hops (plus the good feed)
    pipe.assert_clean(run.out)
    pipe.assert_good_intact()


def test_public_site_redirecting_to_loopback_is_refused(pipe: Pipeline,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed on a (fake) public host answers with a redirect to a loopback admin page."""
    port = pipe.server.port
    pipe.serve("/admin", H.good_items(1, "admin"))
    pipe.serve("/public", redirect_to=pipe.server.url("/admin"))
    real_getaddrinfo = socket.getaddrinfo
    judge = fetch_mod.judge_redirect

    def resolve_public(host: Any, *args: Any, **kw: Any) -> list[tuple]:
        """What DNS says: news.public.test is a public address."""
        if host == "news.public.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 0))]
        return real_getaddrinfo(host, *args, **kw)

    def connect_loopback(host: Any, *args: Any, **kw: Any) -> list[tuple]:
        """Where the test really connects: the loopback server (anyio passes bytes)."""
        name = host.decode() if isinstance(host, bytes) else host
        return real_getaddrinfo("127.0.0.1" if name == "news.public.test" else host, *args,
                                **kw)

    monkeypatch.setattr(fetch_mod, "judge_redirect",
                        lambda a, b, _, local: judge(a, b, resolve_public, local))
    monkeypatch.setattr(fetch_mod, "_peer_is_local", lambda response: False)  # "public"
    monkeypatch.setattr(socket, "getaddrinfo", connect_loopback)
    url = f"http://news.public.test:{port}/public"
    run = pipe.refresh(url)
    assert run.code == 0
    pipe.assert_error(url, "redirect from a public site to local address 127.0.0.1 refused")
    assert "/admin" not in pipe.server.paths()
    pipe.assert_good_intact()


# --------------------------------------------------------------------------- OPML


def test_opml_command_entries_are_refused_and_never_run(pipe: Pipeline, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    opml = tmp_path / "cmd.opml"
    opml.write_bytes(H.command_opml(str(marker)))
    pipe.refresh()  # a config with the good feed only
    run = pipe.cli("feeds", "import", str(opml))
    assert run.code == 0
    assert "3 feeds added" in run.out  # good, nested, deep (folders walked)
    refused = [line for line in run.err.splitlines() if line.startswith("refused")]
    assert len(refused) == 8 and not H.has_control(run.err)
    urls = {f["url"] for f in json.loads(pipe.cli("feeds", "list", "--format", "json").out)}
    assert urls == {pipe.good, "https://good.example/rss", "https://nested.example/rss",
                    "https://deep.example/rss"}
    time.sleep(0.1)
    assert not marker.exists()


def test_opml_with_c1_controls_in_urls_is_refused(pipe: Pipeline, tmp_path: Path) -> None:
    opml = tmp_path / "c1.opml"
    opml.write_bytes(H.opml_doc(H.outline("https://a.example/\x9b2J", "c1")
                                + '<outline xmlUrl="https://b.example/&#x9d;52;c;x&#x9c;"/>'
                                + H.outline("https://c.example/\u202egnp.rss", "bidi")))
    pipe.refresh()
    run = pipe.cli("feeds", "import", str(opml))
    # each refused: nothing to follow, bad input (exit 2, as since the import's own change)
    assert run.code == 2 and "0 feeds added" in run.out and "3 refused" in run.out
    listed = pipe.cli("feeds", "list").out + pipe.cli("feeds", "export").out
    assert not H.has_control(listed + run.out + run.err) and "\u202e" not in listed


def test_opml_with_5000_feeds_imports_fast(pipe: Pipeline, tmp_path: Path) -> None:
    opml = tmp_path / "big.opml"
    opml.write_bytes(H.big_opml(5000))
    pipe.refresh()
    run = pipe.cli("feeds", "import", str(opml))
    assert run.code == 0 and "5000 feeds added" in run.out
    assert run.seconds < 10, run.seconds
    listed = json.loads(pipe.cli("feeds", "list", "--format", "json").out)
    assert len(listed) == 5001


@pytest.mark.parametrize("data", [
    b"<opml><body><outline xmlUrl='https://x.example/'",
    b"\xff\xfe\x00garbage",
    b"",
])
def test_invalid_opml_is_refused_with_a_clear_message(pipe: Pipeline, tmp_path: Path,
                                                      data: bytes) -> None:
    opml = tmp_path / "broken.opml"
    opml.write_bytes(data)
    pipe.refresh()
    run = pipe.cli("feeds", "import", str(opml))
    assert run.code == 2
    assert run.err.count("\n") == 1 and str(opml) in run.err and "not valid XML" in run.err
    assert len(json.loads(pipe.cli("feeds", "list", "--format", "json").out)) == 1
