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

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
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
    stack: list[str] = []
    dropped: dict[str, int] = {}
    total = 0
    pieces: list[str] = []
    last = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1) == "/", match.group(2).lower()
        if closing:
            if dropped.get(name):
                dropped[name] -= 1
                pieces.append(html[last : match.start()])
                last = match.end()
            elif name in stack:
                while stack and stack.pop() != name:
                    pass
            continue
        if name in _VOID or match.group(0).endswith("/>"):
            continue
        siblings = _SELF_CLOSING_SIBLINGS.get(name)
        if siblings and stack and stack[-1] in siblings:
            stack.pop()
        if len(stack) >= max_depth:
            dropped[name] = dropped.get(name, 0) + 1
            total += 1
            pieces.append(html[last : match.start()])
            last = match.end()
        else:
            stack.append(name)
    if last == 0:
        return html, 0
    pieces.append(html[last:])
    return "".join(pieces), total
