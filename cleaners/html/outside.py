"""What content selection left out, recorded so that nothing leaves the page silently."""

from __future__ import annotations

from collections.abc import Sequence

from selectolax.lexbor import LexborNode

from cleaners import provenance
from cleaners.html.text import fold
from cleaners.model import Removed

MAX_RECORDS = 40
_MAX_PATH = 256


def _paths_to_root(selected: Sequence[LexborNode]) -> set[int]:
    """Ids of every ancestor of a selected node (bounded walk per node)."""
    on_path: set[int] = set()
    for node in selected:
        current = node.parent
        for _ in range(_MAX_PATH):
            if current is None or current.mem_id in on_path:
                break
            on_path.add(current.mem_id)
            current = current.parent
    return on_path


def outside_selection(root: LexborNode, selected: Sequence[LexborNode], audit_chars: int) -> list[Removed]:
    """Text beside the selected nodes, one record per run of left-out siblings, in page order."""
    chosen = {node.mem_id for node in selected}
    if root.mem_id in chosen:
        return []
    on_path = _paths_to_root(selected)
    records: list[Removed] = []
    stack: list[LexborNode] = [root]
    while stack and len(records) < MAX_RECORDS:
        node = stack.pop()
        run: list[str] = []
        expand: list[LexborNode] = []
        child = node.child
        while child is not None:
            if child.mem_id in chosen or child.mem_id in on_path:
                if run:
                    records.append(_record(run, audit_chars))
                    run = []
                if child.mem_id in on_path:
                    expand.append(child)
            else:
                text = fold(child.text(deep=True, separator=" "))
                if text:
                    run.append(text)
            child = child.next
        if run:
            records.append(_record(run, audit_chars))
        stack.extend(reversed(expand))
    return records[:MAX_RECORDS]


def _record(texts: list[str], audit_chars: int) -> Removed:
    return Removed(kind="boilerplate", text=" ".join(texts)[:audit_chars], rule=provenance.OUTSIDE)
