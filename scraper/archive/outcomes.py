"""What an archive's records become: a page to extract, or a skip with its reason.

Kept apart from the reader so that commands can tell these outcomes apart without loading
warcio until they meet an archive.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Every way a record can be skipped, as the reports count them.
SKIP_KINDS = ("revisit", "other", "status", "not_html", "truncated", "too_large", "encoding", "empty", "malformed")
#: Skips that mean something in the archive is damaged (the others are records of other kinds).
DAMAGE_KINDS = frozenset({"malformed"})

@dataclass(frozen=True, slots=True)
class ArchivePage:
    """A response (or resource) record that is a page: its text, address, capture time and type."""

    source: str
    url: str | None
    fetched_at: str | None
    text: str
    content_type: str | None


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A record that is no page to extract; ``kind`` is one of :data:`SKIP_KINDS`."""

    source: str
    kind: str
    reason: str


RecordOutcome = ArchivePage | SkippedRecord
