"""Reading a feed body within a size cap, however it is compressed.

httpx's own decoders inflate each network chunk in full (a 50 KB chunk of a gzip bomb
becomes 50 MB at once), so the raw bytes are inflated here with ``max_length`` and
counted: the cap holds for the compressed and the decompressed size alike.
"""

from __future__ import annotations

import zlib


class FetchFailed(Exception):
    """A fetch ended with a user-facing sentence (and maybe a status)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class BoundedDecoder:
    """Decompresses gzip/deflate incrementally, never producing more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.total = 0  # bytes out
        self.raw = 0  # bytes in: endless empty deflate blocks inflate to nothing
        self._out: list[bytes] = []
        self._z = self._new()

    def _new(self) -> zlib._Decompress | None:
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(zlib.MAX_WBITS)
        return None

    def feed(self, data: bytes) -> None:
        self.raw += len(data)
        if self.raw > self.limit:
            raise FetchFailed(f"body larger than {size_text(self.limit)}")
        if self._z is None:
            self._add(data)
            return
        try:
            self._inflate(data)
        except zlib.error as exc:
            if self.encoding == "deflate" and self.total == 0 and not self._out:
                # Some servers send raw deflate without the zlib header.
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self.encoding = "raw-deflate"
                self._inflate_or_fail(data)
            else:
                raise FetchFailed(f"corrupt {self.encoding} body") from exc

    def _inflate_or_fail(self, data: bytes) -> None:
        try:
            self._inflate(data)
        except zlib.error as exc:
            raise FetchFailed("corrupt deflate body") from exc

    def _inflate(self, data: bytes) -> None:
        while data:
            assert self._z is not None
            room = self.limit - self.total + 1  # one byte over the cap proves "too large"
            self._add(self._z.decompress(data, room))
            data = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data and self.encoding in ("gzip", "x-gzip"):
                data = self._z.unused_data  # concatenated gzip members
                self._z = self._new()

    def _add(self, chunk: bytes) -> None:
        if not chunk:
            return
        self.total += len(chunk)
        if self.total > self.limit:
            raise FetchFailed(f"body larger than {size_text(self.limit)}")
        self._out.append(chunk)

    @property
    def complete(self) -> bool:
        """Whether a compressed body reached its end (gzip's trailer, deflate's last
        block): one without it was cut short, or came from a server that leaves the
        trailer off. Either way what came is used; the caller decides what to trust."""
        return self._z is None or self._z.eof

    def result(self) -> bytes:
        if self._z is not None:
            self._add(self._z.flush())
        return b"".join(self._out)


def size_text(n: int) -> str:
    """A byte count for people: 10 MB, 50 kB."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1000:
        return f"{n / 1000:g} kB"
    return f"{n} bytes"
