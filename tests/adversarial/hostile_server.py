"""A hostile HTTP server on loopback, run in its own process: every trigger of issue #11 as a resource.

``python -m tests.adversarial.hostile_server`` prints its port and serves until its standard
input closes. It listens on 127.0.0.1 and 127.0.0.2 (two hosts to a client, so a stalled host
can be told from its neighbours) and serves:

* ``/h/NAME``: the hostile resources of :data:`HOSTILE` (odd headers, charsets, redirects,
  framing, huge or pathological pages, a metadata-address redirect, a drip);
* ``/good/N.html``: an ordinary article page, for any host;
* ``/fuzz?r=BASE64``: the decoded bytes, as the whole raw response (the fuzz test's);
* host ``site-a.test``: a generated 200-article news site (:mod:`tests.crawl.site`).
"""

from __future__ import annotations

import asyncio
import base64
import random
import sys
from collections.abc import Callable
from functools import cache

from tests.crawl.site import GeneratedSite, SiteShape, _words
from tests.fetch.fault_handlers import FRENCH, Handler, Request, full, response_head
from tests.fetch.fault_server import FaultServer

SITE_SHAPE = SiteShape(articles=200, news=0, per_index=25, failing_every=10)  # i % 10 is never 17 or 18: no failures
STORY = " ".join(["The harbour council met on Tuesday and approved the new ferry timetable for winter."] * 12)


#: Every hostile resource a crawl of the site can take as a seed (``/h/NAME``).
HOSTILE_PATHS = (
    "retry-after-superscript", "retry-after-huge", "charset/undefined", "charset/punycode", "meta-charset/punycode",
    "redirect-port/99999", "redirect-port/-1", "bad-location", "metadata-redirect", "malformed", "utf16",
    "attributes", "quoted-attributes", "links", "deep", "bidi-title",
)


def crawl_job_text(port: int, *, extra_seeds: tuple[str, ...] = (), timeout: int = 10) -> str:
    """A crawl job of the site on ``site-a.test`` with every hostile resource as a seed."""
    base = f"http://site-a.test:{port}"
    seeds = [f"{base}/", *(f"{base}/h/{path}" for path in HOSTILE_PATHS), *extra_seeds]
    return f"""
name = "hostile-crawl"
start_urls = [{", ".join(f'"{seed}"' for seed in seeds)}]

[follow]
enabled = true
max_depth = 50

[politeness]
per_host_delay = 0
concurrency = 6
per_host_concurrency = 4
max_attempts = 2
timeout = {timeout}
allow_private = true
max_retry_after = "2s"

[politeness.resolve]
"site-a.test" = "127.0.0.1"

[recrawl]
min_interval = "0s"

[output]
jsonl = "out/articles.jsonl"
url_patterns = ["/articles/", "/h/"]
page_types = []  # every page kind: the hostile pages are judged by what survives, not by their type
# CPU seconds: the 1 MB-title page costs 2 to 5 of them in a crawl (extraction, fingerprint,
# near-duplicate hash) depending on the machine; 5 was too close and dropped it on a CI run.
page_timeout = 15
"""


def article(title: str, body: str | None = None, head: str = "", charset: str = "utf-8") -> bytes:
    """An article page whose words are drawn from its title, so no two titles make near-duplicates."""
    body = body or _words(random.Random(title), 160) + "."
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='{charset}'><title>{title}</title>{head}</head>"
            f"<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>")
    return page.encode("utf-8")


@cache
def attributes_page(count: int, quoted: bool) -> bytes:
    value = '="<"' if quoted else "=x"
    crowded = " ".join(f"a{i}{value}" for i in range(count))
    return article(f"Crowded element, {'quoted' if quoted else 'bare'} values").replace(b"<article>", f"<div {crowded}>x</div><article>".encode())


@cache
def links_page(size: int) -> bytes:
    link = b'<a href="/good/1.html?n=%d">link number %d</a> '
    parts = [link % (i, i) for i in range(size // len(link))]
    return b"<html><body><p>" + b"".join(parts) + b"</p></body></html>"


@cache
def deep_page(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + STORY + "</div>" * depth + "</body></html>").encode()


def _html(status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
          extra: list[tuple[str, str]] | None = None) -> bytes:
    return full(status, body, [("Content-Type", content_type), *(extra or [])])


async def hostile(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    name = request.path.removeprefix("/h/")
    hits = server.hits[request.target]
    if name == "retry-after-superscript":  # str.isdigit() says yes, float() says no
        answer = full(503, headers=[("Retry-After", "\u00b2")]) if hits == 1 else _html(200, article("After a 503"))
    elif name == "retry-after-huge":  # 31 years
        answer = full(503, headers=[("Retry-After", "1000000000")])
    elif name.startswith("charset/"):  # Python codecs that are no web encoding
        label = name.removeprefix("charset/")
        answer = _html(200, article(f"Charset {label}"), f"text/html; charset={label}")
    elif name.startswith("meta-charset/"):
        answer = _html(200, article("Meta charset", charset=name.removeprefix("meta-charset/")), "text/html")
    elif name.startswith("redirect-port/"):
        answer = full(302, headers=[("Location", f"http://127.0.0.1:{name.removeprefix('redirect-port/')}/")])
    elif name == "bad-location":
        answer = full(302, headers=[("Location", "http://[::1")])
    elif name == "metadata-redirect":
        answer = full(302, headers=[("Location", "http://169.254.170.2/v2/credentials")])
    elif name == "malformed":
        answer = b"HTTP/1.1 two hundred OK\r\nContent-Length: 0\r\n\r\n"
    elif name == "utf16":  # no BOM, declared: refused as binary before
        text = article("Wide page").decode().replace("charset='utf-8'", "")
        answer = _html(200, text.encode("utf-16-le"), "text/html; charset=utf-16")
    elif name == "attributes":
        answer = _html(200, attributes_page(1_000_000, quoted=False))
    elif name == "quoted-attributes":
        answer = _html(200, attributes_page(200_000, quoted=True))
    elif name == "links":
        answer = _html(200, links_page(8 * 1000 * 1000))
    elif name == "deep":
        answer = _html(200, deep_page(200_000))
    elif name == "bidi-title":
        answer = _html(200, article("Breaking \u202egnp.exe\u202c " + "long " * 200_000, body=STORY))
    elif name == "french":
        answer = _html(200, article("Le march\u00e9", body=FRENCH))
    elif name in ("drip", "stall"):
        writer.write(response_head(200, [("Content-Type", "text/html"), ("Content-Length", "100000")]))
        for _ in range(100_000):
            if name == "drip":
                writer.write(b"x")
            await writer.drain()
            await asyncio.sleep(0.5)
        return
    else:
        answer = full(404)
    writer.write(answer)


async def good(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    number = request.path.removeprefix("/good/").removesuffix(".html")
    writer.write(_html(200, article(f"Good page {number}")))


async def fuzz(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    encoded = request.query("r") or ""
    writer.write(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))


def site_handler(site: GeneratedSite) -> Handler:
    async def serve(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
        status, content_type, body = site.respond(request.host, request.path)
        writer.write(_html(status, body, content_type))

    return serve


async def not_found(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(full(404))


def router(site: GeneratedSite) -> Callable[[Request], Handler]:
    """Hostile and good pages on any host; the news site on ``site-a.test``; 404 elsewhere."""
    serve_site = site_handler(site)

    def route(request: Request) -> Handler:
        if request.path.startswith("/h/"):
            return hostile
        if request.path.startswith("/good/"):
            return good
        if request.path == "/fuzz":
            return fuzz
        if request.host.startswith("site-a.test"):
            return serve_site
        return not_found

    return route


def main() -> None:
    site = GeneratedSite(SITE_SHAPE)
    server = FaultServer(router=router(site), also_on=("127.0.0.2",))
    server.start()
    site.port = server.port
    print(server.port, flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
