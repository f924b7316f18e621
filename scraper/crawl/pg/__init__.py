"""A crawl's state in PostgreSQL, for several workers on one frontier (issue 15, in progress).

So far: connecting (psycopg's errors become :class:`~scraper.errors.StateError` naming the
server, never the password), the schema, created and migrated by the toolkit under a version
table (:mod:`scraper.crawl.pg.schema`), and fenced leases with per-host politeness for the whole
fleet (:mod:`scraper.crawl.pg.leases`). Crawls do not use it yet: SQLite stays the state of
every job until the backend is complete.
"""

from scraper.crawl.pg.connect import connect, safe_address
from scraper.crawl.pg.schema import SCHEMA_VERSION, migrate, register_job, schema_version

__all__ = ["SCHEMA_VERSION", "connect", "migrate", "register_job", "safe_address", "schema_version"]
