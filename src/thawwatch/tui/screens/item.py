"""A headline's detail: summary as plain text, sources, why it was tagged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ...export import item_doc
from ...wording import signal_words
from ..format import direction_text, local_time, topics_text
from ..keybar import KeyBar
from ..scroll import KeyScroll

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...items import Item


#: What became of a headline's signal, as its screen says it
_STATE_WORDS = {"pending": "pending", "accepted": "accepted into the ledger",
                "dismissed": "dismissed"}


def signal_measure(item: Item, states: Mapping[str, str] | None) -> str | None:
    """The measure `m` opens: the first signal's still pending, else the first's."""
    if not item.signals:
        return None
    decided = item_doc(item, dict(states))["signals"] if states is not None else []
    pending = [s["measure"] for s in decided if s["state"] == "pending"]
    return pending[0] if pending else item.signals[0]["measure"]


def item_text(item: Item, states: Mapping[str, str] | None = None,
              held: Mapping[str, str] | None = None) -> Text:
    """Everything about one item, as plain Text (feed text never parsed as markup);
    ``states``: what the user decided on each signal (``Snapshot.signal_states``);
    ``held``: the pending decisions the ledger has already (``Snapshot.held_words``)."""
    out = Text()
    out.append(item.title + "\n", style="bold")
    out.append(f"{local_time(item.published)} · ", style="dim")
    out.append(", ".join(item.sources or (item.feed_name,)) + "\n", style="dim")
    # s and u change these: the user sees they did ("☆" is the list's starred and read:
    # not starred has no star)
    out.append("★ starred" if item.starred else "not starred", style="yellow" if
               item.starred else "dim")
    out.append(" · read\n" if item.read else " · unread\n", style="dim")
    link_style = "underline" if item.link else "dim"
    out.append((item.link or "(no usable link)") + "\n\n", style=link_style)
    if item.relevant:
        out.append("Canada–China: ", style="bold")
        out.append_text(direction_text(item.direction))
        out.append("  ")
        out.append_text(topics_text(item.topics))
        out.append("\n")
    else:
        out.append("Not about Canada–China relations or trade.\n", style="dim")
    from ...ledger_file import measure_label  # the ledger loads in the workers, not at start

    decided = ([s["state"] for s in item_doc(item, dict(states))["signals"]]
               if states is not None else [None] * len(item.signals))
    for index, (s, state) in enumerate(zip(item.signals, decided, strict=True)):
        change = signal_words(s)
        out.append(f"Tariff signal · {measure_label(s['measure'])}: {change}",
                   style="bold magenta")
        if state in _STATE_WORDS:  # (a copy of a story another feed carried: its change's)
            out.append(f" — {_STATE_WORDS[state]}", style="magenta")
            if state == "pending" and (why := (held or {}).get(f"{item.id}-{index}")):
                out.append(f" ({why}: accepting it would change nothing)", style="dim")
        out.append("\n")
    if "pending" in decided and (first := signal_measure(item, states)) is not None:
        out.append(f"m opens the {measure_label(first)} timeline, to accept or dismiss"
                   f"{' (2 Tariffs has the others)' if decided.count('pending') > 1 else ''}"
                   "\n", style="dim")
    out.append("\n")
    out.append(item.summary or "(no summary)")
    out.append("\n\n")
    if item.reasons:
        out.append("Why it was tagged\n", style="bold")
        for reason in item.reasons:
            out.append(f" • {reason}\n", style="dim")
    return out


class ItemScreen(Screen[None]):
    """Full-screen detail of one headline."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),  # as the help and the modals: one level
        Binding("o", "open_link", "Open link"),
        Binding("s", "star", "Star"),
        Binding("u", "toggle_read", "Read/unread"),
        Binding("m", "open_measure", "Measure"),
    ]

    def __init__(self, item: Item) -> None:
        super().__init__()
        self.item = item

    def _states(self) -> Mapping[str, str] | None:
        snap = getattr(self.app, "snapshot", None)
        return snap.signal_states if snap is not None else None

    def _held(self) -> Mapping[str, str] | None:
        snap = getattr(self.app, "snapshot", None)
        return snap.held_words() if snap is not None else None

    def compose(self) -> ComposeResult:
        with KeyScroll(id="item-box"):
            yield Static(item_text(self.item, self._states(), self._held()), id="item-body",
                         markup=False)
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """m only for a headline with a tariff signal."""
        return bool(self.item.signals) if action == "open_measure" else True

    def action_open_measure(self) -> None:
        """The measure of the headline's (first) signal: its timeline, and the pending
        change to decide (a user review: the headline said a change and led nowhere)."""
        if (measure := signal_measure(self.item, self._states())) is not None:
            self.app.open_measure(measure)  # type: ignore[attr-defined]

    def show(self, item: Item) -> None:
        """Redraw after a star or read change; one that lands before the screen is
        composed (Enter, u, Esc, Enter typed fast) is drawn by ``compose``."""
        self.item = item
        for body in self.query("#item-body").results(Static):
            body.update(item_text(item, self._states(), self._held()))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_open_link(self) -> None:
        self.app.open_item_link(self.item)  # type: ignore[attr-defined]

    def action_star(self) -> None:
        self.app.star_item(self.item.id)  # type: ignore[attr-defined]

    def action_toggle_read(self) -> None:
        self.app.mark_read(self.item.id, not self.item.read)  # type: ignore[attr-defined]
