"""Several matchers over one text in one pass, with exactly the hits each would find alone.

Why: scanning every sentence once per term family (about a hundred families) dominated the
cost of :func:`~thawwatch.signals.classify.classify`, and most positions of a text cannot
start any term. A :class:`Scanner` therefore

1. runs one cheap *finder* regex that stops only where some term could start: after a
   non-word character, on the first characters of a term (a prefix tree, see
   :mod:`~thawwatch.signals.starts`), or wherever a raw pattern that may start anywhere
   matches;
2. at each such position asks only the matchers that have an alternative whose first
   characters fit the text there what they match at that position: first through their own
   patterns, and once those first characters have come back a few times through one
   *probe* regex holding, per matcher, its fitting alternatives in its own order inside a
   capturing lookahead — either way each matcher's match there is the one its own pattern
   returns there (alternatives that may start inside a word are asked only where one of
   them matches: they are rare, and slow to try);
3. keeps, per matcher, the leftmost non-overlapping matches: what ``finditer`` returns for
   a pattern that never matches the empty string. Only matchers with hits get a list
   (:meth:`Scanner.hits`): a sentence's are few.

A matcher that could match the empty string, or whose raw patterns have groups of their
own, is left to its own pattern (``Matcher.find``): same answer, no cleverness. Indexes and
regexes are built on first use, so loading the rules stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from thawwatch.signals.finders import NON_ASCII, PLACEHOLDER, Finder, finder
from thawwatch.signals.starts import (
    DEPTH,
    Alt,
    local_plain,
    local_raw,
    never_empty,
    plain_alt,
    raw_alt,
    required_chars,
)
from thawwatch.signals.terms import Hit, Matcher

_MAX_PROBES = 50_000  # probes are kept per text prefix; words repeat, so this is plenty
_MAX_REGEXES = 4_096  # distinct probe regexes (a few hundred in practice)
_COMPILE_AFTER = 3  # uses of a probe before it gets its own regex (compiling takes ~0.5 ms)
_MAX_PICKED = 8  # loose patterns picked for a text, beyond which it is tried for all
_MAX_PICKS = 256  # regexes of picked loose patterns kept
_KEY = 4  # characters of text a probe is kept by: selective enough, and keeps probes few


class Probe:
    """What to run where the text reads a given key: the matchers that may match there
    (``slots``), each through its own pattern at first; once the key has come back a few
    times, through one regex holding their alternatives that fit the key (``pattern``),
    each in a capturing lookahead, so one call answers for all of them."""

    __slots__ = ("pattern", "regex", "slots", "uses")

    def __init__(self, pattern: str, slots: tuple[int, ...], regex: re.Pattern[str] | None):
        self.pattern, self.slots, self.regex, self.uses = pattern, slots, regex, 0


def _simple(m: Matcher) -> bool:
    """Safe to scan through probes: never matches empty, has no groups of its own."""
    if m.pattern is None or m.pattern.groups:
        return False
    plain_ok = all(any(kind != "opt" for _, kind in s.pieces) for s in m.plain)
    return plain_ok and all(never_empty(r) for r in m.raw)


def _near_non_ascii(text: str) -> set[int]:
    """Positions after a non-word character (or the start) whose first DEPTH characters
    hold a non-ASCII one: the finder's ASCII view cannot judge those."""
    out = set()
    for m in NON_ASCII.finditer(text):
        for pos in range(max(0, m.start() - DEPTH + 1), m.start() + 1):
            before = text[pos - 1] if pos else " "
            if not (before.isalnum() or before == "_"):
                out.add(pos)
    return out


_UNSEEN = Probe("", (), None)  # a key not seen yet
_Group = tuple[tuple[int, ...], dict[int, int] | None]  # slots, and slot -> index in group


class Scanner:
    """The hits of several matchers in a text, exactly as ``Matcher.find`` gives them.

    Taking a matcher on notes the scanner in it (``matcher.scanner``, ``matcher.slot``),
    so that :meth:`Sentence.find <thawwatch.signals.text.Sentence.find>` can use it."""

    __slots__ = (
        "_alone",
        "_alts",
        "_anchored",
        "_compiled",
        "_finder",
        "_groups",
        "_index",
        "_labels",
        "_loose",
        "_loose_by_char",
        "_loose_chars",
        "_loose_picked",
        "_loose_probes",
        "_probes",
        "_ready",
        "matchers",
    )

    def __init__(self, matchers: Sequence[Matcher]) -> None:
        self.matchers = tuple(matchers)
        self._labels = tuple(m.label for m in self.matchers)
        for slot, m in enumerate(self.matchers):
            if m.scanner is not None:
                raise ValueError(f"matcher {m.label!r} already belongs to a scanner")
            m.scanner, m.slot = self, slot
        self._groups: dict[int, tuple[Sequence[Matcher], _Group | None]] = {}
        self._ready = False  # the index is built on first use: loading rules stays cheap

    def _prepare(self) -> None:
        simple = [i for i, m in enumerate(self.matchers) if _simple(m)]
        self._alone = tuple(
            i for i, m in enumerate(self.matchers) if m.pattern is not None and i not in simple
        )
        # per simple matcher, its alternatives in pattern order: plain terms, then raw ones
        self._alts: dict[int, list[Alt]] = {
            i: [plain_alt(s) for s in self.matchers[i].plain]
            + [raw_alt(r) for r in self.matchers[i].raw]
            for i in simple
        }
        index: dict[str, set[tuple[int, int]]] = {}  # first character -> (slot, alternative)
        for i, alts in self._alts.items():
            for k, alt in enumerate(alts):
                for ch in alt.prefix[0]:
                    index.setdefault(ch, set()).add((i, k))
        self._index = {ch: sorted(picks) for ch, picks in index.items()}
        # probes by the text at the position: of anchored alternatives only, and of all
        # (for the few positions where an alternative that may start in a word matches)
        self._probes: dict[str, Probe | None] = {}
        self._loose_probes: dict[str, Probe | None] = {}
        self._compiled: dict[str, re.Pattern[str]] = {}
        anchored = [a.prefix for alts in self._alts.values() for a in alts if a.anchored]
        loose = sorted({a.regex for alts in self._alts.values() for a in alts if not a.anchored})
        self._anchored = anchored
        self._finder: Finder | None = None  # compiled on first use
        self._loose = re.compile("|".join(f"(?={r})" for r in loose)) if loose else None
        # A text without any of a loose pattern's needed characters cannot match it, so
        # a text is scanned only for the patterns whose characters it holds: English text
        # (even with a curly apostrophe) is then tried for "n't" alone, not for the
        # Chinese cues, which took ~150 us a sentence tried position by position.
        needs = [required_chars(r) for r in loose]
        by_char: dict[str, list[str]] = {}
        for regex, chars in zip(loose, needs, strict=True):
            for ch in chars or ():
                by_char.setdefault(ch, []).append(regex)
        self._loose_by_char = None if None in needs else by_char
        self._loose_chars = (re.compile(f"[{''.join(map(re.escape, sorted(by_char)))}]")
                             if by_char else None)
        self._loose_picked: dict[frozenset[str], re.Pattern[str]] = {}
        self._ready = True

    def _loose_for(self, text: str) -> re.Pattern[str] | None:
        """The loose patterns ``text`` may match, as one regex (None: none may)."""
        if self._loose_by_char is None:  # some pattern needs no character: try them all
            return self._loose
        if self._loose_chars is None:
            return None
        by_char = self._loose_by_char
        picked = frozenset(r for ch in set(self._loose_chars.findall(text)) for r in by_char[ch])
        if not picked:
            return None
        if len(picked) > _MAX_PICKED:  # text in Chinese: fewer regexes to compile
            return self._loose
        regex = self._loose_picked.get(picked)
        if regex is None:
            if len(self._loose_picked) > _MAX_PICKS:  # only hostile text gets here
                self._loose_picked.clear()
            regex = self._loose_picked[picked] = re.compile(
                "|".join(f"(?={r})" for r in sorted(picked)))
        return regex

    def _probe(self, key: str, loose: bool) -> Probe | None:
        """The probe for a position where the text reads ``key`` (up to _KEY characters):
        the alternatives whose prefix fits it (a non-ASCII character fits anything); the
        loose ones only if ``loose`` (elsewhere they cannot match: see :meth:`_candidates`)."""
        if ord(key[0]) >= 128:  # not indexed: ask each alternative
            picks = [
                (i, k)
                for i, alts in self._alts.items()
                for k, alt in enumerate(alts)
                if alt.may_start_with(key[0])
            ]
        else:
            end = next((j for j, ch in enumerate(key) if ord(ch) >= 128), len(key))
            picks = [
                (i, k)
                for i, k in self._index.get(key[0], [])
                if all(
                    ch in chars
                    for ch, chars in zip(key[1:end], self._alts[i][k].prefix[1:], strict=False)
                )
            ]
        if not loose:
            picks = [(i, k) for i, k in picks if self._alts[i][k].anchored]
        parts: list[str] = []
        slots: list[int] = []
        for i in sorted({i for i, _ in picks}):
            m, alts, keep = self.matchers[i], self._alts[i], {k for j, k in picks if j == i}
            n = len(m.plain)
            plain = [alts[k].regex for k in range(n) if k in keep]
            raw = [alts[k].regex for k in range(n, len(alts)) if k in keep]
            body = ([rf"(?<!\w)(?:{'|'.join(plain)})"] if plain else []) + raw
            parts.append(f"(?:(?=({'|'.join(body)})))?")
            slots.append(i)
        if not parts:
            return None
        pattern = "".join(parts)
        return Probe(pattern, tuple(slots), self._compiled.get(pattern))

    def _at(
        self, text: str, pos: int, loose: bool
    ) -> tuple[tuple[int, ...], Sequence[tuple[int, int]]]:
        """The matchers that may match at ``pos`` and, for each, the span of its match
        there ((-1, -1): none); ``loose``: whether a loose alternative matches there."""
        key = text[pos : pos + _KEY]
        if not key:  # the end of the text: nothing starts there
            return (), ()
        probes = self._loose_probes if loose else self._probes
        probe = probes.get(key, _UNSEEN)
        if probe is _UNSEEN:
            if len(probes) > _MAX_PROBES:  # only a hostile text gets here
                probes.clear()
            probe = probes[key] = self._probe(key, loose)
        if probe is None:
            return (), ()
        regex = probe.regex
        if regex is None:
            probe.uses += 1
            if probe.uses < _COMPILE_AFTER:
                spans = []
                for slot in probe.slots:
                    pattern = self.matchers[slot].pattern
                    m = pattern.match(text, pos) if pattern is not None else None
                    spans.append(m.span() if m else (-1, -1))
                return probe.slots, spans
            regex = probe.regex = self._regex(probe.pattern)
        return probe.slots, regex.match(text, pos).regs[1:]  # type: ignore[union-attr]

    def _regex(self, pattern: str) -> re.Pattern[str]:
        regex = self._compiled.get(pattern)
        if regex is None:
            if len(self._compiled) > _MAX_REGEXES:  # only hostile text gets here
                self._compiled.clear()
            regex = self._compiled[pattern] = re.compile(pattern)
        return regex

    def scan(self, text: str) -> list[list[Hit]]:
        """One list of hits per matcher, in the order the matchers were given."""
        found = self.hits(text)
        return [found.get(slot, []) for slot in range(len(self.matchers))]

    def hits(self, text: str) -> dict[int, list[Hit]]:
        """The hits of :meth:`scan` by slot, for the matchers that have any: most of a
        sentence's matchers find nothing, and an empty list for each of some seventy
        matchers costs half as much as scanning a short sentence."""
        if not self._ready:
            self._prepare()
        out: dict[int, list[Hit]] = {}
        positions, loose = self._candidates(text)
        if positions:
            labels, probes = self._labels, self._probes
            edges = [0] * len(self.matchers)  # where each matcher's last hit ends: no overlaps
            for pos in positions:  # in increasing order
                # what _at does, inline for the usual case (a probe of anchored
                # alternatives seen before, compiled): it runs for every candidate
                probe = _UNSEEN if pos in loose else probes.get(text[pos : pos + _KEY], _UNSEEN)
                if probe is None:  # nothing starts with the text here
                    continue
                if probe is _UNSEEN or probe.regex is None:
                    slots, spans = self._at(text, pos, pos in loose)
                else:
                    match = probe.regex.match(text, pos)  # optional groups: it always matches
                    slots, spans = probe.slots, match.regs[1:]  # type: ignore[union-attr]
                for slot, (_, end) in zip(slots, spans, strict=True):
                    if end >= 0 and pos >= edges[slot]:
                        hit = Hit(pos, end, text[pos:end], labels[slot])
                        if slot in out:
                            out[slot].append(hit)
                        else:
                            out[slot] = [hit]
                        edges[slot] = end
        for slot in self._alone:
            alone = self.matchers[slot].find(text)
            if alone:
                out[slot] = alone
        return out

    def _candidates(self, text: str) -> tuple[list[int], set[int]]:
        """Positions where some alternative may match, in increasing order; and those
        where a loose alternative (one that may start inside a word) matches: elsewhere
        the probes leave them out, as they cannot match there (they match rarely, and are
        costly to try: the one for "n't" reads every word to its end)."""
        positions = []
        if self._anchored:
            if self._finder is None:
                self._finder = finder(self._anchored)
            found, padded, lower = self._finder
            ascii_ = text.isascii()
            view = text if ascii_ else NON_ASCII.sub(PLACEHOLDER, text)
            if lower:
                view = view.lower()  # ASCII only: no position moves
            if padded:
                positions = [m.end() - 1 for m in found.finditer(" " + view)]
            else:
                positions = [m.start() for m in found.finditer(view)]
            if not ascii_:
                positions = sorted(set(positions).union(_near_non_ascii(text)))
        loose: set[int] = set()
        regex = self._loose_for(text) if self._loose is not None else None
        if regex is not None:
            loose = {m.start() for m in regex.finditer(text)}
            if loose:
                positions = sorted(set(positions).union(loose))
        return positions, loose

    def slots(self, matchers: Sequence[Matcher]) -> tuple[int, ...] | None:
        """Where these matchers' hits are in :meth:`scan`'s answer; None unless this scanner
        holds them all."""
        group = self.group(matchers)
        return group[0] if group is not None else None

    def group(self, matchers: Sequence[Matcher]) -> _Group | None:
        """:meth:`slots` of a group of matchers, and slot -> index in the group (None if a
        matcher comes twice): what :meth:`hits` needs to answer for the group in its order.
        Remembered per tuple: rules ask for the same groups all the time."""
        known = self._groups.get(id(matchers))
        if known is not None and known[0] is matchers:  # the very same tuple as before
            return known[1]
        group = None
        if all(m.scanner is self for m in matchers):
            slots = tuple(m.slot for m in matchers)
            ranks = {slot: k for k, slot in enumerate(slots)}
            group = (slots, ranks if len(ranks) == len(slots) else None)
        if isinstance(matchers, tuple):  # kept alive by the entry, so its id stays its own
            if len(self._groups) > 256:  # callers pass the rules' own tuples: a handful
                self._groups.clear()
            self._groups[id(matchers)] = (matchers, group)
        return group

    def first(self, text: str, wanted: Iterable[int] | None = None) -> list[Hit | None]:
        """Per matcher (of those ``wanted``, by slot; others get None), what
        ``Matcher.search`` returns: its leftmost match, if any."""
        if not self._ready:
            self._prepare()
        out: list[Hit | None] = [None] * len(self.matchers)
        want = set(range(len(out)) if wanted is None else wanted)
        for slot in want.intersection(self._alone):  # search() may return an empty match
            out[slot] = self.matchers[slot].search(text)
        want.difference_update(self._alone)
        positions, loose = self._candidates(text) if want else ([], set())
        for pos in positions:
            slots, spans = self._at(text, pos, pos in loose)
            for slot, (_, end) in zip(slots, spans, strict=True):
                if end >= 0 and slot in want:
                    out[slot] = Hit(pos, end, text[pos:end], self._labels[slot])
                    want.discard(slot)
            if not want:
                break
        return out


def sentence_local(matcher: Matcher) -> bool:
    """Whether ``matcher.search`` over sentences apart by spaces finds the first hit of the
    first sentence that has one, as their scans give it: so when its scans are its finds
    (never an empty match, no groups: :func:`_simple`) and its terms are
    :func:`~thawwatch.signals.starts.local_plain` and
    :func:`~thawwatch.signals.starts.local_raw`. Topics are read so, from the scans every
    sentence of a relevant item gets anyway, instead of a search of the whole summary."""
    return (
        _simple(matcher)
        and all(local_plain(shape) for shape in matcher.plain)
        and all(local_raw(raw) for raw in matcher.raw)
    )


def find(matcher: Matcher, text: str) -> list[Hit]:
    """``matcher.find(text)``, through the matcher's scanner when it has one."""
    if matcher.scanner is None:
        return matcher.find(text)
    return matcher.scanner.hits(text).get(matcher.slot, [])  # type: ignore[no-any-return]
