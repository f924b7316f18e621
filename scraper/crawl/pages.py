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
from typing import TYPE_CHECKING

from cleaners.errors import CleanersError
from scraper.crawl.dedupe import NearDuplicateIndex
from scraper.crawl.job import Job
from scraper.crawl.output import warc_record
from scraper.crawl.state import FrontierURL, NewURL, PageUpdate
from scraper.crawl.urls import Scope, host_of
from scraper.errors import (
    FetchError,
    RobotsDisallowedError,
    RobotsUnavailableError,
    ScraperError,
    page_failure,
)
from scraper.fetch import Fetcher, FetchResponse
from scraper.pool import PagePool

if TYPE_CHECKING:
    from scraper.pagework import ExtractedPage

#: Longest a failed URL waits for its next attempt, whatever the backoff or the server asked.
MAX_RETRY_WAIT = 30 * 86400.0
#: Statuses that say a page that was there is gone for good (not a passing failure).
GONE_STATUSES = (404, 410)


@dataclass(frozen=True, slots=True)
class Fetched:
    """What came back for a leased URL, before any decision."""

    item: FrontierURL
    response: FetchResponse | None = None
    article: ExtractedPage | None = None
    links: tuple[str, ...] = ()
    error: Exception | None = None


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


async def fetch_page(fetcher: Fetcher, pool: PagePool, job: Job, item: FrontierURL) -> Fetched:
    """Fetch ``item`` (conditionally when we hold validators), then extract its article and links."""
    conditional = job.recrawl.conditional
    try:
        response = await fetcher.fetch(
            item.url,
            etag=item.etag if conditional else None,
            last_modified=item.last_modified if conditional else None,
        )
    except FetchError as e:
        return Fetched(item, error=e)
    except Exception as e:  # noqa: BLE001 - a bug on one URL must not stop the crawl: it fails alone
        return Fetched(item, error=e)
    if response.not_modified:
        return Fetched(item, response)
    follow = job.follow.enabled and item.depth < job.follow.max_depth
    wanted = writes_url(job, item.url)
    if not (follow or wanted):
        return Fetched(item, response)
    from scraper.pagework import crawl_page  # the workers' code: this process never runs it

    try:
        work = await pool.run(crawl_page, response.text, response.url, response.fetched_at, response.content_type,
                              wanted, follow)
    except (CleanersError, ScraperError) as e:
        return Fetched(item, response, error=e)
    except Exception as e:  # noqa: BLE001 - a bug on one page (raised in its worker) must not stop the crawl
        # Recorded as a failed page under the exception's own name, so the report shows it.
        return Fetched(item, response, error=e)
    return Fetched(item, response, work.page, work.links)


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
        response = fetched.response
        assert response is not None
        if response.not_modified:
            return Decision("not_modified", PageUpdate(item.url, "done", due, now, status=304))
        warc = warc_record(response) if self._job.output.warc else None
        found = self._found(fetched)
        article = fetched.article
        if article is None:
            update = PageUpdate(item.url, "done", due, now, status=response.status, etag=response.etag,
                                last_modified=response.last_modified)
            return Decision("followed", update, warc=warc, found=found)
        base = PageUpdate(item.url, "done", due, now, status=response.status, etag=response.etag,
                          last_modified=response.last_modified, fingerprint=article.fingerprint)
        types = self._job.output.page_types
        if types and article.page_type not in types:
            # A section front, listing or shop page: fetched for its links, not written. Neither
            # its fingerprint nor its validators are kept, so a job whose page_types change
            # later extracts and judges it afresh (not "unchanged", not a 304).
            followed = PageUpdate(item.url, "done", due, now, status=response.status)
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
        return Decision("written", update, line=line, warc=warc, found=found, simhash=value)

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
        attempts = item.attempts + 1
        state = "gone" if attempts >= recrawl.max_failures else "failed"
        retry_after = getattr(error, "retry_after", None)
        backoff = recrawl.retry_interval * 2 ** min(attempts - 1, 30)
        wait = min(max(backoff, float(retry_after or 0.0)), MAX_RETRY_WAIT)
        update = PageUpdate(item.url, state, now + wait, now, attempts=attempts,
                            status=status if isinstance(status, int) else None, error_kind=kind, error=message)
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
