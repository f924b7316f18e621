"""Boilerplate removers that work on text blocks; shared by the text and the HTML paths."""

from __future__ import annotations

from collections.abc import Sequence

from cleaners.boilerplate.captcha import is_math_captcha
from cleaners.boilerplate.rules import TextRule, TextRuleSet, classify_blocks, default_rules, match_key
from cleaners.model import Removed

__all__ = [
    "TextRule",
    "TextRuleSet",
    "classify_blocks",
    "default_rules",
    "is_math_captcha",
    "match_key",
    "remove_text_boilerplate",
]


def remove_text_boilerplate(
    blocks: Sequence[str], rules: TextRuleSet | None = None
) -> tuple[list[int], list[Removed]]:
    """Indices of the blocks that stay, and a record of each block removed, in order."""
    kept: list[int] = []
    removed: list[Removed] = []
    for index, kind in enumerate(classify_blocks(blocks, rules)):
        if kind is None:
            kept.append(index)
        else:
            removed.append(Removed(kind=kind, text=blocks[index]))
    return kept, removed
