"""A DataTable with vim keys and row-key updates that keep the cursor on its row."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Literal

from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import Row, RowKey

from ..format import initialled

Rows = Sequence[tuple[str, Sequence[Text]]]


@dataclass(frozen=True)
class Squeeze:
    """How far a column may narrow so the flex column keeps its share of a narrow screen.

    ``cut``: ``"ellipsis"`` narrows only as far as needed and ends a cut cell with "…";
    ``"crop"`` goes straight to ``width`` and keeps the first cells (``▲ warming``: ``▲``);
    ``"tail"`` goes straight to ``width`` and keeps the last ones (``2026-11-28``: ``11-28``);
    ``"initials"`` narrows as ``"ellipsis"`` does, but a cut label of several words first
    tries its first word as an initial (``Canola seed``: ``C. seed``, not ``Canola…``);
    ``"drop"`` takes the column out of the table (``width`` unused): for a column whose
    text the panel shows elsewhere (a line under the table, a detail screen).
    """

    column: str  # the column's key
    width: int
    cut: Literal["ellipsis", "crop", "tail", "drop", "initials"] = "ellipsis"


@dataclass(frozen=True)
class ColumnSpec:
    """A column as added, before any cut or drop: what a re-built header shows."""

    key: str
    label: Text
    width: int | None  # None: as wide as its cells


def _cut(cell: Text, width: int, how: str) -> Text:
    """``cell`` in ``width`` cells, cut as ``how`` says (see ``Squeeze``)."""
    if cell.cell_len <= width:
        return cell
    if how == "tail":
        return cell[len(cell) - width:]
    if how == "initials" and len(short := initialled(cell.plain)) <= width:
        return Text(short, style=cell.style)
    out = cell.copy()
    out.truncate(width, overflow="crop" if how == "crop" else "ellipsis")
    return out


def _texts(cells: Sequence[Text | str]) -> list[Text]:
    """Cells as ``Text``: a ``str`` cell would be parsed as markup by DataTable. A list
    of ``Text`` already is returned as it is: the panels hand the same row again when
    nothing in it changed, and ``_fit`` knows its widths by that (see ``_cell_widths``)."""
    if isinstance(cells, list) and all(isinstance(c, Text) for c in cells):
        return cells  # type: ignore[return-value]  # (all Text: checked above)
    return [c if isinstance(c, Text) else Text(c) for c in cells]


def _same(shown: object, cell: Text) -> bool:
    """Whether a shown cell already looks like ``cell``.

    ``Text.__eq__`` compares only the characters and the spans, not the base style, so a
    title that went from bold (unread) to plain (read) would count as unchanged.
    """
    return shown is cell or (isinstance(shown, Text) and shown == cell
                              and shown.style == cell.style)


def _same_row(shown: Sequence[object], cells: Sequence[Text]) -> bool:
    """Whether every cell of a row already looks like the new one."""
    return len(shown) == len(cells) and all(map(_same, shown, cells))


class KeyedTable(DataTable):
    """Rows keyed by id; ``sync`` replaces content but keeps the selected row selected.

    Write rows only through ``sync`` and ``update_row``: ``sync`` skips the rows given as
    last time, so a cell changed behind its back would stay changed.
    """

    class ColumnsChanged(Message):
        """A fit left a column out of the table, or took one back (see ``Squeeze``): what
        the panel shows for the left-out columns elsewhere must follow."""

        def __init__(self, table: KeyedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> KeyedTable:
            return self.table

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    #: ``sync`` rebuilds when more than this share of the rows came or went (a new filter or
    #: search: a different list, shown from the top); below it, it patches the table.
    REBUILD_SHARE = 0.5

    #: The share of the table's width the flex column keeps, narrowing the ``squeeze``
    #: columns for it, when its cells are that wide.
    FLEX_SHARE = 0.4
    #: Cells the flex column wants whatever its share, up to ``FLEX_MOST`` of the width.
    FLEX_CELLS = 0
    FLEX_MOST = 0.6

    def __init__(self, *, id: str | None = None, flex: int | None = None,
                 squeeze: Sequence[Squeeze] = (), flex_min: int = 0,
                 fit_squeeze: Sequence[Squeeze] = ()) -> None:
        """``flex``: the index of the column that takes the room left (its cells are
        clipped to it); ``squeeze``: the columns that give up room to it on a narrow
        screen, in this order, each only while the flex column is short of its share.

        ``flex_min``: the fewest cells the flex column is worth; with less room left it
        leaves the table (the panel shows the cursor row's text whole elsewhere) and
        the other columns narrow by ``fit_squeeze`` until they fit. 0: the flex column
        is the table's main one and never leaves (the headline, a feed's error)."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.flex = flex
        self.squeeze = tuple(squeeze)
        self.flex_min = flex_min
        self.fit_squeeze = tuple(fit_squeeze)
        self._rows: Rows = ()
        self._room: int | None = None  # the flex column's width at the last fit
        self._cuts: dict[int, tuple[int, str]] = {}  # squeezed column -> (width, cut)
        self._fitted: tuple[int, bool] = (0, False)  # the width and scrollbar fitted for
        self._spec: list[ColumnSpec] = []  # every column as added, dropped ones too
        # id(row's cells) -> (the cells, their widths), for the rows last fitted
        self._widths: dict[int, tuple[Sequence[Text], list[int]]] = {}

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # cursor outside the table while rows change
            return None

    @property
    def dropped_columns(self) -> frozenset[str]:
        """The keys of the columns the screen is too narrow for (see ``Squeeze``)."""
        return frozenset(self._columns()[i].key for i in self._dropped())

    @property
    def row_keys(self) -> list[str]:
        """The row keys in display order."""
        return [row.key.value for row in self.ordered_rows if row.key.value is not None]

    # ------------------------------------------------------------------ fitting
    def _fit(self, rows: Rows) -> list[int]:
        """Find the room for the flex column so the table fits the screen without a
        horizontal scrollbar (``_clip`` shortens its cells to it).

        Returns each column's content width once clipped: its widest cell or its label
        (0 for a dropped one). Where the squeezed columns leave less than the flex
        column's label, it keeps what is left (label and cells cut with "…"), unless
        that is under a ``flex_min`` that is set: a table wider than the screen hid the
        end of every row behind a scrollbar the row cursor never moves.
        """
        labels = [column.label.cell_len for column in self._columns()]
        widths = [max(column) for column in zip(labels, *self._cell_widths(rows), strict=True)]
        self._room, self._cuts = None, {}
        if self.flex is None:
            return widths
        # With no rows the labels alone are fitted: a search with no results brought
        # every column back, its header cut at "Hea" behind a sideways scroll.
        width = self.size.width or self.app.size.width
        self._fitted = (width, False)
        fitted = self._fit_flex(list(widths), labels, width)
        return fitted or self._fit_without_flex(widths, width, len(rows))

    def _cell_widths(self, rows: Rows) -> list[list[int]]:
        """Each row's cell widths, measured once per row object: a refresh hands the
        2,000 headline rows again, nearly all of them the very lists of last time, and
        measuring every cell of every one took ~15 ms of each."""
        known, self._widths = self._widths, {}
        out = []
        for _, cells in rows:
            hit = known.get(id(cells))
            if hit is None or hit[0] is not cells:
                hit = (cells, [cell.cell_len for cell in cells])
            self._widths[id(cells)] = hit
            out.append(hit[1])
        return out

    def _fit_flex(self, widths: list[int], labels: list[int], width: int) -> list[int] | None:
        """The flex column's room: what the others leave once squeezed for its share
        (None: less than a ``flex_min`` that is set, the flex column leaves the table;
        without one it is the table's main column and stays, however narrow the screen)."""
        assert self.flex is not None
        others = sum(w + 2 * self.cell_padding for i, w in enumerate(widths) if i != self.flex)
        room = width - others - 5  # the flex column's padding, scrollbar, slack
        share = max(width * self.FLEX_SHARE, min(self.FLEX_CELLS, width * self.FLEX_MOST))
        want = min(math.ceil(share), widths[self.flex])
        natural = list(widths)
        short = self._squeeze(self.squeeze, widths, want - room)
        if short < 0:  # a drop freed more than was missing: the cut columns get it back
            short = self._give_back(widths, natural, short)
        room = want - short
        if self.flex_min and room < self.flex_min:
            return None
        if room > 0:  # it fits: the flex column keeps what is left, under its label too
            self._room = room
            widths[self.flex] = min(widths[self.flex], room)
        else:  # the others fill the screen: past its edge, the flex column stays readable
            self._room = max(room, 12)
            widths[self.flex] = max(labels[self.flex], min(widths[self.flex], self._room))
        return widths

    def _fit_without_flex(self, widths: list[int], width: int, count: int) -> list[int]:
        """The table with its flex column dropped, the others narrowed to fit.

        With no column taking the room left, the scrollbar's cells are kept free only
        while it shows (``count`` rows taller than the table): 80 columns hold the
        tariffs' seven columns exactly. The columns ``squeeze`` dropped stay out: the
        screen is narrower still than where they left.
        """
        assert self.flex is not None
        dropped = self._dropped() | {self.flex}
        self._room, self._cuts = None, {i: (0, "drop") for i in dropped}
        scrollbar = self._scrollbar_shows(count)
        self._fitted = (width, scrollbar)
        room = width - (self.styles.scrollbar_size_vertical if scrollbar else 0)
        total = sum(w + 2 * self.cell_padding for i, w in enumerate(widths) if i not in dropped)
        self._squeeze(self.fit_squeeze, widths, total - room)
        for i in dropped:
            widths[i] = 0
        return widths

    def _scrollbar_shows(self, count: int) -> bool:
        """Whether ``count`` rows need the vertical scrollbar (yes, before any layout)."""
        header = self.header_height if self.show_header else 0
        return not self.size.height or header + count > self.size.height

    def _squeeze(self, squeezes: Sequence[Squeeze], widths: list[int], short: int) -> int:
        """Narrow or drop columns in ``squeezes`` order while ``short`` cells are missing;
        returns how many still are (0 or less: enough). Records each cut in ``_cuts``."""
        index = {column.key: i for i, column in enumerate(self._columns())}
        for squeeze in squeezes:
            i = index[squeeze.column]
            if short <= 0:
                break
            if squeeze.cut == "drop":
                if self._cuts.get(i, (0, ""))[1] != "drop":
                    short -= widths[i] + 2 * self.cell_padding
                    widths[i], self._cuts[i] = 0, (0, "drop")
                continue
            if widths[i] <= squeeze.width:
                continue
            narrower = squeeze.width
            if squeeze.cut in ("ellipsis", "initials"):
                narrower = max(squeeze.width, widths[i] - short)
            short -= widths[i] - narrower
            widths[i] = narrower
            self._cuts[i] = (narrower, squeeze.cut)
        return short

    def _give_back(self, widths: list[int], natural: list[int], short: int) -> int:
        """Widen the columns ``_squeeze`` cut with "…" again, the last cut first, with the
        cells a later drop freed beyond what was missing (``-short``): at 80 columns the
        headlines' topics left the table and freed 8 cells, while the source stayed cut
        to "Reute…". Returns what is still spare, as ``short`` (0 or less)."""
        for i, (width, how) in reversed(list(self._cuts.items())):
            if short >= 0:
                break
            if how not in ("ellipsis", "initials") or width >= natural[i]:
                continue
            wider = min(natural[i], width - short)
            short += wider - width
            widths[i] = wider
            if wider >= natural[i]:
                del self._cuts[i]
            else:
                self._cuts[i] = (wider, how)
        return short

    def _dropped(self) -> set[int]:
        """The columns the last ``_fit`` took out of the table."""
        return {i for i, (_, how) in self._cuts.items() if how == "drop"}

    def _clip(self, cells: Sequence[Text]) -> list[Text]:
        """One row cut to the widths found by the last ``_fit``: its flex cell shortened to
        the room, its squeezed cells to theirs, its dropped cells left out."""
        out = list(cells)
        if self._room is not None and self.flex is not None:
            out[self.flex] = _cut(out[self.flex], self._room, "ellipsis")
        for i, (width, how) in self._cuts.items():
            if how != "drop":
                out[i] = _cut(out[i], width, how)
        dropped = self._dropped()
        return [cell for i, cell in enumerate(out) if i not in dropped]

    def _columns(self) -> list[ColumnSpec]:
        """Every column as added (read once, before any cut, drop or re-built header)."""
        if not self._spec:
            self._spec = [ColumnSpec(c.key.value or "", c.label,
                                     None if c.auto_width else c.width)
                          for c in self.ordered_columns]
        return self._spec

    def _show_columns(self) -> bool:
        """Put the columns the last ``_fit`` kept in the table, if they are not the ones
        there; True when the table was emptied to do so (its rows must be re-added)."""
        dropped = self._dropped()
        wanted = [c for i, c in enumerate(self._columns()) if i not in dropped]
        if [c.key for c in wanted] == [c.key.value for c in self.ordered_columns]:
            return False
        self.clear(columns=True)
        for column in wanted:
            self.add_column(column.label, width=column.width, key=column.key)
        self.post_message(self.ColumnsChanged(self))
        return True

    def on_resize(self) -> None:
        if self.flex is not None and self._fitted[0] and self._refit_needed():
            self.sync(self._rows)
        if self.row_count:
            self.call_after_refresh(self._cursor_into_view)

    def _refit_needed(self) -> bool:
        """Whether the last fit was for another width, or (flex column dropped) for a
        scrollbar that no longer shows or now does."""
        width, scrollbar = self._fitted
        if (self.size.width or self.app.size.width) != width:
            return True
        return self.flex in self._dropped() and self._scrollbar_shows(len(self._rows)) != scrollbar

    def _cursor_into_view(self) -> None:
        """After a resize, bring the cursor's row back on screen: a shorter terminal left
        it below the last line, and Enter opened a row the user could not see.

        Only a table on screen: a hidden one (no region) would put the cursor on its top line.
        """
        if self.region and self.row_count:
            self._scroll_cursor_into_view()

    # ------------------------------------------------------------------ updates
    def sync(self, rows: Sequence[tuple[str, Sequence[Text | str]]]) -> None:
        """Show ``rows``, keeping the cursor on the same key (by key, not by index).

        The cost follows the change, not the table: a refresh that brings a few new rows,
        changes a few cells and drops a few old rows adds, updates and drops just those,
        puts the rows in order in one pass, and keeps the cursor's row on the same screen
        line (the viewport shows the same items). Re-adding all 2,000 headlines instead
        froze the app for ~280 ms (bench/table_sync.py). When most rows are new (another
        filter or search) the table is rebuilt, and shown from the top unless the cursor's
        row is still in it (many new headlines): that keeps its line, as in a patch.
        """
        texts = [(key, _texts(cells)) for key, cells in rows]
        shown, room, cuts = dict(self._rows), self._room, self._cuts
        self._rows = texts
        widths = self._fit(texts)
        unchanged: set[str] = set()  # rows given as last time, clipped alike: on screen
        if room == self._room and cuts == self._cuts:
            unchanged = {key for key, cells in texts
                         if key in shown and _same_row(shown[key], cells)}
        keys = [key for key, _ in texts]
        before, keep = self.row_keys, self.selected_key
        line = self.cursor_row - round(self.scroll_y)  # the cursor's line on screen
        with self.app.batch_update():
            if self._show_columns():  # a column came or went: every row is re-added
                self._rebuild(texts, keep, line)
            elif self._small_change(before, keys):
                self._patch(before, texts, unchanged)
            else:  # the cursor's row, if still listed, keeps its screen line: a refresh that
                # brought more new rows than there were left it scrolled to the top for a
                # moment, where the headlines above it counted as seen
                self._rebuild(texts, keep, line)
            self._set_widths(widths)
            self._measured()

    def _measured(self) -> None:
        """Spare DataTable its measuring of the rows just added: on idle it renders every
        cell of each to widen its column (2,000 headlines, 12,000 cells: ~0.4 s of a
        frozen screen on each ``t``), where ``_set_widths`` has set every width already
        from the same clipped cells. Its idle pass still sets the scrollable size.
        (Rows are one line high and unlabelled here, the other things it measures them
        for; Textual is pinned at 8.2.8, and tests/test_table_sync.py checks the widths.)
        """
        self._new_rows.clear()

    def update_row(self, key: str, cells: Sequence[Text | str]) -> None:
        """Redraw one row in place (a read or star change), clipped as ``sync`` clips it.

        The row is remembered too, so a later re-fit (a resize) shows it as it is now.
        """
        if key not in {k for k, _ in self._rows}:
            return
        texts = _texts(cells)
        self._rows = [(k, texts if k == key else c) for k, c in self._rows]
        self._update_cells(key, self._clip(texts))

    def _small_change(self, before: Sequence[str], keys: Sequence[str]) -> bool:
        """Whether patching the table is right: it has rows and few of them came or went.

        Duplicate keys go to the rebuild, which reports them (``DuplicateKey``) as before.
        """
        old, new = set(before), set(keys)
        if not before or len(new) != len(keys):
            return False
        churn = len(new - old) + len(old - new)
        return churn <= self.REBUILD_SHARE * max(len(before), len(keys))

    def _rebuild(self, rows: Rows, keep: str | None, line: int | None = None) -> None:
        """Clear and re-add every row; the cursor stays on its key ``keep`` if it is
        still there, and on screen ``line`` if given (a column came or went on a resize:
        ``clear`` scrolled to the top, and the cursor came back on the bottom line)."""
        self.clear()
        self._fill(rows)
        if keep is None:
            return
        try:
            index = self.get_row_index(keep)
        except Exception:
            index, line = 0, None
        self.move_cursor(row=index, animate=False, scroll=True)
        if line is not None:
            self._set_virtual_height()  # now, not on idle: else the scroll is clamped
            self.scroll_to(y=max(index - line, 0), animate=False, immediate=True, force=True)

    def _fill(self, rows: Rows) -> None:
        """Add ``rows`` to the cleared table: what ``add_row`` does for each, done once.

        ``add_row`` re-sets the cursor and asks for an idle pass on every row (~0.1 s of
        the 2,000 headlines re-added on each ``t``). Duplicate keys go through ``add_row``,
        which reports them (``DuplicateKey``). The same internals as ``_order``; Textual
        is pinned at 8.2.8 and tests/test_table_sync.py checks rows, cells and cursor.
        """
        keys = [key for key, _ in rows]
        if len(set(keys)) != len(keys):
            for key, cells in rows:
                self.add_row(*self._clip(cells), key=key)
            return
        columns = [column.key for column in self.ordered_columns]
        for index, (key, cells) in enumerate(rows):
            row_key = RowKey(key)
            self._row_locations[row_key] = index
            self._data[row_key] = dict(zip_longest(columns, self._clip(cells)))
            self.rows[row_key] = Row(row_key, 1)
        self._require_update_dimensions = True
        self._update_count += 1
        self.cursor_coordinate = self.cursor_coordinate  # clamped to the rows, as add_row
        if rows and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does for a table's first row
        self.check_idle()

    def _patch(self, before: Sequence[str], rows: Rows, unchanged: set[str]) -> None:
        """Update changed cells, add new rows, drop gone ones, then restore order and view."""
        keep, row = self.selected_key, self.cursor_row
        line = row - round(self.scroll_y)  # the cursor's line on screen
        present = set(before)
        for key, cells in rows:
            if key in unchanged:
                continue
            if key in present:
                self._update_cells(key, self._clip(cells))
            else:
                self.add_row(*self._clip(cells), key=key)  # at the end; _order moves it
        keys = [key for key, _ in rows]
        if list(before) == keys:
            return
        wanted = set(keys)
        self._order(present - wanted, keys)
        self._set_virtual_height()  # now, not on idle: else the scroll below is clamped
        if keep in wanted:
            # The same row stays highlighted, so move the cursor without the watcher: it
            # would post RowHighlighted and scroll the cursor into view after the next
            # refresh (in a hidden table, onto the top line) over the scroll set below.
            index = keys.index(keep)
            self.set_reactive(DataTable.cursor_coordinate,
                              Coordinate(index, self.cursor_column))
        else:  # its row went: the cursor stays at its index, on the row that came next
            index = min(row, len(keys) - 1)
            self.cursor_coordinate = Coordinate(index, self.cursor_column)
        self.scroll_to(y=max(index - line, 0), animate=False, immediate=True, force=True)

    def _update_cells(self, key: str, cells: Sequence[Text]) -> None:
        """Write the cells of row ``key`` that differ from what it shows.

        No ``update_width``: for each cell narrower than its column, Textual re-measures the
        whole column (a resize that re-clipped 2,000 titles took 1 to 10 s); ``_set_widths`` sets
        the widths instead.
        """
        for column, cell in zip(self.ordered_columns, cells, strict=True):
            if not _same(self.get_cell(key, column.key), cell):
                self.update_cell(key, column.key, cell)

    def _order(self, gone: set[str], keys: Sequence[str]) -> None:
        """Drop the rows in ``gone`` and show the rest in ``keys`` order, in one pass.

        DataTable cannot insert at an index; ``remove_row`` renumbers every row for each
        removal (50 drops at 2,000 rows: ~75 ms) and ``sort`` gives its key function cell
        values, not row keys. This does once what each of them does per call, on the same
        internals (Textual is pinned at 8.2.8; tests/test_table_sync.py checks the order,
        the removal and the cursor through the public API).
        """
        for key in gone:
            del self.rows[RowKey(key)]
            del self._data[RowKey(key)]
        self._row_locations = TwoWayDict({RowKey(key): i for i, key in enumerate(keys)})
        self._update_count += 1  # as sort() does: the render caches are keyed by it
        self.refresh()

    def _set_widths(self, widths: Sequence[int]) -> None:
        """Make each auto-width column as wide as its widest shown cell (or its label).

        Columns shrink too when a long row goes or the screen narrows (clear() and
        update_cell() without update_width never shrink them), so ``_fit``'s sums hold. A
        label wider than its column ends with "…" rather than stopping mid-word.
        """
        relabelled = False
        dropped = self._dropped()
        kept = [i for i in range(len(self._columns())) if i not in dropped]
        for i, column in zip(kept, self.ordered_columns, strict=True):
            width, label = widths[i], self._columns()[i].label
            if column.auto_width:
                column.content_width = width
                how = self._cuts.get(i, (width, "ellipsis"))[1]  # "▲" is headed "D", not "…"
                shown = _cut(label, width, "ellipsis" if how == "ellipsis" else "crop")
                if shown.plain != column.label.plain:
                    column.label, relabelled = shown, True
        if relabelled:
            self._update_count += 1  # the header's render cache is keyed by it
        total = sum(c.get_render_width(self) for c in self.ordered_columns)
        self.virtual_size = Size(total, self.virtual_size.height)

    def _set_virtual_height(self) -> None:
        """The scrollable height for the rows now in the table (Textual updates it on idle)."""
        header = self.header_height if self.show_header else 0
        height = header + sum(row.height for row in self.rows.values())
        self.virtual_size = Size(self.virtual_size.width, height)
