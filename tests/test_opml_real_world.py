"""OPML files as other programs write them, from a user audit: podcast episodes, scraped
pages, Python's "utf8", a user's rename, an export imported again, a pipe, and the files
people give by mistake."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from thawwatch.cli import main
from thawwatch.opml import parse_opml, write_opml


def _opml(body: str, decl: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return f'{decl}<opml version="2.0"><head/><body>{body}</body></opml>'.encode()


@pytest.fixture
def cli(config_file, db_path, capsys):
    config_file('[[feeds]]\nurl = "https://one.example/rss"\nname = "One"\n')

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_an_overcast_export_imports_the_podcast_not_its_episodes() -> None:
    result = parse_opml(_opml(
        '<outline text="feeds"><outline type="rss" text="Trade Talk"'
        ' xmlUrl="https://example.com/feed.xml">'
        '<outline type="podcast-episode" title="Episode 1" url="https://example.com/ep-1"'
        ' enclosureUrl="https://cdn.example/ep1.mp3"/>'
        '<outline type="podcast-episode" title="Episode 2" url="https://example.com/ep-2"/>'
        "</outline></outline>"
        '<outline type="audio" text="A clip" url="https://cdn.example/clip.mp3"/>'
        '<outline text="Bookmark" url="https://www.canada.ca/en/news.html"/>'
        '<outline type="rss" text="By url" url="https://by-url.example/rss">'
        '<outline type="podcast-episode" text="Ep" url="https://by-url.example/ep"/>'
        "</outline>"), "o.opml")
    assert result.feeds == [("https://example.com/feed.xml", "Trade Talk"),
                            ("https://by-url.example/rss", "By url")]
    assert [why.split(",")[0] for _, why in result.refused] == [
        "a link (type audio)", "a link (no type)"]


def test_freshrss_scraped_pages_and_blogroll_pages_are_refused_and_said() -> None:
    result = parse_opml(_opml(
        '<outline type="HTML+XPath" text="MOFCOM" xmlUrl="https://english.mofcom.gov.cn/N/"/>'
        '<outline type="JSON+DotNotation" text="API" xmlUrl="https://e.org/api.json"/>'
        '<outline type="rss" text="Blog" htmlUrl="https://blog.example/"/>'), "f.opml")
    assert result.feeds == []
    assert [why for _, why in result.refused] == [
        "a page scraped by FreshRSS (type html+xpath), not a feed",
        "a page scraped by FreshRSS (type json+dotnotation), not a feed",
        "a web page with no feed URL (htmlUrl only)"]


@pytest.mark.parametrize("declared", ["utf8", "UTF8", "utf_8", "ISO-8859-1"])
def test_utf_8_declared_as_python_writes_it_or_as_latin_1_imports(declared: str) -> None:
    result = parse_opml(_opml('<outline type="rss" text="Radio-Canada Économie"'
                              ' xmlUrl="https://rc.example/rss"/>',
                              f"<?xml version='1.0' encoding='{declared}'?>"), "p.opml")
    assert result.feeds == [("https://rc.example/rss", "Radio-Canada Économie")]


def test_the_user_s_name_in_text_wins_over_the_feed_s_title() -> None:
    result = parse_opml(_opml(
        '<outline type="rss" text="My canola feed" title="Western Producer - Latest"'
        ' xmlUrl="https://wp.example/feed"/>'
        '<outline type="rss" text="Real name" title=" " xmlUrl="https://b.example/feed"/>'
        '<outline type="rss" text=" " title="Its title" xmlUrl="https://c.example/feed"/>'),
        "t.opml")
    assert result.feeds == [("https://wp.example/feed", "My canola feed"),
                            ("https://b.example/feed", "Real name"),
                            ("https://c.example/feed", "Its title")]


def test_feed_scheme_urls_are_their_http_urls() -> None:
    result = parse_opml(_opml(
        '<outline type="rss" text="A" xmlUrl="feed://www.scmp.com/rss/4/feed"/>'
        '<outline type="rss" text="B" xmlUrl="feed:https://www.cbc.ca/rss"/>'), "s.opml")
    assert result.feeds == [("http://www.scmp.com/rss/4/feed", "A"),
                            ("https://www.cbc.ca/rss", "B")]


def test_an_export_imported_again_keeps_names_and_leaves_titles_free() -> None:
    """A feed the user never named was exported under its own title, and imported again
    that title became a name frozen for good; one with a password took its masked URL."""
    text = write_opml([("https://a.example/rss", "Mine", "Its title"),
                       ("https://b.example/rss", None, "Old Title v1"),
                       ("https://me:secret@private.example/feed", None, None)])
    assert 'text="Mine" title="Its title"' in text
    assert 'text="https://***@private.example/feed"' in text and "secret@" in text
    assert parse_opml(text.encode(), "export").feeds == [
        ("https://a.example/rss", "Mine"), ("https://b.example/rss", None),
        ("https://me:secret@private.example/feed", None)]


def test_export_writes_the_name_and_the_feed_s_own_title(cli, db_path: Path) -> None:
    from thawwatch.store import Store

    assert cli("feeds", "add", "https://two.example/atom")[0] == 0
    with Store.open(db_path) as store:
        store.conn.execute("UPDATE feeds SET title = ? WHERE url LIKE '%two%'", ("Two's own",))
    out = cli("feeds", "export")[1]
    assert 'text="One" title="One"' in out
    assert 'text="Two\'s own" title="Two\'s own" xmlUrl="https://two.example/atom"' \
        ' titleFromFeed="true"' in out


@pytest.mark.parametrize(("data", "said"), [
    (gzip.compress(_opml('<outline type="rss" xmlUrl="https://a.example/rss"/>'), mtime=0),
     "a gzip-compressed file: decompress it first (gunzip)"),
    (b"<!DOCTYPE html><html><body>404</body></html>",
     "an HTML page, not OPML (a download that failed?)"),
    (b"\n  <html><head><title>Error</head></html>",
     "an HTML page, not OPML (a download that failed?)"),
    (b"# canola\nhttps://www.producer.com/feed/ \"farm\"\nhttps://a.example/rss\n",
     "a list of URLs (newsboat's urls file?), not OPML: add each with `thawwatch feeds add"
     " URL`, or import newsboat's `newsboat -e` OPML"),
    (b"\"https://www.producer.com/feed/\" farm\n",
     "a list of URLs (newsboat's urls file?), not OPML: add each with `thawwatch feeds add"
     " URL`, or import newsboat's `newsboat -e` OPML"),
], ids=["gzip", "html-doctype", "html", "urls", "urls-quoted"])  # (same in every worker)
def test_files_given_by_mistake_are_named_for_what_they_are(
        cli, tmp_path: Path, data: bytes, said: str) -> None:
    path = tmp_path / "feeds.opml"
    path.write_bytes(data)
    code, _, err = cli("feeds", "import", str(path))
    assert (code, err) == (2, f"thawwatch: {path}: {said}\n")


def test_no_file_name_and_a_pipe_past_the_cap(cli, tmp_path: Path, monkeypatch) -> None:
    code, _, err = cli("feeds", "import", "")
    assert (code, err) == (2, "thawwatch: no OPML file named"
                              " (`thawwatch feeds import FILE.opml`)\n")
    monkeypatch.setattr("thawwatch.opml.MAX_OPML_BYTES", 1000)
    code, _, err = cli("feeds", "import", "/dev/zero")  # a device: stat() says 0 bytes
    assert (code, err) == (2, "thawwatch: /dev/zero: OPML file too large (over 1000"
                              " bytes)\n")
    listed = json.loads(cli("feeds", "list", "--format", "json")[1])
    assert [f["url"] for f in listed] == ["https://one.example/rss"]


def test_a_feed_followed_under_the_other_scheme_is_noted(cli, tmp_path: Path) -> None:
    """From a user audit: an OPML's http:// copy of a configured https:// feed became a
    second subscription without a word, and every story came twice."""
    path = tmp_path / "feeds.opml"
    path.write_bytes(_opml('<outline type="rss" text="One old" xmlUrl="http://one.example/rss"/>'
                           '<outline type="rss" text="Two" xmlUrl="https://two.example/rss"/>'
                           '<outline type="rss" text="Two" xmlUrl="http://two.example/rss"/>'))
    code, out, err = cli("feeds", "import", str(path))
    assert code == 0 and out.endswith("3 feeds added, 0 already there, 0 refused\n")
    assert err.splitlines() == [
        "note: http://one.example/rss is also followed as https://one.example/rss: remove"
        " one with `thawwatch feeds remove URL`",
        "note: http://two.example/rss is also followed as https://two.example/rss: remove"
        " one with `thawwatch feeds remove URL`"]
