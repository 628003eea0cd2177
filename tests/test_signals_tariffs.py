"""Tariff signals: product + imposing side + action + instrument, with rates and dates."""

from __future__ import annotations

from datetime import date

import pytest

from thawwatch.signals import classify
from thawwatch.signals.dates import find_span

FEB27 = date(2026, 2, 27)


def triples(title: str, summary: str = "", published: date | None = FEB27) -> set[tuple]:
    return {(s.measure, s.action, s.rate) for s in classify(title, summary, published).signals}


def test_one_item_several_signals_with_dates() -> None:
    result = classify(
        "China suspends tariffs on Canadian peas, canola meal and lobster "
        "from March 1 to December 31",
        "",
        FEB27,
    )
    assert {s.measure for s in result.signals} == {"cn-peas", "cn-canola-meal", "cn-seafood"}
    for s in result.signals:
        assert (s.action, s.rate) == ("suspend", 0)
        assert s.to_json() == {
            "measure": s.measure,
            "action": "suspend",
            "rate": 0,
            "effective": "2026-03-01",
            "until": "2026-12-31",
            # the headline names lobster, not all seafood
            **({"scope": "lobster"} if s.measure == "cn-seafood" else {}),
        }
        assert s.evidence


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ottawa cuts tariff on Chinese EVs from 100% to 6.1%", ("ca-ev-surtax", "lower", 6.1)),
        ("China to cut canola duty to about 15%", ("cn-canola-seed-ad", "lower", 15.0)),
        (
            "China halves additional tariff on Canadian canola oil to 50%",
            ("cn-canola-oil", "lower", 50.0),
        ),
        ("China halves its 25% tariff on Canadian pork", ("cn-pork", "lower", 12.5)),
        (
            "Canada raises surtax on Chinese aluminum to 35%",
            ("ca-steel-aluminum-surtax", "raise", 35.0),
        ),
        ("China scraps pork tariffs on Canada for good", ("cn-pork", "remove", 0.0)),
        ("Beijing lifts levy on Canadian crab", ("cn-seafood", "remove", 0.0)),
        (
            "Canada removes surtax on electric vehicles made in China",
            ("ca-ev-surtax", "remove", 0.0),
        ),
        ("China reinstates 100% duty on Canadian peas", ("cn-peas", "restore", 100.0)),
        (
            "China restores approved destination status for Canada",
            ("cn-tourism-ads", "restore", None),
        ),
        (
            "China to impose anti-dumping duties of 5.9% on Canadian canola seed",
            ("cn-canola-seed-ad", "lower", 5.9),
        ),
        ("Beijing slaps 100% tariff on Canadian rapeseed oil", ("cn-canola-oil", "impose", 100.0)),
        ("China's tariffs on Canadian lobster to be dropped to 10%", ("cn-seafood", "lower", 10.0)),
    ],
)
def test_phrasings(title: str, expected: tuple) -> None:
    assert triples(title) == {expected}


def test_extension_moves_the_end_date() -> None:
    result = classify(
        "China extends suspension of tariffs on Canadian peas through 2027", "", date(2026, 12, 10)
    )
    (signal,) = result.signals
    assert (signal.action, signal.rate, signal.until) == ("extend", 0, date(2027, 12, 31))


def test_the_suspension_an_extension_extends_is_not_a_second_signal() -> None:
    """"The suspension … will be extended until …" is one change per product (extend),
    not also an undated suspension to the same end waiting to be accepted."""
    result = classify(
        "China extends tariff relief on Canadian peas and canola meal",
        "The suspension of additional tariffs on Canadian peas and canola meal will be"
        " extended until December 31, 2027.",
        date(2026, 11, 25),
    )
    assert sorted((s.measure, s.action, s.until) for s in result.signals) == [
        ("cn-canola-meal", "extend", date(2027, 12, 31)),
        ("cn-peas", "extend", date(2027, 12, 31)),
    ]
    # a suspension with a start of its own is a change of its own, and stays
    dated = classify("China suspends tariffs on Canadian peas from March 1 and extends the"
                     " suspension until December 31, 2027", "", date(2026, 2, 20))
    assert [(s.action, s.effective) for s in dated.signals] == [("suspend", date(2026, 3, 1))]


def test_temporary_lift_is_a_suspension_and_year_comes_from_published() -> None:
    result = classify(
        "China says tariffs on Canadian canola meal will be lifted until Dec. 31",
        "",
        date(2026, 1, 16),
    )
    (signal,) = result.signals
    assert (signal.action, signal.until) == ("suspend", date(2026, 12, 31))


def test_summary_supplies_rate_and_date() -> None:
    result = classify(
        "China cuts duty on Canadian rapeseed",
        "The final duty of 5.9% applies from March 1.",
        FEB27,
    )
    (signal,) = result.signals
    assert (signal.measure, signal.action, signal.rate) == ("cn-canola-seed-ad", "lower", 5.9)
    assert signal.effective == date(2026, 3, 1)


def test_gapped_list_gets_its_own_rate() -> None:
    got = triples(
        "China imposes 100% tariffs on Canadian canola oil and peas and a 25% tariff "
        "on pork and aquatic products"
    )
    assert got == {
        ("cn-canola-oil", "impose", 100.0),
        ("cn-peas", "impose", 100.0),
        ("cn-pork", "impose", 25.0),
        ("cn-seafood", "impose", 25.0),
    }


@pytest.mark.parametrize(
    "title",
    [
        "Trump threatens 100% tariff on all Canadian goods over China deal",  # not a measure
        "China cuts tariffs on Australian barley as Canada watches",  # third-country product
        "China lifts tariffs on US soybeans; Canadian canola still faces duties",
        "US raises tariffs on Chinese EVs to 100%, pressuring Ottawa",  # third-country actor
        "China refuses to lift tariffs on Canadian canola oil",  # negated
        "China could extend pea tariff suspension, Ottawa hopes",  # hedged
        "Farmers urge Ottawa to drop EV surtax on China",  # a request
        "China keeps 100% tariff on Canadian canola oil",  # unchanged
        "China halts imports of Canadian canola from two exporters",  # no instrument
        "Canada and China open talks on easing steel surtax",  # talks about an action
        "Canada launches WTO case over China's reinstated canola meal tariff",  # description
        "Chinese pork tariffs on Canada: what farmers should know",
    ],
)
def test_no_signal(title: str) -> None:
    assert triples(title) == set()


def test_wrong_side_product_is_not_a_measure() -> None:
    assert triples("Canada cuts tariffs on Canadian electric vehicles from China") == set()
    assert triples("China lifts tariffs on Chinese pork, Canada says") == set()


def test_unknown_year_without_published() -> None:
    result = classify("China suspends tariffs on Canadian peas from March 1", "", None)
    (signal,) = result.signals
    assert signal.effective is None
    result = classify("China suspends tariffs on Canadian peas from March 1, 2026", "", None)
    assert result.signals[0].effective == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        # fears, forecasts and offers are not decisions
        ("Pea exporters fear return of 100% Chinese tariff in January",
         "Pulse Canada said buyers in China are holding off on new orders."),
        ("Wang Wentao: China ready to cut tariffs on Canadian canola oil if Ottawa drops"
         " steel curbs", ""),
        ("Analysts predict China will lift canola oil tariff", ""),
        # another instrument on the same goods is another measure
        ("CBSA ends anti-dumping duties on Chinese steel wire after expiry review", ""),
        ("China lifts anti-dumping duty on Canadian pea starch", ""),
        ("China lifts tariff on Canadian pea protein", ""),
        # the surtax's relief, not the surtax
        ("Ottawa keeps 25% steel surtax on Chinese imports",
         "The government extended the China surtax remission framework to the end of 2027"
         " but left the rate unchanged."),
    ],
)
def test_not_a_change_to_the_measure(title: str, summary: str) -> None:
    """From a domain review: each of these made a signal (peas restored to 100%, canola oil
    cut, the steel surtax removed or extended) that accepted would have been wrong."""
    assert triples(title, summary, date(2026, 10, 20)) == set()


def test_a_summary_rate_belongs_to_the_titles_change_not_every_product_in_it() -> None:
    """"The higher rate applies from Nov. 1" under a pork hike that mentions steel quotas
    raised the steel surtax too (the wrong side: Canada's measure, China's action)."""
    got = triples("China hikes tariff on Canadian pork to 50% after Ottawa widens steel quotas",
                  "The higher rate applies from Nov. 1, the commerce ministry said.",
                  date(2026, 10, 15))
    assert got == {("cn-pork", "raise", 50.0)}


def test_peas_and_anti_dumping_on_steel_still_read_where_they_are_the_measure() -> None:
    assert triples("China suspends tariffs on Canadian peas") == {("cn-peas", "suspend", 0)}
    assert triples("Canada lifts 25% surtax on Chinese steel") == {
        ("ca-steel-aluminum-surtax", "remove", 0)}
    assert triples("China removes anti-dumping duty on Canadian canola seed") == {
        ("cn-canola-seed-ad", "remove", 0)}


def test_one_change_told_twice_is_one_signal() -> None:
    """An extension whose summary names the suspension it extends gave "extend" and
    "suspend"; a title's "suspends group tours" and its summary's "withdrew approved
    destination status" gave "suspend" and "remove". Accepting both of either pair would
    record one change twice; the first telling stands."""
    pause = triples("China extends pea tariff pause by six months",
                    "The suspension of China's additional tariff on Canadian peas, due to end"
                    " Dec. 31, now runs to June 30, 2027.", date(2026, 11, 26))
    assert pause == {("cn-peas", "extend", 0)}
    tours = triples("Beijing suspends group tours to Canada again amid interference row",
                    "China's culture and tourism ministry withdrew approved destination status"
                    " for Canada, citing the safety of Chinese travellers.", date(2026, 9, 30))
    assert tours == {("cn-tourism-ads", "suspend", None)}


def test_the_end_a_relief_had_is_no_start_of_its_extension() -> None:
    """From a user audit: "The suspension, due to end on Dec. 31, will run through 2027"
    under an extension to Dec. 31, 2027 dated it from 2026-12-31, a day early, and its
    relief then ran out on the old end in `status`'s JSON (the same news without that
    sentence ran from the day after the old end)."""
    title = "China extends suspension of tariffs on Canadian canola meal to Dec. 31, 2027"
    for summary in ("", "The suspension, due to end on Dec. 31, will run through 2027."):
        (signal,) = classify(title, summary, date(2026, 11, 28)).signals
        assert (signal.action, signal.effective, signal.until) == (
            "extend", None, date(2027, 12, 31)), summary
    # a start of its own stands
    (signal,) = classify(title, "The extension takes effect on Jan. 1.", date(2026, 11, 28)
                         ).signals
    assert signal.effective == date(2027, 1, 1)


def test_another_instrument_in_another_phrase_leaves_the_change() -> None:
    """From a review: "anti-dumping" anywhere near the product, after it too, blocked the
    measure's own change."""
    assert triples("Canada lifts 25% surtax on Chinese steel, keeps anti-dumping duties") == {
        ("ca-steel-aluminum-surtax", "remove", 0)}
    got = triples("China removes tariffs on Canadian canola meal and peas, keeps anti-dumping"
                  " duties on canola seed")
    assert {("cn-peas", "remove", 0), ("cn-canola-meal", "remove", 0)} <= got


def test_a_removal_from_a_date_of_its_own_is_a_second_change() -> None:
    """Suspended now, removed from 1 January: two changes; the merge of "suspend" and
    "remove" told twice must not drop the later one."""
    result = classify("China suspends tariffs on Canadian peas",
                      "Beijing said it will remove the tariff on Canadian peas entirely from"
                      " January 1, 2027.", date(2026, 11, 20))
    assert {s.action for s in result.signals if s.measure == "cn-peas"} == {"suspend", "remove"}


def test_second_review_of_merges_and_instruments() -> None:
    """A dated suspension and an undated "withdrew approved destination status" are one
    change told twice; "duties on steel under an anti-dumping order" are not the surtax."""
    tours = triples("China suspends group tours to Canada from March 1",
                    "China's culture and tourism ministry withdrew approved destination"
                    " status for Canada.", date(2026, 2, 20))
    assert tours == {("cn-tourism-ads", "suspend", None)}
    assert triples("Canada removes duties on Chinese steel under anti-dumping order") == set()


SURTAX_REMOVED = {("ca-steel-aluminum-surtax", "remove", 0)}


@pytest.mark.parametrize(("title", "expected"), [
    # another instrument further on ("amid", "after", "pending", a phrase between) is
    # another matter: the measure's own change stands
    ("Canada scraps surtax on Chinese steel amid anti-dumping probe", SURTAX_REMOVED),
    ("Canada lifts surtax on Chinese steel after anti-dumping ruling", SURTAX_REMOVED),
    ("China suspends tariffs on Canadian peas pending anti-dumping review",
     {("cn-peas", "suspend", 0)}),
    ("Canada lifts surtax on Chinese steel in bid to ease anti-dumping row", SURTAX_REMOVED),
    ("Canada lifts surtax on Chinese steel under pressure to end anti-dumping dispute",
     SURTAX_REMOVED),
    ("Canada lifts surtax on Chinese steel in wake of anti-dumping ruling", SURTAX_REMOVED),
    # in a compound after the product, or the product under it or in its proceeding, it is
    # what changed
    ("Canada extends steel surtax remission for Chinese imports", set()),
    ("Canada extends steel import surtax remission for Chinese imports", set()),
    ("Canada removes surtax on Chinese steel under new anti-dumping order", set()),
    ("Canada removes surtax on Chinese steel under Canada's anti-dumping order", set()),
    ("Canada ends duties on Chinese steel pipe in anti-dumping case", set()),
    ("Canada lifts duties on Chinese steel in anti-dumping review", set()),
    ("Canada ends duties on Chinese steel in countervailing duty case", set()),
    ("Canada ends duties on Chinese steel in anti-dumping and countervailing case", set()),
    ("Canada ends duties on Chinese steel wire-rod in anti-dumping inquiry", set()),
])
def test_where_another_instrument_stands_decides_whose_change_it_is(
        title: str, expected: set) -> None:
    """From the reviews of `other_instruments`: each of these once gave the wrong answer,
    a signal blocked by an instrument in another phrase or one let through that was
    another instrument's."""
    assert triples(title) == expected


def test_a_signal_reason_words_its_change_without_python_values() -> None:
    """The headline detail's "Why it was tagged" read "signal cn-canola-seed-ad lower
    None: 'cuts canola'"."""
    from datetime import date

    rateless = classify("China cuts anti-dumping duty on Canadian canola seed", "",
                        date(2026, 11, 25))
    dated = classify("China lowers canola seed duty to 3% from December 1", "",
                     date(2026, 11, 25))
    assert rateless.reasons[-1] == ("signal cn-canola-seed-ad: lower"
                                    " ('cuts anti-dumping duty on Canadian canola seed')")
    assert dated.reasons[-1] == ("signal cn-canola-seed-ad: lower 3% from 2026-12-01"
                                 " ('lowers canola seed')")


@pytest.mark.parametrize(
    "title",
    [
        # a condition after the action (the hedge list only looked before it)
        "China to impose duties of up to 100% on Canadian pork if Ottawa joins U.S. tariffs",
        "China to lift tariff on Canadian pork once Ottawa drops steel surtax, envoy says",
        "Poilievre promises to restore 100% EV surtax on China if elected",
        "China ready to cut canola oil tariff to 50% unless Ottawa keeps EV surtax",
        "Cut to Canadian canola oil tariff on the table in China talks",
        # denials
        "China denies it will reimpose tariffs on Canadian canola meal",
        "Ottawa denies plan to lift steel surtax on China",
    ],
)
def test_a_condition_or_a_denial_is_no_change(title: str) -> None:
    assert triples(title, published=date(2026, 11, 20)) == set()


def test_a_product_set_apart_with_not_keeps_its_measure() -> None:
    """ "…, not on steel" excludes steel; "not only … but also" excludes nothing; "once
    again" is no condition (and a duty imposed again comes back: restore)."""
    nov = date(2026, 11, 20)
    assert triples("Ottawa scraps surtax on Chinese EVs, not on steel", published=nov) == {
        ("ca-ev-surtax", "remove", 0.0)}
    both = triples("China lifts tariffs not only on Canadian peas but on canola meal too",
                   published=nov)
    assert ("cn-peas", "remove", 0.0) in both
    assert triples("China once again imposes 25% tariff on Canadian pork",
                   published=nov) == {("cn-pork", "restore", 25.0)}


@pytest.mark.parametrize(("published", "summary"), [
    (date(2026, 11, 27), ""),
    (date(2026, 2, 27), ""),
    (date(2026, 11, 27), "The suspension, which began March 1, runs to December 31, 2026."),
])
def test_an_end_date_with_its_year_dates_the_start_too(published: date, summary: str) -> None:
    """ "from March 1 to December 31, 2026" in a November 2026 story became a made-up
    2027 suspension (the start went to the nearer March, and the end followed it a year
    on, despite its year): the start now takes the end's year, and a date that began
    ("which began March 1") is not a start at all."""
    found = classify("China suspends tariffs on Canadian peas from March 1 to December 31, 2026",
                     summary, published).signals
    assert [(s.measure, s.effective, s.until) for s in found] == [
        ("cn-peas", date(2026, 3, 1), date(2026, 12, 31))]
    extended = classify("China extends tariff suspension on Canadian peas",
                        "The suspension, which began March 1, now runs until the end of 2027.",
                        date(2026, 11, 20)).signals
    assert [(s.action, s.effective, s.until) for s in extended] == [
        ("extend", None, date(2027, 12, 31))]


def test_lifting_a_ban_on_group_tours_restores_them() -> None:
    """ "Beijing lifts ban on group tours to Canada" read as removing the tourism status
    (and cooling): lifting a ban, suspension or curb on a benefit gives it back."""
    for title in ("Beijing lifts ban on group tours to Canada",
                  "China lifts suspension on group tours to Canada"):
        result = classify(title, "", date(2025, 11, 3))
        assert [(s.measure, s.action) for s in result.signals] == [
            ("cn-tourism-ads", "restore")], title
        assert result.direction == "warming", title
    assert triples("China suspends group tours to Canada", published=date(2025, 11, 3)) == {
        ("cn-tourism-ads", "suspend", None)}


def test_an_exemption_set_to_expire_and_extended_is_an_extension() -> None:
    """The lapse ("set to expire Dec. 31") was read as the tariff coming back, though the
    same sentence extends the exemption: accepting it put the 25% back."""
    found = classify("China's tariff exemption for Canadian crab, set to expire Dec. 31, "
                     "extended to March 31", "", date(2026, 12, 10)).signals
    assert [(s.measure, s.action, s.until) for s in found] == [
        ("cn-seafood", "extend", date(2027, 3, 31))]


@pytest.mark.parametrize(("title", "expected"), [
    ("Canadian pork sales to China drop 60% after Beijing's tariff", set()),
    ("China's purchases of Canadian canola fell 50% as tariffs bit", set()),
    ("Canadian canola exports to China up 300% after duty cut",
     {("cn-canola-seed-ad", "lower", None)}),
    ("Lobster prices in Halifax soar after China scraps 25% tariff",
     {("cn-seafood", "remove", 0.0)}),
    ("China cuts tariff on Canadian canola exports to 50%",
     {("cn-canola-seed-ad", "lower", 50.0)}),
])
def test_a_trade_flow_s_verb_and_rate_are_not_the_tariff_s(title: str, expected: set) -> None:
    """Market reports ("sales drop 60%", "exports up 300%") became tariff changes with the
    flow's percentage as the rate; a tariff word just before the flow keeps its rate."""
    assert triples(title, published=date(2026, 6, 10)) == expected


@pytest.mark.parametrize("title", [
    "China imposes preliminary 20% deposit on Canadian pork in dumping probe",
    "Canada to impose 25% surtax on Chinese-made EV batteries",
    "CBSA sets provisional duties of up to 101% on Chinese aluminum extrusions",
    "China extends anti-dumping investigation into Canadian canola by six months",
])
def test_another_case_or_other_goods_are_not_the_measure(title: str) -> None:
    """A pork dumping case, EV batteries, CBSA's provisional duties and an investigation
    being extended each became a change to one of the nine measures (pork 'lowered' to
    20%, the EV surtax 'lowered' to 25%, the steel surtax 'imposed' at 101%)."""
    assert triples(title, published=date(2026, 11, 20)) == set()


def test_the_ev_surtax_names_china_by_itself() -> None:
    """ "Ottawa to end EV surtax March 1" was not about China at all, by the side words."""
    found = classify("Ottawa to end EV surtax March 1",
                     "Importers will need a permit under the new quota.",
                     date(2026, 2, 24)).signals
    assert [(s.measure, s.action, s.effective) for s in found] == [
        ("ca-ev-surtax", "remove", date(2026, 3, 1))]


@pytest.mark.parametrize("title", [
    "Opinion: Lifting the EV surtax on China was Carney's biggest mistake",
    "Editorial: The canola deal cut China's tariffs but ceded Canada's EV market to Beijing",
    "China Plans to Lift Tariffs on Canadian Canola Oil, People Familiar Say",
    "Canada poised to drop steel surtax on China in trade package",
    "Canada and China aim to eliminate canola oil tariff by 2028",
    "China imposes tariffs on Canadian fish oil and fishmeal",
])
def test_comment_plans_and_fish_oil_make_no_change(title: str) -> None:
    """An opinion piece or editorial recounts changes, a plan or an aim is no decision,
    and fish oil is feed, not the seafood measure's lobster and crab."""
    assert triples(title, published=date(2026, 11, 20)) == set()


def test_a_plain_change_is_still_read_after_a_colon() -> None:
    assert triples("Canola: China cuts tariff on Canadian canola oil to 50%",
                   published=date(2026, 11, 20)) == {("cn-canola-oil", "lower", 50.0)}
    assert triples("China imposes 25% tariff on Canadian fish and seafood",
                   published=date(2026, 11, 20)) == {("cn-seafood", "impose", 25.0)}


def test_a_tariff_on_imports_of_a_product_is_still_its_tariff() -> None:
    """ "tariffs on imports of canola oil": the flow between action and product is what
    the tariff is on, not what the action acts on ("cuts purchases of canola")."""
    nov = date(2026, 11, 20)
    assert triples("China lifts tariffs on imports of Canadian canola oil", published=nov) == {
        ("cn-canola-oil", "remove", 0.0)}
    assert triples("China cuts purchases of Canadian canola as tariffs bite",
                   published=nov) == set()


def test_each_product_in_a_list_takes_its_own_new_rate() -> None:
    """ "pork tariff to 12.5%, lobster duty to 10%" gave lobster 12.5% (the nearer rate,
    before it); a new level just after a product is its own."""
    nov = date(2026, 11, 20)
    assert triples("China cuts pork tariff to 12.5%, lobster duty to 10% on Canadian goods",
                   published=nov) == {("cn-pork", "lower", 12.5), ("cn-seafood", "lower", 10.0)}
    assert triples("China cuts Canadian canola oil tariff to 50% and pork to 10%",
                   published=nov) == {("cn-canola-oil", "lower", 50.0),
                                      ("cn-pork", "lower", 10.0)}
    assert triples("China cuts tariffs on Canadian canola oil and pork to 50%",
                   published=nov) == {("cn-canola-oil", "lower", 50.0),
                                      ("cn-pork", "lower", 50.0)}


def test_once_as_formerly_and_not_just_are_no_condition_or_exception() -> None:
    nov = date(2026, 11, 20)
    assert triples("China removes tariff on Canadian peas, once a key irritant",
                   published=nov) == {("cn-peas", "remove", 0.0)}
    assert ("cn-peas", "remove", 0.0) in triples(
        "China lifts tariffs on not just Canadian peas but canola meal", published=nov)


def test_a_tariff_that_rises_to_a_rate_is_raised() -> None:
    """The tariff as the subject ("rises to 35%") was missed: only "raises" counted. A
    trade flow rising to a number is no tariff change."""
    nov = date(2026, 11, 20)
    assert triples("China's tariff on Canadian pork rises to 35%", published=nov) == {
        ("cn-pork", "raise", 35.0)}
    assert triples("China's duty on Canadian canola oil climbs to 120%", published=nov) == {
        ("cn-canola-oil", "raise", 120.0)}
    assert triples("Canola exports to China rise to 2 million tonnes", published=nov) == set()


def _span(title: str, published: date) -> list[tuple]:
    return [(s.measure, s.effective, s.until) for s in classify(title, "", published).signals]


@pytest.mark.parametrize(("title", "published", "effective", "until"), [
    # "next year" and "this year" are the publication's years
    ("China suspends tariffs on Canadian peas until the end of next year",
     date(2026, 11, 20), None, date(2027, 12, 31)),
    ("China suspends tariffs on Canadian peas until the end of this year",
     date(2026, 11, 20), None, date(2026, 12, 31)),
    # a month alone ends on its last day: the next such month, or the year named
    ("China suspends tariffs on Canadian pork through March", date(2026, 11, 20), None,
     date(2027, 3, 31)),
    ("China suspends tariffs on Canadian pork until March", date(2026, 2, 10), None,
     date(2026, 3, 31)),
    ("China suspends tariffs on Canadian pork through March 2028", date(2026, 11, 20), None,
     date(2028, 3, 31)),
    ("China suspends tariffs on Canadian pork from January 1 until the end of June",
     date(2026, 11, 20), date(2027, 1, 1), date(2027, 6, 30)),
    ("China suspends tariffs on Canadian pork through March 15", date(2026, 11, 20), None,
     date(2027, 3, 15)),  # a day after the month: the whole date, as before
    # a duration in months, from the start
    ("China suspends tariffs on Canadian pork from January 1 for six months",
     date(2026, 11, 20), date(2027, 1, 1), date(2027, 6, 30)),
    ("China suspends tariffs on Canadian pork from August 31 for six months",
     date(2026, 8, 20), date(2026, 8, 31), date(2027, 2, 27)),  # to Feb 28, the day before
    # "between A and B"
    ("China suspends tariffs on Canadian canola meal between March 1 and Dec. 31",
     date(2026, 2, 20), date(2026, 3, 1), date(2026, 12, 31)),
    ("China suspends tariffs on Canadian canola meal between March 1, 2026 and Dec. 31, 2026",
     date(2026, 2, 20), date(2026, 3, 1), date(2026, 12, 31)),
])
def test_end_dates_written_as_words(title: str, published: date, effective: date | None,
                                    until: date) -> None:
    """Ends named by words, a month alone, a count of months or "between … and …" came
    out as no end at all: a suspension read as open-ended."""
    (_, got_effective, got_until), = _span(title, published)
    assert (got_effective, got_until) == (effective, until), title


def test_a_month_named_after_a_past_tense_is_no_end() -> None:
    """ "exports fell through March" is no suspension's end."""
    assert _span("Canola exports fell through March as China tariffs bit",
                 date(2026, 11, 20)) == []


def test_a_range_of_rates_is_no_one_rate() -> None:
    """ "duties of 5.9% to 15.4%" (by company) read as a cut to 15.4%; "to between 10%
    and 15%" as 10%. A range gives the change without a rate; a headline's bare "25% to
    50%" after its verb is still a change from one to the other, and a list of rates
    after "of" is no range."""
    nov = date(2026, 11, 20)
    assert triples("China sets anti-dumping duties of 5.9% to 15.4% on Canadian canola"
                   " exporters", published=nov) == {("cn-canola-seed-ad", "impose", None)}
    assert triples("China to lower canola seed duty to between 10% and 15%",
                   published=nov) == {("cn-canola-seed-ad", "lower", None)}
    assert triples("China cuts Canadian canola seed duty to 10-15%", published=nov) == {
        ("cn-canola-seed-ad", "lower", None)}
    assert triples("China raises tariff on Canadian pork 25% to 50%", published=nov) == {
        ("cn-pork", "raise", 50.0)}
    assert triples("China raises tariff on Canadian pork from 25% to 50%", published=nov) == {
        ("cn-pork", "raise", 50.0)}


def test_an_extension_to_more_goods_is_no_change_to_the_measure() -> None:
    """ "extends steel surtax to Chinese wire" widens what it covers; it read as the
    surtax extended (to no date), a change to accept. "to" a date is still the end."""
    nov = date(2026, 11, 20)
    for title in ("Canada extends steel surtax to Chinese wire, nails and fasteners",
                  "Canada extends 25% steel surtax to Chinese-origin steel shipped via third"
                  " countries",
                  "Steel surtax extended to include Chinese wire products"):
        assert triples(title, published=nov) == set(), title
        # a duty on more goods cools, as a new duty does (it read neutral)
        assert classify(title, "", nov).direction == "cooling", title
    (signal,) = classify("China extends suspension of tariffs on Canadian peas to end of 2027",
                         "", nov).signals
    assert (signal.action, signal.until) == ("extend", date(2027, 12, 31))


def test_an_extension_to_goods_named_widens_a_duty_or_a_relief() -> None:
    """ "extends canola tariff to Canadian canola oil" read as both canola measures
    extended (to no date); a relief reaching more goods ("extends the suspension to
    Canadian pork") read as pork's tariff extended, not suspended."""
    nov = date(2026, 11, 20)
    for title in ("China extends canola tariff to Canadian canola oil",
                  "China extends anti-dumping tariffs on canola seed to Canadian canola oil",
                  "Canada extends steel surtax on China to aluminum"):
        assert triples(title, published=nov) == set(), title
        assert classify(title, "", nov).direction == "cooling", title
    title = "China extends suspension of tariffs to Canadian pork and canola oil"
    assert triples(title, published=nov) == {
        ("cn-pork", "suspend", 0.0), ("cn-canola-oil", "suspend", 0.0)}
    assert classify(title, "", nov).direction == "warming"
    assert triples("China extends tariff exemption to Canadian canola oil", published=nov) == {
        ("cn-canola-oil", "suspend", 0.0)}


def test_a_colon_after_the_tariffs_opens_their_list() -> None:
    """ "China cuts tariffs: canola oil to 50%, pork to 10%" read nothing: the colon split
    the action from its products. After a tariff word it opens their list; elsewhere it
    still ends a clause."""
    nov = date(2026, 11, 20)
    assert triples("China cuts tariffs: canola oil to 50%, pork to 10%", published=nov) == {
        ("cn-canola-oil", "lower", 50.0), ("cn-pork", "lower", 10.0)}
    assert triples("Canadian pork producers: China lifts tariff on canola oil",
                   published=nov) == {("cn-canola-oil", "remove", 0.0)}


def test_a_change_naming_part_of_the_seafood_says_which_part() -> None:
    """ "China lifts tariffs on Canadian lobster" was the whole seafood measure removed:
    the signal now carries the part named ("lobster"; "lobster and crab" from a list),
    and none when the headline names seafood or aquatic products as a whole."""
    nov = date(2026, 11, 20)

    def scopes(title: str, summary: str = "") -> dict[str, str | None]:
        return {s.measure: s.scope for s in classify(title, summary, nov).signals}

    assert scopes("China lifts tariffs on Canadian lobster") == {"cn-seafood": "lobster"}
    assert scopes("China suspends tariffs on Canadian peas and canola meal",
                  "Beijing said the additional tariffs on Canadian peas, canola meal, lobster"
                  " and crab will be suspended.") == {
        "cn-peas": None, "cn-canola-meal": None, "cn-seafood": "lobster and crab"}
    assert scopes("China lifts tariffs on Canadian seafood, including lobster") == {
        "cn-seafood": None}
    assert scopes("China removes tariffs on Canadian aquatic products") == {"cn-seafood": None}
    (signal,) = classify("China cuts tariff on Canadian snow crab to 10%", "", nov).signals
    assert signal.to_json() == {"measure": "cn-seafood", "action": "lower", "rate": 10,
                                "effective": None, "until": None, "scope": "snow crab"}


def test_more_kinds_of_seafood_and_seafood_but_some_are_scoped() -> None:
    """Oysters, clams, scallops, urchins, salmon and halibut were not read at all (no
    signal); "all seafood except lobster" read as the whole measure. Each now names its
    part, and a change leaving parts out covers the rest; "lobster but not crab" is
    lobster's."""
    nov = date(2026, 11, 20)

    def scopes(title: str) -> dict[str, str | None]:
        return {s.measure: s.scope for s in classify(title, "", nov).signals}

    assert scopes("China removes tariff on Canadian oysters") == {"cn-seafood": "oyster"}
    assert scopes("China suspends 25% tariff on Canadian clams and scallops") == {
        "cn-seafood": "clam and scallop"}
    assert scopes("China drops duties on Canadian sea urchins") == {"cn-seafood": "sea urchin"}
    assert scopes("China cuts tariffs on Canadian halibut to 10%") == {"cn-seafood": "halibut"}
    assert scopes("China lifts tariffs on all Canadian seafood except lobster") == {
        "cn-seafood": "seafood other than lobster"}
    assert scopes("China lifts tariffs on Canadian seafood, excluding lobster and crab") == {
        "cn-seafood": "seafood other than lobster and crab"}
    assert scopes("China removes tariff on Canadian aquatic products with the exception of"
                  " crab, lobster and shrimp") == {
        "cn-seafood": "seafood other than crab, lobster and shrimp"}
    assert scopes("China cuts tariffs on Canadian lobster but not crab") == {
        "cn-seafood": "lobster"}
    assert scopes("Salmon farmers cheer as China lifts tariffs on Canadian seafood") == {
        "cn-seafood": None}
    assert scopes("China claims Canada's clampdown on steel breaks the rules") == {}


def test_a_duty_that_has_run_out_is_removed_and_one_set_to_is_not_yet() -> None:
    """A lapse read only as a relief running out (the duty back); a duty itself running
    out read nothing. It has been removed once it has run out, not while it is due to."""
    nov = date(2026, 11, 20)
    assert triples("China's additional tariff on Canadian canola oil lapses",
                   published=nov) == {("cn-canola-oil", "remove", 0.0)}
    assert triples("China's additional tariff on Canadian pork expired on Friday",
                   published=nov) == {("cn-pork", "remove", 0.0)}
    for title in ("China's tariff on Canadian pork set to expire Dec. 31",
                  "China's pork tariff on Canadian imports will expire next month"):
        assert triples(title, published=nov) == set(), title
    # a relief running out still brings the duty back ("relief" too: it read nothing)
    assert triples("China's tariff suspension on Canadian peas expires", published=nov) == {
        ("cn-peas", "restore", None)}
    assert triples("China's tariff relief for Canadian peas expires; 100% duty returns Jan. 1",
                   published=date(2026, 12, 31)) == {("cn-peas", "restore", 100.0)}


def test_a_colon_list_and_a_range_as_a_user_review_wrote_them() -> None:
    """From a user review of the colon and range rules: "…: what it means for canola oil
    and pork" made two cuts; "pork to 10%, canola oil unchanged" cut canola oil to 10%;
    "5.9%-15.4%", "10 to 15 per cent" and "at 5.9% to 15.4%" gave one end of the range;
    "75.8% to 5.9%" (no "from") gave 75.8%."""
    nov = date(2026, 11, 28)
    assert triples("China cuts tariffs: what it means for canola oil and pork",
                   published=nov) == set()
    assert triples("China cuts tariffs: pork to 10%, canola oil unchanged", published=nov) == {
        ("cn-pork", "lower", 10.0)}
    assert triples("China tariffs: canola oil cut to 50%, pork unchanged at 25%",
                   published=nov) <= {("cn-canola-oil", "lower", 50.0)}  # never pork
    for title in ("China cuts canola seed duty to 5.9%-15.4%",
                  "China cuts canola seed duty to 10 to 15 per cent"):
        assert triples(title, published=nov) == {("cn-canola-seed-ad", "lower", None)}, title
    assert triples("China sets canola seed duty at 5.9% to 15.4% depending on exporter",
                   published=nov) == {("cn-canola-seed-ad", "impose", None)}
    assert triples("China cuts canola seed duty 75.8% to 5.9%", published=nov) == {
        ("cn-canola-seed-ad", "lower", 5.9)}


def test_a_duration_without_a_start_counts_from_the_item_or_its_publication() -> None:
    """From a user review: "suspends … for six months" with no start gave no end, so the
    suspension read as open-ended. It counts from the start the item gives, else from
    publication; an extension "for another year" counts from the end it extends, which
    the text does not give, so it gives no end (and changes nothing in the ledger)."""
    nov = date(2026, 11, 20)
    assert _span("China suspends tariffs on Canadian peas for six months", nov) == [
        ("cn-peas", None, date(2027, 5, 19))]
    assert _span("China extends pea tariff suspension for another year", nov) == [
        ("cn-peas", None, None)]
    (signal,) = classify(
        "China sets final anti-dumping duty on Canadian rapeseed at 5.9 pct for five years",
        "The measure takes effect on March 1, replacing the 75.8 percent deposit.",
        date(2026, 2, 28)).signals
    assert (signal.effective, signal.until) == (date(2026, 3, 1), date(2031, 2, 28))


def test_a_sides_possessive_before_its_goods_and_a_duty_owns_the_duty() -> None:
    """ "Canada's steel surtax on China expires" read Canada's as the steel's origin
    (Canadian steel under Canada's own barrier: no fit) and China, the duty's target, as
    the side acting: no signal. The possessive owns the duty; "on China" is its target."""
    nov = date(2026, 11, 20)
    assert triples("Canada's steel surtax on China expires", published=nov) == {
        ("ca-steel-aluminum-surtax", "remove", 0.0)}
    assert triples("Canada's EV surtax on China will be lifted, Carney says",
                   published=nov) == {("ca-ev-surtax", "remove", 0.0)}
    # the goods' origin still, where no duty word follows them, or the duty is the other's
    assert triples("China hikes tariff on Canada's canola oil", published=nov) == {
        ("cn-canola-oil", "raise", None)}
    assert triples("Canada's canola exports to China face new tariff", published=nov) == set()


def test_second_review_set_retaliation_parts_names_and_hedges() -> None:
    """From a second review of 74 headlines: each of these read a wrong signal, or none
    where one was due."""
    nov = date(2026, 11, 20)

    def read(title: str, summary: str = "") -> set[tuple]:
        return {(s.measure, s.action, s.rate, s.scope)
                for s in classify(title, summary, nov).signals}

    # "retaliates with" imposes (it read nothing)
    assert read("China retaliates with 100% tariff on Canadian canola oil, 25% on pork and"
                " seafood") == {("cn-canola-oil", "impose", 100.0, None),
                                ("cn-pork", "impose", 25.0, None),
                                ("cn-seafood", "impose", 25.0, None)}
    # quotas are another instrument than the surtax (it read the surtax imposed)
    assert read("Canada tightens steel quotas to curb Chinese dumping diverted from U.S. market",
                "The new tariff-rate quotas apply to steel from countries without free trade"
                " agreements, including China.") == set()
    # one metal of the steel and aluminum surtax is a scope; "steel surtax" is its name
    assert read("Canada lifts surtax on Chinese aluminum but keeps steel levy") == {
        ("ca-steel-aluminum-surtax", "remove", 0.0, "aluminum")}
    assert read("Canada cuts steel surtax on Chinese aluminum to 10%") == {
        ("ca-steel-aluminum-surtax", "lower", 10.0, "aluminum")}
    assert read("Canada's steel surtax on China expires") == {
        ("ca-steel-aluminum-surtax", "remove", 0.0, None)}
    assert read("Canada lifts surtax on Chinese steel, aluminum") == {
        ("ca-steel-aluminum-surtax", "remove", 0.0, None)}
    # parts that make up the whole measure leave the rest by name, not "… other than …"
    assert read("Canada lifts surtax on Chinese steel and aluminum except aluminum") == {
        ("ca-steel-aluminum-surtax", "remove", 0.0, "steel")}
    # "the seafood tariff" names the duty, not the goods freed
    assert read("China exempts Canadian shrimp from 25% seafood tariff") == {
        ("cn-seafood", "suspend", 0.0, "shrimp")}
    # "other seafood" is the rest of it, unless the parts are in its list
    assert read("China keeps lobster tariff while scrapping duties on other Canadian"
                " seafood") == {("cn-seafood", "remove", 0.0, "seafood other than lobster")}
    assert read("China lifts tariffs on Canadian lobster, crab and other seafood") == {
        ("cn-seafood", "remove", 0.0, None)}
    # a rate after another action is that action's: lobster's tariff is lifted, not cut
    assert read("China lifts tariffs on Canadian lobster, cuts duties on other seafood to"
                " 10%") == {("cn-seafood", "remove", 0.0, "lobster"),
                            ("cn-seafood", "lower", 10.0, "seafood other than lobster")}
    assert read("China suspends pea tariffs and cuts pork duty to 10%") == {
        ("cn-peas", "suspend", 0.0, None), ("cn-pork", "lower", 10.0, None)}
    assert read("Beijing removes duties on Canadian aquatic products with the exception of"
                " lobster and crab", "The commerce ministry said the 25% additional tariff on"
                " shrimp, oysters and other aquatic products will end Dec. 1.") == {
        ("cn-seafood", "remove", 0.0, "seafood other than lobster and crab")}
    # a change named as a noun, then a modal: nothing decided
    assert read("Canada, China tariff talks make progress",
                "Officials said a cut to the pork tariff could come early next year.") == set()
    assert read("China announces a cut to the tariff on Canadian pork") == {
        ("cn-pork", "lower", None, None)}
    # "will now also apply to" more goods is a widening, not a new duty
    assert read("Ottawa extends EV surtax to Chinese plug-in hybrids",
                "The 100% surtax will now also apply to plug-in hybrid vehicles made in"
                " China.") == set()


@pytest.mark.parametrize(("title", "direction"), [
    ("中国宣布暂停对加拿大菜籽油加征的关税", "warming"),  # relief, though it holds 加征
    ("中國取消對加拿大龍蝦的關稅", "warming"),
    ("習近平會晤加拿大總理 雙方同意擴大農產品貿易", "warming"),
    ("加拿大对中国电动汽车加征100%附加税 北京表示强烈不满", "cooling"),
    ("中國對加拿大豬肉加徵關稅 業者憂出口受挫", "cooling"),
])
def test_chinese_headlines_have_a_direction(title: str, direction: str) -> None:
    """Chinese headlines were relevant but always neutral: no cue was in Chinese."""
    assert classify(title, "", date(2026, 11, 20)).direction == direction


def test_an_outside_review_of_the_new_rules() -> None:
    """An outside review of this session's rules found each of these read wrong: the
    right side's own goods, a schedule read as a hedge, "other seafood" as what changed
    when it had not, a stray part beside "seafood tariffs", "also take effect", a relief
    elsewhere in the sentence, "responds with", a kept metal, crabmeat."""
    nov = date(2026, 11, 20)

    def read(title: str, summary: str = "") -> set[tuple]:
        return {(s.measure, s.action, s.scope) for s in classify(title, summary, nov).signals}

    # a possessive owns the duty only on the side whose measure it is
    assert read("Canada's canola tariffs lifted by China") == {
        ("cn-canola-seed-ad", "remove", None)}
    assert read("Canada's pork tariff exemption extended by China") == {
        ("cn-pork", "extend", None)}
    # a schedule is decided; a consequence is not a hedge
    assert read("China's cut to the tariff on Canadian pork is set to take effect on"
                " Jan. 1.") == {("cn-pork", "lower", None)}
    assert read("China's suspension of tariffs on Canadian pork should boost exports") == {
        ("cn-pork", "suspend", None)}
    # "other seafood" is the rest only when it is what changed
    assert read("China suspends tariffs on Canadian lobster and crab while other seafood"
                " remains taxed") == {("cn-seafood", "suspend", "lobster and crab")}
    assert read("China keeps tariffs on other Canadian seafood but scraps lobster duty") == {
        ("cn-seafood", "remove", "lobster")}
    # a part elsewhere in the sentence does not narrow "seafood tariffs"
    assert read("China lifts seafood tariffs on Canada, lobster fishers cheer") == {
        ("cn-seafood", "remove", None)}
    # only "apply" reads as reaching more goods after "also"
    assert read("China said a 100% tariff on Canadian canola oil will also take effect on"
                " March 20.") == {("cn-canola-oil", "impose", None)}
    # the relief an extension carries is between it and "to"
    assert read("China extends canola tariff to Canadian canola oil, suspends pork duty") == {
        ("cn-pork", "suspend", None)}
    assert read("China extends tariff relief to Canadian pork until 2027") == {
        ("cn-pork", "suspend", None)}
    assert read("China responds with suspension of tariffs on Canadian canola oil") == {
        ("cn-canola-oil", "suspend", None)}
    # "steel surtax" is steel alone when aluminum is named too; "surtax on Chinese steel"
    # is steel, as "surtax on Chinese aluminum" is aluminum (a user audit: lifted, it read
    # as the whole measure lifted, aluminum too; the pending change now says "on steel
    # only", which is what the headline says, and the user decides)
    assert read("Canada lifts steel surtax on China but keeps aluminum levy") == {
        ("ca-steel-aluminum-surtax", "remove", "steel")}
    assert read("Canada extends 25% surtax on Chinese steel through 2027") == {
        ("ca-steel-aluminum-surtax", "extend", "steel")}
    assert read("Canada lifts surtax on Chinese steel") == {
        ("ca-steel-aluminum-surtax", "remove", "steel")}
    assert read("Canada cuts steel surtax on China to 15%") == {
        ("ca-steel-aluminum-surtax", "lower", None)}
    assert read("Ottawa trims surtax on Chinese aluminum to 10%",
                "Steel products remain at 25%.") == {
        ("ca-steel-aluminum-surtax", "lower", "aluminum")}
    assert read("China lifts tariffs on Canadian crabmeat") == {("cn-seafood", "remove", "crab")}


@pytest.mark.parametrize(("title", "direction"), [
    ("中国暂停加拿大猪肉进口", "cooling"),  # imports suspended, not a tariff
    ("中国恢复对加拿大猪肉加征关税", "cooling"),  # the levy resumed
    ("中国取消与加拿大的贸易会谈", "cooling"),  # talks cancelled
    ("中国拒绝取消对加拿大油菜籽的关税", "neutral"),  # refuses to remove
    ("中国不会取消对加拿大油菜籽的关税", "neutral"),  # will not remove
    ("中国与加拿大缓解紧张局势", "warming"),  # tensions eased
    ("中国恢复进口加拿大油菜籽", "warming"),  # imports resumed
    ("中国停止对加拿大进口油菜籽加征反倾销税", "warming"),  # stops levying: not an import stop
    ("中国否认将取消对加拿大油菜籽的关税", "neutral"),  # denies it will remove
    ("中国不打算取消对加拿大猪肉的关税", "neutral"),  # does not plan to remove
])
def test_chinese_cues_read_their_object_and_their_negation(title: str, direction: str) -> None:
    assert classify(title, "", date(2026, 11, 20)).direction == direction


def test_a_third_review_set_back_references_breaks_and_entity_lists() -> None:
    """From a third review (63 headlines of late 2026): a summary's "the exemptions"
    after "Customs Tariff Commission" read as a second change (a suspension beside the
    extension); a "tariff break" was no relief (an extension at no rate, neutral); an
    entity listing did not cool."""
    nov = date(2026, 11, 25)
    result = classify("China extends tariff suspension on Canadian canola meal, peas, lobster"
                      " and crab through 2027",
                      "Beijing's Customs Tariff Commission said the exemptions, due to lapse on"
                      " Dec. 31, will run for another 12 months.", nov)
    assert {(s.measure, s.action, s.scope) for s in result.signals} == {
        ("cn-canola-meal", "extend", None), ("cn-peas", "extend", None),
        ("cn-seafood", "extend", "lobster and crab")}
    result = classify("Nova Scotia lobster shippers cheer as China extends tariff break for"
                      " another year", "", nov)
    assert [(s.action, s.rate, s.scope) for s in result.signals] == [("extend", 0.0, "lobster")]
    assert result.direction == "warming"
    assert classify("China adds two Canadian firms to unreliable entity list", "",
                    nov).direction == "cooling"


def test_a_fourth_review_hypotheticals_back_references_and_held_parts() -> None:
    """A fourth review of this session's rules: a change named as a noun then "would" or
    "is expected to" read as made; a summary's "the removal … takes effect" under a title
    that made no change lost it (or read an imposition); any aluminum in the item narrowed
    a "steel surtax" change to steel; a part changed otherwise was not left out of "other
    seafood"; adjectives hid the part a "seafood tariff" frees."""
    nov = date(2026, 11, 25)

    def read(title: str, summary: str = "") -> set[tuple]:
        return {(s.measure, s.action, s.scope) for s in classify(title, summary, nov).signals}

    assert read("A cut to China's canola tariff would boost Canadian exports, analysts say") \
        == set()
    assert read("A cut to China's pork tariff is expected to be announced next week, Canadian"
                " officials say") == set()
    assert read("China's cut to the tariff on Canadian pork is set to take effect on"
                " Jan. 1.") == {("cn-pork", "lower", None)}
    assert read("Canadian pork producers welcome news from Beijing",
                "China's removal of the 25% tariff takes effect Monday.") == {
        ("cn-pork", "remove", None)}
    assert read("Canadian seafood exporters hail Beijing", "The suspension of the tariff"
                " begins Dec. 1, China's commerce ministry said.") == {
        ("cn-seafood", "suspend", None)}
    assert read("Canada cuts steel surtax on Chinese imports to 10%",
                "Aluminum producers welcomed the move.") == {
        ("ca-steel-aluminum-surtax", "lower", None)}
    assert read("Canada lifts steel surtax on China but keeps aluminum levy") == {
        ("ca-steel-aluminum-surtax", "remove", "steel")}
    assert read("China scraps lobster tariff, halves duties on other Canadian seafood") == {
        ("cn-seafood", "remove", "lobster"),
        ("cn-seafood", "lower", "seafood other than lobster")}
    assert read("China suspends seafood tariffs on imports of Canadian lobster") == {
        ("cn-seafood", "suspend", "lobster")}
    assert read("China exempts Canadian lobster from China's 25% seafood tariff") == {
        ("cn-seafood", "suspend", "lobster")}


@pytest.mark.parametrize(("title", "signals"), [
    # the State Council's tariff commission and MOFCOM, as they announce it
    ("国务院关税税则委员会：停止对原产于加拿大的豌豆加征关税",
     {("cn-peas", "remove", 0.0, None, None, None)}),
    ("商务部公告：下调原产于加拿大的进口油菜籽反倾销保证金比率至15%",
     {("cn-canola-seed-ad", "lower", 15.0, None, None, None)}),
    ("国务院关税税则委员会决定对原产于加拿大的菜籽油、油渣饼和豌豆加征100%关税",
     {("cn-canola-oil", "impose", 100.0, None, None, None),
      ("cn-canola-meal", "impose", 100.0, None, None, None),
      ("cn-peas", "impose", 100.0, None, None, None)}),
    # parts named in Chinese are the scope; dates in Chinese are read
    ("中方暂停对加拿大龙虾、蟹类加征关税",
     {("cn-seafood", "suspend", 0.0, None, None, "lobster and crab")}),
    ("中方自2026年3月1日起暂停对加拿大豌豆加征关税，至2026年12月31日止",
     {("cn-peas", "suspend", 0.0, date(2026, 3, 1), date(2026, 12, 31), None)}),
    ("中方延長暫停對加拿大水產品加徵關稅措施至2027年底",  # traditional characters
     {("cn-seafood", "extend", 0.0, None, date(2027, 12, 31), None)}),
    ("中方宣布不再对加拿大豌豆加征关税", {("cn-peas", "remove", 0.0, None, None, None)}),
    # a relief not renewed: the duty back when it ends (no day of its own)
    ("中方决定不再延长对加拿大龙虾暂停加征关税措施",
     {("cn-seafood", "restore", None, None, None, "lobster")}),
    ("加拿大取消对中国电动汽车加征的100%附加税",
     {("ca-ev-surtax", "remove", 0.0, None, None, None)}),
    # nothing decided: refused, urged, rumoured, asked, a relief not renewed, an inquiry
    ("中方表示暂不会取消对加拿大猪肉加征的关税", set()),
    ("加拿大芥花籽協會促北京取消餘下關稅", set()),
    ("商务部回应“取消对加拿大猪肉加征关税”传闻：报道不实", set()),
    ("加拿大豌豆對華出口商觀望關稅暫停措施是否延長", set()),
    ("中方决定终止对加拿大油菜籽反倾销调查", set()),
    ("中国暂停进口加拿大猪肉", set()),  # imports, not a tariff
])
def test_chinese_official_announcements_are_read(title: str, signals: set[tuple]) -> None:
    """MOFCOM and the Customs Tariff Commission announce every change to China's measures
    in Chinese first; their headlines brought no signal. Their formulas ("停止对原产于加拿大
    的豌豆加征关税", "下调…保证金比率至15%", "自…起…至…止") are read now."""
    got = {(s.measure, s.action, s.rate, s.effective, s.until, s.scope)
           for s in classify(title, "", date(2026, 11, 20)).signals}
    assert got == signals


@pytest.mark.parametrize(("title", "signals"), [
    ("La Chine lève ses droits de douane sur le homard canadien",
     {("cn-seafood", "remove", 0.0, None, None, "lobster")}),
    ("Pékin suspend les tarifs sur les pois canadiens jusqu’au 31 décembre 2026",
     {("cn-peas", "suspend", 0.0, None, date(2026, 12, 31), None)}),
    ("La Chine ramène de 75,8 % à 15 % le dépôt antidumping sur le canola canadien",
     {("cn-canola-seed-ad", "lower", 15.0, None, None, None)}),  # a decimal comma
    ("Huile de canola : Pékin réduit ses droits de 100 % à 50 %",  # a title's label
     {("cn-canola-oil", "lower", 50.0, None, None, None)}),
    ("Pékin impose des droits de 100 % sur l’huile de canola canadienne",
     {("cn-canola-oil", "impose", 100.0, None, None, None)}),
    ("La Chine met fin à la suspension des droits sur les pois canadiens",
     {("cn-peas", "restore", None, None, None, None)}),
    ("La Chine prolonge la suspension des droits de douane sur les pois canadiens jusqu’à"
     " la fin de 2027", {("cn-peas", "extend", 0.0, None, date(2027, 12, 31), None)}),
    ("Ottawa lève la surtaxe sur l’acier chinois mais maintient celle sur l’aluminium",
     {("ca-steel-aluminum-surtax", "remove", 0.0, None, None, "steel")}),
    ("Les droits chinois de 100 % sur les pois canadiens entreront en vigueur le 20 mars",
     {("cn-peas", "impose", 100.0, date(2027, 3, 20), None, None)}),
    ("Entente Canada-Chine : Ottawa abaisse de 100 % à 50 % la surtaxe sur les VÉ chinois,"
     " Pékin supprime ses droits sur l’huile de canola",
     {("ca-ev-surtax", "lower", 50.0, None, None, None),
      ("cn-canola-oil", "remove", 0.0, None, None, None)}),
    # nothing decided, or not China's duty on Canadian goods
    ("La Chine ne lèvera pas ses tarifs sur le porc canadien", set()),
    ("La Chine pourrait réduire ses droits sur le canola canadien", set()),
    ("Les producteurs de porc demandent à Pékin de lever les droits", set()),
    ("Pékin revient sur sa décision d'imposer des droits sur le canola canadien", set()),
    ("Pas de répit : les droits chinois de 100 % sur le tourteau de canola restent en vigueur",
     set()),
    ("La Chine suspend les droits sur le porc américain, pas sur le porc canadien", set()),
])
def test_french_headlines_are_read(title: str, signals: set[tuple]) -> None:
    """Radio-Canada's and La Presse's headlines were read for direction only: French
    verbs, duty words, goods ("tourteau de canola", "homard"), rates ("à 15 %", "de 100 %
    à 50 %", "75,8 %"), dates ("jusqu'au 31 décembre", "la fin de 2027"), adjectives
    after their goods ("le porc canadien") and a title's label ("Huile de canola : …")
    are read now."""
    got = {(s.measure, s.action, s.rate, s.effective, s.until, s.scope)
           for s in classify(title, "", date(2026, 11, 20)).signals}
    assert got == signals


@pytest.mark.parametrize(("title", "summary", "signals"), [
    # a title's colon after a verb ends a clause: no label ("what … should know")
    ("China removes tariffs on peas: what canola farmers should know", "",
     {("cn-peas", "remove", 0.0, None)}),
    ("China cuts canola meal tariffs: pork and peas now at 10%", "",
     {("cn-canola-meal", "lower", 10.0, None), ("cn-pork", "lower", 10.0, None),
      ("cn-peas", "lower", 10.0, None)}),
    # a participle with no goods of its own holds no rate
    ("China cuts tariffs on canola oil, imposed last year, to 50%", "",
     {("cn-canola-oil", "lower", 50.0, None)}),
    ("Canada cuts surtax on Chinese EVs, introduced in 2024, to 6.1%", "",
     {("ca-ev-surtax", "lower", 6.1, None)}),
    # "Conservatives" is no French "conserve": nothing is held back
    ("Canada scraps steel surtax on Chinese imports",
     "Conservatives say aluminum producers will benefit.",
     {("ca-steel-aluminum-surtax", "remove", 0.0, None)}),
    # a French adjective comes right after its goods; "canola, chinese state media say"
    ("China lifts tariffs on canola, chinese state media say", "",
     {("cn-canola-seed-ad", "remove", 0.0, None)}),
    # NFKC makes the Chinese comma ASCII: it still ends a 对-phrase
    ("中方对加拿大油菜籽油加征100%关税，对豌豆暂停加征关税", "",
     {("cn-canola-oil", "impose", 100.0, None), ("cn-peas", "suspend", 0.0, None)}),
    ("中方 暂停 对加拿大 豌豆 加征关税", "", {("cn-peas", "suspend", 0.0, None)}),
])
def test_an_outside_review_of_the_french_and_chinese_reading(
        title: str, summary: str, signals: set[tuple]) -> None:
    got = {(s.measure, s.action, s.rate, s.scope)
           for s in classify(title, summary, date(2026, 11, 20)).signals}
    assert got == signals


def test_a_date_when_the_duty_began_is_not_the_change_s() -> None:
    for title in ("La Chine lève les droits sur les pois canadiens, en vigueur depuis le 20"
                  " mars 2025", "中方取消自去年3月20日起对加拿大猪肉加征的关税"):
        signals = classify(title, "", date(2026, 11, 20)).signals
        assert signals and all(s.effective is None for s in signals), signals


@pytest.mark.parametrize(("title", "at_end", "effective"), [
    ("China lets tariff pause on Canadian peas lapse", True, None),
    ("China won't renew tariff pause on Canadian peas when it expires", True, None),
    ("China's tariff pause on Canadian peas expired", True, None),
    # a day of its own: the day after it
    ("China won't renew tariff pause on Canadian peas when it expires Dec. 31", False,
     date(2027, 1, 1)),
    # ended by a decision, not run out: from the headline's day, as before
    ("China ends tariff suspension on Canadian peas", False, None),
])
def test_a_duty_back_when_its_relief_runs_out_says_so(title: str, at_end: bool,
                                                       effective: date | None) -> None:
    """A lapse with no day says the duty comes back when the relief ends ("at_relief_end"
    in its JSON), for the ledger to date from the end it has; not a day, not a decision."""
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert (signal.measure, signal.action, signal.rate) == ("cn-peas", "restore", None)
    assert (signal.at_relief_end, signal.effective) == (at_end, effective)
    assert ("at_relief_end" in signal.to_json()) == at_end


@pytest.mark.parametrize(("title", "measures", "until"), [
    ("China extends suspension of 100% tariffs on Canadian peas until Dec. 31, 2027",
     {"cn-peas"}, date(2027, 12, 31)),
    ("China prolongs pause on 100% duties on Canadian canola meal and peas by 12 months",
     {"cn-peas", "cn-canola-meal"}, None),
    ("China to extend suspension of 100% pea tariff on Canada by two years", {"cn-peas"}, None),
    ("La Chine prolonge jusqu'au 31 décembre 2027 la suspension des droits de 100 % sur les"
     " pois canadiens", {"cn-peas"}, date(2027, 12, 31)),
])
def test_an_extended_suspension_of_a_duty_at_its_rate_is_the_relief_extended(
        title: str, measures: set[str], until: date | None) -> None:
    """The wires name the duty suspended with its rate: "extends suspension of 100% tariffs
    on Canadian peas" read as the 100% duty extended (neutral); it is the 0% extended."""
    result = classify(title, "", date(2026, 11, 30))
    assert {(s.measure, s.action, s.rate, s.until) for s in result.signals} == {
        (m, "extend", 0, until) for m in measures}
    assert result.direction == "warming"


def test_an_extended_duty_or_a_level_set_keeps_its_rate() -> None:
    """A duty extended keeps its rate, and a level an extension sets ("to 5%") is its."""
    assert triples("China extends 25% tariff on Canadian pork until 2028",
                   published=date(2026, 11, 30)) == {("cn-pork", "extend", 25)}
    assert triples("China extends suspension of tariffs on Canadian peas, cutting duty to 5%"
                   " until 2027", published=date(2026, 11, 30)) == {("cn-peas", "extend", 5)}


@pytest.mark.parametrize("title", [
    "China extends canola meal duty waiver until year-end 2027",
    "China extends tariff suspension on Canadian canola meal through year-end 2027",
    "China extends tariff suspension on Canadian canola meal to end-2027",
])
def test_a_year_end_with_its_year_is_that_year_s_end(title: str) -> None:
    """"year-end 2027" read as the end of the year of publication (2026-12-31): the very
    end the extension moves; "end-2027" (Reuters' form) gave no end at all."""
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert (signal.measure, signal.action, signal.until) == (
        "cn-canola-meal", "extend", date(2027, 12, 31))
    (this_year,) = classify("China extends tariff suspension on Canadian canola meal until"
                            " year-end", "", date(2026, 11, 30)).signals
    assert this_year.until == date(2026, 12, 31)


@pytest.mark.parametrize(("title", "summary"), [
    ("China said it would extend the suspension of tariffs on Canadian peas until Dec. 31,"
     " 2027", ""),
    ("Canada pea relief extended", "China said on Friday it would extend the suspension of"
     " tariffs on Canadian peas until Dec. 31, 2027."),
    ("Beijing announced that it would extend the suspension of tariffs on Canadian peas until"
     " Dec. 31, 2027", ""),
])
def test_a_decision_reported_with_would_is_the_decision(title: str, summary: str) -> None:
    """"China said it would extend …" is a decision reported (English sequence of tenses,
    as French "a dit qu'elle prolongerait"): it read as hedged, no signal."""
    result = classify(title, summary, date(2026, 11, 30))
    assert {(s.measure, s.action, s.rate, s.until) for s in result.signals} == {
        ("cn-peas", "extend", 0, date(2027, 12, 31))}


@pytest.mark.parametrize("title", [
    "Analysts said China would extend the suspension of tariffs on Canadian peas",
    "Sources said Beijing would cut tariffs on Canadian canola oil",
    "Traders said China would likely extend the pea tariff pause",
    "China would cut tariffs on Canadian canola oil if Ottawa drops EV quota limits",
])
def test_a_forecast_with_would_stays_a_forecast(title: str) -> None:
    """Said by analysts, sources or traders, or with no one saying it, "would" is still a
    hedge: no change."""
    assert classify(title, "", date(2026, 11, 30)).signals == ()


@pytest.mark.parametrize("title", [
    "ICE canola falls as traders fear China will let pea, meal tariff relief lapse",
    "Canola falls as China keeps tariff on Canadian canola oil",
    "Lobster prices fall as China's 25% tariff on Canadian crab looms",
])
def test_a_market_that_falls_cuts_no_tariff(title: str) -> None:
    """Market stories: "falls" has no object, so it cuts no duty named after it, and what
    fell before it is a duty only if one is named there. These read as cuts (warming)."""
    result = classify(title, "", date(2026, 11, 30))
    assert [s for s in result.signals if s.action == "lower"] == []
    assert result.direction != "warming"
    assert triples("China's anti-dumping duty on canola falls to 5.9%",
                   published=date(2026, 11, 30)) == {("cn-canola-seed-ad", "lower", 5.9)}


def test_a_hedge_before_the_goods_holds_a_lapse_after_them() -> None:
    """"fear" before "pea, meal" hedges the lapse after them (it read meal restored), and a
    lapse let come on a list is each one's."""
    assert classify("ICE canola falls as traders fear China will let pea, meal tariff relief"
                    " lapse", "", date(2026, 11, 30)).signals == ()
    assert triples("China lets tariff pause on Canadian peas, canola meal lapse",
                   published=date(2026, 11, 30)) == {("cn-peas", "restore", None),
                                                     ("cn-canola-meal", "restore", None)}


@pytest.mark.parametrize(("title", "measure", "months"), [
    ("China extends tariff relief on Canadian peas for another year", "cn-peas", 12),
    ("China extends suspension of Canada tariffs on canola meal, peas by a year", "cn-peas", 12),
    ("China to extend suspension of 100% pea tariff on Canada by two years", "cn-peas", 24),
    ("Lobster tariff pause extended for 12 more months, Beijing says", "cn-seafood", 12),
    ("China extends tariff relief on Canadian peas for one more year", "cn-peas", 12),
    ("China prolongs pause on 100% duties on Canadian canola meal by 18 months",
     "cn-canola-meal", 18),
    ("China extends tariff relief on Canadian peas by eighteen months", "cn-peas", 18),
    # a suspension continued for more time is an extension: not a new one counted from
    # the headline's day (it read "suspend until 2027-11-29")
    ("China will continue suspending its 100% duties on Canadian peas for another 12 months",
     "cn-peas", 12),
    ("La Chine prolonge d'un an la suspension des droits sur les pois canadiens", "cn-peas", 12),
    ("La Chine prolonge de six mois le répit tarifaire sur les pois canadiens", "cn-peas", 6),
    ("中国对加拿大豌豆暂停加征关税措施延长一年", "cn-peas", 12),
    ("中国对加拿大豌豆暂停加征关税措施再延长半年", "cn-peas", 6),
])
def test_an_extension_by_a_length_of_time_gives_the_length(title: str, measure: str,
                                                           months: int) -> None:
    """An extension "by a year", "for another 12 months", "d'un an", "延长一年" counts from
    the end it extends, which only the ledger knows: the signal gives the length
    (``by_months``) and no end of its own."""
    signal = next(s for s in classify(title, "", date(2026, 11, 30)).signals
                  if s.measure == measure)
    assert (signal.action, signal.rate, signal.until, signal.by_months) == (
        "extend", 0.0, None, months), signal
    assert signal.to_json()["by_months"] == months


@pytest.mark.parametrize(("title", "action", "until"), [
    # a new suspension for a time counts from the headline's day, as before
    ("China suspends tariffs on Canadian peas for six months", "suspend", date(2027, 5, 29)),
    # an extension to a day: that day, not a length
    ("China extends tariff relief on Canadian peas until Dec. 31, 2027", "extend",
     date(2027, 12, 31)),
    ("中国对加拿大豌豆暂停加征关税措施延长至2027年12月31日", "extend", date(2027, 12, 31)),
])
def test_a_day_or_a_new_suspension_gives_no_length(title: str, action: str,
                                                   until: date | None) -> None:
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert (signal.action, signal.until, signal.by_months) == (action, until, None), signal
    assert "by_months" not in signal.to_json()


@pytest.mark.parametrize("text", [
    "China to extend tariff relief on Canadian peas by a year-end deadline",
    "China extends its year-long tariff relief on Canadian peas by the deadline",
    "The pea tariff pause, now a year old, was extended by Beijing",
    "中国对加拿大豌豆暂停加征关税措施延长至2027年",
])
def test_words_near_a_length_are_not_one(text: str) -> None:
    """ "a year-end deadline", "year-long", "a year old", "延长至2027年" name no length."""
    span = find_span(text, date(2026, 11, 30))
    assert (span.months, span.further) == (None, False), span


@pytest.mark.parametrize(("title", "measure", "action", "rate", "effective"), [
    # goods that face a duty from a day: a duty coming, not one described
    ("Canadian peas face 100% Chinese tariff from Jan. 1", "cn-peas", "impose", 100.0,
     date(2027, 1, 1)),
    ("Canadian snow crab faces 25% Chinese duty from Jan. 1", "cn-seafood", "impose", 25.0,
     date(2027, 1, 1)),
    # … again: the duty back
    ("Canadian pea exporters face 100% tariff again from Jan. 1 after China declines to"
     " renew relief", "cn-peas", "restore", 100.0, date(2027, 1, 1)),
    ("Canadian peas hit with 100% Chinese tariff again", "cn-peas", "restore", 100.0, None),
    ("China hits Canadian peas with 100% tariff again", "cn-peas", "restore", 100.0, None),
    # a duty back in force (it read "impose", at no rate)
    ("China's tariffs on Canadian peas back in force from Jan. 1", "cn-peas", "restore",
     None, date(2027, 1, 1)),
    ("China's 100% tariff on Canadian canola meal is back as of Jan. 1", "cn-canola-meal",
     "restore", 100.0, date(2027, 1, 1)),
])
def test_a_duty_faced_from_a_day_or_again_or_back_in_force(
        title: str, measure: str, action: str, rate: float | None,
        effective: date | None) -> None:
    """December's wording for the duty back when the relief ends: "face 100% tariff again
    from Jan. 1", "hit with … again", "back in force", "is back as of Jan. 1" gave no
    signal, or a new duty."""
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert (signal.measure, signal.action, signal.rate, signal.effective) == (
        measure, action, rate, effective), signal


@pytest.mark.parametrize("title", [
    "Canadian pork still faces 25% Chinese tariff as hog farmers wait",
    "Canadian pork faces 25% Chinese tariff",
    "China's tariff on Canadian canola is back on the agenda",
])
def test_goods_facing_a_duty_with_no_day_is_no_change(title: str) -> None:
    """A duty the goods still face, or "back on the agenda", changes nothing."""
    assert classify(title, "", date(2026, 11, 30)).signals == ()


@pytest.mark.parametrize("title", [
    "Commerce ministry dismisses reports of canola oil tariff cut for Canada",
    "Beijing plays down reports it will lift Canadian canola oil tariff",
    # a newswire's unconfirmed story, its sourcing tagged at the end
    "China agrees to drop canola oil tariff in exchange for Canada steel concessions: sources",
    "China to extend tariff relief on Canadian peas - sources",
    "China to drop tariffs on Canadian canola oil: report",
])
def test_a_report_waved_off_or_only_sourced_is_no_change(title: str) -> None:
    """A report dismissed or played down, or tagged ": sources" / "- report", decides
    nothing, as "…, sources say" and "denies report" did not: they read as the change."""
    assert classify(title, "", date(2026, 11, 30)).signals == ()


@pytest.mark.parametrize("title", [
    "China drops tariffs on Canadian canola oil: Xinhua",
    "China lifts tariffs on Canadian canola oil, ministry says",
])
def test_a_named_source_still_reports_a_change(title: str) -> None:
    """A source named, or said with "says", is not an unconfirmed tag."""
    signals = classify(title, "", date(2026, 11, 30)).signals
    assert [(s.measure, s.action) for s in signals] == [("cn-canola-oil", "remove")], signals


@pytest.mark.parametrize(("title", "until"), [
    ("China to keep tariffs on Canadian peas suspended through end of 2027",
     date(2027, 12, 31)),
    ("China keeps tariffs on Canadian canola meal, peas suspended", None),
    ("China's tariff relief on Canadian peas will now run until the end of next year",
     date(2027, 12, 31)),
    ("China's suspension of Canadian pea tariffs to continue until end of 2027",
     date(2027, 12, 31)),
])
def test_a_suspension_kept_going_is_an_extension(title: str, until: date | None) -> None:
    """ "Keeps … suspended", "will now run until", "to continue until" read as a new
    suspension ("suspend 0% until 2027-12-31"): it is the one in force, extended."""
    signal = next(s for s in classify(title, "", date(2026, 11, 30)).signals
                  if s.measure == "cn-peas")
    assert (signal.action, signal.rate, signal.until) == ("extend", 0.0, until), signal


@pytest.mark.parametrize(("title", "summary", "expected"), [
    ("China extends tariff suspension until end of 2027",
     "The suspension covers Canadian peas, canola meal and seafood.",
     {("cn-peas", "extend", date(2027, 12, 31)), ("cn-canola-meal", "extend", date(2027, 12, 31)),
      ("cn-seafood", "extend", date(2027, 12, 31))}),
    ("China extends tariff suspension on Canadian farm goods until end of 2027",
     "The move applies to peas and canola meal.",
     {("cn-peas", "extend", date(2027, 12, 31)), ("cn-canola-meal", "extend", date(2027, 12, 31))}),
    ("China cuts tariffs on Canadian goods", "The cut covers canola oil and peas.",
     {("cn-canola-oil", "lower", None), ("cn-peas", "lower", None)}),
    # goods in the title: theirs, not the summary's
    ("China extends tariff suspension on Canadian peas until end of 2027",
     "The suspension also covers canola meal.", {("cn-peas", "extend", date(2027, 12, 31))}),
    # not what the change covers
    ("China extends tariff suspension until end of 2027",
     "Exporters, including pea growers, welcomed the move.", set()),
])
def test_a_title_change_covers_the_goods_its_summary_names(
        title: str, summary: str, expected: set) -> None:
    """ "China extends tariff suspension until end of 2027" || "The suspension covers
    Canadian peas, canola meal and seafood.": the wire's way of saying it gave no signal;
    the title's change is on the goods the summary says it covers."""
    signals = classify(title, summary, date(2026, 11, 30)).signals
    assert {(s.measure, s.action, s.until) for s in signals} == expected, signals


@pytest.mark.parametrize(("title", "direction", "signals"), [
    # a quota raised to a count, at a rate named: as "allow 55,000 EVs at 6.1%" reads
    ("Canada raises quota for Chinese EVs at 6.1% to 55,000", "warming",
     [("ca-ev-surtax", "lower", 6.1, "a quota of 55,000 EVs")]),
    ("Ottawa lifts quota for Chinese EVs at 6.1% to 54,000", "warming",
     [("ca-ev-surtax", "lower", 6.1, "a quota of 54,000 EVs")]),
    # no rate named: no change to the duty to read (it read "raise 6.1%", cooling)
    ("Canada raises EV quota for Chinese cars to 55,000 for 2027", "warming", []),
    # a quota cut cools, and cuts no duty
    ("Canada cuts quota for Chinese EVs at 6.1% to 30,000", "cooling", []),
    ("Canada cuts Chinese EV quota to 30,000 under U.S. pressure", "cooling", []),
    # the surtax itself raised is still a raise
    ("Canada raises surtax on Chinese EVs to 100%", "cooling",
     [("ca-ev-surtax", "raise", 100.0, None)]),
])
def test_a_quota_moved_is_no_duty_moved(title: str, direction: str, signals: list) -> None:
    c = classify(title, "", date(2026, 11, 30))
    assert c.direction == direction
    assert [(s.measure, s.action, s.rate, s.scope) for s in c.signals] == signals


@pytest.mark.parametrize(("title", "expected"), [
    ("Canola futures jump after China extends meal tariff suspension through 2027",
     [("cn-canola-meal", "extend")]),
    ("Canola prices rise as China lifts oil tariff", [("cn-canola-oil", "remove")]),
    ("China cuts canola seed deposit, extends meal tariff relief",
     [("cn-canola-seed-ad", "lower"), ("cn-canola-meal", "extend")]),
])
def test_a_canola_part_named_alone_after_a_change_is_that_part(title: str,
                                                                expected: list) -> None:
    """ "extends meal tariff suspension" in a canola story is the meal's: it extended the
    seed duty named earlier ("Canola futures jump …"), which has no relief."""
    signals = classify(title, "", date(2026, 11, 30)).signals
    assert [(s.measure, s.action) for s in signals] == expected, signals


@pytest.mark.parametrize(("title", "summary", "expected"), [
    # the rate of the duty suspended or removed, not a level set: it read "lower 100%", which
    # accepted would have put peas back in force at 100%
    ("China announces suspension of 100% tariffs on Canadian peas", "",
     [("cn-peas", "suspend", 0.0, None)]),
    ("China announces removal of its 25% duty on Canadian pork", "",
     [("cn-pork", "remove", 0.0, None)]),
    ("Canola meal, peas get another year of relief",
     "China's Customs Tariff Commission said on Saturday the suspension of 100% tariffs on"
     " canola meal and peas from Canada would be extended until Dec. 31, 2027.",
     [("cn-canola-meal", "extend", 0.0, date(2027, 12, 31)),
      ("cn-peas", "extend", 0.0, date(2027, 12, 31))]),
    # a level still is one
    ("China announces suspension of tariffs on Canadian peas, cutting them to 50%", "",
     [("cn-peas", "lower", 50.0, None)]),
])
def test_a_relief_of_a_duty_named_with_its_rate_is_no_cut_to_it(
        title: str, summary: str, expected: list) -> None:
    signals = classify(title, summary, date(2026, 11, 30)).signals
    assert [(s.measure, s.action, s.rate, s.until) for s in signals] == expected, signals


@pytest.mark.parametrize(("title", "measure", "rate"), [
    ("Canadian peas hit with 100% Chinese tariff again as relief runs out", "cn-peas", 100.0),
    ("Snow crab fishers face 25% Chinese duty from New Year's Day as Beijing lets exemption"
     " expire", "cn-seafood", 25.0),
    ("China's 100% tariff on Canadian peas takes effect again as relief expires", "cn-peas",
     100.0),
])
def test_a_duty_back_as_its_relief_runs_out_is_back_when_it_ends(
        title: str, measure: str, rate: float) -> None:
    """The duty back "as relief runs out" comes back when the relief ends (the ledger
    dates it): it read as back from the headline's day, or as a new duty."""
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert (signal.measure, signal.action, signal.rate, signal.effective,
            signal.at_relief_end) == (measure, "restore", rate, None, True), signal


@pytest.mark.parametrize(("title", "summary", "expected"), [
    # the end of a duty as a noun, and its participle no new duty (it read "impose 100%")
    ("Huile de canola : fin des droits de 100 % imposés par Pékin dès le 1er janvier", "",
     [("cn-canola-oil", "remove", date(2027, 1, 1))]),
    ("Les droits imposés par Pékin sur l'huile de canola canadienne restent en place", "", []),
    ("La Chine a imposé des droits de 100 % sur l'huile de canola canadienne", "",
     [("cn-canola-oil", "impose", None)]),
    # "donne raison" is no raise
    ("OMC : un groupe spécial donne raison au Canada contre les droits chinois sur le canola",
     "", []),
    # a question, a recap, openness, rates still to be set: nothing decided
    ("Will China lift its canola oil tariff before seeding season?", "", []),
    ("La Chine va-t-elle lever ses droits sur l'huile de canola canadienne ?", "", []),
    # a question's relief is not the next sentence's goods' ("pause? Peas growers" read
    # as "suspend" on peas); the goods of a kicker before a question or an exclamation
    # still take the change after it
    ("Will China extend the peas tariff pause? Peas growers wait on Beijing's tariff call",
     "", []),
    ("Will Beijing lift the canola oil duty? Canola crushers say they can't wait", "", []),
    ("Peas tariff: will Beijing extend the pause?", "", []),  # a question after a label
    ("Relief for pea growers? China extends pea tariff pause to Dec. 31, 2027", "",
     [("cn-peas", "extend", None)]),
    ("What next for canola? China cuts canola oil tariff to 50%", "",
     [("cn-canola-oil", "lower", None)]),
    ("Good news, pea growers! China extends tariff pause to Dec. 31, 2027", "",
     [("cn-peas", "extend", None)]),
    ("Canola oil: what changes? China cuts the tariff to 50% from March 1", "",
     [("cn-canola-oil", "lower", date(2027, 3, 1))]),
    ("Peas, canola meal? China extends both tariff pauses to Dec. 31, 2027", "",
     [("cn-peas", "extend", None), ("cn-canola-meal", "extend", None)]),
    ("China had cut the canola seed duty to 5.9% in March, lawyer notes in refund dispute", "",
     []),
    ("China signals openness to easing canola oil duties but sets no timeline", "", []),
    ("Canada and China agree to cut canola oil, pork tariffs in 'phase two' deal",
     "Rates and timing will be set in the coming weeks, officials said.",
     [("cn-canola-oil", "lower", None), ("cn-pork", "lower", None)]),
    # reported speech is still the news
    ("Beijing announced that it had lifted the tariff on Canadian peas", "",
     [("cn-peas", "remove", None)]),
    # a deposit "imposed in August 2025" is the old level, not the change's
    ("Canola : Pékin ramène les droits sur la graine canadienne à environ 15 %",
     "Le dépôt antidumping de 75,8 % imposé en août 2025 est nettement allégé.",
     [("cn-canola-seed-ad", "lower", None)]),
])
def test_duties_ended_described_asked_about_recapped_or_still_to_set(
        title: str, summary: str, expected: list) -> None:
    """From a second audit of 187 headlines on the measures other than December's relief:
    a duty's end named as a noun is a removal; a duty described ("imposés par Pékin"),
    asked about, recapped ("had cut"), signalled open to, or whose rates "will be set"
    is no change of its own."""
    signals = classify(title, summary, date(2026, 11, 30)).signals
    assert [(s.measure, s.action, s.effective) for s in signals] == expected, signals


def test_a_chinese_notice_on_goods_originating_in_canada_is_china_s() -> None:
    """China's notices name no actor ("自2027年1月1日起停止对原产于加拿大的猪肉加征25%关税"):
    the duty "on goods originating in Canada" is China's, unless another country is named
    ("美国对原产于加拿大的钢铁加征关税")."""
    notice = classify("自2027年1月1日起停止对原产于加拿大的猪肉加征25%关税", "", date(2026, 11, 30))
    assert notice.relevant
    assert [(s.measure, s.action, s.effective) for s in notice.signals] == [
        ("cn-pork", "remove", date(2027, 1, 1))]
    assert not classify("美国对原产于加拿大的钢铁加征关税", "", date(2026, 11, 30)).relevant


@pytest.mark.parametrize(("title", "expected"), [
    ("La Chine porte à 50 % ses droits sur le porc canadien", ("cn-pork", "raise", 50.0)),
    ("La Chine porte à 5 % ses droits sur le porc canadien", ("cn-pork", "lower", 5.0)),
    ("Acier chinois : la surtaxe fédérale passe de 25 % à 10 %",
     ("ca-steel-aluminum-surtax", "lower", 10.0)),
    ("Acier chinois : la surtaxe fédérale passe de 10 % à 25 %",
     ("ca-steel-aluminum-surtax", "raise", 25.0)),
])
def test_french_levels_brought_to_or_moved_from_one_rate_to_another(
        title: str, expected: tuple) -> None:
    """ "porte à 50 %" and "passe de 25 % à 10 %" gave no signal; their way is the rates'
    (with the goods in a label, "passe de 10 % à 25 %" reads its rate from the item's, and
    past the rate it was, it is a raise, not a cut to 25%)."""
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert (signal.measure, signal.action, signal.rate) == expected


@pytest.mark.parametrize(("title", "until"), [
    ("China extends suspension on Canadian canola meal, peas and seafood tariffs to end-June"
     " 2027", date(2027, 6, 30)),
    ("China extends pea tariff relief until end-March", date(2027, 3, 31)),
])
def test_an_end_of_month_written_as_reuters_writes_it(title: str, until: date) -> None:
    """ "to end-June 2027" gave no end ("until the end of June 2027" did)."""
    signals = classify(title, "", date(2026, 11, 30)).signals
    assert signals and all(s.until == until for s in signals), signals


@pytest.mark.parametrize(("title", "until"), [
    ("China extends pea tariff relief until Dec. 31 next year", date(2027, 12, 31)),
    ("China extends pea tariff relief until Dec. 31 this year", date(2026, 12, 31)),
    ("La Chine prolonge le répit tarifaire sur les pois canadiens jusqu'au 31 décembre de l'an"
     " prochain", date(2027, 12, 31)),
    # the good news a title leads with is not the change: the extension after it is
    ("Reprieve for pea farmers as China extends tariff suspension until December 31 next year",
     date(2027, 12, 31)),
])
def test_a_day_with_its_year_in_words(title: str, until: date) -> None:
    """ "until December 31 next year" read as this year's 31 December: the end the relief
    already had, so the extension read as nothing new."""
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert (signal.measure, signal.action, signal.until) == ("cn-peas", "extend", until)


@pytest.mark.parametrize(("title", "until"), [
    ("China extends pea tariff relief until next June", date(2027, 6, 30)),
    ("China extends pea tariff relief until next December", date(2027, 12, 31)),
    ("China extends pea tariff relief until December", date(2026, 12, 31)),
])
def test_a_month_named_next(title: str, until: date) -> None:
    """ "until next June" gave no end; "next December", said in November, is not this one."""
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert signal.until == until, signal


@pytest.mark.parametrize(("title", "expected"), [
    ("Canadian lobster, crab tariff reprieve extended to end of 2027",
     [("cn-seafood", "extend", date(2027, 12, 31))]),
    ("Peas, canola meal tariff suspension extended through Dec. 31, 2027",
     [("cn-peas", "extend", date(2027, 12, 31)), ("cn-canola-meal", "extend", date(2027, 12, 31))]),
    # another country named: not China's relief
    ("U.S. pea tariff relief for Canada", []),
])
def test_the_relief_on_the_goods_china_suspended_is_china_s(title: str, expected: list) -> None:
    """A Canadian outlet's "Peas, canola meal tariff suspension extended …" names no China:
    it was not relevant, and the extension was lost."""
    signals = classify(title, "", date(2026, 11, 30)).signals
    assert [(s.measure, s.action, s.until) for s in signals] == expected, signals


@pytest.mark.parametrize(("title", "until"), [
    ("China extends pea tariff relief through the first quarter of 2027", date(2027, 3, 31)),
    ("China extends pea tariff relief until the end of Q2 2027", date(2027, 6, 30)),
    ("China extends pea tariff relief for the first half of 2027", date(2027, 6, 30)),
])
def test_an_end_named_by_a_quarter_or_a_half(title: str, until: date) -> None:
    """ "through the first quarter of 2027" gave no end."""
    (signal,) = classify(title, "", date(2026, 11, 30)).signals
    assert signal.until == until, signal
    # a time in which, not an end
    assert find_span("China suspends pea tariffs in the first quarter of 2027",
                     date(2026, 11, 30)).until is None


def test_levels_listed_after_a_colon_go_to_their_own_goods() -> None:
    """ "China cuts duties on Canadian canola oil and pork: oil to 50%, pork to 15%" lost
    both rates (two rates: none was the item's only one); each now takes the level named
    right after its own goods."""
    signals = classify("China cuts duties on Canadian canola oil and pork: oil to 50%, pork"
                       " to 15%", "The new rates take effect on Jan. 1, 2027.",
                       date(2026, 11, 30)).signals
    assert [(s.measure, s.action, s.rate, s.effective) for s in signals] == [
        ("cn-canola-oil", "lower", 50.0, date(2027, 1, 1)),
        ("cn-pork", "lower", 15.0, date(2027, 1, 1))]


@pytest.mark.parametrize(("title", "measure", "action"), [
    ("China lets canola meal pause lapse", "cn-canola-meal", "restore"),
    ("China lets canola meal relief lapse", "cn-canola-meal", "restore"),
    ("China lets pea exemption lapse", "cn-peas", "restore"),
    ("China ends canola meal reprieve", "cn-canola-meal", "restore"),
    ("China extends pea reprieve for another year", "cn-peas", "extend"),
    ("Beijing lets lobster, crab reprieve expire Dec. 31", "cn-seafood", "restore"),
])
def test_a_relief_named_after_chinas_goods_needs_no_duty_word(title: str, measure: str,
                                                             action: str) -> None:
    """"canola meal pause", "pea reprieve": on the goods of one of China's duties only a
    relief from that duty is called so; these gave no signal without "tariff" beside them
    (and the relief read as good news: warming)."""
    result = classify(title, "", date(2026, 11, 30))
    assert [(s.measure, s.action) for s in result.signals] == [(measure, action)]
    assert result.direction == ("warming" if action == "extend" else "cooling")


@pytest.mark.parametrize("title", [
    "China extends canola meal relief program for farmers",
    "Ottawa extends pea relief payments for Saskatchewan farmers hit by China's tariffs",
    "China extends canola meal suspension on Richardson",
])
def test_relief_to_people_or_a_ban_is_not_a_duty_relief(title: str) -> None:
    """Aid ("relief program", "relief payments") and a "suspension" (maybe a ban on the
    goods) after the goods name no relief from China's duty."""
    assert classify(title, "", date(2026, 11, 30)).signals == ()


@pytest.mark.parametrize(("title", "signals"), [
    ("Nine months after China suspended tariffs on Canadian peas, exports have tripled", []),
    ("A year after China imposed 100% tariffs on canola oil, crushers struggle", []),
    ("Two weeks after Carney visit, China cuts canola oil tariff to 50%",
     [("cn-canola-oil", "lower", 50)]),
])
def test_a_change_told_by_the_time_since_it_is_a_recap(title: str, signals: list) -> None:
    """"Nine months after China suspended …" read as a suspension made now; a time after
    something else, in its own clause, still leaves the change its news."""
    got = classify(title, "", date(2026, 11, 30)).signals
    assert [(s.measure, s.action, s.rate) for s in got] == signals


def test_a_level_said_of_the_oil_after_a_colon_is_the_oils_alone() -> None:
    """"…: the oil tariff falls to 50%" gave pork's cut the 50% too: "the" before the bare
    "oil" hid it as the goods the level was named with."""
    got = classify("China cuts tariffs on canola oil and pork: the oil tariff falls to 50%", "",
                   date(2026, 11, 30)).signals
    assert {(s.measure, s.rate) for s in got} == {("cn-canola-oil", 50), ("cn-pork", None)}


@pytest.mark.parametrize(("summary", "published", "effective"), [
    ("BEIJING/WINNIPEG, Dec 11 (Reuters) - China will lower its additional tariff on Canadian"
     " canola oil to 50% from 100% starting Jan. 1, the Customs Tariff Commission said.",
     date(2026, 12, 11), date(2027, 1, 1)),
    ("BEIJING, Dec 14 (Reuters) - China will cut its additional tariff on Canadian canola oil"
     " to 50% from 100%, the Commerce Ministry said, without saying when.",
     date(2026, 12, 14), None),
    ("中新网北京12月4日电 中方决定自2027年1月1日起对原产于加拿大的菜籽油加征关税税率下调至50%。",
     date(2026, 12, 4), date(2027, 1, 1)),
])
def test_a_wire_dateline_is_not_the_changes_start(summary: str, published: date,
                                                  effective: date | None) -> None:
    """"BEIJING, Dec 11 (Reuters) -" put the cut in force on Dec. 11, three weeks early."""
    (signal,) = classify("China cuts tariff on Canadian canola oil to 50%", summary,
                         published).signals
    assert (signal.measure, signal.rate, signal.effective) == ("cn-canola-oil", 50, effective)


def test_a_dateline_keeps_its_place_as_a_side() -> None:
    """Only the dateline's date goes: "OTTAWA" still names Canada's side."""
    result = classify("Beijing extends tariff relief on farm goods",
                      "OTTAWA, Dec 4 (Reuters) - China will extend its suspension of tariffs on"
                      " soybeans until Dec. 31, 2027.", date(2026, 12, 4))
    assert result.relevant


def test_a_recaps_day_long_gone_is_not_the_changes_start() -> None:
    """A change with no day of its own took the recap's: "will reinstate" dated 2025-03-20."""
    (signal,) = classify("China to reinstate tariffs on Canadian peas",
                         "China will reinstate its 100% tariffs on Canadian peas. The duties,"
                         " first imposed on March 20, 2025, were suspended from March 1 this"
                         " year.", date(2026, 12, 22)).signals
    assert (signal.action, signal.rate, signal.effective) == ("restore", 100, None)


@pytest.mark.parametrize(("title", "measure"), [
    ("Pork producers still face 25% Chinese tariff as canola meal relief extended",
     "cn-canola-meal"),
    ("China keeps 100% tariff on Canadian canola oil as pea relief extended to 2027",
     "cn-peas"),
])
def test_a_relief_extended_beside_another_duty_keeps_its_zero(title: str,
                                                              measure: str) -> None:
    """From a user review: the relief's extension took the other goods' rate (canola meal
    "extend 25%"), and the goods named before the peas took their extension too (canola
    oil "extend 100%")."""
    got = classify(title, "", date(2026, 11, 26)).signals
    assert [(s.measure, s.action, s.rate) for s in got] == [(measure, "extend", 0)]


@pytest.mark.parametrize(("title", "summary"), [
    ("Grain Growers of Canada urge Ottawa to lock in permanent deal on pea, canola meal"
     " tariffs", "The suspension runs out on Dec. 31. China imposed the 100 per cent tariffs in"
     " March 2025."),
    ("What happens to Prairie farmers if China's tariff pause ends Dec. 31?",
     "When Beijing suspended its 100 per cent tariffs on canola meal and peas last March,"
     " exports surged."),
    ("2026 in review: Canada and China's year of tariff truces",
     "In February, Ottawa scrapped the 100% EV surtax and China suspended its tariffs on"
     " canola meal, peas, lobster and crab."),
    ("Tourisme : les groupes chinois sont de retour au Québec",
     "Les voyagistes constatent un retour depuis que Pékin a rétabli le statut de destination"
     " approuvée du Canada, en novembre 2025."),
])
def test_a_summary_recap_of_a_change_long_gone_is_no_signal(title: str, summary: str) -> None:
    """From an audit of feed summaries: background in the past tense with its time ("in March
    2025", "last March", "In February", "en novembre 2025") read as changes made now (the
    100% duties imposed again, dated Dec. 31)."""
    assert classify(title, summary, date(2026, 11, 30)).signals == ()


@pytest.mark.parametrize(("summary", "action"), [
    ("China on Friday suspended its tariffs on Canadian peas until Dec. 31, 2027.", "suspend"),
    ("China suspended its tariffs on Canadian peas from Jan. 1, the ministry said.", "suspend"),
    ("China imposed a 25% tariff on Canadian peas on Nov. 20.", "lower"),  # from 100%
])
def test_a_change_told_in_the_past_with_a_recent_or_coming_day_is_news(summary: str,
                                                                       action: str) -> None:
    """Guards: an end ("until Dec. 31"), a start told with "from", a day weeks ago."""
    got = classify("Peas: China's decision", summary, date(2026, 11, 30)).signals
    assert [(s.measure, s.action) for s in got] == [("cn-peas", action)]


@pytest.mark.parametrize(("summary", "measure", "until", "by_months"), [
    ("Canadian canola and pea farmers welcomed China's decision to keep tariffs on canola"
     " meal and peas suspended for another year.", "cn-peas", None, 12),
    ("Beijing said its 25 per cent tariff on Canadian lobster and crab will stay suspended"
     " through Dec. 31, 2027.", "cn-seafood", date(2027, 12, 31), None),
    ("Les droits de douane chinois de 25 % sur le homard et le crabe canadiens resteront"
     " suspendus pendant 12 mois de plus.", "cn-seafood", None, 12),
])
def test_a_relief_kept_in_a_summary_is_extended(summary: str, measure: str,
                                                until: date | None,
                                                by_months: int | None) -> None:
    """From an audit of feed summaries: "keep … suspended", "will stay suspended" and
    "resteront suspendus … de plus" in a summary gave nothing (a participle after its
    goods read as describing them; "stay" held the change still; the rate of 25% before the
    goods kept the French duty word out of reach), or "extend 25%"."""
    got = [s for s in classify("Exporters cheer", summary, date(2026, 12, 5)).signals
           if s.measure == measure]
    assert [(s.action, s.rate, s.until, s.by_months) for s in got] == [
        ("extend", 0, until, by_months)]


@pytest.mark.parametrize("summary", [
    "China's tariffs of 25% on Canadian lobster will be suspended.",
    "Les droits de douane chinois de 25 % sur le homard canadien sont suspendus.",
])
def test_a_duty_of_a_rate_suspended_is_suspended_at_zero(summary: str) -> None:
    """"tariffs of 25% … will be suspended" read as a cut to 25%; the French gave nothing."""
    got = classify("Lobster", summary, date(2026, 12, 5)).signals
    assert [(s.measure, s.action, s.rate) for s in got] == [("cn-seafood", "suspend", 0)]


def test_a_duty_to_remain_in_force_is_no_change() -> None:
    """Guard: "to remain in force" is held still, as before (a relief held is the change)."""
    assert classify("Canada's steel surtax on China to remain in force indefinitely,"
                    " Champagne says", "", date(2026, 11, 30)).signals == ()


@pytest.mark.parametrize(("title", "summary"), [
    ("Will China extend its tariff pause on Canadian peas before Dec. 31?",
     "With five weeks left before the suspension of China's 100 per cent tariff on Canadian"
     " peas expires, exporters say they have received no signal from Beijing."),
    ("Pulse industry waits on word from Beijing",
     "With less than a month to go before China's suspension of its 100 per cent tariff on"
     " Canadian peas expires, the pulse industry is lobbying hard for an extension."),
    ("China urges Canada to remove 'discriminatory' steel surtax",
     "China's Commerce Ministry on Thursday urged Canada to \"correct its wrong practices\" and"
     " remove the 25% surtax on Chinese steel and aluminum products."),
    ("专家：中加经贸关系回暖", "学者表示，希望加方取消对中国钢铝产品加征的25%附加税。"),
    ("商务部：对加拿大猪肉加征关税措施维持不变",
     "商务部新闻发言人表示，中方对原产于加拿大的猪肉加征25%关税的措施维持不变。"),
])
def test_an_end_awaited_a_plea_or_a_status_quo_decides_nothing(title: str,
                                                              summary: str) -> None:
    """From an audit of feed summaries: "before the suspension … expires" read as the duty
    back, "lobbying hard for an extension" as an extension at 100%, "urged Canada to …
    and remove" as the surtax removed, 希望 (hope) as a decision, 维持不变 (unchanged) as a
    new duty."""
    assert classify(title, summary, date(2026, 11, 30)).signals == ()


def test_chinese_for_a_year_and_not_continued() -> None:
    """From an audit: 为期一年 (for a year) gave no end, and 暂停…措施到期后不再延续 (the
    suspension, once expired, not continued) read as a suspension beside the restore."""
    got = classify("中方决定继续暂停对加拿大菜籽粕、豌豆和水产品加征关税",
                   "中方决定自2027年1月1日起，继续暂停对原产于加拿大的菜籽粕、豌豆以及龙虾、螃蟹等水产品"
                   "加征关税，为期一年。", date(2026, 12, 4)).signals
    assert {(s.measure, s.action, s.until) for s in got} == {
        (m, "extend", date(2027, 12, 31)) for m in ("cn-canola-meal", "cn-peas", "cn-seafood")}
    got = classify("自2027年1月1日起对原产于加拿大的龙虾、螃蟹恢复加征25%关税",
                   "国务院关税税则委员会决定，对原产于加拿大的龙虾、螃蟹暂停加征关税措施到期后不再延续，"
                   "自2027年1月1日起恢复加征25%关税。", date(2026, 12, 4)).signals
    assert [(s.measure, s.action, s.rate) for s in got] == [("cn-seafood", "restore", 25)]


def test_a_surtax_widened_to_more_steel_goods_is_no_extension_and_cools() -> None:
    """From an audit of feed summaries: "will extend its 25 per cent surtax on Chinese steel
    to wire rod and rebar" read as the surtax's end moved (extend 25%), warming; it is the
    surtax reaching more goods: no change to its rate or end, and cooling."""
    result = classify("Ottawa adds Chinese wire rod, rebar to 25% steel surtax list",
                      "Canada will extend its 25 per cent surtax on Chinese steel to wire rod"
                      " and rebar from Jan. 15, the Department of Finance said.",
                      date(2026, 12, 10))
    assert result.signals == () and result.direction == "cooling"


@pytest.mark.parametrize(("title", "summary"), [
    ("Exporters warn of 'cliff' as Chinese pea tariff suspension enters final weeks",
     "If Beijing does nothing, the 100 per cent tariff on Canadian peas will automatically"
     " return on Jan. 1, exporters warned on Monday."),
    ("Canola Meal Prices Slide as China Tariff Pause Nears End", ""),
    ("Should talks fail, China will restore tariffs on Canadian peas", ""),
    # (a user audit: its day between "nears" and "expiry" made it a suspension from then)
    ("Pea growers await word as China's tariff pause nears Dec. 31 expiry", ""),
])
def test_a_condition_or_a_relief_running_out_decides_nothing(title: str, summary: str) -> None:
    """From an audit of feed summaries: a sentence opening on "If …," read its main clause
    as decided (the duty back), and "Tariff Pause Nears End" as a new suspension."""
    assert classify(title, summary, date(2026, 11, 30)).signals == ()


def test_a_remission_extended_is_no_extension_of_the_surtax() -> None:
    """From a user audit: "Canada keeps 25% surtax on Chinese steel, extends remission order
    to end of 2027" read as the surtax extended to 2027-12-31, an end it does not have (the
    remission, a relief from it, is what runs on). The surtax extended still is one."""
    for title in ("Canada keeps 25% surtax on Chinese steel, extends remission order to end"
                  " of 2027",
                  "Ottawa extends steel surtax remission for Chinese imports to end of 2027"):
        result = classify(title, "", date(2026, 11, 27))
        assert result.signals == () and result.direction == "warming", title
    assert triples("Canada extends 25% surtax on Chinese steel to end of 2027", "",
                   date(2026, 11, 27)) == {("ca-steel-aluminum-surtax", "extend", 25)}


def test_a_chinese_summary_told_as_earlier_events_is_a_recap() -> None:
    """此前 (previously) … 加征100%关税: the 2025 duties imposed again beside the cut."""
    got = classify("国务院关税税则委员会：自2027年1月1日起对加拿大菜籽油加征关税税率下调至50%",
                   "此前，中方自2025年3月20日起对原产于加拿大的菜籽油、油渣饼、豌豆加征100%关税。",
                   date(2026, 12, 4)).signals
    assert [(s.measure, s.action, s.rate, s.effective) for s in got] == [
        ("cn-canola-oil", "lower", 50, date(2027, 1, 1))]


def test_ev_quota_allowed_into_canada_at_a_rate() -> None:
    """"allow 60,000 Chinese-made electric vehicles into Canada at the 6.1 per cent …
    rate" gave nothing: "into Canada" stood between the goods and their rate."""
    got = classify("Ottawa raises Chinese EV quota to 60,000 for 2027",
                   "The federal government will allow 60,000 Chinese-made electric vehicles"
                   " into Canada at the 6.1 per cent most-favoured-nation rate in 2027, up"
                   " from 49,000 this year.", date(2026, 12, 3)).signals
    assert [(s.measure, s.action, s.rate, s.scope) for s in got] == [
        ("ca-ev-surtax", "lower", 6.1, "a quota of 60,000 electric vehicles")]


@pytest.mark.parametrize(("title", "said"), [
    ("Canada to reinstate 100% surtax on Chinese EVs above quota",
     "reinstate 100% surtax on Chinese EVs above quota"),
    ("Ottawa to restore 100% surtax on Chinese EVs beyond the 49,000-vehicle quota",
     "restore 100% surtax on Chinese EVs beyond the 49,000-vehicle quota"),
    ("Canada slaps 100% surtax on out-of-quota Chinese EVs", None),
    ("Ottawa rétablit la surtaxe de 100 % sur les VE chinois hors quota",
     "rétablit la surtaxe de 100 % sur les VE chinois hors quota"),
    ("加拿大将对超出配额的中国电动汽车恢复征收100%附加税", None),
])
def test_a_duty_on_goods_past_a_quota_covers_only_those(title: str, said: str | None) -> None:
    """From an audit: "Canada to reinstate 100% surtax on Chinese EVs above quota" read as
    the surtax back on every Chinese EV (accepted, the EVs row said "100% in force"), while
    those inside the quota come in at 6.1%. The change is scoped to the imports past the
    quota, and its evidence, where they follow, runs on to the words that say so."""
    (signal,) = classify(title, "", date(2026, 11, 25)).signals
    assert (signal.measure, signal.rate, signal.scope) == (
        "ca-ev-surtax", 100, "imports above the quota")
    if said is not None:
        assert signal.evidence == said


@pytest.mark.parametrize("title", [
    "Canada to reinstate 100% surtax on Chinese EVs",
    "Canada, China clash over EV quota as Ottawa reinstates 100% surtax on Chinese EVs",
])
def test_a_quota_only_talked_about_scopes_nothing(title: str) -> None:
    """"clash over EV quota": about the quota, not the goods past it."""
    (signal,) = classify(title, "", date(2026, 11, 25)).signals
    assert (signal.measure, signal.scope) == ("ca-ev-surtax", None)


@pytest.mark.parametrize(("title", "summary"), [
    ("China extends tariff pause on Canadian peas",
     "The suspension, due to end on Dec. 31, will run through 2027."),
    ("China extends tariff pause on Canadian peas",
     "The suspension of the 100% duties, which was due to expire on Dec. 31, will now run"
     " through the end of 2027, the commerce ministry said."),
    ("La Chine prolonge la suspension des droits sur les pois canadiens",
     "La suspension, qui devait prendre fin le 31 décembre, est prolongée jusqu'à la fin"
     " de 2027."),
])
def test_an_aside_on_the_end_a_relief_had_is_no_end_to_come(title: str, summary: str) -> None:
    """From an audit: "The suspension, due to end on Dec. 31, will run through 2027" cooled
    the extension to neutral ('suspension, due to end' -6), and "…, which was due to expire
    on Dec. 31, …" made a second change beside it: the duty back at that end. The aside
    tells the end before this news; the sentence around it tells the news."""
    got = classify(title, summary, date(2026, 11, 25))
    assert [(s.measure, s.action, s.until) for s in got.signals] == [
        ("cn-peas", "extend", date(2027, 12, 31))]
    assert got.direction == "warming"


@pytest.mark.parametrize(("title", "measure", "said"), [
    ("China's tariff pause on Canadian peas won't be renewed", "cn-peas",
     "pause on Canadian peas won't be renewed"),
    ("China says tariff pause on Canadian peas, due to expire Dec. 31, won't be renewed",
     "cn-peas", "pause on Canadian peas won't be renewed"),
    ("Tariff relief on Canadian lobster will not be extended, Beijing says", "cn-seafood",
     "relief on Canadian lobster will not be extended"),
])
def test_a_relief_whose_renewal_is_refused_in_the_passive_ends(title: str, measure: str,
                                                                said: str) -> None:
    """"won't renew the tariff pause on peas" brought the duty back at the pause's end, but
    "the tariff pause on peas won't be renewed" read as the pause itself, a new suspension
    (warming). It is the same decision, told the other way round."""
    got = classify(title, "", date(2026, 11, 25))
    (signal,) = got.signals
    assert (signal.measure, signal.action, signal.at_relief_end, signal.evidence) == (
        measure, "restore", True, said)
    assert got.direction == "cooling"


@pytest.mark.parametrize(("title", "until"), [
    ("China's tariff exemption for Canadian crab extended to March 31", date(2027, 3, 31)),
    ("China's tariff pause on Canadian peas extended until 2027", date(2027, 12, 31)),
    ("China's tariff pause on Canadian peas has been extended to end of 2027",
     date(2027, 12, 31)),
])
def test_a_relief_extended_in_the_passive_is_an_extension(title: str, until: date) -> None:
    """"China's tariff exemption for Canadian crab extended to March 31" read as a new
    suspension to March 31 (an extension only when "set to expire Dec. 31" stood between)."""
    (signal,) = classify(title, "", date(2026, 11, 25)).signals
    assert (signal.action, signal.until) == ("extend", until)


@pytest.mark.parametrize(("title", "not_direction"), [
    ("China's tariff pause on Canadian peas may not be renewed", "warming"),
    ("China's tariff pause on Canadian peas is expected to be extended", "cooling"),
])
def test_a_relief_s_renewal_only_foreseen_is_no_change(title: str, not_direction: str) -> None:
    """ "… may not be renewed" read as the pause itself, a new suspension, warming."""
    got = classify(title, "", date(2026, 11, 25))
    assert got.signals == ()
    assert got.direction != not_direction


@pytest.mark.parametrize(("title", "measures"), [
    ("商务部：对加拿大豌豆、菜籽粕暂停加征关税措施今日到期 恢复加征100%关税",
     {"cn-peas", "cn-canola-meal"}),
    ("中方对加拿大豌豆暂停加征关税措施今日到期，恢复加征100%关税", {"cn-peas"}),
])
def test_a_chinese_relief_expiring_then_the_duty_resumed_is_the_duty_back(
        title: str, measures: set[str]) -> None:
    """From an audit: "the suspension of the additional tariffs … expires today, the 100%
    tariff is levied again" read as the suspension itself (warming, suspend 0%): the
    relief named first, its end and the duty resumed after it were not read."""
    got = classify(title, "", date(2027, 1, 1))
    assert {(s.measure, s.action, s.rate) for s in got.signals} == {
        (m, "restore", 100) for m in measures}
    assert got.direction == "cooling"


@pytest.mark.parametrize(("title", "expected", "direction"), [
    ("China will extend suspension of 100% tariff it imposed on Canadian peas in 2025",
     ("cn-peas", "extend"), "warming"),
    ("China extends suspension of the 100% tariff it imposed on Canadian peas",
     ("cn-peas", "extend"), "warming"),
    ("China, which had imposed 100% tariffs on Canadian peas in March, said it would lift"
     " them", ("cn-peas", "remove"), "warming"),
    # (", which" before a verb of its own is the news: "the notice, which lifts tariffs …")
    ("Canada welcomes MOFCOM notice, which lifts tariffs on Canadian canola meal from Jan. 1",
     ("cn-canola-meal", "remove"), "warming"),
])
def test_a_verb_in_a_relative_clause_tells_what_the_duty_is(
        title: str, expected: tuple[str, str], direction: str) -> None:
    """From an audit: "extend suspension of 100% tariff it imposed on Canadian peas" read
    as the duty imposed (cooling, a pending 'impose 100%'): the relative clause's verb
    says what the duty is, not what happens to it, and scores nothing either."""
    got = classify(title, "", date(2026, 12, 18))
    assert [(s.measure, s.action) for s in got.signals] == [expected]
    assert got.direction == direction


def test_a_change_that_would_start_after_it_ends_is_no_signal() -> None:
    """From an audit: an explainer's background ("Beijing lifted the 100% duty on March 1;
    the pause ends Dec. 31 unless it is renewed"), read in November, made a pending
    suspension from next March 1 until this Dec. 31: a change that cannot be."""
    got = classify("What the end of China's tariff pause means for Canadian peas",
                   "Beijing lifted the 100% duty on March 1; the pause ends Dec. 31 unless it"
                   " is renewed.", date(2026, 11, 30))
    assert all(s.effective is None or s.until is None or s.effective <= s.until
               for s in got.signals)
    assert got.signals == ()


@pytest.mark.parametrize("title", [
    "菜籽期货上涨 市场预期中方或延长对加拿大菜籽粕关税豁免",
    "中方可能延长对加拿大菜籽粕关税豁免",
    "消息人士称中方将延长对加拿大豌豆关税暂停措施",
    "China said to extend tariff pause on Canadian peas",
    "Report: China to extend tariff relief for Canadian peas",
    "China extends pea tariff pause, Bloomberg reports, citing unnamed sources",
    "Canada says China extended pea tariff pause; Beijing yet to confirm",
])
def test_a_change_only_reported_or_expected_is_no_signal(title: str) -> None:
    """From an audit: each of these made a pending extension. Chinese 可能, 或 (may), 预期
    (expected) and 消息人士 (sources), headline-ese 'said to', a 'Report:' label, a wire
    'citing unnamed sources' and one side's word 'yet to confirm' decide nothing."""
    assert classify(title, "", date(2026, 12, 12)).signals == ()


@pytest.mark.parametrize("title", [
    "China extends tariff pause on Canadian peas",
    "中方延长对加拿大豌豆关税暂停措施",
    "China said it would extend tariff pause on Canadian peas",
])
def test_a_change_told_as_decided_keeps_its_signal(title: str) -> None:
    assert [(s.measure, s.action) for s in classify(title, "", date(2026, 12, 12)).signals] == [
        ("cn-peas", "extend")]


@pytest.mark.parametrize(("title", "expected"), [
    ("China restores group tours to Canada, citing people-to-people exchanges",
     ("cn-tourism-ads", "restore")),
    ("China lifts tariffs on Canadian peas, citing people's livelihoods", ("cn-peas", "remove")),
    ("China lifts tariffs on Canadian canola meal; details on canola seed duty yet to be"
     " confirmed", ("cn-canola-meal", "remove")),
    ("China lifts tariffs on Canadian canola meal, ending months of unconfirmed reports",
     ("cn-canola-meal", "remove")),
    ("Exclusive: China's commerce ministry confirms extension of pea tariff pause",
     ("cn-peas", "extend")),
    ("商务部：暂停或取消对加拿大豌豆加征的关税", None),
])
def test_words_near_a_report_s_are_no_hedge(title: str, expected: tuple | None) -> None:
    """From a review: the report hedges above swallowed these ("citing people", "yet to
    be confirmed" of other things, "Exclusive:", 或 as "or" between two verbs)."""
    got = [(s.measure, s.action) for s in classify(title, "", date(2026, 12, 12)).signals]
    assert got == [expected] if expected else got != []


@pytest.mark.parametrize("title", [
    "Suspension des tarifs chinois sur les pois : aucune prolongation n'a encore été annoncée",
    "Suspension des tarifs chinois sur les pois canadiens : pas de prolongation pour l'instant",
    "China's tariff suspension on Canadian peas: no extension announced yet",
    "Suspension of Chinese tariffs on Canadian peas: what growers need to know",
])
def test_a_relief_named_as_a_title_s_topic_is_no_new_relief(title: str) -> None:
    """From an audit: a title whose topic, before its colon, is the relief in force (no
    verb of its own) read as a new suspension, warming +7; the part after the colon says
    nothing was decided."""
    got = classify(title, "", date(2026, 12, 27))
    assert got.signals == () and got.direction == "neutral"


def test_what_became_of_a_relief_named_as_a_topic_is_told_after_the_colon() -> None:
    got = classify("Tariff relief for Canadian peas: China extends pause to end of 2027", "",
                   date(2026, 12, 20))
    assert [(s.measure, s.action, s.until) for s in got.signals] == [
        ("cn-peas", "extend", date(2027, 12, 31))]
    assert got.direction == "warming"


@pytest.mark.parametrize("title", [
    "Beijing extends tariff holiday for Canadian peas until the end of June",
    "China extends Canadian canola meal tariff holiday by a year",
    "Beijing's tariff holiday for Canadian peas extended until the end of June",
])
def test_a_tariff_holiday_is_a_relief(title: str) -> None:
    """From an audit: a relief called a "tariff holiday" was no relief: extended, it read
    as the duty extended at no rate, neutral."""
    got = classify(title, "", date(2026, 12, 20))
    assert [(s.action, s.rate) for s in got.signals] == [("extend", 0)]
    assert got.direction == "warming"


@pytest.mark.parametrize("title", [
    "Beijing to keep zero tariff on Canadian peas through 2027, commerce ministry says",
    "China keeps Canadian peas tariff-free through 2027",
])
def test_goods_kept_duty_free_to_a_new_end_are_the_relief_extended(title: str) -> None:
    """From an audit: both gave nothing ("peas will stay duty-free until …" already read
    as the extension); kept so with no end is no news ("China keeps Canadian peas
    tariff-free")."""
    got = classify(title, "", date(2026, 12, 11))
    assert [(s.measure, s.action, s.rate, s.until) for s in got.signals] == [
        ("cn-peas", "extend", 0, date(2027, 12, 31))]
    assert classify("China keeps Canadian peas tariff-free", "", date(2026, 12, 11)).signals == ()
    (signal,) = classify("China gives Canadian canola meal another year of tariff-free access",
                         "", date(2026, 12, 21)).signals
    assert (signal.measure, signal.action, signal.rate, signal.by_months) == (
        "cn-canola-meal", "extend", 0, 12)
    assert classify("China gives Canadian farmers tariff-free access", "",
                    date(2026, 12, 21)).signals == ()


@pytest.mark.parametrize(("title", "measure", "months"), [
    ("China gives Canadian canola meal 12 more months of tariff-free access",
     "cn-canola-meal", 12),
    ("China gives Canadian peas a further 12 months of tariff-free access", "cn-peas", 12),
    ("China grants Canadian lobster an extra 6 months of duty-free access", "cn-seafood", 6),
])
def test_goods_given_more_months_of_tariff_free_access_are_the_relief_extended(
        title: str, measure: str, months: int) -> None:
    # the duty word stands past the months given: it still names the goods' duty
    (signal,) = classify(title, "", date(2026, 12, 21)).signals
    assert (signal.measure, signal.action, signal.rate, signal.by_months) == (
        measure, "extend", 0, months)
    # more months of something else are no relief extended
    assert classify(title.replace("tariff-free access", "talks").replace(
        "duty-free access", "talks"), "", date(2026, 12, 21)).signals == ()


@pytest.mark.parametrize(("title", "said"), [
    ("China 'will not' extend tariff relief on Canadian peas",
     "'will not' extend tariff relief on Canadian peas"),
    ("China will not extend Canadian pea tariff relief", "will not extend Canadian pea"),
    ("China 'will not' extend Canadian pea tariff relief, ambassador says",
     "'will not' extend Canadian pea"),
])
def test_a_refusal_quoted_or_of_a_relief_named_after_its_goods(title: str, said: str) -> None:
    """From an audit: a refusal in quotes ("'will not' extend") and one of a relief named
    after its goods ("Canadian pea tariff relief") gave nothing."""
    (signal,) = classify(title, "", date(2026, 12, 28)).signals
    assert (signal.measure, signal.action, signal.at_relief_end, signal.evidence) == (
        "cn-peas", "restore", True, said)


@pytest.mark.parametrize(("title", "summary", "expected"), [
    # quota words not beside the goods, or not past a quota, scope nothing
    ("Canada cuts surtax on Chinese EVs to 6.1% for 49,000 vehicles, keeps 100% above quota",
     "", {("ca-ev-surtax", "lower", None, None)}),
    ("Canada lifts 100% surtax on Chinese EVs after dispute over quota", "",
     {("ca-ev-surtax", "remove", None, None)}),
    ("加拿大宣布除配额外取消对中国电动汽车100%附加税", "",
     {("ca-ev-surtax", "remove", None, None)}),
    # a source after a title's colon is no topic header
    ("Tariff pause on Canadian peas to end of 2027: Xinhua", "",
     {("cn-peas", "suspend", None, date(2027, 12, 31))}),
    ("Tariff exemption for Canadian lobster and snow crab through the end of 2027: MOFCOM", "",
     {("cn-seafood", "suspend", "lobster and snow crab", date(2027, 12, 31))}),
    # a new relief's own end, set off by commas, is its end
    ("China suspends 100% tariff on Canadian peas, set to expire Dec. 31, officials say", "",
     {("cn-peas", "suspend", None, date(2026, 12, 31))}),
    ("China suspends tariffs on Canadian peas",
     "The suspension, set to end on Dec. 31, 2027, takes effect March 1.",
     {("cn-peas", "suspend", None, date(2027, 12, 31))}),
    # a relief "extended to" more goods is widened, not renewed
    ("China's tariff exemption for Canadian crab extended to lobster", "",
     {("cn-seafood", "suspend", "crab", None)}),
    ("China extends tariff holidays for Canadian peas, canola meal", "",
     {("cn-peas", "extend", None, None), ("cn-canola-meal", "extend", None, None)}),
])
def test_a_review_of_the_december_rules(title: str, summary: str, expected: set) -> None:
    """From a review of the day's rules: each of these read right before them, or was
    meant to, and did not."""
    got = {(s.measure, s.action, s.scope, s.until)
           for s in classify(title, summary, date(2026, 12, 10)).signals}
    assert got == expected


@pytest.mark.parametrize(("text", "until"), [
    ("extends pea tariff suspension for all of 2027", date(2027, 12, 31)),
    ("the pause will hold throughout 2027", date(2027, 12, 31)),
    ("all of 2027 exports are sold", None),
    # French month ends (a December audit: none was read)
    ("exempté de droits chinois jusqu'à la fin juin", date(2027, 6, 30)),
    ("le resteront jusqu'en juin 2027", date(2027, 6, 30)),
    ("jusqu'à fin juin", date(2027, 6, 30)),
    ("jusqu'en 2027", None),
])
def test_a_whole_year_named_is_its_end(text: str, until: date | None) -> None:
    """From an audit: "China extends Canadian pea tariff suspension for all of 2027" gave an
    extension with no end ("through 2027" had one)."""
    assert find_span(text, date(2026, 12, 20)).until == until


@pytest.mark.parametrize(("title", "action"), [
    ("中方将于2027年1月1日起对加拿大龙虾、蟹恢复加征25%关税", "restore"),
    ("商务部：对原产于加拿大的豌豆、龙虾和蟹暂停加征关税措施延期一年", "extend"),
])
def test_chinese_crab_listed_alone_is_crab(title: str, action: str) -> None:
    """From an audit: 蟹 (crab) alone after 龙虾、 was no goods, so the change was scoped to
    lobster only and crab dropped out of it."""
    got = [s for s in classify(title, "", date(2026, 12, 28)).signals
           if s.measure == "cn-seafood"]
    assert [(s.action, s.scope) for s in got] == [(action, "lobster and crab")]


def test_a_chinese_suspension_continued_for_a_year_is_an_extension_by_a_year() -> None:
    """From an audit: "…龙虾、蟹继续暂停加征关税一年" (continue the suspension for a year) lost
    its length, as "延期一年" (put off by a year) keeps it."""
    title = "国务院关税税则委员会决定：对原产于加拿大的龙虾、蟹继续暂停加征关税一年"
    (signal,) = classify(title, "", date(2026, 12, 19)).signals
    assert (signal.action, signal.by_months, signal.scope) == ("extend", 12, "lobster and crab")


def test_canola_meal_named_bare_in_a_list_with_peas_is_canola_meal() -> None:
    """From an audit: "Canola oil tariff stays at 100% as China extends meal, pea relief"
    gave the peas' extension only; "meal" beside "pea", in a canola story, is canola meal."""
    got = classify("Canola oil tariff stays at 100% as China extends meal, pea relief", "",
                   date(2026, 12, 20))
    assert {(s.measure, s.action, s.rate) for s in got.signals} == {
        ("cn-canola-meal", "extend", 0), ("cn-peas", "extend", 0)}
    assert got.direction == "warming"


def test_french_oil_and_meal_under_a_canola_label_are_both_canola() -> None:
    """From an audit: "Canola : la Chine annule les droits de 100 % sur l'huile et le
    tourteau" removed the meal's duty only ("l'huile" was canola oil only before "… de
    canola")."""
    got = classify("Canola : la Chine annule les droits de 100 % sur l'huile et le tourteau",
                   "", date(2027, 1, 28))
    assert {(s.measure, s.action) for s in got.signals} == {
        ("cn-canola-oil", "remove"), ("cn-canola-meal", "remove")}


def test_each_goods_take_the_level_named_right_after_them() -> None:
    """From an audit: "cut its duty on canola oil to 50 per cent and on pork to 10 per cent"
    gave pork the oil's 50: the 50% before it read as the pork's prefix rate."""
    got = classify("Canada, China strike 'phase two' deal",
                   "Beijing will cut its duty on Canadian canola oil to 50 per cent and on pork"
                   " to 10 per cent, Prime Minister Mark Carney said.", date(2026, 12, 3)).signals
    assert {(s.measure, s.rate) for s in got} == {("cn-canola-oil", 50), ("cn-pork", 10)}


@pytest.mark.parametrize(("title", "measure"), [
    ("China won't renew tariff pause on Canadian peas", "cn-peas"),
    ("China declines to renew tariff pause on Canadian peas", "cn-peas"),
    ("La Chine n'a pas renouvelé la suspension des droits sur les pois canadiens", "cn-peas"),
    ("Pékin ne prolongera pas la suspension des tarifs sur le homard et le crabe canadiens",
     "cn-seafood"),
])
def test_a_relief_not_renewed_brings_the_duty_back_at_its_end(title: str,
                                                              measure: str) -> None:
    """From an audit: a relief refused renewal with no end named ("won't renew the tariff
    pause on peas", "n'a pas renouvelé la suspension") gave nothing, as if nothing were
    decided; it is the duty back when the relief ends, as "… when it expires" reads."""
    (signal,) = classify(title, "", date(2026, 12, 10)).signals
    assert (signal.measure, signal.action, signal.at_relief_end) == (measure, "restore", True)


def test_declining_to_comment_is_no_refusal() -> None:
    assert classify("China declined to comment on tariff pause on Canadian peas", "",
                    date(2026, 12, 10)).signals == ()


@pytest.mark.parametrize(("title", "summary", "expected"), [
    ("Canola meal, pea exporters brace for Dec. 31 end of China tariff pause",
     "With the suspension of China's 100 per cent tariffs on Canadian canola meal and peas set"
     " to expire Dec. 31, exporters say Chinese buyers are reluctant to book January"
     " shipments.",
     {("cn-canola-meal", "restore", date(2027, 1, 1)), ("cn-peas", "restore", date(2027, 1, 1))}),
    ("Pea growers brace for Dec. 31 end of China tariff pause", "",
     {("cn-peas", "restore", date(2027, 1, 1))}),
    ("Les producteurs de pois s'inquiètent de la fin de la suspension des droits chinois le 31"
     " décembre", "", {("cn-peas", "restore", date(2027, 1, 1))}),
])
def test_the_end_of_a_relief_named_after_its_goods_brings_the_duty_back(
        title: str, summary: str, expected: set) -> None:
    """From a user review: "… brace for Dec. 31 end of China tariff pause" read as the
    duties removed on Dec. 31 ("remove 0%", warming), and accepted, the ledger had peas
    free of duty from 2027. It is the relief that ends: the duty is back the day after."""
    got = classify(title, summary, date(2026, 12, 1))
    assert {(s.measure, s.action, s.effective) for s in got.signals} == expected, got.signals
    assert got.direction != "warming"


# December 2026, as feeds carried the year-end decision (an audit of 173 such items)
YEAR_END = [
    # a lapse after "mais" is the seafood's own, and the duty back has no end
    ("Droits chinois : les pois et le tourteau prolongés, le homard exclu",
     "La Chine prolongera jusqu'au 31 décembre 2027 la suspension des droits sur les pois et le"
     " tourteau de canola, mais les droits de 25 % sur le homard et le crabe canadiens seront"
     " rétablis le 1er janvier.", date(2026, 12, 21),
     {("cn-peas", "extend", 0, date(2027, 1, 1), date(2027, 12, 31)),
      ("cn-canola-meal", "extend", 0, date(2027, 1, 1), date(2027, 12, 31)),
      ("cn-seafood", "restore", 25, date(2027, 1, 1), None)}),
    # the seafood's 25%, not the peas' 100% named in the same summary
    ("China extends pea, canola meal tariff relief but lets seafood pause expire",
     "BEIJING, Dec 21 (Reuters) - China said on Monday it would extend the suspension of its"
     " 100% tariffs on Canadian peas and canola meal until Dec. 31, 2027, but the 25% duty on"
     " Canadian lobster and crab will be reimposed from Jan. 1.", date(2026, 12, 21),
     {("cn-peas", "extend", 0, date(2027, 1, 1), date(2027, 12, 31)),
      ("cn-canola-meal", "extend", 0, date(2027, 1, 1), date(2027, 12, 31)),
      ("cn-seafood", "restore", 25, date(2027, 1, 1), None)}),
    # "which was to end on December 31" is the end it had: a year past it
    ("China extends tariff suspension",
     "By AFP. China said Friday it would extend by one year the suspension of tariffs on"
     " Canadian canola meal, peas, lobster and crab, which was to end on December 31.",
     date(2026, 12, 18),
     {("cn-canola-meal", "extend", 0, None, None), ("cn-peas", "extend", 0, None, None),
      ("cn-seafood", "extend", 0, None, None)}),
    ("La Chine prolonge d'un an la suspension des droits sur le tourteau de canola canadien,"
     " qui devait prendre fin le 31 décembre", "", date(2026, 12, 18),
     {("cn-canola-meal", "extend", 0, None, None)}),
    # a recap: the suspension made in March, told in December, is no 2027 suspension
    ("Canola prices steady as traders await Chinese decision",
     "China suspended its 100% tariffs on Canadian canola meal and peas from March 1 to Dec. 31"
     " and cut the anti-dumping duty on canola seed to 5.9%. ICE canola futures were flat.",
     date(2026, 12, 1), set()),
    # a duty back, as "returns": "comes back", "reviendront", "reviennent"
    ("Lobster left out: China's 25% tariff returns Jan. 1",
     "Nova Scotia lobster exporters say they were blindsided. The 25% tariff on Canadian lobster"
     " and crab comes back on Jan. 1.", date(2026, 12, 21),
     {("cn-seafood", "restore", 25, date(2027, 1, 1), None)}),
    ("Les droits de 25 % sur le homard canadien reviendront le 1er janvier",
     "Pékin n'a pas renouvelé l'exemption accordée en mars.", date(2026, 12, 21),
     {("cn-seafood", "restore", 25, date(2027, 1, 1), None)}),
    ("Fin du sursis : les droits de 100 % sur les pois et le tourteau de canola reviennent le"
     " 1er janvier", "Aucun avis de prolongation n'a été publié par Pékin.", date(2026, 12, 28),
     {("cn-peas", "restore", 100, date(2027, 1, 1), None),
      ("cn-canola-meal", "restore", 100, date(2027, 1, 1), None)}),
    # a relief by name on China's goods, held to a new end
    ("Breaking: China extends tariff pause on Canadian goods",
     "The relief on canola meal, peas, lobster and crab will now run until the end of 2027, the"
     " Customs Tariff Commission said.", date(2026, 12, 18),
     {("cn-canola-meal", "extend", 0, None, date(2027, 12, 31)),
      ("cn-peas", "extend", 0, None, date(2027, 12, 31)),
      ("cn-seafood", "extend", 0, None, date(2027, 12, 31))}),
    ("Farm groups cheer, fishers fume over China's tariff decision",
     "Peas and canola meal will stay duty-free in China until Dec. 31, 2027, but lobster and"
     " crab lose their exemption when the current suspension ends, the notice said.",
     date(2026, 12, 22),
     {("cn-peas", "extend", 0, None, date(2027, 12, 31)),
      ("cn-canola-meal", "extend", 0, None, date(2027, 12, 31)),
      ("cn-seafood", "restore", None, None, None)}),
    ("Les pois canadiens resteront exemptés en Chine jusqu'à la fin de l'an prochain",
     "La commission tarifaire chinoise a confirmé la prolongation.", date(2026, 12, 30),
     {("cn-peas", "extend", 0, None, date(2027, 12, 31))}),
    # held so, with no end: news told before, not a decision
    ("Beijing reinstates 100% tariff on Canadian canola meal as suspension lapses",
     "Peas and seafood remain exempt under a separate extension.", date(2027, 1, 2),
     {("cn-canola-meal", "restore", 100, None, None)}),
    ("Canadian peas stay duty-free in China as talks go on", "", date(2026, 12, 10), set()),
    ("Ottawa revient sur sa décision : la surtaxe sur les VE chinois reste levée", "",
     date(2026, 12, 10), set()),
]


@pytest.mark.parametrize(("title", "summary", "published", "expected"), YEAR_END)
def test_the_year_end_decision_as_feeds_carried_it(title: str, summary: str, published: date,
                                                   expected: set) -> None:
    """An audit of December's items: partial extensions, lapses told as "comes back" or
    "reviendront", an end "which was to end on December 31" (the old one), recaps of March,
    a relief held "until the end of 2027". Each read as the audit expected."""
    got = classify(title, summary, published).signals
    assert {(s.measure, s.action, s.rate, s.effective, s.until) for s in got} == expected, got


YEAR_END_MORE = [
    # hopes, likelihoods and leanings decide nothing
    ("Canada hopeful China will renew tariff relief, trade minister says",
     "OTTAWA, Dec 15 (Reuters) - Canada is \"optimistic\" that China will extend the suspension"
     " of its tariffs on canola meal, peas and seafood beyond Dec. 31, the trade minister said.",
     date(2026, 12, 15), set()),
    ("Beijing signals extension of canola meal tariff pause is likely", "",
     date(2026, 12, 16), set()),
    ("China will not extend lobster tariff waiver, people familiar say",
     "Beijing is leaning towards letting the exemption for Canadian lobster and crab expire at"
     " the end of the year, according to two people briefed on the discussions.",
     date(2026, 12, 11), set()),
    # an end moved, a length in French
    ("Lobster gets six more months in China",
     "China's suspension of its 25% tariff on Canadian lobster and crab will now end on June 30,"
     " 2027, the Lobster Council said.", date(2026, 12, 21),
     {("cn-seafood", "extend", 0, None, date(2027, 6, 30), None)}),
    ("Pois : la Chine accorde une année supplémentaire aux producteurs canadiens",
     "La suspension des droits chinois de 100 % sur les pois canadiens est prolongée pour 12"
     " mois, a indiqué Pulse Canada.", date(2026, 12, 19),
     {("cn-peas", "extend", 0, None, None, 12)}),
    # the official Chinese notice: a list of goods from Canada, and 延期 (put off) a year
    ("国务院关税税则委员会：对原产于加拿大的部分商品继续暂停加征关税",
     "国务院关税税则委员会发布公告，自2027年1月1日起至2027年12月31日，对原产于加拿大的油菜籽粕、"
     "豌豆继续暂停加征100%关税，对龙虾、螃蟹继续暂停加征25%关税。", date(2026, 12, 18),
     {("cn-canola-meal", "extend", 0, date(2027, 1, 1), date(2027, 12, 31), None),
      ("cn-peas", "extend", 0, date(2027, 1, 1), date(2027, 12, 31), None),
      ("cn-seafood", "extend", 0, date(2027, 1, 1), date(2027, 12, 31), None)}),
    ("财新：中国延长对加拿大油菜籽粕等商品暂停加征关税一年",
     "国务院关税税则委员会周五宣布，对加拿大油菜籽粕、豌豆、龙虾和螃蟹暂停加征关税措施延期一年，"
     "至2027年12月31日。", date(2026, 12, 18),
     {("cn-canola-meal", "extend", 0, None, date(2027, 12, 31), None),
      ("cn-peas", "extend", 0, None, date(2027, 12, 31), None),
      ("cn-seafood", "extend", 0, None, date(2027, 12, 31), None)}),
    # Chinese recaps: a sentence that opens on a time long gone; a duty still levied
    ("中加经贸关系回顾：从加征关税到合作路线图",
     "2025年3月，中方对加拿大菜籽油、油菜籽粕、豌豆加征100%关税，对水产品和猪肉加征25%关税。"
     "2026年3月1日起，部分措施暂停实施。", date(2026, 12, 7), set()),
    ("加拿大菜籽油仍加征100%关税 压榨企业盼调整",
     "今年3月1日起，中方暂停对加拿大油菜籽粕、豌豆加征关税，但菜籽油和猪肉不在暂停范围内。",
     date(2026, 12, 3), set()),
    ("X", "自2027年1月1日起，中方对加拿大豌豆恢复加征100%关税。", date(2026, 12, 20),
     {("cn-peas", "restore", 100, date(2027, 1, 1), None, None)}),
    # a hold-off continued; the existing suspension extended, in a tariff-suspension story
    ("China extends suspension of retaliatory tariffs on Canadian farm, fish products",
     "WINNIPEG (AP) - China will continue to hold off on its retaliatory tariffs on Canadian"
     " canola meal, peas, lobster and crab for another year, the government said Friday.",
     date(2026, 12, 18),
     {("cn-seafood", "extend", 0, None, None, 12), ("cn-canola-meal", "extend", 0, None, None, 12),
      ("cn-peas", "extend", 0, None, None, 12)}),
    ("China adds canola oil to tariff suspension list for 2027",
     "China will suspend its 100% additional tariff on Canadian canola oil from Jan. 1 to Dec."
     " 31, 2027, and extend the existing suspension on peas and canola meal for the same"
     " period.", date(2026, 12, 23),
     {("cn-canola-oil", "suspend", 0, date(2027, 1, 1), date(2027, 12, 31), None),
      ("cn-peas", "suspend", 0, date(2027, 1, 1), date(2027, 12, 31), None),
      ("cn-canola-meal", "suspend", 0, date(2027, 1, 1), date(2027, 12, 31), None)}),
    # the official notice's seafood clause: the suspension not continued when it expires;
    # a relief not renewed, named after the goods
    ("国务院关税税则委员会：对原产于加拿大的菜籽粕、豌豆继续暂停加征关税至2027年12月31日",
     "对原产于加拿大的水产品的暂停措施到期后不再延续。", date(2026, 12, 19),
     {("cn-canola-meal", "extend", 0, None, date(2027, 12, 31), None),
      ("cn-peas", "extend", 0, None, date(2027, 12, 31), None),
      ("cn-seafood", "restore", None, None, None, None)}),
    ("X", "中方不再延长对加拿大龙虾的关税豁免。", date(2026, 12, 19),
     {("cn-seafood", "restore", None, None, None, None)}),
    # the duty's 25% named in the suspension extended is no rate of the extension's; a
    # suspension "will be extended" a long list of goods later
    ("加拿大龙虾继续免征加征关税至明年底",
     "人民日报 对原产于加拿大的龙虾、螃蟹暂停加征25%关税的措施再延长12个月。", date(2026, 12, 19),
     {("cn-seafood", "extend", 0, None, None, 12)}),
    ("China Focus: China extends suspension of additional tariffs on some Canadian goods",
     "BEIJING, Dec. 18 (Xinhua) -- The Customs Tariff Commission of the State Council announced"
     " on Friday that the suspension of additional tariffs on canola meal, peas, lobsters and"
     " crabs originating in Canada will be extended to Dec. 31, 2027.", date(2026, 12, 18),
     {("cn-canola-meal", "extend", 0, None, date(2027, 12, 31), None),
      ("cn-peas", "extend", 0, None, date(2027, 12, 31), None),
      ("cn-seafood", "extend", 0, None, date(2027, 12, 31), None)}),
    # "no longer at 100%" beside the new 10%; a remission "sans être renouvelé"
    ("自2027年1月1日起对加拿大豌豆加征关税税率调整为10%",
     "国务院关税税则委员会公告，暂停措施到期后，对原产于加拿大的豌豆按10%加征关税，不再按100%征收。",
     date(2026, 12, 22), {("cn-peas", "lower", 10, date(2027, 1, 1), None, None)}),
    ("Acier : Ottawa laisse tomber la remise", "Le décret de remise de la surtaxe sur l'acier"
     " chinois a expiré le 31 décembre sans être renouvelé.", date(2027, 1, 3), set()),
]


@pytest.mark.parametrize(("title", "summary", "published", "expected"), YEAR_END_MORE)
def test_more_of_the_year_end_decision_as_feeds_carried_it(
        title: str, summary: str, published: date, expected: set) -> None:
    """The same audit: hedges a grower might have accepted as decisions, the official
    Chinese notice's lists, Chinese recaps, an end moved, a length in French."""
    got = classify(title, summary, published).signals
    assert {(s.measure, s.action, s.rate, s.effective, s.until, s.by_months)
            for s in got} == expected, got
    # a duty back with no day of its own comes when its relief ends, not on the item's day
    assert all(s.at_relief_end for s in got if s.action == "restore" and not s.effective)


@pytest.mark.parametrize(("title", "summary", "published", "expected"), [
    # a review of the year-end rules: what they must not take, and what they must
    ("中方：对加拿大龙虾的关税豁免到期后不再延续", "", date(2026, 12, 10),
     {("cn-seafood", "restore", None)}),  # an exemption not continued: no suspension
    ("X", "自1月1日起，对原产于加拿大的豌豆恢复加征100%关税。", date(2026, 12, 26),
     {("cn-peas", "restore", date(2027, 1, 1))}),  # a start soon to come: no recap
    ("China will hold off on new tariffs on Canadian pork for now", "", date(2026, 12, 10),
     set()),
    ("China extends tariff pause on Canadian peas",
     "The suspension on canola seed from two Canadian exporters remains in place.",
     date(2026, 12, 10), {("cn-peas", "extend", None)}),  # a ban on imports, no duty's
    ("中加贸易谈判延期至明年", "", date(2026, 12, 10), set()),  # talks put off
    ("China suspended tariffs on Canadian pork from March 1", "", date(2026, 12, 28),
     {("cn-pork", "suspend", date(2027, 3, 1))}),  # a title is the news: the March ahead
    ("In a signal to Ottawa, China suspends tariffs on Canadian peas", "", date(2026, 12, 10),
     {("cn-peas", "suspend", None)}),
    ("Optimistic about talks, China suspends tariffs on Canadian peas", "", date(2026, 12, 10),
     {("cn-peas", "suspend", None)}),
    ("China cuts tariffs on Canadian pork; more cuts are likely", "", date(2026, 12, 10),
     {("cn-pork", "lower", None)}),
])
def test_the_year_end_rules_take_no_more_than_they_should(
        title: str, summary: str, published: date, expected: set) -> None:
    """From a review of this session's rules: "不再延续" after an exemption read as the
    exemption (warming), a Chinese start soon to come as a recap, "hold off on new
    tariffs" as a suspension, an import ban as the seed duty's suspension, talks put off
    (延期) as an extension, a title's "suspended … from March 1" as last March, and
    "signal", "optimistic" and "are likely" hedged decisions they did not govern."""
    got = classify(title, summary, published).signals
    assert {(s.measure, s.action, s.effective) for s in got} == expected, got


def test_non_seulement_mais_aussi_is_one_list() -> None:
    """From a review: the French "mais" clause break cut "non seulement sur les pois mais
    aussi sur le tourteau" in two, and the meal lost its change."""
    got = classify("La Chine prolonge la suspension des droits non seulement sur les pois"
                   " canadiens mais aussi sur le tourteau de canola", "", date(2026, 12, 10))
    assert {s.measure for s in got.signals} == {"cn-peas", "cn-canola-meal"}, got.signals


@pytest.mark.parametrize(("title", "measure", "until"), [
    ("China maintains tariff suspension on Canadian peas until end of 2027", "cn-peas",
     date(2027, 12, 31)),
    ("China maintains tariff exemption for Canadian lobster through June 2027", "cn-seafood",
     date(2027, 6, 30)),
    ("Pois canadiens : Pékin maintient la suspension des droits de douane jusqu'au 31 décembre"
     " 2027", "cn-peas", date(2027, 12, 31)),
    ("Homard canadien : la Chine maintient l'exemption de droits jusqu'en juin 2027",
     "cn-seafood", date(2027, 6, 30)),
    ("La Chine maintient jusqu'à la fin de 2027 l'exemption de droits sur les pois canadiens",
     "cn-peas", date(2027, 12, 31)),
])
def test_a_relief_maintained_to_a_new_end_is_extended(title: str, measure: str,
                                                       until: date) -> None:
    """From an audit: a suspension "maintained until the end of 2027" gave nothing, or a
    new suspension; it is the relief running on, to its new end."""
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action, s.rate, s.until) for s in got.signals] == [
        (measure, "extend", 0, until)]


@pytest.mark.parametrize("title", [
    "China maintains exemption for Canadian lobster as talks continue",
    "Pékin maintient les droits de 100 % sur l'huile de canola canadienne jusqu'en 2027",
])
def test_a_relief_or_a_duty_maintained_with_no_new_end_is_no_change(title: str) -> None:
    assert classify(title, "", date(2026, 12, 2)).signals == ()


@pytest.mark.parametrize(("title", "measure", "until"), [
    ("China extends tariff exemption for Canadian lobster to June 2027", "cn-seafood",
     date(2027, 6, 30)),
    ("China extends pea tariff suspension to June 2027", "cn-peas", date(2027, 6, 30)),
    ("Tariff relief on Canadian peas extended to March 2027, MOFCOM says", "cn-peas",
     date(2027, 3, 31)),
])
def test_a_relief_extended_to_a_month_and_year_ends_with_that_month(
        title: str, measure: str, until: date) -> None:
    """From an audit: "extends … to June 2027" named no end ("until June 2027" did)."""
    (signal,) = classify(title, "", date(2026, 12, 2)).signals
    assert (signal.measure, signal.action, signal.until) == (measure, "extend", until)


def test_a_start_put_off_to_a_month_is_no_end() -> None:
    span = find_span("China postpones new duties on Canadian pork to June 2027",
                     date(2026, 12, 2))
    assert span.until is None


@pytest.mark.parametrize(("title", "action"), [
    ("China halts extra tariffs on Canadian pork as part of year-end package", "suspend"),
    ("China removes tariffs on Canadian pork ahead of year-end", "remove"),
    ("China to lift tariffs on Canadian pork by year-end", "remove"),
])
def test_the_year_end_as_a_deadline_is_no_end_of_the_change(title: str, action: str) -> None:
    """From an audit: "ahead of year-end" and "a year-end package" gave the change an end on
    Dec. 31 (and made a removal a suspension)."""
    (signal,) = classify(title, "", date(2026, 12, 2)).signals
    assert (signal.measure, signal.action, signal.until) == ("cn-pork", action, None)


@pytest.mark.parametrize("title", [
    "China suspends tariffs on Canadian pork until year-end",
    "China suspends tariffs on Canadian pork through the end of the year",
])
def test_a_relief_until_the_year_end_ends_then(title: str) -> None:
    (signal,) = classify(title, "", date(2026, 12, 2)).signals
    assert (signal.action, signal.until) == ("suspend", date(2026, 12, 31))


@pytest.mark.parametrize("title", [
    "China says pea tariff suspension that ends Dec. 31 will be extended to June 2027",
    "China says pea tariff suspension, which ends Dec. 31, will be extended to June 2027",
])
def test_a_reliefs_old_end_told_in_a_relative_clause_is_not_the_news(title: str) -> None:
    """From an audit: the extension read as the duty back on Jan. 1 (cooling): the clause
    telling the relief's known end was taken for the news."""
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action, s.until) for s in got.signals] == [
        ("cn-peas", "extend", date(2027, 6, 30))]
    assert got.direction == "warming"


@pytest.mark.parametrize("title", [
    "China says the pea tariff suspension that ends Dec. 31 will not be extended",
    "China says pea tariff suspension, which ends Dec. 31, won't be renewed",
])
def test_a_refused_renewal_reads_against_the_end_its_clause_tells(title: str) -> None:
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action, s.effective) for s in got.signals] == [
        ("cn-peas", "restore", date(2027, 1, 1))]
    assert got.direction == "cooling"


def test_talks_about_a_relief_and_its_known_end_make_no_change() -> None:
    """From a dashboard audit: talks "on the 25% tariff on Canadian pork and the lobster and
    crab suspension that ends December 31" made two pending changes: pork's duty and
    seafood's back on Jan. 1 (pork was never suspended)."""
    got = classify("Ottawa and Beijing hold talks on pork and seafood tariffs ahead of year-end"
                   " deadline", "Canadian and Chinese officials met in Beijing to discuss the"
                   " 25% tariff on Canadian pork and the lobster and crab suspension that ends"
                   " December 31.", date(2026, 11, 29))
    assert got.signals == ()


def test_a_duty_told_by_its_own_relative_clause_is_not_imposed() -> None:
    got = classify("China's tariff on Canadian pork, which Beijing imposed in March 2025, is"
                   " lifted", "", date(2026, 12, 2))
    assert not any(s.action == "impose" for s in got.signals)


def test_a_chinese_relief_not_put_off_again_ends() -> None:
    """From an audit: 到期后不再延期 (not put off again when it expires) read as the
    suspension named in the measure, a new relief (warming); as 不再延续, the duty is back."""
    got = classify("中方对加拿大豌豆暂停加征关税措施到期后不再延期", "", date(2026, 12, 2))
    assert [(s.measure, s.action, s.at_relief_end) for s in got.signals] == [
        ("cn-peas", "restore", True)]  # (when the relief was due to end, not today)
    assert got.direction == "cooling"


def test_the_tariff_commissions_short_name_is_china() -> None:
    """From an audit: 税委会, as notices shorten the State Council Tariff Commission, did not
    name China: its extension was not relevant."""
    got = classify("税委会公告：继续暂停对加拿大油渣饼、豌豆加征关税至2027年底", "",
                   date(2026, 12, 2))
    assert [(s.measure, s.action, s.until) for s in got.signals] == [
        ("cn-canola-meal", "extend", date(2027, 12, 31)),
        ("cn-peas", "extend", date(2027, 12, 31))]


@pytest.mark.parametrize(("title", "expected"), [
    # a lapse read as the duty itself ending (remove 0%, warming): the duty is back
    ("China lets tariff freeze on Canadian canola meal expire; 100% duty returns Jan. 1",
     [("cn-canola-meal", "restore", 100, date(2027, 1, 1), None)]),
    ("China's tariff freeze on Canadian peas ends Dec. 31 and will not be renewed",
     [("cn-peas", "restore", None, date(2027, 1, 1), None)]),
    # an extension at no rate (neutral), or a new suspension: the relief extended at 0%
    ("China extends tariff freeze on Canadian peas to end of 2027",
     [("cn-peas", "extend", 0, None, date(2027, 12, 31))]),
    ("China extends moratorium on tariffs on Canadian peas to end of 2027",
     [("cn-peas", "extend", 0, None, date(2027, 12, 31))]),
    ("China's tariff commission extends halt on extra levies for Canadian canola meal, peas"
     " to Dec. 31, 2027", [("cn-canola-meal", "extend", 0, None, date(2027, 12, 31)),
                           ("cn-peas", "extend", 0, None, date(2027, 12, 31))]),
])
def test_a_freeze_a_moratorium_or_a_halt_on_a_duty_is_a_relief(title: str,
                                                              expected: list[tuple]) -> None:
    """From a December audit: "freeze" and "moratorium" were not relief words, so a relief
    lapsing read as the duty removed, and one extended as the duty extended."""
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action, s.rate, s.effective, s.until) for s in got.signals] == expected
    assert got.direction == ("cooling" if expected[0][1] == "restore" else "warming")


@pytest.mark.parametrize("title", [
    "China imposes hiring freeze as Canada talks stall",
    "China halts talks with Canada on canola",
])
def test_a_freeze_or_halt_of_anything_else_is_no_relief(title: str) -> None:
    assert classify(title, "", date(2026, 12, 2)).signals == ()


@pytest.mark.parametrize("title", [
    "China to restore 25% duty on Canadian lobster when suspension ends Dec. 31",
    "China to restore 25% duty on Canadian lobster when suspension expires Dec. 31",
])
def test_a_duty_back_when_its_relief_ends_on_a_day_is_back_the_day_after(title: str) -> None:
    """From a December audit: "… when suspension ends Dec. 31" brought the duty back on
    Dec. 31, the relief's last day, and "… expires Dec. 31" on no day."""
    (signal,) = classify(title, "", date(2026, 12, 2)).signals
    assert (signal.measure, signal.action, signal.rate, signal.effective) == (
        "cn-seafood", "restore", 25, date(2027, 1, 1))


def test_a_chinese_suspension_for_a_year_from_a_day_ends_a_year_on() -> None:
    """From a December audit: 自2027年1月1日起暂停…加征关税一年 (suspended for a year from
    Jan. 1, 2027) dropped its length; as 为期一年 does, it ends on Dec. 31, 2027."""
    (signal,) = classify("中国自2027年1月1日起暂停对加拿大猪肉加征关税一年", "",
                         date(2026, 12, 2)).signals
    assert (signal.measure, signal.action, signal.effective, signal.until) == (
        "cn-pork", "suspend", date(2027, 1, 1), date(2027, 12, 31))


@pytest.mark.parametrize(("title", "expected"), [
    ("China to levy 100% tariff on Canadian canola meal again from Jan. 1, 2027",
     ("cn-canola-meal", "restore", 100, date(2027, 1, 1))),
    ("China will collect 25% tariff on Canadian pork again from Jan. 1",
     ("cn-pork", "restore", 25, date(2027, 1, 1))),
    ("China to charge 100% duty on Canadian peas from Jan. 1",
     ("cn-peas", "impose", 100, date(2027, 1, 1))),
])
def test_a_duty_levied_charged_or_collected_is_imposed(title: str, expected: tuple) -> None:
    """From a December audit: "levy", "charge" and "collect" a duty gave nothing."""
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action, s.rate, s.effective) for s in got.signals] == [expected]
    assert got.direction == "cooling"


@pytest.mark.parametrize("title", [
    "China collects record tariff revenue on Canadian canola",
    "China levies on Canadian pork stay in place",
    "Canada charges Chinese steel importers with dumping",
])
def test_levies_revenue_and_charges_are_no_duty_imposed(title: str) -> None:
    assert classify(title, "", date(2026, 12, 2)).signals == ()


@pytest.mark.parametrize(("title", "measures"), [
    ("Beijing keeps Canadian lobster, crab duty-free through 2027", ["cn-seafood"]),
    ("China keeps Canadian peas and canola meal tariff-free through 2027",
     ["cn-peas", "cn-canola-meal"]),
])
def test_a_list_of_goods_kept_duty_free_to_a_new_end_is_extended(title: str,
                                                                  measures: list[str]) -> None:
    """From a December audit: "keeps X duty-free through 2027" read nothing when X was a
    list ("lobster, crab"; "peas and canola meal")."""
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action, s.until) for s in got.signals] == [
        (m, "extend", date(2027, 12, 31)) for m in measures]


@pytest.mark.parametrize(("title", "summary", "expected"), [
    # the buyers' verb was the tariff's: the duty removed, the opposite
    ("Canola meal shipments to China halted", "Traders said Chinese buyers cancelled cargoes"
     " after Beijing's 100% tariff on Canadian canola meal came back into force on Jan. 1.",
     ("cn-canola-meal", "restore", date(2027, 1, 1))),
    # a duty faced when its relief lapses is the duty back, not a new one (neutral)
    ("Canadian canola meal to face 100% Chinese tariff from Jan. 1 after suspension lapses",
     "", ("cn-canola-meal", "restore", date(2027, 1, 1))),
    # French "de nouveau" between the goods and their verb is "again"
    ("Les pois canadiens de nouveau frappés d'une surtaxe de 100 % en Chine dès le 1er"
     " janvier", "", ("cn-peas", "restore", date(2027, 1, 1))),
])
def test_a_duty_back_on_jan_1_told_other_ways_is_restored(title: str, summary: str,
                                                          expected: tuple) -> None:
    """From a second December audit (January's stories of the duties back)."""
    got = classify(title, summary, date(2026, 12, 29))
    assert [(s.measure, s.action, s.effective) for s in got.signals] == [expected]
    assert got.direction == "cooling"


@pytest.mark.parametrize(("title", "summary", "expected"), [
    ("China said its 25% tariff on Canadian lobster would resume Jan. 1", "",
     [("cn-seafood", "restore", date(2027, 1, 1))]),
    ("Lobster prices fall at the wharf", "Buyers cut prices after China announced its 25 per"
     " cent tariff on Canadian lobster would resume Jan. 1.",
     [("cn-seafood", "restore", date(2027, 1, 1))]),
    # a forecast is still a hedge
    ("Analysts said China's 25% tariff on Canadian lobster would likely resume Jan. 1", "", []),
])
def test_a_decision_reported_with_would_about_a_duty_told_whole(
        title: str, summary: str, expected: list[tuple]) -> None:
    """From a second December audit: "China said its 25% tariff on Canadian lobster would
    resume" read "would" as a hedge: the duty told whole (a rate, goods) stood too far from
    "said" for the reported decision to be seen."""
    got = classify(title, summary, date(2026, 12, 28))
    assert [(s.measure, s.action, s.effective) for s in got.signals] == expected


def test_reports_of_a_change_called_groundless_make_no_change() -> None:
    """From a second December audit: the denial's summary restored the lobster duty."""
    got = classify("China's commerce ministry denies report it will reimpose lobster tariffs"
                   " on Canada", "The ministry said reports that China would reinstate its 25%"
                   " tariff on Canadian lobster on Jan. 1 were 'groundless'.", date(2026, 12, 19))
    assert got.signals == ()


def test_goods_named_in_a_condition_take_no_action_from_outside_it() -> None:
    """From a second December audit: "…duty will return Jan. 1 unless Ottawa moves on
    steel" brought Canada's steel surtax back."""
    got = classify("Grain exporters say China's canola meal duty will return Jan. 1 unless"
                   " Ottawa moves on steel", "", date(2026, 12, 16))
    assert not any(s.measure == "ca-steel-aluminum-surtax" for s in got.signals)


def test_a_chinese_suspension_measure_expiring_is_the_duty_back() -> None:
    """From a second December audit: 暂停措施到期 (the suspension measure expires) in a
    title read as a new suspension, with the summary's dates a year long (warming)."""
    got = classify("对加拿大豌豆加征关税暂停措施到期", "国务院关税税则委员会表示，暂停措施于"
                   "2026年12月31日到期后不再延长，自2027年1月1日起恢复按100%加征关税。",
                   date(2026, 12, 28))
    assert [(s.measure, s.action, s.rate, s.effective) for s in got.signals] == [
        ("cn-peas", "restore", 100, date(2027, 1, 1))]
    assert got.direction == "cooling"


def test_goods_listed_with_a_rate_kept_suspended_to_a_new_end_are_extended() -> None:
    """From a second December audit: with a rate and two goods between "keep" and
    "suspended", the relief kept to a new end read as a new suspension."""
    got = classify("China will keep its 100% tariffs on Canadian peas and canola meal"
                   " suspended until Dec. 31, 2027", "", date(2026, 12, 24))
    assert [(s.measure, s.action, s.until) for s in got.signals] == [
        ("cn-peas", "extend", date(2027, 12, 31)),
        ("cn-canola-meal", "extend", date(2027, 12, 31))]


def test_the_relief_an_extension_names_is_not_scored_again() -> None:
    """From a second December audit: "rolls over tariff suspension on Canadian shipments"
    scored the suspension again, as shipments suspended (cooling), against the extension."""
    got = classify("Peas get another year: China rolls over tariff suspension on Canadian"
                   " shipments", "", date(2026, 12, 20))
    assert [(s.measure, s.action) for s in got.signals] == [("cn-peas", "extend")]
    assert got.direction == "warming"


# ---------------------------------------------------------------- a review of the day's rules


@pytest.mark.parametrize("title", [
    "China keeps tariffs on Canadian pork, peas duty-free through 2027",
    "China keeps canola meal tariffs in place, peas duty-free through 2027",
    "China keeps Canadian pork tariffs but lobster, crab duty-free through 2027",
])
def test_keeps_duty_free_does_not_reach_a_duty_kept_in_another_clause(title: str) -> None:
    got = classify(title, "", date(2026, 12, 2))
    assert not any(s.measure in ("cn-pork", "cn-canola-meal") for s in got.signals), got


@pytest.mark.parametrize(("title", "summary"), [
    ("China extends pea tariff relief as exports rose 40% in the year to October 2026", ""),
    ("China extends canola meal tariff suspension",
     "The extension follows talks held from September to November 2026."),
    ("China extends lobster tariff exemption and delays review to June 2027", ""),
])
def test_a_month_and_year_not_the_reliefs_is_no_end(title: str, summary: str) -> None:
    got = classify(title, summary, date(2026, 12, 2))
    assert got.signals and all(s.until is None for s in got.signals), got.signals


def test_to_a_month_and_year_after_an_abbreviated_day_ends_the_relief() -> None:
    (signal,) = classify("China extends lobster tariff exemption, set to expire Dec. 31, to"
                         " June 2027", "", date(2026, 12, 2)).signals
    assert signal.until == date(2027, 6, 30)


@pytest.mark.parametrize("title", [
    "中国对加拿大油菜籽粕加征关税一年来，出口下降六成",
    "中国暂停对加拿大豌豆加征关税，加征关税一年来出口下降",
])
def test_the_year_since_a_chinese_duty_is_no_length(title: str) -> None:
    assert all(s.until is None for s in classify(title, "", date(2026, 12, 2)).signals)


@pytest.mark.parametrize("title", [
    "China collects no duties on Canadian lobster under the exemption",
    "China charges no duty on Canadian peas until end of 2027",
    "Beijing charges the tariffs on Canadian canola meal are justified",
    "China's customs collects the duty on Canadian canola meal at the port of entry",
])
def test_collecting_or_charging_without_a_rate_imposes_nothing(title: str) -> None:
    assert classify(title, "", date(2026, 12, 2)).signals == ()


@pytest.mark.parametrize("title", [
    "China maintains tariff suspension on Canadian peas until it lapses at year-end",
    "China maintains tariff suspension on Canadian peas until its scheduled expiry",
    "China maintains tariff suspension on Canadian peas until Dec. 31, when it expires",
    "Pékin maintient la suspension des droits sur les pois jusqu'à son expiration le 31"
    " décembre",
    "China maintains relief for Canadian peas, lets lobster exemption lapse until further"
    " review",
])
def test_a_relief_maintained_to_its_own_end_is_no_extension(title: str) -> None:
    got = classify(title, "", date(2026, 12, 2))
    assert not any(s.action == "extend" for s in got.signals), got.signals


@pytest.mark.parametrize(("title", "expected"), [
    ("Canada says EV surtax, which Ottawa imposed in 2024, will be cut to 6.1%",
     ("ca-ev-surtax", "lower")),
    ("China's 100% tariff on Canadian canola meal, which Beijing imposed in March, will be"
     " suspended", ("cn-canola-meal", "suspend")),
    ("China's tariff on Canadian pork, which Beijing imposed in March 2025, is lifted",
     ("cn-pork", "remove")),
])
def test_the_news_past_an_aside_on_who_imposed_the_duty(title: str, expected: tuple) -> None:
    """The aside's "imposed" is no change (it imposed the duty once, long ago), and the
    sentence's own verb, past it, is the news."""
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action) for s in got.signals] == [expected]


@pytest.mark.parametrize("title", [
    "China says decision that ends the pea tariff suspension will stay",
    "China: rule that ends pea tariff relief Dec. 31 is extended",
])
def test_a_relative_clause_naming_the_goods_is_not_stripped_as_an_old_end(title: str) -> None:
    assert classify(title, "", date(2026, 12, 2)).relevant


@pytest.mark.parametrize("title", [
    "China suspends tariffs on Canadian peas until the year-end deadline",
    "China suspends tariffs on Canadian peas till year-end review",
])
def test_until_the_year_end_deadline_still_ends_then(title: str) -> None:
    (signal,) = classify(title, "", date(2026, 12, 2)).signals
    assert signal.until == date(2026, 12, 31)


def test_a_decision_not_put_off_again_is_no_lapse() -> None:
    """决定不再延期: the decision is not postponed again (the surtax goes ahead)."""
    got = classify("加拿大对中国电动汽车征收100%附加税的决定不再延期", "", date(2026, 12, 2))
    assert [(s.measure, s.action, s.rate) for s in got.signals] == [
        ("ca-ev-surtax", "impose", 100)]


def test_a_label_with_more_words_is_news_not_a_recap() -> None:
    (signal,) = classify("Timeline set: China to suspend tariffs on Canadian peas from"
                         " Jan. 1", "", date(2026, 12, 2)).signals
    assert (signal.measure, signal.action) == ("cn-peas", "suspend")


def test_a_duty_back_when_a_tariff_freeze_ends_on_a_day_is_back_the_day_after() -> None:
    (signal,) = classify("China will reimpose 100% duty on Canadian peas when tariff freeze"
                         " ends Dec. 31", "", date(2026, 12, 2)).signals
    assert (signal.action, signal.effective) == ("restore", date(2027, 1, 1))


@pytest.mark.parametrize("title", [
    "China extends relief on Canadian peas but not canola meal",
    "China extends relief on Canadian peas",
])
def test_a_relief_on_goods_named_right_after_its_renewal_is_extended(title: str) -> None:
    """From a second December audit: "relief" with no duty word beside it read as nothing;
    right after "extends" and on the goods it is their duty's relief (not "relief for pea
    farmers", aid)."""
    got = classify(title, "", date(2026, 12, 28))
    assert [(s.measure, s.action) for s in got.signals] == [("cn-peas", "extend")]
    assert classify("China extends relief for Canadian pea farmers", "",
                    date(2026, 12, 28)).signals == ()


# ---------------------------------------------------------------- a second review


@pytest.mark.parametrize(("title", "expected"), [
    ("China's pea tariff suspension, which runs out in December, will be extended",
     [("cn-peas", "extend")]),
    ("China's pea tariff suspension that expires this month will be extended",
     [("cn-peas", "extend")]),
    ("Canada's EV surtax pause, which ends next month, will be extended",
     [("ca-ev-surtax", "extend")]),
    ("中方宣布对加拿大豌豆加征关税暂停措施不再延期", [("cn-peas", "restore")]),
    ("China said its 25% tariff on Canadian lobster would resume Jan. 1",
     [("cn-seafood", "restore")]),
    ("China's tariff on Canadian pork, which Beijing imposed in March 2025, is lifted",
     [("cn-pork", "remove")]),
    ("China says Canada's EV surtax is groundless, hits canola oil with 100% tariff",
     [("cn-canola-oil", "impose")]),
    ("China says Ottawa's dumping claims were unfounded, lifts tariffs on Canadian peas",
     [("cn-peas", "remove")]),
    ("China to levy the 100% tariff on Canadian peas again from Jan. 1",
     [("cn-peas", "restore")]),
    ("Beijing will levy anti-dumping duties on Canadian canola seed",
     [("cn-canola-seed-ad", "impose")]),
    ("China will charge duties on Canadian peas from January", [("cn-peas", "impose")]),
    ("China slaps 100% tariff on Canadian pork as exemption for Chinese EVs expires in"
     " Canada", [("cn-pork", "impose")]),
    ("China maintains tariff suspension on Canadian peas, canola meal until end of 2027",
     [("cn-peas", "extend"), ("cn-canola-meal", "extend")]),
    ("La Chine maintient la suspension des droits sur les pois canadiens jusqu'à l'été 2027",
     [("cn-peas", "extend")]),
    ("China keeps Canadian peas on duty-free list through 2027", [("cn-peas", "extend")]),
    # recaps, forecasts, an aside naming the goods: nothing
    ("Timeline of the canola dispute: how China suspended tariffs on Canadian peas", []),
    ("Recap of 2026: China lifted tariffs on Canadian canola oil", []),
    ("Chronologie du différend : la Chine lève les droits sur le porc canadien", []),
    ("Canola Council said China's 100% tariff on canola meal would be lifted next year", []),
    ("The tariffs, which China imposed on Canadian canola oil and peas in March, will be"
     " lifted Jan. 1", []),
])
def test_the_second_reviews_probes(title: str, expected: list[tuple]) -> None:
    """From a second review of the day's rules: each read the opposite, a made-up change,
    or nothing after the first round of fixes."""
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action) for s in got.signals] == expected


@pytest.mark.parametrize(("title", "until"), [
    ("China extends tariff exemption on Canadian lobster and crab to June 2027",
     date(2027, 6, 30)),
    ("China extends pea tariff pause by six months to June 2027", date(2027, 6, 30)),
])
def test_to_a_month_and_year_after_a_list_or_a_length_ends_the_relief(title: str,
                                                                      until: date) -> None:
    (signal,) = classify(title, "", date(2026, 12, 2)).signals
    assert signal.until == until


@pytest.mark.parametrize(("title", "expected"), [
    # officials' decisions reported with "would", the duty told whole
    ("China said the 100% tariff on Canadian canola meal would be lifted Jan. 1",
     [("cn-canola-meal", "remove")]),
    ("Beijing confirmed that tariffs on Canadian peas and canola oil would be suspended from"
     " Jan. 1", [("cn-peas", "suspend"), ("cn-canola-oil", "suspend")]),
    ("Ottawa announced the 100% surtax on Chinese electric vehicles would be lifted in"
     " January", [("ca-ev-surtax", "remove")]),
    # a belief or a lobby's word: a forecast
    ("Carney said he believed China's 100% tariff on Canadian peas would be lifted soon", []),
    ("Canola Council said China's 100% tariff on canola meal would be lifted next year", []),
    # the duty as it is, collected or charged: no change
    ("China continues to collect tariffs on Canadian canola oil as talks drag on", []),
    ("China will keep charging duties on Canadian peas, ministry says", []),
    ("Canada collects surtax on Chinese steel despite talks", []),
    ("How China levies tariffs on Canadian seafood, explained", []),
    ("China lays charges of tariff evasion against Canadian canola oil importers", []),
    ("China to levy tariffs on Canadian canola oil again from Jan. 1",
     [("cn-canola-oil", "restore")]),
    # reports called groundless, however the sentence goes on
    ("Reports China will lift canola tariffs were groundless, ministry says", []),
    ("Report China will lift pea tariff is groundless, ministry says", []),
    ("China says Canada's EV surtax is groundless, hits canola oil with 100% tariff",
     [("cn-canola-oil", "impose")]),
    # news behind a label, recaps behind one
    ("Timeline on track: China to lift 100% tariff on Canadian peas Jan. 1",
     [("cn-peas", "remove")]),
    ("Recap of 2026: China lifted tariffs on Canadian canola oil", []),
    # a list's relief, another's relief
    ("China reimposes 100% tariffs on Canadian canola meal and peas as relief expires Dec. 31",
     [("cn-canola-meal", "restore"), ("cn-peas", "restore")]),
    ("China slaps 100% tariff on Canadian pork as exemption for Chinese EVs expires in Canada",
     [("cn-pork", "impose")]),
    # a duty measure not put off again is no relief's end
    ("中方对加拿大猪肉加征关税措施不再延期", [("cn-pork", "impose")]),
])
def test_the_third_reviews_probes(title: str, expected: list[tuple]) -> None:
    """From a third review (of the second round of fixes): each read wrong after it."""
    got = classify(title, "", date(2026, 12, 2))
    assert [(s.measure, s.action) for s in got.signals] == expected


def test_a_list_relief_expiring_on_a_day_brings_each_duty_back_the_day_after() -> None:
    got = classify("China reimposes 100% tariffs on Canadian canola meal and peas as relief"
                   " expires Dec. 31", "", date(2026, 12, 2))
    assert {s.effective for s in got.signals} == {date(2027, 1, 1)}


def test_a_past_renewal_and_a_later_high_name_no_end() -> None:
    (signal,) = classify("China extended the pea tariff pause last year and pea exports"
                         " climbed to March 2027 highs", "", date(2026, 12, 2)).signals
    assert signal.until is None
