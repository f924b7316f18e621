"""Text-level boilerplate rules: each one small, with a kind and an id, matched against whole blocks.

The phrase data (``cleaners/data/text_boilerplate.toml``) is checked as it loads; a match
names its rule (the phrase group's id) and the pattern that matched, for the audit and the
rule census.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Protocol

from cleaners import provenance, ruledata
from cleaners.boilerplate.captcha import is_math_captcha
from cleaners.boilerplate.literals import LiteralScan, pattern_bounds
from cleaners.langfiles import parse_languages, shipped_languages
from cleaners.model import RemovedKind
from cleaners.ruledata import GroupedPatterns

# Stripped from a key's end and start (its only whitespace is single spaces by then).
_TRAILING = " .:;!…*·•|–—-"
_LEADING = " *·•|–—>-"
# Longest block a phrase rule looks at; prompts are short, paragraphs are long.
MAX_PROMPT_CHARS = 600


def match_key(text: str) -> str:
    """Casefolded block without asterisks, spacing or trailing punctuation: what rules compare."""
    key = " ".join(text.replace("*", " ").split()).casefold()
    return key.rstrip(_TRAILING).lstrip(_LEADING)


@dataclass(frozen=True, slots=True)
class BlockKey:
    """A block as the rules see it: its text, its match key and the phrase literals it holds."""

    text: str
    key: str
    literals: frozenset[str]


@dataclass(frozen=True, slots=True)
class TextMatch:
    """What a block was recognised as: the kind, the rule's id, and the pattern that matched
    (None for rules of shape, such as the arithmetic captcha)."""

    kind: RemovedKind
    rule: str
    pattern: str | None = None


class TextRule(Protocol):
    """A rule that recognises one kind of boilerplate block."""

    @property
    def kind(self) -> RemovedKind: ...

    def match(self, block: BlockKey) -> TextMatch | None: ...

    def rule_ids(self) -> Iterator[str]: ...


@dataclass(frozen=True, slots=True)
class Phrase:
    """One whole-block pattern, the most characters it can match, the literals one of which
    each of its matches holds (None: no such literals, always tried), and what a match means."""

    pattern: re.Pattern[str]
    longest: int
    literals: frozenset[str] | None
    hit: TextMatch

    @classmethod
    def build(cls, hit: TextMatch) -> Phrase:
        """From a checked pattern (:func:`cleaners.ruledata.groups` compiled it once already)."""
        text = hit.pattern or ""
        bounds = pattern_bounds(text)
        return cls(re.compile(text, re.IGNORECASE), bounds.longest, bounds.literals, hit)

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
    phrases: tuple[Phrase, ...]
    by_literal: Mapping[str, tuple[int, ...]]
    unfiltered: tuple[int, ...]

    @classmethod
    def build(cls, kind: RemovedKind, phrases: tuple[Phrase, ...]) -> PhraseRule:
        by_literal: dict[str, list[int]] = {}
        for index, phrase in enumerate(phrases):
            for literal in phrase.literals or ():
                by_literal.setdefault(literal, []).append(index)
        unfiltered = tuple(index for index, phrase in enumerate(phrases) if phrase.literals is None)
        frozen = MappingProxyType({literal: tuple(indices) for literal, indices in by_literal.items()})
        return cls(kind, phrases, frozen, unfiltered)

    def match(self, block: BlockKey) -> TextMatch | None:
        """The first phrase, in data order, that matches the whole block."""
        if len(block.key) > MAX_PROMPT_CHARS:
            return None
        order = self.unfiltered  # ascending; most blocks hold none of the literals
        if block.literals:
            candidates = set(order)
            for literal in block.literals:
                candidates.update(self.by_literal.get(literal, ()))
            order = tuple(sorted(candidates))
        for index in order:
            if self.phrases[index].matches(block):
                return self.phrases[index].hit
        return None

    def rule_ids(self) -> Iterator[str]:
        yield from dict.fromkeys(phrase.hit.rule for phrase in self.phrases)


@dataclass(frozen=True, slots=True)
class CaptchaRule:
    """An unanswered arithmetic challenge, recognised by its shape."""

    kind: RemovedKind = "captcha"

    def match(self, block: BlockKey) -> TextMatch | None:
        return _CAPTCHA if is_math_captcha(block.text) else None

    def rule_ids(self) -> Iterator[str]:
        yield from ()  # its id is a step's, listed in cleaners.provenance: no data defines it


_CAPTCHA = TextMatch("captcha", provenance.TEXT_CAPTCHA)


@dataclass(frozen=True, slots=True)
class TextRuleSet:
    """The rules in the order they are tried, the comment-form field labels, and the scan for
    the phrases' literals."""

    rules: tuple[TextRule, ...]
    form_labels: GroupedPatterns
    scan: LiteralScan

    def block_key(self, text: str) -> BlockKey:
        key = match_key(text)
        return BlockKey(text, key, self.scan.present(key) if len(key) <= MAX_PROMPT_CHARS else frozenset())

    def match(self, text: str) -> TextMatch | None:
        """The first rule that recognises ``text`` as a block on its own (labels aside)."""
        block = self.block_key(text)
        return next((hit for rule in self.rules if (hit := rule.match(block)) is not None), None)

    def rule_ids(self) -> Iterator[str]:
        """The ids the data defines: one per phrase group and per label group."""
        for rule in self.rules:
            yield from rule.rule_ids()
        yield from self.form_labels.rule_ids()


TEXT_RULES_FILE = "text_boilerplate.toml"
# The order kinds are tried in: a block matching phrases of two kinds gets the first. Kinds the
# data adds beyond these are tried after them, in the data's order.
_KIND_ORDER: tuple[RemovedKind, ...] = (
    "comment_form", "cookie_notice", "newsletter", "share", "navigation", "related", "paywall", "advertisement",
    "boilerplate",
)


def _phrases(kind: RemovedKind, raw: Any, file: str) -> dict[str, tuple[Phrase, ...]]:
    """Each group's phrases, by rule id."""
    where = f"{kind}.prompts"
    return {
        f"{where}.{name}": tuple(Phrase.build(TextMatch(kind, f"{where}.{name}", text)) for text in texts)
        for name, texts in ruledata.groups(raw, file, where).items()
    }


def _language_phrases(languages: Mapping[str, str]) -> dict[RemovedKind, dict[str, tuple[Phrase, ...]]]:
    """Each language file's phrases: kind → rule id ``KIND.prompts.<code>`` → phrases."""
    found: dict[RemovedKind, dict[str, tuple[Phrase, ...]]] = {}
    for language in parse_languages(languages):
        for kind, texts in language.prompts.items():
            rule = f"{kind}.prompts.{language.code}"
            found.setdefault(kind, {})[rule] = tuple(Phrase.build(TextMatch(kind, rule, text)) for text in texts)
    return found


def load_text_rules(
    text: str, file: str = TEXT_RULES_FILE, *, languages: Mapping[str, str] = MappingProxyType({})
) -> TextRuleSet:
    """Check and compile text rule data: the TOML text of ``text_boilerplate.toml`` (or a stand-in)
    and the language files handed in ``languages`` (code → TOML text, see :mod:`cleaners.langfiles`).

    Every top-level table must be a removal kind holding ``prompts`` (and, for ``comment_form``,
    ``labels``); raises :class:`~cleaners.errors.RuleDataError` naming the file, table and value,
    also for a rule id that a language file and this file both define.
    """
    raw = ruledata.parse(text, file)
    by_kind = _language_phrases(languages)
    labels: GroupedPatterns | None = None
    for name, lists in raw.items():
        kind = ruledata.kind(name, file, name)
        allowed = ("prompts", "labels") if kind == "comment_form" else ("prompts",)
        lists = ruledata.table(lists, file, name, allowed=allowed, required=("prompts",))
        for rule, phrases in _phrases(kind, lists["prompts"], file).items():
            if rule in by_kind.get(kind, {}):
                raise ruledata.fail(file, f"{name}.prompts", f"rule id {rule!r} is also defined by a language file")
            by_kind.setdefault(kind, {})[rule] = phrases
        if "labels" in lists:
            labels = GroupedPatterns.build(lists["labels"], file, f"{name}.labels")
    if labels is None:
        raise ruledata.fail(file, "comment_form", "missing key 'labels'")
    order = [kind for kind in _KIND_ORDER if kind in by_kind] + [kind for kind in by_kind if kind not in _KIND_ORDER]
    phrase_rules = [
        PhraseRule.build(kind, tuple(phrase for phrases in by_kind[kind].values() for phrase in phrases))
        for kind in order
    ]
    literals = [literal for rule in phrase_rules for phrase in rule.phrases for literal in phrase.literals or ()]
    rules = TextRuleSet((CaptchaRule(), *phrase_rules), labels, LiteralScan.build(literals))
    ruledata.unique_ids(((rule_id, "rules") for rule_id in rules.rule_ids()), file)
    return rules


@cache
def default_rules() -> TextRuleSet:
    """The shipped rules (``text_boilerplate.toml`` and every language file), loaded and checked once."""
    return load_text_rules(ruledata.shipped(TEXT_RULES_FILE), languages=shipped_languages())


def _form_label(text: str, key: str, labels: GroupedPatterns) -> TextMatch | None:
    """A field label: a known label word, or a few words marked required with an asterisk."""
    hit = labels.fullmatch(key)
    if hit is not None:
        return TextMatch("comment_form", hit.rule, hit.pattern)
    if text.rstrip().endswith("*") and len(key.split()) <= 4:
        return _STARRED
    return None


_STARRED = TextMatch("comment_form", provenance.STARRED_LABEL)


def match_blocks(blocks: Sequence[str], rules: TextRuleSet | None = None) -> list[TextMatch | None]:
    """What each block was recognised as, or None for a block that stays.

    Labels ("Name *", "Website", "Post Comment") are removed only inside a comment form, i.e.
    after a comment-form prompt, or where at least two labels stand in a row.
    """
    ruleset = rules or default_rules()
    block_keys = [ruleset.block_key(block) for block in blocks]
    found: list[TextMatch | None] = [
        next((hit for rule in ruleset.rules if (hit := rule.match(block_key)) is not None), None)
        for block_key in block_keys
    ]
    labels = [_form_label(block_key.text, block_key.key, ruleset.form_labels) for block_key in block_keys]
    in_form = False
    for index, hit in enumerate(found):
        if hit is not None and hit.kind == "comment_form":
            in_form = True
        elif hit is None and labels[index] is not None:
            neighbours = (index > 0 and labels[index - 1] is not None) or (
                index + 1 < len(labels) and labels[index + 1] is not None
            )
            if in_form or neighbours:
                found[index] = labels[index]
        elif hit is None:
            in_form = False
    return found


def classify_blocks(blocks: Sequence[str], rules: TextRuleSet | None = None) -> list[RemovedKind | None]:
    """The boilerplate kind of each block, or None for a block that stays (see :func:`match_blocks`)."""
    return [hit.kind if hit is not None else None for hit in match_blocks(blocks, rules)]
