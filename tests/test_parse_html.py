"""text.html_to_text must give what html.parser gives on every input (it only skips the
parser when the markup is simple enough that the parser's output is known)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thawwatch import text as text_mod
from thawwatch.text import html_to_text

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import feeds_fixture


def _parsed(s: str, max_len: int) -> str:
    """The reference: html.parser on every input, cut as html_to_text cuts it."""
    return text_mod._html_to_text_parsed(s[: max_len * 100], max_len) if s else ""


TAGS = ["p", "P", "b", "br", "BR", "div", "a", "img", "em", "li", "ul", "h2", "span", "td",
        "script", "style", "noscript", "template", "o:p", "x-y", "table", "summary", "pre"]
ATTR_VALUES = ['"x"', "'y'", "z", '"a > b"', '"a<b"', "/x/", '"q" ', "=x", "x/", '"é"', '""']
WS = [" ", "  ", "\t", "\n", "\r\n", "\f", "\xa0", "\u3000", "\v", ""]

pieces = st.one_of(
    st.sampled_from(["Canola", " ", "&amp;", "&lt;", "&#233;", "&#x1b;", "&nbsp;", "&bogus;",
                     "&", "&#", "&#x", "AT&T", "a > b", "<", ">", "<!-- c -->", "<!DOCTYPE x>",
                     "<?pi?>", "</", "<3", "\x1b[2J", "\x9b", "\u2028", "[bold]", "&ldquo;q&rdquo;",
                     "<![CDATA[x]]>", "</ p>", "<p/>", "<br />", "<a href=x/>", "</p x>"]),
    st.builds(lambda t, ws1, attrs, ws2, close: f"<{t}{attrs}{ws2}{close}>",
              st.sampled_from(TAGS), st.sampled_from(WS),
              st.lists(st.builds(lambda ws, n, v: f"{ws}{n}={v}" if v else f"{ws}{n}",
                                 st.sampled_from(WS[:-1]), st.sampled_from(["href", "class",
                                 "data-x", "src", "_a", "x:y", "1bad"]),
                                 st.sampled_from([*ATTR_VALUES, ""])), max_size=3).map("".join),
              st.sampled_from(WS), st.sampled_from(["", "/"])),
    st.builds(lambda t, ws: f"</{t}{ws}>", st.sampled_from(TAGS), st.sampled_from(WS)),
    st.text(max_size=8),
)
html = st.lists(pieces, max_size=40).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html, st.sampled_from([1, 5, 30, 120, 4000]))
def test_shortcut_equals_html_to_text(s: str, max_len: int) -> None:
    assert html_to_text(s, max_len) == _parsed(s, max_len)


def _fixture_summaries() -> list[str]:
    anchor = feeds_fixture.default_anchor()
    return [feeds_fixture.make_item(feed, seq, anchor).summary_html
            for feed in range(0, 50, 5) for seq in range(3000, 3050)]


def test_bench_summaries_take_the_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    summaries = _fixture_summaries()
    expected = [_parsed(s, 4000) for s in summaries]

    def boom(s: str, max_len: int) -> str:
        raise AssertionError("html.parser used")

    monkeypatch.setattr(text_mod, "_html_to_text_parsed", boom)
    assert [html_to_text(s, 4000) for s in summaries] == expected


@pytest.mark.parametrize(
    "s",
    [
        "<a " + "b" * 200_000,
        "<a b=" + '"' * 100_000,
        ("<p " + "x=y " * 50_000) + "<",
        "<" * 300_000,
        "<p" + " a" * 100_000 + "!",
    ],
)
def test_shortcut_is_fast_on_hostile_markup(s: str) -> None:
    """No catastrophic backtracking: quadratic work on these would run for minutes; the
    bound is loose so a busy machine cannot fail it (speed itself is measured in bench/)."""
    expected = _parsed(s, 4000)
    t0 = time.process_time()
    got = html_to_text(s, 4000)
    assert time.process_time() - t0 < 10.0
    assert got == expected


@pytest.mark.parametrize("max_len", [1, 2, 3])
@pytest.mark.parametrize("s", ["<b></b>" * 60 + "text", "<p>" * 99 + "xy", "a" * 99 + "<br>b",
                               "&amp;" * 80 + "z", "<i>" + "q" * 300])
def test_shortcut_cuts_where_html_to_text_cuts(s: str, max_len: int) -> None:
    assert html_to_text(s, max_len) == _parsed(s, max_len)


@pytest.mark.parametrize("ref", ["&#" + "9" * 5000 + ";", "&#" + "0" * 5000 + "65;",
                                 "&#x" + "0" * 5000 + "41", "<b>&#" + "7" * 5000 + ";</b>"])
def test_references_with_thousands_of_digits_do_not_raise(ref: str) -> None:
    """html.unescape raises ValueError past 4300 decimal digits; html_to_text must not."""
    expected = "\ufffd" if "9" * 10 in ref or "7" * 10 in ref else "A"
    assert html_to_text(ref) == expected


BOMBS = ["<a " * 16_000, "<a b='" * 12_000, '<a b="' * 12_000, "<a\n" * 16_000,
         "<a b='x'c" * 10_000, "<!--" * 20_000, "<!-- x >" * 20_000,
         "<![CDATA[ >" * 20_000, "<![if x>" * 20_000, "<p>Canola</p>" + "<a " * 16_000]


@pytest.mark.parametrize("bomb", BOMBS, ids=lambda b: repr(b[:12]))
def test_markup_that_makes_html_parser_quadratic_is_read_without_it(
        bomb: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """html.parser (3.11) rescans to the end for each construct that never ends: one
    summary of "<a " × 16,000 (48 kB) took 33 s, and "<a b='" × 20,000 53 s (an outside
    review). Such markup is read in linear time instead, without html.parser."""
    used: list[str] = []
    monkeypatch.setattr(text_mod._TextExtractor, "feed", lambda _self, s: used.append(s))
    text = html_to_text(bomb, 4000)
    assert used == []  # (were it used, its handler would have fallen back: see there)
    assert len(text) <= 4000
    if bomb.startswith("<p>Canola</p>"):
        assert text.startswith("Canola <a <a <a")


WORD = ('<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom>'
        '<w:LidThemeOther>EN-CA</w:LidThemeOther><w:LidThemeAsian>ZH-CN</w:LidThemeAsian>'
        '</w:WordDocument></xml><![endif]--><p>China and Canada agree to lower tariffs.</p>'
        + "".join('<p class="MsoListParagraph" style="mso-list:l0 level1 lfo1"><![if !support'
                  'Lists]><span style="font-family:Symbol">·<span style="font:7.0pt">&nbsp;'
                  f'</span></span><![endif]>Canola seed: deposit of {n}% removed.</p>'
                  for n in range(12)))
OUTLOOK = "".join('<!--[if mso]><table><tr><td width="600"><![endif]--><div class="x">'
                  f'<p>Update {n}: pea tariffs &lt; 100%.</p></div><!--[if mso]></td></tr>'
                  '</table><![endif]-->' for n in range(60))


def test_real_markup_never_takes_the_linear_reading() -> None:
    """Markup whose constructs all end reaches no further than its own length; Word's and
    Outlook's conditional comments and sections included (they read as comment contents
    until the reach skipped closed comments and ended <![if …]> at "]>": review)."""
    for s in [*_fixture_summaries(), "<p>a < b</p><!-- c > d --><![CDATA[x]]>" * 500, WORD,
              OUTLOOK]:
        assert text_mod._unclosed_reach(s) <= len(s)
    for s in (WORD, OUTLOOK):
        assert html_to_text(s, 4000) == _parsed(s, 4000)
    assert html_to_text(WORD, 4000).startswith("China and Canada agree to lower tariffs. ·")


def test_the_linear_reading() -> None:
    html = ("<P class='x'>One</P><script>if (a<b) x()</script>two &amp; <b>three</b>"
            "<STYLE>p{}</STYLE><br>four < five <scripts>six</scripts>")
    assert text_mod._html_to_text_linear(html, 4000) == "One two & three four < five six"
    assert text_mod._html_to_text_linear("a<script>never closed", 4000) == "a"
    assert text_mod._html_to_text_linear(WORD, 4000) == html_to_text(WORD, 4000)
