"""Fallbacks read from the document itself: ``<title>``, headings, byline elements and ``<time>``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

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
    """Text the page shows: its ``<title>``, first ``<h1>`` texts and a byline."""

    title: str | None = None
    h1: tuple[str, ...] = ()
    h1_whole: tuple[str, ...] = ()
    h1_home: tuple[str, ...] = ()
    h1_leads: tuple[tuple[str, ...], ...] = ()
    byline: str | None = None
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


def heading_text(node: LexborNode, rules: MetadataRules) -> str | None:
    """An ``<h1>``'s headline: its text without the parts a reader does not read as the headline
    (``heading_skip_tags``, ``heading_skip_classes``, ``heading_hidden_classes`` in the rule data)."""
    parts: list[str] = []
    _collect_heading_text(node, rules, parts, depth=0)
    return clean_value(" ".join(parts))


def _collect_heading_text(node: LexborNode, rules: MetadataRules, parts: list[str], depth: int) -> None:
    for child in node.iter(include_text=True):
        if child.is_text_node:
            parts.append(child.text_content or "")
        elif depth < MAX_ANCESTORS and child.tag not in rules.heading_skip_tags and not _skipped_class(child, rules):
            _collect_heading_text(child, rules, parts, depth + 1)


def _skipped_class(node: LexborNode, rules: MetadataRules) -> bool:
    classes = (node.attributes.get("class") or "").split()
    if not rules.heading_skip_classes.isdisjoint(classes):
        return True
    return not rules.heading_hidden_classes.isdisjoint(classes) and any(char.isalnum() for char in node.text(deep=True))


def _links_home(node: LexborNode) -> bool:
    """An ``<h1>`` whose text is one link to the site's front page is the site's logo."""
    links = node.css("a[href]")
    if len(links) != 1:
        return False
    href = (links[0].attributes.get("href") or "").strip()
    parts = urlsplit(href)
    if parts.path not in ("", "/") or parts.query or not (parts.netloc or href.startswith("/")):
        return False
    return links[0].text(deep=True).strip() == node.text(deep=True).strip()


def heading_leads(node: LexborNode, rules: MetadataRules) -> tuple[str, ...]:
    """The texts of an ``<h1>``'s leading elements, outermost first, each shorter than the one
    holding it: the headline where the ``<h1>`` adds a subtitle, a source or a count after it in
    elements of their own ("<span>Headline</span> <span>Hardcover</span>")."""
    leads: list[str] = []
    shown = heading_text(node, rules) or ""
    current = node
    for _ in range(MAX_ANCESTORS):
        if any(kid.is_text_node and (kid.text_content or "").strip() for kid in current.iter(include_text=True)):
            break  # a kicker in its own element before the headline's bare text
        child = next((kid for kid in current.iter() if heading_text(kid, rules)), None)
        if child is None:
            break
        text = heading_text(child, rules) or ""
        if not shown.startswith(text):
            break  # words before it ("Welcome to <span>Site</span>"): not a leading part
        if len(text) < len(shown):
            leads.append(text)
            shown = text
        current = child
    return tuple(leads)


def read_dom(page: PageNodes, rules: MetadataRules) -> DomData:
    """Read the ``<title>``, ``<h1>`` texts and ``<base href>``."""
    headings: list[str] = []
    whole: list[str] = []
    home: list[str] = []
    leads: list[tuple[str, ...]] = []
    for node in page.headings:
        text = heading_text(node, rules)
        if text:
            headings.append(text)
            whole.append(node_text(node) or text)
            leads.append(heading_leads(node, rules))
            if _links_home(node):
                home.append(text)
            if len(headings) >= MAX_HEADINGS:
                break
    title = next((text for text in (node_text(node) for node in page.titles) if text), None)
    return DomData(
        title=title,
        h1=tuple(headings),
        h1_whole=tuple(whole),
        h1_home=tuple(home),
        h1_leads=tuple(leads),
        base_href=clean_value(page.bases[0].attributes.get("href")) if page.bases else None,
    )


def headline_heading(page: PageNodes, rules: MetadataRules, headline: str | None) -> LexborNode | None:
    """The ``<h1>`` that shows the chosen headline, if one does."""
    if not headline:
        return None
    return next((node for node in page.headings[:MAX_HEADINGS] if heading_text(node, rules) == headline), None)


def times_by_heading(page: PageNodes, heading: LexborNode | None) -> tuple[str, ...]:
    """``<time datetime>`` values, those sharing the innermost container with the headline's
    ``<h1>`` first (document order otherwise): a page's header and side lists date other pages."""
    values = [(node, clean_value(node.attributes.get("datetime"))) for node in page.times]
    if heading is None:
        return tuple(value for _, value in values if value)
    depths = _ancestor_depths(heading)
    ranked = sorted(values, key=lambda pair: -_shared_depth(pair[0], depths))
    return tuple(value for _, value in ranked if value)


def _ancestor_depths(node: LexborNode) -> dict[int, int]:
    chain: list[int] = []
    parent = node.parent
    while parent is not None:
        chain.append(parent.mem_id)
        parent = parent.parent
    return {mem_id: depth for depth, mem_id in enumerate(reversed(chain))}


def _shared_depth(node: LexborNode, depths: dict[int, int]) -> int:
    """How deep the innermost element holding both ``node`` and the heading is (0: the root)."""
    parent = node.parent
    while parent is not None:
        depth = depths.get(parent.mem_id)
        if depth is not None:
            return depth
        parent = parent.parent
    return 0
