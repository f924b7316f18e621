"""The job's state in one SQLite file (WAL mode): frontier, fetch history, records, output offsets.

Every page ends in one transaction (:meth:`CrawlState.commit_page`): the URL's new state, the
record written for it with the output's new committed offset, and the URLs it linked to. The
output files are appended and fsynced *before* that transaction, so after any crash the
state names a prefix of each file that is complete: :mod:`scraper.crawl.output` cuts the rest.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scraper.crawl.state_records import AdoptedRecord as AdoptedRecord
from scraper.crawl.state_records import FrontierURL as FrontierURL
from scraper.crawl.state_records import NewURL as NewURL
from scraper.crawl.state_records import PageCommit as PageCommit
from scraper.crawl.state_records import PageUpdate as PageUpdate
from scraper.crawl.state_records import RecordWrite as RecordWrite
from scraper.errors import DamagedStateError, StateError

SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    depth INTEGER NOT NULL,
    origin TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    due REAL NOT NULL,
    lease_run TEXT,
    lease_until REAL,
    lastmod REAL,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    fingerprint TEXT,
    simhash TEXT,
    duplicate_of TEXT,
    fetched_at REAL,
    changed_at REAL,
    error_kind TEXT,
    error TEXT,
    last_run TEXT,
    found_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS frontier_due ON frontier (state, due);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run TEXT NOT NULL,
    url TEXT NOT NULL,
    fingerprint TEXT,
    file TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS records_url ON records (url, seq);
CREATE TABLE IF NOT EXISTS outputs (file TEXT PRIMARY KEY, committed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run TEXT PRIMARY KEY, started REAL NOT NULL, finished REAL, outcome TEXT, report TEXT
);
"""
#: Frontier states. ``done`` and ``failed`` URLs come back when due; ``gone`` ones never do.
STATES = ("pending", "leased", "done", "failed", "excluded", "gone")
REFETCHABLE = "('pending', 'done', 'failed', 'excluded')"


#: A fetched URL whose sitemap or feed date is not newer than our fetch: a pass skips it.
NOT_CHANGED_SINCE_FETCH = "state = 'done' AND lastmod IS NOT NULL AND fetched_at IS NOT NULL AND lastmod <= fetched_at"


def lastmod_filter(use_lastmod: bool) -> str:
    """SQL that leaves out the URLs a pass skips by their ``lastmod`` (when it uses it)."""
    return f" AND NOT ({NOT_CHANGED_SINCE_FETCH})" if use_lastmod else ""


#: Record an output's committed length, whether or not the state knew the file.
_SET_COMMITTED = ("INSERT INTO outputs (file, committed) VALUES (?, ?) "
                  "ON CONFLICT (file) DO UPDATE SET committed = excluded.committed")
#: SQLite's primary result codes for a damaged file.
_DAMAGED = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def state_error(path: Path, doing: str, error: sqlite3.Error) -> StateError:
    """``error`` as a StateError naming the file; DamagedStateError when SQLite says it is damaged."""
    code = getattr(error, "sqlite_errorcode", None)
    kind = DamagedStateError if code is not None and code & 0xFF in _DAMAGED else StateError
    return kind(f"{path}: {doing} ({error})")


class CrawlState:
    """One job's SQLite state; open with :meth:`open`, close with :meth:`close`.

    Every query goes through :meth:`transaction` or :meth:`_rows`, so a damaged file raises
    :class:`~scraper.errors.StateError` wherever it is noticed, never ``sqlite3.DatabaseError``.
    """

    #: One process at a time (the job's lock): articles go to the output files.
    shared = False

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, job_name: str) -> CrawlState:
        """Open (or create) the state of ``job_name`` at ``path`` in WAL mode."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            db.execute("PRAGMA journal_mode=WAL")
            # NORMAL is enough: a commit lost to a power cut only means its page is fetched again,
            # because the output is cut back to the committed offset on the next run.
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            state = cls(db, path)
            state._claim(job_name)
        except sqlite3.Error as e:
            raise state_error(path, "cannot open the state database", e) from e
        except OSError as e:
            raise StateError(f"{path}: cannot create the state folder ({e.strerror})") from e
        return state

    def _claim(self, job_name: str) -> None:
        with self.transaction():
            row = self._db.execute("SELECT value FROM meta WHERE key = 'job'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('job', ?), ('schema', ?)", (job_name, SCHEMA_VERSION))
            elif row[0] != job_name:
                raise StateError(f"{self.path} holds the state of job {row[0]!r}, not {job_name!r}")

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read outside a transaction; SQLite errors (a damaged file) become StateError."""
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise state_error(self.path, "cannot read the state", e) from e

    def check(self) -> None:
        """Raise StateError when SQLite finds the file damaged (``PRAGMA quick_check``)."""
        problems = [str(row[0]) for row in self._rows("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise DamagedStateError(f"{self.path}: the state file is damaged ({'; '.join(problems[:3])})")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; SQLite errors become StateError."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise state_error(self.path, "cannot start a transaction", e) from e
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as e:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error as rollback_error:
                e.add_note(f"rollback failed as well: {rollback_error}")
            if isinstance(e, sqlite3.Error):
                raise state_error(self.path, "state update failed", e) from e
            raise

    # --- runs and leases -----------------------------------------------------------------

    def start_run(self, run: str, now: float) -> int:
        """Record a run; release leases of earlier runs (their holder is gone: we hold the lock)."""
        with self.transaction() as db:
            db.execute("INSERT INTO runs (run, started) VALUES (?, ?)", (run, now))
            cursor = db.execute(
                "UPDATE frontier SET state = 'pending', lease_run = NULL, lease_until = NULL "
                "WHERE state = 'leased' AND (lease_run != ? OR lease_until < ?)",
                (run, now),
            )
            return cursor.rowcount

    def apply_min_interval(self, seconds: float) -> int:
        """Reschedule fetched URLs when the job's ``recrawl.min_interval`` changed since the last
        pass (their due time was set with the old one); returns how many were rescheduled."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'min_interval'").fetchone()
            db.execute("INSERT OR REPLACE INTO meta VALUES ('min_interval', ?)", (repr(float(seconds)),))
            if row is None or float(row[0]) == seconds:
                return 0
            return db.execute("UPDATE frontier SET due = fetched_at + ? WHERE state = 'done' AND fetched_at IS NOT NULL",
                              (seconds,)).rowcount

    def apply_output_filter(self, signature: str, now: float) -> int:
        """When the job's choice of pages to write (``output.url_patterns``, ``output.page_types``)
        changed since the last pass, the pages fetched without being written (followed for their
        links) lose their validators and are due now, so they are fetched whole and judged by
        the new choice, not answered 304; returns how many."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'output_filter'").fetchone()
            db.execute("INSERT OR REPLACE INTO meta VALUES ('output_filter', ?)", (signature,))
            if row is None or row[0] == signature:
                return 0
            return db.execute(
                "UPDATE frontier SET etag = NULL, last_modified = NULL, due = MIN(due, ?) "
                "WHERE state = 'done' AND fingerprint IS NULL", (now,)).rowcount

    def finish_run(self, run: str, now: float, outcome: str, report: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished = ?, outcome = ?, report = ? WHERE run = ?",
                       (now, outcome, report, run))

    def due_urls(self, now: float, limit: int, *, use_lastmod: bool) -> list[str]:
        """The URLs a pass would lease first, in its order, without leasing them (``--dry-run``)."""
        rows = self._rows(
            f"SELECT url FROM frontier WHERE state IN {REFETCHABLE} AND due <= ?{lastmod_filter(use_lastmod)} "
            "ORDER BY depth, due, rowid LIMIT ?", (now, limit))
        return [str(row[0]) for row in rows]

    def lease(self, run: str, now: float, limit: int, lease_seconds: float, *, use_lastmod: bool,
              skip_hosts: Iterable[str] = ()) -> list[FrontierURL]:
        """Lease up to ``limit`` due URLs (shallowest first) for ``run``."""
        skip = tuple(skip_hosts)
        host_filter = f" AND host NOT IN ({','.join('?' * len(skip))})" if skip else ""
        skip_unchanged = lastmod_filter(use_lastmod)
        with self.transaction() as db:
            rows = db.execute(
                "SELECT url, host, depth, attempts, etag, last_modified, fingerprint, status, "
                "EXISTS (SELECT 1 FROM records r WHERE r.url = frontier.url), "
                "(SELECT r.fingerprint FROM records r WHERE r.url = frontier.url ORDER BY r.seq DESC LIMIT 1) "
                f"FROM frontier WHERE state IN {REFETCHABLE} AND due <= ? AND last_run IS NOT ?"
                f"{host_filter}{skip_unchanged} ORDER BY depth, due, rowid LIMIT ?",
                (now, run, *skip, limit),
            ).fetchall()
            db.executemany(
                "UPDATE frontier SET state = 'leased', lease_run = ?, lease_until = ? WHERE url = ?",
                [(run, now + lease_seconds, row[0]) for row in rows],
            )
        return [FrontierURL(r[0], r[1], r[2], r[3], r[4], r[5], r[6], written=bool(r[8]), written_fingerprint=r[9],
                            last_status=r[7]) for r in rows]

    def release(self, urls: Iterable[str], run: str) -> None:
        """Give leased URLs back (a run that stops early)."""
        with self.transaction() as db:
            db.executemany("UPDATE frontier SET state = 'pending', lease_run = NULL, lease_until = NULL "
                           "WHERE url = ? AND state = 'leased'", [(u,) for u in urls])

    # One pass holds the job's lock: its leases are its own, and only mark what a crash left.
    def lease_left(self, item: FrontierURL, run: str, now: float, lease_seconds: float) -> float:
        """Seconds ``run`` still holds ``item``: no other worker can take it (infinite)."""
        return math.inf

    def renew(self, run: str, now: float, lease_seconds: float, pages: int) -> int:
        """Nothing to renew: a crashed pass's leases are released by the next one."""
        return 0

    def leased_elsewhere(self, run: str, now: float) -> int:
        """No other worker shares the file."""
        return 0

    def skipped_by_lastmod(self, now: float, *, use_lastmod: bool) -> int:
        """Due URLs not refetched because their sitemap ``lastmod`` is not newer than our fetch
        (none when the job does not use ``lastmod``)."""
        if not use_lastmod:
            return 0
        rows = self._rows(f"SELECT COUNT(*) FROM frontier WHERE due <= ? AND {NOT_CHANGED_SINCE_FETCH}", (now,))
        return int(rows[0][0])

    # --- discovery ---------------------------------------------------------------------

    def add_urls(self, urls: Iterable[NewURL], now: float, *, use_lastmod: bool) -> int:
        """Queue new URLs in one transaction; a newer ``lastmod`` makes a known URL due now."""
        return self._add_urls(self._db, list(urls), now, use_lastmod=use_lastmod, own_transaction=True)

    def _add_urls(self, db: sqlite3.Connection, urls: list[NewURL], now: float, *, use_lastmod: bool,
                  own_transaction: bool) -> int:
        if own_transaction:
            with self.transaction() as inner:
                return self._add_urls(inner, urls, now, use_lastmod=use_lastmod, own_transaction=False)
        before = db.total_changes
        db.executemany(
            "INSERT OR IGNORE INTO frontier (url, host, depth, origin, due, lastmod, found_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(u.url, u.host, u.depth, u.origin, now, u.lastmod, now) for u in urls],
        )
        added = db.total_changes - before
        dated = [(u.lastmod, u.url) for u in urls if u.lastmod is not None]
        if dated:
            # Sources disagree (a feed's older pubDate after the sitemap's newer lastmod): keep the newest.
            db.executemany("UPDATE frontier SET lastmod = MAX(COALESCE(lastmod, ?1), ?1) WHERE url = ?2", dated)
            if use_lastmod:
                db.executemany("UPDATE frontier SET due = MIN(due, ?) WHERE url = ? AND state = 'done' "
                               "AND fetched_at IS NOT NULL AND fetched_at < ?",
                               [(now, url, lastmod) for lastmod, url in dated])
        return added

    # --- pages ---------------------------------------------------------------------------

    def commit_page(self, update: PageUpdate, run: str, record: RecordWrite | None,
                    offsets: Iterable[tuple[str, int]], found: Iterable[NewURL], *, use_lastmod: bool) -> int:
        """Apply one page's outcome in one transaction; returns how many found URLs were new."""
        return self.commit_pages([PageCommit(update, record, list(found))], run, offsets, use_lastmod=use_lastmod)

    def commit_pages(self, pages: Iterable[PageCommit], run: str, offsets: Iterable[tuple[str, int]], *,
                     use_lastmod: bool, now: float | None = None) -> int:
        """Apply several pages' outcomes and the outputs' new lengths in one transaction (a
        group commit: one transaction and one fsync serve many pages); returns how many found
        URLs were new. (``now`` fences a shared state's leases; this state's are the pass's own.)"""
        added = 0
        with self.transaction() as db:
            for page in pages:
                added += self._commit_one(db, page, run, use_lastmod=use_lastmod)
            db.executemany("UPDATE outputs SET committed = ? WHERE file = ?", [(o, f) for f, o in offsets])
        return added

    def _commit_one(self, db: sqlite3.Connection, page: PageCommit, run: str, *, use_lastmod: bool) -> int:
        u, record = page.update, page.record
        db.execute(
            "UPDATE frontier SET state = ?, due = ?, attempts = ?, lease_run = NULL, lease_until = NULL, "
            "status = COALESCE(?, status), etag = COALESCE(?, etag), "
            "last_modified = COALESCE(?, last_modified), fingerprint = COALESCE(?, fingerprint), "
            "simhash = CASE WHEN ? IS NOT NULL THEN ? ELSE simhash END, "
            "duplicate_of = CASE WHEN ? THEN ? ELSE duplicate_of END, "
            "fetched_at = CASE WHEN ? IS NULL THEN fetched_at ELSE ? END, "
            "changed_at = CASE WHEN ? THEN ? ELSE changed_at END, error_kind = ?, error = ?, last_run = ? "
            "WHERE url = ?",
            (u.state, u.due, u.attempts, u.status, u.etag, u.last_modified, u.fingerprint,
             u.simhash, u.simhash, u.set_duplicate, u.duplicate_of, u.status, u.now, u.changed, u.now,
             u.error_kind, u.error, run, u.url),
        )
        if record is not None:
            db.execute("INSERT INTO records (run, url, fingerprint, file, start, end) VALUES (?, ?, ?, ?, ?, ?)",
                       (run, record.url, record.fingerprint, record.file, record.start, record.end))
        return self._add_urls(db, page.found, u.now, use_lastmod=use_lastmod, own_transaction=False)

    # --- outputs ------------------------------------------------------------------------

    def committed(self, file: str) -> int | None:
        """The committed length of output ``file`` (a key relative to the job), None if unknown."""
        rows = self._rows("SELECT committed FROM outputs WHERE file = ?", (file,))
        return int(rows[0][0]) if rows else None

    def set_committed(self, file: str, offset: int) -> None:
        with self.transaction() as db:
            db.execute(_SET_COMMITTED, (file, offset))

    def rename_output(self, old: str, new: str) -> None:
        """Key an output by ``new`` (a state written before paths were kept relative to the job)."""
        with self.transaction() as db:
            db.execute("UPDATE outputs SET file = ? WHERE file = ?", (new, old))
            db.execute("UPDATE records SET file = ? WHERE file = ?", (new, old))

    def forget_output(self, file: str) -> None:
        """Drop an output file that stayed empty (a run that wrote nothing)."""
        with self.transaction() as db:
            db.execute("DELETE FROM outputs WHERE file = ? AND committed = 0", (file,))

    def output_files(self) -> list[tuple[str, int]]:
        return [(str(f), int(c)) for f, c in self._rows("SELECT file, committed FROM outputs ORDER BY file")]

    def adopt(self, file: str, records: Sequence[AdoptedRecord], committed: int, *, min_interval: float) -> None:
        """Take in article lines of ``file`` the state did not know, in one transaction.

        Each URL becomes ``done`` with the record's fingerprint and simhash, due again
        ``min_interval`` after the record's fetch, so the pass neither writes it again nor
        treats a near-duplicate of it as new; ``committed`` moves past the lines.
        """
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO frontier (url, host, depth, origin, due, found_at) VALUES (?, ?, 0, 'output', ?, ?)",
                [(r.url, r.host, r.fetched_at + min_interval, r.fetched_at) for r in records])
            db.executemany(
                "UPDATE frontier SET state = 'done', fingerprint = ?, simhash = ?, duplicate_of = NULL, "
                "fetched_at = MAX(COALESCE(fetched_at, 0), ?), changed_at = ?, due = MAX(due, ?), "
                "lease_run = NULL, lease_until = NULL WHERE url = ? AND state NOT IN ('gone', 'excluded')",
                [(r.fingerprint, r.simhash, r.fetched_at, r.fetched_at, r.fetched_at + min_interval, r.url)
                 for r in records])
            db.executemany("INSERT INTO records (run, url, fingerprint, file, start, end) VALUES "
                           "('adopted', ?, ?, ?, ?, ?)", [(r.url, r.fingerprint, file, r.start, r.end) for r in records])
            db.execute(_SET_COMMITTED, (file, committed))

    # --- reading --------------------------------------------------------------------------

    def written_simhashes(self) -> list[tuple[str, int]]:
        """(URL, simhash) of every URL whose article was written (duplicates excluded)."""
        rows = self._rows("SELECT url, simhash FROM frontier WHERE simhash IS NOT NULL AND duplicate_of IS NULL")
        return [(str(url), int(value, 16)) for url, value in rows]

    def counts(self) -> dict[str, int]:
        """URLs per frontier state, plus ``records`` and ``due_now``-style totals for ``--status``."""
        out = {state: 0 for state in STATES}
        for state, count in self._rows("SELECT state, COUNT(*) FROM frontier GROUP BY state"):
            out[str(state)] = int(count)
        out["records"] = int(self._rows("SELECT COUNT(*) FROM records")[0][0])
        out["duplicates"] = int(self._rows("SELECT COUNT(*) FROM frontier WHERE duplicate_of IS NOT NULL")[0][0])
        return out

    def due_count(self, now: float, *, use_lastmod: bool = False) -> int:
        """URLs due by ``now``; with ``use_lastmod``, not those a pass skips by their ``lastmod``."""
        rows = self._rows(f"SELECT COUNT(*) FROM frontier WHERE state IN {REFETCHABLE} AND due <= ?"
                          f"{lastmod_filter(use_lastmod)}", (now,))
        return int(rows[0][0])

    def last_runs(self, limit: int = 5) -> list[tuple[str, float, float | None, str | None]]:
        rows = self._rows("SELECT run, started, finished, outcome FROM runs ORDER BY started DESC LIMIT ?", (limit,))
        return [(str(r), float(s), f, o) for r, s, f, o in rows]
