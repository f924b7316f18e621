"""Property tests of the pure parts: bounded decoders and the address rules."""

from __future__ import annotations

import gzip
import ipaddress
import zlib

import brotli
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.errors import ContentEncodingError, ResponseTooLargeError
from scraper.fetch.decompress import decode_body
from scraper.fetch.safety import blocked_reason

COMPRESSORS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstandard.ZstdCompressor().compress,
}


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=4096), coding=st.sampled_from(sorted(COMPRESSORS)), limit=st.integers(1, 5000))
def test_round_trip_within_the_limit_and_refusal_beyond(data: bytes, coding: str, limit: int) -> None:
    packed = COMPRESSORS[coding](data)
    if len(data) <= limit:
        assert decode_body(packed, coding, limit=limit, max_layers=2) == data
    else:
        with pytest.raises(ResponseTooLargeError):
            decode_body(packed, coding, limit=limit, max_layers=2)


@settings(max_examples=120, deadline=None)
@given(data=st.binary(max_size=2048), coding=st.sampled_from(sorted(COMPRESSORS)), limit=st.integers(1, 4096))
def test_garbage_gives_bounded_output_or_a_typed_error(data: bytes, coding: str, limit: int) -> None:
    try:
        out = decode_body(data, coding, limit=limit, max_layers=2)
    except (ContentEncodingError, ResponseTooLargeError):
        return
    assert len(out) <= limit


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans())
def test_an_ipv4_mapped_address_is_judged_like_the_ipv4_address(value: int, allow_private: bool) -> None:
    v4 = ipaddress.IPv4Address(value)
    mapped = ipaddress.IPv6Address(f"::ffff:{v4}")
    assert (blocked_reason(v4, allow_private=allow_private) is None) == (
        blocked_reason(mapped, allow_private=allow_private) is None
    )


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_allowing_private_never_blocks_more(value: int) -> None:
    address = ipaddress.IPv4Address(value)
    if blocked_reason(address, allow_private=False) is None:
        assert blocked_reason(address, allow_private=True) is None
