"""Which redirects a feed fetch may follow: web schemes only, and never from a public
site onto loopback, the LAN or link-local addresses (a feed must not become a way to
probe the user's own network).

Judging a redirect resolves its target's name, and connecting to it resolves the name
again: a name that answers a public address first and 127.0.0.1 next (DNS rebinding)
would pass the first and reach the second. So the verdict says when the target may be
reached at public addresses only, and the connection (``public_only``) resolves the name
once more, refuses it unless every address is public, and connects to the address it
checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["LocalAddress", "Resolver", "Verdict", "is_local_address", "judge_redirect",
           "public_addresses", "redirect_allowed"]

Resolver = Callable[..., list[tuple]]
_WEB_SCHEMES = frozenset({"http", "https"})


# IPv6 forms that carry an IPv4 address in their last 32 bits (NAT64's well-known prefix,
# IPv4-compatible, IPv4-translated) are judged by that address (64:ff9b::7f00:1 is
# 127.0.0.1 on a NAT64 network), as are 6to4 ones (2002::/16); NAT64's local-use prefix
# is never public.
_EMBEDDING = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::/96", "::ffff:0:0:0/96"))
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:  # 2002::/16, the IPv4 in bits 16-47
            ip = ip.sixtofour
        elif any(ip in net for net in _EMBEDDING):
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip in _LOCAL_NAT64 or ip.is_site_local:
            return False
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


@dataclass(frozen=True)
class Verdict:
    """What a redirect check decided: ``refused`` is the reason it may not be followed (None:
    it may); ``public_only``: the target may be reached at public addresses only, checked
    again where it is connected to (a name can resolve differently the second time)."""

    refused: str | None
    public_only: bool = False


def judge_redirect(from_url: str, to_url: str, resolve: Resolver | None = None,
                   from_local: bool | None = None) -> Verdict:
    """May a fetch follow ``from_url`` → ``to_url``, and on what terms?

    Refused: a target that is not a valid http/https URL, and a public host redirecting to
    a loopback, link-local, private or otherwise non-public address. A host that is itself
    local (a feed on the LAN or on loopback) may redirect anywhere; any other may go on to
    public addresses only, which the connection checks again (``public_only``).

    ``from_local``: whether the site redirecting is local, as the fetch knows it (the
    address it was connected to; False once a redirect chain has passed a public site);
    None looks its name up, which a rebinding name can answer as it likes.
    """
    resolve = resolve or socket.getaddrinfo  # as it is now: a patched resolver counts
    try:
        target = urlsplit(to_url)
        to_host = target.hostname
        target.port  # noqa: B018 -- raises for a port that is not one (99999, "1x")
    except ValueError:
        return Verdict("redirect to an invalid URL refused")
    scheme = target.scheme.lower()
    if scheme not in _WEB_SCHEMES:
        return Verdict(f"redirect to {scheme or 'a relative URL'}: refused")
    if not to_host:
        return Verdict("redirect without a host refused")
    if from_local is None:
        from_local = _site_is_local(from_url, resolve)
    if from_local:
        return Verdict(None)
    # A name that does not resolve now is let through: the connection looks it up again,
    # and refuses it there unless every address it gets is public.
    if all(_is_public(a) for a in _addresses(to_host, resolve)):
        return Verdict(None, public_only=True)
    return Verdict(_refusal(to_host))


def redirect_allowed(
    from_url: str, to_url: str, resolve: Resolver | None = None
) -> str | None:
    """None if following ``from_url`` → ``to_url`` is fine, else the reason it is refused
    (``judge_redirect``'s verdict without its terms)."""
    return judge_redirect(from_url, to_url, resolve).refused


def public_addresses(host: str, resolve: Resolver | None = None) -> list[str]:
    """The host's addresses, to connect to instead of its name; raises ``LocalAddress``
    unless it has some and all are public."""
    found = _addresses(host, resolve or socket.getaddrinfo)
    if not found:
        raise LocalAddress("name not resolved")
    if not all(_is_public(a) for a in found):
        raise LocalAddress(_refusal(host))
    return list(dict.fromkeys(str(a) for a in found))


def _refusal(host: str) -> str:
    return f"redirect from a public site to local address {host} refused"


def is_local_address(address: str) -> bool | None:
    """Whether an IP address (as a socket reports its peer, or a URL's host writes it:
    brackets, a zone, IPv4's short forms) is not public; None if it is no IP address."""
    try:
        return not _is_public(ipaddress.ip_address(_ipv4_any_form(
            address.strip("[]").split("%", 1)[0])))
    except ValueError:
        return None


def _ipv4_any_form(host: str) -> str:
    """``host`` as a dotted IPv4 address if the resolver reads it as one ("127.1",
    "0x7f.1", "2130706433" are 127.0.0.1), else as it is."""
    if host and all(c in "0123456789abcdefxABCDEFX." for c in host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            pass
    return host


class LocalAddress(Exception):
    """A connection that must reach a public address would not."""


def _site_is_local(url: str, resolve: Resolver) -> bool:
    """True when ``url``'s host resolves, and only to non-public addresses (the user's own
    machine or network)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    found = _addresses(host, resolve) if host else []
    return bool(found) and not any(_is_public(a) for a in found)
