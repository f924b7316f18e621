"""Paragraphs written as line breaks become paragraph elements, before selection and body building.

Some pages hold their whole text in one element (a table cell, a div, a font tag) and separate
its parts with ``<br><br>`` only: menu, headline, paragraphs and footer are then one block, which
no boilerplate rule can take apart. Only such a container, holding a good share of the page's
text and not one of a list of like items, is split: a forum post or a review written with line
breaks is one of many blocks already, and its lines as paragraphs would outweigh the thread in
content selection. Each run of text and inline markup between blank lines (two
breaks) is wrapped in its own ``<p>``, so that selection, the link and text rules, and the
second opinion (which reads the same tree) all see the parts. Where a container has no blank
lines but several long lines, one paragraph a line, single breaks separate the parts.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.html.rules import LineRules, dom_rules
from cleaners.html.text import fold

# Children that are blocks of their own: they end a run and are never wrapped.
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "dl", "li", "dd", "dt",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "address", "details", "summary", "fieldset", "form", "center", "menu", "hgroup", "caption",
})
_BLOCK_SELECTOR = ", ".join(sorted(_BLOCKS))
# Containers whose line breaks are the author's layout (verse in a quote, code) or where a
# paragraph cannot stand.
_KEEP = frozenset({"pre", "code", "textarea", "blockquote", "address", "li", "dt", "dd", "caption", "figcaption",
                   "h1", "h2", "h3", "h4", "h5", "h6", "html", "head", "-document"})
_PHRASING_HOLDERS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "a", "button", "label"})
_ANCESTOR_WALK = 64
_TEMPLATE = LexborHTMLParser("<p></p>")


def _is_block(node: LexborNode) -> bool:
    return node.is_element_node and (node.tag in _BLOCKS or node.css_first(_BLOCK_SELECTOR) is not None)


def _is_gap(node: LexborNode) -> bool:
    """Whitespace or a comment: nothing a reader sees between two breaks."""
    return node.is_comment_node or (node.is_text_node and not (node.text_content or "").strip())


def _runs(container: LexborNode, single: bool) -> tuple[list[list[LexborNode]], int]:
    """The container's children grouped into runs of inline content, and how many blank lines
    (two breaks, or one when ``single``) separate them."""
    runs: list[list[LexborNode]] = [[]]
    breaks: list[LexborNode] = []  # breaks met since the last content, with the gaps between them
    blank_lines = 0
    for child in container.iter(include_text=True):
        if child.tag == "br":
            breaks.append(child)
            continue
        if _is_gap(child):
            if breaks:
                breaks.append(child)
            else:
                runs[-1].append(child)
            continue
        if _is_block(child):
            runs.append([])
            breaks = []
            continue
        if sum(1 for node in breaks if node.tag == "br") >= (1 if single else 2):
            blank_lines += 1
            runs.append([])
        else:
            runs[-1].extend(breaks)
        breaks = []
        runs[-1].append(child)
    return [run for run in runs if any(fold(node.text() or "") or node.tag == "img" for node in run)], blank_lines


def _inside_phrasing(node: LexborNode) -> bool:
    """Whether a paragraph, heading, list item or link holds the node: no paragraph may go there."""
    current = node.parent
    for _ in range(_ANCESTOR_WALK):
        if current is None or current.tag in ("body", "html"):
            return False
        if current.tag in _PHRASING_HOLDERS:
            return True
        current = current.parent
    return False


def _depth(node: LexborNode) -> int:
    """How deep the node stands (up to the walk's bound): deeper containers are split first."""
    depth = 0
    current = node.parent
    while current is not None and depth < _ANCESTOR_WALK:
        depth += 1
        current = current.parent
    return depth


def _run_chars(run: list[LexborNode]) -> int:
    return sum(len(fold(node.text() or "")) for node in run)


def _wrap(run: list[LexborNode], before: LexborNode) -> None:
    """Move the run's nodes into a new paragraph placed before ``before``."""
    template = _TEMPLATE.css_first("p")
    if template is None:
        return
    before.insert_before(template)
    paragraph = before.prev
    if paragraph is None:
        return
    for node in run:
        paragraph.insert_child(node, move=True)


def _is_list_item(container: LexborNode, rules: LineRules) -> bool:
    """Whether the container, or a near ancestor, is one of several siblings of its class: a post
    in a thread, a review among reviews. Its lines stay one block, or it would outweigh the rest."""
    node: LexborNode | None = container
    for _ in range(rules.item_levels):
        if node is None or node.parent is None or node.tag in ("body", "html"):
            return False
        kind = node.attributes.get("class")
        if kind:
            alike = sum(1 for sibling in node.parent.iter() if sibling.tag == node.tag and sibling.attributes.get("class") == kind)
            if alike >= rules.item_siblings:
                return True
        node = node.parent
    return False


def _split(container: LexborNode, rules: LineRules, page_chars: int) -> bool:
    """Wrap the container's runs in paragraphs when blank lines (or long lines) separate them."""
    text_chars = len(fold(container.text()))
    if text_chars < max(rules.min_chars, rules.min_page_share * page_chars) or _is_list_item(container, rules):
        return False
    runs, blank_lines = _runs(container, single=False)
    if blank_lines == 0:
        lines, single_breaks = _runs(container, single=True)
        long_lines = sum(1 for line in lines if _run_chars(line) >= rules.long_line_chars)
        if single_breaks == 0 or long_lines < rules.min_long_lines:
            return False
        runs = lines
    if len(runs) < 2:
        return False
    if container.tag == "p":
        # A paragraph cannot hold paragraphs: the runs but the last become paragraphs before it.
        for run in runs[:-1]:
            _wrap(run, container)
    else:
        for run in runs:
            _wrap(run, run[0])
    return True


def split_line_blocks(root: LexborNode, rules: LineRules | None = None) -> int:
    """Split every container whose paragraphs are line breaks; return how many were split."""
    rules = rules or dom_rules().lines
    containers: dict[int, LexborNode] = {}
    for br in root.css("br"):
        parent = br.parent
        if parent is not None and parent.tag not in _KEEP and parent.mem_id not in containers:
            containers[parent.mem_id] = parent
    if not containers:
        return 0  # no line breaks: the page's text need not be measured
    page_chars = len(fold(root.text()))
    split = 0
    # Innermost first: a split container is a block to its holder, not a run to wrap.
    for container in sorted(containers.values(), key=_depth, reverse=True):
        if container.tag != "p" and _inside_phrasing(container):
            continue
        if _split(container, rules, page_chars):
            split += 1
    return split
