"""Address safety and redirects: refused before a byte reaches the target, each hop checked again."""

from __future__ import annotations

import ipaddress
from urllib.parse import quote

import pytest

from scraper.errors import (
    BlockedAddressError,
    FetchTransportError,
    TooManyRedirectsError,
    UnsupportedURLError,
)
from scraper.fetch.safety import blocked_reason
from tests.fetch.conftest import fetch_one, short_config
from tests.fetch.fault_server import FaultServer

# Private addresses refused, except the fault server's own 127.0.0.1, which the first hop needs.
GUARDED = short_config(allow_private=False, allowed_networks=("127.0.0.1/32",), max_attempts=1)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.1.1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("169.254.169.254", "metadata"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd12:3456::1", "private"),
        ("fd00:ec2::254", "metadata"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),
        ("64:ff9b::a9fe:a9fe", "metadata"),
        ("192.0.0.1", "IETF protocol assignment"),
        ("198.18.0.1", "benchmarking"),
        ("203.0.113.9", "documentation"),
        ("2001:db8::1", "documentation"),
        ("255.255.255.255", "broadcast"),
    ],
)
def test_internal_addresses_are_refused(address: str, reason: str) -> None:
    found = blocked_reason(ipaddress.ip_address(address), allow_private=False)
    assert found is not None
    assert reason in found


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address), allow_private=False) is None


def test_allow_private_still_refuses_metadata_and_multicast() -> None:
    assert blocked_reason(ipaddress.ip_address("10.0.0.1"), allow_private=True) is None
    assert blocked_reason(ipaddress.ip_address("127.0.0.1"), allow_private=True) is None
    assert blocked_reason(ipaddress.ip_address("169.254.169.254"), allow_private=True)
    assert blocked_reason(ipaddress.ip_address("::ffff:169.254.169.254"), allow_private=True)
    assert blocked_reason(ipaddress.ip_address("ff02::1"), allow_private=True)


@pytest.mark.parametrize(
    "address",
    ["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "fd20:ce::254", "168.63.129.16", "192.0.0.192",
     "100.100.100.200", "::ffff:169.254.170.2"],
)
def test_cloud_metadata_and_credentials_addresses_stay_refused_with_allow_private(address: str) -> None:
    reason = blocked_reason(ipaddress.ip_address(address), allow_private=True)
    assert reason is not None and "metadata" in reason


@pytest.mark.parametrize("port", ["99999", "65536", "0"])
def test_a_redirect_to_a_port_out_of_range_is_refused_without_a_retry(server: FaultServer, port: str) -> None:
    target = f"/redirect?to={quote(f'http://127.0.0.1:{port}/page', safe='')}"
    with pytest.raises(UnsupportedURLError) as caught:
        fetch_one(server.url(target), short_config(max_attempts=3))
    assert "out of range" in str(caught.value)
    assert server.hits[target] == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/", "http://127.0.0.1:-1/"])
def test_a_url_with_a_port_out_of_range_is_refused(url: str) -> None:
    with pytest.raises(UnsupportedURLError):
        fetch_one(url, short_config())


def test_an_unparsable_location_is_refused_without_a_retry(server: FaultServer) -> None:
    target = f"/redirect?to={quote('http://[::1', safe='')}"
    with pytest.raises(UnsupportedURLError) as caught:
        fetch_one(server.url(target), short_config(max_attempts=3))
    assert "invalid URL" in str(caught.value)
    assert server.hits[target] == 1


def test_loopback_is_refused_by_default_without_connecting(target: FaultServer) -> None:
    before = target.connections
    with pytest.raises(BlockedAddressError) as caught:
        fetch_one(target.url("/page"), short_config(allow_private=False))
    assert "loopback" in str(caught.value)
    assert target.connections == before


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.2:{port}/page",
        "http://[::ffff:127.0.0.2]:{port}/page",
        "http://2130706434:{port}/page",
    ],
)
def test_redirect_into_private_space_is_refused(server: FaultServer, target: FaultServer, location: str) -> None:
    before = target.connections
    to = location.format(port=target.port)
    with pytest.raises(BlockedAddressError):
        fetch_one(server.url(f"/redirect?to={quote(to, safe='')}"), GUARDED)
    assert target.connections == before
    assert target.hits["/page"] == 0


@pytest.mark.parametrize("host", ["127.0.0.1", "[::ffff:127.0.0.1]", "localhost"])
def test_redirect_to_127_0_0_1_is_refused(server: FaultServer, target: FaultServer, host: str) -> None:
    # Here the first hop is the server on 127.0.0.2 (allowed) and 127.0.0.1 is the refused victim.
    config = short_config(allow_private=False, allowed_networks=("127.0.0.2/32",), max_attempts=1)
    before = server.connections
    to = quote(f"http://{host}:{server.port}/page?victim", safe="")
    with pytest.raises(BlockedAddressError) as caught:
        fetch_one(target.url(f"/redirect?to={to}"), config)
    assert "loopback" in str(caught.value)
    assert server.connections == before
    assert server.hits["/page?victim"] == 0


def test_redirect_to_cloud_metadata_is_refused_even_when_private_is_allowed(server: FaultServer) -> None:
    with pytest.raises(BlockedAddressError) as caught:
        fetch_one(server.url("/redirect?to=" + quote("http://169.254.169.254/latest/meta-data/", safe="")), short_config())
    assert "metadata" in str(caught.value)


def test_dns_answer_is_checked_not_the_name(server: FaultServer, target: FaultServer) -> None:
    # A name that resolves into private space (as after DNS rebinding) is refused on its address.
    config = short_config(
        allow_private=False, allowed_networks=("127.0.0.1/32",), resolve=(("rebound.example", "127.0.0.2"),)
    )
    before = target.connections
    with pytest.raises(BlockedAddressError) as caught:
        fetch_one(f"http://rebound.example:{target.port}/page", config)
    assert "rebound.example (127.0.0.2)" in str(caught.value)
    assert target.connections == before


def test_allowed_networks_open_one_intranet_server(server: FaultServer) -> None:
    response = fetch_one(server.url("/page"), GUARDED)
    assert response.status == 200


@pytest.mark.parametrize("location", ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x"])
def test_redirect_to_other_schemes_is_refused(server: FaultServer, location: str) -> None:
    before = server.hits.total()
    with pytest.raises(UnsupportedURLError) as caught:
        fetch_one(server.url(f"/redirect?to={quote(location, safe='')}"), short_config())
    # httpx itself rejects some Locations (javascript:alert(1) has no valid path) with its own words.
    assert "only http and https" in str(caught.value) or "invalid URL" in str(caught.value)
    assert server.hits.total() == before + 2  # robots.txt and the redirect, nothing else


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "/relative/path", "http://"])
def test_unsupported_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsupportedURLError):
        fetch_one(url, short_config())


def test_tls_certificates_are_always_verified(tls_server: FaultServer) -> None:
    with pytest.raises(FetchTransportError) as caught:
        fetch_one(tls_server.url("/page"), short_config(respect_robots=False))
    assert "TLS certificate verification failed" in str(caught.value)
    assert not caught.value.transient
    assert tls_server.hits["/page"] == 0


def test_redirect_loop_is_detected(server: FaultServer) -> None:
    with pytest.raises(TooManyRedirectsError) as caught:
        fetch_one(server.url("/loop/a"), short_config())
    assert "loop" in str(caught.value)
    assert server.hits["/loop/a"] == 1


def test_a_30_hop_chain_stops_at_the_limit(server: FaultServer) -> None:
    with pytest.raises(TooManyRedirectsError) as caught:
        fetch_one(server.url("/chain/30"), short_config(max_redirects=10))
    assert "more than 10 redirects" in str(caught.value)
    # Ten redirects followed: /chain/30 to /chain/20; the eleventh is refused.
    assert server.hits["/chain/20"] == 1
    assert server.hits["/chain/19"] == 0


def test_a_short_chain_is_followed_and_recorded(server: FaultServer) -> None:
    response = fetch_one(server.url("/chain/3"), short_config())
    assert response.requested_url == server.url("/chain/3")
    assert response.url == server.url("/chain/0")
    assert response.redirects == (server.url("/chain/3"), server.url("/chain/2"), server.url("/chain/1"))
    assert response.status == 200
