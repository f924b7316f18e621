"""``scrape extract`` as a subprocess: inputs of every kind, bad ones reported in one line each."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from scraper.cli.main import COMMANDS, build_parser
from tests.conftest import ROOT, SEED, run_scrape


def _articles(stdout: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


def test_stdin_is_read_with_dash() -> None:
    result = run_scrape("extract", "-", stdin=SEED.read_bytes())
    assert result.returncode == 0
    [article] = _articles(result.stdout)
    assert article["source"] == "-"
    assert article["authors"] == ["Jean Delaunay"]


def test_gzip_folder_and_output_file(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    shutil.copy(SEED, pages / "sub" / "b.txt")
    (pages / "notes.bin").write_bytes(b"\x00\x01")  # not a page suffix: skipped by the folder walk
    out = tmp_path / "out.jsonl"
    result = run_scrape("extract", str(pages), "-o", str(out))
    assert result.returncode == 0, result.stderr
    articles = _articles(out.read_bytes())
    assert [a["source"] for a in articles] == [str(pages / "a.txt.gz"), str(pages / "sub" / "b.txt")]
    assert articles[0]["text"] == articles[1]["text"]
    assert result.stdout == b""


def test_a_folder_gives_its_pages_only_and_a_quoted_glob_picks_other_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "story.html").write_text("<html><body><article><h1>Story</h1><p>" + "Words of a story. " * 20
                                     + "</p></article></body></html>", "utf-8")
    for name in ("README.md", "LICENSE.md", "build.sh", "style.css"):
        (site / name).write_text("# Not a page\n\nA file that sits beside the pages.\n", "utf-8")
    result = run_scrape("extract", str(site))
    assert result.returncode == 0, result.stderr
    assert [a["source"] for a in _articles(result.stdout)] == [str(site / "story.html")]
    globbed = run_scrape("extract", str(site / "*.md"))  # quoted: the command expands it
    assert globbed.returncode == 0, globbed.stderr
    assert [a["source"] for a in _articles(globbed.stdout)] == [str(site / "LICENSE.md"), str(site / "README.md")]
    none = run_scrape("extract", str(site / "*.rst"))
    assert none.returncode == 1 and b"matches no file" in none.stderr


def test_version_and_help_load_no_command_and_extract_loads_no_fetcher() -> None:
    """The extractor itself loads in the workers only (the crawl's own process fetches); the
    archive reader (warcio) loads when an archive is met, and Dask only for ``scrape archive``."""
    result = run_scrape("--version")
    assert result.returncode == 0 and result.stdout.startswith(b"scrape ")
    listed = run_scrape("--help")
    assert all(name in listed.stdout for name in (b"extract", b"fetch", b"crawl", b"schedule", b"fixtures"))
    probe = ("import sys; from scraper.cli.main import build_parser; build_parser(sys.argv[1:]); "
             "print(sorted(m for m in ('cleaners.extraction', 'httpx', 'scraper.crawl.runner', 'warcio', 'distributed') "
             "if m in sys.modules))")
    for argv, loaded in ((["--version"], []), (["extract", "x.html"], []),
                         (["crawl", "job.toml"], ["httpx", "scraper.crawl.runner", "warcio"]),
                         (["archive", "x.warc.gz", "-o", "out"], ["warcio"])):
        found = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert found.stdout.strip() == repr(loaded), argv


def test_every_command_says_in_help_what_its_module_registers() -> None:
    parser = build_parser()  # every command's module
    registered = {name: action.help for action in parser._subparsers._group_actions  # type: ignore[union-attr]
                  for name, action in zip(action.choices, action._choices_actions, strict=True)}
    assert registered == {name: help_text for name, (_, help_text) in COMMANDS.items()}


def test_bad_inputs_get_one_line_each_and_do_not_lose_good_output(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    corrupt = tmp_path / "broken.txt.gz"
    corrupt.write_bytes(gzip.compress(SEED.read_bytes())[:100])
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "x.bin").write_bytes(b"x")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Un été très chaud\n\nLe président a déclaré que l'été serait très chaud à Besançon.".encode("cp1252"))
    missing = tmp_path / "missing.txt"
    result = run_scrape(
        "extract", str(SEED), str(empty), str(binary), str(corrupt), str(nothing), str(missing), str(latin1)
    )
    assert result.returncode == 1
    articles = _articles(result.stdout)
    assert [a["source"] for a in articles] == [str(SEED), str(latin1)]
    assert articles[1]["title"] == "Un été très chaud"
    errors = result.stderr.decode().splitlines()
    assert len(errors) == 5, errors
    for path, reason in [
        (empty, "empty"), (binary, "binary"), (corrupt, "gzip"), (nothing, "no readable page"), (missing, "no such file"),
    ]:
        assert any(line.startswith(f"scrape: {path}: ") and reason in line for line in errors), (path, errors)
    assert "Traceback" not in result.stderr.decode()


def test_workers_keep_input_order(tmp_path: Path) -> None:
    for index in range(6):
        (tmp_path / f"p{index}.txt").write_text(f"Title number {index}\n\nA paragraph for page {index} that ends.")
    result = run_scrape("extract", "--workers", "2", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert [a["title"] for a in _articles(result.stdout)] == [f"Title number {i}" for i in range(6)]


def test_pretty_output_is_indented_json() -> None:
    result = run_scrape("extract", "--pretty", str(SEED))
    assert result.returncode == 0
    assert result.stdout.startswith(b"{\n  \"schema_version\": 1,")
    assert json.loads(result.stdout)["language"] == "fr"


def test_pretty_output_of_several_pages_is_one_json_array() -> None:
    page = ROOT / "fixtures" / "readability" / "cnn" / "input.html.gz"
    result = run_scrape("extract", "--pretty", str(SEED), str(page))
    assert result.returncode == 0, result.stderr
    articles = json.loads(result.stdout)  # indented documents back to back would not parse
    assert [a["source"] for a in articles] == [str(SEED), str(page)]
    assert result.stdout.startswith(b"[\n{\n  \"schema_version\": 1,")


def test_usage_errors_exit_2_without_traceback() -> None:
    result = run_scrape("extract")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


EXPLAIN_PAGE = """<!doctype html><html lang="en"><head><title>The harbour reopens</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/about">About us</a></nav>
<article><h1>The harbour reopens</h1>
<p>After two winters behind closed gates, the harbour opened again on Monday, and the first ferry left at dawn.</p>
<p>The council spent three years and a great deal of money on the new quay, which now takes ships of any size.</p>
<p>Fishermen said the wait had been long, but the new cranes would halve the time it takes to land a catch.</p>
<p>Leave a Reply</p>
</article></body></html>"""


def test_explain_shows_kept_blocks_and_each_removal_with_its_rule(tmp_path: Path) -> None:
    page = tmp_path / "harbour.html"
    page.write_text(EXPLAIN_PAGE, encoding="utf-8")
    result = run_scrape("extract", "--explain", str(page))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert out.startswith(f"== {page}\n")
    assert "  + paragraph   After two winters behind closed gates" in out
    lines = out.splitlines()
    removed = lines[lines.index("removed: 2 items") + 1 : lines.index("removed by rule:")]
    assert [line.split()[1:3] for line in removed] == [
        ["navigation", "dom.navigation.tag"], ["comment_form", "comment_form.prompts.en"]]
    assert removed[0].endswith("Home News Sport About us")
    assert "{" not in out  # an explanation, not JSON


def test_explain_and_pretty_exclude_each_other(tmp_path: Path) -> None:
    result = run_scrape("extract", "--explain", "--pretty", str(SEED))
    assert result.returncode == 2
    assert b"not allowed with argument" in result.stderr


def test_a_busy_machine_drops_no_page(tmp_path: Path) -> None:
    """200 pages on two workers while two processes burn both cores, each page allowed one CPU
    second: the limit is CPU time and the workers start warm (their start-up alone, about
    2 CPU seconds, is not counted), so no page is skipped because the machine is slow."""
    pages = tmp_path / "pages"
    pages.mkdir()
    written = [*sorted((ROOT / "tests" / "html" / "pages").glob("*.html")), SEED]
    for i in range(200):
        source = written[i % len(written)]
        (pages / f"{i:03d}-{source.stem}{source.suffix}").write_bytes(source.read_bytes())
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        result = run_scrape("extract", "--workers", "2", "--page-timeout", "1", str(pages), timeout=900)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert result.returncode == 0, result.stderr
    assert len(_articles(result.stdout)) == 200
    assert result.stderr == b""
