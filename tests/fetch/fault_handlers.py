"""The fault server's request handlers: each answers one path, many of them wrongly on purpose.

Handlers write raw bytes, so they can break HTTP framing; ``route`` maps a request to one.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import struct
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING
from urllib.parse import unquote

import brotli

if TYPE_CHECKING:
    from tests.fetch.fault_server import FaultServer

PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>A test page</title></head>"
    b"<body><article><h1>A test page</h1><p>This page is served by the fault server on loopback "
    b"so that the fetcher can be tested against a real socket.</p>"
    b"<p>It has two paragraphs of ordinary text, enough for an extractor to find.</p></article>"
    b"</body></html>"
)
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 03 Nov 2026 10:00:00 GMT"
ROBOTS = b"User-agent: scrape-toolkit\nDisallow: /ours-only\n\nUser-agent: *\nDisallow: /private\n"
FRENCH = "Le café du marché est fermé; la crème brûlée attendra. Où est la forêt? " * 8


@dataclass(slots=True)
class Request:
    """What a handler needs from a parsed request line and headers."""

    method: str
    target: str
    host: str
    headers: dict[str, str]

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def query(self, name: str) -> str | None:
        if "?" not in self.target:
            return None
        for part in self.target.split("?", 1)[1].split("&"):
            key, _, value = part.partition("=")
            if key == name:
                return value
        return None


Handler = Callable[["FaultServer", Request, asyncio.StreamWriter], Awaitable[None]]


def response_head(status: int, headers: list[tuple[str, str]] | None = None, reason: str = "X") -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{key}: {value}" for key, value in headers or []]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def full(status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None) -> bytes:
    head = [*(headers or []), ("Content-Length", str(len(body))), ("Connection", "close")]
    return response_head(status, head) + body


async def page(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    if request.headers.get("if-none-match") == ETAG or request.headers.get("if-modified-since") == LAST_MODIFIED:
        writer.write(full(304, headers=[("ETag", ETAG)]))
        return
    headers = [("Content-Type", "text/html; charset=utf-8"), ("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)]
    writer.write(full(200, PAGE, headers))


async def keep_alive_page(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))]
    writer.write(response_head(200, headers) + PAGE)


async def robots(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    name = request.host.split(".", 1)[0]
    if name == "robots-404":
        writer.write(full(404))
    elif name == "robots-503":
        writer.write(full(503))
    elif name == "robots-timeout":
        await asyncio.sleep(3600)
    elif name.startswith("robots-redirect"):
        hops = int(name.removeprefix("robots-redirect"))
        step = int(request.query("step") or 0)
        if step < hops:
            writer.write(full(302, headers=[("Location", f"/robots.txt?step={step + 1}")]))
        else:
            writer.write(full(200, b"User-agent: *\nDisallow: /blocked\n", [("Content-Type", "text/plain")]))
    elif name == "robots-big":
        rule_early = b"User-agent: *\nDisallow: /early\n"
        padding = b"# padding line of a large robots.txt file, repeated many times\n"
        deep = rule_early + padding * (490 * 1024 // len(padding)) + b"Disallow: /deep\n"
        body = deep + padding * (110 * 1024 // len(padding)) + b"Disallow: /beyond\n"
        writer.write(full(200, body, [("Content-Type", "text/plain")]))
    elif name == "robots-delay":
        writer.write(full(200, b"User-agent: *\nCrawl-delay: 2\nDisallow:\n", [("Content-Type", "text/plain")]))
    elif name == "robots-none":
        writer.write(full(404))
    else:
        writer.write(full(200, ROBOTS, [("Content-Type", "text/plain")]))


async def flaky(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    if server.hits[request.target] <= 2:
        writer.write(full(503))
    else:
        await page(server, request, writer)


async def unavailable(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(full(503))


async def busy(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    if server.hits[request.target] > 1:
        await page(server, request, writer)
        return
    form = request.query("form")
    if form == "date":
        value = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    elif form == "huge":
        value = "86400"
    elif form == "enormous":
        value = "1000000000"
    elif form == "superscript":
        value = "\u00b2"  # a digit to str.isdigit, not to HTTP
    else:
        value = "3"
    writer.write(full(int(request.query("status") or 429), headers=[("Retry-After", value)]))


async def malformed(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    """A status line no HTTP parser accepts: the same answer every time, so not worth a retry."""
    writer.write(b"HTTP/1.1 two hundred OK\r\nContent-Length: 0\r\n\r\n")


async def wide(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    """A page in UTF-16 or UTF-32 without a byte order mark (``/wide/utf-16-le?declared=utf-16``)."""
    encoding = request.path.rsplit("/", 1)[1]
    declared = request.query("declared")
    header = f"text/html; charset={declared}" if declared else "text/html"
    text = f"<html><head><title>Café</title></head><body><article><p>{FRENCH}</p></article></body></html>"
    writer.write(full(200, text.encode(encoding), [("Content-Type", header)]))


async def status(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(full(int(request.path.rsplit("/", 1)[1])))


async def reset(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def silence(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(response_head(200, [("Content-Type", "text/html"), ("Content-Length", "1000")]))
    await writer.drain()
    await asyncio.sleep(3600)


async def drip(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(response_head(200, [("Content-Type", "text/html"), ("Content-Length", "100000")]))
    for _ in range(100000):
        writer.write(b"x")
        await writer.drain()
        await asyncio.sleep(0.3)


async def short_body(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    head = response_head(200, [("Content-Type", "text/html"), ("Content-Length", str(len(PAGE) + 500))])
    writer.write(head + PAGE)


async def chunked_unfinished(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    head = response_head(200, [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
    writer.write(head + f"{len(PAGE):x}\r\n".encode() + PAGE + b"\r\n")


async def close_delimited(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(response_head(200, [("Content-Type", "text/html"), ("Connection", "close")]) + PAGE)


async def declared_huge(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(response_head(200, [("Content-Type", "text/html"), ("Content-Length", str(10**9))]) + PAGE)


async def endless(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(response_head(200, [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")]))
    chunk = b"<p>" + b"endless " * 2000 + b"</p>"
    while True:
        writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        await writer.drain()


async def bomb(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    coding = request.path.rsplit("/", 1)[1]
    body = server.bomb(coding)
    writer.write(full(200, body, [("Content-Type", "text/html"), ("Content-Encoding", coding)]))


async def stacked(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    body = PAGE
    for _ in range(10):
        body = gzip.compress(body)
    codings = ", ".join(["gzip"] * 10)
    writer.write(full(200, body, [("Content-Type", "text/html"), ("Content-Encoding", codings)]))


async def two_layers(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    body = brotli.compress(zlib.compress(PAGE))
    writer.write(full(200, body, [("Content-Type", "text/html"), ("Content-Encoding", "deflate, br")]))


async def fake_gzip(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    writer.write(full(200, PAGE, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]))


async def redirect(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    path = request.path
    if path == "/loop/a":
        location = "/loop/b"
    elif path == "/loop/b":
        location = "/loop/a"
    elif path.startswith("/chain/"):
        left = int(path.rsplit("/", 1)[1])
        if left == 0:
            await page(server, request, writer)
            return
        location = f"/chain/{left - 1}"
    else:
        location = unquote(request.query("to") or "/")
    writer.write(full(302, headers=[("Location", location)]))


async def charset(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    case = request.path.rsplit("/", 1)[1]
    text = f"<html><head>{{meta}}<title>Café</title></head><body><p>{FRENCH}</p></body></html>"
    if case == "wrong":  # header says UTF-8, bytes are windows-1252
        body, header = text.format(meta="").encode("cp1252"), "text/html; charset=utf-8"
    elif case == "wrong-latin":  # header says Latin-1, bytes are UTF-8 (the usual mistake)
        body, header = text.format(meta="").encode(), "text/html; charset=iso-8859-1"
    elif case == "conflict":  # header and <meta> disagree: the header wins
        body, header = text.format(meta='<meta charset="utf-8">').encode("latin-1"), "text/html; charset=iso-8859-1"
    elif case == "bom":  # a BOM beats the header
        body, header = b"\xef\xbb\xbf" + text.format(meta="").encode(), "text/html; charset=iso-8859-1"
    elif case in ("punycode", "undefined", "unicode_escape"):  # a label that is a Python codec, not a charset
        body, header = text.format(meta="").encode(), f"text/html; charset={case}"
    elif case == "meta-punycode":
        body, header = text.format(meta='<meta charset="punycode">').encode(), "text/html"
    else:  # only <meta> says
        body, header = text.format(meta='<meta charset="windows-1252">').encode("cp1252"), "text/html"
    writer.write(full(200, body, [("Content-Type", header)]))


async def binary(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    case = request.path.rsplit("/", 1)[1]
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 4
    if case == "pdf":
        writer.write(full(200, pdf, [("Content-Type", "application/pdf")]))
    elif case == "pdf-as-html":
        writer.write(full(200, pdf, [("Content-Type", "text/html")]))
    elif case == "image":
        writer.write(full(200, b"\x89PNG\r\n\x1a\n" + bytes(200), [("Content-Type", "image/png")]))
    else:
        writer.write(full(200, bytes(range(256)) * 16, [("Content-Type", "text/html; charset=utf-8")]))


async def cookies(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    if request.path == "/cookies/set":
        writer.write(full(302, headers=[("Set-Cookie", "session=secret; Path=/"), ("Location", "/cookies/echo")]))
        return
    body = f"<html><body><p>cookie: {request.headers.get('cookie', 'none')}</p></body></html>".encode()
    writer.write(full(200, body, [("Content-Type", "text/html")]))


async def echo(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    lines = "".join(f"<p>{key}: {value}</p>" for key, value in sorted(request.headers.items()))
    writer.write(full(200, f"<html><body>{lines}</body></html>".encode(), [("Content-Type", "text/html")]))


async def slow(server: FaultServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(0.2)
    await page(server, request, writer)


_EXACT: dict[str, Handler] = {
    "/robots.txt": robots,
    "/page": page,
    "/keep-alive": keep_alive_page,
    "/flaky": flaky,
    "/unavailable": unavailable,
    "/busy": busy,
    "/reset": reset,
    "/silence": silence,
    "/drip": drip,
    "/short-body": short_body,
    "/chunked-unfinished": chunked_unfinished,
    "/close-delimited": close_delimited,
    "/declared-huge": declared_huge,
    "/endless": endless,
    "/stacked": stacked,
    "/two-layers": two_layers,
    "/fake-gzip": fake_gzip,
    "/redirect": redirect,
    "/echo": echo,
    "/slow": slow,
    "/malformed": malformed,
}
_PREFIX: dict[str, Handler] = {
    "/status/": status,
    "/bomb/": bomb,
    "/loop/": redirect,
    "/chain/": redirect,
    "/charset/": charset,
    "/binary/": binary,
    "/cookies/": cookies,
    "/wide/": wide,
}


def route(request: Request) -> Handler:
    """The handler of a request: exact paths first, then prefixes, else the plain page."""
    handler = _EXACT.get(request.path)
    if handler is not None:
        return handler
    for prefix, candidate in _PREFIX.items():
        if request.path.startswith(prefix):
            return candidate
    return page
