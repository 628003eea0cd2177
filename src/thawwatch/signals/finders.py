"""Regexes that find where terms may start: the first step of :mod:`thawwatch.signals.scan`.

A prefix tree of character classes over the prefixes :mod:`thawwatch.signals.starts`
works out, written so that Python's ``re`` spends little per character of text: classes at
each level are disjoint (at most one branch is followed), and the regex opens either with
one literal per possible first character (``re`` then skips other characters in a tight
loop) or with a step on the non-word character before a term.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

ASCII = tuple(map(chr, range(128)))


def _runs(codes: list[int]) -> str:
    """Character codes as the inside of a class: ``a-z``, ``\\x00-\\x1f``, ``_``."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])

    def esc(code: int) -> str:
        return re.escape(chr(code)) if 0x20 < code < 0x7F else f"\\x{code:02x}"

    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in runs)


@functools.cache
def char_class(chars: frozenset[str], non_ascii: bool) -> str:
    """A case-sensitive class: these ASCII characters and, with ``non_ascii``, every
    non-ASCII one too (written as a complement: a huge range compiles slowly)."""
    if not non_ascii:
        return f"[{_runs(sorted(map(ord, chars)))}]" if chars else "(?!)"
    others = [ord(c) for c in ASCII if c not in chars]
    return f"[^{_runs(others)}]" if others else r"[\s\S]"


# The finder reads an ASCII view of the text where this (non-word) character stands for
# every non-ASCII one; the scanner adds the positions the view cannot judge.
PLACEHOLDER = "\x1a"
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def trie(prefixes: Sequence[tuple[frozenset[str], ...]]) -> str:
    """One regex matching wherever any of the prefixes does: a prefix tree whose branches
    at each level are disjoint character classes, so that at most one is followed."""
    if any(not pre for pre in prefixes):
        return ""  # a prefix ends here: anything after it is accepted
    rests: dict[str, set[tuple[frozenset[str], ...]]] = {}
    for pre in prefixes:
        for ch in pre[0]:
            rests.setdefault(ch, set()).add(pre[1:])
    classes: dict[frozenset[tuple[frozenset[str], ...]], list[str]] = {}
    for ch, after in rests.items():  # characters that continue alike share a class
        classes.setdefault(frozenset(after), []).append(ch)
    alts = sorted(
        char_class(frozenset(chars), False) + trie(list(after)) for after, chars in classes.items()
    )
    if not alts:  # no ASCII character can come next (non-ASCII text is judged apart)
        return "(?!)"
    return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"


_FEW = 16  # first characters up to which a finder opens with literals


class Finder(NamedTuple):
    """A finder regex and how to run it: over the text behind a space (``padded``: the
    match ends at the candidate; else it starts there), in lower case (``lower``)."""

    regex: re.Pattern[str]
    padded: bool
    lower: bool


def finder(prefixes: Sequence[tuple[frozenset[str], ...]]) -> Finder:
    """A regex finding, in ASCII text, where one of the prefixes may start after a non-word
    character.

    With few possible first characters, one literal each, so that ``re`` skips every other
    character in a tight loop, then a lookbehind for the character before and a lookahead
    for the rest: the match starts at the candidate. Otherwise a step on the non-word
    character before the candidate (a space in front of the text stands for its start),
    then the prefix tree: the match ends at the candidate. That tree is of the prefixes in
    lower case, read in the text in lower case: ``re`` tries its branches one by one, and
    folding halves them (and makes most of its classes single characters) for the same
    candidates, or a few more where a term is case-sensitive (the probes judge those)."""
    firsts = frozenset().union(*(p[0] for p in prefixes))
    if len(firsts) > _FEW:
        folded = [tuple(frozenset(c.lower() for c in chars) for chars in p) for p in prefixes]
        return Finder(re.compile(f"[^0-9A-Z_a-z](?={trie(folded)})"), True, True)
    alts = []
    for ch in sorted(firsts):
        rest = [p[1:] for p in prefixes if ch in p[0]]
        ahead = f"(?={trie(rest)})" if all(rest) else ""
        alts.append(f"{re.escape(ch)}(?<!\\w[\\s\\S]){ahead}")
    return Finder(re.compile("|".join(alts)), False, False)
