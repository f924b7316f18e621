"""Time and size limits, broken framing, and bounded decompression, against the fault server."""

from __future__ import annotations

import pytest

from scraper.errors import (
    ContentEncodingError,
    FetchTimeoutError,
    FetchTransportError,
    ResponseTooLargeError,
)
from tests.fetch.conftest import FakeTime, fetch_one, short_config
from tests.fetch.fault_handlers import PAGE
from tests.fetch.fault_server import FaultServer

ONE_TRY = short_config(max_attempts=1)


def test_reset_before_headers_is_a_transport_error(server: FaultServer) -> None:
    with pytest.raises(FetchTransportError) as caught:
        fetch_one(server.url("/reset"), ONE_TRY)
    assert caught.value.transient


def test_reset_is_retried(server: FaultServer, fake_time: FakeTime) -> None:
    with pytest.raises(FetchTransportError):
        fetch_one(server.url("/reset?case=retried"), short_config(max_attempts=3), fake_time)
    assert server.hits["/reset?case=retried"] == 3


def test_headers_then_silence_hits_the_read_timeout(server: FaultServer) -> None:
    config = short_config(max_attempts=1, read_timeout=0.5, total_timeout=5.0)
    with pytest.raises(FetchTimeoutError) as caught:
        fetch_one(server.url("/silence"), config)
    assert "read timed out" in str(caught.value)


def test_a_drip_feed_is_cut_by_the_total_deadline(server: FaultServer) -> None:
    # One byte every 0.3 s never trips a 2 s read timeout; only the total deadline stops it.
    config = short_config(max_attempts=1, read_timeout=2.0, total_timeout=1.5)
    with pytest.raises(FetchTimeoutError) as caught:
        fetch_one(server.url("/drip"), config)
    assert "no complete response within 1.5 s" in str(caught.value)


def test_retries_share_one_network_time_budget(server: FaultServer, fake_time: FakeTime) -> None:
    # Each attempt is cut at 1 s; the second has only 0.6 s left, and then the fetch stops.
    config = short_config(max_attempts=4, read_timeout=2.0, total_timeout=1.0, max_fetch_time=1.6)
    with pytest.raises(FetchTimeoutError) as caught:
        fetch_one(server.url("/drip?case=budget"), config, fake_time)
    assert "spent the 1.6 s of network time" in str(caught.value)
    assert not caught.value.transient
    assert caught.value.attempts == 2
    assert server.hits["/drip?case=budget"] == 2


def test_content_length_larger_than_the_body_is_an_error(server: FaultServer) -> None:
    with pytest.raises(FetchTransportError) as caught:
        fetch_one(server.url("/short-body"), ONE_TRY)
    assert "connection dropped" in str(caught.value)


def test_chunked_body_without_the_last_chunk_is_an_error(server: FaultServer) -> None:
    with pytest.raises(FetchTransportError):
        fetch_one(server.url("/chunked-unfinished"), ONE_TRY)


def test_body_delimited_by_close_is_read_whole(server: FaultServer) -> None:
    response = fetch_one(server.url("/close-delimited"), ONE_TRY)
    assert response.body == PAGE


def test_content_length_over_the_cap_is_refused_before_reading(server: FaultServer) -> None:
    with pytest.raises(ResponseTooLargeError) as caught:
        fetch_one(server.url("/declared-huge"), ONE_TRY)
    assert "Content-Length 1000000000" in str(caught.value)


def test_endless_chunked_body_is_cut_at_the_cap(server: FaultServer) -> None:
    with pytest.raises(ResponseTooLargeError) as caught:
        fetch_one(server.url("/endless"), short_config(max_attempts=1, max_body_bytes=100_000))
    assert "over the 100000 byte cap" in str(caught.value)


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
def test_compression_bombs_stop_at_the_decompressed_cap(server: FaultServer, coding: str) -> None:
    config = short_config(
        max_attempts=1, max_body_bytes=1024 * 1024, max_decompressed_bytes=1024 * 1024, total_timeout=20.0
    )
    with pytest.raises(ResponseTooLargeError) as caught:
        fetch_one(server.url(f"/bomb/{coding}"), config)
    assert f"decompresses ({coding}) to more than 1048576 bytes" in str(caught.value)


def test_ten_stacked_encodings_are_refused(server: FaultServer) -> None:
    with pytest.raises(ContentEncodingError) as caught:
        fetch_one(server.url("/stacked"), ONE_TRY)
    assert "10 stacked content encodings" in str(caught.value)


def test_two_stacked_encodings_are_decoded(server: FaultServer) -> None:
    response = fetch_one(server.url("/two-layers"), ONE_TRY)
    assert response.body == PAGE
    assert "A test page" in response.text


def test_body_that_claims_gzip_but_is_not(server: FaultServer) -> None:
    with pytest.raises(ContentEncodingError) as caught:
        fetch_one(server.url("/fake-gzip"), ONE_TRY)
    assert "not valid gzip data" in str(caught.value)
    assert not caught.value.transient
