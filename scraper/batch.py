"""Extract many local pages, in order, on one or more processes, with a time limit per page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import cleaners
from scraper.deadline import page_deadline
from scraper.errors import PageTimeoutError, ScraperError
from scraper.inputs import STDIN, InputProblem, InputRef, page_name, read_input
from scraper.memory import release_free_memory

DEFAULT_PAGE_TIMEOUT = 5.0


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
    """workers: processes (1 = in this process); page_timeout: seconds per page (0 = none)."""

    workers: int = 1
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    pretty: bool = False


def extract_page(source: str, settings: BatchSettings) -> PageOutcome:
    """Read and extract one page; every failure becomes a one-line reason."""
    try:
        return _extract_page(source, settings)
    finally:
        release_free_memory()  # a long batch must not keep each large page's high-water mark


def _extract_page(source: str, settings: BatchSettings) -> PageOutcome:
    try:
        with page_deadline(settings.page_timeout):
            data = read_input(source)
            article = cleaners.extract(data, source=source, content_type=_content_type(source))
        return PageDone(source, article.to_json(pretty=settings.pretty))
    except PageTimeoutError:
        return PageFailed(source, f"skipped: took longer than {settings.page_timeout:g} s (--page-timeout)")
    except (cleaners.CleanersError, ScraperError) as e:
        return PageFailed(source, str(e))
    except RecursionError:
        return PageFailed(source, "too deeply nested to extract")
    except MemoryError:
        return PageFailed(source, "out of memory while extracting")
    except Exception as e:  # noqa: BLE001 - one bad page must never lose the others' output
        return PageFailed(source, f"internal error: {type(e).__name__}: {e}")


def _content_type(source: str) -> str | None:
    name = page_name(source).lower()
    if name.endswith((".txt", ".text", ".md")):
        return "text/plain"
    if name.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return "text/html"
    return None


def _extract_star(args: tuple[str, BatchSettings]) -> PageOutcome:
    return extract_page(*args)


def run_batch(items: Iterable[InputRef | InputProblem], settings: BatchSettings) -> Iterator[PageOutcome]:
    """Outcomes in input order; unreadable inputs are reported where they stand."""
    refs = list(items)
    if settings.workers <= 1:
        for item in refs:
            yield extract_page(item.source, settings) if isinstance(item, InputRef) else _problem(item)
        return
    # Standard input belongs to this process: it is read here, the files in the workers.
    sources = [(item.source, settings) for item in refs if isinstance(item, InputRef) and item.source != STDIN]
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        outcomes = pool.map(_extract_star, sources, chunksize=4)
        broken = False
        for item in refs:
            if isinstance(item, InputProblem):
                yield _problem(item)
            elif item.source == STDIN:
                yield extract_page(STDIN, settings)
            elif broken:
                yield PageFailed(item.source, "not extracted: a worker process died")
            else:
                try:
                    yield next(outcomes)
                except BrokenProcessPool:
                    broken = True
                    yield PageFailed(item.source, "worker process died while extracting")


def _problem(item: InputProblem) -> PageFailed:
    return PageFailed(item.source, str(item.error))
