"""One pass of a crawl job: lock, recover, discover, fetch what is due, write, report.

Pages are fetched concurrently (``politeness.concurrency`` fetches in flight, the fetcher
keeping each host's pace) and extracted in ``limits.extract_workers`` processes. Fetching goes
on while the workers start or are busy, within the bounds of :mod:`scraper.crawl.frontier`, so
neither side idles for the other. Each page ends in
:meth:`CrawlRun._finish_page`, which has no ``await``: the dedupe decision, the output append
and the state transaction of one page never interleave with another's.

A stop (SIGTERM, SIGINT) ends discovery at once and gives the pages in flight ``STOP_GRACE``
seconds to finish and commit; the rest are abandoned (their requests closed, their worker
processes stopped) and their URLs go back to pending. A pass so stops within about
``STOP_GRACE`` plus a few seconds, whatever a server or a page is doing.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

from scraper.crawl.dedupe import NearDuplicateIndex
from scraper.crawl.discovery import Discovery, DiscoveryResult
from scraper.crawl.frontier import LEASE_SECONDS, RunFrontier
from scraper.crawl.job import Job
from scraper.crawl.leases import LeaseKeeper
from scraper.crawl.output import RunOutputs
from scraper.crawl.pages import (
    Decision,
    Fetched,
    PageJudge,
    extract_fetched,
    fetch_response,
    needs_extraction,
)
from scraper.crawl.report import RunReport, RunStats
from scraper.crawl.state import FrontierURL, PageCommit, RecordWrite
from scraper.crawl.state_backend import StateBackend
from scraper.crawl.urls import Scope
from scraper.errors import CrawlError, ScraperError
from scraper.fetch import Fetcher
from scraper.fetch.politeness import RequestGate
from scraper.fetch.robots import RobotsStore
from scraper.pool import PagePool, PoolSettings

#: Error samples kept in the report.
MAX_ERROR_SAMPLES = 50
#: URLs listed per outcome (thin, excluded, gone, followed), and near-duplicate pairs, in the report.
MAX_URL_SAMPLES = 100
#: Outcomes whose URLs the report lists (failures have their own samples, with the error).
SAMPLED_OUTCOMES = ("thin", "excluded", "gone", "followed")
#: Seconds the pages in flight get to finish and commit after a stop is requested.
STOP_GRACE = 10.0
#: A group commit (one fsync, one transaction) every this many finished pages, or every
#: ``COMMIT_SECONDS``, whichever comes first, and before new URLs are leased.
COMMIT_PAGES = 64
COMMIT_SECONDS = 0.5
#: A pass on a shared frontier that has run out of work looks again this often while other
#: workers hold URLs (they may find links, or die and let their leases expire).
FLEET_POLL_SECONDS = 1.0

Observer = Callable[[RunStats], None]
T = TypeVar("T")


class CrawlRun:
    """Runs one pass of ``job``; use :func:`run_job` unless you need the pieces."""

    def __init__(self, job: Job, state: StateBackend, outputs: RunOutputs, run: str, report: RunReport,
                 *, observer: Observer | None = None, stop: asyncio.Event | None = None, discover: bool = True,
                 gate: RequestGate | None = None, robots: RobotsStore | None = None) -> None:
        self.job = job
        self.state = state
        self.outputs = outputs
        self.run = run
        self.report = report
        self.stats = RunStats()
        self.scope = Scope.for_job(job)
        self.index = NearDuplicateIndex(job.output.near_duplicate_bits)
        for url, value in state.written_simhashes():
            self.index.add(url, value)
        self.judge = PageJudge(job, self.scope, self.index)
        self._observer = observer
        self._stop = stop or asyncio.Event()
        lease_seconds = job.lease_seconds if state.shared else LEASE_SECONDS
        self._frontier = RunFrontier(job, state, run, lease_seconds=lease_seconds)
        self.leases = LeaseKeeper(state, run, lease_seconds)
        self._discover = discover
        self._gate = gate
        self._robots = robots
        self._wake = asyncio.Condition()
        self._fatal: BaseException | None = None
        #: URLs whose page was in flight when the stop's grace ran out.
        self._abandoned: list[str] = []
        #: Finished pages (appended to the output) waiting for their group commit.
        self._pending: list[PageCommit] = []
        #: Links those pages found (in scope), not yet in the state.
        self._pending_links = 0
        #: A shared state's pass looked for work once more after no worker held any (see _next).
        self._looked_last = False
        #: Pages handed to the extraction workers (their tasks, oldest first).
        self._extracting: dict[asyncio.Task[None], None] = {}

    def _notify(self) -> None:
        if self._observer:
            self._observer(self.stats)

    async def execute(self) -> None:
        pool = PagePool(PoolSettings(self.job.limits.extract_workers, self.job.output.page_timeout))
        # The workers start (and warm the extractor) in a thread while discovery reads the
        # sitemaps and feeds: starting them on the event loop would hold every fetch for seconds.
        # Pages are fetched meanwhile; their extraction waits for the workers.
        starting = pool.start_in_background()
        try:
            async with Fetcher(self.job.fetch_config(), gate=self._gate, robots_store=self._robots) as fetcher:
                found = await self._unless_stopped(Discovery(self.job, fetcher, self.scope).run()) \
                    if self._discover else DiscoveryResult()
                if found is not None and not self._stop.is_set():
                    if self._discover:
                        self._record_discovery(found)
                    await self._crawl(fetcher, pool)
            try:
                await starting
            except ScraperError as e:  # the workers never started: every page failed with this error too
                self.stats.errors[type(e).__name__] += 1
                self._sample(type(e).__name__, "(extraction workers)", str(e))
        finally:
            pool.close(wait=not self._stop.is_set())
        if self._fatal is not None:
            raise self._fatal

    async def _unless_stopped(self, work: Awaitable[T]) -> T | None:
        """``work``'s result, or None when a stop came first (``work`` is then cancelled)."""
        task = asyncio.ensure_future(work)
        stopped = asyncio.ensure_future(self._stop.wait())
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if task.done():
            return task.result()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return None

    async def _crawl(self, fetcher: Fetcher, pool: PagePool) -> None:
        now = time.time()
        self.report.skipped_by_lastmod = self.state.skipped_by_lastmod(now, use_lastmod=self.job.recrawl.use_lastmod)
        self.stats.queued = self.state.due_count(now, use_lastmod=self.job.recrawl.use_lastmod)
        self._notify()
        workers = [asyncio.create_task(self._worker(fetcher, pool)) for _ in range(self.job.politeness.concurrency)]
        watcher = asyncio.create_task(self._watch_stop())
        committer = asyncio.create_task(self._commit_every_moment())
        renewer = asyncio.create_task(self._keep_leases())
        try:
            await self._until_done_or_stopped(workers)
        finally:
            watcher.cancel()
            committer.cancel()
            renewer.cancel()
            tasks = [*workers, *self._extracting]
            for task in tasks:
                task.cancel()
            outcomes = await asyncio.gather(*tasks, return_exceptions=True)
            if self._fatal is None:
                self._commit_pending()
            leftover = [item.url for item in self._frontier.waiting] + self._abandoned
            if leftover and self._fatal is None:
                self.state.release(leftover, self.run)
        errors = [e for e in outcomes if isinstance(e, BaseException) and not isinstance(e, asyncio.CancelledError)]
        if errors:
            raise errors[0]

    async def _until_done_or_stopped(self, workers: list[asyncio.Task[None]]) -> None:
        """Wait for the workers and the extractions they started; once a stop is requested, give
        them ``STOP_GRACE`` seconds more."""
        stopped = asyncio.ensure_future(self._stop.wait())

        def running() -> set[asyncio.Future[Any]]:
            return {task for task in workers if not task.done()} | set(self._extracting)

        try:
            while (remaining := running()) and not stopped.done():
                await asyncio.wait(remaining | {stopped}, return_when=asyncio.FIRST_COMPLETED)
            if running():
                # Fetched pages still queued for a worker go back to the frontier at once; the
                # pages in the workers and the fetches in flight get the grace.
                for task in list(self._extracting)[self.job.limits.extract_workers:]:
                    task.cancel()
                if left := running():
                    await asyncio.wait(left, timeout=STOP_GRACE)
        finally:
            stopped.cancel()

    async def _watch_stop(self) -> None:
        """Wake idle workers when a stop is requested, so they see it and return."""
        await self._stop.wait()
        async with self._wake:
            self._wake.notify_all()

    def _record_discovery(self, found: DiscoveryResult) -> None:
        self.state.add_urls(found.urls, time.time(), use_lastmod=self.job.recrawl.use_lastmod)
        for kind, url, message in found.errors:
            self.stats.errors[kind] += 1
            self._sample(kind, url, message)
        self.report.discovery = {"sitemaps": found.sitemaps_read, "feeds": found.feeds_read,
                                 "urls": len(found.urls), "out_of_scope": found.out_of_scope,
                                 "errors": len(found.errors)}

    def _sample(self, kind: str, url: str, message: str) -> None:
        if len(self.report.error_samples) < MAX_ERROR_SAMPLES:
            self.report.error_samples.append({"kind": kind, "url": url, "message": message})

    async def _next(self) -> FrontierURL | None:
        """Wait for a URL to work on; None when the pass is over."""
        frontier = self._frontier
        async with self._wake:
            while True:
                if self._stop.is_set() or not frontier.budget_left():
                    return None
                item = frontier.take()
                if item is not None:
                    self._looked_last = False
                    self.stats.in_flight = frontier.in_progress
                    return item
                starved = not frontier.waiting and frontier.exhausted and frontier.extracting < COMMIT_PAGES
                if self._pending and (self._pending_links if starved else not frontier.in_progress):
                    # Links found by finished pages are leased once committed: commit now when
                    # nothing else is left to fetch and the workers' backlog runs low (a deep one
                    # keeps them busy until the next timed commit), or when the pass would end.
                    self._commit_pending()
                    continue
                if frontier.over():
                    if not (frontier.exhausted and self.state.shared):
                        return None
                    if not self.state.leased_elsewhere(self.run, time.time()):
                        if self._looked_last:
                            return None
                        # Nobody holds a URL now, but a worker may have just given some back.
                        self._looked_last = True
                    else:
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(self._wake.wait(), FLEET_POLL_SECONDS)
                    frontier.look_again()
                    continue
                await self._wake.wait()

    async def _worker(self, fetcher: Fetcher, pool: PagePool) -> None:
        """Fetch pages one after another; each fetched page is finished here or handed to a task
        that waits for its extraction, so this worker fetches the next one meanwhile."""
        while True:
            item = await self._next()
            if item is None:
                async with self._wake:
                    self._wake.notify_all()
                return
            handed_over = 0
            try:
                with self._page_guard(item.url):
                    time_left = await self.leases.time_left(item)
                    if time_left is None:
                        self._frontier.uncount(item)
                        continue  # another worker holds it now: not fetched, not counted
                    fetched = await fetch_response(fetcher, self.job, item, time_limit=time_left)
                    if needs_extraction(self.job, fetched) and fetched.response is not None:
                        handed_over = len(fetched.response.body) + len(fetched.response.text)
                        task = asyncio.create_task(self._extract_and_finish(pool, fetched, handed_over))
                        self._extracting[task] = None
                        task.add_done_callback(self._forget)
                    else:
                        self._finish_page(fetched)
            finally:
                async with self._wake:
                    self._frontier.fetch_done(item, backlog_bytes=handed_over)
                    self.stats.in_flight = self._frontier.in_progress
                    self._wake.notify_all()

    @contextlib.contextmanager
    def _page_guard(self, url: str) -> Iterator[None]:
        """One page's work: cancelled by the end of a stop's grace, its URL is fetched again next
        pass; an output or state error stops the pass."""
        try:
            yield
        except asyncio.CancelledError:
            self._abandoned.append(url)
            raise
        except (CrawlError, OSError) as e:
            self._fatal = e
            self._stop.set()

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._extracting.pop(task, None)

    async def _extract_and_finish(self, pool: PagePool, fetched: Fetched, size: int) -> None:
        try:
            with self._page_guard(fetched.item.url):
                self._finish_page(await extract_fetched(pool, self.job, fetched))
        finally:
            async with self._wake:
                self._frontier.extraction_done(size)
                self.stats.in_flight = self._frontier.in_progress
                self._wake.notify_all()

    def _finish_page(self, fetched: Fetched) -> None:
        """Decide and append (synchronous, so no other page interleaves); the commit follows
        with the pages finished about the same time (:meth:`_commit_pending`)."""
        now = time.time()
        decision = self.judge.decide(fetched, now)
        record = self._append(decision)
        self._pending.append(PageCommit(decision.update, record, decision.found, fetched.item.epoch))
        self._pending_links += len(decision.found)
        self._after_decision(fetched, decision)
        if len(self._pending) >= COMMIT_PAGES:
            self._commit_pending()

    def _commit_pending(self) -> None:
        """fsync the outputs, then commit every finished page in one transaction (a group commit).

        A crash before the commit leaves complete lines past the committed length: the next pass
        adopts them (none is written twice) and fetches those pages again.
        """
        if not self._pending:
            return
        pages, self._pending, self._pending_links = self._pending, [], 0
        try:
            for log in self.outputs.logs():
                log.sync()
            added, left_out = self.leases.commit(pages, self.outputs.pending_offsets(),
                                                 use_lastmod=self.job.recrawl.use_lastmod)
        except BaseException as e:
            self.outputs.rollback_after(e)
            raise
        self.outputs.committed()
        for url in left_out:
            self.index.remove(url)
        self.stats.queued += added
        self._frontier.look_again()
        self._notify()

    async def _keep_leases(self) -> None:
        """Renew a shared state's leases while the pass works; a state error stops the pass."""
        try:
            await self.leases.keep_renewed(lambda: sum(self.stats.outcomes.values()))
        except CrawlError as e:
            self._fatal = e
            self._stop.set()

    async def _commit_every_moment(self) -> None:
        """Commit finished pages at least every ``COMMIT_SECONDS``, however few they are."""
        while True:
            await asyncio.sleep(COMMIT_SECONDS)
            async with self._wake:
                try:
                    self._commit_pending()
                except (CrawlError, OSError) as e:
                    self._fatal = e
                    self._stop.set()
                    return
                self._wake.notify_all()  # the committed pages' links may be leased now

    def _append(self, decision: Decision) -> RecordWrite | None:
        record = None
        documents = self.outputs.documents
        try:
            if documents is not None and decision.document is not None:
                documents.write(decision.update.url, decision.document)  # before its line: see documents.py
            elif documents is not None and decision.outcome == "gone" and self.job.output.tombstones:
                documents.remove(decision.update.url)
            jsonl, url, fingerprint = self.outputs.jsonl, decision.update.url, decision.update.fingerprint
            if decision.line is not None and jsonl is None:  # the state keeps the articles
                record = RecordWrite(url, fingerprint, "", 0, 0, line=decision.line, document=decision.document)
            elif decision.line is not None and jsonl is not None:
                start, end = jsonl.append(decision.line, sync=False)
                record = RecordWrite(url, fingerprint, jsonl.key, start, end)
            if decision.warc is not None and self.outputs.warc is not None:
                self.outputs.warc.append(decision.warc, sync=False)
        except BaseException as e:
            self._pending.clear()  # their bytes are cut with this page's: they are fetched again
            self.outputs.rollback_after(e)
            raise
        return record

    def _after_decision(self, fetched: Fetched, decision: Decision) -> None:
        url = fetched.item.url
        if decision.outcome == "excluded":
            # robots.txt refused it before any request: it does not use the page budget.
            self._frontier.uncount(fetched.item)
        if decision.simhash is not None:
            self.index.add(url, decision.simhash)
        if decision.duplicate_of is not None:
            self.index.remove(url)
            if len(self.report.duplicates) < MAX_URL_SAMPLES:
                self.report.duplicates.append({"url": url, "duplicate_of": decision.duplicate_of})
        if decision.outcome in SAMPLED_OUTCOMES:
            listed = self.report.samples.setdefault(decision.outcome, [])
            if len(listed) < MAX_URL_SAMPLES:
                listed.append(url)
        self.stats.outcomes[decision.outcome] += 1
        if decision.outcome == "failed" and decision.update.error_kind:
            self.stats.errors[decision.update.error_kind] += 1
            self._sample(decision.update.error_kind, url, decision.update.error or "")
        self.stats.queued = max(0, self.stats.queued - 1)
        self._notify()
