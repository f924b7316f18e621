"""Address safety: refuse to connect to internal addresses, checked on the address connected to.

The check lives in the network backend under httpx: the host name is resolved here, every
address is checked, and the socket is opened to the checked address itself. A name that
resolves to a public address once and to 127.0.0.1 the next time (DNS rebinding), a redirect
into private space, or an IPv4-mapped IPv6 literal all meet the same check, before one byte
is sent. TLS still verifies the certificate against the host name (SNI is set by httpcore
from the URL, not from the address).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Iterable, Mapping

import certifi
import httpcore
import httpx

from scraper.errors import BlockedAddressError, NameResolutionError
from scraper.fetch.config import FetchConfig
from scraper.fetch.special_addresses import CLOUD_METADATA, SPECIAL_PURPOSE
from scraper.fetch.stream import CachedInfoStream

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_METADATA = frozenset(ipaddress.ip_address(address) for address, _ in CLOUD_METADATA)
_SPECIAL = tuple((ipaddress.ip_network(network), reason) for network, reason in SPECIAL_PURPOSE)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def blocked_reason(address: IPAddress, *, allow_private: bool) -> str | None:
    """Why connecting to ``address`` is refused, or None when it is a public unicast address.

    Cloud metadata, multicast, unspecified and broadcast addresses are always refused; the
    other special-purpose ranges (loopback, private, link-local ...) unless ``allow_private``.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            reason = blocked_reason(embedded, allow_private=allow_private)
            return f"{reason} (embedded in {address})" if reason else None
    if address in _METADATA:
        return "a cloud metadata address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address"
    if address == ipaddress.IPv4Address("255.255.255.255"):
        return "a broadcast address"
    if allow_private:
        return None
    for network, reason in _SPECIAL:
        if address.version == network.version and address in network:
            return reason
    if not address.is_global:
        return "a reserved address"
    return None


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def check_address(
    host: str, address: str, *, allow_private: bool, allowed: tuple[IPNetwork, ...] = ()
) -> None:
    """Raise :class:`BlockedAddressError` when ``address`` (resolved from ``host``) is refused."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip not in _METADATA and any(ip in network for network in allowed):
        return
    reason = blocked_reason(ip, allow_private=allow_private)
    if reason:
        shown = host if host == address else f"{host} ({address})"
        hint = "" if blocked_reason(ip, allow_private=True) else (
            "; for an intranet or a test site, pass --allow-private (politeness.allow_private = true in a job)")
        raise BlockedAddressError(f"refused to connect to {shown}: {reason}{hint}")


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Resolves names itself, checks every address, then connects to a checked address."""

    def __init__(
        self,
        *,
        allow_private: bool,
        allowed_networks: Iterable[str] = (),
        overrides: Mapping[str, str] | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._allow_private = allow_private
        self._allowed = tuple(ipaddress.ip_network(network, strict=False) for network in allowed_networks)
        self._overrides = {name.lower(): address for name, address in (overrides or {}).items()}
        self._inner = inner or httpcore.AnyIOBackend()

    async def resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        """The addresses of ``host``: a literal, an override, or the system resolver's answer."""
        host = host.strip("[]")
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        override = self._overrides.get(host.lower())
        if override is not None:
            return [override]
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError as e:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from e
        except socket.gaierror as e:
            # A name that does not exist will not exist on the next attempt either.
            raise NameResolutionError(f"cannot resolve {host} (DNS): {e.strerror}") from e
        addresses: list[str] = []
        for info in infos:
            address = str(info[4][0]).split("%", 1)[0]
            if address not in addresses:
                addresses.append(address)
        return addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.resolve(host, port, timeout)
        # Any refused address refuses the name: rebinding attacks mix public and private answers.
        for address in addresses:
            check_address(host, address, allow_private=self._allow_private, allowed=self._allowed)
        last_error: Exception | None = None
        for address in addresses:
            try:
                stream = await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last_error = e
                continue
            stream = CachedInfoStream(stream)
            peer = stream.get_extra_info("server_addr")
            if peer is not None:
                check_address(host, str(peer[0]), allow_private=self._allow_private, allowed=self._allowed)
            return stream
        if last_error is None:
            raise httpcore.ConnectError(f"{host} has no address")
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError("refused to connect to a Unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _OriginTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport for one origin, its pool rebuilt on the shared guarded backend."""

    def __init__(self, ssl_context: ssl.SSLContext, backend: GuardedNetworkBackend, keepalive: int) -> None:
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=keepalive)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        # httpx offers no public way to pass a network backend, so the pool is rebuilt with
        # the settings httpx itself would use.
        self.pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=None,
            max_keepalive_connections=keepalive,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )
        self._pool = self.pool


class GuardedTransport(httpx.AsyncBaseTransport):
    """Every connection goes through a :class:`GuardedNetworkBackend`; one small pool per origin.

    httpcore scans its whole pool for every queued request, so one pool for many hosts costs
    time in proportion to hosts times requests; small pools keep that cost flat. Requests in
    flight are bounded by the fetcher's politeness limits, so the pools need no bound of their
    own. No proxy is ever taken from the environment: a proxy would be the address connected
    to, and the check would no longer see the target.
    """

    #: Idle origins are forgotten once this many pools exist.
    PRUNE_AT = 512

    def __init__(self, config: FetchConfig) -> None:
        self._ssl_context = ssl.create_default_context(cafile=certifi.where())
        self._backend = GuardedNetworkBackend(
            allow_private=config.allow_private,
            allowed_networks=config.allowed_networks,
            overrides=dict(config.resolve),
        )
        self._keepalive = config.per_host_concurrency
        self._origins: dict[tuple[str, str, int | None], _OriginTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.scheme, request.url.host, request.url.port)
        transport = self._origins.get(key)
        if transport is None:
            if len(self._origins) >= self.PRUNE_AT:
                await self._prune()
            transport = _OriginTransport(self._ssl_context, self._backend, self._keepalive)
            self._origins[key] = transport
        return await transport.handle_async_request(request)

    async def _prune(self) -> None:
        for key, transport in list(self._origins.items()):
            if not transport.pool.connections:
                del self._origins[key]
                await transport.aclose()

    async def aclose(self) -> None:
        for transport in self._origins.values():
            await transport.aclose()
        self._origins.clear()


def check_url(url: httpx.URL) -> str | None:
    """Why ``url`` cannot be fetched (scheme, host), or None when it is a fetchable http(s) URL."""
    if url.scheme not in ("http", "https"):
        return f"unsupported URL scheme {url.scheme + ':' if url.scheme else '(none)'}; only http and https"
    if not url.host:
        return "URL has no host"
    if url.userinfo:
        return "URL carries credentials"
    if url.port is not None and not 0 < url.port < 65536:
        return f"port {url.port} is out of range (1 to 65535)"
    return None
