"""The adversarial matrix of issue 11 (a benchmark, not a test: it asserts nothing).

Every attack runs as a user would run the command, in a child process under a CPU meter that
reaps the whole process tree (fork server and extraction workers included): its outcome (exit
status and the one line it printed, or what it wrote), wall-clock seconds, CPU seconds and the
peak resident size of the largest process. Extraction attacks also run through trafilatura
alone, in the same run, as the anchor; time limits are compared with the limit set.

    PYTHONPATH=. python benchmarks/bench_adversarial.py [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from results_file import RESULTS, replace_section

from tests.adversarial.cpu_meter import Metered, run_metered
from tests.adversarial.hostile_server import attributes_page, crawl_job_text, deep_page, links_page
from tests.crawl.conftest import job_text, read_jsonl, write_job
from tests.crawl.site import SiteServer, SiteShape

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
SCRAPE = [sys.executable, "-m", "scraper"]
GUARD = 900.0
ANCHOR_LIMIT = 300.0
FETCH_ATTACKS = (
    ("Retry-After: \u00b2 (then 200)", "retry-after-superscript"),
    ("Retry-After: 1000000000", "retry-after-huge"),
    ("charset=undefined", "charset/undefined"),
    ("charset=punycode", "charset/punycode"),
    ("<meta charset=punycode>", "meta-charset/punycode"),
    ("redirect to port 99999", "redirect-port/99999"),
    ("redirect to port -1", "redirect-port/-1"),
    ("Location: http://[::1", "bad-location"),
    ("redirect to 169.254.170.2 (ECS credentials)", "metadata-redirect"),
    ("malformed status line", "malformed"),
    ("UTF-16 without BOM, charset=utf-16", "utf16"),
    ("one element, 1,000,000 attributes (7 MB)", "attributes"),
    ("one element, 200,000 quoted attributes", "quoted-attributes"),
    ("9 MB page of 130,000 links", "links"),
    ("200,000 nested elements", "deep"),
    ("U+202E and a 1 MB title", "bidi-title"),
)


@dataclass
class Row:
    attack: str
    command: str
    outcome: str
    run: Metered | None = None
    anchor: str = ""


def _outcome(metered: Metered) -> str:
    lines = metered.result.stderr.decode("utf-8", "replace").strip().splitlines()
    written = len(metered.result.stdout.splitlines())
    traceback = any("Traceback" in line for line in lines)
    reason = lines[-1].split(": ", 2)[-1][:70] if lines else ""
    text = f"exit {metered.result.returncode}"
    text += f", {written} written" if written else ""
    text += f"; {reason}" if reason else ""
    return text + ("; TRACEBACK" if traceback else "")


def start_hostile() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen([sys.executable, "-m", "tests.adversarial.hostile_server"], cwd=ROOT, env=ENV,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def fetch_rows(port: int) -> list[Row]:
    rows = []
    good = f"http://127.0.0.1:{port}/good/1.html"
    for label, path in (("good page (baseline: start-up included)", None), *FETCH_ATTACKS):
        url = good if path is None else f"http://127.0.0.1:{port}/h/{path}?bench"
        metered = run_metered([*SCRAPE, "fetch", "--allow-private", "--delay", "0", url], cwd=ROOT, env=ENV,
                              timeout=GUARD)
        rows.append(Row(label, "scrape fetch", _outcome(metered), metered))
    return rows


def trafilatura_anchor(page: Path) -> str:
    code = ("import sys, trafilatura; data = open(sys.argv[1], 'rb').read(); "
            "trafilatura.bare_extraction(data, with_metadata=True)")
    try:
        metered = run_metered([sys.executable, "-c", code, str(page)], cwd=ROOT, env=ENV, timeout=ANCHOR_LIMIT)
    except subprocess.TimeoutExpired:
        return f"trafilatura alone: unfinished after {ANCHOR_LIMIT:.0f} s"
    status = "done" if metered.result.returncode == 0 else f"exit {metered.result.returncode}"
    return f"trafilatura alone: {status}, {metered.wall:.1f} s, {metered.cpu:.1f} CPU s, {metered.peak_rss_mib:.0f} MiB"


def extract_rows(folder: Path) -> list[Row]:
    pages = {
        "1,000,000 attributes on one element": attributes_page(1_000_000, quoted=False),
        "200,000 quoted attributes (a=\"<\")": attributes_page(200_000, quoted=True),
        "9 MB page of 130,000 links": links_page(8 * 1000 * 1000),
        "200,000 nested elements": deep_page(200_000),
    }
    good = folder / "good.html"
    good.write_text("<html><body><article><h1>Good</h1><p>" + "A plain good paragraph. " * 60 +
                    "</p></article></body></html>", "utf-8")
    rows = []
    for index, (label, data) in enumerate(pages.items()):
        page = folder / f"hostile-{index}.html"
        page.write_bytes(data)
        metered = run_metered([*SCRAPE, "extract", "--page-timeout", "5", str(page), str(good)], cwd=ROOT, env=ENV,
                              timeout=GUARD)
        rows.append(Row(label + ", then a good page", "scrape extract --page-timeout 5", _outcome(metered), metered,
                        trafilatura_anchor(page)))
    return rows


def crawl_job(folder: Path, port: int, extra: str = "", timeout: int = 10) -> Path:
    return write_job(folder, crawl_job_text(port, extra_seeds=tuple(extra.split()), timeout=timeout))


def crawl_rows(folder: Path, port: int) -> list[Row]:
    job = crawl_job(folder / "crawl", port)
    metered = run_metered([*SCRAPE, "crawl", "--quiet", str(job)], cwd=job.parent, env=ENV, timeout=GUARD)
    report = json.loads((job.parent / "out" / "articles.report.json").read_text("utf-8"))
    written = report["pages"]["written"]
    rows = [Row("200-article site with the 16 hostile pages as seeds (max_retry_after 2 s)", "scrape crawl",
                f"exit {metered.result.returncode}; {written} written (all 200 articles: "
                f"{_all_articles(job.parent, port)}), {report['pages']['failed']} failed alone", metered)]
    base = f"http://site-a.test:{port}/h"
    stop_job = crawl_job(folder / "stop", port, extra=f"{base}/drip {base}/stall", timeout=600)
    command = [*SCRAPE, "crawl", "--quiet", str(stop_job)]
    process = subprocess.Popen(command, cwd=stop_job.parent, env=ENV, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    out = stop_job.parent / "out" / "articles.jsonl"
    while process.poll() is None and not (out.exists() and out.read_bytes().count(b"\n") >= 20):
        time.sleep(0.05)
    asked = time.monotonic()
    process.send_signal(signal.SIGTERM)
    code = process.wait(GUARD)
    stopped = time.monotonic() - asked
    with sqlite3.connect(stop_job.parent / "job.state.sqlite") as db:
        leased = db.execute("SELECT COUNT(*) FROM frontier WHERE state = 'leased'").fetchone()[0]
    rows.append(Row("SIGTERM while a drip-feed and a stalled server hold pages (request timeout 600 s)",
                    "scrape crawl", f"exit {code} {stopped:.1f} s after the signal (grace 10 s); {leased} URLs left "
                    "leased"))
    return rows


def _all_articles(folder: Path, port: int) -> str:
    urls = {str(record["url"]) for record in read_jsonl(folder / "out" / "articles.jsonl")}
    expected = {f"http://site-a.test:{port}/articles/{i}.html" for i in range(200)}
    return "yes" if expected <= urls else f"{len(expected - urls)} missing"


def state_rows(folder: Path) -> list[Row]:
    server = SiteServer(SiteShape(articles=100, news=10, per_index=20)).start()
    rows = []
    try:
        original = folder / "news"
        write_job(original, job_text(server))
        crawl = [*SCRAPE, "crawl", "--quiet"]
        subprocess.run([*crawl, str(original / "job.toml")], cwd=original, env=ENV, capture_output=True, check=False)
        out = original / "out" / "articles.jsonl"
        copy = folder / "news-copy"
        shutil.copytree(original, copy)
        server.site.bump()
        subprocess.run([*crawl, str(original / "job.toml")], cwd=original, env=ENV, capture_output=True, check=False)
        before = out.read_bytes()
        metered = run_metered([*crawl, str(copy / "job.toml")], cwd=copy, env=ENV, timeout=GUARD)
        changed = "unchanged" if out.read_bytes() == before else "CHANGED"
        rows.append(Row("a copied job folder run after the original grew", "scrape crawl (the copy)",
                        f"exit {metered.result.returncode}; original output {changed} ({len(before)} bytes)", metered))

        state = original / "job.state.sqlite"
        damaged = bytearray(state.read_bytes())
        damaged[2 * 4096 : 5 * 4096] = bytes(range(256)) * 48
        state.write_bytes(bytes(damaged))
        for args in ((), ("--status",)):
            metered = run_metered([*crawl, *args, str(original / "job.toml")], cwd=original, env=ENV, timeout=GUARD)
            rows.append(Row("state file damaged mid-file", " ".join(["scrape crawl", *args]), _outcome(metered),
                            metered))
        count = len(read_jsonl(out))
        metered = run_metered([*crawl, "--reset", "--yes", str(original / "job.toml")], cwd=original, env=ENV, timeout=GUARD)
        report = json.loads((original / "out" / "articles.report.json").read_text("utf-8"))
        rows.append(Row("damaged state, then --reset", "scrape crawl --reset",
                        f"exit {metered.result.returncode}; damaged file set aside, {report['records_adopted']} "
                        f"adopted, {len(read_jsonl(out)) - count} appended", metered))
        for damage in ("deleted", "emptied"):
            if damage == "deleted":
                state.unlink()
            else:
                state.write_bytes(b"")
            count = len(read_jsonl(out))
            metered = run_metered([*crawl, str(original / "job.toml")], cwd=original, env=ENV, timeout=GUARD)
            report = json.loads((original / "out" / "articles.report.json").read_text("utf-8"))
            rows.append(Row(f"state {damage}, output kept", "scrape crawl",
                            f"exit {metered.result.returncode}; {report['records_adopted']} adopted, "
                            f"{len(read_jsonl(out)) - count} appended", metered))
    finally:
        server.stop()
    return rows


BAD_VALUES = (
    ("[politeness]\nper_host_delay = inf", "per_host_delay = inf"),
    ("[politeness]\nconcurrency = 50000000", "concurrency = 50000000"),
    ("[politeness]\ntimeout = nan", "timeout = nan"),
    ('[politeness]\nuser_agent = "bot\\r\\nX: 1"', "user_agent with CR/LF"),
    ('[politeness.resolve]\n"h" = "not-an-ip"', "resolve h = not-an-ip"),
    ("x = " + "[" * 5000 + "]" * 5000, "5,000-deep TOML array"),
)


def bad_value_rows(folder: Path) -> list[Row]:
    rows = []
    minimal = 'name = "n"\nstart_urls = ["https://example.org/"]\n'
    for index, (text, label) in enumerate(BAD_VALUES):
        job = write_job(folder / f"bad-{index}", minimal + text + '\n[output]\njsonl = "o.jsonl"\n')
        metered = run_metered([*SCRAPE, "crawl", str(job)], cwd=job.parent, env=ENV, timeout=GUARD)
        rows.append(Row(label, "scrape crawl", _outcome(metered), metered))
    for option, value in (("--delay", "inf"), ("--timeout", "nan")):
        metered = run_metered([*SCRAPE, "fetch", option, value, "http://127.0.0.1/"], cwd=ROOT, env=ENV, timeout=GUARD)
        rows.append(Row(f"{option} {value}", "scrape fetch", _outcome(metered), metered))
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| attack | command | outcome | seconds | CPU s | peak RSS MiB |", "|---|---|---|---:|---:|---:|"]
    for row in rows:
        run = row.run
        numbers = (f"{run.wall:.1f} | {run.cpu:.1f} | {run.peak_rss_mib:.0f}" if run else "| |")
        lines.append(f"| {row.attack} | `{row.command}` | {row.outcome.replace('|', '/')} | {numbers} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    started = datetime.now(UTC)
    server, port = start_hostile()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            fetch = fetch_rows(port)
            extract = extract_rows(folder)
            crawl = crawl_rows(folder, port)
            state = state_rows(folder)
            bad = bad_value_rows(folder)
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(10)
    anchors = "\n".join(f"- {row.attack}: {row.anchor}" for row in extract)
    section = f"""## Hostile inputs (issue 11)

Run {started:%Y-%m-%d %H:%M} UTC on `{platform.node()}`, {platform.machine()}, {os.cpu_count()} CPUs,
Python {platform.python_version()}; load average at the end {os.getloadavg()[0]:.1f} (a shared machine).
`PYTHONPATH=. python benchmarks/bench_adversarial.py`. Each row is one command in a child process, under a meter
that reaps its whole process tree: seconds are wall-clock (start-up of about 3 s included), CPU
seconds and peak RSS (of the largest process) cover the fork server and the extraction workers too.

### Responses (`scrape fetch`, one URL each, from the hostile server on loopback)

{table(fetch)}

### Pages (`scrape extract`, the hostile page then a good one)

{table(extract)}

The anchor, in the same run, on the same files (trafilatura's `bare_extraction`, capped at {ANCHOR_LIMIT:.0f} s):

{anchors}

### Crawls

{table(crawl)}

### Job folders and states

{table(state)}

### Bad values (each must exit 2 naming the key or option)

{table(bad)}
"""
    replace_section(args.out, "## Hostile inputs (issue 11)", section)
    print(section)


if __name__ == "__main__":
    main()
