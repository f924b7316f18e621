"""A crawl job's settings, one frozen section each, with their documented defaults (the job
file's sections of the same names; :mod:`scraper.crawl.job` reads and checks them)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from scraper.fetch import DEFAULT_USER_AGENT
from scraper.pool import DEFAULT_PAGE_TIMEOUT

MIB = 1024 * 1024
#: Extraction processes of a crawl by default: one per core.
DEFAULT_EXTRACT_WORKERS = os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class FollowSettings:
    """Link following: off unless ``enabled``; seeds are depth 0."""

    enabled: bool = False
    max_depth: int = 2
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: Hosts (and their subdomains) in scope; empty means the hosts of the job's own URLs.
    allowed_domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LimitSettings:
    """Most pages fetched in one pass, overall and per host (0 = no limit).

    ``max_pages`` bounds a first pass over a site with more links than expected (and every
    later pass): the rest stays queued for the next pass. ``--max-pages`` overrides it.
    """

    max_pages: int = 1000
    pages_per_host: int = 0
    #: Worker processes that extract pages (fetching runs in the job's own process): one per
    #: core by default, so extraction never waits on the event loop or the other way round.
    extract_workers: int = DEFAULT_EXTRACT_WORKERS


@dataclass(frozen=True, slots=True)
class PolitenessSettings:
    """Overrides of the fetcher's politeness and safety settings."""

    per_host_delay: float = 1.0
    per_host_concurrency: int = 1
    concurrency: int = 8
    respect_robots: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 60.0
    max_attempts: int = 3
    #: Longest ``Retry-After`` waited for (and longest pause of a host that asked for one).
    max_retry_after: float = 120.0
    #: For intranet crawls and tests only: allow loopback and private addresses.
    allow_private: bool = False
    #: Fixed name-to-address answers (``"site-a.test" = "127.0.0.1"``), like ``curl --resolve``.
    resolve: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RecrawlSettings:
    """When a fetched URL is due again, and how a refetch is made cheap."""

    min_interval: float = 6 * 3600.0
    use_lastmod: bool = True
    conditional: bool = True
    #: A URL that failed is tried again after this long, at most ``max_failures`` runs in a row.
    retry_interval: float = 3600.0
    max_failures: int = 3


@dataclass(frozen=True, slots=True)
class DiscoverySettings:
    """Bounds on sitemap and feed discovery."""

    robots_sitemaps: bool = True
    max_sitemap_depth: int = 3
    max_sitemaps: int = 100
    max_document_bytes: int = 50 * MIB
    max_urls_per_document: int = 50_000


@dataclass(frozen=True, slots=True)
class OutputSettings:
    """Where records go: one JSONL file (``jsonl``) or a file per run in ``folder``."""

    jsonl: Path | None = None
    folder: Path | None = None
    warc: Path | None = None
    #: Articles with fewer words are counted as ``thin`` and not written.
    min_words: int = 1
    #: Regular expressions: when set, only pages whose URL matches one are written; the
    #: others (home pages, section indexes) are fetched for their links only.
    url_patterns: tuple[str, ...] = ()
    #: Page types written (the article's ``page_type``); the others (section fronts, listings,
    #: shop pages) are fetched for their links only. Empty writes every type.
    page_types: tuple[str, ...] = ("article",)
    #: Write a ``{"url", "status": "gone", "seen_at"}`` line when a page is gone (404 or 410).
    tombstones: bool = False
    #: CPU seconds one page may take to extract (and find its links) before it is skipped as
    #: failed and its worker process replaced (0 = no limit).
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    #: Near-duplicate threshold: bits of the 128-bit simhash that may differ (0 = off).
    near_duplicate_bits: int = 12
    #: ``jsonl`` (the records only), or ``markdown``, ``txt`` or ``html``: each written article
    #: also as a document of its own in ``documents`` (:mod:`scraper.crawl.documents`).
    format: str = "jsonl"
    #: Markdown documents open with the article's metadata as YAML front matter.
    front_matter: bool = False
    #: The documents' folder; by default ``documents`` beside the JSONL output.
    documents: Path | None = None

    def filter_signature(self) -> str:
        """The choice of pages to write, as one string: when it changes between passes, the
        pages followed for their links are judged again (:meth:`CrawlState.apply_output_filter`)."""
        return json.dumps({"url_patterns": list(self.url_patterns), "page_types": sorted(self.page_types)})
