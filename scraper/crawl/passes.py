"""A pass of a crawl job from start to report, for each kind of state.

* SQLite (the default): :func:`run_job` holds the job's lock, reconciles the output files with
  the state, runs the pass, and writes the report next to the output.
* PostgreSQL: :func:`run_job` does the same as the fleet's coordinator (discovery, then work as
  one more worker until no URL is due and no worker holds one, then the export of the articles
  the fleet committed); :func:`run_worker_pass` is one pass of ``scrape worker``: no
  discovery, no files, its report kept in the database.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import TYPE_CHECKING

from scraper.crawl.job import Job
from scraper.crawl.lock import JobLock
from scraper.crawl.output import RunOutputs
from scraper.crawl.recovery import OutputReconciler
from scraper.crawl.report import OUTCOMES, RunReport
from scraper.crawl.run_files import (
    drop_empty,
    iso_time,
    latest_report_path,
    open_outputs,
    report_path,
    run_id,
)
from scraper.crawl.runner import CrawlRun, Observer
from scraper.crawl.state_backend import StateBackend
from scraper.crawl.state_open import open_state, set_aside
from scraper.errors import JobLockedError, StateError
from scraper.fetch.politeness import RequestGate
from scraper.fetch.robots import RobotsStore

if TYPE_CHECKING:
    from scraper.crawl.pg.state import PostgresState

#: Added to the longest request for its turn at a host (a dead worker's turn ends then).
TURN_MARGIN = 5.0


async def run_job(job: Job, *, observer: Observer | None = None, stop: asyncio.Event | None = None,
                  reset: bool = False) -> RunReport:
    """Run one pass of ``job`` and return its report (also saved next to the output).

    With ``reset`` the state is first set aside (renamed, never deleted) and a new one is
    started; the pass adopts the articles already in the output, so none is written twice.

    Raises :class:`~scraper.errors.JobLockedError` when another run holds the job, and
    :class:`~scraper.errors.OutputError` or :class:`~scraper.errors.StateError` when the run
    had to stop because output or state could not be written (the state is not advanced).
    """
    started = time.time()
    with JobLock(job.state_path, job.name):
        aside = set_aside(job, started) if reset else None
        state = open_state(job)
        try:
            if state.shared:
                return await _coordinate(job, state, started, aside, observer=observer, stop=stop)
            run = run_id(started)
            report = RunReport(job.name, run, iso_time(started))
            report.state_set_aside = aside
            state.check()
            reconciler = OutputReconciler(state, job.path.parent, min_interval=job.recrawl.min_interval, now=started)
            with open_outputs(job, reconciler, run) as outputs:
                recovered = reconciler.done
                report.bytes_cut_on_resume = recovered.bytes_cut
                report.records_adopted, report.lines_kept = recovered.records_adopted, recovered.lines_kept
                report.leases_released = state.start_run(run, started)
                report.rescheduled = state.apply_min_interval(job.recrawl.min_interval)
                report.refiltered = state.apply_output_filter(job.output.filter_signature(), started)
                crawl = CrawlRun(job, state, outputs, run, report, observer=observer, stop=stop)
                await crawl.execute()
                report.output = [str(log.path) for log in outputs.logs()]
            if job.output.folder is not None and outputs.jsonl is not None and outputs.jsonl.committed == 0:
                drop_empty(outputs.jsonl, state)
                report.output = report.output[1:]
            _finish(job, state, crawl, report, stop, started)
            report.save(report_path(job, run))
            report.save(latest_report_path(job))
        finally:
            state.close()
    return report


def _finish(job: Job, state: StateBackend, crawl: CrawlRun, report: RunReport, stop: asyncio.Event | None,
            started: float) -> None:
    finished = time.time()
    report.finished, report.duration_s = iso_time(finished), finished - started
    report.pages = {name: crawl.stats.outcomes[name] for name in OUTCOMES}
    report.errors_by_kind = dict(sorted(crawl.stats.errors.items()))
    report.leases_lost = crawl.leases.lost
    report.db_seconds = getattr(state, "db_seconds", None)
    report.state = state.counts()
    stopped = stop is not None and stop.is_set()
    report.outcome = "stopped" if stopped else ("failures" if report.failures else "ok")
    state.finish_run(report.run, finished, report.outcome, report.to_json())


def fleet_run_id(started: float, worker: str) -> str:
    """A run's name on a shared state, unique in the fleet: time and worker name."""
    return f"{run_id(started).split('-')[0]}-{re.sub(r'[^A-Za-z0-9._-]', '_', worker)}"


def _shared(job: Job, state: PostgresState) -> tuple[RequestGate, RobotsStore]:
    """The fleet's shared request turns and robots.txt answers."""
    from scraper.crawl.pg.robots import SharedRobots
    from scraper.crawl.pg.turns import FleetTurns

    hold = job.politeness.timeout + TURN_MARGIN
    gate: RequestGate = FleetTurns(state, concurrency=job.politeness.per_host_concurrency, hold=hold)
    robots: RobotsStore = SharedRobots(state, job.fetch_config(), hold=hold)
    return gate, robots


async def _coordinate(job: Job, state: StateBackend, started: float, aside: str | None, *,
                      observer: Observer | None, stop: asyncio.Event | None) -> RunReport:
    """``scrape crawl`` on a shared state: discover, work until the fleet is idle, export."""
    from scraper.crawl.pg.export import export_new
    from scraper.crawl.pg.state import PostgresState

    assert isinstance(state, PostgresState)
    _hold_coordinator_lock(state)
    run = fleet_run_id(started, state.worker)
    report = RunReport(job.name, run, iso_time(started))
    report.state_set_aside = aside
    state.check()
    # The output is reconciled first: after a reset, the articles already in it are adopted.
    reconciler = OutputReconciler(state, job.path.parent, min_interval=job.recrawl.min_interval, now=started,
                                  adopt_tail=False)
    with open_outputs(job, reconciler, run) as outputs:
        assert outputs.jsonl is not None
        report.bytes_cut_on_resume = reconciler.done.bytes_cut
        report.records_adopted = reconciler.done.records_adopted
        report.leases_released = state.start_run(run, started)
        report.rescheduled = state.apply_min_interval(job.recrawl.min_interval)
        report.refiltered = state.apply_output_filter(job.output.filter_signature(), started)
        gate, robots = _shared(job, state)
        crawl = CrawlRun(job, state, RunOutputs(None, None), run, report, observer=observer, stop=stop,
                         gate=gate, robots=robots)
        await crawl.execute()
        report.exported = export_new(state, outputs.jsonl, outputs.documents, tombstones=job.output.tombstones)
        report.output = [str(outputs.jsonl.path)]
    if job.output.folder is not None and outputs.jsonl.committed == 0:
        drop_empty(outputs.jsonl, state)
        report.output = []
    _finish(job, state, crawl, report, stop, started)
    report.save(report_path(job, run))
    report.save(latest_report_path(job))
    return report


def _hold_coordinator_lock(state: PostgresState) -> None:
    """One coordinator per job in the whole fleet (its export must be the only one): a session
    lock in the database, released when the connection closes."""
    held = state.run(lambda db: db.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                           (0x73637261, state.job_id)).fetchone())
    if not held or not held[0]:
        raise JobLockedError(f"another `scrape crawl` of this job is running against {state.address} "
                             "(run `scrape worker` to add workers)")


async def run_worker_pass(job: Job, worker: str, *, observer: Observer | None = None,
                          stop: asyncio.Event | None = None) -> RunReport | None:
    """One pass of ``scrape worker``: take due URLs until none is due and no other worker holds
    one; the articles stay in the database (``scrape crawl`` or ``scrape export`` write them).
    None, and no run recorded, when there was nothing to do (an idle worker polls often)."""
    from scraper.crawl.pg.state import PostgresState

    if job.state_url is None:
        raise StateError("`scrape worker` needs a PostgreSQL state: set [state] url or SCRAPE_STATE_URL")
    started = time.time()
    state = PostgresState.open(job.state_url, job.name, worker=worker)
    try:
        use_lastmod = job.recrawl.use_lastmod
        if not state.due_count(started, use_lastmod=use_lastmod) and not state.leased_elsewhere("", started):
            return None
        run = fleet_run_id(started, worker)
        report = RunReport(job.name, run, iso_time(started))
        report.leases_released = state.start_run(run, started)
        gate, robots = _shared(job, state)
        crawl = CrawlRun(job, state, RunOutputs(None, None), run, report, observer=observer, stop=stop,
                         discover=False, gate=gate, robots=robots)
        await crawl.execute()
        _finish(job, state, crawl, report, stop, started)
    finally:
        state.close()
    return report
