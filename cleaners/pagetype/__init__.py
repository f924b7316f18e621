"""The page's type (article, forum, product, collection, listing, documentation, service, other),
decided from its structure by a small shipped model; see :mod:`cleaners.pagetype.features`."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.model import PageType
from cleaners.pagetype.classify import PAGE_TYPES, PageTypeGuess, PageTypeModel, page_type_model
from cleaners.pagetype.features import page_features

__all__ = ["PAGE_TYPES", "PageType", "PageTypeGuess", "classify_page"]


def classify_page(
    html: str,
    tree: LexborHTMLParser,
    root: LexborNode,
    *,
    url: str | None,
    jsonld_types: frozenset[str],
    og_type: str | None,
    has_author: bool = False,
    has_date: bool = False,
    model: PageTypeModel | None = None,
) -> PageTypeGuess:
    """The type of the page, read before any boilerplate is removed (its chrome is evidence); an
    author and a publication date are the page's own evidence of being an article. ``model``:
    another model than the shipped one (see :class:`cleaners.config.ExtractConfig`)."""
    features = page_features(
        html, tree, root, url=url, jsonld_types=jsonld_types, og_type=og_type, has_author=has_author, has_date=has_date
    )
    return (model or page_type_model()).predict(features)
