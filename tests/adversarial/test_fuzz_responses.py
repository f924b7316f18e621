"""Random responses from the hostile server through the whole response path: fetch, decode,
extract. Whatever a server sends, the only exceptions are those of the documented trees."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import zlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import CleanersError
from scraper.errors import ScraperError
from scraper.fetch import FetchConfig, Fetcher
from scraper.pagework import PageFailed, PageInput, page_to_article
from tests.adversarial.conftest import Hostile

CONFIG = FetchConfig(
    allow_private=True, per_host_delay=0.0, respect_robots=False, max_attempts=2, backoff_initial=0.0,
    backoff_jitter=0.0, connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0, max_fetch_time=10.0,
    max_retry_after=1.0, max_body_bytes=256 * 1024, max_decompressed_bytes=1024 * 1024,
)
CHARSETS = ["utf-8", "utf-16", "utf-16be", "utf-32", "latin1", "windows-1252", "shift_jis", "gb18030", "koi8-r",
            "punycode", "undefined", "unicode_escape", "idna", "rot13", "x-user-defined", "replacement", "", "\u00e9"]
TEXT_CODECS = ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "latin-1", "cp1252", "shift_jis", "gb18030"]
STATUSES = [200, 200, 200, 201, 204, 206, 301, 302, 303, 304, 307, 308, 400, 404, 408, 410, 425, 429, 500, 503, 999]
HEADER_NAMES = ["Content-Type", "Content-Encoding", "Content-Length", "Transfer-Encoding", "Retry-After", "Location",
                "ETag", "Last-Modified", "Set-Cookie", "Connection", "X-Odd"]
LOCATIONS = ["/good/1.html", "http://[::1", "http://127.0.0.1:99999/", "http://127.0.0.1:-1/", "//127.0.0.1:1/x",
             "javascript:alert(1)", "file:///etc/passwd", "http://169.254.170.2/", "", "?page=2", "\u00e9t\u00e9"]
HEADER_VALUE = st.one_of(
    st.sampled_from(["text/html", "text/plain", "application/pdf", "gzip", "br", "deflate", "zstd", "gzip, gzip, gzip",
                     "chunked", "\u00b2", "1000000000", "-1", "nan", "0", "99999999999999999999", "close"]),
    st.sampled_from(CHARSETS).map(lambda label: f"text/html; charset={label}"),
    st.sampled_from(LOCATIONS),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=40),
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["html", "text", "bytes", "gzip", "deflate-lie"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2048))
    words = draw(st.text(max_size=400))
    title = draw(st.text(max_size=80))
    page = (f"<html><head><title>{title}</title><meta charset='{draw(st.sampled_from(CHARSETS))}'></head>"
            f"<body><article><p>{words}</p></article></body></html>") if kind != "text" else words
    data = page.encode(draw(st.sampled_from(TEXT_CODECS)), "replace")
    if kind == "gzip":
        return gzip.compress(data)
    if kind == "deflate-lie":
        return zlib.compress(data)[: draw(st.integers(0, 64))]
    return data


@st.composite
def responses(draw: st.DrawFn) -> bytes:
    status = draw(st.sampled_from(STATUSES))
    line = draw(st.one_of(st.just(f"HTTP/1.1 {status} X"), st.text(max_size=30)))
    headers = draw(st.lists(st.tuples(st.sampled_from(HEADER_NAMES), HEADER_VALUE), max_size=6))
    head = "\r\n".join([line, *(f"{name}: {value}" for name, value in headers)])
    return head.encode("latin-1", "replace") + b"\r\n\r\n" + draw(bodies())


async def _through_the_response_path(url: str) -> None:
    async with Fetcher(CONFIG, sleep=lambda seconds: asyncio.sleep(0)) as fetcher:
        response = await fetcher.fetch(url)
    if not response.not_modified:
        # What a worker does with the page: a documented failure is returned as the page's reason.
        outcome = page_to_article(PageInput(url, response.text, url=response.url, fetched_at=response.fetched_at,
                                            content_type=response.header("content-type"), links=True, crawl=True))
        if isinstance(outcome, PageFailed):
            raise CleanersError(outcome.reason)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(raw=responses())
def test_any_response_fails_only_with_a_documented_error(hostile: Hostile, raw: bytes) -> None:
    encoded = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    # One page failing with a one-line reason is the documented outcome; anything else fails here.
    with contextlib.suppress(ScraperError, CleanersError):
        asyncio.run(_through_the_response_path(hostile.url(f"/fuzz?r={encoded}")))
