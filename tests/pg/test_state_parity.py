"""The crawl state's semantics, the same on SQLite (the embedded default) and PostgreSQL: each
test runs on both backends and expects the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.crawl.pg.state import PostgresState
from scraper.crawl.state import CrawlState
from scraper.crawl.state_backend import StateBackend
from scraper.crawl.state_records import AdoptedRecord, NewURL, PageCommit, PageUpdate, RecordWrite
from scraper.errors import LeaseLostError


@pytest.fixture(params=["sqlite", "postgres"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateBackend]:
    if request.param == "sqlite":
        opened: StateBackend = CrawlState.open(tmp_path / "job.state.sqlite", "news")
    else:
        opened = PostgresState.open(request.getfixturevalue("database"), "news")
    yield opened
    opened.close()


def _new(path: str, depth: int = 0, lastmod: float | None = None) -> NewURL:
    return NewURL(f"https://news.example{path}", "news.example", depth, "seed", lastmod)


def test_queue_lease_commit_and_count(state: StateBackend) -> None:
    assert state.add_urls([_new("/b", 1), _new("/a", 0), _new("/c", 2)], 1.0, use_lastmod=False) == 3
    assert state.add_urls([_new("/a", 0)], 1.0, use_lastmod=False) == 0
    state.start_run("run-1", 2.0)
    state.set_committed("out.jsonl", 0)
    leased = state.lease("run-1", 2.0, 2, 60.0, use_lastmod=False)
    assert [item.url.rsplit("/", 1)[1] for item in leased] == ["a", "b"]  # shallowest first
    assert state.counts()["leased"] == 2 and state.due_count(2.0) == 1
    first, second = leased
    done = PageCommit(PageUpdate(first.url, "done", due=3600.0, now=3.0, status=200, fingerprint="sha256:a",
                                 simhash="0" * 31 + "f", changed=True, set_duplicate=True),
                      RecordWrite(first.url, "sha256:a", "out.jsonl", 0, 120), [_new("/d", 1)], first.epoch)
    failed = PageCommit(PageUpdate(second.url, "failed", due=60.0, now=3.0, attempts=1, status=500,
                                   error_kind="HTTPStatusError", error="500"), None, [], second.epoch)
    assert state.commit_pages([done, failed], "run-1", [("out.jsonl", 120)], use_lastmod=False, now=3.0) == 1
    assert state.committed("out.jsonl") == 120 and state.committed("other.jsonl") is None
    counts = state.counts()
    assert (counts["done"], counts["failed"], counts["pending"], counts["records"]) == (1, 1, 2, 1)
    assert state.written_simhashes() == [(first.url, 15)]
    state.finish_run("run-1", 4.0, "ok", "{}")
    # A later pass sees the record: the URL was written, with that fingerprint.
    state.start_run("run-2", 4000.0)
    again = {item.url: item for item in state.lease("run-2", 4000.0, 10, 60.0, use_lastmod=False)}
    assert again[first.url].written and again[first.url].written_fingerprint == "sha256:a"
    assert again[first.url].last_status == 200 and again[second.url].attempts == 1
    state.release(list(again), "run-2")
    assert state.counts()["leased"] == 0


def test_a_newer_lastmod_makes_a_fetched_url_due_and_an_older_one_does_not(state: StateBackend) -> None:
    state.add_urls([_new("/a"), _new("/b")], 1.0, use_lastmod=True)
    state.start_run("run-1", 1.0)
    for item in state.lease("run-1", 1.0, 10, 60.0, use_lastmod=True):
        state.commit_pages([PageCommit(PageUpdate(item.url, "done", due=10_000.0, now=100.0, status=200), None, [],
                                       item.epoch)],
                           "run-1", [], use_lastmod=True, now=50.0)
    state.add_urls([_new("/a", lastmod=200.0), _new("/b", lastmod=50.0)], 300.0, use_lastmod=True)
    assert state.due_count(300.0, use_lastmod=True) == 1  # /a changed after our fetch; /b did not
    assert state.add_urls([_new("/a", lastmod=150.0)], 301.0, use_lastmod=True) == 0  # an older date changes nothing
    assert state.skipped_by_lastmod(20_000.0, use_lastmod=True) == 1
    assert state.skipped_by_lastmod(20_000.0, use_lastmod=False) == 0


def test_changed_settings_reschedule_what_they_concern(state: StateBackend) -> None:
    state.add_urls([_new("/a"), _new("/b")], 1.0, use_lastmod=False)
    state.start_run("run-1", 1.0)
    a, b = state.lease("run-1", 1.0, 10, 60.0, use_lastmod=False)
    state.commit_pages([PageCommit(PageUpdate(a.url, "done", due=3601.0, now=1.0, status=200,
                                              fingerprint="sha256:a"), None, [], a.epoch),
                        PageCommit(PageUpdate(b.url, "done", due=3601.0, now=1.0, status=200, etag='"x"'), None, [],
                                   b.epoch)],
                       "run-1", [], use_lastmod=False, now=1.0)
    assert state.apply_min_interval(3600.0) == 0  # first time: recorded only
    assert state.apply_min_interval(60.0) == 2 and state.due_count(61.0) == 2
    assert state.apply_output_filter("v1", 100.0) == 0
    assert state.apply_output_filter("v2", 100.0) == 1  # the page followed for its links (no fingerprint)


def test_adopted_lines_become_written_pages(state: StateBackend) -> None:
    state.set_committed("out.jsonl", 0)
    record = AdoptedRecord("https://news.example/lost", "news.example", "sha256:l", "0" * 30 + "ff", 50.0, 0, 99)
    state.adopt("out.jsonl", [record], 99, min_interval=3600.0)
    counts = state.counts()
    assert (counts["done"], counts["records"]) == (1, 1) and state.committed("out.jsonl") == 99
    assert state.written_simhashes() == [(record.url, 255)] and state.due_count(3000.0) == 0


def test_postgres_commits_nothing_for_a_run_that_lost_a_lease(database: str) -> None:
    first, second = PostgresState.open(database, "news"), PostgresState.open(database, "news")
    try:
        first.add_urls([_new("/a"), _new("/b")], 1.0, use_lastmod=False)
        first.set_committed("w1.jsonl", 0)
        first.start_run("w1", 1.0)
        mine = first.lease("w1", 1.0, 10, 10.0, use_lastmod=False)
        second.start_run("w2", 20.0)  # w1's leases have expired: w2 may take them
        assert len(second.lease("w2", 20.0, 1, 10.0, use_lastmod=False)) == 1
        pages = [PageCommit(PageUpdate(item.url, "done", due=99.0, now=21.0, status=200), None, []) for item in mine]
        with pytest.raises(LeaseLostError) as lost:
            first.commit_pages(pages, "w1", [("w1.jsonl", 500)], use_lastmod=False)
        assert len(lost.value.urls) == 2 and first.committed("w1.jsonl") == 0 and first.counts()["done"] == 0
    finally:
        first.close()
        second.close()


def test_an_export_cut_short_is_cut_back_and_done_again(database: str, tmp_path: Path) -> None:
    """The coordinator appended a batch and died before confirming it: the next pass cuts those
    bytes (they are still unexported in the database) and exports them again, once."""
    from scraper.crawl.output import AppendLog
    from scraper.crawl.pg.export import export_new
    from scraper.crawl.recovery import OutputReconciler

    state = PostgresState.open(database, "news")
    try:
        state.add_urls([_new("/a"), _new("/b")], 1.0, use_lastmod=False)
        leased = state.lease("w", 2.0, 2, 60.0, use_lastmod=False)
        pages = [PageCommit(PageUpdate(item.url, "done", due=99.0, now=3.0, status=200), RecordWrite(
            item.url, None, "", 0, 0, line=f'{{"url": "{item.url}"}}\n'.encode()), [], item.epoch) for item in leased]
        state.commit_pages(pages, "w", [], use_lastmod=False, now=3.0)
        out = tmp_path / "out.jsonl"
        reconciler = OutputReconciler(state, tmp_path, min_interval=0.0, now=4.0, adopt_tail=False)
        log = AppendLog.open(out, reconciler)
        for line in (b'{"url": "https://news.example/a"}\n', b'{"url": "https://news.ex'):
            log.append(line, sync=True)  # a crash after the append, before the confirmation
        log.close()
        again = OutputReconciler(state, tmp_path, min_interval=0.0, now=5.0, adopt_tail=False)
        log = AppendLog.open(out, again)
        assert again.done.bytes_cut == len(b'{"url": "https://news.example/a"}\n{"url": "https://news.ex')
        assert again.done.records_adopted == 0
        assert export_new(state, log, None) == 2
        log.close()
        assert out.read_bytes().count(b"\n") == 2
        log = AppendLog.open(out, OutputReconciler(state, tmp_path, min_interval=0.0, now=6.0, adopt_tail=False))
        assert export_new(state, log, None) == 0  # all confirmed now: nothing twice
        log.close()
    finally:
        state.close()
