"""An unexpected error becomes one line and exit status 70, with the traceback kept in a crash log."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from scraper.cli import extract_cmd
from scraper.cli.crash import EXIT_INTERNAL
from scraper.cli.main import main
from tests.conftest import ROOT


def _boom(args: argparse.Namespace) -> int:
    raise ValueError("an impossible state")


def test_an_internal_error_is_one_line_status_70_and_a_crash_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCRAPE_CRASH_DIR", str(tmp_path))
    monkeypatch.setattr(extract_cmd, "run", _boom)  # the guard is under test, not the command
    assert main(["extract", "x.html"]) == EXIT_INTERNAL
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("scrape extract: internal error (ValueError: an impossible state); traceback in ")
    logs = list(tmp_path.glob("crash-*.log"))
    assert len(logs) == 1 and "Traceback" in logs[0].read_text("utf-8") and "_boom" in logs[0].read_text("utf-8")


def test_with_debug_the_traceback_is_printed_instead(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCRAPE_CRASH_DIR", str(tmp_path))
    monkeypatch.setattr(extract_cmd, "run", _boom)
    assert main(["extract", "--debug", "x.html"]) == EXIT_INTERNAL
    assert "Traceback" in capsys.readouterr().err
    assert not list(tmp_path.glob("crash-*.log"))


def test_a_program_that_cannot_even_import_exits_70_not_1(tmp_path: Path) -> None:
    # Exit status 1 means "some inputs failed" and schedulers accept it; a broken install must not.
    code = ("import sys; sys.modules['scraper.cli.main'] = None; "
            "from scraper.cli.entry import main; sys.exit(main())")
    env = dict(os.environ, PYTHONPATH=str(ROOT), SCRAPE_CRASH_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == EXIT_INTERNAL
    assert result.stderr.count("\n") == 1 and "internal error (ModuleNotFoundError" in result.stderr


def test_without_a_home_folder_the_crash_log_goes_to_the_temp_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A service account with no HOME, no XDG_STATE_HOME and no passwd entry still gets its log."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    for name in ("SCRAPE_CRASH_DIR", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    monkeypatch.setattr(extract_cmd, "run", _boom)
    assert main(["extract", "x.html"]) == EXIT_INTERNAL
    assert "traceback in " + str(tmp_path / "scrape-toolkit") in capsys.readouterr().err
    assert len(list((tmp_path / "scrape-toolkit").glob("crash-*.log"))) == 1
