"""Teasers of other articles after the end of this one.

News pages close with a run of teasers: a headline that links to another page, then that
article's first sentence, again and again. Each pair reads like a short paragraph, so link
density alone keeps them. They are found by structure: consecutive "headline link + sentence"
units, after the article's own prose, with no article prose after them. A page whose prose is
mostly such teasers (a round-up, a listing) keeps them: they are its content.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from cleaners.html.rules import DomRules, TeaserRules
from cleaners.html.text import alone_in_parent, fold, link_density
from cleaners.model import Removed

_STOP_TAGS = frozenset({"html", "body", "-document"})
_TEASER_TAGS = frozenset({"p", "div", "span", "dd", "section"})
_HEADLINE_SKIP = frozenset({"img", "picture", "figure", "svg", "br", "hr", "time"})
_INERT_HREF = ("#", "javascript:", "mailto:", "tel:")


@dataclass(frozen=True, slots=True)
class _Unit:
    """One teaser: from ``first`` to ``last`` among siblings (the same node when wrapped)."""

    first: LexborNode
    last: LexborNode
    chars: int


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.next
    return sibling


def _climb(node: LexborNode) -> LexborNode:
    """The outermost ancestor saying exactly what ``node`` says, whitespace folded (a heading around
    a link, a card around a pair)."""
    while (parent := node.parent) is not None and parent.tag not in _STOP_TAGS and alone_in_parent(node):
        node = parent
    return node


def _host(href: str) -> str | None:
    """The host an absolute link points to (no ``www.``), "" for a link within the page's site
    (relative), None for no web page at all."""
    href = href.strip().lower()
    if not href or href.startswith(_INERT_HREF):
        return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme not in ("", "http", "https"):
        return None
    host = parts.hostname or ""
    return host.removeprefix("www.")


def site_host(root: LexborNode, url: str | None) -> str:
    """The page's own host: from its URL, else the host most of its links point to (a site links
    to itself more than to any other); "" when most of them are relative."""
    if url and (own := _host(url)):
        return own
    counts = Counter(host for link in root.css("a[href]") if (host := _host(link.attributes.get("href") or "")) is not None)
    return counts.most_common(1)[0][0] if counts else ""


def _on_site(host: str, site: str) -> bool:
    return host == "" or host == site or host.endswith("." + site) or site.endswith("." + host)


def _headline(link: LexborNode, rules: TeaserRules, site: str) -> LexborNode | None:
    """The block that is nothing but a link to another page of the site, when it is headline length."""
    text = fold(link.text())
    if not rules.headline_min_chars <= len(text) <= rules.headline_max_chars:
        return None
    host = _host(link.attributes.get("href") or "")
    if host is None or not _on_site(host, site):
        return None
    return _climb(link)


def _teaser_after(headline: LexborNode, rules: TeaserRules) -> LexborNode | None:
    """The sentence that follows a headline: a link-free block of teaser length."""
    node = _next_element(headline)
    while node is not None and (node.tag in _HEADLINE_SKIP or not fold(node.text())):
        node = _next_element(node)
    if node is None or node.tag not in _TEASER_TAGS:
        return None
    text = fold(node.text())
    if not rules.teaser_min_chars <= len(text) <= rules.teaser_max_chars:
        return None
    return node if link_density(node, len(text)) <= rules.teaser_link_density else None


def _units(root: LexborNode, rules: TeaserRules, site: str) -> list[_Unit]:
    """Every headline + teaser pair, as the node holding just the pair or the pair itself."""
    units: list[_Unit] = []
    seen: set[int] = set()
    for link in root.css("a[href]"):
        headline = _headline(link, rules, site)
        if headline is None or headline.mem_id in seen:
            continue
        seen.add(headline.mem_id)
        teaser = _teaser_after(headline, rules)
        if teaser is None:
            continue
        pair = f"{fold(headline.text())} {fold(teaser.text())}"
        holder = headline.parent
        if holder is not None and holder.tag not in _STOP_TAGS and len(fold(holder.text())) <= len(pair) + rules.unit_slack:
            holder = _climb(holder)
            units.append(_Unit(holder, holder, len(pair)))
        else:
            units.append(_Unit(headline, teaser, len(pair)))
    return units


def _runs(units: list[_Unit], min_items: int) -> list[list[_Unit]]:
    """Runs of units that follow each other among siblings (only empty elements between)."""
    by_first = {unit.first.mem_id: unit for unit in units}
    follower: dict[int, _Unit] = {}
    for unit in by_first.values():
        following = _next_element(unit.last)
        while following is not None and following.tag in _HEADLINE_SKIP and not fold(following.text()):
            following = _next_element(following)
        if following is not None and following.mem_id in by_first:
            follower[unit.first.mem_id] = by_first[following.mem_id]
    followed = {unit.first.mem_id for unit in follower.values()}
    runs: list[list[_Unit]] = []
    for unit in by_first.values():
        if unit.first.mem_id in followed:
            continue
        run = [unit]
        while (following_unit := follower.get(run[-1].first.mem_id)) is not None and len(run) <= len(by_first):
            run.append(following_unit)
        if len(run) >= min_items:
            runs.append(run)
    return runs


@dataclass(frozen=True, slots=True)
class _Prose:
    """Where each element stands in document order, and the article prose paragraphs (outside
    every run) with where they stand and their length."""

    order: dict[int, int]
    paragraphs: list[tuple[int, int]]

    def around(self, run_nodes: list[LexborNode]) -> tuple[int, int]:
        """Characters of prose before the run, and paragraphs of prose after it."""
        start = self.order[run_nodes[0].mem_id]
        last = run_nodes[-1]
        end = self.order[last.mem_id] + len(last.css("*"))  # a subtree is one stretch of the order
        before = sum(length for position, length in self.paragraphs if position < start)
        after = sum(1 for position, _ in self.paragraphs if position >= end)
        return before, after


def _prose(root: LexborNode, in_runs: set[int], rules: TeaserRules) -> _Prose:
    order: dict[int, int] = {}
    paragraphs: list[tuple[int, int]] = []
    for position, node in enumerate(root.traverse(include_text=False)):
        order[node.mem_id] = position
        if node.tag == "p" and node.mem_id not in in_runs:
            text = fold(node.text())
            if len(text) >= rules.prose_chars and link_density(node, len(text)) < rules.teaser_link_density:
                paragraphs.append((position, len(text)))
    return _Prose(order, paragraphs)


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def _continues_list(first: LexborNode) -> bool:
    """Whether an element of the run's first kind (same tag, a class in common or none on either)
    stands before it among its siblings: the run is the tail of a list that started earlier,
    among the article's text (a round-up whose first items did not read as teasers), not a
    block of teasers set after it."""
    classes = _classes(first)
    sibling = first.prev
    while sibling is not None:
        if sibling.is_element_node and sibling.tag == first.tag:
            other = _classes(sibling)
            if classes & other or not (classes or other):
                return True
        sibling = sibling.prev
    return False


def _inside_units(run_nodes: list[LexborNode]) -> set[int]:
    """Ids of the run's nodes and of every element under them."""
    inside: set[int] = set()
    for node in run_nodes:
        inside.update(element.mem_id for element in node.css("*"))
    return inside


def remove_teaser_runs(root: LexborNode, rules: DomRules, site: str) -> list[Removed]:
    """Remove runs of other articles' teasers that follow this article's prose; one record a run.

    ``site``: the page's own host (:func:`site_host`, read before boilerplate left the page), which
    tells the site's links from links away (a list of products or sources that link to other
    sites is the article's, not the site's teasers).
    """
    teasers = rules.teasers
    runs = _runs(_units(root, teasers, site), teasers.min_items)
    if not runs:
        return []
    nodes_of = [_run_nodes(run) for run in runs]
    in_runs: set[int] = set()
    for nodes in nodes_of:
        in_runs |= _inside_units(nodes)
    prose = _prose(root, in_runs, teasers)
    records: list[Removed] = []
    for run, nodes in zip(runs, nodes_of, strict=True):
        before, after = prose.around(nodes)
        if after > 0 or before < sum(unit.chars for unit in run) or _continues_list(nodes[0]):
            continue
        text = " ".join(fold(node.text(separator=" ")) for node in nodes)
        records.append(Removed(kind="related", text=text[: rules.limits.audit_chars], rule=teasers.id))
        for node in nodes:
            node.decompose()
    return records


def _run_nodes(run: list[_Unit]) -> list[LexborNode]:
    """The sibling nodes a run spans, from its first unit's first node to its last unit's last."""
    nodes: list[LexborNode] = []
    node: LexborNode | None = run[0].first
    stop = run[-1].last.mem_id
    while node is not None:
        if node.is_element_node:
            nodes.append(node)
        if node.mem_id == stop:
            break
        node = node.next
    return nodes
