"""Text-level boilerplate rules: each one small, with a kind, matched against whole blocks."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Protocol

from cleaners.boilerplate.captcha import is_math_captcha
from cleaners.boilerplate.literals import LiteralScan, pattern_bounds
from cleaners.model import RemovedKind

_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.:;!…*·•|–—-]+$")
_LEADING = re.compile(r"^[\s*·•|–—>-]+")
# Longest block a phrase rule looks at; prompts are short, paragraphs are long.
MAX_PROMPT_CHARS = 600


def match_key(text: str) -> str:
    """Casefolded block without asterisks, spacing or trailing punctuation: what rules compare."""
    key = _SPACE.sub(" ", text.replace("*", " ")).strip().casefold()
    return _LEADING.sub("", _TRAILING.sub("", key))


@dataclass(frozen=True, slots=True)
class BlockKey:
    """A block as the rules see it: its text, its match key and the phrase literals it holds."""

    text: str
    key: str
    literals: frozenset[str]


class TextRule(Protocol):
    """A rule that recognises one kind of boilerplate block."""

    @property
    def kind(self) -> RemovedKind: ...

    @property
    def name(self) -> str: ...

    def matches(self, block: BlockKey) -> bool: ...


@dataclass(frozen=True, slots=True)
class Phrase:
    """One whole-block pattern, the most characters it can match, and the literals one of which
    each of its matches holds (None: no such literals, always tried)."""

    pattern: re.Pattern[str]
    longest: int
    literals: frozenset[str] | None

    @classmethod
    def build(cls, pattern: str) -> Phrase:
        bounds = pattern_bounds(pattern)
        return cls(re.compile(pattern, re.IGNORECASE), bounds.longest, bounds.literals)

    def matches(self, block: BlockKey) -> bool:
        if len(block.key) > self.longest:
            return False
        if self.literals is not None and self.literals.isdisjoint(block.literals):
            return False
        return self.pattern.fullmatch(block.key) is not None


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """Whole-block match against a list of phrase patterns of one kind.

    ``by_literal`` lists, for each literal, the phrases that need it; ``unfiltered`` the phrases
    tried on every block. A block is tried against only the phrases its literals call for.
    """

    kind: RemovedKind
    name: str
    phrases: tuple[Phrase, ...]
    by_literal: Mapping[str, tuple[int, ...]]
    unfiltered: tuple[int, ...]

    @classmethod
    def build(cls, kind: RemovedKind, name: str, patterns: list[str]) -> PhraseRule:
        phrases = tuple(Phrase.build(pattern) for pattern in patterns)
        by_literal: dict[str, list[int]] = {}
        for index, phrase in enumerate(phrases):
            for literal in phrase.literals or ():
                by_literal.setdefault(literal, []).append(index)
        unfiltered = tuple(index for index, phrase in enumerate(phrases) if phrase.literals is None)
        frozen = MappingProxyType({literal: tuple(indices) for literal, indices in by_literal.items()})
        return cls(kind, name, phrases, frozen, unfiltered)

    def matches(self, block: BlockKey) -> bool:
        if len(block.key) > MAX_PROMPT_CHARS:
            return False
        candidates = set(self.unfiltered)
        for literal in block.literals:
            candidates.update(self.by_literal.get(literal, ()))
        return any(self.phrases[index].matches(block) for index in candidates)


@dataclass(frozen=True, slots=True)
class CaptchaRule:
    """An unanswered arithmetic challenge, recognised by its shape."""

    kind: RemovedKind = "captcha"
    name: str = "math_captcha"

    def matches(self, block: BlockKey) -> bool:
        return is_math_captcha(block.text)


@dataclass(frozen=True, slots=True)
class TextRuleSet:
    """The rules in the order they are tried, the comment-form field labels, and the scan for
    the phrases' literals."""

    rules: tuple[TextRule, ...]
    form_labels: re.Pattern[str]
    scan: LiteralScan

    def block_key(self, text: str) -> BlockKey:
        key = match_key(text)
        return BlockKey(text, key, self.scan.present(key) if len(key) <= MAX_PROMPT_CHARS else frozenset())


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", re.IGNORECASE)


@cache
def default_rules() -> TextRuleSet:
    """Rules built from ``cleaners/data/text_boilerplate.toml``, once per process."""
    data = tomllib.loads(resources.files("cleaners.data").joinpath("text_boilerplate.toml").read_text("utf-8"))
    kinds: tuple[RemovedKind, ...] = (
        "comment_form", "cookie_notice", "newsletter", "share", "navigation", "related", "paywall", "advertisement",
        "boilerplate",
    )
    phrase_rules = [PhraseRule.build(kind, f"{kind}_prompt", data[kind]["prompts"]) for kind in kinds]
    literals = [
        literal for rule in phrase_rules for phrase in rule.phrases for literal in phrase.literals or ()
    ]
    rules: list[TextRule] = [CaptchaRule(), *phrase_rules]
    return TextRuleSet(tuple(rules), _compile(data["comment_form"]["labels"]), LiteralScan.build(literals))


def _is_form_label(text: str, key: str, labels: re.Pattern[str]) -> bool:
    """A field label: a known label word, or a few words marked required with an asterisk."""
    if labels.fullmatch(key):
        return True
    return text.rstrip().endswith("*") and len(key.split()) <= 4


def classify_blocks(blocks: Sequence[str], rules: TextRuleSet | None = None) -> list[RemovedKind | None]:
    """The boilerplate kind of each block, or None for a block that stays.

    Labels ("Name *", "Website", "Post Comment") are removed only inside a comment form, i.e.
    after a comment-form prompt, or where at least two labels stand in a row.
    """
    ruleset = rules or default_rules()
    block_keys = [ruleset.block_key(block) for block in blocks]
    kinds: list[RemovedKind | None] = [
        next((rule.kind for rule in ruleset.rules if rule.matches(block_key)), None) for block_key in block_keys
    ]
    labels = [_is_form_label(block_key.text, block_key.key, ruleset.form_labels) for block_key in block_keys]
    in_form = False
    for index, kind in enumerate(kinds):
        if kind == "comment_form":
            in_form = True
        elif kind is None and labels[index]:
            neighbours = (index > 0 and labels[index - 1]) or (index + 1 < len(labels) and labels[index + 1])
            if in_form or neighbours:
                kinds[index] = "comment_form"
        elif kind is None:
            in_form = False
    return kinds
