"""Extract many local pages, in input order, in worker processes, with a time limit per page."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass

from scraper.errors import ScraperError
from scraper.inputs import STDIN, InputProblem, InputRef, page_name, read_input
from scraper.pagework import PageFailed, PageInput, PageOutcome, page_outcome, submit_page
from scraper.pool import DEFAULT_PAGE_TIMEOUT, PagePool, PoolSettings

#: Pages queued per worker ahead of the one being written (bounds memory on huge batches).
AHEAD_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """workers: processes; page_timeout: CPU seconds per page (0 = none)."""

    workers: int = 1
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    pretty: bool = False


def _content_type(source: str) -> str | None:
    """A local file's type from its name, when it has a page's extension."""
    name = page_name(source).lower()
    if name.endswith((".txt", ".text", ".md")):
        return "text/plain"
    if name.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return "text/html"
    return None


def run_batch(items: Iterable[InputRef | InputProblem], settings: BatchSettings) -> Iterator[PageOutcome]:
    """Outcomes in input order; unreadable inputs are reported where they stand.

    Standard input belongs to this process: it is read here and its bytes handed to a worker.
    """
    queue = iter(items)
    pending: deque[tuple[str, Future[PageOutcome] | PageFailed]] = deque()
    ahead = max(1, settings.workers * AHEAD_PER_WORKER)
    with PagePool(PoolSettings(settings.workers, settings.page_timeout)) as pool:
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < ahead:
                item = next(queue, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, InputProblem):
                    pending.append((item.source, PageFailed.of(item.source, item.error)))
                else:
                    pending.append((item.source, _submit(pool, item.source, settings)))
            if pending:
                source, waiting = pending.popleft()
                yield waiting if isinstance(waiting, PageFailed) else page_outcome(pool, source, waiting)


def _submit(pool: PagePool, source: str, settings: BatchSettings) -> Future[PageOutcome] | PageFailed:
    data = None
    if source == STDIN:
        try:
            data = read_input(STDIN)
        except ScraperError as e:
            return PageFailed.of(source, e)
    # Files are read in the worker: a huge batch never holds more than the pages in flight.
    page = PageInput(source, data, content_type=_content_type(source), pretty=settings.pretty)
    return submit_page(pool, page)
