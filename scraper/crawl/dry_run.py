"""``scrape crawl --dry-run``: what the next pass would fetch, fetching no page.

Discovery runs as in a pass (robots.txt, sitemaps and feeds are read), on a copy of the
job's state in a temporary folder (a PostgreSQL state: in a transaction rolled back at the
end), so the real state is never touched; the URLs a pass would
take first are listed in its order, up to ``limits.max_pages``. Links found on pages are not
known without fetching them, so a first pass over a site lists its seeds, sitemap and feed URLs.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from scraper.crawl.discovery import Discovery, DiscoveryResult
from scraper.crawl.job import Job
from scraper.crawl.state import CrawlState, state_error
from scraper.crawl.state_backend import StateBackend
from scraper.crawl.urls import Scope
from scraper.fetch import Fetcher


@dataclass(frozen=True, slots=True)
class DryRun:
    """The URLs the next pass would fetch first, how many are due in all, and what discovery found."""

    urls: list[str]
    due: int
    skipped_by_lastmod: int
    discovery: DiscoveryResult


def _copy_state(source: Path, target: Path) -> None:
    """A consistent copy of the state (its WAL included) made with SQLite's backup API."""
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as original, sqlite3.connect(target) as copy:
            original.backup(copy)
    except sqlite3.Error as e:
        raise state_error(source, "cannot read the state for a dry run", e) from e


async def dry_run(job: Job) -> DryRun:
    """Discover as a pass would, on a copy of the state, and list what would be fetched."""
    async with Fetcher(job.fetch_config()) as fetcher:
        found = await Discovery(job, fetcher, Scope.for_job(job)).run()
    if job.state_url is not None:
        from scraper.crawl.pg.state import PostgresState

        shared = PostgresState.open(job.state_url, job.name)
        try:
            with shared.rolled_back():
                return _what_is_due(shared, job, found)
        finally:
            shared.close()
    with tempfile.TemporaryDirectory(prefix="scrape-dry-run-") as folder:
        copy = Path(folder) / "state.sqlite"
        if job.state_path.exists():
            _copy_state(job.state_path, copy)
        state = CrawlState.open(copy, job.name)
        try:
            return _what_is_due(state, job, found)
        finally:
            state.close()


def _what_is_due(state: StateBackend, job: Job, found: DiscoveryResult) -> DryRun:
    now = time.time()
    use_lastmod = job.recrawl.use_lastmod
    state.add_urls(found.urls, now, use_lastmod=use_lastmod)
    return DryRun(
        urls=state.due_urls(now, job.limits.max_pages or 1_000_000_000, use_lastmod=use_lastmod),
        due=state.due_count(now, use_lastmod=use_lastmod),
        skipped_by_lastmod=state.skipped_by_lastmod(now, use_lastmod=use_lastmod),
        discovery=found,
    )
