"""Rule data: the bundled ``rules.toml`` plus the user's ``[signals]`` config table.

Rules are data so that a user can see why an item was classified the way it was and teach
the classifier new words without touching code. The user's table is merged on top of the
bundled one — lists are extended, numbers and strings replaced, new direction cues and
modifiers may be added — and validated strictly: an unknown key or a wrong type is a
:class:`~thawwatch.errors.ConfigError` whose one-line message names the key.
"""

from __future__ import annotations

import copy
import functools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from importlib import resources
from typing import Any

from thawwatch.errors import ConfigError
from thawwatch.signals import rules_cache
from thawwatch.signals.direction import DirectionRules
from thawwatch.signals.relevance import RelevanceRules
from thawwatch.signals.scan import Scanner
from thawwatch.signals.tariff_rules import TariffRules
from thawwatch.signals.terms import TermError, term_to_regex
from thawwatch.signals.topics import TopicRules
from thawwatch.signals.vocab import MEASURES, TOPICS

# Tables whose entries a user may add (with this template: key -> (type, required)).
_OPEN_TABLES: dict[str, dict[str, tuple[str, bool]]] = {
    "direction.cues": {
        "terms": ("terms", True),
        "score": ("number", True),
        "weight": ("number", False),
        "captures": ("count", False),
    },
    "direction.modifiers": {"terms": ("terms", True), "factor": ("number", True)},
}
_NOUNS = {
    "topics": "topic",
    "measures": "measure",
    "direction.verbs": "verb family",
    "direction.objects": "object class",
    "tariffs.actions": "action",
}
_CHOICES = {"side": ("CA", "CN"), "kind": ("barrier", "benefit")}
# Where a number must lie (first matching key pattern); scores are on the Goldstein-like
# -10..+10 scale the thaw index averages, and a weight or window past these is a typo.
_RANGES: tuple[tuple[str, float, float], ...] = (
    ("direction.verbs.*", -10, 10),
    ("direction.signal_scores.*", -10, 10),
    ("direction.cues.*.score", -10, 10),
    ("direction.modifiers.*.factor", -10, 10),
    ("direction.threshold", 0, 10),
    ("measures.*.baseline", -1, 1000),  # percent; -1: the measure has no rate
)
_ANY = (0, 1000)  # weights, windows, capture counts


@dataclass(frozen=True)
class Rules:
    """Compiled rules: one object per rule family, built once and shared."""

    data: Mapping[str, Any] = field(repr=False)
    relevance: RelevanceRules = field(repr=False)
    topics: TopicRules = field(repr=False)
    direction: DirectionRules = field(repr=False)
    tariffs: TariffRules = field(repr=False)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Rules:
        rules = cls(
            data=data,
            relevance=RelevanceRules.from_data(data["relevance"]),
            topics=TopicRules.from_data(data["topics"]),
            direction=DirectionRules.from_data(data["direction"]),
            tariffs=TariffRules.from_data(data["tariffs"], data["measures"]),
        )
        # Families asked about the same text share a scanner: one pass finds them all.
        Scanner([rules.relevance.ignore])  # the title and the summary, before anything
        Scanner(rules.relevance.sides)  # every sentence
        # the sentences of relevant items, for direction, tariffs and topics
        Scanner(rules.direction.matchers() + rules.tariffs.matchers() + [*rules.topics.family])
        return rules


@functools.cache
def _bundled_text() -> str:
    return resources.files("thawwatch.signals").joinpath("rules.toml").read_text("utf-8")


def bundled_data() -> dict[str, Any]:
    """A fresh copy of the bundled rule table."""
    return copy.deepcopy(_bundled_data())


@functools.cache
def _bundled_data() -> dict[str, Any]:
    data = tomllib.loads(_bundled_text())
    missing = set(TOPICS) ^ set(data["topics"])
    if missing or set(data["measures"]) != set(MEASURES):
        raise RuntimeError(f"bundled rules.toml out of step with the vocabulary: {missing}")
    return data


@functools.cache
def default_rules() -> Rules:
    """The bundled rules, compiled once per process (or loaded, compiled, from the cache)."""
    return rules_cache.load_or_build(_bundled_data(), Rules.from_data, Rules)


def load_rules(user: Mapping[str, Any] | None = None, *, where: str = "config") -> Rules:
    """Bundled rules with the user's ``[signals]`` table merged on top.

    ``where`` names the source in error messages (usually the config file's path).
    """
    if not user:
        return default_rules()
    return rules_cache.load_or_build(check_rules(user, where=where), Rules.from_data, Rules)


def check_rules(user: Mapping[str, Any], *, where: str = "config") -> dict[str, Any]:
    """The bundled rule table with the user's merged on top, checked but not compiled:
    every command checks the ``[signals]`` table (a few ms), not only those that classify.
    """
    if not isinstance(user, Mapping):
        raise ConfigError(f"{where}: signals: expected a table")
    merged = bundled_data()
    _merge(merged, user, "", where)
    return merged


def _fail(where: str, path: str, problem: str) -> ConfigError:
    return ConfigError(f"{where}: signals.{path}: {problem}")


def _merge(base: dict[str, Any], user: Mapping[str, Any], path: str, where: str) -> None:
    for key, value in user.items():
        here = f"{path}.{key}" if path else str(key)
        if key not in base:
            base[key] = _new_entry(path, key, value, here, where)
            continue
        current = base[key]
        if isinstance(current, dict):
            if not isinstance(value, Mapping):
                raise _fail(where, here, "expected a table")
            _merge(current, value, here, where)
        elif isinstance(current, list):
            base[key] = current + [t for t in _terms(value, here, where) if t not in current]
        elif isinstance(current, str):
            base[key] = _choice(key, value, here, where)
        elif isinstance(current, bool):
            if not isinstance(value, bool):
                raise _fail(where, here, "expected true or false")
            base[key] = value
        else:
            base[key] = _number(value, here, where, integer=isinstance(current, int))


def _new_entry(path: str, key: str, value: Any, here: str, where: str) -> dict[str, Any]:
    template = _OPEN_TABLES.get(path)
    if template is None:
        noun = _NOUNS.get(path, "key")
        hint = ""
        if path == "topics":
            hint = f" (expected one of {', '.join(TOPICS)})"
        elif path == "measures":
            hint = f" (expected one of {', '.join(MEASURES)})"
        raise _fail(where, here, f"unknown {noun}{hint}")
    if not isinstance(value, Mapping):
        raise _fail(where, here, "expected a table")
    entry: dict[str, Any] = {}
    for name, item in value.items():
        if name not in template:
            raise _fail(where, f"{here}.{name}", f"unknown key (expected {', '.join(template)})")
        kind, _required = template[name]
        sub = f"{here}.{name}"
        if kind == "terms":
            entry[name] = _terms(item, sub, where)
        else:
            entry[name] = _number(item, sub, where, integer=kind == "count")
    for name, (_kind, required) in template.items():
        if required and name not in entry:
            raise _fail(where, f"{here}.{name}", "missing")
    if path == "direction.cues":
        entry.setdefault("weight", 1.0)
    return entry


def _terms(value: Any, here: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, here, "expected a list of strings")
    for i, term in enumerate(value):
        try:
            term_to_regex(term)
        except TermError as exc:
            raise _fail(where, f"{here}[{i}]", str(exc)) from None
    return list(value)


def _number(value: Any, here: str, where: str, *, integer: bool = False) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, here, "expected a number")
    if integer and (not isinstance(value, int) or value < 0):
        raise _fail(where, here, "expected a whole number")
    low, high = next((r for pattern, *r in _RANGES if fnmatchcase(here, pattern)), _ANY)
    if not ((isinstance(value, int) or math.isfinite(value)) and low <= value <= high):
        raise _fail(where, here, f"expected a number from {low:g} to {high:g}, got {value}")
    return value if integer else float(value)


def _choice(key: str, value: Any, here: str, where: str) -> str:
    if not isinstance(value, str):
        raise _fail(where, here, "expected a string")
    allowed = _CHOICES.get(key)
    if allowed and value not in allowed:
        raise _fail(where, here, f"expected one of {', '.join(allowed)}")
    return value
