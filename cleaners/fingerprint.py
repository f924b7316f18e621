"""Stable content fingerprints, so a crawler can tell whether an article's text changed."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")


def normalized_for_fingerprint(text: str) -> str:
    """Casefolded NFKC words joined by single spaces: immune to spacing and punctuation edits."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def text_fingerprint(text: str) -> str | None:
    """``sha256:<hex>`` of the normalised text, or None for an article without text."""
    normalized = normalized_for_fingerprint(text)
    if not normalized:
        return None
    return "sha256:" + hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    """Number of ``\\w+`` tokens; CJK runs count as one token each, like most word counters."""
    return len(_WORD.findall(text))
