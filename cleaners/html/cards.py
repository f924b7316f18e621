"""Runs of other products' cards on a product page: "similar items", "customers also viewed".

A product page closes (or opens) with carousels of like cards, each a link to another product,
its picture, a short name and a price. Read as text they can outweigh the product's own
description many times over, and trafilatura's reading of the served page keeps them. They are
found by structure: at least ``min_items`` element siblings of one tag and class, each holding
a link to its own page, a picture, a price and few words, in a container that does not hold
the product's headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from selectolax.lexbor import LexborNode

from cleaners import ruledata
from cleaners.html.items import likeness
from cleaners.html.rules import DOM_RULES_FILE
from cleaners.html.text import fold, is_ancestor
from cleaners.model import Removed

_CONTAINERS = "div, ul, ol, section"
_INERT_HREF = ("#", "javascript:")


@dataclass(frozen=True, slots=True)
class CardRules:
    """What a run of product cards looks like; see the TOML file for each value."""

    id: str
    page_types: frozenset[str]
    min_items: int
    max_words: int
    price: re.Pattern[str]
    headline: str


_KEYS = ("id", "page_types", "min_items", "max_words", "price", "headline")


def load_card_rules(text: str, file: str = DOM_RULES_FILE) -> CardRules:
    """The ``[card_run]`` table of the DOM rule data, checked."""
    raw = ruledata.table(ruledata.parse(text, file).get("card_run"), file, "card_run", allowed=_KEYS, required=_KEYS)
    prices = ruledata.strings(raw["price"], file, "card_run.price")
    return CardRules(
        id=ruledata.rule_id(raw["id"], file, "card_run.id"),
        page_types=frozenset(ruledata.strings(raw["page_types"], file, "card_run.page_types")),
        min_items=ruledata.number(raw["min_items"], file, "card_run.min_items", int),
        max_words=ruledata.number(raw["max_words"], file, "card_run.max_words", int),
        price=ruledata.pattern("|".join(f"(?:{value})" for value in prices), file, "card_run.price"),
        headline=ruledata.selector(raw["headline"], file, "card_run.headline"),
    )


@cache
def card_rules() -> CardRules:
    """The shipped card rules, loaded once per process."""
    return load_card_rules(ruledata.shipped(DOM_RULES_FILE))


def _card_link(node: LexborNode, rules: CardRules) -> str | None:
    """The address a card links to, or None when the node is no card (too many words, no
    price, no picture, no link to a page)."""
    text = fold(node.text(separator=" "))
    if not 2 <= text.count(" ") + 1 <= rules.max_words or not rules.price.search(text):
        return None
    if node.css_first("img, picture") is None:
        return None
    for link in node.css("a[href]"):
        href = (link.attributes.get("href") or "").strip()
        if href and not href.lower().startswith(_INERT_HREF):
            return href
    return None


def _card_runs(root: LexborNode, rules: CardRules) -> list[LexborNode]:
    """Containers of ``min_items`` or more like cards linking to as many pages, outermost only."""
    found: list[LexborNode] = []
    for container in root.css(_CONTAINERS):
        links: dict[tuple[str, str], set[str]] = {}
        for child in container.iter():
            if child.is_element_node and (href := _card_link(child, rules)) is not None:
                links.setdefault(likeness(child), set()).add(href)
        if any(len(hrefs) >= rules.min_items for hrefs in links.values()):
            found.append(container)
    return [
        node for node in found
        if node.css_first(rules.headline) is None and not any(is_ancestor(other, node) for other in found)
    ]


# A run's wrappers that add at most this many words (its heading: "Similar items", carousel
# controls) go with it.
_WRAPPER_WORDS = 12
_PAGE_LEVEL = frozenset({"body", "html", "main"})


def _with_its_heading(run: LexborNode, rules: CardRules) -> LexborNode:
    """The outermost wrapper of ``run`` that adds no more than its heading and controls."""
    words = len(run.text(separator=" ").split())
    node = run
    while (parent := node.parent) is not None and parent.tag not in _PAGE_LEVEL:
        if parent.css_first(rules.headline) is not None:
            break
        if len(parent.text(separator=" ").split()) - words > _WRAPPER_WORDS:
            break
        node = parent
    return node


def remove_card_runs(
    root: LexborNode, page_type: str, unabridged: list[Removed] | None = None, rules: CardRules | None = None
) -> list[Removed]:
    """Remove the runs of other products' cards on a product page; return their records (the
    whole text into ``unabridged`` too, when given)."""
    rules = rules or card_rules()
    if page_type not in rules.page_types:
        return []
    records: list[Removed] = []
    for run in _card_runs(root, rules):
        node = _with_its_heading(run, rules)
        text = fold(node.text(separator=" "))
        records.append(Removed(kind="related", text=text[: 300], rule=rules.id))
        if unabridged is not None:
            unabridged.append(Removed(kind="related", text=text, rule=rules.id))
        node.decompose()
    return records
