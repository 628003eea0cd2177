"""One-line sentences for what went wrong with a fetch, stored and shown per feed.

httpx reports failures as exception chains whose text quotes servers and sockets; a user
needs "connection refused" or "timed out after 20 s", not a traceback.
"""

from __future__ import annotations

import ipaddress
import socket
from http import HTTPStatus

from thawwatch.httpx_import import httpx
from thawwatch.text import clean_text


def _seconds(x: float) -> str:
    return f"{x:g} s"


def status_error(status: int, reason: str) -> str:
    """The status as people read it ("HTTP 404 Not Found"), with the server's own reason
    phrase when it sends one."""
    # The reason phrase is the server's own text: h11 lets ESC and friends through.
    reason = clean_text(reason, 80)
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    said = f"HTTP {status} {reason}".strip()
    if status == 410:  # the server's word that the feed will not come back
        said += " (for good: remove the feed)"
    return said


def describe(exc: BaseException, timeout: float, connect_timeout: float,
             connecting: str | None = None) -> str:
    """A one-line sentence for an exception raised while fetching; ``connecting`` is the
    host the request was still looking up or connecting to when it ended, if any."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:  # anyio's task groups
        exc = exc.exceptions[0]
    if connecting and isinstance(exc, TimeoutError | httpx.ConnectTimeout):
        waited = connect_timeout if isinstance(exc, httpx.ConnectTimeout) else timeout
        return f"timed out after {_seconds(waited)} {_reaching(connecting)}"
    if isinstance(exc, TimeoutError | httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout):
        return f"timed out after {_seconds(timeout)}"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {_seconds(connect_timeout)}"
    text = " ".join(str(exc).split())
    low = text.lower()
    if isinstance(exc, httpx.ConnectError):
        return _connect_error(_chain_text(exc).lower(), text)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "unsupported URL scheme"
    if isinstance(exc, httpx.InvalidURL | ValueError) and "url" in low:
        return "invalid URL"
    if type(exc).__module__.startswith("idna") or "codepoint" in low:
        return "invalid host name"  # an IDNA name no DNS can hold ("xn--zz-9ka.com")
    if isinstance(exc, httpx.RemoteProtocolError):
        if "receive buffer too long" in low:
            return "server broke the connection: response headers too large"
        if "illegal status line" in low:
            return "server broke the connection: not an HTTP/1.1 answer"
        return "server broke the connection" + (f": {text[:120]}" if text else "")
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return "connection lost while reading"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    name = type(exc).__name__
    return f"{name}: {text[:160]}" if text else name


def _reaching(host: str) -> str:
    """What a request does before its first byte: a name is looked up (a slow resolver
    is a common culprit), an address only connected to."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return f"looking up or connecting to {host}"
    return f"connecting to {host}"


def _chain_text(exc: BaseException) -> str:
    """Messages of an exception and its causes (httpx hides the OSError behind its own)."""
    parts: list[str] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen and len(parts) < 8:
        seen.add(id(cur))
        if isinstance(cur, socket.gaierror):
            parts.append("name resolution failed")
        elif isinstance(cur, ConnectionRefusedError):
            parts.append("connection refused")
        parts.append(str(cur))
        cur = cur.__cause__ or cur.__context__
    return " ".join(parts)


def _connect_error(low: str, text: str) -> str:
    if "refused" in low:
        return "connection refused"
    if any(k in low for k in ("name or service", "nodename", "name resolution", "getaddrinfo")):
        return "name not resolved"
    if "certificate" in low or "ssl" in low or "tls" in low:
        return "TLS error: " + text[:120]
    if "unreachable" in low:
        return "network unreachable"
    if "reset" in low:
        return "connection reset"
    return "could not connect" + (f": {text[:120]}" if text else "")
