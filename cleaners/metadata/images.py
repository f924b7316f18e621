"""The lead image: og:image, JSON-LD image, twitter:image or microdata, with alt text and caption.

The caption comes from the page's own ``<figure>`` showing the same image, when there is one.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from cleaners.captions import caption_text
from cleaners.metadata.meta_tags import clean_value
from cleaners.model import Image

_IMAGE_SOURCES = ("src", "data-src", "data-original", "data-lazy-src", "srcset", "data-srcset")
MAX_FIGURES = 40


def absolute_url(url: str | None, base: str | None) -> str | None:
    """``url`` resolved against ``base``; None when it cannot be made absolute (or is a data: URL)."""
    if not url or url.startswith(("data:", "javascript:")):
        return None
    if url.startswith("//") and not base:
        url = "https:" + url
    try:
        resolved = urljoin(base, url) if base else url
        parts = urlsplit(resolved)
    except ValueError:  # "http://[broken": not a URL, so not a usable address
        return None
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return resolved


def _file_key(url: str) -> str:
    """The last path segment, without query or size suffix, to recognise one image under two URLs."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0].lower()


def _figure_details(tree: LexborHTMLParser, image_url: str) -> tuple[str | None, str | None]:
    """(caption, alt) of the first ``<figure>`` whose image has the same file name as ``image_url``."""
    key = _file_key(image_url)
    if not key:
        return None, None
    for index, figure in enumerate(tree.css("figure")):
        if index >= MAX_FIGURES:
            break
        for img in figure.css("img"):
            sources = [img.attributes.get(attr) or "" for attr in _IMAGE_SOURCES]
            urls = [piece.strip().split(" ")[0] for source in sources for piece in source.split(",") if piece.strip()]
            if any(_file_key(found) == key for found in urls):
                caption_node = figure.css_first("figcaption")
                caption = clean_value(caption_text(caption_node)) if caption_node else None
                return caption, clean_value(img.attributes.get("alt"))
    return None, None


def lead_image(
    tree: LexborHTMLParser,
    candidates: list[str | None],
    *,
    base: str | None,
    alt: str | None,
    caption: str | None,
) -> Image | None:
    """The first candidate that resolves to an absolute URL, with its alt text and caption."""
    for candidate in candidates:
        url = absolute_url(clean_value(candidate), base)
        if url is None:
            continue
        figure_caption, figure_alt = _figure_details(tree, url)
        return Image(url=url, caption=caption or figure_caption, alt=alt or figure_alt)
    return None
