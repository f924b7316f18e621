"""Articles out of a shared state: exactly once, however workers die.

A fleet's workers keep each article in the database, in the transaction that commits its page
under a lease that still holds (:meth:`~scraper.crawl.pg.state.PostgresState.commit_pages`): a
page committed is in the database once, and a page whose worker died before its commit is
fetched again by another worker and committed by that one only. Files are written from there:

* :func:`export_new` appends the articles not exported yet to the job's own output (the pass of
  ``scrape crawl`` does it at its end), then marks them exported and records the file's new
  length in one transaction. A crash in between leaves bytes past the committed length, which
  the next pass cuts (:mod:`scraper.crawl.recovery`) before exporting them again.
* :func:`export_all` writes every article (or those of runs after one) to any file, for
  ``scrape export``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import IO, TYPE_CHECKING, Any

from scraper.crawl.documents import DocumentFolder
from scraper.crawl.output import AppendLog
from scraper.errors import UnknownRunError

if TYPE_CHECKING:
    import psycopg

    from scraper.crawl.pg.state import PostgresState

#: Articles appended (and confirmed in one transaction) per batch.
EXPORT_BATCH = 500


def export_new(state: PostgresState, log: AppendLog, documents: DocumentFolder | None, *,
               tombstones: bool = False) -> int:
    """Append the articles not exported yet to ``log`` (and their documents to ``documents``);
    how many. ``log`` must have been reconciled with ``adopt_tail=False``."""
    exported = 0
    while True:
        rows = state.run(lambda db: db.execute(
            "SELECT seq, url, line, document FROM scrape_records WHERE job_id = %s AND NOT exported "
            "ORDER BY seq LIMIT %s", (state.job_id, EXPORT_BATCH)).fetchall())
        if not rows:
            return exported
        for _, url, line, document in rows:
            if documents is not None and document is not None:
                documents.write(url, document)  # before its line, as a pass writes them
            elif documents is not None and tombstones and _is_tombstone(bytes(line)):
                documents.remove(url)
            log.append(bytes(line), sync=False)
        log.sync()
        try:
            state.run(partial(_confirm, job_id=state.job_id, seqs=[row[0] for row in rows], file=log.key, end=log.end))
        except BaseException:
            log.rollback()
            raise
        log.mark_committed()
        exported += len(rows)


def _confirm(db: psycopg.Connection[Any], *, job_id: int, seqs: list[int], file: str, end: int) -> None:
    """Mark a batch exported and record the file's new length, in one transaction."""
    db.execute("UPDATE scrape_records SET exported = true WHERE job_id = %s AND seq = ANY(%s)", (job_id, seqs))
    db.execute("INSERT INTO scrape_outputs (job_id, file, committed) VALUES (%s, %s, %s) "
               "ON CONFLICT (job_id, file) DO UPDATE SET committed = excluded.committed", (job_id, file, end))


def _batch_after(db: psycopg.Connection[Any], *, job_id: int, after: int, started: float) -> list[tuple[Any, ...]]:
    """The next articles after ``seq`` ``after``, of runs started after ``started`` (0: all)."""
    return db.execute(
        "SELECT r.seq, r.line FROM scrape_records r LEFT JOIN scrape_runs u ON u.job_id = r.job_id AND u.run = r.run "
        "WHERE r.job_id = %s AND r.line IS NOT NULL AND r.seq > %s AND (%s = 0 OR u.started > %s) "
        "ORDER BY r.seq LIMIT %s", (job_id, after, started, started, EXPORT_BATCH)).fetchall()


def _is_tombstone(line: bytes) -> bool:
    try:
        data = json.loads(line)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("status") == "gone"


def export_all(state: PostgresState, out: IO[bytes], *, since: str | None = None) -> int:
    """Write every article the state keeps, oldest first, to ``out``; with ``since``, only those
    of runs started after run ``since`` (an :class:`UnknownRunError` names the last runs when
    ``since`` is unknown). How many were written."""
    written = 0
    for line in _lines(state, since):
        out.write(line)
        written += 1
    return written


def _lines(state: PostgresState, since: str | None) -> Iterator[bytes]:
    started = 0.0
    if since is not None:
        rows = state.run(lambda db: db.execute("SELECT started FROM scrape_runs WHERE job_id = %s AND run = %s",
                                               (state.job_id, since)).fetchall())
        if not rows:
            recent = ", ".join(run for run, *_ in state.last_runs()) or "none yet"
            raise UnknownRunError(f"job has no run {since!r} (last runs: {recent})")
        started = float(rows[0][0])
    after = 0
    while True:
        rows = state.run(partial(_batch_after, job_id=state.job_id, after=after, started=started))
        if not rows:
            return
        for seq, line in rows:
            after = seq
            yield bytes(line)
