"""URL normalisation (one spelling per page) and the job's scope (which URLs it may fetch).

Normalising is courlan's: lower-case scheme and host, default ports dropped, query parameters
sorted and tracking parameters (``utm_*``, ``fbclid``...) removed. We add: relative links
resolved against their page, dot segments removed, the fragment dropped, only http and https.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan

from scraper.crawl.file_types import is_not_page

if TYPE_CHECKING:
    from scraper.crawl.job import Job

_SCHEMES = ("http", "https")


_ABSOLUTE = re.compile(r"^https?://", re.IGNORECASE)


def normalize_url(href: str, base: str | None = None) -> str | None:
    """The normal form of ``href`` (resolved against ``base``), or None when it is not a web URL.

    None is not a failure here: most links of a page (``mailto:``, ``javascript:``, broken
    ones) are simply not crawlable, and the caller drops them. Absolute and root-relative
    links, which a site's menus repeat on every page, are normalised once per origin.
    """
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    if _ABSOLUTE.match(href):
        return _resolved_once(href, None)
    if base and href.startswith("/") and not href.startswith("//"):
        try:
            parts = urlsplit(base)
        except ValueError:
            return None
        return _resolved_once(href, f"{parts.scheme}://{parts.netloc}/")
    return _resolved(href, base)


@lru_cache(maxsize=65536)
def _resolved_once(href: str, origin: str | None) -> str | None:
    """:func:`_resolved` of a link that depends on its page's origin only."""
    return _resolved(href, origin)


def _resolved(href: str, base: str | None) -> str | None:
    try:
        absolute = urljoin(base, href) if base else href
        parts = urlsplit(absolute)
        if parts.scheme.lower() not in _SCHEMES or not parts.hostname or parts.port == 0:
            return None  # (.port raises ValueError for a port out of range: not crawlable either)
        path = remove_dot_segments(parts.path or "/")
        absolute = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    except ValueError:
        return None
    return _normal_form(absolute)


@lru_cache(maxsize=65536)
def _normal_form(absolute: str) -> str | None:
    """courlan's normal form of an absolute URL, fragment dropped. Cached: a site's menus and
    related links repeat on every page, and courlan takes a fifth of a millisecond a URL."""
    try:
        normal: str = courlan.normalize_url(absolute, strict=False)
    except ValueError:
        return None
    normal_parts = urlsplit(normal)
    if normal_parts.scheme not in _SCHEMES or not normal_parts.hostname:
        return None
    return urlunsplit(normal_parts._replace(fragment=""))


def remove_dot_segments(path: str) -> str:
    """``path`` without "." and ".." segments (RFC 3986, 5.2.4); empty segments are kept.

    Joining the path to its URL with ``urljoin`` did this before, but a path that starts with
    "//" is then read as a host ("http://a.test//x/." became "http://x/"), so the normal form
    of a URL was not its own normal form.
    """
    segments = path.split("/")
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments[-1] in (".", ".."):
        kept.append("")  # "/a/b/.." is the folder "/a/"
    return "/".join(kept) or "/"


def host_of(url: str) -> str:
    """The lower-case host name of a normalised URL."""
    return (urlsplit(url).hostname or "").lower()


def _in_domains(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which URLs a job may queue: allowed hosts, then include and exclude patterns."""

    domains: tuple[str, ...]
    include: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]

    @classmethod
    def for_job(cls, job: Job) -> Scope:
        """Allowed domains as configured, else the hosts of the job's own URLs."""
        domains = job.follow.allowed_domains or tuple(
            sorted({host_of(u) for u in (*job.start_urls, *job.sitemaps, *job.feeds)})
        )
        return cls(
            domains=domains,
            include=tuple(re.compile(p) for p in job.follow.include),
            exclude=tuple(re.compile(p) for p in job.follow.exclude),
        )

    def allows(self, url: str) -> bool:
        """True when ``url`` (normalised) is on an allowed host, is not a file such as an image, a
        PDF or a sitemap (by its path's extension), and passes the patterns."""
        if not _in_domains(host_of(url), self.domains) or is_not_page(urlsplit(url).path):
            return False
        if any(p.search(url) for p in self.exclude):
            return False
        return not self.include or any(p.search(url) for p in self.include)

    def allows_document(self, url: str) -> bool:
        """Seeds, sitemaps and feeds need only be on an allowed host: patterns select pages."""
        return _in_domains(host_of(url), self.domains)
