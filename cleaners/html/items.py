"""The repeated items of a listing or collection page: cards, rows of products, entries of a feed.

On such a page the content is the run of like items (a title, often a summary or a price), not
the one card or intro paragraph that reads most like prose, which is what a prose selector
picks. Like items are element siblings of one tag and class, each holding a few words; the run
holding the most text wins. Its container becomes the selection when the prose selection is
short and the container holds clearly more text; a prose selection outside the container (a
category's introduction) stays beside it.
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


def _likeness(node: LexborNode) -> tuple[str, str]:
    return node.tag or "", " ".join(sorted((node.attributes.get("class") or "").split()))


def longest_item_run(root: LexborNode, rules: ItemRunRules) -> ItemRun | None:
    """The container whose like children (same tag and class) hold the most text, if any run
    has ``min_items`` children of ``min_words`` words or more."""
    best: ItemRun | None = None
    for container in root.css(_CONTAINERS):
        runs: dict[tuple[str, str], list[int]] = {}
        for child in container.iter():
            if not child.is_element_node:
                continue
            text = fold(child.text(separator=" "))
            if text.count(" ") + 1 < rules.min_words:
                continue
            runs.setdefault(_likeness(child), []).append(len(text))
        for lengths in runs.values():
            if len(lengths) >= rules.min_items and (best is None or sum(lengths) > best.chars):
                best = ItemRun(container, len(lengths), sum(lengths))
    return best


def select_item_run(
    root: LexborNode, selection: ContentSelection, page_type: str, rules: ItemRunRules | None = None
) -> ContentSelection | None:
    """The selection widened to the page's run of items, or None where the prose selection stands:
    another page type, a long prose selection, no run, a run the selection holds already, or a
    run holding less than ``min_gain`` times the selection's text. A run around the selection
    replaces it; a run beside it joins it."""
    rules = rules or dom_rules().item_runs
    if page_type not in rules.page_types or selection.text_chars >= rules.max_selection_chars:
        return None
    run = longest_item_run(root, rules)
    if run is None:
        return None
    if any(run.container.mem_id == node.mem_id or is_ancestor(node, run.container) for node in selection.nodes):
        return None  # the selection holds the run already
    run_chars = len(run.container.text(strip=True))
    if run_chars < rules.min_gain * selection.text_chars:
        return None
    if any(is_ancestor(run.container, node) for node in selection.nodes):
        return replace(selection, nodes=(run.container,), text_chars=run_chars)
    return replace(selection, nodes=(*selection.nodes, run.container), text_chars=run_chars + selection.text_chars)
