"""Soak: the dashboard left open through many refresh cycles, and the archive at 100k items.

Part 1 — many cycles. A feed server runs in its own process on loopback (default 10 feeds ×
20 items over 4 loopback hosts, 50 ms per response, ETag/Last-Modified) and every cycle it
rotates a few new items into every feed (new ETags). The database starts with 3000 older,
classified items (``--prefill``), so the headline list (2000 stories) is full from the
start, as for someone who has used thawwatch for a while. The real ``ThawwatchApp`` runs
headless (``app.run_test(size=(120, 40))``, no auto-refresh timer) on a temp database;
each cycle calls ``app.action_refresh()`` and waits for the refresh worker, the snapshot
reload and the panels' update. The table shows, at warm-up (cycle 20), the middle and the
end: RSS and peak RSS (VmRSS / VmHWM of this process), the parse pool's RSS, open file
descriptors, threads, refresh time (action → RefreshFinished handled), snapshot-reload time
(→ panels updated), of which applying the snapshot to the widgets, and the item count.
Times are medians over a few cycles around each point. The verdict says whether memory and
fds stay within 10 % of warm-up and whether refresh time grows with the archive.

Part 2 — 100,000 stored items. Bulk-inserts 100k generated items through
``thawwatch.items.ingest`` (``classify=None`` unless ``--bulk-classify``) into a temp
database, then times ``items.headlines`` (first 2000), ``items.search(store, "canola")``
and ``snapshot.load_snapshot``.

    /work/venv/bin/python bench/soak.py --quick            # ~50 cycles, about a minute
    /work/venv/bin/python bench/soak.py                    # 500 cycles
    /work/venv/bin/python bench/soak.py --cycles 200 --feeds 20 --items 30 --new 5
    /work/venv/bin/python bench/soak.py --bulk 0           # skip part 2

Everything listens on 127.0.0.0/8 only; temp files are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feeds_fixture import (
    ITEM_SPACING_S,
    FeedServerProcess,
    default_anchor,
    parsed_items,
    timed,
    write_config,
)
from textual.worker import Worker, WorkerState

import thawwatch.tui.app as app_module
from thawwatch.config import load_config
from thawwatch.tui.app import ThawwatchApp
from thawwatch.tui.messages import RefreshFinished, SnapshotReady

CYCLE_TIMEOUT_S = 120.0


class BenchApp(ThawwatchApp):
    """The real app, with timestamps taken where a refresh and a reload end."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refresh_done = 0.0
        self.shown = 0.0
        self.apply_s = 0.0
        self.snapshots = 0
        self.last_report: Any = None
        self.last_error = ""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.last_error = f"{type(event.worker.error).__name__}: {event.worker.error}"

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.refresh_done = time.perf_counter()
        self.last_report = message.report
        ThawwatchApp.on_refresh_finished(self, message)
        message.prevent_default()  # the base handler has run (here), not again

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        start = time.perf_counter()
        ThawwatchApp.on_snapshot_ready(self, message)
        message.prevent_default()
        self.shown = time.perf_counter()
        self.apply_s = self.shown - start
        self.snapshots += 1


@dataclass
class Sample:
    cycle: int
    items: int
    rss_mb: float
    hwm_mb: float
    pool_mb: float
    fds: int
    threads: int
    refresh_s: float
    reload_s: float
    apply_s: float
    new: int
    pending: int


def proc_status(pid: int | str = "self") -> dict[str, str]:
    out = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        key, _, value = line.partition(":")
        out[key] = value.strip()
    return out


def kb(value: str | None) -> float:
    return float(value.split()[0]) / 1024 if value else 0.0


def pool_rss_mb(app: ThawwatchApp) -> float:
    """RSS of the parse pool's workers and their forkserver."""
    pids: list[int] = []
    pool = app._pool
    if pool is not None:
        pids += list(getattr(pool, "_processes", {}) or {})
    try:
        from multiprocessing import forkserver

        pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
        if pid:
            pids.append(pid)
    except ImportError:
        pass
    return sum(kb(proc_status(p).get("VmRSS")) for p in pids)


def item_count(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        conn.close()


async def wait_until(pred: Any, pilot: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError("the dashboard did not finish in time")
        await pilot.pause(0.005)


async def soak(args: argparse.Namespace, tmp: Path) -> list[Sample]:
    anchor = default_anchor(args.items + args.cycles * args.new + 200)
    samples: list[Sample] = []
    with FeedServerProcess(feeds=args.feeds, items=args.items, hosts=args.hosts,
                           latency=args.latency, anchor=anchor,
                           max_seconds=args.cycles * CYCLE_TIMEOUT_S) as srv:
        cfg = write_config(tmp / "config.toml", srv.urls, concurrency=16, per_host=4,
                           quiet=not args.toasts)
        db = tmp / "soak.db"
        if args.prefill > 0:
            prefill(db, cfg, args.prefill, anchor)
        app = BenchApp(config=load_config(str(cfg)), db_path=db, refresh_timer=False)
        started = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(lambda: app.snapshots >= 1, pilot, CYCLE_TIMEOUT_S)
            await app.workers.wait_for_complete()
            print(f"dashboard up in {time.perf_counter() - started:.2f} s; {args.cycles} cycles"
                  f" of {args.feeds} feeds, +{args.new} items per feed per cycle", flush=True)
            for cycle in range(1, args.cycles + 1):
                if cycle > 1:  # the first cycle fetches the initial items
                    await asyncio.to_thread(srv.rotate, args.new)
                seen = app.snapshots
                t0 = time.perf_counter()
                app.action_refresh()
                await wait_until(
                    lambda s=seen, t=t0: (app.refresh_done > t and app.snapshots > s)
                    or (not app.refreshing and app.refresh_done <= t), pilot, CYCLE_TIMEOUT_S)
                if app.refresh_done <= t0:
                    raise RuntimeError(f"cycle {cycle}: the refresh worker failed"
                                       f" ({app.last_error or 'see the log'})")
                await app.workers.wait_for_complete()
                samples.append(sample(app, db, cycle, t0))
                if cycle % max(1, args.cycles // 10) == 0 or cycle == args.cycles:
                    s = samples[-1]
                    print(f"  cycle {cycle:>4}: {s.items:>6} items, refresh {s.refresh_s:.3f} s,"
                          f" reload {s.reload_s:.3f} s, RSS {s.rss_mb:.1f} MB, fds {s.fds}",
                          flush=True)
            srv.take_log()
    return samples


def prefill(db: Path, cfg: Path, count: int, anchor: datetime) -> None:
    """History from before the soak (classified), so the headline list starts full."""
    from thawwatch import feeds as feedstore
    from thawwatch.items import ingest
    from thawwatch.signals import classify, load_rules
    from thawwatch.store import Store

    config = load_config(str(cfg))
    rules = load_rules(None)
    now = datetime.now(UTC).replace(microsecond=0)
    per_feed = max(1, count // max(1, len(config.feeds)))
    t0 = time.perf_counter()
    with Store.open(db) as store:
        feedstore.sync_config(store, config.feeds, now)
        for i, feed in enumerate(config.feeds):
            ingest(store, feed.url, parsed_items(i, -per_feed, per_feed, anchor), now,
                   lambda t, s, p: classify(t, s, p.date(), rules))
        stories = store.conn.execute("SELECT count(*) FROM items WHERE id = story").fetchone()[0]
        total = store.conn.execute("SELECT count(*) FROM items").fetchone()[0]
    print(f"prefilled {total} older items ({stories} stories) in"
          f" {time.perf_counter() - t0:.1f} s", flush=True)


def sample(app: BenchApp, db: Path, cycle: int, t0: float) -> Sample:
    status = proc_status()
    fds = len(os.listdir("/proc/self/fd"))
    report = app.last_report
    return Sample(
        cycle=cycle, items=item_count(db), rss_mb=kb(status.get("VmRSS")),
        hwm_mb=kb(status.get("VmHWM")) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        pool_mb=pool_rss_mb(app), fds=fds, threads=int(status.get("Threads", "0")),
        refresh_s=app.refresh_done - t0, reload_s=app.shown - app.refresh_done,
        apply_s=app.apply_s, new=report.new_items if report else 0,
        pending=len(app.snapshot.pending) if app.snapshot else 0,
    )


def window(samples: list[Sample], at: int, half: int = 5) -> list[Sample]:
    lo, hi = max(0, at - half), min(len(samples), at + half + 1)
    return samples[lo:hi]


def print_soak(samples: list[Sample], args: argparse.Namespace) -> None:
    n = len(samples)
    warm_at = min(19, n - 1)
    points = [("warm-up", warm_at), ("middle", (warm_at + n - 1) // 2), ("end", n - 1)]
    head = (f"{'point':<8} {'cycle':>5} {'items':>7} {'pend.':>5} {'RSS MB':>7} {'HWM MB':>7}"
            f" {'pool MB':>7}"
            f" {'fds':>4} {'thr':>4} │ {'refresh s':>9} {'reload s':>8} {'apply ms':>8}")
    print(head)
    print("─" * len(head))
    rows = {}
    for name, at in points:
        s = samples[at]
        win = window(samples, at) if name != "end" else samples[max(0, n - 11):]
        refresh = statistics.median(x.refresh_s for x in win)
        reload_ = statistics.median(x.reload_s for x in win)
        apply_ = statistics.median(x.apply_s for x in win)
        rows[name] = (s, refresh, reload_)
        print(f"{name:<8} {s.cycle:>5} {s.items:>7} {s.pending:>5} {s.rss_mb:>7.1f}"
              f" {s.hwm_mb:>7.1f} {s.pool_mb:>7.1f} {s.fds:>4} {s.threads:>4} │"
              f" {refresh:>9.3f} {reload_:>8.3f} {1000 * apply_:>8.1f}")
    print("  pend. = pending tariff changes in the snapshot (they pile up: nobody accepts them)")
    print("  times: median over ±5 cycles (the last 11 for 'end'); reload = RefreshFinished →"
          " panels updated; apply = on_snapshot_ready")
    (w, w_ref, w_rel), (e, e_ref, e_rel) = rows["warm-up"], rows["end"]
    verdicts = [
        ("RSS", w.rss_mb, e.rss_mb),
        ("peak RSS", w.hwm_mb, e.hwm_mb),
        ("open fds", float(w.fds), float(e.fds)),
        ("threads", float(w.threads), float(e.threads)),
    ]
    flat = True
    parts = []
    for name, a, b in verdicts:
        change = (b - a) / a if a else 0.0
        # fds and threads are small counts: the default thread pool grows by one now and then
        ok = abs(change) <= 0.10 or (not name.endswith("RSS") and abs(b - a) <= 2)
        flat &= ok
        parts.append(f"{name} {a:.1f}→{b:.1f} ({change:+.0%}){'' if ok else ' !'}"
                     if name.endswith("RSS") else
                     f"{name} {a:.0f}→{b:.0f} ({change:+.0%}){'' if ok else ' !'}")
    print(f"\nverdict: memory and fds {'FLAT' if flat else 'NOT flat'} within 10% after warm-up"
          f" (fds, threads: or ±2): {'; '.join(parts)}")
    after = samples[warm_at:]
    slope = _slope([s.items for s in after], [s.refresh_s for s in after]) * 1000
    rslope = _slope([s.items for s in after], [s.reload_s for s in after]) * 1000
    growth = (e_ref - w_ref) / w_ref if w_ref else 0.0
    rgrowth = (e_rel - w_rel) / w_rel if w_rel else 0.0
    grows = growth > 0.25
    print(f"verdict: refresh time {'GROWS' if grows else 'does not grow'} with the archive:"
          f" {w_ref:.3f} s at {w.items} items → {e_ref:.3f} s at {e.items} items ({growth:+.0%};"
          f" fit {slope * 1000:+.2f} ms per 1000 items)")
    print(f"         snapshot reload {w_rel:.3f} s → {e_rel:.3f} s ({rgrowth:+.0%};"
          f" fit {rslope * 1000:+.2f} ms per 1000 items)")
    missing = [s.cycle for s in samples[1:] if s.new != args.feeds * args.new]
    if missing:
        print(f"note: {len(missing)} cycles stored an unexpected number of new items"
              f" (first: cycle {missing[0]})")
    else:
        print(f"check: every cycle after the first stored {args.feeds * args.new} new items")


def _slope(xs: list[float], ys: list[float]) -> float:
    if len(xs) < 2 or len(set(xs)) < 2:
        return 0.0
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den if den else 0.0


# --------------------------------------------------------------------------- 100k items


def bulk(args: argparse.Namespace, tmp: Path) -> None:
    from thawwatch import feeds as feedstore
    from thawwatch.items import headlines, ingest, search
    from thawwatch.snapshot import HEADLINE_LIMIT, load_snapshot
    from thawwatch.store import Store

    per_feed = 1000
    nfeeds = max(1, args.bulk // per_feed)
    urls = [f"http://127.0.0.1:9/bulk/{i}.xml" for i in range(nfeeds)]
    config = load_config(str(write_config(tmp / "bulk.toml", urls, quiet=True)))
    db = tmp / "bulk.db"
    now = datetime.now(UTC).replace(microsecond=0)
    classify = None
    if args.bulk_classify:
        from thawwatch.signals import classify as classify_fn
        from thawwatch.signals import load_rules

        rules = load_rules(None)

        def classify(t: str, s: str, p: datetime) -> Any:
            return classify_fn(t, s, p.date(), rules)

    span = timedelta(seconds=per_feed * ITEM_SPACING_S)
    t0 = time.perf_counter()
    with Store.open(db) as store:
        feedstore.sync_config(store, config.feeds, now)
        for i, url in enumerate(urls):
            # feeds staggered over the past year, each a week of items
            anchor = now - timedelta(days=365) + i * (timedelta(days=358) / nfeeds)
            anchor = min(anchor, now - span - timedelta(hours=1))
            ingest(store, url, parsed_items(i, 0, per_feed, anchor), now, classify)
            if (i + 1) % max(1, nfeeds // 5) == 0:
                print(f"  inserted {(i + 1) * per_feed} items", flush=True)
    insert_s = time.perf_counter() - t0
    with Store.open(db) as store:
        total = store.conn.execute("SELECT count(*) FROM items").fetchone()[0]
        stories = store.conn.execute("SELECT count(*) FROM items WHERE id = story").fetchone()[0]
        rows: list[tuple[str, float, int]] = []
        for name, fn in (
            (f"items.headlines(store) first {HEADLINE_LIMIT}",
             lambda: headlines(store, limit=HEADLINE_LIMIT)),
            ("items.headlines(store) default limit", lambda: headlines(store)),
            ('items.search(store, "canola")', lambda: search(store, "canola")),
            ('items.search(store, "canola seed")', lambda: search(store, "canola seed")),
            ('items.search(store, "tariff")', lambda: search(store, "tariff")),
        ):
            secs, found = timed(fn, 5)
            rows.append((name, secs, len(found)))
    today = now.date()
    secs, snap = timed(lambda: load_snapshot(db, config, today), 3)
    rows.append(("snapshot.load_snapshot(...)", secs, len(snap.headlines)))
    size = sum(p.stat().st_size for p in tmp.glob("bulk.db*")) / 1e6
    print(f"\n{total} items ({stories} stories) in {nfeeds} feeds, {size:.0f} MB on disk;"
          f" bulk insert {insert_s:.1f} s ({total / insert_s:.0f} items/s,"
          f" classify {'on' if classify else 'off'})")
    print(f"{'query':<44} {'median ms':>10} {'rows':>6}")
    for name, secs, n in rows:
        print(f"{name:<44} {1000 * secs:>10.1f} {n:>6}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=500)
    ap.add_argument("--quick", action="store_true", help="50 cycles")
    ap.add_argument("--feeds", type=int, default=10)
    ap.add_argument("--items", type=int, default=20, help="items in each feed")
    ap.add_argument("--new", type=int, default=3, help="new items per feed per cycle")
    ap.add_argument("--hosts", type=int, default=4, help="distinct loopback hosts")
    ap.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    ap.add_argument("--prefill", type=int, default=3000,
                    help="older items stored before the first cycle (0: start empty)")
    ap.add_argument("--toasts", action="store_true", help="keep alert toasts and the bell on")
    ap.add_argument("--bulk", type=int, default=100_000, help="items for part 2 (0 skips)")
    ap.add_argument("--bulk-classify", action="store_true", help="run the classifier in part 2")
    args = ap.parse_args()
    if args.quick:
        args.cycles = 50
    args.cycles = max(2, args.cycles)
    tmp = Path(tempfile.mkdtemp(prefix="thawwatch-soak-"))
    os.environ["XDG_STATE_HOME"] = str(tmp / "state")  # the app's log goes here, not ~
    try:
        print("== part 1: the dashboard through many refresh cycles")
        started = time.perf_counter()
        samples = asyncio.run(soak(args, tmp))
        print(f"{len(samples)} cycles in {time.perf_counter() - started:.0f} s\n")
        print_soak(samples, args)
        if args.bulk > 0:
            print(f"\n== part 2: {args.bulk} stored items")
            bulk(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
