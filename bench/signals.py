"""Benchmark the signal rules on the labelled headline sets.

Usage: python bench/signals.py [--errors] [FILE.jsonl ...]
Default files: tests/data/headlines.jsonl (main) and tests/data/headlines_holdout.jsonl
(written after the rules). Prints relevance P/R/F1, per-topic and micro F1, direction
accuracy, exact (measure, action, rate) signal precision/recall, and items/s.

Honest record: the holdout was written in two batches, each scored *before* any rule change
it prompted (first pass), then the rules were generalised from the misses:

    batch                relevance F1  topic micro-F1  direction acc  signal P / R
    holdout 1 (43 items)     0.982         0.950           0.690      0.706 / 0.600
    holdout 2 (30 items)     1.000         1.000           0.450      0.333 / 0.222

Expect unseen headlines to land between those first-pass figures and the current ones.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from thawwatch.signals.classify import classify
from thawwatch.signals.evaluate import evaluate, load, table

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DEFAULT = [DATA / "headlines.jsonl", DATA / "headlines_holdout.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--errors", action="store_true", help="list misclassified items")
    parser.add_argument("--repeat", type=int, default=20, help="passes for the items/s figure")
    args = parser.parse_args()
    classify("warm-up", "")  # compile the bundled rules outside the timing
    for path in args.files:
        if not path.exists():
            print(f"{path}: missing, skipped\n")
            continue
        items = load(path)
        report = evaluate(items)
        timed = [evaluate(items) for _ in range(max(1, args.repeat))]
        report.seconds = sum(t.seconds for t in timed) / len(timed)
        print(table(path.name, report))
        if args.errors:
            print("\n".join(f"  ✗ {e}" for e in report.errors) or "  (no errors)")
        print()


if __name__ == "__main__":
    main()
