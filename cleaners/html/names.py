"""Which class and id names a selector needs, so a page is not searched for names it lacks.

Each CSS query walks the whole tree and tests every node against each entry of its selector
list, so a rule of thirty widget names costs thirty tests per node even on the many pages that
use none of them. The class and id values of the page are read anyway (the class/id word
rules), so an entry that names a class or an id the page never writes is left out of the query:
it would match nothing, and the query finds the same nodes in the same order without it (a
rule none of whose entries can match is not queried at all). The test is conservative (names
compared lower-cased, so in quirks mode too; attribute prefixes and substrings as substrings);
when in doubt, the entry stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

NameKind = Literal["class", "id"]
# Innermost parenthesised groups (":not(...)", ":has(...)"): what they hold is not required.
_GROUP = re.compile(r"\([^()]*\)")
# Simple selectors outside groups: an attribute test (taken whole), a class or an id.
_SIMPLE = re.compile(r"\[[^\]]*\]|[.#][-\w]+")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
# An attribute test on a class or id value by prefix or substring (quoted or not, any case).
_PARTIAL = re.compile(r"""\[\s*(class|id)\s*[\^*]=\s*(["']?)([-\w]+)\2\s*(?:[iIsS]\s*)?\]""")


@dataclass(frozen=True, slots=True)
class NameNeed:
    """A class or id name (lower-cased) that an entry of a selector list cannot match without;
    ``partial``: a prefix or substring of a value rather than a whole name."""

    kind: NameKind
    name: str
    partial: bool = False


@dataclass(frozen=True, slots=True)
class PageNames:
    """The class and id names a page writes, lower-cased: the whole names, and the values joined
    for prefix and substring tests."""

    classes: frozenset[str]
    ids: frozenset[str]
    class_text: str
    id_text: str

    @classmethod
    def of(cls, class_values: Iterable[str], id_values: Iterable[str]) -> PageNames:
        class_text = "\n".join(class_values).lower()
        id_text = "\n".join(id_values).lower()
        return cls(frozenset(class_text.split()), frozenset(id_text.split()), class_text, id_text)

    def has(self, need: NameNeed) -> bool:
        if need.partial:
            return need.name in (self.class_text if need.kind == "class" else self.id_text)
        return need.name in (self.classes if need.kind == "class" else self.ids)

    def selector(self, entries: SelectorEntries, whole: str) -> str | None:
        """The selector ``whole`` (split into ``entries``; none: not known) less the entries
        this page cannot match; None when it cannot match at all."""
        if not entries:
            return whole
        kept = [entry for entry, need in entries if need is None or self.has(need)]
        if len(kept) == len(entries):
            return whole
        return ",".join(kept) if kept else None


# Each entry of a selector list with the name it needs (None: none known).
SelectorEntries = tuple[tuple[str, NameNeed | None], ...]


def selector_entries(selector: str) -> SelectorEntries:
    """The entries of the selector list, each with the class or id name its subject needs."""
    return tuple((entry, _entry_need(entry)) for entry in _entries(selector))


def _entries(selector: str) -> list[str]:
    """The selector list split at its top-level commas (not those inside parentheses or brackets)."""
    entries: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(selector):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            entries.append(selector[start:index])
            start = index + 1
    entries.append(selector[start:])
    return entries


def _entry_need(entry: str) -> NameNeed | None:
    """The first class, id, or class/id prefix or substring test of the entry's subject (its last
    compound, outside parentheses): a node matching the entry carries it, and lies under the
    queried node (ancestors and siblings the entry names may lie outside)."""
    outer = entry.strip()
    while (inner := _GROUP.sub("", outer)) != outer:
        outer = inner
    bare = _ATTRIBUTE.sub("", outer)
    if "\\" in entry or any(char in bare for char in "()[]\"'"):
        return None  # escapes, or brackets and quotes out of place: no guess
    subject = _subject(outer)
    for match in _SIMPLE.finditer(subject):
        token = match.group(0)
        if token[0] == ".":
            return NameNeed("class", token[1:].lower())
        if token[0] == "#":
            return NameNeed("id", token[1:].lower())
        partial = _PARTIAL.fullmatch(token)
        if partial is not None:
            kind: NameKind = "class" if partial.group(1) == "class" else "id"
            return NameNeed(kind, partial.group(3).lower(), partial=True)
    return None


def _subject(entry: str) -> str:
    """The last compound of a complex selector: what follows its last combinator outside brackets."""
    depth, start = 0, 0
    for index, char in enumerate(entry):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0 and (char.isspace() or char in ">+~"):
            start = index + 1
    return entry[start:]
