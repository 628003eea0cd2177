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
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError, iterparse

__all__ = ["RawFeed", "Unsupported", "parse_entries"]


class Unsupported(Exception):
    """The document uses something the replay does not model: let feedparser parse it."""


@dataclass
class RawFeed:
    """What feedparser would have put in ``result.feed`` and ``result.entries`` (the keys
    :mod:`thawwatch.parse` reads), as plain dicts."""

    feed: dict[str, Any]
    entries: list[dict[str, Any]]


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
)


@dataclass(frozen=True)
class _Feedparser:
    """The parts of the installed feedparser the replay must agree with."""

    expat: bool  # feedparser's SAX driver is expat (libxml2's would name things differently)
    match: dict[str, str]
    methods: frozenset[str]  # keys with a _start_ or _end_ method
    handled: frozenset[str]  # ... whose methods are all replayed below
    parse_date: Callable[[str], Any]
    cp1252: dict[int, str]
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
            output = _as_utf8(output).translate(self.fp.cp1252)
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


# --------------------------------------------------------------------------- handlers
# Each mirrors the feedparser method of the same name (namespaces/_base.py, dc.py,
# mediarss.py, itunes.py); only effects on what we read or on shared state are kept.

StartFn = Callable[[_Replay, dict[str, str], Element], None]
EndFn = Callable[[_Replay, "str | None"], None]


def _start_feed(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.infeed = True


def _start_channel(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.infeed = True
    _no_cdf(attrs)


def _end_channel(r: _Replay, text: str | None) -> None:
    r.infeed = False


def _start_nothing(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    """rss, media:group: no state we model."""


def _start_item(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.entries.append({})
    r.depth_map.append({})
    r.push("item", False)
    r.inentry = True
    r.guidislink = False
    r.title_depth = -1
    about = attrs.get(r.namespacemap.get("rdf", "rdf") + ":about")
    if about:
        r.context()["id"] = about
    _no_cdf(attrs)


def _end_item(r: _Replay, text: str | None) -> None:
    r.pop("item", text)
    r.inentry = False
    r.has_content = False


def _start_image(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    context = r.context()
    if not r.inentry:
        context.setdefault("image", {})
    r.inimage = True
    r.title_depth = -1
    r.push("image", False)


def _end_image(r: _Replay, text: str | None) -> None:
    r.pop("image", text)
    r.inimage = False


def _start_title(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.push_content("title", attrs, "text/plain", r.infeed or r.inentry or r.insource, elem)


def _end_title(r: _Replay, text: str | None) -> None:
    if r.pop_content("title", text):
        r.title_depth = r.depth


def _end_media_title(r: _Replay, text: str | None) -> None:
    kept = r.title_depth
    _end_title(r, text)
    r.title_depth = kept


def _start_description(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    if "summary" in r.context() and not r.has_content:
        r.summary_key = "content"
        _start_content(r, attrs, elem)
    else:
        expecting = r.infeed or r.inentry or r.insource
        r.push_content("description", attrs, "text/html", expecting, elem)


def _end_description(r: _Replay, text: str | None) -> None:
    if r.summary_key == "content":
        _end_content(r, text)
    else:
        r.pop_content("description", text)
    r.summary_key = None


def _start_summary(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    if "summary" in r.context() and not r.has_content:
        r.summary_key = "content"
        _start_content(r, attrs, elem)
    else:
        r.summary_key = "summary"
        r.push_content("summary", attrs, "text/plain", True, elem)


def _end_summary(r: _Replay, text: str | None) -> None:
    if r.summary_key == "content":
        _end_content(r, text)
    else:
        r.pop_content(r.summary_key or "summary", text)
    r.summary_key = None


def _start_content(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.has_content = True
    r.push_content("content", attrs, "text/plain", True, elem)
    r.push("content", True)  # feedparser pushes twice; the first entry is never popped


def _start_content_encoded(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    r.has_content = True
    r.push_content("content", attrs, "text/html", True, elem)


def _end_content(r: _Replay, text: str | None) -> None:
    copy_to_summary = _map_content_type(r.content_type) in _COPY_TO_SUMMARY
    value = r.pop_content("content", text)
    if copy_to_summary:
        r.save("summary", value)


def _start_link(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    _leaf(elem)
    attrs.setdefault("rel", "alternate")
    attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
    context = r.context()
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))  # _enforce_href
    if href:
        attrs.pop("url", None)
        attrs.pop("uri", None)
        attrs["href"] = href
    if "href" in attrs:
        attrs["href"] = r.resolve(attrs["href"])
    links = context.setdefault("links", [])
    if not (r.inentry and r.inimage):
        links.append({"rel": attrs["rel"], **({"href": attrs["href"]} if "href" in attrs else {})})
    if "href" in attrs:
        if attrs["rel"] == "alternate" and _map_content_type(attrs["type"]) in _HTML_TYPES:
            context["link"] = attrs["href"]
    else:
        r.push("link", r.infeed or r.inentry or r.insource)


def _end_link(r: _Replay, text: str | None) -> None:
    r.pop("link", text)


def _start_guid(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    _leaf(elem)
    r.guidislink = attrs.get("ispermalink", "true") == "true"
    r.push("id", True)


def _end_guid(r: _Replay, text: str | None) -> None:
    value = r.pop("id", text)
    r.save("guidislink", r.guidislink and "link" not in r.context())
    if r.guidislink:
        r.save("link", value)


def _pushing(name: str, expecting: bool = True, leaf: bool = True) -> StartFn:
    def start(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
        if leaf:
            _leaf(elem)
        r.push(name, expecting)

    return start


def _popping(name: str) -> EndFn:
    def end(r: _Replay, text: str | None) -> None:
        r.pop(name, text)

    return end


def _date_end(name: str) -> EndFn:
    def end(r: _Replay, text: str | None) -> None:
        r.save(name + "_parsed", r.parse_date(r.pop(name, text)), overwrite=True)

    return end


def _content_leaf(name: str) -> tuple[StartFn, EndFn]:
    """rights, subtitle, info: text elements whose value we never read."""

    def start(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
        _leaf(elem)
        r.incontent += 1
        r.push(name, True)

    def end(r: _Replay, text: str | None) -> None:
        r.pop(name, None)
        r.incontent -= 1

    return start, end


def _start_source(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    _leaf(elem)
    r.push("source", True)
    r.insource = True
    r.title_depth = -1


def _end_source(r: _Replay, text: str | None) -> None:
    r.insource = False
    r.pop("source", None)


def _start_itunes_image(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    _leaf(elem)
    r.push("itunes_image", False)
    href = attrs.get("href") or attrs.get("url")
    if href:
        r.context()["image"] = {"href": href}


def _start_links_append(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    """enclosure: appended to links with rel=enclosure; pushes nothing."""
    r.context().setdefault("links", []).append({"rel": "enclosure"})


def _start_leaf_no_push(r: _Replay, attrs: dict[str, str], elem: Element) -> None:
    """cloud: feedparser stores its attributes and pushes nothing."""
    _leaf(elem)


_PUBLISHED = _pushing("published")
_UPDATED = _pushing("updated")
_CREATED = _pushing("created")
_CATEGORY = _pushing("category")
_AUTHOR = _pushing("author", leaf=False)
_NAME = _pushing("name", expecting=False)
_EMAIL = _pushing("email", expecting=False)
_HREF = _pushing("href")
_RIGHTS = _content_leaf("rights")
_SUBTITLE = _content_leaf("subtitle")
_INFO = _content_leaf("info")

_STARTS: dict[str, StartFn] = {
    "rss": _start_nothing,
    "feed": _start_feed,
    "channel": _start_channel,
    "item": _start_item,
    "entry": _start_item,
    "image": _start_image,
    "title": _start_title,
    "dc_title": _start_title,
    "media_title": _start_title,
    "description": _start_description,
    "dc_description": _start_description,
    "media_description": _start_description,
    "summary": _start_summary,
    "itunes_summary": _start_summary,
    "content": _start_content,
    "content_encoded": _start_content_encoded,
    "fullitem": _start_content_encoded,
    "link": _start_link,
    "guid": _start_guid,
    "id": _start_guid,
    **dict.fromkeys(("published", "issued", "pubdate", "dcterms_issued"), _PUBLISHED),
    **dict.fromkeys(
        ("updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified"), _UPDATED
    ),
    **dict.fromkeys(("created", "dcterms_created"), _CREATED),
    "expirationdate": _pushing("expired"),  # its date parse may raise, as in feedparser
    **dict.fromkeys(
        ("category", "keywords", "dc_subject", "media_category", "itunes_category"), _CATEGORY
    ),
    **dict.fromkeys(
        ("author", "dc_author", "dc_creator", "itunes_author", "managingeditor"), _AUTHOR
    ),
    "contributor": _pushing("contributor", expecting=False, leaf=False),
    "dc_contributor": _pushing("name", expecting=False),
    "webmaster": _pushing("publisher"),
    "dc_publisher": _pushing("publisher"),
    "itunes_owner": _pushing("publisher", expecting=False, leaf=False),
    **dict.fromkeys(("name", "itunes_name"), _NAME),
    **dict.fromkeys(("email", "itunes_email"), _EMAIL),
    **dict.fromkeys(("url", "uri", "homepage"), _HREF),
    "width": _pushing("width", expecting=False),
    "height": _pushing("height", expecting=False),
    "language": _pushing("language"),
    "dc_language": _pushing("language"),
    "generator": _pushing("generator"),
    "newlocation": _pushing("newlocation"),
    **dict.fromkeys(("rights", "copyright", "dc_rights"), _RIGHTS[0]),
    **dict.fromkeys(("subtitle", "tagline", "itunes_subtitle"), _SUBTITLE[0]),
    **dict.fromkeys(("info", "feedburner_browserfriendly"), _INFO[0]),
    "source": _start_source,
    "enclosure": _start_links_append,
    "cloud": _start_leaf_no_push,
    "media_group": _start_nothing,
    "media_content": _start_nothing,
    "media_thumbnail": _pushing("url"),
    "media_credit": _pushing("credit"),
    "media_rating": _pushing("rating"),
    "media_restriction": _pushing("restriction"),
    "media_license": _pushing("license"),
    "media_player": _pushing("media_player", expecting=False),
    "itunes_image": _start_itunes_image,
    "itunes_link": _start_itunes_image,
}

_ENDS: dict[str, EndFn] = {
    "feed": _end_channel,
    "channel": _end_channel,
    "item": _end_item,
    "entry": _end_item,
    "image": _end_image,
    "title": _end_title,
    "dc_title": _end_title,
    "media_title": _end_media_title,
    "description": _end_description,
    "dc_description": _end_description,
    "media_description": _end_description,
    "summary": _end_summary,
    "itunes_summary": _end_summary,
    "content": _end_content,
    "content_encoded": _end_content,
    "fullitem": _end_content,
    "link": _end_link,
    "guid": _end_guid,
    "id": _end_guid,
    **dict.fromkeys(("published", "issued", "pubdate", "dcterms_issued"), _date_end("published")),
    **dict.fromkeys(
        ("updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified"),
        _date_end("updated"),
    ),
    **dict.fromkeys(("created", "dcterms_created"), _date_end("created")),
    "expirationdate": _date_end("expired"),
    **dict.fromkeys(
        ("category", "keywords", "dc_subject", "media_category", "itunes_category"),
        _popping("category"),
    ),
    **dict.fromkeys(
        ("author", "dc_author", "dc_creator", "itunes_author", "managingeditor"),
        _popping("author"),
    ),
    "contributor": _popping("contributor"),
    "dc_contributor": _popping("name"),
    "webmaster": _popping("publisher"),
    "dc_publisher": _popping("publisher"),
    "itunes_owner": _popping("publisher"),
    **dict.fromkeys(("name", "itunes_name"), _popping("name")),
    **dict.fromkeys(("email", "itunes_email"), _popping("email")),
    **dict.fromkeys(("url", "uri", "homepage"), _popping("href")),
    "width": _popping("width"),
    "height": _popping("height"),
    "language": _popping("language"),
    "dc_language": _popping("language"),
    "generator": _popping("generator"),
    "newlocation": _popping("newlocation"),
    **dict.fromkeys(("rights", "copyright", "dc_rights"), _RIGHTS[1]),
    **dict.fromkeys(("subtitle", "tagline", "itunes_subtitle"), _SUBTITLE[1]),
    **dict.fromkeys(("info", "feedburner_browserfriendly"), _INFO[1]),
    "source": _end_source,
    "media_keywords": _popping("media_keywords"),
    "media_thumbnail": _popping("url"),
    "media_credit": _popping("credit"),
    "media_rating": _popping("rating"),
    "media_restriction": _popping("restriction"),
    "media_license": _popping("license"),
    "media_player": _popping("media_player"),
    "itunes_keywords": _popping("itunes_keywords"),
    "itunes_explicit": _popping("itunes_explicit"),
    "itunes_block": _popping("itunes_block"),
}
