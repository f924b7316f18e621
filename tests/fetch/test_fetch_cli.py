"""``scrape fetch`` as a user runs it: a subprocess against the fault server on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_scrape
from tests.fetch.fault_server import FaultServer


def test_fetch_writes_article_json_with_final_url_and_time(server: FaultServer) -> None:
    result = run_scrape("fetch", "--allow-private", "--delay", "0", server.url("/chain/2?cli"), timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1
    article = json.loads(lines[0])
    assert article["url"] == server.url("/chain/0")
    assert article["fetched_at"].endswith("Z")
    assert article["title"] == "A test page"
    assert result.stderr == b""


def test_failures_get_one_line_each_and_the_rest_still_comes_out(server: FaultServer, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    urls = [
        server.url("/page?cli=1"),
        server.url("/status/404?cli"),
        server.url("/binary/pdf?cli"),
        server.url("/ours-only?cli"),
        "ftp://example.org/file",
        server.url("/page?cli=2"),
    ]
    result = run_scrape("fetch", "--allow-private", "--delay", "0", "-o", str(output), *urls, timeout=90)
    assert result.returncode == 1
    articles = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [article["url"] for article in articles] == [urls[0], urls[5]]
    errors = result.stderr.decode().splitlines()
    assert errors == [
        f"scrape: {urls[1]}: HTTP 404",
        f"scrape: {urls[2]}: not an HTML page (Content-Type application/pdf)",
        f"scrape: {urls[3]}: robots.txt disallows this URL for scrape-toolkit",
        f"scrape: {urls[4]}: unsupported URL scheme ftp:; only http and https",
    ]
    assert "Traceback" not in result.stderr.decode()


def test_loopback_is_refused_without_allow_private(server: FaultServer) -> None:
    before = server.connections
    result = run_scrape("fetch", server.url("/page?cli=refused"), timeout=60)
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode().strip() == (
        f"scrape: {server.url('/page?cli=refused')}: refused to connect to 127.0.0.1: a loopback address; for an "
        "intranet or a test site, pass --allow-private (politeness.allow_private = true in a job)"
    )
    assert server.connections == before


def test_custom_user_agent_reaches_the_server(server: FaultServer) -> None:
    result = run_scrape(
        "fetch", "--allow-private", "--delay", "0", "--user-agent", "ExampleBot/3.1", server.url("/echo?cli"),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert "ExampleBot/3.1" in result.stdout.decode()


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--delay", "-1", "must be from 0 to 86400, got -1"),
        ("--delay", "inf", "must be a finite number, got inf"),
        ("--timeout", "nan", "must be a finite number, got nan"),
        ("--user-agent", "bot\r\nX-Injected: 1", "must not contain control characters"),
    ],
)
def test_bad_settings_exit_2_with_one_line_naming_the_option(option: str, value: str, reason: str) -> None:
    result = run_scrape("fetch", option, value, "http://127.0.0.1/", timeout=60)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"scrape fetch: argument {option}: {reason}")


def test_fetch_writes_the_other_formats_too(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/page?cli=formats")
    markdown = run_scrape("fetch", "--allow-private", "--delay", "0", "--format", "markdown", url, timeout=60)
    assert markdown.returncode == 0, markdown.stderr.decode()
    assert markdown.stdout.decode().startswith("# A test page\n\n")
    array = run_scrape("fetch", "--allow-private", "--delay", "0", "--format", "json", "--pretty", url,
                       server.url("/status/404?cli=formats"), timeout=60)
    assert array.returncode == 1
    articles = json.loads(array.stdout)
    assert [a["url"] for a in articles] == [url] and "\n  " in array.stdout.decode()
    folder = tmp_path / "pages"
    html = run_scrape("fetch", "--allow-private", "--delay", "0", "--format", "html", "-o", str(folder), url, timeout=60)
    assert html.returncode == 0 and [p.name for p in folder.iterdir()] == ["page.html"]
