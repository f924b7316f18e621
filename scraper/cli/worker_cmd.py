"""``scrape worker JOB.toml``: one more worker on a crawl job's PostgreSQL frontier.

It claims due URLs, fetches, extracts and commits each page's article to the database, with
the job's politeness shared by the whole fleet. It discovers nothing (``scrape crawl`` does,
on one machine) and writes no file (``scrape crawl`` exports at the end of its pass;
``scrape export`` writes them on demand). Start any number, on any machines.

Exit status: 0 done (``--until-idle``) or stopped cleanly by SIGTERM after finishing and
committing its pages in flight; 1 the last pass had failures; 2 bad job file or command line;
4 the state database could not be reached or written; 130 stopped by SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from dataclasses import replace
from typing import Any

from scraper.cli import arguments
from scraper.crawl.job import Job, load_job
from scraper.crawl.passes import run_worker_pass
from scraper.crawl.pg.state import default_worker_name
from scraper.crawl.report import RunReport
from scraper.errors import CrawlError, JobError, StateError

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_BAD_JOB = 2
EXIT_WRITE_FAILED = 4
EXIT_INTERRUPTED = 130
#: Seconds a worker without ``--until-idle`` waits between two passes that found nothing due.
IDLE_WAIT = 5.0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="work on a crawl job's PostgreSQL frontier (start any number, on any machines)",
        description="Claim due URLs of the job's PostgreSQL frontier, fetch, extract and commit them, with "
        "the job's per-host politeness holding for every worker together. Runs until SIGTERM (which lets "
        "the pages in flight finish and commit), or with --until-idle until nothing is due and no other "
        "worker holds a URL. Exit status: 0 ok, 1 failures in the last pass, 2 bad job file, 4 state database "
        "unreachable, 130 interrupted.",
    )
    parser.add_argument("job", metavar="JOB.toml", help="the job file (its [state] url, or SCRAPE_STATE_URL)")
    parser.add_argument("--id", dest="worker", metavar="NAME", default=None,
                        help="this worker's name in --status (default HOST-PID); unique in the fleet")
    parser.add_argument("--concurrency", type=arguments.count(1, 10_000), metavar="N",
                        help="fetches in flight in this worker (default: the job's politeness.concurrency)")
    parser.add_argument("--until-idle", action="store_true",
                        help="exit once nothing is due and no other worker holds a URL (for batch jobs and CI)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no line per pass")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        job = load_job(args.job)
    except JobError as e:
        print(f"scrape worker: bad job file: {e}", file=sys.stderr)
        return EXIT_BAD_JOB
    if job.state_url is None:
        print(f"scrape worker: {args.job}: the job's state is a SQLite file, for one process; set [state] url "
              "(or SCRAPE_STATE_URL) to a PostgreSQL database to crawl with several workers", file=sys.stderr)
        return EXIT_BAD_JOB
    if args.concurrency:
        job = replace(job, politeness=replace(job.politeness, concurrency=args.concurrency))
    worker = args.worker or default_worker_name()
    try:
        return asyncio.run(_work(job, worker, until_idle=args.until_idle, quiet=args.quiet))
    except (StateError, CrawlError) as e:
        print(f"scrape worker {worker}: stopped, nothing committed past this point: {e}", file=sys.stderr)
        return EXIT_WRITE_FAILED


async def _work(job: Job, worker: str, *, until_idle: bool, quiet: bool) -> int:
    stop = asyncio.Event()
    interrupted = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)

    def on_interrupt() -> None:
        interrupted.set()
        stop.set()

    loop.add_signal_handler(signal.SIGINT, on_interrupt)
    report: RunReport | None = None
    try:
        while not stop.is_set():
            done = await run_worker_pass(job, worker, stop=stop)
            if done is not None:
                report = done
                if not quiet:
                    _line(worker, report)
            elif until_idle and not quiet:
                print(f"scrape worker {worker}: nothing due and no worker holds a URL", file=sys.stderr)
            if until_idle:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), IDLE_WAIT)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
    if interrupted.is_set():
        return EXIT_INTERRUPTED
    return EXIT_FAILURES if report is not None and report.failures and report.outcome != "stopped" else EXIT_OK


def _line(worker: str, report: RunReport) -> None:
    pages = ", ".join(f"{count} {name}" for name, count in report.pages.items() if count) or "nothing due"
    lost = f"; {report.leases_lost} left to other workers" if report.leases_lost else ""
    print(f"scrape worker {worker}: pass {report.outcome} in {report.duration_s:.1f} s: {pages}{lost}",
          file=sys.stderr, flush=True)
