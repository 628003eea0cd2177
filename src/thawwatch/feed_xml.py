"""A fast path for well-formed feeds: expat through ElementTree, replaying feedparser's rules.

feedparser spends ~11 ms on a 50-item feed, most of it in per-element Python handlers that
fill dozens of fields we never read. Here the C ElementTree builder parses the same bytes
(same expat, same namespace processing, so the same documents are well-formed), and the
events are replayed through a port of *only* the feedparser 6 handlers that decide what
:mod:`thawwatch.parse` reads: entry title, summary, content, link, links, id, guidislink,
published/updated/created dates and the feed title. The port keeps feedparser's quirks
(namespace prefix mapping, first-title-wins depth rules, description-as-content, guid
permalinks, the Latin-1→UTF-8 and windows-1252 text fix-ups, its own date parser), so the
result is the one feedparser would give.

Anything the port does not model with certainty raises :class:`Unsupported` and
:func:`parse_entries` returns None: the caller then runs feedparser itself. That covers
malformed XML, a DOCTYPE, markup inside text elements (inline XHTML),
base64 or XHTML content types, feedparser handlers not ported (textinput, georss, Atom
``source`` blocks…), and unknown elements whose names collide with fields we read.
The builder never sees a DTD (``<!DOCTYPE``/``<!ENTITY`` are refused before parsing), so
there is nothing to expand or fetch.

The port is split in three: this module parses and drives the replay (:func:`parse_entries`,
``_Replay``), :mod:`thawwatch.feed_xml_handlers` holds the per-element handlers and their
lookup tables, and :mod:`thawwatch.feed_xml_rules` the constants and text fix-ups both use.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError, iterparse

from .feed_xml_handlers import _ENDS, _STARTS
from .feed_xml_rules import (
    _DENY,
    _IMAGE_KEEP,
    _NOT_TEXT,
    _PLAIN_UNKNOWN,
    _RELATIVE,
    _TEXT_NAMES,
    _URIFIXER,
    _XML_NS,
    Unsupported,
    _as_utf8,
    _fix_link_refs,
    _map_content_type,
)

__all__ = ["RawFeed", "Unsupported", "parse_entries"]


@dataclass
class RawFeed:
    """What feedparser would have put in ``result.feed`` and ``result.entries`` (the keys
    :mod:`thawwatch.parse` reads), as plain dicts."""

    feed: dict[str, Any]
    entries: list[dict[str, Any]]


@dataclass(frozen=True)
class _Feedparser:
    """The parts of the installed feedparser the replay must agree with."""

    expat: bool  # feedparser's SAX driver is expat (libxml2's would name things differently)
    match: dict[str, str]
    methods: frozenset[str]  # keys with a _start_ or _end_ method
    handled: frozenset[str]  # ... whose methods are all replayed (feed_xml_handlers)
    parse_date: Callable[[str], Any]
    cp1252: dict[int, str]
    cp1252_chars: re.Pattern[str]  # the characters ``cp1252`` maps: most text has none
    replace_doctype: Callable[[bytes], tuple[Any, bytes, Any]]
    urljoin: Callable[[str, str], str]
    safe_absolute: Callable[[str, str], str]


@functools.cache
def _feedparser() -> _Feedparser:
    import xml.sax
    import xml.sax.expatreader

    from feedparser.api import PREFERRED_XML_PARSERS, StrictFeedParser
    from feedparser.datetimes import _parse_date
    from feedparser.html import _cp1252
    from feedparser.sanitizer import replace_doctype
    from feedparser.urls import _urljoin, make_safe_absolute_uri

    from thawwatch.feed_dates import install

    install()  # the dates feedparser misreads, read first

    names = dir(StrictFeedParser)
    starts = {n[len("_start_") :] for n in names if n.startswith("_start_")}
    ends = {n[len("_end_") :] for n in names if n.startswith("_end_")}
    methods = starts | ends
    driver = xml.sax.make_parser(PREFERRED_XML_PARSERS)
    return _Feedparser(
        expat=type(driver) is xml.sax.expatreader.ExpatParser,
        match={k.lower(): v for k, v in StrictFeedParser.namespaces.items()},
        methods=frozenset(methods),
        handled=frozenset(
            k for k in methods if (k in starts) == (k in _STARTS) and (k in ends) == (k in _ENDS)
        ),
        parse_date=_parse_date,
        cp1252=_cp1252,
        cp1252_chars=re.compile("[" + "".join(f"\\u{c:04x}" for c in sorted(_cp1252)) + "]"),
        replace_doctype=replace_doctype,
        urljoin=_urljoin,
        safe_absolute=make_safe_absolute_uri,
    )


def parse_entries(xml: bytes) -> RawFeed | None:
    """``xml`` as :func:`thawwatch.parse.prepare_xml` returns it → feed and entries, or
    None when feedparser itself must parse it (malformed, or not fully modelled here)."""
    fp = _feedparser()
    if not fp.expat:
        return None
    _, data, _ = fp.replace_doctype(xml)  # what feedparser would hand to expat
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        parser = iterparse(io.BytesIO(data), events=("start", "end", "start-ns"))
        events = list(parser)
    except (ParseError, ValueError):
        return None
    try:
        return _Replay(fp).run(events)
    except Unsupported:
        return None


class _Replay:
    """feedparser's ``_FeedParserMixin`` state machine, for the handlers we need."""

    def __init__(self, fp: _Feedparser) -> None:
        self.fp = fp
        self.feed: dict[str, Any] = {}
        self.entries: list[dict[str, Any]] = []
        self.depth_map: list[dict[str, int]] = []  # property_depth_map, per entry
        self.sourcedata: dict[str, Any] = {}
        self.infeed = self.inentry = self.inimage = self.insource = False
        self.incontent = 0
        self.has_content = False
        self.summary_key: str | None = None
        self.title_depth = -1
        self.depth = 0
        self.guidislink = False
        self.content_type = ""  # contentparams['type'] of the open text element
        self.stack: list[tuple[str, bool]] = []  # elementstack: (name, expecting_text)
        self.namespaces_in_use: dict[str, str] = {}
        self.namespacemap: dict[str | None, str] = {}
        self.prefixes: dict[str, set[str]] = {}  # uri → every prefix declared for it
        self._keys: dict[str, tuple[str, str, bool]] = {}
        self.baseuri = ""  # xml:base, as feedparser tracks it (no base URL is given to it)
        self.basestack: list[str] = []
        self._joined: dict[tuple[str, str], str] = {}

    # ------------------------------------------------------------------ driving

    def run(self, events: list[tuple[str, Any]]) -> RawFeed:
        open_keys: list[str] = []
        for event, obj in events:
            if event == "start":
                open_keys.append(self._start(obj))
            elif event == "end":
                self._end(open_keys.pop(), obj)
            else:
                self._track_namespace(*obj)
        return RawFeed(self.feed, self.entries)

    def _track_namespace(self, prefix: str, uri: str) -> None:
        if any(ch.isspace() or ch == "}" for ch in uri):
            raise Unsupported("namespace SAX would split differently")
        if not uri:
            return
        self._keys.clear()
        if prefix:
            self.prefixes.setdefault(uri, set()).add(prefix)
        lower = uri.lower()
        if "backend.userland.com/rss" in lower:
            uri = lower = "http://backend.userland.com/rss"
        std = self.fp.match.get(lower)
        if std is not None:
            self.namespacemap[prefix or None] = std
            self.namespaces_in_use[std] = uri
        else:
            self.namespaces_in_use[prefix or ""] = uri

    def _key(self, tag: str) -> tuple[str, str, bool]:
        """(handler key, feedparser's element name, whether it has no prefix)."""
        cached = self._keys.get(tag)
        if cached is not None:
            return cached
        if tag[0] == "{":
            namespace, local = tag[1:].split("}", 1)
        else:
            namespace, local = "", tag
        lower = namespace.lower()
        if "backend.userland.com/rss" in lower:
            namespace = lower = "http://backend.userland.com/rss"
        prefix = self.fp.match.get(lower)
        name = local.lower()
        if prefix:
            name = prefix.lower() + ":" + name
        elif namespace:
            for known, value in self.namespaces_in_use.items():
                if known and value == namespace:
                    name = known + ":" + name
                    break
        name = name.lower()
        head, _, suffix = name.partition(":") if ":" in name else ("", "", name)
        head = self.namespacemap.get(head, head)
        key = (head + "_" + suffix) if head else suffix
        self._keys[tag] = result = (key, name, not head)
        return result

    def _attrs(self, attrib: dict[str, str]) -> dict[str, str]:
        """startElementNS + _normalize_attributes, in feedparser's order."""
        out: dict[str, str] = {}
        for name, value in attrib.items():
            if name[0] == "{":
                namespace, local = name[1:].split("}", 1)
                prefix = self.fp.match.get(namespace.lower(), "")
                name = prefix + ":" + local if prefix else local
            out[name.lower()] = value
        for name, value in attrib.items():  # then by qname, as written in the document
            out[self._qname(name).lower()] = value
        for name in ("rel", "type"):
            if name in out:
                out[name] = out[name].lower()
        return out

    def _qname(self, name: str) -> str:
        """An attribute's qname ("prefix:local"), which ElementTree does not keep."""
        if name[0] != "{":
            return name
        namespace, local = name[1:].split("}", 1)
        if namespace == _XML_NS:
            return "xml:" + local
        prefixes = self.prefixes.get(namespace, ())
        if len(prefixes) != 1:
            raise Unsupported("attribute prefix is ambiguous")
        return next(iter(prefixes)) + ":" + local

    def _start(self, elem: Element) -> str:
        key, name, bare = self._key(elem.tag)
        attrs = self._attrs(elem.attrib) if elem.attrib else {}
        self.depth += 1
        self._track_base(attrs.get("xml:base", attrs.get("base")) or self.baseuri)
        if self.incontent:
            raise Unsupported("markup inside a text element")
        if bare and name not in _IMAGE_KEEP:
            self.inimage = False
        if key in self.fp.handled:
            handler = _STARTS.get(key)
            if handler is not None:
                handler(self, attrs, elem)
                return key
        elif key in self.fp.methods:
            raise Unsupported(f"feedparser's handler for <{name}> is not replayed")
        elif key in _DENY:
            raise Unsupported(f"unknown element <{name}> would overwrite a field")
        elif key in _PLAIN_UNKNOWN and (attrs or len(elem)):
            raise Unsupported(f"<{name}> with attributes or elements inside")
        if not attrs:  # feedparser's unknown_starttag: push, or store the attributes
            self.push(key, True)
        return key

    def _end(self, key: str, elem: Element) -> None:
        handler = _ENDS.get(key)
        text = (elem.text or "") if len(elem) == 0 else None
        if handler is not None:
            handler(self, text)
        else:
            self.pop(key, text)
        if self.basestack:
            self.basestack.pop()
            if self.basestack and self.basestack[-1]:
                self.baseuri = self.basestack[-1]
        self.depth -= 1

    def _track_base(self, base: str) -> None:
        """unknown_starttag's xml:base bookkeeping (joins even when nothing changed)."""
        if self.baseuri:
            pair = (self.baseuri, base)
            joined = self._joined.get(pair)
            if joined is None:
                joined = self._joined[pair] = self.fp.safe_absolute(*pair) or self.baseuri
            self.baseuri = joined
        elif base:
            self.baseuri = self.fp.urljoin("", base)
        self.basestack.append(self.baseuri)

    def resolve(self, uri: str) -> str:
        if not self.baseuri:  # _urljoin("", uri) comes to the fixer alone
            return _URIFIXER.sub(r"\1\3", uri) if ":///" in uri else uri
        return self.fp.urljoin(self.baseuri, uri)

    # ------------------------------------------------------------------ feedparser core

    def context(self) -> dict[str, Any]:
        if self.insource:
            return self.sourcedata
        if self.inimage and "image" in self.feed:
            image: dict[str, Any] = self.feed["image"]
            return image
        if self.inentry:
            return self.entries[-1]
        return self.feed

    def push(self, name: str, expecting_text: bool) -> None:
        self.stack.append((name, expecting_text))

    def push_content(self, name: str, attrs: dict[str, str], default: str, expecting: bool,
                     elem: Element) -> None:
        if len(elem):
            raise Unsupported("markup inside a text element")
        self.incontent += 1
        ctype = _map_content_type(attrs.get("type", default))
        if attrs.get("mode", "") == "base64" or not (
            ctype.startswith("text/") or ctype.endswith(("+xml", "/xml"))
        ):
            raise Unsupported("base64 content")
        if ctype == "application/xhtml+xml":
            raise Unsupported("XHTML content is escaped piece by piece")
        self.content_type = ctype
        self.push(name, expecting)

    def pop_content(self, name: str, text: str | None) -> Any:
        value = self.pop(name, text)
        self.incontent -= 1
        self.content_type = ""
        return value

    def pop(self, element: str, text: str | None) -> Any:
        """feedparser's ``pop``: text post-processing and where the value is stored."""
        if not self.stack or self.stack[-1][0] != element:
            return None
        _, expecting = self.stack.pop()
        if text is None or element not in _TEXT_NAMES:
            return _NOT_TEXT
        output = text.strip()
        if not expecting:
            return output
        if output and element in _RELATIVE and (element != "id" or self.guidislink):
            output = self.resolve(output)
        if not output.isascii():
            output = _as_utf8(output)
            if self.fp.cp1252_chars.search(output):  # translate() reads every character
                output = output.translate(self.fp.cp1252)
        if element == "title" and -1 < self.title_depth <= self.depth:
            return output
        if self.inentry and not self.insource:
            entry = self.entries[-1]
            if element == "content":
                entry.setdefault("content", []).append({"value": output})
            elif element == "link":
                if not self.inimage:
                    output = _fix_link_refs(output.replace("&amp;", "&"))
                    entry["link"] = output
                    if output:
                        entry["links"][-1]["href"] = output
            else:
                if element == "description":
                    element = "summary"
                depths = self.depth_map[-1]
                old = depths.get(element)
                if old is None or self.depth <= old:
                    depths[element] = self.depth
                    entry[element] = output
                    if element == "summary":  # feedparser's summary_detail["type"]
                        entry["summary_type"] = self.content_type
        elif self.infeed or self.insource:
            context = self.context()
            if element == "description":
                element = "subtitle"
            if element == "link":
                output = _fix_link_refs(output)
                context["link"] = output
                context["links"][-1]["href"] = output
            else:
                context[element] = output
        return output

    def save(self, key: str, value: Any, overwrite: bool = False) -> None:
        if overwrite:
            self.context()[key] = value
        else:
            self.context().setdefault(key, value)

    def parse_date(self, value: Any) -> Any:
        if value is _NOT_TEXT:
            raise Unsupported("date from mixed content")
        return self.fp.parse_date(value)
