"""A 300-page site over six host names on loopback, for the fleet tests and benchmark, that logs
when each request to each host started and ended (the evidence for politeness).

Every host serves ``/robots.txt`` (everything allowed), ``/sitemap.xml`` and its articles
``/a/N.html``; a job maps the names to 127.0.0.1 with ``politeness.resolve``.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.crawl.site import VOCABULARY


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a killed worker's request: expected
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Request:
    host: str
    path: str
    start: float
    end: float


class FleetSite:
    """Serves the site in a background thread; ``log`` holds every request, in order of ending."""

    def __init__(self, *, hosts: int = 6, per_host: int = 50, latency: float = 0.02) -> None:
        self.hosts = [f"h{k}.fleet.test" for k in range(hosts)]
        self.per_host = per_host
        self.latency = latency
        self.log: list[Request] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FleetSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def base(self, host: str) -> str:
        return f"http://{host}:{self.port}"

    def article_urls(self) -> set[str]:
        return {f"{self.base(h)}/a/{i}.html" for h in self.hosts for i in range(self.per_host)}

    def job(self, *, delay: float, lease: str, extra_output: str = "") -> str:
        sitemaps = ", ".join(f'"{self.base(h)}/sitemap.xml"' for h in self.hosts)
        resolve = "\n".join(f'"{h}" = "127.0.0.1"' for h in self.hosts)
        return f"""
name = "fleet"
sitemaps = [{sitemaps}]

[politeness]
per_host_delay = {delay}
per_host_concurrency = 1
concurrency = 4
max_attempts = 2
timeout = 5
allow_private = true

[politeness.resolve]
{resolve}

[recrawl]
min_interval = "1h"

[output]
folder = "out"
url_patterns = ["/a/"]
{extra_output}

[state]
lease_seconds = "{lease}"
"""

    def requests_by_host(self) -> dict[str, list[Request]]:
        with self._lock:
            log = list(self.log)
        by_host: dict[str, list[Request]] = defaultdict(list)
        for request in log:
            by_host[request.host].append(request)
        for requests in by_host.values():
            requests.sort(key=lambda r: r.start)
        return dict(by_host)

    def article_fetches(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        with self._lock:
            for request in self.log:
                if request.path.startswith("/a/"):
                    counts[f"{self.base(request.host)}{request.path}"] += 1
        return dict(counts)

    def _respond(self, host: str, path: str) -> tuple[int, str, bytes]:
        if host not in self.hosts:
            return 404, "text/plain", b"unknown host"
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{self.base(host)}/a/{i}.html</loc></url>" for i in range(self.per_host))
            return 200, "application/xml", (
                f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            ).encode()
        if path.startswith("/a/") and path.endswith(".html") and path[3:-5].isdigit() \
                and int(path[3:-5]) < self.per_host:
            return 200, "text/html; charset=utf-8", self._article(host, int(path[3:-5]))
        return 404, "text/plain", b"not found"

    def _article(self, host: str, i: int) -> bytes:
        rng = random.Random(f"{host}-{i}")

        def words(n: int) -> str:
            return " ".join(rng.choice(VOCABULARY) for _ in range(n))

        title = f"Story {i} from {host}: {words(5)}"
        paragraphs = "".join(f"<p>{words(rng.randint(30, 45))}.</p>" for _ in range(6))
        return (f"<!doctype html><html lang=en><head><title>{title}</title></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
                f"<article><h1>{title}</h1>{paragraphs}</article>"
                f"<footer><p>Copyright {host}</p></footer></body></html>").encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                start = time.monotonic()
                host = (self.headers.get("Host") or "").split(":")[0]
                status, kind, body = site._respond(host, self.path.split("?")[0])
                time.sleep(site.latency)
                with site._lock:  # before the answer leaves: no later request can start before this
                    site.log.append(Request(host, self.path, start, time.monotonic()))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
