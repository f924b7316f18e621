"""A crawl job's state in PostgreSQL: the :class:`~scraper.crawl.state_backend.StateBackend`
methods, with SQLite's crawl semantics, for one job among several in one database, shared by
any number of workers.

What sharing changes: a lease has an owner (the worker's run), an expiry and an epoch; an
expired lease may be taken by another worker, and a group commit counts only while every one
of its leases holds (:class:`~scraper.errors.LeaseLostError` otherwise, nothing committed).
Articles are kept in the database, each in its page's transaction, and exported from there
(:mod:`scraper.crawl.pg.export`). A lost connection (the server restarting, a network cut) is
retried with backoff, each time the whole transaction, so no page is ever half committed.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from scraper.crawl.pg.connect import connect, reason, safe_address
from scraper.crawl.pg.schema import migrate, register_job
from scraper.crawl.pg.writes import queue_urls, write_page
from scraper.crawl.state import NOT_CHANGED_SINCE_FETCH, REFETCHABLE, STATES, lastmod_filter
from scraper.crawl.state_records import AdoptedRecord, FrontierURL, NewURL, PageCommit
from scraper.errors import LeaseLostError, StateError

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")
#: How long a lost connection is retried (with backoff) before the worker gives up.
RECONNECT_SECONDS = 120.0


def default_worker_name() -> str:
    """``HOST-PID``: unique among the workers running at one time."""
    return f"{socket.gethostname()}-{os.getpid()}"


class PostgresState:
    """One job's rows in a shared PostgreSQL database; open with :meth:`open`."""

    #: Several workers share the frontier; articles are kept in the database.
    shared = True

    def __init__(self, url: str, connection: psycopg.Connection[Any], job_id: int, worker: str) -> None:
        self._url = url
        self._db = connection
        self.job_id = job_id
        self.address = safe_address(url)
        self.worker = worker
        #: Seconds spent in the database (transactions, retries included): the run report shows it.
        self.db_seconds = 0.0

    @classmethod
    def open(cls, url: str, job_name: str, *, worker: str | None = None) -> PostgresState:
        """Connect, create or migrate the schema, and register ``job_name``."""
        connection = connect(url)
        try:
            migrate(connection)
            return cls(url, connection, register_job(connection, job_name), worker or default_worker_name())
        except BaseException:
            connection.close()
            raise

    def close(self) -> None:
        self._db.close()

    def run(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """``work`` in one transaction; a lost connection is reopened and the whole transaction
        run again, with backoff, for up to :data:`RECONNECT_SECONDS`. psycopg's errors become
        :class:`StateError` naming the server."""
        import psycopg
        from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_exponential

        retrying = Retrying(retry=retry_if_exception_type(_ConnectionLost), stop=stop_after_delay(RECONNECT_SECONDS),
                            wait=wait_exponential(multiplier=0.25, max=5.0), reraise=True)
        started = time.perf_counter()
        try:
            for attempt in retrying:
                with attempt:
                    if self._db.closed or self._db.broken:
                        self._reconnect()
                    try:
                        with self._db.transaction():
                            return work(self._db)
                    except psycopg.OperationalError as e:
                        raise _ConnectionLost(e) from e
        except _ConnectionLost as e:
            raise StateError(f"{self.address}: the state database is out of reach ({reason(e.cause)})") from e.cause
        except psycopg.Error as e:
            raise StateError(f"{self.address}: state update failed ({reason(e)})") from e
        finally:
            self.db_seconds += time.perf_counter() - started
        raise AssertionError("unreachable: tenacity either returns or raises")

    @contextmanager
    def rolled_back(self) -> Iterator[None]:
        """Everything done inside is undone at the end (``--dry-run``): the methods' transactions
        become savepoints of one transaction that is rolled back."""
        import psycopg

        try:
            with self._db.transaction(force_rollback=True):
                yield
        except psycopg.Error as e:
            raise StateError(f"{self.address}: dry run failed ({reason(e)})") from e

    def _reconnect(self) -> None:
        try:
            self._db.close()
            self._db = connect(self._url)
        except StateError as e:
            raise _ConnectionLost(e) from e

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        return self.run(lambda db: db.execute(sql, params).fetchall())

    def _count(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        return int(self._rows(sql, params)[0][0])

    def check(self) -> None:
        """The server answers (PostgreSQL checks its own pages)."""
        self._rows("SELECT 1")

    def _setting(self, db: psycopg.Connection[Any], key: str, value: str) -> str | None:
        """Set a job setting; its previous value."""
        row = db.execute("SELECT value FROM scrape_job_settings WHERE job_id = %s AND key = %s FOR UPDATE",
                         (self.job_id, key)).fetchone()
        db.execute("INSERT INTO scrape_job_settings VALUES (%s, %s, %s) ON CONFLICT (job_id, key) "
                   "DO UPDATE SET value = excluded.value", (self.job_id, key, value))
        return str(row[0]) if row is not None else None

    # --- runs and leases -----------------------------------------------------------------

    def start_run(self, run: str, now: float) -> int:
        """Record a run; release leases that have expired (their worker is gone)."""
        def work(db: psycopg.Connection[Any]) -> int:
            db.execute("INSERT INTO scrape_runs (job_id, run, started) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                       (self.job_id, run, now))
            db.execute("INSERT INTO scrape_workers (job_id, worker, started_at, heartbeat, run) "
                       "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (job_id, worker) DO UPDATE SET "
                       "heartbeat = excluded.heartbeat, run = excluded.run, pages = 0",
                       (self.job_id, self.worker, now, now, run))
            return db.execute(
                "UPDATE scrape_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL "
                "WHERE job_id = %s AND state = 'leased' AND lease_until < %s", (self.job_id, now)).rowcount
        return self.run(work)

    def finish_run(self, run: str, now: float, outcome: str, report: str) -> None:
        def work(db: psycopg.Connection[Any]) -> None:
            db.execute("UPDATE scrape_runs SET finished = %s, outcome = %s, report = %s WHERE job_id = %s AND run = %s",
                       (now, outcome, report, self.job_id, run))
            db.execute("UPDATE scrape_workers SET heartbeat = %s WHERE job_id = %s AND worker = %s",
                       (now, self.job_id, self.worker))
        self.run(work)

    def apply_min_interval(self, seconds: float) -> int:
        def work(db: psycopg.Connection[Any]) -> int:
            before = self._setting(db, "min_interval", repr(float(seconds)))
            if before is None or float(before) == seconds:
                return 0
            return db.execute("UPDATE scrape_frontier SET due = fetched_at + %s WHERE job_id = %s AND state = 'done' "
                              "AND fetched_at IS NOT NULL", (seconds, self.job_id)).rowcount
        return self.run(work)

    def apply_output_filter(self, signature: str, now: float) -> int:
        def work(db: psycopg.Connection[Any]) -> int:
            before = self._setting(db, "output_filter", signature)
            if before is None or before == signature:
                return 0
            return db.execute(
                "UPDATE scrape_frontier SET etag = NULL, last_modified = NULL, due = least(due, %s) "
                "WHERE job_id = %s AND state = 'done' AND fingerprint IS NULL", (now, self.job_id)).rowcount
        return self.run(work)

    def due_urls(self, now: float, limit: int, *, use_lastmod: bool) -> list[str]:
        rows = self._rows(
            f"SELECT url FROM scrape_frontier WHERE job_id = %s AND state IN {REFETCHABLE} AND due <= %s"
            f"{lastmod_filter(use_lastmod)} ORDER BY depth, due, found_at, url LIMIT %s", (self.job_id, now, limit))
        return [str(row[0]) for row in rows]

    def lease(self, run: str, now: float, limit: int, lease_seconds: float, *, use_lastmod: bool,
              skip_hosts: Iterable[str] = ()) -> list[FrontierURL]:
        """Lease up to ``limit`` due URLs (shallowest first) to ``run``, and URLs whose lease
        expired (their worker died or froze); rows another worker is leasing at this moment are
        passed over (``SKIP LOCKED``). Each lease raises the row's epoch."""
        claimable = (f"((f.state IN {REFETCHABLE} AND f.due <= %(now)s{lastmod_filter(use_lastmod)}) "
                     "OR (f.state = 'leased' AND f.lease_until < %(now)s))")
        params = {"job": self.job_id, "now": now, "run": run, "skip": list(skip_hosts), "limit": limit,
                  "until": now + lease_seconds}

        def work(db: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
            rows = db.execute(
                "SELECT f.url, f.host, f.depth, f.attempts, f.etag, f.last_modified, f.fingerprint, f.status, f.lease_epoch, "
                "EXISTS (SELECT 1 FROM scrape_records r WHERE r.job_id = f.job_id AND r.url = f.url), "
                "(SELECT r.fingerprint FROM scrape_records r WHERE r.job_id = f.job_id AND r.url = f.url "
                "ORDER BY r.seq DESC LIMIT 1) "
                f"FROM scrape_frontier f WHERE f.job_id = %(job)s AND {claimable} "
                "AND f.last_run IS DISTINCT FROM %(run)s AND NOT (f.host = ANY(%(skip)s)) "
                "ORDER BY f.depth, f.due, f.found_at, f.url LIMIT %(limit)s FOR UPDATE OF f SKIP LOCKED",
                params).fetchall()
            db.execute("UPDATE scrape_frontier SET state = 'leased', lease_owner = %(run)s, lease_until = %(until)s, "
                       "lease_epoch = lease_epoch + 1 WHERE job_id = %(job)s AND url = ANY(%(urls)s)",
                       {**params, "urls": [row[0] for row in rows]})
            return rows

        rows = self.run(work)
        return [FrontierURL(r[0], r[1], r[2], r[3], r[4], r[5], r[6], written=bool(r[9]), written_fingerprint=r[10],
                            last_status=r[7], epoch=int(r[8]) + 1) for r in rows]

    def release(self, urls: Iterable[str], run: str) -> None:
        """Give back the URLs ``run`` still holds (never another worker's)."""
        self.run(lambda db: db.execute(
            "UPDATE scrape_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL "
            "WHERE job_id = %s AND url = ANY(%s) AND state = 'leased' AND lease_owner = %s",
            (self.job_id, list(urls), run)))

    def lease_left(self, item: FrontierURL, run: str, now: float, lease_seconds: float) -> float:
        """Renew ``run``'s lease on ``item`` for ``lease_seconds`` and return them, or 0 when it has
        lost it (expired, or leased again since, by another worker or this one): checked before
        each request."""
        rows = self._rows("UPDATE scrape_frontier SET lease_until = %s WHERE job_id = %s AND url = %s "
                          "AND state = 'leased' AND lease_owner = %s AND lease_epoch = %s AND lease_until >= %s "
                          "RETURNING lease_until", (now + lease_seconds, self.job_id, item.url, run, item.epoch, now))
        return lease_seconds if rows else 0.0

    def renew(self, run: str, now: float, lease_seconds: float, pages: int) -> int:
        """Extend ``run``'s unexpired leases and record the worker's heartbeat; how many it holds.
        An expired lease is not renewed: another worker may hold it already."""
        def work(db: psycopg.Connection[Any]) -> int:
            held = db.execute(
                "UPDATE scrape_frontier SET lease_until = %s WHERE job_id = %s AND state = 'leased' "
                "AND lease_owner = %s AND lease_until >= %s", (now + lease_seconds, self.job_id, run, now)).rowcount
            db.execute("UPDATE scrape_workers SET heartbeat = %s, pages = %s, run = %s WHERE job_id = %s AND worker = %s",
                       (now, pages, run, self.job_id, self.worker))
            return held
        return self.run(work)

    def leased_elsewhere(self, run: str, now: float) -> int:
        """URLs other workers hold (live or expired): a pass that ran out of work waits for them,
        since they may bring new links or come back to the frontier."""
        return self._count("SELECT count(*) FROM scrape_frontier WHERE job_id = %s AND state = 'leased' "
                           "AND lease_owner IS DISTINCT FROM %s", (self.job_id, run))

    def skipped_by_lastmod(self, now: float, *, use_lastmod: bool) -> int:
        if not use_lastmod:
            return 0
        return self._count(f"SELECT count(*) FROM scrape_frontier WHERE job_id = %s AND due <= %s AND "
                           f"{NOT_CHANGED_SINCE_FETCH}", (self.job_id, now))

    # --- discovery and pages ---------------------------------------------------------------

    def add_urls(self, urls: Iterable[NewURL], now: float, *, use_lastmod: bool) -> int:
        found = list(urls)
        return self.run(lambda db: queue_urls(db, self.job_id, found, now, use_lastmod=use_lastmod))

    def commit_pages(self, pages: Iterable[PageCommit], run: str, offsets: Iterable[tuple[str, int]], *,
                     use_lastmod: bool, now: float | None = None) -> int:
        """Several pages' outcomes (and their articles) in one transaction, when ``run`` still
        holds every page's lease (same epoch) at ``now`` (the clock's time by default); else
        :class:`LeaseLostError` naming the lost leases, and nothing committed."""
        pages, outputs = list(pages), list(offsets)
        urls = [page.update.url for page in pages]

        def work(db: psycopg.Connection[Any]) -> int:
            fence = time.time() if now is None else now
            held = {(str(url), int(epoch)) for url, epoch in db.execute(
                "SELECT url, lease_epoch FROM scrape_frontier WHERE job_id = %s AND url = ANY(%s) AND state = 'leased' "
                "AND lease_owner = %s AND lease_until >= %s FOR UPDATE", (self.job_id, urls, run, fence)).fetchall()}
            lost = [(page.update.url, page.epoch) for page in pages if (page.update.url, page.epoch) not in held]
            if lost:
                raise LeaseLostError(f"{self.address}: the lease of {len(lost)} of the pages was lost "
                                     f"(first: {lost[0][0]})", [url for url, _ in lost], lost)
            added = sum(write_page(db, self.job_id, run, page, use_lastmod=use_lastmod) for page in pages)
            for file, offset in outputs:
                db.execute("UPDATE scrape_outputs SET committed = %s WHERE job_id = %s AND file = %s",
                           (offset, self.job_id, file))
            return added
        return self.run(work)

    # --- outputs ----------------------------------------------------------------------------

    def committed(self, file: str) -> int | None:
        rows = self._rows("SELECT committed FROM scrape_outputs WHERE job_id = %s AND file = %s", (self.job_id, file))
        return int(rows[0][0]) if rows else None

    def set_committed(self, file: str, offset: int) -> None:
        self.run(lambda db: db.execute(
            "INSERT INTO scrape_outputs (job_id, file, committed) VALUES (%s, %s, %s) "
            "ON CONFLICT (job_id, file) DO UPDATE SET committed = excluded.committed", (self.job_id, file, offset)))

    def rename_output(self, old: str, new: str) -> None:
        def work(db: psycopg.Connection[Any]) -> None:
            db.execute("UPDATE scrape_outputs SET file = %s WHERE job_id = %s AND file = %s", (new, self.job_id, old))
            db.execute("UPDATE scrape_records SET file = %s WHERE job_id = %s AND file = %s", (new, self.job_id, old))
        self.run(work)

    def forget_output(self, file: str) -> None:
        self.run(lambda db: db.execute("DELETE FROM scrape_outputs WHERE job_id = %s AND file = %s AND committed = 0",
                                       (self.job_id, file)))

    def output_files(self) -> list[tuple[str, int]]:
        rows = self._rows("SELECT file, committed FROM scrape_outputs WHERE job_id = %s ORDER BY file", (self.job_id,))
        return [(str(f), int(c)) for f, c in rows]

    def adopt(self, file: str, records: Sequence[AdoptedRecord], committed: int, *, min_interval: float) -> None:
        """Take in article lines of ``file`` the state did not know (see ``CrawlState.adopt``)."""
        def work(db: psycopg.Connection[Any]) -> None:
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO scrape_frontier (job_id, url, host, depth, origin, due, found_at) "
                    "VALUES (%s, %s, %s, 0, 'output', %s, %s) ON CONFLICT (job_id, url) DO NOTHING",
                    [(self.job_id, r.url, r.host, r.fetched_at + min_interval, r.fetched_at) for r in records])
                cursor.executemany(
                    "UPDATE scrape_frontier SET state = 'done', fingerprint = %s, simhash = %s, duplicate_of = NULL, "
                    "fetched_at = greatest(coalesce(fetched_at, 0), %s), changed_at = %s, due = greatest(due, %s), "
                    "lease_owner = NULL, lease_until = NULL WHERE job_id = %s AND url = %s "
                    "AND state NOT IN ('gone', 'excluded')",
                    [(r.fingerprint, r.simhash, r.fetched_at, r.fetched_at, r.fetched_at + min_interval, self.job_id,
                      r.url) for r in records])
                cursor.executemany(
                    "INSERT INTO scrape_records (job_id, run, url, fingerprint, file, start_offset, end_offset) "
                    "VALUES (%s, 'adopted', %s, %s, %s, %s, %s)",
                    [(self.job_id, r.url, r.fingerprint, file, r.start, r.end) for r in records])
                cursor.execute("INSERT INTO scrape_outputs (job_id, file, committed) VALUES (%s, %s, %s) "
                               "ON CONFLICT (job_id, file) DO UPDATE SET committed = excluded.committed",
                               (self.job_id, file, committed))
        self.run(work)

    # --- reading ------------------------------------------------------------------------------

    def written_simhashes(self) -> list[tuple[str, int]]:
        rows = self._rows("SELECT url, simhash FROM scrape_frontier WHERE job_id = %s AND simhash IS NOT NULL "
                          "AND duplicate_of IS NULL", (self.job_id,))
        return [(str(url), int(value, 16)) for url, value in rows]

    def counts(self) -> dict[str, int]:
        out = {state: 0 for state in STATES}
        for state, count in self._rows("SELECT state, count(*) FROM scrape_frontier WHERE job_id = %s GROUP BY state",
                                       (self.job_id,)):
            out[str(state)] = int(count)
        out["records"] = self._count("SELECT count(*) FROM scrape_records WHERE job_id = %s", (self.job_id,))
        out["duplicates"] = self._count("SELECT count(*) FROM scrape_frontier WHERE job_id = %s "
                                        "AND duplicate_of IS NOT NULL", (self.job_id,))
        return out

    def due_count(self, now: float, *, use_lastmod: bool = False) -> int:
        return self._count(f"SELECT count(*) FROM scrape_frontier WHERE job_id = %s AND state IN {REFETCHABLE} "
                           f"AND due <= %s{lastmod_filter(use_lastmod)}", (self.job_id, now))

    def last_runs(self, limit: int = 5) -> list[tuple[str, float, float | None, str | None]]:
        rows = self._rows("SELECT run, started, finished, outcome FROM scrape_runs WHERE job_id = %s "
                          "ORDER BY started DESC LIMIT %s", (self.job_id, limit))
        return [(str(r), float(s), f, o) for r, s, f, o in rows]

    def workers(self, now: float) -> list[tuple[str, float, float, int, int]]:
        """Each worker that has run this job: name, start, last heartbeat, pages this pass, and the
        URLs it holds now (unexpired leases of its current pass)."""
        rows = self._rows("SELECT w.worker, w.started_at, w.heartbeat, w.pages, (SELECT count(*) FROM scrape_frontier f "
                          "WHERE f.job_id = w.job_id AND f.state = 'leased' AND f.lease_owner = w.run "
                          "AND f.lease_until >= %s) FROM scrape_workers w WHERE w.job_id = %s "
                          "ORDER BY w.heartbeat DESC", (now, self.job_id))
        return [(str(w), float(s), float(h), int(p), int(n)) for w, s, h, p, n in rows]


class _ConnectionLost(Exception):
    """The connection broke (or could not be made): the transaction may be run again."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


if TYPE_CHECKING:
    from scraper.crawl.state_backend import StateBackend

    def _implements_the_backend(state: PostgresState) -> StateBackend:
        return state  # mypy checks that PostgresState has every method, with its signature


def set_job_aside(url: str, job_name: str, when: float) -> str | None:
    """Rename job ``job_name``'s rows to ``NAME.reset-TIME`` (kept, never deleted); the new name,
    or None when the database holds no such job."""
    import psycopg

    from scraper.crawl.pg.schema import SCHEMA_VERSION, schema_version

    aside = f"{job_name}.reset-{datetime.fromtimestamp(when, UTC):%Y%m%dT%H%M%SZ}"
    with connect(url) as connection:
        if schema_version(connection) < SCHEMA_VERSION:
            migrate(connection)
        try:
            with connection.transaction():
                moved = connection.execute("UPDATE scrape_jobs SET name = %s WHERE name = %s",
                                           (aside, job_name)).rowcount
        except psycopg.Error as e:
            raise StateError(f"{safe_address(url)}: cannot set the state of job {job_name!r} aside ({e})") from e
    return f"{safe_address(url)} job {aside}" if moved else None
