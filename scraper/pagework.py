"""What a worker process does with one fetched page: extract it, and for a crawl find its links.

These functions run in :mod:`scraper.pool` workers, under the page's time limit; they return
small picklable results (the article as its JSON line, plus what the crawl decides on), so
the parent never parses a page itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import cleaners
from scraper.crawl.dedupe import simhash
from scraper.crawl.links import page_links


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """One article as the crawl needs it: its JSON line and what dedupe compares."""

    line: str
    fingerprint: str | None
    word_count: int
    simhash: int
    page_type: str = "article"


@dataclass(frozen=True, slots=True)
class CrawlWork:
    """A crawled page's article (None when it is fetched for its links only) and links."""

    page: ExtractedPage | None
    links: tuple[str, ...]


def extract_response(text: str, url: str, source: str, fetched_at: str, content_type: str | None) -> str:
    """A fetched page as an article JSON line (``url`` the final URL, ``source`` as requested)."""
    article = cleaners.extract(text, url, source=source, fetched_at=fetched_at, content_type=content_type)
    return article.to_json()


def crawl_page(text: str, url: str, fetched_at: str, content_type: str | None, article: bool,
               links: bool) -> CrawlWork:
    """The page's links (when followed) and its article (unless it is fetched for links only)."""
    found = tuple(page_links(text, url)) if links else ()
    if not article:
        return CrawlWork(None, found)
    extracted = cleaners.extract(text, url, source=url, fetched_at=fetched_at, content_type=content_type)
    page = ExtractedPage(extracted.to_json(), extracted.fingerprint, extracted.word_count, simhash(extracted.text),
                         extracted.page_type)
    return CrawlWork(page, found)
