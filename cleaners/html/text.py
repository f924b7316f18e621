"""Small text measures over selectolax nodes, shared by the HTML steps."""

from __future__ import annotations

from collections.abc import Iterable

from selectolax.lexbor import LexborNode

# What a finished sentence ends with, closing quotes included: a line without one is a label.
SENTENCE_ENDS = frozenset('.!?…"”»')


def fold(text: str) -> str:
    """Whitespace runs to one space, trimmed (``str.split`` knows the same whitespace as ``\\s``,
    and is several times faster than a substitution)."""
    return " ".join(text.split())


def link_text_length(node: LexborNode) -> int:
    """Characters of text inside links under ``node`` (outermost links only count once)."""
    return text_length(node.css("a"))


def text_length(nodes: Iterable[LexborNode]) -> int:
    """Characters of the nodes' stripped text together (a caller that has the links already)."""
    total = 0
    for node in nodes:
        total += len(node.text(strip=True))
    return total


def link_density(node: LexborNode, text_len: int | None = None) -> float:
    """Share of the node's text that sits inside links (0 for an empty node)."""
    if text_len is None:
        text_len = len(node.text(strip=True))
    if text_len <= 0:
        return 0.0
    return min(1.0, link_text_length(node) / text_len)


def has_descendant(node: LexborNode, selector: str) -> bool:
    """Whether an element strictly below ``node`` matches (lexbor's ``css`` also matches the node itself)."""
    child = node.child
    while child is not None:
        if child.is_element_node and child.css_first(selector) is not None:
            return True
        child = child.next
    return False


def alone_in_parent(node: LexborNode) -> bool:
    """Whether no sibling of ``node`` holds more than whitespace: its parent's text then folds to
    the node's own. A parent's text is its children's texts end to end (comments add none), so
    this reads the siblings up to the first with words, not the parent's whole text."""
    sibling = node.prev
    while sibling is not None:
        if _has_words(sibling):
            return False
        sibling = sibling.prev
    sibling = node.next
    while sibling is not None:
        if _has_words(sibling):
            return False
        sibling = sibling.next
    return True


def _has_words(node: LexborNode) -> bool:
    """Whether an element or a text node holds more than whitespace (``str.split``'s)."""
    if not (node.is_element_node or node.is_text_node):
        return False
    text = node.text()
    return bool(text) and not text.isspace()


def is_ancestor(candidate: LexborNode, node: LexborNode, limit: int = 40) -> bool:
    """Whether ``candidate`` holds ``node`` (a bounded walk up from ``node``)."""
    current = node.parent
    target = candidate.mem_id
    while current is not None and limit > 0:
        if current.mem_id == target:
            return True
        current = current.parent
        limit -= 1
    return False


def beside_text(node: LexborNode) -> bool:
    """Whether words stand right before or after the node: it is a piece of a sentence or a title."""
    for sibling in (node.prev, node.next):
        if sibling is not None and sibling.is_text_node and (sibling.text_content or "").strip():
            return True
    return False
