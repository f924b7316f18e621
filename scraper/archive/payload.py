"""What one archive record holds: a page ready to extract, or the reason it is skipped.

The payload is treated as the fetcher treats a body: the transfer and content encodings are
undone with the fetcher's caps (``FetchConfig.max_body_bytes`` read, ``max_decompressed_bytes``
after each layer, ``max_encodings`` layers), and the text is decoded by the BOM, the HTTP
charset, the ``<meta>`` charset, then detection. Common Crawl stores bodies already decoded (its
``Content-Encoding`` renamed); other crawlers store them as sent, chunks and gzip included.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from cleaners.decode import decode_bytes, sniff_binary
from cleaners.errors import BinaryInputError, EmptyInputError
from scraper.archive.outcomes import ArchivePage, RecordOutcome, SkippedRecord
from scraper.archive.reader import DamagedRecord, RawRecord
from scraper.errors import ContentEncodingError, ResponseTooLargeError
from scraper.fetch.config import FetchConfig
from scraper.fetch.decompress import decode_body

#: Payload types read as pages besides the fetcher's HTML types.
TEXT_TYPES = ("text/plain",)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]+)[^\r\n]*\r?\n")


def record_outcome(path: str, item: RawRecord | DamagedRecord, fetch: FetchConfig) -> RecordOutcome:
    """What the record read at ``item.offset`` of ``path`` becomes."""
    source = f"{path}#{item.offset}"
    if isinstance(item, DamagedRecord):
        return SkippedRecord(source, "malformed", item.reason)
    record = item.record
    kind = record.rec_type
    if not kind:
        return SkippedRecord(source, "malformed", "the record has no WARC-Type header")
    if kind == "revisit":
        return SkippedRecord(source, "revisit", "a revisit record (the page was unchanged; no payload)")
    if kind not in ("response", "resource"):
        return SkippedRecord(source, "other", f"a {kind} record")
    headers = record.rec_headers
    if kind == "resource" and not (_target(headers) or "").lower().startswith(("http://", "https://")):
        # A crawler's own files (its log, its configuration), not a page it fetched.
        return SkippedRecord(source, "other", f"a resource record of {_target(headers) or 'no address'}")
    truncated = headers.get_header("WARC-Truncated")
    if truncated:
        return SkippedRecord(source, "truncated", f"the crawler cut the payload short (WARC-Truncated: {truncated})")
    if item.over_cap:
        return SkippedRecord(source, "too_large", f"payload over {fetch.max_body_bytes} bytes")
    http = record.http_headers if kind == "response" else None
    if kind == "response" and http is None:
        return SkippedRecord(source, "other", "a response record without HTTP headers (DNS, FTP ...)")
    content_type = http.get_header("Content-Type") if http is not None else headers.get_header("Content-Type")
    if http is not None:
        status = _status(http)
        if status not in (200, 203):
            return SkippedRecord(source, "status", f"HTTP status {status or http.statusline!r}")
    media = content_type.split(";", 1)[0].strip().lower() if content_type else ""
    if media and media not in fetch.html_types and media not in TEXT_TYPES:
        return SkippedRecord(source, "not_html", f"not a page (Content-Type {media})")
    try:
        body = _decoded_body(item.payload, http, fetch)
    except ResponseTooLargeError as e:
        return SkippedRecord(source, "too_large", str(e))
    except ContentEncodingError as e:
        return SkippedRecord(source, "encoding", str(e))
    binary = sniff_binary(body)
    if binary:
        return SkippedRecord(source, "not_html", f"not a page ({binary} sent as {content_type or 'no type'})")
    match = _CHARSET.search(content_type or "")
    try:
        decoded = decode_bytes(body, declared=match.group(1) if match else None, html=media != "text/plain")
    except EmptyInputError:
        return SkippedRecord(source, "empty", "an empty payload")
    except BinaryInputError as e:
        return SkippedRecord(source, "not_html", str(e))
    return ArchivePage(source, _target(headers), _capture_time(headers), decoded.text, content_type)


def _status(http: Any) -> int:
    try:
        return int(http.get_statuscode())
    except (TypeError, ValueError):
        return 0


def _decoded_body(payload: bytes, http: Any, fetch: FetchConfig) -> bytes:
    """``payload`` without its chunked framing and content encodings (HTTP records only)."""
    if http is None:
        return payload
    if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
        payload = _dechunked(payload)
    coding = http.get_header("Content-Encoding")
    if not coding:
        return payload
    try:
        return decode_body(payload, coding, limit=fetch.max_decompressed_bytes, max_layers=fetch.max_encodings)
    except ContentEncodingError:
        # Archivers that store the decoded body often keep the header: markup is taken as it is.
        if payload.lstrip()[:1] == b"<":
            return payload
        raise


def _dechunked(payload: bytes) -> bytes:
    """The body of a chunked transfer; a payload that is not validly chunked is taken as stored
    (archivers that dechunk often keep the header)."""
    out = bytearray()
    position = 0
    while True:
        match = _CHUNK_SIZE.match(payload, position)
        if match is None:
            return payload
        size = int(match.group(1), 16)
        start = match.end()
        if size == 0:
            return bytes(out)
        if start + size > len(payload):
            return payload
        out += payload[start : start + size]
        position = start + size
        if payload[position : position + 2] == b"\r\n":
            position += 2
        elif payload[position : position + 1] == b"\n":
            position += 1
        else:
            return payload


def _target(headers: Any) -> str | None:
    uri = headers.get_header("WARC-Target-URI")
    return (uri.strip().strip("<>") or None) if uri else None


def _capture_time(headers: Any) -> str | None:
    """``WARC-Date`` as the fetcher writes ``fetched_at`` (UTC, seconds, ``Z``)."""
    raw: str | None = headers.get_header("WARC-Date")
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return raw.strip()
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
