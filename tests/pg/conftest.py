"""A PostgreSQL server for the session (started here, stopped at the end) and a fresh database per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.pg.server import BIN, PostgresServer, available

_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if not available():
        pytest.skip(f"no PostgreSQL server binaries in {BIN} (set SCRAPE_TEST_PG_BIN)")
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def database(postgres: PostgresServer) -> str:
    """The URL of a new, empty database."""
    return postgres.create_database(f"test_{next(_numbers)}")
