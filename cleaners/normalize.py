"""Normalizers: small pure functions over block text, composed by :func:`normalize_block_text`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from cleaners.config import NormalizeConfig

# Zero-width characters, soft hyphen, BOM, word joiner and bidi marks that carry no text; and
# C0/C1 controls except tab and newline (which whitespace folding handles). One scan for both.
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
# Every Unicode space, including no-break (U+00A0), narrow no-break (U+202F) and thin spaces.
_ANY_SPACE = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# Spaces that typographers put on purpose (no-break, narrow no-break, thin).
_TYPOGRAPHIC = frozenset("\u00a0\u202f\u2009")


def to_nfc(text: str) -> str:
    """Compose characters (é as one code point), so equal text compares equal."""
    return unicodedata.normalize("NFC", text)


def strip_invisible(text: str) -> str:
    """Remove zero-width characters, soft hyphens and control characters."""
    return _INVISIBLE.sub("", text)


def fold_whitespace(text: str, *, keep_typographic: bool = False) -> str:
    """Fold each whitespace run to one space and trim; optionally keep a lone typographic space."""
    if not keep_typographic or _TYPOGRAPHIC.isdisjoint(text):
        # Every space of _ANY_SPACE is one ``str.split`` knows, and splitting is several times faster.
        return " ".join(text.split())

    def _fold(match: re.Match[str]) -> str:
        run = match.group(0)
        if keep_typographic:
            for char in run:
                if char in _TYPOGRAPHIC:
                    return char
        return " "

    return _ANY_SPACE.sub(_fold, text).strip()


def fix_inverted_guillemets(text: str) -> str:
    """A block that opens with » and closes with « was mirrored by a bad converter: swap them."""
    if len(text) >= 2 and text[0] == "»" and text[-1] == "«":
        return "«" + text[1:-1] + "»"
    return text


DEFAULT_NORMALIZE = NormalizeConfig()


def normalize_block_text(text: str, config: NormalizeConfig = DEFAULT_NORMALIZE) -> str:
    """The full chain for one block of text."""
    text = fold_whitespace(strip_invisible(to_nfc(text)), keep_typographic=config.keep_typographic_spaces)
    if config.fix_guillemets:
        text = fix_inverted_guillemets(text)
    return text


def normalize_code_text(text: str) -> str:
    """Code keeps its spacing: composed characters, no invisible ones, tabs as four spaces,
    no trailing spaces on a line and no blank lines around the block."""
    lines = strip_invisible(to_nfc(text.replace("\t", "    "))).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def dedupe_verbatim(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """Keep the first of texts that repeat verbatim; return (kept, dropped repeats)."""
    seen: set[str] = set()
    kept: list[str] = []
    dropped: list[str] = []
    for text in texts:
        if text in seen:
            dropped.append(text)
        else:
            seen.add(text)
            kept.append(text)
    return kept, dropped
