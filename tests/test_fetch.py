"""Fetching against a real loopback server: limits, validators, redirects, politeness."""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import socket
import ssl
import subprocess
import sys
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpcore
import httpx
import pytest
from feedserver import FeedServer, rss, wait_until

from thawwatch import __version__
from thawwatch.fetch import (
    USER_AGENT,
    FeedRequest,
    FetchLimits,
    FetchResult,
    fetch_all,
    fetch_one,
    make_client,
    parse_retry_after,
    redirect_allowed,
)
from thawwatch.fetch_body import BoundedDecoder, FetchFailed

FEED = rss([{"title": "Canola", "link": "https://example.org/a", "guid": "a"}])
FAST = FetchLimits(timeout=5.0, connect_timeout=2.0)


async def fetch(url: str, limits: FetchLimits = FAST, **kw: str | None) -> FetchResult:
    (result,) = await fetch_all([FeedRequest(url, **kw)], limits)
    return result


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """50 MB of zeros, gzipped (about 50 kB)."""
    return gzip.compress(b"\0" * 50_000_000, compresslevel=9)


async def test_ok_body_and_headers(feed_server: FeedServer) -> None:
    feed_server.route("/feed", FEED, etag='"v1"', last_modified="Sat, 28 Feb 2026 10:00:00 GMT")
    r = await fetch(feed_server.url("/feed"))
    assert (r.status, r.body, r.error, r.not_modified) == (200, FEED, None, False)
    assert r.etag == '"v1"'
    assert r.last_modified == "Sat, 28 Feb 2026 10:00:00 GMT"
    assert r.final_url == r.url == feed_server.url("/feed")
    assert r.elapsed > 0
    (_, _, headers) = feed_server.requests[0]
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith(f"thawwatch/{__version__} (+https://")
    assert "gzip" in headers["Accept-Encoding"]
    assert "If-None-Match" not in headers and "If-Modified-Since" not in headers


async def test_a_validator_that_cannot_be_sent_back_is_dropped(feed_server: FeedServer) -> None:
    """From a user audit: a server's ETag "caf\xe9" (a Latin-1 byte) was stored, and every
    later refresh failed before sending anything ("UnicodeEncodeError: 'ascii' codec …"),
    --force too, for good. It is not kept; one stored by an older version is not sent."""
    feed_server.route("/feed", FEED, etag='"caf\xe9"', last_modified="tomorrow \xe9")
    first = await fetch(feed_server.url("/feed"))
    assert (first.status, first.error, first.etag, first.last_modified) == (200, None, None,
                                                                            None)
    second = await fetch(feed_server.url("/feed"), etag='"caf\xe9"',
                         last_modified="tomorrow \xe9")
    assert (second.status, second.error) == (200, None)
    (_, _, headers) = feed_server.requests[1]
    assert "If-None-Match" not in headers and "If-Modified-Since" not in headers


async def test_etag_revalidation_gives_304(feed_server: FeedServer) -> None:
    feed_server.route("/feed", FEED, etag='"abc"')
    first = await fetch(feed_server.url("/feed"))
    second = await fetch(feed_server.url("/feed"), etag=first.etag)
    assert feed_server.requests[1][2]["If-None-Match"] == '"abc"'
    assert (second.status, second.not_modified, second.body, second.error) == (
        304,
        True,
        None,
        None,
    )
    assert second.etag == '"abc"'


async def test_last_modified_revalidation_gives_304(feed_server: FeedServer) -> None:
    stamp = "Sat, 28 Feb 2026 10:00:00 GMT"
    feed_server.route("/feed", FEED, last_modified=stamp)
    first = await fetch(feed_server.url("/feed"))
    second = await fetch(feed_server.url("/feed"), last_modified=first.last_modified)
    assert feed_server.requests[1][2]["If-Modified-Since"] == stamp
    assert second.not_modified and second.body is None and second.error is None
    assert second.last_modified == stamp


async def test_changed_feed_is_refetched(feed_server: FeedServer) -> None:
    feed_server.route("/feed", FEED, etag='"new"')
    r = await fetch(feed_server.url("/feed"), etag='"old"')
    assert (r.status, r.not_modified, r.body, r.etag) == (200, False, FEED, '"new"')


async def test_retry_after_seconds_on_429(feed_server: FeedServer) -> None:
    feed_server.route("/feed", b"slow down", status=429, retry_after=120)
    r = await fetch(feed_server.url("/feed"))
    assert (r.status, r.error, r.retry_after, r.body) == (
        429,
        "HTTP 429 Too Many Requests",
        120,
        None,
    )


async def test_retry_after_http_date_on_503(feed_server: FeedServer) -> None:
    when = datetime.now(UTC) + timedelta(seconds=300)
    feed_server.route("/feed", status=503, retry_after=email.utils.format_datetime(when, True))
    r = await fetch(feed_server.url("/feed"))
    assert r.status == 503 and r.error == "HTTP 503 Service Unavailable"
    assert r.retry_after is not None and 290 <= r.retry_after <= 300


async def test_a_retry_after_date_in_year_99999999999_keeps_the_status(
        feed_server: FeedServer) -> None:
    """The date overflowed: "OverflowError: signed integer is greater than maximum" was the
    feed's error, in place of the 429."""
    feed_server.route("/feed", status=429, retry_after="Mon, 01 Jan 99999999999 00:00:00 GMT")
    r = await fetch(feed_server.url("/feed"))
    assert (r.status, r.error, r.retry_after) == (429, "HTTP 429 Too Many Requests", None)


def test_parse_retry_after_forms() -> None:
    now = datetime(2026, 2, 28, 10, 0, tzinfo=UTC)
    assert parse_retry_after("30", now) == 30
    assert parse_retry_after("Sat, 28 Feb 2026 10:02:00 GMT", now) == 120
    assert parse_retry_after("Sat, 28 Feb 2026 09:00:00 GMT", now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


@pytest.mark.parametrize(
    ("status", "error"),
    [(404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone (for good: remove the feed)"),
     (500, "HTTP 500 Internal Server Error")],
)
async def test_http_errors(feed_server: FeedServer, status: int, error: str) -> None:
    feed_server.route("/feed", b"<html>nope</html>", status=status)
    r = await fetch(feed_server.url("/feed"))
    assert (r.status, r.error, r.body, r.retry_after) == (status, error, None, None)


async def test_gzip_body_is_decompressed(feed_server: FeedServer) -> None:
    feed_server.route("/feed", FEED, gzip=True)
    r = await fetch(feed_server.url("/feed"))
    assert r.error is None and r.body == FEED


async def test_gzip_bomb_stops_at_cap(feed_server: FeedServer, bomb: bytes) -> None:
    feed_server.route("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    t0 = time.monotonic()
    r = await fetch(feed_server.url("/bomb"), FetchLimits(timeout=5, max_bytes=1_000_000))
    assert (r.status, r.error, r.body) == (200, "body larger than 1 MB", None)
    assert time.monotonic() - t0 < 2


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_the_cap_counts_the_bytes_sent_too(feed_server: FeedServer, encoding: str) -> None:
    """Empty deflate blocks inflate to nothing: a server sending them without end was read
    until the deadline (140 MB in 10 s), as only the inflated bytes were counted."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31 if encoding == "gzip" else 15)
    empty_block = b"\x00\x00\x00\xff\xff"  # a stored block of no bytes, not the last
    body = z.compress(b"<rss>") + z.flush(zlib.Z_SYNC_FLUSH) + empty_block * 60_000
    assert len(body) > 250_000 and zlib.decompressobj(47).decompress(body) == b"<rss>"
    feed_server.route("/feed", body, headers={"Content-Encoding": encoding,
                                              "Content-Length": None})
    r = await fetch(feed_server.url("/feed"), FetchLimits(timeout=5, max_bytes=100_000))
    assert (r.error, r.body) == ("body larger than 100 kB", None)


def test_bounded_decoder_never_inflates_past_cap(bomb: bytes) -> None:
    decoder = BoundedDecoder("gzip", 1_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(FetchFailed, match="larger than 1 MB"):
            decoder.feed(bomb)  # the whole bomb in one chunk
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # inflating it all would take 50 MB


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
def test_bounded_decoder_deflate_both_forms(wbits: int) -> None:
    comp = zlib.compressobj(wbits=wbits)
    data = comp.compress(FEED) + comp.flush()
    decoder = BoundedDecoder("deflate", 10_000)
    for i in range(0, len(data), 7):
        decoder.feed(data[i : i + 7])
    assert decoder.result() == FEED


async def test_content_length_too_large(feed_server: FeedServer) -> None:
    feed_server.route("/big", b"x" * 100, headers={"Content-Length": "50000000"})
    r = await fetch(feed_server.url("/big"), FetchLimits(timeout=5, max_bytes=1000))
    assert (r.error, r.body) == ("body larger than 1 kB", None)


async def test_body_without_length_over_cap(feed_server: FeedServer) -> None:
    feed_server.route("/big", b"x" * 5000, headers={"Content-Length": None})  # read to close
    r = await fetch(feed_server.url("/big"), FetchLimits(timeout=5, max_bytes=1000))
    assert (r.error, r.body) == ("body larger than 1 kB", None)
    feed_server.route("/ok", b"x" * 1000, headers={"Content-Length": None})
    r = await fetch(feed_server.url("/ok"), FetchLimits(timeout=5, max_bytes=1000))
    assert (r.error, r.body) == (None, b"x" * 1000)


async def test_trickle_stopped_at_total_deadline(feed_server: FeedServer) -> None:
    feed_server.route("/slow", FEED, trickle=0.1)  # a byte every 0.1 s: never a read timeout
    t0 = time.monotonic()
    r = await fetch(feed_server.url("/slow"), FetchLimits(timeout=1.0))
    took = time.monotonic() - t0
    assert r.error == "timed out after 1 s" and r.body is None
    assert 0.9 <= took < 4.0  # (a trickle of the whole feed would take minutes)
    assert 0.9 <= r.elapsed < 4.0


async def test_hang_times_out(feed_server: FeedServer) -> None:
    feed_server.route("/hang", hang=True)
    t0 = time.monotonic()
    r = await fetch(feed_server.url("/hang"), FetchLimits(timeout=0.5))
    assert r.error == "timed out after 0.5 s" and r.status is None
    assert time.monotonic() - t0 < 1.5


async def test_redirect_chain(feed_server: FeedServer) -> None:
    feed_server.route("/old", redirect_to="/older", status=301)
    feed_server.route("/older", redirect_to=feed_server.url("/feed"), status=308)
    feed_server.route("/feed", FEED)
    r = await fetch(feed_server.url("/old"))
    assert (r.status, r.body, r.error) == (200, FEED, None)
    assert r.url == feed_server.url("/old")
    assert r.final_url == feed_server.url("/feed")
    assert feed_server.paths() == ["/old", "/older", "/feed"]


async def test_redirect_loop(feed_server: FeedServer) -> None:
    feed_server.route("/loop", redirect_to="/loop")
    r = await fetch(feed_server.url("/loop"), FetchLimits(timeout=5, max_redirects=3))
    assert r.error == "too many redirects" and r.body is None
    assert len(feed_server.requests) == 4


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("file:///etc/passwd", "redirect to file: refused"),
        ("ftp://127.0.0.1/feed", "redirect to ftp: refused"),
        ("javascript:alert(1)", "redirect to javascript: refused"),
    ],
)
async def test_redirect_to_other_schemes_refused(
    feed_server: FeedServer, target: str, error: str
) -> None:
    feed_server.route("/feed", redirect_to=target)
    r = await fetch(feed_server.url("/feed"))
    assert (r.error, r.body) == (error, None)
    assert len(feed_server.requests) == 1


def fake_resolver(table: dict[str, list[str]]):
    def resolve(host: str, port: object, *args: object) -> list[tuple]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 0)) for ip in table[host]]

    return resolve


RESOLVE = fake_resolver(
    {
        "news.example.org": ["93.184.215.14"],
        "cdn.example.net": ["151.101.1.1"],
        "sneaky.example.com": ["127.0.0.1"],
        "mixed.example.com": ["151.101.1.2", "10.0.0.5"],
        "localhost": ["127.0.0.1"],
        "nas.lan": ["192.168.1.20"],
    }
)


@pytest.mark.parametrize(
    ("src", "dst", "allowed"),
    [
        ("https://news.example.org/f", "https://cdn.example.net/f", True),
        ("https://news.example.org/f", "http://127.0.0.1/admin", False),
        ("https://news.example.org/f", "http://127.8.9.10:8080/", False),
        ("https://news.example.org/f", "http://169.254.169.254/latest/meta-data", False),
        ("https://news.example.org/f", "http://[::1]/", False),
        ("https://news.example.org/f", "http://[::ffff:127.0.0.1]/", False),
        ("https://news.example.org/f", "http://10.1.2.3/", False),
        ("https://news.example.org/f", "http://192.168.0.1/", False),
        ("https://news.example.org/f", "http://0.0.0.0/", False),
        ("https://news.example.org/f", "https://sneaky.example.com/", False),
        ("https://news.example.org/f", "https://mixed.example.com/", False),
        ("https://news.example.org/f", "http://localhost:8000/", False),
        ("https://news.example.org/f", "https://unknown.example/", True),  # fetch reports it
        # IPv4 inside IPv6: NAT64 (64:ff9b::7f00:1 is 127.0.0.1), compatible, translated
        ("https://news.example.org/f", "http://[64:ff9b::7f00:1]/", False),
        ("https://news.example.org/f", "http://[64:ff9b::a00:1]/", False),
        ("https://news.example.org/f", "http://[::127.0.0.1]/", False),
        ("https://news.example.org/f", "http://[::ffff:0:7f00:1]/", False),
        ("https://news.example.org/f", "http://[64:ff9b:1::1]/", False),
        ("https://news.example.org/f", "http://[fec0::1]/", False),
        ("https://news.example.org/f", "http://[64:ff9b::5db8:d70e]/", True),  # 93.184.215.14
        ("https://news.example.org/f", "http://[2002:7f00:1::1]/", False),  # 6to4 127.0.0.1
        ("https://news.example.org/f", "http://[2002:a9fe:a9fe::1]/", False),
        ("https://news.example.org/f", "http://[2002:5db8:d70e::1]/", True),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", True),
        ("http://localhost/a", "http://[::1]/b", True),
        ("http://nas.lan/feed", "http://192.168.1.21/feed", True),
        ("https://news.example.org/f", "file:///etc/passwd", False),
        ("https://news.example.org/f", "gopher://news.example.org/", False),
    ],
)
def test_redirect_allowed(src: str, dst: str, allowed: bool) -> None:
    reason = redirect_allowed(src, dst, resolve=RESOLVE)
    assert (reason is None) is allowed, reason


def test_redirect_allowed_reason_names_scheme() -> None:
    assert redirect_allowed("https://news.example.org/", "file:///x", RESOLVE) == (
        "redirect to file: refused"
    )


@pytest.fixture
def names_on_loopback(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names for the loopback server: each ``*.test`` name the returned table lists
    resolves to its addresses when connected to (the table can change mid-test)."""
    table: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def resolve(host: object, port: object, *args: object, **kw: object) -> list[tuple]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in table:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0))
                    for ip in table[name]]
        return real(host, port, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return table


def test_redirect_target_must_be_a_url_httpx_can_request() -> None:
    """A port past 65535 was reported as "ExceptionGroup: unhandled errors in a TaskGroup"."""
    for target in ("http://127.0.0.1:99999/", "http://127.0.0.1:1x/"):
        assert redirect_allowed("http://127.0.0.1/", target) == (
            "redirect to an invalid URL refused")


@pytest.mark.parametrize("location", ["http://127.0.0.1:99999/", "http://127.0.0.1:1x/",
                                      "http://a\xd7b.example/"])
async def test_redirect_to_an_invalid_url_is_one_sentence(feed_server: FeedServer,
                                                          location: str) -> None:
    feed_server.route("/feed", redirect_to=location)
    r = await fetch(feed_server.url("/feed"))
    assert (r.error, r.body) == ("redirect to an invalid URL refused", None)


async def test_a_named_local_site_may_redirect_to_its_own_address(
        feed_server: FeedServer) -> None:
    """localhost → 127.0.0.1 failed with "TypeError: 'NoneType' object is not callable"
    (the origin's name was resolved with no resolver)."""
    feed_server.route("/old", redirect_to=feed_server.url("/feed"))
    feed_server.route("/feed", FEED)
    r = await fetch(f"http://localhost:{feed_server.port}/old")
    assert (r.status, r.body, r.error) == (200, FEED, None)


async def test_dns_rebinding_after_a_public_redirect_is_refused_where_it_connects(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The redirect check saw rebind.test at a public address; httpx looked it up again to
    connect and got 127.0.0.1 (DNS rebinding), and the loopback page was stored."""
    from thawwatch import fetch as fetch_mod
    from thawwatch import redirects

    port = feed_server.port
    feed_server.route("/public", redirect_to=f"http://rebind.test:{port}/admin")
    feed_server.route("/admin", FEED)
    names_on_loopback.update({"news.public.test": ["127.0.0.1"],  # the test's "public" site
                              "rebind.test": ["127.0.0.1"]})  # ... and the rebinding name
    at_check = fake_resolver({"news.public.test": ["93.184.215.14"],
                              "rebind.test": ["93.184.215.15"]})
    monkeypatch.setattr(fetch_mod, "judge_redirect",
                        lambda a, b, *how: redirects.judge_redirect(a, b, at_check, *how[1:]))
    monkeypatch.setattr(fetch_mod, "_peer_is_local", lambda response: False)  # "public"
    r = await fetch(f"http://news.public.test:{port}/public")
    assert (r.error, r.body) == (
        "redirect from a public site to local address rebind.test refused", None)
    assert feed_server.paths() == ["/public"]


async def test_a_chain_that_passed_a_public_site_never_turns_local(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """From a review: a public site redirects to rebind.test (public when judged, public
    when connected to), which redirects to a local address; judging that second redirect
    looked rebind.test up again, the attacker answered a local address, rebind.test read
    as a local site, and the local address was let through unchecked. (127.0.0.1, where
    the test server is, plays a public address here; 127.0.0.2 a local one.)"""
    from thawwatch import fetch as fetch_mod
    from thawwatch import redirects

    real_public = redirects._is_public
    monkeypatch.setattr(redirects, "_is_public",
                        lambda ip: str(ip) == "127.0.0.1" or real_public(ip))
    port = feed_server.port
    feed_server.route("/public", redirect_to=f"http://rebind.test:{port}/hop")
    feed_server.route("/hop", redirect_to=f"http://rebind.test:{port + 1}/secret")
    names_on_loopback.update({"news.public.test": ["127.0.0.1"], "rebind.test": ["127.0.0.1"]})
    lookups: list[str] = []

    def attacker(host: str, *args: object) -> list[tuple]:
        """rebind.test: public the first time it is judged, local after."""
        lookups.append(host)
        local = host == "rebind.test" and lookups.count(host) > 1
        ip = "127.0.0.2" if local else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 0))]

    monkeypatch.setattr(fetch_mod, "judge_redirect",
                        lambda a, b, *how: redirects.judge_redirect(a, b, attacker, *how[1:]))
    names_on_loopback["rebind.test"] = ["127.0.0.1"]
    r = await fetch(f"http://news.public.test:{port}/public")
    assert r.error == "redirect from a public site to local address rebind.test refused"
    assert feed_server.paths() == ["/public", "/hop"]


async def test_a_site_reached_through_a_proxy_counts_as_public(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """From a review: through a proxy the peer is the proxy, so the redirecting site's
    name was looked up again, a rebinding name answered 127.0.0.1, and the site's redirect
    to the user's loopback (no_proxy) was followed."""
    port = feed_server.port
    feed_server.route("http://evil.example/feed", redirect_to=f"http://127.0.0.1:{port}/secret")
    feed_server.route("/secret", FEED)
    names_on_loopback["evil.example"] = ["127.0.0.1"]  # what the attacker's DNS says now
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("no_proxy", "localhost,127.0.0.1")
    r = await fetch("http://evil.example/feed")
    assert r.error == "redirect from a public site to local address 127.0.0.1 refused"
    assert feed_server.paths() == ["http://evil.example/feed"]


async def test_a_lan_feed_through_a_proxy_may_redirect_on_its_own_host(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """From a review: with every proxied site counted as public, a LAN feed fetched
    through the user's proxy could not redirect at all, not even "/feed" → "/feed/" (the
    same host goes through the same proxy: nothing new is reached), nor a feed on an
    address (no name to rebind)."""
    port = feed_server.port
    names_on_loopback["lan.test"] = ["127.0.0.1"]
    feed_server.route("http://lan.test/feed", redirect_to="http://lan.test/feed/")
    feed_server.route("http://lan.test/feed/", FEED)
    feed_server.route(f"http://10.1.2.3:{port}/feed", redirect_to=f"http://10.9.9.9:{port}/f")
    feed_server.route(f"http://10.9.9.9:{port}/f", FEED)
    feed_server.route(f"http://10.1:{port}/feed", redirect_to=f"http://10.9.9.9:{port}/g")
    feed_server.route(f"http://10.9.9.9:{port}/g", FEED)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{port}")
    same_host = await fetch("http://lan.test/feed")
    assert (same_host.error, same_host.body) == (None, FEED)
    feed_server.route("http://lan.test/s", redirect_to=f"https://lan.test:{port}/s")
    for https_proxy in (f"http://127.0.0.1:{port}/", f"HTTP://127.0.0.1:{port}"):
        monkeypatch.setenv("https_proxy", https_proxy)  # the same proxy, written otherwise
        upgraded = await fetch("http://lan.test/s")  # to https, through the same proxy
        assert upgraded.error is not None and "local address" not in upgraded.error
    monkeypatch.delenv("https_proxy")
    literal = await fetch(f"http://10.1.2.3:{port}/feed")
    assert (literal.error, literal.body) == (None, FEED)
    short = await fetch(f"http://10.1:{port}/feed")  # 10.0.0.1, as a resolver reads it
    assert (short.error, short.body) == (None, FEED)
    assert feed_server.paths().count("http://lan.test/s") == 2
    assert [p for p in feed_server.paths() if p != "http://lan.test/s"] == [
        "http://lan.test/feed", "http://lan.test/feed/",
        f"http://10.1.2.3:{port}/feed", f"http://10.9.9.9:{port}/f",
        f"http://10.1:{port}/feed", f"http://10.9.9.9:{port}/g"]


async def test_a_redirect_that_leaves_the_proxy_is_judged_as_from_a_public_site(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """From a review: with only http_proxy set, a site behind it redirected to https on
    its own host name; as "the same host" it counted as local, and the direct https hop
    went to wherever the user's resolver sent that name (127.0.0.1)."""
    port = feed_server.port
    names_on_loopback["evil.test"] = ["127.0.0.1"]
    feed_server.route("http://evil.test/feed", redirect_to=f"https://evil.test:{port}/secret")
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{port}")
    monkeypatch.delenv("https_proxy", raising=False)
    monkeypatch.delenv("all_proxy", raising=False)
    r = await fetch("http://evil.test/feed")
    assert r.error == "redirect from a public site to local address evil.test refused"


async def test_the_site_redirecting_is_judged_by_the_address_it_answered_from(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The feed's own host answered a public address to be fetched from and 127.0.0.1
    when looked up again to judge its redirect: it read as a local site, free to send us
    anywhere local. (127.0.0.1 plays a public address for the peer here.)"""
    from thawwatch import fetch as fetch_mod
    from thawwatch import redirects

    monkeypatch.setattr(fetch_mod, "is_local_address", lambda address: False, raising=False)
    port = feed_server.port
    feed_server.route("/public", redirect_to=f"http://127.0.0.1:{port}/admin")
    feed_server.route("/admin", FEED)
    names_on_loopback["news.public.test"] = ["127.0.0.1"]
    says_local = fake_resolver({"news.public.test": ["127.0.0.1"]})
    monkeypatch.setattr(fetch_mod, "judge_redirect",
                        lambda a, b, *how: redirects.judge_redirect(a, b, says_local, *how[1:]))
    r = await fetch(f"http://news.public.test:{port}/public")
    assert r.error == "redirect from a public site to local address 127.0.0.1 refused"
    assert feed_server.paths() == ["/public"]


async def test_waiting_for_a_redirect_targets_slot_is_not_the_feeds_time(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]]) -> None:
    """From a review: three feeds redirecting to one slow server, one request at a time
    there: the second and third timed out while they only queued for it (the first hop's
    queueing was never counted against the deadline)."""
    results, most = await through_one_slow_server(
        feed_server, names_on_loopback, 3, 0.6, FetchLimits(timeout=1.0, per_host=1,
                                                            concurrency=8))
    assert [r.error for r in results] == [None] * 3
    assert most == 1


async def test_a_public_only_connection_goes_to_the_address_it_checked() -> None:
    from thawwatch.public_only import PublicOnlyBackend

    class Recorder(httpcore.AsyncNetworkBackend):
        def __init__(self) -> None:
            self.hosts: list[str] = []

        async def connect_tcp(self, host: str, port: int, *args: object,
                              **kw: object) -> httpcore.AsyncNetworkStream:
            self.hosts.append(host)
            if host == "151.101.1.1":
                raise httpcore.ConnectError("unreachable")  # the next address is tried
            return httpcore.AsyncMockStream([])

        async def sleep(self, seconds: float) -> None:
            pass

    inner = Recorder()
    backend = PublicOnlyBackend(inner)
    table = {"cdn.test": ["151.101.1.1", "151.101.65.1"], "mixed.test": ["151.101.1.1",
                                                                           "10.0.0.5"]}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "getaddrinfo", fake_resolver(table))
        await backend.connect_tcp("cdn.test", 80)
        assert inner.hosts == ["151.101.1.1", "151.101.65.1"]
        for host, error in [("mixed.test", "redirect from a public site to local address"
                                           " mixed.test refused"),
                            ("nowhere.test", "name not resolved"),
                            ("127.0.0.1", "redirect from a public site to local address"
                                          " 127.0.0.1 refused")]:
            with pytest.raises(FetchFailed, match=f"^{error}$"):
                await backend.connect_tcp(host, 80)
    assert inner.hosts == ["151.101.1.1", "151.101.65.1"]  # nothing more was connected to


async def through_one_slow_server(
        feed_server: FeedServer, names: dict[str, list[str]], feeds: int, delay: float,
        limits: FetchLimits) -> tuple[list[FetchResult], int]:
    """``feeds`` feeds, each on a host of its own, all redirecting to one server that
    answers in ``delay`` s: their results, and the most requests that server had at once."""
    target = FeedServer().start()
    try:
        target.route("/slow", FEED, delay=delay)
        for i in range(feeds):
            names[f"h{i}.test"] = ["127.0.0.1"]
            feed_server.route(f"/r{i}", redirect_to=target.url(f"/slow?{i}"))
        reqs = [FeedRequest(f"http://h{i}.test:{feed_server.port}/r{i}") for i in range(feeds)]
        return await fetch_all(reqs, limits), target.max_active
    finally:
        target.close()


async def test_the_per_host_cap_holds_for_redirect_targets(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]]) -> None:
    """Eight feeds on eight hosts, all redirecting to one server: eight requests at once on
    it, with per_host = 2 (the cap was the configured host's only)."""
    results, most = await through_one_slow_server(
        feed_server, names_on_loopback, 8, 0.3, FetchLimits(timeout=10, per_host=2,
                                                            concurrency=8))
    assert [r.error for r in results] == [None] * 8
    assert [r.body for r in results] == [FEED] * 8
    assert most == 2


async def test_hosts_redirecting_to_each_other_do_not_wait_on_each_other(
        feed_server: FeedServer, names_on_loopback: dict[str, list[str]]) -> None:
    """One request at a time per host and two in all: a request moving to the other host's
    slot gives its global one back first, so neither waits for the other for good."""
    names_on_loopback.update({"a.test": ["127.0.0.1"], "b.test": ["127.0.0.1"]})
    port = feed_server.port
    feed_server.route("/a", redirect_to=f"http://b.test:{port}/feed?from-a", delay=0.1)
    feed_server.route("/b", redirect_to=f"http://a.test:{port}/feed?from-b", delay=0.1)
    feed_server.route("/feed", FEED, delay=0.1)
    reqs = [FeedRequest(f"http://{h}.test:{port}/{h}?{i}") for i in range(3) for h in "ab"]
    results = await fetch_all(reqs, FetchLimits(timeout=5, per_host=1, concurrency=2))
    assert [r.error for r in results] == [None] * 6


async def test_per_host_cap(feed_server: FeedServer) -> None:
    feed_server.route("/feed", FEED, delay=0.2)
    reqs = [FeedRequest(feed_server.url(f"/feed?n={i}")) for i in range(6)]
    results = await fetch_all(reqs, FetchLimits(timeout=5, per_host=2))
    assert all(r.error is None for r in results)
    assert feed_server.max_active == 2


async def test_global_cap(feed_server: FeedServer) -> None:
    feed_server.route("/feed", FEED, delay=0.2)
    reqs = [FeedRequest(feed_server.url(f"/feed?n={i}")) for i in range(6)]
    await fetch_all(reqs, FetchLimits(timeout=5, concurrency=3, per_host=10))
    assert feed_server.max_active == 3


async def test_results_in_request_order_and_callback(feed_server: FeedServer) -> None:
    feed_server.route("/slow", FEED, delay=0.3)
    feed_server.route("/fast", FEED)
    feed_server.route("/gone", status=410)
    urls = [feed_server.url(p) for p in ("/slow", "/fast", "/gone")]
    seen: list[str] = []
    results = await fetch_all([FeedRequest(u) for u in urls], FAST, lambda r: seen.append(r.url))
    assert [r.url for r in results] == urls
    assert seen[-1] == urls[0]  # the slow one reported last, as it finished
    assert sorted(seen) == sorted(urls)
    assert [r.error for r in results] == [None, None,
                                          "HTTP 410 Gone (for good: remove the feed)"]


async def test_on_waiting_comes_once_all_requests_are_out(feed_server: FeedServer) -> None:
    """``on_waiting`` is the moment the fetch waits on the network alone: every request
    sent (the server has them all), no answer in yet."""
    feed_server.route("/feed", FEED, delay=0.4)
    reqs = [FeedRequest(feed_server.url(f"/feed?n={i}")) for i in range(5)]
    done: list[str] = []
    when: list[tuple[int, int]] = []

    def waiting() -> None:
        # The fetch's loop stands still in here: had a request not been sent yet, it
        # never would be, and the server would not see all five
        wait_until(lambda: len(feed_server.requests) == 5, timeout=2.0)
        when.append((len(feed_server.requests), len(done)))

    await fetch_all(reqs, FetchLimits(timeout=5, per_host=5), lambda r: done.append(r.url),
                    waiting)
    assert when == [(5, 0)]
    assert len(done) == 5


async def test_on_waiting_counts_only_requests_the_caps_let_out(
        feed_server: FeedServer) -> None:
    """With one request per host allowed, the first wave is one request: the others wait
    for its slot, not for the network."""
    feed_server.route("/feed", FEED, delay=0.3)
    reqs = [FeedRequest(feed_server.url(f"/feed?n={i}")) for i in range(3)]
    when: list[int] = []

    def waiting() -> None:
        wait_until(lambda: len(feed_server.requests) == 1, timeout=2.0)
        when.append(len(feed_server.requests))

    await fetch_all(reqs, FetchLimits(timeout=5, per_host=1), None, waiting)
    assert when == [1]


async def test_on_waiting_waits_for_the_request_a_failed_one_lets_out(
        feed_server: FeedServer) -> None:
    """A request that ends without being sent (here: its connection never completes)
    frees its slot for a waiting one: until that one is out too, the fetch is not waiting
    on the network alone."""
    feed_server.route("/slow", FEED, delay=1.0)
    with _unanswered_port() as port:
        reqs = [FeedRequest(feed_server.url("/slow?a")),
                FeedRequest(f"http://127.0.0.1:{port}/feed"),
                FeedRequest(feed_server.url("/slow?c"))]
        when: list[list[str]] = []

        def waiting() -> None:
            # (as long as a machine busy with other tests may need; only a failure waits)
            wait_until(lambda: len(feed_server.requests) == 2, timeout=5.0)
            when.append(feed_server.paths())

        limits = FetchLimits(timeout=5, connect_timeout=0.3, concurrency=2, per_host=5)
        results = await fetch_all(reqs, limits, None, waiting)
    assert results[1].error is not None and "connect" in results[1].error
    assert when == [["/slow?a", "/slow?c"]]


@contextlib.contextmanager
def _unanswered_port() -> Iterator[int]:
    """A loopback port whose connections never complete: its listener's backlog is full
    (Linux drops further SYNs), so a client's connect runs into its timeout."""
    listener = socket.socket()
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        for _ in range(4):  # more than the backlog holds
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        yield port
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_on_waiting_never_comes_if_no_request_is_sent() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    called: list[bool] = []
    (r,) = await fetch_all([FeedRequest(f"http://127.0.0.1:{port}/feed")], FAST, None,
                           lambda: called.append(True))
    assert r.error == "connection refused" and called == []


async def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = await fetch(f"http://127.0.0.1:{port}/feed")
    assert (r.error, r.status, r.body) == ("connection refused", None, None)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed", "not a url", "file:///etc/passwd"])
async def test_bad_urls_do_not_raise(url: str) -> None:
    r = await fetch(url)
    assert r.error and r.body is None


def _connect_error(cause: BaseException) -> httpx.ConnectError:
    try:
        raise httpx.ConnectError("All connection attempts failed") from cause
    except httpx.ConnectError as exc:
        return exc


@pytest.mark.parametrize(
    ("exc", "error"),
    [
        (httpx.ReadError("connection reset by peer"), "connection lost while reading"),
        (_connect_error(socket.gaierror(-2, "Name or service not known")), "name not resolved"),
        (_connect_error(ConnectionRefusedError(111, "Connection refused")), "connection refused"),
        (httpx.ConnectTimeout("timed out"), "connection timed out after 2 s"),
        (httpx.ReadTimeout("timed out"), "timed out after 5 s"),
        (
            httpx.RemoteProtocolError("illegal header"),
            "server broke the connection: illegal header",
        ),
        (RuntimeError("weird\nthing"), "RuntimeError: weird thing"),
        # anyio's task groups wrap what failed ("ExceptionGroup: unhandled errors in a
        # TaskGroup (1 sub-exception)" was the feed's error)
        (ExceptionGroup("unhandled errors in a TaskGroup",
                        [httpx.ConnectError("[Errno 111] Connection refused")]),
         "connection refused"),
    ],
)
async def test_fetch_one_never_raises(exc: Exception, error: str) -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise exc

    async with httpx.AsyncClient(transport=httpx.MockTransport(boom)) as client:
        r = await fetch_one(client, FeedRequest("http://feed.test/"), FAST)
    assert (r.error, r.body, r.status) == (error, None, None)


async def test_fetch_one_with_a_plain_client_judges_redirects(feed_server: FeedServer) -> None:
    feed_server.route("/feed", redirect_to="javascript:alert(1)")
    async with httpx.AsyncClient() as client:  # not from make_client: the hook is added
        r = await fetch_one(client, FeedRequest(feed_server.url("/feed")), FAST)
    assert r.error == "redirect to javascript: refused"


async def test_http_feeds_never_build_the_tls_pool(feed_server: FeedServer) -> None:
    """Loading the CA bundle is skipped when no feed is https (a 304 refresh stays cheap)."""
    feed_server.route("/feed", FEED)
    async with make_client(FAST) as client:
        r = await fetch_one(client, FeedRequest(feed_server.url("/feed")), FAST)
        assert (r.status, r.error) == (200, None)
        assert set(client._transport._contexts) == {False}  # type: ignore[attr-defined]


async def test_https_goes_through_a_verifying_tls_pool(feed_server: FeedServer) -> None:
    """An https URL uses a TLS pool; our plain-http test server cannot speak TLS."""
    port = feed_server.port
    async with make_client(FAST) as client:
        r = await fetch_one(client, FeedRequest(f"https://127.0.0.1:{port}/feed"), FAST)
        pools = client._transport._pools  # type: ignore[attr-defined]
        assert set(pools) == {("https", "127.0.0.1", port, False)}
        ssl_context = pools["https", "127.0.0.1", port, False]._pool._ssl_context
        assert ssl_context.verify_mode == ssl.CERT_REQUIRED and ssl_context.check_hostname
    assert r.body is None and r.error
    assert "TLS" in r.error or "SSL" in r.error or "certificate" in r.error


async def test_a_pool_per_origin_sharing_one_context_per_scheme(feed_server: FeedServer) -> None:
    """Each origin gets its own connection pool (httpcore re-examines every connection of
    a pool on each request: fifty in one pool cost ~0.1 s), reused for its feeds; the
    TLS context is made once and shared."""
    feed_server.route("/feed", FEED)
    port = feed_server.port
    urls = [f"http://127.0.0.1:{port}/feed?a", f"http://127.0.0.1:{port}/feed?b",
            f"http://localhost:{port}/feed", f"https://127.0.0.1:{port}/feed",
            f"https://localhost:{port}/feed"]
    async with make_client(FAST) as client:
        results = [await fetch_one(client, FeedRequest(u), FAST) for u in urls]
        pools = client._transport._pools  # type: ignore[attr-defined]
        assert set(pools) == {("http", "127.0.0.1", port, False),
                              ("http", "localhost", port, False),
                              ("https", "127.0.0.1", port, False),
                              ("https", "localhost", port, False)}
        contexts = {scheme: {id(p._pool._ssl_context) for (s, _, _, _), p in pools.items()
                             if s == scheme} for scheme in ("http", "https")}
        assert len(contexts["http"]) == 1 and len(contexts["https"]) == 1
    assert [r.error is None for r in results] == [True, True, True, False, False]


async def test_proxies_from_the_environment(feed_server: FeedServer,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """http_proxy is used, as curl and httpx itself use it (a transport of our own had
    left users behind a proxy unable to reach any feed); no_proxy hosts go direct."""
    feed_server.route("http://feeds.invalid/feed.xml", FEED)  # asked in a proxy's form
    url = "http://feeds.invalid/feed.xml"  # a name no resolver knows
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{feed_server.port}")
    via_proxy = await fetch(url)
    assert (via_proxy.status, via_proxy.error) == (200, None)
    assert via_proxy.body and b"Canola" in via_proxy.body
    assert feed_server.paths() == [url]
    monkeypatch.setenv("no_proxy", "feeds.invalid")
    direct = await fetch(url)
    assert direct.error and direct.status is None
    assert feed_server.paths() == [url]  # not asked again


async def test_only_the_most_recently_used_idle_pools_stay_open(feed_server: FeedServer) -> None:
    """A pool whose requests have ended keeps its connection for the origin's next feed,
    but only as many such pools as requests may run at once: a refresh of feeds on a
    thousand hosts held a thousand idle sockets (and ran out of file descriptors)."""
    feed_server.route("/feed", FEED)
    port = feed_server.port
    one_at_a_time = FetchLimits(timeout=5.0, connect_timeout=2.0, concurrency=1)
    async with make_client(one_at_a_time) as client:
        pools = client._transport._pools  # type: ignore[attr-defined]
        first = await fetch_one(client, FeedRequest(f"http://127.0.0.1:{port}/feed"), FAST)
        again = await fetch_one(client, FeedRequest(f"http://127.0.0.1:{port}/feed?2"), FAST)
        assert set(pools) == {("http", "127.0.0.1", port, False)}  # kept, and used again
        kept = pools["http", "127.0.0.1", port, False]
        other = await fetch_one(client, FeedRequest(f"http://localhost:{port}/feed"), FAST)
        assert set(pools) == {("http", "localhost", port, False)}  # the older idle one closed
        assert not kept._pool.connections
    assert [r.status for r in (first, again, other)] == [200, 200, 200]
    assert len(feed_server.requests) == 3


def test_importing_fetch_skips_the_httpx_command_line() -> None:
    """httpx would import click and rich (~40 ms) for its CLI; a refresh needs neither."""
    code = "import sys, thawwatch.fetch; print(sorted({'click', 'rich'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


class _LookupRecorder:
    """A meta-path finder that only notes which modules were looked for."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        self.names.append(name)


async def test_a_fetch_looks_up_no_module(feed_server: FeedServer) -> None:
    """Once warm, fetching imports nothing: a failed import is retried on every call and
    costs a scan of sys.path (httpcore's `import sniffio` did so ~6 times per request)."""
    feed_server.route("/feed", FEED)
    urls = [FeedRequest(feed_server.url("/feed"))] * 3
    await fetch_all(urls, FAST)  # first use may import lazily (anyio's backend)
    recorder = _LookupRecorder()
    sys.meta_path.insert(0, recorder)
    try:
        results = await fetch_all(urls, FAST)
    finally:
        sys.meta_path.remove(recorder)
    assert [r.status for r in results] == [200, 200, 200]
    assert recorder.names == []


async def test_a_gzip_body_cut_short_is_said_and_keeps_no_validators(
        feed_server: FeedServer) -> None:
    whole = gzip.compress(FEED * 20)
    feed_server.route("/cut", whole[:-30], etag='"v1"', last_modified="Sat, 28 Feb 2026"
                      " 10:00:00 GMT", headers={"Content-Encoding": "gzip",
                                                "Content-Length": None, "Connection": "close"})
    r = await fetch(feed_server.url("/cut"))
    assert (r.status, r.error, r.cut_short, r.etag, r.last_modified) == (200, None, True,
                                                                         None, None)
    assert r.body and (FEED * 20).startswith(r.body)
    feed_server.route("/whole", whole, etag='"v1"', gzip=False,
                      headers={"Content-Encoding": "gzip"})
    r = await fetch(feed_server.url("/whole"))
    assert (r.cut_short, r.etag, r.body) == (False, '"v1"', FEED * 20)
