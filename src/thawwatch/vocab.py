"""The fixed vocabulary of the interface page: topics, directions, measures, actions,
statuses. One place, so the ledger, the classifier, the store, the CLI and the TUI can
never disagree."""

from __future__ import annotations

TOPICS: tuple[str, ...] = (
    "agriculture", "seafood", "ev", "steel_aluminum", "tourism", "diplomacy", "us_factor",
)
# How people read the topics (the dashboard's cards, `status`'s text)
TOPIC_LABELS: dict[str, str] = {
    "agriculture": "Agriculture",
    "seafood": "Seafood",
    "ev": "Electric vehicles",
    "steel_aluminum": "Steel & aluminum",
    "tourism": "Tourism",
    "diplomacy": "Diplomacy",
    "us_factor": "US factor",
}
DIRECTIONS: tuple[str, ...] = ("warming", "cooling", "neutral")
MEASURE_IDS: tuple[str, ...] = (
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
SIGNAL_ACTIONS: tuple[str, ...] = (
    "impose", "raise", "lower", "suspend", "extend", "remove", "restore",
)
STATUSES: tuple[str, ...] = ("in_force", "suspended", "removed", "announced", "restored")
