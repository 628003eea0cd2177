"""What parse_feed costs: its fast path (thawwatch.feed_xml) against the feedparser path.

Builds a realistic ~47 KB RSS 2.0 feed of 50 items (HTML summaries with links, images
and inline markup, as news sites send) and the same items as an Atom 1.0 feed, and prints
for each a table of milliseconds per parse and items per second for:
feedparser alone with its defaults (HTML sanitising + relative URI resolution on) and with
the flags parse_feed uses; parse_feed forced onto feedparser (decode, DOCTYPE strip, root
check, feedparser, normalisation); and parse_feed as shipped (the same, with the
ElementTree fast path instead of feedparser). The machine is shared: the best of N runs is
the figure to compare, the median shows the noise.

    /work/venv/bin/python bench/parse_bench.py [--repeat N] [--format rss|atom|both]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

import feedparser

from thawwatch.feed_xml import parse_entries
from thawwatch.parse import _parse_feed_with_feedparser, parse_feed, prepare_xml

URL = "https://news.example.org/feeds/canada-china.xml"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _summary_html(i: int) -> str:
    return (
        f'<p><img src="/img/{i}.jpg" alt="photo {i}" width="640" height="360"/></p>'
        f"<p>Ottawa and Beijing traded statements on <b>canola</b> and <i>EV</i> duties "
        f'on day {i}. <a href="/articles/{i}/background?utm_source=rss">Background</a> '
        f'and <a href="https://example.com/{i}" style="color:red">analysis</a>.</p>'
        "<p>Officials said a review of the 100% surtax would start &ldquo;soon&rdquo;, "
        "while exporters in Saskatchewan asked for clarity on seed, oil and meal. "
        "Analysts expect the <em>pea</em> and <em>pork</em> lists to follow.</p>"
    )


def build_feed(items: int = 50) -> bytes:
    """A ~47 KB, 50-item RSS feed with HTML descriptions."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>Canada–China trade desk</title><link>https://news.example.org/</link>"
        "<description>Tariffs, canola and the thaw</description>"
    ]
    for i in range(items):
        parts.append(
            "<item>"
            f"<title>Canola talks continue, round {i} &amp; more</title>"
            f"<link>https://news.example.org/articles/{i}?utm_medium=feed</link>"
            f'<guid isPermaLink="false">news-example-{i:05d}</guid>'
            f"<pubDate>Fri, 27 Feb 2026 {i % 24:02d}:15:00 -0500</pubDate>"
            f"<dc:creator>Desk {i % 7}</dc:creator><category>trade</category>"
            f"<category>agriculture</category><comments>https://news.example.org/c/{i}</comments>"
            f"<description><![CDATA[{_summary_html(i)}]]></description>"
            "</item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def build_atom_feed(items: int = 50) -> bytes:
    """The same items as an Atom 1.0 feed (HTML content, alternate links, authors)."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Canada–China trade desk</title><id>urn:example:trade</id>"
        '<link rel="self" href="https://news.example.org/feeds/trade.atom"/>'
        '<link rel="alternate" type="text/html" href="https://news.example.org/"/>'
        "<updated>2026-02-27T23:15:00Z</updated>"
    ]
    for i in range(items):
        html = _summary_html(i).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts.append(
            "<entry>"
            f'<title type="html">Canola talks continue, round {i} &amp;amp; more</title>'
            f'<link rel="alternate" type="text/html" '
            f'href="https://news.example.org/articles/{i}?utm_medium=feed"/>'
            f"<id>tag:news.example.org,2026:{i:05d}</id>"
            f"<published>2026-02-27T{i % 24:02d}:15:00-05:00</published>"
            f"<updated>2026-02-27T{i % 24:02d}:45:00-05:00</updated>"
            f"<author><name>Desk {i % 7}</name></author>"
            '<category term="trade"/><category term="agriculture"/>'
            f'<content type="html">{html}</content>'
            "</entry>"
        )
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")


def per_call_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best and median milliseconds per call over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), statistics.median(times)


def table(name: str, body: bytes, repeat: int) -> None:
    """One feed: check both paths agree, then time each variant."""
    fast = parse_feed(body, URL, NOW)
    assert parse_entries(prepare_xml(body)) is not None, "fast path not taken"
    assert fast == _parse_feed_with_feedparser(body, URL, NOW), "paths disagree"
    count = len(fast.items)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("feedparser alone, defaults", lambda: feedparser.parse(io.BytesIO(body))),
        (
            "feedparser alone, sanitize/resolve off",
            lambda: feedparser.parse(
                io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False
            ),
        ),
        ("parse_feed, feedparser path", lambda: _parse_feed_with_feedparser(body, URL, NOW)),
        ("parse_feed, fast path", lambda: parse_feed(body, URL, NOW)),
    ]
    print(f"\n{name}: {len(body) / 1000:.1f} kB, {count} items, best of {repeat} runs")
    print(f"{'variant':<40} {'best ms':>8} {'median ms':>10} {'items/s':>9} {'speed-up':>9}")
    results = [(label, *per_call_ms(fn, repeat)) for label, fn in cases]
    reference = next(best for label, best, _ in results if label == "parse_feed, feedparser path")
    for label, best, median in results:
        ratio = f"{reference / best:.2f}x"
        print(f"{label:<40} {best:>8.2f} {median:>10.2f} {count / best * 1000:>9,.0f} {ratio:>9}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--format", choices=("rss", "atom", "both"), default="both")
    args = ap.parse_args()
    if args.format in ("rss", "both"):
        table("RSS 2.0", build_feed(), args.repeat)
    if args.format in ("atom", "both"):
        table("Atom 1.0", build_atom_feed(), args.repeat)
    print("\nspeed-up: against parse_feed on the feedparser path (best times)")


if __name__ == "__main__":
    main()
