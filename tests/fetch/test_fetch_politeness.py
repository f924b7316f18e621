"""Politeness: spacing per host, per-host and global concurrency, slowing down busy hosts."""

from __future__ import annotations

import asyncio

import pytest

from scraper.errors import HTTPStatusError
from scraper.fetch import FetchConfig, Fetcher, FetchResponse
from scraper.fetch.politeness import Politeness
from tests.fetch.conftest import FakeTime, fetch_in_turn, short_config
from tests.fetch.fault_server import FaultServer

HOSTS = tuple(f"polite-{n}.test" for n in range(8))


def polite_config(**overrides: object) -> FetchConfig:
    return short_config(resolve=tuple((name, "127.0.0.1") for name in HOSTS), **overrides)


def at(server: FaultServer, name: str, target: str) -> str:
    return f"http://{name}:{server.port}{target}"


def fetch_together(urls: list[str], config: FetchConfig) -> list[FetchResponse]:
    async def run() -> list[FetchResponse]:
        async with Fetcher(config) as fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(url) for url in urls)))

    return asyncio.run(run())


def test_requests_to_one_host_are_spaced_by_the_delay(server: FaultServer) -> None:
    fake = FakeTime()
    urls = [at(server, "polite-0.test", f"/page?n={n}") for n in range(3)]
    results = fetch_in_turn(urls, polite_config(per_host_delay=1.0), fake)
    assert all(isinstance(result, FetchResponse) for result in results)
    # robots.txt at t, then the pages at t+1, t+2, t+3.
    assert fake.sleeps == pytest.approx([1.0, 1.0, 1.0])


def test_different_hosts_do_not_wait_for_each_other(server: FaultServer) -> None:
    fake = FakeTime()
    urls = [at(server, "polite-1.test", "/page"), at(server, "polite-2.test", "/page")]
    fetch_in_turn(urls, polite_config(per_host_delay=1.0), fake)
    # One wait per host (robots.txt then its page), none between the hosts.
    assert fake.sleeps == pytest.approx([1.0, 1.0])


def test_one_request_at_a_time_per_host_by_default(server: FaultServer) -> None:
    urls = [at(server, "polite-3.test", f"/slow?n={n}") for n in range(4)]
    fetch_together(urls, polite_config())
    assert server.max_in_flight["polite-3.test"] == 1


def test_per_host_concurrency_can_be_raised(server: FaultServer) -> None:
    urls = [at(server, "polite-4.test", f"/slow?n={n}") for n in range(4)]
    fetch_together(urls, polite_config(per_host_concurrency=2))
    assert server.max_in_flight["polite-4.test"] == 2


def test_global_concurrency_bounds_all_hosts(server: FaultServer) -> None:
    urls = [at(server, name, f"/slow?group=global&n={n}") for name in HOSTS[5:8] for n in range(2)]
    fetch_together(urls, polite_config(global_concurrency=2, per_host_concurrency=2, respect_robots=False))
    assert server.max_group_in_flight["global"] == 2


def test_a_503_slows_the_host_down_and_success_recovers(server: FaultServer) -> None:
    fake = FakeTime()
    config = polite_config(per_host_delay=1.0, max_attempts=1, respect_robots=False)
    urls = [
        at(server, "polite-0.test", "/unavailable?slow"),
        at(server, "polite-0.test", "/page?after-503=1"),
        at(server, "polite-0.test", "/page?after-503=2"),
    ]
    results = fetch_in_turn(urls, config, fake)
    assert isinstance(results[0], HTTPStatusError)
    assert isinstance(results[1], FetchResponse)
    # After the 503 the host's delay doubled (2 s); one success halves it back to 1 s.
    assert fake.sleeps == pytest.approx([2.0, 1.0])


def test_a_429_retry_after_holds_back_other_requests_to_the_host(server: FaultServer) -> None:
    fake = FakeTime()
    config = polite_config(per_host_delay=0.0, max_attempts=1, respect_robots=False)
    urls = [at(server, "polite-1.test", "/busy?form=seconds&who=hold"), at(server, "polite-1.test", "/page?held")]
    results = fetch_in_turn(urls, config, fake)
    assert isinstance(results[0], HTTPStatusError)
    assert results[0].status == 429
    assert fake.sleeps == pytest.approx([3.0])


def test_idle_hosts_are_forgotten_but_slowed_ones_are_kept() -> None:
    fake = FakeTime()
    politeness = Politeness(polite_config(per_host_delay=1.0), clock=fake.clock, sleep=fake.sleep)
    politeness.PRUNE_AT = 3

    async def visit(host: str) -> None:
        async with politeness.slot(host):
            pass

    async def run() -> None:
        for host in ("a.test", "b.test", "c.test"):
            await visit(host)
        politeness.slow_down("c.test", None)
        fake.now += 301
        await visit("d.test")

    asyncio.run(run())
    # a and b were idle for over five minutes; c is still slowed down; d is new.
    assert politeness.delay("c.test") == 2.0
    assert sorted(politeness._hosts) == ["c.test", "d.test"]
