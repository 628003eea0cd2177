"""`thawwatch feeds …`, OPML import/export, `export` and `db` from the command line."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from thawwatch.cli import main
from thawwatch.config import FeedConfig
from thawwatch.feeds import sync_config
from thawwatch.items import ingest
from thawwatch.opml import parse_opml
from thawwatch.parse import ParsedItem
from thawwatch.store import Store

CONFIG = '[[feeds]]\nurl = "https://one.example/rss"\nname = "One"\n'


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli(config_file, db_path, capsys):
    config_file(CONFIG)
    return lambda *argv: run(capsys, "--db", str(db_path), *argv)


def test_feeds_list_add_remove(cli) -> None:
    code, out, _ = cli("feeds", "list", "--format", "json")
    assert code == 0
    assert json.loads(out) == [{"url": "https://one.example/rss", "name": "One",
                                "status": "never", "error": None, "last_ok": None, "items": 0}]
    assert cli("feeds", "add", "https://two.example/atom", "--name", "Two")[0] == 0
    urls = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert urls == ["https://one.example/rss", "https://two.example/atom"]
    assert cli("feeds", "remove", "https://one.example/rss")[0] == 0
    urls = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert urls == ["https://two.example/atom"]
    code, _, err = cli("feeds", "remove", "https://nope.example/")
    assert code == 2 and "not a subscribed feed" in err
    code, _, err = cli("feeds", "add", "javascript:alert(1)")
    assert code == 2 and "only http and https" in err and err.count("\n") == 1



@pytest.mark.parametrize("look", [("feeds", "list"), ("feeds", "export")])
def test_a_look_under_another_config_keeps_a_removal(cli, tmp_path: Path,
                                                     look: tuple[str, ...]) -> None:
    """From a user audit: `feeds remove` of a configured feed, then one `feeds list` (or
    `feeds export`) with a test config that does not list it, and the next refresh with
    the usual config fetched the feed again: the look synced the other config, which
    forgot the removal. Listing and exporting only read."""
    assert cli("feeds", "remove", "https://one.example/rss")[0] == 0
    other = tmp_path / "other.toml"
    other.write_text('[[feeds]]\nurl = "https://other.example/rss"\n', "utf-8")
    assert cli("--config", str(other), *look)[0] == 0
    urls = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert urls == []


def test_feeds_list_names_its_columns(cli) -> None:
    """`never      0  never  One  <…>`: which "never" was the status, which the last
    success, and what the 0 counted? A header line names the columns, above them."""
    code, out, _ = cli("feeds", "list")
    head, line = out.splitlines()
    assert code == 0 and head.split() == ["status", "items", "last", "success", "feed", "<url>"]
    assert line.split() == ["never", "0", "never", "One", "<https://one.example/rss>"]
    assert head.index("last") == line.index("never", 6) and head.index("feed") == line.index(
        "One")


@pytest.mark.parametrize("url", ["www.producer.com/feed/", "producer.com/feed",
                                 "127.0.0.1:8080/rss.xml", "localhost:8080/rss.xml"])
def test_a_url_without_its_scheme_says_what_to_give(cli, url: str) -> None:
    """A URL copied from a browser's address bar lacks its https:// (as the bar shows it):
    it was refused with "only http and https URLs are allowed", which it seemed to be."""
    code, out, err = cli("feeds", "add", url)
    assert (code, out) == (2, "")
    assert err == f"thawwatch: {url!r}: no http:// or https:// before it: give https://{url}\n"
    assert cli("feeds", "add", "mailto:news@one.example")[2].endswith(
        ": only http and https URLs are allowed\n")


def test_a_pasted_url_s_spaces_and_a_feed_scheme_link_are_the_feed(cli) -> None:
    """`feeds add " https://x/feed "` (a URL pasted with its line) was refused for its
    spaces, and a site's feed:// link as no http(s) URL, though `feeds import` reads
    feed:// as http."""
    assert cli("feeds", "add", " https://www.producer.com/feed/\n") == (
        0, "added https://www.producer.com/feed/\n", "")
    assert cli("feeds", "add", "feed://www.scmp.com/rss/2/feed")[1] == (
        "added http://www.scmp.com/rss/2/feed\n")
    assert cli("feeds", "add", "feed:https://seafood.example/rss")[1] == (
        "added https://seafood.example/rss\n")
    assert cli("feeds", "remove", "feed://www.scmp.com/rss/2/feed ")[0] == 0
    urls = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert sorted(urls) == ["https://one.example/rss", "https://seafood.example/rss",
                            "https://www.producer.com/feed/"]
    code, _, err = cli("feeds", "add", "https://a.example/a b")
    assert code == 2 and "contains spaces" in err

def test_an_internationalised_host_and_its_ascii_form_are_one_feed(cli, config_file) -> None:
    assert cli("feeds", "add", "https://café.example/rss")[1] == "added https://café.example/rss\n"
    assert cli("feeds", "add", "https://xn--caf-dma.example/rss")[1] == (
        "already subscribed: https://café.example/rss\n")
    # a fullwidth or ideographic dot is a dot, trailing ones too
    assert cli("feeds", "add", "https://café.example\u3002/rss")[1] == (
        "already subscribed: https://café.example/rss\n")
    # IDNA 2008, as httpx and DNS: faß.de is xn--fa-hia.de, not fass.de
    assert cli("feeds", "add", "http://fass.de/feed")[1] == "added http://fass.de/feed\n"
    assert cli("feeds", "add", "http://faß.de/feed")[1] == "added http://faß.de/feed\n"
    assert cli("feeds", "add", "http://xn--fa-hia.de/feed")[1] == (
        "already subscribed: http://faß.de/feed\n")
    config_file('[[feeds]]\nurl = "https://CAFÉ.example/rss"\n'
                '[[feeds]]\nurl = "https://xn--caf-dma.example/rss"\n')
    code, _, err = cli("feeds", "list")
    assert code == 2 and "config.toml" in err and err.count("\n") == 1  # listed twice


def test_removing_a_configured_feed_says_so_and_lasts_while_the_config_lists_it(
        cli, config_file) -> None:
    """`feeds remove` of a feed the config lists turned it off for good: refresh said "no
    feeds: add one" and exit 0 though the config listed it, and taking it out of the config
    and putting it back changed nothing."""
    code, out, err = cli("feeds", "remove", "https://one.example/rss")
    assert code == 0 and out == "removed https://one.example/rss (its stored items are kept)\n"
    assert err.startswith("thawwatch: note: the config file ") and err.count("\n") == 1
    assert "lists https://one.example/rss: it stays off while the config lists it" in err
    code, out, _ = cli("refresh")
    assert code == 0 and out.startswith("no feeds: the feed in ")
    assert "was removed with `thawwatch feeds remove`" in out
    config_file("")  # taken out of the config (and a refresh, or the dashboard, ran) ...
    assert cli("refresh")[0] == 0
    assert json.loads(cli("feeds", "list", "--format", "json")[1]) == []
    config_file(CONFIG)  # ... and put back: subscribed again
    urls = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert urls == ["https://one.example/rss"]


def test_another_spelling_of_a_subscribed_feed_is_not_a_second_subscription(
        cli, tmp_path: Path) -> None:
    """Scheme and host case, the default port and a fragment do not make a new feed: it
    would be fetched twice and its items and pending changes stored twice."""
    for spelling in ("HTTPS://ONE.example/rss", "https://one.example:443/rss#latest"):
        code, out, _ = cli("feeds", "add", spelling)
        assert (code, out) == (0, "already subscribed: https://one.example/rss\n")
    assert cli("feeds", "add", "http://Two.example/feed")[1] == "added http://Two.example/feed\n"
    assert cli("feeds", "add", "http://two.example:80/feed#x")[1] == (
        "already subscribed: http://Two.example/feed\n")
    opml = tmp_path / "dups.opml"
    opml.write_text('<opml version="2.0"><body>'
                    '<outline type="rss" xmlUrl="https://one.EXAMPLE/rss"/>'
                    '<outline type="rss" xmlUrl="https://three.example/a"/>'
                    '<outline type="rss" xmlUrl="HTTPS://three.example/a#b"/></body></opml>')
    assert "1 feed added, 2 already there" in cli("feeds", "import", str(opml))[1]
    # the path keeps its case: a server may tell /rss and /RSS apart
    assert cli("feeds", "add", "https://one.example/RSS")[1] == "added https://one.example/RSS\n"
    urls = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert sorted(urls) == ["http://Two.example/feed", "https://one.example/RSS",
                            "https://one.example/rss", "https://three.example/a"]
    code, out, _ = cli("feeds", "remove", "http://TWO.example/feed#x")
    assert (code, out) == (0, "removed http://Two.example/feed (its stored items are kept)\n")
    # taken back under the spelling its row (and its items) have
    assert cli("feeds", "add", "http://two.example/feed")[1] == "added http://Two.example/feed\n"


def test_the_config_and_feeds_add_spelling_one_feed_two_ways_make_one_feed(
        config_file, db_path, capsys) -> None:
    """`feeds add` first, then the config lists the same feed spelled otherwise: one
    feed is listed and fetched, not two."""
    config_file('[[feeds]]\nurl = "https://other.example/rss"\n')
    assert run(capsys, "--db", str(db_path), "feeds", "add", "https://one.example/rss")[0] == 0
    config_file('[[feeds]]\nurl = "HTTPS://ONE.example:443/rss"\ninterval_minutes = 90\n')
    listed = json.loads(run(capsys, "--db", str(db_path), "feeds", "list", "--format", "json")[1])
    assert [f["url"] for f in listed] == ["https://one.example/rss"]
    from thawwatch.config import load_config
    from thawwatch.feeds import active_feeds

    with Store.open(db_path) as store:
        (feed,) = active_feeds(store, load_config(None))
    assert feed.interval_minutes == 90  # the config's settings reach it


def test_removing_a_feed_dropped_from_the_config_is_refused(config_file, db_path,
                                                            capsys) -> None:
    config_file(CONFIG)
    assert run(capsys, "--db", str(db_path), "feeds", "list")[0] == 0
    config_file('[[feeds]]\nurl = "https://other.example/rss"\n')
    code, out, err = run(capsys, "--db", str(db_path), "feeds", "remove", "https://one.example/rss")
    assert (code, out) == (2, "") and "not a subscribed feed" in err


def test_adding_a_feed_dropped_from_the_config_subscribes_it(config_file, db_path,
                                                              capsys) -> None:
    """A feed removed from the config leaves its row; `feeds add` must not answer
    "already subscribed" and then never fetch it."""
    config_file(CONFIG)
    assert run(capsys, "--db", str(db_path), "feeds", "list")[0] == 0  # the row exists now
    config_file('[[feeds]]\nurl = "https://other.example/rss"\n')
    code, out, _ = run(capsys, "--db", str(db_path), "feeds", "add", "https://one.example/rss")
    assert (code, out) == (0, "added https://one.example/rss\n")
    listed = json.loads(run(capsys, "--db", str(db_path), "feeds", "list", "--format", "json")[1])
    assert [f["url"] for f in listed] == ["https://other.example/rss", "https://one.example/rss"]

NEWSBOAT = b"""<?xml version="1.0"?>
<opml version="1.0"><head><title>newsboat - Exported Feeds</title></head><body>
<outline type="rss" xmlUrl="https://www.producer.com/feed/" htmlUrl="" title="Producer"/>
<outline type="rss" xmlUrl="exec:~/bin/fetch-secret.sh" title="cmd"/>
<outline type="rss" xmlUrl="filter:~/bin/f.sh:https://x.example/rss" title="filter"/>
<outline type="rss" xmlUrl="|rm -rf ~" title="pipe"/>
<outline type="rss" xmlUrl="query:Unread Articles:unread = &quot;yes&quot;" title="Unread"/>
</body></opml>"""
FEEDLY = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Feedly</title></head><body>
<outline text="Farm" title="Farm">
  <outline type="rss" text="RealAg" title="RealAg" xmlUrl="https://www.realagriculture.com/feed/"
   htmlUrl="https://www.realagriculture.com"/>
  <outline text="Nested"><outline type="rss" text="SCMP" xmlUrl="https://www.scmp.com/rss/2/feed"/>
  </outline>
</outline></body></opml>"""
NEWSRAFT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>newsraft</title></head><body>
<outline text="CBC" xmlUrl="https://www.cbc.ca/webfeed/rss/rss-business" type="rss"/>
</body></opml>"""


def test_opml_from_newsboat_feedly_newsraft(cli, tmp_path: Path) -> None:
    for name, data in (("nb.opml", NEWSBOAT), ("feedly.opml", FEEDLY), ("nr.opml", NEWSRAFT)):
        (tmp_path / name).write_bytes(data)
    code, out, err = cli("feeds", "import", str(tmp_path / "nb.opml"))
    assert code == 0 and "1 feed added" in out and "4 refused" in out
    assert err.count("\n") == 4 and err.count("never runs commands") == 3
    assert ('refused query:Unread Articles:unread = "yes": a newsboat query feed (a saved'
            ' search), not a feed to fetch\n') in err
    assert cli("feeds", "import", str(tmp_path / "feedly.opml"))[0] == 0
    assert cli("feeds", "import", str(tmp_path / "nr.opml"))[0] == 0
    urls = {f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])}
    assert urls == {"https://one.example/rss", "https://www.producer.com/feed/",
                    "https://www.realagriculture.com/feed/", "https://www.scmp.com/rss/2/feed",
                    "https://www.cbc.ca/webfeed/rss/rss-business"}
    assert not (Path.home() / "bin").exists()


def test_an_opml_past_the_feed_cap_says_so_once(cli, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of 20,000 feeds imported the first 10,000 and wrote a "refused …: more than
    10000 feeds" line for each of the other 10,000 (here with a cap of 3)."""
    monkeypatch.setattr("thawwatch.opml.MAX_FEEDS", 3)
    outlines = "".join(f'<outline type="rss" text="F{i}" xmlUrl="https://f{i}.example/rss"/>'
                       for i in range(8))
    path = tmp_path / "many.opml"
    path.write_text(f'<opml version="2.0"><body>{outlines}'
                    '<outline text="x" xmlUrl="exec:cat x"/></body></opml>', "utf-8")
    code, out, err = cli("feeds", "import", str(path))
    assert code == 0
    assert out == f"{path}: 3 feeds added, 0 already there, 6 refused\n"
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("refused exec:cat x: ")
    assert lines[1] == ("refused 5 more feeds: the file holds more than 3; only the first 3"
                        " are read (https://f3.example/rss, https://f4.example/rss,"
                        " https://f5.example/rss, …)")


def test_opml_round_trip(cli, tmp_path: Path) -> None:
    cli("feeds", "add", "https://two.example/atom?x=1&y=2", "--name", "Two & <Co>")
    code, out, _ = cli("feeds", "export")
    assert code == 0 and out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    back = parse_opml(out.encode(), "export")
    assert back.feeds == [("https://one.example/rss", "One"),
                          ("https://two.example/atom?x=1&y=2", "Two & <Co>")]
    assert back.refused == []


def test_an_unnamed_feed_comes_back_from_opml_unnamed(cli, tmp_path: Path) -> None:
    """An export names a feed without a name by its URL (OPML needs a text): imported, that
    URL became the feed's name for good, hiding the feed's own title."""
    assert cli("feeds", "add", "https://three.example/rss")[0] == 0
    opml = tmp_path / "out.opml"
    opml.write_text(cli("feeds", "export")[1], "utf-8")
    assert 'text="https://three.example/rss"' in opml.read_text("utf-8")
    assert parse_opml(opml.read_bytes(), "out.opml").feeds == [
        ("https://one.example/rss", "One"), ("https://three.example/rss", None)]


def test_renaming_a_subscribed_feed_says_so(cli) -> None:
    """`feeds add URL --name Two` on a subscribed feed renamed it, saying only "already
    subscribed"."""
    cli("feeds", "add", "https://two.example/atom", "--name", "One more")
    code, out, err = cli("feeds", "add", "https://two.example/atom", "--name", "Two")
    assert (code, out, err) == (
        0, "already subscribed: https://two.example/atom (now named 'Two')\n", "")
    assert cli("feeds", "add", "https://two.example/atom", "--name", "   ")[1] == (
        "already subscribed: https://two.example/atom\n")  # a blank name renames nothing
    assert cli("feeds", "add", "https://one.example/rss", "--name", "   ") == (
        0, "already subscribed: https://one.example/rss\n", "")  # nor warns of the config
    names = {f["url"]: f["name"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])}
    assert names["https://two.example/atom"] == "Two"


@pytest.mark.parametrize(("data", "message"), [
    (b"<opml><body><outline", "not valid XML"),
    (b"<html><body/></html>", "an HTML page, not OPML"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><opml><body/></opml>',
     "DTD or entities is refused"),
])
def test_bad_opml_is_refused_with_one_line(cli, tmp_path: Path, data: bytes,
                                           message: str) -> None:
    path = tmp_path / "bad.opml"
    path.write_bytes(data)
    code, _, err = cli("feeds", "import", str(path))
    assert code == 2 and message in err and str(path) in err and err.count("\n") == 1
    code, _, err = cli("feeds", "import", str(tmp_path / "missing.opml"))
    assert code == 2 and "no such file" in err


def _seed(db_path: Path) -> None:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    with Store.open(db_path) as store:
        sync_config(store, [FeedConfig(url="https://one.example/rss", name="One")], now)
        ingest(store, "https://one.example/rss", [
            ParsedItem("g1", "https://one.example/a", "=HYPERLINK(\"http://evil\")", "s",
                       datetime(2026, 3, 1, tzinfo=UTC), True),
            ParsedItem("g2", "https://one.example/b", "Plain title", "summary, with comma",
                       datetime(2025, 6, 1, tzinfo=UTC), True),
        ], now)


def test_export_formats_and_since(cli, db_path: Path) -> None:
    _seed(db_path)
    code, out, _ = cli("export", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["title"] for r in rows] == ["Plain title", "=HYPERLINK(\"http://evil\")"]
    assert set(rows[0]) == {"id", "feed", "title", "link", "published", "summary", "relevant",
                            "topics", "direction", "signals", "first_seen", "feed_name"}
    code, out, _ = cli("export", "--format", "json", "--since", "2026-01-01")
    assert [r["title"] for r in json.loads(out)] == ["=HYPERLINK(\"http://evil\")"]
    code, out, _ = cli("export", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert table[1]["title"].startswith("'=")  # no formula runs in a spreadsheet
    assert table[0]["summary"] == "summary, with comma"


def test_export_since_a_time_and_stored_since(cli, db_path: Path) -> None:
    """A script's incremental export: --stored-since the time of its last run takes the
    items stored after it, a late feed's old ones too (--since is the published time); a
    time, with or without its zone, as well as a day."""
    _seed(db_path)  # stored 2026-11-28T00:00:00Z
    with Store.open(db_path) as store:
        ingest(store, "https://one.example/rss", [
            ParsedItem("g3", "https://one.example/c", "Late feed's old story", "",
                       datetime(2024, 1, 5, tzinfo=UTC), True),
        ], datetime(2026, 11, 29, 10, 30, tzinfo=UTC))

    def titles(*argv: str) -> list[str]:
        code, out, err = cli("export", *argv)
        assert code == 0, err
        return [json.loads(line)["title"] for line in out.splitlines()]

    assert titles("--stored-since", "2026-11-29T10:00:00Z") == ["Late feed's old story"]
    assert titles("--stored-since", "2026-11-29") == ["Late feed's old story"]
    assert titles("--stored-since", "2026-11-29T05:30:00-05:00") == ["Late feed's old story"]
    assert titles("--stored-since", "2026-11-29T10:31:00") == []  # no zone: UTC
    assert titles("--stored-since", "2026-11-28T00:00:00Z") == [
        "Late feed's old story", "Plain title", "=HYPERLINK(\"http://evil\")"]
    assert titles("--since", "2026-03-01T00:00:01Z") == []
    assert titles("--since", "2026-03-01T00:00:00+00:00") == ["=HYPERLINK(\"http://evil\")"]
    code, out, _ = cli("export", "--format", "csv", "--stored-since", "2026-11-29")
    (row,) = csv.DictReader(io.StringIO(out))
    assert code == 0
    assert row["first_seen"] == "2026-11-29T10:30:00Z"  # after signals
    assert list(row)[-2:] == ["first_seen", "feed_name"] and row["feed_name"]


@pytest.mark.parametrize("value", ["2026-11-29T25:00:00Z", "yesterday", "2026-11-29T10",
                                   "1764460800", "2026-11-29T10:00:00 EST",
                                   "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_export_refuses_a_time_it_cannot_read(cli, db_path: Path, value: str) -> None:
    _seed(db_path)
    code, out, err = cli("export", "--stored-since", value)
    assert code == 2 and out == "" and "not a date (YYYY-MM-DD) or a time" in err


@pytest.mark.parametrize("since", ["0999-12-31", "0001-01-01", "1000-01-01"])
def test_export_since_a_date_long_ago_exports_everything(cli, db_path: Path,
                                                         since: str) -> None:
    """A --since before the year 1000 exported nothing, exit 0: the date was compared
    with the stored times as '999-12-31T…', which sorts after '2026-…'."""
    _seed(db_path)
    code, out, _ = cli("export", "--since", since)
    assert code == 0
    assert [json.loads(line)["title"] for line in out.splitlines()] == [
        "Plain title", "=HYPERLINK(\"http://evil\")"]


def test_db_check_and_backup(cli, db_path: Path, tmp_path: Path) -> None:
    _seed(db_path)
    code, out, _ = cli("db", "check")
    assert code == 0 and "integrity: ok" in out and "items 2" in out
    target = tmp_path / "backup.db"
    assert cli("db", "backup", str(target))[0] == 0
    with Store.open(target) as copy:
        assert copy.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 2
    code, _, err = cli("db", "backup", str(target))
    assert code == 2 and "already exists" in err


def test_db_check_on_corrupt_file_leaves_it_alone(cli, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = db_path.read_bytes()
    code, out, _ = cli("db", "check")
    assert code == 1 and "corrupt" in out
    assert db_path.read_bytes() == before


EVIL_NAME = "Evil\x1b]0;pwned\x07\x1b[2J\x01 name\nsecond line\u202e\x9b31m"


def _no_controls(text: str) -> bool:
    """No character a terminal acts on (newlines apart, which end a line)."""
    return not any((ch < " " and ch != "\n") or "\x7f" <= ch <= "\x9f" or ch == "\u202e"
                   for ch in text)


def test_feed_names_are_cleaned_on_the_way_in(cli, db_path: Path, tmp_path: Path) -> None:
    """`feeds add --name` with escape sequences once set the terminal's title and cleared
    the screen on `feeds list`, split its line in two, and made `feeds export` write an
    OPML file that `feeds import` refused as not valid XML."""
    assert cli("feeds", "add", "https://ctl.example/rss", "--name", EVIL_NAME)[0] == 0
    assert cli("feeds", "add", "https://blank.example/rss", "--name", "\x1b[2J\x07 \n")[0] == 0
    with Store.open(db_path) as store:  # stored clean, not only shown clean
        stored = dict(store.conn.execute("SELECT url, name FROM feeds").fetchall())
    assert stored["https://ctl.example/rss"] == "Evil name second line"
    assert stored["https://blank.example/rss"] is None
    code, out, _ = cli("feeds", "list")
    assert code == 0 and _no_controls(out) and out.count("\n") == 1 + 3  # (the header)
    assert "Evil name second line  <https://ctl.example/rss>" in out
    names = {f["url"]: f["name"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])}
    assert names["https://ctl.example/rss"] == "Evil name second line"
    assert names["https://blank.example/rss"] == "https://blank.example/rss"  # no name left
    code, exported, _ = cli("feeds", "export")
    assert code == 0 and _no_controls(exported)
    opml = tmp_path / "export.opml"
    opml.write_text(exported, "utf-8")
    other = tmp_path / "other.db"
    code, out, err = cli("--db", str(other), "feeds", "import", str(opml))
    assert (code, err) == (0, "") and "2 feeds added, 1 already there, 0 refused" in out
    back = json.loads(cli("--db", str(other), "feeds", "list", "--format", "json")[1])
    assert {f["url"]: f["name"] for f in back} == names


def test_opml_import_names_are_cleaned_before_storing(cli, tmp_path: Path) -> None:
    """C1 controls and bidi overrides are legal in XML, so an OPML title can carry them."""
    opml = tmp_path / "c1.opml"
    opml.write_text('<opml version="2.0"><body><outline xmlUrl="https://c1.example/rss"'
                    ' title="&#x9b;2JWiped&#x202e; &#10;out"/></body></opml>', "utf-8")
    assert cli("feeds", "import", str(opml))[0] == 0
    names = {f["url"]: f["name"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])}
    assert names["https://c1.example/rss"] == "Wiped out"


def test_names_stored_dirty_by_an_older_version_are_cleaned(cli, db_path: Path) -> None:
    """A database written before names were cleaned still holds escape sequences: the
    next command's one-time repair cleans them, so `feeds list` and `export` never print
    them again."""
    assert cli("feeds", "list")[0] == 0
    with Store.open(db_path) as store, store.transaction() as conn:
        conn.execute("INSERT INTO feeds (url, name, origin, added_at)"
                     " VALUES ('https://old.example/rss', ?, 'added', '2026-01-01T00:00:00Z')",
                     (EVIL_NAME,))
        conn.execute("DELETE FROM meta WHERE key = 'repaired:feed-names'")  # not had yet
    code, out, _ = cli("feeds", "list")
    assert code == 0 and _no_controls(out) and "Evil name second line" in out
    with Store.open(db_path) as store:
        stored = store.conn.execute(
            "SELECT name FROM feeds WHERE url = 'https://old.example/rss'").fetchone()[0]
    assert stored == "Evil name second line"


def test_remove_unsubscribes_every_stored_spelling_of_a_feed(cli, db_path: Path) -> None:
    """A database from before a host's trailing dot was recognised can hold two rows for
    one feed; `feeds remove` marked one, and the other was still listed and fetched."""
    assert cli("feeds", "list")[0] == 0
    with Store.open(db_path) as store, store.transaction() as conn:
        for url in ("https://dup.example/rss", "https://dup.example./rss"):
            conn.execute("INSERT INTO feeds (url, name, origin, added_at)"
                         " VALUES (?, 'Dup', 'added', '2026-01-01T00:00:00Z')", (url,))
    listed = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert sum("dup.example" in url for url in listed) == 1
    code, out, _ = cli("feeds", "remove", "https://dup.example/rss")
    assert code == 0, out
    listed = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert not [url for url in listed if "dup.example" in url]
    with Store.open(db_path) as store:
        removed = store.conn.execute(
            "SELECT removed FROM feeds WHERE url LIKE '%dup.example%'").fetchall()
    assert removed == [(1,), (1,)]


def test_opml_export_never_writes_what_xml_forbids() -> None:
    """However a name or URL reached it, the export stays well-formed and imports again."""
    from thawwatch.opml import write_opml

    text = write_opml([("https://a.example/rss\x00", "A\x1b[31m\x00\ud800 \ufffe name", None),
                       ("https://b.example/rss", None, None)], title="t\x01")
    back = parse_opml(text.encode("utf-8", "strict"), "export")
    assert back.feeds == [("https://a.example/rss", "A name"),
                          ("https://b.example/rss", None)]  # its URL was only OPML's text


@pytest.mark.parametrize("encoding", [
    "x-foo", "utf-7", "utf-32", "rot13", "punycode", "idna", "undefined",
])
def test_opml_in_an_encoding_python_cannot_read_is_refused_with_one_line(
        cli, tmp_path: Path, encoding: str) -> None:
    """expat hands an encoding it lacks to Python's codecs, which raise LookupError or
    ValueError: that was "unexpected error", exit 1."""
    path = tmp_path / "enc.opml"
    path.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
                     + b'<opml version="2.0"><body><outline xmlUrl="http://u.example/"/>'
                     b"</body></opml>")
    code, out, err = cli("feeds", "import", str(path))
    assert (code, out) == (2, "")
    assert err == f"thawwatch: {path}: unsupported encoding {encoding}\n"


@pytest.mark.parametrize(("encoding", "name", "written_as"), [
    ("GBK", "加拿大油菜籽新闻", None), ("GB2312", "中国商务部公告", None),
    ("GB18030", "农业农村部", None), ("Big5", "加拿大貿易新聞", None),
    ("Shift_JIS", "日本語のニュース", None), ("EUC-JP", "日本経済", None),
    ("ISO-2022-JP", "貿易ニュース", None), ("EUC-KR", "한국 무역 뉴스", None),
    ("EUC-KR", "똠방 무역", None),  # a syllable EUC-KR spells with 8 bytes
    # what Windows writes under the older names: the supersets
    ("GB2312", "朱镕基访华", "gb18030"), ("Shift_JIS", "①日本", "cp932"),
    ("EUC-KR", "똠방 무역", "cp949"), ("windows-31j", "①日本", "cp932"),
    ("GBK", "加拿大", "utf-8-sig"),  # saved again as UTF-8 with a BOM, the declaration kept
])
def test_opml_in_chinese_japanese_and_korean_encodings_imports(
        cli, tmp_path: Path, encoding: str, name: str, written_as: str | None) -> None:
    """expat reads none of these multi-byte encodings itself; Python's codecs do."""
    path = tmp_path / "cjk.opml"
    path.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?><opml version="2.0"><body>'
                     f'<outline text="{name}" xmlUrl="https://cn.example/rss"/>'
                     f"</body></opml>".encode(written_as or encoding))
    code, out, err = cli("feeds", "import", str(path))
    assert (code, err) == (0, "") and "1 feed added" in out
    listed = json.loads(cli("feeds", "list", "--format", "json")[1])
    assert {"url": "https://cn.example/rss", "name": name}.items() <= listed[-1].items()


def test_opml_declared_gbk_with_bytes_gbk_cannot_hold_is_one_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.opml"
    path.write_bytes(b'<?xml version="1.0" encoding="GBK"?><opml><body>'
                     b'<outline text="\xff\xff" xmlUrl="https://x.example/"/></body></opml>')
    code, out, err = cli("feeds", "import", str(path))
    assert (code, out) == (2, "")
    assert err == f"thawwatch: {path}: not valid GBK text (byte 63)\n"


def test_opml_outlines_that_are_not_feeds_are_refused_and_attributes_any_case(
        cli, tmp_path: Path) -> None:
    """OPML 2.0's ``url`` also marks web pages (type="link") and other OPML files
    (type="include"): not subscriptions. Attribute names in any case are read."""
    path = tmp_path / "mixed.opml"
    path.write_bytes(b'<opml version="2.0"><body>'
                     b'<outline type="link" text="page" url="https://example.org/page.html"/>'
                     b'<outline type="include" text="more" url="https://example.org/more.opml"/>'
                     b'<outline type="rss" text="by url" url="https://example.org/by-url.xml"/>'
                     b'<outline TYPE="RSS" TEXT="Upper" XMLURL="https://example.org/upper.xml"/>'
                     b"</body></opml>")
    code, out, err = cli("feeds", "import", str(path))
    assert code == 0 and "2 feeds added" in out and "2 refused" in out
    assert err.splitlines() == [
        "refused https://example.org/page.html: a link to a web page, not a feed",
        "refused https://example.org/more.opml: another OPML file: import that file itself"]
    urls = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert urls[-2:] == ["https://example.org/by-url.xml", "https://example.org/upper.xml"]


@pytest.mark.parametrize("data", [
    '<?xml version="1.0" encoding="x-foo"?><opml/>'.encode("utf-16"),
    b"\xef\xbb\xbf" + b'<?xml version="1.0" encoding="utf-16"?><opml/>',
    b"\xff\xfe" + '<?xml version="1.0" encoding="utf-8"?><opml/>'.encode("utf-16-le"),
    '<?xml version="1.0" encoding="utf-32"?><opml/>'.encode("utf-32"),
])
def test_opml_with_a_bom_or_encoding_mismatch_is_refused_with_one_line(
        cli, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bom.opml"
    path.write_bytes(data)
    code, out, err = cli("feeds", "import", str(path))
    assert (code, out) == (2, "") and err.startswith(f"thawwatch: {path}: ")
    assert err.count("\n") == 1 and "unexpected" not in err


def test_a_trailing_dot_on_the_host_is_the_same_feed(cli) -> None:
    """``example.org.`` is ``example.org`` (the DNS root): not a second subscription
    fetched twice."""
    code, out, _ = cli("feeds", "add", "https://ONE.example./rss")
    assert (code, out) == (0, "already subscribed: https://one.example/rss\n")
    assert cli("feeds", "add", "http://two.example.:80/feed")[1] == (
        "added http://two.example.:80/feed\n")
    assert cli("feeds", "add", "http://two.example/feed")[1] == (
        "already subscribed: http://two.example.:80/feed\n")


def test_the_config_names_the_feeds_it_lists(config_file, db_path: Path, capsys) -> None:
    """Deleting a feed's `name =` line shows the feed's own title again (the old name
    stuck); `feeds add --name` on a feed the config lists says where its name is set,
    and a later command does not drop a name it seemed to accept. A feed added from the
    command line keeps the name given there."""
    from thawwatch.feeds import record_success

    def names() -> list[str]:
        _, out, _ = run(capsys, "--db", str(db_path), "feeds", "list", "--format", "json")
        return [f["name"] for f in json.loads(out)]

    config_file('[[feeds]]\nurl = "https://c.example/rss"\nname = "Old name"\n')
    assert run(capsys, "--db", str(db_path), "feeds", "add", "https://a.example/rss",
               "--name", "Mine")[0] == 0
    with Store.open(db_path) as store:
        record_success(store, "https://c.example/rss", now=datetime(2026, 11, 28, tzinfo=UTC),
                       etag=None, last_modified=None, title="Feed's own title")
    assert names() == ["Old name", "Mine"]
    path = config_file('[[feeds]]\nurl = "https://c.example/rss"\n')
    assert names() == ["Feed's own title", "Mine"]
    code, out, err = run(capsys, "--db", str(db_path), "feeds", "add", "https://c.example/rss",
                         "--name", "Renamed")
    assert (code, out) == (0, "already subscribed: https://c.example/rss\n")
    assert err == (f"thawwatch: https://c.example/rss is in the config file {path}: its name"
                   ' is set there (name = "…"), not with --name\n')
    assert names() == ["Feed's own title", "Mine"]


def test_feeds_list_says_its_times_are_utc(cli, db_path: Path) -> None:
    """The last-ok time was UTC with no zone, beside `status` dates in the local day."""
    from thawwatch.feeds import record_success

    cli("feeds", "add", "https://one.example/rss")  # the config's feed gets its row
    with Store.open(db_path) as store:
        record_success(store, "https://one.example/rss", now=datetime(2026, 11, 29, 13, 57,
                                                                      tzinfo=UTC),
                       etag=None, last_modified=None, title=None)
    out = cli("feeds", "list")[1]
    assert out.splitlines()[1].startswith(
        "ok         0  2026-11-29 13:57 UTC  One  <https://one.example/rss>")


def test_an_import_keeps_the_name_you_gave_a_feed(cli, tmp_path: Path) -> None:
    """An OPML file (someone else's list) naming a feed you already follow renamed it
    silently ("0 feeds added, 1 already there"); the name you gave stays. A feed the
    import turns back on, or adds, takes the file's title."""
    assert cli("feeds", "add", "https://a.example/feed", "--name", "Mine")[0] == 0
    assert cli("feeds", "add", "https://b.example/feed", "--name", "Gone")[0] == 0
    assert cli("feeds", "remove", "https://b.example/feed")[0] == 0
    opml = tmp_path / "theirs.opml"
    opml.write_text('<opml version="2.0"><body>'
                    '<outline xmlUrl="https://a.example/feed" title="Theirs"/>'
                    '<outline xmlUrl="https://b.example/feed" title="Back"/>'
                    '<outline xmlUrl="https://c.example/feed" title="New"/></body></opml>',
                    "utf-8")
    code, out, _ = cli("feeds", "import", str(opml))
    assert code == 0 and "2 feeds added, 1 already there" in out, out
    names = {f["url"]: f["name"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])}
    assert names["https://a.example/feed"] == "Mine"
    assert names["https://b.example/feed"] == "Back"
    assert names["https://c.example/feed"] == "New"


@pytest.mark.parametrize("url", ["http://256.1.1.1/feed", "http://exa_mple..com/",
                                 f"https://{'x' * 64}.example/rss",
                                 # from a user audit: both were accepted, then failed on
                                 # every refresh
                                 "http://xn--/feed", "https://xn--zz.example/rss",
                                 "http://localhost:0/x"])
def test_feeds_add_refuses_a_host_no_server_can_have(cli, url: str) -> None:
    code, _, err = cli("feeds", "add", url)
    assert code == 2 and err.count("\n") == 1 and url in err
    listed = [f["url"] for f in json.loads(cli("feeds", "list", "--format", "json")[1])]
    assert listed == ["https://one.example/rss"]


@pytest.mark.parametrize("url", ["http://example.org./rss", "https://café.example/rss",
                                 "http://[::1]:8080/rss", "http://127.0.0.1:8080/rss",
                                 "https://under_score.example/rss"])
def test_feeds_add_takes_every_host_a_server_can_have(cli, url: str) -> None:
    assert cli("feeds", "add", url)[0] == 0


@pytest.mark.parametrize(("body", "said"), [
    ('<opml version="2.0"><body></body></opml>', "no feed to import"),
    ('<opml version="2.0"><body><outline xmlUrl="ftp://x.example/a"/>'
     '<outline xmlUrl="mailto:a@b.example"/></body></opml>',
     "no feed to import (each was refused, as said above)"),
])
def test_an_import_with_no_feed_to_follow_is_bad_input(cli, tmp_path: Path, body: str,
                                                       said: str) -> None:
    """From a user audit: a file with no feed at all, or only refused ones, exited 0, and
    a script took the import for done."""
    opml = tmp_path / "nothing.opml"
    opml.write_text(body, "utf-8")
    code, out, err = cli("feeds", "import", str(opml))
    assert code == 2 and "0 feeds added" in out
    assert err.splitlines()[-1] == f"thawwatch: {opml}: {said}"


def test_an_import_reads_standard_input(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """`curl -s …/export.opml | thawwatch feeds import -`, as a script pipes it."""
    opml = (b'<opml version="2.0"><body><outline xmlUrl="https://piped.example/feed"'
            b' title="Piped"/></body></opml>')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(opml)))
    code, out, err = cli("feeds", "import", "-")
    assert code == 0 and out.startswith("standard input: 1 feed added"), out + err
    listed = json.loads(cli("feeds", "list", "--format", "json")[1])
    assert {"url": "https://piped.example/feed", "name": "Piped"}.items() <= next(
        f for f in listed if f["url"] == "https://piped.example/feed").items()
