"""``scrape schedule JOB.toml...``: keep running, start each job's pass on its interval.

Exit status: 0 after a clean stop (SIGTERM or SIGINT); 2 when a job file is bad or has no
``[schedule] every`` (and no ``--every`` was given). ``--every`` overrides the job files' interval.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
from typing import Any

from scraper.crawl.job import Job, format_duration, load_job, parse_duration
from scraper.crawl.schedule import run_schedule
from scraper.errors import JobError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schedule",
        help="keep running and start each crawl job on its interval",
        description="Start a pass of each job every [schedule] every (or --every); never two passes of one "
        "job at once; stop cleanly on SIGTERM or SIGINT.",
    )
    parser.add_argument("jobs", nargs="+", metavar="JOB.toml", help="job files")
    parser.add_argument("--every", metavar="DURATION",
                        help="interval of every job given, such as 6h or 30m (overrides [schedule] every)")
    parser.add_argument("--passes", type=int, metavar="N", help="stop after N passes of each job (tests)")
    parser.set_defaults(run=run)


def _log(message: str) -> None:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    print(f"{stamp} scrape schedule: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    try:
        override = parse_duration(args.every, key="--every") if args.every else None
        jobs: list[tuple[Job, float]] = []
        for path in args.jobs:
            job = load_job(path)
            every = override or job.every
            if override and job.every and override != job.every:
                _log(f"{job.name}: every {format_duration(override)} (--every; the job file says "
                     f"{format_duration(job.every)})")
            if not every:
                raise JobError("no interval: set [schedule] every in the job or pass --every", key="schedule.every")
            jobs.append((job, every))
    except JobError as e:
        print(f"scrape schedule: bad job file: {e}", file=sys.stderr)
        return 2
    names = [job.name for job, _ in jobs]
    if len(set(names)) != len(names):
        print("scrape schedule: two job files have the same name", file=sys.stderr)
        return 2
    asyncio.run(_main(jobs, args.passes))
    return 0


async def _main(jobs: list[tuple[Job, float]], passes: int | None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def request_stop() -> None:
        _log("stop requested; waiting for running passes")
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, request_stop)
    for job, every in jobs:
        _log(f"{job.name}: every {format_duration(every)}, first pass now")
    await run_schedule(jobs, stop, log=_log, max_passes=passes)
    _log("stopped")
