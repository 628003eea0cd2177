"""Make feed text safe to store and show.

Everything in a feed is written by strangers: titles can carry terminal escape sequences
(clear the screen, set the clipboard with OSC 52, forge hyperlinks with OSC 8), summaries
are HTML, and links can be ``javascript:`` or point at odd hosts. Every string that leaves
the parser goes through this module, so the store and the UI only ever see plain,
single-line, control-free text and http(s) links.

Markup-looking text such as ``[bold]`` is kept as is: escaping is the renderer's job
(the UI renders feed text with markup off).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

__all__ = [
    "canonical_link",
    "clean_text",
    "html_to_text",
    "is_clean",
    "link_key",
    "strip_controls",
    "title_key",
]

ELLIPSIS = "…"

# Whole escape sequences first (so no "[2J" debris is left), then any lone control.
_ESCAPE_SEQ = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    # OSC, DCS, SOS, PM, APC ... up to BEL or ST
    # ... whose string stops at any C1 control (linear time: see parse._DOC_ESCAPES)
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x80-\x9f]{0,4096}(?:\x07|\x1b\\|\x9c)"
)
# Bidi embeddings, overrides and isolates (U+202A-E, U+2066-9) reorder the rest of the
# line on terminals that do bidi: a title could show text in an order it was not written
# ("Trojan Source"). The plain marks LRM/RLM, which right-to-left text needs, stay.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# Invisible characters that split a word for search and the rules without showing it:
# soft hyphen (&shy;), zero-width space, word joiner, and a stray BOM (zero-width no-break
# space). ZWJ and ZWNJ, which scripts and emoji need, stay.
_INVISIBLE_SPLITS = "\u00ad\u200b\u2060\ufeff"
_CONTROLS = re.compile(
    f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_BIDI}{_INVISIBLE_SPLITS}]")
# Controls that separate words: they become spaces in clean_text instead of vanishing.
_SPACE_LIKE = str.maketrans({"\r": " ", "\x0b": " ", "\x0c": " ", "\x85": " "})
_WS_RUN = re.compile(r"\s+")
_SPACE_RUN = re.compile(" {2,}")


@functools.cache
def _unclean_char() -> re.Pattern[str]:
    """Characters clean_text removes or turns into a space: controls, lone surrogates, the
    bidi controls, and every whitespace character but the space itself, as ``re`` sees
    them (``str.isspace``: U+0009-000D, U+001C-001F, U+0085, U+00A0, U+1680, U+2000-200A,
    U+2028-2029, U+202F, U+205F, U+3000; a test holds the class to Python's own, over every
    code point). One character class, several times faster than an alternation."""
    return re.compile("[\\x00-\\x1f\\x7f-\\xa0\\ud800-\\udfff\\u1680\\u2000-\\u200a\\u2028\\u2029"
                      + _BIDI + _INVISIBLE_SPLITS + "\\u202f\\u205f\\u3000]")


class _PunctToSpace(dict[int, int]):
    """A ``str.translate`` table: Unicode punctuation (category P*; symbols like $ + < are
    not) → a space, any other character → itself. Each character's category is looked up
    once, on first sight; after that ``translate`` reads the table in C, instead of a
    Python loop calling ``unicodedata.category`` for every character of a title."""

    def __missing__(self, code: int) -> int:
        out = 32 if unicodedata.category(chr(code)).startswith("P") else code
        if len(self) < 65_536:  # scripts in use are few; a hostile text cannot grow it
            self[code] = out
        return out


_PUNCT_TO_SPACE = _PunctToSpace()

_DROP_TAGS = frozenset({"script", "style", "template", "noscript"})
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "details"),
        *("div", "dl", "dt", "figcaption", "figure", "footer", "form", "header", "hr", "li"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "main", "nav", "ol", "p", "pre", "section"),
        *("summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    }
)

_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_OK = re.compile(r"^[\w.\-]+$")
_URL_WS = re.compile(r"[\t\n\r]")
# A link that is already absolute, with a host: joining it to a base changes nothing that
# canonical_link keeps (urljoin returns it as it is, or split and joined again, which
# only drops an empty ";params": such a link still goes through urljoin).
_ABSOLUTE_WEB = re.compile(r"https?://[^/?#]")
# Links canonical_link has just returned: canonical already (it is idempotent), so
# link_key need not redo the work when it keys them, as preparing a parsed feed's items
# does for every link. Cleared when full (one statement: threads share it).
_RECENT_CANONICAL: dict[str, None] = {}
_RECENT_MAX = 4096
_INVISIBLE = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Cs", "Co", "Cn"})


def strip_controls(s: str) -> str:
    """Remove terminal escape sequences and every control char except tab and newline.

    Removes C0 (but ``\\t``/``\\n``), DEL, C1 (0x80-0x9f), lone surrogates, the bidi
    embedding, override and isolate controls, and the invisible word splitters (soft
    hyphen, zero-width space, word joiner, BOM).
    """
    if not s:
        return ""
    if _CONTROLS.search(s) is None:  # every escape sequence starts with a control: done
        return s
    return _CONTROLS.sub("", _ESCAPE_SEQ.sub("", s))


def clean_text(s: str | None, max_len: int = 2000) -> str:
    """One line of plain text: no controls, whitespace runs folded, at most ``max_len`` chars."""
    if not s or max_len <= 0:
        return ""
    if _unclean_char().search(s) is None:  # the usual text: spaces are its only whitespace
        s = _SPACE_RUN.sub(" ", s).strip(" ") if "  " in s else s.strip(" ")
        return _cap(s, max_len)
    s = strip_controls(s.translate(_SPACE_LIKE))
    s = _WS_RUN.sub(" ", s).strip()
    return _cap(s, max_len)


def is_clean(s: str, max_len: int = 2000) -> bool:
    """True when ``clean_text(s, max_len)`` would return ``s`` unchanged: one scan, so text
    that was cleaned upstream (by parse_feed) is not cleaned again at every step."""
    return (
        0 < len(s) <= max_len
        and s[0] != " "
        and s[-1] != " "
        and "  " not in s
        and _unclean_char().search(s) is None
    )


def _cap(s: str, max_len: int) -> str:
    if len(s) <= max_len:
        return s
    return s[: max_len - 1].rstrip() + ELLIPSIS


class _TextExtractor(HTMLParser):
    """Collects text nodes; drops script/style; block tags become spaces.

    Uses a depth counter rather than a tag stack so absurdly nested or unbalanced markup
    costs nothing extra.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._dropping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._dropping = max(0, self._dropping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self.parts.append(data)


# Markup html.parser reads in only one way: text runs, and tags with plain attributes
# (ASCII whitespace only; no "<" or ">" in values). Comments, declarations, script/style
# and anything odd leave a "<" in a text run, and then html.parser itself runs.
_TAG_WS = r"[ \t\n\r\f]"
_TAG_ATTR = (
    rf"{_TAG_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    rf"""(?:{_TAG_WS}*={_TAG_WS}*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?"""
)
_SIMPLE_TAG = re.compile(
    rf"<([a-zA-Z][a-zA-Z0-9]*)(?:{_TAG_ATTR})*{_TAG_WS}*/?>|</([a-zA-Z][a-zA-Z0-9]*){_TAG_WS}*>"
)


_LONG_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{7,})|([0-9]{8,}));?")


def code_point(ref: re.Match[str]) -> int | None:
    """The code point a numeric reference names (hex digits in group 1, decimal in
    group 2), or None if beyond U+10FFFF; decided without int() on what may be thousands
    of digits (ValueError past 4300)."""
    hex_digits = ref.group(1)
    digits = (hex_digits or ref.group(2)).lstrip("0")
    if len(digits) > 7:
        return None
    value = int(digits or "0", 16 if hex_digits else 10)
    return value if value <= 0x10FFFF else None


def _short_ref(ref: re.Match[str]) -> str:
    """A reference with a long digit run → its short form, or U+FFFD (what
    html.unescape gives beyond U+10FFFF)."""
    cp = code_point(ref)
    return "\ufffd" if cp is None else f"&#x{cp:x};"


def html_to_text(s: str | None, max_len: int = 4000) -> str:
    """HTML fragment → plain text, then :func:`clean_text`.

    Input is cut to ``100 × max_len`` chars first so a hostile 10 MB summary costs
    milliseconds, not seconds. Simple markup is answered without html.parser: there the
    extractor's output is fixed (each text run unescaped, as ``convert_charrefs`` does, a
    space for each block tag, nothing for other tags); tests/test_parse_html.py checks
    the two ways agree.
    """
    if not s or max_len <= 0:
        return ""
    s = s[: max_len * 100]
    if "&#" in s:  # html.unescape raises past 4300 decimal digits: shorten such digit runs
        s = _LONG_REF.sub(_short_ref, s)
    parts = _SIMPLE_TAG.split(s)  # text, start name, end name, text, ...
    out = []
    for i in range(0, len(parts), 3):
        text = parts[i]
        if "<" in text:
            return _html_to_text_parsed(s, max_len)
        if text:
            out.append(unescape(text) if "&" in text else text)
        if i + 1 < len(parts):
            name = (parts[i + 1] or parts[i + 2]).lower()
            if name in _DROP_TAGS:
                return _html_to_text_parsed(s, max_len)
            if name in _BLOCK_TAGS:
                out.append(" ")
    return clean_text("".join(out), max_len)


def _html_to_text_parsed(s: str, max_len: int) -> str:
    """:func:`html_to_text` through html.parser, for any markup (``s`` is already cut);
    markup that would take html.parser quadratic time goes to a linear reading instead."""
    if _unclosed_reach(s) > 2 * len(s) + _REACH_SLACK:
        return _html_to_text_linear(s, max_len)
    parser = _TextExtractor()
    try:
        parser.feed(s)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # html.parser is lenient, but never let markup break an import
        text = re.sub(r"<[^>]*>", " ", s)
    return clean_text(text, max_len)


# html.parser (3.11) rescans to the end of the text for each "<" whose construct does not
# end: "<a " × 16,000 (48 kB) took 33 s in a summary, and a feed can hold many. A start
# tag, declaration or processing instruction ends at the next ">", a comment at "-->"
# ("-- >"), a marked section at "]]>" (<![CDATA[), or at "]>" for Word's and Outlook's
# <![if …]>, <![endif]>; html.parser skips a closed comment or section whole. The reach
# of the "<"s (from each to where its construct ends) is at most the text's length in
# markup whose constructs do not overlap, and grows with the square of the text in a bomb.
_REACH_SLACK = 20_000
_COMMENT_END = re.compile(r"--\s*>")
_SECTION_END = re.compile(r"]\s*]\s*>")
_MS_SECTION_END = re.compile(r"]\s*>")
_MS_SECTION = re.compile(r"<!\[\s*(?:if|else|endif)(?![-_.a-zA-Z0-9])", re.IGNORECASE)


def _unclosed_reach(s: str) -> int:
    """The sum, over each "<" html.parser would read in ``s``, of the distance to where its
    construct ends (the end of ``s`` if it never does); counting stops once it is clearly
    too much."""
    end, limit = len(s), 2 * len(s) + _REACH_SLACK
    known: dict[re.Pattern[str], tuple[int, int]] = {}  # closer -> (searched from, found)
    reach, gt = 0, -1
    i = s.find("<")
    while i >= 0 and reach <= limit:
        closer, skip = _closer(s, i)
        if closer is None:
            if gt < i:
                gt = s.find(">", i)
                gt = end if gt < 0 else gt
            reach += gt - i
            i = s.find("<", i + 1)
            continue
        since, stop = known.get(closer, (end + 1, end))
        if not since <= i + skip <= stop:  # not covered by the last search
            found = closer.search(s, i + skip)
            stop = found.start() if found else end
            known[closer] = (i + skip, stop)
        reach += stop - i
        i = s.find("<", stop if stop < end else i + 1)  # a closed one is skipped whole
    return reach


def _closer(s: str, i: int) -> tuple[re.Pattern[str] | None, int]:
    """What ends the construct at ``s[i]`` ("<") when it is not the next ">", and where
    the search for it starts."""
    if s.startswith("<!--", i):
        return _COMMENT_END, 4
    if s.startswith("<![", i):
        return (_MS_SECTION_END if _MS_SECTION.match(s, i) else _SECTION_END), 3
    return None, 0


def _html_to_text_linear(s: str, max_len: int) -> str:
    """HTML → text in linear time, for markup built to make html.parser slow: a tag (from
    "<" to the next ">", with no "<" inside) is dropped, a block tag leaves a space, what
    script and style elements hold goes, and any other "<" is text."""
    s = _without_comments(s)
    lowered = s.lower()
    ahead = {tag: -1 for tag in _DROP_TAGS}  # each one's next start tag (searched forward)
    kept: list[str] = []
    at = 0
    while True:
        for tag, i in ahead.items():
            if i < at:
                ahead[tag] = _start_tag(lowered, tag, at)
        found = [(i, tag) for tag, i in ahead.items() if i < len(s)]
        if not found:
            kept.append(s[at:])
            break
        start, tag = min(found)
        kept.append(s[at:start])
        close = lowered.find(f"</{tag}", start)
        if close < 0:
            break  # never closed: the rest is its content
        gt = lowered.find(">", close)
        at = len(s) if gt < 0 else gt + 1
    text = _ANY_TAG.sub(_tag_space, "".join(kept))
    return clean_text(unescape(text), max_len)


def _without_comments(s: str) -> str:
    """``s`` without its closed comments (an unclosed one, and what follows, is left for
    the tag stripper: no later comment can close either)."""
    kept: list[str] = []
    at = 0
    while (start := s.find("<!--", at)) >= 0:
        found = _COMMENT_END.search(s, start + 4)
        if found is None:
            break
        kept.append(s[at:start])
        at = found.end()
    kept.append(s[at:])
    return "".join(kept)


def _start_tag(lowered: str, tag: str, at: int) -> int:
    """Where the next ``<tag`` (the whole name) starts at or after ``at``; the end if none."""
    while (i := lowered.find(f"<{tag}", at)) >= 0:
        after = lowered[i + 1 + len(tag):i + 2 + len(tag)]
        if not after.isalnum():
            return i
        at = i + 1
    return len(lowered)


_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)?[^<>]*>")


def _tag_space(tag: re.Match[str]) -> str:
    return " " if (tag.group(2) or "").lower() in _BLOCK_TAGS else ""


def canonical_link(url: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) link in canonical form, or None if it is not a safe web link.

    Resolves against ``base``; refuses other schemes (``javascript:``, ``data:``, ``file:``…)
    and host-less URLs; lowercases scheme and host; drops user info, the default port, the
    fragment and tracking parameters (``utm_*``, ``fbclid``, ``gclid``).
    """
    if not url:
        return None
    url = _URL_WS.sub("", strip_controls(url)).strip()
    if not url:
        return None
    try:
        if base and not (_ABSOLUTE_WEB.match(url) and ";" not in url):  # see there
            base = _URL_WS.sub("", strip_controls(base)).strip()
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    elif not _HOST_OK.match(host):
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _quote_invisible(parts.path or "/")
    query = _quote_invisible(_drop_tracking(parts.query))
    link = urlunsplit((scheme, netloc, path, query, ""))
    if len(_RECENT_CANONICAL) >= _RECENT_MAX:
        _RECENT_CANONICAL.clear()
    _RECENT_CANONICAL[link] = None
    return link


def _quote_invisible(s: str) -> str:
    """Percent-encode whitespace and invisible format characters (U+2028, U+3000, U+202E…).

    A link is one token: a line separator or a bidi override in it would break or disguise
    it wherever it is printed.
    """
    if s.isascii():
        return s.replace(" ", "%20")
    return "".join(_quote_char(ch) for ch in s)


def _quote_char(ch: str) -> str:
    if ch.isspace() or unicodedata.category(ch) in _INVISIBLE:
        return quote(ch, safe="", errors="replace")
    return ch


def _drop_tracking(query: str) -> str:
    """Remove tracking parameters, keeping the others byte for byte."""
    if not query:
        return ""
    kept = []
    for field in query.split("&"):
        if not field:
            continue
        key = unquote(field.split("=", 1)[0]).strip().lower()
        if key.startswith("utm_") or key in _TRACKING_PARAMS:
            continue
        kept.append(field)
    return "&".join(kept)


def link_key(url: str) -> str:
    """A key under which the same article's links compare equal (scheme, www. and / ignored)."""
    link = url if url in _RECENT_CANONICAL else canonical_link(url)
    key = link if link is not None else clean_text(url, 2000).casefold()
    key = re.sub(r"^https?://", "", key)
    if key.startswith("www."):
        key = key[4:]
    return key.rstrip("/")


def title_key(title: str) -> str:
    """A key under which near-identical titles compare equal (case, punctuation, spacing)."""
    s = unicodedata.normalize("NFKC", clean_text(title, 2000)).casefold()
    return _WS_RUN.sub(" ", s.translate(_PUNCT_TO_SPACE)).strip()


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def shown_url(url: str) -> str:
    """``url`` as shown on screen and written to logs and cron mail: a user name or
    password in it (``https://user:secret@host/feed``) becomes ``***``. Stored, exported
    and fetched URLs keep them: a private feed needs them."""
    return _USERINFO.sub(r"\1***@", url, count=1)


def feed_label(name: str | None, title: str | None, url: str) -> str:
    """What a feed is called on screen: its configured name, else its own title, else
    its URL as shown (no password). The one place this rule is written."""
    return name or title or shown_url(url)
