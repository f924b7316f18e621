"""An unexpected error becomes one line and exit status 70, with the traceback kept in a crash log."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
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
