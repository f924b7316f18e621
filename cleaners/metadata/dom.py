"""Fallbacks read from the document itself: ``<title>``, headings, byline elements and ``<time>``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.metadata.meta_tags import clean_value
from cleaners.metadata.rules import MetadataRules
from cleaners.metadata.scan import PageNodes

MAX_HEADINGS = 5
MAX_BYLINES = 5
MAX_ANCESTORS = 40
_NAME_WORDS = re.compile(r"[-_]+")
_NOT_BYLINE_TAGS = frozenset({"meta", "link", "script", "style", "body", "html", "input", "textarea", "label", "button", "select", "option"})


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


def _names_a_comment(value: str, rules: MetadataRules) -> bool:
    """Whether one class name or id names a comment ("comment-list"), not a state ("comments-open")."""
    words = set(_NAME_WORDS.split(value.lower()))
    return not rules.byline_never_inside.isdisjoint(words) and rules.byline_comment_states.isdisjoint(words)


def _inside_form_or_comments(node: LexborNode, rules: MetadataRules) -> bool:
    """Comment forms have "author" fields and labels ("Your name"), and comments name their
    writers: never the article's byline."""
    parent = node.parent
    for _ in range(MAX_ANCESTORS):
        if parent is None or parent.tag == "body":
            return False
        if parent.tag == "form":
            return True
        attrs = parent.attributes
        if any(_names_a_comment(name, rules) for name in f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()):
            return True
        parent = parent.parent
    return False


def find_bylines(tree: LexborHTMLParser, rules: MetadataRules, *, limit: int = MAX_BYLINES) -> list[str]:
    """Texts of byline-like elements short enough to be bylines, strongest selector tier first.

    Inside a tier, document order. Several are returned because the first may hold no name
    ("Authors", "Follow"): the caller keeps the first that cleans into names.
    """
    root = tree.body or tree.root
    if root is None:
        return []
    found: list[str] = []
    for tier in rules.byline_selectors:
        for node in root.css(tier):
            if node.tag in _NOT_BYLINE_TAGS or _inside_form_or_comments(node, rules):
                continue
            text = node_text(node)
            if text and len(text) <= rules.byline_max_chars and any(char.isalpha() for char in text):
                if text not in found:
                    found.append(text)
                if len(found) >= limit:
                    return found
    return found


def find_text_bylines(tree: LexborHTMLParser, rules: MetadataRules, *, limit: int = MAX_BYLINES) -> list[str]:
    """Names that follow a byline word at the start of an element ("<p>By Jane Roe</p>") or an
    element that holds only a byline label ("<p>Written by</p><p>Jane Roe</p>"), in the body's
    markup, for pages whose byline has no telling class."""
    root = tree.body
    if root is None:
        return []
    markup = root.html or ""
    matches = sorted([*rules.byline_text.finditer(markup), *rules.byline_label.finditer(markup)], key=lambda m: m.start())
    found: list[str] = []
    for match in matches:
        name = clean_value(match.group(1))
        # A name is capitalised: "By submitting this form ..." is a sentence, not a byline.
        if name and name[0].isupper() and name not in found:
            found.append(name)
            if len(found) >= limit:
                break
    return found


def read_dom(page: PageNodes) -> DomData:
    """Read the ``<title>``, ``<h1>`` texts, ``<time datetime>`` values and ``<base href>``."""
    headings: list[str] = []
    for node in page.headings:
        text = node_text(node)
        if text:
            headings.append(text)
            if len(headings) >= MAX_HEADINGS:
                break
    title = next((text for text in (node_text(node) for node in page.titles) if text), None)
    return DomData(
        title=title,
        h1=tuple(headings),
        times=tuple(value for value in (clean_value(node.attributes.get("datetime")) for node in page.times) if value),
        base_href=clean_value(page.bases[0].attributes.get("href")) if page.bases else None,
    )
