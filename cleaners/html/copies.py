"""Sections the markup renders twice: a mobile and a desktop copy of the same blocks.

Responsive pages often ship one section two or three times, each copy shown at one screen
width by a stylesheet the extractor does not apply; the text then says everything twice. A
copy is found in the markup, not in the text: a container holding several blocks whose whole
text repeats an earlier container's, neither inside the other. Repeated paragraphs on their own
(a refrain, a chorus) are single blocks and stay.
"""

from __future__ import annotations

from collections.abc import Sequence

from selectolax.lexbor import LexborNode

from cleaners import provenance
from cleaners.html.rules import dom_rules
from cleaners.html.text import fold, is_ancestor
from cleaners.model import Removed

_CONTAINERS = "div, section, article, aside, ul, ol, table, dl"
_BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, tr, dd"
# A copy holds at least this many blocks and characters: short repeats (a label, a caption)
# are the duplicates step's, later.
_MIN_BLOCKS = 2
_MIN_CHARS = 200


def without_copied_sections(nodes: Sequence[LexborNode]) -> list[Removed]:
    """Remove every later copy of a multi-block section under ``nodes``; return the audit."""
    first: dict[str, LexborNode] = {}
    copies: list[LexborNode] = []
    for top in nodes:
        for container in top.css(_CONTAINERS):
            raw = container.text(separator=" ")
            if len(raw) < _MIN_CHARS:
                continue  # folding only shortens it
            text = fold(raw)
            if len(text) < _MIN_CHARS:
                continue
            earlier = first.get(text)
            if earlier is None:
                first[text] = container
            elif (
                not is_ancestor(earlier, container)
                and not is_ancestor(container, earlier)
                and not any(is_ancestor(copy, container) for copy in copies)  # inside a copy already
                and len(container.css(_BLOCKS)) >= _MIN_BLOCKS
            ):
                copies.append(container)
    removed: list[Removed] = []
    limit = dom_rules().limits.audit_chars
    for copy in copies:
        removed.append(Removed(kind="duplicate", text=fold(copy.text(separator=" "))[:limit], rule=provenance.COPIED_SECTION))
        copy.decompose()
    return removed
