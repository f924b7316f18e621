"""One walk over the tree that collects every element the metadata readers look at.

Each CSS query walks the whole document, so the head tags, headings, ``<time>``, scripts and
microdata nodes are fetched by a single combined query and sorted by kind here.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

SCAN_SELECTOR = "html, meta, link[rel][href], title, h1, base[href], time[datetime], script[type], [itemprop]"


@dataclass(frozen=True, slots=True)
class PageNodes:
    """The elements of one page that carry metadata, by kind, in document order."""

    root: LexborNode | None
    metas: tuple[LexborNode, ...]
    links: tuple[LexborNode, ...]
    titles: tuple[LexborNode, ...]
    headings: tuple[LexborNode, ...]
    bases: tuple[LexborNode, ...]
    times: tuple[LexborNode, ...]
    scripts: tuple[LexborNode, ...]
    itemprops: tuple[LexborNode, ...]


def scan_page(tree: LexborHTMLParser) -> PageNodes:
    """Collect the metadata-bearing elements of ``tree`` in one query (the tree is not changed)."""
    kinds: dict[str, list[LexborNode]] = {
        "html": [], "meta": [], "link": [], "title": [], "h1": [], "base": [], "time": [], "script": [],
    }
    itemprops: list[LexborNode] = []
    for node in tree.css(SCAN_SELECTOR):
        tag = node.tag or ""
        found = kinds.get(tag)
        if found is not None:
            found.append(node)
        if "itemprop" in node.attributes:
            itemprops.append(node)
    return PageNodes(
        root=kinds["html"][0] if kinds["html"] else None,
        metas=tuple(kinds["meta"]),
        links=tuple(node for node in kinds["link"] if node.attributes.get("href")),
        titles=tuple(kinds["title"]),
        headings=tuple(kinds["h1"]),
        bases=tuple(node for node in kinds["base"] if node.attributes.get("href")),
        times=tuple(node for node in kinds["time"] if node.attributes.get("datetime")),
        scripts=tuple(kinds["script"]),
        itemprops=tuple(itemprops),
    )
