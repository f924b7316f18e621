"""robots.txt fetched once for the whole fleet, and shared through the database.

Each worker's fetcher still parses and caches robots.txt itself (:mod:`scraper.fetch.robots`);
what is shared is the answer to each robots.txt request. The first worker that needs one marks
it as being fetched, fetches it (through the host's turns, like any request), and stores the
answer until the fetcher's own ``robots_ttl`` (``robots_error_ttl`` for a 429 or 5xx) ends;
the others wait for it and read it. A fetch that fails in the network is not stored (each
worker then learns the failure itself), and a mark left by a worker that died expires after
``hold`` seconds.
"""

from __future__ import annotations

import asyncio
import json
import time
from functools import partial
from typing import TYPE_CHECKING, Any

import httpx

from scraper.fetch.config import FetchConfig
from scraper.fetch.response import RawResponse
from scraper.fetch.robots import Exchange

if TYPE_CHECKING:
    import psycopg

    from scraper.crawl.pg.state import PostgresState

#: The status of a row whose robots.txt a worker is fetching right now.
_FETCHING = -1
_WAIT_SECONDS = 0.2


class SharedRobots:
    """A :class:`~scraper.fetch.robots.RobotsStore` over ``state``'s database."""

    def __init__(self, state: PostgresState, config: FetchConfig, *, hold: float) -> None:
        self._state = state
        self._config = config
        self._hold = hold

    async def fetch_through(self, url: httpx.URL, fetch: Exchange) -> RawResponse:
        """The stored answer for robots.txt at ``url``, or the one ``fetch`` brings (then stored)."""
        key = str(url)
        while True:
            found = self._state.run(partial(_look, job=self._state.job_id, url=key, now=time.time(), hold=self._hold))
            if isinstance(found, RawResponse):
                return found
            if found:  # we hold the mark: fetch it
                break
            await asyncio.sleep(_WAIT_SECONDS)  # another worker is fetching it
        try:
            raw = await fetch(url)
        except BaseException:
            self._state.run(lambda db: db.execute("DELETE FROM scrape_robots WHERE job_id = %s AND url = %s",
                                                  (self._state.job_id, key)))
            raise
        ttl = self._config.robots_error_ttl if raw.status == 429 or raw.status >= 500 else self._config.robots_ttl
        self._state.run(partial(_store, job=self._state.job_id, url=key, raw=raw, until=time.time() + ttl))
        return raw


def _look(db: psycopg.Connection[Any], *, job: int, url: str, now: float, hold: float) -> RawResponse | bool:
    """The stored answer; True when the caller should fetch it (the mark is now its own);
    False while another worker fetches it."""
    row = db.execute("SELECT status, headers, body, fetched_at, until FROM scrape_robots WHERE job_id = %s "
                     "AND url = %s FOR UPDATE", (job, url)).fetchone()
    if row is not None and row[4] > now:
        status, headers, body, fetched_at, _ = row
        if status == _FETCHING:
            return False
        pairs = tuple((str(name), str(value)) for name, value in json.loads(headers))
        return RawResponse(url, int(status), pairs, bytes(body), str(fetched_at))
    db.execute("INSERT INTO scrape_robots (job_id, url, status, until) VALUES (%s, %s, %s, %s) "
               "ON CONFLICT (job_id, url) DO UPDATE SET status = excluded.status, until = excluded.until, "
               "headers = '[]', body = '', fetched_at = ''", (job, url, _FETCHING, now + hold))
    return True


def _store(db: psycopg.Connection[Any], *, job: int, url: str, raw: RawResponse, until: float) -> None:
    db.execute("UPDATE scrape_robots SET status = %s, headers = %s, body = %s, fetched_at = %s, until = %s "
               "WHERE job_id = %s AND url = %s",
               (raw.status, json.dumps([list(pair) for pair in raw.headers]), raw.body, raw.fetched_at, until,
                job, url))
