"""A crawl's state in PostgreSQL, for several workers on one frontier (issue 15, in progress).

So far: connecting (psycopg's errors become :class:`~scraper.errors.StateError` naming the
server, never the password), the schema, created and migrated by the toolkit under a version
table (:mod:`scraper.crawl.pg.schema`), and fenced leases with per-host politeness for the whole
fleet (:mod:`scraper.crawl.pg.leases`), and :class:`~scraper.crawl.pg.state.PostgresState`, the
:class:`~scraper.crawl.state_backend.StateBackend` with SQLite's crawl semantics (tested side by
side on both). Crawls do not use it yet: job files cannot name it, and SQLite stays the state of
every job until the runner handles lost leases and the ``scrape worker`` command exists.
"""

from scraper.crawl.pg.connect import connect, safe_address
from scraper.crawl.pg.schema import SCHEMA_VERSION, migrate, register_job, schema_version

__all__ = ["SCHEMA_VERSION", "connect", "migrate", "register_job", "safe_address", "schema_version"]
