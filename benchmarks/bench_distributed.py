"""Crawling with several workers on one PostgreSQL frontier (a benchmark: it asserts nothing).

1. High throughput (no delay, 8 requests per host, 16 in flight per worker) on an 1,800-page site
   over six host names (tests/pg/fleet_site.py): pages per second of ``scrape crawl`` alone and
   with 1 and 3 ``scrape worker`` processes beside it (1, 2 and 4 workers), against the same job
   on its SQLite state in the same run (the anchor); and the database time per page, from the
   runs' reports.
2. Kill and resume: ``scrape crawl`` and one worker both SIGKILLed at random moments, ``--kills``
   times in a row, then a clean pass; missing, duplicated and torn records in the output.

Each process is started as a user would start it; PostgreSQL 15 runs on 127.0.0.1 in a
temporary folder (tests/pg/server.py).

    PYTHONPATH=. python benchmarks/bench_distributed.py [--kills 30] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from results_file import RESULTS, machine, replace_section

from tests.crawl.conftest import crawl_command, write_job
from tests.pg.fleet_site import FleetSite
from tests.pg.server import PostgresServer, count

FAST = ("per_host_delay = 0", "per_host_concurrency = 8", "concurrency = 16")


def _job_text(site: FleetSite, lease: str) -> str:
    text = site.job(delay=0.0, lease=lease).replace("[politeness]", "[limits]\nmax_pages = 0\n\n[politeness]")
    text = text.replace("per_host_delay = 0.0", FAST[0]).replace("per_host_concurrency = 1", FAST[1])
    return text.replace("concurrency = 4", FAST[2])


def _start(folder: Path, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    command, base = crawl_command(*args)
    return subprocess.Popen(command, cwd=folder, env={**base, **env}, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _output_urls(folder: Path) -> tuple[list[str], int]:
    urls, torn = [], 0
    for path in sorted((folder / "out").glob("fleet*.jsonl")):
        data = path.read_bytes()
        if data and not data.endswith(b"\n"):
            torn += 1
        for line in data.split(b"\n"):
            if line:
                try:
                    urls.append(json.loads(line)["url"])
                except ValueError:
                    torn += 1
    return urls, torn


def fleet_pass(server: PostgresServer, folder: Path, site: FleetSite, workers: int, name: str) -> dict[str, float]:
    """``scrape crawl`` plus ``workers - 1`` workers on a fresh database: pages per second."""
    database = server.create_database(name)
    write_job(folder, _job_text(site, "30s"))
    env = {"SCRAPE_STATE_URL": database}
    started = time.monotonic()
    coordinator = _start(folder, env, "crawl", "-q", "job.toml")
    while count(database, "SELECT count(*) FROM scrape_frontier") < len(site.article_urls()):
        time.sleep(0.05)
    others = [_start(folder, env, "worker", "--until-idle", "-q", "--id", f"w{n}", "job.toml")
              for n in range(1, workers)]
    for process in (coordinator, *others):
        _, stderr = process.communicate(timeout=3600)
        if process.returncode not in (0, 1):
            raise SystemExit(f"a fleet process failed: {stderr.decode()[-2000:]}")
    seconds = time.monotonic() - started
    pages = count(database, "SELECT count(*) FROM scrape_records WHERE line IS NOT NULL")
    db_seconds = count(database, "SELECT coalesce(sum((report::json->>'db_seconds')::float8 * 1000), 0)::bigint "
                                  "FROM scrape_runs") / 1000
    return {"workers": workers, "pages": pages, "seconds": seconds, "rate": pages / seconds,
            "db_ms_per_page": db_seconds / max(pages, 1) * 1000}


def sqlite_pass(folder: Path, site: FleetSite) -> dict[str, float]:
    write_job(folder, _job_text(site, "30s").replace('lease_seconds = "30s"', ""))
    env = {k: v for k, v in os.environ.items() if k != "SCRAPE_STATE_URL"}
    command, base = crawl_command("crawl", "-q", "job.toml")
    base.pop("SCRAPE_STATE_URL", None)
    started = time.monotonic()
    done = subprocess.run(command, cwd=folder, env={**env, **base}, capture_output=True, timeout=3600)
    seconds = time.monotonic() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"the SQLite crawl failed: {done.stderr.decode()[-2000:]}")
    pages = len(_output_urls(folder)[0])
    return {"workers": 1, "pages": pages, "seconds": seconds, "rate": pages / seconds}


def kill_and_resume(server: PostgresServer, folder: Path, kills: int, seed: int) -> dict[str, float]:
    with FleetSite(per_host=300, latency=0.0) as site:
        database = server.create_database("resume")
        # Polite (0.1 s per host, one at a time), so the kills come long before the crawl is done.
        polite = site.job(delay=0.1, lease="5s").replace("[politeness]", "[limits]\nmax_pages = 0\n\n[politeness]")
        write_job(folder, polite)
        env = {"SCRAPE_STATE_URL": database}
        rng = random.Random(seed)
        done_kills = 0
        while done_kills < kills:
            processes = [_start(folder, env, "crawl", "-q", "job.toml"),
                         _start(folder, env, "worker", "--until-idle", "-q", "--id", "w1", "job.toml")]
            time.sleep(rng.uniform(0.5, 4.0))
            if all(p.poll() is not None for p in processes):
                break
            for process in processes:
                process.kill()
                process.communicate()
            done_kills += 1
        final = _start(folder, env, "crawl", "-q", "job.toml")
        final.communicate(timeout=3600)
        urls, torn = _output_urls(folder)
        fetched = Counter(site.article_fetches())
        return {"kills": done_kills, "records": len(urls), "missing": len(site.article_urls() - set(urls)),
                "duplicated": len(urls) - len(set(urls)), "torn": torn,
                "fetched_again_per_kill": sum(n - 1 for n in fetched.values() if n > 1) / max(done_kills, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="runs of each configuration (the median is kept)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    server = PostgresServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            runs: dict[str, list[dict[str, float]]] = {"sqlite": [], "1": [], "2": [], "4": []}
            for i in range(args.runs):  # interleaved, so the machine's load falls on all alike
                with FleetSite(per_host=300, latency=0.0) as site:
                    runs["sqlite"].append(sqlite_pass(Path(tmp) / f"sqlite-{i}", site))
                for n in (1, 2, 4):
                    with FleetSite(per_host=300, latency=0.0) as site:
                        runs[str(n)].append(fleet_pass(server, Path(tmp) / f"fleet{n}-{i}", site, n, f"f{n}_{i}"))
                print({k: v[-1] for k, v in runs.items()}, file=sys.stderr)
            median = {k: sorted(v, key=lambda r: r["rate"])[len(v) // 2] for k, v in runs.items()}
            resume = kill_and_resume(server, Path(tmp) / "resume", args.kills, args.seed)
            print("kill and resume:", resume, file=sys.stderr)
    finally:
        server.stop()
    anchor = median["sqlite"]["rate"]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = "\n".join(
        f"| {n} | {median[n]['pages']:.0f} | {median[n]['seconds']:.1f} | {median[n]['rate']:.1f} | "
        f"{median[n]['rate'] / anchor:.2f} | {median[n]['db_ms_per_page']:.2f} |" for n in ("1", "2", "4"))
    text = f"""## Crawling with several workers (PostgreSQL)

{stamp}; {machine()}; load average at the end {os.getloadavg()[0]:.1f} (the machine is shared).
`PYTHONPATH=. python benchmarks/bench_distributed.py --kills {args.kills}`: PostgreSQL 15 on 127.0.0.1
(fsync off, a throwaway cluster); an 1,800-page site over six host names (tests/pg/fleet_site.py), no delay,
8 requests per host and 16 in flight per worker; `scrape crawl` (discovery, work, export) plus `scrape
worker --until-idle` processes, all on this machine; times include start-up and the export; median of
{args.runs} runs. The anchor is the same job on its SQLite state (one process), in the same run:
{median['sqlite']['pages']:.0f} pages in {median['sqlite']['seconds']:.1f} s, {anchor:.1f} pages/s.

| workers | pages | seconds | pages/s | vs SQLite | database ms per page (all workers) |
|---:|---:|---:|---:|---:|---:|
{rows}

Kill and resume: {resume['kills']:.0f} times in a row, `scrape crawl` and one worker both SIGKILLed at a
random moment 0.5 to 4 s after they start, then a clean `scrape crawl` (1,800 pages, 0.1 s between requests
to a host, one at a time, leases of 5 s):

| kills | records | missing | duplicated | torn lines | pages fetched again per kill |
|---:|---:|---:|---:|---:|---:|
| {resume['kills']:.0f} | {resume['records']:.0f} | {resume['missing']:.0f} | {resume['duplicated']:.0f} | {resume['torn']:.0f} | {resume['fetched_again_per_kill']:.2f} |
"""
    replace_section(args.out, "## Crawling with several workers (PostgreSQL)", text)
    print(text)


if __name__ == "__main__":
    main()
