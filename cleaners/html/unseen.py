"""Text no reader is shown: hidden nodes and machine values left as text.

A browser never renders a node hidden by an attribute or an inline style, and
a reader never sees a JSON object, a template placeholder, an image's file URL or an ISO
timestamp as text: those are data the page carries for scripts and crawlers (a keyword list,
a ``datePublished``), or an unrendered template. Each is yielded with the rule that finds it;
:mod:`cleaners.html.boilerplate` weighs and removes them with the other DOM rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from cleaners.html.rules import DomRules, Guarding
from cleaners.html.text import beside_text, fold

# Machine text written as code is the author's (a template tag in a manual); a table cell's
# value is data. Neither is removed.
_AUTHORED = frozenset({"code", "pre", "kbd", "samp", "var", "td", "th"})
_STOP_TAGS = frozenset({"html", "body", "-document"})
_ANCESTOR_WALK = 64
# A value of this length is no machine value worth a look (and cheap to skip).
_MIN_CHARS = 8
_SEPARATOR = "\x00"
_HIDDEN_GUARD = Guarding("unless_main")
_MACHINE_GUARD = Guarding("always")


@dataclass(frozen=True, slots=True)
class Unseen:
    """A node no reader sees, the rule that says so and the evidence that rule needs."""

    node: LexborNode
    rule: str
    guarding: Guarding


def unseen_nodes(root: LexborNode, rules: DomRules) -> Iterator[Unseen]:
    """Hidden nodes (attribute, inline style), then machine values."""
    hidden = rules.hidden
    for node in root.css(hidden.selector):
        if not (hidden.shown and node.css_matches(hidden.shown)):
            yield Unseen(node, hidden.id, _HIDDEN_GUARD)
    for node in root.css("[style]"):
        if hidden.styles.search(node.attributes.get("style") or "") and not (hidden.shown and node.css_matches(hidden.shown)):
            yield Unseen(node, hidden.id, _HIDDEN_GUARD)
    yield from _machine_values(root, rules)


def _machine_values(root: LexborNode, rules: DomRules) -> Iterator[Unseen]:
    """Elements whose whole text is a machine value, standing alone (not inside a sentence)."""
    # The texts are looked at in one string first (one C call); most pages hold no machine value,
    # and only those that do are walked node by node.
    pieces = root.text(separator=_SEPARATOR).split(_SEPARATOR)
    hits = {
        value: hit
        for piece in pieces
        if len(value := piece.strip()) >= _MIN_CHARS and (hit := rules.machine_text.fullmatch(value)) is not None
    }
    if not hits:
        return
    for text_node in root.traverse(include_text=True):
        if not text_node.is_text_node:
            continue
        value = (text_node.text_content or "").strip()
        found = hits.get(value)
        if found is not None and (holder := _holder(text_node, fold(value))) is not None:
            yield Unseen(holder, found.rule, _MACHINE_GUARD)


def _holder(text_node: LexborNode, value: str) -> LexborNode | None:
    """The outermost element holding just ``value``, unless it is authored or part of a sentence."""
    holder = text_node.parent
    if holder is None or holder.tag in _STOP_TAGS:
        return None
    while (parent := holder.parent) is not None and parent.tag not in _STOP_TAGS and fold(parent.text()) == value:
        holder = parent
    if beside_text(holder) or holder.tag in _AUTHORED or holder.css_first(", ".join(sorted(_AUTHORED))) is not None:
        return None
    current = holder.parent
    for _ in range(_ANCESTOR_WALK):
        if current is None or current.tag in _STOP_TAGS:
            return holder
        if current.tag in _AUTHORED:
            return None
        current = current.parent
    return holder

