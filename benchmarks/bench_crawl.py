"""Crawl benchmark on the generated loopback site (a benchmark, not a test: it asserts nothing).

1. Default politeness (1 s between requests to a host, one at a time): pages per second
   against the ideal those settings allow (the busiest host's requests x the delay).
2. High throughput (no delay, 8 per host, 16 in flight) on the 500-article site: pages per
   second against the ideal of fetching the same pages with the bare fetcher (no extraction,
   no state, no output), CPU seconds and peak memory of the crawl process per 1000 pages; and,
   side by side in the same run, Scrapy with trafilatura's ``bare_extraction`` in its callback
   (``benchmarks/scrapy_spider.py``, ``pip install '.[bench]'``) on the same site and settings.
4. Cold start: ``scrape --version`` and ``scrape extract`` on the seed, in a fresh process.
3. Kill and resume: SIGKILL at random moments, ``--kills`` times in a row, then a clean run;
   missing, duplicated and torn records, and pages fetched again per kill.

Each crawl runs as ``scrape crawl`` in a child process, as cron would run it.

    PYTHONPATH=. python benchmarks/bench_crawl.py [--kills 30] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import asyncio
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

from scraper.errors import FetchError
from scraper.fetch import FetchConfig, Fetcher
from tests.adversarial.cpu_meter import Metered, run_metered
from tests.crawl.conftest import crawl_command, job_text, write_job
from tests.crawl.site import SiteServer, SiteShape

PAGE_PREFIXES = ("/articles/", "/mirror/", "/news/", "/index/", "/about.html")


def page_requests(requests: Counter[str]) -> Counter[str]:
    """Requests for pages (not robots.txt, sitemaps or feeds), by host and path."""
    return Counter({k: n for k, n in requests.items()
                    if k.split("/", 1)[-1] == "" or any(("/" + k.split("/", 1)[-1]).startswith(p)
                                                         for p in PAGE_PREFIXES)})


def run_crawl(job: Path) -> tuple[Metered, dict[str, object]]:
    """One pass in a child process, metered with its extraction workers; and its report."""
    command, env = crawl_command("crawl", "--quiet", str(job))
    metered = run_metered(command, cwd=job.parent, env=env, timeout=3600)
    if metered.result.returncode not in (0, 1):
        raise SystemExit(f"the crawl failed ({metered.result.returncode}): {metered.result.stderr.decode()}")
    report = json.loads((job.parent / "out" / "articles.report.json").read_text("utf-8"))
    return metered, report


def default_politeness(folder: Path) -> dict[str, float]:
    server = SiteServer(SiteShape(articles=40, news=10, per_index=10)).start()
    try:
        job = write_job(folder, job_text(server, politeness="").replace("per_host_delay = 0\n", "")
                        .replace("per_host_concurrency = 3", "per_host_concurrency = 1"))
        metered, report = run_crawl(job)
        seconds = metered.wall
        pages = page_requests(server.site.requests)
        by_host = Counter()
        for key, count in server.site.requests.items():
            by_host[key.split("/", 1)[0]] += count
        ideal_seconds = max(by_host.values()) * 1.0  # the busiest host, one request a second
        total = sum(server.site.requests.values())
        return {"pages": sum(pages.values()), "requests": total, "seconds": seconds,
                "rate": total / seconds, "ideal_rate": total / ideal_seconds, "cpu": metered.cpu,
                "written": float(report["pages"]["written"])}  # type: ignore[index]
    finally:
        server.stop()


async def bare_fetch(urls: list[str], config: FetchConfig) -> float:
    """Seconds to fetch ``urls`` with the bare fetcher at the same concurrency."""
    async with Fetcher(config) as fetcher:
        queue = list(urls)
        started = time.monotonic()

        async def worker() -> None:
            while queue:
                url = queue.pop()
                try:
                    await fetcher.fetch(url)
                except FetchError:
                    continue
        await asyncio.gather(*(worker() for _ in range(config.global_concurrency)))
        return time.monotonic() - started


def scrapy_crawl(folder: Path) -> dict[str, float]:
    """Scrapy + trafilatura on the same site, at the same concurrency, in a child process."""
    server = SiteServer(SiteShape()).start()
    try:
        site = server.site
        seeds = [site.base("site-a.test") + "/", site.base("site-a.test") + "/sitemap_index.xml",
                 site.base("site-b.test") + "/rss.xml", site.base("site-b.test") + "/atom.xml"]
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / "scrapy.jsonl"
        command = [sys.executable, "-m", "scrapy", "runspider", str(Path(__file__).with_name("scrapy_spider.py")),
                   "-s", "TWISTED_DNS_RESOLVER=benchmarks.scrapy_spider.LoopbackResolver",
                   "-a", "seeds=" + ",".join(seeds), "-a", "hosts=site-a.test,site-b.test",
                   "-a", "patterns=/articles/,/news/,/mirror/", "-o", str(out)]
        root = str(Path(__file__).resolve().parents[1])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), root) if p))
        metered = run_metered(command, cwd=Path(root), env=env, timeout=3600)
        if metered.result.returncode != 0:
            raise SystemExit(f"scrapy failed: {metered.result.stderr.decode()[-2000:]}")
        n = sum(page_requests(site.requests).values())
        items = out.read_bytes().count(b"\n")
        return {"pages": n, "seconds": metered.wall, "rate": n / metered.wall, "cpu_per_1000": metered.cpu / n * 1000,
                "cores": metered.cpu / metered.wall, "peak_mib": metered.peak_rss_mib, "written": float(items)}
    finally:
        server.stop()


def cold_start() -> dict[str, float]:
    """Seconds of ``scrape --version`` and ``scrape extract SEED`` in fresh processes (best of 3)."""
    root = Path(__file__).resolve().parents[1]
    seed = next((root / "seeds").glob("*.txt"))
    times: dict[str, float] = {}
    for name, args in (("version", ["--version"]), ("extract", ["extract", str(seed)])):
        command, env = crawl_command(*args)
        best = float("inf")
        for _ in range(3):
            started = time.monotonic()
            subprocess.run(command, env=env, capture_output=True, check=True)
            best = min(best, time.monotonic() - started)
        times[name] = best
    return times


def high_throughput(folder: Path, workers: int) -> dict[str, float]:
    server = SiteServer(SiteShape()).start()
    try:
        fast = "concurrency = 16" + "\n"
        text = job_text(server).replace("concurrency = 6\n", fast).replace("per_host_concurrency = 3",
                                                                            "per_host_concurrency = 8")
        job = write_job(folder, text.replace("[politeness]", f"[limits]\nextract_workers = {workers}\n\n[politeness]"))
        metered, report = run_crawl(job)
        seconds, peak_mib = metered.wall, metered.peak_rss_mib
        pages = page_requests(server.site.requests)
        urls = [f"http://{key.split('/', 1)[0]}:{server.site.port}/{key.split('/', 1)[1]}" for key in pages]
        url_file = folder / "urls.json"
        url_file.write_text(json.dumps(urls), "utf-8")
        # In its own process, like the crawl: the server's threads live in this one.
        command, env = [sys.executable, str(Path(__file__).resolve()), "--bare", str(url_file)], dict(os.environ)
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        bare_seconds = float(result.stdout.strip().splitlines()[-1])
        n = sum(pages.values())
        return {"pages": n, "seconds": seconds, "rate": n / seconds, "ideal_rate": n / bare_seconds,
                "cpu_per_1000": metered.cpu / n * 1000, "cores": metered.cpu / seconds, "peak_mib": peak_mib,
                "written": float(report["pages"]["written"])}
    finally:
        server.stop()


def kill_and_resume(folder: Path, kills: int, seed: int) -> dict[str, float]:
    server = SiteServer(SiteShape(articles=200, news=20, per_index=20)).start()
    try:
        site = server.site
        job = write_job(folder, job_text(server, recrawl='min_interval = "6h"'))
        out = folder / "out" / "articles.jsonl"
        command, env = crawl_command("crawl", "--quiet", str(job))
        rng = random.Random(seed)
        done_kills = 0
        while done_kills < kills:
            process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            if rng.random() < 0.3:
                time.sleep(rng.uniform(0.1, 2.5))
            else:
                target = (out.read_bytes().count(b"\n") if out.exists() else 0) + rng.randint(1, 6)
                while process.poll() is None and (out.read_bytes().count(b"\n") if out.exists() else 0) < target:
                    time.sleep(0.005)
                time.sleep(rng.uniform(0.0, 0.03))
            if process.poll() is not None:
                break
            process.kill()
            process.wait()
            done_kills += 1
        subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False)
        data = out.read_bytes()
        lines = data.split(b"\n")
        torn = 0 if data.endswith(b"\n") or not data else 1
        parsed = []
        for line in lines[:-1]:
            try:
                parsed.append(json.loads(line)["url"])
            except ValueError:
                torn += 1
        written = set(parsed)
        for article, mirror in site.mirror_pairs():
            if mirror in written:
                written.discard(mirror)
                written.add(article)
        expected = {site.article_url(i) for i in site.good_articles()} | {site.news_url(j) for j in range(20)}
        interrupted = page_requests(site.requests)
        fetched_again = sum(n - 1 for n in interrupted.values() if n > 1)
        return {"kills": done_kills, "records": len(parsed), "missing": len(expected - written),
                "duplicated": len(parsed) - len(set(parsed)), "torn": torn,
                "fetched_again_per_kill": fetched_again / max(done_kills, 1),
                "pages": sum(1 for _ in interrupted)}
    finally:
        server.stop()


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median rate."""
    return sorted(runs, key=lambda run: run["rate"])[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="high-throughput runs of each crawler (medians)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)  # internal: the ideal's fetch
    args = parser.parse_args()
    if args.bare:
        resolve = tuple((h, "127.0.0.1") for h in ("site-a.test", "site-b.test"))
        config = FetchConfig(per_host_delay=0, per_host_concurrency=8, global_concurrency=16, allow_private=True,
                             resolve=resolve, max_attempts=1)
        print(asyncio.run(bare_fetch(json.loads(args.bare.read_text("utf-8")), config)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        polite = default_politeness(Path(tmp) / "polite")
        print("default politeness:", polite, file=sys.stderr)
        runs: dict[str, list[dict[str, float]]] = {"toolkit1": [], "toolkit2": [], "scrapy": []}
        for i in range(args.runs):  # interleaved, so the machine's load falls on all alike
            runs["toolkit1"].append(high_throughput(Path(tmp) / f"fast1-{i}", workers=1))
            runs["toolkit2"].append(high_throughput(Path(tmp) / f"fast2-{i}", workers=2))
            runs["scrapy"].append(scrapy_crawl(Path(tmp) / f"scrapy-{i}"))
            print({k: v[-1] for k, v in runs.items()}, file=sys.stderr)
        fast, fast2, scrapy = (_median(runs[k]) for k in ("toolkit1", "toolkit2", "scrapy"))
        cold = cold_start()
        print("cold start:", cold, file=sys.stderr)
        resume = kill_and_resume(Path(tmp) / "resume", args.kills, args.seed)
        print("kill and resume:", resume, file=sys.stderr)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"""## Crawl jobs

{stamp}; {machine()}; load average at the end {os.getloadavg()[0]:.1f} (the machine is shared).
`PYTHONPATH=. python benchmarks/bench_crawl.py --kills {args.kills}`: each pass is `scrape crawl` in a
child process against the generated site on 127.0.0.1 (tests/crawl/site.py); times include start-up.

| setting | pages | seconds | pages/s | ideal pages/s | of ideal |
|---|---:|---:|---:|---:|---:|
| default politeness (1 s per host, 1 at a time; {polite['requests']:.0f} requests) | {polite['pages']:.0f} | {polite['seconds']:.1f} | {polite['rate']:.2f} | {polite['ideal_rate']:.2f} | {polite['rate'] / polite['ideal_rate']:.0%} |
| high throughput (no delay, 8 per host, 16 in flight; `extract_workers = 1`) | {fast['pages']:.0f} | {fast['seconds']:.1f} | {fast['rate']:.1f} | {fast['ideal_rate']:.1f} | {fast['rate'] / fast['ideal_rate']:.0%} |
| the same with `extract_workers = 2` (the default here: one per core) | {fast2['pages']:.0f} | {fast2['seconds']:.1f} | {fast2['rate']:.1f} | {fast2['ideal_rate']:.1f} | {fast2['rate'] / fast2['ideal_rate']:.0%} |

High throughput side by side, medians of {args.runs} interleaved runs each, same site, same
concurrency (16 in flight, 8 per host), robots.txt obeyed, tracking parameters dropped by both,
times from process start to exit; cores busy is the process tree's CPU seconds over its wall-clock
seconds (the machine has 2):

| crawler | pages | seconds | pages/s | CPU s / 1000 pages | cores busy | peak RSS MiB | articles written |
|---|---:|---:|---:|---:|---:|---:|---:|
| toolkit, `extract_workers = 2` | {fast2['pages']:.0f} | {fast2['seconds']:.1f} | {fast2['rate']:.1f} | {fast2['cpu_per_1000']:.1f} | {fast2['cores']:.2f} | {fast2['peak_mib']:.0f} | {fast2['written']:.0f} |
| toolkit, `extract_workers = 1` | {fast['pages']:.0f} | {fast['seconds']:.1f} | {fast['rate']:.1f} | {fast['cpu_per_1000']:.1f} | {fast['cores']:.2f} | {fast['peak_mib']:.0f} | {fast['written']:.0f} |
| Scrapy + trafilatura `bare_extraction` | {scrapy['pages']:.0f} | {scrapy['seconds']:.1f} | {scrapy['rate']:.1f} | {scrapy['cpu_per_1000']:.1f} | {scrapy['cores']:.2f} | {scrapy['peak_mib']:.0f} | {scrapy['written']:.0f} |

Ratio of pages per second, toolkit (2 workers) to Scrapy: **{fast2['rate'] / scrapy['rate']:.2f}** (1 worker:
{fast['rate'] / scrapy['rate']:.2f}); to the bare fetcher: {fast2['rate'] / fast2['ideal_rate']:.2f}. Scrapy writes every
article page it reaches, the mirror copies included (no near-duplicate check); the toolkit writes
each story once. The toolkit's peak RSS is its largest process (the crawl, a fork server and the
workers are separate processes).

Cold start (best of 3, fresh processes): `scrape --version` {cold['version']:.2f} s, `scrape extract` on
the seed {cold['extract']:.2f} s (most of it the worker's start: importing and warming the extractor).

Ideal: at default politeness, every request (robots.txt, sitemaps and feeds included) at the pace
of the busiest host; at high throughput, the bare fetcher fetching the same pages at the same
concurrency with no extraction, state or output.

High throughput, the crawl's whole process tree (the crawl process, the fork server and the
extraction workers, reaped by `tests/adversarial/cpu_meter.py`): {fast['cpu_per_1000']:.1f} CPU seconds per 1000 pages
with one worker ({fast2['cpu_per_1000']:.1f} with two); peak RSS of the largest process {fast['peak_mib']:.0f} MiB
({fast2['peak_mib']:.0f} MiB) for {fast['pages']:.0f} pages ({fast['written']:.0f} articles written). The CPU time includes start-up
(about 2.5 s: the fork server imports and warms the extractor) and the links refused by robots.txt
(queued and judged, but never requested).

### Kill and resume

{resume['kills']:.0f} SIGKILLs at random moments in a row (30 % during start-up or discovery, the rest a few
records into the pass, plus 0-30 ms), then one uninterrupted pass; 200-article site.

| kills | records | missing | duplicated | torn lines | pages fetched again per kill |
|---:|---:|---:|---:|---:|---:|
| {resume['kills']:.0f} | {resume['records']:.0f} | {resume['missing']:.0f} | {resume['duplicated']:.0f} | {resume['torn']:.0f} | {resume['fetched_again_per_kill']:.2f} |
"""
    replace_section(args.out, "## Crawl jobs", text)
    print(text)


if __name__ == "__main__":
    main()
