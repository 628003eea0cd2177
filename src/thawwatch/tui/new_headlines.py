"""Which headlines are new since the dashboard opened and not yet in sight, by story.

A count alone assumed new headlines sit at the top of the list: a new feed's older-dated
headlines land further down, below the cursor, and were counted as "new above"; headlines
another process stored (cron's `thawwatch refresh`) were never counted at all. Here a
story is new when a load first lists it and it was first stored after the dashboard
opened (a refresh gives its items the time it began: one begun before the first load
that stores after it brings new ones too), and seen once the list shows its row or a row
above it (see the app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from ..items import Item, now_utc


class NewHeadlines:
    """The stories new since ``opened`` that no row on screen has shown yet."""

    def __init__(self, opened: datetime, clock: Callable[[], datetime] = now_utc) -> None:
        self.opened = opened  # UTC, whole seconds: as the store keeps first_seen
        self.clock = clock
        # story id -> (in the list of all, in the list about Canada–China): each list is
        # capped, and a story can be in one only (an older one about Canada–China)
        self._unseen: dict[str, tuple[bool, bool]] = {}
        self._listed: set[str] | None = None  # every story a load has listed (None: none yet)
        # a story first listed later is new if first stored since this (None: all are)
        self._stored_by: datetime | None = opened

    def note(self, listed: Iterable[Item], about: Iterable[Item] | None = None) -> None:
        """A load's lists: the newest headlines, ``listed``, and the newest about
        Canada–China, ``about`` (None: those of ``listed``). The stories in them for the
        first time that were stored since the dashboard opened are new (after the first
        load: since it, a refresh begun before it included). One no longer listed
        (pruned, or pushed past the list's end) can no longer be shown, and is let go;
        one new counts for the list it is in."""
        listed = list(listed)
        about = [i for i in listed if i.relevant] if about is None else list(about)
        items = {item.id: item for item in (*listed, *about)}
        lists = ({i.id for i in listed}, {i.id for i in about})
        where = {key: (key in lists[0], key in lists[1]) for key in items}
        if self._listed is None:  # the first load: what it lists is what was there,
            self._listed = set(items)  # but for what a refresh begun since then stored
            now = self.clock()  # (a time to come: stored under a clock that ran ahead)
            self._unseen = {k: where[k] for k, i in items.items()
                            if self.opened < i.first_seen <= now}
            # A refresh gives its items the time it began: cron's, begun before the
            # dashboard opened, stores them after. Only what the first load lists was
            # stored by then (as its newest, at most: the list is capped by publication).
            self._stored_by = (min(self.opened, max(i.first_seen for i in items.values()))
                               if items else None)
            return
        for key, item in items.items():
            if key in self._unseen:  # a copy about Canada–China makes its story so
                self._unseen[key] = where[key]
            elif key not in self._listed:
                self._listed.add(key)
                if self._stored_by is None or item.first_seen >= self._stored_by:
                    self._unseen[key] = where[key]
        for key in [k for k in self._unseen if k not in items]:
            del self._unseen[key]

    def __bool__(self) -> bool:
        """Whether any story is new and not yet seen."""
        return bool(self._unseen)

    def seen(self, keys: Iterable[str]) -> bool:
        """The rows of ``keys`` were shown; whether any of them was new."""
        before = len(self._unseen)
        for key in keys:
            self._unseen.pop(key, None)
        return len(self._unseen) != before

    def keys(self, everything: bool) -> frozenset[str]:
        """The new stories a full list holds: that of all, or that about Canada–China (a
        story the list cannot show is not counted there: it could never be seen)."""
        return frozenset(k for k, where in self._unseen.items() if where[not everything])

    def count(self, everything: bool) -> int:
        return sum(1 for where in self._unseen.values() if where[not everything])
