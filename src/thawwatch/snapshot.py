"""Everything the dashboard shows, gathered in one pass off the UI thread.

The TUI's widgets receive a ``Snapshot`` and never query the database themselves, so
rendering never blocks on I/O and every panel shows the same moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import feeds as feedstore
from .baseline import Baseline, changes_since, load_baseline
from .config import Config
from .decisions import (
    Decision,
    current_ledger,
    decision_states,
    news_ids,
    pending_changes,
    sync_seed_ledger,
)
from .items import Item, counts, headlines, now_utc, outlets_by_id
from .ledger import Event, Ledger, MeasureState
from .store import Store
from .thaw import ThawSummary, thaw_summary

HEADLINE_LIMIT = 2000


@dataclass(frozen=True)
class Snapshot:
    """One consistent view of ledger, baseline, headlines, feeds and the thaw index."""

    as_of: date
    ledger: Ledger
    baseline: Baseline
    states: tuple[MeasureState, ...]
    baseline_states: dict[str, MeasureState]
    changes: tuple[tuple[MeasureState, MeasureState], ...]
    headlines: tuple[Item, ...] = ()
    pending: tuple[Decision, ...] = ()
    # the pending changes accepting would change the ledger with: the ones the counts
    # and marks call "pending" (a headline restating the ledger waits, but is no news)
    news: frozenset[str] = frozenset()
    # by measure id: a change the ledger holds for a later day that ends today's state
    upcoming: dict[str, MeasureState] = field(default_factory=dict)
    # every decision's state ("pending", "accepted", "dismissed") by id and by change
    # (``decisions.decision_states``): a headline's screen says what became of its signals
    signal_states: dict[str, str] = field(default_factory=dict)
    # by measure id: what today's state comes to after it ends by itself (``after_end``)
    then: dict[str, MeasureState] = field(default_factory=dict)
    feeds: tuple[feedstore.Feed, ...] = ()
    thaw: ThawSummary = field(default_factory=ThawSummary)
    totals: dict[str, int] = field(default_factory=dict)
    stories: int = 0  # headlines stored: more than len(headlines) when the list is capped
    # the newest HEADLINE_LIMIT headlines about Canada–China (what the list shows by
    # default), and how many are stored: the newest of all can leave older ones out
    relevant: tuple[Item, ...] = ()
    relevant_stories: int = 0
    # by item id: "Feed name, 2026-12-01" for each accepted headline the ledger cites (a
    # lawyer citing a change needs the outlet and the day, not the bare link)
    outlets: dict[str, str] = field(default_factory=dict)

    def cited(self, source: str | None, event: Event | None) -> str:
        """A source as `ledger show` cites it: the outlet and day of an accepted headline
        first ("Audit Wire, 2026-12-01: https://…") when the source is that event's own
        (not one derived from it: "expired after 2027-12-31: …"), else as it is."""
        said = source or "—"
        if event is None or not event.item_id or source != event.source:
            return said
        outlet = self.outlets.get(event.item_id)
        return f"{outlet}: {said}" if outlet else said

    def pending_for(self, measure_id: str) -> list[Decision]:
        """Pending changes on one measure."""
        return [d for d in self.pending if d.measure == measure_id]

    def held_words(self) -> dict[str, str]:
        """Why accepting each pending decision that is no news (each headline of its
        change, by id) would change nothing: "the ledger has this already", or "overruled
        by the later word of …"; a headline's screen says it beside "pending", as `ledger
        pending` does."""
        from .decisions import not_news_words

        return {m.id: not_news_words(self.ledger, d) for d in self.pending
                if d.id not in self.news for m in (d, *d.also)}

    def news_for(self, measure_id: str | None = None) -> list[Decision]:
        """Pending changes (on one measure, or all) that the ledger does not have yet."""
        return [d for d in self.pending if d.id in self.news
                and measure_id in (None, d.measure)]

    def all_feeds_failing(self) -> int:
        """How many feeds there are when every one failed on its last try (offline, or
        every server down), else 0: the empty panels then say so, not "press r"."""
        tried = [f for f in self.feeds if f.last_attempt is not None]
        if not tried or len(tried) < len(self.feeds) or any(f.failures == 0 for f in tried):
            return 0
        return len(tried)

    def headlines_for(self, topic: str, limit: int = 3) -> list[Item]:
        """The latest relevant headlines tagged with ``topic``."""
        found = [i for i in self.headlines if topic in i.topics]
        return found[:limit]


def load_snapshot(db_path: Path, config: Config, as_of: date,
                  written: Callable[[], None] | None = None) -> Snapshot:
    """Read everything the dashboard needs from the database at ``db_path``.

    ``written`` is called after the load's own writes (the seed ledger's copy, the
    config's feeds), before it reads anything: the dashboard's writes watch looks then,
    so that it does not take those writes for another process's and reload for them,
    while a write of another's after that look still makes it reload."""
    baseline = load_baseline()
    with Store.open(db_path) as store:
        sync_seed_ledger(store, current_ledger(None))  # the bundled ledger: no read yet
        feedstore.sync_config(store, config.feeds, now_utc())
        if written is not None:
            written()
        ledger = current_ledger(store)
        newest = tuple(headlines(store, limit=HEADLINE_LIMIT))
        capped = len(newest) >= HEADLINE_LIMIT
        about = (tuple(headlines(store, limit=HEADLINE_LIMIT, relevant_only=True)) if capped
                 else tuple(i for i in newest if i.relevant))  # all stored: no second read
        totals = counts(store)
        pending = tuple(pending_changes(store, ledger))  # one per change, however many say it
        outlets = outlets_by_id(store, [ev.item_id for ev in ledger.events if ev.item_id])
        return Snapshot(
            as_of=as_of,
            ledger=ledger,
            baseline=baseline,
            states=tuple(ledger.states(as_of)),
            baseline_states={s.measure.id: s for s in ledger.states(baseline.baseline_date)},
            changes=tuple(changes_since(ledger, baseline, as_of)),
            headlines=newest,
            pending=pending,
            news=news_ids(ledger, pending),
            upcoming={m: nxt for m in ledger.measures
                      if (nxt := ledger.next_change(m, as_of)) is not None},
            signal_states=decision_states(store),
            then={m: after for m in ledger.measures
                  if (after := ledger.after_end(m, as_of)) is not None},
            feeds=tuple(feedstore.active_feeds(store, config)),
            thaw=thaw_summary(store, as_of),
            totals=totals,
            stories=totals["stories"] if capped else len(newest),
            relevant=about,
            relevant_stories=totals["relevant"] if capped else len(about),
            outlets=outlets,
        )
