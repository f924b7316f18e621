"""Fetch benchmark on the loopback fault server (a benchmark, not a test: it asserts nothing).

Throughput: pages spread over 20 host names (all mapped to 127.0.0.1), the server answering each
request after 50 ms, run at the default politeness and at a high-throughput setting. For each it
prints pages per second against the ideal that the politeness settings allow (the efficiency
ratio), CPU seconds per page of the fetching process (the server runs in its own process), and
the peak resident memory of the fetching process.

Fault matrix: every fault of the test server, each on its own host name, fetched at once; it
prints the pages fetched out of those that could be, retries spent, and the connections that
reached the blocked addresses (127.0.0.2 behind redirects, rebinding and literals): should be 0.

    PYTHONPATH=. python benchmarks/bench_fetch.py [--default-pages 400] [--fast-pages 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from results_file import RESULTS, replace_section

from scraper.errors import FetchError
from scraper.fetch import DEFAULT_FETCH_CONFIG, FetchConfig, Fetcher
from tests.fetch.fault_server import FaultServer

HOSTS = tuple(f"site{n:02d}.bench" for n in range(1, 21))
LATENCY = 0.05


@dataclass(frozen=True)
class ThroughputRun:
    name: str
    pages: int
    fetched: int
    seconds: float
    ideal_pages_per_second: float
    cpu_seconds: float
    server_cpu_seconds: float
    peak_rss_mib: float

    @property
    def pages_per_second(self) -> float:
        return self.fetched / self.seconds

    @property
    def efficiency(self) -> float:
        return self.pages_per_second / self.ideal_pages_per_second


def ideal_rate(config: FetchConfig, hosts: int) -> float:
    """Pages per second the politeness settings allow, with the server's latency per request."""
    per_host_slots = min(config.per_host_concurrency * hosts, config.global_concurrency)
    latency_bound = per_host_slots / LATENCY
    if config.per_host_delay <= 0:
        return latency_bound
    delay_bound = hosts * max(config.per_host_concurrency / config.per_host_delay, 0.0)
    return min(delay_bound, latency_bound)


def start_server_process() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fetch.fault_server", "--latency", str(LATENCY)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, port


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of another process, from /proc (Linux)."""
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def fetch_all(urls: list[str], config: FetchConfig) -> int:
    async with Fetcher(config) as fetcher:

        async def one(url: str) -> bool:
            try:
                await fetcher.fetch(url)
            except FetchError as e:
                print(f"  failed {url}: {e}", file=sys.stderr)
                return False
            return True

        results = await asyncio.gather(*(one(url) for url in urls))
    return sum(results)


def throughput(name: str, config: FetchConfig, pages: int, port: int, server_pid: int) -> ThroughputRun:
    per_host = pages // len(HOSTS)
    urls = [f"http://{host}:{port}/keep-alive?page={n}" for n in range(per_host) for host in HOSTS]
    config = replace(config, allow_private=True, resolve=tuple((host, "127.0.0.1") for host in HOSTS))
    cpu_before, server_before = cpu_seconds(), process_cpu_seconds(server_pid)
    started = time.perf_counter()
    fetched = asyncio.run(fetch_all(urls, config))
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    server_cpu = process_cpu_seconds(server_pid) - server_before
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ideal = ideal_rate(config, len(HOSTS))
    return ThroughputRun(name, len(urls), fetched, seconds, ideal, cpu, server_cpu, rss)


def fault_matrix() -> dict[str, float]:
    """Fetch every fault once, concurrently, each on its own host name."""
    server = FaultServer().start()
    target = FaultServer(host="127.0.0.2").start()
    blocked = f"http://127.0.0.2:{target.port}/page"
    fetchable = ["/page", "/flaky", "/busy?form=seconds", "/busy?form=date", "/close-delimited",
                 "/two-layers", "/chain/3", "/charset/wrong", "/charset/conflict", "/charset/bom",
                 "/charset/meta", "/private"]
    unfetchable = ["/unavailable", "/busy?form=huge", "/status/404", "/status/410", "/reset", "/silence",
                   "/drip", "/short-body", "/chunked-unfinished", "/declared-huge", "/endless", "/bomb/gzip",
                   "/bomb/br", "/bomb/zstd", "/stacked", "/fake-gzip", "/loop/a", "/chain/30",
                   "/binary/pdf", "/binary/pdf-as-html", "/binary/blob", "/ours-only",
                   "/redirect?to=" + quote(blocked, safe=""),
                   "/redirect?to=" + quote(f"http://[::ffff:127.0.0.2]:{target.port}/page", safe=""),
                   "/redirect?to=" + quote("http://169.254.169.254/latest/meta-data/", safe=""),
                   "/redirect?to=" + quote("file:///etc/passwd", safe=""),
                   "/redirect?to=javascript%3Aalert(1)"]
    names = [f"fault{n:02d}.bench" for n in range(len(fetchable) + len(unfetchable))]
    config = replace(
        DEFAULT_FETCH_CONFIG,
        allowed_networks=("127.0.0.1/32",),
        resolve=(*((name, "127.0.0.1") for name in names), ("rebound.bench", "127.0.0.2")),
        connect_timeout=1.0, read_timeout=1.0, total_timeout=3.0, per_host_delay=0.0,
        backoff_initial=0.5, max_body_bytes=1024 * 1024, max_decompressed_bytes=2 * 1024 * 1024,
    )
    urls = [f"http://{name}:{server.port}{path}" for name, path in zip(names, fetchable + unfetchable, strict=True)]
    urls.append(f"http://rebound.bench:{target.port}/page")
    started = time.perf_counter()

    async def run() -> list[bool]:
        async with Fetcher(config) as fetcher:

            async def one(url: str) -> bool:
                try:
                    await fetcher.fetch(url)
                except FetchError:
                    return False
                return True

            return list(await asyncio.gather(*(one(url) for url in urls)))

    outcome = asyncio.run(run())
    seconds = time.perf_counter() - started
    requests = sum(count for key, count in server.hits.items() if key != "/robots.txt")
    first_hops = fetchable + unfetchable
    retries = sum(max(0, server.hits[path] - 1) for path in first_hops)
    figures = {
        "fetchable": len(fetchable),
        "fetched": sum(outcome[: len(fetchable)]),
        "unfetchable": len(unfetchable) + 1,
        "wrongly fetched": sum(outcome[len(fetchable) :]),
        "retries": retries,
        "requests": requests,
        "blocked connections": target.connections,
        "seconds": seconds,
    }
    server.stop()
    target.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--default-pages", type=int, default=400, help="pages at default politeness (400)")
    parser.add_argument("--fast-pages", type=int, default=2000, help="pages at the high-throughput setting")
    parser.add_argument("--results", type=Path, default=RESULTS, help="results file (its Fetching section)")
    args = parser.parse_args()
    fast = replace(DEFAULT_FETCH_CONFIG, per_host_delay=0.0, per_host_concurrency=4, global_concurrency=64)
    process, port = start_server_process()
    try:
        runs = [
            throughput(
                "default politeness (1 s/host, 1 per host)", DEFAULT_FETCH_CONFIG, args.default_pages, port,
                process.pid,
            ),
            throughput(
                "high throughput (no delay, 4 per host, 64 total)", fast, args.fast_pages, port, process.pid
            ),
        ]
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(10)
    faults = fault_matrix()
    lines = [
        "## Fetching",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on `{' '.join(platform.uname())}`, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}.",
        f"Server: loopback, {LATENCY * 1000:.0f} ms per response, {len(HOSTS)} host names, separate process.",
        "",
        "| setting | pages | fetched | seconds | pages/s | ideal pages/s | efficiency | CPU s/page "
        "| server CPU s/page | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.name} | {run.pages} | {run.fetched} | {run.seconds:.1f} | {run.pages_per_second:.1f} | "
            f"{run.ideal_pages_per_second:.0f} | {run.efficiency:.3f} | {run.cpu_seconds / run.pages:.5f} | "
            f"{run.server_cpu_seconds / run.pages:.5f} | {run.peak_rss_mib:.0f} |"
        )
    lines += [
        "",
        "| fault matrix | value |",
        "|---|---:|",
        f"| pages fetched / could be fetched | {faults['fetched']:.0f} / {faults['fetchable']:.0f} |",
        f"| pages wrongly fetched / refused cases | {faults['wrongly fetched']:.0f} / {faults['unfetchable']:.0f} |",
        f"| retries spent | {faults['retries']:.0f} |",
        f"| requests sent (robots.txt aside) | {faults['requests']:.0f} |",
        f"| connections reaching blocked addresses | {faults['blocked connections']:.0f} |",
        f"| wall time of the matrix, s | {faults['seconds']:.1f} |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    replace_section(args.results, "## Fetching", text)


if __name__ == "__main__":
    main()
