"""A private feed's URL may carry a user name and password (``https://me:secret@host/``).
They must reach its server, and stay in the database, the JSON and the OPML export, but
never be printed where others read: the terminal, cron's mail, the log file, the
dashboard (an outside review found the password in all of these)."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import feeds_view_after_refresh, screen_lines, settle
from feedserver import FeedServer, rss

from thawwatch.cli import main
from thawwatch.config import parse_config
from thawwatch.locations import log_file
from thawwatch.text import shown_url
from thawwatch.tui.app import ThawwatchApp

SECRET = "s3cret-pw"


@pytest.mark.parametrize(("url", "shown"), [
    ("https://me:s3cret@news.example/feed", "https://***@news.example/feed"),
    ("http://TOKEN@news.example:8080/rss?x=a@b", "http://***@news.example:8080/rss?x=a@b"),
    ("https://a:b@c@news.example/f", "https://***@news.example/f"),  # the last @ ends it
    ("HTTPS://U:P@H/", "HTTPS://***@H/"),
    ("https://news.example/p@x?q=a@b#c@d", "https://news.example/p@x?q=a@b#c@d"),
    ("https://news.example/feed", "https://news.example/feed"),
])
def test_shown_url_hides_the_user_part_only(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_credentials_reach_the_server_and_no_output(
        feed_server: FeedServer, config_file, db_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    feed_server.route("/private.xml", rss([{"guid": "1", "title": "Canola news"}]))
    feed_server.route("/gone.xml", status=410)
    private = feed_server.url("/private.xml").replace("http://", f"http://me:{SECRET}@")
    gone = feed_server.url("/gone.xml").replace("http://", f"http://me:{SECRET}@")
    config_file("[refresh]\ntimeout_seconds = 5\n")
    db = ["--db", str(db_path)]
    assert main([*db, "feeds", "add", private]) == 0
    assert main([*db, "feeds", "add", gone]) == 0
    assert main([*db, "refresh"]) == 0
    assert main([*db, "feeds", "list"]) == 0
    assert main([*db, "feeds", "remove", gone]) == 0
    shown = capsys.readouterr()
    log = log_file().read_text()
    for text in (shown.out, shown.err, log):
        assert SECRET not in text
    assert "FAIL  http://***@127.0.0.1:" in shown.out + log  # the failed feed, still named
    assert f"<http://***@127.0.0.1:{feed_server.port}/private.xml>" in shown.out

    auth = {h.get("Authorization") for _m, path, h in feed_server.requests
            if path == "/private.xml"}
    assert auth == {"Basic " + base64.b64encode(f"me:{SECRET}".encode()).decode()}

    assert main([*db, "feeds", "list", "--format", "json"]) == 0  # for scripts: the URL
    assert private in [f["url"] for f in json.loads(capsys.readouterr().out)]
    assert main([*db, "feeds", "export"]) == 0  # a backup of the subscriptions: whole
    assert private.replace("&", "&amp;") in capsys.readouterr().out


async def test_the_feeds_view_hides_them(feed_server: FeedServer, db_path: Path) -> None:
    feed_server.route("/gone.xml", status=410)
    gone = feed_server.url("/gone.xml").replace("http://", f"http://me:{SECRET}@")
    cfg = parse_config(f'[[feeds]]\nurl = "{gone}"\n[refresh]\ntimeout_seconds = 5\n', "t.toml")
    async with feeds_view_after_refresh(cfg, db_path) as (app, _):
        screen = "\n".join(screen_lines(app))
    assert "HTTP 410 Gone" in screen  # the view shows the feed (its row and its detail)
    assert screen.count("http://***@127.0.0.1:") >= 2
    assert SECRET not in screen


NO_TITLE = (b'<?xml version="1.0"?><rss version="2.0"><channel>'
            b"<item><title>Canola talks resume</title><guid>n1</guid></item></channel></rss>")


async def test_a_feed_without_a_title_is_named_by_its_url_without_them(
        feed_server: FeedServer, config_file, db_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """With no name and no title of its own, a feed is named by its URL: in `search`, the
    headline list's Source column and the headline's screen (an outside review found the
    password in all three)."""
    feed_server.route("/untitled.xml", NO_TITLE)
    url = feed_server.url("/untitled.xml").replace("http://", f"http://me:{SECRET}@")
    config_file(f'[[feeds]]\nurl = "{url}"\n[refresh]\ntimeout_seconds = 5\n')
    db = ["--db", str(db_path)]
    assert main([*db, "refresh"]) == 0
    assert main([*db, "search", "canola"]) == 0
    out = capsys.readouterr().out
    assert "Canola talks resume" in out and "http://***@127.0.0.1" in out
    assert SECRET not in out
    cfg = parse_config(f'[[feeds]]\nurl = "{url}"\n[ui]\nheadlines = "all"\n', "t.toml")
    app = ThawwatchApp(config=cfg, db_path=db_path, today=date(2026, 11, 28),
                       refresh_timer=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        listed = "\n".join(screen_lines(app))
        await pilot.press("enter")
        await settle(app, pilot)
        detail = "\n".join(screen_lines(app))
    assert "Canola talks resume" in listed and "Canola talks resume" in detail
    assert "http://***@" in listed and "http://***@" in detail
    assert SECRET not in listed + detail


def test_a_feed_is_removed_by_the_url_feeds_list_shows(
        config_file, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`feeds list` shows https://***@host/feed; `feeds remove` given that said "not a
    subscribed feed (see `feeds list`)", which showed the same URL: no way out but JSON."""
    config_file("")
    db = ["--db", str(db_path)]
    one = f"https://me:{SECRET}@one.example/feed"
    assert main([*db, "feeds", "add", one]) == 0
    assert main([*db, "feeds", "add", f"https://you:{SECRET}@two.example/feed"]) == 0
    assert main([*db, "feeds", "add", f"https://them:{SECRET}@two.example/feed"]) == 0
    capsys.readouterr()
    assert main([*db, "feeds", "remove", "https://***@one.example/feed"]) == 0
    assert capsys.readouterr() == ("removed https://***@one.example/feed (its stored items"
                                   " are kept)\n", "")
    # two feeds that only their user names tell apart: the whole URL is needed
    assert main([*db, "feeds", "remove", "https://***@two.example/feed"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and SECRET not in err
    assert err == ("thawwatch: 'https://***@two.example/feed': 2 subscribed feeds are shown"
                   " so: give the whole URL, with its user name (`thawwatch feeds list"
                   " --format json` has them)\n")
    assert main([*db, "feeds", "list", "--format", "json"]) == 0
    urls = [f["url"] for f in json.loads(capsys.readouterr().out)]
    assert urls == [f"https://them:{SECRET}@two.example/feed",
                    f"https://you:{SECRET}@two.example/feed"]
