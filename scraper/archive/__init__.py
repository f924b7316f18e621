"""Web archives in, articles out: WARC (``.warc``, ``.warc.gz``) and ARC (``.arc``, ``.arc.gz``) files.

- :func:`read_archive`: every record of one file as an :class:`ArchivePage` (a page to extract)
  or a :class:`SkippedRecord` (revisit, request, not HTML, truncated, malformed ...).
- :func:`extract_warc`: the articles of one file, extracted in this process. It is the function
  to map over files on any engine (Spark's ``mapPartitions``, Ray's ``map``, a Dask bag);
  :func:`extract_records` also gives every skipped or failed record.
- ``scrape extract FILE.warc.gz`` reads archives like pages; ``scrape archive`` runs one task per
  file on a Dask cluster (:mod:`scraper.archive.parts`, :mod:`scraper.archive.cluster`).

The functions are imported on first use (:mod:`scraper.archive.files`): a command that only asks
:func:`is_archive` does not load warcio.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scraper.archive.outcomes import SKIP_KINDS, ArchivePage, RecordOutcome, SkippedRecord

if TYPE_CHECKING:
    from scraper.archive.files import extract_records, extract_warc, read_archive

__all__ = [
    "ARCHIVE_SUFFIXES",
    "SKIP_KINDS",
    "ArchivePage",
    "RecordOutcome",
    "SkippedRecord",
    "extract_records",
    "extract_warc",
    "is_archive",
    "read_archive",
]

#: File names read as archives (case does not matter).
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_LAZY = frozenset({"extract_records", "extract_warc", "read_archive"})


def is_archive(path: str | Path) -> bool:
    """Whether ``path`` is named as a WARC or ARC file."""
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module("scraper.archive.files"), name)
    raise AttributeError(f"module 'scraper.archive' has no attribute {name!r}")
