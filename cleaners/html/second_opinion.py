"""Trafilatura as a second opinion, asked only when the page's evidence makes our choice doubtful.

Our selector is the fast default. A selection is doubtful when it is short, when another
candidate outside it scores half as well or better, or when it carries links; then trafilatura
extracts (fast mode) from the already cleaned tree, and its answer is taken unless it is clearly
shorter than ours. On the development corpora about a third of pages are doubtful.
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
_MIN_SHARE_OF_OURS = 0.7
_NESTED_BLOCKS = frozenset({"head", "p", "item", "list", "quote", "row", "cell", "code", "table"})


@dataclass(frozen=True, slots=True)
class DoubtThresholds:
    """When a selection is doubtful (see :func:`is_doubtful`)."""

    small_chars: int = 1000
    close_runner_up: float = 0.5
    link_density: float = 0.15


DEFAULT_DOUBT = DoubtThresholds()


def is_doubtful(selection: ContentSelection, limits: DoubtThresholds = DEFAULT_DOUBT) -> bool:
    """The evidence that our candidate may be wrong or partial."""
    if selection.page_chars == 0:
        return False
    return (
        selection.text_chars < limits.small_chars
        or selection.link_density > limits.link_density
        or selection.runner_up > limits.close_runner_up * selection.score
    )


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _separate_nested_blocks(body: etree._Element) -> None:
    """Line breaks and block elements nested in a top-level element must not glue words together."""
    for element in body.iter():
        if element is body or element.getparent() is body:
            continue
        if element.tag == "lb":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _NESTED_BLOCKS:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")


def _blocks_of(body: etree._Element) -> list[RawBlock]:
    """Trafilatura's XML body (p, head, list/item, quote, code, table/row/cell) as blocks."""
    _separate_nested_blocks(body)
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


def trafilatura_blocks(html: str, *, fast: bool = True) -> list[RawBlock]:
    """Trafilatura's main content of ``html`` (fast mode unless told, no metadata, no comments)."""
    try:
        document = bare_extraction(html, fast=fast, with_metadata=False, include_comments=False, include_tables=True)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError, etree.LxmlError) as e:
        raise ExtractionError(f"trafilatura failed: {e}") from e
    body = getattr(document, "body", None)
    if body is None:
        return []
    return _blocks_of(body)


def _words(blocks: list[RawBlock]) -> list[str]:
    return _WORD.findall(" ".join(block.text for block in blocks).casefold())


def prefer_second_opinion(
    own: list[RawBlock], other: list[RawBlock], min_share: float = _MIN_SHARE_OF_OURS
) -> bool:
    """On a doubtful page, take trafilatura's blocks unless they hold clearly less text than ours.

    Trafilatura prunes inside the content more finely than our container choice, so on a
    doubtful page its answer is the better one, except when it lost most of the article.
    """
    own_words, other_words = len(_words(own)), len(_words(other))
    return other_words > 0 and other_words >= min_share * own_words
