"""Polite, bounded and address-checked HTTP fetching of pages.

``Fetcher`` (async) and ``SyncFetcher`` return a ``FetchResponse`` or raise a
:class:`~scraper.errors.FetchError`; ``FetchConfig`` holds every setting::

    async with Fetcher(FetchConfig(user_agent="mybot/1.0 (+ops@example.org)")) as fetcher:
        try:
            page = await fetcher.fetch("https://example.org/news/1", etag=old_etag)
        except RetryAfterTooLongError as e:
            schedule_later(e.url, e.retry_after)
        except FetchError as e:
            log(e.url, str(e))

    with SyncFetcher() as fetcher:
        page = fetcher.fetch("https://example.org/")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scraper.fetch.client import Fetcher, build_client
    from scraper.fetch.config import DEFAULT_FETCH_CONFIG, DEFAULT_USER_AGENT, FetchConfig
    from scraper.fetch.response import FetchResponse
    from scraper.fetch.sync import SyncFetcher, fetch_sync

#: Where each public name lives; imported on first use, so ``scraper.fetch.config`` (settings
#: checks the command line uses) does not load httpx and the extractor.
_HOMES = {
    "Fetcher": "scraper.fetch.client",
    "build_client": "scraper.fetch.client",
    "DEFAULT_FETCH_CONFIG": "scraper.fetch.config",
    "DEFAULT_USER_AGENT": "scraper.fetch.config",
    "FetchConfig": "scraper.fetch.config",
    "FetchResponse": "scraper.fetch.response",
    "SyncFetcher": "scraper.fetch.sync",
    "fetch_sync": "scraper.fetch.sync",
}

__all__ = [
    "DEFAULT_FETCH_CONFIG",
    "DEFAULT_USER_AGENT",
    "FetchConfig",
    "FetchResponse",
    "Fetcher",
    "SyncFetcher",
    "build_client",
    "fetch_sync",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'scraper.fetch' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
