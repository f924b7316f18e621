"""Fetch one URL and extract its article in one call: ``scraper.fetch_article(url)``.

The fetch is the crawler's (robots.txt, address checks, size and time limits, retries); the
extraction runs in this process, as ``cleaners.extract`` does. For many URLs, ``scrape fetch``
or a crawl job adds politeness across pages and a CPU-time limit per page.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from scraper.fetch.config import DEFAULT_FETCH_CONFIG, FetchConfig

if TYPE_CHECKING:
    from cleaners import Article, ExtractConfig
    from scraper.fetch.response import FetchResponse


def fetch_config(config: FetchConfig | None, options: dict[str, Any]) -> FetchConfig:
    """``config`` (default: the documented defaults) with ``options`` (FetchConfig fields) set.

    Raises TypeError naming an option that is not a FetchConfig field, and ValueError for a value
    out of its bounds.
    """
    base = DEFAULT_FETCH_CONFIG if config is None else config
    unknown = sorted(set(options) - set(base.__dataclass_fields__))
    if unknown:
        raise TypeError(f"unknown fetch option {unknown[0]!r} (a FetchConfig field, e.g. allow_private, user_agent)")
    return replace(base, **options) if options else base


def _article(response: FetchResponse, url: str, extract_config: ExtractConfig | None) -> Article:
    import cleaners

    return cleaners.extract(
        response.text, response.url, content_type=response.header("content-type"), fetched_at=response.fetched_at,
        source=url, config=cleaners.DEFAULT_CONFIG if extract_config is None else extract_config,
    )


async def fetch_article_async(
    url: str, *, config: FetchConfig | None = None, extract_config: ExtractConfig | None = None, **options: Any
) -> Article:
    """Fetch ``url`` and return its article; ``options`` are :class:`FetchConfig` fields
    (``allow_private=True`` for a site on loopback, ``user_agent=...``).

    Raises :class:`~scraper.errors.FetchError` when the page cannot be fetched (refused address,
    robots.txt, HTTP error, not HTML) and :class:`cleaners.CleanersError` when it holds no page
    text. The extraction runs in a thread, so the event loop goes on meanwhile.
    """
    from scraper.fetch.client import Fetcher

    settings = fetch_config(config, options)
    async with Fetcher(settings) as fetcher:
        response = await fetcher.fetch(url)
    return await asyncio.to_thread(_article, response, url, extract_config)


def fetch_article(
    url: str, *, config: FetchConfig | None = None, extract_config: ExtractConfig | None = None, **options: Any
) -> Article:
    """The blocking twin of :func:`fetch_article_async` (not for use inside a running event loop)."""
    from scraper.fetch.sync import SyncFetcher

    settings = fetch_config(config, options)
    with SyncFetcher(settings) as fetcher:
        response = fetcher.fetch(url)
    return _article(response, url, extract_config)
