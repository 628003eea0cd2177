"""Tariffs: both sides' measures in one table — baseline → now, since, until, source.

On a screen too narrow for every cell as written (under ~115 columns) the table closes up:
the baseline shows its rate alone (as on the cards), Until its month and day when the date
is less than a year away ("12-31 (33 d)": the day count makes the year plain; a later date
stays whole), a long product name ends with "…", and Source, the flex column, takes what
is left. Where that leaves Source under ``SOURCE_ROOM`` cells (about 96 columns) it leaves
the table: at 80 columns the other seven fit exactly; narrower, more columns leave
(``FIT_SQUEEZE``), so the table never scrolls sideways. The line under the table shows the
cursor's measure and its source whole, with the cells of the columns left out, at every
width, in as many lines as the longest measure's takes: the table's height does not
follow the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ...wording import (
    DOUBT_MARK,
    PART_MARK,
    fmt_rate,
    next_words,
    renews,
    since_words,
    state_marks,
    state_words,
    then_words,
)
from ..format import fit_lines, now_text, plain, text_height, until_text
from . import PaintsOnMount
from .table import KeyedTable, Squeeze

if TYPE_CHECKING:
    from datetime import date

    from ...ledger import MeasureState
    from ...snapshot import Snapshot

COLUMNS = ("Product", "By", "Baseline", "Now", "Since", "Until", "Pending", "Source")
#: On a narrow screen the product name gives way first (12 cells keep "Canola seed",
#: "Canola meal" and "Canola oil" apart).
SQUEEZE = (Squeeze("product", 12),)
#: With Source out of the table, a long product name is cut as far as needed (10 cells
#: when a vertical scrollbar shows at 80 columns): "C. seed" where its first word as an
#: initial fits, else with "…"; on a narrower screen Since, Pending, By and Baseline leave
#: in turn (the line under the table gives the cursor's), then the name narrows further:
#: no width scrolls the table sideways, and the three canola rows never read "Canola…".
FIT_SQUEEZE = (Squeeze("product", 10, cut="initials"), Squeeze("since", 0, cut="drop"),
               Squeeze("pending", 0, cut="drop"), Squeeze("by", 0, cut="drop"),
               Squeeze("baseline", 0, cut="drop"), Squeeze("product", 6, cut="initials"))
#: The columns whose cell the line under the table gives when the table leaves them out
#: (the label, "by" and the source are always on that line).
DETAIL_COLUMNS = ("baseline", "now", "since", "until", "pending")
_INDEX = {name.lower(): i for i, name in enumerate(COLUMNS)}  # column key -> position
#: What the flex column (Source) must keep for the cells to stay as written, and the
#: fewest cells it is worth in the table (the line under it has the source whole).
SOURCE_ROOM = 12
#: The flex column's padding, the scrollbar, slack: as KeyedTable reckons.
SLACK = 5
#: A panel whose long note and line would leave the table fewer rows than this (or than
#: the measures) is short: its note keeps only the star and the pending count, and the line
#: under the table two lines (Enter shows the measure whole)
SHORT_ROWS = 7
SHORT_DETAIL = 2
#: Marks a renewed relief's new end in the narrow table (the line under it says "renewed")
RENEWED = "↻"


def _short_until(state: MeasureState, on: date,
                 upcoming: MeasureState | None = None) -> Text:
    """'12-31 (33 d)' when the date is less than a year away, else the whole date; red
    within 30 days, as ``until_text``. Never a cut number. With no end of its own, a
    change the ledger holds for later: '→ 12-15 (16 d)'. Renewed, the new end whole and
    marked ``RENEWED`` ('↻ 2027-06-30', no wider than a date and its days: at 40 columns
    the table has nothing left to drop); yellow alone said it, which no colour-blind
    reader, nor a terminal without colour, could see."""
    if state.until is None:
        if upcoming is not None:
            return Text(next_words(upcoming, on, short=True), style="yellow")
        return Text("—", style="dim")
    if renews(state, upcoming):  # counted to its new end
        assert upcoming is not None
        if upcoming.until is None:
            return Text("renewed", style="yellow")
        return Text(f"{RENEWED} {upcoming.until.isoformat()}", style="yellow")
    left, until = state.days_left(on) or 0, state.until
    style = "bold red" if left <= 30 else ""
    if 0 <= left < 365:
        return Text(f"{until:%m-%d} ({left} d)", style=style)
    return Text(until.isoformat(), style=style)


def _short_base(base: MeasureState) -> Text:
    """The baseline as its rate ('100%'), or its status when it has none ('restored')."""
    if base.rate is None or base.status != "in_force":
        return Text(state_words(base))
    return Text(fmt_rate(base.rate))


def _short_now(state: MeasureState) -> Text:
    """The state now with its marks, a rate in force as the rate alone ('100%?'), as the
    narrow baseline is: the marks must not cost the Since column at 80 columns."""
    if state.rate is None or state.status != "in_force":
        return now_text(state)
    return Text(fmt_rate(state.rate), style="bold") + Text(state_marks(state), style="dim")


def detail(state: MeasureState, extra: Sequence[tuple[str, Text]] = (),
           then: MeasureState | None = None, source: str | None = None) -> Text:
    """The cursor's measure and its source whole: the table cuts the source (or leaves it
    out) and may cut the name. ``extra``: (column label, cell) for the columns a narrow
    screen left out of the table; ``then``: what the state comes to when it ends (the duty
    back at 100%, presumed unless extended); ``source``: the source as cited
    (``Snapshot.cited``), else the state's own. Plain text, never markup."""
    out = Text()
    out.append_text(plain(state.measure.label, style="bold"))  # the label alone in bold
    dim = f" · by {state.measure.imposed_by}"
    for label, cell in extra:
        if cell.plain in ("", "—"):  # no pending change, no date: nothing to say
            continue
        dim += " · " if label == "Pending" else f" · {label.lower()} "  # "1 pending"
        out.append(dim, style="dim")
        out.append_text(cell)
        dim = ""
    if then is not None:
        out.append(f"{dim} · ", style="dim")
        out.append(then_words(then, short=True), style="yellow")
        dim = ""
    out.append(f"{dim} · source: ", style="dim")
    out.append_text(plain(source or state.source or "—"))
    return out


def _widths(rows: list[tuple[str, list[Text]]]) -> list[int]:
    return [max([len(label), *(cells[i].cell_len for _, cells in rows)])
            for i, label in enumerate(COLUMNS)]


def _doubted(snap: Snapshot) -> bool:
    """Whether any rate now rests on a presumed or partly confirmed fact (marked "?")."""
    return any(state.doubt for state in snap.states)


class TariffsPanel(PaintsOnMount, Vertical):
    """The ledger as a table; Enter opens a measure's timeline and step chart. The line
    under the table shows the cursor's measure with its source."""

    DEFAULT_CSS = """
    TariffsPanel #tariffs-detail { height: auto; max-height: 50%; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.snap: Snapshot | None = None
        self._narrow: bool | None = None
        self._cells: dict[str, list[Text]] = {}  # each measure's row, as the table has it
        self._detail_for: tuple[str, ...] = ()  # the left-out columns the line was fitted for
        self._short: bool | None = None  # shown in the short form (a panel under SHORT rows)

    def compose(self) -> ComposeResult:
        yield Static("Loading the ledger…", id="tariffs-note", markup=False)
        table = KeyedTable(id="tariffs-table", flex=len(COLUMNS) - 1, flex_min=SOURCE_ROOM,
                           fit_squeeze=FIT_SQUEEZE)
        for name in COLUMNS:
            table.add_column(name, key=name.lower())
        yield table
        yield Static("", id="tariffs-detail", markup=False)

    def on_resize(self) -> None:
        if self.snap is not None and (self._narrow != self._is_narrow(self.snap)
                                      or self._short != self._is_short()):
            self.show(self.snap)
        else:
            self._fit_detail()

    def _is_short(self) -> bool:
        """Too few rows for the long note and line: at 40×12 they took 8 of 9, and the
        table showed 2 of the 9 measures. Decided by the rows they would leave the table
        (not by the screen's height: a taller screen must never show fewer measures)."""
        height, width = self.size.height, self.size.width - 2  # the note's padding
        if self.snap is None or not height or width <= 0:
            return False
        note = text_height(self.query_one("#tariffs-note", Static), self._long_note(self.snap),
                           width)
        tallest = self._tallest_detail(width, ())
        return height - note - tallest - 1 < min(len(self.snap.states), SHORT_ROWS)

    def _tallest_detail(self, width: int, dropped: tuple[str, ...]) -> int:
        """The lines the longest measure's line under the table takes at ``width``, with
        the ``dropped`` columns said in it."""
        assert self.snap is not None
        line = self.query_one("#tariffs-detail", Static)
        return max((text_height(line, self._detail(s, self._extra(s.measure.id, dropped)),
                                width)
                    for s in self.snap.states), default=1)

    def _detail(self, state: MeasureState, extra: Sequence[tuple[str, Text]]) -> Text:
        assert self.snap is not None
        return detail(state, extra, self.snap.then.get(state.measure.id), self.snap.cited(
            state.source, state.event))

    @on(KeyedTable.ColumnsChanged, "#tariffs-table")
    def _follow_columns(self) -> None:
        """The table re-fits itself (on a resize, or when the note above it changes its
        height and so the table's scrollbar) and may leave a column out or take one back:
        the line under it follows."""
        if self._dropped_for_detail != self._detail_for:
            self._fit_detail()
            self._show_detail()

    @property
    def _dropped_for_detail(self) -> tuple[str, ...]:
        dropped = self.query_one(KeyedTable).dropped_columns
        return tuple(c for c in DETAIL_COLUMNS if c in dropped)

    def _extra(self, key: str, dropped: tuple[str, ...]) -> list[tuple[str, Text]]:
        cells = self._cells.get(key)
        if not cells:
            return []
        return [(COLUMNS[_INDEX[c]], cells[_INDEX[c]]) for c in dropped]

    def _rows(self, snap: Snapshot, narrow: bool) -> list[tuple[str, list[Text]]]:
        rows = []
        for state in snap.states:
            m = state.measure
            base = snap.baseline_states[m.id]
            pending = snap.news_for(m.id)
            rows.append((m.id, [
                plain(m.label), Text(m.imposed_by),
                _short_base(base) if narrow else Text(state_words(base)),
                _short_now(state) if narrow else now_text(state),
                Text(since_words(state)),
                _short_until(state, snap.as_of, snap.upcoming.get(m.id)) if narrow
                else until_text(state, snap.as_of, snap.upcoming.get(m.id), column=True),
                Text(f"{len(pending)} pending", style="bold magenta") if pending else Text(""),
                plain(snap.cited(state.source, state.event)),
            ]))
        return rows

    def _is_narrow(self, snap: Snapshot, wide: list[tuple[str, list[Text]]] | None = None
                   ) -> bool:
        """Whether the cells as written (``wide``, made here when not given) leave Source
        less than ``SOURCE_ROOM``."""
        width = self.size.width or self.app.size.width
        widths = _widths(wide if wide is not None else self._rows(snap, narrow=False))
        others = sum(w + 2 for w in widths[:-1])
        return width - others - SLACK < SOURCE_ROOM

    def show(self, snap: Snapshot) -> None:
        """Render the snapshot's measure states."""
        self.snap = snap
        wide = self._rows(snap, narrow=False)
        self._narrow = self._is_narrow(snap, wide)
        self._short = self._is_short()
        self.query_one("#tariffs-note", Static).update(self._note(snap))  # first: its height
        table = self.query_one(KeyedTable)
        table.squeeze = SQUEEZE if self._narrow else ()
        rows = self._rows(snap, narrow=True) if self._narrow else wide
        self._cells = dict(rows)
        self._fit_detail()
        table.sync(rows)
        if self._dropped_for_detail != self._detail_for:  # the fit left out other columns
            self._fit_detail()
        self._show_detail()

    def _note(self, snap: Snapshot) -> Text:
        """The line above the table; short, what the star means and the pending count only
        (the top bar has the date, and Enter is in the help)."""
        total = len(snap.news)
        starred = any(state.scope for state in snap.states)
        if self._short:
            marks = (PART_MARK if starred else "") + (DOUBT_MARK if _doubted(snap) else "")
            what = {PART_MARK: "scope (Enter)", DOUBT_MARK: "not verified (Enter)"}.get(
                marks, "Enter explains")
            parts = [f"Now{marks}: {what}."] if marks else []
            parts += [f"{total} pending."] if total else []
            return Text(" ".join(parts))  # one line at 40 columns
        return self._long_note(snap)

    @staticmethod
    def _long_note(snap: Snapshot) -> Text:
        note = (f"As of {snap.as_of.isoformat()}: baseline {snap.baseline.baseline_date} → now. "
                "Enter: timeline and chart.")
        starred, doubted = any(state.scope for state in snap.states), _doubted(snap)
        if starred and doubted:  # no longer than the star's own sentence
            note += (f"  Now{PART_MARK}: part of product or quota; {DOUBT_MARK}: not verified"
                     " (Enter says which).")
        elif starred:
            note += (f"  Now{PART_MARK}: for part of the product, or under a quota (Enter"
                     " shows which).")
        elif doubted:
            note += (f"  Now{DOUBT_MARK}: presumed or partly confirmed, not verified (Enter"
                     " says why).")
        if total := len(snap.news):
            note += f"  {total} pending change(s) from headlines await review."
        return Text(note)

    def _fit_detail(self) -> None:
        """Make the line under the table as tall as the longest measure's at this width.

        As tall as the cursor's, it took one line or two as the cursor moved: the table
        under 80x16 gained and lost its scrollbar, and every row was re-fitted on each j/k.
        """
        line = self.query_one("#tariffs-detail", Static)
        width = self.size.width - line.styles.gutter.width
        if self.snap is None or width <= 0:
            return
        dropped = self._detail_for = self._dropped_for_detail
        tallest = self._tallest_detail(width, dropped)
        line.styles.height = min(tallest, SHORT_DETAIL) if self._short else tallest

    @on(DataTable.RowHighlighted, "#tariffs-table")
    def _show_detail(self) -> None:
        """Follow the cursor (a sync that keeps it on its row posts no highlight: ``show``
        calls this too)."""
        key = self.query_one(KeyedTable).selected_key
        states = {s.measure.id: s for s in self.snap.states} if self.snap else {}
        line = self.query_one("#tariffs-detail", Static)
        line.display = key in states
        extra = self._extra(key, self._dropped_for_detail) if key in states else []
        text = self._detail(states[key], extra) if self.snap and key in states else Text("")
        width = self.size.width - line.styles.gutter.width
        line.update(fit_lines(text, width, SHORT_DETAIL) if self._short and width > 0 else text)
