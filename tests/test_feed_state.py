"""What a refresh remembers of each feed besides its validators: the body it parsed last
(a server that ignores validators sends the same feed again), a move for good (301/308)
and a 410 (the feed is gone: not asked again unless forced). Real server, real database."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import feeds_view_after_refresh, screen_lines, settle
from feedserver import FeedServer, rss
from test_refresh_cli import Cli, story

from thawwatch import commands, same_body
from thawwatch import feeds as feedstore
from thawwatch.config import parse_config
from thawwatch.parse import MAX_ITEMS
from thawwatch.refresh import run_refresh
from thawwatch.store import FEED_STATE_COLUMNS, Store

CANOLA = [story("c1", "China cuts canola seed tariff", "https://news.example/c1", "2026-11-20")]
UNCHANGED = "unchanged (the same feed as last time)"
MORE = [story("c2", "Canola exporters cheer", "https://news.example/c2", "2026-11-21"), *CANOLA]


@pytest.fixture
def cli(feed_server: FeedServer, config_file: Any, db_path: Path, capsys: Any,
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    # the refresh's "ending soon" lines depend on the day: a fixed one (on 1 December the
    # 2026 suspensions came within the 30 days, and every output these tests read grew)
    monkeypatch.setattr(commands, "today", lambda: date(2026, 11, 28))
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
    # (outcomes come in the order the feeds answered)
    assert {o.url: o.same_body for o in second.outcomes} == {
        feed_server.url("/a.xml"): True, feed_server.url("/b.xml"): False}


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


# --------------------------------------------------------------------------- from review


def test_remove_then_add_ends_gone(cli: Cli) -> None:
    """The skip line says `feeds remove`; a user who removes and adds the feed back (the
    server fixed it) expects it to be fetched again."""
    s = cli.server
    s.route("/g.xml", status=410)
    url = s.url("/g.xml")
    cli.write_config({})
    cli("feeds", "add", url)
    cli("refresh")
    assert feed_row(cli.db, url)["gone_since"]
    s.route("/g.xml", rss(CANOLA))          # the site put it back
    cli("feeds", "remove", url)
    cli("feeds", "add", url)
    _, out, _ = cli("refresh")
    assert hits(s, "/g.xml") == 2, out


def test_due_refresh_with_a_gone_feed_is_not_a_failure(cli: Cli) -> None:
    """cron `refresh --due` every few minutes: one feed gone, the other fine but not due
    yet. Nothing failed, and the gone feed is not said again on each run (a full refresh,
    `feeds list` and the Feeds view say it)."""
    s = cli.server
    s.route("/g.xml", status=410)
    s.route("/ok.xml", rss(CANOLA))
    cli.write_config({s.url("/g.xml"): "Gone", s.url("/ok.xml"): "Ok"}, interval_minutes=60)
    assert cli("refresh")[0] == 0
    code, out, err = cli("refresh", "--due")  # Ok is not due, Gone is passed over
    assert code == 0, (out, err)
    assert out.splitlines() == ["no feed was due"], out
    assert "gone" in cli("refresh")[1]  # a full refresh says it


def test_a_410_behind_a_temporary_redirect_is_not_gone_for_good(cli: Cli) -> None:
    """302 → a URL that says 410: the feed's own URL was never said to be gone."""
    s = cli.server
    s.route("/feed.xml", redirect_to="/maintenance.xml", status=302)
    s.route("/maintenance.xml", status=410)
    url = s.url("/feed.xml")
    cli.write_config({url: "F"})
    cli("refresh")
    assert feed_row(cli.db, url)["gone_since"] is None


def test_the_hash_knows_the_parser_s_item_cap() -> None:
    """same_body keeps its own copy of the cap (the warm path does not import the parser)."""
    assert same_body._CAPPED_FROM == MAX_ITEMS


def test_an_item_brought_into_the_newest_by_its_date_is_not_hidden(cli: Cli) -> None:
    """A feed of more than MAX_ITEMS items: the newest MAX_ITEMS are read, by date. An
    item bumped to today (its date the only change) is one the last read left out."""
    base = datetime(2026, 1, 1, tzinfo=UTC)

    def feed(bumped: bool) -> bytes:
        items = [story(f"g{i}", f"Report {i}", f"https://news.example/{i}",
                       base + timedelta(hours=i)) for i in range(1, MAX_ITEMS + 1)]
        items.append(story("old", "Canola tariff cut", "https://news.example/old",
                           base + timedelta(days=400) if bumped else base))
        return rss(items, title="Big")
    s = cli.server
    s.route("/big.xml", feed(False))
    cli.write_config({s.url("/big.xml"): "Big"})
    cli("refresh")
    assert cli.count() == MAX_ITEMS
    s.route("/big.xml", feed(True))
    out = cli("refresh")[1]
    assert UNCHANGED not in out
    assert cli.count() == MAX_ITEMS + 1


def test_a_body_of_unclosed_comments_does_not_stall_the_refresh(cli: Cli) -> None:
    """The hash runs in the fetch thread's event loop, outside the parser's deadline: a
    body of "<!--" with no "-->" must not hold the other requests up (a regex for comments
    took ~25 s on 128 kB)."""
    import time

    s = cli.server
    s.route("/bad.xml", b"<rss><channel><title>x</title>" + b"<!--" * 32_000)  # 128 kB
    s.route("/ok.xml", rss(CANOLA), delay=0.5)
    cli.write_config({s.url("/bad.xml"): "Bad", s.url("/ok.xml"): "Ok"})
    t = time.perf_counter()
    _, out, _ = cli("refresh")
    took = time.perf_counter() - t
    assert "ok    Ok: 1 new" in out, out
    assert took < 10, took


def test_a_success_an_older_thawwatch_recorded_ends_gone(cli: Cli) -> None:
    """An older thawwatch (cron, or a dashboard left open over the upgrade) does not know
    gone_since: its successful fetch leaves it set, and this version skips the feed."""
    s = cli.server
    s.route("/g.xml", status=410)
    url = s.url("/g.xml")
    cli.write_config({url: "G"})
    cli("refresh")
    s.route("/g.xml", rss(CANOLA))
    conn = sqlite3.connect(cli.db)  # what 6980850's record_success writes
    with conn:
        conn.execute("UPDATE feeds SET last_ok = '2099-01-01T00:00:00Z', last_error = NULL,"
                     " failures = 0 WHERE url = ?", (url,))
    conn.close()
    cli("refresh")
    assert hits(s, "/g.xml") == 2


def test_the_hash_is_linear_on_hostile_bodies() -> None:
    """Unclosed comments, and a date tag opened over and over: milliseconds, not seconds."""
    import time

    from thawwatch.same_body import body_hash

    for bad in (b"<rss>" + b"<!--" * 50_000, b"<rss><item></item>" + b"<date " * 40_000):
        t = time.perf_counter()
        body_hash(bad, None)
        assert time.perf_counter() - t < 0.5
