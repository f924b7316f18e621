"""A crawl job: the TOML file a user writes, read into frozen settings with errors naming the key.

Every key is optional except ``name``, ``output`` and at least one of ``start_urls``,
``sitemaps`` or ``feeds``. Relative paths are resolved against the job file's folder. Unknown
keys are errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from cleaners.page_kinds import PAGE_TYPES
from scraper.crawl.job_settings import (
    DEFAULT_EXTRACT_WORKERS,
    MIB,
    DiscoverySettings,
    FollowSettings,
    LimitSettings,
    OutputSettings,
    PolitenessSettings,
    RecrawlSettings,
)
from scraper.crawl.tables import Table, format_duration, parse_duration
from scraper.errors import JobError
from scraper.fetch import DEFAULT_USER_AGENT, FetchConfig
from scraper.fetch.config import BOUNDS, DAY
from scraper.fetch.safety import check_url
from scraper.pool import DEFAULT_PAGE_TIMEOUT, MAX_WORKERS

__all__ = ["DiscoverySettings", "FollowSettings", "Job", "JobError", "LimitSettings", "OutputSettings",
           "PolitenessSettings", "RecrawlSettings", "accepted_keys", "format_duration", "load_job", "parse_duration"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: Deepest nesting of arrays and tables a job file may have; real jobs nest two or three levels.
MAX_NESTING = 16
#: Most requests a job may keep in flight (each is a task; the fetcher's global limit follows it).
MAX_CONCURRENCY = 1024


@dataclass(frozen=True, slots=True)
class Job:
    """One crawl job, as validated from its TOML file."""

    name: str
    path: Path
    start_urls: tuple[str, ...]
    sitemaps: tuple[str, ...]
    feeds: tuple[str, ...]
    follow: FollowSettings
    limits: LimitSettings
    politeness: PolitenessSettings
    recrawl: RecrawlSettings
    discovery: DiscoverySettings
    output: OutputSettings
    state_path: Path
    every: float | None
    #: A PostgreSQL state (``[state] url``, or ``SCRAPE_STATE_URL`` in the environment, which wins
    #: so that passwords stay out of job files); None: the SQLite file at ``state_path``.
    state_url: str | None = None
    #: How long a worker's claim on a URL lasts unless renewed (a PostgreSQL state's workers
    #: renew theirs three times per lease; a dead worker's URLs are retried after this long).
    lease_seconds: float = 60.0

    def fetch_config(self) -> FetchConfig:
        """The fetcher settings this job asks for."""
        p = self.politeness
        return FetchConfig(
            user_agent=p.user_agent,
            per_host_delay=p.per_host_delay,
            per_host_concurrency=p.per_host_concurrency,
            global_concurrency=p.concurrency,
            respect_robots=p.respect_robots,
            allow_private=p.allow_private,
            resolve=p.resolve,
            total_timeout=p.timeout,
            max_attempts=p.max_attempts,
            max_retry_after=p.max_retry_after,
        )


def _max_pages(table: Table) -> int:
    """``max_pages``, or its earlier name ``pages_per_run`` (not both)."""
    if "pages_per_run" in table:
        if "max_pages" in table:
            raise JobError("set max_pages only (pages_per_run is its earlier name)", key=table.key("pages_per_run"))
        return table.count("pages_per_run", 1000, record=False)
    return table.count("max_pages", 1000)


def _check_patterns(table: Table, name: str, patterns: tuple[str, ...]) -> None:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as e:
            raise JobError(f"bad regular expression {pattern!r}: {e}", key=table.key(name)) from e


def _check_urls(table: Table, name: str, urls: tuple[str, ...]) -> None:
    for url in urls:
        if not re.match(r"^https?://[^/\s]+", url, re.IGNORECASE):
            raise JobError(f"not an http(s) URL: {url!r}", key=table.key(name))
        try:
            reason = check_url(httpx.URL(url))
        except httpx.InvalidURL as e:
            reason = str(e)
        if reason:
            raise JobError(f"{url!r}: {reason}", key=table.key(name))


def _path(table: Table, name: str, base: Path) -> Path | None:
    value = table.take(name, str, "")
    return (base / value).resolve() if value else None


def _read_follow(top: Table) -> FollowSettings:
    t = top.table("follow")
    follow = FollowSettings(
        enabled=t.take("enabled", bool, False),
        max_depth=t.count("max_depth", 2),
        include=t.strings("include"),
        exclude=t.strings("exclude"),
        allowed_domains=tuple(d.lower().lstrip(".") for d in t.strings("allowed_domains")),
    )
    _check_patterns(t, "include", follow.include)
    _check_patterns(t, "exclude", follow.exclude)
    t.close()
    return follow


def _read_politeness(top: Table) -> PolitenessSettings:
    t = top.table("politeness")
    resolve_table = t.take("resolve", dict, {})
    for host, address in resolve_table.items():
        if not isinstance(address, str):
            raise JobError("expected an address string", key=t.key(f"resolve.{host}"))
        try:
            ipaddress.ip_address(address)
        except ValueError as e:
            raise JobError(f"expected an IP address such as \"127.0.0.1\", got {address!r}",
                           key=t.key(f"resolve.{host}")) from e
    settings = PolitenessSettings(
        per_host_delay=t.number("per_host_delay", 1.0, BOUNDS["per_host_delay"]),
        per_host_concurrency=t.count("per_host_concurrency", 1, minimum=1,
                                     maximum=BOUNDS["per_host_concurrency"][1]),
        concurrency=t.count("concurrency", 8, minimum=1, maximum=MAX_CONCURRENCY),
        respect_robots=t.take("respect_robots", bool, True),
        user_agent=t.header("user_agent", DEFAULT_USER_AGENT),
        timeout=t.number("timeout", 60.0, (0.1, BOUNDS["total_timeout"][1])),
        max_attempts=t.count("max_attempts", 3, minimum=1, maximum=BOUNDS["max_attempts"][1]),
        max_retry_after=t.duration("max_retry_after", 120.0, maximum=BOUNDS["max_retry_after"][1]),
        allow_private=t.take("allow_private", bool, False),
        resolve=tuple(sorted((h.lower(), a) for h, a in resolve_table.items())),
    )
    t.close()
    return settings


def _read_sections(top: Table, base: Path) -> tuple[LimitSettings, RecrawlSettings, DiscoverySettings,
                                                       OutputSettings]:
    t = top.table("limits")
    max_pages, per_host = _max_pages(t), t.count("pages_per_host", 0)
    workers_set = "extract_workers" in t
    extract_workers = t.count("extract_workers", DEFAULT_EXTRACT_WORKERS, minimum=1, maximum=MAX_WORKERS)
    t.close()
    t = top.table("recrawl")
    recrawl = RecrawlSettings(
        min_interval=t.duration("min_interval", 6 * 3600.0),
        use_lastmod=t.take("use_lastmod", bool, True),
        conditional=t.take("conditional", bool, True),
        retry_interval=t.duration("retry_interval", 3600.0),
        max_failures=t.count("max_failures", 3, minimum=1, maximum=100),
    )
    t.close()
    t = top.table("discovery")
    discovery = DiscoverySettings(
        robots_sitemaps=t.take("robots_sitemaps", bool, True),
        max_sitemap_depth=t.count("max_sitemap_depth", 3, maximum=20),
        max_sitemaps=t.count("max_sitemaps", 100, minimum=1, maximum=1_000_000),
        max_document_bytes=t.count("max_document_bytes", 50 * MIB, minimum=1024, maximum=1024 * MIB),
        max_urls_per_document=t.count("max_urls_per_document", 50_000, minimum=1, maximum=10_000_000),
    )
    t.close()
    t = top.table("output")
    output = OutputSettings(
        jsonl=_path(t, "jsonl", base),
        folder=_path(t, "folder", base),
        warc=_path(t, "warc", base),
        min_words=t.count("min_words", 1, maximum=1_000_000),
        url_patterns=t.strings("url_patterns"),
        page_types=t.strings("page_types", ("article",)),
        tombstones=t.take("tombstones", bool, False),
        page_timeout=t.number("page_timeout", DEFAULT_PAGE_TIMEOUT, (0, DAY)),
        near_duplicate_bits=t.count("near_duplicate_bits", 12),
        format=t.take("format", str, "jsonl"),
        front_matter=t.take("front_matter", bool, False),
        documents=_path(t, "documents", base),
    )
    if "workers" in t:  # the earlier name of limits.extract_workers (not both, as for max_pages)
        if workers_set:
            raise JobError("set limits.extract_workers only (output.workers is its earlier name)",
                           key=t.key("workers"))
        extract_workers = t.count("workers", 1, minimum=1, maximum=MAX_WORKERS, record=False)
    limits = LimitSettings(max_pages, per_host, extract_workers)
    if (output.jsonl is None) == (output.folder is None):
        raise JobError("set exactly one of jsonl (a file) or folder (a file per run)", key=t.key("jsonl"))
    _check_patterns(t, "url_patterns", output.url_patterns)
    unknown = [kind for kind in output.page_types if kind not in PAGE_TYPES]
    if unknown:
        raise JobError(f"unknown page type {unknown[0]!r} (one of {', '.join(PAGE_TYPES)})", key=t.key("page_types"))
    if output.near_duplicate_bits > 32:
        raise JobError("at most 32 bits may differ", key=t.key("near_duplicate_bits"))
    output = _with_documents(t, output)
    t.close()
    return limits, recrawl, discovery, output


CRAWL_FORMATS = ("jsonl", "markdown", "txt", "html")
#: The environment variable that names a PostgreSQL state (it wins over the job file's).
STATE_URL_VARIABLE = "SCRAPE_STATE_URL"
MIN_LEASE_SECONDS = 3.0


def _with_documents(t: Table, output: OutputSettings) -> OutputSettings:
    """The output with its documents' folder set (by default ``documents`` beside the JSONL)."""
    if output.format not in CRAWL_FORMATS:
        hint = (" (a crawl keeps its records as JSONL: pandas.read_json(path, lines=True) reads them)"
                if output.format in ("csv", "json") else "")
        raise JobError(f"unknown format {output.format!r} (one of {', '.join(CRAWL_FORMATS)}){hint}",
                       key=t.key("format"))
    if output.format == "jsonl":
        if output.documents is not None or output.front_matter:
            raise JobError("documents and front_matter need a document format (markdown, txt or html)",
                           key=t.key("documents" if output.documents is not None else "front_matter"))
        return output
    if output.front_matter and output.format != "markdown":
        raise JobError("front_matter is for the markdown format", key=t.key("front_matter"))
    if output.documents is not None:
        return output
    beside = output.folder if output.folder is not None else output.jsonl.parent if output.jsonl else None
    assert beside is not None
    return replace(output, documents=beside / "documents")


def load_job(path: str | Path) -> Job:
    """Read and validate the job file at ``path``; raises :class:`JobError` naming the bad key."""
    job_path = Path(path).resolve()
    try:
        data = tomllib.loads(job_path.read_text("utf-8"))
    except FileNotFoundError as e:
        raise JobError(f"{path}: no such job file") from e
    except (OSError, UnicodeDecodeError) as e:
        raise JobError(f"{path}: cannot read the job file ({e})") from e
    except tomllib.TOMLDecodeError as e:
        raise JobError(f"{path}: not valid TOML ({e})") from e
    except RecursionError as e:
        raise JobError(f"{path}: arrays or tables nested too deeply (at most {MAX_NESTING} levels)") from e
    if _nesting(data) > MAX_NESTING:
        raise JobError(f"{path}: arrays or tables nested too deeply (at most {MAX_NESTING} levels)")
    return job_from_mapping(data, job_path)


def _nesting(value: object) -> int:
    """How deeply arrays and tables nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def accepted_keys() -> frozenset[str]:
    """Every key the job format accepts, dotted (``politeness.per_host_delay``)."""
    asked: set[str] = set()
    minimal = {"name": "keys", "start_urls": ["https://example.org/"], "output": {"jsonl": "out.jsonl"}}
    job_from_mapping(minimal, Path("keys.toml").resolve(), asked=asked)
    return frozenset(asked)


def job_from_mapping(data: dict[str, Any], job_path: Path, *, asked: set[str] | None = None) -> Job:
    """Validate an already-parsed job table; paths resolve against ``job_path``'s folder.

    ``asked`` collects every key the format accepts (see :func:`accepted_keys`).
    """
    base = job_path.parent
    top = Table(data, "", asked)
    name = top.take("name", str, "")
    if not _NAME.match(name):
        raise JobError("required: 1 to 64 letters, digits, '.', '_' or '-'", key="name")
    seeds, sitemaps, feeds = top.strings("start_urls"), top.strings("sitemaps"), top.strings("feeds")
    for key, urls in (("start_urls", seeds), ("sitemaps", sitemaps), ("feeds", feeds)):
        _check_urls(top, key, urls)
    if not (seeds or sitemaps or feeds):
        raise JobError("a job needs at least one of start_urls, sitemaps or feeds", key="start_urls")
    follow = _read_follow(top)
    politeness = _read_politeness(top)
    limits, recrawl, discovery, output = _read_sections(top, base)
    t = top.table("state")
    state_path = _path(t, "path", base) or base / f"{job_path.stem}.state.sqlite"
    named_url = t.take("url", str, "")
    state_url = os.environ.get(STATE_URL_VARIABLE) or named_url or None
    if state_url is not None and not state_url.startswith(("postgresql://", "postgres://")):
        raise JobError("a state url is a PostgreSQL address: postgresql://user@host:port/database", key=t.key("url"))
    if state_url is not None and output.warc is not None:
        raise JobError("WARC output is written by a job on a SQLite state, not yet by a fleet on PostgreSQL",
                       key="output.warc")
    lease_seconds = t.duration("lease_seconds", 60.0, maximum=86400.0)
    if lease_seconds < MIN_LEASE_SECONDS:
        raise JobError(f"at least {MIN_LEASE_SECONDS:g} seconds (a lease is renewed every third of it)",
                       key=t.key("lease_seconds"))
    t.close()
    t = top.table("schedule")
    every = t.duration("every", 0.0) or None
    t.close()
    top.close()
    job = Job(name, job_path, seeds, sitemaps, feeds, follow, limits, politeness, recrawl, discovery, output,
              state_path, every, state_url, lease_seconds)
    _check_fetch_config(job)
    return job


def _check_fetch_config(job: Job) -> None:
    try:
        job.fetch_config()
    except ValueError as e:
        raise JobError(str(e), key="politeness") from e

