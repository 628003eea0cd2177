"""Rich ``Text`` builders for the panels. Feed text only ever enters as ``Text``
(never markup), so `[bold]` or `[@click=...]` in a headline shows literally."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.visual import visualize

from ..wording import fmt_rate, next_words, renewed_words, renews, state_marks

if TYPE_CHECKING:
    from textual.widgets import Static

    from ..ledger import MeasureState

IRRITANTS = ("agriculture", "seafood", "ev", "steel_aluminum", "tourism")
# Neutral is "◦", not "•": the headline list's first column marks unread with "•", and a
# user read "•  11-29  Alpha News  •  Carney and Xi …" as two marks of one kind.
DIRECTION_GLYPHS = {"warming": ("▲ warming", "green"), "cooling": ("▼ cooling", "red"),
                    "neutral": ("◦ neutral", "dim")}
STATUS_STYLES = {"in_force": "bold red", "suspended": "yellow", "removed": "green",
                 "restored": "green", "announced": "magenta", "none": "dim"}


def plain(text: str, style: str = "") -> Text:
    """Feed-derived or user text, never parsed as markup."""
    return Text(text, style=style, no_wrap=False)


def clip(text: str, width: int) -> str:
    """Shorten to ``width`` characters with an ellipsis (full text is in detail views)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def initialled(label: str) -> str:
    """A label of several words with its first word as an initial, for the narrowest card
    or table: "C. seed", "C. oil" and "C. meal" stay apart where "Canola…" would not."""
    first, _, rest = label.partition(" ")
    return f"{first[0]}. {rest}" if rest and len(first) > 3 else label


def state_text(state: MeasureState) -> Text:
    """'0% suspended' with the status coloured."""
    out = Text()
    if state.rate is not None and state.status not in ("removed", "none"):
        out.append(f"{fmt_rate(state.rate)} ", style="bold")
    out.append(state.status.replace("_", " "), style=STATUS_STYLES.get(state.status, ""))
    return out


def now_text(state: MeasureState) -> Text:
    """``state_text`` starred when its rate covers part of the product only ("0%
    suspended*"), as `status` and every panel mark it."""
    return state_text(state) + Text(state_marks(state), style="dim")


def until_text(state: MeasureState, on: date, upcoming: MeasureState | None = None,
               *, column: bool = False) -> Text:
    """'2026-12-31 (33 d)', red when within 30 days; with no end of its own, a change the
    ledger holds for later ('→ removed from 2026-12-15 (16 d)'); renewed, '2027-12-31 (376
    d, renewed)', or in a table's ``column`` 'renewed to 2027-12-31' (the longer form made
    the Tariffs table at 120 columns drop to its narrow form)."""
    if state.until is None:
        if upcoming is not None:
            return Text(next_words(upcoming, on), style="yellow")
        return Text("—", style="dim")
    if upcoming is not None and renews(state, upcoming):  # counted to its new end
        if column and upcoming.until is not None:
            return Text(f"renewed to {upcoming.until.isoformat()}", style="yellow")
        return Text(renewed_words(upcoming, on), style="yellow")
    left = state.days_left(on) or 0
    style = "bold red" if left <= 30 else ""
    return Text(f"{state.until.isoformat()} ({left} d)", style=style)


def direction_text(direction: str) -> Text:
    """▲ warming / ▼ cooling / ◦ neutral."""
    label, style = DIRECTION_GLYPHS.get(direction, ("?", ""))
    return Text(label, style=style)


def topics_text(topics: tuple[str, ...] | list[str]) -> Text:
    """Topic tags, e.g. 'agriculture seafood'."""
    out = Text()
    for i, topic in enumerate(topics):
        if i:
            out.append(" ")
        out.append(topic, style="cyan")
    return out


def thaw_style(value: float) -> str:
    """Warm colours above 50, cool below."""
    if value >= 55:
        return "bold green"
    if value <= 45:
        return "bold red"
    return "bold"


def local_time(moment: datetime) -> str:
    """A stored (UTC) time in the user's own zone, named: a grower in Saskatoon reads
    "2026-11-28 08:15 CST", not a UTC time six hours off."""
    return f"{moment.astimezone():%Y-%m-%d %H:%M %Z}"


def text_height(widget: Static, text: Text, width: int) -> int:
    """The lines ``text`` takes in ``widget`` at ``width`` cells (never read as markup)."""
    return visualize(widget, text, markup=False).get_height(widget.styles, width)


#: What ends a text cut to fit a small screen: the key that shows it whole.
CUT_MARK = "… (Enter)"


def fit_lines(text: Text, width: int, rows: int) -> Content:
    """``text`` wrapped to ``width`` cells, cut to ``rows`` lines with ``CUT_MARK``
    at the end when it is longer: a small screen shows where it stops."""
    content = Content.from_rich_text(text)
    lines = content.wrap(width)
    if len(lines) <= rows or width <= len(CUT_MARK):
        return content
    last = lines[rows - 1].truncate(width - len(CUT_MARK)).rstrip()
    kept = [*lines[: rows - 1], Content.assemble(last, (CUT_MARK, "dim"))]
    return Content("\n").join(kept)
