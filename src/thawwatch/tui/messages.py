"""Messages workers post to the app; bursts of progress collapse into one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # httpx and feedparser load only when a refresh runs
    from ..items import Item
    from ..refresh import FeedOutcome, RefreshReport
    from ..snapshot import Snapshot


@dataclass
class SnapshotReady(Message):
    """A fresh snapshot of everything the panels show."""

    snapshot: Snapshot
    seq: int = 0


@dataclass
class RefreshProgress(Message):
    """One more feed finished; only the latest matters if several queue up."""

    outcome: FeedOutcome
    done: int
    total: int
    new_so_far: int = 0  # new items stored by this refresh so far (collapsing loses none)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


@dataclass
class RefreshFinished(Message):
    """A refresh ended (the timer is re-armed only now, so refreshes never overlap)."""

    report: RefreshReport
    alerts: list[str]
    # the new headlines about Canada–China, for the status line (new items joining a
    # story are not; which headlines are new is the app's NewHeadlines, by story)
    new_relevant: int = 0


@dataclass
class SearchResults(Message):
    """Full-text search results for the Headlines panel."""

    query: str
    items: list[Item]
    again: bool = False  # the shown search run again after a refresh: no focus change


@dataclass
class LedgerChanged(Message):
    """A pending change was accepted or dismissed."""

    text: str
