"""One run of a job at a time: an exclusive ``flock`` on ``<state>.lock``, released by the kernel
when the process ends, however it ends (so ``kill -9`` never leaves a stale lock behind)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from scraper.errors import JobLockedError, StateError


class JobLock:
    """``with JobLock(state_path, job_name):`` holds the job's lock or raises JobLockedError."""

    def __init__(self, state_path: Path, job_name: str) -> None:
        self.path = state_path.with_name(state_path.name + ".lock")
        self._job_name = job_name
        self._fd: int | None = None

    def __enter__(self) -> JobLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise StateError(f"{self.path}: cannot create the lock file ({e.strerror})") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise JobLockedError(
                f"job {self._job_name!r} is already running (pid {holder} holds {self.path}); "
                "two runs of one job never overlap") from e
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
