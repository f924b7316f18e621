"""Fixtures of the fetch tests: the fault server on loopback, a fake clock, short-timeout configs."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from scraper.errors import FetchError
from scraper.fetch import FetchConfig, Fetcher, FetchResponse
from tests.fetch.fault_server import FaultServer


@dataclass
class FakeTime:
    """A clock that only moves when the fetcher sleeps: backoff waits are recorded, not slept."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


def short_config(**overrides: object) -> FetchConfig:
    """Short timeouts, no politeness delay, private addresses allowed (the server is on loopback)."""
    settings: dict[str, object] = {
        "allow_private": True,
        "per_host_delay": 0.0,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "total_timeout": 3.0,
        "max_attempts": 3,
        "backoff_initial": 0.5,
        "backoff_max": 4.0,
        "backoff_jitter": 0.1,
        "max_body_bytes": 256 * 1024,
        "max_decompressed_bytes": 1024 * 1024,
    }
    settings.update(overrides)
    return FetchConfig(**settings)  # type: ignore[arg-type]


def fetch_one(url: str, config: FetchConfig, time: FakeTime | None = None, **kwargs: str) -> FetchResponse:
    """Fetch one URL with a fresh :class:`Fetcher` (fresh robots cache and politeness state)."""
    fake = time or FakeTime()

    async def run() -> FetchResponse:
        async with Fetcher(config, sleep=fake.sleep, clock=fake.clock) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(run())


def fetch_in_turn(
    urls: list[str], config: FetchConfig, time: FakeTime | None = None, *, between: float = 0.0
) -> list[FetchResponse | FetchError]:
    """Fetch ``urls`` one after the other with one :class:`Fetcher`; failures are returned in place.

    ``between`` moves the fake clock forward after each fetch (a crawl coming back later).
    """
    fake = time or FakeTime()

    async def run() -> list[FetchResponse | FetchError]:
        results: list[FetchResponse | FetchError] = []
        async with Fetcher(config, sleep=fake.sleep, clock=fake.clock) as fetcher:
            for url in urls:
                try:
                    results.append(await fetcher.fetch(url))
                except FetchError as e:
                    results.append(e)
                fake.now += between
        return results

    return asyncio.run(run())


@pytest.fixture(scope="session")
def server() -> Iterator[FaultServer]:
    """The fault server on 127.0.0.1, shared by the session (tests use distinct targets)."""
    instance = FaultServer().start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def target() -> Iterator[FaultServer]:
    """A second server on 127.0.0.2: the blocked-address tests assert it sees no connection."""
    instance = FaultServer(host="127.0.0.2").start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultServer]:
    """An HTTPS fault server whose certificate (self-signed, made by openssl) no CA vouches for."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    instance = FaultServer(tls=context).start()
    instance.certificate = cert  # type: ignore[attr-defined]  # for the tests that trust it
    yield instance
    instance.stop()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()
