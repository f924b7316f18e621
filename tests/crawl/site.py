"""A generated news site on loopback for the crawl tests and the crawl benchmark.

Several host names on one threaded server (the job maps them to 127.0.0.1 with
``politeness.resolve``); the ``Host`` header picks the site. Everything is generated from a
seed, so two servers with the same settings serve the same bytes; ``version`` changes some
pages (the incremental test bumps it between runs).

* ``site-a.test``: home, section indexes, ``articles``; robots.txt with a sitemap index (a plain
  sitemap, a gzipped one, a news sitemap) and ``Disallow: /private/``; mirrors of some stories
  under ``/mirror/`` (near-duplicates); some articles fail (404 or 500); links carry fragments
  and tracking parameters, and some point to ``site-c.test`` (out of scope) or ``/private/``.
* ``site-b.test``: ``news`` items known only from an RSS feed and an Atom feed.
* ``site-h.test``: hostile XML (billion laughs, external entity, sitemap index loop, gzip bomb);
  ``/canary`` counts requests that must never happen.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VOCABULARY = (  # noqa: SIM905 (a paragraph of words reads better than a list literal)
    "river bridge council harbour market winter school library budget railway festival museum farmer "
    "storm election hospital garden village mayor teacher bakery ferry orchard tunnel mountain coast "
    "harvest concert theatre station factory workshop vineyard forest canal island lighthouse airport "
    "stadium cathedral bicycle tram parliament court painter novelist engineer doctor nurse student "
    "volunteer fisherman shepherd miller weaver potter baker butcher grocer carpenter mason plumber "
    "announced reported confirmed opened closed repaired delayed extended approved rejected celebrated "
    "visited studied measured restored expanded reduced planned debated welcomed criticised praised "
    "quietly suddenly finally recently slowly carefully early late yesterday today tomorrow again "
    "new old small large local national northern southern eastern western busy quiet wet dry bright"
).split()
LAST_MODIFIED = ("Mon, 02 Nov 2026 08:00:00 GMT", "Wed, 04 Nov 2026 08:00:00 GMT", "Fri, 06 Nov 2026 08:00:00 GMT")
BOMB_BYTES = 24 * 1024 * 1024


@dataclass(frozen=True)
class SiteShape:
    """How big the site is and which pages misbehave (by article number)."""

    articles: int = 500
    news: int = 40
    seed: int = 7
    per_index: int = 25
    changing_every: int = 20  # article i changes with the version when i % changing_every == 3
    mirror_every: int = 25  # article i has a /mirror/ copy when i % mirror_every == 5
    failing_every: int = 50  # article i fails when i % failing_every in (17, 18): 404 and 500

    def changes(self, i: int) -> bool:
        return i % self.changing_every == 3

    def mirrored(self, i: int) -> bool:
        return i % self.mirror_every == 5

    def failure(self, i: int) -> int | None:
        rest = i % self.failing_every
        return 404 if rest == 17 else 500 if rest == 18 else None


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(count))


@dataclass
class GeneratedSite:
    """The site's content, generated on demand; ``version`` is the knob that changes pages."""

    shape: SiteShape = field(default_factory=SiteShape)
    port: int = 0
    version: int = 1
    requests: Counter[str] = field(default_factory=Counter)
    #: When the last version bump happened (a W3C date for sitemap ``lastmod``).
    changed_at: str = "2026-11-02T08:00:00+00:00"

    def bump(self) -> None:
        """Change the changing pages (and their sitemap ``lastmod``) from now on.

        A ``lastmod`` counts whole seconds, so the change waits for the next one: a crawl that
        fetched the pages earlier in this second would rightly read the same second as no newer.
        """
        time.sleep(1.0 - datetime.now(UTC).microsecond / 1_000_000)
        self.version += 1
        self.changed_at = datetime.now(UTC).isoformat(timespec="seconds")

    def lastmod(self, i: int) -> str:
        return self.changed_at if self.shape.changes(i) and self.version > 1 else "2026-11-02T08:00:00+00:00"

    def base(self, host: str) -> str:
        return f"http://{host}:{self.port}"

    # --- what a correct crawl must produce ----------------------------------------------

    def article_url(self, i: int) -> str:
        return f"{self.base('site-a.test')}/articles/{i}.html"

    def mirror_url(self, i: int) -> str:
        return f"{self.base('site-a.test')}/mirror/{i}.html"

    def news_url(self, j: int) -> str:
        return f"{self.base('site-b.test')}/news/{j}.html"

    def good_articles(self) -> set[int]:
        return {i for i in range(self.shape.articles) if self.shape.failure(i) is None}

    def failing_urls(self) -> set[str]:
        return {self.article_url(i) for i in range(self.shape.articles) if self.shape.failure(i)}

    def mirror_pairs(self) -> list[tuple[str, str]]:
        return [(self.article_url(i), self.mirror_url(i)) for i in sorted(self.good_articles())
                if self.shape.mirrored(i)]

    def story_count(self) -> int:
        """Distinct stories a full crawl writes: good articles plus feed news (mirrors add none)."""
        return len(self.good_articles()) + self.shape.news

    def changed_urls(self) -> set[str]:
        return {self.article_url(i) for i in self.good_articles() if self.shape.changes(i)}

    # --- content ----------------------------------------------------------------------------

    def _story(self, kind: str, i: int) -> tuple[str, list[str]]:
        rng = random.Random(f"{self.shape.seed}-{kind}-{i}")
        title = f"{kind.title()} {i}: {_words(rng, 5)}"
        paragraphs = [_words(rng, rng.randint(28, 44)) + "." for _ in range(6)]
        if kind == "article" and self.shape.changes(i) and self.version > 1:
            update = random.Random(f"{self.shape.seed}-update-{i}-{self.version}")
            paragraphs += [f"Update {self.version}: " + _words(update, 40) + "." for _ in range(2)]
        return title, paragraphs

    def _page(self, host: str, title: str, paragraphs: list[str], links: list[str], chrome: str = "") -> bytes:
        menu = (("/", "Home"), ("/index/0.html", "Latest"), ("/about.html", "About")) if host == "site-a.test" else ()
        nav = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in menu)
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        related = "".join(f'<li><a href="{href}">Related story</a></li>' for href in links)
        return (
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta name='author' content='Staff Writer'></head><body><header><nav><ul>{nav}</ul></nav>"
            f"{chrome}</header><main><article><h1>{title}</h1><p class='byline'>By Staff Writer</p>{body}"
            f"</article><aside><h2>Related</h2><ul>{related}</ul></aside></main>"
            f"<footer><p>Copyright {host} news. All rights reserved.</p></footer></body></html>"
        ).encode()

    def _article_links(self, i: int) -> list[str]:
        rng = random.Random(f"{self.shape.seed}-links-{i}")
        n = self.shape.articles
        links = [f"/articles/{rng.randrange(n)}.html" for _ in range(3)]
        links += [f"/articles/{(i + 1) % n}.html?utm_source=related&utm_medium=web#comments",
                  f"/private/draft-{i}.html", f"{self.base('site-c.test')}/elsewhere/{i}.html"]
        if self.shape.mirrored(i - 1 if i else n - 1):
            links.append(f"/mirror/{(i - 1) % n}.html")
        return links

    def article(self, i: int, *, mirror: bool = False) -> bytes:
        title, paragraphs = self._story("article", i)
        chrome = "<p>Mirror edition: the same stories, another layout.</p>" if mirror else ""
        return self._page("site-a.test", title, paragraphs, self._article_links(i), chrome)

    def index_page(self, k: int) -> bytes:
        per = self.shape.per_index
        items = "".join(f'<li><a href="/articles/{i}.html">Article {i}</a></li>'
                        for i in range(k * per, min((k + 1) * per, self.shape.articles)))
        nxt = f'<a href="/index/{k + 1}.html">Older</a>' if (k + 1) * per < self.shape.articles else ""
        return (f"<!DOCTYPE html><html><head><title>Index {k}</title></head><body><h1>Index {k}</h1>"
                f"<ul>{items}</ul>{nxt}</body></html>").encode()

    def robots(self) -> bytes:
        return (f"User-agent: *\nDisallow: /private/\n\nSitemap: {self.base('site-a.test')}/sitemap_index.xml\n"
                ).encode()

    def sitemap_index(self) -> bytes:
        base = self.base("site-a.test")
        entries = "".join(f"<sitemap><loc>{base}{path}</loc></sitemap>" for path in
                          ("/sitemaps/first.xml", "/sitemaps/second.xml.gz", "/sitemaps/news.xml"))
        return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}' \
               "</sitemapindex>".encode()

    def sitemap(self, part: str) -> bytes:
        n = self.shape.articles
        numbers = {"first": range(0, n // 3), "second": range(n // 3, 2 * n // 3), "news": range(n - 20, n)}[part]
        if part == "news":
            entries = "".join(
                f"<url><loc>{self.article_url(i)}</loc><news:news><news:publication><news:name>A</news:name>"
                f"<news:language>en</news:language></news:publication><news:publication_date>{self.lastmod(i)}"
                "</news:publication_date><news:title>Story {i}</news:title></news:news></url>"
                for i in numbers)
            ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
        else:
            entries = "".join(f"<url><loc>{self.article_url(i)}</loc><lastmod>{self.lastmod(i)}</lastmod></url>"
                              for i in numbers)
            ns = ""
        body = (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9"{ns}>{entries}</urlset>').encode()
        return gzip.compress(body, mtime=0) if part == "second" else body

    def feed(self, kind: str) -> bytes:
        base = self.base("site-b.test")
        half = self.shape.news // 2
        if kind == "rss":
            items = "".join(f"<item><title>News {j}</title><link>{base}/news/{j}.html</link>"
                            "<pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate></item>" for j in range(half))
            return f'<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>{items}</channel></rss>'.encode()
        entries = "".join(f'<entry><title>News {j}</title><link href="{base}/news/{j}.html"/>'
                          f"<id>{base}/news/{j}</id><updated>2026-11-02T08:00:00Z</updated></entry>"
                          for j in range(half, self.shape.news))
        return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>{entries}</feed>'.encode()

    def hostile(self, name: str) -> bytes:
        base = self.base("site-h.test")
        if name == "laughs.xml":
            lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
            return (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol0 "lol">{lol}]>'
                    "<urlset><url><loc>&lol9;</loc></url></urlset>").encode()
        if name == "xxe.xml":
            return (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY ext SYSTEM "{base}/canary">]>'
                    "<urlset><url><loc>&ext;</loc></url></urlset>").encode()
        if name in ("loop-a.xml", "loop-b.xml"):
            other = "loop-b.xml" if name == "loop-a.xml" else "loop-a.xml"
            return (f"<sitemapindex><sitemap><loc>{base}/hostile/{other}</loc></sitemap>"
                    f"<sitemap><loc>{base}/hostile/{name}</loc></sitemap>"
                    f"<sitemap><loc>{base}/hostile/plain.xml</loc></sitemap></sitemapindex>").encode()
        if name == "plain.xml":
            return f"<urlset><url><loc>{base}/ok.html</loc></url></urlset>".encode()
        if name == "bomb.xml.gz":
            return _bomb()
        raise KeyError(name)

    def respond(self, host: str, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for ``host`` and ``path``; 404 for anything unknown."""
        html, xml = "text/html; charset=utf-8", "application/xml"
        name = host.split(":")[0]
        try:
            if name == "site-a.test":
                return self._site_a(path, html, xml)
            if name == "site-b.test":
                if path in ("/rss.xml", "/atom.xml"):
                    return 200, "application/rss+xml", self.feed(path[1:-4])
                if path.startswith("/news/") and path.endswith(".html"):
                    j = int(path[6:-5])
                    if 0 <= j < self.shape.news:
                        title, paragraphs = self._story("news", j)
                        return 200, html, self._page(name, title, paragraphs, [])
            if name == "site-h.test" and path.startswith("/hostile/"):
                return 200, xml, self.hostile(path[9:])
            if name == "site-h.test" and path == "/ok.html":
                title, paragraphs = self._story("hostile-ok", 0)
                return 200, html, self._page(name, title, paragraphs, [])
        except (ValueError, KeyError):
            return 404, "text/plain", b"not found"  # a malformed number or an unknown name
        return 404, "text/plain", b"not found"

    def _site_a(self, path: str, html: str, xml: str) -> tuple[int, str, bytes]:
        n = self.shape.articles
        if path == "/robots.txt":
            return 200, "text/plain", self.robots()
        if path in ("/", "/about.html"):
            return 200, html, self.index_page(0)
        if path == "/sitemap_index.xml":
            return 200, xml, self.sitemap_index()
        if path.startswith("/sitemaps/"):
            part = path[10:].split(".")[0]
            return 200, "application/gzip" if path.endswith(".gz") else xml, self.sitemap(part)
        if path.startswith("/index/") and path.endswith(".html"):
            k = int(path[7:-5])
            if 0 <= k * self.shape.per_index < n:
                return 200, html, self.index_page(k)
        for prefix, mirror in (("/articles/", False), ("/mirror/", True)):
            if path.startswith(prefix) and path.endswith(".html"):
                i = int(path[len(prefix):-5])
                if not 0 <= i < n or (mirror and not self.shape.mirrored(i)):
                    break
                failure = self.shape.failure(i)
                if failure:
                    return failure, "text/plain", b"failure on purpose"
                return 200, html, self.article(i, mirror=mirror)
        return 404, "text/plain", b"not found"


def _bomb() -> bytes:
    return gzip.compress(b" " * BOMB_BYTES, compresslevel=9, mtime=0)


def send_with_etag(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes,
                   validators: tuple[tuple[str, str], ...] = ()) -> None:
    """Answer with ``body`` and an ETag (plus ``validators`` on a 200), as most servers do; 304 when
    the request's If-None-Match names the same page."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    if status == 200 and handler.headers.get("If-None-Match") == etag:
        handler.send_response(304)
        handler.send_header("ETag", etag)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    if status == 200:
        handler.send_header("ETag", etag)
        for name, value in validators:
            handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        host = self.headers.get("Host", "")
        with self.server.counter_lock:
            site.requests[f"{host.split(':')[0]}{path}"] += 1
        status, content_type, body = site.respond(host, path)
        send_with_etag(self, status, content_type, body,
                       (("Last-Modified", LAST_MODIFIED[min(site.version, 3) - 1]),))

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read the request counters instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: GeneratedSite) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.counter_lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (a crawl killed on purpose) is not news; anything else is."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class SiteServer:
    """Serves a :class:`GeneratedSite` on 127.0.0.1 in a background thread."""

    def __init__(self, shape: SiteShape | None = None) -> None:
        self.site = GeneratedSite(shape or SiteShape())
        self._server = _Server(self.site)
        self.site.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def resolve_table(self) -> str:
        """The job file's ``[politeness.resolve]`` lines for every host of the site."""
        return "\n".join(f'"{h}" = "127.0.0.1"' for h in ("site-a.test", "site-b.test", "site-c.test",
                                                         "site-h.test"))
