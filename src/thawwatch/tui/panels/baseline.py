"""Baseline: what the seed article established, and what the ledger says changed since."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ...vocab import TOPIC_LABELS
from ...wording import mark_notes, since_words, state_marks, state_words, then_words
from ..format import now_text
from ..scroll import KeyScroll
from . import PaintsOnMount

if TYPE_CHECKING:
    from ...snapshot import Snapshot


class BaselinePanel(PaintsOnMount, KeyScroll):
    """The changes since the article's date, then its claims by topic."""

    def compose(self) -> ComposeResult:
        yield Static("Loading the baseline…", id="baseline-body", markup=False)

    def show(self, snap: Snapshot) -> None:
        """Render the baseline and the changes since."""
        b = snap.baseline
        a = b.article
        out = Text()
        out.append(f"{a.title}\n", style="bold")
        out.append(f"{a.author}, {a.outlet}, {a.date.isoformat()}", style="italic")
        out.append(f"  ({a.date_note})\n\n", style="dim")
        # What changed comes first: it is what a reader opens the panel for (a dashboard
        # audit found it under some 35 lines of the article's history)
        out.append(f"What has changed since, to {snap.as_of.isoformat()} (ledger)\n",
                   style="bold underline")
        if not snap.changes:
            out.append(" nothing yet\n", style="dim")
        for base, now in snap.changes:
            out.append(f" • {now.measure.label}: ", style="bold")
            out.append(state_words(base) + state_marks(base), style="dim")
            out.append(" → ")
            out.append_text(now_text(now))
            if now.since:
                out.append(f" since {since_words(now)}")
            if now.until:
                out.append(f", until {now.until.isoformat()} "
                           f"({now.days_left(snap.as_of)} days left)", style="yellow")
                if (then := snap.then.get(now.measure.id)) is not None:
                    out.append(f"; {then_words(then)}", style="yellow")
            for note in mark_notes(now, named=False):  # what the marked rate covers
                out.append(f"\n   {note}", style="dim")
            cited = snap.cited(now.source, now.event)
            out.append(f"\n   source: {cited}\n", style="dim")
        changed = {now.measure.id for _, now in snap.changes}
        same = [s for s in snap.states if s.measure.id not in changed]
        # The same rate and status as at the baseline, but reached again (a suspension that
        # ran out): "unchanged" would hide that it moved in between.
        again = [s for s in same if _moved(snap, s.measure.id)]
        unchanged = [s for s in same if s not in again]
        if again:
            out.append("\nBack to their baseline state: ", style="bold")
            out.append(", ".join(f"{s.measure.label} ({state_words(s)}{state_marks(s)} again "
                                 f"since {s.since.isoformat()})" for s in again if s.since))
            out.append("\n")
        if unchanged:
            out.append("\nUnchanged since the baseline: ", style="bold")
            out.append(", ".join(f"{s.measure.label} ({state_words(s)}{state_marks(s)})"
                                 for s in unchanged))
            out.append("\n")
        for note in (n for s in same for n in mark_notes(s)):  # marked in those lists
            out.append(f" {note}\n", style="dim")
        out.append(f"\nWhat it established (baseline {b.baseline_date.isoformat()})\n",
                   style="bold underline")
        for topic, label in TOPIC_LABELS.items():
            claims = b.claims_for(topic)
            if not claims:
                continue
            out.append(f"\n{label}\n", style="bold cyan")
            for claim in claims:
                out.append(" • ")
                if claim.date:
                    out.append(f"{claim.date.isoformat()} ", style="dim")
                out.append(claim.summary + "\n")
        self.query_one("#baseline-body", Static).update(out)


def _moved(snap: Snapshot, measure_id: str) -> bool:
    """Whether the measure was in another state at some point between the baseline and
    now (an accepted change that only restated the state in force does not count)."""
    start = snap.baseline.baseline_date
    base = snap.baseline_states[measure_id]
    for event in snap.ledger.events_for(measure_id):
        if start < event.date <= snap.as_of:
            then = snap.ledger.state(measure_id, event.date)
            if (then.rate, then.status) != (base.rate, base.status):
                return True
    return False
