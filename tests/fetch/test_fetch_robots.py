"""robots.txt per RFC 9309: cached per origin, 4xx allows, 5xx and failures disallow, redirects, size."""

from __future__ import annotations

import pytest

from scraper.errors import RobotsDisallowedError, RobotsUnavailableError
from scraper.fetch import FetchResponse
from tests.fetch.conftest import FakeTime, fetch_in_turn, fetch_one, short_config
from tests.fetch.fault_server import FaultServer

NAMES = (
    "robots-404.test",
    "robots-503.test",
    "robots-timeout.test",
    "robots-redirect5.test",
    "robots-redirect6.test",
    "robots-big.test",
    "robots-delay.test",
    "robots-cache.test",
    "robots-expiry.test",
    "robots-retry.test",
)


def robots_config(**overrides: object) -> object:
    return short_config(resolve=tuple((name, "127.0.0.1") for name in NAMES), **overrides)


def at(server: FaultServer, name: str, target: str) -> str:
    return f"http://{name}:{server.port}{target}"


def test_the_user_agents_own_group_wins_over_star(server: FaultServer) -> None:
    # Our group disallows /ours-only; the * group's /private does not apply to us.
    assert fetch_one(server.url("/private?who=us"), short_config()).status == 200
    with pytest.raises(RobotsDisallowedError) as caught:
        fetch_one(server.url("/ours-only?who=us"), short_config())
    assert "robots.txt disallows" in str(caught.value)
    assert server.hits["/ours-only?who=us"] == 0


def test_another_agent_falls_under_star(server: FaultServer) -> None:
    other = short_config(robots_token="otherbot", user_agent="otherbot/1.0")
    with pytest.raises(RobotsDisallowedError):
        fetch_one(server.url("/private?who=other"), other)
    assert fetch_one(server.url("/ours-only?who=other"), other).status == 200
    assert server.hits["/private?who=other"] == 0


def test_robots_can_be_ignored_when_configured(server: FaultServer) -> None:
    assert fetch_one(server.url("/ours-only?who=ignored"), short_config(respect_robots=False)).status == 200


def test_robots_is_fetched_once_per_host(server: FaultServer) -> None:
    urls = [at(server, "robots-cache.test", f"/page?n={n}") for n in range(3)]
    results = fetch_in_turn(urls, robots_config())
    assert all(isinstance(result, FetchResponse) for result in results)
    assert server.hits_by_host["robots-cache.test/robots.txt"] == 1


def test_robots_cache_expires_after_a_day(server: FaultServer) -> None:
    urls = [at(server, "robots-expiry.test", f"/page?n={n}") for n in range(3)]
    # One hour, then a day and an hour, pass between the fetches.
    fake = FakeTime()
    results = fetch_in_turn(urls[:2], robots_config(), fake, between=3600)
    results += fetch_in_turn(urls[2:], robots_config(), fake)
    assert server.hits_by_host["robots-expiry.test/robots.txt"] == 2  # a fresh Fetcher per call
    fake = FakeTime()
    results = fetch_in_turn([urls[0], urls[1]], robots_config(), fake, between=24 * 3600 + 1)
    assert all(isinstance(result, FetchResponse) for result in results)
    assert server.hits_by_host["robots-expiry.test/robots.txt"] == 4


def test_robots_404_allows_everything(server: FaultServer) -> None:
    assert fetch_one(at(server, "robots-404.test", "/private"), robots_config()).status == 200


def test_robots_503_disallows_everything_until_a_later_retry(server: FaultServer) -> None:
    config = robots_config(robots_error_ttl=600.0)
    urls = [at(server, "robots-503.test", "/page?n=1"), at(server, "robots-503.test", "/page?n=2")]
    fake = FakeTime()
    first = fetch_in_turn(urls, config, fake, between=60)
    assert all(isinstance(result, RobotsUnavailableError) for result in first)
    assert isinstance(first[0], RobotsUnavailableError)
    assert first[0].retry_after == pytest.approx(600, abs=1)
    assert "HTTP 503" in str(first[0])
    assert server.hits_by_host["robots-503.test/robots.txt"] == 1
    assert server.hits_by_host["robots-503.test/page?n=1"] == 0
    # Past the error TTL robots.txt is asked again (and still fails).
    fetch_in_turn([urls[0], urls[0]], config, FakeTime(), between=601)
    assert server.hits_by_host["robots-503.test/robots.txt"] == 3


def test_robots_timeout_disallows_everything(server: FaultServer) -> None:
    with pytest.raises(RobotsUnavailableError) as caught:
        fetch_one(at(server, "robots-timeout.test", "/page"), robots_config(read_timeout=0.3))
    assert "timed out" in str(caught.value)
    assert server.hits_by_host["robots-timeout.test/page"] == 0


def test_five_robots_redirects_are_followed(server: FaultServer) -> None:
    with pytest.raises(RobotsDisallowedError):
        fetch_one(at(server, "robots-redirect5.test", "/blocked"), robots_config())
    assert server.hits_by_host["robots-redirect5.test/robots.txt?step=5"] == 1


def test_six_robots_redirects_count_as_unavailable(server: FaultServer) -> None:
    response = fetch_one(at(server, "robots-redirect6.test", "/blocked"), robots_config())
    assert response.status == 200
    assert server.hits_by_host["robots-redirect6.test/robots.txt?step=5"] == 1
    assert server.hits_by_host["robots-redirect6.test/robots.txt?step=6"] == 0


def test_a_600_kib_robots_file_is_parsed_past_500_kib(server: FaultServer) -> None:
    config = robots_config()
    for target in ("/early", "/deep"):
        with pytest.raises(RobotsDisallowedError):
            fetch_one(at(server, "robots-big.test", target), config)
    assert fetch_one(at(server, "robots-big.test", "/elsewhere"), config).status == 200


def test_crawl_delay_spaces_requests(server: FaultServer) -> None:
    fake = FakeTime()
    urls = [at(server, "robots-delay.test", f"/page?n={n}") for n in range(3)]
    results = fetch_in_turn(urls, robots_config(per_host_delay=1.0), fake)
    assert all(isinstance(result, FetchResponse) for result in results)
    # robots.txt, then three pages: each start two seconds after the one before.
    assert fake.sleeps == pytest.approx([2.0, 2.0, 2.0])


def test_a_huge_crawl_delay_is_capped(server: FaultServer) -> None:
    fake = FakeTime()
    urls = [at(server, "robots-delay.test", f"/page?cap={n}") for n in range(2)]
    fetch_in_turn(urls, robots_config(per_host_delay=0.5, max_crawl_delay=1.5), fake)
    assert fake.sleeps == pytest.approx([1.5, 1.5])
