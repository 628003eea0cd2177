"""Properties (hypothesis): whatever goes in, nothing raises and no control character
comes out of the text cleaners, the link canonicaliser, the feed parser and the classifier.

Examples stay modest (the file runs in a few seconds); the strategies lean on the
dangerous ranges (C0, C1, ESC sequences, surrogates, bidi and line separators, markup,
entities) so the interesting cases come up early.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from thawwatch import text as text_module
from thawwatch.parse import ParsedFeed, parse_feed
from thawwatch.signals import ACTIONS, DIRECTIONS, MEASURES, TOPICS, classify
from thawwatch.text import canonical_link, clean_text, html_to_text, link_key

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

hostile_pieces = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x9F),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.sampled_from([
        "\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;http://e/\x1b\\", "\x1b", "\x9b31m",
        "\x9d0;t\x9c", "\u2028", "\u2029", "\u202e", "\u200b", "\u3000", "\xa0", "\ufeff",
        "&#x1b;", "&#x9b;", "&#0;", "&lt;", "&amp;", "<b>", "</p>", "<script>", "<!--",
        "[bold]", "[/]", "[@click=app.quit]", "[", "]", "javascript:", "http://", "//",
        " ", "\t", "\n", "\r\n",
    ]),
    st.characters(),
)
hostile_text = st.lists(hostile_pieces, max_size=60).map("".join)


def clean_out(s: str) -> bool:
    """One-line, control-free, no lone surrogates."""
    return not CONTROL.search(s)


# --------------------------------------------------------------------------- text


@SETTINGS
@given(hostile_text, st.integers(min_value=1, max_value=200))
def test_clean_text(s: str, max_len: int) -> None:
    out = clean_text(s, max_len)
    assert clean_out(out) and len(out) <= max_len
    assert "\u2028" not in out and "\u2029" not in out  # no line break in one line


@SETTINGS
@given(hostile_text)
def test_html_to_text(s: str) -> None:
    out = html_to_text(f"<div>{s}</div>{s}&#x1b;&#155;&#x9d;")
    assert clean_out(out) and "\u2028" not in out


@SETTINGS
@given(hostile_text, st.sampled_from([None, "https://news.example/feeds/a.xml",
                                      "http://127.0.0.1:8080/x?y=1", "javascript:x"]))
def test_canonical_link(s: str, base: str | None) -> None:
    for candidate in (s, "https://news.example/" + s, "http://" + s):
        out = canonical_link(candidate, base)
        if out is None:
            continue
        assert re.match(r"^https?://[^/?#\s]+", out), out
        assert clean_out(out)
        assert not any(ch.isspace() for ch in out), out
        assert not any(unicodedata.category(ch) in ("Cf", "Zl", "Zp") for ch in out), out
        _check_idempotent(out)


_URL_PIECES = st.sampled_from([
    "http://", "https://", "HTTP://", "javascript:", "//", "www.", "Example.ORG",
    "example.org.", ":80", ":443", ":8080", "/", "a", "%20", " ", "\u3000", "\u202e", "?",
    "&", "=", "utm_source=x", "fbclid=1", "#", "frag", "@", "user:pw@", "[::1]", "..", "./",
    "\t", "\n", "\u00e9", ";", "%", "%zz", "?&&", "=&",
])


@SETTINGS
@given(st.lists(_URL_PIECES, max_size=12).map("".join),
       st.sampled_from([None, "http://base.example/x/y", "https://b.example"]))
def test_canonical_link_of_url_like_text(s: str, base: str | None) -> None:
    out = canonical_link(s, base)
    if out is not None:
        _check_idempotent(out)


@SETTINGS
@example("http://x.example/a;", "http://base.example/x/y")  # urljoin drops the empty ;
@example("http:///a", "http://base.example/x/y")  # no host: the base's is taken
@given(st.lists(_URL_PIECES, max_size=12).map("".join),
       st.sampled_from(["http://base.example/x/y", "https://b.example", "HTTP://c.example/",
                        "http://[::1]:8080/f?q#z", "javascript:x", "//d.example/"]))
def test_canonical_link_joins_only_what_needs_a_base(s: str, base: str) -> None:
    """An absolute http(s) link with a host skips urljoin: the answer must be the one the
    join gives."""
    from urllib.parse import urljoin

    clean = text_module._URL_WS.sub("", text_module.strip_controls(s)).strip()
    try:
        joined = urljoin(base, clean) if clean else clean
    except ValueError:
        joined = None
    expected = canonical_link(joined) if joined else None
    assert canonical_link(s, base) == expected


def _check_idempotent(link: str) -> None:
    """A canonical link is its own canonical form: link_key trusts that for the links
    canonical_link has just returned (text._RECENT_CANONICAL), and keys them the same."""
    assert canonical_link(link) == link
    remembered = link_key(link)
    text_module._RECENT_CANONICAL.clear()
    assert link_key(link) == remembered


# --------------------------------------------------------------------------- parser


def check_parsed(feed: ParsedFeed) -> None:
    assert isinstance(feed, ParsedFeed)
    assert feed.error is None or (feed.error and "\n" not in feed.error)
    for text in (feed.title, feed.error or ""):
        assert clean_out(text)
    for item in feed.items:
        for text in (item.title, item.summary, item.guid or "", item.link or ""):
            assert clean_out(text), text
        assert item.title  # never empty: "(untitled)" at worst
        assert item.link is None or item.link.startswith(("http://", "https://"))
        assert item.published.tzinfo is not None
        assert item.published.utcoffset() == timedelta(0)
        assert item.published <= NOW + timedelta(days=1)


@SETTINGS
@given(st.binary(max_size=2000))
def test_parse_arbitrary_bytes(body: bytes) -> None:
    check_parsed(parse_feed(body, "https://news.example/feed.xml", NOW))


@SETTINGS
@given(st.lists(hostile_pieces, max_size=40).map("".join).map(
    lambda s: ('<?xml version="1.0"?><rss version="2.0"><channel><title>' + s
               + "</title><item><title>" + s + "</title></item></channel></rss>")))
def test_parse_unescaped_text_in_xml(doc: str) -> None:
    for encoding in ("utf-8", "utf-16"):
        check_parsed(parse_feed(doc.encode(encoding, "surrogatepass"),
                                "https://news.example/feed.xml", NOW))


dates = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31),
                 timezones=st.sampled_from([UTC, None])).map(
        lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT") if d.year >= 1000 else str(d)),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda d: d.isoformat() + "Z"),
    st.sampled_from(["", "0", "-1", "99999999999", "Feb 30 2026", "2026-13-45T25:61:61Z",
                     "Tue, 99 Foo 2026 99:99:99 +9999", "NaN", "yesterday"]),
    hostile_text,
)


@SETTINGS
@given(st.lists(st.fixed_dictionaries({
    "title": hostile_text, "link": hostile_text, "guid": hostile_text,
    "description": hostile_text, "pubDate": dates,
}), max_size=4), hostile_text)
def test_parse_generated_rss(items: list[dict[str, str]], feed_title: str) -> None:
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
             f"<title>{escape(feed_title)}</title>"]
    for item in items:
        parts.append("<item>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in item.items())
                     + "</item>")
    parts.append("</channel></rss>")
    body = "".join(parts).encode("utf-8", "surrogatepass")
    feed = parse_feed(body, "https://news.example/feed.xml", NOW)
    check_parsed(feed)
    assert len(feed.items) <= len(items)


# --------------------------------------------------------------------------- classifier

WORDS = st.sampled_from([
    "China", "Canada", "Canadian", "Chinese", "Beijing", "Ottawa", "suspends", "lifts",
    "imposes", "raises", "cuts", "extends", "tariffs", "duty", "surtax", "on", "peas", "canola",
    "meal", "oil", "seed", "pork", "lobster", "EVs", "steel", "aluminum", "tourism", "from",
    "until", "March 1", "Dec. 31", "2027", "100%", "25%", "5.9%", "to zero", "not", "US",
])
classifier_text = st.lists(st.one_of(WORDS, hostile_pieces), max_size=30).map(" ".join)


@SETTINGS
@given(classifier_text, classifier_text,
       st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))))
def test_classify_speaks_only_the_vocabulary(title: str, summary: str,
                                             published: date | None) -> None:
    c = classify(title, summary, published)
    assert isinstance(c.relevant, bool)
    assert set(c.topics) <= set(TOPICS) and len(set(c.topics)) == len(c.topics)
    assert c.direction in DIRECTIONS
    assert c.weight >= 0
    for s in c.signals:
        assert s.measure in MEASURES and s.action in ACTIONS
        assert s.rate is None or isinstance(s.rate, int | float)
        assert clean_out(s.evidence)
        doc = s.to_json()
        for key in ("effective", "until"):
            assert doc[key] is None or date.fromisoformat(doc[key])
    for reason in c.reasons:
        assert isinstance(reason, str) and clean_out(reason), reason


@SETTINGS
@given(st.datetimes(timezones=st.timezones()), st.datetimes(timezones=st.timezones()))
@example(datetime(999, 12, 31, 23, 59, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
def test_stored_times_read_back_to_the_second_and_sort_as_the_times(a: datetime,
                                                                    b: datetime) -> None:
    """What the store writes (``iso``) is UTC to the second with a Z, reads back
    (``parse_iso``) as that moment, and sorts as text the way the moments sort: queries
    compare them as strings (``published >= ?``)."""
    from thawwatch.items import iso, parse_iso

    for moment in (a, b):  # (within what UTC can show)
        assume(datetime.min.replace(tzinfo=UTC) + timedelta(days=1) <= moment
               <= datetime.max.replace(tzinfo=UTC) - timedelta(days=1))
    text_a, text_b = iso(a), iso(b)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text_a)
    assert parse_iso(text_a) == a.replace(microsecond=0)
    whole_a, whole_b = a.replace(microsecond=0), b.replace(microsecond=0)
    assert (text_a < text_b) == (whole_a < whole_b)
