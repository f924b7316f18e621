"""A small news blog on loopback that a user edits between crawl passes.

Like a real site it has a home page, a section front and a tag page (lists of teasers, not
articles), dated stories with a sitemap (``lastmod``: the last edit) and an RSS feed (``pubDate``:
the first publication, older than any edit), images, a PDF and XML links in its pages, and a
notice page linked only from the home page. :meth:`BlogSite.edit` rewrites a story and moves its
``lastmod``; :meth:`BlogSite.delete` makes a page answer 404.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.crawl.site import VOCABULARY, send_with_etag

HTML = "text/html; charset=utf-8"
PUBLISHED = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(12, 22))]
    return " ".join(words).capitalize() + "."


@dataclass
class Story:
    slug: str
    title: str
    paragraphs: list[str]
    modified: datetime = PUBLISHED


@dataclass
class BlogSite:
    """The site's pages; ``requests`` counts every path asked for."""

    stories: int = 12
    port: int = 0
    requests: Counter[str] = field(default_factory=Counter)
    deleted: set[str] = field(default_factory=set)
    content: dict[str, Story] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i in range(self.stories):
            rng = random.Random(f"blog-{i}")
            title = " ".join(rng.choice(VOCABULARY) for _ in range(6)).capitalize()
            self.content[f"story-{i}"] = Story(f"story-{i}", title, [
                " ".join(_sentence(rng) for _ in range(4)) for _ in range(6)])
        rng = random.Random("notice")
        self.content["notice"] = Story("notice", "Road works on the harbour bridge this winter",
                                       [" ".join(_sentence(rng) for _ in range(4)) for _ in range(5)])

    @property
    def base(self) -> str:
        return f"http://blog.test:{self.port}"

    def story_path(self, slug: str) -> str:
        return "/notice.html" if slug == "notice" else f"/2026/10/{slug}.html"

    def url(self, slug: str) -> str:
        return self.base + self.story_path(slug)

    def edit(self, slug: str) -> None:
        """Rewrite a story's last paragraph and give it a new ``lastmod`` (now)."""
        story = self.content[slug]
        rng = random.Random(f"edit-{slug}-{len(story.paragraphs)}")
        story.paragraphs.append("Update: " + " ".join(_sentence(rng) for _ in range(3)))
        story.modified = datetime.now(UTC).replace(microsecond=0)

    def delete(self, slug: str) -> None:
        self.deleted.add(self.story_path(slug))

    # --- pages ---------------------------------------------------------------------------

    def _frame(self, title: str, main: str, *, article: bool = False, head: str = "") -> bytes:
        menu = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in
                       (("/", "Home"), ("/news/", "News"), ("/tag/harbour/", "Harbour")))
        return (
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title} | Harbour Post</title>"
            f"<meta property='og:type' content='{'article' if article else 'website'}'>{head}"
            "<link rel='alternate' type='application/rss+xml' href='/feed.xml'></head><body>"
            f"<header><a href='/'>Harbour Post</a><nav><ul>{menu}</ul></nav></header><main>{main}</main>"
            "<footer><p>Harbour Post, 4 Quay Street.</p><a href='/sitemap.xml'>Sitemap</a> "
            "<a href='/feed.xml'>RSS</a> <a href='/files/annual-report.pdf'>Annual report (PDF)</a></footer>"
            "</body></html>"
        ).encode()

    def story_page(self, story: Story) -> bytes:
        body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
        modified = story.modified.isoformat()
        head = (f"<meta property='article:published_time' content='{PUBLISHED.isoformat()}'>"
                f"<meta property='article:modified_time' content='{modified}'>")
        main = (f"<article><h1>{story.title}</h1><p class='byline'>By Ada Lovelace, "
                f"<time datetime='{PUBLISHED.isoformat()}'>5 October 2026</time></p>"
                f"<figure><img src='/img/{story.slug}.jpg' alt='The harbour'><figcaption>The harbour at dawn."
                f"</figcaption></figure>{body}</article>"
                "<aside><h2>More news</h2><ul>"
                + "".join(f"<li><a href='{self.story_path(s)}'>{self.content[s].title}</a></li>"
                          for s in list(self.content)[:4] if s != story.slug) + "</ul></aside>")
        return self._frame(story.title, main, article=True, head=head)

    def list_page(self, title: str, slugs: list[str]) -> bytes:
        cards = "".join(
            f"<div class='card'><h2><a href='{self.story_path(s)}'>{self.content[s].title}</a></h2>"
            f"<img src='/img/{s}-thumb.png' alt=''><p>{self.content[s].paragraphs[0][:120]}...</p>"
            f"<a href='{self.story_path(s)}'>Read more</a></div>"
            for s in slugs)
        return self._frame(title, f"<h1>{title}</h1><div class='cards'>{cards}</div>"
                                  "<nav class='pagination'><a href='?page=2'>Next page</a></nav>")

    def sitemap(self) -> bytes:
        entries = "".join(f"<url><loc>{self.url(s)}</loc><lastmod>{self.content[s].modified.isoformat()}</lastmod></url>"
                          for s in self.content if s != "notice")
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</urlset>").encode()

    def feed(self) -> bytes:
        items = "".join(f"<item><title>{self.content[s].title}</title><link>{self.url(s)}</link>"
                        f"<pubDate>{format_datetime(PUBLISHED)}</pubDate></item>"
                        for s in self.content if s != "notice")
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title>{items}</channel></rss>'.encode()

    def respond(self, path: str) -> tuple[int, str, bytes]:
        stories = [s for s in self.content if s != "notice"]
        if path in self.deleted:
            return 404, "text/plain", b"gone"
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nAllow: /\n\nSitemap: {self.base}/sitemap.xml\n".encode()
        if path == "/sitemap.xml":
            return 200, "application/xml", self.sitemap()
        if path == "/feed.xml":
            return 200, "application/rss+xml", self.feed()
        if path == "/":
            page = self.list_page("Latest news", stories[:8])
            return 200, HTML, page.replace(b"</main>", b"<p><a href='/notice.html'>Notice: road works</a></p></main>")
        if path == "/news/":
            return 200, HTML, self.list_page("News", stories)
        if path == "/tag/harbour/":
            return 200, HTML, self.list_page("Harbour", stories[::2])
        for slug in self.content:
            if path == self.story_path(slug):
                return 200, HTML, self.story_page(self.content[slug])
        if path.startswith(("/img/", "/files/")):
            return 200, "application/octet-stream", b"\x89PNG not really"
        return 404, "text/plain", b"not found"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.site.requests[path] += 1
        status, content_type, body = self.server.site.respond(path)
        send_with_etag(self, status, content_type, body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read the request counters."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: BlogSite) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.lock = threading.Lock()


class BlogServer:
    """Serves a :class:`BlogSite` on 127.0.0.1 in a background thread."""

    def __init__(self) -> None:
        self.site = BlogSite()
        self._server = _Server(self.site)
        self.site.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> BlogServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
