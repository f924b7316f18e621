"""Shared test helpers: the repository root, the checked-in schema, and running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import settings

from cleaners.schema import load_article_schema

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
