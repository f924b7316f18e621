"""The page pool's time limit holds against code in C, and one page's death is its own."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time

import pytest

from scraper.errors import PageTimeoutError, WorkerDiedError
from scraper.pool import PagePool, PoolSettings


def stuck_in_c() -> bool:
    """Catastrophic backtracking: minutes inside the C regex engine, which never checks signals."""
    return re.match(r"(a+)+$", "a" * 40 + "b") is not None


def sleep_then_answer(seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def double(number: int) -> int:
    return 2 * number


def test_a_page_stuck_in_c_is_stopped_at_its_cpu_limit_and_the_next_runs() -> None:
    with PagePool(PoolSettings(workers=1, page_timeout=1.0)) as pool:
        stuck = pool.submit(stuck_in_c)
        after = pool.submit(double, 21)
        with pytest.raises(PageTimeoutError, match="used more than 1 s of CPU time"):
            pool.result(stuck)
        assert pool.result(after) == 42


def test_the_limit_is_cpu_time_so_waiting_is_not_counted() -> None:
    # A page on a busy machine waits for the CPU without using it; it must not be failed for that.
    with PagePool(PoolSettings(workers=1, page_timeout=0.5)) as pool:
        assert pool.result(pool.submit(sleep_then_answer, 2.0)) == "slept"


def test_a_worker_that_dies_fails_its_page_alone() -> None:
    with PagePool(PoolSettings(workers=1, page_timeout=5.0)) as pool:
        dead = pool.submit(die)
        with pytest.raises(WorkerDiedError, match="SIGKILL"):
            pool.result(dead)
        assert pool.result(pool.submit(double, 4)) == 8


def test_awaiting_a_page_and_cancelling_it_stops_its_worker() -> None:
    async def scenario(pool: PagePool) -> int:
        stuck = asyncio.ensure_future(pool.run(stuck_in_c))
        await asyncio.sleep(0.5)
        stuck.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stuck
        # With the stuck worker still running, the one-worker pool would answer in minutes;
        # the wait is a hang guard, not a speed test.
        return await asyncio.wait_for(pool.run(double, 5), 120)

    with PagePool(PoolSettings(workers=1, page_timeout=600.0)) as pool:
        assert asyncio.run(scenario(pool)) == 10
