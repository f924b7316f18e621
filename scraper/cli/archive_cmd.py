"""``scrape archive INPUTS... -o OUTDIR [--local N | --scheduler ADDRESS] [--format jsonl|csv] [-q]``.

Exit status: 0 every input extracted (or already done); 1 some inputs failed or were lost;
2 bad command line or no archive among the inputs; 3 the output folder is in use or the
cluster cannot be reached; 4 Dask is not installed; 130 interrupted (rerun to resume).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scraper.archive import is_archive
from scraper.archive.cluster import REPORT_NAME, ArchiveRun, ArchiveSettings, run_archive
from scraper.archive.parts import PART_FORMATS, PartResult
from scraper.cli import arguments
from scraper.errors import ArchiveRunError
from scraper.fetch.config import DAY
from scraper.inputs import STDIN, InputProblem, expand_inputs, is_url
from scraper.pool import DEFAULT_PAGE_TIMEOUT

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_UNAVAILABLE, EXIT_NO_DASK, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "archive",
        help="re-extract WARC/ARC archives on a Dask cluster, one part file per input",
        description="Extract the HTML response records of WARC and ARC files (.warc, .warc.gz, .arc, .arc.gz; "
        "folders are walked) on a Dask cluster, one task per file. Each file's articles go to "
        "OUTDIR/parts/<name>-<digest>.jsonl, written whole or not at all; a rerun skips the files done, so "
        "an interrupted run resumes. OUTDIR/manifest.json lists every input's state, OUTDIR/report.json "
        "the run's counts. Exit status: 0 ok, 1 some inputs failed, 2 bad arguments, 3 output folder in "
        "use or cluster unreachable, 4 Dask missing, 130 interrupted.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="WARC/ARC file, folder, or quoted glob")
    parser.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for parts, manifest, report")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--local", type=arguments.count(1, 512), metavar="N",
                       help="start a local Dask cluster of N worker processes on 127.0.0.1 (default: one per CPU)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="use a running Dask cluster (tcp://host:8786); inputs and OUTDIR must be paths "
                       "every worker sees (a shared file system)")
    parser.add_argument("--format", choices=tuple(PART_FORMATS), default="jsonl",
                        help="jsonl (default: one article JSON a line) or csv (a row per article)")
    parser.add_argument(
        "--page-timeout", type=arguments.seconds(0.01, DAY, zero_means_none=True), default=DEFAULT_PAGE_TIMEOUT,
        metavar="S", help=f"skip a page that uses more than S seconds of CPU time (default {DEFAULT_PAGE_TIMEOUT:g}; "
        "0 = no limit); each worker extracts in a process of its own, stopped and replaced at the limit")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress; only errors and the summary")
    parser.set_defaults(run=run)


def archive_inputs(arguments_given: list[str]) -> tuple[list[str], list[str]]:
    """The archive files the arguments name (folders walked, globs expanded, sorted, each once)
    and the complaints about the arguments that name none."""
    unique: dict[str, str] = {}
    problems: list[str] = []
    for item in expand_inputs(arguments_given, wanted=_archive_file, kind=".warc, .warc.gz, .arc or .arc.gz file"):
        if isinstance(item, InputProblem):
            problems.append(f"{item.source}: {item.error}")
        elif item.source == STDIN or is_url(item.source) or not is_archive(item.source):
            problems.append(f"{item.source}: not named as a WARC or ARC file (.warc, .warc.gz, .arc, .arc.gz)")
        else:
            unique.setdefault(os.path.realpath(item.source), item.source)
    return list(unique.values()), problems


def _archive_file(path: Path) -> bool:
    return is_archive(path) and not path.name.startswith(".")


def run(args: argparse.Namespace) -> int:
    paths, problems = archive_inputs(args.inputs)
    for problem in problems:
        print(f"scrape: {problem}", file=sys.stderr)
    if not paths:
        print("scrape: no archive to extract", file=sys.stderr)
        return EXIT_USAGE
    settings = ArchiveSettings(Path(args.output), args.format, args.scheduler, args.local or os.cpu_count() or 1,
                               args.page_timeout)
    display = _Display(len(paths), quiet=args.quiet)
    started = time.monotonic()
    try:
        with display:
            result = run_archive(paths, settings, display.event)
    except ArchiveRunError as e:
        print(f"scrape: {e}", file=sys.stderr)
        return EXIT_NO_DASK if "pip install" in str(e) else EXIT_UNAVAILABLE
    except KeyboardInterrupt:
        display.run_so_far.seconds = time.monotonic() - started
        print(f"scrape: interrupted; {_summary(display.run_so_far, args.output)}; run the same command again to "
              "resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"scrape: {_summary(result, args.output)}", file=sys.stderr)
    if result.unlimited_inputs:
        print(f"scrape: {result.unlimited_inputs} inputs were extracted without the page time limit: the cluster's "
              "workers are daemonic (start them with DASK_DISTRIBUTED__WORKER__DAEMON=False)", file=sys.stderr)
    return EXIT_FAILURES if result.failed or problems else EXIT_OK


def _summary(run: ArchiveRun, output: str) -> str:
    report = run.report()
    inputs, records = report["inputs"], report["records"]
    if not inputs["extracted"] and inputs["already_done"] == inputs["total"]:
        return (f"{inputs['total']} inputs, all done by an earlier run ({inputs['failed']} failed); nothing to do; "
                f"parts in {Path(output) / 'parts'}")
    return (f"{inputs['total']} inputs ({inputs['extracted']} extracted, {inputs['already_done']} already done, "
            f"{inputs['failed']} failed): {records['total']} records, {records.get('article', 0)} articles, "
            f"{records.get('failed', 0)} pages failed; {report['duration_seconds']:.1f} s, "
            f"{report['records_per_second']:.1f} records/s; report in {Path(output) / REPORT_NAME}")


class _Display:
    """Progress on a terminal (inputs, records, articles, failures, rate), a line per finished
    input otherwise, nothing but errors with ``--quiet``."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.quiet = quiet
        self.run_so_far = ArchiveRun(inputs=total)
        self._live: dict[str, dict[str, int]] = {}
        self._progress: Progress | None = None
        if not quiet and sys.stderr.isatty():
            self._progress = Progress(
                TextColumn("archives"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(), console=Console(stderr=True), transient=True,
            )
            self._task = self._progress.add_task("archives", total=total, counts="")

    def __enter__(self) -> _Display:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "progress":
            # Counts by outcome; Dask adds the sending worker's address to each event.
            self._live[str(data.get("part", ""))] = {key: value for key, value in data.items()
                                                     if isinstance(value, int) and key not in ("part", "worker")}
        elif kind == "done":
            result: PartResult = data["result"]
            self._live.pop(result.part_id, None)
            self.run_so_far.add(result)
            self._say(f"{result.path}: {result.records} records, {result.outcomes.get('article', 0)} articles"
                      + (f", {result.outcomes['failed']} failed" if result.outcomes.get("failed") else "")
                      + (f"; {result.error}" if result.error else ""), advance=True, error=bool(result.error))
        elif kind == "failed":
            self.run_so_far.failed[data["path"]] = data["error"]
            self._say(f"{data['path']}: {data['error']}", advance=True, error=True)
        self._refresh()

    def _say(self, line: str, *, advance: bool, error: bool) -> None:
        if self._progress is not None:
            if error:
                self._progress.console.print(f"scrape: {line}", markup=False, highlight=False)
            if advance:
                self._progress.advance(self._task)
        elif error or not self.quiet:
            print(f"scrape: {line}", file=sys.stderr, flush=True)

    def _refresh(self) -> None:
        if self._progress is None:
            return
        done = self.run_so_far.outcomes
        records = sum(done.values()) + sum(sum(live.values()) for live in self._live.values())
        articles = done.get("article", 0) + sum(live.get("article", 0) for live in self._live.values())
        failed = done.get("failed", 0) + sum(live.get("failed", 0) for live in self._live.values())
        elapsed = self._progress.tasks[0].elapsed or 0.0
        rate = f", {records / elapsed:.0f} records/s" if elapsed > 0 else ""
        self._progress.update(self._task, counts=f"{records} records, {articles} articles, {failed} failed{rate}")
