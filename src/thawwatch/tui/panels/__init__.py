"""The dashboard's panels; each gets a Snapshot and renders it, never querying."""

from __future__ import annotations


class PaintsOnMount:
    """Mixin: a panel mounted after the data arrived (hidden panels mount lazily, after
    the first paint) asks the app to render it from the current snapshot."""

    def on_mount(self) -> None:
        paint = getattr(self.app, "paint_panel", None)  # type: ignore[attr-defined]
        if paint is not None:
            paint(self)
