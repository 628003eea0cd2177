"""The fixed rules the feedparser replay shares with its element handlers.

:mod:`thawwatch.feed_xml` (the driver) and :mod:`thawwatch.feed_xml_handlers` (the
per-element handlers) both need these: the :class:`Unsupported` signal, the key and
content-type tables feedparser 6 hard-codes, and its small text fix-ups. They live here,
below both, so neither has to import the other at run time.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element


class Unsupported(Exception):
    """The document uses something the replay does not model: let feedparser parse it."""


# Keys an element of unknown name must not write (feedparser stores unknown elements
# under their own name, through FeedParserDict's key aliases): the fields we read, the
# lists and dicts the ported handlers index into, and the aliases that lead to them.
_DENY = frozenset(
    {
        *("title", "summary", "subtitle", "content", "link", "links", "id", "guid"),
        *("guidislink", "published", "published_parsed", "updated", "updated_parsed"),
        *("created", "created_parsed", "date", "date_parsed", "modified", "modified_parsed"),
        *("issued", "issued_parsed", "description", "description_detail", "category"),
        *("tags", "authors", "author", "author_detail", "contributors", "publisher"),
        *("publisher_detail", "image", "textinput", "source", "href", "url", "cloud"),
        *("generator_detail", "media_content", "media_thumbnail", "media_credit"),
        *("media_rating", "media_restriction", "media_license", "media_player"),
        *("enclosures", "license", "where", "expired_parsed", "newlocation"),
    }
)
_RELATIVE = frozenset({"id", "link"})  # of feedparser's can_be_relative_uri, those we read
_HTML_TYPES = frozenset({"application/xhtml+xml", "text/html"})
_COPY_TO_SUMMARY = frozenset({"text/plain"}) | _HTML_TYPES
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_IMAGE_KEEP = frozenset({"title", "link", "description", "url", "href", "width", "height"})
_URIFIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_LINK_REF = re.compile("&([A-Za-z0-9_]+);")
_NOT_TEXT = object()  # pop() of an element whose text the replay did not keep or need
# Names whose popped value we use: the rest are stored by feedparser under keys nothing
# reads (author, category, url...), so their text is not post-processed here.
_TEXT_NAMES = frozenset(
    {"title", "description", "summary", "content", "link", "id", "published", "updated"}
    | {"created", "expired"}
    | {"feedburner_origlink"}  # FeedBurner's article address, behind its feedproxy link
)
# Elements feedparser has no handler for that we read: with attributes or child elements,
# feedparser's generic handling of them is not replayed (feedparser parses such a feed).
_PLAIN_UNKNOWN = frozenset({"feedburner_origlink"})


def _as_utf8(text: str) -> str:
    """pop()'s fix for UTF-8 that was read as Latin-1 ("CafÃ©" → "Café"), when it is that."""
    try:
        return text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _fix_link_refs(link: str) -> str:
    """pop()'s repair of "?a=1&b;=2" style links (feedparser's own regex)."""
    return _LINK_REF.sub(r"&\g<1>", link) if "&" in link else link


def _map_content_type(ctype: str) -> str:
    ctype = ctype.lower()
    if ctype in ("text", "plain"):
        return "text/plain"
    if ctype == "html":
        return "text/html"
    if ctype == "xhtml":
        return "application/xhtml+xml"
    return ctype


def _leaf(elem: Element) -> None:
    if len(elem):
        raise Unsupported(f"<{elem.tag}> has child elements")


def _no_cdf(attrs: dict[str, str]) -> None:
    if "lastmod" in attrs or "href" in attrs:
        raise Unsupported("CDF attributes on a channel or item")
