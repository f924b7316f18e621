"""Retries with tenacity: transient failures only, exponential backoff with jitter, Retry-After.

A failure is retried when its :class:`~scraper.errors.FetchError` says ``transient``; the wait
is the larger of the backoff and the server's ``Retry-After`` (already checked against the cap
by the caller, which raises :class:`~scraper.errors.RetryAfterTooLongError` beyond it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from scraper.errors import FetchError, HTTPStatusError
from scraper.fetch.config import FetchConfig

#: Statuses worth another attempt: timeouts, too early, too many requests, gateway troubles.
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
# RFC 9110 delta-seconds: ASCII digits only ("²" and "٣" are digits to str.isdigit, not to HTTP).
_DELTA_SECONDS = re.compile(r"[0-9]{1,20}")


def parse_retry_after(value: str | None, *, ceiling: float, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP-date), at most ``ceiling``.

    None when absent or malformed. The ceiling is applied here, before any caller stores or
    sleeps on the value: a server's ``Retry-After: 1000000000`` becomes ``ceiling``.
    """
    if value is None:
        return None
    value = value.strip()
    if _DELTA_SECONDS.fullmatch(value):
        return min(float(value), ceiling)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    except OverflowError:
        return ceiling
    return min(max(0.0, seconds), ceiling) if math.isfinite(seconds) else None


def _is_transient(error: BaseException) -> bool:
    return isinstance(error, FetchError) and error.transient


class RetryPolicy:
    """Runs one request function under the configured retry rules."""

    def __init__(self, config: FetchConfig, *, sleep: Sleep) -> None:
        self._config = config
        self._sleep = sleep
        self._backoff = wait_exponential_jitter(
            multiplier=config.backoff_initial, max=config.backoff_max, jitter=config.backoff_jitter
        )

    def _wait(self, state: RetryCallState) -> float:
        backoff: float = self._backoff(state)
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, HTTPStatusError) and error.retry_after is not None:
            return max(backoff, error.retry_after)
        return backoff

    async def run(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Call ``attempt`` until it succeeds, fails permanently, or runs out of attempts."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._config.max_attempts),
            retry=retry_if_exception(_is_transient),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )
        result: T = await retrying(attempt)
        return result
