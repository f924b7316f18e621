"""The :class:`Fetcher`: one polite, bounded, address-checked fetch of a page, as a typed response.

One fetch is: check the URL; check robots.txt for its origin; take the host's politeness slot;
send one request (retried when the failure is transient); follow a redirect by starting again
with the next hop (so each hop is checked as a new URL); and finally turn the body into text.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import replace
from datetime import UTC, datetime
from http.cookiejar import DefaultCookiePolicy
from types import TracebackType

import httpx

from cleaners.decode import decode_bytes, sniff_binary
from cleaners.errors import BinaryInputError, EmptyInputError
from scraper.errors import (
    FetchError,
    FetchTimeoutError,
    FetchTransportError,
    HTTPStatusError,
    ResponseTooLargeError,
    RetryAfterTooLongError,
    TooManyRedirectsError,
    UnsupportedContentError,
    UnsupportedURLError,
)
from scraper.fetch.config import DEFAULT_FETCH_CONFIG, FetchConfig
from scraper.fetch.decompress import ACCEPT_ENCODING, decode_body
from scraper.fetch.httpx_errors import translate_httpx_error
from scraper.fetch.politeness import Clock, Politeness, RequestGate, Sleep
from scraper.fetch.response import FetchResponse, RawResponse
from scraper.fetch.retry import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after
from scraper.fetch.robots import RobotsCache, RobotsStore
from scraper.fetch.safety import GuardedTransport, check_url

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
# decode_bytes names the header's charset "declared"; here the declaration is the header.
_SOURCE_NAMES = {"declared": "header"}


def build_client(config: FetchConfig) -> httpx.AsyncClient:
    """The client a :class:`Fetcher` uses by default: guarded transport, TLS verified, no env proxies."""
    client = httpx.AsyncClient(
        transport=GuardedTransport(config),
        headers={"User-Agent": config.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(
            connect=config.connect_timeout, read=config.read_timeout, write=config.read_timeout, pool=None
        ),
        follow_redirects=False,
        trust_env=False,
    )
    if not config.keep_cookies:
        # A policy that accepts no domain: nothing is ever stored, so nothing crosses hosts.
        client.cookies.jar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return client


class NetworkBudget:
    """Seconds of network time one fetch may still spend; politeness and backoff waits are free."""

    def __init__(self, seconds: float) -> None:
        self.total = seconds
        self.left = seconds

    def exhausted(self) -> FetchTimeoutError:
        # Another attempt would meet the same empty budget: not transient.
        return FetchTimeoutError(
            f"spent the {self.total:g} s of network time one fetch may take", transient=False
        )

    def check(self) -> None:
        """Raise when nothing is left."""
        if self.left <= 0:
            raise self.exhausted()


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


_UNTRANSLATED = (OSError, ValueError, OverflowError)


def _leaf_errors(group: BaseExceptionGroup[BaseException]) -> list[BaseException]:
    leaves: list[BaseException] = []
    for error in group.exceptions:
        leaves.extend(_leaf_errors(error) if isinstance(error, BaseExceptionGroup) else [error])
    return leaves


class Fetcher:
    """Fetches pages politely and safely; use ``async with Fetcher(config) as fetcher``.

    ``client`` replaces the default :func:`build_client` (its transport then decides address
    safety); ``sleep`` and ``clock`` are the time sources of backoff and politeness waits;
    ``gate`` shares each host's turns, and ``robots_store`` the robots.txt answers, with other
    processes (a crawl's workers).
    """

    def __init__(
        self,
        config: FetchConfig = DEFAULT_FETCH_CONFIG,
        *,
        client: httpx.AsyncClient | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        gate: RequestGate | None = None,
        robots_store: RobotsStore | None = None,
    ) -> None:
        self.config = config
        self._client = client if client is not None else build_client(config)
        self._owns_client = client is None
        self._clock = clock
        self._politeness = Politeness(config, clock=clock, sleep=sleep, gate=gate)
        self._robots = RobotsCache(config, exchange=self._fetch_robots_file, clock=clock, store=robots_store)
        self._retry = RetryPolicy(config, sleep=sleep)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if the fetcher made it."""
        if self._owns_client:
            await self._client.aclose()

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None,
        time_limit: float | None = None,
    ) -> FetchResponse:
        """Fetch ``url``; with ``etag``/``last_modified`` a 304 comes back as ``not_modified``.
        ``time_limit`` cuts the network time below ``max_fetch_time`` (a worker's lease ends).

        Raises a :class:`~scraper.errors.FetchError` subclass naming the reason.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._fetch_named(url, headers, document=False, time_limit=time_limit)

    async def fetch_document(self, url: str) -> FetchResponse:
        """Fetch a resource that is not a page (a sitemap, a feed): any media type, raw bytes.

        ``body`` holds the bytes with any ``Content-Encoding`` undone (a ``.gz`` file stays
        gzip) and ``text`` is empty. URL and address checks, robots.txt, politeness, retries
        and size caps apply exactly as for pages.
        """
        return await self._fetch_named(url, {}, document=True)

    async def robots_sitemaps(self, url: str) -> tuple[str, ...]:
        """The ``Sitemap:`` URLs of the robots.txt that governs ``url`` (empty when none)."""
        try:
            rules = await self._robots.rules_for(httpx.URL(url))
        except httpx.InvalidURL as e:
            raise UnsupportedURLError(f"invalid URL: {e}", url=url) from e
        return tuple(rules.parser.sitemaps) if rules.parser is not None else ()

    async def _fetch_named(self, url: str, headers: dict[str, str], *, document: bool,
                           time_limit: float | None = None) -> FetchResponse:
        """Fetch, and name ``url`` on any error that does not name a URL yet."""
        started = self._clock()
        try:
            return await self._follow(url, headers, started, document=document, time_limit=time_limit)
        except FetchError as e:
            if e.url is None:
                e.url = url
            raise

    async def _follow(
        self, url: str, headers: dict[str, str], started: float, *, document: bool = False,
        time_limit: float | None = None,
    ) -> FetchResponse:
        try:
            current = httpx.URL(url)
        except httpx.InvalidURL as e:
            raise UnsupportedURLError(f"invalid URL: {e}") from e
        hops: list[str] = []
        attempts = 0
        limit = self.config.max_fetch_time if time_limit is None else min(time_limit, self.config.max_fetch_time)
        budget = NetworkBudget(limit)
        while True:
            reason = check_url(current)
            if reason:
                raise UnsupportedURLError(reason if not hops else f"redirect to {current}: {reason}")
            if self.config.respect_robots:
                rules = await self._robots.check(current)
                self._politeness.set_crawl_delay(current.host, rules.crawl_delay(self.config.robots_token))
            raw, used = await self._request(current, headers, budget, document=document)
            attempts += used
            location = raw.header("location")
            if raw.status not in _REDIRECTS:
                break
            if not location:
                raise HTTPStatusError(f"HTTP {raw.status} redirect without a Location", status=raw.status)
            hops.append(str(current))
            scheme = _SCHEME.match(location)
            if scheme and scheme.group(1).lower() not in ("http", "https"):
                raise UnsupportedURLError(
                    f"redirect to {location[:100]}: unsupported URL scheme {scheme.group(1)}:; only http and https"
                )
            try:
                current = current.join(location).copy_with(fragment=None)
            except httpx.InvalidURL as e:
                raise UnsupportedURLError(f"redirect to an invalid URL: {e}") from e
            if str(current) in hops:
                raise TooManyRedirectsError(f"redirect loop back to {current}")
            if len(hops) > self.config.max_redirects:
                raise TooManyRedirectsError(f"more than {self.config.max_redirects} redirects")
        elapsed = self._clock() - started
        return self._to_response(url, raw, tuple(hops), attempts, elapsed, document=document)

    async def _request(
        self, url: httpx.URL, headers: dict[str, str], budget: NetworkBudget, *, document: bool = False
    ) -> tuple[RawResponse, int]:
        """One hop with retries: the answer and the attempts it took."""
        attempts = 0

        async def attempt() -> RawResponse:
            nonlocal attempts
            attempts += 1
            async with self._politeness.slot(url.host):
                raw = await self._exchange(
                    url, headers, limit=self.config.max_body_bytes, check_type=not document, budget=budget
                )
            self._judge_status(url, raw)
            return raw

        try:
            return await self._retry.run(attempt), attempts
        except FetchError as e:
            e.attempts = attempts
            raise

    def _judge_status(self, url: httpx.URL, raw: RawResponse) -> None:
        """Raise for error statuses (transient ones retried); note busy and healthy hosts."""
        status = raw.status
        if status in (429, 503):
            retry_after = parse_retry_after(raw.header("retry-after"), ceiling=self.config.retry_after_ceiling)
            self._politeness.slow_down(url.host, retry_after)
        else:
            retry_after = None
            self._politeness.recover(url.host)
        if status in RETRYABLE_STATUSES:
            if retry_after is not None and retry_after > self.config.max_retry_after:
                raise RetryAfterTooLongError(
                    f"HTTP {status}: server asks to retry after {retry_after:.0f} s "
                    f"(over the {self.config.max_retry_after:.0f} s cap)",
                    status=status,
                    retry_after=retry_after,
                )
            raise HTTPStatusError(f"HTTP {status}", status=status, transient=True, retry_after=retry_after)
        if status >= 400:
            raise HTTPStatusError(f"HTTP {status}", status=status)

    async def _fetch_robots_file(self, url: httpx.URL) -> RawResponse:
        """One robots.txt request: polite, bounded, no retry (the cache decides when to retry)."""
        async with self._politeness.slot(url.host):
            return await self._exchange(url, {}, limit=self.config.robots_max_bytes, truncate=True)

    async def _exchange(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        *,
        limit: int,
        truncate: bool = False,
        check_type: bool = False,
        budget: NetworkBudget | None = None,
    ) -> RawResponse:
        """Send one request and read a 2xx body, within ``total_timeout`` and what is left of ``budget``."""
        deadline = self.config.total_timeout
        if budget is not None:
            budget.check()
            deadline = min(deadline, budget.left)
        request = self._client.build_request("GET", url, headers=headers)
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            async with asyncio.timeout(deadline):
                response = await self._client.send(request, stream=True)
                try:
                    return await self._read(response, limit=limit, truncate=truncate, check_type=check_type)
                finally:
                    await response.aclose()
        except TimeoutError as e:
            if budget is not None and deadline < self.config.total_timeout:
                raise budget.exhausted() from e
            raise FetchTimeoutError(f"no complete response within {self.config.total_timeout:g} s") from e
        except httpx.HTTPError as e:
            raise translate_httpx_error(e) from e
        except httpx.InvalidURL as e:
            raise UnsupportedURLError(f"invalid URL in the request or its redirect: {e}") from e
        except _UNTRANSLATED as e:
            raise FetchTransportError(f"request failed: {type(e).__name__}: {e}", transient=False) from e
        except ExceptionGroup as group:
            leaves = _leaf_errors(group)
            known = [leaf for leaf in leaves if isinstance(leaf, FetchError)]
            if known:
                raise known[0] from group
            if all(isinstance(leaf, _UNTRANSLATED) for leaf in leaves):
                first = leaves[0]
                raise FetchTransportError(
                    f"request failed: {type(first).__name__}: {first}", transient=False
                ) from group
            raise
        finally:
            if budget is not None:
                budget.left -= loop.time() - started

    async def _read(
        self, response: httpx.Response, *, limit: int, truncate: bool, check_type: bool
    ) -> RawResponse:
        fetched_at = _utc_now()
        headers = tuple((key, value) for key, value in response.headers.multi_items())
        raw = RawResponse(str(response.url), response.status_code, headers, b"", fetched_at)
        if not 200 <= response.status_code < 300 or response.status_code == 204:
            return raw
        if check_type:
            self._check_declared_type(raw)
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise ResponseTooLargeError(f"Content-Length {declared} is over the {limit} byte cap")
        body = bytearray()
        async for chunk in response.aiter_raw():
            body += chunk
            if len(body) > limit:
                if truncate:
                    del body[limit:]
                    break
                raise ResponseTooLargeError(f"body is over the {limit} byte cap")
        decoded = decode_body(
            bytes(body),
            response.headers.get("content-encoding"),
            limit=self.config.max_decompressed_bytes,
            max_layers=self.config.max_encodings,
        )
        return RawResponse(raw.url, raw.status, headers, decoded, fetched_at)

    def _check_declared_type(self, raw: RawResponse) -> None:
        """Refuse a body declared as something other than HTML before reading it."""
        content_type = raw.header("content-type")
        media = content_type.split(";", 1)[0].strip().lower() if content_type else ""
        if media and media not in self.config.html_types:
            raise UnsupportedContentError(f"not an HTML page (Content-Type {media})")

    def _to_response(
        self,
        requested: str,
        raw: RawResponse,
        hops: tuple[str, ...],
        attempts: int,
        elapsed: float,
        *,
        document: bool = False,
    ) -> FetchResponse:
        bare = FetchResponse(
            requested_url=requested,
            url=raw.url,
            redirects=hops,
            status=raw.status,
            headers=raw.headers,
            body=b"",
            text="",
            encoding="",
            encoding_source="none",
            elapsed=elapsed,
            fetched_at=raw.fetched_at,
            attempts=attempts,
            not_modified=raw.status == 304,
        )
        if raw.status == 304:
            return bare
        if document:
            return replace(bare, body=raw.body)
        binary = sniff_binary(raw.body)
        if binary:
            raise UnsupportedContentError(f"not an HTML page ({binary} sent as {raw.header('content-type')})")
        match = _CHARSET.search(raw.header("content-type") or "")
        try:
            decoded = decode_bytes(raw.body, declared=match.group(1) if match else None, html=True)
        except EmptyInputError:
            return replace(bare, body=raw.body)
        except BinaryInputError as e:
            raise UnsupportedContentError(f"not an HTML page: {e}") from e
        source = _SOURCE_NAMES.get(decoded.method, decoded.method)
        return replace(
            bare, body=raw.body, text=decoded.text, encoding=decoded.encoding, encoding_source=source
        )
