"""Text plumbing shared by the rule families: normalisation, sentences, token distances.

Headlines arrive with typographic dashes and quotes, abbreviations ("U.S.", "Dec. 31") and
no final period; rules reason about *sentences* (a product, a side and an action must meet in
one) and about *token distance* (proximity), so both are computed once here.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from thawwatch.signals.scan import Scanner
from thawwatch.signals.starts import SENTENCE_ENDS, gated, max_width
from thawwatch.signals.terms import Hit, Matcher, longest

T = TypeVar("T")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREV = gated(
    re.compile(
        r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|"
        r"St|No|Gen|Gov|Sen|Rep|Lt|Col|Inc|Corp|Co|Ltd|vs|approx)\.)$"
    )
)
_ABBREV_REACH = (max_width(_ABBREV) or 10**9) + 1  # a match, and a final newline after it
# (a number and its percent sign are one token, spaced as French writes them or not)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?\s%|[\w%.$'-]+|[^\w\s]")
# a title's label: one to five words ("Tourteau, pois, homard et crabe")
_LABEL = re.compile(r"\s*[\w'’-]+(?:,?\s+[\w'’-]+){0,4}\s*")
_CLAUSE = gated(
    re.compile(
        # a colon after a tariff word opening a list of new levels ("China cuts tariffs:
        # canola oil to 50%, pork to 10%") is the same clause; not "…: what it means"
        r";|(?<!tariffs)(?<!tariff)(?<!duties)(?<!duty)(?<!surtax)(?<!levies)(?<!levy):"
        r"|:(?![^;]{0,60}?(?:\d|\bzero\b))"
        r"|\s[-]\s|,?\s+(?:but|while|whereas|although|though|yet|except|meanwhile"
        r"|mais(?!\s+(?:aussi|également|encore))|tandis\s+que|alors\s+que|sauf)\s+", re.I
        # (French: "…, mais les droits …"; not "non seulement … mais aussi", one list)
    )
)
# Chinese (after NFKC, which makes ， and ； the ASCII ones): a new 对-phrase after a comma or
# 、 ("对电动汽车加征100%关税、对钢铝产品…"), and a space between two runs of a headline of four
# characters or more ("…加征附加税满两年 进口量大幅下降"; not "中方 暂停 对加拿大 豌豆", a
# headline spaced word by word). Apart from _CLAUSE, and not gated: analysing these CJK
# ranges cost every process 30 ms at import, and ASCII text never needs them.
_CLAUSE_CJK = re.compile(
    r"(?<=[\u3400-\u9fff%]),(?=[对對])|、(?=[对對])"
    r"|(?<=[\u3400-\u9fff%\d]{4})[ \u3000]+(?=[\u3000-\u303f\u3400-\u9fff]{4})")


def lazy(fn: Callable[[], T]) -> Callable[[], T]:
    """``fn``, called on first use only: for what an item rarely needs (cheaper to make than
    ``functools.cache``, which matters at a few per item)."""
    kept: list[T] = []

    def value() -> T:
        if not kept:
            kept.append(fn())
        return kept[0]

    return value


def may_mention(text: str, *words: str) -> bool:
    """False only if a case-insensitive pattern that needs one of these (ASCII) words cannot
    match: a substring test, for a fraction of the regex's cost. Exact for ASCII text, where
    ``re.I`` folds ASCII letters only; other text is left to the pattern ("ſ" is an "s")."""
    if not text.isascii():
        return True
    low = text.lower()
    return any(word in low for word in words)


# A verb in a relative clause, which tells what a duty is, not what happens to it: "the
# 100% tariff (that) it imposed on Canadian peas", "Commerce, which had imposed …, said"
_IN_RELATIVE = re.compile(
    r"\b(?:tariffs?|dut(?:y|ies)|levy|levies|surtax\w*)\s+(?:that\s+|which\s+)?"
    r"(?:it|they|China|Beijing|Ottawa|Canada)(?:\s+(?:had|has|have))?\s+$"
    # (", which" only before "had": "the notice, which lifts tariffs on …" is the news)
    r"|,\s*(?:which|who)\s+had\s+$"
    # … or with its own subject (an aside too long, or naming goods, to be set aside:
    # "The tariffs, which China imposed on Canadian canola oil and peas in March, …")
    r"|,\s*(?:which|that)\s+(?:it|they|China|Beijing|Ottawa|Canada)(?:\s+(?:had|has|have))?\s+$"
    # a relief's own course: "to discuss … the lobster and crab suspension that ends
    # December 31" (its end, known; not the news)
    r"|\b(?:suspensions?|exemptions?|relief|pause|waivers?|reprieve|exclusions?)\s+"
    r"(?:that|which)\s+(?:(?:is|are)\s+(?:due|set|scheduled)\s+to\s+|will\s+)?$", re.I)


def in_relative(text: str, action: Hit) -> bool:
    """Whether ``action`` is the verb of a relative clause (``_IN_RELATIVE``)."""
    return _IN_RELATIVE.search(text, max(0, action.start - 40), action.start) is not None


# What may follow a title's colon as a source, not a clause: "…: MOFCOM", "…: Xinhua",
# "…: China's commerce ministry", "… : ministère" (a few words, no question or negation)
_ATTRIBUTION = re.compile(r"\s*(?:[\w'’.&-]+\s*){1,4}$")
_NOT_A_SOURCE = re.compile(r"\?|\b(?:no|not|what|how|why|when|who|aucune?|pas|quoi|comment)\b",
                           re.I)


def told_after_colon(text: str, colon_end: int) -> bool:
    """Whether a title goes on after its colon with a clause of its own ("…: no extension
    announced yet", "…: what growers need to know"), not just its source ("…: MOFCOM")."""
    rest = text[colon_end:]
    return not _ATTRIBUTION.fullmatch(rest) or bool(_NOT_A_SOURCE.search(rest))


# Words a legal case is about, right before them: "(Canada's) WTO case against China's
# canola duties dropped" drops the case, not the duties
_CASE_ABOUT = re.compile(
    r"\b(?:cases?|complaints?|challenges?|disputes?|appeals?|lawsuits?|suits?|panels?"
    r"|probes?|investigations?|inquir(?:y|ies))\s+(?:against|over|on|of|to|into|about"
    r"|regarding|concerning|targeting)\s+[^.;:,!?]{0,60}$"
    # French: "la plainte à l'OMC contre les droits chinois sur le canola est abandonnée"
    r"|\b(?:plaintes?|contestations?|litiges?|différends?|recours)(?:\s+(?:à|devant)\s+l['’]OMC)?"
    r"\s+(?:contre|sur|visant|concernant|des|du|de)\s+[^.;:,!?]{0,60}$", re.I)


def case_about(text: str, pos: int) -> bool:
    """Whether the words at ``pos`` are what a legal case just before them is about: a
    verb after them acts on the case ("WTO challenge to Beijing's canola tariffs
    withdrawn")."""
    return bool(_CASE_ABOUT.search(text, max(0, pos - 120), pos))


def normalize(text: str) -> str:
    """NFKC, ASCII dashes and quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DASHES).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def split_sentences(text: str) -> list[str]:
    """Split on sentence ends, not after abbreviations such as "U.S." or "Dec."."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text):
        # _ABBREV ends with "$": only the tail of the part can hold a match
        if parts and _ABBREV.search(parts[-1], max(0, len(parts[-1]) - _ABBREV_REACH)):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return [p for p in (p.strip() for p in parts) if p]


@dataclass(slots=True)
class Sentence:
    """One unit of reasoning: the title, or one sentence of the summary.

    What the rules ask of a sentence is memoised, as they ask the same questions often:
    term hits (found by each matcher's :class:`~thawwatch.signals.scan.Scanner`, one pass
    for all its matchers), token and clause offsets (on first use: irrelevant items never
    need them) and whatever :meth:`memo` is asked for.
    """

    text: str
    in_title: bool
    index: int = 0
    _starts: list[int] | None = field(default=None, repr=False, compare=False)
    _clauses: list[int] | None = field(default=None, repr=False, compare=False)
    _memo: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)

    def find(self, matcher: Matcher) -> list[Hit]:
        """The matcher's hits in this sentence, exactly as ``matcher.find(text)``."""
        scanner = matcher.scanner
        if scanner is None:
            hits = self._memo.get(matcher)
            if hits is None:
                hits = self._memo[matcher] = matcher.find(self.text)
            return hits  # type: ignore[no-any-return]
        return self._hits(scanner).get(matcher.slot, [])

    def _hits(self, scanner: Scanner) -> dict[int, list[Hit]]:
        """The scanner's hits by slot (:meth:`Scanner.hits`), scanned once per sentence."""
        hits = self._memo.get(scanner)
        if hits is None:
            hits = self._memo[scanner] = scanner.hits(self.text)
        return hits  # type: ignore[no-any-return]

    def find_each(self, matchers: Sequence[Matcher]) -> list[list[Hit]]:
        """:meth:`find` for each matcher: one lookup when one scanner holds them all."""
        scanner = matchers[0].scanner if matchers else None
        slots = scanner.slots(matchers) if scanner is not None else None
        if slots is None:
            return [self.find(m) for m in matchers]
        hits = self._hits(scanner)
        return [hits.get(i, []) for i in slots]

    def find_some(self, matchers: Sequence[Matcher]) -> list[tuple[int, list[Hit]]]:
        """``(index, hits)`` for the matchers that find something, in their order: what
        :meth:`find_each` says without a list per silent matcher (most of them)."""
        found = self._ranked(matchers)
        if found is None:
            return [(k, hits) for k, m in enumerate(matchers) if (hits := self.find(m))]
        hits, ranks = found
        some = [(ranks[i], h) for i, h in hits.items() if i in ranks]
        if len(some) > 1:
            some.sort()  # ranks differ: the lists are never compared
        return some

    def finds_any(self, matchers: Sequence[Matcher]) -> bool:
        """Whether any of the matchers finds something."""
        found = self._ranked(matchers)
        if found is None:
            return any(self.find(m) for m in matchers)
        hits, ranks = found
        return any(i in ranks for i in hits)

    def _ranked(
        self, matchers: Sequence[Matcher]
    ) -> tuple[dict[int, list[Hit]], dict[int, int]] | None:
        """The hits of the scanner that holds all the matchers (once each), by slot, and
        each matcher's index by its slot; None when no scanner holds them so."""
        scanner = matchers[0].scanner if matchers else None
        group = scanner.group(matchers) if scanner is not None else None
        if group is None or group[1] is None:
            return None
        return self._hits(scanner), group[1]

    def find_all(self, matchers: Sequence[Matcher], free_standing: bool = False) -> list[Hit]:
        """:func:`~thawwatch.signals.terms.find_all` over this sentence."""
        hits = [h for _, found in self.find_some(matchers) for h in found]
        return longest(hits, self.text, free_standing)

    def memo(self, fn: Callable[[Sentence], T]) -> T:
        """``fn(self)``, computed once per sentence (``fn`` must only read the sentence)."""
        if fn in self._memo:
            return self._memo[fn]  # type: ignore[no-any-return]
        value = self._memo[fn] = fn(self)
        return value

    def token(self, pos: int) -> int:
        """Index of the token containing character ``pos``."""
        if self._starts is None:
            self._starts = [m.start() for m in _TOKEN.finditer(self.text)]
        return max(0, bisect_right(self._starts, pos) - 1)

    def distance(self, a: int, b: int) -> int:
        """Tokens between two character positions."""
        return abs(self.token(a) - self.token(b))

    def clause(self, pos: int) -> int:
        """Which clause (split at ; : dashes and but/while/…) a position falls in."""
        if self._clauses is None:
            self._clauses = [m.start() for m in _CLAUSE.finditer(self.text)]
            if not self.text.isascii():
                self._clauses = sorted(
                    [*self._clauses, *(m.start() for m in _CLAUSE_CJK.finditer(self.text))])
        return bisect_right(self._clauses, pos)

    def label_end(self) -> int:
        """Where a title's label ends (its colon: "Canola : Pékin prolonge …"), else -1: a
        label names what the rest of the title is about ("Canola: China cuts tariff to
        15%"), though the colon ends a clause ("China cuts tariffs: what it means …")."""
        if self._clauses is None:
            self.clause(0)
        assert self._clauses is not None
        colon = self._clauses[0] if self._clauses else -1
        if (self.in_title and 0 < colon <= 40 and self.text[colon] in ":："
                and _LABEL.fullmatch(self.text, 0, colon)):
            return colon
        return -1

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause(a) == self.clause(b)

    def clause_text(self, pos: int) -> str:
        """The text of the clause ``pos`` falls in (from its break on)."""
        k = self.clause(pos)
        assert self._clauses is not None
        starts = [0, *self._clauses]
        return self.text[starts[k]:starts[k + 1] if k + 1 < len(starts) else len(self.text)]


def tiles(text: str, parts: Sequence[Sentence]) -> bool:
    """Whether ``parts`` are ``text`` split into sentences: in order, apart by spaces (and
    nothing else), each ending in . ! or ? but a last one that ends the text. So
    :func:`split_sentences` leaves them, unless it rejoined a sentence around other
    whitespace; what :func:`~thawwatch.signals.scan.sentence_local` relies on."""
    pos = 0
    for k, part in enumerate(parts):
        at = text.find(part.text, pos)
        if at < 0 or text[pos:at].strip(" ") or (k and at == pos):
            return False
        pos = at + len(part.text)
        if part.text[-1:] not in SENTENCE_ENDS and pos < len(text):
            return False
    return not text[pos:].strip(" ")


def sentences(title: str, summary: str) -> list[Sentence]:
    """The title as one sentence, then the summary's sentences."""
    out = [Sentence(title, True, 0)] if title else []
    for i, s in enumerate(split_sentences(summary), start=1):
        out.append(Sentence(s, False, i))
    return out
