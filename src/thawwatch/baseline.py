"""The user's baseline: the seed article and what it claimed, as of its date.

The dashboard measures the thaw against what the user already knows. Keeping the article's claims as
data (with the ledger measure each one is about) lets the app say "since the article, X changed"
rather than replay the news from the start.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from thawwatch.errors import DataError
from thawwatch.ledger import MEASURE_IDS, TOPICS, Ledger, MeasureState
from thawwatch.ledger_file import read_toml
from thawwatch.locations import bundled

_ARTICLE_KEYS = ("title", "outlet", "author", "date", "date_note")
_CLAIM_KEYS = frozenset(("id", "topic", "summary", "date", "measure", "rate"))


@dataclass(frozen=True)
class Article:
    """The seed article's metadata (the page has no date, so ``date_note`` says how it was set)."""

    title: str
    outlet: str
    author: str
    date: date
    date_note: str


@dataclass(frozen=True)
class Claim:
    """One fact the article states, summarised in our words, optionally tied to a ledger measure."""

    id: str
    topic: str
    summary: str
    date: date | None = None
    measure: str | None = None
    rate: float | None = None


@dataclass(frozen=True)
class Baseline:
    """The article, the date the user's knowledge stands at, and the article's claims."""

    article: Article
    baseline_date: date
    claims: tuple[Claim, ...]

    def claims_for(self, topic: str) -> list[Claim]:
        """The claims on one topic, in file order."""
        return [c for c in self.claims if c.topic == topic]


def bundled_baseline_path() -> Path:
    """The baseline file shipped with the package."""
    return Path(str(bundled("seeds", "baseline.toml")))


def load_baseline(path: Path | None = None) -> Baseline:
    """The baseline from ``path`` (the bundled file by default); DataError on any bad data.

    The bundled file is read once per process: the dashboard asks for it on every reload.
    """
    return _bundled_baseline() if path is None else _read_baseline(path)


@functools.cache
def _bundled_baseline() -> Baseline:
    return _read_baseline(bundled_baseline_path())


def _read_baseline(path: Path) -> Baseline:
    data = read_toml(path)
    if extra := sorted(data.keys() - {"baseline_date", "article", "claims"}):
        raise DataError(f"{path}: unknown top-level key {extra[0]!r}")
    article = data.get("article")
    if not isinstance(article, dict):
        raise DataError(f"{path}: missing [article] table")
    claims = data.get("claims")
    if not isinstance(claims, list) or not all(isinstance(c, dict) for c in claims):
        raise DataError(f"{path}: expected [[claims]] tables")
    parsed = tuple(_claim(c, f"{path}: claim {c.get('id', '?')}") for c in claims)
    ids = [c.id for c in parsed]
    if dup := next((i for i in ids if ids.count(i) > 1), None):
        raise DataError(f"{path}: claim {dup}: duplicate claim id")
    return Baseline(
        article=_article(article, f"{path}: article"),
        baseline_date=_date(data.get("baseline_date"), "baseline_date", f"{path}", required=True),
        claims=parsed,
    )


def changes_since(
    ledger: Ledger, baseline: Baseline, on: date
) -> list[tuple[MeasureState, MeasureState]]:
    """(baseline state, state on ``on``) for each measure whose rate or status has changed."""
    pairs = zip(ledger.states(baseline.baseline_date), ledger.states(on), strict=True)
    return [(old, new) for old, new in pairs if (old.rate, old.status) != (new.rate, new.status)]


def _article(d: dict[str, Any], where: str) -> Article:
    if extra := sorted(d.keys() - set(_ARTICLE_KEYS)):
        raise DataError(f"{where}: unknown key {extra[0]!r}")
    text = {k: _text(d.get(k), k, where) for k in _ARTICLE_KEYS if k != "date"}
    return Article(date=_date(d.get("date"), "date", where, required=True), **text)


def _claim(d: dict[str, Any], where: str) -> Claim:
    if extra := sorted(d.keys() - _CLAIM_KEYS):
        raise DataError(f"{where}: unknown key {extra[0]!r}")
    topic, measure, rate = d.get("topic"), d.get("measure"), d.get("rate")
    if topic not in TOPICS:
        raise DataError(f"{where}: unknown topic {topic!r} (expected one of: {', '.join(TOPICS)})")
    if measure is not None and measure not in MEASURE_IDS:
        raise DataError(f"{where}: unknown measure {measure!r}")
    ok_rate = isinstance(rate, int | float) and not isinstance(rate, bool) and math.isfinite(rate)
    if rate is not None and not (ok_rate and rate >= 0):
        raise DataError(f"{where}: rate must be a non-negative number (percent), not {rate!r}")
    return Claim(
        id=_text(d.get("id"), "id", where),
        topic=topic,
        summary=_text(d.get("summary"), "summary", where),
        date=_date(d.get("date"), "date", where),
        measure=measure,
        rate=None if rate is None else float(rate),
    )


def _text(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: missing or empty {key!r}")
    return value


def _date(value: Any, key: str, where: str, *, required: bool = False) -> Any:
    if value is None and not required:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise DataError(f"{where}: bad or missing {key} {value!r} (expected a date, YYYY-MM-DD)")
