"""``scrape fetch URL... [-o FILE|DIR] [--format F] [--pretty] [--allow-private] [--user-agent UA]
[--delay S] [--timeout S] [--page-timeout S]``.

Each URL is fetched politely (robots.txt, per-host spacing, retries), extracted in a worker
process under a CPU-time limit, and written as one article JSON a line, in the order given; a
failing URL gets one line on stderr and the others carry on. The exit status is 1 when any URL
failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from contextlib import ExitStack
from dataclasses import replace
from typing import Any

from scraper.cli.arguments import header_value, seconds
from scraper.cli.documents import DocumentWriter, add_document_arguments, output_format, render_of
from scraper.cli.jsonl_output import OutputUnavailableError
from scraper.fetch import DEFAULT_FETCH_CONFIG, FetchConfig, Fetcher
from scraper.fetch.config import BOUNDS, DAY
from scraper.pagework import PageDone, PageFailed, PageInput, PageOutcome, run_page
from scraper.pool import DEFAULT_PAGE_TIMEOUT, PagePool, PoolSettings

#: CPU seconds one page may take to extract, by default (the crawl's default too).


def register(subparsers: Any) -> None:
    defaults = DEFAULT_FETCH_CONFIG
    parser = subparsers.add_parser(
        "fetch",
        help="fetch pages over HTTP and extract them to article JSON",
        description="Fetch each URL (obeying robots.txt, spacing requests per host, retrying transient "
        "failures), extract it, and write one article JSON a line.",
    )
    parser.add_argument("urls", nargs="+", metavar="URL", help="http or https URL")
    add_document_arguments(parser)
    parser.add_argument("--pretty", action="store_true", help="indent the JSON (jsonl and json); several pages become one JSON array")
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="allow loopback and private addresses (intranet crawls, local tests)",
    )
    parser.add_argument("--user-agent", metavar="UA", type=header_value,
                        help=f"User-Agent header (default {defaults.user_agent!r})")
    parser.add_argument(
        "--delay",
        type=seconds(*BOUNDS["per_host_delay"]),
        metavar="S",
        default=defaults.per_host_delay,
        help=f"seconds between requests to one host (default {defaults.per_host_delay:g})",
    )
    parser.add_argument(
        "--timeout",
        type=seconds(*BOUNDS["total_timeout"]),
        metavar="S",
        default=defaults.total_timeout,
        help=f"most seconds one request may take (default {defaults.total_timeout:g})",
    )
    parser.add_argument(
        "--page-timeout",
        type=seconds(0.01, DAY, zero_means_none=True),
        default=DEFAULT_PAGE_TIMEOUT,
        metavar="S",
        help=f"most CPU seconds one page may take to extract (default {DEFAULT_PAGE_TIMEOUT:g}; 0 = no limit)",
    )
    parser.set_defaults(run=run)


def build_config(args: argparse.Namespace) -> FetchConfig:
    """The fetch settings the command line asks for, on top of the documented defaults."""
    config = replace(
        DEFAULT_FETCH_CONFIG,
        allow_private=args.allow_private,
        per_host_delay=args.delay,
        total_timeout=args.timeout,
    )
    if args.user_agent:
        config = replace(config, user_agent=args.user_agent)
    return config


async def _fetch_and_extract(fetcher: Fetcher, pool: PagePool, url: str, render: str, pretty: bool) -> PageOutcome:
    """Fetch ``url`` and extract it in a worker; a failure of either is this URL's alone."""
    try:
        response = await fetcher.fetch(url)
    except Exception as e:  # noqa: BLE001 - a fetch error, or a bug on one URL: this URL fails alone
        return PageFailed.of(url, e)
    page = PageInput.fetched(response, response.requested_url, render=render, pretty=pretty)
    return await run_page(pool, page)


async def fetch_and_write(urls: list[str], config: FetchConfig, out: DocumentWriter, pool: PagePool, *,
                          render: str = "json", pretty: bool = False) -> int:
    """Fetch all ``urls`` concurrently (politeness permitting), write in input order; count failures."""
    failed = 0
    async with Fetcher(config) as fetcher:
        tasks = [asyncio.ensure_future(_fetch_and_extract(fetcher, pool, url, render, pretty)) for url in urls]
        for url, task in zip(urls, tasks, strict=True):
            outcome = await task
            if isinstance(outcome, PageDone) and outcome.article is not None:
                out.write(url, outcome.article.line)
                continue
            failed += 1
            reason = outcome.reason if isinstance(outcome, PageFailed) else "no article"
            print(f"scrape: {url}: {reason}", file=sys.stderr)
    return failed


def run(args: argparse.Namespace) -> int:
    try:
        config = build_config(args)
    except ValueError as e:
        print(f"scrape: {e}", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        try:
            several = len(args.urls) > 1
            out = DocumentWriter(output_format(args.format, pretty=args.pretty, several=several), args.output, stack,
                                 several=several)
        except OutputUnavailableError as e:
            print(e, file=sys.stderr)
            return 2
        render = render_of(args)
        with PagePool(PoolSettings(workers=1, page_timeout=args.page_timeout)) as pool:
            try:
                failed = asyncio.run(fetch_and_write(list(args.urls), config, out, pool, render=render,
                                                     pretty=args.pretty))
            except OutputUnavailableError as e:
                print(e, file=sys.stderr)
                return 1
        out.close()
    return 1 if failed else 0
