"""Claims on a real PostgreSQL frontier: workers never share a URL, a host's limits hold for the
whole fleet, and a worker frozen past its lease cannot commit over the one that took the URL."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

from scraper.crawl.pg import connect, migrate, register_job
from scraper.crawl.pg.leases import (
    Claim,
    FencedPage,
    Politeness,
    add_urls,
    claim,
    commit,
    commit_group,
    committed_length,
    heartbeat,
    lease_holds,
    renew,
)
from scraper.crawl.state_records import NewURL, PageUpdate, RecordWrite

FREE = Politeness(delay=0.0, concurrency=100)


def _job(database: str, urls: list[str]) -> int:
    with connect(database) as connection:
        migrate(connection)
        job = register_job(connection, "fleet")
        added = add_urls(connection, job, [NewURL(u, u.split("/")[2], 0, "seed") for u in urls], now=0.0)
        assert added == len(urls)
        assert add_urls(connection, job, [NewURL(urls[0], urls[0].split("/")[2], 0, "seed")], now=0.0) == 0
    return job


def _done(url: str, now: float, fingerprint: str = "sha256:x") -> PageUpdate:
    return PageUpdate(url, "done", due=now + 3600, now=now, status=200, fingerprint=fingerprint)


def test_workers_claiming_at_once_never_share_a_url(database: str) -> None:
    urls = [f"https://host{h}.example/page/{i}" for h in range(30) for i in range(10)]
    job = _job(database, urls)
    claimed: Counter[str] = Counter()
    refused: list[str] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        with connect(database) as connection:
            while True:
                claims = claim(connection, job, name, now=10.0, limit=7, lease_seconds=60, politeness=FREE)
                if not claims:
                    return
                for item in claims:
                    with lock:
                        claimed[item.url] += 1
                    if not commit(connection, job, name, item, _done(item.url, 10.0)):
                        refused.append(item.url)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(claimed) == set(urls) and set(claimed.values()) == {1} and not refused
    with connect(database) as connection:
        states = connection.execute("SELECT state, count(*) FROM scrape_frontier GROUP BY state").fetchall()
    assert states == [("done", len(urls))]


def test_a_hosts_limits_hold_for_the_whole_fleet(database: str) -> None:
    job = _job(database, [f"https://one.example/{i}" for i in range(6)])
    polite = Politeness(delay=5.0, concurrency=1)
    with connect(database) as a, connect(database) as b:
        first = claim(a, job, "a", now=100.0, limit=3, lease_seconds=60, politeness=polite)
        assert len(first) == 1  # one request at a time, spaced by the delay
        assert claim(b, job, "b", now=100.0, limit=3, lease_seconds=60, politeness=polite) == []  # in flight
        assert commit(a, job, "a", first[0], _done(first[0].url, 101.0))
        assert claim(b, job, "b", now=102.0, limit=3, lease_seconds=60, politeness=polite) == []  # the delay
        later = claim(b, job, "b", now=105.0, limit=3, lease_seconds=60, politeness=polite)
        assert len(later) == 1 and later[0].url != first[0].url
    unlimited = Politeness(delay=0.0, concurrency=3)
    with connect(database) as c:
        more = claim(c, job, "c", now=150.0, limit=10, lease_seconds=60, politeness=unlimited)
        assert len(more) == 2 and later[0].url not in {m.url for m in more}  # 3, less b's unexpired lease
        # b's lease (until 165) has expired by 170: its URL is claimable again, and counts no more.
        again = claim(c, job, "c", now=170.0, limit=10, lease_seconds=60, politeness=unlimited)
        assert [(m.url, m.epoch) for m in again] == [(later[0].url, later[0].epoch + 1)]


def test_a_worker_frozen_past_its_lease_cannot_commit(database: str) -> None:
    job = _job(database, ["https://slow.example/story"])
    with connect(database) as a, connect(database) as b:
        (mine,) = claim(a, job, "a", now=0.0, limit=1, lease_seconds=10, politeness=FREE)
        assert lease_holds(a, job, "a", mine, now=5.0) and mine.deadline(now=5.0) == 4.0
        assert claim(b, job, "b", now=9.0, limit=1, lease_seconds=10, politeness=FREE) == []  # still a's
        (theirs,) = claim(b, job, "b", now=11.0, limit=1, lease_seconds=10, politeness=FREE)  # a's lease expired
        assert theirs.url == mine.url and theirs.epoch == mine.epoch + 1
        assert mine.deadline(now=11.0) == 0.0 and not lease_holds(a, job, "a", mine, now=11.0)
        assert not commit(a, job, "a", mine, _done(mine.url, 12.0, "sha256:stale"))  # woken: refused
        assert commit(b, job, "b", theirs, _done(theirs.url, 13.0, "sha256:fresh"))
        assert not commit(b, job, "b", theirs, _done(theirs.url, 14.0, "sha256:again"))  # once only
        row = a.execute("SELECT state, fingerprint, lease_owner FROM scrape_frontier").fetchone()
    assert row == ("done", "sha256:fresh", None)


def _append(path: Path, url: str) -> tuple[int, int]:
    line = (json.dumps({"url": url}) + "\n").encode()
    with path.open("ab") as out:
        start = out.tell()
        out.write(line)
    return start, start + len(line)


def test_a_group_with_a_lost_lease_commits_nothing_and_then_only_the_held_pages(database: str, tmp_path: Path) -> None:
    urls = [f"https://{h}.example/story" for h in ("a", "b", "c")]
    job = _job(database, urls)
    part_a, part_b = tmp_path / "news-a.jsonl", tmp_path / "news-b.jsonl"
    with connect(database) as a, connect(database) as b:
        mine = claim(a, job, "a", now=0.0, limit=3, lease_seconds=10, politeness=FREE)
        assert len(mine) == 3
        # a writes its three lines but stalls before committing; b takes the first URL after expiry.
        written = {item.url: _append(part_a, item.url) for item in mine}
        renewed = renew(a, job, "a", mine[1:], now=9.0, lease_seconds=11)  # a keeps two of them alive
        assert [(c.url, c.until) for c in renewed] == [(c.url, 20.0) for c in mine[1:]]
        assert renew(a, job, "a", mine, now=12.0, lease_seconds=11)[0].url == mine[1].url  # the first expired
        heartbeat(a, job, "a", now=12.0, pages=0)
        (stolen,) = claim(b, job, "b", now=15.0, limit=3, lease_seconds=10, politeness=FREE)
        assert stolen.url == mine[0].url

        def group(items: list[Claim]) -> list[FencedPage]:
            return [FencedPage(item, _done(item.url, 16.0), RecordWrite(item.url, "sha256:x", part_a.name,
                                                                           *written[item.url])) for item in items]

        lost = commit_group(a, job, "a", "run-a", group(mine), [(part_a.name, part_a.stat().st_size)], now=16.0)
        assert lost == [mine[0].url] and committed_length(a, job, part_a.name) == 0  # nothing counted
        # a cuts its file back and writes the pages it still holds again.
        part_a.write_bytes(b"")
        written = {item.url: _append(part_a, item.url) for item in mine[1:]}
        assert commit_group(a, job, "a", "run-a", group(mine[1:]), [(part_a.name, part_a.stat().st_size)], 16.0) == []
        start, end = _append(part_b, stolen.url)
        assert commit_group(b, job, "b", "run-b", [FencedPage(stolen, _done(stolen.url, 17.0),
                                                             RecordWrite(stolen.url, "sha256:x", part_b.name, start, end))],
                            [(part_b.name, end)], now=17.0) == []
        lengths = {name: committed_length(a, job, name) for name in (part_a.name, part_b.name)}
        records = a.execute("SELECT url, file FROM scrape_records ORDER BY url").fetchall()
        workers = a.execute("SELECT worker, heartbeat FROM scrape_workers").fetchall()
    output = [json.loads(line)["url"] for path in (part_a, part_b)
              for line in path.read_bytes()[: lengths[path.name]].decode().splitlines()]
    assert sorted(output) == sorted(urls)  # every story once, in the committed part of one file
    assert records == [(urls[0], part_b.name), (urls[1], part_a.name), (urls[2], part_a.name)]
    assert workers == [("a", 12.0)]
