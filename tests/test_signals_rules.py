"""User rules: the config's [signals] table extends the bundled rules; bad keys are errors."""

from __future__ import annotations

import pytest

from thawwatch.errors import ConfigError
from thawwatch.signals import Rules, classify, load_rules


def test_default_rules_are_cached() -> None:
    assert load_rules() is load_rules(None) is load_rules({})
    assert isinstance(load_rules(), Rules)


def test_extend_topic_keywords() -> None:
    title = "China cuts tariffs on Canadian durum"
    assert "agriculture" not in classify(title).topics
    rules = load_rules({"topics": {"agriculture": {"keywords": ["durum"]}}})
    assert "agriculture" in classify(title, rules=rules).topics
    assert "topic agriculture: 'durum'" in classify(title, rules=rules).reasons


def test_extend_sides_and_measure_products() -> None:
    title = "Zhongguo Daily: Beijing lifts duty on Canadian pulses"
    rules = load_rules({"measures": {"cn-peas": {"products": ["pulses"]}}})
    (signal,) = classify(title, rules=rules).signals
    assert (signal.measure, signal.action) == ("cn-peas", "remove")
    rules = load_rules({"relevance": {"canada": ["Maple Nation"]}})
    assert classify("Maple Nation and Beijing meet", rules=rules).relevant


def test_add_a_cue_with_a_raw_pattern_and_change_a_weight() -> None:
    title = "Beijing boycotts Canadian trade fair"
    assert classify(title).direction == "neutral"
    rules = load_rules(
        {"direction": {"cues": {"boycott": {"terms": ["re:\\bboycott\\w*"], "score": -5}}}}
    )
    assert classify(title, rules=rules).direction == "cooling"
    rules = load_rules({"direction": {"cues": {"visit": {"score": -3}}}})
    assert classify("Carney to visit China", rules=rules).direction == "cooling"


def test_user_rules_do_not_leak_into_defaults() -> None:
    load_rules({"topics": {"agriculture": {"keywords": ["durum"]}}})
    assert "agriculture" not in classify("China cuts tariffs on Canadian durum").topics


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"topics": {"peas": {"keywords": ["pea"]}}}, "signals.topics.peas: unknown topic"),
        ({"colour": "red"}, "signals.colour: unknown key"),
        (
            {"topics": {"agriculture": {"keywords": "canola"}}},
            "signals.topics.agriculture.keywords: expected a list of strings",
        ),
        ({"topics": {"agriculture": {"words": ["x"]}}}, "signals.topics.agriculture.words"),
        ({"direction": {"threshold": "high"}}, "signals.direction.threshold: expected a number"),
        ({"direction": {"threshold": True}}, "signals.direction.threshold: expected a number"),
        ({"direction": {"window": 2.5}}, "signals.direction.window: expected a whole number"),
        (
            {"direction": {"cues": {"boycott": {"terms": ["boycott"]}}}},
            "signals.direction.cues.boycott.score: missing",
        ),
        (
            {"direction": {"cues": {"boycott": {"terms": ["x"], "score": 1, "colour": 2}}}},
            "signals.direction.cues.boycott.colour: unknown key",
        ),
        (
            {"direction": {"verbs": {"boycott": {"terms": ["x"]}}}},
            "signals.direction.verbs.boycott: unknown verb family",
        ),
        (
            {"measures": {"cn-beef": {"products": ["beef"]}}},
            "signals.measures.cn-beef: unknown measure",
        ),
        (
            {"measures": {"cn-peas": {"side": "US"}}},
            "signals.measures.cn-peas.side: expected one of",
        ),
        ({"relevance": {"china": ["re:("]}}, "signals.relevance.china[0]: bad pattern"),
        ({"relevance": {"china": [""]}}, "signals.relevance.china[0]: empty term"),
        # from a user audit: a term of wildcards only matched everywhere ("**" tagged
        # every item with its topic)
        ({"topics": {"ev": {"keywords": ["**"]}}}, "signals.topics.ev.keywords[0]: empty term"),
        ({"relevance": {"china": ["* -"]}}, "signals.relevance.china[0]: empty term"),
        ({"tariffs": []}, "signals.tariffs: expected a table"),
        (
            {"direction": {"cues": {"x": {"terms": ["x"], "score": 50}}}},
            "signals.direction.cues.x.score: expected a number from -10 to 10, got 50",
        ),
        (
            {"direction": {"verbs": {"impose": {"barrier": -11}}}},
            "signals.direction.verbs.impose.barrier: expected a number from -10 to 10",
        ),
        ({"direction": {"signal_scores": {"lower": 12.5}}}, "signal_scores.lower: expected"),
        ({"direction": {"threshold": float("inf")}}, "threshold: expected a number from 0 to"),
        ({"direction": {"title_weight": float("nan")}}, "title_weight: expected a number"),
        ({"direction": {"window": 10**9}}, "signals.direction.window: expected a number from"),
        ({"direction": {"window": 10**400}}, "signals.direction.window: expected a number"),
        ({"direction": {"threshold": 10**400}}, "signals.direction.threshold: expected a"),
        ({"measures": {"cn-peas": {"baseline": -5}}}, "cn-peas.baseline: expected a number from"),
    ],
)
def test_bad_user_rules_raise_config_error(table: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_rules(table, where="/home/me/thawwatch.toml")
    text = str(info.value)
    assert text.startswith("/home/me/thawwatch.toml: ")
    assert message in text
    assert "\n" not in text
    assert info.value.exit_code == 2


def test_unknown_topic_lists_the_vocabulary() -> None:
    with pytest.raises(ConfigError, match="expected one of agriculture, seafood"):
        load_rules({"topics": {"peas": {}}})


def test_every_bundled_number_lies_in_its_range() -> None:
    """The ranges a user's numbers are held to admit every bundled value."""
    from thawwatch.signals.rules import bundled_data, check_rules

    assert check_rules(bundled_data(), where="rules.toml") == bundled_data()
