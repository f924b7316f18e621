"""Checked reading of rule data: every table, key, kind, pattern and rule id is validated when
the data loads, so a typo in a TOML file fails at once with its file, table and value named,
instead of silently matching nothing or failing half-way through a page.

Loaders take the TOML text they are handed (the shipped file by default), so data can be
checked, or tried out, without touching the package's own files.
"""

from __future__ import annotations

import re
import tomllib
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from cleaners.errors import RuleDataError
from cleaners.model import RemovedKind

KINDS: frozenset[str] = frozenset(typing.get_args(RemovedKind))
# Rule ids: dotted lower-case words ("dom.navigation.tag", "comment_form.prompts.en").
_RULE_ID = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
# A group name inside a table of patterns: one lower-case word ("en", "network_names").
_GROUP_NAME = re.compile(r"[a-z][a-z0-9_]*")
_PROBE = LexborHTMLParser("<p></p>")


def shipped(name: str) -> str:
    """The text of a data file shipped in ``cleaners/data``."""
    return resources.files("cleaners.data").joinpath(name).read_text("utf-8")


def parse(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RuleDataError(f"{file}: not valid TOML: {e}") from e


def fail(file: str, where: str, message: str) -> RuleDataError:
    """The error for a bad value: ``file: [table]: message``."""
    return RuleDataError(f"{file}: [{where}]: {message}" if where else f"{file}: {message}")


def table(raw: Any, file: str, where: str, *, allowed: Iterable[str], required: Iterable[str] = ()) -> dict[str, Any]:
    """``raw`` as a table whose keys are all ``allowed`` and include every ``required`` one."""
    if not isinstance(raw, dict):
        raise fail(file, where, f"expected a table, got {type(raw).__name__}")
    known = tuple(allowed)
    for key in raw:
        if key not in known:
            raise fail(file, where, f"unknown key {key!r} (expected one of: {', '.join(known)})")
    for key in required:
        if key not in raw:
            raise fail(file, where, f"missing key {key!r}")
    return cast(dict[str, Any], raw)


def tables(raw: Any, file: str, where: str) -> list[Any]:
    """An array of tables (``[[name]]``)."""
    if not isinstance(raw, list):
        raise fail(file, where, f"expected an array of tables, got {type(raw).__name__}")
    return raw


def strings(raw: Any, file: str, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise fail(file, where, "expected a list of strings")
    return tuple(raw)


def number(raw: Any, file: str, where: str, kind: type[int] | type[float]) -> Any:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or (kind is int and not isinstance(raw, int)):
        raise fail(file, where, f"expected {'a whole number' if kind is int else 'a number'}, got {raw!r}")
    return kind(raw)


def flag(raw: Any, file: str, where: str) -> bool:
    if not isinstance(raw, bool):
        raise fail(file, where, f"expected true or false, got {raw!r}")
    return raw


def kind(raw: Any, file: str, where: str) -> RemovedKind:
    """A removal kind of the article model; anything else is refused here, not at extraction."""
    if raw not in KINDS:
        raise fail(file, where, f"unknown kind {raw!r} (known kinds: {', '.join(sorted(KINDS))})")
    return cast(RemovedKind, raw)


def rule_id(raw: Any, file: str, where: str) -> str:
    if not isinstance(raw, str) or not _RULE_ID.fullmatch(raw):
        raise fail(file, where, f"bad rule id {raw!r} (dotted lower-case words, such as 'dom.navigation.tag')")
    return raw


def group_name(raw: str, file: str, where: str) -> str:
    if not _GROUP_NAME.fullmatch(raw):
        raise fail(file, where, f"bad group name {raw!r} (one lower-case word, such as 'en' or 'network_names')")
    return raw


def groups(raw: Any, file: str, where: str) -> dict[str, tuple[str, ...]]:
    """A table of named groups of patterns: ``en = ["...", ...]``, each pattern compiled once to check it."""
    if not isinstance(raw, dict):
        raise fail(file, where, f"expected a table of named pattern groups, got {type(raw).__name__}")
    checked: dict[str, tuple[str, ...]] = {}
    for name, patterns in raw.items():
        spot = f"{where}.{group_name(name, file, where)}"
        checked[name] = strings(patterns, file, spot)
        for text in checked[name]:
            if pattern(text, file, spot).groupindex:
                raise fail(file, spot, f"pattern {text!r} names a group; rule patterns may not")
    if not checked:
        raise fail(file, where, "no pattern groups")
    return checked


def pattern(raw: str, file: str, where: str) -> re.Pattern[str]:
    """A case-insensitive regular expression, compiled now so that a bad one fails at load."""
    try:
        return re.compile(raw, re.IGNORECASE)
    except re.error as e:
        raise fail(file, where, f"bad pattern {raw!r}: {e}") from e


def selector(raw: str, file: str, where: str) -> str:
    """A CSS selector that the parser accepts (tried once on an empty page)."""
    try:
        _PROBE.css(raw)
    except SelectolaxError as e:
        raise fail(file, where, f"bad CSS selector {raw!r}: {e}") from e
    return raw


def unique_ids(ids: Iterable[tuple[str, str]], file: str) -> tuple[str, ...]:
    """The ids (each given with where it stands), refused when one appears twice."""
    seen: dict[str, str] = {}
    for value, where in ids:
        if value in seen:
            raise fail(file, where, f"rule id {value!r} is used twice (also in [{seen[value]}])")
        seen[value] = where
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class PatternHit:
    """Which rule matched, and by which of its patterns (for the audit and the rule census)."""

    rule: str
    pattern: str


@dataclass(frozen=True, slots=True)
class GroupedPatterns:
    """Named groups of patterns searched as one regular expression that tells which matched.

    Each pattern is wrapped in a named group ``p<N>``; the outermost group of the alternative
    that matched closes last, so ``lastgroup`` names it without trying the patterns one by one.
    """

    regex: re.Pattern[str]
    hits: tuple[PatternHit, ...]

    @classmethod
    def build(cls, raw: Any, file: str, where: str, prefix: str | None = None) -> GroupedPatterns:
        """From the table of named groups at ``where``; a group's rule id is ``<prefix>.<group>``
        (the prefix defaults to ``where``)."""
        prefix = prefix or where
        hits = [PatternHit(f"{prefix}.{name}", text) for name, texts in groups(raw, file, where).items() for text in texts]
        joined = "|".join(f"(?P<p{index}>{hit.pattern})" for index, hit in enumerate(hits))
        return cls(re.compile(joined, re.IGNORECASE), tuple(hits))

    def search(self, text: str) -> PatternHit | None:
        match = self.regex.search(text)
        if match is None:
            return None
        return self._hit(match)

    def fullmatch(self, text: str) -> PatternHit | None:
        match = self.regex.fullmatch(text)
        return None if match is None else self._hit(match)

    def _hit(self, match: re.Match[str]) -> PatternHit:
        name = match.lastgroup or next(key for key, value in match.groupdict().items() if value is not None)
        return self.hits[int(name[1:])]

    def rule_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hit.rule for hit in self.hits))
