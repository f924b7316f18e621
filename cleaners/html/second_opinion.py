"""Trafilatura as a second opinion, asked only when the page's evidence makes our choice doubtful.

Our selector is the fast default. A selection is doubtful when it is small next to the page,
when another candidate scores nearly as well, or when it is link-heavy; then trafilatura
extracts from the already cleaned tree and the two candidates are compared on their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from trafilatura import bare_extraction

from cleaners.errors import ExtractionError
from cleaners.html.body import RawBlock
from cleaners.html.select import ContentSelection

_WORD = re.compile(r"\w+")
_LEVEL = re.compile(r"h([1-6])")
_FEW_WORDS = 50


@dataclass(frozen=True, slots=True)
class DoubtThresholds:
    """When a selection is doubtful (see :func:`is_doubtful`)."""

    small_chars: int = 1200
    small_share: float = 0.35
    close_runner_up: float = 0.6
    link_density: float = 0.25
    tiny_chars: int = 300


DEFAULT_DOUBT = DoubtThresholds()


def is_doubtful(selection: ContentSelection, limits: DoubtThresholds = DEFAULT_DOUBT) -> bool:
    """The evidence that our candidate may be wrong or partial."""
    if selection.page_chars == 0:
        return False
    if selection.text_chars < limits.tiny_chars:
        return True
    if selection.link_density > limits.link_density:
        return True
    if selection.text_chars >= limits.small_chars:
        return False
    return (
        selection.text_chars < limits.small_share * selection.page_chars
        or selection.runner_up >= limits.close_runner_up * selection.score
    )


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _blocks_of(body: etree._Element) -> list[RawBlock]:
    """Trafilatura's XML body (p, head, list/item, quote, code, table/row/cell) as blocks."""
    blocks: list[RawBlock] = []
    for element in body.iterchildren():
        tag = element.tag
        if tag == "head":
            match = _LEVEL.fullmatch(str(element.get("rend") or ""))
            blocks.append(RawBlock("heading", _text(element), int(match.group(1)) if match else 2))
        elif tag == "list":
            blocks.extend(RawBlock("list_item", _text(item)) for item in element.iter("item"))
        elif tag == "quote":
            blocks.append(RawBlock("quote", _text(element)))
        elif tag == "code":
            blocks.append(RawBlock("code", _text(element)))
        elif tag == "table":
            rows = (" | ".join(" ".join(_text(cell).split()) for cell in row.iter("cell")) for row in element.iter("row"))
            blocks.append(RawBlock("table", "\n".join(row for row in rows if row.strip(" |"))))
        elif tag != "graphic":
            blocks.append(RawBlock("paragraph", _text(element)))
    return [block for block in blocks if block.text.strip()]


def trafilatura_blocks(html: str) -> list[RawBlock]:
    """Trafilatura's main content of ``html`` (fast mode, no metadata, no comments)."""
    try:
        document = bare_extraction(html, fast=True, with_metadata=False, include_comments=False, include_tables=True)
    except (ValueError, TypeError, AttributeError, RecursionError, etree.LxmlError) as e:
        raise ExtractionError(f"trafilatura failed: {e}") from e
    body = getattr(document, "body", None)
    if body is None:
        return []
    return _blocks_of(body)


def _words(blocks: list[RawBlock]) -> list[str]:
    return _WORD.findall(" ".join(block.text for block in blocks).casefold())


def prefer_second_opinion(own: list[RawBlock], other: list[RawBlock]) -> bool:
    """Take trafilatura's blocks when they hold clearly more text that still covers ours."""
    own_words, other_words = _words(own), _words(other)
    if not other_words:
        return False
    if len(own_words) < _FEW_WORDS:
        return len(other_words) > 2 * len(own_words)
    if len(other_words) < 1.25 * len(own_words):
        return False
    covered = set(other_words)
    overlap = sum(1 for word in own_words if word in covered) / len(own_words)
    return overlap >= 0.6
