"""Before a pass appends to an output: bring the file and the state into agreement.

The state keeps each output's committed length, keyed by the file's path relative to the job
file's folder (absolute only when outside it), so a copy of a job folder names its own copies
and never the original's files. Bytes past the committed length are one of three things:

* a torn last write (a partial line, an incomplete gzip member): cut;
* complete article lines the state does not know: the crash came between a page's write and
  its commit, or the state is new, lost or older than the output. They are adopted: their
  URLs become ``done`` with the record's fingerprint, so the pass never writes them again;
* complete lines of anything else: kept in place.

Nothing complete is ever cut, so a pass never removes what another job or state wrote; but a
shared state (PostgreSQL) keeps the articles itself and its pass only exports them, so past
the committed length of a file it knows lies an export it has not confirmed: that is cut, and
exported again. Each
file is locked (``flock``) while a pass holds it, so two passes never append to one file.
"""

from __future__ import annotations

import fcntl
import json
import os
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scraper.crawl.dedupe import simhash
from scraper.crawl.state_backend import StateBackend
from scraper.crawl.state_records import AdoptedRecord
from scraper.crawl.urls import host_of, normalize_url
from scraper.errors import JobLockedError, OutputError

#: Adopted lines are committed in batches of this many (a 1 GB output never sits in memory).
ADOPT_BATCH = 5_000
_READ_CHUNK = 1024 * 1024


def output_key(path: Path, base: Path) -> str:
    """How the state names ``path``: relative to the job's folder ``base`` when inside it."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def lock_output(fd: int, path: Path) -> None:
    """Hold ``path`` for this pass; another pass (another job, a copy of this one) gets exit 3."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        raise JobLockedError(f"{path} is being written by another pass (another job, or a copy of this one); "
                             "two passes never append to one file") from e


@dataclass
class Recovered:
    """What reconciling the outputs did, for the run report."""

    bytes_cut: int = 0
    records_adopted: int = 0
    lines_kept: int = 0


class OutputReconciler:
    """Reconciles the outputs of one job with its state; one instance per pass."""

    def __init__(self, state: StateBackend, base: Path, *, min_interval: float, now: float,
                 adopt_tail: bool = True) -> None:
        self._state = state
        self._adopt_tail = adopt_tail
        self._base = base
        self._min_interval = min_interval
        self._now = now
        self.done = Recovered()

    def key(self, path: Path) -> str:
        return output_key(path, self._base)

    def reconcile_file(self, path: Path) -> None:
        """Reconcile an output that this pass will not append to (an earlier run's file)."""
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return
        except OSError as e:
            raise OutputError(f"{path}: cannot open ({e.strerror})") from e
        try:
            lock_output(fd, path)
            self.reconcile(fd, path, existed=True)
        finally:
            os.close(fd)

    def reconcile(self, fd: int, path: Path, *, existed: bool) -> int:
        """Cut a torn tail, adopt unknown article lines; return the committed length to append at."""
        key = self.key(path)
        committed = self._committed(key, path)
        known = committed is not None and existed
        size = os.fstat(fd).st_size
        if committed is None or not existed:
            committed = 0
        if size < committed:
            raise OutputError(f"{path}: the file is shorter than the state says ({size} < {committed} bytes); "
                              "it was changed outside the crawler")
        if size > committed:
            if known and not self._adopt_tail:
                keep = committed  # lines exported but not confirmed: the state exports them again
            elif path.name.endswith((".warc", ".warc.gz")):
                keep = self._warc_tail(fd, committed, size)
            else:
                keep = self._jsonl_tail(fd, key, committed, size)
            if keep < size:
                try:
                    os.ftruncate(fd, keep)
                    os.fsync(fd)
                except OSError as e:
                    raise OutputError(f"{path}: cannot cut the bytes past the committed length ({e.strerror})") from e
                self.done.bytes_cut += size - keep
            committed = keep
        self._state.set_committed(key, committed)
        return committed

    def _committed(self, key: str, path: Path) -> int | None:
        committed = self._state.committed(key)
        if committed is None and key != str(path) and self._state.committed(str(path)) is not None:
            self._state.rename_output(str(path), key)  # a state from before keys were relative
            committed = self._state.committed(key)
        return committed

    def _jsonl_tail(self, fd: int, key: str, start: int, size: int) -> int:
        """Adopt the complete lines after ``start``; return where the complete lines end."""
        batch: list[AdoptedRecord] = []
        offset = start
        pending = b""
        position = start
        while position < size:
            chunk = os.pread(fd, min(_READ_CHUNK, size - position), position)
            if not chunk:
                break
            position += len(chunk)
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                end = offset + len(line) + 1
                record = self._article(line, offset, end)
                if record is None:
                    self.done.lines_kept += 1
                else:
                    batch.append(record)
                offset = end
                if len(batch) >= ADOPT_BATCH:
                    self._adopt(key, batch, offset)
                    batch = []
        if batch:
            self._adopt(key, batch, offset)  # the committed length itself is set by the caller
        return offset

    def _adopt(self, key: str, batch: list[AdoptedRecord], committed: int) -> None:
        self._state.adopt(key, batch, committed, min_interval=self._min_interval)
        self.done.records_adopted += len(batch)

    def _article(self, line: bytes, start: int, end: int) -> AdoptedRecord | None:
        """The line as an article record of this toolkit, or None for anything else."""
        try:
            data: Any = json.loads(line)
        except ValueError:
            return None
        if not isinstance(data, dict) or "schema_version" not in data or not isinstance(data.get("url"), str):
            return None
        url = normalize_url(data["url"]) or data["url"]
        text = data.get("text")
        fingerprint = data.get("fingerprint")
        return AdoptedRecord(
            url=url,
            host=host_of(url),
            fingerprint=fingerprint if isinstance(fingerprint, str) else None,
            simhash=f"{simhash(text):032x}" if isinstance(text, str) and text else None,
            fetched_at=_epoch(data.get("fetched_at"), self._now),
            start=start,
            end=end,
        )

    def _warc_tail(self, fd: int, start: int, size: int) -> int:
        """Where the complete gzip members after ``start`` end (a WARC record is one member).

        Data that is not gzip is kept whole: only a torn member of ours is ever cut.
        """
        offset = start
        while offset < size:
            if os.pread(fd, 2, offset) != b"\x1f\x8b":
                return size
            member_end = _gzip_member_end(fd, offset, size)
            if member_end is None:
                return offset
            offset = member_end
        return offset


def _gzip_member_end(fd: int, start: int, size: int) -> int | None:
    """The end of the gzip member starting at ``start``, or None when it is incomplete."""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    position = start
    while position < size:
        chunk = os.pread(fd, min(_READ_CHUNK, size - position), position)
        try:
            decoder.decompress(chunk, 1)  # output is not wanted, only where the member ends
            while decoder.unconsumed_tail and not decoder.eof:
                decoder.decompress(decoder.unconsumed_tail, _READ_CHUNK)
        except zlib.error:
            return None
        if decoder.eof:
            return position + len(chunk) - len(decoder.unused_data)
        position += len(chunk)
    return None


def _epoch(value: object, default: float) -> float:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return default
    return default
