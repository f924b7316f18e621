"""robots.txt per RFC 9309, parsed by protego, fetched once per origin and cached.

* 2xx: the rules apply (the first ``robots_max_bytes`` are parsed; the RFC asks for 500 KiB).
* 3xx: up to ``robots_max_redirects`` hops are followed; beyond that it counts as unavailable.
* 4xx (429 aside): unavailable, so everything is allowed.
* 5xx, 429, or a network failure: unreachable, so everything is disallowed until the entry
  expires after ``robots_error_ttl`` and robots.txt is tried again. A connection failure (DNS,
  refused, TLS, reset) is raised as itself, with that wait, not as a robots.txt policy.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

import httpx
from protego import Protego

from scraper.errors import (
    BlockedAddressError,
    FetchError,
    FetchTransportError,
    RobotsDisallowedError,
    RobotsUnavailableError,
)
from scraper.fetch.config import FetchConfig
from scraper.fetch.response import RawResponse

Exchange = Callable[[httpx.URL], Awaitable[RawResponse]]
Clock = Callable[[], float]


class RobotsStore(Protocol):
    """robots.txt answers shared with other processes (a crawl's workers): ``fetch_through``
    returns the stored answer for ``url``, or fetches it with ``fetch`` and stores it."""

    async def fetch_through(self, url: httpx.URL, fetch: Exchange) -> RawResponse: ...
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What one origin's robots.txt says, and until when it is trusted."""

    origin: str
    expires: float
    parser: Protego | None = None
    #: Set when robots.txt could not be reached: everything is disallowed for now.
    unreachable: str | None = None
    #: The connection failure that kept robots.txt out of reach (DNS, refused, TLS, reset), if any.
    network_error: FetchError | None = None

    def crawl_delay(self, token: str) -> float | None:
        """The ``Crawl-delay`` of the group that applies to ``token``."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(token)
        return float(delay) if delay is not None else None


def origin_of(url: httpx.URL) -> str:
    """``scheme://host:port``: robots.txt applies per protocol, host and port."""
    port = url.port or (443 if url.scheme == "https" else 80)
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f"{url.scheme}://{host}:{port}"


class RobotsCache:
    """Fetches robots.txt once per origin (concurrent callers wait for the one fetch)."""

    #: Past this many origins, expired entries are dropped.
    PRUNE_AT = 10_000

    def __init__(self, config: FetchConfig, *, exchange: Exchange, clock: Clock, store: RobotsStore | None = None) -> None:
        self._config = config
        self._exchange: Exchange = exchange if store is None else partial(store.fetch_through, fetch=exchange)
        self._clock = clock
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: httpx.URL) -> RobotsRules:
        """The rules for ``url``'s origin, fetched if missing or expired."""
        origin = origin_of(url)
        if origin not in self._locks and len(self._locks) >= self.PRUNE_AT:
            self._prune()
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            rules = self._rules.get(origin)
            if rules is None or rules.expires <= self._clock():
                rules = await self._fetch(origin)
                self._rules[origin] = rules
            return rules

    def _prune(self) -> None:
        """Forget expired origins nobody is fetching, so a long crawl does not grow without end."""
        now = self._clock()
        for origin, lock in list(self._locks.items()):
            rules = self._rules.get(origin)
            if not lock.locked() and (rules is None or rules.expires <= now):
                del self._locks[origin]
                self._rules.pop(origin, None)

    async def check(self, url: httpx.URL) -> RobotsRules:
        """Raise :class:`RobotsDisallowedError` unless ``url`` may be fetched; return the rules."""
        rules = await self.rules_for(url)
        if rules.unreachable is not None:
            wait = max(0.0, rules.expires - self._clock())
            if rules.network_error is not None:
                raise _host_unreachable(rules.network_error, wait)
            raise RobotsUnavailableError(
                f"robots.txt unreachable ({rules.unreachable}); everything is disallowed for {wait:.0f} s",
                retry_after=wait,
            )
        if rules.parser is not None and not rules.parser.can_fetch(str(url), self._config.robots_token):
            raise RobotsDisallowedError(f"robots.txt disallows this URL for {self._config.robots_token}")
        return rules

    async def _fetch(self, origin: str) -> RobotsRules:
        now = self._clock()
        allow_all = RobotsRules(origin, now + self._config.robots_ttl)
        target = httpx.URL(origin + "/robots.txt")
        for hop in range(self._config.robots_max_redirects + 1):
            try:
                raw = await self._exchange(target)
            except BlockedAddressError:
                if hop == 0:
                    raise  # the origin itself is refused: so is every page on it
                return self._unreachable(origin, "robots.txt redirects to a refused address")
            except FetchTransportError as e:  # DNS, refused, TLS, reset: the host, not its robots.txt
                return self._unreachable(origin, str(e), network_error=e)
            except FetchError as e:
                return self._unreachable(origin, str(e))
            location = raw.header("location")
            if raw.status in _REDIRECTS and location:
                target = target.join(location)
                if target.scheme not in ("http", "https"):
                    return allow_all
                continue
            if 200 <= raw.status < 300:
                text = raw.body[: self._config.robots_max_bytes].decode("utf-8", "replace")
                return RobotsRules(origin, now + self._config.robots_ttl, parser=Protego.parse(text))
            if raw.status == 429 or raw.status >= 500:
                return self._unreachable(origin, f"HTTP {raw.status}")
            return allow_all
        # More redirects than the RFC's minimum: robots.txt counts as unavailable.
        return allow_all

    def _unreachable(self, origin: str, reason: str, *, network_error: FetchError | None = None) -> RobotsRules:
        return RobotsRules(origin, self._clock() + self._config.robots_error_ttl, unreachable=reason,
                           network_error=network_error)


def _host_unreachable(error: FetchError, wait: float) -> FetchError:
    """The network failure itself, named as such (a DNS failure is not a robots.txt policy), with
    the policy it implies: the host is not asked again for ``wait`` seconds."""
    named = type(error)(f"{error} (while fetching robots.txt; the host is not asked again for {wait:.0f} s)",
                        url=error.url, transient=error.transient)
    named.retry_after = wait
    return named
