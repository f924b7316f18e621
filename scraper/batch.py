"""Extract many pages, in input order, in worker processes, with a time limit per page.

Local files are read in the workers; URLs are fetched here first, one after another, by one
fetcher (robots.txt, address checks and per-host spacing hold across them).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scraper.archive import SkippedRecord, is_archive
from scraper.errors import ScraperError
from scraper.fetch.config import DEFAULT_FETCH_CONFIG, FetchConfig
from scraper.inputs import STDIN, InputProblem, InputRef, is_url, page_name, read_input
from scraper.pagework import PageFailed, PageInput, PageOutcome, page_outcome, submit_page
from scraper.pool import DEFAULT_PAGE_TIMEOUT, PagePool, PoolSettings

if TYPE_CHECKING:
    from scraper.fetch.sync import SyncFetcher

#: Pages queued per worker ahead of the one being written (bounds memory on huge batches).
AHEAD_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """workers: processes; page_timeout: CPU seconds per page (0 = none); fetch: the settings URL
    inputs are fetched with; base_url: the address of local pages (links and images resolve
    against it)."""

    workers: int = 1
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    pretty: bool = False
    fetch: FetchConfig = field(default=DEFAULT_FETCH_CONFIG)
    base_url: str | None = None
    render: str = "json"


class _URLFetcher:
    """One fetcher for the batch's URLs, opened at the first one."""

    def __init__(self, config: FetchConfig, stack: ExitStack) -> None:
        self._config = config
        self._stack = stack
        self._fetcher: SyncFetcher | None = None

    def page(self, url: str, settings: BatchSettings) -> PageInput:
        """Fetch ``url``; raises :class:`~scraper.errors.FetchError`."""
        if self._fetcher is None:
            from scraper.fetch.sync import SyncFetcher

            self._fetcher = self._stack.enter_context(SyncFetcher(self._config))
        response = self._fetcher.fetch(url)
        return PageInput.fetched(response, url, render=settings.render, pretty=settings.pretty)


def _content_type(source: str) -> str | None:
    """A local file's type from its name, when it has a page's extension."""
    name = page_name(source).lower()
    if name.endswith((".txt", ".text", ".md")):
        return "text/plain"
    if name.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return "text/html"
    return None


def run_batch(items: Iterable[InputRef | InputProblem],
              settings: BatchSettings) -> Iterator[PageOutcome | SkippedRecord]:
    """Outcomes in input order; unreadable inputs are reported where they stand. A WARC or ARC
    file gives one outcome per record: records that are no page are :class:`SkippedRecord`.

    Standard input belongs to this process: it is read here and its bytes handed to a worker, as
    are an archive's pages (read and decoded here, one record at a time).
    """
    queue = _with_archive_records(items, settings)
    pending: deque[tuple[str, Future[PageOutcome] | PageFailed | SkippedRecord]] = deque()
    ahead = max(1, settings.workers * AHEAD_PER_WORKER)
    with ExitStack() as stack:
        pool = stack.enter_context(PagePool(PoolSettings(settings.workers, settings.page_timeout)))
        fetcher = _URLFetcher(settings.fetch, stack)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < ahead:
                item = next(queue, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, InputProblem):
                    pending.append((item.source, PageFailed.of(item.source, item.error)))
                elif isinstance(item, PageFailed | SkippedRecord):
                    pending.append((item.source, item))
                elif isinstance(item, PageInput):
                    pending.append((item.source, submit_page(pool, item)))
                else:
                    pending.append((item.source, _submit(pool, fetcher, item.source, settings)))
            if pending:
                source, waiting = pending.popleft()
                yield waiting if isinstance(waiting, PageFailed | SkippedRecord) else page_outcome(pool, source, waiting)


def _with_archive_records(
    items: Iterable[InputRef | InputProblem], settings: BatchSettings
) -> Iterator[InputRef | InputProblem | PageInput | PageFailed | SkippedRecord]:
    """``items`` with each WARC or ARC file replaced by its records, read lazily."""
    for item in items:
        if isinstance(item, InputProblem) or not is_archive(item.source):
            yield item
            continue
        from scraper.archive.files import read_archive  # warcio, loaded at the first archive

        try:
            for record in read_archive(item.source, fetch=settings.fetch):
                if isinstance(record, SkippedRecord):
                    yield record
                else:
                    yield PageInput(record.source, record.text, url=record.url, fetched_at=record.fetched_at,
                                    content_type=record.content_type, pretty=settings.pretty,
                                    render=settings.render)
        except ScraperError as e:
            yield PageFailed.of(item.source, e)


def _submit(pool: PagePool, fetcher: _URLFetcher, source: str,
            settings: BatchSettings) -> Future[PageOutcome] | PageFailed:
    if is_url(source):
        try:
            return submit_page(pool, fetcher.page(source, settings))
        except ScraperError as e:
            return PageFailed.of(source, e)
    data = None
    if source == STDIN:
        try:
            data = read_input(STDIN)
        except ScraperError as e:
            return PageFailed.of(source, e)
    # Files are read in the worker: a huge batch never holds more than the pages in flight.
    page = PageInput(source, data, url=settings.base_url, content_type=_content_type(source), pretty=settings.pretty,
                     render=settings.render)
    return submit_page(pool, page)
