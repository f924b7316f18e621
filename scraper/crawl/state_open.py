"""Opening a job's state, whichever backend the job names: its SQLite file (the default) or
its rows in a PostgreSQL database (``[state] url`` / ``SCRAPE_STATE_URL``)."""

from __future__ import annotations

from scraper.crawl.job import Job
from scraper.crawl.run_files import set_state_aside
from scraper.crawl.state import CrawlState
from scraper.crawl.state_backend import StateBackend


def open_state(job: Job) -> StateBackend:
    """The job's state, created on first use."""
    if job.state_url is not None:
        from scraper.crawl.pg.state import PostgresState

        return PostgresState.open(job.state_url, job.name)
    return CrawlState.open(job.state_path, job.name)


def state_label(job: Job) -> str:
    """Where the state is, as it may be shown (a PostgreSQL address without its password)."""
    if job.state_url is not None:
        from scraper.crawl.pg.connect import safe_address

        return safe_address(job.state_url)
    return str(job.state_path)


def set_aside(job: Job, when: float) -> str | None:
    """``--reset``: put the job's state out of the way, never deleting it (the SQLite file is
    renamed; the PostgreSQL rows move to a job named ``NAME.reset-TIME``); what it became, or
    None when there was none."""
    if job.state_url is not None:
        from scraper.crawl.pg.state import set_job_aside

        return set_job_aside(job.state_url, job.name, when)
    aside = set_state_aside(job.state_path, when)
    return str(aside) if aside is not None else None
