"""``scrape extract`` on web archives, and the Python function for other engines."""

from __future__ import annotations

import json
from pathlib import Path

from cleaners import Article
from scraper.archive import extract_records, extract_warc
from tests.archive.test_reader import PAGES, mixed_records
from tests.archive.warcs import site_records, write_warc
from tests.conftest import run_scrape


def test_extract_reads_an_archive_like_pages(tmp_path: Path) -> None:
    archive = write_warc(tmp_path / "mixed.warc.gz", mixed_records())
    plain = tmp_path / "page.html"
    plain.write_bytes(PAGES[0])
    done = run_scrape("extract", str(archive), str(plain))
    assert done.returncode == 0, done.stderr
    articles = [json.loads(line) for line in done.stdout.decode().splitlines()]
    sources = [article["source"] for article in articles]
    assert sources[-1] == str(plain)
    assert all(source.startswith(f"{archive}#") for source in sources[:-1])
    assert [article["url"] for article in articles[:-1]] == [
        "https://a.test/0", "https://a.test/br", "https://a.test/chunked", "https://a.test/latin",
        "https://a.test/notes.txt"]
    assert articles[0]["fetched_at"] == "2026-03-04T05:06:07Z"
    # The archive's page and the same page saved as a file give the same article.
    assert articles[0]["text"] == articles[-1]["text"]
    assert "café crème" in articles[3]["text"]
    summary = done.stderr.decode()
    assert f"{archive}: 12 records: 5 articles, 1 revisits, 2 other records, 1 not 200, 1 not HTML, 1 truncated, " \
        "1 too large" in summary


def test_extract_reports_damage_and_keeps_the_rest(tmp_path: Path) -> None:
    good = write_warc(tmp_path / "good.warc.gz", list(site_records(PAGES[:2], "good.test")))
    cut = write_warc(tmp_path / "cut.warc.gz", list(site_records(PAGES[:3], "cut.test")))
    cut.write_bytes(cut.read_bytes()[:-400])
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"<html>not an archive</html>")
    done = run_scrape("extract", str(tmp_path))
    assert done.returncode == 1
    urls = [json.loads(line)["url"] for line in done.stdout.decode().splitlines()]
    assert urls == ["https://cut.test/story/0", "https://cut.test/story/1",
                    "https://good.test/story/0", "https://good.test/story/1"]
    errors = done.stderr.decode()
    assert f"scrape: {garbage}: not a WARC or ARC file" in errors
    assert f"{cut}: 6 records: 2 articles, 3 other records, 1 malformed (first damage at {cut}#" in errors
    assert f"{good}: 4 records: 2 articles, 2 other records" in errors
    assert "Traceback" not in errors


def test_extract_warc_gives_the_articles_of_one_file(tmp_path: Path) -> None:
    archive = write_warc(tmp_path / "site.warc", list(site_records(PAGES[:4], "api.test")), compress="none")
    articles = list(extract_warc(archive))
    assert all(isinstance(article, Article) for article in articles)
    assert [article.url for article in articles] == [f"https://api.test/story/{index}" for index in range(4)]
    cli = run_scrape("extract", str(archive))
    assert [json.loads(line) for line in cli.stdout.decode().splitlines()] == [
        json.loads(article.to_json()) for article in articles]
    skipped = [outcome for outcome in extract_records(archive) if not isinstance(outcome, Article)]
    assert {outcome.kind for outcome in skipped} == {"other"}
