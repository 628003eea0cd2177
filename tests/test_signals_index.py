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


def test_a_topic_reads_its_own_score_where_an_item_gives_one() -> None:
    """Overall the item counts as it scored; a topic with a score of its own (see
    ``Observation.topic_scores``) counts with that one."""
    mixed = Observation(D0, ("agriculture", "seafood"), 6.0, 1.0, "s",
                        topic_scores=(("seafood", -6.0),))
    index = thaw_index([mixed], D0, D0)
    overall, by_topic = index.latest()
    assert overall == 80.0 and by_topic["agriculture"] == 80.0 and by_topic["seafood"] == 20.0


def test_the_year_end_decision_warms_agriculture_and_not_seafood(db_path) -> None:
    """From a December play-through: "China extends tariff suspension on Canadian canola
    meal, peas for another year; seafood left out" warmed the seafood index (65) the day a
    lobster exporter learned the 25% duty was coming back. A topic named with no signal of
    its own, in a story whose signals are another topic's, is neutral there; one whose
    signals all go one way (the lobster duty reimposed) goes that way."""
    from conftest import seed_items

    from thawwatch.store import Store
    from thawwatch.thaw import thaw_summary

    seed_items(db_path, items=[
        ("y1", "https://news.example/left-out",
         "China extends tariff suspension on Canadian canola meal, peas for another year;"
         " seafood left out", "", "2026-12-19T06:40:00Z"),
        ("y2", "https://news.example/lobster-back",
         "Beijing leaves Canadian seafood out of tariff extension; lobster duties to return on"
         " January 1", "China will keep its tariffs on Canadian canola meal and peas suspended"
         " until Dec. 31, 2027, but the 25% duty on lobster and crab returns on Jan. 1.",
         "2026-12-19T13:00:00Z"),
    ])
    with Store.open(db_path) as store:
        summary = thaw_summary(store, date(2026, 12, 20))
        rows = store.conn.execute("SELECT topics, direction FROM items").fetchall()
    assert all("seafood" in topics for topics, _ in rows), rows  # (listed on its card)
    assert summary.by_topic["agriculture"] > 55, summary.by_topic
    assert summary.by_topic["seafood"] < 50, summary.by_topic


def test_a_topics_own_score_follows_what_each_change_does_to_it() -> None:
    """From a review: group tours' approval extended cooled tourism (a benefit eases when
    given back or kept), and a duty extended at its rate warmed agriculture."""
    import json

    from thawwatch.thaw import topic_scores

    tours = json.dumps([{"measure": "cn-tourism-ads", "action": "extend", "rate": None}])
    assert topic_scores(("tourism",), 5.0, tours) == ()  # as the item: warming
    duty = json.dumps([{"measure": "cn-canola-oil", "action": "extend", "rate": 100}])
    assert topic_scores(("agriculture",), 5.0, duty) == (("agriculture", -5.0),)
    relief = json.dumps([{"measure": "cn-peas", "action": "extend", "rate": 0}])
    assert topic_scores(("agriculture", "seafood"), 5.0, relief) == (("seafood", 0.0),)
