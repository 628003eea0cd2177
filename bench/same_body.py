"""How long `thawwatch refresh` takes when the server sends no validators.

Such a server (no ETag, no Last-Modified) answers every request with 200 and the whole
feed, so there is never a 304. thawwatch keeps a hash of each feed body it parsed
(``thawwatch.same_body``); the same bytes again are not parsed, classified or stored
again. Two scenarios against the loopback feed server of ``bench/refresh.py`` (50 feeds ×
50 items, 200 ms per response), started with ``--no-validators``:

* cold  — a fresh database: every feed is fetched, parsed, classified and stored;
* again — the same database straight after: 50 × 200 with the same bodies, each said
  "unchanged (the same feed as last time)".

    /work/venv/bin/python bench/same_body.py [--runs 5] [--concurrency 50 --per-host 4]

Compare "again" with the warm (all 304) row of ``bench/refresh.py``: the difference is the
bodies' transfer and hashing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feeds_fixture import FeedServerProcess, write_config
from refresh import Run, cli_env, run_cli


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--per-host", type=int, default=4)
    args = ap.parse_args()
    srv = FeedServerProcess(validators=False).start()
    results: dict[str, list[Run]] = {"cold": [], "again": []}
    unchanged: list[int] = []
    try:
        with tempfile.TemporaryDirectory(prefix="thawwatch-samebody-") as d:
            tmp = Path(d)
            env = cli_env(tmp)
            cfg = write_config(tmp / "config.toml", srv.urls, concurrency=args.concurrency,
                               per_host=args.per_host)
            for i in range(args.runs):
                db = tmp / f"run{i}.db"
                results["cold"].append(run_cli(cfg, db, env, srv))
                again = run_cli(cfg, db, env, srv)
                results["again"].append(again)
                unchanged.append(again.stdout.count("unchanged (the same feed as last time)"))
    finally:
        srv.stop()
    print(f"50 feeds without validators, {args.runs} runs, concurrency {args.concurrency},"
          f" per_host {args.per_host}")
    print(f"{'scenario':<8} {'median s':>9} {'min':>6} {'max':>6} │ {'startup':>7} {'network':>7}"
          f" {'tail':>6} │ {'200s':>4} {'new':>5}")
    for name, runs in results.items():
        walls = [r.wall for r in runs]
        print(f"{name:<8} {statistics.median(walls):>9.3f} {min(walls):>6.3f} {max(walls):>6.3f}"
              f" │ {statistics.median(r.startup for r in runs):>7.3f}"
              f" {statistics.median(r.network for r in runs):>7.3f}"
              f" {statistics.median(r.tail for r in runs):>6.3f}"
              f" │ {runs[0].statuses.get(200, 0):>4} {runs[0].new:>5}")
    print(f"'unchanged' lines per 'again' run: {unchanged} (expected 50 each)")


if __name__ == "__main__":
    main()
