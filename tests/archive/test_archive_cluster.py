"""``scrape archive`` on a real Dask cluster bound to 127.0.0.1: a worker killed mid-run, an
interrupted run resumed, bad archives among good ones, and a second run that does no work."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scraper.archive.parts import PAUSE_PER_RECORD_VARIABLE
from tests.archive.test_reader import PAGES
from tests.archive.warcs import page, site_records, write_warc
from tests.conftest import ROOT, run_scrape

pytest.importorskip("distributed")

COMPRESSIONS = ("record", "none", "file")


def build_archives(folder: Path, count: int, *, pages_each: int = 4) -> list[Path]:
    """``count`` WARC files of ``pages_each`` fixture pages each (request and response records),
    compressed the three ways in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        pages = [PAGES[(index * pages_each + offset) % len(PAGES)] for offset in range(pages_each)]
        compress = COMPRESSIONS[index % len(COMPRESSIONS)]
        name = f"crawl-{index:02d}.warc{'' if compress == 'none' else '.gz'}"
        paths.append(write_warc(folder / name, list(site_records(pages, f"site{index}.test")), compress=compress))
    return paths


def reference_lines(paths: list[Path]) -> list[str]:
    """What a single-process ``scrape extract`` gives for the same files."""
    done = run_scrape("extract", *map(str, paths), timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().splitlines()


def part_lines(outdir: Path) -> list[str]:
    return [line for part in sorted((outdir / "parts").glob("*.jsonl")) for line in part.read_text().splitlines()]


def parts_done(outdir: Path) -> int:
    return len(list((outdir / "parts").glob("*.jsonl")))


def scrape_process(*args: str, pause: float = 0.0) -> subprocess.Popen[bytes]:
    """The command in a process group of its own, as a terminal runs it: with SIGINT handled (an
    xdist worker ignores it, and a child would inherit that)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if pause:
        env[PAUSE_PER_RECORD_VARIABLE] = str(pause)
    return subprocess.Popen([sys.executable, "-m", "scraper", *args], cwd=ROOT, env=env, start_new_session=True,
                            preexec_fn=_interrupts_default, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _interrupts_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"scrape archive ended early: {process.stderr.read().decode() if process.stderr else ''}")
        assert time.monotonic() < deadline, "timed out waiting for scrape archive"
        time.sleep(0.05)


@contextmanager
def dask_cluster(workers: int, *, daemonic: bool = False, pause: float = 0.0) -> Iterator[tuple[str, list[int]]]:
    """A LocalCluster in a process of its own (:mod:`tests.archive.cluster_process`): its
    scheduler's address and its workers' process ids. ``pause``: seconds each record takes."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if pause:
        env[PAUSE_PER_RECORD_VARIABLE] = str(pause)
    command = [sys.executable, "-m", "tests.archive.cluster_process", str(workers), *(["--daemonic"] if daemonic else [])]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    try:
        assert process.stdout is not None and process.stdin is not None
        ready, _, _ = select.select([process.stdout], [], [], 180)  # a generous bound for a busy machine
        started = json.loads(process.stdout.readline() or "null") if ready else None
        assert started, "the cluster did not start"
        yield started["address"], started["pids"]
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def report(outdir: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((outdir / "report.json").read_text())
    return data


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    inputs = build_archives(tmp_path / "warcs", 20)
    expected = reference_lines(inputs)
    assert len(expected) == 80
    outdir = tmp_path / "out"
    # Each record takes 0.1 s on the workers, so the run lasts long enough to kill one mid-way.
    # The workers are not daemonic, as the README says to start them: each has its page pool.
    with dask_cluster(2, pause=0.1) as (address, pids):
        assert len(pids) == 2
        process = scrape_process("archive", *map(str, inputs), "-o", str(outdir), "--scheduler", address)
        wait_for(lambda: parts_done(outdir) >= 3, process)
        os.kill(pids[0], signal.SIGKILL)
        done_at_kill = parts_done(outdir)
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors.decode()
    assert done_at_kill < 20
    lines = part_lines(outdir)
    assert Counter(json.loads(line)["source"] for line in lines).most_common(1)[0][1] == 1
    assert sorted(lines) == sorted(expected)
    first = report(outdir)
    assert first["inputs"] == {"total": 20, "extracted": 20, "already_done": 0, "failed": 0, "not_done": 0}
    assert first["records"] == {"total": 160, "article": 80, "other": 80}
    assert first["inputs_without_page_time_limit"] == 0

    # A second run over the same output does no work: no task, no cluster, the parts untouched;
    # it removes what the killed worker left half written.
    stamps = {part: part.stat().st_mtime_ns for part in (outdir / "parts").glob("[!.]*")}
    again = run_scrape("archive", *map(str, inputs), "-o", str(outdir), "--local", "1")
    assert again.returncode == 0, again.stderr
    assert report(outdir)["inputs"] == {"total": 20, "extracted": 0, "already_done": 20, "failed": 0, "not_done": 0}
    assert {part: part.stat().st_mtime_ns for part in (outdir / "parts").iterdir()} == stamps
    assert len(stamps) == 40
    manifest = json.loads((outdir / "manifest.json").read_text())
    assert [entry["status"] for entry in manifest["inputs"]] == ["done"] * 20


def test_an_interrupted_run_resumes(tmp_path: Path) -> None:
    inputs = build_archives(tmp_path / "warcs", 8, pages_each=3)
    expected = reference_lines(inputs)
    outdir = tmp_path / "out"
    process = scrape_process("archive", *map(str, inputs), "-o", str(outdir), "--local", "2", pause=0.15)
    wait_for(lambda: parts_done(outdir) >= 2, process)
    status = Path(f"/proc/{process.pid}/status").read_text().splitlines()
    ignored = int(next(line for line in status if line.startswith("SigIgn:")).split()[1], 16)
    assert not ignored & (1 << (signal.SIGINT - 1)), "the command was started with SIGINT ignored"
    # Ctrl-C: the terminal sends SIGINT to every process of the command, its cluster's included.
    os.killpg(process.pid, signal.SIGINT)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 130, errors.decode()
    assert "interrupted" in errors.decode() and "Traceback" not in errors.decode()
    done_before = parts_done(outdir)
    assert 2 <= done_before < 8
    assert report(outdir)["interrupted"] is True

    resumed = run_scrape("archive", *map(str, inputs), "-o", str(outdir), "--local", "1", timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    inputs_report = report(outdir)["inputs"]
    assert inputs_report == {"total": 8, "extracted": 8 - done_before, "already_done": done_before, "failed": 0,
                             "not_done": 0}
    assert sorted(part_lines(outdir)) == sorted(expected)


def test_bad_archives_are_reported_per_file_and_the_others_kept(tmp_path: Path) -> None:
    # Over 50 records each: the workers send progress events, which the command shows.
    good = build_archives(tmp_path / "warcs", 2, pages_each=26)
    truncated = write_warc(tmp_path / "warcs" / "truncated.warc.gz", list(site_records(PAGES[:3], "cut.test")))
    truncated.write_bytes(truncated.read_bytes()[:-300])
    garbage = tmp_path / "warcs" / "garbage.warc.gz"
    garbage.write_bytes(os.urandom(5000))
    bad_header = write_warc(tmp_path / "warcs" / "header.warc", list(site_records(PAGES[:1], "h.test")), compress="none")
    bad_header.write_bytes(bad_header.read_bytes().replace(b"WARC-Type: response", b"WARC-Type response"))
    # A page that needs about 7 s of CPU time fails under a 1 s limit, alone: its neighbour stays.
    heavy = b"<html><body>" + b"<div><p>A paragraph of words.</p><span>x</span></div>" * 60_000 + b"</body></html>"
    write_warc(tmp_path / "warcs" / "heavy.warc.gz", [page("https://heavy.test/slow", heavy),
                                                     page("https://heavy.test/fine", PAGES[0])])
    outdir = tmp_path / "out"
    done = run_scrape("archive", str(tmp_path / "warcs"), "-o", str(outdir), "--local", "1", "--page-timeout", "1",
                      timeout=300)
    assert done.returncode == 1
    errors = done.stderr.decode()
    assert f"scrape: {garbage}: " in errors and "Traceback" not in errors
    manifest = {Path(entry["path"]).name: entry for entry in json.loads((outdir / "manifest.json").read_text())["inputs"]}
    assert manifest["garbage.warc.gz"]["status"] == "failed"
    assert manifest["truncated.warc.gz"] | {"error": None} == manifest["truncated.warc.gz"]
    assert manifest["truncated.warc.gz"]["articles"] == 2
    assert manifest["header.warc"]["articles"] == 0
    assert [manifest[path.name]["articles"] for path in good] == [26, 26]
    assert manifest["heavy.warc.gz"]["articles"] == 1 and manifest["heavy.warc.gz"]["status"] == "done"
    summary = report(outdir)
    counts = summary["records"]
    assert isinstance(counts, dict) and counts["malformed"] >= 2 and counts["failed"] == 1
    assert summary["errors"] == {"ArchiveFormatError": 1, "PageTimeoutError": 1}
    assert summary["inputs_without_page_time_limit"] == 0
    urls = {json.loads(line)["url"] for line in part_lines(outdir)}
    assert {"https://cut.test/story/0", "https://cut.test/story/1", "https://site0.test/story/3",
            "https://heavy.test/fine"} <= urls
    assert "https://heavy.test/slow" not in urls
    # A rerun does no work and still names the input that cannot be read.
    again = run_scrape("archive", str(tmp_path / "warcs"), "-o", str(outdir), "--local", "1", "-q")
    assert again.returncode == 1
    assert report(outdir)["inputs"] == {"total": 6, "extracted": 0, "already_done": 6, "failed": 1, "not_done": 0}


def test_an_output_folder_in_use_is_refused(tmp_path: Path) -> None:
    inputs = build_archives(tmp_path / "warcs", 1)
    outdir = tmp_path / "out"
    outdir.mkdir()
    with open(outdir / ".lock", "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        done = run_scrape("archive", str(inputs[0]), "-o", str(outdir), "--local", "1")
    assert done.returncode == 3
    assert done.stderr.decode().strip() == f"scrape: {outdir}: another scrape archive is writing to this folder"


def test_daemonic_workers_extract_without_the_time_limit_and_say_so(tmp_path: Path) -> None:
    """Dask's default workers may not start processes: pages are extracted in the worker itself,
    the same articles come out, and the command says the page time limit did not hold."""
    inputs = build_archives(tmp_path / "warcs", 2)
    outdir = tmp_path / "out"
    with dask_cluster(1, daemonic=True) as (address, _):
        done = run_scrape("archive", *map(str, inputs), "-o", str(outdir), "--scheduler", address, "-q", timeout=300)
    assert done.returncode == 0, done.stderr
    assert report(outdir)["inputs_without_page_time_limit"] == 2
    assert b"2 inputs were extracted without the page time limit" in done.stderr
    assert sorted(part_lines(outdir)) == sorted(reference_lines(inputs))


def test_arguments_that_name_no_archive_are_refused_before_any_cluster(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<html><body><p>A page.</p></body></html>")
    done = run_scrape("archive", str(tmp_path), str(tmp_path / "page.html"), str(tmp_path / "absent.warc.gz"),
                      "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        f"scrape: {tmp_path}: folder holds no .warc, .warc.gz, .arc or .arc.gz file",
        f"scrape: {tmp_path / 'page.html'}: not named as a WARC or ARC file (.warc, .warc.gz, .arc, .arc.gz)",
        f"scrape: {tmp_path / 'absent.warc.gz'}: no such file or folder",
        "scrape: no archive to extract",
    ]
    assert not (tmp_path / "out").exists()


def test_csv_parts_hold_the_rows_scrape_extract_writes(tmp_path: Path) -> None:
    inputs = build_archives(tmp_path / "warcs", 2)
    outdir = tmp_path / "out"
    done = run_scrape("archive", *map(str, inputs), "-o", str(outdir), "--local", "1", "--format", "csv", "-q",
                      timeout=300)
    assert done.returncode == 0, done.stderr
    parts = sorted((outdir / "parts").glob("*.csv"))
    assert len(parts) == 2
    rows = [row for part in parts for row in list(csv.reader(io.StringIO(part.read_text())))[1:]]
    header = {tuple(next(csv.reader(io.StringIO(part.read_text())))) for part in parts}
    reference = run_scrape("extract", "--format", "csv", *map(str, inputs))
    expected = list(csv.reader(io.StringIO(reference.stdout.decode())))
    assert header == {tuple(expected[0])}
    assert sorted(rows) == sorted(expected[1:])
    assert len(rows) == 8
