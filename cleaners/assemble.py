"""The last pipeline step: derive text, word count and fingerprint from the body, build the Article."""

from __future__ import annotations

from collections.abc import Sequence

from cleaners.config import DEFAULT_CONFIG, ExtractConfig
from cleaners.fields import FieldCleaner
from cleaners.fingerprint import text_fingerprint, word_count
from cleaners.model import Article, Block, Image, PageType, Removed


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
    page_type: PageType = "other",
    fetched_at: str | None = None,
    lead_image: Image | None = None,
    images: Sequence[Image] = (),
    config: ExtractConfig = DEFAULT_CONFIG,
) -> Article:
    """An Article whose derived fields always agree with its body, and whose metadata fields are
    clean and bounded (:mod:`cleaners.fields`); ``source``, ``url`` and ``fetched_at`` are the
    caller's and kept as given."""
    text = body_text(body)
    limits = config.limits
    fields = FieldCleaner(limits, keep_typographic=config.normalize.keep_typographic_spaces)
    return Article(
        source=source,
        url=url,
        canonical_url=fields.url(canonical_url, "canonical URL"),
        title=fields.text(title, limits.max_title_chars, "title"),
        description=fields.text(description, limits.max_description_chars, "description"),
        authors=fields.authors(authors),
        published=published,
        modified=modified,
        language=language,
        page_type=page_type,
        site_name=fields.text(site_name, limits.max_site_name_chars, "site name"),
        fetched_at=fetched_at,
        lead_image=fields.image(lead_image, "lead image"),
        images=fields.images(images),
        body=list(body),
        text=text,
        word_count=word_count(text),
        fingerprint=text_fingerprint(text),
        removed=[*removed, *fields.removed],
    )
