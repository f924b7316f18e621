"""``scrape export JOB.toml -o FILE``: the articles a crawl job's PostgreSQL state keeps, as JSONL.

Each article is there once (committed with its page under a lease that held), so the file holds
each written page version once, oldest first. ``FILE`` is written under a temporary name and
renamed when complete; ``-o -`` writes to standard output.

Exit status: 0 written; 2 bad job file or command line (an unknown ``--since`` run, or a SQLite
job: its articles are in its output files already); 4 the state database could not be read or the file not written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from scraper.crawl.job import load_job
from scraper.crawl.pg.export import export_all
from scraper.crawl.pg.state import PostgresState
from scraper.errors import JobError, StateError, UnknownRunError

EXIT_OK = 0
EXIT_BAD_JOB = 2
EXIT_FAILED = 4


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the articles a crawl job's PostgreSQL state keeps as JSONL",
        description="Write every article of the job's PostgreSQL state (or those of runs started after --since "
        "RUN) as JSONL, oldest first, each committed page version once. Exit status: 0 ok, 2 bad job file, "
        "4 state database or file not readable or writable.",
    )
    parser.add_argument("job", metavar="JOB.toml", help="the job file")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the JSONL file to write; - for stdout")
    parser.add_argument("--since", metavar="RUN", help="only articles of runs started after this run "
                        "(a run name from `scrape crawl --status`)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        job = load_job(args.job)
    except JobError as e:
        print(f"scrape export: bad job file: {e}", file=sys.stderr)
        return EXIT_BAD_JOB
    if job.state_url is None:
        print(f"scrape export: {args.job}: a SQLite job writes its articles to its output files as it goes "
              f"({job.output.folder or job.output.jsonl}); export is for a PostgreSQL state", file=sys.stderr)
        return EXIT_BAD_JOB
    try:
        state = PostgresState.open(job.state_url, job.name)
        try:
            count = _write(state, args.output, args.since)
        finally:
            state.close()
    except UnknownRunError as e:
        print(f"scrape export: --since: {e}", file=sys.stderr)
        return EXIT_BAD_JOB
    except StateError as e:
        print(f"scrape export: {e}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as e:
        print(f"scrape export: {args.output}: cannot write ({e.strerror})", file=sys.stderr)
        return EXIT_FAILED
    print(f"scrape export: {count} articles of job {job.name} written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _write(state: PostgresState, output: str, since: str | None) -> int:
    if output == "-":
        count = export_all(state, sys.stdout.buffer, since=since)
        sys.stdout.buffer.flush()
        return count
    path = Path(output)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as out:
            count = export_all(state, out, since=since)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count
