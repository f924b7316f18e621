"""Links of a fetched page, resolved against the page (or its ``<base href>``) and normalised.

The markup passes the extractor's guards first (attributes per element, nesting depth, size),
so a page built to stall the parser costs no more here than in extraction; and at most
``MAX_LINKS_PER_PAGE`` distinct links are kept, because normalising each costs time and no
page worth following links to a hundred thousand others.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners import DEFAULT_CONFIG
from cleaners.html.guards import guard_markup
from scraper.crawl.urls import normalize_url

MAX_LINKS_PER_PAGE = 10_000


def page_links(html: str, page_url: str) -> list[str]:
    """The distinct crawlable links of ``html`` in document order; ``rel=nofollow`` links are skipped."""
    tree = LexborHTMLParser(guard_markup(html, DEFAULT_CONFIG).html)
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
            if len(seen) >= MAX_LINKS_PER_PAGE:
                break
    return list(seen)
