"""Irritants: one card per trade irritant — its measures then and now, trend, headlines.

A card lays its text out for the room it has. With room to spare it reads as it always
did (a measure per line, its end date under it, the latest headlines wrapped); when room
is short (80×24) the lines close up: the sparkline fits the thaw line, a measure's end date
joins its line or gets a line of its own, headlines take one line each and only as space
allows, with "… more (Enter)" on the card's bottom edge when some are left out. The panel
gives a row more to a card that needs it, so every measure shows at 80×24 (and, where the
rows allow, what a starred measure covers and the newest headline: 100×30). Smaller still
(60×20, 80×16), each measure gets one line ("Pork 25%"); on a screen too small even for
that (40×12), every card keeps that line per measure and the panel scrolls to the focused
card.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Static

from ...vocab import TOPIC_LABELS
from ...wording import fmt_rate, mark_notes, next_words, renews, state_marks, state_words
from ..format import (
    direction_text,
    initialled,
    now_text,
    state_text,
    thaw_style,
)
from ..sparkline import sparkline
from ..spatial import OPPOSITE, neighbour
from . import PaintsOnMount

if TYPE_CHECKING:
    from ...baseline import Claim
    from ...items import Item
    from ...ledger import MeasureState
    from ...snapshot import Snapshot
    from ...thaw import ThawSummary

# Grid order (row-major, 2 columns): agriculture spans two rows, diplomacy two.
CARDS = ("agriculture", "seafood", "ev", "steel_aluminum", "diplomacy", "tourism")
SPARK_WIDTH = 28  # the thaw sparkline's width when the card has room for it
LABEL_WIDTH = 18  # the measure label's column in the roomy layout
BORDER = 2  # a card's top and bottom border lines
MORE = "… more (Enter)"  # on a card's bottom edge when headlines are left out
CLAIM_LINES = 3  # the baseline's diplomacy claim, squeezed, when headlines want room
# … when a measure's note is left out too (Enter lists headlines; the note is on the
# measure's screen, from the Tariffs panel), and when only a note is
MORE_NOTES = "… more: Enter, 2 Tariffs"
NOTES_ONLY = "… more: 2 Tariffs"


def _edge(heads_cut: bool, notes_cut: bool, width: int) -> str:
    """A card's bottom edge for what it left out: headlines (behind Enter), measures' notes
    (on their screens, from the Tariffs panel), or both; the short form where the long one
    does not fit ``width`` (the edge's corners and spaces take 4 cells)."""
    if notes_cut:
        wanted = MORE_NOTES if heads_cut else NOTES_ONLY
        if len(wanted) + 4 <= width:
            return wanted
        return MORE if heads_cut else "… more"
    return MORE if heads_cut else ""

Lines = list[Text]


def _wrap(text: Text, width: int, console: Console) -> Lines:
    """``text`` as the lines it takes at ``width`` cells."""
    if width <= 0:
        return []
    return list(text.wrap(console, width))


def _flat(blocks: Sequence[Lines]) -> Lines:
    return [line for block in blocks for line in block]


def _cut(text: Text, width: int) -> Text:
    """``text`` in one line of ``width`` cells, ending with "…" if it had to be cut."""
    out = text.copy()
    out.truncate(max(width, 0), overflow="ellipsis")
    return out


def _index_text(thaw: ThawSummary, topic: str) -> Text:
    """A topic's index as a card shows it, '53.0' in its colour; a dim '—' when no
    headline stands behind it: its 50 is then the formula's value for no data, and read
    as "neutral relations" (the first run, offline, showed 50.0 on every card)."""
    if not thaw.scored(topic):
        return Text("—", style="dim")
    value = thaw.by_topic.get(topic, 50.0)
    return Text(f"{value:4.1f}", style=thaw_style(value))


def _until_style(left: int | None) -> str:
    return "bold red" if left is not None and left <= 30 else "dim"


def _untils(state: MeasureState, on: Snapshot) -> list[str]:
    """How the end of a measure reads, longest first: "until 2026-12-31 (33 d)", then
    "until 12-31 (33 d)" when that date is less than a year away (so the year is clear),
    then just "33 d left". A state with no end of its own that a change the ledger holds
    ends: "→ removed from 2026-12-15 (16 d)", then "→ 12-15 (16 d)"; with neither, none.
    A renewal the ledger holds counts to its end: "until 2027-12-31 (398 d, renewed)". An
    end the ledger knows what follows of says it first: "until 12-31 (33 d), then 100%?"."""
    if state.until is None:
        upcoming = on.upcoming.get(state.measure.id)
        if upcoming is None:
            return []
        return [next_words(upcoming, on.as_of), next_words(upcoming, on.as_of, short=True)]
    upcoming = on.upcoming.get(state.measure.id)
    until = state.until
    if renews(state, upcoming):
        assert upcoming is not None
        if upcoming.until is None:
            return ["renewed, no end", "renewed"]
        until = upcoming.until
    left = (until - on.as_of).days
    renewed = ", renewed" if until != state.until else ""
    words = [f"until {until} ({left} d{renewed})"]
    if 0 <= left < 365:
        words.append(f"until {until:%m-%d} ({left} d)")
    if (then := on.then.get(state.measure.id)) is not None and not renewed:
        # what the end brings, where the grower looks first: "…, then 100%?" (presumed)
        after = (f"{fmt_rate(then.rate)}" if then.rate is not None and then.status == "in_force"
                 else state_words(then)) + ("?" if then.doubt is not None else "")
        words[:0] = [f"{words[0]}, then {after}"] + (
            [f"{words[1]}, then {after}"] if len(words) > 1 else [])
    words.append(f"{left} d left")
    return words


def _end_style(state: MeasureState, snap: Snapshot) -> str:
    """The end date's style (red within 30 days); a change the ledger holds: yellow."""
    upcoming = snap.upcoming.get(state.measure.id)
    if upcoming is not None and (state.until is None or renews(state, upcoming)):
        return "yellow"
    return _until_style(state.days_left(snap.as_of))


class IrritantCard(Static, can_focus=True):
    """One irritant; Enter shows its headlines."""

    class Opened(Message):
        """The user pressed Enter on a card: show the headlines of its topics."""

        def __init__(self, topics: tuple[str, ...], card: str) -> None:
            super().__init__()
            self.topics = topics
            self.card = card  # the card's id, to come back to

    BINDINGS = [Binding("enter", "open", "Headlines", show=True)]

    def __init__(self, topic: str) -> None:
        super().__init__(Text(TOPIC_LABELS[topic]), id=f"card-{topic}", markup=False,
                         classes="card")
        self.topic = topic
        self.border_title = TOPIC_LABELS[topic] if topic != "diplomacy" else "Diplomacy & US"
        self.snap: Snapshot | None = None

    @property
    def topics(self) -> tuple[str, ...]:
        """What the card covers: "Diplomacy & US" is diplomacy and the US factor."""
        return ("diplomacy", "us_factor") if self.topic == "diplomacy" else (self.topic,)

    def action_open(self) -> None:
        self.post_message(self.Opened(self.topics, self.id or ""))

    def show(self, snap: Snapshot) -> None:
        """Render this card from the snapshot (again on each resize: the layout follows
        the room)."""
        self.snap = snap
        self._paint()

    def on_resize(self) -> None:
        self._paint()

    def _paint(self) -> None:
        if self.snap is None:
            return
        width, height = self.content_size
        if width <= 0:  # not laid out yet: the resize paints again
            width, height = self.app.size.width // 2, self.app.size.height
        lines, note = self.lines(self.snap, width, height)
        self.border_subtitle = note
        self.update(Text("\n").join(lines), layout=False)

    # ------------------------------------------------------------------ layout
    def min_lines(self, snap: Snapshot, width: int) -> int:
        """The lines the card needs at ``width`` to show its thaw line and every measure."""
        lines = len(_flat(self._compact(snap, width)))
        wide = self._wide(snap, width)
        return lines if wide is None else min(lines, len(_flat(wide)))

    def roomy_lines(self, snap: Snapshot, width: int) -> int:
        """The lines for ``min_lines`` and, one line each, what the starred measures cover
        and the newest headline (or the line saying there is none yet): the note says what
        the star means, and no card's newest headline makes way for another's note."""
        return self.min_lines(snap, width) + len(self._notes(snap)) + 1

    def tight_lines(self, snap: Snapshot, thaw: bool) -> int:
        """The lines of the tight layout: a line per measure, under the thaw line if
        ``thaw``."""
        return len(self._states(snap)) + (1 if thaw else 0)

    def lines(self, snap: Snapshot, width: int, height: int) -> tuple[Lines, str]:
        """The card's lines for ``width`` × ``height`` cells, and the note for its bottom
        edge (``_edge``): where what was left out is, or how many measures were left out
        when not even a line each fits."""
        console = self.app.console
        extras, heads = self._extras(snap, width, console)
        wide = self._wide(snap, width)
        if wide is not None and len(_flat(wide)) + len(extras) <= height:
            return _flat(wide) + extras, ""
        measures = _flat(self._compact(snap, width))
        if len(measures) + len(extras) <= height:
            return measures + extras, ""
        if len(measures) > height:  # a line per measure, the thaw line first if it fits
            tight = self._tight(snap, width)
            if len(tight) > height:
                left = len(tight) - max(height, 0)
                return tight[:max(height, 0)], f"… {left} more: 2 Tariffs"
            if len(tight) == height:
                return tight, _edge(bool(heads), bool(self._notes(snap)), width)
            measures = [self._thaw(snap, width), *tight]
        lines, more, notes_cut = self._squeezed(snap, measures, heads, width, height,
                                                console)
        return lines, _edge(more, notes_cut, width)

    def _states(self, snap: Snapshot) -> list[tuple[MeasureState, str, bool]]:
        """This card's measures: state, baseline rate, whether a change is pending."""
        return [(s, fmt_rate(snap.baseline_states[s.measure.id].rate),
                 bool(snap.news_for(s.measure.id)))
                for s in snap.states if s.measure.topic in self.topics]

    def _heads(self, snap: Snapshot) -> list[Item]:
        """The card's latest headlines, newest first."""
        wanted = set(self.topics)
        return list(itertools.islice(
            (i for i in snap.headlines if not wanted.isdisjoint(i.topics)), 3))

    def _thaw(self, snap: Snapshot, width: int) -> Text:
        """'thaw 53.0 ▃▄▅', and for "Diplomacy & US" the US factor's index beside it (the
        card lists both topics' headlines; diplomacy's index alone hid a cold US factor).

        An index no headline stands behind reads 'thaw —' with no sparkline (a flat line
        is no trend); when the card lists headlines all the same (older than the index
        looks back), the line says so where it fits."""
        thaw = snap.thaw
        out = Text()
        out.append("thaw ", style="dim")
        for other in self.topics:
            if other != self.topic:
                out.append("US " if other == "us_factor" else f"{other} ", style="dim")
            out.append_text(_index_text(thaw, other))
            out.append(" ")
        room = min(SPARK_WIDTH, width - out.cell_len)
        if thaw.has_history(self.topic) and room > 0:
            out.append_text(sparkline(thaw.topic_series.get(self.topic, ()), room))
        elif not any(thaw.has_history(t) for t in self.topics) and self._heads(snap):
            words = (f"no headlines in the last {thaw.days} days", f"none in {thaw.days} d")
            fits = next((w for w in words if out.cell_len + len(w) <= width), None)
            if fits:
                out.append(fits, style="dim")
        return _cut(out, width) if out.cell_len > width else out

    def _wide(self, snap: Snapshot, width: int) -> list[Lines] | None:
        """The roomy layout (label column, end date on a line of its own), in blocks: the
        thaw line, then one per measure; None if a line would not fit ``width``."""
        blocks = [[self._thaw(snap, width)]]
        for state, base, pending in self._states(snap):
            line = Text()
            label = state.measure.label[:LABEL_WIDTH]
            if base == "—":  # a measure without a rate (group tours): no "— →", as below
                line.append(f"{label} ", style="bold")
            else:
                line.append(f"{label:<{LABEL_WIDTH}} ", style="bold")
                line.append(f"{base:>6} → ", style="dim")
            line.append_text(now_text(state))
            if pending:
                line.append("  ● pending", style="bold magenta")
            block = [line]
            if untils := _untils(state, snap):  # the longest wording that fits
                until = next((u for u in untils if LABEL_WIDTH + 1 + len(u) <= width),
                             untils[0])
                if ", then " in untils[0] and ", then " not in until:
                    return None  # what the end brings goes first: the close layout keeps it
                block.append(Text(f"{'':<{LABEL_WIDTH + 1}}{until}",
                                  style=_end_style(state, snap)))
            if any(part.cell_len > width for part in block):
                return None
            blocks.append(block)
        return blocks

    def _compact(self, snap: Snapshot, width: int) -> list[Lines]:
        """The close layout, in blocks as ``_wide``: labels and rates only as wide as this
        card's longest, the end date on the measure's line when it fits, else under it
        (short when it must be); a measure line that still does not fit wraps."""
        states = self._states(snap)
        label_width = max((len(s.measure.label[:LABEL_WIDTH]) for s, _, _ in states),
                          default=0)
        rate_width = max((len(base) for _, base, _ in states), default=0)
        console = self.app.console
        blocks = [[self._thaw(snap, width)]]
        for state, base, pending in states:
            head = Text()
            head.append(f"{state.measure.label[:LABEL_WIDTH]:<{label_width}} ", style="bold")
            bare = head.copy()
            if base != "—":  # a measure without a rate (group tours) has no "— →"
                head.append(f"{base:>{rate_width}} → ", style="dim")
            head.append_text(now_text(state))
            marks = [" ● pending", " ●"] if pending else [""]
            if head.cell_len + len(marks[-1]) > width:  # the state whole before the baseline
                head = bare + now_text(state)
            style = _end_style(state, snap)
            blocks.append(self._measure(head, marks, _untils(state, snap), style, width,
                                        console))
        return blocks

    def _tight(self, snap: Snapshot, width: int) -> Lines:
        """A line per measure, in the longest wording all of them fit: baseline → now,
        else the state now, else the rate alone for a measure in force ("Pork 25%") and
        the status alone otherwise ("suspended", then "susp."), then with labels
        initialled ("C. meal susp."); starred all the same for part of the product only. A
        line still too wide is cut with "…" before its star and pending mark, which stay."""
        forms: list[list[tuple[Text, Text]]] = [[], [], [], [], []]
        for state, base, pending in self._states(snap):
            label = Text(f"{state.measure.label} ", style="bold")
            was = Text(f"{base} → " if base != "—" else "", style="dim")  # no rate: no "— →"
            if state.status == "in_force" and state.rate is not None:
                brief = Text(fmt_rate(state.rate), style="bold")
            else:
                brief = state_text(state)[-len(state.status):]
            least = brief.copy()
            least.plain = least.plain.replace("suspended", "susp.")
            marks = Text(state_marks(state), style="dim")
            if pending:
                marks.append(" ●", style="bold magenta")
            bodies = (label + was + state_text(state), label + state_text(state),
                      label + brief, label + least,
                      Text(f"{initialled(state.measure.label)} ", "bold") + least)
            for form, body in zip(forms, bodies, strict=True):
                form.append((body, marks))
        lines = next((form for form in forms
                      if all(body.cell_len + marks.cell_len <= width for body, marks in form)),
                     forms[-2])  # initials only where they make every line fit
        return [body + marks if body.cell_len + marks.cell_len <= width
                else _cut(body, width - marks.cell_len) + marks for body, marks in lines]

    @staticmethod
    def _measure(head: Text, marks: Sequence[str], untils: Sequence[str], style: str,
                 width: int, console: Console) -> Lines:
        """One measure in the fewest lines: on one line if it fits with its end date, else
        the end on the next line; the longest wording that fits each time (the last of
        ``untils``, "33 d left", only on a line of its own)."""
        def with_mark(mark: str) -> Text:
            line = head.copy()
            if mark:
                line.append(mark, style="bold magenta")
            return line

        # What the end brings ("…, then 100%?") is what a grower looks for first: kept on a
        # line of its own rather than dropped to keep the measure on one line
        then = [u for u in untils[:-1] if ", then " in u]
        for until in then or untils[:-1]:  # all on one line, the date in it
            for mark in marks:
                line = with_mark(mark)
                line.append(f"  {until}", style=style)
                if line.cell_len <= width:
                    return [line]
        line = next((with_mark(m) for m in marks if with_mark(m).cell_len <= width),
                    with_mark(marks[-1]))
        block = _wrap(line, width, console)
        if untils:
            until = next((u for u in untils if len(u) + 2 <= width), untils[-1])
            block += _wrap(Text(f"  {until}", style=style), width, console)
        return block

    def _notes(self, snap: Snapshot) -> Lines:
        """What each starred measure's rate covers, as `status` prints it under its table
        ("* Canola meal: …"; the card's only measure goes unnamed: "* lobster and crab"),
        and which rates are presumed ("? Pork: presumed": the measure's screen says why)."""
        states = self._states(snap)
        return [Text(note, style="dim") for state, _, _ in states
                for note in mark_notes(state, named=len(states) > 1, short=True)]

    def _extras(self, snap: Snapshot, width: int, console: Console) -> tuple[Lines, list[Item]]:
        """What follows the measures when there is room: what the starred ones cover, the
        diplomacy claim and the latest headlines, wrapped, under "latest"; and those
        headlines."""
        lines: Lines = []
        for note in self._notes(snap):
            lines += _wrap(note, width, console)
        if self.topic == "diplomacy":
            for claim in snap.baseline.claims_for("diplomacy")[:1]:
                lines += _wrap(_claim(claim, snap), width, console)
        heads = self._heads(snap)
        if heads:
            lines.append(Text("latest", style="dim"))
        for item in heads:
            lines += _wrap(_headline(item), width, console)
        if not heads:
            lines += _wrap(Text(_no_headlines(snap), style="dim"), width, console)
        return lines, heads

    def _squeezed(self, snap: Snapshot, measures: Lines, heads: Sequence[Item], width: int,
                  height: int, console: Console) -> tuple[Lines, bool, bool]:
        """Every measure, then what fits of the starred measures' notes and the claim (cut
        with "…", a line kept for the newest headline) and the headlines, one line each
        (the newest first); whether any headline or the claim was left out (Enter shows
        those), and whether a note was (a measure's screen, Enter in the Tariffs panel,
        has it whole)."""
        lines, room, more = list(measures), height - len(measures), False
        # a note or headline cut to its line, and its whole text: the rows left at the end
        # give it back (cut while rows stayed empty under the card's last line)
        cut: list[tuple[int, Lines]] = []
        every_note = self._notes(snap)
        notes = every_note[:max(room - (1 if heads else 0), 0)]
        for note in notes:
            cut.append((len(lines), _wrap(note, width, console)))
            lines.append(_cut(note, width))
        room -= len(notes)
        if self.topic == "diplomacy":
            for claim in snap.baseline.claims_for("diplomacy")[:1]:
                text = _wrap(_claim(claim, snap), width, console)
                # keep a line for the newest headline; with headlines, the claim (a year
                # old) takes three at most: it took six of 80×24's eight, news one
                fits = max(room - (1 if heads else 0), 0)
                if heads:
                    fits = min(fits, CLAIM_LINES)
                if len(text) > fits:
                    more = True
                    text = text[:fits]
                    if text:
                        last = text[-1].copy()
                        last.rstrip()
                        text[-1] = _cut(last.append(" …"), width)
                lines += text
                room -= len(text)
        shown = heads[:max(room, 0)]
        for item in shown:
            cut.append((len(lines), _wrap(_headline(item), width, console)))
            lines.append(_cut(_headline(item), width))
        if len(shown) < len(heads):
            more = True
        if not heads and room > 0:
            lines.append(_cut(Text(_no_headlines(snap), style="dim"), width))
        return _unfolded(lines, cut, height), more, len(notes) < len(every_note)


def _unfolded(lines: Lines, cut: Sequence[tuple[int, Lines]], height: int) -> Lines:
    """``lines`` with each cut line (at its index, in order) given its whole text while
    the rows up to ``height`` allow: the first first (a note, the newest headline)."""
    spare = height - len(lines)
    whole: dict[int, Lines] = {}
    for index, wrapped in cut:
        if 1 < len(wrapped) <= spare + 1:
            whole[index] = wrapped
            spare -= len(wrapped) - 1
    return [line for index, line in enumerate(lines) for line in whole.get(index, [line])]


def _no_headlines(snap: Snapshot) -> str:
    """A card's words when no headline is tagged with it: "r refreshes", unless every feed
    failed on its last try (then r alone would fail again)."""
    if snap.all_feeds_failing():
        return "no headlines yet — every feed failed: 5 Feeds says why"
    return "no headlines yet — r refreshes"


def _claim(claim: Claim, snap: Snapshot) -> Text:
    """'2025-10-31 (baseline) Carney and Xi talked …': the article's claim, dated and
    marked as the baseline's, not news (a user read the undated paragraph as current)."""
    when = claim.date or snap.baseline.baseline_date
    out = Text(f"{when.isoformat()} (baseline) ", style="dim")
    out.append(claim.summary, style="italic")
    return out


def _headline(item: Item) -> Text:
    """'11-27 ▲ title': the date the user's own (local) date, as the item detail shows."""
    out = Text()
    out.append(f"{item.published.astimezone():%m-%d} ", style="dim")
    out.append_text(direction_text(item.direction)[:1])
    out.append(" ")
    out.append(item.title[:120])
    return out


def _split(total: int, first: int, second: int) -> tuple[int, int]:
    """Two rows sharing ``total``: as even as the minimums ``first``/``second`` allow
    (in proportion to them when both cannot be met)."""
    if first + second <= total:
        one = min(max(total // 2, first), total - second)
    else:
        one = round(total * first / max(first + second, 1))
    return one, total - one


def grid_rows(height: int, needs: Sequence[dict[str, int]]) -> tuple[int, ...] | None:
    """Row heights for the card grid so each card gets the lines it needs (border
    included), or None when the even split (the stylesheet's 1fr rows) already does.

    ``needs`` are the cards' needs from the roomiest layout to the tightest; the first
    that fits the height is met, and what is left over is shared out. When not even the
    tightest fits, every card gets that much anyway and the panel scrolls.

    Rows 1-2 hold agriculture (both), seafood and EVs; rows 3-4 steel & aluminum, tourism
    and diplomacy (both).
    """
    even = [height * (i + 1) // 4 - height * i // 4 for i in range(4)]  # as Textual splits
    first = needs[0]
    if (even[0] >= first["seafood"] and even[1] >= first["ev"]
            and even[0] + even[1] >= first["agriculture"]
            and even[2] >= first["steel_aluminum"] and even[3] >= first["tourism"]
            and even[2] + even[3] >= first["diplomacy"]):
        return None
    for need in needs:
        top = max(need["seafood"] + need["ev"], need["agriculture"])
        bottom = max(need["steel_aluminum"] + need["tourism"], need["diplomacy"])
        if top + bottom <= height or need is needs[-1]:
            break
    upper = min(max(height // 2, top), height - bottom) if top + bottom <= height else top
    lower = max(height - upper, bottom)
    return (*_split(upper, need["seafood"], need["ev"]),
            *_split(lower, need["steel_aluminum"], need["tourism"]))


class IrritantsPanel(PaintsOnMount, Grid):
    """A grid of irritant cards; arrows (or h j k l) move between them as they are drawn
    (see ``spatial``)."""

    BINDINGS = [
        Binding("down,j", "move('down')", "Card below", show=False),
        Binding("up,k", "move('up')", "Card above", show=False),
        Binding("right,l", "move('right')", "Card to the right", show=False),
        Binding("left,h", "move('left')", "Card to the left", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.snap: Snapshot | None = None
        self._rows: tuple[int, ...] | None = None
        #: The last move: (the way back, the card it left, the card it reached).
        self._last_move: tuple[str, str, str] | None = None

    def compose(self) -> ComposeResult:
        for topic in CARDS:
            yield IrritantCard(topic)

    def show(self, snap: Snapshot) -> None:
        """Render every card."""
        self.snap = snap
        if not self._fit_rows():
            self.call_after_refresh(self._fit_rows)  # once the cards are laid out
        for card in self.query(IrritantCard):
            card.show(snap)

    def on_resize(self) -> None:
        self._fit_rows()

    def _fit_rows(self) -> bool:
        """Give the rows the height their cards need to show every measure (and, where
        the room allows, the notes of starred measures with the newest headline); False
        if the cards are not laid out yet."""
        height = self.content_size.height
        cards = list(self.query(IrritantCard))
        if self.snap is None or height <= 0 or any(c.content_size.width <= 0 for c in cards):
            return False
        snap = self.snap
        needs = [{c.topic: BORDER + c.roomy_lines(snap, c.content_size.width) for c in cards},
                 {c.topic: BORDER + c.min_lines(snap, c.content_size.width) for c in cards}]
        needs += [{c.topic: BORDER + max(1, c.tight_lines(snap, thaw)) for c in cards}
                  for thaw in (True, False)]
        rows = grid_rows(height, needs)
        if rows != self._rows:
            self._rows = rows
            self.styles.grid_rows = rows
        return True

    def action_move(self, direction: str) -> None:
        """Focus the card drawn in ``direction`` from the focused one (the panel scrolls
        to it on a small screen); → then ← comes back to the card it left."""
        cards = {card.id: card for card in self.query(IrritantCard) if card.id}
        focused = self.screen.focused
        if not isinstance(focused, IrritantCard) or focused.id not in cards:
            next(iter(cards.values())).focus()
            return
        back, came_from, reached = self._last_move or ("", "", "")
        prefer = came_from if (direction, reached) == (back, focused.id) else None
        boxes = {key: card.virtual_region for key, card in cards.items()}
        target = neighbour(boxes, focused.id, direction, prefer=prefer)
        if target is None:
            return
        self._last_move = (OPPOSITE[direction], focused.id, target)
        cards[target].focus()
