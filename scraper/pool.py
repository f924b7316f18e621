"""Worker processes for everything a page costs, each page under a time limit that holds
against code in C.

SIGALRM cannot stop an HTML parser: the signal is only seen when control returns to Python.
Here a page runs in a worker process that arms ``ITIMER_PROF`` first; when the page has used
its CPU time the kernel delivers SIGPROF, whose default action ends the process wherever it
is, inside lexbor or lxml included. The pool (pebble's) sees the worker die, fails that page
alone with :class:`~scraper.errors.PageTimeoutError`, and starts a new worker.

The limit is CPU time, not wall-clock time, so a page is never failed because the machine is
busy. A wall-clock backstop (``WALL_FACTOR`` times the limit plus ``WALL_SLACK`` seconds)
also stops a worker that makes no progress at all (stalled on memory, say).

Workers fork from a fork server that imported and warmed the extractor once
(:mod:`scraper.warm`), so a new worker is ready in milliseconds and a page's time is its own.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeoutError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from scraper.errors import PageTimeoutError, WorkerDiedError
from scraper.fork_server import fork_server_context
from scraper.memory import release_free_memory

T = TypeVar("T")
#: Most worker processes a pool may have (a command line or job asking for more is refused).
MAX_WORKERS = 256
#: CPU seconds one page may use, the same for ``extract``, ``fetch`` and crawls: a real page
#: takes a few hundredths of a second, a hostile one is stopped here.
DEFAULT_PAGE_TIMEOUT = 10.0
#: The wall-clock backstop of a page is ``WALL_FACTOR * limit + WALL_SLACK`` seconds.
WALL_FACTOR = 4.0
WALL_SLACK = 30.0
#: A worker returns its free heap to the system after a page once this much of it is free.
TRIM_FREE_BYTES = 8 * 1024 * 1024
#: Pages queued in the pool per worker (by :meth:`PagePool.run`); the others wait in priority order.
QUEUED_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class PoolSettings:
    """workers: processes; page_timeout: CPU seconds one page may use (0 = no limit)."""

    workers: int = 1
    page_timeout: float = DEFAULT_PAGE_TIMEOUT

    @property
    def wall_limit(self) -> float | None:
        """Seconds of wall-clock time after which a page is stopped whatever its CPU time."""
        return self.page_timeout * WALL_FACTOR + WALL_SLACK if self.page_timeout > 0 else None


def _start_worker() -> None:
    """Each worker: SIGPROF ends the process (its default action), whatever a library installed."""
    signal.signal(signal.SIGPROF, signal.SIG_DFL)


def _run_limited(cpu_seconds: float, function: Callable[..., T], args: tuple[Any, ...]) -> T:
    """Run in a worker: ``function(*args)`` with the CPU-time alarm armed."""
    if cpu_seconds > 0:
        signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
    try:
        return function(*args)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        # A long batch must not keep each large page's high-water mark.
        release_free_memory(TRIM_FREE_BYTES)


def _ready() -> bool:
    """Run by :meth:`PagePool.start` in each new pool: nothing, once the workers exist."""
    return True


class _PrioritySlots:
    """At most ``size`` holders at a time; waiters get a freed slot lowest priority first, then in
    arrival order. For one event loop (not thread-safe)."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._arrivals = itertools.count()

    async def acquire(self, priority: int) -> None:
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        slot: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._arrivals), slot))
        try:
            await slot
        except asyncio.CancelledError:
            if slot.done() and not slot.cancelled():
                self.release()  # handed a slot in the moment it was cancelled: pass it on
            raise

    def release(self) -> None:
        while self._waiting:
            _, _, slot = heapq.heappop(self._waiting)
            if not slot.done():
                slot.set_result(None)
                return
        self._free += 1


class PagePool:
    """A pool of page workers; use ``with PagePool(settings) as pool``.

    :meth:`submit` returns a future; :meth:`result` and :meth:`run` turn the pool's own
    failures into :class:`PageTimeoutError` or :class:`WorkerDiedError` and let the function's
    exceptions through, so a caller handles one page's failure without knowing about processes.
    """

    def __init__(self, settings: PoolSettings) -> None:
        self.settings = settings
        self._pool = self._new_pool()
        #: Set once the workers run: until then a submit may wait seconds for them to start.
        self._running = threading.Event()
        #: The start in a thread, once :meth:`start_in_background` or :meth:`run` asked for it.
        self._starting: asyncio.Future[None] | None = None
        #: Pages :meth:`run` may have queued in the pool at once.
        self._slots: _PrioritySlots | None = None

    def _new_pool(self) -> ProcessPool:
        return ProcessPool(max_workers=self.settings.workers, initializer=_start_worker,
                           context=fork_server_context())

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(wait=kind is None)

    def close(self, *, wait: bool = True) -> None:
        """Finish queued pages (``wait``) or stop the workers at once."""
        if wait:
            self._pool.close()  # type: ignore[no-untyped-call]
        else:
            self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join()

    def start(self) -> None:
        """Start the fork server and the workers now (about 2 s: the extractor is imported and
        warmed), so the caller can do this in a thread while it does other work."""
        self.result(self.submit(_ready))
        self._running.set()

    def start_in_background(self) -> asyncio.Future[None]:
        """:meth:`start` in a thread, once; the future is done when the workers run (or failed to)."""
        if self._starting is None:
            self._starting = asyncio.ensure_future(asyncio.to_thread(self.start))
        return self._starting

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Queue ``function(*args)`` for a worker; ``function`` must be importable by name."""
        if not self._pool.active:
            self._pool.join()  # a pool broken by a dead worker: start a fresh one
            self._pool = self._new_pool()
        future: Future[T] = self._pool.schedule(
            _run_limited, args=(self.settings.page_timeout, function, args), timeout=self.settings.wall_limit)
        return future

    def result(self, future: Future[T]) -> T:
        """The future's value, with the pool's failures translated."""
        try:
            return future.result()
        except (ProcessExpired, FutureTimeoutError, BrokenProcessPool) as e:
            raise self._translate(e) from e

    async def run(self, function: Callable[..., T], *args: Any, priority: int = 0) -> T:
        """Run ``function(*args)`` in a worker and await it; cancelling stops that worker.

        Until the workers run, every page waits for the one start in a thread, never on the
        event loop and never holding a thread of its own (name lookups need the loop's threads).
        A few pages per worker are queued in the pool; the others wait here and go in order of
        ``priority`` (lowest first), then of arrival.
        """
        if not self._running.is_set():
            await asyncio.shield(self.start_in_background())
        if self._slots is None:
            self._slots = _PrioritySlots(self.settings.workers * QUEUED_PER_WORKER)
        slots = self._slots
        await slots.acquire(priority)
        try:
            return await asyncio.wrap_future(self.submit(function, *args))
        except (ProcessExpired, FutureTimeoutError, BrokenProcessPool) as e:
            raise self._translate(e) from e
        finally:
            slots.release()

    def _translate(self, error: BaseException) -> Exception:
        limit = self.settings.page_timeout
        if isinstance(error, ProcessExpired) and error.exitcode == -signal.SIGPROF:
            return PageTimeoutError(f"used more than {limit:g} s of CPU time")
        if isinstance(error, FutureTimeoutError):
            return PageTimeoutError(f"still unfinished after {self.settings.wall_limit:g} s")
        if isinstance(error, ProcessExpired):
            return WorkerDiedError(f"the extraction process died ({_exit_reason(error.exitcode)})")
        return WorkerDiedError(f"the extraction processes stopped ({error})")


def _exit_reason(code: int) -> str:
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"
