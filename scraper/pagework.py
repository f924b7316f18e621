"""The one page-to-article service of ``extract``, ``fetch`` and crawls, with one error policy.

A :class:`PageInput` goes to a :mod:`scraper.pool` worker, which runs :func:`page_to_article`
under the page's CPU-time limit; the caller gets a :class:`PageDone` or a :class:`PageFailed`
back from :func:`run_page` (async) or :func:`page_outcome` (sync), never an exception. The
documented failures (the cleaners' and the scraper's errors, a page nested too deep, memory)
become a one-line reason in the worker; a bug, a timeout or a dead worker becomes one in the
caller's process; either way only that page fails and the others go on.

This module is imported by the commands' own processes: it imports no extractor code at
module level (the workers, forked warm, have it already).
"""

from __future__ import annotations

import json
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from scraper.errors import page_failure
from scraper.pool import PagePool

if TYPE_CHECKING:
    from cleaners import Article
    from scraper.fetch.response import FetchResponse


@dataclass(frozen=True, slots=True)
class PageInput:
    """One page to turn into an article.

    ``content`` None: the worker reads ``source`` (a local file) itself. ``article`` False: the
    page is read for its links only. ``links``: also find the page's crawlable links.
    ``crawl``: also compute what a crawl's dedupe compares (the simhash of the text).
    """

    source: str
    content: str | bytes | None = None
    url: str | None = None
    fetched_at: str | None = None
    content_type: str | None = None
    pretty: bool = False
    #: What ``PageArticle.line`` holds: ``json`` (the article JSON), ``markdown``, ``markdown+front``
    #: (with YAML front matter), ``txt``, ``html``, or ``csv`` (a JSON list: one CSV row; see
    #: :mod:`cleaners.render`).
    render: str = "json"
    #: A crawl's document of the article, rendered as ``render`` names them, in
    #: ``PageArticle.document`` (None: none).
    document: str | None = None
    article: bool = True
    links: bool = False
    crawl: bool = False

    @classmethod
    def fetched(cls, response: FetchResponse, source: str, *, render: str = "json",
                pretty: bool = False) -> PageInput:
        """A fetched page (``scrape fetch``, a URL given to ``scrape extract``): its decoded text,
        final URL, fetch time and declared type."""
        return cls(source, response.text, url=response.url, fetched_at=response.fetched_at,
                   content_type=response.header("content-type"), render=render, pretty=pretty)


@dataclass(frozen=True, slots=True)
class PageArticle:
    """One article: its JSON line, and what a crawl's dedupe and filters compare."""

    line: str
    fingerprint: str | None
    word_count: int
    page_type: str
    simhash: int = 0
    document: str | None = None


@dataclass(frozen=True, slots=True)
class PageDone:
    """A page's article (None when it was read for its links only) and links."""

    source: str
    article: PageArticle | None
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageFailed:
    """A page that did not become an article: the error's kind (class name) and the one-line reason."""

    source: str
    kind: str
    reason: str

    @classmethod
    def of(cls, source: str, error: BaseException) -> PageFailed:
        return cls(source, type(error).__name__, page_failure(error))


PageOutcome = PageDone | PageFailed


def page_to_article(page: PageInput) -> PageOutcome:
    """Run in a worker: read (when needed), extract, and find links. An unexpected exception (a
    bug) is left to the pool, which fails this page alone (:func:`run_page`)."""
    import cleaners  # warm in the worker already; imported here so callers never load it
    from scraper.errors import ScraperError

    try:
        if page.content is None:
            from scraper.inputs import read_input

            content: str | bytes = read_input(page.source)
        else:
            content = page.content
        links: tuple[str, ...] = ()
        if page.links:
            from scraper.crawl.links import page_links

            links = tuple(page_links(content if isinstance(content, str) else content.decode("utf-8", "replace"),
                                     page.url or page.source))
        if not page.article:
            return PageDone(page.source, None, links)
        extracted = cleaners.extract(content, page.url, source=page.source, fetched_at=page.fetched_at,
                                     content_type=page.content_type)
    except (cleaners.CleanersError, ScraperError, RecursionError, MemoryError) as e:
        return PageFailed.of(page.source, e)
    value = 0
    if page.crawl:
        from scraper.crawl.dedupe import simhash

        value = simhash(extracted.text)
    document = rendered(extracted, replace(page, render=page.document)) if page.document else None
    article = PageArticle(rendered(extracted, page), extracted.fingerprint, extracted.word_count,
                          extracted.page_type, value, document)
    return PageDone(page.source, article, links)


def rendered(article: Article, page: PageInput) -> str:
    """``article`` as ``page.render`` asks."""
    if page.render == "markdown":
        return article.to_markdown()
    if page.render == "markdown+front":
        return article.to_markdown(front_matter=True)
    if page.render == "txt":
        return article.to_text()
    if page.render == "html":
        return article.to_html()
    if page.render == "csv":
        from cleaners.render import csv_row

        return json.dumps(csv_row(article), ensure_ascii=False)
    return article.to_json(pretty=page.pretty)


#: Worker queue priorities (lowest first): a page read for its links only is cheap and leads to
#: more pages, so it goes before the articles waiting for a worker.
LINKS_FIRST, ARTICLES = 0, 1


async def run_page(pool: PagePool, page: PageInput) -> PageOutcome:
    """``page`` through a worker of ``pool``: its outcome, whatever happened to it there."""
    try:
        return await pool.run(page_to_article, page, priority=ARTICLES if page.article else LINKS_FIRST)
    except Exception as e:  # noqa: BLE001 - a bug, a timeout or a dead worker fails this page alone
        return PageFailed.of(page.source, e)


def submit_page(pool: PagePool, page: PageInput) -> Future[PageOutcome]:
    """Queue ``page`` for a worker; :func:`page_outcome` waits for it."""
    return pool.submit(page_to_article, page)


def page_outcome(pool: PagePool, source: str, future: Future[PageOutcome]) -> PageOutcome:
    """The outcome of a page queued by :func:`submit_page`, whatever happened to it in the worker."""
    try:
        return pool.result(future)
    except Exception as e:  # noqa: BLE001 - a bug, a timeout or a dead worker fails this page alone
        return PageFailed.of(source, e)
