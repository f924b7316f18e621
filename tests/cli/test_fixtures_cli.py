"""``scrape fixtures check|update`` on the project's fixtures and on a user's own folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from scraper.fixtures import check_fixture, find_fixtures, run_fixture
from tests.conftest import ROOT, SEED, assert_valid, run_scrape

FIXTURES = list(find_fixtures(ROOT / "fixtures"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_fixture_matches_its_expected_json(fixture, article_validator: jsonschema.Draft202012Validator) -> None:
    diffs = check_fixture(fixture)
    assert not diffs, "\n".join(f"--- {d.field}\n{d.diff}" for d in diffs)
    assert_valid(article_validator, run_fixture(fixture))


def test_the_seed_is_a_fixture() -> None:
    assert any(f.input_path.resolve() == SEED.resolve() for f in FIXTURES)


def test_check_update_cycle_on_a_users_folder(tmp_path: Path) -> None:
    folder = tmp_path / "fx" / "my-page"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "input.txt")
    result = run_scrape("fixtures", "update", str(tmp_path / "fx"))
    assert result.returncode == 0, result.stderr
    assert b"updated my-page" in result.stdout
    assert run_scrape("fixtures", "check", str(tmp_path / "fx")).returncode == 0

    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    expected["title"] = "A reviewed title that differs"
    expected["body"][0]["text"] = "Changed first paragraph."
    (folder / "expected.json").write_text(json.dumps(expected, ensure_ascii=False), "utf-8")
    result = run_scrape("fixtures", "check", str(tmp_path / "fx"))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "FAIL my-page: title, body" in out
    assert "-A reviewed title that differs" in out
    assert "-[paragraph] Changed first paragraph." in out
    assert "0 passed, 1 failed" in out


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run_scrape("fixtures", "check", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert b"no such folder" in result.stderr
