"""A connection's stream with its fixed facts cached.

httpcore asks its stream for the socket, the TLS object or the peer about ten times a request
(is the connection idle, readable, expired?), and anyio answers each question by building every
attribute of the socket afresh, a ``getpeername`` system call among them: about a tenth of the
crawl process's time at high throughput. A connection's socket, TLS object and addresses never
change, so they are asked once.
"""

from __future__ import annotations

import select
import socket
import ssl
from typing import Any

import httpcore

#: The facts of a connection that never change once it is open (or once TLS is started).
_FIXED = frozenset({"socket", "ssl_object", "client_addr", "server_addr"})


def socket_readable(sock: socket.socket | None) -> bool:
    """Whether reading ``sock`` would not block: data, end of stream or an error (a closed or
    missing socket counts as readable, so the connection is dropped, as httpcore does)."""
    if sock is None or sock.fileno() == -1:
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


class CachedInfoStream(httpcore.AsyncNetworkStream):
    """``inner`` with :meth:`get_extra_info` answered from a cache for the fixed facts."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._info: dict[str, Any] = {}

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        return CachedInfoStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return socket_readable(self.get_extra_info("socket"))
        if info not in _FIXED:
            return self._inner.get_extra_info(info)
        if info not in self._info:
            self._info[info] = self._inner.get_extra_info(info)
        return self._info[info]
