"""Feeds: RSS 2.0 (and RSS 1.0/RDF), Atom and JSON Feed, read for their item URLs and dates."""

from __future__ import annotations

import json
from xml.etree.ElementTree import Element

from scraper.crawl.sitemaps import Entry, parse_date
from scraper.crawl.xmlsafe import child_text, gunzip_bounded, local_name, parse_xml
from scraper.errors import DiscoveryError, DiscoveryLimitError


def parse_feed(data: bytes, *, url: str, max_bytes: int, max_urls: int) -> tuple[Entry, ...]:
    """The items of one feed, newest information first as listed; raises DiscoveryError."""
    text = gunzip_bounded(data, max_bytes, url=url)
    if text.lstrip()[:1] in (b"{", b"["):
        entries = _json_feed(text, url)
    else:
        root = parse_xml(text, url=url)
        kind = local_name(root)
        if kind == "feed":
            entries = [_atom_entry(e) for e in root if local_name(e) == "entry"]
        elif kind in ("rss", "rdf"):
            items = [e for e in root.iter() if local_name(e) == "item"]
            entries = [_rss_item(e) for e in items]
        else:
            raise DiscoveryError(f"not a feed (root element <{kind}>)", url=url)
    found = [entry for entry in entries if entry is not None]
    if len(found) > max_urls:
        raise DiscoveryLimitError(f"lists {len(found)} items, over the limit of {max_urls}", url=url)
    return tuple(found)


def _rss_item(item: Element) -> Entry | None:
    link = child_text(item, "link")
    if not link:
        for child in item:
            if local_name(child) == "guid" and child.get("isPermaLink", "true") != "false" and child.text:
                link = child.text.strip()
    if not link:
        return None
    return Entry(link, parse_date(child_text(item, "pubdate") or child_text(item, "date")))


def _atom_entry(entry: Element) -> Entry | None:
    href = None
    for child in entry:
        if local_name(child) == "link" and child.get("rel", "alternate") == "alternate" and child.get("href"):
            href = child.get("href")
            break
    if not href:
        return None
    return Entry(href.strip(), parse_date(child_text(entry, "updated") or child_text(entry, "published")))


def _json_feed(text: bytes, url: str) -> list[Entry | None]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise DiscoveryError(f"not a JSON feed: {e}", url=url) from e
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/"):
        raise DiscoveryError("not a JSON Feed (no jsonfeed.org version)", url=url)
    items = data.get("items")
    if not isinstance(items, list):
        raise DiscoveryError("JSON Feed without an items list", url=url)
    entries: list[Entry | None] = []
    for item in items:
        link = item.get("url") if isinstance(item, dict) else None
        if not isinstance(link, str) or not link.strip():
            entries.append(None)
            continue
        date = item.get("date_modified") or item.get("date_published")
        entries.append(Entry(link.strip(), parse_date(date if isinstance(date, str) else None)))
    return entries
