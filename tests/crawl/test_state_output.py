"""The state file and the append-only output on real files: torn tails cut, offsets adopted, leases freed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.crawl.output import AppendLog
from scraper.crawl.recovery import OutputReconciler
from scraper.crawl.state import CrawlState, NewURL, PageUpdate, RecordWrite
from scraper.crawl.urls import normalize_url
from scraper.errors import JobLockedError, StateError


def _state(tmp_path: Path) -> CrawlState:
    return CrawlState.open(tmp_path / "s.sqlite", "job")


def _reconciler(state: CrawlState, tmp_path: Path) -> OutputReconciler:
    return OutputReconciler(state, tmp_path, min_interval=3600.0, now=1000.0)


def _article(url: str, text: str = "Some words of the story.") -> bytes:
    return (json.dumps({"schema_version": 1, "url": url, "text": text, "fingerprint": "sha256:" + url[-1],
                        "fetched_at": "2026-11-30T10:00:00Z"}) + "\n").encode()


def test_a_torn_write_is_cut_and_an_uncommitted_whole_line_adopted(tmp_path: Path) -> None:
    state = _state(tmp_path)
    path = tmp_path / "out.jsonl"
    log = AppendLog.open(path, _reconciler(state, tmp_path))
    assert log.key == "out.jsonl"  # relative to the job's folder
    start, end = log.append(_article("http://a.test/1"))
    state.add_urls([NewURL("http://a.test/1", "a.test", 0, "seed")], 1.0, use_lastmod=True)
    state.commit_page(PageUpdate("http://a.test/1", "done", 2.0, 1.0, status=200), "r1",
                      RecordWrite("http://a.test/1", None, log.key, start, end), [(log.key, end)], [],
                      use_lastmod=True)
    log.mark_committed()
    log.append(_article("http://a.test/2") + b'{"schema_version":1,"url":')  # the process dies here
    log.close()
    reconciler = _reconciler(state, tmp_path)
    reopened = AppendLog.open(path, reconciler)
    assert reconciler.done.bytes_cut == len(b'{"schema_version":1,"url":')
    assert reconciler.done.records_adopted == 1  # the whole line of /2: written, kept, now known
    assert path.read_bytes() == _article("http://a.test/1") + _article("http://a.test/2")
    assert reopened.committed == path.stat().st_size
    assert state.counts()["done"] == 2 and state.counts()["records"] == 2
    reopened.close()
    state.close()


def test_lines_that_are_not_articles_are_kept_never_cut(tmp_path: Path) -> None:
    state = _state(tmp_path)
    path = tmp_path / "theirs.jsonl"
    path.write_bytes(b"a line the user already had\n" + _article("http://a.test/9"))
    reconciler = _reconciler(state, tmp_path)
    log = AppendLog.open(path, reconciler)
    assert log.committed == path.stat().st_size
    assert (reconciler.done.lines_kept, reconciler.done.records_adopted) == (1, 1)
    log.close()
    state.close()


def test_a_second_pass_on_the_same_output_is_refused_while_the_first_holds_it(tmp_path: Path) -> None:
    first, second = _state(tmp_path), CrawlState.open(tmp_path / "other.sqlite", "other")
    path = tmp_path / "shared.jsonl"
    log = AppendLog.open(path, _reconciler(first, tmp_path))
    try:
        AppendLog.open(path, _reconciler(second, tmp_path))
    except JobLockedError as e:
        assert "another pass" in str(e)
    else:
        raise AssertionError("two passes opened one output")
    log.close()
    first.close()
    second.close()


def test_a_torn_warc_member_is_cut_and_whole_members_kept(tmp_path: Path) -> None:
    state = _state(tmp_path)
    path = tmp_path / "raw.warc.gz"
    whole = gzip.compress(b"WARC/1.1\r\none record\r\n\r\n")
    path.write_bytes(whole + whole + gzip.compress(b"WARC/1.1\r\nthe next")[:15])
    reconciler = _reconciler(state, tmp_path)
    log = AppendLog.open(path, reconciler)
    assert path.read_bytes() == whole + whole
    assert log.committed == 2 * len(whole) and reconciler.done.bytes_cut == 15
    log.close()
    state.close()


def test_a_state_keyed_by_absolute_paths_is_migrated_to_relative_keys(tmp_path: Path) -> None:
    state = _state(tmp_path)
    path = tmp_path / "out" / "a.jsonl"
    path.parent.mkdir()
    path.write_bytes(_article("http://a.test/1"))
    state.set_committed(str(path), path.stat().st_size)  # what earlier versions stored
    log = AppendLog.open(path, _reconciler(state, tmp_path))
    assert state.output_files() == [("out/a.jsonl", path.stat().st_size)]
    log.close()
    state.close()


def test_leases_of_a_dead_run_go_back_to_pending(tmp_path: Path) -> None:
    state = _state(tmp_path)
    state.add_urls([NewURL(f"http://a.test/{i}", "a.test", 0, "seed") for i in range(5)], 1.0, use_lastmod=True)
    state.start_run("dead", 1.0)
    leased = state.lease("dead", 2.0, 3, 900.0, use_lastmod=True)
    assert len(leased) == 3 and state.counts()["leased"] == 3
    assert state.start_run("next", 3.0) == 3  # the lock proves the dead run is gone
    assert state.counts()["leased"] == 0 and state.counts()["pending"] == 5
    state.close()


def test_the_state_of_another_job_is_refused(tmp_path: Path) -> None:
    CrawlState.open(tmp_path / "s.sqlite", "one").close()
    try:
        CrawlState.open(tmp_path / "s.sqlite", "two")
    except StateError as e:
        assert "'one'" in str(e)
    else:
        raise AssertionError("opened another job's state")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["http", "https", "HTTP"]), st.from_regex(r"[a-zA-Z0-9-]{1,12}(\.[a-z]{2,5}){1,2}", fullmatch=True),
       st.sampled_from(["", ":80", ":443", ":8080"]), st.text(alphabet="abc/._-~%?=&#", max_size=30))
def test_normalize_url_is_idempotent(scheme: str, host: str, port: str, rest: str) -> None:
    first = normalize_url(f"{scheme}://{host}{port}/{rest}")
    if first is not None:
        assert normalize_url(first) == first
        assert "#" not in first and first.split("://", 1)[1].split("/", 1)[0] == first.split("://", 1)[1].split("/", 1)[0].lower()
