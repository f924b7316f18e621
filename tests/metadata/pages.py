"""Helpers for the metadata tests: parse a hand-written page and read its metadata."""

from __future__ import annotations

from datetime import UTC, datetime

from selectolax.lexbor import LexborHTMLParser

from cleaners.metadata import PageMetadata, extract_metadata

FIXED_NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def page_metadata(html: str, *, url: str | None = None, now: datetime = FIXED_NOW) -> PageMetadata:
    return extract_metadata(LexborHTMLParser(html), url=url, now=now)
