"""One leased URL to one outcome: fetch (conditionally), extract, compare, decide what to write.

Fetches of many pages overlap; extraction and link finding run in the run's worker processes
(:mod:`scraper.pool`), each page under its CPU-time limit, so a hostile page costs its limit
and nothing more, and the event loop stays free to answer SIGTERM. :meth:`PageJudge.decide`
(dedupe and the choice to write) is synchronous, so the runner applies it and commits
without any other page running in between.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from scraper.crawl.dedupe import NearDuplicateIndex
from scraper.crawl.job import Job
from scraper.crawl.output import warc_record
from scraper.crawl.state import FrontierURL, NewURL, PageUpdate
from scraper.crawl.urls import Scope, host_of
from scraper.errors import (
    RobotsDisallowedError,
    RobotsUnavailableError,
    page_failure,
)
from scraper.fetch import Fetcher, FetchResponse
from scraper.pagework import PageArticle, PageFailed, PageInput, run_page
from scraper.pool import PagePool

#: Longest a failed URL waits for its next attempt, whatever the backoff or the server asked.
MAX_RETRY_WAIT = 30 * 86400.0
#: Statuses that say a page that was there is gone for good (not a passing failure).
GONE_STATUSES = (404, 410)


@dataclass(frozen=True, slots=True)
class Fetched:
    """What came back for a leased URL, before any decision."""

    item: FrontierURL
    response: FetchResponse | None = None
    article: PageArticle | None = None
    links: tuple[str, ...] = ()
    #: The fetch's error (robots.txt, HTTP status, network).
    error: Exception | None = None
    #: The extraction's failure (the worker's), when the fetch succeeded.
    failure: PageFailed | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one page: the state update, and the bytes to write, if any."""

    outcome: str
    update: PageUpdate
    line: bytes | None = None
    warc: bytes | None = None
    found: list[NewURL] = field(default_factory=list)
    duplicate_of: str | None = None
    simhash: int | None = None
    #: The article's document (``output.format``), written before its line.
    document: str | None = None


async def fetch_response(fetcher: Fetcher, job: Job, item: FrontierURL, *, time_limit: float | None = None) -> Fetched:
    """Fetch ``item`` (conditionally when we hold validators) within ``time_limit`` seconds of
    network time if given; a failure is this URL's alone."""
    conditional = job.recrawl.conditional
    try:
        response = await fetcher.fetch(
            item.url,
            etag=item.etag if conditional else None,
            last_modified=item.last_modified if conditional else None,
            time_limit=time_limit,
        )
    except Exception as e:  # noqa: BLE001 - a fetch error, or a bug on one URL: it fails alone
        return Fetched(item, error=e)
    return Fetched(item, response)


def needs_extraction(job: Job, fetched: Fetched) -> bool:
    """Whether a fetched page goes to a worker: for its article, its links, or both."""
    response = fetched.response
    if response is None or response.not_modified:
        return False
    return _follows(job, fetched.item) or writes_url(job, fetched.item.url)


async def extract_fetched(pool: PagePool, job: Job, fetched: Fetched) -> Fetched:
    """A fetched page's article and links, from a worker (:mod:`scraper.pagework`)."""
    response = fetched.response
    if response is None or not needs_extraction(job, fetched):
        return fetched
    page = PageInput(response.url, response.text, url=response.url, fetched_at=response.fetched_at,
                     content_type=response.content_type, article=writes_url(job, fetched.item.url),
                     links=_follows(job, fetched.item), crawl=True, document=document_render(job))
    outcome = await run_page(pool, page)
    if isinstance(outcome, PageFailed):
        return replace(fetched, failure=outcome)
    return replace(fetched, article=outcome.article, links=outcome.links)


def document_render(job: Job) -> str | None:
    """How a worker renders the crawl's documents (:func:`scraper.pagework.rendered`), None for none."""
    if job.output.format == "jsonl":
        return None
    return "markdown+front" if job.output.front_matter else job.output.format


def _follows(job: Job, item: FrontierURL) -> bool:
    return job.follow.enabled and item.depth < job.follow.max_depth


def writes_url(job: Job, url: str) -> bool:
    """Whether ``output.url_patterns`` (when set) lets a page at ``url`` be written."""
    patterns = job.output.url_patterns
    return not patterns or any(re.search(p, url) for p in patterns)


class PageJudge:
    """Turns a :class:`Fetched` into a :class:`Decision` by the job's recrawl and output rules."""

    def __init__(self, job: Job, scope: Scope, index: NearDuplicateIndex) -> None:
        self._job = job
        self._scope = scope
        self._index = index

    def decide(self, fetched: Fetched, now: float) -> Decision:
        item, recrawl = fetched.item, self._job.recrawl
        due = now + recrawl.min_interval
        if fetched.error is not None:
            return self._failure(fetched, fetched.error, now)
        if fetched.failure is not None:
            return self._failed(fetched.item, fetched.failure.kind, fetched.failure.reason, now)
        response = fetched.response
        assert response is not None
        if response.not_modified:
            return Decision("not_modified", PageUpdate(item.url, "done", due, now, status=304))
        warc = warc_record(response) if self._job.output.warc else None
        found = self._found(fetched)
        article = fetched.article
        if article is None:
            # Fetched for its links only (output.url_patterns). It keeps no fingerprint; when the
            # job's choice of pages changes, the state drops its validators too (apply_output_filter).
            update = PageUpdate(item.url, "done", due, now, status=response.status, etag=response.etag,
                                last_modified=response.last_modified)
            return Decision("followed", update, warc=warc, found=found)
        base = PageUpdate(item.url, "done", due, now, status=response.status, etag=response.etag,
                          last_modified=response.last_modified, fingerprint=article.fingerprint)
        types = self._job.output.page_types
        if types and article.page_type not in types:
            # A section front, listing or shop page: fetched for its links, not written. It keeps
            # no fingerprint, and when the job's page_types change the state drops its validators
            # (apply_output_filter), so it is then extracted and judged afresh, not "unchanged".
            followed = PageUpdate(item.url, "done", due, now, status=response.status, etag=response.etag,
                                  last_modified=response.last_modified)
            return Decision("followed", followed, warc=warc, found=found)
        if article.word_count < self._job.output.min_words or article.fingerprint is None:
            return Decision("thin", base, warc=warc, found=found)
        if article.fingerprint == item.fingerprint:
            return Decision("unchanged", base, warc=warc, found=found)
        value = article.simhash
        other = self._index.find(item.url, value) if self._job.output.near_duplicate_bits else None
        if other is not None:
            update = replace(base, duplicate_of=other, set_duplicate=True)
            return Decision("duplicate", update, warc=warc, found=found, duplicate_of=other)
        line = (_with_change(article.line, item) + "\n").encode("utf-8")
        update = replace(base, simhash=f"{value:032x}", changed=True, set_duplicate=True)
        return Decision("written", update, line=line, warc=warc, found=found, simhash=value,
                        document=article.document)

    def _failure(self, fetched: Fetched, error: Exception, now: float) -> Decision:
        item, recrawl = fetched.item, self._job.recrawl
        kind, message = type(error).__name__, page_failure(error)
        if isinstance(error, RobotsDisallowedError) and not isinstance(error, RobotsUnavailableError):
            update = PageUpdate(item.url, "excluded", now + recrawl.min_interval, now,
                                error_kind=kind, error=message)
            return Decision("excluded", update)
        status = getattr(error, "status", None)
        if status in GONE_STATUSES and item.succeeded_before:
            update = PageUpdate(item.url, "gone", now + MAX_RETRY_WAIT, now, status=status, error_kind=kind,
                                error=message)
            tombstone = _tombstone(item.url, now) if self._job.output.tombstones else None
            return Decision("gone", update, line=tombstone)
        retry_after = getattr(error, "retry_after", None)
        return self._failed(item, kind, message, now, status=status if isinstance(status, int) else None,
                            retry_after=float(retry_after or 0.0))

    def _failed(self, item: FrontierURL, kind: str, message: str, now: float, *, status: int | None = None,
                retry_after: float = 0.0) -> Decision:
        """A failed attempt: retried after a backoff (or the server's Retry-After), gone after many."""
        recrawl = self._job.recrawl
        attempts = item.attempts + 1
        state = "gone" if attempts >= recrawl.max_failures else "failed"
        backoff = recrawl.retry_interval * 2 ** min(attempts - 1, 30)
        wait = min(max(backoff, retry_after), MAX_RETRY_WAIT)
        update = PageUpdate(item.url, state, now + wait, now, attempts=attempts, status=status, error_kind=kind,
                            error=message)
        return Decision("failed", update)

    def _found(self, fetched: Fetched) -> list[NewURL]:
        depth = fetched.item.depth + 1
        return [NewURL(url, host_of(url), depth, "link") for url in fetched.links if self._scope.allows(url)]


def _with_change(line: str, item: FrontierURL) -> str:
    """The article line with the crawl's ``change`` (and the replaced record's fingerprint)."""
    if not item.written:
        return line[:-1] + ',"change":"new"}'
    previous = json.dumps(item.written_fingerprint)
    return line[:-1] + f',"change":"updated","previous_fingerprint":{previous}}}'


def _tombstone(url: str, now: float) -> bytes:
    """The line that tells a reader of the output that ``url`` is gone."""
    seen = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
    return (json.dumps({"url": url, "status": "gone", "seen_at": seen}, ensure_ascii=False) + "\n").encode("utf-8")
