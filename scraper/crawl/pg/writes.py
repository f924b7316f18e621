"""The frontier's writes shared by a pass and a fleet's workers: queueing found URLs and
recording one page's outcome, each inside the caller's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scraper.crawl.state_records import NewURL, PageCommit

if TYPE_CHECKING:
    import psycopg


def queue_urls(db: psycopg.Connection[Any], job_id: int, urls: list[NewURL], now: float, *, use_lastmod: bool) -> int:
    """Queue URLs not known yet, inside the caller's transaction; a newer ``lastmod`` (the newest
    of the sources') makes a fetched URL due now when the job uses ``lastmod``. How many were new."""
    if not urls:
        return 0
    added = db.execute(
        "INSERT INTO scrape_frontier (job_id, url, host, depth, origin, due, lastmod, found_at) "
        "SELECT %s, * FROM unnest(%s::text[], %s::text[], %s::int[], %s::text[], %s::float8[], %s::float8[], "
        "%s::float8[]) ON CONFLICT (job_id, url) DO NOTHING",
        (job_id, [u.url for u in urls], [u.host for u in urls], [u.depth for u in urls],
         [u.origin for u in urls], [now] * len(urls), [u.lastmod for u in urls], [now] * len(urls))).rowcount
    dated = [(u.url, u.lastmod) for u in urls if u.lastmod is not None]
    if dated:
        # Sources disagree (a feed's older pubDate after the sitemap's newer lastmod): keep the newest.
        changed = ("lastmod = greatest(coalesce(f.lastmod, d.lastmod), d.lastmod)" +
                   (", due = CASE WHEN f.state = 'done' AND f.fetched_at IS NOT NULL AND f.fetched_at < d.lastmod "
                    "THEN least(f.due, %s) ELSE f.due END" if use_lastmod else ""))
        params: list[Any] = [now] if use_lastmod else []
        db.execute(
            f"UPDATE scrape_frontier f SET {changed} FROM (SELECT max(lastmod) AS lastmod, url FROM "
            "unnest(%s::text[], %s::float8[]) AS t(url, lastmod) GROUP BY url) d "
            "WHERE f.job_id = %s AND f.url = d.url",
            (*params, [u for u, _ in dated], [m for _, m in dated], job_id))
    return max(added, 0)


def write_page(db: psycopg.Connection[Any], job_id: int, run: str, page: PageCommit, *, use_lastmod: bool) -> int:
    """One page's outcome, its record and the URLs found on it, inside the caller's transaction
    (the caller has checked the lease); how many found URLs were new."""
    u, record = page.update, page.record
    db.execute(
        "UPDATE scrape_frontier SET state = %s, due = %s, attempts = %s, lease_owner = NULL, lease_until = NULL, "
        "status = coalesce(%s::int, status), etag = coalesce(%s::text, etag), "
        "last_modified = coalesce(%s::text, last_modified), fingerprint = coalesce(%s::text, fingerprint), "
        "simhash = coalesce(%s::text, simhash), "
        "duplicate_of = CASE WHEN %s::boolean THEN %s::text ELSE duplicate_of END, "
        "fetched_at = CASE WHEN %s::int IS NULL THEN fetched_at ELSE %s::float8 END, "
        "changed_at = CASE WHEN %s::boolean THEN %s::float8 ELSE changed_at END, error_kind = %s, error = %s, "
        "last_run = %s WHERE job_id = %s AND url = %s",
        (u.state, u.due, u.attempts, u.status, u.etag, u.last_modified, u.fingerprint, u.simhash,
         u.set_duplicate, u.duplicate_of, u.status, u.now, u.changed, u.now, u.error_kind, u.error, run,
         job_id, u.url))
    if record is not None:
        # A line kept in the database waits for its export; a line in a file is out already.
        db.execute("INSERT INTO scrape_records (job_id, run, url, fingerprint, file, start_offset, end_offset, "
                   "line, document, exported) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                   (job_id, run, record.url, record.fingerprint, record.file, record.start, record.end,
                    record.line, record.document, record.line is None))
    return queue_urls(db, job_id, page.found, u.now, use_lastmod=use_lastmod)
