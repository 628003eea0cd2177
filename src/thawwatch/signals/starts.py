"""What a pattern's matches can start with: the index behind :mod:`thawwatch.signals.scan`.

For an alternative of a matcher (a plain term, or a raw pattern) this works out a *prefix*:
the sets of ASCII characters that the first, second … (up to :data:`DEPTH`) characters of
any of its matches belong to. A set may be larger than needed, never smaller, so that
skipping a position the prefix rules out can never lose a match: what the analysis does not
understand counts as "any character", or ends the prefix. An alternative is *anchored*
when a match can only start after a non-word character (every plain term, and raw patterns
that open with ``\\b`` before a word character, ``(?<!\\w)``, or a lookbehind ending in a
non-word character). Non-ASCII characters are not indexed: text holding them is matched
without these shortcuts where it matters (see the scanner).

Patterns are read as a small tree of nodes — ``("one", chars)`` consumes one character,
``("rep", low, high, nodes)``, ``("alt", [nodes, …])``, ``("zero",)`` (an assertion) and
``("stop",)`` (not understood) — built from a plain term's pieces or from ``re``'s parser.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from thawwatch.signals.finders import ASCII, char_class
from thawwatch.signals.terms import Shape

try:  # private, but stable: only parsing and widths are used
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse as _sre_parse  # type: ignore[no-redef]

ANY = frozenset(ASCII)
# Prefix characters worth indexing: enough for the finders to pass over words that only
# start like a term ("Related" and "relations", "Canada" and "Canadians"), and regexes stay
# small (a finder compiles once, in a few milliseconds).
DEPTH = 6
_INF = 1 << 30
_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_CATEGORY = {
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}
Node = tuple[Any, ...]


@dataclass(frozen=True)
class Alt:
    """One alternative of a matcher: its regex, its prefix, whether it is anchored, and
    (plain terms) a regex for the one character a match can start with, which also judges
    non-ASCII characters."""

    regex: str
    prefix: tuple[frozenset[str], ...]  # at least one set
    anchored: bool
    first: str | None = None

    def may_start_with(self, char: str) -> bool:
        """False only when no match can start with ``char``."""
        if char.isascii():
            return char in self.prefix[0]
        return self.first is None or _fullmatch(self.first, char)


@functools.lru_cache(maxsize=4096)
def _fullmatch(pattern: str, char: str) -> bool:
    return re.fullmatch(pattern, char) is not None


@functools.cache
def first_chars(piece: str, ignore_case: bool) -> frozenset[str]:
    """The ASCII characters a one-character piece matches (its own regex decides)."""
    pattern = re.compile(f"(?i:{piece})" if ignore_case else f"(?:{piece})")
    return frozenset(a for a in ASCII if pattern.fullmatch(a))


_WORD = first_chars(r"\w", False)


def plain_alt(shape: Shape) -> Alt:
    """A plain term (always anchored: its regex opens with ``(?<!\\w)``)."""
    nodes: list[Node] = []
    firsts: list[str] = []
    for piece, kind in shape.pieces:  # the first character: through optional pieces
        firsts.append(piece if kind == "one" else piece[:-1])  # \w* -> \w
        if kind != "opt":
            break
    flags = "(?i:" if shape.ignore_case else "(?:"
    for piece, kind in shape.pieces:
        chars = first_chars(piece, shape.ignore_case)  # "\\w*" and "[\\s\\-]+" alike
        if kind == "one":
            nodes.append(("one", chars))
        else:
            low, high = (1, _INF) if kind == "many" else (0, 1 if piece.endswith("?") else _INF)
            nodes.append(("rep", low, high, [("one", chars)]))
    return Alt(shape.regex, prefix(nodes), True, f"{flags}{'|'.join(firsts)})")


@functools.cache
def raw_alt(raw: str) -> Alt:
    """A raw pattern, read through the ``re`` parser."""
    items = list(_sre_parse.parse(raw).data)
    return Alt(raw, prefix(_nodes(items, False)), _after_non_word(items))


def prefix(nodes: list[Node]) -> tuple[frozenset[str], ...]:
    """The prefix of a node sequence (a single "any character" set when nothing is known)."""
    return tuple(_sets(nodes, DEPTH)) or (ANY,)


@functools.cache
def required_chars(raw: str) -> frozenset[str] | None:
    """Characters one of which every match of a raw pattern contains (a text without any
    of them cannot match), preferring punctuation; None when there is no such set."""
    sets = []
    for op, av in _sre_parse.parse(raw).data:  # top level only: these always take part
        name = str(op)
        if name == "LITERAL":
            sets.append(frozenset(chr(av)))
        elif name == "IN" and all(str(o) == "LITERAL" for o, _ in av):
            sets.append(frozenset(chr(a) for _, a in av))
    if not sets:
        return None
    return min(sets, key=lambda chars: (any(c.isalnum() for c in chars), len(chars)))


def never_empty(raw: str) -> bool:
    """Whether a raw pattern always consumes a character (lookarounds count as nothing)."""
    return bool(_sre_parse.parse(raw).getwidth()[0] > 0)


# What a sentence but the last ends with (split_sentences splits after these and a space).
SENTENCE_ENDS = frozenset(".!?")


def local_plain(shape: Shape) -> bool:
    """Whether a plain term's matches in a text made of sentences apart by spaces are its
    matches in each sentence alone: it never starts on a space, and no piece that may read
    a space follows a . ! or ? (so no match runs past a sentence's end into the space after
    it); the word-character lookarounds of every term see a space beside a sentence as they
    see its edge."""
    ends = {re.escape(c) for c in SENTENCE_ENDS}
    after_end = False
    for piece, _ in shape.pieces:
        if after_end and " " in first_chars(piece, shape.ignore_case):
            return False
        after_end = after_end or piece in ends
    return " " not in plain_alt(shape).prefix[0]


@functools.cache
def local_raw(raw: str) -> bool:
    """:func:`local_plain` for a raw pattern: it never consumes . ! or ?, never starts on
    a space, and looks around only for word characters (``\\b``, ``(?<!\\w)``, ``(?!\\w)``)."""
    items = list(_sre_parse.parse(raw).data)
    nodes = _nodes(items, False)
    return (
        _sees_words_only(items)
        and SENTENCE_ENDS.isdisjoint(_consumed(nodes))
        and " " not in prefix(nodes)[0]
    )


def max_width(pattern: re.Pattern[str]) -> int | None:
    """The longest match a pattern can make, None when unbounded."""
    high = _sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1]
    return int(high) if high < _sre_parse.MAXREPEAT else None


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern behind a lookahead on the characters a match can start with (and a
    lookbehind when every match starts after a non-word character), so that a search skips
    impossible positions in one or two steps instead of trying every branch. Unchanged when
    the analysis finds no useful restriction."""
    items = list(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    nodes = _nodes(items, bool(pattern.flags & re.I))
    first = _sets(nodes, 1)
    if not first or first[0] == ANY or _nullable(nodes):
        return pattern
    gate = f"(?={char_class(first[0], True)})"
    if _after_non_word(items):
        gate = rf"(?<!\w){gate}"
    return re.compile(f"{gate}(?:{pattern.pattern})", pattern.flags)


# --------------------------------------------------------------------------- analysis


def _sets(nodes: Sequence[Node], depth: int) -> list[frozenset[str]]:
    """Per position, the ASCII characters any match of ``nodes`` can have there; cut
    where some way through the nodes may end, or is not understood."""
    if depth == 0 or not nodes:
        return []
    head, rest = nodes[0], list(nodes[1:])
    kind = head[0]
    if kind == "zero":
        return _sets(rest, depth)
    if kind == "one":
        return [head[1], *_sets(rest, depth - 1)]
    if kind == "alt":
        return _merge([_sets(list(alt) + rest, depth) for alt in head[1]])
    if kind == "rep":
        low, high, sub = head[1:]
        if high == 0:
            return _sets(rest, depth)
        if _nullable(sub):  # an empty round could repeat forever: give up here
            return []
        again = ("rep", max(low - 1, 0), high - 1 if high < _INF else _INF, sub)
        once = _sets([*sub, again, *rest], depth)
        return once if low > 0 else _merge([once, _sets(rest, depth)])
    return []  # "stop"


def _merge(ways: list[list[frozenset[str]]]) -> list[frozenset[str]]:
    size = min(map(len, ways))
    return [frozenset().union(*(way[j] for way in ways)) for j in range(size)]


def _nullable(nodes: Sequence[Node]) -> bool:
    """Whether the nodes can match without consuming (unknown nodes: assume so)."""
    for node in nodes:
        kind = node[0]
        if kind == "one":
            return False
        if kind == "alt" and not any(_nullable(alt) for alt in node[1]):
            return False
        if kind == "rep" and node[1] > 0 and not _nullable(node[3]):
            return False
    return True


def _nodes(items: Sequence[Any], ignore_case: bool) -> list[Node]:
    """``re``'s parse tree as nodes."""
    out: list[Node] = []
    for op, av in items:
        name = str(op)
        if name in _ZERO_WIDTH:
            out.append(("zero",))
        elif name == "LITERAL":
            out.append(("one", _fold(av, ignore_case)))
        elif name == "IN":
            out.append(("one", _in_chars(av, ignore_case)))
        elif name in ("ANY", "NOT_LITERAL"):
            out.append(("one", ANY))
        elif name == "SUBPATTERN":
            _group, add, remove, sub = av
            flag = (ignore_case or bool(add & re.I)) and not remove & re.I
            out.append(("alt", [_nodes(sub, flag)]))
        elif name == "BRANCH":
            out.append(("alt", [_nodes(alt, ignore_case) for alt in av[1]]))
        elif name in _REPEATS:
            low, high, sub = av
            high = _INF if high >= _sre_parse.MAXREPEAT else high
            out.append(("rep", low, high, _nodes(sub, ignore_case)))
        else:  # group references, atomic groups, conditionals …
            out.append(("stop",))
    return out


@functools.cache
def _fold(code: int, ignore_case: bool) -> frozenset[str]:
    return first_chars(re.escape(chr(code)), ignore_case)


def _in_chars(items: list[tuple[Any, Any]], ignore_case: bool) -> frozenset[str]:
    """ASCII characters a class (``[...]``) can match; all of them when unsure."""
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out |= _fold(av, ignore_case)
        elif name == "RANGE" and (av[1] < 128 or not ignore_case):
            for code in range(av[0], min(av[1], 127) + 1):
                out |= _fold(code, ignore_case)
        elif name == "CATEGORY" and str(av) in _CATEGORY:
            out |= first_chars(_CATEGORY[str(av)], False)
        else:  # NEGATE, a range reaching past ASCII under (?i), another category
            return ANY
    return frozenset(out)


def _consumed(nodes: Sequence[Node]) -> frozenset[str]:
    """The ASCII characters the nodes may consume (all of them where not understood)."""
    out: set[str] = set()
    for node in nodes:
        kind = node[0]
        if kind == "one":
            out |= node[1]
        elif kind == "rep":
            out |= _consumed(node[3])
        elif kind == "alt":
            out = out.union(*(_consumed(alt) for alt in node[1]))
        elif kind == "stop":
            return ANY
    return frozenset(out)


def _sees_words_only(items: Sequence[Any]) -> bool:
    """Whether the only assertions are ``\\b``, ``\\B``, ``(?<!\\w)`` and ``(?!\\w)``: what
    they ask of a space and of a text's edge is the same (neither is a word character)."""
    for op, av in items:
        name = str(op)
        if name == "AT" and str(av) not in ("AT_BOUNDARY", "AT_NON_BOUNDARY"):
            return False
        if name == "ASSERT" or (name == "ASSERT_NOT" and not _is_word_class(list(av[1]))):
            return False
        if name == "SUBPATTERN" and not _sees_words_only(av[3]):
            return False
        if name == "BRANCH" and not all(_sees_words_only(alt) for alt in av[1]):
            return False
        if name in _REPEATS and not _sees_words_only(av[2]):
            return False
    return True


def _is_word_class(items: list[Any]) -> bool:
    """Whether the items are exactly ``\\w``."""
    if len(items) != 1 or str(items[0][0]) != "IN" or len(items[0][1]) != 1:
        return False
    op, av = items[0][1][0]
    return str(op) == "CATEGORY" and str(av) == "CATEGORY_WORD"


def _after_non_word(items: list[Any]) -> bool:
    """Whether every match starts right after a non-word character (or at the start):
    a ``\\b`` before a word character, ``(?<!\\w)``, or a lookbehind ending in one."""
    for idx, (op, av) in enumerate(items):
        name, rest = str(op), items[idx + 1 :]
        if name == "AT":
            if str(av) == "AT_BOUNDARY" and _word_first(rest):
                return True
        elif name in ("ASSERT", "ASSERT_NOT") and av[0] == -1 and av[1]:
            last = av[1][-1]  # the character just before the match
            if name == "ASSERT" and _one_char_word(last) == "none":
                return True
            if name == "ASSERT_NOT" and len(av[1]) == 1 and _covers_word(last):
                return True
        elif name == "SUBPATTERN":
            return _after_non_word(list(av[3]) + rest)
        elif name == "BRANCH":
            return all(_after_non_word(list(alt) + rest) for alt in av[1])
        elif name not in _ZERO_WIDTH:
            return False
    return False


def _word_first(items: list[Any]) -> bool:
    """Whether the first character consumed is certainly a word character (so that a
    ``\\b`` before it means "after a non-word character")."""
    for idx, (op, av) in enumerate(items):
        name, rest = str(op), items[idx + 1 :]
        if name in _ZERO_WIDTH:
            continue
        if name in ("LITERAL", "IN"):
            return _one_char_word((op, av)) == "all"
        if name == "SUBPATTERN":
            return _word_first(list(av[3]) + rest)
        if name == "BRANCH":
            return all(_word_first(list(alt) + rest) for alt in av[1])
        if name in _REPEATS:
            low, _high, sub = av
            return _word_first(list(sub) + rest) and (low > 0 or _word_first(rest))
        return False
    return False


def _covers_word(item: tuple[Any, Any]) -> bool:
    """A class holding every word character (``[\\w-]``): not matching it means non-word."""
    op, av = item
    if str(op) != "IN" or any(str(o) == "NEGATE" for o, _ in av):
        return False
    return any(str(o) == "CATEGORY" and str(a) == "CATEGORY_WORD" for o, a in av)


def _one_char_word(item: tuple[Any, Any]) -> str:
    """For a one-character item: "all" if it only matches word characters, "none" if only
    non-word ones, else "mixed" (case folding never turns one kind into the other)."""
    op, av = item
    members = [(op, av)] if str(op) == "LITERAL" else list(av)
    kinds = set()
    for o, a in members:
        name = str(o)
        if name == "LITERAL":
            kinds.add(re.fullmatch(r"\w", chr(a)) is not None)
        elif name == "RANGE" and a[1] < 128:
            kinds |= {chr(c) in _WORD for c in range(a[0], a[1] + 1)}
        elif name == "CATEGORY" and str(a) in ("CATEGORY_WORD", "CATEGORY_DIGIT"):
            kinds.add(True)
        elif name == "CATEGORY" and str(a) in ("CATEGORY_NOT_WORD", "CATEGORY_SPACE"):
            kinds.add(False)
        else:  # NEGATE, wide ranges, other categories
            return "mixed"
    return {frozenset({True}): "all", frozenset({False}): "none"}.get(frozenset(kinds), "mixed")
