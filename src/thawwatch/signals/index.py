"""The thaw index: a daily Canada–China "temperature", 0–100 with 50 neutral.

Formula (overall, and the same per topic over the observations carrying that topic, each
with its score for that topic: see ``Observation.topic_scores``):

1. **One story, one vote a day.** Observations are grouped by ``(day, story)``; each group
   keeps its strongest member (largest ``weight``, then largest ``|score|``), so ten outlets
   carrying one wire story count once.
2. **Daily value.** For day *d* with kept observations *i*: ``W_d = Σ wᵢ`` and
   ``M_d = Σ wᵢ·sᵢ / W_d`` (``sᵢ`` the signed score, −10..+10). Days with no observations
   (or zero total weight) carry no information — they are not zeros.
3. **Smoothing.** Over the trailing ``window`` days (default 14) with a half-life of
   ``window/2`` days, ``λ_k = 2^(−k/(window/2))`` for ``k = 0 … window−1``:
   ``V_t = Σ_k λ_k·W_{t−k}·M_{t−k} / Σ_k λ_k·W_{t−k}``; if no day in the window has data,
   ``V_t = 0``. (Equivalently: a decay-weighted mean of every kept item in the window.)
4. **Scale.** ``index_t = clamp(50 + 5·V_t, 0, 100)``, rounded to one decimal: −10 → 0,
   0 → 50, +10 → 100.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from thawwatch.signals.vocab import TOPICS

NEUTRAL = 50.0


@dataclass(frozen=True)
class Observation:
    """One classified item as the index sees it."""

    day: date
    topics: tuple[str, ...]
    score: float
    weight: float
    story: str  # cluster key: several sources carrying one story count once per day
    # a topic's own score where it is not the item's: (topic, score) pairs. "China extends
    # the meal and pea relief; seafood left out" warms agriculture, not seafood
    topic_scores: tuple[tuple[str, float], ...] = ()

    def for_topic(self, topic: str) -> Observation:
        """This observation as ``topic``'s index reads it."""
        for t, score in self.topic_scores:
            if t == topic:
                return replace(self, score=score, topic_scores=())
        return self


@dataclass(frozen=True)
class ThawIndex:
    """Daily index values from ``start`` to ``end``, overall and per topic."""

    overall: list[tuple[date, float]]
    by_topic: dict[str, list[tuple[date, float]]] = field(default_factory=dict)

    def latest(self) -> tuple[float, dict[str, float]]:
        """Overall and per-topic values on the last day (``end``)."""
        overall = self.overall[-1][1] if self.overall else NEUTRAL
        return overall, {t: (s[-1][1] if s else NEUTRAL) for t, s in self.by_topic.items()}


def thaw_index(
    observations: Iterable[Observation], start: date, end: date, window: int = 14
) -> ThawIndex:
    """Compute the index for every day of ``[start, end]`` (see the module docstring)."""
    if window < 1:
        raise ValueError("window must be at least 1 day")
    obs = [o for o in observations if o.weight > 0]
    overall = _series(_daily(obs), start, end, window)
    by_topic = {
        t: _series(_daily([o.for_topic(t) for o in obs if t in o.topics]), start, end, window)
        for t in TOPICS
    }
    return ThawIndex(overall, by_topic)


def _daily(obs: list[Observation]) -> dict[date, tuple[float, float]]:
    """``day -> (W_d, M_d)`` after keeping the strongest observation per story and day."""
    best: dict[tuple[date, str], Observation] = {}
    for o in obs:
        key = (o.day, o.story)
        cur = best.get(key)
        if cur is None or (o.weight, abs(o.score)) > (cur.weight, abs(cur.score)):
            best[key] = o
    sums: dict[date, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for o in best.values():
        score = max(-10.0, min(10.0, o.score))
        sums[o.day][0] += o.weight
        sums[o.day][1] += o.weight * score
    return {d: (w, ws / w) for d, (w, ws) in sums.items() if w > 0}


def _series(
    daily: dict[date, tuple[float, float]], start: date, end: date, window: int
) -> list[tuple[date, float]]:
    half_life = window / 2
    decay = [2 ** (-k / half_life) for k in range(window)]
    out: list[tuple[date, float]] = []
    day = start
    while day <= end:
        num = den = 0.0
        for k, lam in enumerate(decay):
            got = daily.get(day - timedelta(days=k))
            if got:
                num += lam * got[0] * got[1]
                den += lam * got[0]
        value = num / den if den else 0.0
        out.append((day, round(max(0.0, min(100.0, NEUTRAL + 5 * value)), 1)))
        day += timedelta(days=1)
    return out
