"""``scrape archive`` on Dask distributed: one task per input file, progress from the workers,
a manifest and a report at the end.

Dask recomputes the task of a worker that dies; :mod:`scraper.archive.parts` makes the output
exactly-once whatever runs twice. Inputs whose part is complete are not submitted again, so
an interrupted or failed run costs its unfinished inputs only. With nothing left to do, no
cluster is started at all.
"""

from __future__ import annotations

import fcntl
import json
import logging
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.archive.parts import PARTS_FOLDER, PartJob, PartResult, finished, make_job
from scraper.errors import ArchiveRunError
from scraper.files import write_text_atomically
from scraper.pool import DEFAULT_PAGE_TIMEOUT

MANIFEST_NAME = "manifest.json"
REPORT_NAME = "report.json"
LOCK_NAME = ".lock"
#: Seconds to wait for a scheduler named by ``--scheduler`` to answer.
CONNECT_TIMEOUT = 30
#: The manifest is rewritten at most this often while a run goes on (and always at its end).
MANIFEST_INTERVAL = 5.0


@dataclass(frozen=True, slots=True)
class ArchiveSettings:
    """Where the parts go and how: ``form`` ``jsonl`` or ``csv``; ``scheduler`` the address of a
    running Dask scheduler (``tcp://host:8786``), else a ``LocalCluster`` of ``local_workers``
    processes on 127.0.0.1; ``page_timeout`` as for ``scrape extract``."""

    outdir: Path
    form: str = "jsonl"
    scheduler: str | None = None
    local_workers: int = 2
    #: CPU seconds one page may use (0 = no limit), as for ``scrape extract``.
    page_timeout: float = DEFAULT_PAGE_TIMEOUT


@dataclass(slots=True)
class ArchiveRun:
    """What a run did, as ``report.json`` holds it."""

    inputs: int = 0
    extracted: int = 0
    already_done: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    workers: dict[str, dict[str, float]] = field(default_factory=dict)
    seconds: float = 0.0
    interrupted: bool = False
    #: Inputs extracted without the per-page CPU-time limit (on daemonic workers).
    unlimited_inputs: int = 0

    def add(self, result: PartResult) -> None:
        self.extracted += 1
        self.outcomes.update(result.outcomes)
        self.errors.update(result.errors)
        if result.error:
            self.failed[result.path] = result.error
        worker = self.workers.setdefault(result.worker, {"inputs": 0, "records": 0, "seconds": 0.0})
        worker["inputs"] += 1
        worker["records"] += result.records
        worker["seconds"] = round(worker["seconds"] + result.seconds, 3)
        worker["peak_rss_mb"] = max(worker.get("peak_rss_mb", 0.0), result.peak_rss_mb)
        worker["extractor_peak_rss_mb"] = max(worker.get("extractor_peak_rss_mb", 0.0), result.extractor_peak_rss_mb)
        if not result.time_limited:
            self.unlimited_inputs += 1

    def report(self) -> dict[str, Any]:
        records = sum(self.outcomes.values())
        return {
            "inputs": {"total": self.inputs, "extracted": self.extracted, "already_done": self.already_done,
                       "failed": len(self.failed), "not_done": self.inputs - self.extracted - self.already_done},
            "records": {"total": records, **dict(sorted(self.outcomes.items()))},
            "errors": dict(sorted(self.errors.items())),
            "failed_inputs": self.failed,
            "duration_seconds": round(self.seconds, 3),
            "records_per_second": round(records / self.seconds, 2) if self.seconds else 0.0,
            "workers": {
                name: {**stats, "records_per_second": round(stats["records"] / stats["seconds"], 2)
                       if stats["seconds"] else 0.0}
                for name, stats in sorted(self.workers.items())
            },
            "inputs_without_page_time_limit": self.unlimited_inputs,
            "interrupted": self.interrupted,
        }


#: Called with each finished input (its result, or its path and error) and each progress event.
EventSink = Callable[[str, dict[str, Any]], None]


def run_archive(paths: list[str], settings: ArchiveSettings, on_event: EventSink | None = None) -> ArchiveRun:
    """Extract every archive of ``paths`` into ``settings.outdir``; inputs already done are skipped.

    Raises :class:`~scraper.errors.ArchiveRunError` when the output folder is in use or the
    cluster cannot be started or reached. ``KeyboardInterrupt`` stops the run after writing
    the manifest and report of what finished; the exception is raised again.
    """
    sink = on_event or (lambda kind, data: None)
    run = ArchiveRun(inputs=len(paths))
    started = time.monotonic()
    outdir = settings.outdir
    with _locked(outdir):
        _remove_temporaries(outdir / PARTS_FOLDER)
        jobs: list[PartJob] = []
        results: dict[str, PartResult] = {}  # by the input path as this run names it
        for path in paths:
            try:
                job = make_job(path, outdir, settings.form)
            except OSError as e:
                run.failed[path] = e.strerror or str(e)
                run.errors["InputFileError"] += 1
                sink("failed", {"path": path, "error": run.failed[path]})
                continue
            done = finished(job)
            if done is None:
                jobs.append(job)
            else:
                results[path] = done
                run.already_done += 1
                if done.error:
                    run.failed[path] = done.error  # still unreadable: the file has not changed
        try:
            if jobs:
                for result in _extract_on_cluster(jobs, settings, run, sink):
                    results[result.path] = result  # the path as this run names the input
                    _write_manifest(outdir, paths, results, run, final=False)
        except KeyboardInterrupt:
            run.interrupted = True
            raise
        finally:
            run.seconds = time.monotonic() - started
            _write_manifest(outdir, paths, results, run, final=True)
            _write_json(outdir / REPORT_NAME, run.report())
    return run


def _extract_on_cluster(jobs: list[PartJob], settings: ArchiveSettings, run: ArchiveRun,
                        sink: EventSink) -> Iterator[PartResult]:
    try:
        from distributed import as_completed

        from scraper.archive.dask_worker import PagePoolPlugin, archive_task
    except ImportError as e:
        raise ArchiveRunError("scrape archive needs Dask: pip install 'scrape-toolkit[dask]'") from e
    with ExitStack() as stack:
        client = _client(settings, stack)
        plugin = PagePoolPlugin(settings.page_timeout, ignore_interrupts=settings.scheduler is None)
        client.register_plugin(plugin, name=PagePoolPlugin.name)
        # On a cluster that outlives the run, the workers' page pools stop with it.
        stack.callback(_unregister, client, PagePoolPlugin.name)
        client.subscribe_topic(PagePoolPlugin.progress_topic, lambda event: sink("progress", dict(event[1])))
        token = uuid.uuid4().hex[:8]
        futures = [client.submit(archive_task, job, key=f"scrape-archive-{job.part_id}-{token}", pure=False)
                   for job in jobs]
        by_key = {future.key: job for future, job in zip(futures, jobs, strict=True)}
        try:
            for future in as_completed(futures):
                job = by_key[future.key]
                try:
                    result: PartResult = future.result()
                except Exception as e:  # noqa: BLE001 - a task lost (its workers died) fails that input alone
                    reason = _lost_reason(e)
                    run.failed[job.path] = reason
                    run.errors[type(e).__name__] += 1
                    sink("failed", {"path": job.path, "error": reason})
                    continue
                run.add(result)
                sink("done", {"result": result})
                yield result
        except KeyboardInterrupt:
            client.cancel(futures)
            raise


def _client(settings: ArchiveSettings, stack: ExitStack) -> Any:
    import dask
    from distributed import Client, LocalCluster

    if settings.scheduler:
        try:
            return stack.enter_context(Client(settings.scheduler, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError) as e:
            raise ArchiveRunError(f"no Dask scheduler answers at {settings.scheduler} ({e})") from e
    try:
        # Not daemonic, so that each worker may start its page pool's process; started with
        # Ctrl-C ignored, which they inherit: this command stops them (the plugin keeps it so
        # for workers the nanny restarts).
        with dask.config.set({"distributed.worker.daemon": False}), _interrupts_ignored():
            cluster = stack.enter_context(LocalCluster(
                n_workers=settings.local_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=logging.ERROR,
            ))
    except (OSError, TimeoutError) as e:
        raise ArchiveRunError(f"cannot start a local Dask cluster ({e})") from e
    return stack.enter_context(Client(cluster))


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _unregister(client: Any, name: str) -> None:
    with suppress(OSError, TimeoutError, ValueError):  # a scheduler already gone has no plugin to drop
        client.unregister_worker_plugin(name)


def _lost_reason(error: BaseException) -> str:
    if type(error).__name__ == "KilledWorker":
        return "the workers running this input died too often (out of memory, or a crash while extracting)"
    return f"{type(error).__name__}: {error}"


@contextmanager
def _locked(outdir: Path) -> Iterator[None]:
    """Hold the output folder's lock: two runs writing one folder would both redo its inputs."""
    try:
        (outdir / PARTS_FOLDER).mkdir(parents=True, exist_ok=True)
        handle = open(outdir / LOCK_NAME, "a+")  # noqa: SIM115 - held for the whole run
    except OSError as e:
        raise ArchiveRunError(f"{outdir}: cannot write the output folder ({e.strerror or e})") from e
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise ArchiveRunError(f"{outdir}: another scrape archive is writing to this folder") from e
        yield


def _remove_temporaries(folder: Path) -> None:
    """Parts a stopped run left half written (the lock says no run is writing them now)."""
    for temporary in folder.glob(".*.tmp"):
        temporary.unlink(missing_ok=True)


def _write_manifest(outdir: Path, paths: list[str], results: dict[str, PartResult], run: ArchiveRun, *,
                    final: bool) -> None:
    path = outdir / MANIFEST_NAME
    if not final:
        try:
            if time.time() - path.stat().st_mtime < MANIFEST_INTERVAL:
                return
        except OSError:
            pass  # no manifest yet: write the first one
    entries = []
    for input_path in paths:
        result = results.get(input_path)
        if result is not None:
            entries.append({"path": input_path, "part": f"{PARTS_FOLDER}/{result.part_id}",
                            "status": "failed" if result.error else "done", "records": result.records,
                            "articles": result.outcomes.get("article", 0), "error": result.error})
        else:
            entries.append({"path": input_path, "status": "failed" if input_path in run.failed else "not_done",
                            "error": run.failed.get(input_path)})
    _write_json(path, {"inputs": entries})


def _write_json(path: Path, data: dict[str, Any]) -> None:
    write_text_atomically(path, json.dumps(data, indent=2) + "\n")
