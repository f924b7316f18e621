"""Fixtures of the crawl tests: the generated site on loopback, job files, the CLI as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.crawl.site import SiteServer, SiteShape


@pytest.fixture
def site() -> Iterator[SiteServer]:
    """A fresh 500-article site per test (its version knob and counters are per test)."""
    server = SiteServer(SiteShape()).start()
    yield server
    server.stop()


def job_text(server: SiteServer, *, output: str = 'jsonl = "out/articles.jsonl"', extra: str = "",
             follow: str = "enabled = true\nmax_depth = 50", start: str | None = None,
             feeds: bool = True, recrawl: str = 'min_interval = "0s"', name: str = "testsite",
             politeness: str = "") -> str:
    """A job for the test site: no politeness delay, one attempt per fetch, loopback allowed."""
    site = server.site
    start_urls = start if start is not None else f'["{site.base("site-a.test")}/"]'
    feed_list = (f'["{site.base("site-b.test")}/rss.xml", "{site.base("site-b.test")}/atom.xml"]'
                 if feeds else "[]")
    return f"""
name = "{name}"
start_urls = {start_urls}
feeds = {feed_list}
{extra}

[follow]
{follow}
allowed_domains = ["site-a.test", "site-b.test", "site-h.test"]

[politeness]
per_host_delay = 0
concurrency = 6
per_host_concurrency = 3
max_attempts = 1
timeout = 10
allow_private = true
{politeness}

[politeness.resolve]
{server.resolve_table()}

[recrawl]
{recrawl}

[output]
{output}
url_patterns = ["/articles/", "/news/", "/mirror/", "/ok.html"]
"""


def write_job(folder: Path, text: str, name: str = "job.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def crawl_command(*args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run ``scrape`` from this checkout."""
    paths = [p for p in (os.environ.get("PYTHONPATH", ""), str(ROOT)) if p]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
    return [sys.executable, "-m", "scraper", *args], env


def run_cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would; ``cwd`` is the job's folder (not the checkout)."""
    command, env = crawl_command(*args)
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout,
                          stdin=subprocess.DEVNULL)  # never a terminal: a command that asks is refused


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line parsed; a torn or invalid line fails the test here."""
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), "last line is torn"
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def read_report(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return result
