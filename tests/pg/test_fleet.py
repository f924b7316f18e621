"""A fleet on a real PostgreSQL: ``scrape crawl`` (discovery, work, export) and two
``scrape worker`` processes on a 300-page site over six host names, while workers are killed,
frozen past their lease, stalled between claim and fetch, all killed and restarted, or the
database restarts. Each time every article is in the output exactly once, no line is torn, and
the site's own log shows each host's requests one at a time, spaced by the job's delay, and
robots.txt asked once for the whole fleet."""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scraper.crawl.leases import PAUSE_AFTER_LEASE_VARIABLE
from tests.crawl.conftest import crawl_command, read_jsonl, write_job
from tests.pg.fleet_site import FleetSite
from tests.pg.server import PostgresServer, available, count

DELAY = 0.15
LEASE = 4.0
FINISH_SECONDS = 240


def _start(folder: Path, database: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    command, base_env = crawl_command(*args)
    return subprocess.Popen(command, cwd=folder, env={**base_env, "SCRAPE_STATE_URL": database, **(env or {})},
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(check: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _committed(database: str, worker: str | None = None) -> int:
    mine = f" AND run LIKE '%-{worker}'" if worker else ""
    return count(database, f"SELECT count(*) FROM scrape_records WHERE line IS NOT NULL{mine}")


def _finish(process: subprocess.Popen[str], name: str) -> int:
    try:
        _, stderr = process.communicate(timeout=FINISH_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        pytest.fail(f"{name} did not finish: {stderr[-2000:]}")
    assert process.returncode in (0, 1), f"{name} exited {process.returncode}: {stderr[-2000:]}"
    return process.returncode


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)


class Fleet:
    """The coordinator and two workers on one job, started the way a user starts them."""

    def __init__(self, site: FleetSite, folder: Path, database: str, *, lease: float = LEASE,
                 coordinator_args: tuple[str, ...] = ()) -> None:
        self.site, self.folder, self.database = site, folder, database
        write_job(folder, site.job(delay=DELAY, lease=f"{lease:g}s"))
        self.coordinator = _start(folder, database, "crawl", "job.toml", "-q", *coordinator_args)
        # Workers that start before discovery has queued anything would find the fleet idle.
        pages = len(site.article_urls())
        _wait_for(lambda: count(database, "SELECT count(*) FROM scrape_frontier") >= pages, "discovery")
        self.workers: dict[str, subprocess.Popen[str]] = {}

    def add_worker(self, name: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        self.workers[name] = _start(self.folder, self.database, "worker", "job.toml", "--id", name,
                                    "--until-idle", "-q", env=env)
        return self.workers[name]

    def finish(self, *, skip: tuple[str, ...] = ()) -> None:
        _finish(self.coordinator, "scrape crawl")
        for name, process in self.workers.items():
            if name not in skip:
                _finish(process, f"worker {name}")

    def check(self) -> None:
        """Every article once in the output, none torn; each host one request at a time, spaced."""
        lines = [line for path in sorted((self.folder / "out").glob("fleet-*.jsonl")) for line in read_jsonl(path)]
        urls = Counter(line["url"] for line in lines)
        missing = sorted(self.site.article_urls() - set(urls))
        assert not missing, f"missing from the output: {self._rows_of(missing[:5])}"
        assert set(urls) == self.site.article_urls(), "articles in the output that are not the site's"
        twice = [u for u, n in urls.items() if n > 1]
        assert not twice, f"written twice: {twice[:3]}: {self._records_of(twice[:3])}"
        for host, requests in self.site.requests_by_host().items():
            assert [r.path for r in requests].count("/robots.txt") == 1, f"{host}: robots.txt not shared"
            for before, after in itertools.pairwise(requests):
                assert after.start >= before.end, f"two requests at once to {host}: {before} {after}"
                assert after.start - before.start >= DELAY, f"{host}: {after.start - before.start:.3f} s apart"
        assert Counter(line["url"] for line in self._export()) == urls
        command, env = crawl_command("crawl", "--status", "--json", "job.toml")
        status = subprocess.run(command, cwd=self.folder, env={**env, "SCRAPE_STATE_URL": self.database},
                                capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        shown = {w["worker"]: w for w in json.loads(status.stdout)["workers"]}
        assert set(self.workers) <= set(shown) and all(w["leases"] == 0 for w in shown.values())

    def _rows_of(self, urls: list[str]) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.database) as connection:
            return connection.execute("SELECT url, state, attempts, error_kind, error, lease_owner, last_run "
                                      "FROM scrape_frontier WHERE url = ANY(%s)", (urls,)).fetchall()

    def _records_of(self, urls: list[str]) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.database) as connection:
            return connection.execute("SELECT url, seq, run, exported FROM scrape_records WHERE url = ANY(%s) "
                                      "ORDER BY seq", (urls,)).fetchall()

    def _export(self) -> list[dict[str, object]]:
        command, env = crawl_command("export", "job.toml", "-o", "all.jsonl")
        done = subprocess.run(command, cwd=self.folder, env={**env, "SCRAPE_STATE_URL": self.database},
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
        return read_jsonl(self.folder / "all.jsonl")


@pytest.fixture
def site() -> Iterator[FleetSite]:
    with FleetSite() as fleet_site:
        yield fleet_site


def test_a_worker_killed_mid_pass(site: FleetSite, database: str, tmp_path: Path) -> None:
    fleet = Fleet(site, tmp_path, database)
    victim = fleet.add_worker("w1")
    fleet.add_worker("w2")
    _wait_for(lambda: _committed(database, "w1") >= 5, "w1 to commit pages")
    _kill(victim)
    fleet.finish(skip=("w1",))
    fleet.check()


def test_a_worker_frozen_past_its_lease(site: FleetSite, database: str, tmp_path: Path) -> None:
    fleet = Fleet(site, tmp_path, database)
    frozen = fleet.add_worker("w1")
    fleet.add_worker("w2")
    _wait_for(lambda: _committed(database, "w1") >= 5, "w1 to commit pages")
    frozen.send_signal(signal.SIGSTOP)
    time.sleep(3 * LEASE)  # its leases expire; the others take its URLs
    frozen.send_signal(signal.SIGCONT)
    fleet.finish()
    fleet.check()


def test_a_worker_stalled_between_claim_and_fetch_fetches_nothing_it_lost(
        site: FleetSite, database: str, tmp_path: Path) -> None:
    # Longer leases than the other scenarios: here a page fetched twice fails the test, so the
    # workers that do not stall must keep their leases however busy the machine is.
    lease = 2 * LEASE
    fleet = Fleet(site, tmp_path, database, lease=lease)
    fleet.add_worker("w1", env={PAUSE_AFTER_LEASE_VARIABLE: str(lease + 1)})  # stands still after its first claim
    fleet.add_worker("w2")
    fleet.finish()
    fleet.check()
    # Its first batch of URLs went to the others while it stood still, and it fetched none of them.
    assert set(site.article_fetches().values()) == {1}
    assert count(database, "SELECT (report::json->>'leases_lost')::int FROM scrape_runs WHERE run LIKE '%-w1'") >= 1


def test_all_workers_killed_and_two_restarted(site: FleetSite, database: str, tmp_path: Path) -> None:
    fleet = Fleet(site, tmp_path, database)
    fleet.add_worker("w1")
    fleet.add_worker("w2")
    _wait_for(lambda: _committed(database) >= 100, "100 articles committed")
    for process in (fleet.coordinator, *fleet.workers.values()):
        _kill(process)
    assert _committed(database) < 300
    fleet.coordinator = _start(tmp_path, database, "crawl", "job.toml", "-q")
    fleet.workers = {}
    fleet.add_worker("w3")
    fleet.finish()
    fleet.check()


@pytest.mark.skipif(not available(), reason="no PostgreSQL server binaries")
def test_the_database_restarted_mid_pass(site: FleetSite, tmp_path: Path) -> None:
    server = PostgresServer().start()  # its own server: the others' tests keep theirs
    try:
        database = server.create_database("fleet")
        # While a worker waits for the database, its event loop waits too: the lease (and so each
        # request's time limit, a sixth less) must outlast the outage, or requests in flight time out.
        fleet = Fleet(site, tmp_path, database, lease=15.0)
        fleet.add_worker("w1")
        fleet.add_worker("w2")
        _wait_for(lambda: _committed(database) >= 100, "100 articles committed")
        server.restart(down_seconds=2.0)
        fleet.finish()
        fleet.check()
    finally:
        server.stop()


def test_a_worker_takes_what_a_capped_coordinator_gives_back(tmp_path: Path, database: str) -> None:
    """The coordinator stops at --max-pages and gives back the URLs it had leased; a worker that
    found the fleet idle a moment before still takes them before it calls it a day, and the
    coordinator's next pass exports what the worker committed after the first one ended."""
    with FleetSite(per_host=8, latency=0.0) as small:
        fleet = Fleet(small, tmp_path, database, coordinator_args=("--max-pages", "6"))
        fleet.add_worker("w1")
        fleet.finish()
        assert _committed(database, "w1") >= 42
        fleet.coordinator = _start(tmp_path, database, "crawl", "job.toml", "-q")
        fleet.finish()
        fleet.check()


def test_a_sqlite_job_is_refused_by_worker_and_export(tmp_path: Path) -> None:
    write_job(tmp_path, 'name = "one"\nstart_urls = ["http://example.invalid/"]\n[output]\njsonl = "out.jsonl"\n')
    for args in (("worker", "job.toml"), ("export", "job.toml", "-o", "x.jsonl")):
        command, env = crawl_command(*args)
        env.pop("SCRAPE_STATE_URL", None)
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "PostgreSQL" in done.stderr and "Traceback" not in done.stderr
