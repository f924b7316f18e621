"""One URL to one article: ``scraper.fetch_article`` (and its async twin) and ``scrape extract URL``,
against the fault server on loopback, with the fetcher's safety defaults."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

import scraper
from cleaners import Article
from scraper.errors import BlockedAddressError, HTTPStatusError, RobotsDisallowedError
from tests.conftest import run_scrape
from tests.fetch.fault_server import FaultServer


def test_fetch_article_returns_the_article_of_the_final_url(server: FaultServer) -> None:
    article = scraper.fetch_article(server.url("/chain/2?one-call"), allow_private=True, per_host_delay=0)
    assert isinstance(article, Article)
    assert article.title == "A test page"
    assert article.url == server.url("/chain/0")
    assert article.source == server.url("/chain/2?one-call")
    assert article.fetched_at is not None and article.fetched_at.endswith("Z")
    assert "two paragraphs of ordinary text" in article.text


def test_the_async_twin_gives_the_same_article(server: FaultServer) -> None:
    url = server.url("/page?one-call=async")
    article = asyncio.run(scraper.fetch_article_async(url, allow_private=True))
    assert article.title == "A test page" and article.url == url


def test_loopback_is_refused_without_allow_private_and_nothing_is_sent(target: FaultServer) -> None:
    before = target.connections
    with pytest.raises(BlockedAddressError, match="loopback"):
        scraper.fetch_article(target.url("/page?one-call=refused"))
    assert target.connections == before


def test_fetch_failures_raise_the_fetchers_errors(server: FaultServer) -> None:
    with pytest.raises(HTTPStatusError, match="HTTP 404"):
        scraper.fetch_article(server.url("/status/404?one-call"), allow_private=True)
    with pytest.raises(RobotsDisallowedError):
        scraper.fetch_article(server.url("/ours-only?one-call"), allow_private=True)


def test_an_unknown_option_is_named() -> None:
    with pytest.raises(TypeError, match="allow_privat'"):
        scraper.fetch_article("https://example.org/", allow_privat=True)


def test_extract_fetches_url_arguments_in_input_order(server: FaultServer, tmp_path: Path) -> None:
    local = tmp_path / "local.html"
    local.write_text("<html><head><title>Local</title></head><body><article><h1>Local</h1>"
                     "<p>A page saved on disk, between two pages fetched over HTTP by the command.</p>"
                     "</article></body></html>", encoding="utf-8")
    urls = [server.url("/page?extract=1"), server.url("/status/404?extract"), server.url("/page?extract=2")]
    result = run_scrape("extract", "--allow-private", urls[0], str(local), urls[1], urls[2], timeout=90)
    assert result.returncode == 1
    articles = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [a["source"] for a in articles] == [urls[0], str(local), urls[2]]
    assert [a["url"] for a in articles] == [urls[0], None, urls[2]]
    assert result.stderr.decode().splitlines() == [f"scrape: {urls[1]}: HTTP 404"]


def test_extract_refuses_loopback_urls_without_allow_private(target: FaultServer) -> None:
    before = target.connections
    url = target.url("/page?extract=refused")
    result = run_scrape("extract", url, timeout=60)
    assert result.returncode == 1 and result.stdout == b""
    assert result.stderr.decode().startswith(f"scrape: {url}: refused to connect to 127.0.0.2")
    assert target.connections == before


def test_url_option_resolves_a_saved_pages_links_and_images(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Saved story</title></head><body><article><h1>Saved story</h1>"
        "<figure><img src='/img/harbour.jpg' alt='The harbour'><figcaption>The harbour at dawn.</figcaption>"
        "</figure><p>A story saved from its site, whose picture is addressed from the site's root.</p>"
        "<p>Its second paragraph says nothing more, as second paragraphs often do.</p></article></body></html>",
        encoding="utf-8",
    )
    result = run_scrape("extract", "--url", "https://news.example.org/2026/story.html", str(page), timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    article = json.loads(result.stdout)
    assert article["url"] == "https://news.example.org/2026/story.html"
    assert article["lead_image"]["url"] == "https://news.example.org/img/harbour.jpg"


@pytest.mark.parametrize("arguments", [["--url", "https://example.org/a", "a.html", "b.html"],
                                       ["--url", "not-a-url", "a.html"]])
def test_url_option_misuse_is_a_usage_error(arguments: list[str]) -> None:
    result = run_scrape("extract", *arguments, timeout=60)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "scrape: --url takes an http(s) URL and goes with exactly one local PATH"
