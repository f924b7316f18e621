"""A fault-injecting HTTP/1.1 server on loopback, written on raw asyncio streams.

Raw streams let a handler break the protocol on purpose: reset before the headers, stall,
drip, lie about lengths, leave a chunked body unfinished, send bombs. The server runs its own
event loop in a thread so tests (and the benchmark) can drive a client on theirs. It counts
connections, requests per target and per host, and the most requests in flight per host.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import brotli
import zstandard

from tests.fetch.fault_handlers import Handler, Request, keep_alive_page, route


@dataclass
class FaultServer:
    """Start with :meth:`start`, stop with :meth:`stop`; ``host`` may be any 127/8 address."""

    host: str = "127.0.0.1"
    latency: float = 0.0
    #: Serve HTTPS with this context (a self-signed certificate in the TLS test).
    tls: ssl.SSLContext | None = None
    #: Picks the handler of a request (the fault handlers' own router by default).
    router: Callable[[Request], Handler] = route
    #: More loopback addresses to listen on, on the same port (each is another host to a client).
    also_on: tuple[str, ...] = ()
    port: int = 0
    connections: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    host_hits: Counter[str] = field(default_factory=Counter)
    #: Requests per ``host + target`` (``robots-404.test/robots.txt``).
    hits_by_host: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    #: Requests in flight per ``?group=`` value, and the most at once (for concurrency tests).
    group_in_flight: Counter[str] = field(default_factory=Counter)
    max_group_in_flight: Counter[str] = field(default_factory=Counter)
    bombs: dict[str, bytes] = field(default_factory=dict)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def url(self, target: str, host: str | None = None) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host or self.host}:{self.port}{target}"

    def start(self) -> FaultServer:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def _run(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._server = loop.run_until_complete(asyncio.start_server(self._accept, self.host, self.port, ssl=self.tls))
        self.port = self._server.sockets[0].getsockname()[1]
        extra = [loop.run_until_complete(asyncio.start_server(self._accept, host, self.port, ssl=self.tls))
                 for host in self.also_on]
        ready.set()
        loop.run_forever()
        self._server.close()
        for server in extra:
            server.close()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()

        async def settle() -> None:
            await asyncio.gather(*tasks, return_exceptions=True)

        loop.run_until_complete(settle())
        loop.close()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self.connections += 1
        try:
            while await self._serve_one(reader, writer):
                pass
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away or sent garbage: nothing to answer
        except asyncio.CancelledError:
            return  # the server is stopping
        finally:
            if task is not None:
                self._tasks.discard(task)
            if not writer.is_closing():
                writer.close()

    async def _serve_one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        host = headers.get("host", "").rsplit(":", 1)[0].strip("[]")
        request = Request(method, target, host, headers)
        self.hits[target] += 1
        self.host_hits[host] += 1
        self.hits_by_host[host + target] += 1
        self.in_flight[host] += 1
        group = request.query("group") or ""
        self.group_in_flight[group] += 1
        self.max_in_flight[host] = max(self.max_in_flight[host], self.in_flight[host])
        self.max_group_in_flight[group] = max(self.max_group_in_flight[group], self.group_in_flight[group])
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            handler = self.router(request)
            await handler(self, request, writer)
            await writer.drain()
        finally:
            self.in_flight[host] -= 1
            self.group_in_flight[group] -= 1
        return handler is keep_alive_page

    def bomb(self, coding: str) -> bytes:
        """32 MiB of zeros (32 times the tests' cap) compressed with ``coding`` (made once, on first use)."""
        if coding not in self.bombs:
            zeros = b"\0" * (32 * 1024 * 1024)
            if coding == "gzip":
                self.bombs[coding] = gzip.compress(zeros, 6)
            elif coding == "br":
                self.bombs[coding] = brotli.compress(zeros, quality=5)
            else:
                self.bombs[coding] = zstandard.ZstdCompressor(level=3).compress(zeros)
        return self.bombs[coding]


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def main() -> None:
    """Serve from a separate process (the benchmark): print the port, run until stdin closes."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="fault-injecting HTTP server on loopback")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each response")
    args = parser.parse_args()
    server = FaultServer(host=args.host, latency=args.latency).start()
    print(server.port, flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
