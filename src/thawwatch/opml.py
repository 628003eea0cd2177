"""OPML 2.0 import and export of the feed list.

Import reads OPML from newsboat, newsraft, Feedly and friends with defusedxml (no
entities, no DTDs), walks nested outlines, and keeps only plain http(s) feed URLs:
newsboat's `exec:` and `filter:` entries and `|command` forms are refused and counted,
never run.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .charsets import MULTIBYTE, codec_name, decode_declared
from .config import clean_name, url_problem
from .errors import DataError
from .text import clean_text, shown_url

MAX_OPML_BYTES = 20_000_000
MAX_FEEDS = 10_000

_ENCODING_DECL = re.compile(rb"""encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]{0,60})["']""")
# Characters XML 1.0 cannot carry, even as a character reference: a document with one is
# not well-formed, so an export holding one could never be imported again.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class OpmlImport:
    """What an OPML file held: feeds to add, and entries refused with the reason."""

    feeds: list[tuple[str, str | None]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    past_cap: list[str] = field(default_factory=list)  # feeds after the first MAX_FEEDS


def read_opml(path: Path) -> OpmlImport:
    """Parse an OPML file; a one-line DataError naming the file when it cannot be used."""
    if not str(path) or str(path) == ".":
        raise DataError("no OPML file named (`thawwatch feeds import FILE.opml`)")
    if str(path) == "-":  # `curl … | thawwatch feeds import -`
        stdin = sys.stdin.buffer if sys.stdin is not None else None
        data = _capped(stdin, "standard input") if stdin is not None else b""
        return parse_opml(data, "standard input")
    try:
        with path.open("rb") as file:  # read to the cap: a pipe or a device has no size
            data = _capped(file, str(path))
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not an OPML file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_opml(data, str(path))


def _capped(file: BinaryIO, source: str) -> bytes:
    """What ``file`` holds, up to ``MAX_OPML_BYTES`` (a DataError naming ``source`` past it)."""
    data = file.read(MAX_OPML_BYTES + 1)
    if len(data) > MAX_OPML_BYTES:
        raise DataError(f"{source}: OPML file too large (over {MAX_OPML_BYTES} bytes)")
    return data


def parse_opml(data: bytes, source: str) -> OpmlImport:
    """Parse OPML bytes; ``source`` names the file in messages."""
    _not_opml_at_all(data, source)
    data = _multibyte_as_utf8(data, source)
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:  # a ValueError: caught before the encoding errors below
        raise DataError(f"{source}: OPML with a DTD or entities is refused") from None
    except SafeET.ParseError as exc:
        raise DataError(f"{source}: not valid XML ({exc})") from None
    except (LookupError, ValueError):
        # expat asks Python's codecs for an encoding it lacks: an unknown name raises
        # LookupError, a multi-byte one (utf-7, shift_jis) or a bytes codec ValueError.
        raise DataError(f"{source}: unsupported encoding{_declared_encoding(data)}") from None
    if _local(root.tag) != "opml":
        raise DataError(f"{source}: not an OPML file (root element is <{_local(root.tag)}>)")
    result = OpmlImport()
    seen: set[str] = set()
    for attrs in _outlines(root):
        raw = attrs.get("xmlurl") or attrs.get("url")
        if raw is None:
            if attrs.get("htmlurl", "").strip():  # a blogroll's entry: said, not dropped
                result.refused.append((clean_text(attrs["htmlurl"].strip(), 200),
                                       "a web page with no feed URL (htmlUrl only)"))
            continue
        url = feed_scheme(raw.strip())
        name = _name(attrs, url)
        problem = _not_a_feed(attrs) or _refusal(url)
        if problem:
            result.refused.append((clean_text(url, 200), problem))
            continue
        if url in seen:
            continue
        if len(result.feeds) >= MAX_FEEDS:  # said once, not a line for each
            result.past_cap.append(clean_text(url, 200))
            continue
        seen.add(url)
        result.feeds.append((url, name))
    return result


def _outlines(root: Element) -> Iterator[dict[str, str]]:
    """The outlines' attributes in document order (names lowercased: XMLURL
    too), leaving out what is nested under a feed: Overcast puts a podcast's episodes
    there, each with a ``url``. A loop, not recursion: nesting may be deep."""
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        element, under_feed = stack.pop()
        is_feed = False
        if _local(element.tag) == "outline" and not under_feed:
            attrs = {key.lower(): value for key, value in element.attrib.items()}
            is_feed = bool(attrs.get("xmlurl", "").strip() or (
                attrs.get("url", "").strip()
                and attrs.get("type", "").strip().lower() in ("rss", "atom")))
            yield attrs
        stack.extend((child, under_feed or is_feed) for child in reversed(element))


def _name(attrs: dict[str, str], url: str) -> str | None:
    """The feed's name: ``text`` (what OPML 2.0 says is shown: the user's name), else
    ``title``; none when it is only the URL, or this program's export of a name that was
    the feed's own title (the feed names itself, and may rename itself later)."""
    if attrs.get("titlefromfeed", "").strip().lower() == "true":
        return None
    name = (clean_text(attrs.get("text") or "", 200)
            or clean_text(attrs.get("title") or "", 200) or None)
    if name in (clean_text(url, 200), clean_text(shown_url(url), 200)):
        return None  # OPML needs a text, and an export gives the URL (its password hidden)
    return name


def feed_scheme(url: str) -> str:
    """``feed://host/x`` and ``feed:https://host/x`` (the feed: scheme some readers
    export) as the http(s) URL they stand for."""
    if url[:5].lower() != "feed:":
        return url
    rest = url[5:]
    return rest if rest.lower().startswith(("http://", "https://")) else "http:" + rest


# FreshRSS's sources that scrape a web page or a JSON API (its export's types)
_SCRAPED = re.compile(r"xpath|json", re.I)


def _not_a_feed(attrs: dict[str, str]) -> str | None:
    """OPML 2.0 gives ``url`` to outlines that are not feeds: a web page, another OPML
    file, a podcast's episode or its audio. A subscription has ``xmlUrl``, or a ``url``
    with the type rss or atom."""
    kind = attrs.get("type", "").strip().lower()
    if _SCRAPED.search(kind):
        return f"a page scraped by FreshRSS (type {clean_text(kind, 40)}), not a feed"
    if attrs.get("xmlurl", "").strip():
        return None
    if kind == "link":
        return "a link to a web page, not a feed"
    if kind == "include":
        return "another OPML file: import that file itself"
    if kind not in ("rss", "atom"):
        what = f"type {clean_text(kind, 40)}" if kind else "no type"
        return (f"a link ({what}), not a feed: add it with `thawwatch feeds add URL` if it"
                " is one")
    return None


def _not_opml_at_all(data: bytes, source: str) -> None:
    """The files people give by mistake, named for what they are (a DTD or a parse error
    at line 1 said nothing useful): a gzip file, an HTML page, a list of URLs."""
    if data[:2] == b"\x1f\x8b":
        raise DataError(f"{source}: a gzip-compressed file: decompress it first (gunzip)")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise DataError(f"{source}: an HTML page, not OPML (a download that failed?)")
    if _URL_LIST.match(head):
        raise DataError(f"{source}: a list of URLs (newsboat's urls file?), not OPML: add"
                        " each with `thawwatch feeds add URL`, or import newsboat's"
                        " `newsboat -e` OPML")


# A plain list of feeds, as newsboat keeps it: comment lines, then a URL (quoted or not)
_URL_LIST = re.compile(rb'(?:#[^\n]*\n\s*)*"?https?://')


# The multi-byte encodings expat cannot read (it reads UTF-8/16, Latin-1 and ASCII, and
# asks Python only for single-byte ones): Chinese, Japanese and Korean OPML files are
# decoded here (see charsets for the supersets they are tried in).
_DECLARATION = re.compile(rb"<\?xml[^>]{0,200}?\s" + _ENCODING_DECL.pattern)
_LATIN = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})


def _multibyte_as_utf8(data: bytes, source: str) -> bytes:
    """An OPML file declared in one of ``_MULTIBYTE``, decoded by Python and handed to the
    parser as UTF-8 (its declaration saying so); any other file unchanged. Behind a UTF-8
    byte order mark (an editor saved it again, as UTF-8) the text is UTF-8 already."""
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if bom else data
    declared = _DECLARATION.match(body)
    if declared is None:
        return data
    name = declared.group(1).decode("ascii")
    codec = codec_name(name)
    if codec is None:
        return data  # the parser names it unsupported
    if codec in _LATIN and not body.isascii():
        try:  # a "Latin-1" file written in UTF-8 (as feeds are read too)
            body.decode("utf-8")
            codec = "utf-8"
        except UnicodeDecodeError:
            return data
    if codec == "utf-8" and name.upper() == "UTF-8":
        return data
    if codec not in MULTIBYTE and codec != "utf-8":  # "utf8", as Python's ElementTree
        return data                                  # writes it: expat knows "UTF-8" only
    try:
        text = body.decode("utf-8") if bom or codec == "utf-8" else decode_declared(body, codec)
    except UnicodeDecodeError as exc:
        raise DataError(f"{source}: not valid {'UTF-8' if bom else name} text (byte"
                        f" {exc.start + (3 if bom else 0)})") from None
    start, end = declared.span(1)  # the declaration is ASCII in all of them
    return (text[:start] + "UTF-8" + text[end:]).encode("utf-8")


def _refusal(url: str) -> str | None:
    if url.startswith(("exec:", "filter:", "|")) or "|" in url.split("://", 1)[0]:
        return "command feed (exec:/filter:/|cmd) refused: thawwatch never runs commands"
    if url.startswith("query:"):  # newsboat's saved searches over its other feeds
        return "a newsboat query feed (a saved search), not a feed to fetch"
    # XML lets C1 controls (0x80-0x9f, e.g. a CSI) and bidi overrides into an attribute;
    # a feed URL is printed by `feeds list` and `refresh`, so refuse them here.
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return "contains spaces or control characters"
    return url_problem(url)


def _declared_encoding(data: bytes) -> str:
    """The encoding the XML declaration names, as ' NAME' for messages, else ''. Only the
    characters XML allows in a name are matched, so nothing odd reaches the terminal."""
    found = _ENCODING_DECL.search(data[:1024])
    return f" {found.group(1).decode('ascii')}" if found else ""


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1].lower()


def write_opml(feeds: list[tuple[str, str | None, str | None]],
               title: str = "thawwatch feeds") -> str:
    """The feed list, ``(url, the user's name, the feed's own title)``, as an OPML 2.0
    document: ``text`` is what the feed is called (the name, else its title, else its URL
    with any password hidden), ``title`` its own title. A feed the user did not name says
    so (``titleFromFeed``), so importing the file again leaves the feed free to rename
    itself. Names are cleaned (one line, no control characters), and nothing XML forbids
    is written, so the file always imports again."""
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = _xml_text(title)
    body = SubElement(root, "body")
    for url, name, own in feeds:
        named = _xml_text(clean_name(name) or "")
        own_title = _xml_text(clean_name(own) or "")
        label = named or own_title or _xml_text(shown_url(url))
        outline = SubElement(body, "outline", type="rss", text=label,
                             title=own_title or label, xmlUrl=_xml_text(url))
        if not named:
            outline.set("titleFromFeed", "true")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def _xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids, so an export always imports."""
    return _NOT_XML.sub("", text)
