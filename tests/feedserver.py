"""A real HTTP feed server on loopback, for tests that must not touch the internet.

Mocked transports cannot show what a slow, trickling, hanging, gzip-bombing or
redirect-looping server does to a real client, so this is a real ``ThreadingHTTPServer``
on 127.0.0.1 with a free port, in a daemon thread. Routes are configured per test;
every handler polls a stop flag so teardown never waits on a trickle or a hang.

Register it as a pytest plugin (``pytest_plugins = ["feedserver"]`` in tests/conftest.py)
to get the function-scoped ``feed_server`` fixture.
"""

from __future__ import annotations

import email.utils
import gzip as gziplib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest

__all__ = ["FeedServer", "atom", "feed_server", "rss"]

_TICK = 0.02  # how often a sleeping handler looks at the stop flag


class Headers(dict[str, str]):
    """Request headers with case-insensitive lookup (keys stored lowercased)."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__((k.lower(), v) for k, v in dict(items).items())

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


@dataclass
class Route:
    """How the server answers one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str | None] = field(default_factory=dict)
    content_type: str = "application/rss+xml"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    gzip: bool = False
    redirect_to: str | None = None
    trickle: float | None = None
    hang: bool = False
    retry_after: str | None = None
    gate: threading.Event | None = None  # the answer waits until it is set


class FeedServer:
    """The server, its routes and a log of the requests it received."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str, Headers]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.active = 0  # requests received and not yet being answered (see _release)
        self.max_active = 0
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.feed = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle
    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=2)

    # -- API used by tests
    def url(self, path: str = "/") -> str:
        """Absolute URL of ``path`` on this server."""
        if not path.startswith("/"):
            path = "/" + path
        return f"http://127.0.0.1:{self.port}{path}"

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        headers: dict[str, str | None] | None = None,
        content_type: str = "application/rss+xml",
        etag: str | None = None,
        last_modified: str | None = None,
        delay: float = 0.0,
        gzip: bool = False,
        redirect_to: str | None = None,
        trickle: float | None = None,
        hang: bool = False,
        retry_after: str | float | None = None,
        gate: threading.Event | None = None,
    ) -> None:
        """Configure the answer for ``path`` (replacing any earlier one).

        ``gzip`` compresses the body once, here, and sends it with Content-Encoding: gzip.
        ``trickle`` sends the body one byte per ``trickle`` seconds; ``hang`` accepts the
        request and never answers; ``gate``: the answer waits until the test sets it (a
        slow feed that ends when the test says, not after a time a loaded machine
        overruns). ``headers`` override the defaults (even Content-Length);
        a None value removes that header.
        """
        data = body.encode("utf-8") if isinstance(body, str) else body
        if gzip:
            data = gziplib.compress(data, compresslevel=6)
        self.routes[path] = Route(
            body=data,
            status=status,
            headers=dict(headers or {}),
            content_type=content_type,
            etag=etag,
            last_modified=last_modified,
            delay=delay,
            gzip=gzip,
            redirect_to=redirect_to,
            trickle=trickle,
            hang=hang,
            retry_after=None if retry_after is None else str(retry_after),
            gate=gate,
        )

    def paths(self) -> list[str]:
        """Paths requested so far, in order."""
        return [p for _, p, _ in self.requests]

    # -- used by the handler
    def sleep(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; False if the server is stopping."""
        return not self.stopping.wait(seconds)

    def enter(self, method: str, path: str, headers: Headers) -> None:
        with self._lock:
            self.requests.append((method, path, headers))
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def leave(self) -> None:
        with self._lock:
            self.active -= 1


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    feed: FeedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-answer are expected here; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.0"
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _serve(self, send_body: bool) -> None:
        feed = self.server.feed
        path = self.path.split("?", 1)[0]
        feed.enter(self.command, self.path, Headers(self.headers.items()))
        self._held = True
        try:
            self._answer(feed, feed.routes.get(path), send_body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        finally:
            self._release(feed)

    def _release(self, feed: FeedServer) -> None:
        """The request stops counting as active: before its answer's first byte, so a
        client that has read the answer and sent its next request is never counted twice
        (under load the handler's cleanup ran after that next request arrived)."""
        if self._held:
            self._held = False
            feed.leave()

    def _answer(self, feed: FeedServer, route: Route | None, send_body: bool) -> None:
        if route is None:
            self._simple(404, b"no such route\n", "text/plain", send_body)
            return
        if route.delay and not feed.sleep(route.delay):
            return
        while route.gate is not None and not route.gate.is_set():
            if not feed.sleep(_TICK):
                return
        self._release(feed)
        if route.hang:
            while feed.sleep(_TICK):
                pass
            return
        if route.redirect_to is not None:
            status = route.status if 300 <= route.status < 400 else 302
            self._head(status, {"Location": route.redirect_to, "Content-Length": "0"})
            return
        if self._not_modified(route):
            self._head(304, self._validators(route))
            return
        self._full(feed, route, send_body)

    def _not_modified(self, route: Route) -> bool:
        inm = self.headers.get("If-None-Match")
        if route.etag and inm:
            tags = {t.strip() for t in inm.split(",")}
            return route.etag in tags or "*" in tags
        ims = self.headers.get("If-Modified-Since")
        if route.last_modified and ims:
            if ims.strip() == route.last_modified:
                return True
            try:
                return email.utils.parsedate_to_datetime(ims) >= email.utils.parsedate_to_datetime(
                    route.last_modified
                )
            except (TypeError, ValueError):
                return False
        return False

    @staticmethod
    def _validators(route: Route) -> dict[str, str]:
        out = {}
        if route.etag:
            out["ETag"] = route.etag
        if route.last_modified:
            out["Last-Modified"] = route.last_modified
        return out

    def _full(self, feed: FeedServer, route: Route, send_body: bool) -> None:
        headers: dict[str, str | None] = {
            "Content-Type": route.content_type,
            "Content-Length": str(len(route.body)),
        }
        if route.gzip:
            headers["Content-Encoding"] = "gzip"
        if route.retry_after is not None:
            headers["Retry-After"] = route.retry_after
        headers.update(self._validators(route))
        headers.update(route.headers)
        self._head(route.status, headers)
        if not send_body:
            return
        if route.trickle is None:
            self.wfile.write(route.body)
            return
        for i in range(len(route.body)):
            if i and not feed.sleep(route.trickle):
                return
            self.wfile.write(route.body[i : i + 1])
            self.wfile.flush()

    def _head(self, status: int, headers: dict[str, str | None]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if value is not None:
                self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()

    def _simple(self, status: int, body: bytes, ctype: str, send_body: bool) -> None:
        self._head(status, {"Content-Type": ctype, "Content-Length": str(len(body))})
        if send_body:
            self.wfile.write(body)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A started :class:`FeedServer`, stopped (with all its handlers) after the test."""
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.close()


# --------------------------------------------------------------------------- feed builders


def _date(value: Any, *, rfc822: bool) -> str:
    if isinstance(value, datetime):
        return email.utils.format_datetime(value) if rfc822 else value.isoformat()
    return str(value)


def rss(items: list[dict[str, Any]], title: str = "Test feed", link: str = "") -> bytes:
    """An RSS 2.0 document. Item keys: title, link, guid, description, pubDate.

    Values are XML-escaped (pass HTML in ``description`` as text, as real feeds do);
    a ``datetime`` pubDate is written in RFC 822 form.
    """
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>{escape(link)}</link>",
        "<description>test</description>",
    ]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "description", "pubDate"):
            if key in item and item[key] is not None:
                value = _date(item[key], rfc822=True) if key == "pubDate" else str(item[key])
                parts.append(f"<{key}>{escape(value)}</{key}>")
        parts.append("</item>")
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def atom(
    entries: list[dict[str, Any]], title: str = "Test feed", feed_id: str = "urn:test:feed"
) -> bytes:
    """An Atom 1.0 document. Entry keys: title, link, id, summary, content, updated, published.

    ``content`` is sent as ``type="html"``; datetimes are written in ISO 8601.
    """
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title><id>{escape(feed_id)}</id>",
        "<updated>2026-01-01T00:00:00Z</updated>",
    ]
    for entry in entries:
        parts.append("<entry>")
        if "title" in entry:
            parts.append(f"<title>{escape(str(entry['title']))}</title>")
        if "link" in entry:
            parts.append(f'<link rel="alternate" href={quoteattr(str(entry["link"]))}/>')
        for key in ("id", "summary"):
            if key in entry:
                parts.append(f"<{key}>{escape(str(entry[key]))}</{key}>")
        if "content" in entry:
            parts.append(f'<content type="html">{escape(str(entry["content"]))}</content>')
        for key in ("updated", "published"):
            if key in entry:
                parts.append(f"<{key}>{escape(_date(entry[key], rfc822=False))}</{key}>")
        parts.append("</entry>")
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")


def wait_until(predicate: Any, timeout: float = 2.0) -> bool:
    """Poll ``predicate`` until true or ``timeout``; for tests that watch the server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(_TICK)
    return bool(predicate())
