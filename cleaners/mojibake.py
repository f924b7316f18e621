"""Mojibake: UTF-8 text that a page stores double-encoded, decoded again."""

from __future__ import annotations

import re

# UTF-8 bytes read as Latin-1 or windows-1252 and encoded again ("Investorâ\x80\x99s" for
# "Investor’s", "â€”" for "—", "Â¶" for "¶"): a lead byte (Â..ô) then continuation bytes (0x80..0xBF)
# shown as C1 controls, as Latin-1 symbols (NBSP..¿) or as the windows-1252 letters of 0x80..0x9F.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_NEXT = f"[\u0080-\u00bf{_CP1252_HIGH}]"
# A lead byte and as many continuation bytes as it announces: one, two or three.
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_NEXT}|[\u00e0-\u00ef]{_NEXT}{{2}}|[\u00f0-\u00f4]{_NEXT}{{3}}")


def _as_byte(char: str) -> int | None:
    if "\u0080" <= char <= "\u00ff":
        return ord(char)
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


def _repair_sequence(match: re.Match[str]) -> str:
    """One run of mis-decoded UTF-8 bytes as the character they encode, else left as it is."""
    raw = [_as_byte(char) for char in match.group(0)]
    if any(value is None for value in raw):
        return match.group(0)
    try:
        return bytes(value for value in raw if value is not None).decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)


def repair_mojibake(text: str) -> str:
    """Decode again the UTF-8 sequences that a page stores double-encoded (mojibake).

    Only whole UTF-8 sequences are decoded; their Latin-1 look ("Ã©", "â\x80\x99") is not text
    anyone writes. For short fields (a title): a body that quotes mojibake keeps it as written.
    """
    return _MOJIBAKE.sub(_repair_sequence, text)
