"""Stable content fingerprints, so a crawler can tell whether an article's text changed."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")
#: Chinese and Japanese characters, for a regex class: scripts written without spaces between
#: words, where each character counts as a word and a title's separators need no spaces.
#: CJK ideographs (unified, extensions, compatibility), hiragana and katakana (half-width too).
CJK_CHARACTERS = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_COUNTED = re.compile(f"[{CJK_CHARACTERS}]|[^\\W{CJK_CHARACTERS}]+")


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
    """Words of ``text``: runs of letters and digits, except that each Chinese or Japanese
    character counts as one word (those scripts put no spaces between words; a character is
    about what a word is elsewhere, as word counters for CJK text count). Korean, written with
    spaces, counts by its runs like other languages."""
    return len(_COUNTED.findall(text))
