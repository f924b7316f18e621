"""The state file and the append-only output on real files: torn tails cut, offsets adopted, leases freed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.crawl.output import AppendLog, recover_outputs
from scraper.crawl.state import CrawlState, NewURL, PageUpdate, RecordWrite
from scraper.crawl.urls import normalize_url
from scraper.errors import StateError


def _state(tmp_path: Path) -> CrawlState:
    return CrawlState.open(tmp_path / "s.sqlite", "job")


def test_uncommitted_and_torn_bytes_are_cut_on_reopen(tmp_path: Path) -> None:
    state = _state(tmp_path)
    path = tmp_path / "out.jsonl"
    log = AppendLog.open(path, state)
    start, end = log.append(b'{"a":1}\n')
    state.add_urls([NewURL("http://a.test/1", "a.test", 0, "seed")], 1.0, use_lastmod=True)
    state.commit_page(PageUpdate("http://a.test/1", "done", 2.0, 1.0, status=200), "r1",
                      RecordWrite("http://a.test/1", None, str(path), start, end), [(str(path), end)], [],
                      use_lastmod=True)
    log.mark_committed()
    log.append(b'{"b":2}\n{"c":')  # written, never committed (the process dies here)
    log.close()
    assert recover_outputs(state) == len(b'{"b":2}\n{"c":')
    assert path.read_bytes() == b'{"a":1}\n'
    reopened = AppendLog.open(path, state)
    assert reopened.committed == end
    reopened.close()
    state.close()


def test_a_file_new_to_the_state_is_adopted_not_cut(tmp_path: Path) -> None:
    state = _state(tmp_path)
    path = tmp_path / "theirs.jsonl"
    path.write_bytes(b"a line the user already had\n")
    log = AppendLog.open(path, state)
    assert log.committed == path.stat().st_size
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
