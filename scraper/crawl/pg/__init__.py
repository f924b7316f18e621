"""A crawl's state in PostgreSQL, for any number of workers on one frontier.

* :mod:`~scraper.crawl.pg.connect`: connections; psycopg's errors become
  :class:`~scraper.errors.StateError` naming the server, never the password.
* :mod:`~scraper.crawl.pg.schema`: the tables, created and migrated under a version table.
* :mod:`~scraper.crawl.pg.state`: :class:`~scraper.crawl.pg.state.PostgresState`, the
  :class:`~scraper.crawl.state_backend.StateBackend` with SQLite's crawl semantics plus leases
  fenced by owner and epoch, and transactions retried whole when the connection is lost.
* :mod:`~scraper.crawl.pg.writes`: a page's outcome and the URLs it found, in one transaction.
* :mod:`~scraper.crawl.pg.turns`: each host's request turns for the whole fleet.
* :mod:`~scraper.crawl.pg.export`: the articles out of the database, exactly once.
"""

from scraper.crawl.pg.connect import connect, safe_address
from scraper.crawl.pg.schema import SCHEMA_VERSION, migrate, register_job, schema_version

__all__ = ["SCHEMA_VERSION", "connect", "migrate", "register_job", "safe_address", "schema_version"]
