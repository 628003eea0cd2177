"""Connections that may reach public addresses only: where a public site's redirect lands.

``redirects.judge_redirect`` resolves a redirect's target to judge it; httpx would
resolve it again to connect, and a name can answer differently the second time (DNS
rebinding: a public address for the check, 127.0.0.1 for the connection). A request after
such a redirect goes through a pool whose connections resolve the name themselves, refuse
it unless every address is public, and connect to the address they checked. TLS still
verifies the name: httpcore hands the host name, not the address, to the handshake.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import httpcore

from thawwatch.fetch_body import FetchFailed
from thawwatch.redirects import LocalAddress, public_addresses

__all__ = ["PublicOnlyBackend", "guard"]


class PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting to checked public addresses only."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None,
        local_address: str | None = None, socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:  # in the loop's executor: fetch_loop's never waits for a lookup given up on
            addresses = await asyncio.to_thread(public_addresses, host)
        except LocalAddress as exc:
            raise FetchFailed(str(exc)) from None
        failure: Exception | None = None
        for address in addresses:  # as a resolver's list is tried: the next if one fails
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address,
                                                     socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise FetchFailed("redirect to a local socket refused")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guard(transport: Any) -> None:
    """Make ``transport`` (an ``httpx.AsyncHTTPTransport``) connect through
    ``PublicOnlyBackend``; refuses, rather than connect unchecked, if httpcore's pool is not
    where httpx 0.28 keeps it."""
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if not isinstance(inner, httpcore.AsyncNetworkBackend):
        raise FetchFailed("redirect refused: its address could not be checked")
    pool._network_backend = PublicOnlyBackend(inner)  # type: ignore[union-attr]
