"""Irritants: one card per trade irritant — its measures then and now, trend, headlines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Static

from ...wording import fmt_rate
from ..format import TOPIC_LABELS, direction_text, state_text, thaw_style
from ..sparkline import sparkline
from . import PaintsOnMount

if TYPE_CHECKING:
    from ...snapshot import Snapshot

# Grid order (row-major, 2 columns): agriculture spans two rows, diplomacy two.
CARDS = ("agriculture", "seafood", "ev", "steel_aluminum", "diplomacy", "tourism")


class IrritantCard(Static, can_focus=True):
    """One irritant; Enter shows its headlines."""

    class Opened(Message):
        """The user pressed Enter on a card: show the headlines of its topics."""

        def __init__(self, topics: tuple[str, ...]) -> None:
            super().__init__()
            self.topics = topics

    BINDINGS = [Binding("enter", "open", "Headlines", show=True)]

    def __init__(self, topic: str) -> None:
        super().__init__(Text(TOPIC_LABELS[topic]), id=f"card-{topic}", markup=False,
                         classes="card")
        self.topic = topic
        self.border_title = TOPIC_LABELS[topic] if topic != "diplomacy" else "Diplomacy & US"

    @property
    def topics(self) -> tuple[str, ...]:
        """What the card covers: "Diplomacy & US" is diplomacy and the US factor."""
        return ("diplomacy", "us_factor") if self.topic == "diplomacy" else (self.topic,)

    def action_open(self) -> None:
        self.post_message(self.Opened(self.topics))

    def show(self, snap: Snapshot) -> None:
        """Render this card from the snapshot."""
        out = Text()
        topics = self.topics
        value = snap.thaw.by_topic.get(self.topic, 50.0)
        out.append("thaw ", style="dim")
        out.append(f"{value:4.1f} ", style=thaw_style(value))
        out.append_text(sparkline(snap.thaw.topic_series.get(self.topic, ()), 28))
        out.append("\n")
        for state in snap.states:
            if state.measure.topic not in topics:
                continue
            base = snap.baseline_states[state.measure.id]
            out.append(f"{state.measure.label[:18]:<18} ", style="bold")
            out.append(f"{fmt_rate(base.rate):>6} → ", style="dim")
            out.append_text(state_text(state))
            if snap.pending_for(state.measure.id):
                out.append("  ● pending", style="bold magenta")
            out.append("\n")
            if state.until:
                left = state.days_left(snap.as_of)
                out.append(f"{'':<19}until {state.until} ({left} d)\n",
                           style="bold red" if left is not None and left <= 30 else "dim")
        if self.topic == "diplomacy":
            for claim in snap.baseline.claims_for("diplomacy")[:1]:
                out.append(Text(claim.summary, style="italic"))
                out.append("\n")
        latest = [i for i in snap.headlines if set(topics) & set(i.topics)][:3]
        if latest:
            out.append("latest\n", style="dim")
        for item in latest:
            out.append(f"{item.published:%m-%d} ", style="dim")
            out.append_text(direction_text(item.direction)[:1])
            out.append(" ")
            out.append(item.title[:120])
            out.append("\n")
        if not latest:
            out.append("no headlines yet — r refreshes\n", style="dim")
        self.update(out)


class IrritantsPanel(PaintsOnMount, Grid):
    """A grid of irritant cards; arrows or j/k move between them."""

    BINDINGS = [
        Binding("down,j", "move(1)", "Next card", show=False),
        Binding("up,k", "move(-1)", "Previous card", show=False),
        Binding("right,l", "move(1)", show=False),
        Binding("left,h", "move(-1)", show=False),
    ]

    def compose(self) -> ComposeResult:
        for topic in CARDS:
            yield IrritantCard(topic)

    def show(self, snap: Snapshot) -> None:
        """Render every card."""
        for card in self.query(IrritantCard):
            card.show(snap)

    def action_move(self, step: int) -> None:
        cards = list(self.query(IrritantCard))
        focused = self.screen.focused
        index = cards.index(focused) if focused in cards else -1
        cards[(index + step) % len(cards)].focus()
