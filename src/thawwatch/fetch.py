"""Fetch feeds politely and within hard limits.

Feed servers are many and some are slow, broken or hostile. Every fetch here has a total
deadline (a server trickling one byte every few seconds still fails on time), a size cap
counted on the body as sent and as decompressed (a gzip bomb stops at the cap without being
inflated),
conditional requests (ETag / Last-Modified) so unchanged feeds cost a 304, a global and a
per-host concurrency limit, and redirects followed by hand so each hop can be checked:
no ``file:``/``ftp:`` targets, and no public site bouncing us onto loopback or the LAN.
Name lookups count against the deadline too, and :func:`fetch_loop` makes a loop that
never waits for a lookup it has given up on (a slow resolver must not delay a stop).

Nothing here raises for network or HTTP problems: each outcome is a :class:`FetchResult`
with a short sentence in ``error``.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import ssl
import threading
import time
import urllib.request
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from thawwatch import __version__
from thawwatch.fetch_body import BoundedDecoder, FetchFailed, size_text
from thawwatch.fetch_errors import describe, status_error
from thawwatch.httpx_import import httpx
from thawwatch.public_only import guard
from thawwatch.redirects import is_local_address, judge_redirect, redirect_allowed
from thawwatch.text import clean_text, strip_controls

__all__ = [
    "USER_AGENT",
    "FeedRequest",
    "FetchLimits",
    "FetchResult",
    "fetch_all",
    "fetch_loop",
    "fetch_one",
    "redirect_allowed",
]

USER_AGENT = f"thawwatch/{__version__} (+https://github.com/thawwatch/thawwatch)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_RETRY_AFTER_CODES = frozenset({429, 503})
# httpx parses Location itself (and raises on ``javascript:`` and friends) before we see it;
# our response hook moves it here so every redirect is judged by redirect_allowed instead.
_LOCATION = "x-thawwatch-location"
# A request extension: connect to public addresses only (after a public site's redirect)
_PUBLIC_ONLY = "thawwatch_public_only"
# A response extension: the response came through a proxy (its peer is the proxy)
_PROXIED = "thawwatch_proxied"


@dataclass(frozen=True)
class FetchLimits:
    """Hard limits for one refresh; ``timeout`` is the total deadline per feed, in seconds."""

    concurrency: int = 16
    per_host: int = 4
    timeout: float = 20.0
    connect_timeout: float = 10.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5


@dataclass(frozen=True)
class FeedRequest:
    """One feed to fetch, with the validators from its last successful fetch."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FetchResult:
    """What happened to one feed. ``error`` is None on success (including 304)."""

    url: str
    status: int | None = None
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    not_modified: bool = False
    error: str | None = None
    retry_after: float | None = None
    elapsed: float = 0.0
    charset: str | None = None
    """The Content-Type's charset, for a body that declares no encoding of its own."""
    cut_short: bool = False
    """The compressed body ended before its end: what came is parsed, but its validators
    are not kept (a 304 next time would hold back the rest of the feed for good)."""
    moved_to: str | None = None
    """Where the feed now lives, when every redirect to it was permanent (301, 308): the
    user is told to update the feed's URL (each refresh pays the extra hops until then)."""


# --------------------------------------------------------------------------- helpers


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):  # year 99999999999
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, min(seconds, 7 * 86400.0))


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


# --------------------------------------------------------------------------- fetching


def _request_headers(req: FeedRequest) -> dict[str, str]:
    """The request's headers; a stored validator that cannot be sent (stored by an older
    version: not ASCII) is left out, not a failure of the feed on every refresh."""
    headers = {"Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if req.etag and _validator(req.etag):
        headers["If-None-Match"] = req.etag
    if req.last_modified and _validator(req.last_modified):
        headers["If-Modified-Since"] = req.last_modified
    return headers


async def _read_body(response: httpx.Response, limits: FetchLimits) -> tuple[bytes, bool]:
    """The body within the size cap, and whether a compressed one reached its end."""
    length = response.headers.get("content-length")
    if length and length.strip().isdigit() and int(length) > limits.max_bytes:
        raise FetchFailed(f"body larger than {size_text(limits.max_bytes)}", response.status_code)
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise FetchFailed(f"unsupported content encoding {encoding[:40]}", response.status_code)
    decoder = BoundedDecoder(encoding, limits.max_bytes)
    async for chunk in response.aiter_raw():
        decoder.feed(chunk)
    return decoder.result(), decoder.complete


_T = TypeVar("_T")


class _AllSent:
    """Calls ``callback`` once: the first time every request holding its slots has been
    sent and awaits its answer (``fetch_all``'s ``on_waiting``). With more requests than
    the caps let out at once, that is when the first wave is out.

    From then on the refresh waits on the network, not on this process, which can use the
    time. A hint only: a count gone wrong can only call it early or never.
    """

    def __init__(self, callback: Callable[[], None] | None) -> None:
        self._callback = callback
        self._holding = 0  # requests that hold their slots
        self._waiting = 0  # ... of which sent, their answer not yet begun

    def took_slots(self) -> None:
        self._holding += 1

    def released_slots(self) -> None:
        """A request has ended and freed its slots: a request waiting for them is woken,
        and takes them on the loop's next turn; only then may the rest all be waiting."""
        self._holding -= 1
        asyncio.get_running_loop().call_soon(self._check)

    def waiting(self, change: int) -> None:
        self._waiting += change
        self._check()

    def _check(self) -> None:
        if self._callback is not None and 0 < self._holding <= self._waiting:
            callback, self._callback = self._callback, None
            asyncio.get_running_loop().call_soon(callback)  # not inside httpcore's trace


class _Connecting:
    """httpcore's ``trace`` hook for one request: the host it is still looking up or
    connecting to, if any, so that a deadline passing there can say so (a slow resolver
    otherwise reads like a slow server); and when it is sent (``_AllSent``)."""

    def __init__(self, sent: _AllSent | None = None) -> None:
        self.host: str | None = None
        self._sent = sent
        self._waiting = False

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith(".connect_tcp.started"):
            self.host = str(info.get("host") or "") or None
        elif event.endswith(".connect_tcp.complete"):
            self.host = None
        elif event.endswith(".receive_response_headers.started"):
            self._wait(True)
        elif event.endswith((".receive_response_headers.complete",
                             ".receive_response_headers.failed")):  # failed: cancelled too
            self._wait(False)

    def _wait(self, waiting: bool) -> None:
        if self._sent is not None and waiting != self._waiting:
            self._waiting = waiting
            self._sent.waiting(1 if waiting else -1)

    def done(self) -> None:
        """The request has ended, answered or not."""
        self._wait(False)

    async def looking_up(self, url: str, lookup: Awaitable[_T]) -> _T:
        """Await ``lookup`` (a redirect check, which resolves ``url``'s host) as a lookup
        of that host: a deadline passing meanwhile leaves the host named."""
        with contextlib.suppress(ValueError):
            self.host = urlsplit(url).hostname
        value = await lookup
        self.host = None
        return value


def _redirect_target(url: str, location: str, status: int) -> str:
    """The absolute URL a Location names; FetchFailed if httpx could not request it
    (a port past 65535, a host name IDNA refuses)."""
    try:
        target = urljoin(url, location.strip())
        httpx.URL(target)
    except (ValueError, httpx.InvalidURL):
        raise FetchFailed("redirect to an invalid URL refused", status) from None
    return target


async def _follow(
    client: httpx.AsyncClient, req: FeedRequest, limits: FetchLimits, result: FetchResult,
    connecting: _Connecting, hold: _Hold | None = None,
    deadline: asyncio.Timeout | None = None,
) -> None:
    """Run the request and its redirects, filling ``result``; raises on failure.

    A redirect's response is closed before its target is judged and the next host's slots
    awaited: its connection is free for the requests that hold them (a request waiting for
    a slot while holding a connection another needs could wait for good). That wait is
    not counted against the feed's deadline (``deadline``), as the first hop's is not.

    Whether the site redirecting is local is read from the address the response came
    from, not from a new lookup of its name (a rebinding name answers a public address to
    be connected to, then 127.0.0.1 to be judged local), and a chain that has passed a
    public site goes on to public addresses only.
    """
    url = req.url
    headers = _request_headers(req)
    extensions: dict[str, Any] = {"trace": connecting.trace}
    public_chain = False
    permanent = True  # every redirect so far was a 301 or a 308
    for hop in range(limits.max_redirects + 1):
        result.final_url = url
        async with client.stream("GET", url, headers=headers,
                                 extensions=extensions) as response:
            status = response.status_code
            result.status = status
            location = response.headers.get(_LOCATION) or response.headers.get("location")
            if not (status in _REDIRECT_CODES and location):
                await _read_answer(response, result, req, limits)
                return
            proxy = response.extensions.get(_PROXIED)
            peer_local = None if proxy else _peer_is_local(response)  # proxied: the proxy's
        if hop == limits.max_redirects:
            break
        target = _redirect_target(url, location, status)
        if proxy:
            peer_local = _proxied_site_local(url, target, proxy)
        from_local = False if public_chain else peer_local
        verdict = await connecting.looking_up(
            target, asyncio.to_thread(judge_redirect, url, target, None, from_local))
        if verdict.refused:
            raise FetchFailed(verdict.refused, status)
        public_chain = public_chain or verdict.public_only
        if hold is not None:  # the next hop counts against its own host's cap
            await hold.move(_host(target), deadline)
        url = target
        permanent = permanent and status in _PERMANENT
        result.moved_to = url if permanent else None
        extensions = {"trace": connecting.trace, _PUBLIC_ONLY: public_chain}
    raise FetchFailed("too many redirects", result.status)


_PERMANENT = frozenset({301, 308})


def _proxied_site_local(url: str, target: str, proxy: str) -> bool:
    """Whether a site reached through ``proxy`` (its peer) counts as local for its
    redirect to ``target``: an address host by its address; a redirect to the same host
    name through the same proxy as local (the proxy reaches it as it reached the site:
    a LAN feed's "/feed" → "/feed/"); any other as public, as it may be (its name looked
    up again could answer 127.0.0.1: DNS rebinding). A redirect that leaves the proxy
    (another scheme with no proxy of its own) is judged as public: the next hop is direct,
    and its connection checked."""
    host = _host(url)
    if (literal := is_local_address(host)) is not None:
        return literal
    try:
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        return False
    same_proxy = _proxy_key(proxy_for(urllib.request.getproxies(), scheme, host)) == \
        _proxy_key(proxy)
    return bool(host) and host == _host(target) and same_proxy


def _proxy_key(proxy: str | None) -> tuple[str, ...] | None:
    """A proxy URL as compared: ``http_proxy=http://Proxy:3128`` and
    ``HTTPS_PROXY=http://proxy:3128/`` name one proxy."""
    if not proxy:
        return None
    try:
        parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        scheme = parts.scheme.lower()
        port = parts.port or {"http": 80, "https": 443}.get(scheme, 0)
    except ValueError:
        return (proxy,)
    return (scheme, (parts.hostname or "").rstrip("."), str(port), parts.username or "",
            parts.password or "")


def proxy_for(proxies: dict[str, str], scheme: str, host: str) -> str | None:
    """The proxy a request to ``scheme://host`` goes through (``proxies`` as
    ``urllib.request.getproxies()`` gives them), None when it goes direct."""
    proxy = proxies.get(scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    return proxy


def _peer_is_local(response: httpx.Response) -> bool | None:
    """Whether the response came from a local address (loopback, LAN…); None when not
    known (a test transport: the redirect check looks the name up). Not for a response
    through a proxy, whose address the peer is (see ``_proxied_site_local``)."""
    stream = response.extensions.get("network_stream")
    try:
        peer = stream.get_extra_info("server_addr") if stream is not None else None
    except Exception:  # a stream without it
        return None
    if not peer:
        return None
    return is_local_address(str(peer[0]))


async def _read_answer(response: httpx.Response, result: FetchResult, req: FeedRequest,
                       limits: FetchLimits) -> None:
    """A final (not redirecting) response into ``result``; raises on an error status."""
    status = response.status_code
    _read_validators(response, result, req)
    if status == 304:
        if not (req.etag or req.last_modified):  # "unchanged since" nothing: a broken server
            raise FetchFailed("HTTP 304 Not Modified to a request that asked for no"
                              " validation", status)
        result.not_modified = True
        return
    if not 200 <= status < 300:
        if status in _RETRY_AFTER_CODES:
            result.retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise FetchFailed(status_error(status, response.reason_phrase), status)
    result.body, complete = await _read_body(response, limits)
    result.charset = response.charset_encoding
    if not complete:
        result.cut_short = True
        result.etag = result.last_modified = None


def _read_validators(response: httpx.Response, result: FetchResult, req: FeedRequest) -> None:
    """Validators for the next request; a 304 without them keeps the ones we sent."""
    result.etag = _validator(response.headers.get("etag"))
    result.last_modified = _validator(response.headers.get("last-modified"))
    if response.status_code == 304:
        result.etag = result.etag or req.etag
        result.last_modified = result.last_modified or req.last_modified


def _validator(value: str | None) -> str | None:
    """A validator worth keeping: httpx decodes odd header bytes as Latin-1, so a server
    can send C1 controls, or "caf\xe9", which cannot be sent back (httpx encodes request
    headers as ASCII: every later refresh of the feed failed); such a value is dropped
    (it only costs a full fetch next time)."""
    if (not value or not value.isascii() or strip_controls(value) != value
            or "\t" in value or "\n" in value):
        return None
    return value


class _Slots:
    """The caps on requests at once: ``concurrency`` in all and ``per_host`` per host.

    A request takes its host's slot first, then a global one, so a busy host holds no
    global slot while it waits.
    """

    def __init__(self, concurrency: int, per_host: int) -> None:
        self._all = asyncio.Semaphore(max(1, concurrency))
        self._per_host = max(1, per_host)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def take(self, host: str) -> None:
        sem = self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))
        await sem.acquire()
        try:
            await self._all.acquire()
        except BaseException:
            sem.release()
            raise

    def give(self, host: str) -> None:
        self._all.release()
        self._hosts[host].release()


class _Hold:
    """The slots one request holds, as an ``async with``.

    A redirect to another host counts against that host's cap (eight feeds on eight hosts
    redirecting to one server were eight requests at once on it): ``move`` gives both
    slots back and takes the new host's in the same order, so no request holds a global
    slot while it waits for a host's (two hosts redirecting to each other could otherwise
    wait on each other for good).
    """

    def __init__(self, slots: _Slots, host: str) -> None:
        self._slots = slots
        self._first = host
        self._host: str | None = None  # the host whose slots are held, if any

    async def __aenter__(self) -> _Hold:
        await self._slots.take(self._first)
        self._host = self._first
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._host is not None:
            self._slots.give(self._host)
            self._host = None

    async def move(self, host: str, deadline: asyncio.Timeout | None = None) -> None:
        """Hold ``host``'s slots instead (a redirect's next hop); ``deadline`` (the feed's)
        stands still meanwhile: waiting one's turn is not the server being slow."""
        if host == self._host:
            return
        if self._host is not None:
            self._slots.give(self._host)
            self._host = None
        loop = asyncio.get_running_loop()
        when = deadline.when() if deadline is not None else None
        if deadline is None or when is None:
            await self._slots.take(host)
        else:
            left = when - loop.time()
            deadline.reschedule(None)
            try:
                await self._slots.take(host)
            finally:
                deadline.reschedule(loop.time() + left)
        self._host = host


async def fetch_one(
    client: httpx.AsyncClient,
    req: FeedRequest,
    limits: FetchLimits,
    slots: _Slots | None = None,
    sent: _AllSent | None = None,
) -> FetchResult:
    """Fetch one feed within ``limits``; never raises for network or HTTP problems.

    ``slots`` caps the requests at once (none: this request's own); the total deadline
    starts once the request holds its slots.
    """
    result = FetchResult(url=req.url)
    _install_hook(client)
    connecting = _Connecting(sent)
    held = False
    try:
        async with _Hold(slots or _Slots(1, 1), _host(req.url)) as hold:
            start = time.monotonic()
            if sent is not None:
                sent.took_slots()
                held = True
            await _fetch_within(client, req, limits, result, connecting, hold)
            result.elapsed = time.monotonic() - start
    finally:
        connecting.done()
        if sent is not None and held:
            sent.released_slots()  # once they are free (see there)
    return result


async def _fetch_within(
    client: httpx.AsyncClient, req: FeedRequest, limits: FetchLimits, result: FetchResult,
    connecting: _Connecting, hold: _Hold | None = None,
) -> None:
    """``_follow`` within the total deadline, its failure turned into ``result.error``."""
    try:
        async with asyncio.timeout(limits.timeout) as deadline:
            await _follow(client, req, limits, result, connecting, hold, deadline)
    except FetchFailed as exc:
        result.error, result.body = str(exc), None
    except Exception as exc:  # fetch must never raise for network/HTTP problems
        result.error = describe(exc, limits.timeout, limits.connect_timeout,
                                connecting.host)
        result.body = None
    if result.error is not None:
        # Errors quote servers (reason phrases, protocol errors, hosts): they are stored
        # and printed, so they get the same treatment as feed text. Never empty.
        result.error = clean_text(result.error, 300) or "fetch failed"


async def _hide_location(response: httpx.Response) -> None:
    """Response hook: keep httpx from parsing a redirect's Location (we judge it ourselves)."""
    if response.status_code in _REDIRECT_CODES and "location" in response.headers:
        response.headers[_LOCATION] = response.headers["location"]
        del response.headers["location"]


def _install_hook(client: httpx.AsyncClient) -> None:
    hooks = client.event_hooks
    if _hide_location not in hooks.get("response", []):
        hooks.setdefault("response", []).append(_hide_location)
        client.event_hooks = hooks


# scheme, host, port (None: the scheme's own), and whether its connections may reach
# public addresses only (after a public site's redirect: a pool of its own, whose every
# connection was checked, never one another feed opened to that host unchecked)
_Origin = tuple[str, str, int | None, bool]


class _PoolPerOrigin(httpx.AsyncBaseTransport):
    """A connection pool per origin (scheme, host, port), each made on first use.

    httpcore's pool re-examines every connection it holds (idle? expired? its socket
    readable?) each time a request comes or goes, and for each idle connection counts the
    idle ones again: with all of a refresh's fifty connections in one pool that was ~0.1 s
    of CPU. A pool per origin holds a host's few connections; the caps on requests at once
    (``_Slots``) do not depend on the pools.

    A pool whose requests have all ended keeps its connection for the origin's next feed,
    but only the ``max_idle`` most recently used such pools stay: the others are closed,
    so a refresh of a thousand feeds on a thousand hosts does not hold a thousand sockets.

    The TLS context is made once, on the first https request, and shared: loading the CA
    bundle costs about 30 ms, a tenth of a refresh where every feed answers 304, and only
    https pools use it (they verify exactly as httpx's default transport does). Plain http
    pools share one context too: they never negotiate TLS.

    Proxies come from the environment, as httpx's own transport takes them (and as curl
    and most tools do): ``https_proxy``, ``http_proxy``, ``all_proxy``, with ``no_proxy``
    naming the hosts reached directly. A proxy resolves the names it connects to, so a
    public-only pool through a proxy cannot check them (``public_only``): the redirect
    check alone holds there.
    """

    def __init__(self, limits: httpx.Limits, max_idle: int) -> None:
        self._limits = limits
        self._max_idle = max(1, max_idle)
        self._pools: dict[_Origin, httpx.AsyncHTTPTransport] = {}
        self._active: dict[_Origin, int] = {}  # requests whose response is not closed
        self._idle: OrderedDict[_Origin, None] = OrderedDict()  # least recently used first
        self._contexts: dict[bool, ssl.SSLContext] = {}
        self._proxies = urllib.request.getproxies()

    def _proxy(self, scheme: str, host: str) -> str | None:
        return proxy_for(self._proxies, scheme, host)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        origin = (url.scheme, url.host, url.port, bool(request.extensions.get(_PUBLIC_ONLY)))
        pool = await self._pool(origin)
        self._active[origin] = self._active.get(origin, 0) + 1
        self._idle.pop(origin, None)
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            self._ended(origin)
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        proxy = self._proxy(origin[0], origin[1])  # if any, the response's peer
        return httpx.Response(status_code=response.status_code, headers=response.headers,
                              stream=_OnClose(response.stream, lambda: self._ended(origin)),
                              extensions={**response.extensions, _PROXIED: proxy})

    async def _pool(self, origin: _Origin) -> httpx.AsyncHTTPTransport:
        pool = self._pools.get(origin)
        if pool is not None:
            return pool
        while len(self._idle) >= self._max_idle:  # room for this one when it goes idle
            oldest, _ = self._idle.popitem(last=False)
            await self._pools.pop(oldest).aclose()
        tls = origin[0] == "https"
        context = self._contexts.get(tls)
        if context is None:
            context = self._contexts[tls] = httpx.create_ssl_context(verify=tls)
        proxy = self._proxy(origin[0], origin[1])
        pool = httpx.AsyncHTTPTransport(limits=self._limits, verify=context, proxy=proxy)
        if origin[3] and proxy is None:  # through a proxy, the proxy connects: not checked
            guard(pool)
        self._pools[origin] = pool
        return pool

    def _ended(self, origin: _Origin) -> None:
        self._active[origin] -= 1
        if not self._active[origin] and origin in self._pools:
            self._idle[origin] = None

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        async with contextlib.AsyncExitStack() as stack:  # each closed, whatever one raises
            for pool in pools:
                stack.push_async_callback(pool.aclose)


class _OnClose(httpx.AsyncByteStream):
    """A response body that calls ``closed`` once it is closed: its connection is free."""

    def __init__(self, stream: httpx.AsyncByteStream, closed: Callable[[], None]) -> None:
        self._stream = stream
        self._closed: Callable[[], None] | None = closed

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            closed, self._closed = self._closed, None
            if closed is not None:
                closed()


def make_client(limits: FetchLimits) -> httpx.AsyncClient:
    """The shared client: our User-Agent, no automatic redirects, bounded pools."""
    pool_limits = httpx.Limits(max_connections=max(1, limits.concurrency),
                               max_keepalive_connections=max(1, limits.concurrency))
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(limits.timeout, connect=limits.connect_timeout),
        follow_redirects=False,
        transport=_PoolPerOrigin(pool_limits, max_idle=limits.concurrency),
        event_hooks={"response": [_hide_location]},
    )


async def fetch_all(
    requests: Sequence[FeedRequest],
    limits: FetchLimits = FetchLimits(),
    on_result: Callable[[FetchResult], None] | None = None,
    on_waiting: Callable[[], None] | None = None,
) -> list[FetchResult]:
    """Fetch every feed concurrently; results come back in request order.

    At most ``limits.concurrency`` fetches run at once and at most ``limits.per_host`` per
    host. ``on_result`` is called with each result as soon as it is ready; ``on_waiting``
    once, when every request that could be sent has been and the answers are awaited.
    """
    sent = _AllSent(on_waiting)
    slots = _Slots(limits.concurrency, limits.per_host)
    results: list[FetchResult | None] = [None] * len(requests)

    async def run(i: int, req: FeedRequest, client: httpx.AsyncClient) -> None:
        res = await fetch_one(client, req, limits, slots, sent)
        results[i] = res
        if on_result is not None:
            on_result(res)

    async with make_client(limits) as client, asyncio.TaskGroup() as tg:
        for i, req in enumerate(requests):
            tg.create_task(run(i, req, client))
    return [r for r in results if r is not None]


# --------------------------------------------------------------------------- the loop

LOOKUP_THREADS = 32  # name lookups (and redirect checks) under way at once, at most


class _DaemonThreads(ThreadPoolExecutor):
    """The fetch loop's default executor: calls (name lookups, redirect checks) run in
    daemon threads, at most ``LOOKUP_THREADS`` at once, and a shutdown waits for none.

    asyncio resolves names with a blocking ``getaddrinfo`` in the loop's default executor,
    which no one can interrupt. A ThreadPoolExecutor's threads are waited for when the loop
    closes (``asyncio.run``) and again when the interpreter exits, even after
    ``shutdown(wait=False)``: a Ctrl-C, a stop or a feed past its deadline would wait for a
    slow resolver. A lookup given up on is abandoned here instead; its thread ends when the
    resolver answers, or with the process. A feed past its deadline frees its place for the
    next while its lookup still hangs, so the threads are capped: calls beyond the cap wait
    their turn, and one given up on meanwhile (its future cancelled) never runs.
    """

    def __init__(self) -> None:
        super().__init__(max_workers=1)  # a ThreadPoolExecutor for asyncio; starts no thread
        self._queue: deque[tuple[Future[Any], Callable[..., Any], tuple[Any, ...],
                                 dict[str, Any]]] = deque()
        self._running = 0
        self._guard = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._guard:
            self._queue.append((future, fn, args, kwargs))
            if self._running >= LOOKUP_THREADS:
                return future  # a running thread takes it when it is done
            self._running += 1
        threading.Thread(target=self._work, name="thawwatch-lookup", daemon=True).start()
        return future

    def _work(self) -> None:
        """Run queued calls until none is left."""
        while True:
            with self._guard:
                if not self._queue:
                    self._running -= 1
                    return
                future, fn, args, kwargs = self._queue.popleft()
            _run_into(future, fn, args, kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: the threads are daemons, and their results unwanted."""


def _run_into(future: Future[Any], fn: Callable[..., Any], args: tuple[Any, ...],
              kwargs: dict[str, Any]) -> None:
    if not future.set_running_or_notify_cancel():
        return  # given up on while it waited
    try:
        value = fn(*args, **kwargs)
    except BaseException as exc:  # handed to whoever awaits it, as an executor does
        future.set_exception(exc)
    else:
        future.set_result(value)


def fetch_loop() -> asyncio.AbstractEventLoop:
    """A new event loop to fetch on (``asyncio.Runner(loop_factory=fetch_loop)``): it never
    waits for a name lookup that was given up on, so stopping it is prompt."""
    loop = asyncio.new_event_loop()
    loop.set_default_executor(_DaemonThreads())
    return loop
