"""Sitemaps, feeds, URLs, links and simhash, as pure functions; hostile XML refused safely."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.crawl.dedupe import NearDuplicateIndex, distance, simhash
from scraper.crawl.feeds import parse_feed
from scraper.crawl.job import load_job
from scraper.crawl.links import page_links
from scraper.crawl.sitemaps import parse_sitemap
from scraper.crawl.urls import Scope, _resolved, normalize_url
from scraper.errors import DiscoveryError, DiscoveryLimitError, UnsafeXMLError
from tests.crawl.conftest import write_job
from tests.crawl.site import GeneratedSite, SiteShape

LIMITS = {"max_bytes": 1024 * 1024, "max_urls": 1000}


def test_sitemap_index_urlset_gzip_and_news() -> None:
    site = GeneratedSite(SiteShape(articles=30), port=8080)
    index = parse_sitemap(site.sitemap_index(), url="http://site-a.test/i.xml", **LIMITS)
    assert len(index.children) == 3 and not index.pages
    plain = parse_sitemap(site.sitemap("first"), url="u", **LIMITS)
    assert [e.url for e in plain.pages] == [site.article_url(i) for i in range(10)]
    assert all(e.lastmod is not None for e in plain.pages)
    zipped = parse_sitemap(site.sitemap("second"), url="u.xml.gz", **LIMITS)
    assert len(zipped.pages) == 10
    news = parse_sitemap(site.sitemap("news"), url="u", **LIMITS)
    assert len(news.pages) == 20 and all(e.lastmod for e in news.pages)  # news:publication_date


def test_feeds_rss_atom_json() -> None:
    site = GeneratedSite(SiteShape(news=10), port=8080)
    rss = parse_feed(site.feed("rss"), url="r", **LIMITS)
    atom = parse_feed(site.feed("atom"), url="a", **LIMITS)
    assert [e.url for e in rss + atom] == [site.news_url(j) for j in range(10)]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J",
           "items": [{"id": "1", "url": "https://e.org/1", "date_published": "2026-11-01T00:00:00Z"},
                     {"id": "2"}]}
    entries = parse_feed(json.dumps(doc).encode(), url="j", **LIMITS)
    assert [e.url for e in entries] == ["https://e.org/1"] and entries[0].lastmod
    with pytest.raises(DiscoveryError):
        parse_feed(b"<html><body>not a feed</body></html>", url="x", **LIMITS)


@pytest.mark.parametrize("name", ["laughs.xml", "xxe.xml"])
def test_entities_and_dtds_are_refused_not_expanded(name: str) -> None:
    site = GeneratedSite(port=8080)
    with pytest.raises(UnsafeXMLError):
        parse_sitemap(site.hostile(name), url=name, **LIMITS)
    with pytest.raises(UnsafeXMLError):
        parse_feed(site.hostile(name).replace(b"urlset", b"rss"), url=name, **LIMITS)


def test_gzip_bomb_stops_at_the_cap() -> None:
    bomb = GeneratedSite(port=8080).hostile("bomb.xml.gz")
    assert len(bomb) < 100_000
    with pytest.raises(DiscoveryLimitError):
        parse_sitemap(bomb, url="bomb.xml.gz", **LIMITS)
    with pytest.raises(DiscoveryError):
        parse_sitemap(gzip.compress(b"<urlset>")[:-12], url="torn.xml.gz", **LIMITS)


def test_too_many_urls_is_a_limit() -> None:
    site = GeneratedSite(SiteShape(articles=300), port=8080)
    with pytest.raises(DiscoveryLimitError):
        parse_sitemap(site.sitemap("first"), url="u", max_bytes=1 << 20, max_urls=50)


def test_normalize_url() -> None:
    base = "http://Site-A.test:80/a/b/c.html"
    assert normalize_url("../x/./y.html?utm_source=a&z=1&a=2#top", base) == "http://site-a.test/a/x/y.html?a=2&z=1"
    assert normalize_url("HTTPS://Example.ORG:443/p#f") == "https://example.org/p"
    assert normalize_url("//other.test/p", "https://a.test/q") == "https://other.test/p"
    for bad in ("mailto:a@b.c", "javascript:void(0)", "ftp://a.test/f", "#top", "", "http://a.test:99999/",
                "http://a.test:-1/", "http://a.test:0/", "http://[::1"):
        assert normalize_url(bad, "http://a.test/") is None
    assert normalize_url("http://") is None


def test_page_links_resolve_and_skip_nofollow() -> None:
    html = ('<html><head><base href="/section/"></head><body><a href="a.html#c">a</a><a href="mailto:x@y.z">m</a>'
            '<a rel="nofollow" href="/n">n</a><a href="http://O.test/?fbclid=1">o</a><a href="a.html">again</a>'
            "</body></html>")
    assert page_links(html, "http://s.test/p/q.html") == ["http://s.test/section/a.html", "http://o.test/"]


def test_simhash_separates_stories_and_joins_near_copies() -> None:
    site = GeneratedSite(port=8080)
    one = " ".join(site._story("article", 1)[1])
    two = " ".join(site._story("article", 2)[1])
    words = one.split()
    near = " ".join([*words[:100], "changed", *words[101:]])  # one word of ~200 differs
    assert distance(simhash(one), simhash(two)) > 24
    assert distance(simhash(one), simhash(near)) <= 12
    index = NearDuplicateIndex(bits=12)
    index.add("u1", simhash(one))
    index.add("u2", simhash(two))
    assert index.find("u3", simhash(near)) == "u1"
    assert index.find("u1", simhash(one)) is None  # never a duplicate of itself
    index.remove("u1")
    assert index.find("u3", simhash(near)) is None


def test_scope_hosts_patterns_and_defaults(tmp_path: Path) -> None:
    text = ('name = "s"\nstart_urls = ["https://News.example.org/"]\n[follow]\nenabled = true\n'
            'include = ["/20[0-9]{2}/"]\nexclude = ["/2019/", "print=1"]\n[output]\njsonl = "o.jsonl"\n')
    scope = Scope.for_job(load_job(write_job(tmp_path, text)))
    assert scope.domains == ("news.example.org",)
    assert scope.allows("https://news.example.org/2024/story.html")
    assert not scope.allows("https://news.example.org/about.html")  # not included
    assert not scope.allows("https://news.example.org/2019/old.html")  # excluded
    assert not scope.allows("https://news.example.org/2024/story.html?print=1")
    assert not scope.allows("https://other.example.org/2024/story.html")  # another host
    assert scope.allows_document("https://news.example.org/sitemap.xml")
    wide = Scope.for_job(load_job(write_job(tmp_path, text.replace(
        "enabled = true", 'enabled = true\nallowed_domains = ["example.org"]'))))
    assert wide.allows("https://cdn.example.org/2024/x.html") and not wide.allows("https://example.com/2024/")


def test_a_path_that_starts_with_two_slashes_stays_on_its_host() -> None:
    # Found by the idempotence property: urljoin read "//x/." as a host.
    first = normalize_url("http://a.test//x/.")
    assert first is not None and first.startswith("http://a.test/")
    assert normalize_url(first) == first


@settings(max_examples=300, deadline=None)
@given(href=st.text(alphabet="/.?#=&%aZ09-_: ", max_size=20).map(lambda text: "/" + text),
       base=st.sampled_from(["http://a.test/x/y.html?q=1", "https://A.test:8443/deep/er/", "http://a.test",
                             "ftp://a.test/f", "a.test/relative", "http://u@a.test/p"]))
def test_a_root_relative_link_resolves_as_against_its_whole_page_url(href: str, base: str) -> None:
    # Root-relative links are normalised once per origin (a cache): the answer must be the one
    # resolving against the page's whole URL gives.
    assert normalize_url(href, base) == _resolved(href.strip(), base)
    absolute = "http://b.test" + href
    assert normalize_url(absolute, base) == _resolved(absolute.strip(), None)
