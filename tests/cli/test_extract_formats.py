"""``scrape extract --format``: JSON lines, one JSON array, and Markdown, text or HTML documents,
to standard output or one file per page in a folder; run as a user runs it."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from cleaners import extract
from cleaners.render import CSV_COLUMNS
from tests.conftest import ROOT, run_scrape

SEED = "seeds/000_187cdce079f5099f.txt"
CNN = ROOT / "fixtures" / "readability" / "cnn" / "input.html.gz"
HEISE = ROOT / "fixtures" / "readability" / "heise" / "input.html.gz"


def test_the_seed_as_markdown() -> None:
    result = run_scrape("extract", "--format", "markdown", SEED)
    assert result.returncode == 0, result.stderr.decode()
    markdown = result.stdout.decode()
    assert markdown.startswith("# Kim Jong-un souhaite un joyeux anniversaire à son « camarade le plus proche » Poutine")
    assert "\n\n## Des dizaines de milliers de conteneurs maritimes\n\n" in markdown
    assert "*Russian President Vladimir Putin, left, and North Korea*" in markdown
    assert "Les sanctions internationales sévères" in markdown  # the standfirst
    seed = (ROOT / SEED).read_text("utf-8")
    tail = seed[seed.index("Kim a personnellement rendu visite"):]
    after_article = tail[tail.index("spatial.") + len("spatial."):].strip()
    assert after_article  # the comment prompt and the captcha
    for line in after_article.splitlines():
        if line.strip():
            assert line.strip() not in markdown


def test_front_matter_opens_each_markdown_document() -> None:
    result = run_scrape("extract", "--format", "markdown", "--front-matter", SEED)
    text = result.stdout.decode()
    assert text.startswith("---\ntitle: \"Kim Jong-un") and '\nlanguage: "fr"\n' in text
    assert "\n---\n\n# Kim Jong-un" in text


def test_json_is_one_array_and_a_bad_input_keeps_the_others(tmp_path: Path) -> None:
    out = tmp_path / "articles.json"
    result = run_scrape("extract", "--format", "json", "-o", str(out), SEED, str(tmp_path / "missing.html"), str(CNN))
    assert result.returncode == 1
    articles = json.loads(out.read_text("utf-8"))
    assert [a["source"] for a in articles] == [SEED, str(CNN)]
    assert result.stderr.decode().splitlines() == [f"scrape: {tmp_path / 'missing.html'}: no such file or folder"]
    empty = run_scrape("extract", "--format", "json", str(tmp_path / "missing.html"))
    assert json.loads(empty.stdout) == []


def test_documents_go_one_per_page_into_a_folder_with_distinct_names(tmp_path: Path) -> None:
    folder = tmp_path / "md"
    for _ in range(2):  # a rerun overwrites its own files
        result = run_scrape("extract", "--format", "markdown", "-o", str(folder), str(CNN), str(HEISE), SEED)
        assert result.returncode == 0, result.stderr.decode()
    assert sorted(p.name for p in folder.iterdir()) == ["000_187cdce079f5099f.md", "input-2.md", "input.md"]
    assert (folder / "000_187cdce079f5099f.md").read_text("utf-8").startswith("# Kim Jong-un")
    assert result.stdout == b""


def test_several_documents_on_standard_output_are_headed_by_their_source(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(gzip.decompress(CNN.read_bytes()))
    result = run_scrape("extract", "--format", "txt", SEED, str(page))
    text = result.stdout.decode()
    assert text.startswith(f"==> {SEED} <==\nKim Jong-un")
    assert f"\n==> {page} <==\n" in text


def test_html_is_a_clean_document() -> None:
    result = run_scrape("extract", "--format", "html", str(CNN))
    assert result.returncode == 0, result.stderr.decode()
    tree = LexborHTMLParser(result.stdout.decode())
    assert tree.css_first("h1") is not None and len(tree.css("article p")) >= 5
    assert not tree.css("script, style, form, iframe")


def test_explain_does_not_go_with_a_format() -> None:
    result = run_scrape("extract", "--explain", "--format", "markdown", SEED)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "scrape: --explain shows its own report; it does not go with --format"


def test_csv_has_the_documented_columns_and_one_row_per_page(tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    result = run_scrape("extract", "--format", "csv", "-o", str(out), SEED, str(CNN))
    assert result.returncode == 0, result.stderr.decode()
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [row["source"] for row in rows] == [SEED, str(CNN)]
    seed = extract((ROOT / SEED).read_bytes(), source=SEED)
    assert rows[0]["title"] == seed.title and rows[0]["authors"] == "; ".join(seed.authors)
    assert rows[0]["text"] == seed.text and rows[0]["published"] == ""
    assert int(rows[1]["word_count"]) > 100


def test_csv_and_the_dates_of_every_fixture_open_in_pandas(tmp_path: Path) -> None:
    import pandas

    inputs = sorted(str(path) for path in (ROOT / "fixtures").rglob("input.*"))
    out = tmp_path / "fixtures.csv"
    result = run_scrape("extract", "--format", "csv", "-o", str(out), *inputs, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    frame = pandas.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == list(CSV_COLUMNS) and len(frame) == len(inputs)
    dates = [value for column in ("published", "modified") for value in frame[column] if value]
    assert len(dates) >= 10
    for value in dates:  # each value alone, with no format given
        assert not pandas.isna(pandas.to_datetime(value))
