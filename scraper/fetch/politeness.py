"""Politeness: per-host concurrency and spacing, a global limit, and slowing down busy hosts.

Spacing is measured between the starts of two requests to the same host name: each request
reserves its start time under the host's lock, so concurrent callers queue up one delay apart.
Time comes from the injected ``clock`` and ``sleep`` so tests can record the waits.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

from scraper.fetch.config import FetchConfig

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class RequestGate(Protocol):
    """Turns at each host shared with other processes (a crawl's workers on several machines):
    a request starts inside ``turn``, which waits until the whole fleet's last request to
    ``host`` started ``delay`` seconds ago and fewer than its concurrency are in flight."""

    def turn(self, host: str, delay: float) -> AbstractAsyncContextManager[None]: ...


@dataclass(slots=True)
class _HostState:
    """What the fetcher remembers about one host name while it runs."""

    semaphore: asyncio.Semaphore
    next_start: float = 0.0
    last_start: float | None = None
    active: int = 0
    crawl_delay: float = 0.0
    slowdown: float = 0.0


class Politeness:
    """Hands out request slots per host; one instance per :class:`~scraper.fetch.client.Fetcher`."""

    def __init__(self, config: FetchConfig, *, clock: Clock, sleep: Sleep, gate: RequestGate | None = None) -> None:
        self._config = config
        self._gate = gate
        self._clock = clock
        self._sleep = sleep
        self._global = asyncio.Semaphore(config.global_concurrency)
        self._hosts: dict[str, _HostState] = {}

    #: Past this many hosts, hosts idle for a while are forgotten (a long crawl meets many).
    PRUNE_AT = 10_000
    #: A host is idle when its last request started this long ago and nothing is in flight.
    IDLE_AFTER = 300.0

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            if len(self._hosts) >= self.PRUNE_AT:
                self._prune()
            state = _HostState(asyncio.Semaphore(self._config.per_host_concurrency))
            self._hosts[host] = state
        return state

    def _prune(self) -> None:
        now = self._clock()
        for host, state in list(self._hosts.items()):
            idle_since = state.last_start
            if state.active or idle_since is None or state.slowdown:
                continue
            if now - idle_since > max(self.IDLE_AFTER, state.next_start - idle_since):
                del self._hosts[host]

    def delay(self, host: str) -> float:
        """Current minimum time between two request starts to ``host``."""
        state = self._state(host)
        base = max(self._config.per_host_delay, state.crawl_delay)
        return max(base, min(state.slowdown, self._config.max_host_delay))

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """Record robots.txt's ``Crawl-delay`` for ``host``, cut to ``max_crawl_delay`` (None clears it)."""
        state = self._state(host)
        if seconds is None or not math.isfinite(seconds) or seconds <= 0:
            state.crawl_delay = 0.0
        else:
            state.crawl_delay = min(seconds, self._config.max_crawl_delay)
        if state.last_start is not None:
            # The robots.txt request itself was spaced before the delay was known.
            state.next_start = max(state.next_start, state.last_start + self.delay(host))

    def slow_down(self, host: str, retry_after: float | None) -> None:
        """``host`` answered 429 or 503: widen its spacing, and pause it for ``retry_after``.

        The pause never exceeds ``max_retry_after`` (the longest wait the fetcher honours), so
        a server asking for years stalls its host for two minutes at most.
        """
        state = self._state(host)
        current = max(self.delay(host), 1.0)
        state.slowdown = min(current * self._config.slowdown_factor, self._config.max_host_delay)
        asked = min(retry_after or 0.0, self._config.max_retry_after)
        pause = max(self.delay(host), asked)
        state.next_start = max(state.next_start, self._clock() + pause)

    def recover(self, host: str) -> None:
        """``host`` answered normally: undo one step of slowing down."""
        state = self._state(host)
        if state.slowdown:
            state.slowdown /= self._config.slowdown_factor
            base = max(self._config.per_host_delay, state.crawl_delay)
            if state.slowdown <= base:
                state.slowdown = 0.0
            if state.last_start is not None:
                state.next_start = min(state.next_start, state.last_start + self.delay(host))

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Wait for ``host``'s turn and a global slot; the request runs inside the block."""
        state = self._state(host)
        state.active += 1
        try:
            async with state.semaphore:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + self.delay(host)
                state.last_start = start
                if start > now:
                    await self._sleep(start - now)
                async with self._global:
                    if self._gate is None:
                        yield
                    else:  # last, so the request starts as soon as the fleet's turn is taken
                        async with self._gate.turn(host, self.delay(host)):
                            yield
        finally:
            state.active -= 1
