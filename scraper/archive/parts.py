"""``scrape archive``'s unit of work: one archive file in, one part file out, written exactly once.

Engines recompute a task whose worker died, and a task can even run twice at once (a worker
that was thought dead finishes after all). So a part is written under a temporary name and
renamed into place when complete: ``OUTDIR/parts/<part-id>.jsonl`` either holds all of its
input's articles or does not exist, and two runs of one task replace one file with the same
content. Its record counts go to ``<part-id>.json`` first; a part counts as done when both
files exist and the counts name the input's current size and modification time, so a rerun
skips it and an input that changed is done again.

:func:`run_part` runs on a Dask worker (or anywhere): it reads the file in that process and
extracts its pages in a :class:`~scraper.pool.PagePool`'s worker process (each page under its
CPU-time limit), or in that process when no pool can be had.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import resource
import socket
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path

from scraper.archive.files import read_archive
from scraper.archive.outcomes import SkippedRecord
from scraper.errors import ScraperError
from scraper.files import fsync_folder, write_text_atomically
from scraper.pagework import PageFailed, PageInput, PageOutcome, page_outcome, page_to_article, submit_page
from scraper.pool import PagePool

PARTS_FOLDER = "parts"
#: The formats a part can have: the article JSON a line, or CSV rows (with their header).
PART_FORMATS = {"jsonl": ("json", ".jsonl"), "csv": ("csv", ".csv")}
#: A task tells its progress after this many records.
PROGRESS_EVERY = 50
#: Pages handed to the extraction worker ahead of the one being written.
PAGES_AHEAD = 4
#: Test hook: seconds each record's task sleeps, so a test can stop a worker mid-run.
PAUSE_PER_RECORD_VARIABLE = "SCRAPE_TEST_PAUSE_PER_RECORD"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_ID_DIGITS = 10


@dataclass(frozen=True, slots=True)
class PartJob:
    """One input file and where its part goes. ``path`` is as the user gave it (the articles'
    ``source`` is ``PATH#OFFSET``); ``size`` and ``mtime_ns`` identify its content."""

    path: str
    part_id: str
    outdir: str
    form: str
    size: int
    mtime_ns: int

    @property
    def part_path(self) -> Path:
        return Path(self.outdir) / PARTS_FOLDER / f"{self.part_id}{PART_FORMATS[self.form][1]}"

    @property
    def counts_path(self) -> Path:
        return Path(self.outdir) / PARTS_FOLDER / f"{self.part_id}.json"


@dataclass(frozen=True, slots=True)
class PartResult:
    """What one input gave: records by outcome (``article``, ``failed`` and the skip kinds),
    failures by error kind, the file's own error (an unreadable archive), and who did it how fast."""

    part_id: str
    path: str
    size: int
    mtime_ns: int
    outcomes: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    worker: str = ""
    peak_rss_mb: float = 0.0
    #: Each page ran under the CPU-time limit, in a pool's worker process.
    time_limited: bool = False
    #: The peak memory of that extraction process (0 without a pool).
    extractor_peak_rss_mb: float = 0.0

    @property
    def records(self) -> int:
        return sum(self.outcomes.values())

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PartResult:
        data = json.loads(text)
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def part_id(path: Path) -> str:
    """A part's name: the input's file name, made safe, and a digest of its absolute path (two
    inputs named alike in different folders get different parts)."""
    digest = hashlib.sha1(str(path.resolve()).encode(), usedforsecurity=False).hexdigest()[:_ID_DIGITS]
    name = _UNSAFE.sub("-", path.name).strip(".-")[:80] or "archive"
    return f"{name}-{digest}"


def make_job(path: str, outdir: Path, form: str) -> PartJob:
    """The job of one input; raises ``OSError`` when it cannot be looked at."""
    file = Path(path)
    info = file.stat()
    return PartJob(path, part_id(file), str(outdir), form, info.st_size, info.st_mtime_ns)


def finished(job: PartJob) -> PartResult | None:
    """The recorded result when ``job``'s part is complete for the input as it is now."""
    try:
        result = PartResult.from_json(job.counts_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not job.part_path.exists() or (result.size, result.mtime_ns) != (job.size, job.mtime_ns):
        return None
    return result


ProgressSink = Callable[[dict[str, int | float | str]], None]


def run_part(job: PartJob, progress: ProgressSink | None = None, pool: PagePool | None = None) -> PartResult:
    """Extract every page of ``job.path`` into its part; return the counts. Never raises for a
    bad archive or page: an unreadable file is the result's ``error``. With ``pool``, each page
    is extracted in its worker processes under its CPU-time limit; without, in this process."""
    started = time.monotonic()
    render = PART_FORMATS[job.form][0]
    outcomes: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    error = None
    folder = job.part_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{job.part_id}.{uuid.uuid4().hex}.tmp"
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as out:
            writer = _PartWriter(out, job.form)
            try:
                for outcome in _page_outcomes(job.path, render, pool):
                    if isinstance(outcome, SkippedRecord):
                        outcomes[outcome.kind] += 1
                    elif isinstance(outcome, PageFailed):
                        outcomes["failed"] += 1
                        errors[outcome.kind] += 1
                    elif outcome.article is not None:
                        outcomes["article"] += 1
                        writer.write(outcome.article.line)
                    if progress is not None and sum(outcomes.values()) % PROGRESS_EVERY == 0:
                        progress({"part": job.part_id, **outcomes})
            except ScraperError as e:
                error = str(e)
                errors[type(e).__name__] += 1
            out.flush()
            os.fsync(out.fileno())
        result = PartResult(
            job.part_id, job.path, job.size, job.mtime_ns, dict(outcomes), dict(errors), error,
            round(time.monotonic() - started, 3), f"{socket.gethostname()}:{os.getpid()}", peak_rss_mb(),
            time_limited=pool is not None, extractor_peak_rss_mb=_extractor_peak(pool),
        )
        write_text_atomically(job.counts_path, result.to_json())
        os.replace(temporary, job.part_path)
        fsync_folder(folder)
    finally:
        temporary.unlink(missing_ok=True)
    return result


def _page_outcomes(path: str, render: str, pool: PagePool | None) -> Iterator[PageOutcome | SkippedRecord]:
    """Each record's outcome in file order; with a pool, a few pages are extracted ahead."""
    pause = float(os.environ.get(PAUSE_PER_RECORD_VARIABLE, "0") or 0)
    pending: deque[tuple[str, Future[PageOutcome] | PageOutcome | SkippedRecord]] = deque()
    for record in read_archive(path):
        if pause:
            time.sleep(pause)
        if isinstance(record, SkippedRecord):
            pending.append((record.source, record))
        else:
            page = PageInput(record.source, record.text, url=record.url, fetched_at=record.fetched_at,
                             content_type=record.content_type, render=render)
            pending.append((record.source, submit_page(pool, page) if pool else _in_process(page)))
        while pending and (len(pending) > PAGES_AHEAD or not isinstance(pending[0][1], Future)):
            yield _settled(pool, *pending.popleft())
    while pending:
        yield _settled(pool, *pending.popleft())


def _settled(pool: PagePool | None, source: str,
             waiting: Future[PageOutcome] | PageOutcome | SkippedRecord) -> PageOutcome | SkippedRecord:
    if isinstance(waiting, Future):
        assert pool is not None
        return page_outcome(pool, source, waiting)
    return waiting


def _extractor_peak(pool: PagePool | None) -> float:
    if pool is None:
        return 0.0
    try:
        return float(pool.result(pool.submit(peak_rss_mb)))
    except ScraperError:
        return 0.0  # the extraction process was just replaced: it has no history to report


def _in_process(page: PageInput) -> PageOutcome:
    try:
        return page_to_article(page)
    except Exception as e:  # noqa: BLE001 - a bug fails this page alone, as in every command
        return PageFailed.of(page.source, e)


class _PartWriter:
    """A part's lines: article JSON, or CSV rows under one header."""

    def __init__(self, out: io.TextIOBase, form: str) -> None:
        self._out = out
        self._csv = csv.writer(out) if form == "csv" else None
        if self._csv is not None:
            from cleaners.render import CSV_COLUMNS

            self._csv.writerow(CSV_COLUMNS)

    def write(self, line: str) -> None:
        if self._csv is not None:
            self._csv.writerow(json.loads(line))
        else:
            self._out.write(line + "\n")


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
