"""Run several jobs, each on its own interval, until told to stop.

Each pass is a child process (``scrape crawl JOB``), so a crash or a leak in one pass never
takes the scheduler down, and the job's lock still guards against a pass started by cron.
A job's next pass starts ``every`` seconds after the previous one *started*; a pass that runs
longer than that is followed immediately by the next, never overlapped. On stop the running
passes get SIGTERM (they finish the pages in flight and exit) and the scheduler waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scraper.crawl.job import Job, format_duration

Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class PassResult:
    """How one scheduled pass ended."""

    job: str
    exit_code: int
    seconds: float


def pass_command(job: Job) -> list[str]:
    """The command of one pass: this interpreter running ``scrape crawl --quiet JOB``."""
    return [sys.executable, "-m", "scraper", "crawl", "--quiet", str(job.path)]


async def _run_pass(job: Job, stop: asyncio.Event, log: Log) -> PassResult:
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(*pass_command(job))
    waiter = asyncio.create_task(process.wait())
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
    if waiter not in done:
        log(f"{job.name}: stopping the running pass")
        with contextlib.suppress(ProcessLookupError):  # it may have just exited on its own
            process.send_signal(signal.SIGTERM)
        await waiter
    stopper.cancel()
    code = process.returncode if process.returncode is not None else -1
    return PassResult(job.name, code, time.monotonic() - started)


async def _job_loop(job: Job, every: float, stop: asyncio.Event, log: Log, results: list[PassResult],
                    max_passes: int | None) -> None:
    next_start = time.monotonic()
    passes = 0
    while not stop.is_set() and (max_passes is None or passes < max_passes):
        wait = next_start - time.monotonic()
        if wait > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)
            if stop.is_set():
                break
        started = time.monotonic()
        log(f"{job.name}: pass started")
        result = await _run_pass(job, stop, log)
        results.append(result)
        passes += 1
        next_start = max(started + every, time.monotonic())
        if stop.is_set() or (max_passes is not None and passes >= max_passes):
            log(f"{job.name}: pass ended with exit status {result.exit_code} after {result.seconds:.1f} s")
            continue
        at = datetime.now(UTC) + timedelta(seconds=next_start - time.monotonic())
        log(f"{job.name}: pass ended with exit status {result.exit_code} after {result.seconds:.1f} s; "
            f"next pass at {at:%Y-%m-%dT%H:%M:%SZ} (every {format_duration(every)})")


async def run_schedule(jobs: list[tuple[Job, float]], stop: asyncio.Event, *, log: Log,
                       max_passes: int | None = None) -> list[PassResult]:
    """Run each (job, every) until ``stop`` is set (or each job ran ``max_passes`` times)."""
    results: list[PassResult] = []
    await asyncio.gather(*(_job_loop(job, every, stop, log, results, max_passes) for job, every in jobs))
    return results
