"""The records of a WARC or ARC file, read past damage: a bad record costs that record, not the file.

warcio parses the records. This module adds what a batch over real archives needs on top of it:

- each record's byte offset in the file, so ``PATH#OFFSET`` lets a reader seek to it;
- a record whose ``Content-Length`` does not match its bytes (the next record does not start
  where it says, or the file ends first) is reported as malformed instead of handed on;
- after a header that does not parse, reading starts again at the next record boundary (a gzip
  member whose data starts with ``WARC/``, or a ``WARC/1.x`` line);
- a file gzipped as a whole (not one gzip member per record) is read through one decompressor;
  offsets are then positions in the decompressed stream, since such a file cannot be seeked into.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from scraper.errors import ArchiveFormatError

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)")
_SCAN_CHUNK = 1024 * 1024
#: Bytes decompressed to check that a gzip member found by its magic number holds a record.
_PEEK = 16
#: What warcio raises on records it cannot parse: its own error, and on damaged headers whatever its
#: parsing meets (a number that is none, a header that is missing, bytes that are not text).
_PARSE_ERRORS = (ArchiveLoadFailed, ValueError, AttributeError, KeyError, IndexError, TypeError)
#: Where the decompressed stream of a whole-file gzip stands, as warcio words its complaint.
_NOT_PER_RECORD = "non-chunked gzip"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as warcio parsed it, with where it starts and whether its bytes were all there."""

    offset: int
    record: Any  # warcio.recordloader.ArcWarcRecord (untyped)
    payload: bytes
    #: The payload was longer than the cap: ``payload`` holds the first ``cap + 1`` bytes.
    over_cap: bool


@dataclass(frozen=True, slots=True)
class DamagedRecord:
    """A stretch of the file that is no readable record (starting at ``offset``)."""

    offset: int
    reason: str


# warcio logs a warning for each oddity it mends; the damage is reported here, per record, instead.
# A library's own handler: an application that configures logging still sees them.
logging.getLogger("warcio").addHandler(logging.NullHandler())


class _NotAMember(Exception):
    """A gzip-per-record file where the next record does not start with a gzip member."""

    def __init__(self, offset: int) -> None:
        super().__init__("bytes that are no gzip member between records")
        self.offset = offset


class _QuietReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader, which writes a damaged member's zlib error on stderr; here the record
    comes out short and is reported as malformed."""

    def _decompress(self, data: bytes) -> bytes:
        decompressor: Any = getattr(self, "decompressor", None)
        if not decompressor or not data:
            return data
        try:
            return bytes(decompressor.decompress(data))
        except zlib.error:
            if self.num_block_read == 0:
                self.decompressor = None  # not compressed after all: read as it is
                return data
            return b""


class _QuietIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its warnings on stderr: the damage is counted here instead."""

    INC_RECORD = ""

    def __init__(self, fileobj: IO[bytes] | gzip.GzipFile) -> None:
        super().__init__(fileobj, arc2warc=True)
        loud: Any = getattr(self, "reader", None)
        self.reader = _QuietReader(self.fh, block_size=loud.block_size)


def iter_raw_records(handle: IO[bytes], *, cap: int) -> Iterator[RawRecord | DamagedRecord]:
    """Every record of the archive open in ``handle`` (binary, seekable), damaged ones included.

    Raises :class:`~scraper.errors.ArchiveFormatError` when the file holds no record at all.
    """
    start = handle.tell()
    compressed = handle.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
    handle.seek(start)
    seen = 0
    position = start
    if not _opens_a_record(handle, start, compressed=compressed):
        # Not a WARC or ARC start (warcio would read lines of five words as ARC headers).
        resume = _next_boundary(handle, start + 1, compressed=compressed)
        if resume is None:
            raise ArchiveFormatError("not a WARC or ARC file (no record found)")
        yield DamagedRecord(start, "the file does not open with a WARC or ARC record")
        position = resume
        seen = 1
    while True:
        restart_at: int | None = None
        handle.seek(position)
        iterator = _QuietIterator(handle)
        try:
            for item in _records_of(iterator, cap=cap, members=handle if compressed else None):
                seen += 1
                yield item
        except _NotAMember as e:
            restart_at = _next_boundary(handle, e.offset, compressed=True)
            yield DamagedRecord(e.offset, str(e))
        except (*_PARSE_ERRORS, zlib.error, EOFError, OSError) as e:
            if _NOT_PER_RECORD in str(e) and compressed and seen > 0:
                yield from _whole_file_gzip(handle, start, skip=seen, cap=cap)
                return
            unparsed = isinstance(e, _PARSE_ERRORS)
            reason = _reason(e) if unparsed else f"damaged compressed data ({e})"
            failed_at = _failure_offset(iterator, position)
            restart_at = _next_boundary(handle, failed_at + 1, compressed=compressed)
            if seen == 0 and restart_at is None:
                raise ArchiveFormatError(f"not a WARC or ARC file ({reason})" if unparsed else reason) from e
            yield DamagedRecord(failed_at, reason)
        if restart_at is None:
            return
        position = restart_at
        seen += 1  # a damaged stretch counts as read: a whole-file gzip is no longer a candidate


def _opens_a_record(handle: IO[bytes], start: int, *, compressed: bool) -> bool:
    """Whether the file starts with a WARC record (``WARC/1.x``) or an ARC file header."""
    return _record_head(handle, start, compressed=compressed).startswith((b"WARC/", b"filedesc://"))


def _record_head(handle: IO[bytes], offset: int, *, compressed: bool) -> bytes:
    """The first bytes of what starts at ``offset`` (decompressed when ``compressed``; nothing
    when that is no gzip data); the handle's position is kept."""
    here = handle.tell()
    handle.seek(offset)
    head = handle.read(4096)
    handle.seek(here)
    if not compressed:
        return head[:_PEEK]
    try:
        return bytes(zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _PEEK))
    except zlib.error:
        return b""


def _failure_offset(iterator: Any, position: int) -> int:
    """Where the record that did not parse starts: after the last one read (warcio's cursor)."""
    offset = getattr(iterator, "offset", position)
    return offset if isinstance(offset, int) and offset >= position else position


def _missing_bytes(record: Any) -> int:
    """Bytes the record declared and the file did not hold (0 when complete)."""
    stream = record.raw_stream
    limit = getattr(stream, "limit", 0)
    return int(limit) if isinstance(limit, int) and limit > 0 else 0


def _whole_file_gzip(handle: IO[bytes], start: int, *, skip: int, cap: int) -> Iterator[RawRecord | DamagedRecord]:
    """Records of a file gzipped as a whole, after the first ``skip`` (already given)."""
    handle.seek(start)
    stream = gzip.GzipFile(fileobj=handle, mode="rb")
    iterator = _QuietIterator(stream)
    try:
        for index, item in enumerate(_records_of(iterator, cap=cap)):
            if index >= skip:
                yield item
    except (*_PARSE_ERRORS, zlib.error, EOFError, OSError) as e:
        yield DamagedRecord(iterator.offset, f"{_reason(e)}; the rest of the file, gzipped as a whole, is lost")


def _records_of(iterator: Any, *, cap: int, members: IO[bytes] | None = None) -> Iterator[RawRecord | DamagedRecord]:
    """The records warcio reads; with ``members`` (the file of a gzip-per-record archive), each
    record must be followed by another gzip member or the end of the file."""
    for record in iterator:
        offset = iterator.offset
        errors_before = iterator.err_count
        payload = record.raw_stream.read(cap + 1)
        over_cap = len(payload) > cap
        missing = _missing_bytes(record) if not over_cap else 0
        iterator.read_to_end()
        if missing:
            yield DamagedRecord(offset, f"the record ends {missing} bytes short of its Content-Length (truncated file)")
        elif iterator.err_count > errors_before:
            yield DamagedRecord(offset, "the record's Content-Length does not match its bytes")
        else:
            yield RawRecord(offset, record, payload, over_cap)
        decompressor = getattr(iterator.reader, "decompressor", None)
        # At a member's end the file offset is exact; inside one, the file is gzipped as a whole.
        reader = iterator.reader
        buffered = reader.buff_size - reader.buff.tell() if reader.buff else 0
        at_member_end = decompressor is not None and decompressor.eof and buffered == 0
        if members is not None and at_member_end and iterator.offset >= 0:
            following = os.pread(members.fileno(), len(_GZIP_MAGIC), iterator.offset)
            if following and following != _GZIP_MAGIC:
                raise _NotAMember(iterator.offset)


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:200] or type(error).__name__


def _next_boundary(handle: IO[bytes], after: int, *, compressed: bool) -> int | None:
    """The offset of the next record start at or after ``after``, or None."""
    position = after
    handle.seek(position)
    carry = b""
    while True:
        chunk = handle.read(_SCAN_CHUNK)
        if not chunk:
            return None
        window = carry + chunk
        base = position - len(carry)
        found = _gzip_boundary(handle, window, base) if compressed else _warc_boundary(window, base)
        if found is not None:
            return found
        carry = window[-16:]
        position += len(chunk)
        handle.seek(position)


def _gzip_boundary(handle: IO[bytes], window: bytes, base: int) -> int | None:
    index = window.find(_GZIP_MAGIC)
    while index != -1:
        offset = base + index
        if _record_head(handle, offset, compressed=True).startswith(b"WARC/"):
            return offset
        index = window.find(_GZIP_MAGIC, index + 1)
    return None


def _warc_boundary(window: bytes, base: int) -> int | None:
    match = _WARC_LINE.search(window)
    return base + match.start(1) if match else None


__all__ = ["DamagedRecord", "RawRecord", "iter_raw_records"]
