"""Discovery at the start of a run: seeds, robots.txt ``Sitemap:`` lines, sitemaps (recursively), feeds.

Sitemap indexes are followed breadth first with limits on depth and on the number of
sitemaps read; a sitemap seen twice (an index loop) is read once. A refused or broken document
is reported and skipped: discovery never stops the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from scraper.crawl.feeds import parse_feed
from scraper.crawl.job import Job
from scraper.crawl.sitemaps import Entry, parse_sitemap
from scraper.crawl.state import NewURL
from scraper.crawl.urls import Scope, host_of, normalize_url
from scraper.errors import DiscoveryError, DiscoveryLimitError, FetchError
from scraper.fetch import Fetcher


@dataclass
class DiscoveryResult:
    """What discovery found, and what went wrong along the way."""

    urls: list[NewURL] = field(default_factory=list)
    sitemaps_read: int = 0
    feeds_read: int = 0
    out_of_scope: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, url, message)

    def note_error(self, error: Exception, url: str) -> None:
        self.errors.append((type(error).__name__, url, str(error)))


class Discovery:
    """Runs the discovery steps of one job with the run's fetcher."""

    def __init__(self, job: Job, fetcher: Fetcher, scope: Scope,
                 on_progress: Callable[[DiscoveryResult], None] | None = None) -> None:
        self._job = job
        self._fetcher = fetcher
        self._scope = scope
        self._on_progress = on_progress
        self.result = DiscoveryResult()

    def _add(self, entries: list[Entry], origin: str, base: str) -> None:
        for entry in entries:
            url = normalize_url(entry.url, base)
            # Seeds are the user's own choice: only the host rule applies to them, not the patterns.
            allowed = self._scope.allows_document if origin == "seed" else self._scope.allows
            if url is None or not allowed(url):
                self.result.out_of_scope += 1
                continue
            self.result.urls.append(NewURL(url, host_of(url), 0, origin, entry.lastmod))

    async def run(self) -> DiscoveryResult:
        """Seeds, then sitemaps (configured and from robots.txt), then feeds."""
        self._add([Entry(u) for u in self._job.start_urls], "seed", "")
        sitemaps = [u for u in (normalize_url(s) for s in self._job.sitemaps) if u]
        if self._job.discovery.robots_sitemaps:
            sitemaps += await self._robots_sitemaps()
        await self._read_sitemaps(sitemaps)
        for feed in self._job.feeds:
            await self._read_feed(feed)
        return self.result

    async def _robots_sitemaps(self) -> list[str]:
        found: list[str] = []
        roots = {normalize_url("/", u) for u in (*self._job.start_urls, *self._job.sitemaps, *self._job.feeds)}
        for root in sorted(r for r in roots if r):
            try:
                listed = await self._fetcher.robots_sitemaps(root)
            except FetchError as e:
                self.result.note_error(e, root)
                continue
            found += [u for u in (normalize_url(s, root) for s in listed) if u]
        return found

    async def _read_sitemaps(self, roots: list[str]) -> None:
        limits = self._job.discovery
        seen: set[str] = set()
        level = list(dict.fromkeys(roots))
        depth = 0
        while level:
            next_level: list[str] = []
            for url in level:
                if url in seen:
                    continue
                if len(seen) >= limits.max_sitemaps:
                    self.result.note_error(DiscoveryLimitError(
                        f"more than {limits.max_sitemaps} sitemaps; the rest are skipped"), url)
                    return
                seen.add(url)
                if not self._scope.allows_document(url):
                    self.result.out_of_scope += 1
                    continue
                try:
                    response = await self._fetcher.fetch_document(url)
                    sitemap = parse_sitemap(response.body, url=url, max_bytes=limits.max_document_bytes,
                                            max_urls=limits.max_urls_per_document)
                except (FetchError, DiscoveryError) as e:
                    self.result.note_error(e, url)
                    continue
                self.result.sitemaps_read += 1
                self._add(list(sitemap.pages), "sitemap", url)
                children = [u for u in (normalize_url(c.url, url) for c in sitemap.children) if u]
                if children and depth >= limits.max_sitemap_depth:
                    self.result.note_error(DiscoveryLimitError(
                        f"sitemap index nested deeper than {limits.max_sitemap_depth}; children skipped"), url)
                    continue
                next_level += [c for c in children if c not in seen]
                if self._on_progress:
                    self._on_progress(self.result)
            level = next_level
            depth += 1

    async def _read_feed(self, feed: str) -> None:
        url = normalize_url(feed)
        if url is None or not self._scope.allows_document(url):
            self.result.out_of_scope += 1
            return
        limits = self._job.discovery
        try:
            response = await self._fetcher.fetch_document(url)
            entries = parse_feed(response.body, url=url, max_bytes=limits.max_document_bytes,
                                 max_urls=limits.max_urls_per_document)
        except (FetchError, DiscoveryError) as e:
            self.result.note_error(e, url)
            return
        self.result.feeds_read += 1
        self._add(list(entries), "feed", url)
        if self._on_progress:
            self._on_progress(self.result)
