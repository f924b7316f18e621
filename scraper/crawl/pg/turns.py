"""Each host's turns for a whole fleet of workers, kept in the database.

A request (a page, robots.txt, a redirect's next hop) starts only once its worker has taken a
turn: under the host's row lock, the fleet's last request at that host started and ended
``delay`` ago or more, and fewer than the job's per-host concurrency hold a ticket. Counting the
delay from the end as well as the start means that however late a request reaches the server
after its turn (a new connection, a busy machine), the next one cannot reach it sooner than the
delay after. The ticket is the row of a request
in flight; a worker that dies holding one blocks nobody for longer than ``hold`` seconds (the
longest a fetch may take). So the job's delay and concurrency per host hold for every worker
together, however many there are and wherever they run; each worker's own fetcher spaces its
requests too, which only ever adds to the wait.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

    from scraper.crawl.pg.state import PostgresState

#: Longest sleep between two tries at a busy host (the turn may come free sooner).
POLL_SECONDS = 0.25


class FleetTurns:
    """A :class:`~scraper.fetch.politeness.RequestGate` over ``state``'s database."""

    def __init__(self, state: PostgresState, *, concurrency: int, hold: float) -> None:
        self._state = state
        self._concurrency = concurrency
        self._hold = hold

    @asynccontextmanager
    async def turn(self, host: str, delay: float) -> AsyncIterator[None]:
        ticket = uuid.uuid4().hex
        while (wait := self._take(host, ticket, delay)) > 0:
            await asyncio.sleep(min(wait, POLL_SECONDS))
        try:
            yield
        finally:
            self._state.run(partial(_leave, job=self._state.job_id, host=host, ticket=ticket, delay=delay))

    def _take(self, host: str, ticket: str, delay: float) -> float:
        """Take a turn at ``host`` now (0), or the seconds to wait before trying again."""
        job = self._state.job_id

        def work(db: psycopg.Connection[Any]) -> float:
            now = time.time()
            db.execute("INSERT INTO scrape_hosts (job_id, host) VALUES (%s, %s) ON CONFLICT DO NOTHING", (job, host))
            row = db.execute("SELECT next_start FROM scrape_hosts WHERE job_id = %s AND host = %s FOR UPDATE",
                             (job, host)).fetchone()
            next_start = float(row[0]) if row is not None else 0.0
            if next_start > now:
                return next_start - now
            db.execute("DELETE FROM scrape_requests WHERE job_id = %s AND host = %s AND until < %s", (job, host, now))
            busy = db.execute("SELECT count(*) FROM scrape_requests WHERE job_id = %s AND host = %s",
                              (job, host)).fetchone()
            if busy is not None and int(busy[0]) >= self._concurrency:
                return POLL_SECONDS
            db.execute("INSERT INTO scrape_requests (job_id, host, ticket, worker, until) VALUES (%s, %s, %s, %s, %s)",
                       (job, host, ticket, self._state.worker, now + self._hold))
            db.execute("UPDATE scrape_hosts SET next_start = %s WHERE job_id = %s AND host = %s",
                       (now + delay, job, host))
            return 0.0

        return self._state.run(work)


def _leave(db: psycopg.Connection[Any], *, job: int, host: str, ticket: str, delay: float) -> None:
    """The request is over: give the ticket back; the next starts ``delay`` from now at the earliest."""
    db.execute("DELETE FROM scrape_requests WHERE job_id = %s AND host = %s AND ticket = %s", (job, host, ticket))
    if delay > 0:
        db.execute("UPDATE scrape_hosts SET next_start = greatest(next_start, %s) WHERE job_id = %s AND host = %s",
                   (time.time() + delay, job, host))
