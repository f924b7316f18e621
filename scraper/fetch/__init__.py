"""Polite, bounded and address-checked HTTP fetching of pages.

``Fetcher`` (async) and ``SyncFetcher`` return a ``FetchResponse`` or raise a
:class:`~scraper.errors.FetchError`; ``FetchConfig`` holds every setting.
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
