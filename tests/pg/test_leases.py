"""Leases and turns on a real PostgreSQL frontier: workers never share a URL, a worker frozen past
its lease cannot commit over the one that took the URL, a group with a lost lease commits only
the pages still held, and each host's turns hold for the whole fleet."""

from __future__ import annotations

import asyncio
import io
import itertools
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from scraper.crawl.leases import LeaseKeeper
from scraper.crawl.pg.export import export_all
from scraper.crawl.pg.state import PostgresState
from scraper.crawl.pg.turns import FleetTurns
from scraper.crawl.state_records import FrontierURL, NewURL, PageCommit, PageUpdate, RecordWrite
from scraper.errors import LeaseLostError


def _open(database: str, worker: str) -> PostgresState:
    return PostgresState.open(database, "fleet", worker=worker)


@pytest.fixture
def fleet(database: str) -> Iterator[tuple[PostgresState, PostgresState]]:
    a, b = _open(database, "a"), _open(database, "b")
    yield a, b
    a.close()
    b.close()


def _queue(state: PostgresState, urls: list[str]) -> None:
    assert state.add_urls([NewURL(u, u.split("/")[2], 0, "seed") for u in urls], 0.0, use_lastmod=False) == len(urls)


def _done(item: FrontierURL, now: float, fingerprint: str = "sha256:x", line: bytes | None = None) -> PageCommit:
    url = item.url
    record = RecordWrite(url, fingerprint, "", 0, 0, line=line) if line is not None else None
    return PageCommit(PageUpdate(url, "done", due=now + 3600, now=now, status=200, fingerprint=fingerprint), record, [],
                      item.epoch)


def test_workers_leasing_at_once_never_share_a_url(database: str) -> None:
    urls = [f"https://host{h}.example/page/{i}" for h in range(30) for i in range(10)]
    first = _open(database, "seed")
    _queue(first, urls)
    first.close()
    leased: Counter[str] = Counter()
    refused: list[str] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        state = _open(database, name)
        try:
            while items := state.lease(name, 10.0, 7, 60.0, use_lastmod=False):
                with lock:
                    leased.update(item.url for item in items)
                try:
                    state.commit_pages([_done(i, 11.0) for i in items], name, [], use_lastmod=False, now=11.0)
                except LeaseLostError as e:
                    refused.extend(e.urls)
        finally:
            state.close()

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(leased) == set(urls) and set(leased.values()) == {1} and not refused
    check = _open(database, "check")
    assert check.counts()["done"] == len(urls) and check.counts()["leased"] == 0
    check.close()


def test_a_worker_frozen_past_its_lease_cannot_commit(fleet: tuple[PostgresState, PostgresState]) -> None:
    a, b = fleet
    _queue(a, ["https://slow.example/story"])
    (mine,) = a.lease("run-a", 0.0, 1, 10.0, use_lastmod=False)
    assert a.lease_left(mine, "run-a", 5.0, 5.0) == 5.0  # renewed: until 10
    assert b.lease("run-b", 9.0, 1, 10.0, use_lastmod=False) == []  # still a's
    assert b.leased_elsewhere("run-b", 9.0) == 1
    (theirs,) = b.lease("run-b", 11.0, 1, 10.0, use_lastmod=False)  # a's lease expired: b takes the URL
    assert theirs.url == mine.url and a.lease_left(mine, "run-a", 11.0, 10.0) == 0.0
    with pytest.raises(LeaseLostError):  # woken: refused, and nothing of it kept
        a.commit_pages([_done(mine, 12.0, "sha256:stale", b"stale\n")], "run-a", [], use_lastmod=False, now=12.0)
    b.commit_pages([_done(theirs, 13.0, "sha256:fresh", b"fresh\n")], "run-b", [], use_lastmod=False, now=13.0)
    with pytest.raises(LeaseLostError):  # once only
        b.commit_pages([_done(theirs, 14.0, "sha256:again", b"again\n")], "run-b", [], use_lastmod=False, now=14.0)
    assert a.counts()["done"] == 1 and a.counts()["records"] == 1


def test_an_expired_lease_is_not_renewed_and_the_rest_are(fleet: tuple[PostgresState, PostgresState]) -> None:
    a, _ = fleet
    _queue(a, ["https://r.example/1", "https://r.example/2"])
    a.start_run("run-a", 0.0)
    now = time.time()
    a.lease("run-a", now, 2, 30.0, use_lastmod=False)
    assert a.renew("run-a", now + 20.0, 30.0, pages=3) == 2  # both held: until now + 50
    assert a.renew("run-a", now + 60.0, 30.0, pages=4) == 0  # expired at now + 50: not renewed
    (worker,) = a.workers(now + 60.0)
    assert worker[0] == "a" and worker[2] == now + 60.0 and worker[3:] == (4, 0)
    assert a.workers(now + 20.0)[0][4] == 2  # held until now + 50


def test_a_group_with_a_lost_lease_commits_only_the_pages_still_held(
        fleet: tuple[PostgresState, PostgresState]) -> None:
    a, b = fleet
    urls = [f"https://{h}.example/story" for h in ("a", "b", "c")]
    _queue(a, urls)
    mine = a.lease("run-a", 0.0, 3, 10.0, use_lastmod=False)
    (stolen,) = b.lease("run-b", 15.0, 1, 100.0, use_lastmod=False)  # after a's leases expired
    assert stolen.url == mine[0].url
    a.renew("run-a", 15.0, 10.0, pages=0)  # none renewed: all expired
    b.commit_pages([_done(stolen, 16.0, line=b'{"by": "b"}\n')], "run-b", [], use_lastmod=False, now=16.0)
    (again_a, again_c) = b.lease("run-b", 17.0, 5, 100.0, use_lastmod=False)  # b takes the other two as well
    keeper = LeaseKeeper(a, "run-a", 10.0)
    group = [_done(item, 18.0, line=f'{{"by": "a", "url": "{item.url}"}}\n'.encode()) for item in mine]
    with pytest.raises(LeaseLostError):
        keeper.commit(group, [("out.jsonl", 10)], use_lastmod=False)  # bytes in a file: not left out
    added, left_out = keeper.commit(group, [], use_lastmod=False)
    assert added == 0 and sorted(left_out) == sorted(urls) and keeper.lost == 3
    b.commit_pages([_done(again_a, 19.0, line=b'{"by": "b"}\n'), _done(again_c, 19.0, line=b'{"by": "b"}\n')],
                   "run-b", [], use_lastmod=False, now=19.0)
    sink = io.BytesIO()
    assert export_all(a, sink) == 3
    assert sink.getvalue() == b'{"by": "b"}\n' * 3


def test_a_hosts_turns_hold_for_the_whole_fleet(fleet: tuple[PostgresState, PostgresState]) -> None:
    a, b = fleet
    starts: list[tuple[float, float]] = []

    async def requests(state: PostgresState, count: int) -> None:
        turns = FleetTurns(state, concurrency=1, hold=30.0)
        for _ in range(count):
            async with turns.turn("one.example", 0.3):
                began = time.monotonic()
                await asyncio.sleep(0.05)
                starts.append((began, time.monotonic()))

    async def both() -> None:
        await asyncio.gather(requests(a, 4), requests(b, 4))

    asyncio.run(both())
    starts.sort()
    assert len(starts) == 8
    for (start, _), (next_start, _) in itertools.pairwise(starts):
        assert next_start - start >= 0.3  # spaced by the delay, whichever worker sent them
    for (_, end), (next_start, _) in itertools.pairwise(starts):
        assert next_start >= end  # one at a time


def test_a_dead_workers_turn_blocks_its_host_no_longer_than_its_hold(
        fleet: tuple[PostgresState, PostgresState]) -> None:
    a, b = fleet

    async def scenario() -> float:
        dead = FleetTurns(a, concurrency=1, hold=1.0).turn("one.example", 0.0)
        await dead.__aenter__()  # taken and never given back: the worker died mid-request
        began = time.monotonic()
        async with FleetTurns(b, concurrency=1, hold=1.0).turn("one.example", 0.0):
            return time.monotonic() - began

    waited = asyncio.run(scenario())
    assert 0.7 <= waited < 10.0


def test_a_lease_taken_again_by_the_same_worker_fences_the_older_one(fleet: tuple[PostgresState, PostgresState]) -> None:
    """A worker whose lease expired (a stall, a database outage) may lease the URL again itself:
    the epoch, not the owner, tells the two apart, so the page is fetched and committed once."""
    a, _ = fleet
    _queue(a, ["https://again.example/story"])
    (old,) = a.lease("run-a", 0.0, 1, 10.0, use_lastmod=False)
    (new,) = a.lease("run-a", 11.0, 1, 10.0, use_lastmod=False)  # expired: the same run takes it again
    assert (old.url, old.epoch + 1) == (new.url, new.epoch)
    assert a.lease_left(old, "run-a", 12.0, 10.0) == 0.0 and a.lease_left(new, "run-a", 12.0, 10.0) == 10.0
    keeper = LeaseKeeper(a, "run-a", 10.0)
    group = [_done(old, 13.0, line=b"old\n"), _done(new, 13.0, line=b"new\n")]
    _, left_out = keeper.commit(group, [], use_lastmod=False, now=13.0)
    assert left_out == [] and keeper.lost == 1 and a.counts()["records"] == 1
    sink = io.BytesIO()
    assert export_all(a, sink) == 1 and sink.getvalue() == b"new\n"
