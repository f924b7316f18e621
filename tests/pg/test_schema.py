"""The PostgreSQL state's schema on a real server: created and migrated by the toolkit, once
however many workers start together, refused when newer than the toolkit, shared by jobs."""

from __future__ import annotations

import threading

import psycopg
import pytest

from scraper.crawl.pg import SCHEMA_VERSION, connect, migrate, register_job, safe_address, schema_version
from scraper.errors import StateError
from tests.pg.server import PostgresServer, _free_port

TABLES = {"scrape_schema", "scrape_jobs", "scrape_frontier", "scrape_hosts", "scrape_workers", "scrape_outputs",
          "scrape_records", "scrape_runs", "scrape_job_settings", "scrape_requests", "scrape_robots"}


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {row[0] for row in rows}


def test_a_fresh_database_is_migrated_once(database: str) -> None:
    with connect(database) as connection:
        assert schema_version(connection) == 0
        assert migrate(connection) == SCHEMA_VERSION
        assert schema_version(connection) == SCHEMA_VERSION
        assert migrate(connection) == 0  # already there: nothing to do
    assert _tables(database) == TABLES


def test_workers_that_start_together_migrate_once(database: str) -> None:
    applied: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def worker() -> None:
        try:
            with connect(database) as connection:
                start.wait()
                applied.append(migrate(connection))
        except BaseException as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Each step is applied once, by whichever worker holds the lock when it is due.
    assert not errors and len(applied) == 6 and sum(applied) == SCHEMA_VERSION
    with psycopg.connect(database) as connection:
        versions = connection.execute("SELECT version FROM scrape_schema ORDER BY version").fetchall()
    assert [row[0] for row in versions] == list(range(1, SCHEMA_VERSION + 1))


def test_a_schema_newer_than_the_toolkit_is_refused(database: str) -> None:
    with connect(database) as connection:
        migrate(connection)
        with connection.transaction():
            connection.execute("INSERT INTO scrape_schema (version) VALUES (%s)", (SCHEMA_VERSION + 5,))
        with pytest.raises(StateError, match=f"schema version {SCHEMA_VERSION + 5}, newer than"):
            migrate(connection)


def test_jobs_share_a_database_each_with_its_own_rows(database: str) -> None:
    with connect(database) as connection:
        migrate(connection)
        news, blogs = register_job(connection, "news"), register_job(connection, "blogs")
        assert news != blogs and register_job(connection, "news") == news
        with connection.transaction():
            for job in (news, blogs):  # the same URL in two jobs is two rows
                connection.execute("INSERT INTO scrape_frontier (job_id, url, host, depth, origin, due, found_at) "
                                   "VALUES (%s, 'https://a.example/', 'a.example', 0, 'seed', 0, 0)", (job,))
        with pytest.raises(psycopg.errors.CheckViolation), connection.transaction():  # states are the crawl's
            connection.execute("INSERT INTO scrape_frontier (job_id, url, host, depth, origin, due, found_at, state) "
                               "VALUES (%s, 'https://b.example/', 'b.example', 0, 'seed', 0, 0, 'lost')", (news,))
        rows = connection.execute("SELECT job_id, count(*) FROM scrape_frontier GROUP BY job_id ORDER BY job_id")
        assert rows.fetchall() == sorted([(news, 1), (blogs, 1)])


def test_an_unreachable_server_is_a_state_error_without_the_password(postgres: PostgresServer) -> None:
    url = f"postgresql://crawler:s3cret@127.0.0.1:{_free_port()}/crawl"
    with pytest.raises(StateError) as caught:
        connect(url)
    message = str(caught.value)
    assert message.startswith(f"postgresql://crawler@127.0.0.1:{url.rsplit(':', 1)[1].split('/')[0]}/crawl: cannot connect")
    assert "s3cret" not in message
    assert safe_address("postgresql://u:p@h:5/d") == "postgresql://u@h:5/d"
