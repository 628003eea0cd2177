"""Scoring the classifier against a labelled JSONL set (used by bench/ and the tests).

Each line: ``{"title", "summary", "published", "relevant", "topics", "direction",
"signals": [{"measure", "action", "rate", "effective", "until"}]}``. Signals are compared as
exact ``(measure, action, rate)`` triples; direction accuracy is over the items labelled
relevant (every irrelevant item is trivially neutral).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from thawwatch.classification import Classification
from thawwatch.signals.classify import classify
from thawwatch.signals.rules import Rules
from thawwatch.signals.vocab import TOPICS


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[Any], pred: set[Any]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)


@dataclass
class Report:
    """Metrics over one labelled set, plus the items that went wrong."""

    n: int = 0
    relevance: Counts = field(default_factory=Counts)
    topics: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TOPICS})
    direction_ok: int = 0
    direction_n: int = 0
    signals: Counts = field(default_factory=Counts)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def topic_micro(self) -> Counts:
        total = Counts()
        for c in self.topics.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    @property
    def direction_accuracy(self) -> float:
        return self.direction_ok / self.direction_n if self.direction_n else 1.0

    @property
    def items_per_second(self) -> float:
        return self.n / self.seconds if self.seconds else float("inf")


def load(path: str | Path) -> list[dict[str, Any]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _triples(signals: Iterable[dict[str, Any]]) -> set[tuple[str, str, float | None]]:
    return {
        (s["measure"], s["action"], None if s["rate"] is None else round(float(s["rate"]), 2))
        for s in signals
    }


def evaluate(items: list[dict[str, Any]], rules: Rules | None = None) -> Report:
    """Classify every item and compare with its labels."""
    report = Report(n=len(items))
    started = time.perf_counter()
    results: list[Classification] = []
    for item in items:
        published = date.fromisoformat(item["published"]) if item.get("published") else None
        results.append(classify(item["title"], item.get("summary", ""), published, rules))
    report.seconds = time.perf_counter() - started
    for item, got in zip(items, results, strict=True):
        _score(report, item, got)
    return report


def _score(report: Report, item: dict[str, Any], got: Classification) -> None:
    gold_rel = bool(item["relevant"])
    report.relevance.add({0} if gold_rel else set(), {0} if got.relevant else set())
    for topic in TOPICS:
        report.topics[topic].add(
            {0} if topic in item["topics"] else set(), {0} if topic in got.topics else set()
        )
    if gold_rel:
        report.direction_n += 1
        report.direction_ok += got.direction == item["direction"]
    gold_sig = _triples(item["signals"])
    pred_sig = _triples(s.to_json() for s in got.signals)
    report.signals.add(gold_sig, pred_sig)
    problems = []
    if gold_rel != got.relevant:
        problems.append(f"relevant {got.relevant}")
    if set(item["topics"]) != set(got.topics):
        problems.append(f"topics {sorted(got.topics)} != {sorted(item['topics'])}")
    if gold_rel and got.direction != item["direction"]:
        problems.append(f"direction {got.direction} ({got.score:+.1f}) != {item['direction']}")
    if gold_sig != pred_sig:
        problems.append(f"signals {sorted(pred_sig, key=str)} != {sorted(gold_sig, key=str)}")
    if problems:
        report.errors.append(f"{item['title']!r}: " + "; ".join(problems))


def table(name: str, r: Report) -> str:
    """A plain-text table of one report."""
    rows = [
        (
            "relevance P / R / F1",
            f"{r.relevance.precision:.3f} / {r.relevance.recall:.3f} / {r.relevance.f1:.3f}",
        ),
        *(
            (f"topic {t} F1", f"{c.f1:.3f}  (tp {c.tp} fp {c.fp} fn {c.fn})")
            for t, c in r.topics.items()
        ),
        ("topic micro-F1", f"{r.topic_micro.f1:.3f}"),
        ("direction accuracy", f"{r.direction_accuracy:.3f}  ({r.direction_ok}/{r.direction_n})"),
        (
            "signal P / R",
            f"{r.signals.precision:.3f} / {r.signals.recall:.3f}  "
            f"(tp {r.signals.tp} fp {r.signals.fp} fn {r.signals.fn})",
        ),
        ("items/s", f"{r.items_per_second:,.0f}"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{name} ({r.n} items)", "-" * (width + 40)]
    lines += [f"{k:<{width}}  {v}" for k, v in rows]
    return "\n".join(lines)
