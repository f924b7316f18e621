"""Streamed server rendering put in place: the page as its reader sees it once scripts ran.

React's streaming renderer sends a page in pieces. A part not ready at first is sent later as
a hidden segment at the end of the body (``<div hidden id="S:3">``) with a script call that
moves it into its placeholder: ``$RC("B:1","S:3")`` swaps a boundary's fallback (a loading
skeleton between ``<!--$?-->`` and ``<!--/$-->`` after ``<template id="B:1">``) for the
segment, ``$RS("S:4","P:4")`` replaces ``<template id="P:4">`` with it. The article of a page
served this way is often such a segment: hidden, at the end, with a skeleton where it belongs.
This step does what the scripts do, so the later steps see the article where a reader does.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.html.text import is_ancestor

_SEGMENT_ID = re.compile(r"S:\w+")
_CALL = re.compile(r"""\$R([CS])\(\s*["']([BPS]:\w+)["']\s*,\s*["']([BPS]:\w+)["']""")
_OPEN_BOUNDARY = frozenset({"$", "$?", "$!"})
_CLOSE_BOUNDARY = "/$"
# Nodes of one fallback, at most (a malformed page keeps its own).
_MAX_SIBLINGS = 10_000
# A placeholder inside its own segment is looked for all the way up (moving a node into itself).
_WHOLE_WALK = 1_000_000


def place_streamed_segments(tree: LexborHTMLParser) -> int:
    """Move each hidden streamed segment into its placeholder; how many moved."""
    body = tree.body
    if body is None:
        return 0
    segments = {
        node.attributes.get("id") or "": node
        for node in body.css("div[hidden][id^='S:']")
        if _SEGMENT_ID.fullmatch(node.attributes.get("id") or "")
    }
    if not segments:
        return 0
    placed = 0
    for segment_id, placeholder_id, kind in _pairs(tree, segments):
        segment = segments[segment_id]
        placeholder = body.css_first(f"template[id='{placeholder_id}']")
        if placeholder is None or is_ancestor(segment, placeholder, limit=_WHOLE_WALK):
            continue
        if kind == "boundary":
            _drop_fallback(placeholder)
        for child in list(segment.iter(include_text=True)):
            placeholder.insert_before(child)
        placeholder.decompose()
        segment.decompose()
        placed += 1
    return placed


def _pairs(tree: LexborHTMLParser, segments: dict[str, LexborNode]) -> list[tuple[str, str, str]]:
    """(segment, placeholder, kind) from the page's script calls; by shared number without them."""
    pairs: list[tuple[str, str, str]] = []
    paired: set[str] = set()
    for script in tree.css("script"):
        text = script.text(deep=False) or ""
        if "$R" not in text:
            continue
        for call in _CALL.finditer(text):
            kind, first, second = call.groups()
            segment_id, placeholder_id = (second, first) if kind == "C" else (first, second)
            if segment_id in segments and segment_id not in paired:
                pairs.append((segment_id, placeholder_id, "boundary" if kind == "C" else "segment"))
                paired.add(segment_id)
    for segment_id in segments:
        if segment_id in paired:
            continue
        number = segment_id[2:]
        if tree.css_first(f"template[id='B:{number}']") is not None:
            pairs.append((segment_id, f"B:{number}", "boundary"))
        else:
            pairs.append((segment_id, f"P:{number}", "segment"))
    return pairs


def _drop_fallback(placeholder: LexborNode) -> None:
    """Remove what the boundary shows until its content comes: the nodes after the placeholder
    up to the comment closing the boundary (nested boundaries counted). Without that comment
    nothing is removed."""
    depth = 0
    fallback: list[LexborNode] = []
    node = placeholder.next
    while node is not None and len(fallback) < _MAX_SIBLINGS:
        if node.is_comment_node:
            marker = (node.comment_content or "").strip()
            if marker == _CLOSE_BOUNDARY and depth == 0:
                for stale in fallback:
                    stale.decompose()
                return
            depth += marker in _OPEN_BOUNDARY
            depth -= marker == _CLOSE_BOUNDARY
        fallback.append(node)
        node = node.next
