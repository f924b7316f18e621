"""The page types an article can have (``Article.page_type``), in a module light enough for a
program that only names them (a crawl job's ``output.page_types``)."""

from __future__ import annotations

from typing import Literal, get_args

PageType = Literal["article", "forum", "product", "collection", "listing", "documentation", "service", "other"]
PAGE_TYPES: tuple[str, ...] = get_args(PageType)
