"""Main-content selection on the selectolax tree: paragraph scores flow up to their ancestors.

The scoring follows the well-tried Readability approach (text length and commas of each
paragraph credit its parent and, decaying, its ancestors; link-dense candidates are
discounted; siblings that read like prose join the winner), done with C-side CSS queries
and a bounded walk up, never a Python recursion over the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from cleaners.html.text import is_ancestor, link_density

_PARAGRAPHS = "p, pre, td, blockquote"
_TEXT_CONTAINERS = "div, section, article, main"
_MIN_PARAGRAPH = 25
_ANCESTOR_LEVELS = 5
_TOP_CANDIDATES = 8
_LIST_ITEM_WEIGHT = 0.5
_LEAD_TAGS = frozenset({"div", "p", "section", "h2", "header"})
_LEAD_MIN_CHARS = 80
_LEAD_MAX_CHARS = 700
_WRAPPER_SLACK = 1.1
_PROSE_LEVELS = 24
_EXPAND_LEVELS = 6
_ADDED_PROSE_SHARE = 0.55
_TAG_BONUS = {
    "div": 5.0, "article": 8.0, "main": 8.0, "section": 3.0, "pre": 3.0, "td": 3.0, "blockquote": 3.0,
    "form": -3.0, "ol": -3.0, "ul": -3.0, "li": -3.0, "dl": -3.0, "dd": -3.0, "dt": -3.0, "address": -3.0,
    "th": -5.0, "h1": -5.0, "h2": -5.0, "h3": -5.0, "h4": -5.0, "h5": -5.0, "h6": -5.0, "body": 0.0,
}
_CLAUSE_MARKS = re.compile(r"[,，、;；]")
_STOP_TAGS = frozenset({"html", "-document"})


@dataclass(frozen=True, slots=True)
class ContentSelection:
    """The nodes that make the article, in document order, and the evidence behind the choice.

    score: the winner's link-discounted score; runner_up: the best score outside the winner;
    text_chars / link_density: of the selected nodes together; page_chars: of the whole body.
    """

    nodes: tuple[LexborNode, ...]
    score: float
    runner_up: float
    text_chars: int
    link_density: float
    page_chars: int


def _paragraph_score(text: str) -> float:
    return 1.0 + len(_CLAUSE_MARKS.findall(text)) + min(len(text) / 100.0, 3.0)


def _credit(scores: dict[int, float], nodes: dict[int, LexborNode], start: LexborNode | None, points: float) -> None:
    """Add decaying credit to ``start`` and its ancestors (a fixed, small number of levels)."""
    current = start
    level = 0
    while current is not None and level < _ANCESTOR_LEVELS and current.tag not in _STOP_TAGS:
        key = current.mem_id
        if key not in scores:
            scores[key] = _TAG_BONUS.get(current.tag or "", 0.0)
            nodes[key] = current
        divider = 1.0 if level == 0 else 2.0 if level == 1 else level * 3.0
        scores[key] += points / divider
        current = current.parent
        level += 1


@dataclass(slots=True)
class _Scores:
    """Readability scores of candidate containers, and the prose characters under every ancestor."""

    score: dict[int, float]
    nodes: dict[int, LexborNode]
    prose: dict[int, int]


def _credit_prose(prose: dict[int, int], start: LexborNode | None, chars: int) -> None:
    current = start
    level = 0
    while current is not None and level < _PROSE_LEVELS and current.tag not in _STOP_TAGS:
        key = current.mem_id
        prose[key] = prose.get(key, 0) + chars
        current = current.parent
        level += 1


def _is_prose(node: LexborNode, text: str) -> bool:
    return link_density(node, len(text)) < 0.5  # 0 without links


def _score_tree(root: LexborNode) -> _Scores:
    scores = _Scores({}, {}, {})
    for paragraph in root.css(_PARAGRAPHS):
        text = paragraph.text(strip=True)
        if len(text) >= _MIN_PARAGRAPH:
            _credit(scores.score, scores.nodes, paragraph.parent, _paragraph_score(text))
            if _is_prose(paragraph, text):
                _credit_prose(scores.prose, paragraph, len(text))
    for item in root.css("li"):
        text = item.text(strip=True)
        if len(text) >= _MIN_PARAGRAPH and item.css_first("a") is None:
            _credit(scores.score, scores.nodes, item.parent, _LIST_ITEM_WEIGHT * _paragraph_score(text))
            _credit_prose(scores.prose, item, len(text))
    for container in root.css(_TEXT_CONTAINERS):
        text = container.text(deep=False, strip=True)
        if len(text) >= _MIN_PARAGRAPH:
            _credit(scores.score, scores.nodes, container, _paragraph_score(text))
            _credit_prose(scores.prose, container, len(text))
    return scores


def _expand(top: LexborNode, prose: dict[int, int]) -> LexborNode:
    """Climb to the highest near ancestor that adds prose without adding much else.

    Page builders split one article over sibling or cousin blocks (a text widget per
    paragraph group); the best-scoring block is then only a part of the article.
    """
    best = top
    best_prose = prose.get(top.mem_id, 0)
    best_text = len(top.text(strip=True))
    current = top.parent
    for _ in range(_EXPAND_LEVELS):
        if current is None or current.tag in _STOP_TAGS or current.tag == "body":
            break
        current_prose = prose.get(current.mem_id, 0)
        added_prose = current_prose - best_prose
        if added_prose > 0.1 * best_prose:
            text_len = len(current.text(strip=True))
            added_text = text_len - best_text
            if added_prose >= _ADDED_PROSE_SHARE * added_text and link_density(current, text_len) < 0.3:
                best, best_prose, best_text = current, current_prose, text_len
        current = current.parent
    return best


def _is_lead(node: LexborNode) -> bool:
    """A standfirst just before the article body: one short block of link-free sentences."""
    if node.tag not in _LEAD_TAGS:
        return False
    text = node.text(strip=True)
    return (
        _LEAD_MIN_CHARS <= len(text) <= _LEAD_MAX_CHARS
        and text[-1:] in ".!?…\"”»"
        and node.css_first("a, img, ul, ol, form, input") is None
    )


def _lead_before_wrapper(top: LexborNode, text_chars: int) -> LexborNode | None:
    """The standfirst beside the body's wrapper, when the wrapper holds nothing but the body."""
    wrapper = top.parent
    if wrapper is None or wrapper.tag in _STOP_TAGS or wrapper.tag == "body":
        return None
    if len(wrapper.text(strip=True)) > _WRAPPER_SLACK * text_chars:
        return None
    previous = wrapper.prev
    while previous is not None and not previous.is_element_node:
        previous = previous.prev
    return previous if previous is not None and _is_lead(previous) else None


def _siblings(top: LexborNode, top_score: float, scores: dict[int, float]) -> list[LexborNode]:
    """The winner plus siblings that score close to it or read like prose."""
    parent = top.parent
    if parent is None or parent.tag in _STOP_TAGS:
        return [top]
    threshold = max(10.0, top_score * 0.2)
    chosen: list[LexborNode] = []
    previous: LexborNode | None = None
    for sibling in parent.iter():
        if sibling.mem_id == top.mem_id:
            if previous is not None and previous not in chosen and _is_lead(previous):
                chosen.append(previous)
            chosen.append(sibling)
            continue
        previous = sibling
        score = scores.get(sibling.mem_id, 0.0)
        if score and score * (1.0 - link_density(sibling)) >= threshold:
            chosen.append(sibling)
        elif sibling.tag == "p":
            text = sibling.text(strip=True)
            density = link_density(sibling, len(text))
            if (len(text) > 80 and density < 0.25) or (0 < len(text) <= 80 and density == 0 and text[-1:] in ".!?"):
                chosen.append(sibling)
    return chosen


def select_content(root: LexborNode) -> ContentSelection:
    """Pick the article's nodes under ``root`` (the body after boilerplate removal)."""
    page_chars = len(root.text(strip=True))
    scored = _score_tree(root)
    scores, nodes = scored.score, scored.nodes
    if not scores:
        return ContentSelection((root,), 0.0, 0.0, page_chars, link_density(root, page_chars), page_chars)
    raw_top = sorted(scores, key=scores.__getitem__, reverse=True)[:_TOP_CANDIDATES]
    final = {key: scores[key] * (1.0 - link_density(nodes[key])) for key in raw_top}
    ranked = sorted(final, key=final.__getitem__, reverse=True)
    top = nodes[ranked[0]]
    top_score = final[ranked[0]]
    # Several strong candidates under one ancestor: the ancestor is the article.
    close = [nodes[key] for key in ranked[1:] if final[key] >= 0.75 * top_score]
    if len(close) >= 2:
        parent = top.parent
        while parent is not None and parent.tag not in _STOP_TAGS and parent.tag != "body":
            if sum(1 for node in close if is_ancestor(parent, node)) >= 2:
                top = parent
                break
            parent = parent.parent
    # A lone child carries no structure of its own: its parent is the candidate.
    while top.parent is not None and top.parent.tag not in _STOP_TAGS and top.parent.tag != "body":
        if sum(1 for _ in top.parent.iter()) != 1:
            break
        top = top.parent
    top = _expand(top, scored.prose)
    runner_up = max(
        (final[key] for key in ranked[1:] if not is_ancestor(top, nodes[key]) and not is_ancestor(nodes[key], top)),
        default=0.0,
    )
    chosen = _siblings(top, scores.get(top.mem_id, top_score), scores)
    lengths = [len(node.text(strip=True)) for node in chosen]  # each node's text is read once
    text_chars = sum(lengths)
    lead = _lead_before_wrapper(top, text_chars)
    if lead is not None:
        chosen.insert(0, lead)
        lengths.insert(0, len(lead.text(strip=True)))
        text_chars += lengths[0]
    links = sum(link_density(node, length) * length for node, length in zip(chosen, lengths, strict=True))
    return ContentSelection(
        nodes=tuple(chosen),
        score=top_score,
        runner_up=runner_up,
        text_chars=text_chars,
        link_density=links / text_chars if text_chars else 0.0,
        page_chars=page_chars,
    )
