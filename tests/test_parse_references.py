"""Bad character references and oversized links must cost one field, never the feed.

An audit found that one ``&#x110000;`` (or a surrogate, or ``&#99999999999;``) in one
item's title made feedparser's fallback raise, so the whole feed failed with Python's
exception text as its error and none of its items was stored; and that a 100 kB
``<link>`` was stored and exported whole. Real XML bytes go through ``parse_feed`` (fast
path and feedparser) and, for the audit's two cases, through ``thawwatch refresh``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import hostile_feeds as H
import pytest
from feedserver import FeedServer, atom, rss

import thawwatch.parse as parse_mod
import thawwatch.refresh as refresh_mod
from thawwatch.cli import main
from thawwatch.parse import (
    LINK_MAX,
    PARSE_FAILED,
    ParsedFeed,
    _parse_feed_with_feedparser,
    parse_feed,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
URL = "https://news.example.org/feeds/canada.xml"
FFFD = "\ufffd"
PYTHON_WORDS = ("chr()", "codec", "surrogates", "int too large", "Error")


def parse(body: bytes) -> ParsedFeed:
    return parse_feed(body, URL, NOW)


def encodable(feed: ParsedFeed) -> bool:
    """Every string can be stored and printed as UTF-8 (no lone surrogate)."""
    strings = [feed.title, feed.error or ""]
    for it in feed.items:
        strings += [it.title, it.summary, it.link or "", it.guid or ""]
    try:
        "".join(strings).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --------------------------------------------------------------------------- references


@pytest.mark.parametrize("well_formed", [True, False], ids=["expat", "lenient"])
@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("name", sorted(H.BAD_REFS))
def test_bad_reference_costs_nothing_but_itself(name: str, kind: str, well_formed: bool) -> None:
    body = H.bad_reference_feed(H.BAD_REFS[name], atom=kind == "atom", well_formed=well_formed)
    feed = parse(body)
    assert feed.error is None and feed.title == "Refs"
    first, second, bad = feed.items
    assert first.title == ("Canola ok one" if well_formed else "Canola ok é one")
    assert (second.title, second.link) == ("Canola ok two", "https://ok.example/ob2")
    assert bad.title == f"Bad ref {FFFD} here"
    assert bad.summary == f"x {FFFD} y"
    assert bad.link == f"https://ok.example/bad/{FFFD}"
    assert bad.guid == f"ob3-{FFFD}"
    assert encodable(feed)
    # the fast path and feedparser still agree
    assert feed == _parse_feed_with_feedparser(body, URL, NOW)


def test_audit_feed_keeps_every_item() -> None:
    """The audit's /tmp/audit/www/onebad.xml, byte for byte."""
    body = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>One bad'
            b"</title><item><title>China lifts canola tariffs on Canada</title><link>"
            b"http://127.0.0.1/ob1</link><guid>ob1</guid></item><item><title>Canada China "
            b"seafood talks</title><link>http://127.0.0.1/ob2</link><guid>ob2</guid></item>"
            b"<item><title>Bad ref &#x110000; here</title><link>http://127.0.0.1/ob3</link>"
            b"<guid>ob3</guid></item></channel></rss>")
    feed = parse(body)
    assert feed.error is None
    assert [i.guid for i in feed.items] == ["ob1", "ob2", "ob3"]
    assert feed.items[2].title == f"Bad ref {FFFD} here"


@pytest.mark.parametrize(("ref", "expected"), [
    ("&amp;#x110000;", FFFD),
    ("&amp;#xD800;", FFFD),
    ("&amp;#99999999999;", FFFD),
    ("&amp;#" + "9" * 5000 + ";", FFFD),  # html.unescape raises past 4300 digits
    ("&amp;#" + "0" * 5000 + "65;", "A"),  # valid, just padded
    ("&amp;#x" + "0" * 5000 + "3c;b&amp;gt;", "<b>"),  # a "<" as text, not a tag
])
def test_html_escaped_references_in_titles_and_summaries(ref: str, expected: str) -> None:
    body = H.rss_doc(
        H.item_xml("Canola ok", guid="ok")
        + f"<item><title>T {ref} end</title><guid>g</guid>"
          f"<description>&lt;p&gt;S {ref} end&lt;/p&gt;</description></item>"
        + f"<item><guid>c</guid><description><![CDATA[<p>C {ref.replace('&amp;', '&')} end"
          "</p>]]></description></item>",
        title=f"F {ref} end").encode()
    feed = parse(body)
    assert feed.error is None and feed.title == f"F {expected} end"
    ok, escaped, cdata = feed.items
    assert ok.title == "Canola ok"
    assert (escaped.title, escaped.summary) == (f"T {expected} end", f"S {expected} end")
    assert cdata.summary == f"C {expected} end"
    assert encodable(feed)
    assert feed == _parse_feed_with_feedparser(body, URL, NOW)


def test_html_reference_without_semicolon_in_a_summary() -> None:
    bomb = "&amp;#" + "9" * 5000  # HTML does not need the ";" (a title without one is text)
    feed = parse(H.rss_doc(H.item_xml("ok", guid="1") + H.item_xml(
        "t", guid="2", raw=True, description=f"&lt;b&gt;S {bomb} end&lt;/b&gt;")).encode())
    assert [i.summary for i in feed.items] == ["", f"S {FFFD} end"]


def test_atom_html_content_with_bad_references() -> None:
    body = atom([{"title": "ok", "id": "1"},
                 {"title": "x &#x110000; y", "id": "2",
                  "content": "<p>c &#xDFFF; &#" + "7" * 6000 + "; d</p>"}])
    feed = parse(body)
    assert feed.error is None
    assert [i.title for i in feed.items] == ["ok", f"x {FFFD} y"]
    assert feed.items[1].summary == f"c {FFFD} {FFFD} d"


def test_valid_and_control_references_are_unchanged() -> None:
    body = H.rss_doc(H.item_xml(
        "caf&#233; &#x2014; &#8217;s &#x1F600; &#x10FFFF;x &#x0000000041; &#x1b;[2J done",
        guid="v", raw=True)).encode()
    (it,) = parse(body).items
    # the escape sequence is removed whole (not left as "[2J" debris), U+10FFFF is a
    # private-use character that clean_text keeps as it always did
    assert it.title == "café — ’s 😀 \U0010ffffx A done"


# --------------------------------------------------------------------------- error messages


def test_feedparser_crash_is_a_plain_sentence_with_the_detail_aside(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **kw: object) -> object:
        raise ValueError("chr() arg not in range(0x110000)")

    monkeypatch.setattr(feedparser, "parse", boom)
    feed = parse(H.rss_doc("<item><title>t <br> u</title></item>").encode())  # not XML
    assert (feed.error, feed.items) == (PARSE_FAILED, [])
    assert feed.detail == "ValueError: chr() arg not in range(0x110000)"


def test_bozo_message_keeps_expat_words_but_not_python_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    broken = b'<rss version="2.0"><channel><foo></channel></rss>'
    error = parse(broken).error
    assert error is not None and error.startswith("malformed feed: ")
    assert "mismatched tag" in error

    def odd(*a: object, **kw: object) -> dict[str, Any]:
        return {"bozo": 1, "bozo_exception": OverflowError("Python int too large to convert "
                                                           "to C int"), "feed": {}, "entries": []}

    monkeypatch.setattr(feedparser, "parse", odd)
    assert parse(broken).error == "malformed feed"


def test_one_failing_item_does_not_cost_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    real = parse_mod.html_to_text

    def flaky(s: str | None, max_len: int = 4000) -> str:
        if s and "POISON" in s:
            raise RuntimeError("a bug in html_to_text")
        return real(s, max_len)

    monkeypatch.setattr(parse_mod, "html_to_text", flaky)
    body = rss([{"title": "one", "guid": "1"}, {"title": "two", "guid": "2",
                                                 "description": "<p>POISON</p>"},
                {"title": "three", "guid": "3"}])
    feed = parse(body)
    assert feed.error is None and [i.title for i in feed.items] == ["one", "three"]
    assert feed.detail is not None and "RuntimeError: a bug in html_to_text" in feed.detail
    # every item failing is an error, not a feed with nothing new
    feed = parse(rss([{"title": "only", "guid": "1", "description": "POISON"}]))
    assert (feed.error, feed.items) == (PARSE_FAILED, [])


# --------------------------------------------------------------------------- link length


def test_hundred_kilobyte_link_is_no_link() -> None:
    feed = parse(H.long_link_feed())
    assert feed.error is None
    long_item, short_item, permalink = feed.items
    assert (long_item.title, long_item.guid, long_item.link) == (
        "Canola long link", "long-1", None)
    assert short_item.link == "https://ok.example/short"
    assert permalink.title == "Canola long permalink" and permalink.link is None
    assert permalink.guid is not None and len(permalink.guid) <= 500


def test_link_cap_boundary_and_atom() -> None:
    def link(n: int) -> str:
        head = "https://ok.example/p?"
        return head + "a" * (n - len(head))

    feed = parse(rss([{"title": "at", "link": link(LINK_MAX)},
                      {"title": "over", "link": link(LINK_MAX + 1)}]))
    assert [i.link for i in feed.items] == [link(LINK_MAX), None]
    # Atom alternate links, and a link that only grows past the cap when canonicalised
    # (each ideographic space is percent-encoded into nine characters)
    feed = parse(atom([{"title": "long", "id": "1", "link": link(LINK_MAX + 1)},
                       {"title": "grows", "id": "2",
                        "link": "https://ok.example/" + "\u3000" * 1000 + "x"},
                       {"title": "fine", "id": "3", "link": link(200)}]))
    assert [(i.title, i.link) for i in feed.items] == [
        ("long", None), ("grows", None), ("fine", link(200))]


def test_long_links_are_quick() -> None:
    import time

    body = rss([{"title": f"t{i}", "link": "https://ok.example/" + "x" * 5_000_000}
                for i in range(3)])
    t0 = time.process_time()
    feed = parse(body)
    assert time.process_time() - t0 < 3.0
    assert [i.link for i in feed.items] == [None, None, None]


# --------------------------------------------------------------------------- pipeline


@pytest.fixture
def refresh(feed_server: FeedServer, config_file: Callable[..., Path], db_path: Path,
            capsys: Any, parser_processes: ProcessPoolExecutor,
            monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[str, list[dict[str, Any]]]]:
    """Serve ``body``, run ``thawwatch refresh`` (parsing in worker processes, as in
    production), and return the feed's status line and its items as exported."""
    monkeypatch.setattr(refresh_mod, "parse_pool", H.BorrowedPool(parser_processes))

    def run(body: bytes) -> tuple[str, list[dict[str, Any]]]:
        feed_server.route("/feed", body)
        url = feed_server.url("/feed")
        config_file(f'[[feeds]]\nurl = "{url}"\n[refresh]\ninterval_minutes = 0\n'
                    "timeout_seconds = 5\n")
        assert main(["--db", str(db_path), "refresh"]) == 0
        out = capsys.readouterr().out
        assert main(["--db", str(db_path), "export", "--format", "jsonl"]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
        assert main(["--db", str(db_path), "feeds", "list", "--format", "json"]) == 0
        (feed,) = json.loads(capsys.readouterr().out)
        assert (feed["status"], feed["error"]) == ("ok", None), (feed, out)
        return out, rows

    return run


def test_refresh_stores_every_item_of_a_feed_with_a_bad_reference(
        refresh: Callable[..., tuple[str, list[dict[str, Any]]]]) -> None:
    out, rows = refresh(H.bad_reference_feed(H.BAD_REFS["hex-surrogate"]))
    assert "FAIL" not in out and not any(word in out for word in PYTHON_WORDS)
    assert sorted(r["title"] for r in rows) == [
        f"Bad ref {FFFD} here", "Canola ok one", "Canola ok two"]


def test_refresh_stores_and_exports_no_hundred_kilobyte_link(
        refresh: Callable[..., tuple[str, list[dict[str, Any]]]]) -> None:
    _, rows = refresh(H.long_link_feed())
    links = {r["title"]: r["link"] for r in rows}
    assert links == {"Canola long link": "", "Canola short link": "https://ok.example/short",
                     "Canola long permalink": ""}
    assert max(len(json.dumps(r)) for r in rows) < 5000


def test_references_inside_cdata_are_literal_text() -> None:
    """In CDATA, "&#xD800;" is eight characters of text, not a reference: three GUIDs
    that differ only there were all rewritten to one, and two items were lost."""
    from thawwatch.items import prepare

    items = "".join(
        f"<item><title>Canola item {n}</title><guid isPermaLink=\"false\">"
        f"<![CDATA[tag:x,2026:&#xD80{n};]]></guid></item>" for n in range(3))
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}'
            "</channel></rss>").encode()
    feed = parse(body)
    assert [it.guid for it in feed.items] == [f"tag:x,2026:&#xD80{n};" for n in range(3)]
    assert len(prepare(URL, feed.items)) == 3
