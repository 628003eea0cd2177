"""Knowing a feed body parsed before, when its server gives no validators.

A server with neither ETag nor Last-Modified sends the whole feed on every request, and
many such feeds are made afresh each time: Google News stamps ``<lastBuildDate>`` with
the moment of the request, a cache plugin appends ``<!-- generated in 0.21 s -->``. The
hash leaves those out, so that the same items are recognised and not parsed again.

What is left out can never hide a new item: a date element's text holds no markup, so
leaving it out removes no other element; and only comments after the last item's end are
left out (a comment opened inside one item's text and closed in another's could span
whole items between them).
"""

from __future__ import annotations

import hashlib
import re

from . import __version__

# A date element (the channel's, or an item's: a changed date alone brings no new item:
# items are known by GUID, link or title), with or without a namespace prefix. Case as
# feeds write them: another case is only not left out (re.I doubles the time).
_STAMP = re.compile(
    rb"<((?:[\w.-]+:)?(?:lastBuildDate|pubDate|updated|modified|date|published))\b[^>]*>"
    rb"[^<]*</\1\s*>")
_ITEM_START = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]", re.I)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)


def body_hash(body: bytes, charset: str | None) -> str:
    """What identifies a body as one parsed before: its bytes but for dates and trailing
    comments, the charset they were read with, and this thawwatch's version (a new
    version may read more of it). ~0.3 ms for a 48 kB feed."""
    end = max(body.rfind(b"</item>"), body.rfind(b"</entry>"), 0)
    tail = body[end:]
    if _ITEM_START.search(tail) is None:  # no item after: its comments are no item's
        tail = _COMMENT.sub(b"", tail)
    digest = hashlib.blake2b(_STAMP.sub(b"", body[:end]), digest_size=16)
    digest.update(_STAMP.sub(b"", tail))
    digest.update(f"\0{charset or ''}\0{__version__}".encode())
    return digest.hexdigest()
