"""Feed text is hostile: no control character may survive clean_text, links must be web links."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thawwatch.text import (
    canonical_link,
    clean_text,
    html_to_text,
    is_clean,
    link_key,
    strip_controls,
    title_key,
)

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")

# Text that leans on the dangerous ranges so hypothesis finds trouble quickly.
hostile_chars = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x9F),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.sampled_from(["\x1b[", "\x1b]", "\x9b", "\x07", "\x1b\\", "[", "]", ";", " ",
                     "\u202e", "\u2066", "\u200f"]),
    st.characters(),
)
hostile_text = st.lists(hostile_chars, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(hostile_text, st.integers(min_value=1, max_value=100))
def test_clean_text_never_leaves_controls(s: str, max_len: int) -> None:
    out = clean_text(s, max_len)
    assert not CONTROL.search(out)
    assert len(out) <= max_len
    assert out == out.strip()
    assert "  " not in out


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_html_to_text_never_leaves_controls(s: str) -> None:
    out = html_to_text("<p>" + s + "</p>&#27;&#x9b;&#0;")
    assert not CONTROL.search(out)


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_strip_controls_keeps_only_tab_and_newline(s: str) -> None:
    out = strip_controls(s)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]",
                         out)


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_canonical_link_is_none_or_web_link(s: str) -> None:
    out = canonical_link(s, "https://example.org/feed")
    assert out is None or (re.match(r"^https?://[^/?#]+", out) and not CONTROL.search(out))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("before\x1b[2Jafter", "beforeafter"),  # CSI clear screen
        ("a\x1b]52;c;SGVsbG8gd29ybGQ=\x07b", "ab"),  # OSC 52 clipboard write
        ("\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\", "click me"),  # OSC 8
        ("bare\x1bESC", "bareESC"),
        ("c1\x9b31mcsi", "c1csi"),
        ("del\x7fete", "delete"),
        ("nul\x00l", "null"),
        ("line\r\nbreak\tand\x0bvt", "line break and vt"),
        ("lone\ud800surrogate", "lonesurrogate"),
        ("[bold red]x[/]", "[bold red]x[/]"),  # markup is kept literally
        ("Canola \u202egnp.exe\u202c duty", "Canola gnp.exe duty"),  # a bidi override
        ("\u2067isolate\u2069 \u202aembed\u202c", "isolate embed"),
        ("\u05e9\u05dc\u05d5\u05dd \u200fRLM", "\u05e9\u05dc\u05d5\u05dd \u200fRLM"),  # marks stay
        ("  many   \n\n spaces\u00a0here ", "many spaces here"),
        (None, ""),
    ],
)
def test_clean_text_cases(raw: str | None, expected: str) -> None:
    assert clean_text(raw) == expected


def test_strip_controls_keeps_tab_and_newline() -> None:
    assert strip_controls("a\tb\nc\rd\x1b[0m") == "a\tb\ncd"


def test_clean_text_caps_with_ellipsis() -> None:
    out = clean_text("word " * 1000, 20)
    assert len(out) == 20
    assert out.endswith("…")
    assert clean_text("short", 20) == "short"


def test_clean_text_huge_input_is_capped() -> None:
    assert len(clean_text("x" * 5_000_000)) == 2000


def test_html_to_text() -> None:
    html = (
        "<div><p>Canola&nbsp;tariffs &amp; <b>peas</b></p><p>second</p>"
        "<script>alert('x')</script><style>p{color:red}</style><!-- hidden -->"
        "<ul><li>one</li><li>two</li></ul>line<br>break</div>"
    )
    assert html_to_text(html) == "Canola tariffs & peas second one two line break"


def test_html_to_text_escape_in_entities_removed() -> None:
    assert html_to_text("a&#27;[2Jb &#x1b;]52;c;x&#7; c") == "a[2Jb ]52;c;x c"


def test_html_to_text_unbalanced_and_caps() -> None:
    assert html_to_text("<p>open <b>bold <i>it") == "open bold it"
    assert len(html_to_text("<p>" + "y " * 10_000 + "</p>", 100)) == 100
    assert html_to_text(None) == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.ORG/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://example.org:80/x", "http://example.org/x"),
        ("https://example.org:443", "https://example.org/"),
        ("https://example.org:8443/x#frag", "https://example.org:8443/x"),
        (
            "https://example.org/a?utm_source=rss&id=7&fbclid=abc&UTM_medium=x&gclid=z",
            "https://example.org/a?id=7",
        ),
        ("  https://example.org/a\n", "https://example.org/a"),
        ("https://user:pw@example.org/", "https://example.org/"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("file:///etc/passwd", None),
        ("mailto:a@example.org", None),
        ("vbscript:msgbox", None),
        ("ftp://example.org/x", None),
        ("http:///nohost", None),
        ("http://exa mple.org/", None),
        ("http://[::1/", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_link(url: str | None, expected: str | None) -> None:
    assert canonical_link(url) == expected


def test_canonical_link_relative() -> None:
    base = "https://news.example.org/feeds/rss.xml"
    assert canonical_link("/a/b", base) == "https://news.example.org/a/b"
    assert canonical_link("c.html", base) == "https://news.example.org/feeds/c.html"
    assert canonical_link("//cdn.example.org/x", base) == "https://cdn.example.org/x"
    assert canonical_link("javascript:alert(1)", base) is None
    assert canonical_link("relative", None) is None


def test_link_key() -> None:
    assert link_key("https://www.example.org/a/") == "example.org/a"
    assert link_key("http://example.org/a?utm_source=x") == "example.org/a"
    assert link_key("https://www.example.org/a/") == link_key("http://example.org/a#top")
    assert link_key("https://example.org/a") != link_key("https://example.org/b")


def test_title_key() -> None:
    a = title_key("Canada–China: “Thaw” talks resume!")
    b = title_key("canada-china thaw talks resume")
    assert a == b == "canada china thaw talks resume"
    assert title_key("ＣＡＮＡＤＡ") == "canada"
    assert title_key("Peas tariff lifted") != title_key("Peas tariff raised")


@settings(max_examples=400, deadline=None)
@given(hostile_text, st.integers(min_value=1, max_value=100))
def test_is_clean_means_clean_text_changes_nothing(s: str, max_len: int) -> None:
    """ingest skips cleaning text that is_clean accepts, so the two must agree exactly."""
    if is_clean(s, max_len):
        assert clean_text(s, max_len) == s
    cleaned = clean_text(s, max_len)
    assert is_clean(cleaned, max_len) == bool(cleaned)


@pytest.mark.parametrize(
    "s", ["a  b", " a", "a ", "a\tb", "a\nb", "a\u2028b", "a\x1b[2Jb", "", "x" * 11, "a\u202eb"]
)
def test_is_clean_rejects(s: str) -> None:
    assert not is_clean(s, 10)


def _title_key_by_the_rule(title: str) -> str:
    """title_key as its docstring defines it, one character at a time."""
    import unicodedata

    s = unicodedata.normalize("NFKC", clean_text(title, 2000)).casefold()
    s = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in s)
    return re.sub(r"\s+", " ", s).strip()


def _clean_text_the_long_way(s: str | None, max_len: int) -> str:
    """clean_text without its shortcut for text whose only whitespace is the space."""
    if not s or max_len <= 0:
        return ""
    s = strip_controls(s.translate(str.maketrans(dict.fromkeys("\r\x0b\x0c\x85", " "))))
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= max_len else s[: max_len - 1].rstrip() + "…"


def test_title_key_translate_table_matches_the_per_character_rule() -> None:
    """Titles are keyed through a translate table filled on first sight of a character;
    every character must come out as the category rule says, however full the table."""
    every_ascii = "".join(chr(i) for i in range(32, 127))
    assert title_key(every_ascii) == _title_key_by_the_rule(every_ascii)
    assert title_key("Canola: China's tariff (100%) — cut!") == "canola china s tariff 100 cut"
    for start in range(0x80, 0x30000, 0x400):  # past the table's cap: looked up each time
        chunk = "".join(map(chr, range(start, start + 0x400)))  # under clean_text's cap
        assert title_key(chunk) == _title_key_by_the_rule(chunk)


@settings(max_examples=400, deadline=None)
@given(st.one_of(hostile_text, st.text(max_size=80)))
def test_title_key_matches_the_per_character_rule(s: str) -> None:
    assert title_key(s) == _title_key_by_the_rule(s)


@settings(max_examples=400, deadline=None)
@given(st.one_of(hostile_text, st.text(alphabet=" \u00a0\u3000ab–", max_size=40),
                 st.text(max_size=80)), st.integers(min_value=1, max_value=100))
def test_clean_text_shortcut_matches_the_long_way(s: str, max_len: int) -> None:
    assert clean_text(s, max_len) == _clean_text_the_long_way(s, max_len)


def test_clean_text_folds_space_runs_in_text_without_other_whitespace() -> None:
    assert clean_text("  Canola   tariff  cut ", 100) == "Canola tariff cut"
    assert clean_text("  Canola\u00a0 tariff", 100) == "Canola tariff"
    assert clean_text("   ", 100) == ""
