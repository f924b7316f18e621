"""The anchor of the crawl benchmark: Scrapy with trafilatura's ``bare_extraction`` in its callback.

Run by ``bench_crawl.py`` as ``scrapy runspider`` in a child process, on the same generated site
and at the same concurrency as ``scrape crawl``: it reads the same sitemaps and feeds, follows
links in the same domains, obeys robots.txt, extracts every article page with trafilatura and
writes the items as JSONL. Scrapy is a benchmark-only dependency (``pip install '.[bench]'``).

    scrapy runspider benchmarks/scrapy_spider.py -s TWISTED_DNS_RESOLVER=benchmarks.scrapy_spider.LoopbackResolver \
        -a seeds=URL,URL -a hosts=site-a.test,site-b.test \
        -a patterns=/articles/,/news/ -o out.jsonl
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from typing import Any, ClassVar

import scrapy
import trafilatura
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from w3lib.url import url_query_cleaner

LOCATIONS = re.compile(rb"<(?:loc|link)>\s*([^<\s]+)\s*</(?:loc|link)>|<link[^>]+href=\"([^\"]+)\"")


def _without_tracking(url: str) -> str:
    return url_query_cleaner(url, ("utm_source", "utm_medium", "utm_campaign"), remove=True)


class LoopbackResolver(CachingThreadedResolver):
    """``*.test`` names resolve to 127.0.0.1, as ``politeness.resolve`` does for the toolkit."""

    def getHostByName(self, name: str, timeout: Any = None) -> Any:
        if name.endswith(".test"):
            return defer.succeed("127.0.0.1")
        return super().getHostByName(name, timeout)


class SiteSpider(scrapy.Spider):
    name = "site"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "DOWNLOAD_DELAY": 0,
        "RETRY_ENABLED": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def __init__(self, seeds: str = "", hosts: str = "", patterns: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = seeds.split(",")
        self.allowed_domains = hosts.split(",")
        self.patterns = [p for p in patterns.split(",") if p]
        # The same pages as the toolkit: tracking parameters dropped (w3lib), fragments too; the
        # offsite middleware keeps the allowed domains.
        self.links = LinkExtractor(process_value=_without_tracking)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, TextResponse) or b"<?xml" in response.body[:100] or \
                response.url.endswith((".xml", ".xml.gz")):
            body = gzip.decompress(response.body) if response.body[:2] == b"\x1f\x8b" else response.body
            for match in LOCATIONS.finditer(body):
                url = (match.group(1) or match.group(2)).decode()
                yield response.follow(url, callback=self.parse)
            return
        if not self.patterns or any(p in response.url for p in self.patterns):
            document = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
            if document is not None:
                data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
                yield {"url": response.url, "title": data.get("title"), "text": data.get("text")}
        for link in self.links.extract_links(response):
            yield response.follow(link.url, callback=self.parse)
