"""WARC files for the tests, written with warcio from the fixtures' real pages."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import ROOT

FIXTURES = ROOT / "fixtures"
#: 25 MiB of spaces: over the fetcher's 20 MiB decompressed cap, a few kilobytes gzipped.
BOMB = gzip.compress(b" " * (25 * 1024 * 1024), compresslevel=9)


def fixture_pages() -> list[bytes]:
    """The HTML of every fixture page, in a stable order."""
    pages = []
    for path in sorted(FIXTURES.rglob("input.html*")):
        data = path.read_bytes()
        pages.append(gzip.decompress(data) if path.suffix == ".gz" else data)
    return pages


@dataclass(slots=True)
class Record:
    """One record to write: ``kind`` response, request, revisit, resource or metadata."""

    kind: str
    url: str
    payload: bytes = b""
    status: str = "200 OK"
    http: list[tuple[str, str]] = field(default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")])
    warc: dict[str, str] = field(default_factory=dict)


def page(url: str, html: bytes, **options: object) -> Record:
    return Record("response", url, html, **options)  # type: ignore[arg-type]


def write_warc(path: Path, records: list[Record], *, compress: str = "record") -> Path:
    """Write ``records``; ``compress``: ``record`` (a gzip member each), ``file`` (the whole file
    gzipped at once) or ``none``."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress == "record")
    for record in records:
        writer.write_record(_warc_record(writer, record))
    data = buffer.getvalue()
    path.write_bytes(gzip.compress(data) if compress == "file" else data)
    return path


def _warc_record(writer: WARCWriter, record: Record) -> object:
    warc_headers = dict(record.warc)
    if record.kind == "revisit":
        return writer.create_revisit_record(record.url, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                            refers_to_uri=record.url, refers_to_date="2026-01-01T00:00:00Z")
    if record.kind == "request":
        http = StatusAndHeaders(f"GET {record.url} HTTP/1.1", [("Host", "example.test")], is_http_request=True)
        return writer.create_warc_record(record.url, "request", payload=io.BytesIO(b""), http_headers=http,
                                         warc_headers_dict=warc_headers)
    if record.kind in ("resource", "metadata"):
        return writer.create_warc_record(record.url, record.kind, payload=io.BytesIO(record.payload),
                                         warc_content_type=record.http[0][1] if record.http else None,
                                         warc_headers_dict=warc_headers)
    http = StatusAndHeaders(record.status, record.http, protocol="HTTP/1.1")
    return writer.create_warc_record(record.url, "response", payload=io.BytesIO(record.payload), http_headers=http,
                                     warc_headers_dict=warc_headers, length=None)


def chunked(body: bytes, size: int = 700) -> bytes:
    """``body`` framed as a chunked transfer."""
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def brotli_page(html: bytes) -> tuple[bytes, list[tuple[str, str]]]:
    return brotli.compress(html), [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br")]


def site_records(pages: list[bytes], host: str) -> Iterator[Record]:
    """Each page as a crawler stores it: its request, then its response."""
    for index, html in enumerate(pages):
        url = f"https://{host}/story/{index}"
        yield Record("request", url)
        yield page(url, html, warc={"WARC-Date": "2026-03-04T05:06:07Z"})
