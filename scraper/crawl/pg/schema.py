"""The PostgreSQL state's tables, created and migrated by the toolkit.

``scrape_schema`` records the version; each migration runs in one transaction under an advisory
lock, so workers that start together migrate once and the others wait, then find it done. Every
table carries the job's id: several jobs may share one database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scraper.crawl.pg.connect import reason
from scraper.errors import StateError

if TYPE_CHECKING:
    import psycopg

# pg_advisory_xact_lock key: "scrape" in ASCII, so other users of the database are unlikely to share it.
_MIGRATION_LOCK = 0x736372617065
#: Each migration, in order; the schema's version is the number applied.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE scrape_jobs (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE TABLE scrape_frontier (
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        host TEXT NOT NULL,
        depth INTEGER NOT NULL,
        origin TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'leased', 'done', 'failed', 'excluded', 'gone')),
        attempts INTEGER NOT NULL DEFAULT 0,
        due DOUBLE PRECISION NOT NULL,
        lease_owner TEXT,
        lease_epoch BIGINT NOT NULL DEFAULT 0,
        lease_until DOUBLE PRECISION,
        lastmod DOUBLE PRECISION,
        status INTEGER,
        etag TEXT,
        last_modified TEXT,
        fingerprint TEXT,
        simhash TEXT,
        duplicate_of TEXT,
        fetched_at DOUBLE PRECISION,
        changed_at DOUBLE PRECISION,
        error_kind TEXT,
        error TEXT,
        found_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (job_id, url)
    );
    CREATE INDEX scrape_frontier_due ON scrape_frontier (job_id, state, due);
    CREATE INDEX scrape_frontier_host ON scrape_frontier (job_id, host, state);
    CREATE TABLE scrape_hosts (
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        host TEXT NOT NULL,
        next_allowed DOUBLE PRECISION NOT NULL DEFAULT 0,
        robots TEXT,
        robots_fetched_at DOUBLE PRECISION,
        PRIMARY KEY (job_id, host)
    );
    CREATE TABLE scrape_workers (
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        worker TEXT NOT NULL,
        started_at DOUBLE PRECISION NOT NULL,
        heartbeat DOUBLE PRECISION NOT NULL,
        pages INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (job_id, worker)
    );
    CREATE TABLE scrape_outputs (
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        file TEXT NOT NULL,
        committed BIGINT NOT NULL,
        PRIMARY KEY (job_id, file)
    );
    CREATE TABLE scrape_records (
        seq BIGSERIAL PRIMARY KEY,
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        run TEXT NOT NULL,
        url TEXT NOT NULL,
        fingerprint TEXT,
        file TEXT NOT NULL,
        start_offset BIGINT NOT NULL,
        end_offset BIGINT NOT NULL
    );
    CREATE INDEX scrape_records_url ON scrape_records (job_id, url, seq);
    CREATE TABLE scrape_runs (
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        run TEXT NOT NULL,
        started DOUBLE PRECISION NOT NULL,
        finished DOUBLE PRECISION,
        outcome TEXT,
        report TEXT,
        PRIMARY KEY (job_id, run)
    );
    """,
    """
    ALTER TABLE scrape_frontier ADD COLUMN last_run TEXT;
    CREATE TABLE scrape_job_settings (
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (job_id, key)
    );
    """,
    # 3: a fleet's workers keep their articles in the database (exported later), take turns per
    # host for requests, and share robots.txt.
    """
    ALTER TABLE scrape_records ADD COLUMN line BYTEA, ADD COLUMN document TEXT,
        ADD COLUMN exported BOOLEAN NOT NULL DEFAULT true;
    CREATE INDEX scrape_records_unexported ON scrape_records (job_id, seq) WHERE NOT exported;
    ALTER TABLE scrape_workers ADD COLUMN run TEXT;
    ALTER TABLE scrape_hosts ADD COLUMN next_start DOUBLE PRECISION NOT NULL DEFAULT 0;
    CREATE TABLE scrape_requests (
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        host TEXT NOT NULL,
        ticket TEXT NOT NULL,
        worker TEXT NOT NULL,
        until DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (job_id, host, ticket)
    );
    CREATE TABLE scrape_robots (
        job_id BIGINT NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL DEFAULT '[]',
        body BYTEA NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL DEFAULT '',
        until DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (job_id, url)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def _translated(action: str, error: Exception) -> StateError:
    return StateError(f"cannot {action} the state database's schema ({reason(error)})")


def schema_version(connection: psycopg.Connection[Any]) -> int:
    """The version applied to this database (0 when the toolkit has not created its tables)."""
    import psycopg

    try:
        with connection.transaction():
            row = connection.execute("SELECT to_regclass('scrape_schema') IS NOT NULL").fetchone()
            if row is None or not row[0]:
                return 0
            found = connection.execute("SELECT max(version) FROM scrape_schema").fetchone()
    except psycopg.Error as e:
        raise _translated("read", e) from e
    return int(found[0]) if found is not None and found[0] is not None else 0


def migrate(connection: psycopg.Connection[Any]) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION` (one transaction per step, under a lock that
    makes concurrent callers wait their turn); returns the number of steps applied.

    A database migrated by a newer toolkit is refused: its tables may mean something else.
    """
    import psycopg

    applied = 0
    try:
        while True:
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                connection.execute("CREATE TABLE IF NOT EXISTS scrape_schema ("
                                   "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                found = connection.execute("SELECT coalesce(max(version), 0) FROM scrape_schema").fetchone()
                current = int(found[0]) if found is not None else 0
                if current > SCHEMA_VERSION:
                    raise StateError(f"the state database has schema version {current}, newer than this "
                                     f"toolkit's {SCHEMA_VERSION}: upgrade scrape-toolkit")
                if current == SCHEMA_VERSION:
                    return applied
                connection.execute(MIGRATIONS[current].encode())
                connection.execute("INSERT INTO scrape_schema (version) VALUES (%s)", (current + 1,))
                applied += 1
    except psycopg.Error as e:
        raise _translated("migrate", e) from e


def register_job(connection: psycopg.Connection[Any], name: str) -> int:
    """The id of job ``name`` in this database, registering it on first use."""
    import psycopg

    try:
        with connection.transaction():
            row = connection.execute(
                "INSERT INTO scrape_jobs (name) VALUES (%s) ON CONFLICT (name) DO UPDATE SET name = excluded.name "
                "RETURNING id", (name,)).fetchone()
    except psycopg.Error as e:
        raise _translated("register the job in", e) from e
    assert row is not None
    return int(row[0])
