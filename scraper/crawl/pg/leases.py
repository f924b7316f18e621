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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from scraper.crawl.pg.connect import reason
from scraper.crawl.state_records import NewURL, PageCommit, PageUpdate, RecordWrite
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
    return StateError(f"cannot {action} ({reason(error)})")


def add_urls(connection: psycopg.Connection[Any], job_id: int, urls: Iterable[NewURL], now: float, *,
             use_lastmod: bool = False) -> int:
    """Queue URLs not known yet, in a transaction of their own (see :func:`queue_urls`)."""
    import psycopg

    try:
        with connection.transaction():
            return queue_urls(connection, job_id, list(urls), now, use_lastmod=use_lastmod)
    except psycopg.Error as e:
        raise _translated("queue URLs in the state database", e) from e


def queue_urls(db: psycopg.Connection[Any], job_id: int, urls: list[NewURL], now: float, *, use_lastmod: bool) -> int:
    """Queue URLs not known yet, inside the caller's transaction; a newer ``lastmod`` (the newest
    of the sources') makes a fetched URL due now when the job uses ``lastmod``. How many were new."""
    if not urls:
        return 0
    added = db.execute(
        "INSERT INTO scrape_frontier (job_id, url, host, depth, origin, due, lastmod, found_at) "
        "SELECT %s, * FROM unnest(%s::text[], %s::text[], %s::int[], %s::text[], %s::float8[], %s::float8[], "
        "%s::float8[]) ON CONFLICT (job_id, url) DO NOTHING",
        (job_id, [u.url for u in urls], [u.host for u in urls], [u.depth for u in urls],
         [u.origin for u in urls], [now] * len(urls), [u.lastmod for u in urls], [now] * len(urls))).rowcount
    dated = [(u.url, u.lastmod) for u in urls if u.lastmod is not None]
    if dated:
        # Sources disagree (a feed's older pubDate after the sitemap's newer lastmod): keep the newest.
        changed = ("lastmod = greatest(coalesce(f.lastmod, d.lastmod), d.lastmod)" +
                   (", due = CASE WHEN f.state = 'done' AND f.fetched_at IS NOT NULL AND f.fetched_at < d.lastmod "
                    "THEN least(f.due, %s) ELSE f.due END" if use_lastmod else ""))
        params: list[Any] = [now] if use_lastmod else []
        db.execute(
            f"UPDATE scrape_frontier f SET {changed} FROM (SELECT max(lastmod) AS lastmod, url FROM "
            "unnest(%s::text[], %s::float8[]) AS t(url, lastmod) GROUP BY url) d "
            "WHERE f.job_id = %s AND f.url = d.url",
            (*params, [u for u, _ in dated], [m for _, m in dated], job_id))
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


def renew(connection: psycopg.Connection[Any], job_id: int, worker: str, claims: Sequence[Claim], now: float,
          lease_seconds: float) -> list[Claim]:
    """Extend the leases ``worker`` still holds (a slow page keeps its URL); the claims renewed,
    with their new expiry. A lease already expired is not renewed: another worker may hold it."""
    import psycopg

    until = now + lease_seconds
    try:
        with connection.transaction():
            rows = connection.execute(
                "UPDATE scrape_frontier SET lease_until = %s WHERE job_id = %s AND state = 'leased' AND lease_owner = %s "
                "AND lease_until >= %s AND (url, lease_epoch) IN (SELECT * FROM unnest(%s::text[], %s::bigint[])) "
                "RETURNING url", (until, job_id, worker, now, [c.url for c in claims], [c.epoch for c in claims])
            ).fetchall()
    except psycopg.Error as e:
        raise _translated("renew leases in the state database", e) from e
    renewed = {row[0] for row in rows}
    return [replace(c, until=until) for c in claims if c.url in renewed]


def heartbeat(connection: psycopg.Connection[Any], job_id: int, worker: str, now: float, pages: int) -> None:
    """Record that ``worker`` is alive (``scrape crawl --status`` shows each worker's last one)."""
    import psycopg

    try:
        with connection.transaction():
            connection.execute(
                "INSERT INTO scrape_workers (job_id, worker, started_at, heartbeat, pages) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (job_id, worker) DO UPDATE SET heartbeat = excluded.heartbeat, pages = excluded.pages",
                (job_id, worker, now, now, pages))
    except psycopg.Error as e:
        raise _translated("record a worker's heartbeat in the state database", e) from e


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
    """Record a page's outcome (nothing written to a part file) if ``worker``'s lease on it still
    holds; False, and nothing recorded, when it expired or another worker has claimed it since."""
    return not commit_group(connection, job_id, worker, "", [FencedPage(claim, update)], [], update.now)


@dataclass(frozen=True, slots=True)
class FencedPage:
    """One finished page of a group commit: its claim, its outcome, and its record's place in the
    worker's part file (None when nothing was written)."""

    claim: Claim
    update: PageUpdate
    record: RecordWrite | None = None


class _LeaseLost(Exception):
    """Raised inside the group's transaction to roll it back."""


def commit_group(connection: psycopg.Connection[Any], job_id: int, worker: str, run: str,
                 pages: Sequence[FencedPage], offsets: Sequence[tuple[str, int]], now: float) -> list[str]:
    """Commit the pages and the part files' new committed lengths in one transaction, when every
    page's lease still holds at ``now``. Otherwise nothing is committed and the URLs whose lease
    was lost are returned: the worker cuts its part file back to the committed length, appends
    the other pages' lines again and commits those (so no line of a lost page is ever counted).
    """
    import psycopg

    if not pages and not offsets:
        return []
    urls = [page.claim.url for page in pages]
    lost: list[str] = []
    try:
        with connection.transaction():
            held = {
                url: (owner, epoch, until)
                for url, owner, epoch, until in connection.execute(
                    "SELECT url, lease_owner, lease_epoch, lease_until FROM scrape_frontier "
                    "WHERE job_id = %s AND url = ANY(%s) AND state = 'leased' FOR UPDATE", (job_id, urls)).fetchall()
            }
            for page in pages:
                owner, epoch, until = held.get(page.claim.url, (None, None, None))
                if owner != worker or epoch != page.claim.epoch or until is None or until < now:
                    lost.append(page.claim.url)
            if lost:
                raise _LeaseLost
            for page in pages:
                write_page(connection, job_id, run, PageCommit(page.update, page.record, []), use_lastmod=False)
            for file, end in offsets:
                connection.execute(
                    "INSERT INTO scrape_outputs (job_id, file, committed) VALUES (%s, %s, %s) "
                    "ON CONFLICT (job_id, file) DO UPDATE SET committed = excluded.committed", (job_id, file, end))
    except _LeaseLost:
        return lost
    except psycopg.Error as e:
        raise _translated("commit pages to the state database", e) from e
    return []


def write_page(db: psycopg.Connection[Any], job_id: int, run: str, page: PageCommit, *, use_lastmod: bool) -> int:
    """One page's outcome, its record and the URLs found on it, inside the caller's transaction
    (the caller has checked the lease); how many found URLs were new."""
    u, record = page.update, page.record
    db.execute(
        "UPDATE scrape_frontier SET state = %s, due = %s, attempts = %s, lease_owner = NULL, lease_until = NULL, "
        "status = coalesce(%s::int, status), etag = coalesce(%s::text, etag), "
        "last_modified = coalesce(%s::text, last_modified), fingerprint = coalesce(%s::text, fingerprint), "
        "simhash = coalesce(%s::text, simhash), "
        "duplicate_of = CASE WHEN %s::boolean THEN %s::text ELSE duplicate_of END, "
        "fetched_at = CASE WHEN %s::int IS NULL THEN fetched_at ELSE %s::float8 END, "
        "changed_at = CASE WHEN %s::boolean THEN %s::float8 ELSE changed_at END, error_kind = %s, error = %s, "
        "last_run = %s WHERE job_id = %s AND url = %s",
        (u.state, u.due, u.attempts, u.status, u.etag, u.last_modified, u.fingerprint, u.simhash,
         u.set_duplicate, u.duplicate_of, u.status, u.now, u.changed, u.now, u.error_kind, u.error, run,
         job_id, u.url))
    if record is not None:
        db.execute("INSERT INTO scrape_records (job_id, run, url, fingerprint, file, start_offset, end_offset) "
                   "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                   (job_id, run, record.url, record.fingerprint, record.file, record.start, record.end))
    return queue_urls(db, job_id, page.found, u.now, use_lastmod=use_lastmod)


def committed_length(connection: psycopg.Connection[Any], job_id: int, file: str) -> int:
    """The length of ``file`` the state vouches for (0 for a file it does not know)."""
    row = connection.execute("SELECT committed FROM scrape_outputs WHERE job_id = %s AND file = %s",
                             (job_id, file)).fetchone()
    connection.commit()
    return int(row[0]) if row is not None else 0
