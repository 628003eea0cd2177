"""Which redirects a feed fetch may follow: web schemes only, and never from a public
site onto loopback, the LAN or link-local addresses (a feed must not become a way to
probe the user's own network)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

__all__ = ["Resolver", "redirect_allowed"]

Resolver = Callable[..., list[tuple]]
_WEB_SCHEMES = frozenset({"http", "https"})


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _addresses(host: str, resolve: Resolver) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The host's addresses: an IP literal as is, else via ``resolve`` ([] if it fails)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = resolve(host, None, 0, socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        return []
    out = []
    for info in infos:
        try:
            out.append(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
        except (ValueError, IndexError, TypeError):
            continue
    return out


def redirect_allowed(
    from_url: str, to_url: str, resolve: Resolver | None = None
) -> str | None:
    """None if following ``from_url`` → ``to_url`` is fine, else the reason it is refused.

    Refused: a target scheme other than http/https, and a public host redirecting to a
    loopback, link-local, private or otherwise non-public address. A host that is itself
    local (a feed on the LAN or on loopback) may redirect anywhere local.
    """
    try:
        target = urlsplit(to_url)
        to_host = target.hostname
    except ValueError:
        return "redirect to an invalid URL refused"
    scheme = target.scheme.lower()
    if scheme not in _WEB_SCHEMES:
        return f"redirect to {scheme or 'a relative URL'}: refused"
    if not to_host:
        return "redirect without a host refused"
    # socket.getaddrinfo as it is now, not as it was at import (a patched resolver counts)
    to_addrs = _addresses(to_host, resolve or socket.getaddrinfo)
    if all(_is_public(a) for a in to_addrs):  # includes "did not resolve": fetch reports it
        return None
    try:
        from_host = urlsplit(from_url).hostname or ""
    except ValueError:
        from_host = ""
    from_addrs = _addresses(from_host, resolve) if from_host else []
    if from_addrs and not any(_is_public(a) for a in from_addrs):
        return None
    return f"redirect from a public site to local address {to_host} refused"
