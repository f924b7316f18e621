"""A pass's leases on a shared frontier: kept alive while it works, checked before each request,
and fenced at commit.

On a state one process holds (SQLite under the job's lock) every check passes at once. On a
shared state (PostgreSQL, several workers) a lease expires unless renewed, so a worker that
dies or freezes gives its URLs back to the fleet; a worker checks its lease before it sends a
request, and gives the request only the time the lease has left; and a group commit that
contains a page whose lease was lost commits the other pages only (the lost page's article is
dropped: the worker that holds the URL now writes it).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Sequence

from scraper.crawl.state_backend import StateBackend
from scraper.crawl.state_records import FrontierURL, PageCommit
from scraper.errors import LeaseLostError

#: A request ends this long before its lease does (a sixth of the lease, at most this).
LEASE_MARGIN = 2.0
#: Test hook: seconds a worker stands still, whole process, between taking its first URL and
#: checking the lease (a stall between claim and fetch, as a swapped-out process makes).
PAUSE_AFTER_LEASE_VARIABLE = "SCRAPE_TEST_PAUSE_AFTER_LEASE"


class LeaseKeeper:
    """One pass's side of its leases."""

    def __init__(self, state: StateBackend, run: str, lease_seconds: float) -> None:
        self.state = state
        self.run = run
        self.lease_seconds = lease_seconds
        #: Pages whose lease was lost (not fetched, or fetched and not committed).
        self.lost = 0
        pause = os.environ.get(PAUSE_AFTER_LEASE_VARIABLE, "")
        self._pause = float(pause) if state.shared and pause else 0.0

    async def time_left(self, item: FrontierURL) -> float | None:
        """Renew the lease on ``item`` and return the seconds a request may take inside it; None:
        the lease is lost, so the URL is another worker's now and must not be fetched."""
        if self._pause:
            time.sleep(self._pause)  # blocks the event loop on purpose: the lease renewals stall too
            self._pause = 0.0
        left = self.state.lease_left(item, self.run, time.time(), self.lease_seconds)
        if left <= 0:
            self.lost += 1
            return None
        return left - min(LEASE_MARGIN, self.lease_seconds / 6)  # a state one pass holds answers infinity

    async def keep_renewed(self, pages_done: Callable[[], int]) -> None:
        """Renew the pass's leases (and its heartbeat) three times per lease, until cancelled."""
        if not self.state.shared:
            return
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            self.state.renew(self.run, time.time(), self.lease_seconds, pages_done())

    def commit(self, pages: Sequence[PageCommit], offsets: list[tuple[str, int]], *,
               use_lastmod: bool, now: float | None = None) -> tuple[int, list[str]]:
        """Commit ``pages``; on a shared state, the pages whose lease was lost are left out and
        the others committed. How many found URLs were new, and the URLs left out."""
        left_out: list[str] = []
        while True:
            try:
                added = self.state.commit_pages(pages, self.run, offsets, use_lastmod=use_lastmod, now=now)
                committed = {page.update.url for page in pages}  # a URL may be left out under an older lease only
                return added, [url for url in left_out if url not in committed]
            except LeaseLostError as e:
                if not self.state.shared or offsets:
                    raise  # bytes in a file cannot be left out of a commit: a shared state keeps no files
                lost = set(e.leases)
                left_out += e.urls
                self.lost += len(lost)
                pages = [page for page in pages if (page.update.url, page.epoch) not in lost]
