"""What passes between the crawl and its state: a leased URL, a URL found, one page's update,
a record written, a page waiting for its group commit, a record adopted from an output."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FrontierURL:
    """A leased URL and what the last fetch of it left behind."""

    url: str
    host: str
    depth: int
    attempts: int
    etag: str | None
    last_modified: str | None
    fingerprint: str | None
    #: Whether a record of this URL was written before (its next record is an update).
    written: bool = False
    #: The fingerprint of the last record written for it.
    written_fingerprint: str | None = None
    #: The HTTP status of its last fetch (None before the first).
    last_status: int | None = None
    #: Which lease of the URL this is (a shared state raises it on every lease and fences by it).
    epoch: int = 0

    @property
    def succeeded_before(self) -> bool:
        """Its last fetch was answered with the page (or a 304): a 404 now means it is gone."""
        return self.last_status is not None and self.last_status < 400


@dataclass(frozen=True, slots=True)
class NewURL:
    """A URL found by discovery or on a page."""

    url: str
    host: str
    depth: int
    origin: str
    lastmod: float | None = None


@dataclass(frozen=True, slots=True)
class PageUpdate:
    """Everything one fetched page changes in the state, applied in one transaction."""

    url: str
    state: str
    due: float
    now: float
    attempts: int = 0
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    fingerprint: str | None = None
    simhash: str | None = None
    duplicate_of: str | None = None
    #: Set ``duplicate_of`` (to a URL, or back to none); otherwise the page keeps its note.
    set_duplicate: bool = False
    changed: bool = False
    error_kind: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RecordWrite:
    """A record appended to ``file`` at bytes ``start``..``end`` (now committed); a state that
    keeps the articles itself (PostgreSQL, for a fleet of workers) stores ``line`` and
    ``document`` instead, and ``file`` is empty."""

    url: str
    fingerprint: str | None
    file: str
    start: int
    end: int
    line: bytes | None = None
    document: str | None = None


@dataclass(frozen=True, slots=True)
class PageCommit:
    """One page's outcome waiting for its transaction: the URL's update, its record, its links."""

    update: PageUpdate
    record: RecordWrite | None
    found: list[NewURL]
    #: The lease it was fetched under (see ``FrontierURL.epoch``).
    epoch: int = 0


@dataclass(frozen=True, slots=True)
class AdoptedRecord:
    """An article line found in an output that the state did not know (a lost or older state)."""

    url: str
    host: str
    fingerprint: str | None
    simhash: str | None
    fetched_at: float
    start: int
    end: int
