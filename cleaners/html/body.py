"""Body building: the selected nodes become typed blocks and images, in document order.

An explicit stack walks containers; leaf blocks (a paragraph, a heading, a simple list item)
take their text from selectolax in one C call, so Python only visits the structure, and a
tree of any depth is safe.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners import provenance
from cleaners.captions import caption_text
from cleaners.html.inline import RawSpan, code_language, image_of, spans_in, split_spans, table_cells
from cleaners.html.rules import dom_rules
from cleaners.html.text import has_descendant, text_length
from cleaners.model import BlockType, Image, Removed

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LEAF_PARAGRAPHS = frozenset({"p", "dt", "dd", "summary", "address", "caption", "center"})
_CONTAINERS = frozenset({
    "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "dl", "menu",
    "form", "fieldset", "details", "body", "tbody", "thead", "tfoot", "tr", "td", "th", "hgroup", "search",
    "figure", "picture", "html",
})
_BLOCK_SELECTOR = (
    "p, div, section, article, ul, ol, dl, li, blockquote, pre, table, h1, h2, h3, h4, h5, h6, figure, header, "
    "footer, aside, nav, main, form, hr, address, details, dd, dt"
)
_SKIPPED = frozenset({"figcaption", "script", "style", "template", "svg", "head", "title", "button"})
_LAYOUT_INSIDE = "table, div, ul, ol, h1, h2, h3, h4, h5, h6, blockquote, pre, article, section"
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_END = "end"
_LINK_LISTS = frozenset({"div", "section", "ul", "ol", "dl", "aside", "nav", "header", "footer", "menu", "table"})
_LINK_LEAVES = frozenset({"p", "li", "dd", "dt"})
_CONTAINER_LINK_DENSITY = 0.5
_LEAF_LINK_DENSITY = 0.8
_PRUNE_BUDGET = 600
_MENU_LISTS = frozenset({"ul", "ol", "menu"})
_MENU_MIN_ITEMS = 8
_MENU_LINK_SHARE = 0.9
_MENU_ITEM_WORDS = 6
_LABEL_CHARS = 60
_SLIDE_HEADINGS = "h2, h3, h4"
_SLIDE_TEXT_CHARS = 100
_CAPTION_COPY_CHARS = 300


@dataclass(frozen=True, slots=True)
class RawBlock:
    """A block before normalisation, with what it keeps of its markup (see :mod:`cleaners.html.inline`)."""

    type: BlockType
    text: str
    level: int | None = None
    spans: tuple[RawSpan, ...] = ()
    ordered: bool = False
    language: str | None = None
    cells: tuple[tuple[str, ...], ...] | None = None
    images: tuple[Image, ...] = ()


@dataclass(slots=True)
class _Builder:
    blocks: list[RawBlock] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)
    spans: list[RawSpan] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)

    def flush(self, context: BlockType, ordered: bool = False) -> None:
        if not self.inline:
            return
        text = "".join(self.inline)
        self.inline.clear()
        pieces = [piece for piece in _PARAGRAPH_BREAK.split(text) if piece.strip()]
        shares = split_spans(pieces, self.spans) if self.spans else [[] for _ in pieces]
        self.spans.clear()
        for piece, spans in zip(pieces, shares, strict=True):
            self.append(RawBlock(context, piece, spans=tuple(spans), ordered=ordered and context == "list_item"))

    def emit(
        self,
        kind: BlockType,
        text: str,
        level: int | None = None,
        *,
        spans: Sequence[RawSpan] = (),
        ordered: bool = False,
        language: str | None = None,
        cells: tuple[tuple[str, ...], ...] | None = None,
    ) -> None:
        if text.strip():
            self.append(RawBlock(kind, text, level, tuple(spans), ordered, language, cells))

    def append(self, block: RawBlock) -> None:
        if self.images:
            block = replace(block, images=(*self.images, *block.images))
            self.images.clear()
        self.blocks.append(block)

    def picture(self, img: LexborNode) -> None:
        """A picture of the body: it stands before the next block."""
        url = image_url(img)
        if url:
            self.images.append(image_of(img, url))

    def dangling_label(self) -> str | None:
        """Pop and return the last block when it only introduced what was just pruned.

        "Related posts", "Read more:" and the like stay behind when their link list goes.
        """
        if not self.blocks:
            return None
        last = self.blocks[-1]
        text = last.text.strip()
        if last.type == "heading" or (last.type == "paragraph" and len(text) < _LABEL_CHARS and text[-1:] in ":…»>"):
            self.blocks.pop()
            return last.text
        return None


def _is_layout_table(table: LexborNode) -> bool:
    """Tables that hold page structure (nested tables, block content) rather than data."""
    if has_descendant(table, _LAYOUT_INSIDE):
        return True
    rows = len(table.css("tr"))
    return len(table.css("p")) > max(rows, 1)


def table_text(cells: tuple[tuple[str, ...], ...]) -> str:
    """A table's rows (from :func:`~cleaners.html.inline.table_cells`) as lines, its non-empty
    cells joined by `` | ``."""
    return "\n".join(" | ".join(cell for cell in row if cell) for row in cells)


def _prepare(nodes: Sequence[LexborNode]) -> None:
    """Line breaks become newline text, so one C ``text()`` call keeps them."""
    for node in nodes:
        for br in node.css("br"):
            br.replace_with("\n")


@dataclass(slots=True)
class _LinkPruner:
    """Drops link-dense containers and link-only paragraphs inside the selection.

    Related-story boxes, tag lists and "read more" links sit inside article containers.
    Measuring costs a pass over the subtree, so a budget bounds the work on deep trees.
    """

    budget: int = _PRUNE_BUDGET
    removed: list[Removed] = field(default_factory=list)

    def drops(self, node: LexborNode, threshold: float, rule: str) -> bool:
        if self.budget <= 0:
            return False
        links = node.css("a")  # one query tells whether it has links and what they say
        if not links:
            return False
        self.budget -= 1
        text = node.text(separator=" ")
        text_len = len(text.strip())
        if text_len == 0 or text_length(links) <= threshold * text_len:
            return False
        folded = " ".join(text.split())
        self.removed.append(Removed(kind="boilerplate", text=folded[: dom_rules().limits.audit_chars], rule=rule))
        return True


def _is_menu_list(node: LexborNode) -> bool:
    """A tree of many short items that are all links: a menu, even outside <nav>, even where
    link-dense content (feature cards, listing cards) is otherwise kept."""
    if node.tag not in _MENU_LISTS or node.css_first("li li") is None:
        return False
    items = len(node.css("li"))
    if items < _MENU_MIN_ITEMS:
        return False
    words = len(node.text(separator=" ").split())
    link_words = sum(len(link.text(separator=" ").split()) for link in node.css("a"))
    return 0 < words <= _MENU_ITEM_WORDS * items and link_words >= _MENU_LINK_SHARE * words


def build_blocks(nodes: Sequence[LexborNode], *, prune_links: bool = True) -> tuple[list[RawBlock], list[Removed]]:
    """Typed blocks of the selected nodes, in document order, and the link-dense parts dropped
    (where link-dense content is kept, only menus)."""
    _prepare(nodes)
    builder = _Builder()
    pruner = _LinkPruner(budget=_PRUNE_BUDGET if prune_links else 0)
    top_ids = {node.mem_id for node in nodes}
    # Each entry: a node (or the end of a container), its block type, and whether it is in an <ol>.
    stack: list[tuple[LexborNode | str, BlockType, bool]] = [(node, "paragraph", False) for node in reversed(nodes)]
    while stack:
        item, context, ordered = stack.pop()
        if isinstance(item, str):
            builder.flush(context, ordered)
            continue
        node = item
        if node.is_text_node:
            builder.inline.append(node.text_content or "")
            continue
        tag = node.tag or ""
        if not node.is_element_node or (tag in _SKIPPED and not _is_written_caption(node)):
            continue
        if not prune_links and node.mem_id not in top_ids and _is_menu_list(node):
            text = " ".join(node.text(separator=" ").split())[: dom_rules().limits.audit_chars]
            pruner.removed.append(Removed(kind="navigation", text=text, rule=provenance.MENU_LIST))
            continue
        if tag in _LINK_LISTS and node.mem_id not in top_ids and pruner.drops(node, _CONTAINER_LINK_DENSITY, provenance.LINK_LIST):
            builder.flush(context, ordered)
            label = builder.dangling_label()
            if label is not None:
                text = " ".join(label.split())[: dom_rules().limits.audit_chars]
                pruner.removed.append(Removed(kind="boilerplate", text=text, rule=provenance.DANGLING_LABEL))
            continue
        if tag in _LINK_LEAVES and pruner.drops(node, _LEAF_LINK_DENSITY, provenance.LINK_LINE):
            builder.flush(context, ordered)
            continue
        if tag == "img":
            builder.picture(node)
        elif tag in _HEADINGS:
            builder.flush(context, ordered)
            _pictures_in(node, builder)
            builder.emit("heading", node.text(), _HEADINGS[tag], spans=spans_in(node, include_self=False, emphasis=False))
        elif tag in _LEAF_PARAGRAPHS and not has_descendant(node, _BLOCK_SELECTOR):
            builder.flush(context, ordered)
            _pictures_in(node, builder)
            builder.emit(context, node.text(), spans=spans_in(node, include_self=False),
                         ordered=ordered and context == "list_item")
        elif tag == "pre":
            builder.flush(context, ordered)
            builder.emit("code", node.text(), language=code_language(node))
        elif tag == "table" and not _is_layout_table(node):
            builder.flush(context, ordered)
            cells = table_cells(node)
            builder.emit("table", table_text(cells), cells=cells)
        elif tag in ("li", "blockquote") and not has_descendant(node, _BLOCK_SELECTOR):
            builder.flush(context, ordered)
            _pictures_in(node, builder)
            in_list = tag == "li" and _in_numbered_list(node)
            builder.emit("list_item" if tag == "li" else "quote", node.text(), spans=spans_in(node, include_self=False),
                         ordered=in_list)
        elif tag == "hr":
            builder.flush(context, ordered)
        elif tag in _CONTAINERS or tag in ("li", "blockquote", "table", "figcaption") or tag in _LEAF_PARAGRAPHS:
            builder.flush(context, ordered)
            inner: BlockType = "list_item" if tag == "li" else "quote" if tag == "blockquote" else context
            inner_ordered = _in_numbered_list(node) if tag == "li" else ordered
            stack.append((_END, inner, inner_ordered))
            stack.extend((child, inner, inner_ordered) for child in _children_reversed(node))
        elif not has_descendant(node, _BLOCK_SELECTOR):
            builder.inline.append(node.text())  # inline markup: a, span, em, code ...
            builder.spans.extend(spans_in(node, include_self=True))
            _pictures_in(node, builder)
        else:
            builder.flush(context, ordered)
            stack.append((_END, context, ordered))
            stack.extend((child, context, ordered) for child in _children_reversed(node))
    builder.flush("paragraph")
    return builder.blocks, pruner.removed


def _pictures_in(node: LexborNode, builder: _Builder) -> None:
    for img in node.css("img"):
        builder.picture(img)


def _in_numbered_list(item: LexborNode) -> bool:
    parent = item.parent
    return parent is not None and parent.tag == "ol"


def without_caption_copies(blocks: list[RawBlock], root: LexborNode) -> tuple[list[RawBlock], list[Removed]]:
    """The blocks less paragraphs that repeat a picture's caption (a header's copy of it).

    Captions never reach the body themselves (a slide's written caption does, and is no copy).
    """
    captions = {
        folded
        for caption in root.css("figcaption")
        if not _is_written_caption(caption)
        for part in (caption, *caption.css("p"))
        if len(folded := " ".join(part.text(separator=" ").split())) <= _CAPTION_COPY_CHARS
    }
    if not captions:
        return blocks, []
    kept: list[RawBlock] = []
    removed: list[Removed] = []
    for block in blocks:
        text = " ".join(block.text.split())
        if block.type == "paragraph" and text in captions:
            removed.append(Removed(kind="boilerplate", text=text, rule=provenance.CAPTION_COPY))
        else:
            kept.append(block)
    return kept, removed


def _is_written_caption(node: LexborNode) -> bool:
    """A slide's text, not a picture's caption: a figcaption written as paragraphs in a figure
    whose heading stands outside the caption (galleries and listicles set each item out this way)."""
    if node.tag != "figcaption" or node.css_first("p") is None or node.css_first(_SLIDE_HEADINGS) is not None:
        return False
    if len(node.text(strip=True)) < _SLIDE_TEXT_CHARS:
        return False
    figure = node.parent
    while figure is not None and figure.tag != "figure":
        figure = figure.parent
    return figure is not None and figure.css_first(_SLIDE_HEADINGS) is not None


def _children_reversed(node: LexborNode) -> list[LexborNode]:
    children = list(node.iter(include_text=True))
    children.reverse()
    return children


def image_url(img: LexborNode) -> str | None:
    attrs = img.attributes
    for name in ("src", "data-src", "data-lazy-src", "data-original", "data-srcset", "srcset"):
        value = attrs.get(name)
        if value and not value.startswith("data:"):
            return value.split(",")[0].split()[0] if "srcset" in name else value.strip()
    return None


@dataclass(frozen=True, slots=True)
class BodyImages:
    """The body's images in document order, and the first that stands in a ``<figure>``."""

    images: list[Image]
    first_figure: Image | None


def collect_images(nodes: Sequence[LexborNode]) -> BodyImages:
    """Images of the body with their captions (figure/figcaption) or alt text, in order."""
    images: list[Image] = []
    first_figure: Image | None = None
    in_figures: set[int] = set()
    for node in nodes:
        for element in node.css("figure, img"):
            if element.tag == "figure":
                img = element.css_first("img")
                if img is None:
                    continue
                in_figures.add(img.mem_id)
                caption_node = element.css_first("figcaption")
                caption = (caption_text(caption_node) if caption_node else None) or ""
                url = image_url(img)
                if url or caption:
                    images.append(Image(url=url, caption=caption or None, alt=img.attributes.get("alt") or None))
                    first_figure = first_figure or images[-1]
            elif element.mem_id not in in_figures:
                url = image_url(element)
                if url:
                    images.append(Image(url=url, alt=element.attributes.get("alt") or None))
    return BodyImages(images, first_figure)


_DECLARED_BREAK = re.compile(r"\s*\n\s*")


def declared_body_blocks(text: str) -> list[RawBlock]:
    """Paragraphs of a declared article body (JSON-LD ``articleBody``): its lines, or the text of
    its markup when it holds some. Pages that render their article by script declare it there."""
    if "<" in text and ">" in text:
        root = LexborHTMLParser(text).body
        text = root.text(separator="\n") if root is not None else ""
    return [RawBlock("paragraph", line) for line in _DECLARED_BREAK.split(text) if line.strip()]
