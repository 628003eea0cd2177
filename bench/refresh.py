"""How long `thawwatch refresh` takes on 50 real feeds: first, cold, warm (all 304), changed.

A feed server runs in its own process on loopback (50 feeds × 50 items of ~47 KB RSS 2.0,
200 ms per response, gzip, ETag/Last-Modified, feeds spread over 13 loopback hosts, so 4
per host). The real CLI is timed as a subprocess, ``thawwatch --config CFG --db DB refresh``
with ``[refresh] concurrency = 16, per_host = 4``, in four scenarios:

* first   — a fresh database and no compiled rules cached yet (the first refresh after
  installing or upgrading thawwatch, or after editing the ``[signals]`` rules): as cold,
  plus compiling the rules and saving them (``thawwatch.signals.rules_cache``);
* cold    — a fresh database: every feed is fetched, parsed, classified and stored;
* warm    — the same database straight after: every request carries If-None-Match /
  If-Modified-Since and every answer is 304 (checked from the server's request log);
* changed — the server rotates 5 new items into every feed (new ETags) first.

Each scenario runs ``--runs`` times (a fresh database per first and cold run). The table shows wall
time (median, min, max) and, from the server's clock, how it splits: *startup* (spawn →
first request: interpreter, imports, config, database), *network* (first request → last
response sent) and *tail* (last response → exit: remaining parse, classify, SQLite,
alerts, pool shutdown). The theoretical floor is the number of request waves the
concurrency caps allow times the latency.

Then, in this process and without network: parse+store alone (items/s for
``thawwatch.parse.parse_feed``, for classify (``thawwatch.signals.classify``) + ``items.ingest``
into a fresh Store, and combined); and a "where the time goes" breakdown of the pieces
(interpreter, imports, rule compilation, process-pool start, fetch alone, parse, classify,
SQLite). Everything listens on 127.0.0.0/8 only; temp files are removed at the end.

    /work/venv/bin/python bench/refresh.py [--runs 5] [--feeds 50 --items 50 --hosts 13]
        [--latency 0.2] [--concurrency 16 --per-host 4] [--no-breakdown] [--no-gzip]

Targets (from the issue): cold ≤ 1.0 s, warm ≤ 0.3 s. Reference on this machine: newsboat
11.3 s cold single-threaded, 1.34 s with 50 threads; a plain httpx+feedparser loop 4.1 s;
newsboat all-304 0.37 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feeds_fixture import FeedServerProcess, as_installed, build_feed, timed, write_config

TARGETS = {"cold": 1.0, "warm": 0.3}
SCENARIOS = ("first", "cold", "warm", "changed")
_NEW = re.compile(r"(\d+) new items? in")


@dataclass
class Run:
    """One timed CLI run and what the server saw."""

    wall: float
    startup: float
    network: float
    tail: float
    requests: int
    not_modified: int
    with_validators: int
    statuses: Counter[int]
    new: int
    stored: int
    exit_code: int
    peak: dict[str, int]
    stdout: str = ""


def cli_env(tmp: Path) -> dict[str, str]:
    """The environment for the CLI: its log, config and data dirs inside ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THAWWATCH_")}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp / var.lower())
    return env


def thawwatch_cmd() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m thawwatch``."""
    script = Path(sys.executable).with_name("thawwatch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "thawwatch"]


def run_cli(cfg: Path, db: Path, env: dict[str, str], srv: FeedServerProcess) -> Run:
    """Time one `thawwatch refresh` and read the server's log of it."""
    srv.take_log()  # start clean
    started = time.time()
    t0 = time.perf_counter()
    proc = subprocess.run([*thawwatch_cmd(), "--config", str(cfg), "--db", str(db), "refresh"],
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    wall = time.perf_counter() - t0
    ended = started + wall
    log = srv.take_log()
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
    first = min((r["t"] for r in log), default=ended)
    last = max((r["done"] for r in log), default=first)
    m = _NEW.search(proc.stdout)
    conn = sqlite3.connect(db)  # closed here: left to the garbage collector, its close
    try:                        # could delete the -wal file run_all was about to unlink
        stored = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        conn.close()
    return Run(
        wall=wall, startup=first - started, network=last - first, tail=ended - last,
        requests=len(log), not_modified=sum(r["status"] == 304 for r in log),
        with_validators=sum(bool(r["inm"] or r["ims"]) for r in log),
        statuses=Counter(r["status"] for r in log), new=int(m.group(1)) if m else -1,
        stored=stored, exit_code=proc.returncode, peak=dict(srv.peak_in_flight),
        stdout=proc.stdout,
    )


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def print_cli_table(results: dict[str, list[Run]]) -> None:
    head = (f"{'scenario':<8} {'runs':>4} {'median s':>9} {'min':>6} {'max':>6} │ {'startup':>7}"
            f" {'network':>7} {'tail':>6} │ {'requests':>8} {'304s':>5} {'valid.':>6}"
            f" {'new':>5} {'stored':>6} {'peak':>6}")
    print(head)
    print("─" * len(head))
    for name in SCENARIOS:
        runs = results[name]
        if not runs:
            continue
        walls = [r.wall for r in runs]
        last = runs[-1]
        peak = f"{last.peak.get('global', 0)}/{last.peak.get('per_host', 0)}"
        print(f"{name:<8} {len(runs):>4} {med(walls):>9.3f} {min(walls):>6.3f} {max(walls):>6.3f}"
              f" │ {med([r.startup for r in runs]):>7.3f} {med([r.network for r in runs]):>7.3f}"
              f" {med([r.tail for r in runs]):>6.3f} │ {med([r.requests for r in runs]):>8.0f}"
              f" {med([r.not_modified for r in runs]):>5.0f}"
              f" {med([r.with_validators for r in runs]):>6.0f} {med([r.new for r in runs]):>5.0f}"
              f" {med([r.stored for r in runs]):>6.0f} {peak:>6}")
    print("  startup = spawn → first request; network = first request → last response sent;"
          " tail = last response → exit.")
    print("  valid. = requests carrying If-None-Match/If-Modified-Since; new = new items stored;"
          " stored = items in the db after the run; peak = most requests in flight at once"
          " (all hosts / one host).")


def verify(results: dict[str, list[Run]], feeds: int, rotated: int) -> list[str]:
    """Plain sentences about what the server log shows; failures are marked."""
    out = []
    warm = results["warm"]
    ok = all(r.requests == feeds and r.with_validators == feeds and r.not_modified == feeds
             for r in warm)
    sent = sum(r.with_validators for r in warm)
    got = sum(r.not_modified for r in warm)
    total = sum(r.requests for r in warm)
    out.append(f"{'OK  ' if ok else 'FAIL'} warm runs: {total} requests, {sent} sent If-None-Match"
               f"/If-Modified-Since, {got} answered 304")
    changed = results["changed"]
    ok = all(r.with_validators == feeds and r.statuses.get(200, 0) == feeds
             and r.new == feeds * rotated for r in changed)
    news = sorted({r.new for r in changed})
    out.append(f"{'OK  ' if ok else 'FAIL'} changed runs: every request conditional, every feed"
               f" 200 (new ETag); new items per run {news} (expected {feeds * rotated})")
    for name in ("first", "cold"):
        runs = results[name]
        ok = all(r.with_validators == 0 and r.statuses.get(200, 0) == feeds for r in runs)
        out.append(f"{'OK  ' if ok else 'FAIL'} {name} runs: no validators sent, {feeds} × 200;"
                   f" stored {sorted({r.stored for r in runs})} items")
    bad = [r.exit_code for rs in results.values() for r in rs if r.exit_code != 0]
    out.append("OK   every run exited 0" if not bad else f"FAIL exit codes {bad}")
    return out


# --------------------------------------------------------------------------- in-process


def parse_store(bodies: list[bytes], urls: list[str], tmp: Path, repeat: int) -> dict[str, Any]:
    """Parse, classify and store in this process, no network; seconds and item counts."""
    from thawwatch.items import ingest
    from thawwatch.parse import parse_feed
    from thawwatch.signals import classify, load_rules
    from thawwatch.store import Store

    now = datetime.now(UTC).replace(microsecond=0)
    t0 = time.perf_counter()
    rules = load_rules(None)
    classify("warm-up", "", None, rules)
    rules_s = time.perf_counter() - t0

    def parse_all() -> list[Any]:
        return [parse_feed(b, u, now) for b, u in zip(bodies, urls, strict=True)]

    parse_s, parsed = timed(parse_all, repeat)
    items = [it for p in parsed for it in p.items]

    def classify_all() -> int:
        return sum(classify(i.title, i.summary, i.published.date(), rules).relevant
                   for i in items)

    classify_s, relevant = timed(classify_all, repeat)
    counter = iter(range(10_000))

    def store_all(with_classify: bool) -> tuple[float, int]:
        db = tmp / f"inproc-{next(counter)}.db"
        t_open = time.perf_counter()
        store = Store.open(db)
        open_s = time.perf_counter() - t_open
        fn = (lambda t, s, p: classify(t, s, p.date(), rules)) if with_classify else None
        try:
            n = sum(len(ingest(store, u, p.items, now, fn))
                    for u, p in zip(urls, parsed, strict=True))
        finally:
            store.close()
        return open_s, n

    store_s, (open_s, stored) = timed(lambda: store_all(False), repeat)
    both_s, _ = timed(lambda: store_all(True), repeat)
    return {"items": len(items), "relevant": relevant, "parse": parse_s,
            "classify": classify_s, "store": store_s, "classify_store": both_s,
            "open": open_s, "stored": stored, "rules": rules_s}


def print_parse_store(r: dict[str, Any], feeds: int) -> None:
    n = r["items"]
    rows = [
        ("parse (parse_feed)", r["parse"]),
        ("classify alone", r["classify"]),
        ("store alone (ingest, classify=None)", r["store"]),
        ("classify + store (ingest with classify)", r["classify_store"]),
        ("combined: parse + classify + store", r["parse"] + r["classify_store"]),
    ]
    print(f"{n} items from {feeds} feeds ({r['relevant']} classified relevant), in this process,"
          " serial, median of runs")
    print(f"{'step':<42} {'seconds':>8} {'items/s':>9} {'ms/feed':>8}")
    for name, secs in rows:
        print(f"{name:<42} {secs:>8.3f} {n / secs:>9.0f} {1000 * secs / feeds:>8.1f}")
    print(f"  (Store.open of a fresh file with migration: {1000 * r['open']:.1f} ms;"
          f" first load_rules + classify, from the cache the runs saved:"
          f" {1000 * r['rules']:.0f} ms)")


# --------------------------------------------------------------------------- breakdown

_IMPORT_PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
import thawwatch.cli, thawwatch.commands
t1 = time.perf_counter()
import thawwatch.refresh, thawwatch.alerts, thawwatch.progress
t2 = time.perf_counter()
import thawwatch.signals
t3 = time.perf_counter()
rules = thawwatch.signals.load_rules(None)
thawwatch.signals.classify("warm-up", "", None, rules)
t4 = time.perf_counter()
from thawwatch.signals.rules import Rules, _bundled_data
thawwatch.signals.classify("warm-up", "", None, Rules.from_data(_bundled_data()))
t4b = time.perf_counter()
from datetime import datetime, timezone
from thawwatch.parse import parse_feed
from thawwatch.refresh import parse_pool
body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
now = datetime.now(timezone.utc)
t5 = time.perf_counter()
with parse_pool() as pool:
    futs = [pool.submit(parse_feed, body, "http://127.0.0.1/", now) for _ in range(2)]
    [f.result() for f in futs]
    t6 = time.perf_counter()
    pool.submit(parse_feed, body, "http://127.0.0.1/", now).result()
    t7 = time.perf_counter()
t8 = time.perf_counter()
print(json.dumps({"cli": t1 - t0, "refresh": t2 - t1, "signals": t3 - t2, "rules": t4 - t3,
                  "compile": t4b - t4,
                  "pool_first": t6 - t5, "pool_next": t7 - t6, "pool_shutdown": t8 - t7}))
"""


def subprocess_seconds(argv: list[str], env: dict[str, str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True, timeout=120)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def import_probe(env: dict[str, str], repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _IMPORT_PROBE], env=env, capture_output=True,
                             text=True, check=True, timeout=120)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def top_imports(env: dict[str, str], limit: int = 8) -> list[tuple[str, float]]:
    """Slowest top-level imports of the refresh path (-X importtime, cumulative)."""
    code = ("import thawwatch.cli, thawwatch.commands, thawwatch.refresh, thawwatch.alerts,"
            " thawwatch.progress, thawwatch.signals")
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env,
                         capture_output=True, text=True, check=True, timeout=120)
    found: dict[str, float] = {}
    for line in out.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)", line)
        if not m or len(m.group(2)) > 2:  # top level and one below
            continue
        name = m.group(3)
        root = name.split(".")[0]
        key = name if root == "thawwatch" else root
        found[key] = max(found.get(key, 0.0), int(m.group(1)) / 1e6)
    return sorted(found.items(), key=lambda kv: -kv[1])[:limit]


def fetch_only(srv: FeedServerProcess, concurrency: int, per_host: int,
               repeat: int) -> tuple[float, float]:
    """fetch_all alone in this process: cold (no validators) and warm (all 304)."""
    from thawwatch.fetch import FeedRequest, FetchLimits, fetch_all

    limits = FetchLimits(concurrency=concurrency, per_host=per_host)
    cold_t, warm_t = [], []
    for _ in range(repeat):
        reqs = [FeedRequest(u) for u in srv.urls]
        t0 = time.perf_counter()
        results = asyncio.run(fetch_all(reqs, limits))
        cold_t.append(time.perf_counter() - t0)
        again = [FeedRequest(r.url, r.etag, r.last_modified) for r in results]
        t0 = time.perf_counter()
        asyncio.run(fetch_all(again, limits))
        warm_t.append(time.perf_counter() - t0)
    srv.take_log()
    return statistics.median(cold_t), statistics.median(warm_t)


_BARE_HTTPX = """
import asyncio, json, sys
sys.modules.setdefault("httpx._main", None)  # as thawwatch does: no CLI import
import httpx

async def main(feeds, concurrency, per_host):
    limit = asyncio.Semaphore(concurrency)
    hosts = {}
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)) as client:
        async def one(url, etag):
            host = hosts.setdefault(httpx.URL(url).host, asyncio.Semaphore(per_host))
            async with host, limit:
                response = await client.get(url, headers={"If-None-Match": etag} if etag else {})
                return response.status_code, len(response.content)
        return await asyncio.gather(*(one(u, e) for u, e in feeds))

feeds, concurrency, per_host = json.load(open(sys.argv[1]))
statuses = asyncio.run(main(feeds, concurrency, per_host))
print(sum(s == 304 for s, _ in statuses))
"""


# No HTTP library at all: asyncio streams, one HTTP/1.1 request per connection. What any
# Python client pays on this machine for the same requests (interpreter, asyncio, sockets).
_BARE_ASYNCIO = """
import asyncio, json, sys
from urllib.parse import urlsplit

async def main(feeds, concurrency, per_host):
    limit = asyncio.Semaphore(concurrency)
    hosts = {}
    async def one(url, etag):
        u = urlsplit(url)
        async with hosts.setdefault(u.hostname, asyncio.Semaphore(per_host)), limit:
            reader, writer = await asyncio.open_connection(u.hostname, u.port)
            head = f"GET {u.path} HTTP/1.1\\r\\nHost: {u.netloc}\\r\\nConnection: close\\r\\n"
            if etag:
                head += f"If-None-Match: {etag}\\r\\n"
            writer.write((head + "\\r\\n").encode())
            answer = await reader.read()
            writer.close()
            return int(answer.split(b" ", 2)[1])
    return await asyncio.gather(*(one(u, e) for u, e in feeds))

feeds, concurrency, per_host = json.load(open(sys.argv[1]))
print(sum(s == 304 for s in asyncio.run(main(feeds, concurrency, per_host))))
"""


_FETCH_ONLY = """
import asyncio, json, sys
from thawwatch.fetch import FeedRequest, FetchLimits, fetch_all

feeds, concurrency, per_host = json.load(open(sys.argv[1]))
limits = FetchLimits(concurrency=concurrency, per_host=per_host)
results = asyncio.run(fetch_all([FeedRequest(u, e) for u, e in feeds], limits))
print(sum(r.not_modified for r in results))
"""


def fresh_process_warm(srv: FeedServerProcess, env: dict[str, str], tmp: Path,
                       args: argparse.Namespace, repeat: int) -> tuple[float, float, float]:
    """The stack's own floor for a warm run, as fresh processes sending the same 50
    conditional GETs: asyncio streams with no HTTP library, a bare httpx + asyncio script
    (its client also loads the CA bundle), and ``thawwatch.fetch`` alone (no config, no
    database, no CLI)."""
    from thawwatch.fetch import FeedRequest, FetchLimits, fetch_all

    got = asyncio.run(fetch_all([FeedRequest(u) for u in srv.urls], FetchLimits()))
    spec = tmp / "warm-requests.json"
    spec.write_text(json.dumps([[[r.url, r.etag] for r in got], args.concurrency,
                                args.per_host]))
    seconds = []
    for name, code in (("bare-asyncio.py", _BARE_ASYNCIO), ("bare-httpx.py", _BARE_HTTPX),
                       ("fetch-only.py", _FETCH_ONLY)):
        script = tmp / name
        script.write_text(code)
        seconds.append(subprocess_seconds([sys.executable, str(script), str(spec)], env,
                                          repeat))
    srv.take_log()
    return seconds[0], seconds[1], seconds[2]


def breakdown(srv: FeedServerProcess, env: dict[str, str], ps: dict[str, Any],
              results: dict[str, list[Run]], args: argparse.Namespace) -> None:
    repeat = 3
    python_s = subprocess_seconds([sys.executable, "-c", "pass"], env, repeat)
    version_s = subprocess_seconds([*thawwatch_cmd(), "--version"], env, repeat)
    probe = import_probe(env, repeat)
    fetch_cold, fetch_warm = fetch_only(srv, args.concurrency, args.per_host, repeat)
    asyncio_warm, bare_warm, fetch_fresh = fresh_process_warm(srv, env, Path(tempfile.mkdtemp()),
                                                              args, 5)
    floor = waves(args) * args.latency
    print(f"{'piece':<58} {'ms':>8}")
    rows = [
        ("python interpreter start (python -c pass)", python_s),
        ("`thawwatch --version` (interpreter + cli import + argparse)", version_s),
        ("import thawwatch.cli + commands (in process)", probe["cli"]),
        ("import refresh/fetch/parse (httpx, feedparser) + alerts", probe["refresh"]),
        ("import thawwatch.signals", probe["signals"]),
        ("load_rules() + first classify (compiled rules from the cache)", probe["rules"]),
        ("compiling the rules + first classify (no cache: first run)", probe["compile"]),
        ("parse pool: start forkserver + 2 workers, first parse", probe["pool_first"]),
        ("parse pool: a parse on a warm worker (round trip)", probe["pool_next"]),
        ("parse pool: shutdown", probe["pool_shutdown"]),
        (f"fetch_all alone, cold ({args.feeds} × 200; floor {floor:.2f} s)", fetch_cold),
        (f"fetch_all alone, warm ({args.feeds} × 304; floor {floor:.2f} s)", fetch_warm),
        (f"asyncio streams, no HTTP library, fresh process, {args.feeds} GETs → 304",
         asyncio_warm),
        (f"bare httpx script, fresh process, {args.feeds} conditional GETs → 304", bare_warm),
        (f"thawwatch.fetch alone, fresh process, the same {args.feeds} GETs", fetch_fresh),
        (f"parse_feed × {args.feeds}, serial (≈ half on the 2-worker pool)", ps["parse"]),
        (f"classify × {ps['items']}", ps["classify"]),
        (f"SQLite ingest × {ps['items']} (no classify)", ps["store"]),
        ("Store.open on a fresh file (schema)", ps["open"]),
    ]
    for name, secs in rows:
        print(f"{name:<58} {1000 * secs:>8.1f}")
    print("\nslowest imports on the refresh path (-X importtime, cumulative, one process):")
    for name, secs in top_imports(env):
        print(f"  {name:<40} {1000 * secs:>7.1f} ms")
    cold = med([r.wall for r in results["cold"]])
    warm = med([r.wall for r in results["warm"]])
    print(f"\ncold {cold:.3f} s vs fetch alone {fetch_cold:.3f} s; warm {warm:.3f} s vs fetch"
          f" alone {fetch_warm:.3f} s; latency floor with concurrency {args.concurrency}/"
          f"per-host {args.per_host}: {waves(args)} waves × {args.latency:g} s = {floor:.2f} s")
    print(f"warm {warm:.3f} s vs fresh processes doing only the same requests: asyncio streams"
          f" alone {asyncio_warm:.3f} s, a bare httpx script {bare_warm:.3f} s, thawwatch.fetch"
          f" alone {fetch_fresh:.3f} s (the CLI adds"
          f" {warm - fetch_fresh:+.3f} s: config, database, logging, exit)")


def waves(args: argparse.Namespace) -> int:
    per_host = math.ceil(args.feeds / args.hosts)
    return max(math.ceil(args.feeds / args.concurrency), math.ceil(per_host / args.per_host))


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="repeats of each scenario (3-5)")
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--hosts", type=int, default=13, help="distinct loopback hosts")
    ap.add_argument("--latency", type=float, default=0.2, help="seconds per response")
    ap.add_argument("--rotate", type=int, default=5, help="new items per feed, 'changed'")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--per-host", type=int, default=4)
    ap.add_argument("--no-gzip", dest="gzip", action="store_false")
    ap.add_argument("--no-breakdown", dest="breakdown", action="store_false")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="thawwatch-bench-"))
    env = as_installed(cli_env(tmp))
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]  # the in-process timings' too
    try:
        with FeedServerProcess(feeds=args.feeds, items=args.items, hosts=args.hosts,
                               latency=args.latency, use_gzip=args.gzip,
                               max_seconds=1800) as srv:
            run_all(srv, tmp, env, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_all(srv: FeedServerProcess, tmp: Path, env: dict[str, str],
            args: argparse.Namespace) -> None:
    sizes = srv.info["bytes"]
    gz = srv.info["gzip_bytes"]
    print(f"feeds: {args.feeds} × {args.items} items, {statistics.mean(sizes) / 1000:.1f} kB each"
          f" ({statistics.mean(gz) / 1000:.1f} kB gzipped{'' if args.gzip else ', not sent'}),"
          f" {len(srv.info['hosts'])} loopback hosts ({srv.info['hosts'][0]} …"
          f" {srv.info['hosts'][-1]}), {args.latency * 1000:.0f} ms per response")
    print(f"client: {' '.join(thawwatch_cmd())} refresh, concurrency {args.concurrency},"
          f" per_host {args.per_host}; {os.cpu_count()} CPUs\n")
    cfg = write_config(tmp / "config.toml", srv.urls, concurrency=args.concurrency,
                       per_host=args.per_host)
    results: dict[str, list[Run]] = {s: [] for s in SCENARIOS}
    for rep in range(args.runs):
        srv.reset()
        # an empty rules cache of its own: the other scenarios keep theirs, as a user does
        first_env = {**env, "XDG_CACHE_HOME": str(tmp / f"first{rep}-cache")}
        results["first"].append(run_cli(cfg, tmp / f"first{rep}.db", first_env, srv))
        srv.reset()
        db = tmp / f"run{rep}.db"
        results["cold"].append(run_cli(cfg, db, env, srv))
        results["warm"].append(run_cli(cfg, db, env, srv))
        srv.rotate(args.rotate)
        results["changed"].append(run_cli(cfg, db, env, srv))
        print(f"  run {rep + 1}/{args.runs}: " + ", ".join(
            f"{s} {results[s][-1].wall:.3f} s" for s in SCENARIOS), flush=True)
        for p in [*tmp.glob(f"run{rep}.db*"), *tmp.glob(f"first{rep}.db*")]:
            p.unlink()
    print()
    print_cli_table(results)
    print()
    for line in verify(results, args.feeds, args.rotate):
        print(line)
    for name, target in TARGETS.items():
        got = med([r.wall for r in results[name]])
        verdict = "meets" if got <= target else "MISSES"
        print(f"target {name} ≤ {target:.1f} s: median {got:.3f} s — {verdict} the target")
    print(f"floor: {waves(args)} waves of requests × {args.latency:g} s latency ="
          f" {waves(args) * args.latency:.2f} s for any run that asks all {args.feeds} feeds"
          f" (concurrency {args.concurrency}, per_host {args.per_host},"
          f" {math.ceil(args.feeds / args.hosts)} feeds per host)")

    print("\n== parse + classify + store, in process, no network")
    srv.reset()
    bodies = [build_feed(i, args.items - 1, args.items, srv.anchor) for i in range(args.feeds)]
    ps = parse_store(bodies, srv.urls, tmp, repeat=3)
    print_parse_store(ps, args.feeds)
    if args.breakdown:
        print("\n== where the time goes (each piece alone, median of 3)")
        breakdown(srv, env, ps, results, args)


if __name__ == "__main__":
    main()
