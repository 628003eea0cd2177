"""Keyword terms → compiled regular expressions.

Rules are data a user can read and extend, so a term is a plain phrase, not a regex:

* matching is on word boundaries and ignores case, except that a term written only in
  capitals (``US``, ``EV``, ``ADS``, ``U.S.``) is matched case-sensitively, so "us" and
  "ads" never count;
* a trailing ``*`` on a word matches any ending (``suspen*`` → suspend, suspension, suspended);
* a space matches any run of spaces or hyphens, and a hyphen an optional one
  (``visa free`` and ``anti-dumping`` match "visa-free", "antidumping", "anti dumping");
* a term starting with ``re:`` is a raw Python regular expression, used as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

RAW_PREFIX = "re:"


class TermError(ValueError):
    """A term cannot be compiled (bad raw pattern or empty term)."""


def _is_case_sensitive(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_raw(term: str) -> bool:
    return term.startswith(RAW_PREFIX)


def term_to_regex(term: str) -> str:
    """Translate one term of the mini-syntax into a self-contained regex fragment."""
    if _is_raw(term):
        return _raw(term)
    return rf"(?<!\w){_plain(term)}"


def _raw(term: str) -> str:
    raw = term[len(RAW_PREFIX) :]
    try:
        re.compile(raw)
    except re.error as exc:
        raise TermError(f"bad pattern {term!r}: {exc}") from None
    return f"(?:{raw})"


def _plain(term: str) -> str:
    """A plain term's body with its trailing word boundary (the leading one is shared)."""
    return plain_shape(term).regex


@dataclass(frozen=True)
class Shape:
    """A plain term as a regex and as the pieces it is made of (what :mod:`scan` indexes)."""

    regex: str
    pieces: tuple[tuple[str, str], ...]  # (regex piece, "one" | "many" | "opt")
    ignore_case: bool


def plain_shape(term: str) -> Shape:
    text = term.strip()
    if not text.strip("*- \t\n\r"):  # "**" matched the empty string: every item had it
        raise TermError(f"empty term {term!r}")
    pieces: list[tuple[str, str]] = []
    for ch in text:
        if ch == "*":
            pieces.append((r"\w*", "opt"))
        elif ch.isspace():
            pieces.append((r"[\s\-]+", "many"))
        elif ch == "-":
            pieces.append((r"[\s\-]?", "opt"))
        elif ch in "'’":
            pieces.append((r"['’]", "one"))
        else:
            pieces.append((re.escape(ch), "one"))
    body = "".join(piece for piece, _ in pieces)
    ignore_case = not _is_case_sensitive(text)
    core = f"(?i:{body})" if ignore_case else f"(?:{body})"
    regex = core if text[-1] == "." else rf"{core}(?!\w)"
    return Shape(regex, tuple(pieces), ignore_case)


class Hit(NamedTuple):
    """One match of a term family in a piece of text (a named tuple: rules make many)."""

    start: int
    end: int
    text: str
    label: str = ""


class Matcher:
    """All the terms of one family compiled into a single alternation.

    ``plain`` and ``raw`` keep the alternatives in pattern order, so that a
    :class:`~thawwatch.signals.scan.Scanner` can find exactly the same hits faster; the
    scanner that took the matcher on notes itself in ``scanner`` and ``slot``."""

    __slots__ = ("label", "pattern", "plain", "raw", "scanner", "slot")

    def __init__(self, terms: Iterable[str], label: str = "") -> None:
        terms = list(terms)
        shaped = [plain_shape(t) for t in terms if not _is_raw(t)]
        shapes = {s.regex: s for s in shaped}
        # the set, as before: equally long fragments keep the order they always had
        plain = sorted({s.regex for s in shaped}, key=len, reverse=True)
        raw = sorted({_raw(t) for t in terms if _is_raw(t)})
        parts = ([rf"(?<!\w)(?:{'|'.join(plain)})"] if plain else []) + raw
        self.label = label
        self.pattern: re.Pattern[str] | None = re.compile("|".join(parts)) if parts else None
        self.plain: tuple[Shape, ...] = tuple(shapes[p] for p in plain)
        self.raw: tuple[str, ...] = tuple(raw)
        self.scanner: Any = None  # a Scanner (not imported here: it imports this module)
        self.slot = -1

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits, left to right."""
        if self.pattern is None:
            return []
        return [
            Hit(m.start(), m.end(), m.group(0), self.label)
            for m in self.pattern.finditer(text)
            if m.end() > m.start()
        ]

    def search(self, text: str) -> Hit | None:
        if self.pattern is None:
            return None
        m = self.pattern.search(text)
        return Hit(m.start(), m.end(), m.group(0), self.label) if m else None


def find_all(matchers: Sequence[Matcher], text: str, *, free_standing: bool = False) -> list[Hit]:
    """Hits of several labelled families; where two overlap the longer one wins.

    ``free_standing`` drops hits glued to a word by a hyphen ("post-cut", "tariff-free",
    "drop-off port", "cut-off date"): verbs inside compounds are not actions."""
    return longest([h for m in matchers for h in m.find(text)], text, free_standing)


def longest(hits: list[Hit], text: str, free_standing: bool = False) -> list[Hit]:
    """:func:`find_all` on hits already found in ``text``."""
    if free_standing:
        hits = [h for h in hits if not _glued(h, text)]
    if len(hits) < 2:  # most sentences: nothing to weigh
        return list(hits)
    kept: list[Hit] = []  # by start; no two overlap
    starts: list[int] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        at = bisect_left(starts, h.end)  # the kept hits before ``at`` start before h ends
        if not _overlaps_kept(h, kept, at):
            at = bisect_right(starts, h.start)
            kept.insert(at, h)
            starts.insert(at, h.start)
    return kept


def _glued(h: Hit, text: str) -> bool:
    """Whether a hyphen joins the hit to a word before it ("post-cut") or after it
    ("drop-off", "lift-off"): part of a compound, not a word of its own."""
    return text[max(0, h.start - 1) : h.start] == "-" or bool(_HYPHEN_WORD.match(text, h.end))


_HYPHEN_WORD = re.compile(r"-\w")


def _overlaps_kept(h: Hit, kept: list[Hit], at: int) -> bool:
    """Whether ``h`` overlaps one of ``kept[:at]`` (those starting before it ends), looked
    at from the nearest back: a hostile text holds thousands of hits, and comparing each
    with all kept ones cost seconds. Kept hits that are not empty do not overlap, so once
    one ends where ``h`` starts (or before) none earlier can reach it."""
    for j in range(at - 1, -1, -1):
        k = kept[j]
        if h.end > k.start and h.start < k.end:
            return True
        if k.end <= h.start and k.start < k.end:
            return False
    return False
