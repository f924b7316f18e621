"""An unpacked copy of the language model in the user's cache folder.

py3langid ships its model xz-compressed: every process that extracts spent 0.7 s of CPU time
unpacking 68 MB before its first page. The first process unpacks it once into the cache
folder; later ones read the copy (0.2 s). :mod:`cleaners` stays pure: it reads the copy only
because this module hands it over. The copy is optional: when the folder cannot be written
(read-only home, full disk), the model is unpacked in memory as before.
"""

from __future__ import annotations

import os
import tempfile
from enum import Enum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: Environment variable naming the cache folder; an empty value turns the copy off.
CACHE_ENV = "SCRAPE_CACHE_DIR"


class ModelSource(Enum):
    """Where the process's language model came from."""

    CACHED = "cached"  # the unpacked copy, as found
    UNPACKED = "unpacked"  # unpacked now into the cache, then read
    BUNDLED = "bundled"  # no usable cache: the extractor unpacks the bundled file when needed


def cache_folder() -> Path | None:
    """``$SCRAPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/scrape-toolkit`` (``~/.cache/...``); None when
    ``SCRAPE_CACHE_DIR`` is set empty or there is no home folder to put it in."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit is not None:
        return Path(explicit) if explicit.strip() else None
    cache_home = os.environ.get("XDG_CACHE_HOME")
    if not cache_home:
        try:
            cache_home = str(Path.home() / ".cache")
        except RuntimeError:
            return None  # no home folder (a bare service account): no copy, the slower start
    return Path(cache_home) / "scrape-toolkit"


def unpacked_model_path(folder: Path) -> Path:
    """The copy's name says which bundled file it unpacks (py3langid's version, the file's size
    and time), so an upgrade never reads a stale copy."""
    from cleaners.language import bundled_model_file

    bundled = bundled_model_file().stat()
    try:
        release = version("py3langid")
    except PackageNotFoundError:
        release = "unknown"
    return folder / f"langid-{release}-{bundled.st_size}-{bundled.st_mtime_ns}.npz"


def load_language_model(folder: Path | None = None) -> ModelSource:
    """Load the language model from the cache folder's copy, writing the copy first if needed."""
    from cleaners import LanguageModelError
    from cleaners.language import load_unpacked_model

    folder = cache_folder() if folder is None else folder
    if folder is None:
        return ModelSource.BUNDLED
    path = unpacked_model_path(folder)
    if path.is_file():
        try:
            load_unpacked_model(path)
            return ModelSource.CACHED
        except LanguageModelError:
            pass  # a damaged copy (a disk error): written again below
    if not _write_copy(path):
        return ModelSource.BUNDLED
    try:
        load_unpacked_model(path)
    except LanguageModelError:
        return ModelSource.BUNDLED  # written but unreadable: the bundled file still works
    return ModelSource.UNPACKED


def _write_copy(path: Path) -> bool:
    """Unpack the bundled model to ``path`` through a temporary file (readers never see half a
    copy; processes starting together each write their own and the last rename wins)."""
    from cleaners.language import unpack_bundled_model

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".langid-", suffix=".tmp", delete=False) as temp:
            try:
                unpack_bundled_model(temp)
                temp.flush()
                os.replace(temp.name, path)
            except BaseException:
                os.unlink(temp.name)
                raise
    except OSError:
        return False  # an unwritable or full cache folder: the copy is only a shortcut
    return True
