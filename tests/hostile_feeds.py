"""Builders for hostile feed payloads, shared by the pipeline, TUI and property tests.

Each builder returns the exact bytes a hostile or broken server would send. Nothing here
allocates the "big" sizes it simulates except where that is the point (the bombs are
built incrementally and stay small on the wire).
"""

from __future__ import annotations

import re
import zlib
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# --------------------------------------------------------------------------- escapes

CSI_CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # "evil" into the clipboard
OSC8_OPEN = "\x1b]8;;http://evil.example/\x1b\\"
OSC8_CLOSE = "\x1b]8;;\x1b\\"
BARE_ESC = "\x1b"
C1_CSI = "\x9b"
C1_OSC = "\x9d"

# Control characters (C0 but tab/newline, DEL, C1) and anything that starts an escape.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What must never be in a stored one-line field: every C0/C1 control, tab and newline too.
CONTROL_ANY = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Debris an escape sequence leaves when only its ESC byte is dropped.
DEBRIS = re.compile(r"\[2J|\]52;|\]8;;|ZXZpbA==")


def has_control(text: str) -> bool:
    """True if ``text`` holds a control character (newline and tab allowed)."""
    return bool(CONTROL.search(text))


# --------------------------------------------------------------------------- documents


def rss_doc(
    items_xml: str,
    title: str = "Hostile feed",
    *,
    head: str = '<?xml version="1.0" encoding="utf-8"?>',
    doctype: str = "",
) -> str:
    """An RSS 2.0 document from raw item XML (nothing escaped: the caller decides)."""
    return (
        f'{head}{doctype}<rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://hostile.example/</link><description>d</description>"
        f"{items_xml}</channel></rss>"
    )


def item_xml(
    title: str,
    *,
    guid: str | None = None,
    link: str | None = None,
    description: str | None = None,
    pub: str | None = None,
    raw: bool = False,
) -> str:
    """One <item>; values are XML-escaped unless ``raw``."""
    esc = (lambda s: s) if raw else escape
    parts = [f"<title>{esc(title)}</title>"]
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{esc(guid)}</guid>')
    if link is not None:
        parts.append(f"<link>{esc(link)}</link>")
    if description is not None:
        parts.append(f"<description>{esc(description)}</description>")
    if pub is not None:
        parts.append(f"<pubDate>{esc(pub)}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


def escapes_feed() -> bytes:
    """Raw terminal escapes (UTF-8) in the feed title, item titles, summaries and links.

    The expected clean titles are in :data:`ESCAPES_EXPECTED`.
    """
    items = [
        item_xml(f"Canola{CSI_CLEAR} deal{OSC52} reached", guid="esc-1",
                 link=f"https://news.example/a{CSI_CLEAR}b",
                 description=f"<p>Peas{OSC8_OPEN}click{OSC8_CLOSE} and lobster{BARE_ESC}</p>"),
        item_xml(f"{OSC8_OPEN}Canola hyperlink{OSC8_CLOSE}", guid="esc-2",
                 link=f"https://news.example/{OSC52}c"),
        item_xml(f"Canola bare{BARE_ESC} escape", guid="esc-3",
                 description=f"summary {CSI_CLEAR}{OSC52}end"),
    ]
    return rss_doc("".join(items), title=f"Evil{CSI_CLEAR} feed{OSC52}").encode("utf-8")


ESCAPES_EXPECTED = {
    "esc-1": ("Canola deal reached", "https://news.example/ab", "Peasclick and lobster"),
    "esc-2": ("Canola hyperlink", "https://news.example/c", ""),
    "esc-3": ("Canola bare escape", None, "summary end"),
}
ESCAPES_FEED_TITLE = "Evil feed"


def c1_latin1_feed() -> bytes:
    """C1 controls as raw bytes (0x9b CSI, 0x9d OSC) in a feed declared ISO-8859-1.

    0x9d is undefined in windows-1252, so the body cannot be read as such and is decoded
    as true Latin-1, where both bytes are C1 control characters.
    """
    items = [
        item_xml("Canola \x9b2J c1 csi", guid="c1-1", description="x\x9d52;c;ZXZpbA==\x07y"),
        item_xml("Canola \x9d8;;http://evil.example/\x07link\x9d8;;\x07 text", guid="c1-2"),
        # lone C1s that feedparser does not map to windows-1252 characters
        item_xml("Caf\xe9 canola \x9b31mred\x81\x8d\x8f", guid="c1-3"),
    ]
    doc = rss_doc("".join(items), title="C1\x9b2J feed",
                  head='<?xml version="1.0" encoding="iso-8859-1"?>')
    return doc.encode("latin-1")


def c1_entity_feed() -> bytes:
    """C1 and ESC as numeric character references (legal XML for C1, not for ESC)."""
    items = [
        item_xml("Canola &#x9b;2J entity csi", guid="ent-1", raw=True,
                 description="a &#x9d;52;c;ZXZpbA==&#x07; b"),
        item_xml("Canola &#155;31m decimal", guid="ent-2", raw=True),
        item_xml("Canola &#x1b;[2J esc ref", guid="ent-3", raw=True,
                 description="&lt;b&gt;x&lt;/b&gt; &amp;#x1b;[2J &amp;#x9b;"),
    ]
    return rss_doc("".join(items), title="Entity&#x9b; feed").encode("utf-8")


MARKUP_TITLES = {
    "mk-1": "[bold red]Canola[/] rally",
    "mk-2": "[link=file:///etc/passwd]Canola click[/link]",
    "mk-3": "[@click=app.quit]Canola quit[/]",
    "mk-4": "Canola [ unterminated [bold",
}


def markup_feed() -> bytes:
    """Rich/Textual markup-looking text, which must be stored and shown literally."""
    items = [item_xml(t, guid=g, description=f"{t} summary") for g, t in MARKUP_TITLES.items()]
    return rss_doc("".join(items), title="[blink]Markup[/] feed").encode("utf-8")


def xxe_feed(secret_path: str) -> bytes:
    """A DOCTYPE whose external entity points at a local file."""
    doctype = (f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_path}">'
               f'<!ENTITY % pe SYSTEM "file://{secret_path}">]>')
    items = item_xml("Canola &xxe; leak", guid="xxe-1", raw=True,
                     description="summary &xxe;")
    return rss_doc(items, title="XXE &xxe;", doctype=doctype).encode("utf-8")


def external_dtd_feed(dtd_url: str) -> bytes:
    """An external DTD (system id) and an external parameter entity pulled in with %x;."""
    doctype = (f"<!DOCTYPE rss SYSTEM {quoteattr(dtd_url)} "
               f"[<!ENTITY % remote SYSTEM {quoteattr(dtd_url + '?pe')}> %remote;]>")
    items = item_xml("Canola external dtd", guid="dtd-1")
    return rss_doc(items, title="DTD", doctype=doctype).encode("utf-8")


def billion_laughs(levels: int = 10) -> bytes:
    """The classic: 10 entities, each ten of the previous; &lol9; is 10**9 'lol's."""
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        ents.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    doctype = "<!DOCTYPE rss [" + "".join(ents) + "]>"
    items = item_xml(f"Canola laughs &lol{levels - 1};", guid="lol-1", raw=True)
    return rss_doc(items, title=f"&lol{levels - 1};", doctype=doctype).encode("utf-8")


def flat_entity_bomb(size: int = 100_000, refs: int = 10_000) -> bytes:
    """One big entity referenced many times (quadratic blowup): 1 GB if expanded."""
    doctype = f'<!DOCTYPE rss [<!ENTITY big "{"B" * size}">]>'
    items = item_xml("Canola flat bomb " + "&big;" * refs, guid="flat-1", raw=True)
    return rss_doc(items, title="Flat", doctype=doctype).encode("utf-8")


def deep_nesting(depth: int = 10_000) -> bytes:
    """Elements nested ``depth`` deep inside an item's description and the item itself."""
    inner = "<x>" * depth + "deep" + "</x>" * depth
    items = (f"<item><title>Canola deep</title><guid>deep-1</guid>{inner}"
             f"<description>{escape('<b>' * depth + 'html' + '</b>' * depth)}</description>"
             "</item>")
    return rss_doc(items).encode("utf-8")


def good_items(n: int, prefix: str = "item", start: int = 0) -> bytes:
    """A plain feed of ``n`` items (guid = f"{prefix}-{i}")."""
    items = [item_xml(f"{prefix} headline {i}", guid=f"{prefix}-{i}",
                      link=f"https://ok.example/{prefix}/{i}")
             for i in range(start, start + n)]
    return rss_doc("".join(items), title=f"{prefix} feed").encode("utf-8")


def many_items(n: int = 20_000) -> bytes:
    """One feed carrying ``n`` items (compact XML)."""
    parts = [f"<item><title>Canola many {i}</title><guid isPermaLink=\"false\">m{i}</guid></item>"
             for i in range(n)]
    return rss_doc("".join(parts), title="Many").encode("utf-8")


def huge_title(size: int = 5_000_000) -> bytes:
    """An item whose title is ``size`` characters."""
    return rss_doc(item_xml("Canola " + "T" * size, guid="huge-1",
                            description="D " * 10_000)).encode("utf-8")


def duplicate_guids() -> bytes:
    """Three different items sharing one GUID, and a second GUID twice."""
    items = [item_xml(f"Canola dup {i}", guid="same") for i in range(3)]
    items += [item_xml(f"Canola twin {i}", guid="twin") for i in range(2)]
    return rss_doc("".join(items)).encode("utf-8")


def no_guid_no_link() -> bytes:
    """Items without GUID or link: identified by title; a repeat title is one item."""
    items = [item_xml("Canola orphan one"), item_xml("Canola orphan two"),
             item_xml("Canola orphan one")]
    return rss_doc("".join(items)).encode("utf-8")


ODD_DATES = {
    "d-1": "Mon, 01 Jan 0001 00:00:00 GMT",
    "d-9999": "Fri, 31 Dec 9999 23:59:59 GMT",
    "d-iso9999": "9999-12-31T23:59:59Z",
    "d-junk": "the day after tomorrow",
    "d-overflow": "Tue, 99 Foo 2026 99:99:99 +9999",
    "d-good": "Fri, 27 Feb 2026 09:30:00 -0500",
}


def odd_dates() -> bytes:
    """Dates in year 1, year 9999, and unparseable ones; one good date for contrast."""
    items = [item_xml(f"Canola date {g}", guid=g, pub=d) for g, d in ODD_DATES.items()]
    return rss_doc("".join(items)).encode("utf-8")


BAD_LINKS = {
    "l-js": "javascript:alert(document.cookie)",
    "l-js-case": " JaVaScRiPt:alert(1)",
    "l-js-tab": "java\tscript:alert(1)",
    "l-data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "l-file": "file:///etc/passwd",
    "l-ftp": "ftp://files.example/x",
    "l-vbs": "vbscript:msgbox(1)",
    "l-proto-rel": "//evil.example/x",
    "l-ok": "https://ok.example/story?utm_source=rss&id=7",
}


def bad_links() -> bytes:
    """Links with dangerous schemes, in RSS <link> and in Atom-style alternates."""
    items = [item_xml(f"Canola link {g}", guid=g, link=link) for g, link in BAD_LINKS.items()]
    # an atom:link alternate with a javascript: href, and an item with only a permalink guid
    items.append('<item><title>Canola atom link</title><guid isPermaLink="false">l-atom</guid>'
                 '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="alternate" '
                 'href="javascript:alert(2)"/></item>')
    items.append("<item><title>Canola permalink guid</title><guid>data:text/html,x</guid></item>")
    return rss_doc("".join(items)).encode("utf-8")


def invalid_utf8() -> bytes:
    """Declared UTF-8, with stray continuation bytes, an overlong form and a lone 0xff."""
    body = rss_doc(item_xml("Canola caf\xe9 bad", guid="u-1", description="x"))
    data = body.encode("utf-8")
    return data.replace("caf\xe9".encode(), b"caf\xc3\x28 \x80\xbf \xc0\xaf \xff")


def lying_encoding_utf16() -> bytes:
    """Declares UTF-16 but is plain UTF-8 (with a C1 control encoded in UTF-8)."""
    head = '<?xml version="1.0" encoding="utf-16"?>'
    return rss_doc(item_xml("Canola utf16 lie \u009b2J", guid="lie-1"), head=head).encode("utf-8")


def lying_encoding_utf7() -> bytes:
    """Declares UTF-7 to smuggle a DOCTYPE (+ADw- is '<') past a byte-level check."""
    head = '<?xml version="1.0" encoding="utf-7"?>'
    smuggled = '+ADw-!DOCTYPE rss +AFs-+ADw-!ENTITY x SYSTEM "file:///etc/passwd"+AD4-+AF0-+AD4-'
    return (head + smuggled + rss_doc(item_xml("Canola utf7 lie", guid="lie-7"),
                                      head="")).encode("ascii")


def lying_encoding_latin1() -> bytes:
    """Declares ISO-8859-1 but is UTF-8 (mojibake expected, nothing worse)."""
    head = '<?xml version="1.0" encoding="iso-8859-1"?>'
    return rss_doc(item_xml("Canola caf\u00e9 \u2014 latin lie", guid="lie-l"),
                   head=head).encode("utf-8")


# Numeric character references that name no character, or in absurdly many digits. Any
# one of them, in any one item, used to cost the whole feed: feedparser's fallback raised
# (chr() arg not in range, surrogates not allowed, int too large) and nothing was stored.
BAD_REFS = {
    "hex-beyond": "&#x110000;",
    "dec-beyond": "&#1114112;",
    "hex-surrogate": "&#xD800;",
    "dec-surrogate": "&#57343;",
    "int-overflow": "&#99999999999;",
    "decimal-bomb": "&#" + "9" * 5000 + ";",
    "hex-bomb": "&#x" + "F" * 5000 + ";",
    "non-character": "&#xFFFE;",
    "upper-x": "&#X110000;",
}


def bad_reference_feed(ref: str, *, atom: bool = False, well_formed: bool = True) -> bytes:
    """Two good items, then one with ``ref`` in its title, summary, link and id (RSS or
    Atom). Not ``well_formed``: an HTML entity XML does not define in the first title,
    so feedparser's lenient parser, not expat, reads the document (a bare "&" no longer
    does: it is escaped before parsing)."""
    first = "Canola ok one" if well_formed else "Canola ok &eacute; one"
    if atom:
        entries = [
            f'<entry><title>{t}</title><link href="https://ok.example/{g}"/><id>{g}</id>'
            "</entry>" for t, g in ((first, "ob1"), ("Canola ok two", "ob2"))
        ]
        entries.append(
            f"<entry><title>Bad ref {ref} here</title>"
            f'<link href="https://ok.example/bad/{ref}"/><id>ob3-{ref}</id>'
            f"<summary>x {ref} y</summary></entry>")
        return ('<?xml version="1.0" encoding="utf-8"?>'
                '<feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Refs</title>{''.join(entries)}</feed>").encode()
    items = [item_xml(first, guid="ob1", link="https://ok.example/ob1", raw=True),
             item_xml("Canola ok two", guid="ob2", link="https://ok.example/ob2"),
             item_xml(f"Bad ref {ref} here", guid=f"ob3-{ref}", raw=True,
                      link=f"https://ok.example/bad/{ref}", description=f"x {ref} y")]
    return rss_doc("".join(items), title="Refs").encode("utf-8")


LONG_LINK = "https://ok.example/long?" + "q" * 100_000  # 100,024 characters


def long_link_feed() -> bytes:
    """An item whose <link> is 100 kB (next to a normal one), and one whose permalink
    guid is; both must be stored, without the link."""
    items = [item_xml("Canola long link", guid="long-1", link=LONG_LINK),
             item_xml("Canola short link", guid="short-1", link="https://ok.example/short"),
             f"<item><title>Canola long permalink</title><guid>{LONG_LINK}</guid></item>"]
    return rss_doc("".join(items), title="Long links").encode("utf-8")


HTML_PAGE = (b"<!DOCTYPE html><html><head><title>Welcome</title></head>"
             b"<body><h1>Not a feed</h1><script>alert(1)</script></body></html>")


# --------------------------------------------------------------------------- bombs


def gzip_bomb(size: int = 100_000_000) -> bytes:
    """``size`` zero bytes gzip-compressed, built in 1 MB steps (about size/1000 bytes)."""
    return _compress(size, wbits=16 + zlib.MAX_WBITS)


def deflate_bomb(size: int = 100_000_000) -> bytes:
    """``size`` zero bytes as zlib-wrapped deflate (Content-Encoding: deflate)."""
    return _compress(size, wbits=zlib.MAX_WBITS)


def _compress(size: int, wbits: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, wbits)
    chunk = b"\0" * 1_000_000
    prefix = rss_doc("", title="bomb").split("</channel>")[0].encode()
    out = [comp.compress(prefix)]
    for _ in range(size // len(chunk)):
        out.append(comp.compress(chunk))
    out.append(comp.flush())
    return b"".join(out)


# --------------------------------------------------------------------------- OPML


def opml_doc(outlines: str, version: str = "2.0") -> bytes:
    """An OPML document around raw outline XML."""
    return (f'<?xml version="1.0" encoding="UTF-8"?><opml version="{version}">'
            f"<head><title>t</title></head><body>{outlines}</body></opml>").encode()


def outline(url: str, title: str = "feed") -> str:
    """One feed outline (attributes escaped)."""
    return f"<outline type=\"rss\" text={quoteattr(title)} xmlUrl={quoteattr(url)}/>"


def command_opml(marker: str) -> bytes:
    """newsboat-style command feeds that would create ``marker`` if anything ran them."""
    bad = [
        f"exec:touch {marker}",
        f"filter:touch {marker}:https://x.example/rss",
        f"|touch {marker}",
        f"http|touch {marker}://x",
        f"`touch {marker}`",
        f"$(touch {marker})",
        f"https://ok.example/feed;touch {marker}",  # a URL; never handed to a shell
    ]
    good = outline("https://good.example/rss", "Good")
    nested = (f"<outline text=\"folder\">{outline('https://nested.example/rss', 'Nested')}"
              f"<outline text=\"deeper\">{outline(bad[0], 'cmd')}"
              f"{outline('https://deep.example/rss', 'Deep')}</outline></outline>")
    return opml_doc(good + nested + "".join(outline(u, "bad") for u in bad))


def big_opml(n: int = 5000) -> bytes:
    """``n`` distinct feeds, some in nested folders."""
    parts = []
    for start in range(0, n, 100):
        inner = "".join(outline(f"https://f{i}.example/rss", f"Feed {i}")
                        for i in range(start, min(n, start + 100)))
        parts.append(f'<outline text="folder {start}">{inner}</outline>')
    return opml_doc("".join(parts))


# --------------------------------------------------------------------------- harness


class BorrowedPool:
    """Stands in for ``refresh.parse_pool()``: lends a long-lived process pool to
    ``with parse_pool() as pool`` without shutting it down afterwards. Parsing still runs
    in separate processes, as in production; tests just skip the per-refresh start-up."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool

    def __call__(self, *args: Any, **kwargs: Any) -> BorrowedPool:
        return self

    def __enter__(self) -> Any:
        return self.pool

    def __exit__(self, *exc: object) -> None:
        return None
