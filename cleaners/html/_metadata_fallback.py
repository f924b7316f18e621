"""TEMPORARY stand-in for ``cleaners.metadata.extract_metadata`` until branch html-meta is merged.

Delete this module at that merge; it reads only the obvious tags.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from cleaners.model import Image


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    language_declared: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    url: str | None = None
    lead_image: Image | None = None


def _meta(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get("content") if node is not None else None
    return " ".join(value.split()) or None if value else None


def extract_metadata(tree: LexborHTMLParser, *, url: str | None = None) -> PageMetadata:
    title = _meta(tree, 'meta[property="og:title"]')
    if title is None:
        node = tree.css_first("title")
        title = " ".join(node.text().split()) or None if node is not None else None
    html = tree.css_first("html")
    lang = html.attributes.get("lang") if html is not None else None
    image = _meta(tree, 'meta[property="og:image"]')
    return PageMetadata(
        title=title,
        description=_meta(tree, 'meta[name="description"]'),
        language_declared=lang,
        site_name=_meta(tree, 'meta[property="og:site_name"]'),
        url=url,
        lead_image=Image(url=image) if image else None,
    )
