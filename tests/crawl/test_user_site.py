"""A crawl job as a user runs it on a small news blog that changes between passes.

The blog lists its stories in a sitemap (``lastmod`` is the last edit) and in an RSS feed
(``pubDate`` is the first publication, older than any edit); its home, section and tag pages
are lists of teasers; its pages link images, a PDF, the sitemap and the feed.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from scraper.crawl.documents import document_name
from tests.crawl.blog_site import BlogServer, Story
from tests.crawl.conftest import read_jsonl, read_report, run_cli, write_job


@pytest.fixture
def blog() -> Iterator[BlogServer]:
    with BlogServer() as server:
        yield server


def _job(server: BlogServer, *, recrawl: str = 'min_interval = "0s"', output: str = "") -> str:
    site = server.site
    return f"""
name = "blog"
start_urls = ["{site.base}/"]
feeds = ["{site.base}/feed.xml"]

[follow]
enabled = true

[politeness]
per_host_delay = 0
max_attempts = 1
allow_private = true

[politeness.resolve]
"blog.test" = "127.0.0.1"

[recrawl]
{recrawl}

[output]
jsonl = "out/blog.jsonl"
{output}
"""


def _status(job: Path, folder: Path) -> dict[str, int]:
    result = run_cli("crawl", "--status", "--json", str(job), cwd=folder)
    assert result.returncode == 0, result.stderr
    counts: dict[str, int] = json.loads(result.stdout)["counts"]
    return counts


def _not_pages(requests: dict[str, int]) -> list[str]:
    """Requests for images, documents or XML other than discovery's one sitemap and feed."""
    asked = [path for path in requests if path.startswith(("/img/", "/files/"))]
    asked += [path for path in ("/sitemap.xml", "/feed.xml") if requests.get(path, 0) > 1]
    return asked


def test_edits_are_refetched_once_deleted_pages_are_gone_and_only_articles_are_written(
        blog: BlogServer, tmp_path: Path, article_validator: jsonschema.Draft202012Validator, state_backend: str) -> None:
    site = blog.site
    job = write_job(tmp_path, _job(blog, output='tombstones = true\nformat = "html"'))
    out = tmp_path / "out" / "blog.jsonl"
    stories = {site.url(slug) for slug in site.content}

    first = run_cli("crawl", str(job), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    records = read_jsonl(out)
    assert {r["url"] for r in records} == stories  # the home, section and tag pages are not written
    assert all(r["change"] == "new" and r["page_type"] == "article" for r in records)
    report = read_report(tmp_path / "out" / "blog.report.json")
    # The home, section and tag pages and their second pages: fetched for their links only.
    assert report["pages"]["followed"] == 6 and report["pages"]["failed"] == 0
    assert {site.base + "/", site.base + "/news/", site.base + "/tag/harbour/"} <= set(report["samples"]["followed"])
    assert _not_pages(site.requests) == []
    before = {r["url"]: r["fingerprint"] for r in records}
    documents = tmp_path / "out" / "documents"
    pages = {url: (documents / document_name(url, ".html")).read_text("utf-8") for url in stories}
    assert len(list(documents.rglob("*.html"))) == len(stories)
    assert all(f"<h1>{html.escape(r['title'])}</h1>" in pages[r["url"]] for r in records)

    # The user edits three stories (each in the sitemap with a new lastmod and in the feed with
    # its older pubDate) and deletes the notice page.
    edited = ["story-1", "story-4", "story-9"]
    # A sitemap's lastmod counts whole seconds: the edits must fall in a later second than the
    # first pass's fetches, or they are (rightly) not newer than what the crawl holds.
    time.sleep(1.0)
    for slug in edited:
        site.edit(slug)
    site.delete("notice")
    site.requests.clear()
    second = run_cli("crawl", str(job), cwd=tmp_path)
    assert second.returncode == 0, second.stderr  # a page that is gone is not a failure
    new = read_jsonl(out)[len(records):]
    updates = [r for r in new if "change" in r]
    assert sorted(r["url"] for r in updates) == sorted(site.url(s) for s in edited)
    assert all(r["change"] == "updated" and r["previous_fingerprint"] == before[r["url"]] for r in updates)
    for record in records + updates:
        article_validator.validate(record)  # the crawl's fields are in the article schema
    tombstones = [r for r in new if "change" not in r]
    assert [(r["url"], r["status"], sorted(r)) for r in tombstones] == [
        (site.url("notice"), "gone", ["seen_at", "status", "url"])]
    # The documents follow: the edited stories' replaced, the deleted page's removed, no copies.
    assert not (documents / document_name(site.url("notice"), ".html")).exists()
    assert len(list(documents.rglob("*.html"))) == len(stories) - 1
    for slug in edited:
        assert (documents / document_name(site.url(slug), ".html")).read_text("utf-8") != pages[site.url(slug)]
    report2 = read_report(tmp_path / "out" / "blog.report.json")
    assert report2["pages"]["written"] == 3 and report2["pages"]["gone"] == 1
    assert report2["samples"]["gone"] == [site.url("notice")]
    assert report2["skipped_by_lastmod"] == len(site.content) - 1 - len(edited)
    assert _not_pages(site.requests) == []
    for slug in site.content:
        if slug not in edited and slug != "notice":
            assert site.requests[site.story_path(slug)] == 0, f"{slug} was fetched though unchanged"

    # Nothing changed since: --status says what the next pass will do, and it does just that.
    status = _status(job, tmp_path)
    assert status["gone"] == 1
    assert status["skipped_by_lastmod"] == len(site.content) - 1
    site.requests.clear()
    third = run_cli("crawl", str(job), cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    report3 = read_report(tmp_path / "out" / "blog.report.json")
    assert report3["pages"]["written"] == 0
    assert sum(report3["pages"].values()) == status["due_now"] == 6  # the lists, fetched for their links
    assert report3["skipped_by_lastmod"] == status["skipped_by_lastmod"]
    assert site.requests["/notice.html"] == 0  # gone is never fetched again
    # One report per pass, and the last one again under a name that does not change.
    passes = sorted((tmp_path / "out").glob("blog-*.report.json"))
    assert len(passes) == 3 and [read_report(p)["pages"]["gone"] for p in passes] == [0, 1, 0]
    assert read_report(passes[-1]) == report3
    # The state is where the job (or SCRAPE_STATE_URL) says, and only there.
    shown = json.loads(run_cli("crawl", "--status", "--json", str(job), cwd=tmp_path).stdout)["state"]
    assert (tmp_path / "job.state.sqlite").exists() == (state_backend == "sqlite")
    assert shown.startswith("postgresql://postgres@127.0.0.1:") if state_backend == "postgres" else shown.endswith(
        "job.state.sqlite")


def test_dry_run_fetches_no_page_and_leaves_no_state(blog: BlogServer, tmp_path: Path, state_backend: str) -> None:
    site = blog.site
    job = write_job(tmp_path, _job(blog))
    result = run_cli("crawl", "--dry-run", str(job), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split()
    assert listed[0] == site.base + "/"
    assert set(listed[1:]) == {site.url(slug) for slug in site.content if slug != "notice"}
    assert set(site.requests) == {"/robots.txt", "/sitemap.xml", "/feed.xml"}
    assert "no page fetched" in result.stderr
    assert not (tmp_path / "job.state.sqlite").exists() and not (tmp_path / "out").exists()
    assert _status(job, tmp_path)["pending"] == 0  # a PostgreSQL state's transaction was rolled back


def test_max_pages_caps_a_pass_and_the_rest_waits(blog: BlogServer, tmp_path: Path, state_backend: str) -> None:
    job = write_job(tmp_path, _job(blog))
    first = run_cli("crawl", "--max-pages", "4", str(job), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    report = read_report(tmp_path / "out" / "blog.report.json")
    assert sum(report["pages"].values()) == 4
    assert _status(job, tmp_path)["pending"] > 0


def test_a_changed_min_interval_applies_to_pages_fetched_before(blog: BlogServer, tmp_path: Path,
                                                                  state_backend: str) -> None:
    job = write_job(tmp_path, _job(blog, recrawl='min_interval = "6h"'))
    assert run_cli("crawl", str(job), cwd=tmp_path).returncode == 0
    again = run_cli("crawl", str(job), cwd=tmp_path)
    assert sum(read_report(tmp_path / "out" / "blog.report.json")["pages"].values()) == 0  # nothing due for 6 h
    write_job(tmp_path, _job(blog, recrawl='min_interval = "0s"'))
    shorter = run_cli("crawl", str(job), cwd=tmp_path)
    assert shorter.returncode == 0, shorter.stderr
    report = read_report(tmp_path / "out" / "blog.report.json")
    assert report["rescheduled"] == 6 + len(blog.site.content)  # every page fetched before
    # The six lists and the notice page (in no sitemap) are due at once, unchanged: 304 to their
    # ETag; the stories wait for a newer lastmod.
    assert report["pages"]["not_modified"] == 7
    assert "min_interval changed" in shorter.stderr and again.returncode == 0


def test_a_chinese_article_counts_its_characters_and_thin_pages_are_listed(blog: BlogServer, tmp_path: Path) -> None:
    site = blog.site
    site.content["zh"] = Story("zh", "港口大桥今冬施工", [
        f"市政府第{n}次宣布港口大桥将于今年冬天进行维修施工，预计持续三个月，期间渡轮班次将增加，居民出行请提前安排。" * 2
        for n in "一二三四五"])
    site.content["brief"] = Story("brief", "Ferry times change", ["The ferry leaves at nine from Monday."])
    job = write_job(tmp_path, _job(blog, output="min_words = 150"))
    result = run_cli("crawl", str(job), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = {r["url"]: r for r in read_jsonl(tmp_path / "out" / "blog.jsonl")}
    assert written[site.url("zh")]["word_count"] >= 450  # some 500 characters: thin by \w+ runs (about 30)
    report = read_report(tmp_path / "out" / "blog.report.json")
    assert report["pages"]["thin"] == 1 and report["samples"]["thin"] == [site.url("brief")]


def _assert_judged_afresh(lists: set[str], folder: Path) -> None:
    """Each list was extracted and judged afresh: written, or (when its second page, a near copy,
    finished first) recorded as that page's duplicate; never "unchanged" or answered 304."""
    written = {r["url"] for r in read_jsonl(folder / "out" / "blog.jsonl")}
    copies = {d["url"] for d in read_report(folder / "out" / "blog.report.json")["duplicates"]}
    assert lists <= written | copies and lists & written


def test_pages_followed_for_their_type_are_written_once_the_job_wants_their_type(
        blog: BlogServer, tmp_path: Path) -> None:
    job = write_job(tmp_path, _job(blog))
    assert run_cli("crawl", str(job), cwd=tmp_path).returncode == 0
    lists = {blog.site.base + "/", blog.site.base + "/news/", blog.site.base + "/tag/harbour/"}
    assert not lists & {r["url"] for r in read_jsonl(tmp_path / "out" / "blog.jsonl")}
    write_job(tmp_path, _job(blog, output='page_types = ["article", "listing", "collection"]'))
    again = run_cli("crawl", str(job), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    _assert_judged_afresh(lists, tmp_path)


def test_pages_followed_for_their_links_are_extracted_once_the_job_wants_them(
        blog: BlogServer, tmp_path: Path) -> None:
    # First the job writes stories only (by URL); the lists are fetched for their links.
    job = write_job(tmp_path, _job(blog, output='url_patterns = ["/20[0-9][0-9]/"]'))
    assert run_cli("crawl", str(job), cwd=tmp_path).returncode == 0
    lists = {blog.site.base + "/", blog.site.base + "/news/", blog.site.base + "/tag/harbour/"}
    assert not lists & {r["url"] for r in read_jsonl(tmp_path / "out" / "blog.jsonl")}
    # Then it writes every page: the lists are extracted afresh, not answered 304 for ever
    # because the first pass kept their validators.
    write_job(tmp_path, _job(blog, output="page_types = []"))
    again = run_cli("crawl", str(job), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    _assert_judged_afresh(lists, tmp_path)
    report = read_report(tmp_path / "out" / "blog.report.json")
    urls = [r["url"] for r in read_jsonl(tmp_path / "out" / "blog.jsonl")]
    assert len(urls) == len(set(urls))  # the stories, unchanged, are not written again
    # The six lists and the notice page, followed for their links in the first pass.
    assert report["refiltered"] == 7 and "output.url_patterns or output.page_types changed" in again.stderr
