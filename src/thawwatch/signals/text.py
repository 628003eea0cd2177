"""Text plumbing shared by the rule families: normalisation, sentences, token distances.

Headlines arrive with typographic dashes and quotes, abbreviations ("U.S.", "Dec. 31") and
no final period; rules reason about *sentences* (a product, a side and an action must meet in
one) and about *token distance* (proximity), so both are computed once here.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thawwatch.signals.terms import Hit, Matcher

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|"
    r"St|No|Gen|Gov|Sen|Rep|Lt|Col|Inc|Corp|Co|Ltd|vs|approx)\.)$"
)
_TOKEN = re.compile(r"[\w%.$'-]+|[^\w\s]")
_CLAUSE = re.compile(
    r"[;:]|\s[-]\s|,?\s+(?:but|while|whereas|although|though|yet|except|meanwhile)\s+", re.I
)


def normalize(text: str) -> str:
    """NFKC, ASCII dashes and quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DASHES).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def split_sentences(text: str) -> list[str]:
    """Split on sentence ends, not after abbreviations such as "U.S." or "Dec."."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if parts and _ABBREV.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return [p for p in (p.strip() for p in parts) if p]


@dataclass
class Sentence:
    """One unit of reasoning: the title, or one sentence of the summary."""

    text: str
    in_title: bool
    index: int = 0
    _starts: list[int] = field(default_factory=list, repr=False)
    _clauses: list[int] = field(default_factory=list, repr=False)
    _hits: dict[int, list[Hit]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._starts = [m.start() for m in _TOKEN.finditer(self.text)]
        self._clauses = [m.start() for m in _CLAUSE.finditer(self.text)]

    def find(self, matcher: Matcher) -> list[Hit]:
        """The matcher's hits in this sentence (memoised: rules ask the same question often)."""
        key = id(matcher)
        if key not in self._hits:
            self._hits[key] = matcher.find(self.text)
        return self._hits[key]

    def token(self, pos: int) -> int:
        """Index of the token containing character ``pos``."""
        return max(0, bisect_right(self._starts, pos) - 1)

    def distance(self, a: int, b: int) -> int:
        """Tokens between two character positions."""
        return abs(self.token(a) - self.token(b))

    def clause(self, pos: int) -> int:
        """Which clause (split at ; : dashes and but/while/…) a position falls in."""
        return bisect_right(self._clauses, pos)

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause(a) == self.clause(b)


def sentences(title: str, summary: str) -> list[Sentence]:
    """The title as one sentence, then the summary's sentences."""
    out = [Sentence(title, True, 0)] if title else []
    for i, s in enumerate(split_sentences(summary), start=1):
        out.append(Sentence(s, False, i))
    return out
