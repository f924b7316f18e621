"""Lead recovery: the standfirst that sits between the article's title and its body.

Many templates put the title, the date line, the byline and the lead paragraph in an article
header, apart from the body's container. Content selection finds the body; this step walks
back from it towards the title and keeps the prose paragraphs met on the way. It only keeps
them when the walk reaches a title heading after passing little other text, so a teaser
elsewhere on the page is never pulled in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from cleaners.html.text import SENTENCE_ENDS, is_ancestor, link_density

# A title heading: where the walk back stops.
_TITLE = "h1, [itemprop=headline i]"
# Elements that can hold a lead: checked in document order with the titles.
_LEAD_OR_TITLE = "h1, [itemprop=headline i], p, div, h2, [itemprop=description i]"
_STOP_TAGS = frozenset({"html", "body", "-document"})
# Holders whose text is never a lead (captions, lists, tables, quotes, forms).
_NOT_LEAD_TAGS = frozenset({"figure", "figcaption", "picture", "nav", "ul", "ol", "table", "form", "blockquote"})
_NOT_LEAD_HOLDERS = ", ".join(sorted(_NOT_LEAD_TAGS))
_BLOCK_CHILDREN = frozenset({"p", "div", "section", "h1", "h2", "h3", "ul", "ol", "table"})
LEAD_MIN_CHARS = 80
LEAD_MAX_CHARS = 900
# Text passed between the body and the title that is not a lead (dates, bylines, captions).
_MAX_SKIPPED_CHARS = 700
_MAX_LEADS = 2
_MAX_STEPS = 40
_WORD = re.compile(r"\w+")
# A heading is the article's title when it shares this much of the shorter one's words.
_TITLE_OVERLAP = 0.7


def is_title_heading(heading: str, title: str | None) -> bool:
    """Whether a heading states the article's title (any heading does when the title is unknown)."""
    if not title:
        return True
    ours, theirs = set(_WORD.findall(heading.lower())), set(_WORD.findall(title.lower()))
    if not ours or not theirs:
        return False
    return len(ours & theirs) >= _TITLE_OVERLAP * min(len(ours), len(theirs)) and (
        min(len(ours), len(theirs)) >= 0.4 * max(len(ours), len(theirs))
    )


def _element_before(node: LexborNode) -> LexborNode | None:
    previous = node.prev
    while previous is not None and not previous.is_element_node:
        previous = previous.prev
    return previous


def _inside_excluded(node: LexborNode, limit: LexborNode) -> bool:
    """Whether a caption, list, table or similar holds the node (up to ``limit``)."""
    current: LexborNode | None = node
    stop = limit.mem_id
    while current is not None and current.mem_id != stop:
        if current.tag in _NOT_LEAD_TAGS:
            return True
        current = current.parent
    return False


def is_lead_block(node: LexborNode) -> bool:
    """One block of sentences, of lead length, with few links and no block children."""
    if node.tag == "div":
        # A div holding other blocks is a wrapper; its paragraphs are judged one by one.
        child = node.child
        while child is not None:
            if child.is_element_node and child.tag in _BLOCK_CHILDREN:
                return False
            child = child.next
    text = node.text(strip=True)
    if not is_lead_text(text):
        return False
    if node.css_first(_NOT_LEAD_HOLDERS) is not None or node.css_first("img") is not None:
        return False
    return link_density(node, len(text)) < 0.2


def is_lead_text(text: str) -> bool:
    """Lead length, ending as a sentence ends."""
    text = text.strip()
    return LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS and text[-1] in SENTENCE_ENDS


@dataclass(frozen=True, slots=True)
class _Article:
    """What the page says of its article: a lead must sit under its title and not name its authors."""

    title: str | None
    authors: tuple[str, ...]

    def allows(self, node: LexborNode) -> bool:
        if not is_lead_block(node):
            return False
        text = node.text(strip=True).lower()
        return not any(author.lower() in text for author in self.authors)


def _leads_in(holder: LexborNode, article: _Article) -> tuple[list[LexborNode], int, bool]:
    """Leads inside ``holder`` after its last title heading, the other text passed, and
    whether a title heading was found."""
    titled = False
    title_chars = 0
    leads: list[LexborNode] = []
    seen: set[int] = set()
    for node in holder.css(_LEAD_OR_TITLE):
        if node.mem_id in seen:  # lexbor may return a node once per selector it matches
            continue
        seen.add(node.mem_id)
        if node.css_first(_TITLE) is node or node.tag == "h1":
            heading = node.text(strip=True)
            if is_title_heading(heading, article.title):
                titled, leads, title_chars = True, [], len(heading)
            continue
        if node.tag == "div" and node.css_first("[itemprop=headline i], h1") not in (None, node):
            continue
        if article.allows(node) and not _inside_excluded(node, holder):
            if leads and is_ancestor(leads[-1], node, _MAX_STEPS):
                continue
            leads.append(node)
    kept_chars = title_chars + sum(len(node.text(strip=True)) for node in leads)
    return leads, max(0, len(holder.text(strip=True)) - kept_chars), titled


def leads_before(first: LexborNode, *, title: str | None, authors: Sequence[str] = ()) -> list[LexborNode]:
    """Lead paragraphs between the title heading before ``first`` and ``first``.

    Empty unless the walk back reaches a heading stating ``title`` within a little text.
    """
    article = _Article(title, tuple(authors))
    found: list[LexborNode] = []
    skipped = 0
    current = first
    for _ in range(_MAX_STEPS):
        previous = _element_before(current)
        if previous is None:
            parent = current.parent
            if parent is None or parent.tag in _STOP_TAGS:
                return []
            current = parent
            continue
        current = previous
        text_len = len(previous.text(strip=True))
        if text_len == 0:
            continue
        if previous.css_first(_TITLE) is None and article.allows(previous):
            found[:0] = [previous]
            continue
        leads, passed, titled = _leads_in(previous, article)
        found[:0] = leads
        skipped += passed
        if skipped > _MAX_SKIPPED_CHARS:
            return []
        if titled:
            return found[-_MAX_LEADS:]
    return []
