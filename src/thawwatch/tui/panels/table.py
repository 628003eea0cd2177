"""A DataTable with vim keys and row-key updates that keep the cursor on its row."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


class KeyedTable(DataTable):
    """Rows keyed by id; ``sync`` replaces content but keeps the selected row selected."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None, flex: int | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.flex = flex
        self._rows: Sequence[tuple[str, Sequence[Text]]] = ()
        self._shown: Sequence[Sequence[Text]] = ()
        self._fitted_width = 0

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # cursor outside the table while rows change
            return None

    def _fit(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> list[list[Text]]:
        """Clip the flex column so the table fits the screen without a horizontal scrollbar."""
        out = [list(cells) for _, cells in rows]
        if self.flex is None or not out:
            return out
        width = self.size.width or self.app.size.width
        self._fitted_width = width
        labels = [c.label.cell_len for c in self.columns.values()]
        others = sum(
            max([labels[i], *(r[i].cell_len for r in out)]) + 2
            for i in range(len(labels)) if i != self.flex
        )
        room = max(width - others - 5, 12)  # the flex column's padding, scrollbar, slack
        for row in out:
            cell = row[self.flex]
            if cell.cell_len > room:
                clipped = cell.copy()
                clipped.truncate(room, overflow="ellipsis")
                row[self.flex] = clipped
        return out

    def on_resize(self) -> None:
        if self.flex is not None and self._rows and self.size.width != self._fitted_width:
            self.sync(self._rows)

    def sync(self, rows: Sequence[tuple[str, Sequence[Text | str]]]) -> None:
        """Show ``rows``, keeping the cursor on the same key (by key, not by index).

        Same keys in the same order: only changed cells are updated (a refresh that
        brought nothing new costs nothing). Otherwise the table is rebuilt in one batch.
        """
        texts = [(key, [c if isinstance(c, Text) else Text(c) for c in cells])
                 for key, cells in rows]
        previous, shown_before = self._rows, self._shown
        self._rows = texts
        fitted = self._fit(texts)
        self._shown = fitted
        if [k for k, _ in previous] == [k for k, _ in texts] and self.row_count == len(texts):
            self._update_changed([k for k, _ in texts], shown_before, fitted)
            return
        keep = self.selected_key
        with self.app.batch_update():
            self.clear()
            for (key, _), cells in zip(texts, fitted, strict=True):
                self.add_row(*cells, key=key)
            if keep is not None:
                try:
                    index = self.get_row_index(keep)
                except Exception:
                    index = 0
                self.move_cursor(row=index, animate=False, scroll=True)

    def _update_changed(self, keys: Sequence[str], before: Sequence[Sequence[Text]],
                        after: Sequence[Sequence[Text]]) -> None:
        columns = list(self.columns)
        with self.app.batch_update():
            for key, old, new in zip(keys, before, after, strict=True):
                for index, (a, b) in enumerate(zip(old, new, strict=True)):
                    if a != b:
                        self.update_cell(key, columns[index], b, update_width=True)
