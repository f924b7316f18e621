"""Jobs and states in the shapes users leave them: a copied folder, a damaged, lost or emptied
state. Each case exits as documented, with nothing lost and nothing written twice."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl.conftest import job_text, read_jsonl, read_report, run_cli, write_job
from tests.crawl.site import SiteServer, SiteShape

SHAPE = SiteShape(articles=60, news=6, per_index=20)


@pytest.fixture
def small_site() -> Iterator[SiteServer]:
    server = SiteServer(SHAPE).start()
    yield server
    server.stop()


def _crawl(folder: Path, *args: str) -> tuple[int, str]:
    result = run_cli("crawl", *args, str(folder / "job.toml"), cwd=folder, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr


def _urls(out: Path) -> list[str]:
    return [str(record["url"]) for record in read_jsonl(out)]


def _first_pass(site: SiteServer, folder: Path) -> Path:
    write_job(folder, job_text(site))
    code, stderr = _crawl(folder)
    assert code == 1, stderr  # the site's failing pages
    out = folder / "out" / "articles.jsonl"
    assert _urls(out)
    return out


def test_a_copied_job_folder_never_touches_the_original_output(small_site: SiteServer, tmp_path: Path) -> None:
    original = tmp_path / "news"
    out = _first_pass(small_site, original)
    copy = tmp_path / "news-copy"
    shutil.copytree(original, copy)
    small_site.site.bump()  # the original's next pass writes more
    assert _crawl(original)[0] == 0
    grown = out.read_bytes()
    assert len(grown) > len((copy / "out" / "articles.jsonl").read_bytes())

    code, stderr = _crawl(copy)
    assert code == 0, stderr
    assert out.read_bytes() == grown, "the copy's pass changed the original's output"
    # The copy made the same two passes on its own file: the same records, in its own folder.
    assert sorted(_urls(copy / "out" / "articles.jsonl")) == sorted(_urls(out))
    assert _crawl(original)[0] == 0  # and the original carries on, no exit 4


def test_a_state_damaged_mid_file_exits_4_with_advice_and_reset_recovers(
    small_site: SiteServer, tmp_path: Path
) -> None:
    out = _first_pass(small_site, tmp_path)
    before = out.read_bytes()
    state = tmp_path / "job.state.sqlite"
    data = bytearray(state.read_bytes())
    assert len(data) > 6 * 4096
    data[2 * 4096 : 5 * 4096] = bytes(range(256)) * 48  # three pages of garbage in the middle
    state.write_bytes(bytes(data))

    for args in ((), ("--status",)):
        code, stderr = _crawl(tmp_path, *args)
        assert code == 4, stderr
        assert len(stderr.strip().splitlines()) == 1
        assert "damaged" in stderr or "malformed" in stderr
        assert "--reset" in stderr
    assert out.read_bytes() == before, "a pass on a damaged state changed the output"

    code, stderr = _crawl(tmp_path, "--reset")  # no terminal to ask on: refused, nothing changed
    assert code == 2 and "--yes" in stderr, stderr
    assert not list(tmp_path.glob("job.state.sqlite.reset-*"))
    code, stderr = _crawl(tmp_path, "--reset", "--yes")
    assert code in (0, 1), stderr
    assert "set aside" in stderr
    assert list(tmp_path.glob("job.state.sqlite.reset-*")), "the damaged state was deleted, not set aside"
    urls = _urls(out)
    assert len(urls) == len(set(urls)), "--reset wrote an article twice"
    assert out.read_bytes().startswith(before)


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_a_lost_state_adopts_the_output_instead_of_duplicating_it(
    small_site: SiteServer, tmp_path: Path, damage: str
) -> None:
    out = _first_pass(small_site, tmp_path)
    written = _urls(out)
    state = tmp_path / "job.state.sqlite"
    if damage == "deleted":
        state.unlink()
    else:
        state.write_bytes(b"")  # truncated to nothing: SQLite reads it as a new database
    code, stderr = _crawl(tmp_path)
    assert code in (0, 1), stderr
    assert "adopted" in stderr
    urls = _urls(out)
    assert urls[: len(written)] == written
    assert len(urls) == len(set(urls)), "a lost state made the pass write articles again"
    report = read_report(tmp_path / "out" / "articles.report.json")
    assert report["records_adopted"] == len(written)
    assert report["pages"]["written"] == len(urls) - len(written)


MINIMAL = 'name = "n"\nstart_urls = ["http://127.0.0.1:9/"]\n'


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[politeness]\nper_host_delay = inf", "politeness.per_host_delay"),
        ("[politeness]\nconcurrency = 50000000", "politeness.concurrency"),
        ("[politeness]\ntimeout = nan", "politeness.timeout"),
        ('[politeness]\nuser_agent = "bot\\r\\nX-Evil: 1"', "politeness.user_agent"),
        ('[politeness.resolve]\n"h" = "not-an-ip"', "politeness.resolve.h"),
        ("x = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
    ids=["delay-inf", "concurrency-huge", "timeout-nan", "user-agent-crlf", "resolve-not-ip", "deep-toml"],
)
def test_a_bad_job_value_exits_2_in_one_line_naming_it(tmp_path: Path, text: str, key: str) -> None:
    # Before, these hung for ever, grew to gigabytes, or printed a traceback.
    write_job(tmp_path, MINIMAL + text + '\n[output]\njsonl = "o.jsonl"\n')
    code, stderr = _crawl(tmp_path)
    assert code == 2
    assert len(stderr.splitlines()) == 1 and key in stderr
    assert not (tmp_path / "o.jsonl").exists() and not (tmp_path / "job.state.sqlite").exists()


def test_a_lost_state_in_folder_mode_adopts_every_earlier_run_file(small_site: SiteServer, tmp_path: Path) -> None:
    write_job(tmp_path, job_text(small_site, output='folder = "runs"'))
    assert _crawl(tmp_path)[0] == 1
    first = sorted((tmp_path / "runs").glob("testsite-*.jsonl"))
    assert len(first) == 1
    written = [str(record["url"]) for record in read_jsonl(first[0])]
    (tmp_path / "job.state.sqlite").unlink()
    code, stderr = _crawl(tmp_path)
    assert code in (0, 1), stderr
    files = sorted((tmp_path / "runs").glob("testsite-*.jsonl"))
    again = [str(record["url"]) for path in files[1:] for record in read_jsonl(path)]
    assert not set(again) & set(written), "a lost state made the pass write earlier runs' articles again"


def test_reset_of_a_postgres_state_sets_the_job_aside_and_adopts_the_output(
    small_site: SiteServer, tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCRAPE_STATE_URL", database)
    out = _first_pass(small_site, tmp_path)
    written = _urls(out)
    assert not (tmp_path / "job.state.sqlite").exists()
    code, stderr = _crawl(tmp_path, "--reset", "--yes")
    assert code in (0, 1), stderr
    assert "set aside" in stderr and "testsite.reset-" in stderr
    urls = _urls(out)
    assert urls[: len(written)] == written and len(urls) == len(set(urls)), "--reset wrote an article twice"
    import psycopg

    with psycopg.connect(database) as connection:
        names = sorted(str(row[0]) for row in connection.execute("SELECT name FROM scrape_jobs"))
    assert names[0] == "testsite" and names[1].startswith("testsite.reset-") and len(names) == 2
