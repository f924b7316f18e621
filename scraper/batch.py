"""Extract many local pages, in input order, in worker processes, with a time limit per page."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass

from scraper.errors import PageTimeoutError, ScraperError, page_failure
from scraper.inputs import STDIN, InputProblem, InputRef, page_name, read_input
from scraper.pool import DEFAULT_PAGE_TIMEOUT, PagePool, PoolSettings

#: Pages queued per worker ahead of the one being written (bounds memory on huge batches).
AHEAD_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class PageDone:
    source: str
    line: str


@dataclass(frozen=True, slots=True)
class PageFailed:
    source: str
    reason: str


PageOutcome = PageDone | PageFailed


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """workers: processes; page_timeout: CPU seconds per page (0 = none)."""

    workers: int = 1
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    pretty: bool = False


def extract_page(source: str, data: bytes | None, pretty: bool) -> PageOutcome:
    """Read (unless ``data`` is given) and extract one page; the usual failures become a reason.

    Runs in a worker process. An unexpected exception (a bug) is left to the pool, which
    reports it for this page alone.
    """
    import cleaners  # in the worker (warm already); the command's own process never needs it

    try:
        content = read_input(source) if data is None else data
        article = cleaners.extract(content, source=source, content_type=_content_type(source))
    except (cleaners.CleanersError, ScraperError, RecursionError, MemoryError) as e:
        return PageFailed(source, page_failure(e))
    return PageDone(source, article.to_json(pretty=pretty))


def _content_type(source: str) -> str | None:
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
                    pending.append((item.source, PageFailed(item.source, str(item.error))))
                else:
                    pending.append((item.source, _submit(pool, item.source, settings)))
            if pending:
                source, waiting = pending.popleft()
                yield waiting if isinstance(waiting, PageFailed) else _outcome(pool, source, waiting, settings)


def _submit(pool: PagePool, source: str, settings: BatchSettings) -> Future[PageOutcome] | PageFailed:
    data = None
    if source == STDIN:
        try:
            data = read_input(STDIN)
        except ScraperError as e:
            return PageFailed(source, str(e))
    return pool.submit(extract_page, source, data, settings.pretty)


def _outcome(pool: PagePool, source: str, future: Future[PageOutcome], settings: BatchSettings) -> PageOutcome:
    try:
        return pool.result(future)
    except PageTimeoutError as e:
        return PageFailed(source, f"skipped: {e} (--page-timeout {settings.page_timeout:g})")
    except Exception as e:  # noqa: BLE001 - a bug on one page (raised in its worker) must not lose the others
        return PageFailed(source, page_failure(e))
