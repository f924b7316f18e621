"""Sitemaps (sitemaps.org, Google News): a document lists pages, or other sitemaps (an index).

Parsing only; :mod:`scraper.crawl.discovery` fetches them and bounds the recursion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar
from xml.etree.ElementTree import Element

from scraper.crawl.xmlsafe import child_text, gunzip_bounded, local_name, parse_xml
from scraper.errors import DiscoveryError, DiscoveryLimitError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed URL and, when known, when it last changed (epoch seconds)."""

    url: str
    lastmod: float | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: ``children`` for an index, ``pages`` for a URL set."""

    children: tuple[Entry, ...] = ()
    pages: tuple[Entry, ...] = ()


def parse_date(value: str | None) -> float | None:
    """Epoch seconds of a W3C date (``2026-11-03``, ``2026-11-03T10:00:00Z``) or an RFC 822 date.

    None when absent or unreadable: a bad date only loses a hint, never the URL.
    """
    if not value:
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _news_date(url_element: Element) -> str | None:
    """Google News sitemaps date a page by ``<news:publication_date>``."""
    for child in url_element:
        if local_name(child) == "news":
            return child_text(child, "publication_date")
    return None


def parse_sitemap(data: bytes, *, url: str, max_bytes: int, max_urls: int) -> Sitemap:
    """Parse one sitemap document (gzip or not; XML or plain text, one URL a line)."""
    text = gunzip_bounded(data, max_bytes, url=url)
    if not text.lstrip().startswith(b"<"):
        lines = [line.strip() for line in text.decode("utf-8", "replace").splitlines() if line.strip()]
        return Sitemap(pages=tuple(Entry(line) for line in _bounded(lines, max_urls, url)))
    root = parse_xml(text, url=url)
    kind = local_name(root)
    if kind not in ("sitemapindex", "urlset"):
        raise DiscoveryError(f"not a sitemap (root element <{kind}>)", url=url)
    entries: list[Entry] = []
    for element in root:
        loc = child_text(element, "loc")
        if not loc:
            continue
        modified = child_text(element, "lastmod")
        if modified is None and kind == "urlset":
            modified = _news_date(element)
        entries.append(Entry(loc, parse_date(modified)))
    entries = _bounded(entries, max_urls, url)
    return Sitemap(children=tuple(entries)) if kind == "sitemapindex" else Sitemap(pages=tuple(entries))


def _bounded(items: list[T], limit: int, url: str) -> list[T]:
    if len(items) > limit:
        raise DiscoveryLimitError(f"lists {len(items)} URLs, over the limit of {limit}", url=url)
    return items
