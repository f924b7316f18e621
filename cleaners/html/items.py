"""The repeated items of a listing, a collection or a forum: cards, rows of products, posts.

On such a page the content is the run of like items (a title, often a summary or a price; a
thread's posts), not the one card or intro paragraph that reads most like prose, which is what a
prose selector picks. Like items are element siblings of one tag and class, each holding a few
words. The run holding the most text leads and runs holding a good share of its text join it (a
section front's blocks); their containers become the selection when the prose selection is short
and they hold clearly more text. A prose selection outside them (a category's introduction)
stays beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from selectolax.lexbor import LexborNode

from cleaners.html.rules import ItemRunRules, dom_rules
from cleaners.html.select import ContentSelection
from cleaners.html.text import fold, is_ancestor

# Where runs of items are looked for: the items' parent is one of these.
_CONTAINERS = "main, section, article, div, ul, ol, tbody, dl"


@dataclass(frozen=True, slots=True)
class ItemRun:
    """The container of the longest run of like items, how many there are and their text."""

    container: LexborNode
    items: int
    chars: int


def likeness(node: LexborNode) -> tuple[str, str]:
    """What like siblings share: their tag and their class names (in any order)."""
    return node.tag or "", " ".join(sorted((node.attributes.get("class") or "").split()))


def item_runs(root: LexborNode, rules: ItemRunRules) -> list[ItemRun]:
    """Every container with a run of ``min_items`` like children (same tag and class) of
    ``min_words`` words or more, in document order, with its longest run."""
    found: list[ItemRun] = []
    for container in root.css(_CONTAINERS):
        runs: dict[tuple[str, str], list[int]] = {}
        for child in container.iter():
            if not child.is_element_node:
                continue
            text = fold(child.text(separator=" "))
            if text.count(" ") + 1 < rules.min_words:
                continue
            runs.setdefault(likeness(child), []).append(len(text))
        longest = max((lengths for lengths in runs.values() if len(lengths) >= rules.min_items), key=sum, default=None)
        if longest is not None:
            found.append(ItemRun(container, len(longest), sum(longest)))
    return found


def _related(a: LexborNode, b: LexborNode) -> bool:
    return a.mem_id == b.mem_id or is_ancestor(a, b) or is_ancestor(b, a)


def select_item_run(
    root: LexborNode, selection: ContentSelection, page_type: str, rules: ItemRunRules | None = None
) -> ContentSelection | None:
    """The selection widened to the page's runs of items, or None where the prose selection
    stands: another page type, a long prose selection, no run, or runs holding less than
    ``min_gain`` times the selection's text. The longest run leads; other runs holding
    ``min_share`` of its text join it (a front page's sections); a prose selection outside
    them all stays beside them. A selection that holds a thread's posts already is returned as
    it is: the posts are the content, and no other reading is asked for."""
    rules = rules or dom_rules().item_runs
    if page_type not in rules.page_types:
        return None
    long_selection = selection.text_chars >= rules.max_selection_chars
    if long_selection and page_type not in rules.posts_page_types:
        return None
    runs = item_runs(root, rules)
    if not runs:
        return None
    best = max(runs, key=lambda run: run.chars)
    if long_selection and not all(is_ancestor(best.container, node) for node in selection.nodes):
        return None  # a long selection outside the posts (a story above its comments) stands
    chosen: list[ItemRun] = []
    for run in sorted(runs, key=lambda run: -run.chars):
        if run.chars < rules.min_share * best.chars:
            break
        if any(_related(run.container, other.container) for other in chosen):
            continue
        chosen.append(run)
    order = {run.container.mem_id: index for index, run in enumerate(runs)}
    chosen.sort(key=lambda run: order[run.container.mem_id])
    if any(best.container.mem_id == node.mem_id or is_ancestor(node, best.container) for node in selection.nodes):
        # The selection holds the run already: a thread's posts stand as they are (a second
        # opinion would read them as one post or none); elsewhere the prose selection stands.
        return selection if page_type in rules.posts_page_types else None
    # A lesser run inside the selection is there already.
    containers = [
        run.container for run in chosen if not any(is_ancestor(node, run.container) for node in selection.nodes)
    ]
    run_chars = sum(len(container.text(strip=True)) for container in containers)
    if run_chars < rules.min_gain * selection.text_chars:
        return None
    outside = [node for node in selection.nodes if not any(is_ancestor(container, node) for container in containers)]
    chars = run_chars + sum(len(node.text(strip=True)) for node in outside)
    return replace(selection, nodes=(*outside, *containers), text_chars=chars)
