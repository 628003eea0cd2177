"""Turn a fetched body into plain, bounded, trustworthy items.

feedparser is lenient, which is what real feeds need, but it trusts its input too much
for bytes from strangers: it expands entities declared in an internal DTD subset (a
130 KB "billion laughs" feed costs it 22 s and 3 GB), it calls an empty body a valid
feed, and it returns HTML and odd links untouched. So before feedparser we decode the
body ourselves (BOM, declared encoding, then UTF-8 / windows-1252), drop every DOCTYPE
declaration with its internal subset, drop control characters XML forbids, replace
character references that name no character (``&#x110000;``, ``&#xD800;``: feedparser
raises on them and the whole feed was lost) with U+FFFD, and check that the root element
is a feed; then we hand feedparser clean UTF-8 with HTML sanitising and URI resolution
off (we keep plain text only, so both are wasted work).
No base URL is given to feedparser either: it would "resolve" guids into URLs; links are
resolved against the feed URL here instead.
After it, every field goes through :mod:`thawwatch.text`.

Most feeds are well-formed RSS or Atom; for those :mod:`thawwatch.feed_xml` replays
feedparser's rules over the C ElementTree parser at a fraction of the cost and hands back
the same entries. Anything it does not model exactly goes to feedparser, as before.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html.entities import entitydefs
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from thawwatch.charsets import MULTIBYTE, SUPERSETS, codec_name, decode_declared
from thawwatch.text import ELLIPSIS, canonical_link, clean_text, code_point, html_to_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from thawwatch.feed_xml import RawFeed

__all__ = ["MAX_ITEMS", "ParsedFeed", "ParsedItem", "parse_feed", "prepare_xml"]

MAX_ITEMS = 2000
TITLE_MAX = 500
SUMMARY_MAX = 4000
GUID_MAX = 500
_GUID_DIGEST = 24  # hex digits of sha256 ending a GUID cut to GUID_MAX
# Real article links stay well under this; a longer one is junk or an attack on the store,
# and a cut URL is a broken link, so such an item gets no link at all.
LINK_MAX = 4096
PARSE_FAILED = "feed could not be parsed"
FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
UNTITLED = "(untitled)"  # an item's title when it has none, nor a summary to take one from
_MIN_YEAR = 1990
_FUTURE_SLACK = timedelta(days=1)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedItem:
    """One entry, cleaned: plain text, a safe http(s) link or None, a UTC date."""

    guid: str | None
    link: str | None
    title: str
    summary: str
    published: datetime
    published_known: bool
    legacy_guid: str | None = None
    """A GUID over :data:`GUID_MAX` as thawwatch cut it before it added a digest: items
    stored then are known by it, so an upgrade does not store them again."""


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed; ``error`` is a short sentence when the body is not a usable feed.

    ``detail`` names the exception behind an unexpected failure (of the whole feed, or of
    an item or the title that were dropped), for the caller to log: the parser usually
    runs in a worker, whose log goes nowhere (and whose stderr is the dashboard's terminal).
    """

    title: str
    items: list[ParsedItem]
    error: str | None
    detail: str | None = field(default=None, compare=False)
    # the document ended before its end (the connection dropped): its items are read,
    # but the feed must be fetched whole next time, not answered 304
    cut_short: bool = field(default=False, compare=False)


class NotAFeed(ValueError):
    """The body is not a feed; the message is the user-facing reason."""


# --------------------------------------------------------------------------- pre-processing

_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_SNIFF = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_DECLARED = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:\-]{1,40})["']"""
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,300}?\?>")
_DOCTYPE = re.compile(r"<!\s*doctype", re.IGNORECASE)
# Inside a DOCTYPE: quoted strings, comments and brackets matter; everything else is skipped.
_DT_TOKEN = re.compile(r"\"[^\"]*\"|'[^']*'|<!--.*?-->|[\[\]>]", re.DOTALL)
_XML_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PROLOG_SKIP = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_ROOT = re.compile(r"<\s*(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_FEED_START = re.compile(r"<\?xml\b|<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_JUNK_MAX = 8192  # how far into a body a feed may start after junk
_HTML_HINT = re.compile(r"<\s*html\b|<!doctype\s+html", re.IGNORECASE)
# Terminal escapes are removed whole before the forbidden-character pass would leave their
# tails ("[2J") behind; an OSC may not run across markup.
# C1 forms count too: in a Latin-1 feed 0x9d opens an OSC and 0x90/0x98/0x9e/0x9f a
# DCS/SOS/PM/APC, closed by BEL (which the forbidden-character pass would drop first).
_DOC_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    # The string stops at any C1 control, as a terminal's does: a body that ran over them
    # retried 4096 characters from each (300 kB of U+009D took 24 s), now at most the
    # distance to the next, so a document is scanned in linear time.
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x80-\x9f<]{0,4096}(?:\x07|\x1b\\|\x9c)"
)
# Every _DOC_ESCAPES match starts with one of these; checking for them first is exact and
# ~150x cheaper than letting the alternation try every position of a clean document.
_DOC_ESCAPE_STARTS = "\x1b\x90\x98\x9b\x9d\x9e\x9f"
# As browsers do: a "latin-1" feed is windows-1252 (its curly quotes are not C1 controls).
_AS_CP1252 = frozenset({"iso8859-1", "ascii"})
_MAX_DOCTYPE_PASSES = 8
# Numeric character references that may name no XML character: surrogates (D800-DFFF,
# 55296-57343), U+FFFE/U+FFFF, and any 5+ hex or 6+ decimal digits (beyond U+10FFFF, or
# absurdly long). Common ones (&#8217; &#x2014; &#20013;) are not even looked at; control
# characters are left to feedparser, which decodes them, and clean_text, which drops them.
_SUSPECT_REF = re.compile(
    r"&#(?:[xX]([dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[eEfF]|[0-9a-fA-F]{5,})"
    r"|(5[5-7][0-9]{3}|6553[45]|[0-9]{6,}));"
)
# The same in HTML text (";" optional there), where only long digit runs need taming.
_REF_TEXT_MAX = len("&#1114111;")
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.DOTALL)


def _decode(body: bytes, charset: str | None = None) -> str:
    """Bytes → text, never raising: BOM, sniffed UTF-16/32, the XML declaration's
    encoding, UTF-8, the HTTP ``charset`` (for a body that declares none, or a Chinese,
    Japanese or Korean one the declaration cannot read), the declared encoding's superset
    (a "GB2312" feed in GBK), windows-1252."""
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(enc, "replace")
    for prefix, enc in _SNIFF:
        if body.startswith(prefix):
            return body.decode(enc, "replace")
    in_xml = _declared_encoding(body)
    declared = in_xml or (_ascii_codec(charset) if charset else None)
    if declared in _AS_CP1252:
        if not body.isascii() and (text := _decoded(body, "utf-8")) is not None:
            return text  # a "Latin-1" feed written in UTF-8 (Québec, ‘ ’)
        text = _decoded(body, "cp1252")
        if text is not None and in_xml:
            return text
        declared = "cp1252" if text is not None else "latin-1"
    if declared in MULTIBYTE and not body.isascii() and (
            text := _decoded(body, "utf-8")) is not None:
        return text  # a feed written in UTF-8 that says "gb18030", which reads any bytes
    if in_xml and (text := _decoded(body, declared)) is not None:
        return text
    # before any guess: valid UTF-8 is almost never an accident
    if (text := _decoded(body, "utf-8")) is not None:
        return text
    if declared:
        try:
            return decode_declared(body, declared)
        except UnicodeError:
            pass
    # Invalid UTF-8: mostly-UTF-8 with a few bad bytes (an item pasted in from a Windows
    # program: "Qu\xe9bec"), or a legacy single-byte encoding. The bad bytes are read as
    # windows-1252, not lost as U+FFFD (search would miss the word).
    lossy = body.decode("utf-8", "replace")
    # A Chinese site's template that says "utf-8" over a body in the GBK its server names
    # (a Sohu blog): the declaration read nothing, so the header's multibyte codec is tried
    served = _ascii_codec(charset) if charset and in_xml and declared not in MULTIBYTE else None
    for codec, named_in_xml in ((declared, bool(in_xml)), (served, False)):
        if codec not in MULTIBYTE:
            continue
        # a few bad bytes in a GBK feed: not the whole feed lost
        text = body.decode(SUPERSETS.get(codec, (codec,))[0], "replace")
        bad = text.count("\ufffd")
        # Whichever reads with fewer bad characters (a UTF-8 feed with one stray byte stays
        # UTF-8); named by the HTTP header only, it must read as mostly Chinese, Japanese
        # or Korean (a windows-1252 feed served as "gb2312" makes a bad pair of each quote)
        if bad < (lost := lossy.count("\ufffd")) and (named_in_xml or bad * 20 <= (
                cjk := sum("\u2e7f" < ch < "\ufffd" for ch in text))) and (
                codec == declared or _overrules_declaration(lossy, lost, cjk)):
            return text
    if any(ord(ch) > 0x7F and ch != "\ufffd" for ch in lossy):
        return body.decode("utf-8", _CP1252_BYTES)
    return body.decode("windows-1252", "replace")


def _overrules_declaration(lossy: str, lost: int, cjk: int) -> bool:
    """Whether the HTTP charset's reading, with ``cjk`` CJK characters, beats a declared
    UTF-8 that read as ``lossy`` with ``lost`` bad characters: only a body UTF-8 reads
    hardly any of (GBK is UTF-8 by accident now and then), not a UTF-8 feed with a stray
    Windows byte ("Qu\xe9bec" is one GBK character too)."""
    kept = sum(ord(ch) > 0x7F for ch in lossy) - lost
    return cjk >= 4 and kept < lost


def _bytes_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a lone byte UTF-8 cannot read ("Qu\xe9bec", "\x93quoted\x94")
    read as windows-1252; a UTF-8 character cut short ("\xe3\x80") as U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    if exc.end - exc.start > 1:
        return "\ufffd", exc.end
    return exc.object[exc.start:exc.end].decode("cp1252", "replace"), exc.end


_CP1252_BYTES = "thawwatch-cp1252-bytes"
codecs.register_error(_CP1252_BYTES, _bytes_as_cp1252)


def _decoded(body: bytes, enc: str | None) -> str | None:
    """``body`` in ``enc``, or None when it is not valid there (each body decoded once)."""
    if enc is None:
        return None
    try:
        return body.decode(enc)
    except UnicodeError:  # the idna codec raises the base class
        return None


def _declared_encoding(body: bytes) -> str | None:
    """The XML declaration's encoding, if it is real and ASCII-compatible."""
    m = _DECLARED.match(body[:512])
    return _ascii_codec(m.group(1).decode("ascii")) if m else None


# Codecs that read ASCII as ASCII byte by byte but rewrite text ("\\u003c" → "<", "xn--")
_NOT_FOR_TEXT = frozenset({"raw-unicode-escape", "unicode-escape", "idna", "punycode",
                           "utf-7", "hz"})


@functools.cache
def _ascii_codec(name: str) -> str | None:
    """Python's codec for ``name`` if there is one and it writes ASCII as ASCII.

    We found the declaration by reading ASCII, so an encoding that does not read every
    ASCII byte as itself (UTF-16, UTF-7, EBCDIC, HZ, unicode-escape, idna…) is a lie, and
    a dangerous one: UTF-7 can smuggle a ``<!DOCTYPE`` past a byte-level check.
    """
    codec = codec_name(name[:40])
    if codec in _NOT_FOR_TEXT:
        return None
    try:  # byte by byte: "\\" or "+" alone is an error, or no character, in the liars
        if codec is None or any(bytes([b]).decode(codec) != chr(b) for b in range(0x80)):
            return None
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None
    return codec


def _strip_doctypes(text: str) -> str:
    """Remove every DOCTYPE declaration, internal subset included.

    Repeats until none is left, since removing one could join the halves of another.
    An unterminated DOCTYPE swallows the rest of the document.
    """
    for _ in range(_MAX_DOCTYPE_PASSES):
        if not _DOCTYPE.search(text):
            return text
        text = _strip_doctypes_once(text)
    raise NotAFeed("not a feed: too many DOCTYPE declarations")


def _strip_doctypes_once(text: str) -> str:
    out: list[str] = []
    pos = 0
    while (m := _DOCTYPE.search(text, pos)) is not None:
        out.append(text[pos : m.start()])
        pos = _doctype_end(text, m.end())
    out.append(text[pos:])
    return "".join(out)


def _doctype_end(text: str, pos: int) -> int:
    """Index just after the ``>`` closing a DOCTYPE whose body starts at ``pos``."""
    depth = 0
    for tok in _DT_TOKEN.finditer(text, pos):
        t = tok.group()
        if t == "[":
            depth += 1
        elif t == "]":
            depth = max(0, depth - 1)
        elif t == ">" and depth == 0:
            return tok.end()
    return len(text)


def _prolog_end(text: str) -> int:
    """Where the document's prolog (spaces, processing instructions, comments) ends."""
    pos = 0
    while m := _PROLOG_SKIP.match(text, pos):
        if m.end() == pos:
            break
        pos = m.end()
    return pos


def _root_name(text: str) -> str | None:
    root = _ROOT.match(text, _prolog_end(text))
    return root.group(1) if root else None


def _past_junk(text: str) -> str:
    """The document from its XML declaration or feed root on, when a few lines of
    something else come first: PHP's "<br /><b>Warning</b>: …" before a WordPress feed,
    which feedparser reads and which we refused as "root element <br>"."""
    name = _root_name(text)
    if name is not None and name.lower() in FEED_ROOTS:
        return text
    after = _prolog_end(text)
    start = _FEED_START.search(text, after, after + _JUNK_MAX)
    if start is None or _HTML_HINT.search(text, 0, start.start()):
        return text
    return text[start.start():]


_JSON_FEED = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/')


def _check_root(text: str, original: str) -> None:
    """Raise :class:`NotAFeed` unless the root element is rss, feed or rdf:RDF."""
    if not text.strip():
        raise NotAFeed("empty response")
    name = _root_name(text)
    if name is not None and name.lower() in FEED_ROOTS:
        return
    if (name or "").lower() in ("html", "head", "body") or _HTML_HINT.search(original[:4096]):
        raise NotAFeed("not a feed: looks like an HTML page")
    if name is not None:
        raise NotAFeed(f"not a feed: root element <{name[:40]}>")
    if text.lstrip()[:1] in ("{", "["):
        if _JSON_FEED.search(text[:4096]):  # jsonfeed.org, which some blogs offer
            raise NotAFeed("not a feed thawwatch reads: a JSON Feed (give the site's RSS"
                           " or Atom feed)")
        raise NotAFeed("not a feed: looks like JSON")
    raise NotAFeed("not a feed: no XML root element")


# An ampersand that starts no reference: XML forbids it, and feedparser's loose parser,
# which then took over, read "S&P 500" as "S&P; 500" and "R&D," as "R&D;,". Escaped, the
# document is well-formed (and takes the fast path).
_BARE_AMP = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);)")


def _xml_char_ref(ref: re.Match[str]) -> str:
    """A reference to no character (surrogate, non-character, beyond U+10FFFF) → U+FFFD.

    expat refuses such a document and feedparser's fallback crashes on it (chr() /
    OverflowError / UTF-8 errors), which lost every item of the feed. A very long valid
    one is shortened, so neither parser converts thousands of digits.
    """
    cp = code_point(ref)
    if cp is None or 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF):
        return "\ufffd"
    return ref.group() if len(ref.group()) <= _REF_TEXT_MAX else f"&#x{cp:x};"


def _outside_cdata(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the text outside CDATA sections: inside one, ``&#xD800;`` is
    literal text (a GUID's, say), not a reference, and must stay as written."""
    if "<![CDATA[" not in text:
        return change(text)
    out: list[str] = []
    pos = 0
    for section in _CDATA.finditer(text):
        out.append(change(text[pos:section.start()]))
        out.append(section.group())
        pos = section.end()
    out.append(change(text[pos:]))
    return "".join(out)


def prepare_xml(body: bytes, charset: str | None = None) -> bytes:
    """Body → UTF-8 XML without DOCTYPE or forbidden characters; raises :class:`NotAFeed`.
    ``charset`` is the HTTP Content-Type's, for a body that declares no encoding.

    Public so the bench and tests can see exactly what feedparser is given.
    """
    if not body or not body.strip():
        raise NotAFeed("empty response")
    original = _decode(body, charset)
    text = _past_junk(_strip_doctypes(original))
    text = _XML_DECL.sub("", text, count=1)
    if any(ch in text for ch in _DOC_ESCAPE_STARTS):
        text = _DOC_ESCAPES.sub("", text)
    text = _XML_BAD_CHARS.sub("", text)
    if "&#" in text:
        text = _outside_cdata(text, lambda part: _SUSPECT_REF.sub(_xml_char_ref, part))
    if "&" in text and _BARE_AMP.search(text):  # "S&P 500", "R&D" in a hand-made feed
        text = _outside_cdata(text, lambda part: _BARE_AMP.sub("&amp;", part))
    _check_root(text, original)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text.lstrip()).encode("utf-8", "replace")


# --------------------------------------------------------------------------- normalising

_CLOSE_TAG = re.compile(r"</(\w+)>")
_ENTITY_REF = re.compile(r"&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_NAMED_REF = re.compile(r"&(\w+);")


@functools.cache
def _html_elements() -> frozenset[str]:
    from feedparser.sanitizer import _HTMLSanitizer

    return frozenset(_HTMLSanitizer.acceptable_elements)


def _looks_like_html(text: str) -> bool:
    """feedparser's test of whether a nominally plain title is HTML: a close tag or an
    entity, and only known HTML tags and entities. "Why <template> matters" and "C++
    <vector>" are text (read as HTML they lost their words); "A <b>bold</b> move" is
    HTML. Decided on the title's text alone, so both parse paths decide alike."""
    if "<" not in text and "&" not in text:
        return False
    if not (_CLOSE_TAG.search(text) or _ENTITY_REF.search(text)):
        return False
    if any(tag.lower() not in _html_elements() for tag in _TAG_NAME.findall(text)):
        return False
    return all(name in entitydefs for name in _NAMED_REF.findall(text))

def _title(entry: Any, max_len: int = TITLE_MAX) -> str:
    raw = _str(entry.get("title"))
    return html_to_text(raw, max_len) if _looks_like_html(raw) else clean_text(raw, max_len)


def _summary(entry: Any) -> str:
    """The summary as plain text: HTML made text, except a summary its feed marks as
    plain text (Atom's default) that does not look like HTML: "a <b> c" keeps its "<b>"
    (read as HTML it lost it), as a title does."""
    raw = _str(entry.get("summary"))
    if raw.strip() and _summary_type(entry) == "text/plain" and not _looks_like_html(raw):
        return clean_text(raw, SUMMARY_MAX)
    if not raw.strip():
        for content in entry.get("content") or ():
            raw = _str(content.get("value")) if hasattr(content, "get") else ""
            if raw.strip():
                break
    end = raw[-_FOOTER_MAX:]  # (the search for it costs no more on a long summary)
    if "appeared first on" in end or "apparu en premier" in end:
        raw = raw[:-_FOOTER_MAX] + _FOOTER.sub("", end)
    return html_to_text(raw, SUMMARY_MAX)


# The paragraph WordPress (Yoast) ends each summary with: "The post <a>title</a> appeared
# first on <a>site</a>." ("L'article … est apparu en premier sur …"). It named the outlet
# in every item, so searching for the outlet found each of its posts. Only with its two
# links, as WordPress writes it: words alone could be the story's own.
_FOOTER = re.compile(
    r"(?:<p>)?\s*(?:The post|L(?:'|’|&rsquo;|&#8217;)article) <a\s[^>]{0,600}>.{0,600}?</a>"
    r" (?:appeared first on|est apparu en premier sur) <a\s[^>]{0,600}>.{0,300}?</a>\.?\s*"
    r"(?:</p>)?\s*$", re.DOTALL | re.IGNORECASE)
_FOOTER_MAX = 2000  # characters at the summary's end where the footer is looked for


def _summary_type(entry: Any) -> str | None:
    """The summary's content type: feedparser's ``summary_detail``, the fast path's own."""
    detail = entry.get("summary_detail")
    if hasattr(detail, "get"):
        return _str(detail.get("type")) or None
    return entry.get("summary_type")


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _link(entry: Any, base: str) -> str | None:
    # A FeedBurner feed links through feedproxy.google.com, which no longer redirects:
    # its <feedburner:origLink> is the article (and the address other feeds carry it by).
    original = _web_link(_str(entry.get("feedburner_origlink")), None)
    if original is not None:
        return original
    # feedparser copies a permalink <guid> into link; a guid such as "12345" is an id,
    # not a path on the feed's host, so only an absolute guid may become the link.
    from_guid = bool(dict.get(entry, "guidislink"))
    link = _web_link(_str(entry.get("link")), None if from_guid else base)
    if link is not None:
        return link
    for candidate in entry.get("links") or ():
        if hasattr(candidate, "get") and candidate.get("rel", "alternate") == "alternate":
            link = _web_link(_str(candidate.get("href")), base)
            if link is not None:
                return link
    # An empty <link/> beside a guid that is a web address: a permalink guid (feedparser
    # says so when it came first) is the link; another is taken only on the feed's own
    # site, as a guid marked isPermaLink="false" may name a tracker or another host.
    guid = _web_link(_str(entry.get("id")), None)
    if guid is None or from_guid or _same_site(guid, base):
        return guid
    return None


# Two-label suffixes under which unrelated sites register (not a whole public suffix
# list: the hosts a Canada–China feed list is likely to hold).
_SHARED_SUFFIXES = frozenset({
    "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "com.cn",
    "net.cn", "org.cn", "gov.cn", "com.hk", "org.hk", "com.tw", "com.sg", "co.jp", "ne.jp",
    "or.jp", "co.kr", "or.kr", "gc.ca", "qc.ca", "on.ca", "bc.ca", "ab.ca",
})


def _same_site(link: str, base: str) -> bool:
    """Whether ``link`` is on ``base``'s host or one above or below it (feeds.x.org and
    www.x.org are x.org's); a bare suffix ("co.uk", "com") or a part of an IP address is
    no site."""
    try:
        one, two = ((urlsplit(u).hostname or "").rstrip(".").removeprefix("www.")
                    for u in (link, base))
    except ValueError:  # an unbalanced "[" in the feed's own URL
        return False
    if one == two:
        return bool(one)
    short, long = sorted((one, two), key=len)
    if short.count(".") < 1 or short.replace(".", "").isdigit() or ":" in short:
        return False
    return long.endswith("." + short) and short not in _SHARED_SUFFIXES


def _web_link(raw: str, base: str | None) -> str | None:
    """:func:`canonical_link`, or None past :data:`LINK_MAX` (checked cheaply on the raw
    text first, so a megabyte "link" is not canonicalised for nothing)."""
    if len(raw) > 4 * LINK_MAX:
        return None
    link = canonical_link(raw, base)
    return link if link is None or len(link) <= LINK_MAX else None


def _guid(entry: Any) -> tuple[str | None, str | None]:
    """The entry's id, cleaned, and its legacy form (see ``ParsedItem.legacy_guid``).

    An id longer than :data:`GUID_MAX` keeps its start and ends in a digest of the whole,
    so two long ids that differ only past the cut stay two items (a plain cut made them
    one, and the second was dropped as a duplicate).
    """
    raw = _str(entry.get("id"))
    whole = clean_text(raw, len(raw))  # cleaning never lengthens: nothing is cut here
    if len(whole) <= GUID_MAX:
        return whole or None, None
    digest = hashlib.sha256(whole.encode("utf-8", "surrogatepass")).hexdigest()[:_GUID_DIGEST]
    cut = f"{whole[:GUID_MAX - _GUID_DIGEST - 1].rstrip()}{ELLIPSIS}{digest}"
    return cut, clean_text(whole, GUID_MAX)


def _published(entry: Any, now: datetime) -> tuple[datetime, bool]:
    """The entry's date in UTC and whether it is real (not missing, absurd or future)."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: FeedParserDict's own get() maps keys and warns about it
        when = _from_struct(dict.get(entry, key))
        if when is not None and when.year >= _MIN_YEAR and when <= now + _FUTURE_SLACK:
            return when, True  # an impossible, absurd or future one: the next date
    return now, False


def _from_struct(value: Any) -> datetime | None:
    try:
        y, mo, d, h, mi, s = (int(v) for v in tuple(value)[:6])
        return datetime(y, mo, d, h, mi, min(s, 59), tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _item(entry: Any, base: str, now: datetime) -> ParsedItem:
    summary = _summary(entry)
    title = _title(entry) or clean_text(summary, 120) or UNTITLED
    published, known = _published(entry, now)
    guid, legacy_guid = _guid(entry)
    return ParsedItem(
        guid=guid,
        link=_link(entry, base),
        title=title,
        summary=summary,
        published=published,
        published_known=known,
        legacy_guid=legacy_guid,
    )


def _as_utc(now: datetime) -> datetime:
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def _bozo_message(result: Any) -> str:
    """The error for a body with no title and no items: expat's own words when it found
    the body not well-formed ("mismatched tag", line, column); any other exception's
    text is Python's, no use to the user, so then just "malformed feed"."""
    from xml.sax import SAXParseException

    exc = result.get("bozo_exception")
    if not isinstance(exc, SAXParseException):
        return "malformed feed"
    text = " ".join(str(exc).split())[:160]
    return f"malformed feed: {text}" if text else "malformed feed"


def _ended_early(result: Any) -> bool:
    """Whether feedparser found the document ending before its root element closed."""
    if not result or not result.get("bozo"):
        return False
    from xml.sax import SAXParseException

    exc = result.get("bozo_exception")
    return isinstance(exc, SAXParseException) and exc.getMessage() in (
        "no element found", "unclosed token")


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def _failed(exc: BaseException, url: str) -> ParsedFeed:
    """The feed's error for a parser bug: a plain sentence; the exception is the detail."""
    log.debug("could not parse %s", url, exc_info=exc)
    return ParsedFeed(title="", items=[], error=PARSE_FAILED, detail=_describe(exc))


def parse_feed(body: bytes, url: str, now: datetime, max_items: int = MAX_ITEMS, *,
               charset: str | None = None) -> ParsedFeed:
    """Parse ``body`` fetched from ``url``; never raises. ``now`` replaces unknown dates;
    ``charset`` is the HTTP Content-Type's (used when the body declares no encoding)."""
    now = _as_utc(now)
    try:
        xml = prepare_xml(body, charset)
    except NotAFeed as exc:
        return ParsedFeed(title="", items=[], error=str(exc))
    except Exception as exc:  # a bug here must not take the refresh down
        return _failed(exc, url)
    raw = _fast_entries(xml)
    if raw is None:
        return _with_feedparser(xml, url, now, max_items)
    return _normalise(raw.feed, raw.entries, url, now, max_items, feedparser_result=None)


def _parse_feed_with_feedparser(
    body: bytes, url: str, now: datetime, max_items: int = MAX_ITEMS, *,
    charset: str | None = None,
) -> ParsedFeed:
    """:func:`parse_feed` without the fast path: the reference the fast path must match."""
    now = _as_utc(now)
    try:
        xml = prepare_xml(body, charset)
    except NotAFeed as exc:
        return ParsedFeed(title="", items=[], error=str(exc))
    return _with_feedparser(xml, url, now, max_items)


def _fast_entries(xml: bytes) -> RawFeed | None:
    """feed_xml's entries, or None to let feedparser decide (also if the fast path fails)."""
    try:
        from thawwatch.feed_xml import parse_entries

        return parse_entries(xml)
    except Exception:  # anything unexpected: feedparser gives the answer (or the error)
        return None


def _with_feedparser(xml: bytes, url: str, now: datetime, max_items: int) -> ParsedFeed:
    try:
        import feedparser  # 50 ms to import: only the parser workers pay for it

        from thawwatch.feed_dates import install

        install()  # the dates feedparser misreads, read first

        result = feedparser.parse(
            io.BytesIO(xml),
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser has many code paths; none may crash a refresh
        return _failed(exc, url)
    feed = result.get("feed") or {}
    entries = list(result.get("entries") or ())
    cut_short = _ended_early(result)
    if cut_short and entries and _last_entry_open(xml):
        # cut inside its last entry: a GUID, a link or a title half read would be stored
        # so, and the entry would come again whole as another item
        entries.pop()
    parsed = _normalise(feed, entries, url, now, max_items, feedparser_result=result)
    return replace(parsed, cut_short=cut_short) if cut_short else parsed


_ENTRY_OPEN = re.compile(rb"<(?:\w+:)?(?:item|entry)[\s>/]")
_ENTRY_CLOSE = re.compile(rb"</(?:\w+:)?(?:item|entry)\s*>")


def _last_entry_open(xml: bytes) -> bool:
    """Whether the document's last item or entry was opened and never closed."""
    tail = xml[-65536:]  # an entry's start is near the end of a body cut inside it
    opened = [m.start() for m in _ENTRY_OPEN.finditer(tail)]
    closed = [m.start() for m in _ENTRY_CLOSE.finditer(tail)]
    return bool(opened) and (not closed or opened[-1] > closed[-1])


def _normalise(
    feed: Any, entries: list[Any], url: str, now: datetime, max_items: int,
    feedparser_result: Any,
) -> ParsedFeed:
    """Entries (feedparser's or feed_xml's) → cleaned items. ``feedparser_result`` is
    feedparser's answer when it parsed the body (for "malformed feed"), else None: the
    fast path only takes well-formed documents, where feedparser reports no bozo."""
    failures: list[str] = []
    try:
        title = _title(feed, 300)
    except Exception as exc:  # a parser bug: lose the title, keep the items
        log.debug("feed title of %s dropped", url, exc_info=exc)
        failures.append(f"feed title: {_describe(exc)}")
        title = ""
    items = []
    kept, capped = _newest(entries, max(0, max_items), now)
    for entry in kept:
        try:
            item = _item(entry, url, now)
            if item.link is None and item.summary == "" and item.title == UNTITLED:
                continue  # nothing to show (a feed cut off mid-item left such a stub)
            items.append(item)
        except Exception as exc:  # one odd entry must not cost the feed its other items
            log.debug("an item of %s dropped", url, exc_info=exc)
            failures.append(f"item dropped: {_describe(exc)}")
    error = None
    # a malformed document with no item is a failed feed when it has no title, or ended
    # early: one cut off after its channel's title read "ok: 0 new", every time (an empty
    # feed with an HTML entity in its description is still an empty feed)
    if not items and feedparser_result and feedparser_result.get("bozo") and (
            not title or _ended_early(feedparser_result)):
        error = _bozo_message(feedparser_result)
    elif not items and entries and failures:  # every item failed: not "0 new", an error
        error = PARSE_FAILED
    notes = [capped] if capped else []
    if failures:
        notes.append(f"{len(failures)} failure(s), the first: {failures[0]}")
    return ParsedFeed(title=title, items=items, error=error, detail="; ".join(notes) or None)


def _newest(entries: list[Any], max_items: int, now: datetime) -> tuple[list[Any], str | None]:
    """The newest ``max_items`` entries by date, in document order (an undated one counts
    as new: it gets the time first seen), and a note when some were left out. A feed
    listing oldest first had its newest dropped; one with an old item pinned on top
    fooled a look at its first and last dates (review)."""
    if len(entries) <= max_items:
        return entries, None
    dates = [_date_or_now(entry, now) for entry in entries]
    newest = sorted(range(len(entries)), key=dates.__getitem__, reverse=True)[:max_items]
    kept = [entries[k] for k in sorted(newest)]
    return kept, f"the feed holds {len(entries)} items: the newest {max_items} were read"


def _date_or_now(entry: Any, now: datetime) -> datetime:
    try:
        return _published(entry, now)[0]
    except Exception:  # an odd entry: its own reading drops or keeps it later
        return now
