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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

RAW_PREFIX = "re:"


class TermError(ValueError):
    """A term cannot be compiled (bad raw pattern or empty term)."""


def _is_case_sensitive(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def term_to_regex(term: str) -> str:
    """Translate one term of the mini-syntax into a self-contained regex fragment."""
    if term.startswith(RAW_PREFIX):
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
    text = term.strip()
    if not text or text == "*":
        raise TermError(f"empty term {term!r}")
    out: list[str] = []
    for ch in text:
        if ch == "*":
            out.append(r"\w*")
        elif ch.isspace():
            out.append(r"[\s\-]+")
        elif ch == "-":
            out.append(r"[\s\-]?")
        elif ch in "'’":
            out.append(r"['’]")
        else:
            out.append(re.escape(ch))
    body = "".join(out)
    core = f"(?:{body})" if _is_case_sensitive(text) else f"(?i:{body})"
    return core if text[-1] == "." else rf"{core}(?!\w)"


@dataclass(frozen=True)
class Hit:
    """One match of a term family in a piece of text."""

    start: int
    end: int
    text: str
    label: str = ""


class Matcher:
    """All the terms of one family compiled into a single alternation."""

    __slots__ = ("label", "pattern")

    def __init__(self, terms: Iterable[str], label: str = "") -> None:
        terms = list(terms)
        plain = sorted(
            {_plain(t) for t in terms if not t.startswith(RAW_PREFIX)}, key=len, reverse=True
        )
        raw = sorted({_raw(t) for t in terms if t.startswith(RAW_PREFIX)})
        parts = ([rf"(?<!\w)(?:{'|'.join(plain)})"] if plain else []) + raw
        self.label = label
        self.pattern: re.Pattern[str] | None = re.compile("|".join(parts)) if parts else None

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

    ``free_standing`` drops hits glued to a word by a hyphen ("post-cut", "tariff-free"):
    verbs inside compound adjectives are not actions."""
    hits = [h for m in matchers for h in m.find(text)]
    if free_standing:
        hits = [h for h in hits if text[max(0, h.start - 1) : h.start] != "-"]
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    kept: list[Hit] = []
    for h in hits:
        if all(h.end <= k.start or h.start >= k.end for k in kept):
            kept.append(h)
    kept.sort(key=lambda h: h.start)
    return kept
