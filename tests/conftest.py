"""Shared test helpers: the repository root, the checked-in schema, and running the CLI."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import settings

from cleaners.schema import load_article_schema
from tests.pg.server import BIN, PostgresServer, available

# In CI, property tests replay a fixed search (no flake decides whether a submission lands) and
# have no per-example deadline (a loaded machine is not a failure); locally they explore anew.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_187cdce079f5099f.txt"


@pytest.fixture(scope="session")
def article_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_article_schema())


def run_scrape(*args: str, stdin: bytes | None = None, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI as a user would, in a subprocess."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=timeout
    )


def assert_valid(validator: jsonschema.Draft202012Validator, data: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


_databases = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session (per xdist worker), started here, stopped at the end."""
    if not available():
        pytest.skip(f"no PostgreSQL server binaries in {BIN} (set SCRAPE_TEST_PG_BIN)")
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def database(postgres: PostgresServer) -> str:
    """The URL of a new, empty database on that server."""
    return postgres.create_database(f"test_{next(_databases)}")


@pytest.fixture(params=["sqlite", "postgres"])
def state_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a crawl test with each state: the job's SQLite file, or a PostgreSQL database named by
    SCRAPE_STATE_URL (which the CLI subprocesses inherit)."""
    if request.param == "postgres":
        monkeypatch.setenv("SCRAPE_STATE_URL", request.getfixturevalue("database"))
    else:
        monkeypatch.delenv("SCRAPE_STATE_URL", raising=False)
    return str(request.param)
