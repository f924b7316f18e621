"""``scrape schedule``: passes on an interval, never overlapping, and a clean stop on SIGTERM."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl.conftest import crawl_command, job_text, run_cli, write_job
from tests.crawl.site import SiteServer, SiteShape


@pytest.fixture
def tiny_site() -> Iterator[SiteServer]:
    server = SiteServer(SiteShape(articles=12, news=2, per_index=6)).start()
    yield server
    server.stop()


def _runs(state: Path) -> list[tuple[float, float | None, str | None]]:
    if not state.exists():
        return []
    with sqlite3.connect(state) as db:
        # The pass creates the file a moment before its tables: polled then, it has no runs yet.
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'runs'").fetchone() is None:
            return []
        return [(s, f, o) for s, f, o in db.execute("SELECT started, finished, outcome FROM runs ORDER BY started")]


def _status_runs(job: Path) -> list[tuple[float, float | None, str | None]]:
    """The job's runs, oldest first, as ``scrape crawl --status`` shows them (either state)."""
    shown = json.loads(run_cli("crawl", "--status", "--json", str(job), cwd=job.parent).stdout)["runs"]
    return [(r["started"], r["finished"], r["outcome"]) for r in reversed(shown)]


def test_schedule_runs_passes_one_after_another(tiny_site: SiteServer, tmp_path: Path, state_backend: str) -> None:
    job = write_job(tmp_path, job_text(tiny_site))
    result = run_cli("schedule", "--every", "1s", "--passes", "2", str(job), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    runs = _status_runs(job)
    assert len(runs) == 2
    (_, first_end, _), (second_start, _, _) = runs
    assert first_end is not None and second_start >= first_end, "two passes of one job overlapped"
    assert result.stderr.count("pass started") == 2


def test_every_on_the_command_line_overrides_the_job_file_and_says_so(tiny_site: SiteServer, tmp_path: Path) -> None:
    job = write_job(tmp_path, job_text(tiny_site, extra='[schedule]\nevery = "1h"'))
    result = run_cli("schedule", "--every", "1s", "--passes", "2", str(job), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(_runs(tmp_path / "job.state.sqlite")) == 2  # an hour apart had the job file won
    assert "every 1s (--every; the job file says 1h)" in result.stderr
    assert "every 1s, first pass now" in result.stderr
    assert result.stderr.count("next pass at ") == 1  # after the first pass; the second is the last


def test_schedule_stops_cleanly_on_sigterm(tiny_site: SiteServer, tmp_path: Path) -> None:
    job = write_job(tmp_path, job_text(tiny_site, extra='[schedule]\nevery = "1h"'))
    command, env = crawl_command("schedule", str(job))
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(f for _, f, _ in _runs(tmp_path / "job.state.sqlite")):
            time.sleep(0.1)
        assert process.poll() is None, "the scheduler exited on its own"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert "stopped" in stderr
    assert len(_runs(tmp_path / "job.state.sqlite")) == 1  # the next pass was an hour away


def test_schedule_refuses_a_job_without_an_interval(tiny_site: SiteServer, tmp_path: Path) -> None:
    job = write_job(tmp_path, job_text(tiny_site))
    result = run_cli("schedule", str(job), cwd=tmp_path)
    assert result.returncode == 2 and "schedule.every" in result.stderr
