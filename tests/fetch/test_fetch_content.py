"""Content: decoding order, non-HTML refused, conditional requests, cookies, user agent, sync wrapper."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from scraper.errors import UnsupportedContentError
from scraper.fetch import FetchConfig, Fetcher, SyncFetcher, build_client, fetch_sync
from scraper.fetch.config import DEFAULT_USER_AGENT
from tests.fetch.conftest import fetch_one, short_config
from tests.fetch.fault_handlers import ETAG, FRENCH, LAST_MODIFIED, PAGE
from tests.fetch.fault_server import FaultServer


def test_a_page_comes_back_typed(server: FaultServer) -> None:
    response = fetch_one(server.url("/page?typed"), short_config())
    assert response.requested_url == response.url == server.url("/page?typed")
    assert response.redirects == ()
    assert response.status == 200
    assert response.body == PAGE
    assert response.text == PAGE.decode()
    assert response.encoding == "utf-8"
    assert response.encoding_source == "header"
    assert response.content_type == "text/html"
    assert response.etag == ETAG
    assert response.last_modified == LAST_MODIFIED
    assert response.elapsed >= 0
    assert datetime.fromisoformat(response.fetched_at.replace("Z", "+00:00")).tzinfo is not None
    assert not response.not_modified


@pytest.mark.parametrize(
    ("case", "source", "encoding"),
    [
        ("wrong-latin", "utf-8", "utf-8"),  # header says Latin-1, the bytes are UTF-8
        ("conflict", "header", "cp1252"),  # header beats <meta>
        ("bom", "bom", "utf-8"),  # BOM beats the header
        ("meta", "meta", "cp1252"),  # only <meta> says
    ],
)
def test_charset_is_chosen_by_bom_header_meta_then_detection(
    server: FaultServer, case: str, source: str, encoding: str | None
) -> None:
    response = fetch_one(server.url(f"/charset/{case}"), short_config())
    assert response.encoding_source == source
    if encoding:
        assert response.encoding == encoding
    assert FRENCH.strip() in response.text
    assert "<title>Café</title>" in response.text


def test_a_wrong_utf8_header_falls_through_to_detection(server: FaultServer) -> None:
    # Header says UTF-8, bytes are windows-1252: the header is not trusted, detection decides.
    response = fetch_one(server.url("/charset/wrong"), short_config())
    assert response.encoding_source == "detected"
    assert response.encoding == "cp1252"
    assert "\ufffd" not in response.text
    assert "<title>Café</title>" in response.text
    assert FRENCH.strip() in response.text


@pytest.mark.parametrize("case", ["punycode", "undefined", "unicode_escape", "meta-punycode"])
def test_a_charset_that_is_a_python_codec_but_no_web_encoding_counts_as_undeclared(
    server: FaultServer, case: str
) -> None:
    response = fetch_one(server.url(f"/charset/{case}"), short_config())
    assert response.encoding == "utf-8"
    assert FRENCH.strip() in response.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("declared", [None, "utf-16"])
def test_a_wide_page_without_bom_is_decoded_not_refused(
    server: FaultServer, encoding: str, declared: str | None
) -> None:
    query = f"?declared={declared}" if declared else ""
    response = fetch_one(server.url(f"/wide/{encoding}{query}"), short_config())
    assert response.encoding == encoding
    assert FRENCH.strip() in response.text


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("pdf", "Content-Type application/pdf"),
        ("image", "Content-Type image/png"),
        ("pdf-as-html", "a PDF document sent as text/html"),
        ("blob", "binary data sent as text/html"),
    ],
)
def test_non_html_is_refused_with_a_reason(server: FaultServer, case: str, reason: str) -> None:
    with pytest.raises(UnsupportedContentError) as caught:
        fetch_one(server.url(f"/binary/{case}"), short_config())
    assert reason in str(caught.value)
    assert not caught.value.transient
    assert server.hits[f"/binary/{case}"] == 1


def test_etag_makes_a_conditional_request(server: FaultServer) -> None:
    response = fetch_one(server.url("/page?conditional=etag"), short_config(), etag=ETAG)
    assert response.not_modified
    assert response.status == 304
    assert response.body == b""


def test_last_modified_makes_a_conditional_request(server: FaultServer) -> None:
    response = fetch_one(server.url("/page?conditional=date"), short_config(), last_modified=LAST_MODIFIED)
    assert response.not_modified


def test_a_stale_validator_gets_the_page(server: FaultServer) -> None:
    response = fetch_one(server.url("/page?conditional=stale"), short_config(), etag='"old"')
    assert not response.not_modified
    assert response.body == PAGE


def test_cookies_are_not_kept_by_default(server: FaultServer) -> None:
    response = fetch_one(server.url("/cookies/set"), short_config())
    assert response.url == server.url("/cookies/echo")
    assert "cookie: none" in response.text


def test_cookies_can_be_kept_when_asked(server: FaultServer) -> None:
    response = fetch_one(server.url("/cookies/set"), short_config(keep_cookies=True))
    assert "cookie: session=secret" in response.text


def test_the_default_user_agent_names_the_toolkit(server: FaultServer) -> None:
    response = fetch_one(server.url("/echo?ua"), short_config())
    assert f"user-agent: {DEFAULT_USER_AGENT}" in response.text
    assert "scrape-toolkit" in DEFAULT_USER_AGENT
    assert "accept-encoding: gzip, deflate, br, zstd" in response.text


def test_the_user_agent_can_be_set(server: FaultServer) -> None:
    response = fetch_one(server.url("/echo?custom"), short_config(user_agent="ExampleBot/2.0 (+ops@example.org)"))
    assert "user-agent: ExampleBot/2.0 (+ops@example.org)" in response.text


def test_the_sync_wrapper_fetches_and_keeps_state(server: FaultServer) -> None:
    with SyncFetcher(short_config()) as fetcher:
        first = fetcher.fetch(server.url("/page?sync=1"))
        second = fetcher.fetch(server.url("/page?sync=2"), etag=ETAG)
    assert first.body == PAGE
    assert second.not_modified


def test_fetch_sync_fetches_one_page(server: FaultServer) -> None:
    response = fetch_sync(server.url("/page?fetch-sync"), short_config())
    assert response.body == PAGE
    assert server.hits["/page?fetch-sync"] == 1


def test_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="total_timeout"):
        FetchConfig(total_timeout=0)
    with pytest.raises(ValueError):
        FetchConfig(allowed_networks=("not-a-network",))


def test_an_injected_client_is_used_and_left_open(server: FaultServer) -> None:
    config = short_config()

    async def run() -> tuple[str, bool]:
        client = build_client(config)
        client.headers["X-Injected"] = "yes"
        async with Fetcher(config, client=client) as fetcher:
            response = await fetcher.fetch(server.url("/echo?injected"))
        still_open = not client.is_closed
        await client.aclose()
        return response.text, still_open

    text, still_open = asyncio.run(run())
    assert "x-injected: yes" in text
    assert still_open
