"""Tariff signals another process stored, said as the dashboard's own refresh says them.

The README's setup is cron's `thawwatch refresh --due` beside an open dashboard: the
dashboard then sees the new pending changes by reloading (the database was written
elsewhere), and its own refreshes find nothing new, so a tariff change never raised an
alert there. Here a pending change that is news (``Snapshot.news``) and that no load has
shown before is alerted once; the dashboard's own refresh alerts its own (``quiet``). A
change that turns into news because the ledger changed (the user accepted another) is no
new headline.
"""

from __future__ import annotations

from ..decisions import change_text
from ..ledger_file import measure_label
from ..snapshot import Snapshot


class NewsFromElsewhere:
    """The pending changes each load shows for the first time, as alert lines."""

    def __init__(self) -> None:
        self._seen: frozenset[str] | None = None  # every change a load has shown (None: no load)

    def note(self, snap: Snapshot, quiet: bool) -> list[str]:
        """The alert lines for the changes ``snap`` shows for the first time; none for the
        first load (what was pending at start is no news) or a ``quiet`` one (the
        dashboard's own refresh alerted its own). A change once shown is never alerted
        again (dismissed, then brought back by an undo)."""
        # each headline of a change: another outlet's story of it, come later, may stand
        # for the change in this load, and is no news
        members = {d.id: {d.id, *(twin.id for twin in d.also)} for d in snap.pending}
        news = [d for d in snap.pending if d.id in snap.news]
        seen = self._seen
        # every change shown, news or not: one the ledger had (a duty back when its relief
        # ends) becomes news when the user accepts an extension; that headline is old
        self._seen = (seen or frozenset()).union(*members.values())
        if seen is None or quiet:
            return []
        return [f"Tariff signal · {measure_label(d.measure)}: {change_text(d, snap.ledger)}"
                f" — {d.title}" for d in news if not members[d.id] & seen]
