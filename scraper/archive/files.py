"""Reading one archive file, and extracting its pages in this process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from scraper.archive.outcomes import RecordOutcome, SkippedRecord
from scraper.archive.payload import record_outcome
from scraper.archive.reader import iter_raw_records
from scraper.errors import InputFileError, InputNotFoundError
from scraper.fetch.config import DEFAULT_FETCH_CONFIG, FetchConfig

if TYPE_CHECKING:
    from cleaners import Article, ExtractConfig


def read_archive(path: str | Path, *, fetch: FetchConfig = DEFAULT_FETCH_CONFIG) -> Iterator[RecordOutcome]:
    """Every record of the archive at ``path``, in file order; a damaged record is a
    :class:`SkippedRecord` of kind ``malformed`` and reading goes on at the next record.

    Raises :class:`~scraper.errors.InputFileError` when the file cannot be opened, and
    :class:`~scraper.errors.ArchiveFormatError` when it holds no readable record at all.
    """
    label = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - held open while the generator runs
    except FileNotFoundError as e:
        raise InputNotFoundError("no such file") from e
    except OSError as e:
        raise InputFileError(e.strerror or str(e)) from e
    with handle:
        for item in iter_raw_records(handle, cap=fetch.max_body_bytes):
            yield record_outcome(label, item, fetch)


def extract_records(
    path: str | Path, *, config: ExtractConfig | None = None, fetch: FetchConfig = DEFAULT_FETCH_CONFIG
) -> Iterator[Article | SkippedRecord]:
    """Each record's article, or why it gave none (a page that failed extraction is a
    :class:`SkippedRecord` of kind ``failed``). ``config`` None: the extractor's defaults."""
    from cleaners import DEFAULT_CONFIG, CleanersError, extract

    for outcome in read_archive(path, fetch=fetch):
        if isinstance(outcome, SkippedRecord):
            yield outcome
            continue
        try:
            yield extract(outcome.text, outcome.url, source=outcome.source, fetched_at=outcome.fetched_at,
                          content_type=outcome.content_type, config=config or DEFAULT_CONFIG)
        except (CleanersError, RecursionError) as e:
            yield SkippedRecord(outcome.source, "failed", str(e) or type(e).__name__)


def extract_warc(path: str | Path, *, config: ExtractConfig | None = None) -> Iterator[Article]:
    """The articles of one WARC or ARC file, in file order, extracted in this process.

    Records that are no page (requests, revisits, images ...) and pages that fail are left out;
    use :func:`extract_records` to see them. ``article.source`` is ``PATH#OFFSET``.
    """
    for outcome in extract_records(path, config=config):
        if not isinstance(outcome, SkippedRecord):
            yield outcome
