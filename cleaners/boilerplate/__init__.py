"""Boilerplate removers that work on text blocks; shared by the text and the HTML paths."""

from __future__ import annotations

from collections.abc import Sequence

from cleaners.boilerplate.captcha import is_math_captcha
from cleaners.boilerplate.rules import (
    TextMatch,
    TextRule,
    TextRuleSet,
    classify_blocks,
    default_rules,
    load_text_rules,
    match_blocks,
    match_key,
)
from cleaners.model import Removed

__all__ = [
    "TextMatch",
    "TextRule",
    "TextRuleSet",
    "classify_blocks",
    "default_rules",
    "is_math_captcha",
    "load_text_rules",
    "match_blocks",
    "match_key",
    "remove_text_boilerplate",
]


def remove_text_boilerplate(
    blocks: Sequence[str], rules: TextRuleSet | None = None
) -> tuple[list[int], list[Removed]]:
    """Indices of the blocks that stay, and a record of each block removed (with its rule), in order."""
    kept: list[int] = []
    removed: list[Removed] = []
    for index, hit in enumerate(match_blocks(blocks, rules)):
        if hit is None:
            kept.append(index)
        else:
            removed.append(Removed(kind=hit.kind, text=blocks[index], rule=hit.rule))
    return kept, removed
