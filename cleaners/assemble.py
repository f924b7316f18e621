"""The last pipeline step: derive text, word count and fingerprint from the body, build the Article."""

from __future__ import annotations

from collections.abc import Sequence

from cleaners.fingerprint import text_fingerprint, word_count
from cleaners.model import Article, Block, Image, Removed


def body_text(body: Sequence[Block]) -> str:
    """The body blocks' text joined by blank lines: what ``Article.text`` holds."""
    return "\n\n".join(block.text for block in body if block.text)


def build_article(
    *,
    body: Sequence[Block],
    removed: Sequence[Removed],
    source: str | None = None,
    url: str | None = None,
    canonical_url: str | None = None,
    title: str | None = None,
    description: str | None = None,
    authors: Sequence[str] = (),
    published: str | None = None,
    modified: str | None = None,
    language: str | None = None,
    site_name: str | None = None,
    fetched_at: str | None = None,
    lead_image: Image | None = None,
    images: Sequence[Image] = (),
) -> Article:
    """An Article whose derived fields always agree with its body."""
    text = body_text(body)
    return Article(
        source=source,
        url=url,
        canonical_url=canonical_url,
        title=title,
        description=description,
        authors=list(authors),
        published=published,
        modified=modified,
        language=language,
        site_name=site_name,
        fetched_at=fetched_at,
        lead_image=lead_image,
        images=list(images),
        body=list(body),
        text=text,
        word_count=word_count(text),
        fingerprint=text_fingerprint(text),
        removed=list(removed),
    )
