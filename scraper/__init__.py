"""Fetching, crawling and the ``scrape`` command line, built on :mod:`cleaners`.

One URL to one article in one call::

    from scraper import fetch_article
    article = fetch_article("https://example.org/news/1")   # a cleaners.Article
    print(article.title, article.text)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scraper.article_fetch import fetch_article, fetch_article_async

#: Where each public name lives; imported on first use, so ``import scraper`` stays cheap.
_HOMES = {"fetch_article": "scraper.article_fetch", "fetch_article_async": "scraper.article_fetch"}

__all__ = ["fetch_article", "fetch_article_async"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'scraper' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
