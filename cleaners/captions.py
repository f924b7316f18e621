"""Caption text of a ``<figure>``: what the picture shows, without its photo credit."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

# Elements inside a caption that hold the credit or copyright, not the description.
CREDIT_SELECTOR = (
    "[class*=credit i], [class*=copyright i], [class*=photographer i], [class*=byline i], "
    "[class*=source i], [itemprop=copyrightHolder], [itemprop=creditText], [itemprop=author], small"
)
_SPACE = re.compile(r"\s+")
_TRAILING_SEPARATORS = re.compile(r"[\s\-–—|/·•:(©]+$")


def caption_text(caption: LexborNode) -> str | None:
    """The caption's text with credit elements left out; None when nothing else is there.

    The tree is not changed: metadata reads captions on the intact page.
    """
    text = _SPACE.sub(" ", caption.text(deep=True, separator=" ")).strip()
    for credit in caption.css(CREDIT_SELECTOR):
        credit_text = _SPACE.sub(" ", credit.text(deep=True, separator=" ")).strip()
        if credit_text and credit_text != text:
            text = text.replace(credit_text, " ")
    text = _TRAILING_SEPARATORS.sub("", _SPACE.sub(" ", text).strip())
    return text or None
