"""The unpacked language model in the cache folder (scraper.model_cache).

Each case runs in a fresh interpreter: a process loads its model once, so only a new process
shows where its model came from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaners import LanguageModelError
from cleaners.language import load_unpacked_model

TEXTS = [
    "Le gouvernement a présenté mardi un projet de loi sur la réforme des retraites, vivement critiqué.",
    "The committee published its report on Tuesday after months of hearings with local residents.",
    "Die Regierung hat am Dienstag einen Gesetzentwurf vorgestellt, der heftig kritisiert wurde.",
]

_PROBE = f"""
import json, sys
from pathlib import Path
from scraper.model_cache import cache_folder, load_language_model, unpacked_model_path
from cleaners.language import language_scores
folder = cache_folder()
source = load_language_model()
scores = [max(language_scores(t).items(), key=lambda kv: kv[1]) for t in {TEXTS!r}]
print(json.dumps({{"source": source.value, "folder": str(folder) if folder else None,
                  "scores": scores}}))
"""


def probe(cache: str | None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPE_CACHE_DIR"}
    if cache is not None:
        env["SCRAPE_CACHE_DIR"] = cache
    result = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True)
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    """A cache folder, emptied after the test (each copy is 68 MB; pytest keeps old temp folders)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    yield folder
    shutil.rmtree(folder)


@pytest.fixture(scope="module")
def bundled_scores() -> object:
    """The identifier's answers when it unpacks the bundled file itself (no cache)."""
    answer = probe("")
    assert answer["source"] == "bundled" and answer["folder"] is None
    return answer["scores"]


def test_first_process_writes_the_copy_and_later_ones_read_it(cache: Path, bundled_scores: object) -> None:
    first = probe(str(cache))
    assert first["source"] == "unpacked"
    copies = list(cache.glob("langid-*.npz"))
    assert len(copies) == 1 and copies[0].stat().st_size > 10_000_000
    assert not list(cache.glob(".langid-*"))  # no temporary file left behind
    second = probe(str(cache))
    assert second["source"] == "cached"
    assert first["scores"] == second["scores"] == bundled_scores


def test_a_damaged_copy_is_written_again(cache: Path, bundled_scores: object) -> None:
    probe(str(cache))
    (copy,) = cache.glob("langid-*.npz")
    copy.write_bytes(copy.read_bytes()[:1000])
    again = probe(str(cache))
    assert again["source"] == "unpacked" and again["scores"] == bundled_scores
    assert copy.stat().st_size > 10_000_000


def test_an_unwritable_cache_folder_falls_back_to_the_bundled_model(tmp_path: Path, bundled_scores: object) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    answer = probe(str(blocker / "cache"))
    assert answer["source"] == "bundled" and answer["scores"] == bundled_scores


def test_the_default_folder_follows_xdg_cache_home(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPE_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    code = "from scraper.model_cache import cache_folder; print(cache_folder())"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(tmp_path / "scrape-toolkit")


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.npz"
    fake.write_bytes(b"PK\x03\x04 not really a zip file")
    with pytest.raises(LanguageModelError, match="not an unpacked language model"):
        _load_fresh(fake)


def _load_fresh(path: Path) -> None:
    """``load_unpacked_model`` checks the file even when this process has a model already."""
    import cleaners.language as language

    saved = list(language._LOADED)
    language._LOADED.clear()
    try:
        load_unpacked_model(path)
    finally:
        language._LOADED[:] = saved


def test_without_a_home_folder_there_is_no_copy_and_extraction_still_works(tmp_path: Path) -> None:
    """A service account with neither HOME nor XDG_CACHE_HOME (nor a passwd entry to find one)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPE_CACHE_DIR", "XDG_CACHE_HOME", "HOME")}
    code = (
        "import pathlib\n"
        "def no_home(): raise RuntimeError('Could not determine home directory.')\n"
        "pathlib.Path.home = staticmethod(no_home)\n"
        "from scraper.model_cache import cache_folder, load_language_model\n"
        "import cleaners\n"
        "print(cache_folder(), load_language_model().value,"
        " cleaners.extract('Un texte en français, assez long pour que la langue soit reconnue sans peine.').language)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["None", "bundled", "fr"]
