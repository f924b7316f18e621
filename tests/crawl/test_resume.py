"""Kill the crawl with SIGKILL at random moments, ten times in a row, resume, and check the output.

After the last, uninterrupted run: every story is in the JSONL exactly once, every line
parses (no torn line survives), and SQLite's integrity check passes.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.crawl.conftest import crawl_command, job_text, read_jsonl, write_job
from tests.crawl.site import SiteServer, SiteShape

KILLS = 10
MAX_RECORDS_PER_KILL = 8
SEED = 20261126


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _kill_at_random_moment(command: list[str], env: dict[str, str], cwd: Path, out: Path,
                           rng: random.Random) -> bool:
    """Start a pass and SIGKILL it: either after a random delay (start-up, discovery; or once
    MAX_RECORDS_PER_KILL further records have appeared, if sooner) or once a random number of
    further records has appeared (mid-crawl), plus a few random milliseconds.
    Returns False when the pass finished before the kill."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        # Either way a pass writes at most MAX_RECORDS_PER_KILL records before its kill, so ten
        # kills cannot use up the site however fast the machine crawls.
        target = _lines(out) + rng.randint(1, MAX_RECORDS_PER_KILL)
        if rng.random() < 0.3:
            target = _lines(out) + MAX_RECORDS_PER_KILL
            deadline = time.monotonic() + rng.uniform(0.1, 2.5)
        while _lines(out) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.03))
        if process.poll() is not None:
            return False
        process.kill()
        return True
    finally:
        process.wait(timeout=30)


def test_sigkill_ten_times_then_resume(tmp_path: Path) -> None:
    server = SiteServer(SiteShape(articles=100, news=20, per_index=15)).start()
    try:
        site = server.site
        job = write_job(tmp_path, job_text(server, recrawl='min_interval = "6h"'))
        out = tmp_path / "out" / "articles.jsonl"
        command, env = crawl_command("crawl", "--quiet", str(job))
        rng = random.Random(SEED)
        kills = 0
        while kills < KILLS:
            if not _kill_at_random_moment(command, env, tmp_path, out, rng):
                break
            kills += 1
        assert kills == KILLS, f"the crawl finished after only {kills} kills: the site is too small"

        final = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert final.returncode in (0, 1), final.stderr

        records = read_jsonl(out)  # also fails on a torn last line
        urls = [r["url"] for r in records]
        duplicates = sorted({u for u in urls if urls.count(u) > 1})
        assert not duplicates, f"written twice: {duplicates[:5]}"
        written = set(urls)
        for article, mirror in site.mirror_pairs():
            assert (article in written) != (mirror in written), f"{article} and its mirror both or neither"
            written.discard(mirror)
            written.add(article)
        expected = {site.article_url(i) for i in site.good_articles()} | {site.news_url(j) for j in range(20)}
        assert sorted(expected - written) == [], "articles missing after the kills"
        assert written == expected

        with sqlite3.connect(tmp_path / "job.state.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == len(records)
            committed = db.execute("SELECT committed FROM outputs WHERE file = ?", ("out/articles.jsonl",)).fetchone()[0]
            assert committed == out.stat().st_size
            assert db.execute("SELECT COUNT(*) FROM frontier WHERE state = 'leased'").fetchone()[0] == 0
    finally:
        server.stop()


def test_sigterm_stops_a_pass_cleanly_and_the_next_pass_finishes(tmp_path: Path) -> None:
    server = SiteServer(SiteShape(articles=40, news=4, per_index=10)).start()
    try:
        job = write_job(tmp_path, job_text(server, recrawl='min_interval = "6h"'))
        out = tmp_path / "out" / "articles.jsonl"
        command, env = crawl_command("crawl", str(job))
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
        deadline = time.monotonic() + 60
        while _lines(out) < 5 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 130, stderr
        report = json.loads((tmp_path / "out" / "articles.report.json").read_text("utf-8"))
        assert report["outcome"] == "stopped"
        stopped_at = len(read_jsonl(out))
        assert 5 <= stopped_at < server.site.story_count()
        final = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        failed = json.loads((tmp_path / "out" / "articles.report.json").read_text("utf-8"))["pages"]["failed"]
        # The site's failing pages fail in whichever pass reaches them first.
        assert final.returncode == (1 if failed else 0), final.stderr
        urls = [r["url"] for r in read_jsonl(out)]
        assert len(urls) == len(set(urls)) == server.site.story_count()
    finally:
        server.stop()
