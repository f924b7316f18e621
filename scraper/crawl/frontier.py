"""A pass's side of the frontier: the leased URLs waiting to be fetched, the page budgets, and
what is in flight (fetches per host, pages waiting for or in extraction).

Fetching goes on while the extraction workers start or are busy, within two bounds: at most
``EXTRACTION_BACKLOG_PAGES`` fetched pages, holding at most ``EXTRACTION_BACKLOG_BYTES``
(body and decoded text), wait for (or are in) a worker. Neither side then idles for the other,
and a crawl's memory stays bounded whatever the sites serve.
"""

from __future__ import annotations

import time
from collections import Counter, deque

from scraper.crawl.job import Job
from scraper.crawl.state_backend import StateBackend
from scraper.crawl.state_records import FrontierURL

#: A leased URL not finished after this long is free again (a crashed run's leases); a shared
#: state's leases are shorter (``[state] lease_seconds``) and renewed while the pass works.
LEASE_SECONDS = 900.0
#: Fetched pages that may wait for (or be in) extraction, and their bytes.
EXTRACTION_BACKLOG_PAGES = 1024
EXTRACTION_BACKLOG_BYTES = 64 * 1024 * 1024


class RunFrontier:
    """Which URL a pass fetches next, and whether the pass is over; not thread-safe (one event loop)."""

    def __init__(self, job: Job, state: StateBackend, run: str, *, lease_seconds: float = LEASE_SECONDS,
                 backlog_pages: int = EXTRACTION_BACKLOG_PAGES, backlog_bytes: int = EXTRACTION_BACKLOG_BYTES) -> None:
        self._job = job
        self._lease_seconds = lease_seconds
        self._backlog_limits = (backlog_pages, backlog_bytes)
        self._state = state
        self._run = run
        self.waiting: deque[FrontierURL] = deque()
        #: Fetches in flight per host.
        self.in_flight: Counter[str] = Counter()
        self.per_host_started: Counter[str] = Counter()
        self.started = 0
        #: The state had nothing to lease at the last look; :meth:`look_again` after each commit.
        self.exhausted = False
        #: Fetches in flight, all hosts.
        self.fetching = 0
        #: Pages taken and not finished: fetching, waiting for a worker, or in one.
        self.in_progress = 0
        #: Bytes of the fetched pages waiting for (or in) extraction.
        self.backlog_bytes = 0

    def budget_left(self, host: str | None = None) -> bool:
        """Whether the pass (and ``host``) may start another page under ``limits``."""
        limits = self._job.limits
        if limits.max_pages and self.started >= limits.max_pages:
            return False
        return not (host and limits.pages_per_host and self.per_host_started[host] >= limits.pages_per_host)

    def take(self) -> FrontierURL | None:
        """The next URL to fetch, counted as started; None when no fetch may start now."""
        if self.fetching >= self._job.politeness.concurrency or not self._backlog_has_room():
            return None
        item = self._next_waiting()
        if item is not None:
            self.in_flight[item.host] += 1
            self.per_host_started[item.host] += 1
            self.started += 1
            self.fetching += 1
            self.in_progress += 1
        return item

    def fetch_done(self, item: FrontierURL, *, backlog_bytes: int) -> None:
        """``item``'s fetch is over; ``backlog_bytes`` > 0: its page now waits for extraction."""
        self.in_flight[item.host] -= 1
        self.fetching -= 1
        self.backlog_bytes += backlog_bytes
        if not backlog_bytes:
            self.in_progress -= 1

    def extraction_done(self, backlog_bytes: int) -> None:
        self.in_progress -= 1
        self.backlog_bytes -= backlog_bytes

    def look_again(self) -> None:
        """Finished pages were committed: their links, and URLs due again, may be leased now."""
        self.exhausted = False

    def uncount(self, item: FrontierURL) -> None:
        """``item`` made no request (robots.txt refused it): it does not use the page budget."""
        self.started -= 1
        self.per_host_started[item.host] -= 1

    def over(self) -> bool:
        """Nothing in progress and nothing left to take: the pass is done."""
        if self.in_progress:
            return False
        if self.exhausted and not self.waiting:
            return True
        return bool(self.waiting) and all(not self.budget_left(i.host) for i in self.waiting)

    @property
    def extracting(self) -> int:
        """Fetched pages waiting for an extraction worker or in one."""
        return self.in_progress - self.fetching

    def _backlog_has_room(self) -> bool:
        pages, size = self._backlog_limits
        return self.extracting < pages and self.backlog_bytes < size

    def _full_hosts(self) -> list[str]:
        cap = self._job.limits.pages_per_host
        return [h for h, n in self.per_host_started.items() if cap and n >= cap]

    def _next_waiting(self) -> FrontierURL | None:
        """The next URL whose host has a free slot, leasing more from the state when needed."""
        per_host = self._job.politeness.per_host_concurrency
        if not self.waiting and not self.exhausted:
            batch = max(4 * self._job.politeness.concurrency, 16)
            leased = self._state.lease(self._run, time.time(), batch, self._lease_seconds,
                                       use_lastmod=self._job.recrawl.use_lastmod, skip_hosts=self._full_hosts())
            self.waiting.extend(leased)
            self.exhausted = not leased
        for index, item in enumerate(self.waiting):
            if self.in_flight[item.host] < per_host and self.budget_left(item.host):
                del self.waiting[index]
                return item
        return None
