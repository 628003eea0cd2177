"""The dashboard's new headlines, by story (tui/new_headlines.py, no Textual involved)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from thawwatch.items import Item
from thawwatch.tui.new_headlines import NewHeadlines

OPENED = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def item(key: str, minutes: int, relevant: bool = True) -> Item:
    """A headline first stored ``minutes`` after the dashboard opened."""
    when = OPENED + timedelta(minutes=minutes)
    return Item(id=key, feed_url="http://127.0.0.1:9/f", feed_name="F", title=key, link=None,
                summary="", published=when, first_seen=when, story=key, read=False,
                starred=False, relevant=relevant, topics=(), direction="neutral", score=0.0,
                weight=0.0, signals=(), reasons=())


def test_the_first_load_is_the_baseline_and_later_ones_bring_the_new() -> None:
    new = NewHeadlines(OPENED)
    new.note([item("a", -60), item("b", -30)])
    assert not new and new.count(True) == 0
    new.note([item("c", 5), item("d", 6, relevant=False), item("a", -60), item("b", -30)])
    assert new.keys(True) == {"c", "d"} and new.keys(False) == {"c"}
    assert (new.count(True), new.count(False)) == (2, 1)


def test_a_story_stored_before_the_dashboard_opened_is_not_new() -> None:
    """One listed only later (the list was capped, and others were pruned) was there."""
    new = NewHeadlines(OPENED)
    new.note([item("a", -60)])
    new.note([item("a", -60), item("old", -600)])
    assert not new


def test_seen_stories_stay_seen_and_unlisted_ones_are_let_go() -> None:
    new = NewHeadlines(OPENED)
    new.note([])
    new.note([item("c", 5), item("d", 6), item("e", 7)])
    assert new.seen(["c", "x"]) and not new.seen(["c"])
    new.note([item("c", 5), item("d", 6), item("e", 7)])  # listed again: still seen
    assert new.keys(True) == {"d", "e"}
    new.note([item("c", 5), item("e", 7)])  # d pruned: it can no longer be shown
    assert new.keys(True) == {"e"}
    new.note([item("c", 5), item("d", 6), item("e", 7)])  # back: it was counted once
    assert new.keys(True) == {"e"}


def test_a_first_load_lists_as_new_what_a_refresh_begun_since_opening_stored() -> None:
    """A slow first load (a big database) can read after the dashboard's own first
    refresh stored: those are new, what was stored before is not."""
    new = NewHeadlines(OPENED, clock=lambda: OPENED + timedelta(minutes=3))
    new.note([item("a", -60), item("same second", 0), item("c", 2), item("ahead", 60)])
    assert new.keys(True) == {"c"}  # not one stored under a clock that ran ahead


def test_a_refresh_begun_before_opening_that_stores_after_brings_new_ones() -> None:
    """A refresh gives its items the time it began: cron's, begun a minute before the
    dashboard opened (a slow feed), stores them after the first load. They are new;
    older ones first listed later (the list capped) are not."""
    new = NewHeadlines(OPENED)
    new.note([item("a", -60), item("b", -30)])
    new.note([item("cron", -1), item("a", -60), item("b", -30), item("old", -45)])
    assert new.keys(True) == {"cron"}


def test_after_an_empty_first_load_every_story_listed_is_new() -> None:
    """A new database, opened while cron's first refresh runs: nothing was there."""
    new = NewHeadlines(OPENED)
    new.note([])
    new.note([item("cron", -1)])
    assert new.keys(True) == {"cron"}


def test_a_new_story_a_copy_makes_about_canada_china_is_new_in_that_list() -> None:
    """A wire headline without the countries is new for the list of all only; another
    outlet's copy naming them makes the story about Canada–China: new there too."""
    new = NewHeadlines(OPENED)
    new.note([])
    new.note([item("wire", 5, relevant=False)])
    assert new.keys(False) == frozenset()
    new.note([item("wire", 5, relevant=True)])
    assert new.keys(False) == {"wire"} and new.count(False) == 1


def test_a_new_story_counts_for_the_list_it_is_in() -> None:
    """Each list is capped: an older story about Canada–China (a new feed's back
    catalogue) can be in the newest about Canada–China, not in the newest of all. The
    list of all cannot show it: it is not new there, or its count never went."""
    new = NewHeadlines(OPENED)
    recent = [item(f"x{n}", -60, relevant=False) for n in range(3)]
    new.note(recent, [])
    new.note(recent, [item("older", 5)])
    assert (new.count(True), new.count(False)) == (0, 1)
    assert new.keys(True) == frozenset() and new.keys(False) == {"older"}
