"""The fixed vocabulary of the interface page (topics, directions, measures, actions).

Everything the classifier emits is drawn from these tuples, so the store, CLI and TUI can
rely on them.
"""

from __future__ import annotations

TOPICS = ("agriculture", "seafood", "ev", "steel_aluminum", "tourism", "diplomacy", "us_factor")
DIRECTIONS = ("warming", "cooling", "neutral")
MEASURES = (
    "ca-ev-surtax",
    "ca-steel-aluminum-surtax",
    "cn-canola-seed-ad",
    "cn-canola-oil",
    "cn-canola-meal",
    "cn-peas",
    "cn-pork",
    "cn-seafood",
    "cn-tourism-ads",
)
ACTIONS = ("impose", "raise", "lower", "suspend", "extend", "remove", "restore")
