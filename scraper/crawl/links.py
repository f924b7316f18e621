"""Links of a fetched page, resolved against the page (or its ``<base href>``) and normalised."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper.crawl.urls import normalize_url


def page_links(html: str, page_url: str) -> list[str]:
    """The distinct crawlable links of ``html`` in document order; ``rel=nofollow`` links are skipped."""
    tree = LexborHTMLParser(html)
    base = page_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        resolved = normalize_url(base_node.attributes.get("href") or "", page_url)
        if resolved:
            base = resolved
    seen: dict[str, None] = {}
    for node in tree.css("a[href], area[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        if "nofollow" in rel:
            continue
        url = normalize_url(node.attributes.get("href") or "", base)
        if url is not None:
            seen.setdefault(url, None)
    return list(seen)
