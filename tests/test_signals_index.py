"""The thaw index: story dedup, weighted daily means, decayed window, 0–100 scale."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from thawwatch.signals import TOPICS, Observation, thaw_index

D0 = date(2026, 3, 1)


def obs(day: int, score: float, weight: float = 1.0, story: str = "s", topics=("agriculture",)):
    return Observation(D0 + timedelta(days=day), tuple(topics), score, weight, story)


def test_no_data_is_neutral() -> None:
    index = thaw_index([], D0, D0 + timedelta(days=2))
    assert [v for _, v in index.overall] == [50.0, 50.0, 50.0]
    assert set(index.by_topic) == set(TOPICS)
    assert index.latest() == (50.0, dict.fromkeys(TOPICS, 50.0))


def test_scale_maps_score_to_0_100() -> None:
    assert thaw_index([obs(0, 10)], D0, D0).latest()[0] == 100.0
    assert thaw_index([obs(0, -10)], D0, D0).latest()[0] == 0.0
    assert thaw_index([obs(0, 4)], D0, D0).latest()[0] == 70.0


def test_one_story_counts_once_per_day_strongest_kept() -> None:
    same_story = [
        obs(0, 8, 1.0, "a"),
        obs(0, 8, 1.0, "a"),
        obs(0, 2, 2.0, "a"),
        obs(0, -8, 1.0, "b"),
    ]
    # story a keeps its weight-2.0 member (score 2); b counts once: (2*2 - 8*1) / 3
    value = thaw_index(same_story, D0, D0).latest()[0]
    assert value == pytest.approx(50 + 5 * (2 * 2 - 8) / 3, abs=0.05)


def test_days_without_items_carry_no_information_and_decay() -> None:
    index = thaw_index([obs(0, 6), obs(7, -6)], D0, D0 + timedelta(days=20), window=14)
    values = dict(index.overall)
    assert values[D0] == 80.0
    assert values[D0 + timedelta(days=3)] == 80.0  # quiet days keep the last reading
    mixed = values[D0 + timedelta(days=7)]
    assert 20.0 < mixed < 50.0  # newer cooling day weighs more than the decayed warm one
    assert values[D0 + timedelta(days=14)] == 20.0  # warm day left the window
    assert values[D0 + timedelta(days=20)] == 20.0
    assert thaw_index([obs(0, 6)], D0, D0 + timedelta(days=14)).latest()[0] == 50.0


def test_per_topic_series() -> None:
    data = [
        obs(0, 6, topics=("agriculture",)),
        obs(0, -6, story="t", topics=("tourism", "diplomacy")),
    ]
    overall, topics = thaw_index(data, D0, D0).latest()
    assert overall == 50.0
    assert topics["agriculture"] == 80.0
    assert topics["tourism"] == topics["diplomacy"] == 20.0
    assert topics["ev"] == 50.0


def test_zero_weight_and_bad_window() -> None:
    assert thaw_index([obs(0, 9, weight=0)], D0, D0).latest()[0] == 50.0
    with pytest.raises(ValueError):
        thaw_index([], D0, D0, window=0)
