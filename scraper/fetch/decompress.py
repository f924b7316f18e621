"""Bounded decoders for ``Content-Encoding``: a compression bomb stops at the decompressed cap.

Each decoder yields at most ``limit + 1`` bytes of output whatever its input, so memory stays
bounded by the cap; one byte over the cap is enough to know the body is too large.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable

import brotli
import zstandard

from scraper.errors import ContentEncodingError, ResponseTooLargeError

_CHUNK = 64 * 1024
_IDENTITY = frozenset({"identity", ""})


def parse_encodings(header: str | None) -> list[str]:
    """The codings of a ``Content-Encoding`` header, in the order they were applied."""
    if not header:
        return []
    codings = [part.strip().lower() for part in header.split(",")]
    return [coding for coding in codings if coding not in _IDENTITY]


def _zlib(data: bytes, limit: int, wbits: int) -> bytes:
    decoder = zlib.decompressobj(wbits)
    out = bytearray(decoder.decompress(data, limit + 1))
    while len(out) <= limit and decoder.unconsumed_tail and not decoder.eof:
        out += decoder.decompress(decoder.unconsumed_tail, limit + 1 - len(out))
    if len(out) <= limit and not decoder.eof:
        raise zlib.error("the compressed stream is truncated")
    return bytes(out)


def _gzip(data: bytes, limit: int) -> bytes:
    return _zlib(data, limit, 16 + zlib.MAX_WBITS)


def _deflate(data: bytes, limit: int) -> bytes:
    # "deflate" is meant to be zlib-wrapped, but many servers send raw deflate.
    try:
        return _zlib(data, limit, zlib.MAX_WBITS)
    except zlib.error:
        return _zlib(data, limit, -zlib.MAX_WBITS)


def _brotli(data: bytes, limit: int) -> bytes:
    decoder = brotli.Decompressor()
    out = bytearray(decoder.process(data, output_buffer_limit=limit + 1))
    while len(out) <= limit and not decoder.is_finished() and not decoder.can_accept_more_data():
        out += decoder.process(b"", output_buffer_limit=limit + 1 - len(out))
    if len(out) <= limit and not decoder.is_finished():
        raise brotli.error("the compressed stream is truncated")
    return bytes(out)


def _zstd(data: bytes, limit: int) -> bytes:
    reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True)
    out = bytearray()
    while len(out) <= limit:
        chunk = reader.read(min(_CHUNK, limit + 1 - len(out)))
        if not chunk:
            break
        out += chunk
    if len(out) <= limit:
        # The reader stops quietly at a truncated frame. Decoding again is bounded: the whole
        # frame was just seen to fit under the limit.
        checker = zstandard.ZstdDecompressor().decompressobj()
        checker.decompress(data)
        if not checker.eof:
            raise zstandard.ZstdError("the compressed stream is truncated")
    return bytes(out)


_DECODERS: dict[str, Callable[[bytes, int], bytes]] = {
    "gzip": _gzip,
    "x-gzip": _gzip,
    "deflate": _deflate,
    "br": _brotli,
    "zstd": _zstd,
}
#: Value of ``Accept-Encoding`` sent with every request: the codings decoded here.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def decode_body(data: bytes, header: str | None, *, limit: int, max_layers: int) -> bytes:
    """Undo every coding of ``header`` (last applied first), each output bounded by ``limit``."""
    codings = parse_encodings(header)
    if len(codings) > max_layers:
        raise ContentEncodingError(f"{len(codings)} stacked content encodings; at most {max_layers} accepted")
    for coding in reversed(codings):
        decoder = _DECODERS.get(coding)
        if decoder is None:
            raise ContentEncodingError(f"unsupported content encoding {coding!r}")
        try:
            data = decoder(data, limit)
        except (zlib.error, brotli.error, zstandard.ZstdError) as e:
            raise ContentEncodingError(f"body is not valid {coding} data: {e}") from e
        if len(data) > limit:
            raise ResponseTooLargeError(f"body decompresses ({coding}) to more than {limit} bytes")
    return data
