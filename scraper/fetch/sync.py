"""A blocking wrapper around :class:`~scraper.fetch.client.Fetcher` for scripts and notebooks."""

from __future__ import annotations

import asyncio
from types import TracebackType

from scraper.fetch.client import Fetcher
from scraper.fetch.config import DEFAULT_FETCH_CONFIG, FetchConfig
from scraper.fetch.response import FetchResponse


class SyncFetcher:
    """Runs a :class:`Fetcher` on a private event loop; use ``with SyncFetcher(config) as f``.

    The loop lives as long as the wrapper, so robots.txt, politeness and connections carry
    over from one ``fetch`` to the next. Not for use inside a running event loop.
    """

    def __init__(self, config: FetchConfig = DEFAULT_FETCH_CONFIG) -> None:
        self._runner = asyncio.Runner()
        self._fetcher = Fetcher(config)

    def __enter__(self) -> SyncFetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResponse:
        """Fetch ``url`` (see :meth:`Fetcher.fetch`); raises a :class:`~scraper.errors.FetchError`."""
        return self._runner.run(self._fetcher.fetch(url, etag=etag, last_modified=last_modified))

    def close(self) -> None:
        """Close the connections and the event loop."""
        try:
            self._runner.run(self._fetcher.aclose())
        finally:
            self._runner.close()


def fetch_sync(url: str, config: FetchConfig = DEFAULT_FETCH_CONFIG) -> FetchResponse:
    """Fetch one URL and return its response; for many URLs keep a :class:`SyncFetcher`."""
    with SyncFetcher(config) as fetcher:
        return fetcher.fetch(url)
