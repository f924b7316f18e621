"""Lint, types and architecture rules, run as part of the test command."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

MAX_MODULE_LINES = 450


def _tool(name: str) -> list[str]:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", name]


def test_ruff() -> None:
    result = subprocess.run([*_tool("ruff"), "check", "cleaners", "scraper", "tests", "benchmarks"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_packages() -> None:
    result = subprocess.run([*_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_cleaners_never_imports_scraper_or_the_network() -> None:
    forbidden = ("scraper", "httpx", "socket", "urllib.request", "requests")
    for path in _python_files("cleaners"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{path.relative_to(ROOT)} imports {name}"


def test_modules_stay_small() -> None:
    for package in ("cleaners", "scraper"):
        for path in _python_files(package):
            lines = len(path.read_text("utf-8").splitlines())
            assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_seed_is_byte_for_byte_the_shared_seed() -> None:
    shared = ROOT.parent / "shared" / "seeds" / "000_187cdce079f5099f.txt"
    local = ROOT / "seeds" / "000_187cdce079f5099f.txt"
    assert local.exists()
    if shared.exists():
        assert local.read_bytes() == shared.read_bytes()


def test_the_public_names_of_the_packages_are_what_they_say_after_every_module_is_loaded() -> None:
    """The packages resolve their names lazily; a submodule named like a function would hide it."""
    import importlib
    import pkgutil
    import types

    import cleaners
    import scraper.fetch

    for package in (cleaners, scraper.fetch):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
        for name in package.__all__:
            assert not isinstance(getattr(package, name), types.ModuleType), f"{package.__name__}.{name}"
    assert callable(cleaners.extract) and callable(scraper.fetch.fetch_sync)
