"""Headlines → signals: relevance, topics, direction and tariff changes, by explainable rules.

Pure Python (no models, no Textual). The rules are data (``rules.toml``) that a user can
extend from the ``[signals]`` table of the config; every classification lists its reasons.
"""

from __future__ import annotations

from thawwatch.classification import Classification, TariffSignal
from thawwatch.signals.classify import classify
from thawwatch.signals.index import Observation, ThawIndex, thaw_index
from thawwatch.signals.rules import Rules, load_rules
from thawwatch.signals.vocab import ACTIONS, DIRECTIONS, MEASURES, TOPICS

__all__ = [
    "ACTIONS",
    "DIRECTIONS",
    "MEASURES",
    "TOPICS",
    "Classification",
    "Observation",
    "Rules",
    "TariffSignal",
    "ThawIndex",
    "classify",
    "load_rules",
    "thaw_index",
]
