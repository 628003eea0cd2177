"""What a refresh remembers of each feed besides its validators: the body it parsed last
(a server that ignores validators sends the same feed again), a move for good (301/308)
and a 410 (the feed is gone: not asked again unless forced). Real server, real database."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import feeds_view_after_refresh, screen_lines, settle
from feedserver import FeedServer, rss
from test_refresh_cli import Cli, story

from thawwatch import feeds as feedstore
from thawwatch import same_body
from thawwatch.config import parse_config
from thawwatch.refresh import run_refresh
from thawwatch.store import FEED_STATE_COLUMNS, Store

CANOLA = [story("c1", "China cuts canola seed tariff", "https://news.example/c1", "2026-11-20")]
UNCHANGED = "unchanged (the same feed as last time)"
MORE = [story("c2", "Canola exporters cheer", "https://news.example/c2", "2026-11-21"), *CANOLA]


@pytest.fixture
def cli(feed_server: FeedServer, config_file: Any, db_path: Path, capsys: Any) -> Cli:
    return Cli(feed_server, db_path, config_file(""), capsys)


def feed_row(db: Path, url: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone())
    finally:
        conn.close()


def hits(server: FeedServer, path: str) -> int:
    return sum(1 for _, p, _ in server.requests if p == path)


# --------------------------------------------------------------------------- same body


def test_a_body_sent_again_without_validators_is_not_parsed_again(cli: Cli) -> None:
    """A server with neither ETag nor Last-Modified answers 200 with the whole feed every
    time: the same bytes are known by their hash, and a changed feed is still read."""
    cli.server.route("/plain.xml", rss(CANOLA, title="Plain"))
    url = cli.server.url("/plain.xml")
    cli.write_config({url: "Plain"})
    assert cli("refresh")[1].splitlines()[0] == "ok    Plain: 1 new"
    assert feed_row(cli.db, url)["body_hash"]
    code, out, _ = cli("refresh")
    assert code == 0 and out.splitlines()[0] == f"ok    Plain: {UNCHANGED}"
    assert "1 of 1 feeds ok" in out
    cli.server.route("/plain.xml", rss(MORE, title="Plain"))
    assert cli("refresh")[1].splitlines()[0] == "ok    Plain: 1 new"
    assert cli.count() == 2


class CountingPool(ThreadPoolExecutor):
    """A real executor that counts the parse jobs it is given."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.jobs = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.jobs += 1
        return super().submit(fn, *args, **kwargs)


def test_the_same_body_costs_no_parse_job(feed_server: FeedServer, db_path: Path) -> None:
    feed_server.route("/a.xml", rss(CANOLA))
    feed_server.route("/b.xml", rss(MORE))
    cfg = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/a.xml")}"\n'
                       f'[[feeds]]\nurl = "{feed_server.url("/b.xml")}"\n', "t.toml")
    with Store.open(db_path) as store, CountingPool() as pool:
        first = run_refresh(store, cfg, executor=pool)
        assert pool.jobs == 2 and first.new_items == 3
        feed_server.route("/b.xml", rss(MORE[:1]))  # one feed changes
        second = run_refresh(store, cfg, executor=pool)
    assert pool.jobs == 3  # only the changed one was parsed
    assert [o.same_body for o in second.outcomes] == [True, False]


def test_a_new_version_reads_the_same_body_again(cli: Cli,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A newer thawwatch may read more of a feed than the one that parsed it."""
    cli.server.route("/plain.xml", rss(CANOLA))
    cli.write_config({cli.server.url("/plain.xml"): "Plain"})
    cli("refresh")
    monkeypatch.setattr(same_body, "__version__", "99.0")
    assert cli("refresh")[1].splitlines()[0] == "ok    Plain: 0 new"
    assert cli("refresh")[1].splitlines()[0] == f"ok    Plain: {UNCHANGED}"


def test_a_body_cut_short_is_not_remembered(cli: Cli) -> None:
    """What came of a feed cut off mid-way is read again next time, whole or not."""
    whole = rss([story(f"g{i}", f"Canola report {i}", f"https://news.example/r{i}",
                       "2026-11-20", "Prairie canola prices moved " * 20) for i in range(30)])
    headers = {"Content-Length": None, "Connection": "close"}
    cli.server.route("/cut.xml", whole[: len(whole) // 2], headers=headers)
    url = cli.server.url("/cut.xml")
    cli.write_config({url: "Cut"})
    for _ in range(2):
        out = cli("refresh")[1]
        assert "(the feed arrived cut short: all of it next time)" in out.splitlines()[0]
        assert feed_row(cli.db, url)["body_hash"] is None


# --------------------------------------------------------------------------- 410 Gone


def test_a_feed_gone_for_good_is_not_asked_again(cli: Cli) -> None:
    s = cli.server
    s.route("/gone.xml", status=410)
    s.route("/ok.xml", rss(CANOLA))
    gone = s.url("/gone.xml")
    cli.write_config({gone: "Gone", s.url("/ok.xml"): "Ok"})
    code, out, _ = cli("refresh")
    assert code == 0 and "FAIL  Gone: HTTP 410 Gone (for good: remove the feed)" in out
    since = feed_row(cli.db, gone)["gone_since"]
    assert since

    code, out, _ = cli("refresh")  # said on every refresh, the server not asked
    assert code == 0 and hits(s, "/gone.xml") == 1
    assert ("skip  Gone: gone: its server said today that it was removed for good (HTTP 410);"
            " remove it with `thawwatch feeds remove URL`, or `thawwatch refresh --force` asks"
            " again") in out.splitlines()
    code, out, _ = cli("feeds", "list")
    assert "not fetched since" in out and "gone for good" in out

    code, out, _ = cli("refresh", "--force")  # asked again, and gone still: since then
    assert hits(s, "/gone.xml") == 2 and "FAIL  Gone: HTTP 410 Gone" in out
    assert feed_row(cli.db, gone)["gone_since"] == since

    s.route("/gone.xml", rss(CANOLA))  # back after all
    cli("refresh")
    assert hits(s, "/gone.xml") == 2  # not without --force
    code, out, _ = cli("refresh", "--force")
    assert "ok    Gone: 1 new" in out and feed_row(cli.db, gone)["gone_since"] is None
    cli("refresh")
    assert hits(s, "/gone.xml") == 4  # a feed like any other again


def test_another_failure_ends_gone(cli: Cli) -> None:
    """A 410 that turns into a 404 (or a timeout) is a failing feed, retried with backoff."""
    cli.server.route("/g.xml", status=410)
    url = cli.server.url("/g.xml")
    cli.write_config({url: "G"})
    cli("refresh")
    cli.server.route("/g.xml", status=404)
    cli("refresh", "--force")
    assert feed_row(cli.db, url)["gone_since"] is None
    assert "FAIL  G: HTTP 404 Not Found" in cli("refresh")[1]


def test_only_gone_feeds_is_a_failed_refresh(cli: Cli) -> None:
    """Cron must not read "nothing could be fetched" as success."""
    cli.server.route("/gone.xml", status=410)
    cli.write_config({cli.server.url("/gone.xml"): "Gone"})
    assert cli("refresh")[0] == 1
    code, out, err = cli("refresh")
    assert code == 1 and out.splitlines()[-1] == "no feed fetched: 1 gone for good (HTTP 410)"
    assert "refresh failed" in err


# --------------------------------------------------------------------------- moved


def test_a_move_is_kept_and_shown_until_it_ends(cli: Cli) -> None:
    s = cli.server
    s.route("/new.xml", rss(CANOLA))
    s.route("/old.xml", redirect_to="/new.xml", status=301)
    old = s.url("/old.xml")
    cli.write_config({old: "Old"})
    cli("refresh")
    assert feed_row(cli.db, old)["moved_to"] == s.url("/new.xml")
    out = cli("feeds", "list")[1]
    assert f"moved permanently to <{s.url('/new.xml')}>: give the feed that URL" in out
    s.route("/old.xml", rss(CANOLA))  # the site took it back
    cli("refresh")
    assert feed_row(cli.db, old)["moved_to"] is None
    assert "moved" not in cli("feeds", "list")[1]


async def test_the_feeds_view_shows_gone_and_moved(feed_server: FeedServer,
                                                   db_path: Path) -> None:
    feed_server.route("/gone.xml", status=410)
    feed_server.route("/new.xml", rss(CANOLA))
    feed_server.route("/old.xml", redirect_to="/new.xml", status=301)
    cfg = parse_config(f'[[feeds]]\nurl = "{feed_server.url("/gone.xml")}"\nname = "Gone"\n'
                       f'[[feeds]]\nurl = "{feed_server.url("/old.xml")}"\nname = "Old"\n'
                       "[refresh]\ntimeout_seconds = 5\n", "t.toml")
    async with feeds_view_after_refresh(cfg, db_path) as (app, pilot):
        screen = "\n".join(screen_lines(app))
        assert "HTTP 410 Gone (for good: remove the feed) · not fetched any more" in screen
        assert f"moved to {feed_server.url('/new.xml')}" in screen
        await pilot.press("r")  # the gone feed is not asked again from the dashboard either
        await settle(app, pilot, rounds=2)
    assert hits(feed_server, "/gone.xml") == 1


# --------------------------------------------------------------------------- old files


def test_a_file_read_only_before_the_columns_were_added(db_path: Path) -> None:
    """A database an older thawwatch wrote, opened read-only (no repair can run): the
    feeds read with none of the new facts."""
    cfg = parse_config('[[feeds]]\nurl = "https://a.example/feed"\n', "t.toml")
    with Store.open(db_path) as store:
        feedstore.sync_config(store, cfg.feeds, datetime(2026, 11, 28, tzinfo=UTC))
        for column in FEED_STATE_COLUMNS:
            store.conn.execute(f"ALTER TABLE feeds DROP COLUMN {column}")
        store.conn.execute("DELETE FROM meta WHERE key = 'repaired:feed-state'")
    with Store.open(db_path, readonly=True) as store:
        [feed] = feedstore.active_feeds(store, cfg)
    assert (feed.body_hash, feed.moved_to, feed.gone_since) == (None, None, None)
    with Store.open(db_path) as store:  # and the next read-write open adds them
        [feed] = feedstore.active_feeds(store, cfg)
        have = {row[1] for row in store.conn.execute("PRAGMA table_info(feeds)")}
    assert set(FEED_STATE_COLUMNS) <= have


# --------------------------------------------------------------------------- what the hash skips

GOOGLE_LIKE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>"Canada China tariffs" - Google News</title>
<lastBuildDate>{stamp}</lastBuildDate>
{items}
</channel></rss>
<!-- generated in {took} s -->
"""
ITEM = ("<item><title>{title}</title><link>https://news.example/{n}</link><guid>{n}</guid>"
        "<pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate>"
        "<description><![CDATA[<p>Canola<!-- wp:x --></p>]]></description></item>")


def google_like(titles: list[str], stamp: str, took: str) -> bytes:
    items = "".join(ITEM.format(title=t, n=i) for i, t in enumerate(titles))
    return GOOGLE_LIKE.format(stamp=stamp, items=items, took=took).encode()


def test_a_feed_made_afresh_per_request_is_still_the_same_feed(cli: Cli) -> None:
    """Google News stamps lastBuildDate with the request's moment; a cache plugin adds a
    comment after the document: neither is a change of the feed."""
    s = cli.server
    s.route("/g.xml", google_like(["China cuts canola tariff"], "Mon, 30 Nov 2026 10:00:00 GMT",
                                  "0.2"))
    cli.write_config({s.url("/g.xml"): "G"})
    assert cli("refresh")[1].splitlines()[0] == "ok    G: 1 new"
    s.route("/g.xml", google_like(["China cuts canola tariff"], "Mon, 30 Nov 2026 10:05:00 GMT",
                                  "0.3"))
    assert cli("refresh")[1].splitlines()[0] == f"ok    G: {UNCHANGED}"
    s.route("/g.xml", google_like(["Pea growers relieved", "China cuts canola tariff"],
                                  "Mon, 30 Nov 2026 10:10:00 GMT", "0.3"))
    assert cli("refresh")[1].splitlines()[0] == "ok    G: 1 new"


@pytest.mark.parametrize("change", ["a title", "an item added", "the charset"])
def test_what_the_hash_does_not_skip(change: str) -> None:
    stamp = "Mon, 30 Nov 2026 10:00:00 GMT"
    base = google_like(["A", "B"], stamp, "0.1")
    other, charset = {
        "a title": (google_like(["A", "C"], stamp, "0.1"), "utf-8"),
        "an item added": (google_like(["A", "B", "C"], stamp, "0.1"), "utf-8"),
        "the charset": (base, "windows-1252"),
    }[change]
    assert same_body.body_hash(base, "utf-8") != same_body.body_hash(other, charset)


@pytest.mark.parametrize("tag", ["item", "ITEM", "atom:entry"])
def test_an_item_between_comment_marks_is_seen(tag: str) -> None:
    """"<!--" in one item's text and "-->" in another's: what is between them is items,
    not a comment (only comments after the last item are left out), however the items'
    tags are spelt."""
    def feed(*items: tuple[str, str]) -> bytes:
        return ("<rss><channel>" + "".join(
            f"<{tag}><guid>{g}</guid><description><![CDATA[{d}]]></description></{tag}>"
            for g, d in items) + "</channel></rss>").encode()

    before = feed(("a", "x <!-- y"), ("b", "z --> w"))
    after = feed(("a", "x <!-- y"), ("new", "Canola news"), ("b", "z --> w"))
    assert same_body.body_hash(before, None) != same_body.body_hash(after, None)


def test_what_the_hash_skips_is_only_dates_and_trailing_comments() -> None:
    one = google_like(["A"], "Mon, 30 Nov 2026 10:00:00 GMT", "0.1")
    two = google_like(["A"], "Tue, 01 Dec 2026 08:00:00 GMT", "9.9").replace(
        b"Fri, 20 Nov", b"Sat, 21 Nov")
    atom = b"<feed><updated>2026-11-30T10:00:00Z</updated><entry><id>1</id></entry></feed>"
    assert same_body.body_hash(one, None) == same_body.body_hash(two, None)
    assert same_body.body_hash(atom, None) == same_body.body_hash(
        atom.replace(b"10:00:00", b"10:05:00"), None)
