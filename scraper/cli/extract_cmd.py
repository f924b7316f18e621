"""``scrape extract PATH|URL... [-o FILE] [--pretty | --explain] [--workers N] [--page-timeout S]
[--url URL] [--allow-private] [--user-agent UA]``."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from contextlib import ExitStack
from dataclasses import replace
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from scraper.archive import SkippedRecord, is_archive
from scraper.archive.tally import ArchiveTally
from scraper.batch import BatchSettings, run_batch
from scraper.cli.arguments import count, header_value, seconds
from scraper.cli.documents import DocumentWriter, add_document_arguments, output_format, render_of
from scraper.cli.jsonl_output import OutputUnavailableError
from scraper.fetch.config import DAY, DEFAULT_FETCH_CONFIG
from scraper.inputs import expand_inputs, is_url
from scraper.pagework import PageFailed
from scraper.pool import DEFAULT_PAGE_TIMEOUT, MAX_WORKERS

# Batches at least this long get a progress bar when stderr is a terminal.
PROGRESS_MIN_PAGES = 20


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract clean article JSON from local pages or URLs",
        description="Extract each page (text or HTML, plain or .gz; folders are walked; - reads stdin; "
        "an http(s) URL is fetched, obeying robots.txt) and write one article JSON a line. A WARC or ARC "
        "file (.warc, .warc.gz, .arc, .arc.gz) gives an article per HTML response record, its source "
        "PATH#OFFSET; the other records are counted on standard error.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="file, folder, - for standard input, or an http(s) URL")
    add_document_arguments(parser)
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--pretty", action="store_true", help="indent the JSON; several pages become one JSON array")
    shape.add_argument("--explain", action="store_true",
                       help="instead of JSON, show each page's kept blocks and what was removed, "
                       "with the kind and the id of the rule that removed it")
    parser.add_argument("--workers", type=count(1, MAX_WORKERS), default=1, metavar="N",
                        help="extract on N worker processes (default 1)")
    parser.add_argument(
        "--page-timeout",
        type=seconds(0.01, DAY, zero_means_none=True),
        default=DEFAULT_PAGE_TIMEOUT,
        metavar="S",
        help=f"skip a page that uses more than S seconds of CPU time (default {DEFAULT_PAGE_TIMEOUT:g}; "
        "0 = no limit); its worker process is stopped and replaced, so even a parser stuck in C stops",
    )
    parser.add_argument("--url", metavar="URL",
                        help="the address a local page was saved from (one PATH): links and images resolve "
                        "against it, and it is the article's url")
    parser.add_argument("--allow-private", action="store_true",
                        help="let URL arguments reach loopback and private addresses (intranet, local tests)")
    parser.add_argument("--user-agent", metavar="UA", type=header_value,
                        help=f"User-Agent for URL arguments (default {DEFAULT_FETCH_CONFIG.user_agent!r})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.url is not None and (len(args.paths) != 1 or is_url(args.paths[0]) or not is_url(args.url)):
        print("scrape: --url takes an http(s) URL and goes with exactly one local PATH", file=sys.stderr)
        return 2
    if args.explain and args.format != "jsonl":
        print("scrape: --explain shows its own report; it does not go with --format", file=sys.stderr)
        return 2
    items = list(expand_inputs(args.paths))
    fetch = replace(DEFAULT_FETCH_CONFIG, allow_private=args.allow_private)
    if args.user_agent:
        fetch = replace(fetch, user_agent=args.user_agent)
    settings = BatchSettings(workers=args.workers, page_timeout=args.page_timeout, pretty=args.pretty,
                             fetch=fetch, base_url=args.url,
                             render=render_of(args))
    started = time.monotonic()
    done = failed = 0
    archives = ArchiveTally()
    has_archives = any(is_archive(item.source) for item in items)
    with ExitStack() as stack:
        try:
            several = len(items) > 1 or has_archives
            form = output_format(args.format, pretty=args.pretty and not args.explain, several=several)
            writer = DocumentWriter(form, args.output, stack, several=several)
        except OutputUnavailableError as e:
            print(e, file=sys.stderr)
            return 2
        show_progress = sys.stderr.isatty() and len(items) >= PROGRESS_MIN_PAGES
        progress = stack.enter_context(_progress()) if show_progress else None
        total = None if has_archives else len(items)
        task = progress.add_task("extracting", total=total) if progress else None
        for outcome in run_batch(items, settings):
            archives.count(outcome)
            if isinstance(outcome, SkippedRecord):
                pass  # summed up per archive below
            elif isinstance(outcome, PageFailed):
                failed += 1
                message = f"scrape: {outcome.source}: {outcome.reason}"
                (progress.console.print(message, markup=False, highlight=False) if progress
                 else print(message, file=sys.stderr))
            elif outcome.article is not None:
                if args.explain:
                    writer.write_raw(_explained(outcome.article.line))
                else:
                    try:
                        writer.write(outcome.source, outcome.article.line)
                    except OutputUnavailableError as e:
                        print(e, file=sys.stderr)
                        return 1
                done += 1
            if progress is not None and task is not None:
                progress.advance(task)
        writer.close()
    for line in archives.summaries():
        print(f"scrape: {line}", file=sys.stderr)
    failed += archives.damaged
    if sys.stderr.isatty() and len(items) > 1:
        elapsed = time.monotonic() - started
        print(f"scrape: {done + failed} pages, {failed} failed, {elapsed:.1f} s", file=sys.stderr)
    return 1 if failed else 0


def _explained(line: str) -> str:
    """The explanation of one article JSON line, as wide as the terminal."""
    from cleaners import Article  # only --explain reads articles back in this process
    from scraper.cli.explain import explain

    return explain(Article.from_json(line), shutil.get_terminal_size().columns)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    )
