"""``output.format`` in crawl jobs: every written article also as a Markdown document of its
own, named from its URL, replaced (never doubled) when the page changes or the crawl is killed
and resumed; and the job file's checks of the new keys."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest

from scraper.crawl.documents import PARTIAL, DocumentFolder, document_name
from scraper.crawl.job import job_from_mapping
from scraper.errors import JobError
from tests.crawl.conftest import crawl_command, job_text, read_jsonl, run_cli, write_job
from tests.crawl.site import SiteServer, SiteShape
from tests.crawl.test_resume import _kill_at_random_moment

MARKDOWN = 'jsonl = "out/articles.jsonl"\nformat = "markdown"\nfront_matter = true'


def _documents(folder: Path) -> dict[Path, str]:
    return {path.relative_to(folder): path.read_text("utf-8") for path in sorted(folder.rglob("*.md"))}


def _front_matter(document: str) -> dict[str, object]:
    head = document.removeprefix("---\n").partition("\n---\n\n")[0]
    return {key: json.loads(value) for key, value in (line.split(": ", 1) for line in head.splitlines())}


def test_each_written_article_is_one_markdown_document(tmp_path: Path, state_backend: str) -> None:
    server = SiteServer(SiteShape(articles=40, news=5, per_index=10)).start()
    try:
        job = write_job(tmp_path, job_text(server, output=MARKDOWN, recrawl='min_interval = "0s"'))
        first = run_cli("crawl", "--quiet", str(job), cwd=tmp_path)
        assert first.returncode in (0, 1), first.stderr  # 1: the site fails a few URLs on purpose
        records = read_jsonl(tmp_path / "out" / "articles.jsonl")
        documents = _documents(tmp_path / "out" / "documents")
        assert records and len(documents) == len(records)
        for record in records:
            document = documents[document_name(record["url"], ".md")]
            meta = _front_matter(document)
            assert meta["title"] == record["title"] and meta["url"] == record["url"]
            assert "\n# " in document and record["body"][-1]["text"][:40] in document

        server.site.bump()  # some articles change: their documents are replaced, none added
        second = run_cli("crawl", "--quiet", str(job), cwd=tmp_path)
        assert second.returncode in (0, 1), second.stderr
        updated = [r for r in read_jsonl(tmp_path / "out" / "articles.jsonl") if r.get("change") == "updated"]
        assert updated
        after = _documents(tmp_path / "out" / "documents")
        assert set(after) == set(documents)
        for record in updated:
            name = document_name(record["url"], ".md")
            assert after[name] != documents[name] and "Update 2:" in after[name]
    finally:
        server.stop()


def test_killed_and_resumed_the_documents_match_the_records(tmp_path: Path) -> None:
    server = SiteServer(SiteShape(articles=100, news=20, per_index=15)).start()
    try:
        job = write_job(tmp_path, job_text(server, output=MARKDOWN, recrawl='min_interval = "6h"'))
        out = tmp_path / "out" / "articles.jsonl"
        command, env = crawl_command("crawl", "--quiet", str(job))
        rng = random.Random(20261201)
        kills = sum(_kill_at_random_moment(command, env, tmp_path, out, rng) for _ in range(4))
        assert kills >= 1
        final = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert final.returncode in (0, 1), final.stderr
        urls = [record["url"] for record in read_jsonl(out)]
        assert len(urls) == len(set(urls))
        names = set(_documents(tmp_path / "out" / "documents"))
        assert names == {document_name(url, ".md") for url in urls}
        folder = tmp_path / "out" / "documents"
        assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    finally:
        server.stop()


def test_document_names_are_stable_readable_and_distinct() -> None:
    a = document_name("https://News.Example:8443/2026/11/city-budget.html?page=2", ".md")
    assert a.parent == Path("news-example-8443") and a.name.startswith("2026-11-city-budget-html-")
    assert a == document_name("https://News.Example:8443/2026/11/city-budget.html?page=2", ".md")
    assert a != document_name("https://News.Example:8443/2026/11/city-budget.html?page=3", ".md")
    assert document_name("https://example.org/", ".txt").name.startswith("index-")
    assert ".." not in str(document_name("https://example.org/../../etc/passwd", ".md"))


@pytest.mark.parametrize(("output", "message"), [
    ('format = "csv"', "unknown format 'csv'.*read_json"),
    ('format = "pdf"', "unknown format 'pdf'"),
    ('front_matter = true', "need a document format"),
    ('format = "txt"\nfront_matter = true', "front_matter is for the markdown format"),
])
def test_bad_document_settings_are_refused_by_name(tmp_path: Path, output: str, message: str) -> None:
    data = {"name": "j", "start_urls": ["https://example.org/"],
            "output": {"jsonl": "out.jsonl", **dict(_toml_pair(line) for line in output.splitlines())}}
    with pytest.raises(JobError, match=message):
        job_from_mapping(data, tmp_path / "job.toml")


def test_documents_default_beside_the_output(tmp_path: Path) -> None:
    data = {"name": "j", "start_urls": ["https://example.org/"], "output": {"folder": "runs", "format": "html"}}
    job = job_from_mapping(data, tmp_path / "job.toml")
    assert job.output.documents == tmp_path / "runs" / "documents"


def _toml_pair(line: str) -> tuple[str, object]:
    key, _, value = line.partition(" = ")
    return key, json.loads(value)


def test_a_killed_passs_partial_document_is_cleared_and_never_seen(tmp_path: Path) -> None:
    folder = DocumentFolder(tmp_path / "documents", "markdown")
    written = folder.write("https://news.example/a", "# A\n")
    assert written.read_text("utf-8") == "# A\n" and not list((tmp_path / "documents" / PARTIAL).iterdir())
    left = tmp_path / "documents" / PARTIAL / "4242-7.tmp"  # as a pass killed between write and rename leaves it
    left.write_text("# half", "utf-8")
    assert folder.clear_partial() == 1 and not left.exists()
    assert [p.name for p in (tmp_path / "documents").rglob("*.md")] == [written.name]
