"""DOM boilerplate rules: typed, immutable views of ``cleaners/data/dom_boilerplate.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

from cleaners.model import RemovedKind

Guard = Literal["always", "unless_main", "evidence"]
_GUARDS = ("always", "unless_main", "evidence")
# Class/id values split into tokens at punctuation and camelCase humps.
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_CAMEL_PART = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


@dataclass(frozen=True, slots=True)
class Guarding:
    """The evidence a rule needs: its guard, how many prose paragraphs veto it (0: the default),
    and whether the node must hold a link."""

    guard: Guard
    keep_prose: int = 0
    needs_links: bool = False


@dataclass(frozen=True, slots=True)
class TagRule:
    """Remove elements of these tags (``nav``, ``header``, ...)."""

    kind: RemovedKind
    tags: frozenset[str]
    guarding: Guarding


@dataclass(frozen=True, slots=True)
class SelectorRule:
    """Remove elements matching a CSS selector (widget markup of a CMS or service)."""

    kind: RemovedKind
    selector: str
    guarding: Guarding


@dataclass(frozen=True, slots=True)
class WordRule:
    """Remove elements whose class or id holds one of these words."""

    kind: RemovedKind
    words: frozenset[str]
    guarding: Guarding
    whole_names: bool = False

    def matches(self, tokens: set[str], names: set[str]) -> bool:
        return not (names if self.whole_names else tokens).isdisjoint(self.words)


@dataclass(frozen=True, slots=True)
class Limits:
    """Thresholds of the evidence guards; see the TOML file for their meaning."""

    audit_chars: int
    main_share: float
    small_share: float
    link_density: float
    prose_paragraphs: int
    prose_chars: int


@dataclass(frozen=True, slots=True)
class DomRules:
    """Every DOM rule, plus the pre-filter selectors that keep matching in C."""

    limits: Limits
    silent_selector: str
    tag_rules: tuple[TagRule, ...]
    selector_rules: tuple[SelectorRule, ...]
    word_rules: tuple[WordRule, ...]
    all_words: frozenset[str]
    hidden_selector: str
    standfirst_words: frozenset[str]
    edge_text: re.Pattern[str]
    edge_blocks: int
    edge_max_chars: int
    credit_text: re.Pattern[str]
    credit_max_chars: int

    def word_rule_for(self, class_and_id: str) -> WordRule | None:
        """The first word rule that the class/id tokens (or whole class names and ids) trigger."""
        tokens = class_id_tokens(class_and_id)
        if tokens.isdisjoint(self.all_words):
            return None
        names = {name.lower() for name in class_and_id.split()}
        for rule in self.word_rules:
            if rule.matches(tokens, names):
                return rule
        return None


def class_id_tokens(value: str) -> set[str]:
    """Lower-cased tokens of a class/id string, singular forms, and the whole class names."""
    tokens = {name.lower() for name in value.split()}
    for run in _ALNUM_RUN.findall(value):
        tokens.add(run.lower())
        if not (run.islower() or run.isupper() or run.isdigit()):
            tokens.update(part.lower() for part in _CAMEL_PART.findall(run))
    tokens.update([token[:-1] for token in tokens if len(token) > 3 and token.endswith("s")])
    return tokens


def _guard(raw: dict[str, Any]) -> Guarding:
    guard = raw.get("guard", "evidence")
    if guard not in _GUARDS:
        raise ValueError(f"unknown guard {guard!r} in dom_boilerplate.toml")
    return Guarding(cast(Guard, guard), int(raw.get("keep_prose", 0)), bool(raw.get("needs_links", False)))


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern that matches where any of ``patterns`` does."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


@cache
def dom_rules() -> DomRules:
    """Load and compile the rules once per process."""
    text = resources.files("cleaners.data").joinpath("dom_boilerplate.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    limits = Limits(**raw["limits"])
    word_rules = tuple(
        WordRule(
            kind=item["kind"],
            words=frozenset(w.lower() for w in item["words"]),
            guarding=_guard(item),
            whole_names=bool(item.get("whole_names", False)),
        )
        for item in raw["word_rule"]
    )
    all_words: set[str] = set()
    for rule in word_rules:
        all_words |= rule.words
    return DomRules(
        limits=limits,
        silent_selector=",".join(raw["silent"]["tags"]),
        tag_rules=tuple(
            TagRule(kind=item["kind"], tags=frozenset(item["tags"]), guarding=_guard(item)) for item in raw["tag_rule"]
        ),
        selector_rules=tuple(
            SelectorRule(kind=item["kind"], selector=",".join(item["selectors"]), guarding=_guard(item))
            for item in raw["selector_rule"]
        ),
        word_rules=word_rules,
        all_words=frozenset(all_words),
        hidden_selector=",".join(raw["hidden"]["selectors"]),
        standfirst_words=frozenset(word.lower() for word in raw["standfirst"]["words"]),
        edge_text=_any_of(raw["edge_text"]["patterns"]),
        edge_blocks=int(raw["edge_text"]["blocks"]),
        edge_max_chars=int(raw["edge_text"]["max_chars"]),
        credit_text=_any_of(raw["credit_text"]["patterns"]),
        credit_max_chars=int(raw["credit_text"]["max_chars"]),
    )
