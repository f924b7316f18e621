"""Retries: transient failures only, backoff through the injected sleep, Retry-After honoured or refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.errors import (
    FetchTransportError,
    HTTPStatusError,
    RefusedConnectionError,
    RetryAfterTooLongError,
)
from scraper.fetch import FetchResponse
from scraper.fetch.retry import parse_retry_after
from tests.fetch.conftest import FakeTime, fetch_in_turn, fetch_one, short_config
from tests.fetch.fault_server import FaultServer, closed_port


def test_503_twice_then_200_succeeds_on_the_third_attempt(server: FaultServer, fake_time: FakeTime) -> None:
    response = fetch_one(server.url("/flaky?case=retry"), short_config(), fake_time)
    assert response.status == 200
    assert response.attempts == 3
    assert server.hits["/flaky?case=retry"] == 3
    # Backoff waits 0.5 s then 1 s (doubling), each plus up to 0.1 s of jitter. The 503s also
    # slow the host down, which adds politeness waits before the retries.
    assert 0.5 <= fake_time.sleeps[0] <= 0.6 + 1e-9
    assert any(1.0 <= s <= 1.1 + 1e-9 for s in fake_time.sleeps[1:])


def test_503_forever_gives_up_after_the_attempt_limit(server: FaultServer, fake_time: FakeTime) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        fetch_one(server.url("/unavailable?case=forever"), short_config(max_attempts=4), fake_time)
    assert caught.value.status == 503
    assert caught.value.transient
    assert caught.value.url == server.url("/unavailable?case=forever")
    assert caught.value.attempts == 4
    assert server.hits["/unavailable?case=forever"] == 4


def test_backoff_is_capped(server: FaultServer, fake_time: FakeTime) -> None:
    # A 500 does not slow the host down, so every wait recorded is a backoff wait.
    config = short_config(max_attempts=6, backoff_initial=1.0, backoff_max=2.0, backoff_jitter=0.0)
    with pytest.raises(HTTPStatusError):
        fetch_one(server.url("/status/500?case=cap"), config, fake_time)
    assert server.hits["/status/500?case=cap"] == 6
    assert [s for s in fake_time.sleeps if s > 0] == [1.0, 2.0, 2.0, 2.0, 2.0]


def test_429_retry_after_seconds_is_waited(server: FaultServer, fake_time: FakeTime) -> None:
    response = fetch_one(server.url("/busy?form=seconds"), short_config(), fake_time)
    assert response.status == 200
    assert response.attempts == 2
    assert sum(fake_time.sleeps) >= 3.0


def test_429_retry_after_http_date_is_waited(server: FaultServer, fake_time: FakeTime) -> None:
    response = fetch_one(server.url("/busy?form=date"), short_config(), fake_time)
    assert response.status == 200
    # The date is five seconds ahead, at one-second resolution.
    assert sum(fake_time.sleeps) >= 3.5


def test_503_with_retry_after_is_waited_too(server: FaultServer, fake_time: FakeTime) -> None:
    response = fetch_one(server.url("/busy?form=seconds&status=503"), short_config(), fake_time)
    assert response.attempts == 2
    assert sum(fake_time.sleeps) >= 3.0


def test_huge_retry_after_fails_at_once_with_the_delay(server: FaultServer, fake_time: FakeTime) -> None:
    with pytest.raises(RetryAfterTooLongError) as caught:
        fetch_one(server.url("/busy?form=huge"), short_config(), fake_time)
    assert caught.value.retry_after == 86400
    assert caught.value.status == 429
    assert "retry after 86400 s" in str(caught.value)
    assert server.hits["/busy?form=huge"] == 1
    assert sum(fake_time.sleeps) < 1


@pytest.mark.parametrize("code", [404, 410, 403])
def test_permanent_errors_are_not_retried(server: FaultServer, fake_time: FakeTime, code: int) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        fetch_one(server.url(f"/status/{code}"), short_config(), fake_time)
    assert caught.value.status == code
    assert not caught.value.transient
    assert caught.value.attempts == 1
    assert server.hits[f"/status/{code}"] == 1
    assert str(caught.value) == f"HTTP {code}"


@pytest.mark.parametrize("code", [408, 425, 500, 502, 504])
def test_transient_statuses_are_retried(server: FaultServer, fake_time: FakeTime, code: int) -> None:
    target = f"/status/{code}?case=transient"
    with pytest.raises(HTTPStatusError):
        fetch_one(server.url(target), short_config(max_attempts=2), fake_time)
    assert server.hits[target] == 2


def test_closed_port_is_a_retried_refused_connection(fake_time: FakeTime) -> None:
    with pytest.raises(RefusedConnectionError) as caught:
        fetch_one(f"http://127.0.0.1:{closed_port()}/page", short_config(respect_robots=False), fake_time)
    assert caught.value.transient
    assert "connection refused" in str(caught.value)
    assert len([s for s in fake_time.sleeps if s > 0]) == 2


def test_robots_txt_behind_a_closed_port_is_reported_as_the_refusal_with_the_wait(fake_time: FakeTime) -> None:
    with pytest.raises(RefusedConnectionError) as caught:
        fetch_one(f"http://127.0.0.1:{closed_port()}/page", short_config(), fake_time)
    message = str(caught.value)
    assert message.startswith("connection refused") and "while fetching robots.txt" in message
    assert "not asked again for" in message and caught.value.retry_after


def test_retry_after_parsing() -> None:
    now = datetime(2026, 11, 3, 10, 0, 0, tzinfo=UTC)
    week = 7 * 86400.0
    assert parse_retry_after("120", ceiling=week) == 120.0
    assert parse_retry_after("Tue, 03 Nov 2026 10:00:30 GMT", ceiling=week, now=now) == 30.0
    assert parse_retry_after("Tue, 03 Nov 2026 09:00:00 GMT", ceiling=week, now=now) == 0.0
    assert parse_retry_after("soon", ceiling=week) is None
    assert parse_retry_after("-5", ceiling=week) is None
    assert parse_retry_after(None, ceiling=week) is None


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "1\u00b2", "1e9", "inf", "nan", " ", "Fri, 31 Dec 99999 23:59:59 GMT"])
def test_retry_after_that_is_not_http_is_ignored(value: str) -> None:
    assert parse_retry_after(value, ceiling=3600.0) is None


@pytest.mark.parametrize("value", ["1000000000", "99999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_retry_after_is_cut_to_the_ceiling_before_anyone_keeps_it(value: str) -> None:
    assert parse_retry_after(value, ceiling=3600.0) == 3600.0


def test_a_superscript_retry_after_is_a_plain_retried_429(server: FaultServer, fake_time: FakeTime) -> None:
    response = fetch_one(server.url("/busy?form=superscript"), short_config(), fake_time)
    assert response.status == 200
    assert server.hits["/busy?form=superscript"] == 2


def test_an_enormous_retry_after_fails_the_url_but_never_stalls_its_host(
    server: FaultServer, fake_time: FakeTime
) -> None:
    config = short_config(max_retry_after=120.0, retry_after_ceiling=86400.0, per_host_delay=0.0)
    results = fetch_in_turn([server.url("/busy?form=enormous"), server.url("/page?after-enormous")], config, fake_time)
    assert isinstance(results[0], RetryAfterTooLongError)
    assert results[0].retry_after == 86400.0
    assert isinstance(results[1], FetchResponse)
    # The next request to the host waited the longest honoured pause, not 31 years.
    assert max(fake_time.sleeps) <= 120.0


def test_a_malformed_response_is_not_retried(server: FaultServer, fake_time: FakeTime) -> None:
    with pytest.raises(FetchTransportError) as caught:
        fetch_one(server.url("/malformed"), short_config(max_attempts=4), fake_time)
    assert not caught.value.transient
    assert "malformed" in str(caught.value)
    assert server.hits["/malformed"] == 1
