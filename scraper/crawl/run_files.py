"""The files of a crawl pass: its name, its JSONL and report paths, its outputs opened and
reconciled, a state set aside by ``--reset``, and an empty per-pass file removed."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from scraper.crawl.documents import DocumentFolder
from scraper.crawl.job import Job
from scraper.crawl.output import AppendLog, RunOutputs
from scraper.crawl.recovery import OutputReconciler
from scraper.crawl.state_backend import StateBackend
from scraper.errors import StateError


def iso_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def run_id(epoch: float) -> str:
    """A sortable, file-name-safe run name: UTC time and process id."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y%m%dT%H%M%SZ") + f"-{os.getpid()}"


def jsonl_path(job: Job, run: str) -> Path:
    if job.output.jsonl is not None:
        return job.output.jsonl
    assert job.output.folder is not None
    return job.output.folder / f"{job.name}-{run}.jsonl"


def _report_base(job: Job) -> Path:
    """The output file without its suffix, or the job's name in the output folder."""
    if job.output.jsonl is not None:
        return job.output.jsonl.with_name(job.output.jsonl.stem)
    assert job.output.folder is not None
    return job.output.folder / job.name


def report_path(job: Job, run: str) -> Path:
    """This pass's report, next to the output: ``articles-RUN.report.json``."""
    base = _report_base(job)
    return base.with_name(f"{base.name}-{run}.report.json")


def latest_report_path(job: Job) -> Path:
    """The last pass's report again, at a name that does not change: ``articles.report.json``."""
    base = _report_base(job)
    return base.with_name(f"{base.name}.report.json")


def open_outputs(job: Job, reconciler: OutputReconciler, run: str) -> RunOutputs:
    """The run's outputs, locked and reconciled; an earlier run's files in a folder are reconciled
    too, and the document parts a killed pass left are cleared."""
    folder = DocumentFolder(job.output.documents, job.output.format) if job.output.documents is not None else None
    if folder is not None:
        folder.clear_partial()
    if job.output.folder is not None:
        for earlier in sorted(job.output.folder.glob(f"{job.name}-*.jsonl")):
            reconciler.reconcile_file(earlier)
    jsonl = AppendLog.open(jsonl_path(job, run), reconciler)
    try:
        warc = AppendLog.open(job.output.warc, reconciler) if job.output.warc else None
    except BaseException:
        jsonl.close()
        raise
    return RunOutputs(jsonl, warc, folder)


def set_state_aside(state_path: Path, when: float) -> Path | None:
    """Rename the state file (and its WAL and shared-memory files) out of the way; None if absent."""
    if not state_path.exists():
        return None
    aside = state_path.with_name(f"{state_path.name}.reset-{datetime.fromtimestamp(when, UTC):%Y%m%dT%H%M%SZ}")
    try:
        for suffix in ("-wal", "-shm", ""):
            source = state_path.with_name(state_path.name + suffix)
            if source.exists():
                source.rename(aside.with_name(aside.name + suffix))
    except OSError as e:
        raise StateError(f"{state_path}: cannot set the state aside ({e.strerror})") from e
    return aside


def drop_empty(log: AppendLog, state: StateBackend) -> None:
    """A folder-mode run that wrote nothing leaves no empty file behind."""
    state.forget_output(log.key)
    log.path.unlink(missing_ok=True)
