"""Claiming URLs for a fleet of workers, with fencing, and politeness that holds across them.

A claim takes due URLs with ``FOR UPDATE SKIP LOCKED`` (two workers never take the same row)
and gives each a lease: an owner, an expiry and an epoch, raised on every claim. A result is
committed only while its lease still holds (same owner and epoch, not expired), so a worker
frozen past its lease and woken later cannot write over the worker that took the URL after it.

Per host, ``scrape_hosts.next_allowed`` spaces requests by the job's delay for the whole fleet,
and the requests in flight are the host's unexpired leases, counted from the frontier: a worker
that dies holding leases stops counting once they expire, with no counter left to repair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scraper.crawl.state_records import NewURL, PageUpdate
from scraper.errors import StateError

if TYPE_CHECKING:
    import psycopg

# Candidates read per claim for each URL wanted: URLs of hosts that must wait are passed over.
_CANDIDATES_PER_URL = 8
_CLAIMABLE = ("(f.state IN ('pending', 'done', 'failed') AND f.due <= %(now)s)"
              " OR (f.state = 'leased' AND f.lease_until < %(now)s)")


@dataclass(frozen=True, slots=True)
class Politeness:
    """The job's per-host limits, for every worker together."""

    delay: float = 1.0
    concurrency: int = 2


@dataclass(frozen=True, slots=True)
class Claim:
    """A URL leased to one worker until ``until``; ``epoch`` fences its commit."""

    url: str
    host: str
    depth: int
    attempts: int
    epoch: int
    until: float

    def deadline(self, now: float, margin: float = 1.0) -> float:
        """Seconds a request may take and still be committed inside the lease (0: do not send it)."""
        return max(0.0, self.until - margin - now)


def _translated(action: str, error: Exception) -> StateError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return StateError(f"cannot {action} ({reason})")


def add_urls(connection: psycopg.Connection[Any], job_id: int, urls: Iterable[NewURL], now: float) -> int:
    """Queue URLs not known yet (known ones are left as they are); returns how many were new."""
    import psycopg

    rows = [(job_id, u.url, u.host, u.depth, u.origin, now, u.lastmod, now) for u in urls]
    if not rows:
        return 0
    try:
        with connection.transaction(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO scrape_frontier (job_id, url, host, depth, origin, due, lastmod, found_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (job_id, url) DO NOTHING", rows, returning=False)
            added = cursor.rowcount
    except psycopg.Error as e:
        raise _translated("queue URLs in the state database", e) from e
    return max(added, 0)


def claim(connection: psycopg.Connection[Any], job_id: int, worker: str, now: float, *, limit: int,
          lease_seconds: float, politeness: Politeness) -> list[Claim]:
    """Lease up to ``limit`` due URLs to ``worker``, at most as the hosts' limits allow now."""
    import psycopg

    claims: list[Claim] = []
    params = {"job": job_id, "now": now, "wanted": limit * _CANDIDATES_PER_URL}
    try:
        with connection.transaction():
            candidates = connection.execute(
                f"SELECT f.url, f.host, f.depth, f.attempts, f.lease_epoch FROM scrape_frontier f "
                f"WHERE f.job_id = %(job)s AND ({_CLAIMABLE}) ORDER BY f.due, f.url "
                f"LIMIT %(wanted)s FOR UPDATE SKIP LOCKED", params).fetchall()
            allowed = _hosts_ready(connection, job_id, {row[1] for row in candidates}, now, politeness)
            for url, host, depth, attempts, epoch in candidates:
                if len(claims) >= limit or allowed.get(host, 0) <= 0:
                    continue
                allowed[host] -= 1
                until = now + lease_seconds
                connection.execute(
                    "UPDATE scrape_frontier SET state = 'leased', lease_owner = %s, lease_epoch = %s, lease_until = %s "
                    "WHERE job_id = %s AND url = %s", (worker, epoch + 1, until, job_id, url))
                connection.execute(
                    "UPDATE scrape_hosts SET next_allowed = greatest(next_allowed, %s) + %s WHERE job_id = %s AND host = %s",
                    (now, politeness.delay, job_id, host))
                claims.append(Claim(url, host, depth, attempts, epoch + 1, until))
    except psycopg.Error as e:
        raise _translated("claim URLs from the state database", e) from e
    return claims


def _hosts_ready(connection: psycopg.Connection[Any], job_id: int, hosts: set[str], now: float,
                 politeness: Politeness) -> dict[str, int]:
    """For each host another worker is not claiming from right now: how many requests it may
    start now (one at most, when the job spaces requests, and never past its concurrency)."""
    if not hosts:
        return {}
    ordered = sorted(hosts)
    connection.execute(
        "INSERT INTO scrape_hosts (job_id, host) SELECT %s, unnest(%s::text[]) ON CONFLICT DO NOTHING",
        (job_id, ordered))
    rows = connection.execute(
        "SELECT h.host, h.next_allowed, (SELECT count(*) FROM scrape_frontier f WHERE f.job_id = h.job_id "
        "AND f.host = h.host AND f.state = 'leased' AND f.lease_until >= %s) "
        "FROM scrape_hosts h WHERE h.job_id = %s AND h.host = ANY(%s) ORDER BY h.host FOR UPDATE OF h SKIP LOCKED",
        (now, job_id, ordered)).fetchall()
    ready: dict[str, int] = {}
    for host, next_allowed, in_flight in rows:
        if next_allowed <= now:
            room = politeness.concurrency - int(in_flight)
            ready[host] = min(room, 1) if politeness.delay > 0 else room
    return ready


def lease_holds(connection: psycopg.Connection[Any], job_id: int, worker: str, claim: Claim, now: float) -> bool:
    """Whether ``worker`` still holds ``claim`` (check it before sending the request)."""
    import psycopg

    try:
        with connection.transaction():
            row = connection.execute(
                "SELECT 1 FROM scrape_frontier WHERE job_id = %s AND url = %s AND state = 'leased' AND lease_owner = %s "
                "AND lease_epoch = %s AND lease_until >= %s", (job_id, claim.url, worker, claim.epoch, now)).fetchone()
    except psycopg.Error as e:
        raise _translated("check a lease in the state database", e) from e
    return row is not None


def commit(connection: psycopg.Connection[Any], job_id: int, worker: str, claim: Claim,
           update: PageUpdate) -> bool:
    """Record a page's outcome if ``worker``'s lease on it still holds; False (nothing written)
    when it expired or another worker has claimed the URL since."""
    import psycopg

    try:
        with connection.transaction():
            done = connection.execute(
                "UPDATE scrape_frontier SET state = %s, due = %s, attempts = %s, status = %s, etag = %s, "
                "last_modified = %s, fingerprint = coalesce(%s, fingerprint), fetched_at = %s, error_kind = %s, "
                "error = %s, lease_owner = NULL, lease_until = NULL "
                "WHERE job_id = %s AND url = %s AND state = 'leased' AND lease_owner = %s AND lease_epoch = %s "
                "AND lease_until >= %s",
                (update.state, update.due, update.attempts, update.status, update.etag, update.last_modified,
                 update.fingerprint, update.now, update.error_kind, update.error,
                 job_id, claim.url, worker, claim.epoch, update.now))
            return done.rowcount == 1
    except psycopg.Error as e:
        raise _translated("commit a page to the state database", e) from e
