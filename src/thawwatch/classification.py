"""The classifier's results, as the store, CLI and TUI receive them.

Outside the ``signals`` package on purpose: a refresh's main process receives these from
the parser workers and stores them, and importing the rules engine just to unpickle them
cost it ~0.1 s of CPU in a cold refresh, while the workers needed both cores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


def _number(rate: float | None) -> float | int | None:
    if rate is None:
        return None
    return int(rate) if float(rate).is_integer() else rate


@dataclass(frozen=True)
class TariffSignal:
    """A stated change to one of the nine measures (see the interface page)."""

    measure: str
    action: str
    rate: float | None
    effective: date | None
    until: date | None
    evidence: str  # the matched phrase
    # the part of the measure's goods the headline names, when only part ("lobster and
    # crab" of all aquatic products); None when it names the whole
    scope: str | None = None
    # a duty back with no day of its own when the relief on it ends ("lets the pea tariff
    # pause lapse", "won't renew … when it expires"): the ledger knows that end, the
    # headline does not say it
    at_relief_end: bool = False
    # an extension by a length of time, from the end it extends ("extends the pea tariff
    # pause by a year", "for another 12 months"): the ledger knows that end, the headline
    # gives only the length, in months
    by_months: int | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"measure", "action", "rate", "effective", "until"}``, dates ISO or None;
        ``"scope"`` when the headline names part of the measure's goods only, and
        ``"at_relief_end": true`` for a duty back when its relief ends, ``"by_months": 12``
        for an extension by a year from the end it extends."""
        out = {
            "measure": self.measure,
            "action": self.action,
            "rate": _number(self.rate),
            "effective": self.effective.isoformat() if self.effective else None,
            "until": self.until.isoformat() if self.until else None,
        }
        if self.scope:
            out["scope"] = self.scope
        if self.at_relief_end:
            out["at_relief_end"] = True
        if self.by_months:
            out["by_months"] = self.by_months
        return out


@dataclass(frozen=True)
class Classification:
    """What the rules made of one item, and why (``reasons`` names the matched words)."""

    relevant: bool
    topics: tuple[str, ...]
    direction: str  # "warming" | "cooling" | "neutral"
    weight: float  # >= 0: how much this item moves the temperature
    score: float  # signed, Goldstein-like, -10..+10
    signals: tuple[TariffSignal, ...]
    reasons: tuple[str, ...]
