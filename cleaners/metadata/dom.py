"""Fallbacks read from the document itself: ``<title>``, headings, byline elements and ``<time>``."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.metadata.meta_tags import clean_value
from cleaners.metadata.rules import MetadataRules

MAX_HEADINGS = 5


@dataclass(frozen=True, slots=True)
class DomData:
    """Text the page shows: its ``<title>``, first ``<h1>`` texts, a byline and ``<time>`` values."""

    title: str | None = None
    h1: tuple[str, ...] = ()
    byline: str | None = None
    times: tuple[str, ...] = ()
    base_href: str | None = None


def node_text(node: LexborNode) -> str | None:
    return clean_value(node.text(deep=True, separator=" "))


def _title(tree: LexborHTMLParser) -> str | None:
    head = tree.head
    node = (head.css_first("title") if head is not None else None) or tree.css_first("title")
    return node_text(node) if node is not None else None


def find_byline(tree: LexborHTMLParser, rules: MetadataRules) -> str | None:
    """The text of the first byline-like element that is short enough to be a byline."""
    root = tree.body or tree.root
    if root is None:
        return None
    for selector in rules.byline_selectors:
        for node in root.css(selector):
            if node.tag in {"meta", "link", "script", "style", "body", "html"}:
                continue
            text = node_text(node)
            if text and len(text) <= rules.byline_max_chars and any(char.isalpha() for char in text):
                return text
    return None


def read_dom(tree: LexborHTMLParser, rules: MetadataRules) -> DomData:
    """Read the DOM fallbacks; the byline search is done lazily by the caller (it is the slowest part)."""
    headings: list[str] = []
    for node in tree.css("h1"):
        text = node_text(node)
        if text:
            headings.append(text)
            if len(headings) >= MAX_HEADINGS:
                break
    times: list[str] = []
    for selector in rules.time_selectors:
        for node in tree.css(selector):
            value = clean_value(node.attributes.get("datetime") or node.attributes.get("content"))
            if value:
                times.append(value)
    base = tree.css_first("base[href]")
    return DomData(
        title=_title(tree),
        h1=tuple(headings),
        times=tuple(times),
        base_href=clean_value(base.attributes.get("href")) if base is not None else None,
    )
