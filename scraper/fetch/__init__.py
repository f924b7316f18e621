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

from scraper.fetch.client import Fetcher, build_client
from scraper.fetch.config import DEFAULT_FETCH_CONFIG, DEFAULT_USER_AGENT, FetchConfig
from scraper.fetch.response import FetchResponse
from scraper.fetch.sync import SyncFetcher, fetch_sync

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
