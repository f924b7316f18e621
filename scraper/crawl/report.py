"""What one run did: counts by outcome, errors by kind, duplicates, timing; saved as JSON."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.errors import OutputError
from scraper.files import write_text_atomically

#: Page outcomes, in the order the summary shows them.
OUTCOMES = (
    "written",      # a new article, or one whose text changed: a record was written
    "unchanged",    # fetched again, same text fingerprint: counted, not written
    "not_modified",  # the server answered 304 to a conditional request
    "duplicate",    # a near-duplicate of an article written for another URL
    "thin",         # fewer words than output.min_words
    "followed",     # not matched by output.url_patterns or output.page_types: fetched for its links only
    "excluded",     # robots.txt disallows it
    "gone",         # answered 404 or 410 after an earlier success: not a failure, never fetched again
    "failed",       # could not be fetched or extracted
)


@dataclass
class RunStats:
    """Live counters of a run, shared with the progress display."""

    outcomes: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    queued: int = 0
    in_flight: int = 0

    @property
    def done(self) -> int:
        return sum(self.outcomes.values())

    @property
    def failed(self) -> int:
        return self.outcomes["failed"]


@dataclass
class RunReport:
    """The report of one run, written next to the output as JSON."""

    job: str
    run: str
    started: str
    finished: str = ""
    duration_s: float = 0.0
    outcome: str = "ok"
    pages: dict[str, int] = field(default_factory=dict)
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    error_samples: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    #: Some URLs of each outcome a user may want to look at (thin, excluded, gone, followed);
    #: ``pages`` has the counts.
    samples: dict[str, list[str]] = field(default_factory=dict)
    discovery: dict[str, int] = field(default_factory=dict)
    skipped_by_lastmod: int = 0
    leases_released: int = 0
    #: Pages whose lease another worker took first (a shared state): left to that worker.
    leases_lost: int = 0
    #: Articles the pass exported from a shared state to its output (see scraper.crawl.pg.export).
    exported: int = 0
    #: Seconds the pass spent waiting for a shared state's database (None for a SQLite state).
    db_seconds: float | None = None
    #: Fetched URLs given a new due time because ``recrawl.min_interval`` changed.
    rescheduled: int = 0
    #: Pages followed for their links, due again because the job's choice of pages to write changed.
    refiltered: int = 0
    bytes_cut_on_resume: int = 0
    #: Article lines found in the output that the state did not know (a lost or restored state).
    records_adopted: int = 0
    #: Complete lines of something else found past the committed length: kept, never cut.
    lines_kept: int = 0
    #: Where ``--reset`` moved the old state file, if it did.
    state_set_aside: str | None = None
    output: list[str] = field(default_factory=list)
    state: dict[str, int] = field(default_factory=dict)

    @property
    def failures(self) -> int:
        return self.pages.get("failed", 0) + self.discovery.get("errors", 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "job": self.job, "run": self.run, "started": self.started, "finished": self.finished,
            "duration_s": round(self.duration_s, 3), "outcome": self.outcome, "pages": self.pages,
            "errors_by_kind": self.errors_by_kind, "error_samples": self.error_samples,
            "duplicates": self.duplicates, "samples": self.samples, "discovery": self.discovery,
            "skipped_by_lastmod": self.skipped_by_lastmod, "leases_released": self.leases_released,
            "leases_lost": self.leases_lost, "exported": self.exported,
            "db_seconds": None if self.db_seconds is None else round(self.db_seconds, 3),
            "rescheduled": self.rescheduled, "refiltered": self.refiltered,
            "bytes_cut_on_resume": self.bytes_cut_on_resume, "records_adopted": self.records_adopted,
            "lines_kept": self.lines_kept, "state_set_aside": self.state_set_aside, "output": self.output, "state": self.state,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def save(self, path: Path) -> None:
        """Write atomically: a temporary file in the same folder, fsynced, then renamed."""
        try:
            write_text_atomically(path, self.to_json() + "\n")
        except OSError as e:
            raise OutputError(f"{path}: cannot write the run report ({e.strerror})") from e
