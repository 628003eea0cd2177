"""The fixed vocabulary of the interface page (topics, directions, measures, actions).

Everything the classifier emits is drawn from these tuples, so the store, CLI and TUI can
rely on them.
"""

from __future__ import annotations

from thawwatch.vocab import DIRECTIONS, MEASURE_IDS, SIGNAL_ACTIONS, TOPICS

MEASURES = MEASURE_IDS
ACTIONS = SIGNAL_ACTIONS

__all__ = ["ACTIONS", "DIRECTIONS", "MEASURES", "TOPICS"]
