"""KeyedTable.sync on the headline table: the old rebuild against the patch that replaced it.

A headless app (``App.run_test(size=(120, 40))``) shows the headline table as the
dashboard does (same columns, flex title column, cells from ``HeadlinesPanel``), once with
the old ``sync`` (a copy below: any change of the key list cleared the table and re-added
every row) and once with the current one. Each case starts from 2,000 headlines with the
cursor on row 30 at screen line 10, then syncs:

  (a) the same list again (new ``Text`` objects, same content)
  (b) 5 new headlines at the top
  (c) 50 new at the top, 50 dropped at the end (the 2,000 cap)
  (d) a completely different list (another filter or search)
  (e) the same list with 5 headlines marked read (the old sync missed this: see the note)
  (f) the terminal widened from 100 to 120 columns (every clipped title re-fitted)

Columns: ``sync`` is the call itself (wall time); ``after`` is the UI thread's CPU time
until the change is on screen (DataTable's idle work: measuring new rows; then the
repaint); ``total`` is both: how long the app is frozen. Best of ``--runs``. ``rows``
says whether the table shows exactly the given keys in order, ``cursor`` whether the
cursor is on the same key, ``view`` whether that row is still on the same screen line,
``cells`` whether every cell shows the given text (or its clipped start) and style.

    /work/venv/bin/python bench/table_sync.py [--runs 5] [--rows 2000] [--no-resize]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult

from thawwatch.items import Item
from thawwatch.tui.panels.headlines import COLUMNS, HeadlinesPanel
from thawwatch.tui.panels.table import KeyedTable

Rows = list[tuple[str, list[Text]]]


class OldKeyedTable(KeyedTable):
    """``sync`` as it was before the patch (commit 3b1ee65), for comparison."""

    _shown: Sequence[Sequence[Text]] = ()

    def _fit(self, rows: Any) -> Any:  # the old _fit, verbatim
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
        room = max(width - others - 5, 12)
        for row in out:
            cell = row[self.flex]
            if cell.cell_len > room:
                clipped = cell.copy()
                clipped.truncate(room, overflow="ellipsis")
                row[self.flex] = clipped
        return out

    def sync(self, rows: Any) -> None:  # the old sync, verbatim
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

    def _update_changed(self, keys: Any, before: Any, after: Any) -> None:
        columns = list(self.columns)
        with self.app.batch_update():
            for key, old, new in zip(keys, before, after, strict=True):
                for index, (a, b) in enumerate(zip(old, new, strict=True)):
                    if a != b:
                        self.update_cell(key, columns[index], b, update_width=True)


class TableApp(App[None]):
    """Just the headline table, built as HeadlinesPanel builds it."""

    def __init__(self, table_class: type[KeyedTable]) -> None:
        super().__init__()
        self.table_class = table_class

    def compose(self) -> ComposeResult:
        table = self.table_class(id="headlines-table", flex=len(COLUMNS) - 1)
        table.add_column(" ", width=1, key="mark")
        for name in COLUMNS[1:]:
            table.add_column(name, key=name.lower())
        yield table


WORDS = ("China", "Canada", "canola", "peas", "lobster", "tariff", "Beijing", "Ottawa",
         "suspends", "cuts", "removes", "pork", "steel", "aluminum", "EV", "surtax", "talks",
         "trade", "minister", "exporters", "growers", "seafood", "crab", "quota", "review",
         "tourism", "visas", "meeting", "Carney", "Xi", "anti-dumping", "duty", "relief",
         "farmers")
FEEDS = ("Coastal Front", "Prairie Wire", "Globe Markets", "Pacific Desk", "Harbour Daily",
         "Ag Canada News", "Beijing Business Review", "Trade Law Weekly")
TOPICS = ("agriculture", "seafood", "ev", "steel_aluminum", "tourism", "diplomacy")


def make_items(count: int, start: int) -> list[Item]:
    """``count`` headlines, newest first, ids ``h{start}``…; deterministic."""
    anchor = datetime(2026, 11, 28, tzinfo=UTC)
    out = []
    for n in range(start, start + count):
        words = [WORDS[(n * 7 + j * 13) % len(WORDS)] for j in range(6 + n % 15)]
        when = anchor - timedelta(hours=n)
        out.append(Item(
            id=f"h{n}", feed_url=f"https://feed{n % 8}.example/rss", feed_name=FEEDS[n % 8],
            title=" ".join(words).capitalize(), link=f"https://news.example/{n}", summary="",
            published=when, first_seen=when, story=f"s{n}", read=n % 3 == 0,
            starred=n % 17 == 0, relevant=n % 4 != 0,
            topics=tuple(TOPICS[(n + j) % len(TOPICS)] for j in range(n % 3)),
            direction=("warming", "cooling", "neutral")[n % 3], score=0.0, weight=1.0,
            signals=(), reasons=(),
            sources=(FEEDS[n % 8], FEEDS[(n + 3) % 8]) if n % 5 == 0 else (),
        ))
    return out


PANEL = HeadlinesPanel()


def rows_of(items: Sequence[Item]) -> Rows:
    """The headline rows exactly as the dashboard builds them (fresh ``Text`` each time)."""
    return [(i.id, PANEL._cells(i)) for i in items]


def scenarios(count: int) -> list[tuple[str, Callable[[list[Item]], list[Item]]]]:
    """(label, new list from the base list)."""
    fresh = make_items(count + 100, 10_000_000)

    def marked_read(base: list[Item]) -> list[Item]:
        return [replace(i, read=True, starred=False) if 3 <= k < 8 else i
                for k, i in enumerate(base)]

    return [
        ("(a) nothing changed", lambda base: list(base)),
        ("(b) 5 new at the top", lambda base: fresh[:5] + base),
        ("(c) 50 new at top, 50 dropped", lambda base: fresh[:50] + base[:-50]),
        ("(d) a different list", lambda base: fresh[100:100 + len(base)]),
        ("(e) 5 marked read", marked_read),
    ]


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()


async def place_cursor(pilot: Any, table: KeyedTable) -> None:
    """Cursor on row 30, shown on screen line 10 (the table scrolled by 20 rows)."""
    table.move_cursor(row=30, scroll=False)
    table.scroll_to(y=20, animate=False, immediate=True)
    await settle(pilot)


def looks_like(shown: Any, given: Text) -> bool:
    """Same characters (or a clipped start of them) and the same styles."""
    if not isinstance(shown, Text) or shown.style != given.style:
        return False
    clipped = shown.plain.endswith("…") and given.plain.startswith(shown.plain[:-1])
    return shown.plain == given.plain or clipped


def checks(table: KeyedTable, rows: Rows, kept: str, line: int) -> tuple[bool, ...]:
    """Rows in order; cursor on the same key; that row on the same screen line; every cell
    showing what was given (text and style)."""
    keys = [k for k, _ in rows]
    in_order = table.row_keys == keys
    columns = [c.key for c in table.ordered_columns]
    cells = in_order and all(looks_like(table.get_cell(key, column), given)
                             for key, row in rows
                             for column, given in zip(columns, row, strict=True))
    if kept not in keys:  # the row went: nothing to keep
        return in_order, True, True, cells
    cursor = table.selected_key == kept
    view = cursor and table.cursor_row - round(table.scroll_y) == line
    return in_order, cursor, view, cells


async def measure(table_class: type[KeyedTable], count: int, runs: int,
                  resize: bool) -> list[tuple[str, float, float, tuple[bool, ...]]]:
    """Per case: best sync wall ms, best after-CPU ms, and the checks of the last run."""
    base = make_items(count, 0)
    app = TableApp(table_class)
    results = []
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(KeyedTable)
        table.focus()
        for label, change in scenarios(count):
            new_rows_items = change(base)
            best_sync = best_after = float("inf")
            result: tuple[bool, ...] = ()
            for _ in range(runs):
                table.sync(rows_of(base))
                await settle(pilot)
                await place_cursor(pilot, table)
                kept, line = table.selected_key or "", table.cursor_row - round(table.scroll_y)
                new_rows = rows_of(new_rows_items)
                gc.collect()
                t0 = time.perf_counter()
                table.sync(new_rows)
                t1 = time.perf_counter()
                c0 = time.thread_time()
                await settle(pilot)
                c1 = time.thread_time()
                best_sync = min(best_sync, t1 - t0)
                best_after = min(best_after, c1 - c0)
                result = checks(table, new_rows, kept, line)
            results.append((label, best_sync, best_after, result))
        if resize:
            best_sync = best_after = float("inf")
            result: tuple[bool, ...] = ()
            resize_runs = 1 if table_class is OldKeyedTable else runs  # the old one: ~10 s
            for _ in range(resize_runs):
                await pilot.resize_terminal(100, 40)
                table.sync(rows_of(base))
                await settle(pilot)
                await place_cursor(pilot, table)
                kept, line = table.selected_key or "", table.cursor_row - round(table.scroll_y)
                gc.collect()
                c0 = time.thread_time()
                await pilot.resize_terminal(120, 40)
                await settle(pilot)
                c1 = time.thread_time()
                best_after = min(best_after, c1 - c0)
                result = checks(table, list(table._rows), kept, line)
                result = (result[0] and table.max_scroll_x == 0, *result[1:])
            results.append(("(f) resize 100 -> 120 cols", 0.0, best_after, result))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case (best is shown)")
    parser.add_argument("--rows", type=int, default=2000, help="rows in the table")
    parser.add_argument("--no-resize", action="store_true", help="skip case (f)")
    args = parser.parse_args(argv)

    old = asyncio.run(measure(OldKeyedTable, args.rows, args.runs, not args.no_resize))
    new = asyncio.run(measure(KeyedTable, args.rows, args.runs, not args.no_resize))

    def ok(flags: tuple[bool, ...]) -> str:
        return " ".join("yes" if f else "NO " for f in flags)

    print(f"KeyedTable.sync, {args.rows} headline rows, 120x40, best of {args.runs} "
          "(ms; sync = the call, after = UI-thread CPU until painted)\n")
    head = (f"{'case':32} {'old sync':>8} {'after':>7} {'total':>7}   "
            f"{'new sync':>8} {'after':>7} {'total':>7}   {'old rows/cursor/view/cells':27}  "
            "new rows/cursor/view/cells")
    print(head)
    print("-" * len(head))
    for (label, os_, oa, ochk), (_, ns, na, nchk) in zip(old, new, strict=True):
        sync_old = f"{os_ * 1000:8.1f}" if os_ else f"{'—':>8}"
        sync_new = f"{ns * 1000:8.1f}" if ns else f"{'—':>8}"
        print(f"{label:32} {sync_old} {oa * 1000:7.1f} {(os_ + oa) * 1000:7.1f}   "
              f"{sync_new} {na * 1000:7.1f} {(ns + na) * 1000:7.1f}   {ok(ochk):27}  "
              f"{ok(nchk)}")
    print("\n(e): the old sync compared cells with Text ==, which ignores the base style, so a "
          "title going\nfrom bold (unread) to plain (read) was left bold; the new one "
          "updates it.\n(f): no sync column: the resize handler runs sync; 'rows' also "
          "checks there is no horizontal\nscrollbar. The old run is timed once (it takes "
          "seconds).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
