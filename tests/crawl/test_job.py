"""Job files: defaults, durations, and errors that name the bad key."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from scraper.crawl.job import Job, accepted_keys, format_duration, load_job, parse_duration
from scraper.errors import JobError
from tests.conftest import ROOT
from tests.crawl.conftest import run_cli, write_job

MINIMAL = 'name = "news"\nstart_urls = ["https://example.org/"]\n[output]\njsonl = "out/news.jsonl"\n'


def test_minimal_job_gets_documented_defaults(tmp_path: Path) -> None:
    job = load_job(write_job(tmp_path, MINIMAL, "news.toml"))
    assert job.name == "news"
    assert job.output.jsonl == tmp_path / "out" / "news.jsonl"
    assert job.state_path == tmp_path / "news.state.sqlite"  # next to the job file
    assert job.politeness.per_host_delay == 1.0 and not job.politeness.allow_private
    assert job.recrawl.min_interval == 6 * 3600 and job.recrawl.conditional
    assert job.every is None
    # Only articles are written, a pass is bounded, extraction uses every core, one page limit.
    assert job.output.page_types == ("article",) and not job.output.tombstones
    assert job.limits.max_pages == 1000 and job.limits.extract_workers == (os.cpu_count() or 1)
    assert job.output.page_timeout == 10.0
    config = job.fetch_config()
    assert config.respect_robots and not config.allow_private


def _keys_written(text: str) -> set[str]:
    """Every key the file sets or shows commented out, dotted with its table's name."""
    keys, table = set(), ""
    for line in text.splitlines():
        if header := re.match(r"^\[([\w.]+)\]", line):
            table = header.group(1) + "."
            keys.add(header.group(1))
        elif key := re.match(r"^#?\s*([a-z_]+)\s*=", line):
            keys.add(table + key.group(1))
    return keys


def test_the_example_job_file_shows_every_key_the_parser_accepts() -> None:
    written = _keys_written((ROOT / "examples" / "job.toml").read_text("utf-8"))
    assert sorted(accepted_keys() - written) == []
    assert sorted(written - accepted_keys()) == []  # and none the parser would refuse


def test_earlier_key_names_are_still_read() -> None:
    job = load_job_text("[limits]\npages_per_run = 7\n", '[output]\njsonl = "o.jsonl"\nworkers = 3\n')
    assert job.limits.max_pages == 7 and job.limits.extract_workers == 3
    with pytest.raises(JobError, match=r"output\.workers: set limits\.extract_workers only"):
        load_job_text("[limits]\nextract_workers = 2\n", '[output]\njsonl = "o.jsonl"\nworkers = 3\n')
    with pytest.raises(JobError, match="unknown page type 'articles'"):
        load_job_text("", '[output]\njsonl = "o.jsonl"\npage_types = ["articles"]\n')


def load_job_text(tables: str, output: str) -> Job:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        text = 'name = "n"\nstart_urls = ["https://example.org/"]\n' + tables + output
        return load_job(write_job(Path(folder), text))


def test_the_example_job_file_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "job.toml"
    job = load_job(example)
    assert job.every == 6 * 3600
    assert job.start_urls and job.output.jsonl is not None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (MINIMAL + "[follow]\nmax_dept = 3\n", "follow.max_dept"),
        ("colour = 1\n" + MINIMAL, "colour"),
        (MINIMAL.replace('"news"', '""'), "name"),
        (MINIMAL + "[politeness]\nper_host_delay = \"fast\"\n", "politeness.per_host_delay"),
        (MINIMAL + "[politeness]\nconcurrency = 0\n", "politeness.concurrency"),
        (MINIMAL + "[schedule]\nevery = \"6 hours\"\n", "schedule.every"),
        (MINIMAL + "[follow]\ninclude = [\"(unclosed\"]\n", "follow.include"),
        (MINIMAL + "[follow]\nenabled = \"yes\"\n", "follow.enabled"),
        (MINIMAL.replace("https://example.org/", "ftp://example.org/"), "start_urls"),
        ('name = "x"\n[output]\njsonl = "a.jsonl"\n', "start_urls"),
        ('name = "x"\nstart_urls = ["https://e.org/"]\n', "output.jsonl"),
        (MINIMAL + 'folder = "out"\n', "output.jsonl"),
        # Values that would hang, exhaust memory or make every fetch fail are refused by name.
        (MINIMAL + "[politeness]\nper_host_delay = inf\n", "politeness.per_host_delay"),
        (MINIMAL + "[politeness]\nconcurrency = 50000000\n", "politeness.concurrency"),
        (MINIMAL + "[politeness]\ntimeout = nan\n", "politeness.timeout"),
        (MINIMAL + "[politeness]\nuser_agent = \"bot\\r\\nX-Evil: 1\"\n", "politeness.user_agent"),
        (MINIMAL + "[politeness]\nresolve = {\"h\" = \"not-an-ip\"}\n", "politeness.resolve.h"),
        (MINIMAL + "[recrawl]\nmin_interval = inf\n", "recrawl.min_interval"),
        (MINIMAL + "[recrawl]\nmax_failures = 100000\n", "recrawl.max_failures"),
        (MINIMAL + "page_timeout = -inf\n", "output.page_timeout"),
        (MINIMAL.replace("https://example.org/", "https://example.org:99999/"), "start_urls"),
    ],
)
def test_bad_values_name_their_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(JobError) as caught:
        load_job(write_job(tmp_path, text))
    assert caught.value.key == key
    assert str(caught.value).startswith(key + ":")


def test_a_deeply_nested_job_file_is_refused_in_one_line(tmp_path: Path) -> None:
    deep = MINIMAL.replace("[output]", "x = " + "[" * 5000 + "]" * 5000 + "\n[output]")
    with pytest.raises(JobError) as caught:
        load_job(write_job(tmp_path, deep))
    assert "nested too deeply" in str(caught.value)
    result = run_cli("crawl", str(tmp_path / "job.toml"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_durations() -> None:
    assert parse_duration("6h") == 21600
    assert parse_duration("30m") == 1800
    assert parse_duration("1.5d") == 129600
    assert parse_duration(90) == 90
    assert parse_duration("45s") == 45
    # Printed as a job file writes them, and read back to the same seconds.
    for written, seconds in (("6h", 21600), ("30m", 1800), ("90s", 90), ("1d", 86400), ("2w", 1209600),
                             ("1.5s", 1.5), ("36h", 129600)):
        assert format_duration(seconds) == written
        assert parse_duration(written) == seconds
    for bad in ("", "6 hours", "-1h", True):
        with pytest.raises(JobError):
            parse_duration(bad)


def test_cli_exits_2_on_a_bad_job_file_and_names_the_key(tmp_path: Path) -> None:
    job = write_job(tmp_path, MINIMAL + "[limits]\npages_per_run = -5\n")
    result = run_cli("crawl", str(job), cwd=tmp_path)
    assert result.returncode == 2
    assert "limits.pages_per_run" in result.stderr
    missing = run_cli("crawl", str(tmp_path / "nope.toml"), cwd=tmp_path)
    assert missing.returncode == 2 and "no such job file" in missing.stderr
    broken = write_job(tmp_path, "name = \n", "broken.toml")
    assert run_cli("crawl", str(broken), cwd=tmp_path).returncode == 2


def test_a_state_url_names_postgresql_and_the_environment_wins(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.crawl.job import job_from_mapping

    data = {"name": "j", "start_urls": ["https://example.org/"], "output": {"jsonl": "out.jsonl"},
            "state": {"url": "postgresql://crawler@db.example/crawls"}}
    monkeypatch.delenv("SCRAPE_STATE_URL", raising=False)
    assert job_from_mapping(data, tmp_path / "job.toml").state_url == "postgresql://crawler@db.example/crawls"
    monkeypatch.setenv("SCRAPE_STATE_URL", "postgresql://crawler:secret@other.example/crawls")
    assert job_from_mapping(data, tmp_path / "job.toml").state_url == "postgresql://crawler:secret@other.example/crawls"
    monkeypatch.delenv("SCRAPE_STATE_URL")
    assert job_from_mapping({**data, "state": {}}, tmp_path / "job.toml").state_url is None
    with pytest.raises(JobError, match=r"state\.url: a state url is a PostgreSQL address"):
        job_from_mapping({**data, "state": {"url": "mysql://db/x"}}, tmp_path / "job.toml")
    with pytest.raises(JobError, match=r"output\.warc: WARC output is written by a job on a SQLite state"):
        job_from_mapping({**data, "output": {"jsonl": "out.jsonl", "warc": "pages.warc.gz"}}, tmp_path / "job.toml")
    assert job_from_mapping({**data, "state": {"lease_seconds": "90s"}}, tmp_path / "job.toml").lease_seconds == 90.0
    with pytest.raises(JobError, match=r"state\.lease_seconds: at least 3 seconds"):
        job_from_mapping({**data, "state": {"lease_seconds": "1s"}}, tmp_path / "job.toml")
