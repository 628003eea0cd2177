"""KeyedTable.sync patches the table (few rows came, went or changed) or rebuilds it (a
different list), and either way shows exactly the given rows, in order, as Text, with the
cursor on the same key and, when patching, on the same screen line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import ContentSwitcher, Static
from textual.widgets.data_table import RowDoesNotExist

from thawwatch.tui.panels.table import KeyedTable, Squeeze

Rows = list[tuple[str, list[Text | str]]]


class TableApp(App[None]):
    """One KeyedTable laid out as the headline table (a mark, a short column, a flex title),
    in a ContentSwitcher, as the dashboard's panels are: "other" hides it."""

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="t"):
            table = KeyedTable(id="t", flex=2)
            table.add_column(" ", width=1, key="mark")
            table.add_column("Key", key="key")
            table.add_column("Title", key="title")
            yield table
            yield Static("another panel", id="other")


def rows(keys: Sequence[str], *, read: Sequence[str] = ()) -> Rows:
    """One row per key; the title is bold unless the key is in ``read``."""
    return [(k, [Text("•"), Text(k), Text(f"title of {k}", style="" if k in read else "bold")])
            for k in keys]


def names(start: int, stop: int) -> list[str]:
    return [f"r{n:04d}" for n in range(start, stop)]


def shown(table: KeyedTable) -> list[str]:
    """The key column, read row by row in display order (what the user sees)."""
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def screen_line(table: KeyedTable) -> int:
    return table.cursor_row - round(table.scroll_y)


async def start(pilot: Any, keys: Sequence[str], *, down: int = 0, up: int = 0) -> KeyedTable:
    """Show ``keys``, then move the cursor ``down`` rows as j does (scrolling just enough
    to show it), then ``up`` rows with k. (80 presses of j took 5 s of the suite.)"""
    table = pilot.app.query_one(KeyedTable)
    table.focus()
    table.sync(rows(keys))
    await pilot.pause()
    for _ in range(down):
        table.action_cursor_down()
    await pilot.pause()
    await pilot.press(*["k"] * up)
    await pilot.pause()
    return table


def count_adds(table: KeyedTable, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the keys of the rows added from now on."""
    added: list[str] = []
    add_row = table.add_row

    def spy(*cells: Any, key: str | None = None, **kwargs: Any) -> Any:
        added.append(str(key))
        return add_row(*cells, key=key, **kwargs)

    monkeypatch.setattr(table, "add_row", spy)
    fill = table._fill  # a rebuild adds its rows in one go

    def spy_fill(rows: Any) -> None:
        added.extend(str(key) for key, _ in rows)
        fill(rows)

    monkeypatch.setattr(table, "_fill", spy_fill)
    return added


async def test_new_rows_above_keep_the_cursor_on_its_key_and_its_screen_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    keys = names(100, 400)
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, keys, down=60, up=10)  # scrolled, cursor mid-screen
        key, line, top = table.selected_key, screen_line(table), round(table.scroll_y)
        assert key == "r0150" and top > 0 and 5 < line < 30
        first_visible = table.row_keys[top]
        added = count_adds(table, monkeypatch)
        new = names(95, 100) + keys
        table.sync(rows(new))
        await pilot.pause()
        assert added == names(95, 100)  # only the new rows were added
        assert table.row_keys == new and shown(table) == new
        assert table.selected_key == key and table.cursor_row == 55
        assert screen_line(table) == line  # the viewport did not jump...
        assert table.row_keys[round(table.scroll_y)] == first_visible  # ...it shows the same rows
        await pilot.press("j")
        assert table.selected_key == "r0151"  # and moving on goes on from there


async def test_new_rows_while_the_table_is_hidden_keep_the_view() -> None:
    """A refresh lands while another panel is on screen (the table has no size)."""
    keys = names(100, 400)
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, keys, down=60, up=10)
        key, line = table.selected_key, screen_line(table)
        switcher = pilot.app.query_one(ContentSwitcher)
        switcher.current = "other"
        await pilot.pause()
        table.sync(rows(names(95, 100) + keys))
        await pilot.pause()
        switcher.current = "t"
        await pilot.pause()
        assert table.selected_key == key and screen_line(table) == line


async def test_rows_are_in_exactly_the_given_order() -> None:
    keys = names(0, 100)
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, keys, down=10)
        # new rows at the top, in the middle and at the end; some gone; two swapped
        new = ["n1", "n2", *keys[:20], "n3", *keys[21:40], keys[41], keys[40], *keys[42:95],
               "n4"]
        table.sync(rows(new))
        await pilot.pause()
        assert table.row_keys == new
        assert shown(table) == new
        assert [table.coordinate_to_cell_key((i, 0)).row_key.value
                for i in range(table.row_count)] == new
        assert table.selected_key == keys[10] and table.cursor_row == 12


async def test_changed_cells_are_updated_including_a_style_only_change() -> None:
    keys = names(0, 30)
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, keys)
        changed = rows(keys, read=["r0003"])  # the title goes from bold to plain
        changed[5] = ("r0005", [Text("★"), Text("r0005"), Text("a new title", style="bold")])
        table.sync(changed)
        await pilot.pause()
        title = table.get_cell("r0003", "title")
        assert title.plain == "title of r0003" and title.style == ""
        assert table.get_cell("r0004", "title").style == "bold"
        assert [str(c) for c in table.get_row("r0005")] == ["★", "r0005", "a new title"]
        assert table.row_keys == keys


async def test_removed_rows_are_gone_and_a_removed_cursor_row_leaves_it_in_place() -> None:
    keys = names(0, 60)
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, keys, down=45)
        assert table.selected_key == "r0045"
        new = keys[:40] + keys[50:]  # the cursor's row is among the ten dropped
        table.sync(rows(new))
        await pilot.pause()
        assert table.row_count == 50 and table.row_keys == new and shown(table) == new
        for key in keys[40:50]:
            with pytest.raises(RowDoesNotExist):
                table.get_row_index(key)
        assert table.cursor_row == 45 and table.selected_key == "r0055"


async def test_cells_are_text_so_markup_shows_literally() -> None:
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, names(0, 20))
        markup: Rows = [("m1", ["*", "[bold]x[/]", "[link=file:///etc/passwd]y[/link]"])]
        table.sync(markup + rows(names(0, 20)))  # patched in
        table.sync(markup + rows(names(0, 20)))
        await pilot.pause()
        for cell in table.get_row("m1"):
            assert isinstance(cell, Text) and not cell.spans
        assert [c.plain for c in table.get_row("m1")] == ["*", "[bold]x[/]",
                                                           "[link=file:///etc/passwd]y[/link]"]
        table.sync(markup + rows(names(500, 520)))  # a different list: rebuilt
        await pilot.pause()
        assert table.get_cell("m1", "key").plain == "[bold]x[/]"
        assert "[bold]x[/]" in "".join(s.text for s in table.render_line(1))


async def test_a_completely_different_list_is_shown_from_the_top(
        monkeypatch: pytest.MonkeyPatch) -> None:
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, names(0, 200), down=80)
        new = names(1000, 1150)
        added = count_adds(table, monkeypatch)
        table.sync(rows(new))
        await pilot.pause()
        assert added == new  # rebuilt
        assert table.row_keys == new and shown(table) == new
        assert table.cursor_row == 0 and table.scroll_y == 0


async def test_an_empty_list_and_back() -> None:
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, names(0, 50), down=5)
        table.sync([])
        await pilot.pause()
        assert table.row_count == 0 and table.row_keys == [] and table.selected_key is None
        table.sync(rows(names(0, 3)))
        await pilot.pause()
        assert table.row_keys == names(0, 3) and table.selected_key == "r0000"


async def test_the_flex_column_is_clipped_to_fit_and_refitted_on_resize() -> None:
    long = "a long headline about canola and peas " * 6
    async with TableApp().run_test(size=(80, 30)) as pilot:
        table = await start(pilot, names(0, 40))
        table.sync([(k, [Text(" "), Text(k), Text(long)]) for k in names(0, 40)])
        await pilot.pause()
        narrow = table.get_cell("r0000", "title")
        assert narrow.plain.endswith("…") and narrow.cell_len < 80
        assert table.max_scroll_x == 0  # no horizontal scrollbar
        await pilot.resize_terminal(110, 30)
        await pilot.pause()
        wide = table.get_cell("r0000", "title")
        assert wide.plain.endswith("…") and wide.cell_len == narrow.cell_len + 30
        assert table.max_scroll_x == 0


async def test_a_row_updated_in_place_stays_updated_after_a_resize() -> None:
    async with TableApp().run_test(size=(100, 30)) as pilot:
        table = await start(pilot, names(0, 10))
        table.update_row("r0002", [Text("★"), Text("r0002"), Text("title of r0002")])
        await pilot.pause()
        assert table.get_cell("r0002", "mark").plain == "★"
        await pilot.resize_terminal(90, 30)  # re-fits every row from what sync remembered
        await pilot.pause()
        assert table.get_cell("r0002", "mark").plain == "★"
        assert table.get_cell("r0002", "title").style == ""


class FloorApp(App[None]):
    """A table whose flex column has a floor (``flex_min``) and a column that leaves first
    to make room for it."""

    def compose(self) -> ComposeResult:
        table = KeyedTable(id="t", flex=2, flex_min=30, squeeze=(Squeeze("note", 0, "drop"),))
        for label in ("Key", "Note", "Title"):
            table.add_column(label, key=label.lower())
        yield table


async def test_a_column_dropped_for_the_flex_one_stays_out_when_that_leaves_too() -> None:
    """At 40 columns Note leaves to make room for Title, and Title, still under its floor,
    leaves too: Note came back, as if the screen were wider than where it left."""
    async with FloorApp().run_test(size=(40, 10)) as pilot:
        table = pilot.app.query_one(KeyedTable)
        table.sync([(k, [Text(k), Text("a note " * 3), Text("a long title " * 5)])
                    for k in names(0, 3)])
        await pilot.pause()
        assert table.dropped_columns == {"note", "title"}
        assert [c.key.value for c in table.ordered_columns] == ["key"]


@pytest.mark.parametrize("change", ["rebuild", "patch"])
async def test_columns_are_as_wide_as_their_widest_cell_without_datatable_measuring(
        change: str) -> None:
    """``sync`` sets each column's width itself and spares DataTable its measuring of the
    rows added (~0.4 s for 2,000 headlines on each ``t``): the widths must still follow
    the cells, wider and narrower, with nothing left for DataTable's idle pass to measure."""
    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, names(0, 40))
        measured: list[int] = []  # rows DataTable's idle pass measures, cell by cell
        update = table._update_dimensions
        table._update_dimensions = lambda new: (measured.append(len(new)), update(new))[1]
        wide = "k" * 30
        keys = [*names(0, 39), wide] if change == "patch" else [wide, *names(100, 140)]
        table.sync(rows(keys))
        await pilot.pause()
        assert not any(measured)
        key_column = table.ordered_columns[1]
        assert key_column.content_width == 30
        assert str(table.get_row_at(table.get_row_index(wide))[1]) == wide
        table.sync(rows(names(200, 240) if change == "rebuild" else names(0, 40)))
        await pilot.pause()
        assert key_column.content_width == len("r0000")  # narrower again
        header = 1 if table.show_header else 0
        assert table.virtual_size.height == header + 40  # DataTable's idle pass still ran


async def test_duplicate_keys_are_reported_not_shown_twice() -> None:
    """A list with one key twice (a bug upstream) raises DataTable's DuplicateKey, as
    add_row does, rather than showing two rows that share a key."""
    from textual.widgets.data_table import DuplicateKey

    async with TableApp().run_test(size=(120, 40)) as pilot:
        table = await start(pilot, names(0, 5))
        with pytest.raises(DuplicateKey):
            table.sync(rows(["x", "y", "x"]))
