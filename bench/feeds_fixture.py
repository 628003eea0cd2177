"""Shared by bench/refresh.py and bench/soak.py: realistic feeds and a loopback feed server.

Not a benchmark itself. It provides

* deterministic RSS 2.0 feeds (``build_feed``): ~47 KB for 50 items, varied titles and HTML
  summaries; about one item in five is about Canada–China trade (canola, peas, lobster, the
  EV surtax, pork, steel), the rest is ordinary news, some of it about China or the US
  without Canada, or Canada without China; a few wire stories appear in several feeds;
* ``parsed_items``: the same kind of items as ``ParsedItem`` objects, for bulk inserts;
* a feed server run as a *separate process* (so the client's GIL cannot slow it): asyncio,
  HTTP/1.1 with keep-alive, a fixed latency per response, gzip when asked, ETag and
  Last-Modified with 304s, feeds spread over several loopback hosts (127.0.0.2, .3, …), a
  request log, and a control port on 127.0.0.1 to rotate new items in (new validators),
  reset, read the log and quit. It listens on loopback only and exits by itself after
  ``--max-seconds``, when its stdin closes (the parent died) or on ``/_ctl/quit``.

Use from Python::

    with FeedServerProcess(feeds=50, items=50, hosts=13, latency=0.2) as srv:
        srv.urls              # the feed URLs
        srv.rotate(5)         # five new items in every feed, new ETags
        srv.take_log()        # requests since the last call, then cleared

or run the server alone: ``python bench/feeds_fixture.py --feeds 50 --items 50``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email.utils
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

ITEM_SPACING_S = 600  # ten minutes between consecutive items of one feed
CONTROL_HOST = "127.0.0.1"

# --------------------------------------------------------------------------- text

_PLACES = ("Regina", "Saskatoon", "Winnipeg", "Halifax", "Vancouver", "Calgary", "Moncton",
           "Charlottetown", "Thunder Bay", "Lethbridge", "Yarmouth", "Prince Rupert", "Brandon",
           "Red Deer", "Kamloops", "Sudbury", "Kingston", "Sherbrooke", "Trois-Rivières",
           "Fredericton", "Saint John", "Sydney", "Nanaimo", "Kelowna", "Swift Current",
           "Moose Jaw", "Grande Prairie", "Medicine Hat", "Shediac", "Lunenburg")
_FIRMS = ("Richardson", "Viterra", "Cargill Canada", "Clearwater", "Nutrien", "Algoma Steel",
          "Magna", "BYD", "Tesla", "Stelco", "Olymel", "Paterson GlobalFoods")
_TRADE = (
    ("China suspends tariffs on Canadian peas from {m} 1 to December 31",
     "Beijing said the suspension of its 100% duty on Canadian peas covers shipments "
     "cleared from {m} 1. Pulse growers in {place} welcomed the move."),
    ("Beijing cuts canola seed duty to {rate}% as Ottawa reviews EV surtax",
     "China's commerce ministry lowered the anti-dumping deposit on Canadian canola seed "
     "to {rate}%, days after Ottawa opened a review of its 100% surtax on Chinese EVs."),
    ("Lobster exporters in {place} cheer as China lifts seafood tariff",
     "Nova Scotia and New Brunswick shippers say live lobster and snow crab orders from "
     "Chinese buyers picked up within hours of the announcement."),
    ("Canola growers in {place} still wait for relief on oil and meal duties from China",
     "Farm groups in {place} say the 100% tariffs on Canadian canola oil and meal keep "
     "crushing margins thin while seed exports recover."),
    ("Ottawa keeps 100% surtax on Chinese electric vehicles, {firm} told",
     "The finance minister said the surtax on Chinese-made EVs stays while Canada "
     "consults automakers including {firm}."),
    ("China extends pork tariff on Canada to {m} 2027",
     "MOFCOM said the 25% duty on Canadian pork will stay until {m} 2027; {firm} said "
     "it would look for buyers in Vietnam and the Philippines."),
    ("Carney and Xi aides meet in Beijing on canola and EVs in {m}",
     "Officials from both sides discussed the canola dispute, the EV surtax and the steel "
     "and aluminum surtaxes; no date was set for a leaders' call."),
    ("Canada's steel surtax on Chinese imports hits {firm} suppliers",
     "Distributors in {place} say the 25% surtax on Chinese steel and aluminum products "
     "has raised costs for fabricators since October."),
    ("Chinese tourists return to {place} as Beijing restores group tours",
     "Tour operators in {place} report bookings from Shanghai and Guangzhou after China "
     "restored approved-destination status for Canada."),
    ("Pea and canola exports to China jump {rate}% after tariff truce",
     "Statistics Canada data show shipments to China rose {rate}% in {m}, led by canola "
     "seed and yellow peas from the Prairies."),
)
_OTHER = (
    ("{place} council approves new transit budget after long debate",
     "Councillors voted 9-4 for the plan, which adds bus routes and delays a bridge repair "
     "until {year}."),
    ("Storm warning issued for {place} as heavy snow moves in",
     "Environment Canada expects up to {n} cm of snow overnight; schools may close."),
    ("{firm} reports quarterly profit above expectations",
     "Revenue rose {rate}% on stronger demand, the company said, and it raised its outlook."),
    ("Bank of Canada holds rate at {rate2}%, signals patience",
     "Governor Tiff Macklem said inflation is close to target but trade uncertainty remains."),
    ("Oilers edge Flames {n2}-{n3} in overtime thriller",
     "A late power-play goal forced extra time before the winner came {n} seconds in."),
    ("US tariffs on Mexican tomatoes take effect in {m}",
     "Washington's 17% duty applies to most fresh tomatoes; growers in Florida welcomed it."),
    ("China's factory activity expands in {m}",
     "The official PMI rose to 50.{n} in {m}, beating forecasts as export orders improved."),
    ("Housing starts in {place} fall as borrowing costs bite",
     "CMHC data show a {rate}% drop from a year earlier, with condo projects hit hardest."),
    ("Wheat futures rise {n} cents on dry weather in Argentina",
     "Traders in Chicago pointed to crop stress and a weaker US dollar."),
    ("Provincial election: polls tighten in {place} in final week",
     "Leaders crossed {place} and nearby ridings as undecided voters hold the balance."),
    ("New ferry schedule angers residents near {place}",
     "Residents near {place} say fewer sailings will hurt tourism and medical trips."),
    ("Tech startup in {place} raises $ {n} million",
     "The firm, which makes software for farm logistics, plans to double its staff."),
    ("Beijing opens subway line {n} ahead of schedule",
     "The 28-km line links the airport express with the eastern business district."),
    ("Washington and Ottawa trade barbs over dairy access in {m}",
     "US negotiators again pressed for more access to Canada's supply-managed dairy "
     "market as the CUSMA review approaches."),
    ("Hospital wait times improve slightly in {place}, report says",
     "The provincial health authority credited extra evening shifts in emergency rooms."),
    ("Gold hits record above US$ {n}00 as investors seek safety",
     "Bullion rose above US$ {n}00 an ounce; miners in Ontario and Quebec gained."),
)
_WIRE = (
    "Canada and China agree to resume talks on canola market access",
    "Global markets slide as bond yields climb",
    "Wildfire season ends with record area burned across the West",
    "China lifts anti-dumping duty on Canadian canola seed, officials confirm",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_FILLER = (
    "Analysts said the decision had been expected for weeks and markets barely moved.",
    "Local businesses told reporters they were still studying the details.",
    "A spokesperson declined to comment further, citing ongoing discussions.",
    "Opposition critics said the government had moved too slowly.",
    "Economists cautioned that one month of data does not make a trend.",
    "Industry groups plan to brief members at their annual meeting next week.",
    "The report drew on surveys of more than 1,200 households and firms.",
    "Officials expect a fuller update before the end of the quarter.",
    "Residents can find more information on the city's website.",
    "Some observers noted the timing ahead of the federal budget.",
)


@dataclass(frozen=True)
class FeedItem:
    """One generated item: plain fields, the summary both as HTML and as plain text."""

    guid: str
    link: str
    title: str
    summary_html: str
    summary_text: str
    published: datetime
    trade: bool


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        place=rng.choice(_PLACES), firm=rng.choice(_FIRMS), m=rng.choice(_MONTHS),
        rate=rng.choice((5, 7, 12, 15, 20, 25, 30)), rate2=rng.choice(("2.25", "2.5", "2.75")),
        year=rng.randint(2027, 2030), n=rng.randint(2, 60), n2=rng.randint(3, 6),
        n3=rng.randint(2, 5),
    )


def make_item(feed: int, seq: int, anchor: datetime, trade_share: float = 0.2) -> FeedItem:
    """Item ``seq`` of feed ``feed``; the same arguments always give the same item."""
    rng = random.Random(feed * 1_000_003 + seq)
    published = anchor + timedelta(seconds=seq * ITEM_SPACING_S + feed * 37)
    roll = rng.random()
    if roll < 0.04:  # a wire story several feeds carry: same title and link
        title = _WIRE[seq % len(_WIRE)]
        link = f"https://wire.example.net/story/{seq}"
        lead = f"{title}. The story was distributed to member newspapers on {seq}."
        trade = "Canada" in title or "canola" in title
    else:
        trade = roll < 0.04 + trade_share
        title_t, lead_t = rng.choice(_TRADE if trade else _OTHER)
        title, lead = _fill(title_t, rng), _fill(lead_t, rng)
        title += rng.choice(("", "", "", " – analysis", " (updated)", " – sources",
                             f", {rng.choice(_WEEKDAYS)}", f": {rng.choice(_PLACES)}"))
        link = f"https://news{feed}.example.org/{published:%Y/%m/%d}/story-{seq}?utm_source=rss"
    extra = " ".join(rng.sample(_FILLER, 3))
    summary_text = f"{lead} {extra}"
    summary_html = (
        f'<p><img src="https://cdn{feed}.example.org/img/{seq}.jpg" alt="{escape(title)}" '
        f'width="640"/></p><p><b>{escape(lead)}</b></p>'
        f"<p>{escape(extra)} <a href=\"/related/{seq}?ref=feed\">Related coverage</a> and "
        f'<a href="https://example.com/analysis/{seq}" rel="nofollow">analysis</a>.</p>'
    )
    return FeedItem(guid=f"feed{feed}-item{seq:06d}", link=link, title=title,
                    summary_html=summary_html, summary_text=summary_text,
                    published=published, trade=trade)


def build_feed(feed: int, newest: int, count: int, anchor: datetime) -> bytes:
    """An RSS 2.0 document with items ``newest``, ``newest-1``, … (``count`` of them)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>Bench News {feed}</title><link>https://news{feed}.example.org/</link>"
        f"<description>Regional and business news, desk {feed}</description>"
        "<language>en-ca</language><ttl>30</ttl>"
    ]
    for seq in range(newest, max(newest - count, -1), -1):
        it = make_item(feed, seq, anchor)
        category = "trade" if it.trade else "news"
        parts.append(
            "<item>"
            f"<title>{escape(it.title)}</title><link>{escape(it.link)}</link>"
            f'<guid isPermaLink="false">{it.guid}</guid>'
            f"<pubDate>{email.utils.format_datetime(it.published)}</pubDate>"
            f"<dc:creator>Desk {seq % 9}</dc:creator><category>{category}</category>"
            f"<category>canada</category>"
            f"<description><![CDATA[{it.summary_html}]]></description>"
            "</item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def parsed_items(feed: int, first: int, count: int, anchor: datetime) -> list[Any]:
    """Items ``first`` … ``first+count-1`` of ``feed`` as ``thawwatch.parse.ParsedItem``."""
    from thawwatch.parse import ParsedItem

    out = []
    for seq in range(first, first + count):
        it = make_item(feed, seq, anchor)
        out.append(ParsedItem(guid=it.guid, link=it.link.split("?")[0], title=it.title,
                              summary=it.summary_text, published=it.published,
                              published_known=True))
    return out


def default_anchor(items_back: int = 3000) -> datetime:
    """A start time far enough back that ``items_back`` items stay in the past."""
    now = datetime.now(UTC).replace(microsecond=0)
    return now - timedelta(seconds=items_back * ITEM_SPACING_S + 3600)


def loopback_hosts(n: int) -> list[str]:
    """``n`` distinct loopback addresses that can be bound here (127.0.0.2 upward)."""
    import socket

    hosts = []
    for last in range(2, 255):
        if len(hosts) == n:
            break
        with socket.socket() as s:
            try:
                s.bind((f"127.0.0.{last}", 0))
            except OSError:
                continue
        hosts.append(f"127.0.0.{last}")
    if len(hosts) < n:
        raise SystemExit(f"only {len(hosts)} loopback addresses can be bound, {n} wanted")
    return hosts


# --------------------------------------------------------------------------- server


@dataclass
class _Feed:
    index: int
    host: str
    newest: int
    etag: str = ""
    last_modified: str = ""
    lm_epoch: float = 0.0
    raw: bytes = b""
    gz: bytes = b""


class FeedServer:
    """The asyncio server: feed routes on several hosts, a control route, a request log."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.anchor = datetime.fromtimestamp(args.anchor, UTC)
        self.hosts = loopback_hosts(args.hosts)
        self.port = 0
        self.feeds = [_Feed(i, self.hosts[i % len(self.hosts)], args.items - 1)
                      for i in range(args.feeds)]
        self.generation = 0
        self.log: list[dict[str, Any]] = []
        self.inflight = self.max_inflight = self.max_host = 0
        self.host_inflight: dict[str, int] = {}
        self.stop = asyncio.Event()
        for f in self.feeds:
            self._render(f)

    def _render(self, f: _Feed) -> None:
        f.raw = build_feed(f.index, f.newest, self.args.items, self.anchor)
        f.gz = gzip.compress(f.raw, compresslevel=6, mtime=0)
        f.etag = f'"f{f.index}-n{f.newest}-g{self.generation}"'
        epoch = max(time.time(), f.lm_epoch + 1.0)  # strictly newer, whole seconds
        f.lm_epoch = float(int(epoch))
        f.last_modified = email.utils.formatdate(f.lm_epoch, usegmt=True)

    def url(self, f: _Feed) -> str:
        return f"http://{f.host}:{self.port}/feeds/{f.index}.xml"

    # -- control
    def control(self, path: str, query: dict[str, list[str]]) -> dict[str, Any]:
        if path == "/_ctl/rotate":
            n = int(query.get("n", ["5"])[0])
            self.generation += 1
            for f in self.feeds:
                f.newest += n
                self._render(f)
            return {"generation": self.generation, "newest": self.feeds[0].newest}
        if path == "/_ctl/reset":
            self.generation += 1
            for f in self.feeds:
                f.newest = self.args.items - 1
                self._render(f)
            self.log.clear()
            self.max_inflight = self.max_host = 0
            return {"generation": self.generation}
        if path == "/_ctl/log":
            out, self.log = self.log, []
            peak = {"global": self.max_inflight, "per_host": self.max_host}
            self.max_inflight = self.max_host = 0
            return {"requests": out, "max_in_flight": peak}
        if path == "/_ctl/info":
            return {"urls": [self.url(f) for f in self.feeds], "hosts": self.hosts,
                    "port": self.port, "bytes": [len(f.raw) for f in self.feeds],
                    "gzip_bytes": [len(f.gz) for f in self.feeds]}
        if path == "/_ctl/quit":
            self.stop.set()
            return {"bye": True}
        raise KeyError(path)

    # -- HTTP
    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        local = writer.get_extra_info("sockname")[0]
        try:
            for _ in range(10_000):  # requests on one keep-alive connection
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError,
                        ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, *_ = [*lines[0].split(" "), "", ""]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                keep = headers.get("connection", "").lower() != "close"
                status, extra, body, entry = await self._answer(local, method, target, headers)
                reason = {200: "OK", 304: "Not Modified", 404: "Not Found",
                          405: "Method Not Allowed"}.get(status, "OK")
                out = [f"HTTP/1.1 {status} {reason}",
                       f"Date: {email.utils.formatdate(usegmt=True)}", "Server: bench-feeds"]
                out += [f"{k}: {v}" for k, v in extra.items()]
                if status != 304:
                    out.append(f"Content-Length: {len(body)}")
                if not keep:
                    out.append("Connection: close")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
                if entry is not None:
                    entry["done"] = time.time()
                    self.log.append(entry)
                if not keep:
                    return
        except ConnectionError:
            return
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _answer(
        self, local: str, method: str, target: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes, dict[str, Any] | None]:
        parts = urlsplit(target)
        if parts.path.startswith("/_ctl/"):
            if local != CONTROL_HOST:
                return 404, {}, b"", None
            try:
                doc = self.control(parts.path, parse_qs(parts.query))
            except (KeyError, ValueError):
                return 404, {}, b"", None
            return 200, {"Content-Type": "application/json"}, json.dumps(doc).encode(), None
        received = time.time()
        feed = self._feed_for(local, parts.path)
        entry: dict[str, Any] = {"t": received, "host": local, "path": parts.path}
        if method not in ("GET", "HEAD") or feed is None:
            entry.update(status=405 if feed else 404, inm=False, ims=False, bytes=0)
            return entry["status"], {}, b"", entry
        inm, ims = headers.get("if-none-match"), headers.get("if-modified-since")
        if inm is not None:
            fresh = feed.etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        elif ims is not None:
            when = email.utils.parsedate_to_datetime(ims) if ims else None
            fresh = when is not None and when.timestamp() >= feed.lm_epoch
        else:
            fresh = False
        extra = {"ETag": feed.etag, "Last-Modified": feed.last_modified,
                 "Cache-Control": "max-age=0", "Vary": "Accept-Encoding"}
        if not self.args.validators:  # a server that sends the whole feed every time
            fresh = False
            del extra["ETag"], extra["Last-Modified"]
        body = b""
        use_gzip = self.args.gzip and "gzip" in headers.get("accept-encoding", "")
        if not fresh:
            extra["Content-Type"] = "application/rss+xml; charset=utf-8"
            body = feed.gz if use_gzip else feed.raw
            if use_gzip:
                extra["Content-Encoding"] = "gzip"
        self.inflight += 1
        self.host_inflight[local] = self.host_inflight.get(local, 0) + 1
        self.max_inflight = max(self.max_inflight, self.inflight)
        self.max_host = max(self.max_host, self.host_inflight[local])
        try:
            if self.args.latency > 0:
                await asyncio.sleep(self.args.latency)
        finally:
            self.inflight -= 1
            self.host_inflight[local] -= 1
        status = 304 if fresh else 200
        entry.update(status=status, inm=inm is not None, ims=ims is not None, bytes=len(body),
                     gzip="Content-Encoding" in extra, ua=headers.get("user-agent", "")[:40])
        return status, extra, (b"" if method == "HEAD" else body), entry

    def _feed_for(self, local: str, path: str) -> _Feed | None:
        if not (path.startswith("/feeds/") and path.endswith(".xml")):
            return None
        try:
            f = self.feeds[int(path[len("/feeds/"):-len(".xml")])]
        except (ValueError, IndexError):
            return None
        return f if f.host == local else None

    async def run(self) -> None:
        servers = []
        first = await asyncio.start_server(self.handle, self.hosts[0], 0, backlog=256)
        self.port = first.sockets[0].getsockname()[1]
        servers.append(first)
        for host in [*self.hosts[1:], CONTROL_HOST]:
            servers.append(await asyncio.start_server(self.handle, host, self.port, backlog=256))
        print(json.dumps({"port": self.port, "control": f"http://{CONTROL_HOST}:{self.port}"}),
              flush=True)
        loop = asyncio.get_running_loop()
        threading.Thread(target=_watch_stdin, args=(loop, self.stop), daemon=True).start()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), self.args.max_seconds)
        for s in servers:
            s.close()


def _watch_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """Stop the server when the parent goes away (its end of our stdin closes)."""
    with contextlib.suppress(Exception):
        while os.read(0, 65536):  # raw reads: no buffered-reader lock held at shutdown
            pass
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(stop.set)


def server_main(argv: list[str] | None = None) -> None:
    """Run the feed server in this process until told to stop."""
    ap = argparse.ArgumentParser(description="loopback feed server for the benchmarks")
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--hosts", type=int, default=13)
    ap.add_argument("--latency", type=float, default=0.2, help="seconds per response")
    ap.add_argument("--no-gzip", dest="gzip", action="store_false")
    ap.add_argument("--no-validators", dest="validators", action="store_false",
                    help="no ETag or Last-Modified, never a 304")
    ap.add_argument("--anchor", type=float, default=default_anchor().timestamp())
    ap.add_argument("--max-seconds", type=float, default=3600.0)
    args = ap.parse_args(argv)
    asyncio.run(FeedServer(args).run())


# --------------------------------------------------------------------------- client side


class FeedServerProcess:
    """Runs ``server_main`` in a child process and talks to its control port."""

    def __init__(self, *, feeds: int = 50, items: int = 50, hosts: int = 13,
                 latency: float = 0.2, use_gzip: bool = True, anchor: datetime | None = None,
                 max_seconds: float = 3600.0, validators: bool = True) -> None:
        self.anchor = anchor or default_anchor()
        self.argv = [sys.executable, str(Path(__file__).resolve()), "--feeds", str(feeds),
                     "--items", str(items), "--hosts", str(hosts), "--latency", str(latency),
                     "--anchor", str(self.anchor.timestamp()), "--max-seconds", str(max_seconds)]
        if not use_gzip:
            self.argv.append("--no-gzip")
        if not validators:
            self.argv.append("--no-validators")
        self.proc: subprocess.Popen[bytes] | None = None
        self.control_url = ""
        self.urls: list[str] = []
        self.info: dict[str, Any] = {}
        self.peak_in_flight: dict[str, int] = {}

    def start(self) -> FeedServerProcess:
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("feed server did not start")
        self.control_url = json.loads(line)["control"]
        self.info = self.call("info")
        self.urls = self.info["urls"]
        return self

    def call(self, what: str, **params: Any) -> dict[str, Any]:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        url = f"{self.control_url}/_ctl/{what}" + (f"?{query}" if query else "")
        with urllib.request.urlopen(url, timeout=30) as resp:
            return json.loads(resp.read())

    def rotate(self, n: int) -> dict[str, Any]:
        """``n`` new items at the top of every feed (the oldest ``n`` drop off)."""
        return self.call("rotate", n=n)

    def reset(self) -> dict[str, Any]:
        """Back to the first items, with new validators; clears the log."""
        return self.call("reset")

    def take_log(self) -> list[dict[str, Any]]:
        """Requests answered since the last call (each with ``t`` received, ``done`` sent)."""
        doc = self.call("log")
        self.peak_in_flight = doc["max_in_flight"]
        return doc["requests"]

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(Exception):
            self.call("quit")
        with contextlib.suppress(Exception):
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.proc = None

    def __enter__(self) -> FeedServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def as_installed(env: dict[str, str]) -> dict[str, str]:
    """``env`` for timing thawwatch as a user runs it: bytecode compiled and cached (pip
    does so on install), not recompiled from source in every run."""
    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    str(Path(__file__).resolve().parents[1] / "src")],
                   capture_output=True, check=False)
    return {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(fn: Any, repeat: int) -> tuple[float, Any]:
    """Median seconds of ``fn()`` over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def write_config(path: Path, urls: list[str], *, concurrency: int = 16, per_host: int = 4,
                 interval_minutes: int = 30, quiet: bool = False) -> Path:
    """A thawwatch config TOML listing ``urls``; ``quiet`` turns off bell and toasts."""
    lines = [f"[[feeds]]\nurl = \"{u}\"\nname = \"Bench feed {i}\"\n"
             for i, u in enumerate(urls)]
    lines.append(f"[refresh]\nconcurrency = {concurrency}\nper_host = {per_host}\n"
                 f"interval_minutes = {interval_minutes}\ntimeout_seconds = 20\n")
    if quiet:
        lines.append("[ui]\nbell = false\nnotify = false\n")
    path.write_text("\n".join(lines), "utf-8")
    return path


if __name__ == "__main__":
    server_main()
