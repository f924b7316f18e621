"""Crash-safe output: append-only files whose committed length is kept in the state.

A page's bytes are appended, then fsynced with those of the pages finished at about the same
time, and one transaction records their outcomes and the new length (a group commit).
On the next open, a torn last write past the committed length is cut and a complete line
whose transaction never committed is adopted (:mod:`scraper.crawl.recovery`). So after
``kill -9`` at any moment each file holds every written page exactly once, and nothing torn.
"""

from __future__ import annotations

import http
import io
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.crawl.documents import DocumentFolder
from scraper.crawl.recovery import OutputReconciler, lock_output
from scraper.errors import OutputError
from scraper.fetch import FetchResponse
from scraper.files import fsync_folder

# Headers that describe the transfer, not the body we store (the fetcher undid the encoding).
_TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class AppendLog:
    """One append-only output file; ``committed`` is the length the state vouches for.

    ``key`` is how the state names the file (relative to the job's folder when inside it).
    """

    def __init__(self, path: Path, key: str, fd: int, committed: int) -> None:
        self.path = path
        self.key = key
        self._fd = fd
        self.committed = committed
        self.end = committed

    @classmethod
    def open(cls, path: Path, reconciler: OutputReconciler) -> AppendLog:
        """Open and lock ``path`` for appending after its committed length.

        The reconciler cuts a torn last write and adopts complete lines the state does not
        know (see :mod:`scraper.crawl.recovery`); a file that has disappeared (moved away by a
        consumer) starts again empty.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            existed = path.exists()
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise OutputError(f"{path}: cannot open for writing ({e.strerror})") from e
        try:
            lock_output(fd, path)
            committed = reconciler.reconcile(fd, path, existed=existed)
            if not existed:
                fsync_folder(path.parent)
        except OSError as e:
            os.close(fd)
            raise OutputError(f"{path}: cannot prepare the file ({e.strerror})") from e
        except BaseException:
            os.close(fd)
            raise
        return cls(path, reconciler.key(path), fd, committed)

    def append(self, data: bytes, *, sync: bool = True) -> tuple[int, int]:
        """Write ``data`` at the end (and fsync, unless ``sync`` is False: :meth:`sync` then comes
        before the commit); returns its byte range. Nothing is committed yet."""
        start = self.end
        try:
            written = os.pwrite(self._fd, data, start)
            while written < len(data):
                written += os.pwrite(self._fd, data[written:], start + written)
            if sync:
                os.fsync(self._fd)
        except OSError as e:
            failure = OutputError(f"{self.path}: write failed ({e.strerror})")
            try:
                self.rollback()
            except OutputError as cut:
                failure.add_note(f"and the partial write could not be cut: {cut} (the next run cuts it)")
            raise failure from e
        self.end = start + len(data)
        return start, self.end

    def sync(self) -> None:
        """fsync what was appended since the last commit (before the transaction that commits it)."""
        if self.end == self.committed:
            return
        try:
            os.fsync(self._fd)
        except OSError as e:
            raise OutputError(f"{self.path}: write failed ({e.strerror})") from e

    def mark_committed(self) -> None:
        """The state now records ``end``: it becomes the committed length."""
        self.committed = self.end

    def rollback(self) -> None:
        """Cut everything after the committed length (after a failed write or transaction)."""
        try:
            os.ftruncate(self._fd, self.committed)
        except OSError as e:
            raise OutputError(f"{self.path}: cannot cut back to {self.committed} bytes ({e.strerror})") from e
        self.end = self.committed

    def close(self) -> None:
        os.close(self._fd)


def warc_record(response: FetchResponse) -> bytes:
    """One gzipped WARC ``response`` record of ``response`` (body as decoded by the fetcher)."""
    try:
        reason = http.HTTPStatus(response.status).phrase
    except ValueError:
        reason = "Unknown"
    headers = [(k, v) for k, v in response.headers if k.lower() not in _TRANSFER_HEADERS]
    headers.append(("Content-Length", str(len(response.body))))
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    record = writer.create_warc_record(
        response.url,
        "response",
        payload=io.BytesIO(response.body),
        http_headers=StatusAndHeaders(f"{response.status} {reason}", headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": response.fetched_at},
    )
    writer.write_record(record)
    return buffer.getvalue()


@dataclass
class RunOutputs:
    """The JSONL log (and the optional WARC log and document folder) of one run; no JSONL log
    when the state keeps the articles (a shared state: see :mod:`scraper.crawl.pg.export`)."""

    jsonl: AppendLog | None
    warc: AppendLog | None
    documents: DocumentFolder | None = None

    def logs(self) -> list[AppendLog]:
        return [log for log in (self.jsonl, self.warc) if log is not None]

    def pending_offsets(self) -> list[tuple[str, int]]:
        """(file, end) of every log with bytes the next transaction must commit."""
        return [(log.key, log.end) for log in self.logs() if log.end != log.committed]

    def committed(self) -> None:
        for log in self.logs():
            log.mark_committed()

    def rollback_after(self, error: BaseException) -> None:
        """Cut every log back after ``error``; a cut that fails too is noted on ``error``
        (the next run cuts it), so the first cause is the one reported."""
        for log in self.logs():
            try:
                log.rollback()
            except OutputError as cut:
                error.add_note(f"and {cut}; the next run cuts it")

    def __enter__(self) -> RunOutputs:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        for log in self.logs():
            log.close()
