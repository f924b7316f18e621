"""The worker side of ``scrape archive``: the task, and the plugin that gives each Dask worker
its page pool. Imported only where Dask is installed."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from typing import Any

from distributed import WorkerPlugin, get_worker

from scraper.archive.parts import PartJob, PartResult, run_part
from scraper.pool import PagePool, PoolSettings


def archive_task(job: PartJob) -> PartResult:
    """The Dask task: :func:`run_part` with the worker's page pool, telling its progress to the
    client through the scheduler."""
    worker = get_worker()
    plugin = worker.plugins.get(PagePoolPlugin.name)
    pool = plugin.pool() if isinstance(plugin, PagePoolPlugin) else None

    def progress(counts: dict[str, int | float | str]) -> None:
        worker.log_event(PagePoolPlugin.progress_topic, counts)

    return run_part(job, progress, pool)


class PagePoolPlugin(WorkerPlugin):
    """A Dask worker plugin: each worker's one :class:`~scraper.pool.PagePool` (a warm extraction
    process, each page under its CPU-time limit), started by the worker's first task and stopped
    with the worker. A daemonic worker process may not start processes (Dask's default for
    clusters it did not get from ``scrape archive``): its pages are extracted in the worker
    itself, without the limit, and the report says so."""

    name = "scrape-page-pool"
    #: The topic of the tasks' progress events (counts so far, every few dozen records).
    progress_topic = "scrape-archive-progress"

    def __init__(self, page_timeout: float, *, ignore_interrupts: bool = False) -> None:
        self.page_timeout = page_timeout
        #: The workers belong to ``scrape archive``'s own cluster: Ctrl-C, which the terminal
        #: sends to every process of the command, is the command's to handle (it stops them).
        self.ignore_interrupts = ignore_interrupts
        self._pool: PagePool | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, float | bool]:
        return {"page_timeout": self.page_timeout, "ignore_interrupts": self.ignore_interrupts}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["page_timeout"], ignore_interrupts=state["ignore_interrupts"])  # type: ignore[misc]

    def setup(self, worker: Any) -> None:
        if self.ignore_interrupts and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    def pool(self) -> PagePool | None:
        """The worker's pool, started on first use; None in a daemonic process."""
        if multiprocessing.current_process().daemon:
            return None
        with self._lock:
            if self._pool is None:
                pool = PagePool(PoolSettings(1, self.page_timeout))
                pool.start()
                self._pool = pool
            return self._pool

    def teardown(self, worker: Any) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close(wait=False)
                self._pool = None
