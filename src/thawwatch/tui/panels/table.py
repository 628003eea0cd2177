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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # cursor outside the table while rows change
            return None

    def sync(self, rows: Sequence[tuple[str, Sequence[Text | str]]]) -> None:
        """Replace all rows, keeping the cursor on the same key (by key, not by index)."""
        keep = self.selected_key
        with self.app.batch_update():
            self.clear()
            for key, cells in rows:
                self.add_row(*(c if isinstance(c, Text) else Text(c) for c in cells), key=key)
            if keep is not None:
                try:
                    index = self.get_row_index(keep)
                except Exception:
                    index = 0
                self.move_cursor(row=index, animate=False, scroll=True)
