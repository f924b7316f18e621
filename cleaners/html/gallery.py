"""Picture galleries: their controls and the caption each slide repeats.

A gallery (carousel, slider, lightbox) repeats its markup once per slide: the controls' labels
("Caption", "Close", "Expand") stand in every slide, a counter ("3 / 12") numbers each, and a
page that captions the whole gallery once often writes that caption into every slide. Seen on
the page, one slide shows at a time; read as text, the labels and copies pile up. They are found
by structure (short texts repeated inside one gallery container, counters by their shape), not
by their wording.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from cleaners.html.rules import DomRules, GalleryRules, class_id_tokens
from cleaners.html.text import SENTENCE_ENDS, beside_text, fold
from cleaners.model import Removed, RemovedKind

_MAIN_MARKERS = "h1, main, [itemprop=articleBody i]"
_NEVER = frozenset({"html", "body", "head", "-document"})
_HEADINGS = "h1, h2, h3, h4, h5, h6"
# A gallery of more elements than this is a page wrapper named after one, not a gallery.
_MAX_ELEMENTS = 5000


@dataclass(frozen=True, slots=True)
class _Debris:
    position: int
    node: LexborNode
    kind: RemovedKind
    rule: str


def _galleries(root: LexborNode, gallery: GalleryRules) -> list[LexborNode]:
    """Outermost gallery containers, in document order."""
    found: list[LexborNode] = []
    seen: dict[str, bool] = {}  # class/id values repeat across a page: tokenise each once
    for node in root.css("[class], [id]"):
        attrs = node.attributes
        value = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if value not in seen:
            lowered = value.lower()  # a word's letters must be there before its token can be
            seen[value] = gallery.word_scan.search(lowered) is not None and not class_id_tokens(value).isdisjoint(
                gallery.words
            )
        if seen[value] and node.tag not in _NEVER:
            found.append(node)
    found.extend(node for node in root.css(gallery.selector) if node.tag not in _NEVER)
    marked = {node.mem_id for node in found}
    outermost: dict[int, LexborNode] = {}
    for node in found:
        current = node.parent
        while current is not None and current.mem_id not in marked:
            current = current.parent
        if current is None:  # no gallery holds it (the walk is as deep as the parser allows)
            outermost[node.mem_id] = node
    return list(outermost.values())


def _texts(container: LexborNode) -> dict[str, list[tuple[int, LexborNode]]]:
    """Each text inside the container with the outermost elements saying exactly it (and where
    they stand in the container)."""
    folded: dict[int, str] = {}
    by_text: dict[str, list[tuple[int, LexborNode]]] = {}
    for position, node in enumerate(container.css("*")):
        if node.mem_id == container.mem_id:
            continue
        text = fold(node.text(separator=" "))
        folded[node.mem_id] = text
        parent = node.parent
        if not text or (parent is not None and folded.get(parent.mem_id) == text):
            continue
        by_text.setdefault(text, []).append((position, node))
    return by_text


def _is_label(text: str, gallery: GalleryRules) -> bool:
    return len(text) <= gallery.label_chars and len(text.split()) <= gallery.label_words and text[-1] not in SENTENCE_ENDS


def _debris(container: LexborNode, gallery: GalleryRules) -> Iterator[_Debris]:
    """Counters, repeated labels and caption copies inside one gallery."""
    if len(container.css("*")) > _MAX_ELEMENTS:
        return
    holds_article = container.css_first(_MAIN_MARKERS) is not None
    for text, found in _texts(container).items():
        # A control stands alone; a word beside text is a piece of a caption or a title.
        # A heading names a slide or the gallery; what it repeats is a title, not a caption.
        nodes = [(position, node) for position, node in found
                 if not beside_text(node) and node.css_first(_HEADINGS) is None]
        if not nodes:
            continue
        if gallery.counter.fullmatch(text):
            yield from (_Debris(*item, "navigation", gallery.control_id) for item in nodes)
        elif holds_article or len(nodes) < 2:
            continue
        elif _is_label(text, gallery):
            yield from (_Debris(*item, "navigation", gallery.control_id) for item in nodes)
        else:
            yield from (_Debris(*item, "duplicate", gallery.repeat_id) for item in nodes[1:])


def _outermost(found: list[_Debris], container: LexborNode) -> list[_Debris]:
    """The debris not inside other debris (a repeated slide holds repeated labels too)."""
    marked = {item.node.mem_id for item in found}
    kept: list[_Debris] = []
    for item in found:
        current = item.node.parent
        while current is not None and current.mem_id != container.mem_id and current.mem_id not in marked:
            current = current.parent
        if current is None or current.mem_id == container.mem_id:
            kept.append(item)
    return kept


def remove_gallery_debris(root: LexborNode, rules: DomRules) -> list[Removed]:
    """Remove gallery controls and repeated captions in place; one record per gallery and rule."""
    gallery = rules.gallery
    records: list[Removed] = []
    for container in _galleries(root, gallery):
        found = sorted(_outermost(list(_debris(container, gallery)), container), key=lambda item: item.position)
        for rule in (gallery.control_id, gallery.repeat_id):
            items = [item for item in found if item.rule == rule]
            if items:
                text = " ".join(fold(item.node.text(separator=" ")) for item in items)
                records.append(Removed(kind=items[0].kind, text=text[: rules.limits.audit_chars], rule=rule))
        for item in found:
            item.node.decompose()
    return records
