"""The guarded backend's streams cache a connection's fixed facts; a kept-alive connection,
plain or TLS, is still reused, and one the server closed is not."""

from __future__ import annotations

import asyncio
import socket
import ssl

import httpcore

from scraper.fetch.safety import GuardedNetworkBackend
from scraper.fetch.stream import socket_readable
from tests.fetch.fault_server import FaultServer


async def _two_requests(url: str, context: ssl.SSLContext | None) -> tuple[list[int], int]:
    backend = GuardedNetworkBackend(allow_private=True)
    async with httpcore.AsyncConnectionPool(ssl_context=context, network_backend=backend) as pool:
        statuses = []
        for _ in range(2):
            response = await pool.request("GET", url)
            statuses.append(response.status)
        return statuses, len(pool.connections)


def test_a_tls_connection_is_verified_answers_and_is_reused(tls_server: FaultServer) -> None:
    context = ssl.create_default_context(cafile=str(tls_server.certificate))  # type: ignore[attr-defined]
    statuses, connections = asyncio.run(_two_requests(tls_server.url("/keep-alive"), context))
    assert statuses == [200, 200] and connections == 1


def test_a_plain_connection_is_reused(server: FaultServer) -> None:
    statuses, connections = asyncio.run(_two_requests(server.url("/keep-alive"), None))
    assert statuses == [200, 200] and connections == 1


def test_a_socket_is_readable_once_its_peer_wrote_or_closed() -> None:
    left, right = socket.socketpair()
    try:
        assert not socket_readable(left)
        right.sendall(b"x")
        assert socket_readable(left)
        left.recv(1)
        right.close()
        assert socket_readable(left)  # end of stream: the connection is not reusable
    finally:
        left.close()
    assert socket_readable(left) and socket_readable(None)
