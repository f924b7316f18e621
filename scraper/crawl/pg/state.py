"""A crawl job's state in PostgreSQL: the :class:`~scraper.crawl.state_backend.StateBackend`
methods, with SQLite's crawl semantics, for one job among several in one database.

Differences, both from running several workers at once: a pass releases only *expired* leases
(another worker's live ones stay), and a group commit counts only while its leases hold
(:class:`~scraper.errors.LeaseLostError` otherwise, with nothing committed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scraper.crawl.pg.connect import connect, reason, safe_address
from scraper.crawl.pg.leases import queue_urls, write_page
from scraper.crawl.pg.schema import migrate, register_job
from scraper.crawl.state import NOT_CHANGED_SINCE_FETCH, REFETCHABLE, STATES, lastmod_filter
from scraper.crawl.state_records import AdoptedRecord, FrontierURL, NewURL, PageCommit
from scraper.errors import LeaseLostError, StateError

if TYPE_CHECKING:
    import psycopg


class PostgresState:
    """One job's rows in a shared PostgreSQL database; open with :meth:`open`."""

    def __init__(self, connection: psycopg.Connection[Any], job_id: int, address: str) -> None:
        self._db = connection
        self.job_id = job_id
        self.address = address

    @classmethod
    def open(cls, url: str, job_name: str) -> PostgresState:
        """Connect, create or migrate the schema, and register ``job_name``."""
        connection = connect(url)
        try:
            migrate(connection)
            return cls(connection, register_job(connection, job_name), safe_address(url))
        except BaseException:
            connection.close()
            raise

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """One transaction; psycopg's errors become StateError naming the server."""
        import psycopg

        try:
            with self._db.transaction():
                yield self._db
        except psycopg.Error as e:
            raise StateError(f"{self.address}: state update failed ({reason(e)})") from e

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.transaction() as db:
            return db.execute(sql, params).fetchall()

    def check(self) -> None:
        """The server answers (PostgreSQL checks its own pages)."""
        self._rows("SELECT 1")

    def _setting(self, db: psycopg.Connection[Any], key: str, value: str) -> str | None:
        """Set a job setting; its previous value."""
        row = db.execute("SELECT value FROM scrape_job_settings WHERE job_id = %s AND key = %s",
                         (self.job_id, key)).fetchone()
        db.execute("INSERT INTO scrape_job_settings VALUES (%s, %s, %s) ON CONFLICT (job_id, key) "
                   "DO UPDATE SET value = excluded.value", (self.job_id, key, value))
        return str(row[0]) if row is not None else None

    # --- runs and leases -----------------------------------------------------------------

    def start_run(self, run: str, now: float) -> int:
        """Record a run; release leases that have expired (their worker is gone)."""
        with self.transaction() as db:
            db.execute("INSERT INTO scrape_runs (job_id, run, started) VALUES (%s, %s, %s)", (self.job_id, run, now))
            return db.execute(
                "UPDATE scrape_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL "
                "WHERE job_id = %s AND state = 'leased' AND lease_until < %s", (self.job_id, now)).rowcount

    def finish_run(self, run: str, now: float, outcome: str, report: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE scrape_runs SET finished = %s, outcome = %s, report = %s WHERE job_id = %s AND run = %s",
                       (now, outcome, report, self.job_id, run))

    def apply_min_interval(self, seconds: float) -> int:
        with self.transaction() as db:
            before = self._setting(db, "min_interval", repr(float(seconds)))
            if before is None or float(before) == seconds:
                return 0
            return db.execute("UPDATE scrape_frontier SET due = fetched_at + %s WHERE job_id = %s AND state = 'done' "
                              "AND fetched_at IS NOT NULL", (seconds, self.job_id)).rowcount

    def apply_output_filter(self, signature: str, now: float) -> int:
        with self.transaction() as db:
            before = self._setting(db, "output_filter", signature)
            if before is None or before == signature:
                return 0
            return db.execute(
                "UPDATE scrape_frontier SET etag = NULL, last_modified = NULL, due = least(due, %s) "
                "WHERE job_id = %s AND state = 'done' AND fingerprint IS NULL", (now, self.job_id)).rowcount

    def due_urls(self, now: float, limit: int, *, use_lastmod: bool) -> list[str]:
        rows = self._rows(
            f"SELECT url FROM scrape_frontier WHERE job_id = %s AND state IN {REFETCHABLE} AND due <= %s"
            f"{lastmod_filter(use_lastmod)} ORDER BY depth, due, found_at, url LIMIT %s", (self.job_id, now, limit))
        return [str(row[0]) for row in rows]

    def lease(self, run: str, now: float, limit: int, lease_seconds: float, *, use_lastmod: bool,
              skip_hosts: Iterable[str] = ()) -> list[FrontierURL]:
        """Lease up to ``limit`` due URLs (shallowest first) to ``run``; rows another worker is
        leasing at this moment are passed over (``SKIP LOCKED``)."""
        with self.transaction() as db:
            rows = db.execute(
                "SELECT f.url, f.host, f.depth, f.attempts, f.etag, f.last_modified, f.fingerprint, f.status, "
                "EXISTS (SELECT 1 FROM scrape_records r WHERE r.job_id = f.job_id AND r.url = f.url), "
                "(SELECT r.fingerprint FROM scrape_records r WHERE r.job_id = f.job_id AND r.url = f.url "
                "ORDER BY r.seq DESC LIMIT 1) "
                f"FROM scrape_frontier f WHERE f.job_id = %s AND f.state IN {REFETCHABLE} AND f.due <= %s "
                f"AND f.last_run IS DISTINCT FROM %s AND NOT (f.host = ANY(%s)){lastmod_filter(use_lastmod)} "
                "ORDER BY f.depth, f.due, f.found_at, f.url LIMIT %s FOR UPDATE OF f SKIP LOCKED",
                (self.job_id, now, run, list(skip_hosts), limit)).fetchall()
            with db.cursor() as cursor:
                cursor.executemany(
                    "UPDATE scrape_frontier SET state = 'leased', lease_owner = %s, lease_until = %s, "
                    "lease_epoch = lease_epoch + 1 WHERE job_id = %s AND url = %s",
                    [(run, now + lease_seconds, self.job_id, row[0]) for row in rows])
        return [FrontierURL(r[0], r[1], r[2], r[3], r[4], r[5], r[6], written=bool(r[8]), written_fingerprint=r[9],
                            last_status=r[7]) for r in rows]

    def release(self, urls: Iterable[str]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE scrape_frontier SET state = 'pending', lease_owner = NULL, lease_until = NULL "
                       "WHERE job_id = %s AND url = ANY(%s) AND state = 'leased'", (self.job_id, list(urls)))

    def skipped_by_lastmod(self, now: float, *, use_lastmod: bool) -> int:
        if not use_lastmod:
            return 0
        rows = self._rows(f"SELECT count(*) FROM scrape_frontier WHERE job_id = %s AND due <= %s AND "
                          f"{NOT_CHANGED_SINCE_FETCH}", (self.job_id, now))
        return int(rows[0][0])

    # --- discovery and pages ---------------------------------------------------------------

    def add_urls(self, urls: Iterable[NewURL], now: float, *, use_lastmod: bool) -> int:
        with self.transaction() as db:
            return queue_urls(db, self.job_id, list(urls), now, use_lastmod=use_lastmod)

    def commit_pages(self, pages: Iterable[PageCommit], run: str, offsets: Iterable[tuple[str, int]], *,
                     use_lastmod: bool) -> int:
        """Several pages' outcomes and the outputs' new lengths in one transaction, when ``run``
        still holds every page's lease; else :class:`LeaseLostError` and nothing committed."""
        pages = list(pages)
        added = 0
        with self.transaction() as db:
            urls = [page.update.url for page in pages]
            held = {str(row[0]) for row in db.execute(
                "SELECT url FROM scrape_frontier WHERE job_id = %s AND url = ANY(%s) AND state = 'leased' "
                "AND lease_owner = %s FOR UPDATE", (self.job_id, urls, run)).fetchall()}
            lost = [url for url in urls if url not in held]
            if lost:
                raise LeaseLostError(f"{self.address}: {len(lost)} of the pages are leased to another worker now "
                                     f"(first: {lost[0]})", lost)
            for page in pages:
                added += write_page(db, self.job_id, run, page, use_lastmod=use_lastmod)
            for file, offset in offsets:
                db.execute("UPDATE scrape_outputs SET committed = %s WHERE job_id = %s AND file = %s",
                           (offset, self.job_id, file))
        return added

    # --- outputs ----------------------------------------------------------------------------

    def committed(self, file: str) -> int | None:
        rows = self._rows("SELECT committed FROM scrape_outputs WHERE job_id = %s AND file = %s", (self.job_id, file))
        return int(rows[0][0]) if rows else None

    def set_committed(self, file: str, offset: int) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO scrape_outputs (job_id, file, committed) VALUES (%s, %s, %s) "
                       "ON CONFLICT (job_id, file) DO UPDATE SET committed = excluded.committed",
                       (self.job_id, file, offset))

    def rename_output(self, old: str, new: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE scrape_outputs SET file = %s WHERE job_id = %s AND file = %s", (new, self.job_id, old))
            db.execute("UPDATE scrape_records SET file = %s WHERE job_id = %s AND file = %s", (new, self.job_id, old))

    def forget_output(self, file: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM scrape_outputs WHERE job_id = %s AND file = %s AND committed = 0",
                       (self.job_id, file))

    def output_files(self) -> list[tuple[str, int]]:
        rows = self._rows("SELECT file, committed FROM scrape_outputs WHERE job_id = %s ORDER BY file", (self.job_id,))
        return [(str(f), int(c)) for f, c in rows]

    def adopt(self, file: str, records: Sequence[AdoptedRecord], committed: int, *, min_interval: float) -> None:
        """Take in article lines of ``file`` the state did not know (see ``CrawlState.adopt``)."""
        with self.transaction() as db, db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO scrape_frontier (job_id, url, host, depth, origin, due, found_at) "
                "VALUES (%s, %s, %s, 0, 'output', %s, %s) ON CONFLICT (job_id, url) DO NOTHING",
                [(self.job_id, r.url, r.host, r.fetched_at + min_interval, r.fetched_at) for r in records])
            cursor.executemany(
                "UPDATE scrape_frontier SET state = 'done', fingerprint = %s, simhash = %s, duplicate_of = NULL, "
                "fetched_at = greatest(coalesce(fetched_at, 0), %s), changed_at = %s, due = greatest(due, %s), "
                "lease_owner = NULL, lease_until = NULL WHERE job_id = %s AND url = %s "
                "AND state NOT IN ('gone', 'excluded')",
                [(r.fingerprint, r.simhash, r.fetched_at, r.fetched_at, r.fetched_at + min_interval, self.job_id, r.url)
                 for r in records])
            cursor.executemany(
                "INSERT INTO scrape_records (job_id, run, url, fingerprint, file, start_offset, end_offset) "
                "VALUES (%s, 'adopted', %s, %s, %s, %s, %s)",
                [(self.job_id, r.url, r.fingerprint, file, r.start, r.end) for r in records])
            cursor.execute("INSERT INTO scrape_outputs (job_id, file, committed) VALUES (%s, %s, %s) "
                           "ON CONFLICT (job_id, file) DO UPDATE SET committed = excluded.committed",
                           (self.job_id, file, committed))

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
        out["records"] = int(self._rows("SELECT count(*) FROM scrape_records WHERE job_id = %s", (self.job_id,))[0][0])
        out["duplicates"] = int(self._rows("SELECT count(*) FROM scrape_frontier WHERE job_id = %s "
                                           "AND duplicate_of IS NOT NULL", (self.job_id,))[0][0])
        return out

    def due_count(self, now: float, *, use_lastmod: bool = False) -> int:
        rows = self._rows(f"SELECT count(*) FROM scrape_frontier WHERE job_id = %s AND state IN {REFETCHABLE} AND due <= %s"
                          f"{lastmod_filter(use_lastmod)}", (self.job_id, now))
        return int(rows[0][0])

    def last_runs(self, limit: int = 5) -> list[tuple[str, float, float | None, str | None]]:
        rows = self._rows("SELECT run, started, finished, outcome FROM scrape_runs WHERE job_id = %s "
                          "ORDER BY started DESC LIMIT %s", (self.job_id, limit))
        return [(str(r), float(s), f, o) for r, s, f, o in rows]


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
