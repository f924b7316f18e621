"""A heading's text as the page shows it, tidied to compare with the declared titles."""

from __future__ import annotations

import re

from ftfy import fix_encoding

# Marks that documentation generators and blogs append to a heading as its anchor link ("JSON ¶",
# "Installation¶"): a pilcrow or link sign, or a "#" or "§" set apart by a space ("C#" is a name).
_ANCHOR_MARKS = re.compile(r"(?:\s*[¶🔗]|\s+[#§])+$")


def without_anchor_marks(heading: str) -> str:
    """A heading's text without the anchor marks a generator appends to it."""
    return _ANCHOR_MARKS.sub("", heading).rstrip()


def tidy_heading(text: str) -> str:
    """A heading's text without the anchor mark that generators append (``json — JSON ¶``), its
    double-encoded characters decoded (``Investorâ\x80\x99s``)."""
    return without_anchor_marks(" ".join(fix_encoding(text).split())).strip()


def respace(shown: str, written: str) -> str:
    """``shown`` with the spaces of ``written`` when both hold the same characters otherwise.

    A heading's text joins its inline elements with spaces (``Planning C ycle`` from
    ``C<span>ycle</span>``); the declared title spells the same words with the publisher's spaces.
    A space between two digits is the page's own and stays (``30 1/8`` where the share card
    writes ``301/8``): an inline element splits a word, not a number.
    """
    shown, written = " ".join(shown.split()), " ".join(written.split())
    if [char.casefold() for char in shown if char != " "] != [char.casefold() for char in written if char != " "]:
        return shown
    out: list[str] = []
    index = 0
    for char in written:
        while shown[index] == " ":
            if char != " " and _between_digits(shown, index):
                out.append(" ")
            index += 1
        if char == " ":
            out.append(" ")
        else:
            out.append(shown[index])
            index += 1
    return "".join(out)


def _between_digits(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()
