"""The thaw index read from the database: relevant stories → daily temperature, 0–100.

The formula lives in ``thawwatch.signals.index``; this module only gathers the
observations (one per story, so several sources carrying the same story count once) and
packages the result for the status command and the dashboard's sparklines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .store import Store
from .vocab import TOPIC_LABELS, TOPICS

HISTORY_DAYS = 90
WINDOW = 14  # days today's index reads (signals.thaw_index's window)
NEUTRAL = 50.0


@dataclass(frozen=True)
class ThawSummary:
    """Today's index overall and per topic, with the daily series behind it."""

    overall: float = NEUTRAL
    by_topic: dict[str, float] = field(default_factory=dict)
    series: tuple[float, ...] = ()
    topic_series: dict[str, tuple[float, ...]] = field(default_factory=dict)
    stories: int = 0
    #: Stories behind each topic's index in the ``days`` to the as-of date: with none, its
    #: 50 is the formula's value for no data, not a reading of neutral relations.
    topic_stories: dict[str, int] = field(default_factory=dict)
    days: int = HISTORY_DAYS
    #: Stories in the index's own window (its last ``WINDOW`` days): today's value reads
    #: them only, and without any it is 50 again, however much history the series has.
    recent: int = 0
    topic_recent: dict[str, int] = field(default_factory=dict)

    def scored(self, topic: str | None = None) -> bool:
        """Whether any story is behind today's index (of ``topic``, else overall), in its
        window: the dashboard shows "thaw —" rather than a 50.0 no headline stands behind
        (three weeks after the last headline, every card read 50.0)."""
        if topic is None:
            return self.recent > 0
        return self.topic_recent.get(topic, 0) > 0

    def has_history(self, topic: str | None = None) -> bool:
        """Whether any story is behind the series of the last ``days`` (its sparkline)."""
        if topic is None:
            return self.stories > 0
        return self.topic_stories.get(topic, 0) > 0

    def to_json(self) -> dict[str, Any]:
        """The `thaw_index` object of `status --format json`; ``stories`` (overall and by
        topic) counts the stories behind each value, so a script can tell a 50.0 no
        headline stands behind from a neutral reading, as the dashboard's "thaw —" does."""
        return {"overall": round(self.overall, 1),
                "by_topic": {t: round(v, 1) for t, v in self.by_topic.items()},
                "stories": self.recent,
                "stories_by_topic": {t: self.topic_recent.get(t, 0) for t in self.by_topic}}

    def line(self) -> str:
        """One line for text output: "—" where no story stands behind a value, as on the
        dashboard."""
        if not self.scored():
            why = (f"no relevant headlines in the {WINDOW} days to the as-of date" if
                   self.stories else f"no relevant headlines in the {self.days} days to the"
                   " as-of date")
            return f"thaw index — ({why})"
        parts = ", ".join(  # labels, as the dashboard's ("Steel & aluminum 61.2")
            f"{TOPIC_LABELS.get(t, t)} {v:.1f}" if self.scored(t) else f"{TOPIC_LABELS.get(t, t)} —"
            for t, v in self.by_topic.items())
        many = "story" if self.recent == 1 else "stories"
        return (f"thaw index {self.overall:.1f} (50 = neutral; {parts}) from {self.recent}"
                f" {many} in the last {WINDOW} days")


def observations(store: Store, start: date, end: date) -> list[Any]:
    """One observation per relevant item published in [start, end] (stories dedup later)."""
    rows = store.conn.execute(
        "SELECT substr(published, 1, 10), topics, score, weight, story, signals FROM items"
        " WHERE relevant = 1 AND published >= ? AND published < ?",
        (start.isoformat(), (end + timedelta(days=1)).isoformat()),
    ).fetchall()
    if not rows:
        return []
    from .signals import Observation

    out = []
    for day, topics, score, weight, story, signals in rows:
        named = tuple(json.loads(topics))
        out.append(Observation(day=date.fromisoformat(day), topics=named, score=score,
                               weight=weight, story=story,
                               topic_scores=topic_scores(named, score, signals)))
    return out


#: The changes that ease a duty; a duty extended at a rate of its own tightens ("extends
#: the 100% tariff on canola oil"), a relief extended (0%, or no rate) eases.
_EASING = frozenset({"suspend", "extend", "lower", "remove"})
#: … and those that ease a benefit (group tours' approved status): given back, kept.
_EASING_BENEFIT = frozenset({"restore", "extend"})
#: The topic of the one measure that is a benefit.
_BENEFIT_TOPIC = "tourism"


def topic_scores(topics: tuple[str, ...], score: float,
                 signals: str | None) -> tuple[tuple[str, float], ...]:
    """Each topic's own score where an item's tariff signals say it is not the item's: a
    topic whose signals all go one way takes the item's strength that way (the seafood
    duty back, in a story warmed by the meal and pea extension, cools seafood); a topic
    named with no signal of its own, in a story whose signals are other topics', is
    neutral there ("China extends meal, pea relief; seafood left out")."""
    found = json.loads(signals) if signals and signals != "[]" else []
    if not found:
        return ()
    from .signals.topics import MEASURE_TOPIC

    ways: dict[str, set[int]] = {}
    for s in found:
        topic = MEASURE_TOPIC.get(s.get("measure", ""))
        if topic is None:
            continue
        action, rate = s.get("action"), s.get("rate")
        if topic == _BENEFIT_TOPIC:
            eases = action in _EASING_BENEFIT
        else:
            eases = action in _EASING and not (action == "extend" and rate not in (None, 0))
        ways.setdefault(topic, set()).add(1 if eases else -1)
    out = []
    for topic in topics:
        way = ways.get(topic)
        if way is None:
            if ways and topic in MEASURE_TOPIC.values():
                out.append((topic, 0.0))
        elif len(way) == 1 and (own := next(iter(way)) * abs(score)) != score:
            out.append((topic, own))
    return tuple(out)


def thaw_summary(store: Store | None, as_of: date, days: int = HISTORY_DAYS) -> ThawSummary:
    """The index on ``as_of`` and the ``days`` before it; neutral without data."""
    flat = (NEUTRAL,) * days
    neutral = ThawSummary(by_topic=dict.fromkeys(TOPICS, NEUTRAL), series=flat,
                          topic_series=dict.fromkeys(TOPICS, flat),
                          topic_stories=dict.fromkeys(TOPICS, 0), days=days)
    if store is None:
        return neutral
    start = as_of - timedelta(days=days - 1)
    obs = observations(store, start, as_of)
    if not obs:
        return neutral
    from .signals import thaw_index

    index = thaw_index(obs, start, as_of, window=WINDOW)
    overall, by_topic = index.latest()
    recent = [o for o in obs if o.day > as_of - timedelta(days=WINDOW) and o.weight > 0]
    return ThawSummary(
        overall=overall,
        by_topic={t: by_topic.get(t, NEUTRAL) for t in TOPICS},
        series=tuple(v for _, v in index.overall),
        topic_series={t: tuple(v for _, v in index.by_topic.get(t, [])) for t in TOPICS},
        stories=len({o.story for o in obs}),
        topic_stories={t: len({o.story for o in obs if t in o.topics and o.weight > 0})
                       for t in TOPICS},
        days=days,
        recent=len({o.story for o in recent}),
        topic_recent={t: len({o.story for o in recent if t in o.topics}) for t in TOPICS},
    )
