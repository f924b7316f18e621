"""Fixture-based regression tests: a folder with an input page and its reviewed ``expected.json``.

A fixture folder holds exactly one ``input.*`` file (``input.txt``, ``input.html``, optionally
``.gz``; a symlink is fine), ``expected.json``, and optionally ``fixture.toml`` with ``url``
(the page's address, for resolving links) and ``source`` (recorded as the article's source;
default: the input's file name, so expectations do not depend on where the checkout lives).
"""

from __future__ import annotations

import difflib
import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cleaners
from scraper.errors import FixtureError
from scraper.inputs import page_name, read_input

EXPECTED = "expected.json"
SETTINGS = "fixture.toml"


@dataclass(frozen=True, slots=True)
class Fixture:
    """One fixture folder, resolved."""

    name: str
    folder: Path
    input_path: Path
    url: str | None
    source: str


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One field whose output differs from the expectation, with a readable diff."""

    field: str
    diff: str


def find_fixtures(root: Path) -> Iterator[Fixture]:
    """Every fixture folder under ``root`` (itself included), in sorted order."""
    if not root.exists():
        raise FixtureError(f"{root}: no such folder")
    folders = sorted({path.parent for path in root.rglob("input.*")} | {path.parent for path in root.rglob(EXPECTED)})
    for folder in folders:
        yield load_fixture(folder, root)


def load_fixture(folder: Path, root: Path) -> Fixture:
    inputs = sorted(folder.glob("input.*"))
    if len(inputs) != 1:
        raise FixtureError(f"{folder}: needs exactly one input.* file, found {len(inputs)}")
    settings: dict[str, Any] = {}
    if (folder / SETTINGS).exists():
        try:
            settings = tomllib.loads((folder / SETTINGS).read_text("utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise FixtureError(f"{folder / SETTINGS}: {e}") from e
    name = str(folder.relative_to(root)) if folder != root else folder.name
    return Fixture(name, folder, inputs[0], settings.get("url"), settings.get("source", inputs[0].name))


def run_fixture(fixture: Fixture) -> dict[str, Any]:
    """The article JSON the toolkit produces today for this fixture."""
    data = read_input(str(fixture.input_path))
    name = page_name(fixture.input_path.name).lower()
    content_type = "text/plain" if name.endswith((".txt", ".text", ".md")) else "text/html"
    article = cleaners.extract(data, fixture.url, source=fixture.source, content_type=content_type)
    return article.to_dict()


def load_expected(fixture: Fixture) -> dict[str, Any]:
    path = fixture.folder / EXPECTED
    if not path.exists():
        raise FixtureError(f"{path}: missing (run `scrape fixtures update` and review it)")
    try:
        loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as e:
        raise FixtureError(f"{path}: not valid JSON ({e})") from e
    return loaded


def _lines(field: str, value: Any) -> list[str]:
    if field == "body" and isinstance(value, list):
        return [f"[{block.get('type')}{block.get('level') or ''}] {block.get('text')}" for block in value]
    if isinstance(value, str):
        return value.split("\n")
    return json.dumps(value, ensure_ascii=False, indent=2).split("\n")


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[FieldDiff]:
    """Field-by-field differences, each with a unified diff of the field's lines."""
    diffs: list[FieldDiff] = []
    for field in list(expected) + [key for key in actual if key not in expected]:
        want, got = expected.get(field, "<missing>"), actual.get(field, "<missing>")
        if want == got:
            continue
        lines = difflib.unified_diff(
            _lines(field, want), _lines(field, got), "expected", "actual", lineterm="", n=1
        )
        diffs.append(FieldDiff(field, "\n".join(lines)))
    return diffs


def check_fixture(fixture: Fixture) -> list[FieldDiff]:
    return compare(load_expected(fixture), run_fixture(fixture))


def update_fixture(fixture: Fixture) -> bool:
    """Rewrite ``expected.json``; True when it changed."""
    path = fixture.folder / EXPECTED
    text = json.dumps(run_fixture(fixture), ensure_ascii=False, indent=2) + "\n"
    if path.exists() and path.read_text("utf-8") == text:
        return False
    path.write_text(text, "utf-8")
    return True
