"""A guard against pathological nesting, applied to the markup before the one parse.

HTML parsers check the stack of open elements on each start tag, so a document nested
100,000 levels deep costs time quadratic in its depth (lexbor: about a minute). No real page
nests more than a few hundred levels; past ``max_depth`` the tags themselves (not their
text) are dropped. Only documents with many tags are scanned, so ordinary pages pay nothing.
"""

from __future__ import annotations

import re

MAX_DEPTH = 400
SCAN_ABOVE_TAGS = 4000

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^>]*)>")
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "image", "keygen", "basefont", "frame", "isindex",
})
# A start tag of these closes an open element of the same family at the top of the stack.
_SELF_CLOSING_SIBLINGS = {
    "li": {"li"}, "p": {"p"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"},
    "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"},
}


def needs_depth_scan(html: str) -> bool:
    """Cheap pre-check: only markup with many tags can be deep enough to matter."""
    return html.count("<") > SCAN_ABOVE_TAGS


def limit_nesting(html: str, max_depth: int = MAX_DEPTH) -> tuple[str, int]:
    """``html`` with every tag deeper than ``max_depth`` removed (and its end tag with it), and
    how many start tags were removed."""
    cut = _cut_tags(_TAG.findall(html), max_depth)
    if not cut:
        return html, 0
    pieces: list[str] = []
    last = 0
    for index, match in enumerate(_TAG.finditer(html)):
        if index in cut:
            pieces.append(html[last : match.start()])
            last = match.end()
    pieces.append(html[last:])
    return "".join(pieces), sum(1 for index in cut if not cut[index])


def _cut_tags(tags: list[tuple[str, str, str]], max_depth: int) -> dict[int, bool]:
    """The positions (in ``tags``, as ``_TAG`` finds them) of the tags to remove, each with
    whether it is an end tag. The stack is simulated on the tags' names alone: no match objects
    on the many pages that nest nowhere near the cap."""
    stack: list[str] = []
    dropped: dict[str, int] = {}
    cut: dict[int, bool] = {}
    for index, (slash, written, rest) in enumerate(tags):
        name = written.lower()
        if slash:
            if dropped.get(name):
                dropped[name] -= 1
                cut[index] = True
            elif name in stack:
                while stack and stack.pop() != name:
                    pass
            continue
        if name in _VOID or rest.endswith("/"):
            continue
        siblings = _SELF_CLOSING_SIBLINGS.get(name)
        if siblings and stack and stack[-1] in siblings:
            stack.pop()
        if len(stack) >= max_depth:
            dropped[name] = dropped.get(name, 0) + 1
            cut[index] = False
        else:
            stack.append(name)
    return cut
