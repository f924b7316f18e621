"""Web archives: reading speed of warcio and FastWARC, and read-plus-extract speed of
``scrape archive`` on 1 and 2 Dask workers, against trafilatura extracting the same records in
the same run.

The archives are built here from wcxb-dev's pages (one gzip member per record, a request record
before each response, as crawlers write them). Reading is measured in this process over the
same files, three times, median; reading means parsing every record and reading its payload
(ours also undoes encodings and decodes the text). ``scrape archive`` runs as a user runs it
(a subprocess starting its own LocalCluster; the time includes the cluster's start and each
worker's first import of the extractor). trafilatura's anchor is ``bare_extraction(
with_metadata=True)`` over the decoded pages in one process, after a warm-up page; the
toolkit's in-process figure is :func:`scraper.archive.extract_warc` over the same files.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_archive.py [--pages 600] [--results RESULTS.md]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from results_file import RESULTS, kept_reading, machine, replace_section
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
WCXB = ROOT.parent / "shared" / "bench" / "wcxb-dev" / "html"
HEADING = "## Web archives (scrape archive)"
READING = "### How to read it"


def build_corpus(folder: Path, pages: int, files: int) -> list[Path]:
    sources = sorted(WCXB.glob("*.html.gz"))[:pages]
    paths = []
    for index in range(files):
        path = folder / f"bench-{index:02d}.warc.gz"
        with open(path, "wb") as out:
            writer = WARCWriter(out, gzip=True)
            for number, source in enumerate(sources[index::files]):
                url = f"https://bench{index}.test/page/{number}"
                request = StatusAndHeaders(f"GET /page/{number} HTTP/1.1", [("Host", f"bench{index}.test")],
                                           is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                              http_headers=request))
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(
                    gzip.decompress(source.read_bytes())), http_headers=http))
        paths.append(path)
    return paths


def read_ours(paths: list[Path]) -> int:
    from scraper.archive import read_archive

    return sum(1 for path in paths for _ in read_archive(path))


def read_warcio(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                record.content_stream().read()
                count += 1
    return count


def read_fastwarc(paths: list[Path]) -> int:
    from fastwarc.warc import ArchiveIterator as FastIterator

    count = 0
    for path in paths:
        with open(path, "rb") as handle:
            for record in FastIterator(handle, parse_http=True):
                record.reader.read()
                count += 1
    return count


def rate(function: Callable[[list[Path]], int], paths: list[Path], repeats: int = 3) -> tuple[int, float]:
    speeds = []
    records = 0
    for _ in range(repeats):
        started = time.perf_counter()
        records = function(paths)
        speeds.append(records / (time.perf_counter() - started))
    return records, statistics.median(speeds)


def trafilatura_rate(paths: list[Path]) -> tuple[int, float]:
    """Pages per CPU-second of trafilatura over the archives' decoded pages (reading not counted)."""
    from trafilatura import bare_extraction

    from scraper.archive import ArchivePage, read_archive

    pages = [record for path in paths for record in read_archive(path) if isinstance(record, ArchivePage)]
    bare_extraction(pages[0].text, url=pages[0].url, with_metadata=True)
    started = time.process_time()
    for page in pages:
        bare_extraction(page.text, url=page.url, with_metadata=True)
    return len(pages), len(pages) / (time.process_time() - started)


def toolkit_rate(paths: list[Path]) -> tuple[int, float]:
    """Pages per CPU-second of the toolkit reading and extracting the same archives in this process."""
    from scraper.archive import extract_warc

    next(extract_warc(paths[0]))
    started = time.process_time()
    count = sum(1 for path in paths for _ in extract_warc(path))
    return count, count / (time.process_time() - started)


def scrape_archive(paths: list[Path], workers: int, outdir: Path) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scraper", "archive", *map(str, paths), "-o", str(outdir),
                           "--local", str(workers), "-q"], env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"scrape archive failed: {done.stderr.decode()}")
    report: dict[str, object] = json.loads((outdir / "report.json").read_text())
    report["wall_seconds"] = wall
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        paths = build_corpus(folder, args.pages, args.files)
        size_mb = sum(path.stat().st_size for path in paths) / 1e6
        readers = [("warcio (records, payload read)", read_warcio), ("ours: warcio + damage checks + decoding", read_ours)]
        try:
            import fastwarc  # noqa: F401

            readers.insert(1, ("FastWARC (records, payload read)", read_fastwarc))
        except ImportError:
            print("FastWARC is not installed (pip install fastwarc): its row is left out", file=sys.stderr)
        reading = [(name, *rate(function, paths)) for name, function in readers]
        runs = {workers: scrape_archive(paths, workers, folder / f"out-{workers}") for workers in (1, 2)}
        traf_pages, traf_rate = trafilatura_rate(paths)
        ours_pages, ours_rate = toolkit_rate(paths)
    records = reading[0][1]
    lines = [
        HEADING, "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}. {len(paths)} WARC files ({size_mb:.1f} MB, "
        f"gzip per record) of {args.pages} wcxb-dev pages, {records} records (a request and a response per page).",
        "",
        "Reading alone (this process, median of 3):", "",
        "| reader | records/s | vs warcio |", "|---|---:|---:|",
        *(f"| {name} | {speed:,.0f} | {speed / reading[0][2]:.2f} |" for name, _, speed in reading),
        "",
        "Read and extract (`scrape archive --local N`, wall time including the cluster's start):", "",
        "| workers | records/s | articles/s | vs trafilatura's pages per CPU-second | wall s | "
        "peak RSS per worker: Dask worker / extraction process (MB) |", "|---:|---:|---:|---:|---:|---:|",
    ]
    for workers, report in runs.items():
        counts = report["records"]
        assert isinstance(counts, dict)
        wall = float(report["wall_seconds"])  # type: ignore[arg-type]
        stats = list(report["workers"].values())  # type: ignore[attr-defined]
        worker_peak = max(entry["peak_rss_mb"] for entry in stats)
        pool_peak = max(entry.get("extractor_peak_rss_mb", 0.0) for entry in stats)
        articles = counts.get("article", 0) / wall
        lines.append(f"| {workers} | {counts['total'] / wall:.1f} | {articles:.1f} | {articles / traf_rate:.2f} | "
                     f"{wall:.1f} | {worker_peak:.0f} / {pool_peak:.0f} |")
    lines += [
        "",
        "In one process, pages per CPU-second (same pages, same run):", "",
        "| extractor | pages | pages per CPU-second | vs trafilatura |", "|---|---:|---:|---:|",
        f"| trafilatura `bare_extraction(with_metadata=True)` | {traf_pages} | {traf_rate:.1f} | 1.00 |",
        f"| toolkit `extract_warc` (reading included) | {ours_pages} | {ours_rate:.1f} | {ours_rate / traf_rate:.2f} |",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    replace_section(args.results, HEADING, section + kept_reading(args.results, HEADING, READING))


if __name__ == "__main__":
    main()
