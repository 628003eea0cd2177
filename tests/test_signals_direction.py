"""Direction: verbs scored by their objects, negation and hedging, signal overrides."""

from __future__ import annotations

from datetime import date

import pytest

from thawwatch.signals import classify

WARMING = [
    "China scraps tariffs on Canadian canola meal",
    "Canada and China sign trade roadmap",
    "Beijing resumes imports of Canadian canola",
    "Carney to visit Beijing in spring",
    "China grants Canadians visa-free entry",
    "Ottawa eases surtax on Chinese steel",
    "China frees detained Canadian",
    "China to impose anti-dumping duty of 5.9% on Canadian canola seed, down from 75.8%",
    "China extends suspension of tariffs on Canadian peas",
    "Canadian and Chinese ministers agree to end trade war",
]
COOLING = [
    "China slaps tariffs on Canadian pork",
    "China halts imports of Canadian canola",
    "Canada expels Chinese diplomat over interference",
    "Beijing suspends group tours to Canada",
    "China executes Canadian citizen",
    "Trump threatens Canada over China trade deal",
    "Ottawa condemns Beijing's sanctions on Canadian MPs",
    "China reinstates tariffs on Canadian peas",
    "China refuses to lift canola tariffs on Canada",
    "China launches anti-dumping probe into Canadian canola",
]
NEUTRAL = [
    "China delays ruling on Canadian canola",
    "China keeps tariff on Canadian canola oil unchanged",
    "Canada has no plans to drop EV surtax on China",
    "Canola farmers urge Ottawa to scrap tariffs on Chinese EVs",
    "China extends anti-dumping investigation into Canadian canola",
    "Poll: Canadians split on China relations",
]


@pytest.mark.parametrize("title", WARMING)
def test_warming(title: str) -> None:
    result = classify(title)
    assert result.direction == "warming", result.reasons
    assert result.score > 0


@pytest.mark.parametrize("title", COOLING)
def test_cooling(title: str) -> None:
    result = classify(title)
    assert result.direction == "cooling", result.reasons
    assert result.score < 0


@pytest.mark.parametrize("title", NEUTRAL)
def test_neutral(title: str) -> None:
    result = classify(title)
    assert result.direction == "neutral", result.reasons


def test_suspending_tariffs_and_imports_differ() -> None:
    assert classify("China suspends tariffs on Canadian peas").score > 0
    assert classify("China suspends imports of Canadian peas").score < 0


def test_reasons_name_words_and_scores() -> None:
    result = classify("China suspends tariffs on Canadian peas")
    assert any(r.startswith("direction warming: ") and "(+7.0)" in r for r in result.reasons)


def test_score_bounds_and_weight() -> None:
    result = classify("China executes Canadian, expels diplomats and slaps tariffs on Canada")
    assert -10 <= result.score <= 10
    assert result.weight >= 1.0


def test_a_bigger_quota_warms_and_a_smaller_one_cools() -> None:
    """"Canada raises EV import quota" scored as raising a barrier (−7): a quota says how
    much may enter, and more may now."""
    from thawwatch.signals import classify

    assert classify("Canada raises EV import quota to 70,000 Chinese vehicles", "",
                    None).direction == "warming"
    assert classify("Canada cuts quota for Chinese EV imports", "", None).direction == "cooling"


def test_a_summary_recounting_the_past_does_not_outweigh_the_news() -> None:
    """ "Beijing cuts canola oil tariff to 50%" over "The tariff was raised to 100% in March
    2025 in retaliation for Ottawa's EV surtax." read cooling: the background sentence
    outweighed the cut. Recounting the past, it now weighs less; a summary telling news
    of its own still counts in full."""
    from datetime import date

    nov = date(2026, 11, 20)
    title = "Beijing cuts canola oil tariff to 50%"
    past = "The tariff was raised to 100% in March 2025 in retaliation for Ottawa's EV surtax."
    assert classify(title, past, nov).direction == "warming"
    news = "Beijing also imposed a 100% tariff on Canadian pork and retaliated against steel."
    assert classify("Canada and China hold trade talks", news, nov).direction == "cooling"


@pytest.mark.parametrize("title", [
    "China denies it will cut pork tariffs on Canada",
    "Canada rejects report it will scrap 100% surtax on Chinese EVs",
])
def test_a_denial_says_nothing_moved(title: str) -> None:
    """A denial of a change read as the change (warming), or as a refusal of it (cooling)."""
    assert classify(title, "", date(2026, 11, 20)).direction == "neutral"


def test_a_refused_visa_is_still_a_refusal() -> None:
    assert classify("Beijing denies visa to Canadian MP, sanctions two senators", "",
                    date(2026, 11, 20)).direction == "cooling"
