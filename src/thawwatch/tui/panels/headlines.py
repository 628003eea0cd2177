"""Headlines: newest first, one row per story, with feed(s), date, direction and topics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ...vocab import TOPIC_LABELS
from ..format import direction_text, plain, topics_text
from . import PaintsOnMount
from .table import KeyedTable, Squeeze

if TYPE_CHECKING:
    from ...items import Item

COLUMNS = ("", "Date", "Source", "Direction", "Topics", "Headline")
#: On a narrow screen the headline keeps its share of the width: topics and source narrow
#: first, then the date drops its year (11-28), then direction keeps just its arrow; under
#: ~55 columns topics and source leave the table (Enter shows both): at 40 columns the
#: headline has 22 cells, not 6.
SQUEEZE = (Squeeze("topics", 12), Squeeze("source", 12), Squeeze("date", 5, cut="tail"),
           Squeeze("topics", 6), Squeeze("source", 6), Squeeze("direction", 1, cut="crop"),
           Squeeze("topics", 0, cut="drop"), Squeeze("source", 0, cut="drop"))


def _mark(item: Item) -> Text:
    """'•' unread, '★' starred; a starred headline read is a dim '☆' (a star alone hid
    whether it was read: `u` seemed to do nothing)."""
    if item.starred:
        return Text("★", style="bold yellow") if not item.read else Text("☆", style="dim yellow")
    return Text("•", style="bold cyan") if not item.read else Text(" ")


#: The widest a source's name gets in the list (the headline's screen has it whole).
SOURCE_WIDTH = 22


def _sources(item: Item) -> Text:
    """The first source's name, a cut one ending with "…", and how many more carry it."""
    names = item.sources or (item.feed_name,)
    label = plain(names[0])
    label.truncate(SOURCE_WIDTH, overflow="ellipsis")
    if len(names) > 1:
        label.append(f" +{len(names) - 1}")
    return label


class HeadlineTable(KeyedTable):
    """Enter opens the headline at once, not through a RowSelected message: a key typed
    with it (Enter then u, in one terminal read) must find the headline's screen open, or
    the u applies to the list instead (marking read what the opening marks read too)."""

    #: The headline is what this list is for: at 80 columns it kept 32 cells ("China
    #: removes 25% tariff on Can…", pork or peas?) while the other columns had theirs whole;
    #: at 120, 48 while Topics kept 29 (a dashboard audit): it now wants 56 where there are.
    FLEX_CELLS = 56

    def action_select_cursor(self) -> None:
        key = self.selected_key
        if key is None:
            return
        self.app.open_headline(key)  # type: ignore[attr-defined]


class HeadlinesPanel(PaintsOnMount, Vertical):
    """The headline list; `/` searches, Enter opens, `o` opens the link. ``t`` lists only
    the relevant headlines (about Canada–China), which a business feed's other news can
    bury, and back, from a search or a topic's list too; a search finds both."""

    BINDINGS = [Binding("t", "toggle_everything", "Relevant/all")]

    class Toggled(Message):
        """``t``: list every headline, or the relevant ones only (the app keeps which, as
        the top bar's counts follow it)."""

    class RowsInSight(Message):
        """Other rows may be on screen (the list scrolled, or was filled or resized): new
        headlines among them are seen, if nothing covers the panel (the app decides). A
        burst of them (scrolling) is one."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, HeadlinesPanel.RowsInSight)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: dict[str, Item] = {}
        self.topics: tuple[str, ...] | None = None  # the topic filter (None: all)
        self.query_text: str | None = None
        self._all: Sequence[Item] = ()
        self._stored = 0  # headlines stored; more than _all when the list is capped
        self._about: Sequence[Item] = ()  # the newest of those about Canada–China
        self._about_stored = 0  # how many of those are stored
        self._found = 0  # search results before the topic filter (capped at SEARCH_LIMIT)
        self._made: dict[str, tuple[tuple[object, ...], list[Text]]] = {}  # id -> (shown, cells)
        self.new_keys: frozenset[str] = frozenset()  # new headlines not yet in sight

    def compose(self) -> ComposeResult:
        yield Static("", id="headlines-note", markup=False)
        table = HeadlineTable(id="headlines-table", flex=len(COLUMNS) - 1, squeeze=SQUEEZE)
        table.add_column(" ", width=1, key="mark")
        for name in COLUMNS[1:]:
            table.add_column(name, key=name.lower())
        yield table

    def on_mount(self) -> None:  # Textual runs PaintsOnMount's own on_mount too
        self.watch(self.table, "scroll_y", self._scrolled, init=False)

    def on_resize(self) -> None:
        self.post_message(self.RowsInSight())

    def show_note(self) -> None:
        """Redraw the note above the list (a refresh started or ended: an empty list's
        note says which)."""
        self._note(len(self.items))

    def _scrolled(self, scroll_y: float) -> None:
        self.post_message(self.RowsInSight())

    def keys_passed(self) -> list[str]:
        """The keys of the rows on screen and of those below them, which reading down the
        list comes to (a new feed's older headlines land there, and show unread); none
        while the list is hidden. The rows above are the ones that can be missed."""
        table = self.table
        if not table.region or not table.row_count:
            return []
        return table.row_keys[round(table.scroll_y):]

    def show_new(self, keys: frozenset[str]) -> None:
        """The app's new headlines not yet in sight: the note says how many of them the
        list holds above the rows on screen (a refresh keeps the cursor's line, so rows
        added above it are out of sight, and nothing on the list said so)."""
        if keys != self.new_keys:
            self.new_keys = keys
            if self.query("#headlines-note"):  # else composing: the note is drawn then
                self._note(len(self.items))

    def new_above(self) -> int:
        """How many new headlines the list holds above the rows on screen."""
        if not self.new_keys or not self.table.row_count:
            return 0
        return sum(1 for key in self.table.row_keys[:round(self.table.scroll_y)]
                   if key in self.new_keys)

    def search_box(self) -> Input:
        """The search input, mounted on first use (Input is costly to style at start-up)."""
        found = self.query("#search-input")
        if found:
            return found.first(Input)
        box = Input(placeholder="search headlines (Enter to search, Esc to close)",
                    id="search-input", classes="hidden")
        self.mount(box, before=0)
        return box

    def close_search_box(self) -> None:
        """Hide the search input (what is typed in it stays, for the next ``/``)."""
        for box in self.query("#search-input"):
            box.add_class("hidden")

    def search_open(self) -> bool:
        """Whether the search input is showing."""
        found = self.query("#search-input")
        return bool(found) and not found.first().has_class("hidden")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#headlines-table", KeyedTable)

    def show(self, items: Sequence[Item], stored: int | None = None,
             about: Sequence[Item] | None = None, about_stored: int | None = None) -> None:
        """Set the full list (from a snapshot: the newest headlines of ``stored``, and the
        newest of the ``about_stored`` about Canada–China, ``about``: with many stored, the
        newest of all can leave relevant ones out) and render it under the current filter."""
        self._all = items
        self._stored = len(items) if stored is None else stored
        self._about = [i for i in items if i.relevant] if about is None else about
        self._about_stored = len(self._about) if about_stored is None else about_stored
        if self.query_text is None:
            self._show_rows(self._listed())

    def show_search(self, query: str, items: Sequence[Item]) -> None:
        """Show search results instead of the full list, within the topic filter (the
        note says "tagged ev": so are the results)."""
        from ... import items as itemstore

        self.query_text = query
        self._found = len(items)  # one more than SEARCH_LIMIT: there are more matches
        self._show_rows(self._filtered(items[: itemstore.SEARCH_LIMIT]))

    def clear_search(self) -> None:
        """Back to the full list."""
        self.query_text = None
        self._show_rows(self._listed())

    def set_topics(self, topics: tuple[str, ...] | None) -> None:
        """Show only headlines tagged with one of ``topics`` (None: all)."""
        self.topics = topics
        self.query_text = None
        self._show_rows(self._listed())

    @property
    def everything(self) -> bool:
        """Whether the full list holds every headline, not only those about Canada–China."""
        return bool(getattr(self.app, "all_headlines", True))

    def action_toggle_everything(self) -> None:
        self.post_message(self.Toggled())

    def show_full_list(self) -> None:
        """The full list under the app's choice of all or relevant, leaving any search or
        topic filter (the cursor stays on its headline when it is still listed)."""
        self.query_text = None
        self.topics = None
        self._show_rows(self._listed())

    def _relevant_view(self) -> bool:
        """Whether the list shows the headlines about Canada–China (no search, no topic)."""
        return self.query_text is None and self.topics is None and not self.everything

    def _listed(self) -> list[Item]:
        """The full list as the current choice has it: every headline, those about
        Canada–China, or those tagged with the topic filter's topics."""
        if self._from_about():
            return self._filtered(self._about)
        return list(self._all)

    def _from_about(self) -> bool:
        """Whether the full list is drawn from the newest headlines about Canada–China:
        the relevant view, and a topic's list (only those are tagged with a topic, and
        among the newest of all, weeks of other news would leave a topic's list empty)."""
        return self.query_text is None and (self.topics is not None or not self.everything)

    def _filtered(self, items: Sequence[Item]) -> list[Item]:
        """``items`` within the topic filter (a search's results, or every headline)."""
        if self.topics is None:
            return list(items)
        wanted = set(self.topics)
        return [i for i in items if wanted.intersection(i.topics)]

    def _show_rows(self, items: Sequence[Item]) -> None:
        self.items = {i.id: i for i in items}
        rows = [(i.id, self._cells(i)) for i in items]
        self._made = {key: self._made[key] for key, _ in rows}
        self.table.sync(rows)
        self._note(len(items))
        self.post_message(self.RowsInSight())  # e.g. back from a search (no scroll need happen)

    def _cells(self, item: Item) -> list[Text]:
        """The row for ``item``: the very cells of last time when nothing shown changed,
        so the table passes over them at a glance (2,000 rows rebuilt and compared cell
        by cell cost ~30 ms on every snapshot)."""
        shown = (item.read, item.starred, item.published, item.sources, item.feed_name,
                 item.relevant, item.direction, item.topics, item.title)
        made = self._made.get(item.id)
        if made is not None and made[0] == shown:
            return made[1]
        cells = self._make_cells(item)
        self._made[item.id] = (shown, cells)
        return cells

    def _make_cells(self, item: Item) -> list[Text]:
        title = plain(item.title, style="" if item.read else "bold")
        return [_mark(item), Text(f"{item.published.astimezone():%Y-%m-%d}"), _sources(item),
                direction_text(item.direction) if item.relevant else Text("—", style="dim"),
                topics_text(item.topics), title]

    def _note(self, count: int) -> None:
        """What the list holds, saying so when it is not everything: the newest
        HEADLINE_LIMIT of all, or the best SEARCH_LIMIT matches."""
        from ... import items as itemstore

        searching = self.query_text is not None
        relevant = self._relevant_view()
        stored, listed = ((self._about_stored, len(self._about)) if self._from_about()
                          else (self._stored, len(self._all)))
        capped = self._found > itemstore.SEARCH_LIMIT if searching else stored > listed
        parts = [f"{count} headline(s)"]
        if capped and searching:
            parts = [f"the {count} best headline(s)"]
        elif capped and not self.topics:
            parts = [f"the newest {count} of {stored} headline(s)"]
        if searching:
            parts.append(f"matching {itemstore.shown_query(self.query_text)}")
        if self.topics:
            labels = " or ".join(TOPIC_LABELS.get(t, t) for t in self.topics)
            parts.append(f"tagged {labels}")
            if capped and not searching:
                parts.append(f"among the newest {listed} of {stored} about Canada–China")
        if capped and searching:
            parts.append("(more match: add words to narrow it)")
        if searching or self.topics:
            parts.append("(Esc clears)" if searching else "(Esc shows all)")
        # the headlines not about Canada–China, which t leaves out of the full list
        others = 0 if searching or self.topics is not None else self._stored - self._about_stored
        hidden = others if relevant else 0
        if hidden:
            parts.append(f"about Canada–China (t shows all, {hidden} more)")
        elif others and count:
            parts.append("(t: only those about Canada–China)")
        if not searching and self.topics is None and (above := self.new_above()):
            parts.insert(0, f"↑ {above} new above (g: newest) ·")
        if not count and not searching and self.topics is None and not hidden:
            snap = getattr(self.app, "snapshot", None)
            failing = snap.all_feeds_failing() if snap is not None else 0
            parts.append("— refreshing the feeds…" if getattr(self.app, "refreshing", False)
                         else f"— {'the feed' if failing == 1 else f'all {failing} feeds'}"
                         " failed on the last try (no network?): the Feeds panel (5) says"
                         " why; r tries again" if failing
                         else "— press r to refresh the feeds")
        self.query_one("#headlines-note", Static).update(Text(" ".join(parts)))

    def update_item(self, item: Item) -> None:
        """Redraw one row after read/star changes, in place."""
        if item.id not in self.items:
            return
        self.items[item.id] = item
        self._all = [item if i.id == item.id else i for i in self._all]
        self._about = [item if i.id == item.id else i for i in self._about]
        self.table.update_row(item.id, self._cells(item))

    @property
    def selected(self) -> Item | None:
        """The item under the cursor."""
        key = self.table.selected_key
        return self.items.get(key) if key else None
