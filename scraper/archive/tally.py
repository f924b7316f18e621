"""Counts of what each archive's records became, for the one-line summaries commands print."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scraper.archive.outcomes import DAMAGE_KINDS, SKIP_KINDS, SkippedRecord
from scraper.pagework import PageFailed, PageOutcome

#: How each outcome is named in a summary ("12 articles, 3 revisits ...").
OUTCOME_WORDS = {
    "article": "articles", "failed": "failed", "revisit": "revisits", "other": "other records",
    "status": "not 200", "not_html": "not HTML", "truncated": "truncated", "too_large": "too large",
    "encoding": "bad encoding", "empty": "empty", "malformed": "malformed",
}


def archive_of(source: str) -> str | None:
    """The archive a record's source (``PATH#OFFSET``) belongs to; None for a page's source."""
    path, mark, offset = source.rpartition("#")
    return path if mark and offset.isdigit() and path else None


@dataclass(slots=True)
class ArchiveTally:
    """Per archive, how many records became articles, failed, or were skipped, by kind."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    first_damage: dict[str, str] = field(default_factory=dict)
    damaged: int = 0

    def count(self, outcome: PageOutcome | SkippedRecord) -> None:
        """Count one outcome of a batch (a page's outcomes are left alone)."""
        source = outcome.source
        archive = archive_of(source)
        if archive is None:
            return
        if isinstance(outcome, SkippedRecord):
            kind = outcome.kind
            if kind in DAMAGE_KINDS:
                self.damaged += 1
                self.first_damage.setdefault(archive, f"{source}: {outcome.reason}")
        else:
            kind = "failed" if isinstance(outcome, PageFailed) else "article"
        self.counts.setdefault(archive, Counter())[kind] += 1

    def summaries(self) -> list[str]:
        """One line per archive: ``crawl.warc.gz: 40 records: 18 articles, 20 other records ...``."""
        lines = []
        for archive, counts in self.counts.items():
            parts = [f"{counts[kind]} {OUTCOME_WORDS[kind]}" for kind in ("article", "failed", *SKIP_KINDS)
                     if counts[kind]]
            line = f"{archive}: {sum(counts.values())} records: {', '.join(parts)}"
            if archive in self.first_damage:
                line += f" (first damage at {self.first_damage[archive]})"
            lines.append(line)
        return lines
