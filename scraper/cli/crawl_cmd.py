"""``scrape crawl JOB.toml`` (one pass, then exit) and ``scrape crawl --status JOB.toml``.

Exit status: 0 the pass succeeded; 1 it finished but some pages or sitemaps failed; 2 the job
file is bad (or the command line); 3 another run of the job (or another pass writing the same
output) holds its lock; 4 output or state could not be written or read (read-only folder, full
disk, a damaged state file: nothing was committed past that point); 70 internal error;
130 stopped by SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
from dataclasses import replace
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from scraper.cli import arguments
from scraper.crawl.dry_run import dry_run
from scraper.crawl.job import Job, load_job
from scraper.crawl.passes import run_job
from scraper.crawl.report import OUTCOMES, RunReport, RunStats
from scraper.crawl.run_files import report_path
from scraper.crawl.state_backend import StateBackend
from scraper.crawl.state_open import open_state, state_label
from scraper.errors import CrawlError, DamagedStateError, JobError, JobLockedError, OutputError, StateError

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_BAD_JOB = 2
EXIT_LOCKED = 3
EXIT_WRITE_FAILED = 4
EXIT_STOPPED = 130
#: Seconds between two progress lines when stderr is not a terminal.
LOG_EVERY = 5.0
#: What a user can do about a damaged state file.
DAMAGED_ADVICE = ("restore the state file from a backup, or run `scrape crawl --reset JOB.toml` to set it aside "
                  "(renamed, not deleted) and rebuild what is needed from the output")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "crawl",
        help="run one pass of a crawl job (for cron, systemd timers, CI)",
        description="Run one pass of the crawl job: discover, fetch what is due, write new and changed "
        "articles as JSONL, save a run report, exit. Exit status: 0 ok, 1 run had failures, "
        "2 bad job file, 3 job already running, 4 output or state not writable or damaged, 70 internal "
        "error, 130 stopped.",
    )
    parser.add_argument("job", metavar="JOB.toml", help="the job file")
    parser.add_argument("--status", action="store_true", help="print the state's counts and exit")
    parser.add_argument("--json", action="store_true", help="with --status: print JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress, only the summary")
    parser.add_argument("--max-pages", type=arguments.count(0, 1_000_000_000), metavar="N",
                        help="fetch at most N pages this pass (overrides limits.max_pages; 0 = no limit)")
    parser.add_argument("--dry-run", action="store_true",
                        help="read robots.txt, sitemaps and feeds and print the URLs the pass would fetch; "
                        "fetch no page and leave the state as it is")
    parser.add_argument("--reset", action="store_true",
                        help="set the state file aside (renamed, not deleted) and start a new one that adopts "
                        "the articles already in the output, so the job starts over without writing any twice")
    parser.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.json and not args.status:
        print("scrape crawl: --json goes with --status (a pass prints its summary as a table; its report "
              "is JSON already)", file=sys.stderr)
        return EXIT_BAD_JOB
    try:
        job = load_job(args.job)
    except JobError as e:
        print(f"scrape crawl: bad job file: {e}", file=sys.stderr)
        return EXIT_BAD_JOB
    if args.max_pages is not None:
        job = replace(job, limits=replace(job.limits, max_pages=args.max_pages))
    if args.status:
        return _status(job, as_json=args.json)
    if args.dry_run:
        return _dry_run(job)
    if args.reset and not args.yes and not _confirm_reset(job):
        print("scrape crawl: reset cancelled; nothing changed", file=sys.stderr)
        return EXIT_BAD_JOB
    console = Console(stderr=True)
    try:
        report = asyncio.run(_run_pass(job, console, quiet=args.quiet, reset=args.reset))
    except JobLockedError as e:
        print(f"scrape crawl: {e}", file=sys.stderr)
        return EXIT_LOCKED
    except DamagedStateError as e:
        print(f"scrape crawl: run stopped: {e}; {DAMAGED_ADVICE}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    except (OutputError, StateError) as e:
        print(f"scrape crawl: run stopped, nothing committed past this point: {e}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    except CrawlError as e:
        print(f"scrape crawl: {e}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    _notes(report)
    _summary(console, job, report)
    if report.outcome == "stopped":
        return EXIT_STOPPED
    return EXIT_FAILURES if report.failures else EXIT_OK


def _confirm_reset(job: Job) -> bool:
    """Ask before setting the state aside; without a terminal to ask on, ``--yes`` is needed."""
    if not sys.stdin.isatty():
        print("scrape crawl: --reset asks for confirmation; add --yes to reset without a terminal", file=sys.stderr)
        return False
    answer = input(f"Set the state of job {job.name!r} aside ({state_label(job)}) and start over? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _dry_run(job: Job) -> int:
    try:
        result = asyncio.run(dry_run(job))
    except (StateError, CrawlError) as e:
        print(f"scrape crawl: {e}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    for url in result.urls:
        print(url)
    found = result.discovery
    for kind, url, message in found.errors:
        print(f"scrape crawl: {url}: {kind}: {message}", file=sys.stderr)
    more = result.due - len(result.urls)
    print(f"scrape crawl: dry run: {len(result.urls)} URLs would be fetched"
          + (f" ({more} more due, past the page limit)" if more > 0 else "")
          + f"; {result.skipped_by_lastmod} skipped by lastmod; read {found.sitemaps_read} sitemaps and "
          f"{found.feeds_read} feeds; no page fetched", file=sys.stderr)
    return EXIT_FAILURES if found.errors else EXIT_OK


def _notes(report: RunReport) -> None:
    """Tell the user about recovery work they should know of (a state set aside, adopted lines)."""
    if report.state_set_aside:
        print(f"scrape crawl: the old state was set aside as {report.state_set_aside}", file=sys.stderr)
    if report.records_adopted:
        print(f"scrape crawl: adopted {report.records_adopted} articles already in the output that the state did "
              "not know (a new, lost or restored state); none is written twice", file=sys.stderr)
    if report.rescheduled:
        print(f"scrape crawl: recrawl.min_interval changed: {report.rescheduled} fetched URLs rescheduled by it",
              file=sys.stderr)
    if report.refiltered:
        print(f"scrape crawl: output.url_patterns or output.page_types changed: {report.refiltered} pages "
              "followed for their links are fetched again and judged by it", file=sys.stderr)
    if report.lines_kept:
        print(f"scrape crawl: kept {report.lines_kept} lines in the output that are not article records",
              file=sys.stderr)


async def _run_pass(job: Job, console: Console, *, quiet: bool, reset: bool = False) -> RunReport:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        if quiet:
            return await run_job(job, stop=stop, reset=reset)
        if console.is_terminal:
            with _progress(console) as progress:
                task = progress.add_task(job.name, total=None, done=0, queued=0, failed=0, rate=0.0)
                started = time.monotonic()

                def show(stats: RunStats) -> None:
                    rate = stats.done / max(time.monotonic() - started, 1e-6)
                    progress.update(task, done=stats.done, queued=stats.queued, failed=stats.failed, rate=rate,
                                    completed=stats.done, total=stats.done + stats.queued + stats.in_flight)

                return await run_job(job, observer=show, stop=stop, reset=reset)
        return await run_job(job, observer=_log_lines(job.name), stop=stop, reset=reset)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}[/]"),
        BarColumn(),
        TextColumn("{task.fields[done]} done, {task.fields[queued]} queued, {task.fields[failed]} failed, "
                   "{task.fields[rate]:.1f} pages/s"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _log_lines(name: str) -> Any:
    """An observer printing one plain progress line every few seconds (logs, cron mail)."""
    started = time.monotonic()
    last = [started]

    def show(stats: RunStats) -> None:
        now = time.monotonic()
        if now - last[0] < LOG_EVERY:
            return
        last[0] = now
        rate = stats.done / max(now - started, 1e-6)
        print(f"scrape crawl {name}: {stats.done} done, {stats.queued} queued, {stats.failed} failed, "
              f"{rate:.1f} pages/s", file=sys.stderr, flush=True)

    return show


def _summary(console: Console, job: Job, report: RunReport) -> None:
    table = Table(title=f"crawl {job.name}: {report.outcome} in {report.duration_s:.1f} s", title_justify="left")
    table.add_column("outcome")
    table.add_column("pages", justify="right")
    for name in OUTCOMES:
        table.add_row(name, str(report.pages.get(name, 0)))
    for kind, count in report.errors_by_kind.items():
        table.add_row(f"error: {kind}", str(count))
    d = report.discovery
    table.add_row("discovered", f"{d.get('urls', 0)} URLs from {d.get('sitemaps', 0)} sitemaps, "
                  f"{d.get('feeds', 0)} feeds")
    table.add_row("skipped by lastmod", str(report.skipped_by_lastmod))
    if report.db_seconds is not None:  # a PostgreSQL fleet: the pages above are this process's share
        table.add_row("exported (whole fleet)", str(report.exported))
    console.print(table)
    console.print(f"report: {report_path(job, report.run)}", markup=False, highlight=False, soft_wrap=True)


def _workers(state: StateBackend, now: float) -> list[dict[str, Any]]:
    """A shared state's workers, most recently alive first (a SQLite state has none)."""
    if not state.shared:
        return []
    from scraper.crawl.pg.state import PostgresState

    assert isinstance(state, PostgresState)
    return [{"worker": name, "started": started, "heartbeat": beat, "seconds_since_heartbeat": max(0.0, now - beat),
             "pages": pages, "leases": leases} for name, started, beat, pages, leases in state.workers(now)]


def _status(job: Job, *, as_json: bool) -> int:
    try:
        state = open_state(job)
        try:
            counts = state.counts()
            now = time.time()
            use_lastmod = job.recrawl.use_lastmod
            counts["due_now"] = state.due_count(now, use_lastmod=use_lastmod)
            counts["skipped_by_lastmod"] = state.skipped_by_lastmod(now, use_lastmod=use_lastmod)
            runs = state.last_runs()
            outputs = state.output_files()
            workers = _workers(state, now)
        finally:
            state.close()
    except DamagedStateError as e:
        print(f"scrape crawl: {e}; {DAMAGED_ADVICE}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    except StateError as e:
        print(f"scrape crawl: {e}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    if as_json:
        print(json.dumps({"job": job.name, "state": state_label(job), "counts": counts,
                          "runs": [{"run": r, "started": s, "finished": f, "outcome": o} for r, s, f, o in runs],
                          "outputs": [{"file": f, "bytes": n} for f, n in outputs], "workers": workers}, indent=2))
        return EXIT_OK
    print(f"job {job.name}  (state {state_label(job)})")
    for key, value in counts.items():
        print(f"  {key:<18} {value}")
    for run_name, _, finished, outcome in runs:
        print(f"  run {run_name}: {outcome or ('running or killed' if finished is None else '?')}")
    for file, size in outputs:
        print(f"  output {file}: {size} bytes committed")
    for w in workers:
        print(f"  worker {w['worker']}: last heartbeat {w['seconds_since_heartbeat']:.0f} s ago, "
              f"{w['pages']} pages this pass, {w['leases']} URLs held")
    return EXIT_OK
