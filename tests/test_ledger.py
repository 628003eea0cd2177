"""The tariff ledger: bundled data, state on any date, expiries, extends, signals and bad files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from thawwatch.errors import DataError
from thawwatch.ledger import (
    ACTIONS,
    BASES,
    MEASURE_IDS,
    NO_MEASURE,
    STATUSES,
    TOPICS,
    Event,
    Ledger,
)
from thawwatch.ledger_file import event_from_dict, load_ledger

D = date.fromisoformat
LEDGER = load_ledger()
EVENTS = LEDGER.events
DAY = timedelta(days=1)


def _sig(eid: str, measure: str, when: str, action: str, **kw: object) -> Event:
    return Event(id=eid, measure=measure, date=D(when), action=action, source="test", **kw)


# ------------------------------------------------------------------------------ the bundled file


def test_bundled_measures_are_the_nine_in_interface_order() -> None:
    assert tuple(LEDGER.measures) == MEASURE_IDS
    assert len(MEASURE_IDS) == 9
    assert STATUSES == ("in_force", "suspended", "removed", "announced", "restored")
    for m in LEDGER.measures.values():
        assert m.imposed_by == ("CA" if m.id.startswith("ca-") else "CN")
        assert m.topic in TOPICS and m.product and m.label and m.instrument
    assert LEDGER.measures["cn-peas"].label == "Peas"
    assert LEDGER.measures["cn-seafood"].topic == "seafood"
    assert LEDGER.measures["cn-tourism-ads"].topic == "tourism"


@pytest.mark.parametrize("ev", EVENTS, ids=lambda e: e.id)
def test_bundled_event_is_well_formed(ev: Event) -> None:
    assert ev.id == f"{ev.measure}-{ev.date}-{ev.action}"
    assert ev.action in ACTIONS and ev.basis in BASES
    assert ev.summary and ev.source and ev.origin == "seed"
    # a source a reader can look up: the project's own fact sheet is not one (a facts audit)
    assert "fact sheet" not in ev.source.lower()
    assert (ev.status is None) == (ev.action == "note")
    if ev.announced is not None:
        assert ev.announced <= ev.date


def test_bundled_event_details_from_the_fact_sheet() -> None:
    by_id = {e.id: e for e in EVENTS}
    tour = by_id["cn-tourism-ads-2023-01-01-suspend"]
    assert tour.approximate and tour.date == D("2023-01-01")
    assert sum(e.approximate for e in EVENTS) == 2
    remission = by_id["ca-steel-aluminum-surtax-2026-02-27-note"]  # "before 2026-02-27"
    assert (remission.approximate, remission.basis, remission.rate) == (True, "partial", 25)
    assert "remission" in remission.summary and "end of 2026" in remission.summary
    final = by_id["cn-canola-seed-ad-2026-03-01-lower"]
    assert (final.rate, final.until, final.after_until) == (5.9, D("2031-02-28"), "remove")
    peas = by_id["cn-peas-2026-03-01-suspend"]
    assert peas.source == "Xinhua 2026-02-28; Reuters 2026-02-27"
    assert (peas.announced, peas.after_until) == (D("2026-02-27"), "revert")
    assert by_id["cn-canola-oil-2026-02-27-note"].basis == "presumed"
    assert by_id["ca-steel-aluminum-surtax-2025-08-20-note"].basis == "partial"
    assert by_id["ca-ev-surtax-2026-03-01-remove"].announced == D("2026-02-24")
    assert "lobster and crab" in (by_id["cn-seafood-2026-03-01-suspend"].scope or "")


# ------------------------------------------------------- before and after every event (from data)


def _last_change_that_day(ev: Event) -> bool:
    same_day = [
        e for e in LEDGER.events_for(ev.measure) if e.date == ev.date and e.action != "note"
    ]
    return bool(same_day) and same_day[-1] is ev


@pytest.mark.parametrize("ev", EVENTS, ids=lambda e: e.id)
def test_state_before_and_after_each_event(ev: Event) -> None:
    before = LEDGER.state(ev.measure, ev.date - DAY)
    after = LEDGER.state(ev.measure, ev.date)
    assert before.event is not ev
    if ev.action == "note":
        if not any(e.date == ev.date and e.action != "note" for e in LEDGER.events_for(ev.measure)):
            # a note changes nothing but what the rate rests on: a presumed or partial one
            # restating the rate marks it in doubt from its day
            assert replace(after, doubt=None) == replace(before, doubt=None)
            restates = ev.rate is not None and ev.rate == after.rate
            assert (after.doubt is ev) == (restates and ev.basis in ("presumed", "partial"))
        return
    if not _last_change_that_day(ev):
        return
    assert after.event is ev
    assert (after.status, after.since, after.until, after.scope) == (
        ev.status,
        ev.date,
        ev.until,
        ev.scope,
    )
    assert after.rate == (None if ev.action == "announce" else ev.rate)
    assert after.source == ev.source
    assert (after.rate, after.status) != (before.rate, before.status)


@pytest.mark.parametrize("ev", [e for e in EVENTS if e.until], ids=lambda e: e.id)
def test_state_on_and_after_each_until(ev: Event) -> None:
    on_last_day = LEDGER.state(ev.measure, ev.until)
    assert on_last_day.event is ev and on_last_day.days_left(ev.until) == 0
    ended = LEDGER.state(ev.measure, ev.until + DAY)
    assert ended.since == ev.until + DAY and ended.until is None
    assert str(ev.until) in ended.source
    if ev.after_until == "remove":
        assert (ended.rate, ended.status) == (0, "removed")
    else:
        prior = LEDGER.state(ev.measure, ev.date - DAY)
        assert (ended.rate, ended.status, ended.scope) == (prior.rate, prior.status, prior.scope)


# ------------------------------------------------------------ hand-written facts (from the sheet)

EXPECTED = [
    # measure, day, rate, status, since, until
    ("cn-peas", "2026-11-28", 0, "suspended", "2026-03-01", "2026-12-31"),
    ("cn-canola-meal", "2026-11-28", 0, "suspended", "2026-03-01", "2026-12-31"),
    ("cn-peas", "2026-12-31", 0, "suspended", "2026-03-01", "2026-12-31"),
    ("cn-canola-meal", "2026-12-31", 0, "suspended", "2026-03-01", "2026-12-31"),
    ("cn-peas", "2027-01-01", 100, "in_force", "2027-01-01", None),
    ("cn-canola-meal", "2027-01-01", 100, "in_force", "2027-01-01", None),
    ("cn-peas", "2026-02-28", 100, "in_force", "2025-03-20", None),
    ("cn-peas", "2025-03-19", None, "announced", "2025-03-08", None),
    ("cn-peas", "2025-03-07", None, NO_MEASURE, None, None),
    ("cn-canola-seed-ad", "2025-08-11", None, NO_MEASURE, None, None),
    ("cn-canola-seed-ad", "2025-08-13", None, "announced", "2025-08-12", None),
    ("cn-canola-seed-ad", "2025-08-14", 75.8, "in_force", "2025-08-14", None),
    ("cn-canola-seed-ad", "2025-11-03", 75.8, "in_force", "2025-08-14", None),
    ("cn-canola-seed-ad", "2026-02-28", 75.8, "in_force", "2025-08-14", None),
    ("cn-canola-seed-ad", "2026-03-01", 5.9, "in_force", "2026-03-01", "2031-02-28"),
    ("cn-canola-seed-ad", "2031-02-28", 5.9, "in_force", "2026-03-01", "2031-02-28"),
    ("cn-canola-seed-ad", "2031-03-01", 0, "removed", "2031-03-01", None),
    ("ca-ev-surtax", "2024-08-25", None, NO_MEASURE, None, None),
    ("ca-ev-surtax", "2024-09-15", None, "announced", "2024-08-26", None),
    ("ca-ev-surtax", "2024-09-30", None, "announced", "2024-08-26", None),
    ("ca-ev-surtax", "2024-10-01", 100, "in_force", "2024-10-01", None),
    ("ca-ev-surtax", "2026-02-28", 100, "in_force", "2024-10-01", None),
    ("ca-ev-surtax", "2026-03-01", 0, "removed", "2026-03-01", None),
    ("ca-ev-surtax", "2026-11-28", 0, "removed", "2026-03-01", None),
    ("ca-steel-aluminum-surtax", "2024-10-21", None, "announced", "2024-08-26", None),
    ("ca-steel-aluminum-surtax", "2024-10-22", 25, "in_force", "2024-10-22", None),
    ("ca-steel-aluminum-surtax", "2026-11-28", 25, "in_force", "2024-10-22", None),
    ("cn-canola-oil", "2025-03-20", 100, "in_force", "2025-03-20", None),
    ("cn-canola-oil", "2026-11-28", 100, "in_force", "2025-03-20", None),
    ("cn-pork", "2025-03-20", 25, "in_force", "2025-03-20", None),
    ("cn-pork", "2026-11-28", 25, "in_force", "2025-03-20", None),
    ("cn-seafood", "2025-03-20", 25, "in_force", "2025-03-20", None),
    ("cn-seafood", "2026-03-01", 0, "suspended", "2026-03-01", "2026-12-31"),
    ("cn-seafood", "2026-12-31", 0, "suspended", "2026-03-01", "2026-12-31"),
    ("cn-seafood", "2027-01-01", 25, "in_force", "2027-01-01", None),
    ("cn-tourism-ads", "2022-12-31", None, NO_MEASURE, None, None),
    ("cn-tourism-ads", "2025-10-31", None, "suspended", "2023-01-01", None),
    ("cn-tourism-ads", "2025-11-02", None, "suspended", "2023-01-01", None),
    ("cn-tourism-ads", "2025-11-03", None, "restored", "2025-11-03", None),
    ("cn-tourism-ads", "2026-11-28", None, "restored", "2025-11-03", None),
]


@pytest.mark.parametrize(("mid", "day", "rate", "status", "since", "until"), EXPECTED)
def test_state_matches_fact_sheet(
    mid: str, day: str, rate: float | None, status: str, since: str | None, until: str | None
) -> None:
    s = LEDGER.state(mid, D(day))
    assert s.measure.id == mid
    assert (s.rate, s.status) == (rate, status)
    assert s.since == (since and D(since))
    assert s.until == (until and D(until))


def test_suspension_count_down_and_sources() -> None:
    peas = LEDGER.state("cn-peas", D("2026-11-28"))
    assert peas.days_left(D("2026-11-28")) == 33
    assert peas.days_left(D("2026-12-31")) == 0
    assert "Xinhua 2026-02-28" in peas.source
    back = LEDGER.state("cn-peas", D("2027-01-01"))
    assert back.days_left(D("2027-01-01")) is None
    assert "2026-12-31" in back.source and "cn-peas-2026-03-01-suspend" in back.source
    seafood = LEDGER.state("cn-seafood", D("2026-06-01"))
    assert seafood.scope == "lobster and crab; other aquatic products presumed still at 25%"
    assert LEDGER.state("cn-seafood", D("2027-01-01")).scope is None


def test_everything_is_none_on_2024_01_01_except_tourism() -> None:
    states = LEDGER.states(D("2024-01-01"))
    assert [s.measure.id for s in states] == list(MEASURE_IDS)
    for s in states:
        expected = "suspended" if s.measure.id == "cn-tourism-ads" else NO_MEASURE
        assert s.status == expected
        assert s.rate is None
    assert states[0].since is None and states[0].event is None


def test_events_for_sorts_by_date_then_file_order() -> None:
    events = LEDGER.events_for("cn-canola-seed-ad")
    assert [e.date for e in events] == sorted(e.date for e in events)
    assert events[0].id == "cn-canola-seed-ad-2024-09-09-note"
    later = LEDGER.with_events([_sig("s", "cn-peas", "2025-03-20", "raise", rate=120.0)])
    same_day = [e.id for e in later.events_for("cn-peas") if e.date == D("2025-03-20")]
    assert same_day == ["cn-peas-2025-03-20-impose", "s"]
    assert later.state("cn-peas", D("2025-03-20")).rate == 120


def test_unknown_measure_id_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="cn-beef"):
        LEDGER.state("cn-beef", D("2026-01-01"))


# ----------------------------------------------------------------------------- signals and extend


def test_with_events_adds_signals_without_touching_the_original() -> None:
    sig = _sig("pork-cut", "cn-pork", "2026-06-01", "suspend", rate=0.0, until=D("2026-08-31"))
    led = LEDGER.with_events([sig])
    s = led.state("cn-pork", D("2026-06-01"))
    assert (s.rate, s.status, s.until) == (0, "suspended", D("2026-08-31"))
    assert s.event is not None and s.event.origin == "signal"
    back = led.state("cn-pork", D("2026-09-01"))
    assert (back.rate, back.status, back.since) == (25, "in_force", D("2026-09-01"))
    assert LEDGER.state("cn-pork", D("2026-06-01")).rate == 25
    assert len(led.events) == len(LEDGER.events) + 1



def test_an_event_restating_the_state_keeps_its_scope() -> None:
    """Accepting "seafood suspend 0%" while seafood is suspended (lobster and crab only)
    must not make all seafood look duty-free; a change of state drops the old scope."""
    before = LEDGER.state("cn-seafood", D("2026-06-01"))
    assert before.scope and "lobster and crab" in before.scope
    again = _sig("sea-again", "cn-seafood", "2026-06-01", "suspend", rate=0.0,
                 until=D("2026-12-31"))
    after = LEDGER.with_events([again]).state("cn-seafood", D("2026-06-02"))
    assert (after.rate, after.status, after.scope) == (0, "suspended", before.scope)
    raised = _sig("sea-raise", "cn-seafood", "2026-06-01", "impose", rate=50.0)
    assert LEDGER.with_events([raised]).state("cn-seafood", D("2026-06-02")).scope is None

def test_a_rate_presumed_to_stand_is_in_doubt_until_something_newer_says_otherwise() -> None:
    """Pork left out of the 2026 suspension: its 25% is presumed from that note's day
    (before it, the 2025 tariff is verified); an accepted headline restating 25% or
    changing the rate, or a verified note restating it, is newer and clears the doubt; a
    note giving another rate is about something else and leaves it."""
    assert LEDGER.state("cn-pork", D("2026-02-26")).doubt is None
    doubt = LEDGER.state("cn-pork", D("2026-02-27")).doubt
    assert doubt is not None and doubt.id == "cn-pork-2026-02-27-note"
    assert doubt.basis == "presumed"
    for sig in (_sig("pork-again", "cn-pork", "2026-06-01", "impose", rate=25.0),
                _sig("pork-cut", "cn-pork", "2026-06-01", "lower", rate=10.0)):
        led = LEDGER.with_events([sig])
        assert led.state("cn-pork", D("2026-05-31")).doubt is not None, sig.id
        assert led.state("cn-pork", D("2026-06-01")).doubt is None, sig.id
    note = Event(id="pork-confirmed", measure="cn-pork", date=D("2026-07-01"), action="note",
                 rate=25.0, basis="verified")
    led = Ledger(LEDGER.measures, (*LEDGER.events, note))
    assert led.state("cn-pork", D("2026-06-30")).doubt is not None
    assert led.state("cn-pork", D("2026-07-01")).doubt is None
    other = Event(id="pork-other", measure="cn-pork", date=D("2026-07-01"), action="note",
                  rate=10.0, basis="verified")
    led = Ledger(LEDGER.measures, (*LEDGER.events, other))
    assert led.state("cn-pork", D("2026-07-01")).doubt is not None


def test_an_extension_without_an_end_keeps_the_end_it_had() -> None:
    """From a user review: accepting "China extends the pea tariff suspension to lentils"
    (no date) made the suspension permanent: its 2026-12-31 end was erased."""
    ext = _sig("peas-ext", "cn-peas", "2026-11-20", "extend", rate=None)
    led = LEDGER.with_events([ext])
    state = led.state("cn-peas", D("2026-11-28"))
    assert (state.status, state.until) == ("suspended", D("2026-12-31"))
    assert led.state("cn-peas", D("2027-01-01")).status == "in_force"
    assert not LEDGER.would_change(ext)  # nothing to decide


def test_an_event_without_a_rate_that_keeps_the_status_keeps_the_rate() -> None:
    """An accepted "Canada imposes its surtax on Chinese steel" (no rate in the headline)
    on the 25% surtax in force: still 25%, not "in force" at an unknown rate. A change of
    status without a rate leaves the rate unknown."""
    before = LEDGER.state("ca-steel-aluminum-surtax", D("2026-06-01"))
    assert (before.rate, before.status) == (25, "in_force")
    again = _sig("steel-again", "ca-steel-aluminum-surtax", "2026-06-01", "impose", rate=None)
    after = LEDGER.with_events([again]).state("ca-steel-aluminum-surtax", D("2026-06-02"))
    assert (after.rate, after.status, after.event.id) == (25, "in_force", "steel-again")
    for action in ("raise", "lower"):  # the rate changed, to a number not given
        moved = _sig(f"steel-{action}", "ca-steel-aluminum-surtax", "2026-06-01", action,
                     rate=None)
        state = LEDGER.with_events([moved]).state("ca-steel-aluminum-surtax", D("2026-06-02"))
        assert (state.rate, state.status) == (None, "in_force"), action
    pause = _sig("steel-pause", "ca-steel-aluminum-surtax", "2026-06-01", "suspend", rate=None)
    paused = LEDGER.with_events([pause]).state("ca-steel-aluminum-surtax", D("2026-06-02"))
    assert (paused.rate, paused.status) == (None, "suspended")


def test_a_headline_restating_the_state_keeps_its_start_and_end() -> None:
    """Accepting "China sets final anti-dumping duty on canola seed at 5.9%" (from March 1,
    no end given) on the seeded duty erased its five years: it read "until —" and was
    still in force in 2031. A restatement keeps the state's start, end and what follows;
    the end it gives replaces the old one, still reverting as before."""
    seed = LEDGER.state("cn-canola-seed-ad", D("2026-06-01"))
    assert (seed.rate, seed.since, seed.until) == (5.9, D("2026-03-01"), D("2031-02-28"))
    final = _sig("canola-final", "cn-canola-seed-ad", "2026-03-01", "impose", rate=5.9,
                 status="in_force")
    led = LEDGER.with_events([final])
    now = led.state("cn-canola-seed-ad", D("2026-06-01"))
    assert (now.rate, now.since, now.until) == (5.9, D("2026-03-01"), D("2031-02-28"))
    assert led.state("cn-canola-seed-ad", D("2031-03-01")).status == "removed"
    assert not LEDGER.would_change(final)
    peas = _sig("peas-again", "cn-peas", "2026-11-27", "suspend", rate=0.0,
                until=D("2027-12-31"))
    later = LEDGER.with_events([peas])
    assert later.state("cn-peas", D("2027-06-01")).since == D("2026-03-01")
    back = later.state("cn-peas", D("2028-01-01"))
    assert (back.rate, back.status) == (100, "in_force")
    assert LEDGER.would_change(peas)


def test_extending_a_measure_without_an_end_gives_it_none() -> None:
    """An accepted "steel surtax extended to the end of 2027" gave the open-ended surtax an
    end, after which it fell back to its 2024 announcement: "announced", no rate. It stays
    open-ended; and a state that ends never reverts to an announcement."""
    ext = _sig("steel-ext", "ca-steel-aluminum-surtax", "2026-11-27", "extend",
               until=D("2027-12-31"))
    led = LEDGER.with_events([ext])
    for day in ("2027-06-01", "2028-01-01"):
        state = led.state("ca-steel-aluminum-surtax", D(day))
        assert (state.rate, state.status, state.until) == (25, "in_force", None), day
    assert not LEDGER.would_change(ext)
    first = led.events_for("ca-steel-aluminum-surtax")[0].date
    brief = _sig("steel-brief", "ca-steel-aluminum-surtax", str(first), "suspend",
                 rate=0.0, until=first + 10 * DAY)
    gone = LEDGER.with_events([brief]).state("ca-steel-aluminum-surtax", first + 11 * DAY)
    assert gone.status != "announced", gone


def test_what_restates_and_what_changes() -> None:
    """From a review of the restatement rule: a second raise at a rate still unknown is a
    change (a new start), not a restatement; extending a suspension without an end gives
    it that end (only a duty in force stays open-ended); an expiry goes back past an
    announcement to the state before it, not to "removed"."""
    up1 = _sig("up1", "cn-pork", "2026-04-01", "raise", rate=None)
    up2 = _sig("up2", "cn-pork", "2026-09-01", "raise", rate=None)
    led = LEDGER.with_events([up1])
    assert led.would_change(up2)
    assert led.with_events([up2]).state("cn-pork", D("2026-10-01")).since == D("2026-09-01")

    pause = _sig("oil-pause", "cn-canola-oil", "2026-04-01", "suspend", rate=0.0)
    ext = _sig("oil-ext", "cn-canola-oil", "2026-11-01", "extend", until=D("2027-12-31"))
    paused = LEDGER.with_events([pause])
    assert paused.would_change(ext)
    both = paused.with_events([ext])
    assert both.state("cn-canola-oil", D("2027-06-01")).until == D("2027-12-31")
    back = both.state("cn-canola-oil", D("2028-01-01"))
    assert (back.rate, back.status) == (100, "in_force")

    told = _sig("pork-told", "cn-pork", "2026-02-20", "announce", rate=0.0)
    stop = _sig("pork-stop", "cn-pork", "2026-03-01", "suspend", rate=0.0,
                until=D("2026-12-31"))
    after = LEDGER.with_events([told, stop]).state("cn-pork", D("2027-01-01"))
    assert (after.rate, after.status) == (25, "in_force")


def test_extend_moves_the_end_and_reverts_to_the_state_before_the_suspension() -> None:
    ext = _sig("peas-ext", "cn-peas", "2026-12-15", "extend", until=D("2027-06-30"))
    led = LEDGER.with_events([ext])
    s = led.state("cn-peas", D("2027-01-01"))
    assert (s.rate, s.status, s.since) == (0, "suspended", D("2026-03-01"))
    assert s.until == D("2027-06-30")
    assert s.days_left(D("2027-01-01")) == 180
    assert led.state("cn-peas", D("2026-12-14")).until == D("2026-12-31")
    last = led.state("cn-peas", D("2027-06-30"))
    assert (last.rate, last.status) == (0, "suspended")
    back = led.state("cn-peas", D("2027-07-01"))
    assert (back.rate, back.status, back.since) == (100, "in_force", D("2027-07-01"))
    assert back.until is None
    assert "2027-06-30" in back.source


def test_extend_of_a_remove_type_duty_keeps_removal_at_the_new_end() -> None:
    ext = _sig("seed-ext", "cn-canola-seed-ad", "2031-01-01", "extend", until=D("2036-02-28"))
    led = LEDGER.with_events([ext])
    assert led.state("cn-canola-seed-ad", D("2031-03-01")).rate == 5.9
    gone = led.state("cn-canola-seed-ad", D("2036-02-29"))
    assert (gone.rate, gone.status) == (0, "removed")


def test_expiry_cascades_past_a_state_that_ended_meanwhile() -> None:
    a = _sig("a", "cn-pork", "2026-06-01", "suspend", rate=0.0, until=D("2026-08-31"))
    b = _sig("b", "cn-pork", "2026-07-01", "lower", rate=10.0, until=D("2026-12-31"))
    led = LEDGER.with_events([a, b])
    assert led.state("cn-pork", D("2026-09-01")).rate == 10
    back = led.state("cn-pork", D("2027-01-01"))
    assert (back.rate, back.status, back.since) == (25, "in_force", D("2027-01-01"))


def test_event_on_the_day_after_until_wins_over_the_revert() -> None:
    sig = _sig("peas-up", "cn-peas", "2027-01-01", "raise", rate=50.0)
    led = LEDGER.with_events([sig])
    assert led.state("cn-peas", D("2027-01-01")).rate == 50
    steps = led.rate_steps("cn-peas", D("2026-12-01"), D("2027-02-01"))
    assert steps == [(D("2026-12-01"), 0, "suspended"), (D("2027-01-01"), 50, "in_force")]


def test_with_events_rejects_unknown_measure_and_duplicate_id() -> None:
    with pytest.raises(DataError, match="unknown measure"):
        LEDGER.with_events([_sig("x", "cn-beef", "2026-01-01", "impose", rate=1.0)])
    with pytest.raises(DataError, match="duplicate event id"):
        LEDGER.with_events([_sig("cn-peas-2026-03-01-suspend", "cn-peas", "2026-01-01", "note")])


# -------------------------------------------------------------------------------------- rate_steps


def test_rate_steps_for_a_step_chart() -> None:
    steps = LEDGER.rate_steps("cn-peas", D("2025-01-01"), D("2027-06-01"))
    assert steps == [
        (D("2025-01-01"), None, NO_MEASURE),
        (D("2025-03-08"), None, "announced"),
        (D("2025-03-20"), 100, "in_force"),
        (D("2026-03-01"), 0, "suspended"),
        (D("2027-01-01"), 100, "in_force"),
    ]
    ev = LEDGER.rate_steps("ca-ev-surtax", D("2025-01-01"), D("2026-12-31"))
    assert ev == [(D("2025-01-01"), 100, "in_force"), (D("2026-03-01"), 0, "removed")]


def test_rate_steps_window_bounds() -> None:
    inside = LEDGER.rate_steps("cn-peas", D("2026-06-01"), D("2026-12-31"))
    assert inside == [(D("2026-06-01"), 0, "suspended")]
    edge = LEDGER.rate_steps("cn-peas", D("2026-06-01"), D("2027-01-01"))
    assert edge[-1] == (D("2027-01-01"), 100, "in_force")
    seed = LEDGER.rate_steps("cn-canola-seed-ad", D("2026-01-01"), D("2040-01-01"))
    assert [s[1] for s in seed] == [75.8, 5.9, 0]
    assert seed[-1] == (D("2031-03-01"), 0, "removed")


# ---------------------------------------------------------------------------------- event_from_dict


def test_event_from_dict_reads_database_rows() -> None:
    row = {
        "measure": "cn-peas",
        "date": "2026-12-20",
        "action": "extend",
        "until": "2027-03-31",
        "rate": None,
        "approximate": 0,
        "origin": "signal",
        "item_id": "item-7",
        "rowid": 3,
    }
    ev = event_from_dict(row, where="db", strict=False)
    assert (ev.date, ev.until, ev.status, ev.rate) == (D("2026-12-20"), D("2027-03-31"), None, None)
    assert (ev.origin, ev.item_id, ev.source) == ("signal", "item-7", "item-7")
    assert ev.basis == "presumed"
    assert ev.id == "signal-item-7-cn-peas-extend" and ev.approximate is False
    with pytest.raises(DataError, match=r"^db: event \?: unknown key 'rowid'"):
        event_from_dict(row, where="db")


def test_event_from_dict_defaults_status_from_action() -> None:
    base = {"id": "e", "measure": "cn-pork", "date": D("2026-01-01"), "summary": "s", "source": "x"}
    base["basis"] = "verified"
    for action, status in [("suspend", "suspended"), ("lower", "in_force"), ("note", None)]:
        assert event_from_dict({**base, "action": action}, where="t").status == status
    with pytest.raises(DataError, match="takes no status"):
        event_from_dict({**base, "action": "note", "status": "in_force"}, where="t")


# ----------------------------------------------------------------------------------- bad data files

_GOOD_EVENT = """
[[events]]
id = "cn-peas-2025-03-20-impose"
measure = "cn-peas"
date = 2025-03-20
action = "impose"
rate = 100
status = "in_force"
summary = "peas tariff"
source = "AP"
basis = "verified"
"""


def _measures_toml(skip: str = "", **override: str) -> str:
    out = []
    for mid in MEASURE_IDS:
        if mid == skip:
            continue
        fields = {
            "id": mid,
            "imposed_by": "CA" if mid.startswith("ca-") else "CN",
            "product": mid,
            "label": mid,
            "instrument": "tariff",
            "topic": "agriculture",
            **(override if mid == "cn-peas" else {}),
        }
        out.append("[[measures]]\n" + "".join(f'{k} = "{v}"\n' for k, v in fields.items()))
    return "\n".join(out)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ledger.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_valid_file_loads(tmp_path: Path) -> None:
    led = load_ledger(_write(tmp_path, _measures_toml() + _GOOD_EVENT))
    assert led.state("cn-peas", D("2025-03-20")).rate == 100


BAD_EVENTS = [
    ("missing field", ("date = 2025-03-20\n", ""), "missing field 'date'"),
    ("unknown measure", ('measure = "cn-peas"', 'measure = "cn-beef"'), "unknown measure"),
    ("bad date", ("date = 2025-03-20", 'date = "2025-13-01"'), "bad date '2025-13-01'"),
    ("datetime", ("date = 2025-03-20", "date = 2025-03-20T10:00:00"), "bad date"),
    ("unknown action", ('action = "impose"', 'action = "tax"'), "unknown action 'tax'"),
    ("unknown status", ('status = "in_force"', 'status = "live"'), "unknown status 'live'"),
    ("bad rate", ("rate = 100", 'rate = "100%"'), "rate must be a number"),
    ("negative rate", ("rate = 100", "rate = -5"), "non-negative"),
    ("until first", ("rate = 100", "rate = 100\nuntil = 2025-01-01"), "before date"),
    ("unknown key", ("rate = 100", "rate = 100\nuntill = 2026-01-01"), "unknown key 'untill'"),
    ("bad basis", ('basis = "verified"', 'basis = "rumour"'), "unknown basis 'rumour'"),
    ("bad after_until", ("rate = 100", 'rate = 100\nafter_until = "x"'), "unknown after_until"),
    ("bad flag", ("rate = 100", 'rate = 100\napproximate = "yes"'), "approximate must be"),
    ("announce status", ('action = "impose"', 'action = "announce"'), "announce event"),
    ("others_rate alone", ("rate = 100", "rate = 100\nothers_rate = 25"), "it needs a scope"),
    ("bad others_rate", ("rate = 100", 'rate = 100\nscope = "x"\nothers_rate = "25%"'),
     "others_rate must be a number"),
]


@pytest.mark.parametrize(
    ("old_new", "problem"), [b[1:] for b in BAD_EVENTS], ids=[b[0] for b in BAD_EVENTS]
)
def test_bad_event_raises_data_error_naming_file_and_event(
    tmp_path: Path, old_new: tuple[str, str], problem: str
) -> None:
    old, new = old_new
    assert old in _GOOD_EVENT
    path = _write(tmp_path, _measures_toml() + _GOOD_EVENT.replace(old, new, 1))
    with pytest.raises(DataError) as info:
        load_ledger(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: event cn-peas-2025-03-20-impose: ")
    assert problem in msg and "\n" not in msg
    assert info.value.exit_code == 2


BAD_FILES = [
    ("duplicate event", _measures_toml() + _GOOD_EVENT * 2, "event cn-peas-2025-03-20-impose: dup"),
    ("missing measure", _measures_toml(skip="cn-pork") + _GOOD_EVENT, "measure cn-pork: missing"),
    ("unknown measure", _measures_toml(id="cn-beef") + _GOOD_EVENT, "measure cn-beef: unknown id"),
    ("bad imposed_by", _measures_toml(imposed_by="US") + _GOOD_EVENT, "unknown imposed_by 'US'"),
    ("bad topic", _measures_toml(topic="fish") + _GOOD_EVENT, "measure cn-peas: unknown topic"),
    ("empty label", _measures_toml(label=" ") + _GOOD_EVENT, "measure cn-peas: missing or empty"),
    ("top-level key", "version = 1\n" + _measures_toml() + _GOOD_EVENT, "unknown top-level key"),
    ("no events", _measures_toml(), "expected [[events]]"),
    ("invalid toml", "[[measures]\nid = ", "invalid TOML"),
]


@pytest.mark.parametrize(
    ("text", "problem"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_bad_file_raises_data_error_naming_file(tmp_path: Path, text: str, problem: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataError) as info:
        load_ledger(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: ") and problem in msg and "\n" not in msg


def test_missing_file_raises_data_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(DataError, match=r"nope\.toml: cannot read"):
        load_ledger(path)


def test_second_review_of_restatements_and_extensions() -> None:
    """A second review: the classifier reads "China to impose anti-dumping duties of 5.9% on
    Canadian canola seed" as "lower 5.9", a rate-bearing restatement that again erased the
    duty's five years; extending a removal or restored tours gave them an end, after which
    the old state came back; an extension published after the suspension lapsed made the
    rate 0% "in force" for good."""
    final = _sig("canola-lower", "cn-canola-seed-ad", "2026-03-01", "lower", rate=5.9)
    assert not LEDGER.would_change(final)
    kept = LEDGER.with_events([final])
    assert kept.state("cn-canola-seed-ad", D("2026-06-01")).until == D("2031-02-28")
    assert kept.state("cn-canola-seed-ad", D("2031-03-01")).status == "removed"

    for measure, day, status in (("ca-ev-surtax", "2026-06-01", "removed"),
                                 ("cn-tourism-ads", "2026-06-01", "restored")):
        ext = _sig(f"{measure}-ext", measure, day, "extend", until=D("2026-12-31"))
        later = LEDGER.with_events([ext]).state(measure, D("2027-06-01"))
        assert later.status == status, (measure, later)
        assert not LEDGER.would_change(ext)

    late = _sig("peas-late", "cn-peas", "2027-01-04", "extend", rate=0.0,
                until=D("2027-12-31"))
    led = LEDGER.with_events([late])
    assert LEDGER.state("cn-peas", D("2027-01-02")).status == "in_force"  # it lapsed
    renewed = led.state("cn-peas", D("2027-01-05"))
    assert (renewed.rate, renewed.status, renewed.until) == (0, "suspended", D("2027-12-31"))
    back = led.state("cn-peas", D("2028-01-01"))
    assert (back.rate, back.status) == (100, "in_force")


def test_third_review_of_late_extensions() -> None:
    """A late extension brings back the suspension that just lapsed, and only that: the
    duty's own extension later on (at its own rate) does not revive a relief; an end
    before the extension's date extends nothing; a restatement in between does not stop
    the revival; nested expiries revive the suspension, not the state under it."""
    duty = _sig("peas-duty", "cn-peas", "2029-05-01", "extend", rate=100.0,
                until=D("2030-12-31"))
    state = LEDGER.with_events([duty]).state("cn-peas", D("2029-06-01"))
    assert (state.rate, state.status) == (100, "in_force")
    backwards = _sig("peas-back", "cn-peas", "2027-01-04", "extend", until=D("2027-01-02"))
    assert not LEDGER.would_change(backwards)
    again = _sig("peas-again", "cn-peas", "2027-01-02", "impose", rate=100.0)
    late = _sig("peas-late2", "cn-peas", "2027-01-04", "extend", until=D("2027-12-31"))
    both = LEDGER.with_events([again, late]).state("cn-peas", D("2027-02-01"))
    assert (both.rate, both.status) == (0, "suspended")
    up = _sig("pork-up", "cn-pork", "2026-06-01", "raise", rate=50.0, until=D("2026-09-30"))
    rest = _sig("pork-rest", "cn-pork", "2026-07-01", "suspend", rate=0.0,
                until=D("2026-12-31"))
    ext = _sig("pork-ext", "cn-pork", "2027-01-05", "extend", until=D("2027-06-30"))
    led = LEDGER.with_events([up, rest, ext])
    assert (led.state("cn-pork", D("2027-02-01")).status,
            led.state("cn-pork", D("2027-07-01")).rate) == ("suspended", 25)


def test_fourth_review_of_extensions_that_do_not_revive() -> None:
    """"China extends suspension of tariffs on Canadian peas to Dec. 31, 2027" (extend at
    0%) four months after the suspension lapsed set the duty in force to 0% for good. It
    is a relief from its date to its end, then the duty again. A stale headline whose end
    is before its own date changes nothing."""
    late = _sig("peas-121", "cn-peas", "2027-05-01", "extend", rate=0.0, until=D("2027-12-31"))
    led = LEDGER.with_events([late])
    during = led.state("cn-peas", D("2027-06-01"))
    assert (during.rate, during.status, during.until) == (0, "suspended", D("2027-12-31"))
    after = led.state("cn-peas", D("2028-01-01"))
    assert (after.rate, after.status) == (100, "in_force")
    stale = _sig("peas-stale", "cn-peas", "2027-04-05", "suspend", rate=0.0,
                 until=D("2027-03-31"))
    assert not LEDGER.would_change(stale)
    starts = LEDGER.with_events([stale])._timelines["cn-peas"][0]
    assert starts == sorted(starts)


def test_fifth_review_of_extensions_at_another_rate() -> None:
    """An extension at a higher rate than the duty in force is that duty at the higher
    rate till its end, not a "suspension"; a status it gives is kept; at 0% without an
    end it is an open-ended suspension, not "0% in force"."""
    higher = _sig("steel-50", "ca-steel-aluminum-surtax", "2026-06-01", "extend", rate=50.0,
                  until=D("2027-06-30"))
    led = LEDGER.with_events([higher])
    state = led.state("ca-steel-aluminum-surtax", D("2026-07-01"))
    assert (state.rate, state.status) == (50, "in_force")
    back = led.state("ca-steel-aluminum-surtax", D("2027-07-01"))
    assert (back.rate, back.status) == (25, "in_force")
    told = _sig("peas-50", "cn-peas", "2027-06-01", "extend", rate=50.0, status="in_force",
                until=D("2027-12-31"))
    assert LEDGER.with_events([told]).state("cn-peas", D("2027-07-01")).status == "in_force"
    zero = _sig("oil-0", "cn-canola-oil", "2026-06-01", "extend", rate=0.0)
    oil = LEDGER.with_events([zero]).state("cn-canola-oil", D("2030-01-01"))
    assert (oil.rate, oil.status) == (0, "suspended")


def test_sixth_review_an_extension_at_a_lower_rate_is_a_duty_in_force() -> None:
    """A duty extended at 10% is a lower duty in force, not a suspension; with the old rate
    unknown, in force too; only 0% is a suspension."""
    ten = _sig("steel-10", "ca-steel-aluminum-surtax", "2026-06-01", "extend", rate=10.0)
    state = LEDGER.with_events([ten]).state("ca-steel-aluminum-surtax", D("2027-01-01"))
    assert (state.rate, state.status) == (10, "in_force")
    unknown = _sig("steel-up", "ca-steel-aluminum-surtax", "2026-05-01", "raise")
    fifty = _sig("steel-50b", "ca-steel-aluminum-surtax", "2026-06-01", "extend", rate=50.0)
    state = LEDGER.with_events([unknown, fifty]).state("ca-steel-aluminum-surtax",
                                                       D("2027-01-01"))
    assert (state.rate, state.status) == (50, "in_force")


def test_seventh_review_zero_is_a_suspension_whatever_came_before() -> None:
    unknown = _sig("peas-up", "cn-peas", "2027-03-01", "raise")
    zero = _sig("peas-0", "cn-peas", "2027-06-01", "extend", rate=0.0, until=D("2027-12-31"))
    state = LEDGER.with_events([unknown, zero]).state("cn-peas", D("2027-07-01"))
    assert (state.rate, state.status) == (0, "suspended")


def test_next_change_is_the_later_change_that_ends_a_state() -> None:
    """``next_change``: the first later change of rate or status while the state lasts;
    none when the state ends by itself first (a suspension's until) or nothing follows."""
    from datetime import date

    from thawwatch.decisions import current_ledger

    ledger = current_ledger(None)
    seed = ledger.next_change("cn-canola-seed-ad", date(2026, 2, 28))  # the day it was ruled
    assert seed is not None and (seed.rate, seed.since) == (5.9, date(2026, 3, 1))
    assert ledger.next_change("cn-canola-seed-ad", date(2026, 11, 28)) is None
    assert ledger.next_change("cn-peas", date(2026, 11, 28)) is None  # ends by its until
    assert ledger.next_change("cn-pork", date(2026, 11, 28)) is None


def test_a_look_back_foretells_no_change_announced_later() -> None:
    """``status --as-of 2025-06-01`` must not show the EV surtax's repeal (announced
    2026-02-24) or the canola seed duty's cut (ruled 2026-02-28) as coming: a lawyer
    reconstructing that day would read them as already scheduled."""
    from datetime import date

    from thawwatch.decisions import current_ledger

    ledger = current_ledger(None)
    for measure in ("ca-ev-surtax", "cn-canola-seed-ad", "cn-peas", "cn-seafood"):
        assert ledger.next_change(measure, date(2025, 6, 1)) is None, measure
        assert ledger.next_change(measure, date(2026, 2, 23)) is None, measure
    ev = ledger.next_change("ca-ev-surtax", date(2026, 2, 24))  # announced that day
    assert ev is not None and (ev.status, ev.since) == ("removed", date(2026, 3, 1))
    # an accepted headline's change is known from the day it was published
    later = _sig("pork-0", "cn-pork", "2027-03-01", "remove", announced=D("2026-11-20"))
    ledger = LEDGER.with_events([later])
    assert ledger.next_change("cn-pork", D("2026-06-01")) is None
    assert ledger.next_change("cn-pork", D("2026-11-20")) is not None
    # (one accepted before the ledger kept that date: known all along)
    undated = _sig("pork-1", "cn-pork", "2027-03-01", "remove")
    assert LEDGER.with_events([undated]).next_change("cn-pork", D("2026-06-01")) is not None


def test_what_follows_a_scheduled_end_is_presumed() -> None:
    """After the suspension's last day the duty is back, "unless extended": presumed, not
    verified (the fact sheet gives the end, not what happened then); so is the canola seed
    duty's end after its five-year term. An accepted headline settles it."""
    from datetime import date

    from thawwatch.decisions import current_ledger

    ledger = current_ledger(None)
    peas = ledger.state("cn-peas", date(2027, 1, 1))
    assert (peas.rate, peas.status) == (100, "in_force")
    assert peas.doubt is not None and peas.doubt.basis == "presumed"
    assert "2026-12-31 unless extended" in peas.doubt.summary
    assert ledger.state("cn-peas", date(2026, 12, 31)).doubt is None  # the suspension: verified
    seed = ledger.state("cn-canola-seed-ad", date(2031, 3, 1))
    assert seed.status == "removed" and seed.doubt is not None
    back = _sig("peas-back", "cn-peas", "2027-01-01", "impose", rate=100.0)
    assert LEDGER.with_events([back]).state("cn-peas", D("2027-01-02")).doubt is None


def test_an_extension_naming_no_end_leaves_what_follows_unknown() -> None:
    """An accepted "China extends suspension of tariffs on Canadian peas" (no end) keeps
    the end the ledger had; after it the duty is presumed back, and the note says the
    end is not known, not "no extension is recorded" (one was: the user accepted it). An
    extension accepted after the end does not make the duty's return look confirmed."""
    from thawwatch.decisions import current_ledger

    ledger = current_ledger(None)
    extend = _sig("peas-ext", "cn-peas", "2026-11-20", "extend")
    after = ledger.with_events([extend]).state("cn-peas", D("2027-01-05"))
    assert (after.rate, after.status) == (100, "in_force") and after.doubt is not None
    assert "extended with no new end given" in after.doubt.summary
    assert "no extension is recorded" not in after.doubt.summary
    late = _sig("peas-late", "cn-peas", "2027-01-10", "extend")
    state = ledger.with_events([late]).state("cn-peas", D("2027-01-12"))
    assert (state.rate, state.status) == (100, "in_force")
    assert state.doubt is not None and state.doubt.basis == "presumed"  # still "?"


def test_next_change_is_a_renewal_that_moves_the_end() -> None:
    """From a README audit: an accepted "suspends the pea tariff from January 1, 2027 to
    December 31, 2027" left `status` saying "until 2026-12-31 (31 d)", `next` null, and
    the "ending soon" alert on: the state ends by itself first, so no change was next.
    A renewal from the day after its end, or an extension dated before the end, is next
    (from the day the end moves); a look back before it was known still foretells none."""
    from thawwatch.alerts import ending_alerts
    from thawwatch.decisions import current_ledger

    ledger = current_ledger(None)
    renewal = _sig("peas-2027", "cn-peas", "2027-01-01", "suspend", rate=0.0,
                   until=D("2027-12-31"), origin="signal", announced=D("2026-11-30"))
    renewed = ledger.with_events([renewal])
    change = renewed.next_change("cn-peas", D("2026-12-01"))
    assert change is not None
    assert (change.rate, change.status, change.since, change.until) == (
        0, "suspended", D("2027-01-01"), D("2027-12-31"))
    assert renewed.next_change("cn-peas", D("2026-11-29")) is None  # not known yet
    ending = [a.text for a in ending_alerts(renewed, D("2026-12-20"), 30)]
    assert not any("Peas" in text for text in ending)
    assert any("Peas" in a.text for a in ending_alerts(ledger, D("2026-12-20"), 30))
    extension = _sig("peas-ext", "cn-peas", "2026-12-15", "extend", until=D("2027-06-30"),
                     origin="signal", announced=D("2026-11-30"))
    change = ledger.with_events([extension]).next_change("cn-peas", D("2026-12-01"))
    assert change is not None and (change.since, change.until) == (D("2026-12-15"),
                                                                   D("2027-06-30"))
    # from a review: one with no end renews it too, and an end moved earlier does not
    # (the alert stays on); the same test decides the dashboard's end cells
    from thawwatch.wording import renews

    open_ended = _sig("peas-on", "cn-peas", "2027-01-01", "suspend", rate=0.0,
                      origin="signal", announced=D("2026-11-30"))
    ledger_on = ledger.with_events([open_ended])
    state = ledger_on.state("cn-peas", D("2026-12-20"))
    assert renews(state, ledger_on.next_change("cn-peas", D("2026-12-20")))
    assert not any("Peas" in a.text for a in ending_alerts(ledger_on, D("2026-12-20"), 30))
    shorter = _sig("peas-short", "cn-peas", "2026-12-10", "extend", until=D("2026-12-20"),
                   origin="signal", announced=D("2026-11-30"))
    ledger_short = ledger.with_events([shorter])
    state = ledger_short.state("cn-peas", D("2026-12-05"))
    assert not renews(state, ledger_short.next_change("cn-peas", D("2026-12-05")))
    assert any("Peas" in a.text for a in ending_alerts(ledger_short, D("2026-12-05"), 30))
    # another part of the product from the day after is no renewal of this one
    other = _sig("yellow", "cn-peas", "2027-01-01", "suspend", rate=0.0, until=D("2027-12-31"),
                 scope="yellow peas", origin="signal", announced=D("2026-11-30"))
    assert ledger.with_events([other]).next_change("cn-peas", D("2026-12-01")) is None


def test_what_a_relief_comes_to_when_it_ends_is_said() -> None:
    """From a user review: every view said "0% suspended until 2026-12-31 (31 d)" and
    nothing said the duty is back at 100% on 2027-01-01 unless extended."""
    ledger = load_ledger()
    then = ledger.after_end("cn-peas", D("2026-11-30"))
    assert then is not None
    assert (then.rate, then.status, then.since) == (100, "in_force", D("2027-01-01"))
    assert then.doubt is not None  # presumed: unless extended
    assert ledger.after_end("cn-pork", D("2026-11-30")) is None  # no end
    renewed = ledger.with_events([Event(
        id="x", measure="cn-peas", date=D("2027-01-01"), action="suspend", rate=0.0,
        status="suspended", until=D("2027-12-31"), summary="", source="s", basis="signal",
        origin="signal", announced=D("2026-12-10"))])
    assert renewed.after_end("cn-peas", D("2026-12-15")) is None  # next_change says it


def test_a_later_announcement_overrules_a_change_to_come_within_its_run() -> None:
    """From a review (A8): events applied by date alone let the older word win. "China
    won't renew the pea tariff pause" (10 December: the duty back on 1 January), then
    "China extends the pea tariff pause to June 30, 2027" (20 December), both accepted:
    the duty came back on 1 January, as the extension is dated before it. And a renewal
    to 31 December 2027, then "extends … to June 30, 2027": the renewal (dated 1 January)
    kept the relief to December. The later word holds; in the other order, the older."""
    def peas(eid: str, when: str, action: str, said: str, **kw: object) -> Event:
        return _sig(eid, "cn-peas", when, action, announced=D(said), **kw)

    back = peas("back", "2027-01-01", "restore", "2026-12-10", rate=100.0, status="in_force")
    june = peas("june", "2026-12-20", "extend", "2026-12-20", until=D("2027-06-30"))
    led = LEDGER.with_events([back, june])
    on = led.state("cn-peas", D("2027-01-02"))
    assert (on.rate, on.status, on.until) == (0, "suspended", D("2027-06-30"))
    assert led.run_end("cn-peas", D("2026-12-21")) == D("2027-06-30")
    assert led.state("cn-peas", D("2027-07-01")).rate == 100  # then the duty, as presumed

    # the other way round: an extension, then "won't renew" after all: the duty is back
    # on the day it names
    june_first = peas("june", "2026-12-10", "extend", "2026-12-10", until=D("2027-06-30"))
    back_later = peas("back", "2027-01-01", "restore", "2026-12-20", rate=100.0,
                      status="in_force")
    on = LEDGER.with_events([june_first, back_later]).state("cn-peas", D("2027-01-02"))
    assert (on.rate, on.status) == (100, "in_force")

    renewal = peas("renew", "2027-01-01", "suspend", "2026-12-10", rate=0.0,
                   until=D("2027-12-31"))
    led = LEDGER.with_events([renewal, june])
    assert led.run_end("cn-peas", D("2026-12-21")) == D("2027-06-30")
    assert led.state("cn-peas", D("2027-07-01")).status == "in_force"
    # without the later word, the renewal holds
    assert LEDGER.with_events([renewal]).state("cn-peas", D("2027-07-01")).status == (
        "suspended")


def test_on_one_day_the_headline_published_later_holds() -> None:
    """Two accepted changes dated 1 January: "won't renew" (published 10 December) and
    "suspends … from January 1 to December 31, 2027" (published 20 December). The day's
    last change holds, and the last was the one first in the database's order (by id),
    not the later word."""
    def peas(eid: str, said: str, action: str, **kw: object) -> Event:
        return _sig(eid, "cn-peas", "2027-01-01", action, announced=D(said), **kw)

    for back_id, renew_id in (("a-back", "z-renew"), ("z-back", "a-renew")):
        for back_said, renew_said, rate in (("2026-12-10", "2026-12-20", 0),
                                            ("2026-12-20", "2026-12-10", 100)):
            back = peas(back_id, back_said, "restore", rate=100.0, status="in_force")
            renew = peas(renew_id, renew_said, "suspend", rate=0.0, until=D("2027-12-31"))
            for order in ([back, renew], [renew, back]):
                on = LEDGER.with_events(order).state("cn-peas", D("2027-01-02"))
                assert on.rate == rate, (back_id, back_said, [e.id for e in order])
    # a seed's change and an accepted headline's on one day: the headline's holds
    seed = _sig("seed-day", "cn-peas", "2027-01-01", "restore", rate=100.0,
                status="in_force")
    signal = replace(peas("sig-day", "2026-12-20", "suspend", rate=0.0,
                          until=D("2027-12-31")), origin="signal")
    led = Ledger(LEDGER.measures, (*LEDGER.events, signal, seed))
    assert led.state("cn-peas", D("2027-01-02")).rate == 0


def _said(eid: str, measure: str, when: str, action: str, said: str, **kw: object) -> Event:
    """An accepted headline's change, known from the day it was published."""
    return Event(id=eid, measure=measure, date=D(when), action=action, announced=D(said),
                 origin="signal", basis="signal", source="s", **kw)


def test_what_a_later_word_on_a_relief_does_not_overrule() -> None:
    """From a review of the first try: a word overruled itself overruled others (a cut to
    50% from September was lost to a renewal that the later "to June 30" had overruled);
    the day after the new end was in its run (a cut from July 1 was lost); an extension of
    a duty in force (the steel surtax "to 2027") overruled an announced cut; a removal
    was overruled as if it were about the relief."""
    june = _said("june", "cn-peas", "2026-12-20", "extend", "2026-12-20",
                 until=D("2027-06-30"))
    cut9 = _said("cut9", "cn-peas", "2027-09-01", "lower", "2026-12-05", rate=50.0,
                 status="in_force")
    renew = _said("renew", "cn-peas", "2027-01-01", "suspend", "2026-12-10", rate=0.0,
                  until=D("2027-12-31"))
    led = LEDGER.with_events([cut9, renew, june])
    assert set(led.overruled) == {"renew"}
    assert led.state("cn-peas", D("2027-07-01")).rate == 100
    assert led.state("cn-peas", D("2027-09-02")).rate == 50

    cut7 = _said("cut7", "cn-peas", "2027-07-01", "lower", "2026-12-10", rate=50.0,
                 status="in_force")
    led = LEDGER.with_events([cut7, june])
    assert led.overruled == {} and led.state("cn-peas", D("2027-07-02")).rate == 50
    # a suspension from the day after the new end is a next phase: it stands; one that
    # agrees with the word is the same course
    phase = _said("phase", "cn-peas", "2027-07-01", "suspend", "2026-11-01", rate=0.0,
                  until=D("2027-12-31"))
    led = LEDGER.with_events([phase, june])
    assert led.overruled == {} and led.state("cn-peas", D("2027-07-02")).status == "suspended"
    same = _said("same", "cn-peas", "2027-01-01", "suspend", "2026-12-10", rate=0.0,
                 until=D("2027-06-30"))
    assert LEDGER.with_events([same, june]).overruled == {}
    # the latest word decides: "to June 30" (20 December), then "to Dec. 31, 2027" (28
    # December) again: the renewal of 10 December agrees with the latest, and stands
    again = _said("again", "cn-peas", "2026-12-28", "extend", "2026-12-28",
                  until=D("2027-12-31"))
    led = LEDGER.with_events([renew, june, again])
    assert led.overruled == {}
    assert led.state("cn-peas", D("2027-07-02")).until == D("2027-12-31")
    # a word that restates the end the relief has says nothing new: it overrules nothing
    restated = _said("restated", "cn-peas", "2026-12-20", "extend", "2026-12-20",
                     until=D("2026-12-31"))
    assert LEDGER.with_events([renew, restated]).overruled == {}

    steel = "ca-steel-aluminum-surtax"
    cut = _said("cut15", steel, "2027-03-01", "lower", "2026-11-18", rate=15.0,
                status="in_force")
    ext = _said("ext", steel, "2026-12-01", "extend", "2026-12-01", until=D("2027-12-31"))
    led = LEDGER.with_events([cut, ext])
    assert led.overruled == {} and led.state(steel, D("2027-03-02")).rate == 15

    removal = _said("gone", "cn-peas", "2027-03-01", "remove", "2026-11-01")
    led = LEDGER.with_events([removal, june])
    assert led.overruled == {} and led.state("cn-peas", D("2027-03-02")).status == "removed"


def test_a_look_back_is_not_told_what_a_later_word_overruled() -> None:
    """From a review of the first try: with "won't renew" (10 December) and "to June 30"
    (20 December) accepted, `status --as-of 2026-12-15` said the relief was followed by
    "0% suspended from 2026-03-01": the later word, unknown on the 15th, overruled the
    return that the 15th knew of."""
    back = _said("back", "cn-peas", "2027-01-01", "restore", "2026-12-10", rate=100.0,
                 status="in_force")
    june = _said("june", "cn-peas", "2026-12-20", "extend", "2026-12-20",
                 until=D("2027-06-30"))
    led = LEDGER.with_events([back, june])
    on_15th = led.after_end("cn-peas", D("2026-12-15"))
    assert on_15th is not None
    assert (on_15th.rate, on_15th.status, on_15th.since) == (100, "in_force", D("2027-01-01"))
    assert led.state("cn-peas", D("2026-12-21")).until == D("2027-06-30")
    on_21st = led.after_end("cn-peas", D("2026-12-21"))
    assert on_21st is not None
    assert (on_21st.rate, on_21st.status, on_21st.since) == (100, "in_force", D("2027-07-01"))


def test_a_look_back_keeps_a_backdated_change_it_shows() -> None:
    """From a second review: an extension dated 15 December, published on the 20th, to
    June 30: `status --as-of 2026-12-17` showed the relief until 2027-06-30 and, on the
    next line, the duty back on 2027-01-01 (the look back hid the change its own state
    was made by)."""
    june = _said("june", "cn-peas", "2026-12-15", "extend", "2026-12-20",
                 until=D("2027-06-30"))
    led = LEDGER.with_events([june])
    assert led.state("cn-peas", D("2026-12-17")).until == D("2027-06-30")
    then = led.after_end("cn-peas", D("2026-12-17"))
    assert then is not None and (then.rate, then.since) == (100, D("2027-07-01"))
