"""Text-level boilerplate rules: each one small, with a kind, matched against whole blocks."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Protocol

from cleaners.boilerplate.captcha import is_math_captcha
from cleaners.model import RemovedKind

_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.:;!…*·•|–—-]+$")
_LEADING = re.compile(r"^[\s*·•|–—>-]+")
# Longest block a phrase rule looks at; prompts are short, paragraphs are long.
MAX_PROMPT_CHARS = 600
# A phrase rule keeps one pattern per tier of block length: a block is tried only against the
# phrases able to match that many characters, so long paragraphs skip most of them.
_LENGTH_TIERS = (0, 50, 100, 200, 400)


def match_key(text: str) -> str:
    """Casefolded block without asterisks, spacing or trailing punctuation: what rules compare."""
    key = _SPACE.sub(" ", text.replace("*", " ")).strip().casefold()
    return _LEADING.sub("", _TRAILING.sub("", key))


class TextRule(Protocol):
    """A rule that recognises one kind of boilerplate block."""

    @property
    def kind(self) -> RemovedKind: ...

    @property
    def name(self) -> str: ...

    def matches(self, text: str, key: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """Whole-block match against a list of phrase patterns of one kind.

    ``tiers`` pairs a block length with the pattern of every phrase that can match a block at
    least that long, shortest length first (the first tier holds every phrase).
    """

    kind: RemovedKind
    name: str
    tiers: tuple[tuple[int, re.Pattern[str]], ...]

    @classmethod
    def build(cls, kind: RemovedKind, name: str, patterns: list[str]) -> PhraseRule:
        widths = [_longest_match(pattern) for pattern in patterns]
        tiers = tuple(
            (tier, _compile([p for p, width in zip(patterns, widths, strict=True) if width >= tier] or ["(?!)"]))
            for tier in _LENGTH_TIERS
        )
        return cls(kind, name, tiers)

    def matches(self, text: str, key: str) -> bool:
        length = len(key)
        if length > MAX_PROMPT_CHARS:
            return False
        pattern = self.tiers[0][1]
        for tier, tier_pattern in self.tiers:
            if tier > length:
                break
            pattern = tier_pattern
        return pattern.fullmatch(key) is not None


def _longest_match(pattern: str) -> int:
    """The most characters ``pattern`` can match (re's own parser measures it)."""
    return int(re._parser.parse(pattern, re.IGNORECASE).getwidth()[1])  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class CaptchaRule:
    """An unanswered arithmetic challenge, recognised by its shape."""

    kind: RemovedKind = "captcha"
    name: str = "math_captcha"

    def matches(self, text: str, key: str) -> bool:
        return is_math_captcha(text)


@dataclass(frozen=True, slots=True)
class TextRuleSet:
    """The rules in the order they are tried, and the comment-form field labels."""

    rules: tuple[TextRule, ...]
    form_labels: re.Pattern[str]


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
    rules: list[TextRule] = [CaptchaRule()]
    rules.extend(PhraseRule.build(kind, f"{kind}_prompt", data[kind]["prompts"]) for kind in kinds)
    return TextRuleSet(tuple(rules), _compile(data["comment_form"]["labels"]))


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
    keys = [match_key(block) for block in blocks]
    kinds: list[RemovedKind | None] = []
    for block, key in zip(blocks, keys, strict=True):
        kinds.append(next((rule.kind for rule in ruleset.rules if rule.matches(block, key)), None))
    labels = [_is_form_label(block, key, ruleset.form_labels) for block, key in zip(blocks, keys, strict=True)]
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
