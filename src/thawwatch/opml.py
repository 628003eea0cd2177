"""OPML 2.0 import and export of the feed list.

Import reads OPML from newsboat, newsraft, Feedly and friends with defusedxml (no
entities, no DTDs), walks nested outlines, and keeps only plain http(s) feed URLs:
newsboat's `exec:` and `filter:` entries and `|command` forms are refused and counted,
never run.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .charsets import MULTIBYTE, codec_name, decode_declared
from .config import clean_name, url_problem
from .errors import DataError
from .text import clean_text

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


def read_opml(path: Path) -> OpmlImport:
    """Parse an OPML file; a one-line DataError naming the file when it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_OPML_BYTES:
            raise DataError(f"{path}: OPML file too large ({size} bytes)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not an OPML file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_opml(data, str(path))


def parse_opml(data: bytes, source: str) -> OpmlImport:
    """Parse OPML bytes; ``source`` names the file in messages."""
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
    for outline in root.iter():
        if _local(outline.tag) != "outline":
            continue
        attrs = {key.lower(): value for key, value in outline.attrib.items()}  # XMLURL too
        raw = attrs.get("xmlurl") or attrs.get("url")
        if raw is None:
            continue
        url = raw.strip()
        name = clean_text(attrs.get("title") or attrs.get("text") or "", 200) or None
        if name == clean_text(url, 200):  # no name: OPML needs a text, and we export the URL
            name = None  # as the feed's own title will name it, as before the round trip
        problem = _not_a_feed(attrs) or _refusal(url)
        if problem:
            result.refused.append((clean_text(url, 200), problem))
            continue
        if url in seen:
            continue
        if len(result.feeds) >= MAX_FEEDS:
            result.refused.append((clean_text(url, 200), f"more than {MAX_FEEDS} feeds"))
            continue
        seen.add(url)
        result.feeds.append((url, name))
    return result


def _not_a_feed(attrs: dict[str, str]) -> str | None:
    """OPML 2.0 gives ``url`` to outlines that are not feeds: a web page, another OPML
    file. A subscription has ``xmlUrl``."""
    if "xmlurl" in attrs:
        return None
    kind = attrs.get("type", "").strip().lower()
    if kind == "link":
        return "a link to a web page, not a feed"
    if kind == "include":
        return "another OPML file: import that file itself"
    return None


# The multi-byte encodings expat cannot read (it reads UTF-8/16, Latin-1 and ASCII, and
# asks Python only for single-byte ones): Chinese, Japanese and Korean OPML files are
# decoded here (see charsets for the supersets they are tried in).
_DECLARATION = re.compile(rb"<\?xml[^>]{0,200}?\s" + _ENCODING_DECL.pattern)


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
    if codec not in MULTIBYTE:
        return data
    try:
        text = body.decode("utf-8") if bom else decode_declared(body, codec)
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


def write_opml(feeds: list[tuple[str, str | None]], title: str = "thawwatch feeds") -> str:
    """The feed list as an OPML 2.0 document; names are cleaned (one line, no control
    characters), and nothing XML forbids is written, so the file always imports again."""
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = _xml_text(title)
    body = SubElement(root, "body")
    for url, name in feeds:
        label = _xml_text(clean_name(name) or "") or _xml_text(url)
        SubElement(body, "outline", type="rss", text=label, title=label, xmlUrl=_xml_text(url))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def _xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids, so an export always imports."""
    return _NOT_XML.sub("", text)
