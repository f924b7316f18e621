"""Guards of a run: the lock, a full disk, a read-only folder, hostile sitemaps; folder and WARC output."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.crawl.lock import JobLock
from tests.crawl.conftest import job_text, read_jsonl, read_report, run_cli, write_job
from tests.crawl.site import SiteServer, SiteShape


@pytest.fixture
def small_site() -> Iterator[SiteServer]:
    server = SiteServer(SiteShape(articles=30, news=4, per_index=10)).start()
    yield server
    server.stop()


def test_a_second_run_while_one_holds_the_lock_exits_3(small_site: SiteServer, tmp_path: Path) -> None:
    job = write_job(tmp_path, job_text(small_site))
    with JobLock(tmp_path / "job.state.sqlite", "testsite"):
        result = run_cli("crawl", str(job), cwd=tmp_path)
    assert result.returncode == 3
    assert "already running" in result.stderr
    assert not (tmp_path / "out" / "articles.jsonl").exists()
    assert small_site.site.requests == {}, "the locked-out run fetched something"


def test_a_full_disk_fails_loudly_and_loses_nothing(small_site: SiteServer, tmp_path: Path) -> None:
    job = write_job(tmp_path, job_text(small_site, output='jsonl = "/dev/full"'))
    result = run_cli("crawl", str(job), cwd=tmp_path)
    assert result.returncode == 4, result.stderr
    assert "No space left on device" in result.stderr
    with sqlite3.connect(tmp_path / "job.state.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM frontier WHERE simhash IS NOT NULL").fetchone()[0] == 0
    # Pointed at a disk with room, the next run writes every story: the failed run advanced nothing.
    write_job(tmp_path, job_text(small_site))
    again = run_cli("crawl", str(job), cwd=tmp_path)
    # The site's failing pages fail in whichever pass reaches them first (nothing is written for them).
    failed = read_report(tmp_path / "out" / "articles.report.json")["pages"]["failed"]
    assert again.returncode == (1 if failed else 0), again.stderr
    records = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert len(records) == small_site.site.story_count()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_fails_before_fetching(small_site: SiteServer, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out").chmod(0o555)
    job = write_job(tmp_path, job_text(small_site))
    result = run_cli("crawl", str(job), cwd=tmp_path)
    assert result.returncode == 4
    assert "cannot open for writing" in result.stderr
    assert small_site.site.requests == {}


def test_hostile_sitemaps_are_refused_and_the_loop_read_once(small_site: SiteServer, tmp_path: Path,
                                                             state_backend: str) -> None:
    base = small_site.site.base("site-h.test")
    sitemaps = ", ".join(f'"{base}/hostile/{name}"' for name in ("laughs.xml", "xxe.xml", "loop-a.xml", "bomb.xml.gz"))
    text = job_text(small_site, start="[]", feeds=False, follow="enabled = false",
                    extra=f"sitemaps = [{sitemaps}]\n\n[discovery]\nmax_document_bytes = 1048576")
    job = write_job(tmp_path, text)
    result = run_cli("crawl", str(job), cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # refused documents count as failures
    report = read_report(tmp_path / "out" / "articles.report.json")
    assert report["errors_by_kind"] == {"UnsafeXMLError": 2, "DiscoveryLimitError": 1}
    assert report["discovery"]["sitemaps"] == 3  # loop-a, loop-b, plain: each once
    requests = small_site.site.requests
    assert requests["site-h.test/hostile/loop-a.xml"] == 1 and requests["site-h.test/hostile/loop-b.xml"] == 1
    assert requests["site-h.test/canary"] == 0, "the XML parser made a network request"
    assert [r["url"] for r in read_jsonl(tmp_path / "out" / "articles.jsonl")] == [f"{base}/ok.html"]


def test_folder_output_and_warc(small_site: SiteServer, tmp_path: Path) -> None:
    text = job_text(small_site, output='folder = "out"\nwarc = "archive/crawl.warc.gz"')
    job = write_job(tmp_path, text)
    first = run_cli("crawl", str(job), cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    files = sorted((tmp_path / "out").glob("testsite-*.jsonl"))
    assert len(files) == 1
    assert len(read_jsonl(files[0])) == small_site.site.story_count()
    report = read_report(next((tmp_path / "out").glob("testsite-*.report.json")))
    fetched_ok = sum(report["pages"][k] for k in ("written", "unchanged", "duplicate", "thin", "followed"))
    with open(tmp_path / "archive" / "crawl.warc.gz", "rb") as handle:
        records = [r for r in ArchiveIterator(handle) if r.rec_type == "response"]
    assert len(records) == fetched_ok
    assert all(r.http_headers.get_statuscode() == "200" for r in records)
    # Nothing changed: the second run leaves no empty file behind and adds no WARC record.
    second = run_cli("crawl", str(job), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert sorted((tmp_path / "out").glob("testsite-*.jsonl")) == files
    with open(tmp_path / "archive" / "crawl.warc.gz", "rb") as handle:
        assert sum(1 for r in ArchiveIterator(handle) if r.rec_type == "response") == fetched_ok


def test_page_budget_stops_a_pass_and_the_next_pass_goes_on(small_site: SiteServer, tmp_path: Path,
                                                            state_backend: str) -> None:
    text = job_text(small_site, recrawl='min_interval = "6h"').replace("[output]", "[limits]\npages_per_run = 25\n\n[output]")
    job = write_job(tmp_path, text)
    first = run_cli("crawl", str(job), cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr
    report = read_report(tmp_path / "out" / "articles.report.json")
    fetched = sum(n for k, n in report["pages"].items() if k != "excluded")
    assert fetched == 25
    assert report["state"]["pending"] > 0
    for _ in range(10):
        if read_report(tmp_path / "out" / "articles.report.json")["state"]["pending"] == 0:
            break
        assert run_cli("crawl", str(job), cwd=tmp_path).returncode in (0, 1)
    records = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert len(records) == small_site.site.story_count()
    assert len({r["url"] for r in records}) == len(records)


def test_a_page_over_the_extraction_time_limit_fails_alone(small_site: SiteServer, tmp_path: Path,
                                                           state_backend: str) -> None:
    text = job_text(small_site, follow="enabled = false", start="[]").replace(
        "[output]", "[output]\npage_timeout = 0.000001")
    job = write_job(tmp_path, text)
    result = run_cli("crawl", str(job), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = read_report(tmp_path / "out" / "articles.report.json")
    assert report["errors_by_kind"] == {"PageTimeoutError": small_site.site.shape.news}
    assert report["pages"]["written"] == 0 and report["outcome"] == "failures"


def test_a_full_disk_under_a_postgres_state_loses_nothing(small_site: SiteServer, tmp_path: Path, database: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The fleet's articles are safe in the database when the export cannot write: the next
    pass, given room, exports every one of them once."""
    monkeypatch.setenv("SCRAPE_STATE_URL", database)
    job = write_job(tmp_path, job_text(small_site, output='jsonl = "/dev/full"'))
    result = run_cli("crawl", str(job), cwd=tmp_path)
    assert result.returncode == 4 and "No space left on device" in result.stderr, result.stderr
    write_job(tmp_path, job_text(small_site))
    again = run_cli("crawl", str(job), cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    records = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert len(records) == small_site.site.story_count() == len({r["url"] for r in records})
