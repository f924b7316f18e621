"""A pass's frontier on a real state file: fetches bounded by the job's concurrency and per-host
limit, fetched pages waiting for extraction bounded by count and bytes, and the pass's end."""

from __future__ import annotations

from pathlib import Path

from scraper.crawl.frontier import RunFrontier
from scraper.crawl.job import job_from_mapping
from scraper.crawl.state import CrawlState, NewURL


def _frontier(tmp_path: Path, *, backlog_pages: int = 3, backlog_bytes: int = 1000) -> tuple[RunFrontier, CrawlState]:
    job = job_from_mapping({"name": "t", "start_urls": ["http://a.test/"],
                            "politeness": {"concurrency": 2, "per_host_concurrency": 2},
                            "output": {"jsonl": "out.jsonl"}}, tmp_path / "job.toml")
    state = CrawlState.open(tmp_path / "s.sqlite", "t")
    urls = [NewURL(f"http://{host}.test/{i}", f"{host}.test", 0, "seed") for i in range(4) for host in "ab"]
    state.add_urls(urls, 1.0, use_lastmod=False)
    return RunFrontier(job, state, "run", backlog_pages=backlog_pages, backlog_bytes=backlog_bytes), state


def test_fetches_are_bounded_by_concurrency_and_pages_waiting_for_extraction_by_count(tmp_path: Path) -> None:
    frontier, _ = _frontier(tmp_path)
    first, second = frontier.take(), frontier.take()
    assert first is not None and second is not None
    assert frontier.take() is None  # two fetches in flight: the job's concurrency
    # A fetched page handed to extraction frees its fetch slot: fetching goes on meanwhile.
    frontier.fetch_done(first, backlog_bytes=100)
    frontier.fetch_done(second, backlog_bytes=100)
    third = frontier.take()
    assert third is not None
    frontier.fetch_done(third, backlog_bytes=100)
    assert frontier.in_progress == 3 and frontier.fetching == 0
    assert frontier.take() is None  # three pages wait for a worker: the backlog is full
    frontier.extraction_done(100)
    assert frontier.take() is not None


def test_pages_waiting_for_extraction_are_bounded_by_bytes_and_the_pass_ends_when_all_finish(tmp_path: Path) -> None:
    frontier, state = _frontier(tmp_path, backlog_pages=100, backlog_bytes=1000)
    item = frontier.take()
    assert item is not None
    frontier.fetch_done(item, backlog_bytes=1000)  # one large page fills the byte budget
    assert frontier.take() is None and not frontier.over()
    frontier.extraction_done(1000)
    taken = []
    while (next_item := frontier.take()) is not None:
        taken.append(next_item)
        frontier.fetch_done(next_item, backlog_bytes=0)  # finished without extraction (a 304, say)
    assert len(taken) == 7 and frontier.over()  # the eight URLs, each once
    assert {url.url for url in taken} | {item.url} == {f"http://{h}.test/{i}" for i in range(4) for h in "ab"}
    # A link found by a finished page is leased only after its commit, when the runner looks again.
    state.add_urls([NewURL("http://a.test/found", "a.test", 1, "link")], 2.0, use_lastmod=False)
    assert frontier.take() is None and frontier.over()
    frontier.look_again()
    found = frontier.take()
    assert found is not None and found.url == "http://a.test/found" and not frontier.over()
