"""Required literals of a phrase pattern, and one scan that tells which of them a text holds.

Phrase rules are hundreds of whole-block regular expressions, and almost every block matches
none. Each pattern is read once (with ``re``'s own parser) for a set of strings one of which
every match must contain; a block is then tried only against the patterns whose strings it
holds. The strings are found in one pass over the block with a regex built as a trie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

MIN_LITERAL_CHARS = 3

_parser: Any = re._parser  # type: ignore[attr-defined]
_constants: Any = re._constants  # type: ignore[attr-defined]


def _folded_char(op: Any, value: Any) -> str | None:
    """A pattern character as it stands in casefolded text (None if case folding changes its length)."""
    if op is not _constants.LITERAL:
        return None
    char = chr(value).lower()
    return char if char.casefold() == char and len(char) == 1 else None


def _shortest(options: frozenset[str]) -> int:
    return min((len(option) for option in options), default=0)


def _required(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """Strings one of which a match of this sequence contains (the most selective found)."""
    best: frozenset[str] | None = None

    def consider(options: frozenset[str] | None) -> None:
        nonlocal best
        if options is None or _shortest(options) < MIN_LITERAL_CHARS:
            return
        if best is None or (_shortest(options), -len(options)) > (_shortest(best), -len(best)):
            best = options

    run = ""
    for op, value in [*items, (None, None)]:
        char = _folded_char(op, value) if op is not None else None
        if char is not None:
            run += char
            continue
        if run:
            consider(frozenset({run}))
            run = ""
        if op is _constants.SUBPATTERN:
            consider(_required(value[-1]))
        elif op is _constants.BRANCH:
            branches = [_required(branch) for branch in value[1]]
            if all(branch is not None for branch in branches):
                consider(frozenset().union(*(branch for branch in branches if branch is not None)))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and value[0] >= 1:
            consider(_required(value[2]))
    return best


@dataclass(frozen=True, slots=True)
class PatternBounds:
    """What a case-insensitive pattern can match, read once with ``re``'s own parser: the most
    characters, and strings one of which every match contains, as they appear in casefolded text
    (None when the pattern offers none of ``MIN_LITERAL_CHARS`` or more)."""

    longest: int
    literals: frozenset[str] | None


def pattern_bounds(pattern: str) -> PatternBounds:
    parsed = _parser.parse(pattern, re.IGNORECASE)
    return PatternBounds(int(parsed.getwidth()[1]), _required(list(parsed)))


def _trie_pattern(literals: Iterable[str]) -> str:
    """A regex matching the longest of ``literals`` that starts at a position."""
    root: dict[str, Any] = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


@dataclass(frozen=True, slots=True)
class LiteralScan:
    """Finds which of a fixed set of literals a text contains, in one pass."""

    pattern: re.Pattern[str]
    # Each literal with every literal that is a prefix of it: where the longest starts, they all do.
    prefixes: Mapping[str, frozenset[str]]

    @classmethod
    def build(cls, literals: Iterable[str]) -> LiteralScan:
        unique = sorted(set(literals))
        pattern = re.compile(f"(?=({_trie_pattern(unique)}))" if unique else "(?!)")
        known = frozenset(unique)
        # A literal's prefixes among the others, found by cutting it (not by comparing every pair).
        prefixes = {literal: frozenset(literal[:end] for end in range(1, len(literal) + 1) if literal[:end] in known)
                    for literal in unique}
        return cls(pattern, MappingProxyType(prefixes))

    def present(self, text: str) -> frozenset[str]:
        """The literals that occur in ``text`` (which is casefolded, like the literals)."""
        found: set[str] = set()
        for match in self.pattern.finditer(text):
            if match.group(1):
                found |= self.prefixes[match.group(1)]
        return frozenset(found)
