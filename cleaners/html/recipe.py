"""Recipe ingredients: the list a recipe page sets apart from its method.

On recipe pages the method is the prose that content selection finds, while the ingredients
stand in a table or a list of their own, marked by schema.org microdata or by their class.
They are part of the article: this step finds the ones left outside the selection.
"""

from __future__ import annotations

from collections.abc import Sequence

from selectolax.lexbor import LexborNode

_MARKED_ITEMS = "[itemprop=recipeIngredient i], [itemprop=ingredients i]"
_MARKED_LISTS = "table[class*=ingredient i], ul[class*=ingredient i], ol[class*=ingredient i], dl[class*=ingredient i]"
_LIST_TAGS = frozenset({"table", "ul", "ol", "dl"})
_MAX_LISTS = 4
_MAX_WALK = 6


def _list_holding(item: LexborNode) -> LexborNode | None:
    current = item.parent
    for _ in range(_MAX_WALK):
        if current is None:
            return None
        if current.tag in _LIST_TAGS:
            return current
        current = current.parent
    return None


def _inside_any(node: LexborNode, chosen: set[int]) -> bool:
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id in chosen:
            return True
        current = current.parent
    return False


def _holds_any(node: LexborNode, selected: Sequence[LexborNode]) -> bool:
    return any(_inside_any(other, {node.mem_id}) for other in selected)


def ingredient_lists(root: LexborNode, selected: Sequence[LexborNode]) -> list[LexborNode]:
    """The page's ingredient lists that the selected nodes neither hold nor sit in."""
    chosen = {node.mem_id for node in selected}
    found: dict[int, LexborNode] = {}
    for item in root.css(_MARKED_ITEMS):
        holder = _list_holding(item)
        if holder is not None:
            found.setdefault(holder.mem_id, holder)
    for holder in root.css(_MARKED_LISTS):
        found.setdefault(holder.mem_id, holder)
    lists = [node for node in found.values() if not _inside_any(node, chosen) and not _holds_any(node, selected)]
    # A list nested in another found list is already in it; a copy (desktop and mobile) counts once.
    outer: list[LexborNode] = []
    seen_texts: set[str] = set()
    for node in lists:
        if any(other is not node and _inside_any(node, {other.mem_id}) for other in lists):
            continue
        text = " ".join(node.text(separator=" ").split())
        if text and text not in seen_texts:
            seen_texts.add(text)
            outer.append(node)
    return outer[:_MAX_LISTS]
