"""How much the parser flags save, and what the hardened parse_feed costs on top.

Builds a realistic ~47 KB RSS 2.0 feed of 50 items (HTML summaries with links, images
and inline markup, as news sites send) and prints milliseconds per parse for:
feedparser with its defaults (HTML sanitising + relative URI resolution on), feedparser
with the flags parse_feed uses, and the full parse_feed (decode, DOCTYPE strip, root
check, feedparser, normalisation).

    /work/venv/bin/python bench/parse_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

import feedparser

from thawwatch.parse import parse_feed

URL = "https://news.example.org/feeds/canada-china.xml"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def build_feed(items: int = 50) -> bytes:
    """A ~47 KB, 50-item RSS feed with HTML descriptions."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>Canada–China trade desk</title><link>https://news.example.org/</link>"
        "<description>Tariffs, canola and the thaw</description>"
    ]
    for i in range(items):
        html = (
            f'<p><img src="/img/{i}.jpg" alt="photo {i}" width="640" height="360"/></p>'
            f"<p>Ottawa and Beijing traded statements on <b>canola</b> and <i>EV</i> duties "
            f'on day {i}. <a href="/articles/{i}/background?utm_source=rss">Background</a> '
            f'and <a href="https://example.com/{i}" style="color:red">analysis</a>.</p>'
            "<p>Officials said a review of the 100% surtax would start &ldquo;soon&rdquo;, "
            "while exporters in Saskatchewan asked for clarity on seed, oil and meal. "
            "Analysts expect the <em>pea</em> and <em>pork</em> lists to follow.</p>"
        )
        parts.append(
            "<item>"
            f"<title>Canola talks continue, round {i} &amp; more</title>"
            f"<link>https://news.example.org/articles/{i}?utm_medium=feed</link>"
            f'<guid isPermaLink="false">news-example-{i:05d}</guid>'
            f"<pubDate>Fri, 27 Feb 2026 {i % 24:02d}:15:00 -0500</pubDate>"
            f"<dc:creator>Desk {i % 7}</dc:creator><category>trade</category>"
            f"<category>agriculture</category><comments>https://news.example.org/c/{i}</comments>"
            f"<description><![CDATA[{html}]]></description>"
            "</item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def per_call_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and best milliseconds per call over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    body = build_feed()
    count = len(parse_feed(body, URL, NOW).items)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("feedparser, defaults", lambda: feedparser.parse(io.BytesIO(body))),
        (
            "feedparser, sanitize/resolve off",
            lambda: feedparser.parse(
                io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False
            ),
        ),
        ("parse_feed (full)", lambda: parse_feed(body, URL, NOW)),
    ]
    print(f"feed: {len(body) / 1000:.1f} kB, {count} items, {args.repeat} runs each\n")
    print(f"{'variant':<34} {'median ms':>10} {'best ms':>9}")
    base = None
    for name, fn in cases:
        median, best = per_call_ms(fn, args.repeat)
        base = base or median
        print(f"{name:<34} {median:>10.2f} {best:>9.2f}   ({median / base:.0%} of defaults)")


if __name__ == "__main__":
    main()
