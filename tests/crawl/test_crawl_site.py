"""The crawl CLI against the generated 500-article site: full pass, incremental pass, scope, robots."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.crawl.conftest import job_text, read_jsonl, read_report, run_cli, write_job
from tests.crawl.site import SiteServer


def _urls(records: list[dict[str, object]]) -> list[str]:
    return [str(record["url"]) for record in records]


def test_full_then_incremental_crawl(site: SiteServer, tmp_path: Path, state_backend: str) -> None:
    job = write_job(tmp_path, job_text(site, extra='[schedule]\nevery = "6h"'))
    out = tmp_path / "out" / "articles.jsonl"
    s = site.site

    first = run_cli("crawl", str(job), cwd=tmp_path)
    assert first.returncode == 1, first.stderr  # the failing pages make it a run with failures
    records = read_jsonl(out)
    urls = _urls(records)
    assert len(urls) == len(set(urls)), "a page was written twice"
    assert len(records) == s.story_count()
    report = read_report(tmp_path / "out" / "articles.report.json")
    assert report["pages"]["written"] == s.story_count()
    assert report["pages"]["failed"] == len(s.failing_urls())
    assert report["errors_by_kind"] == {"HTTPStatusError": len(s.failing_urls())}
    assert report["discovery"]["sitemaps"] == 4 and report["discovery"]["feeds"] == 2
    # Every good article and every feed item is there; failures and robots-excluded pages are not.
    expected = {s.article_url(i) for i in s.good_articles()} | {s.news_url(j) for j in range(s.shape.news)}
    written = set(urls)
    for article, mirror in s.mirror_pairs():
        assert (article in written) != (mirror in written), "a story and its mirror were both written"
        written.discard(mirror)
        written.add(article)
    assert written == expected
    assert not any("/private/" in u or "site-c.test" in u or "utm_" in u or "#" in u for u in urls)
    assert {d["url"] for d in report["duplicates"]} | {d["duplicate_of"] for d in report["duplicates"]} == \
        {u for pair in s.mirror_pairs() for u in pair}
    assert not any(k.startswith("site-a.test/private/") for k in s.requests), "robots.txt was not obeyed"
    excluded = report["samples"]["excluded"]
    assert len(excluded) == min(report["pages"]["excluded"], 100) and all("/private/" in u for u in excluded)
    assert not any(k.startswith("site-c.test") for k in s.requests), "an out-of-scope host was fetched"
    assert all(r["text"] and r["fingerprint"] for r in records)

    # Second run after some pages changed: only those are written again.
    s.bump()
    s.requests.clear()
    second = run_cli("crawl", str(job), cwd=tmp_path)
    assert second.returncode == 0, second.stderr  # failed pages wait for recrawl.retry_interval
    all_records = read_jsonl(out)
    new = all_records[len(records):]
    assert sorted(_urls(new)) == sorted(s.changed_urls())
    report2 = read_report(tmp_path / "out" / "articles.report.json")
    assert report2["pages"]["written"] == len(s.changed_urls())
    assert report2["pages"]["failed"] == 0 and report2["outcome"] == "ok"
    # Sitemap pages whose lastmod is older than our fetch are not asked for at all; the other
    # pages are asked for conditionally and answered 304.
    assert report2["skipped_by_lastmod"] > 300
    assert report2["pages"]["not_modified"] > 100
    unchanged_sitemap_page = s.article_url(1)
    assert "site-a.test/articles/1.html" not in s.requests and unchanged_sitemap_page not in _urls(new)
    for url in s.changed_urls():
        old = next(r for r in records if r["url"] == url)
        assert next(r for r in new if r["url"] == url)["fingerprint"] != old["fingerprint"]

    status = run_cli("crawl", "--status", "--json", str(job), cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert f'"records": {len(all_records)}' in status.stdout
    if state_backend == "postgres":
        return
    with sqlite3.connect(tmp_path / "job.state.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == len(all_records)
