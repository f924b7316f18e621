"""Pages waiting for an extraction worker go lowest priority first, then in arrival order, and
a cancelled waiter never holds a slot; a real pool runs links-only pages before articles."""

from __future__ import annotations

import asyncio

from scraper.pool import PagePool, PoolSettings, _PrioritySlots


def test_waiters_get_freed_slots_by_priority_then_arrival_and_cancelled_ones_are_skipped() -> None:
    async def scenario() -> list[str]:
        slots = _PrioritySlots(1)
        order: list[str] = []
        await slots.acquire(5)  # the one slot is held

        async def waiter(name: str, priority: int) -> None:
            await slots.acquire(priority)
            order.append(name)
            await asyncio.sleep(0)
            slots.release()

        tasks = {name: asyncio.create_task(waiter(name, priority))
                 for name, priority in (("article-1", 1), ("links-1", 0), ("gone", 0), ("article-2", 1))}
        await asyncio.sleep(0)  # all four wait now
        tasks["gone"].cancel()
        await asyncio.sleep(0)
        slots.release()
        await asyncio.gather(*tasks.values(), return_exceptions=True)
        await slots.acquire(0)  # every slot came back: the holder released it, not the cancelled one
        return order

    assert asyncio.run(scenario()) == ["links-1", "article-1", "article-2"]


def _echo(name: str) -> str:
    return name


def test_a_real_pool_queues_a_few_pages_per_worker_and_runs_the_rest_by_priority() -> None:
    async def scenario(pool: PagePool) -> list[str]:
        done: list[str] = []

        async def page(name: str, priority: int) -> None:
            done.append(await pool.run(_echo, name, priority=priority))

        # One worker, two queued in the pool: the first two go in arrival order, then priority.
        names = [("a1", 1), ("a2", 1), ("a3", 1), ("a4", 1), ("l1", 0), ("l2", 0)]
        await asyncio.gather(*(page(name, priority) for name, priority in names))
        return done

    with PagePool(PoolSettings(workers=1)) as pool:
        pool.start()
        assert asyncio.run(scenario(pool)) == ["a1", "a2", "l1", "l2", "a3", "a4"]
