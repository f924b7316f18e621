"""Inputs for ``scrape extract``: files (plain or ``.gz``), folders, ``-`` for stdin, and URLs
(fetched by the batch with the fetcher's safety and politeness)."""

from __future__ import annotations

import glob
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scraper.errors import CorruptInputError, InputFileError, InputNotFoundError, NoInputsError

STDIN = "-"
# A gzip member may expand a thousandfold; stop reading a local page beyond this many bytes.
MAX_PAGE_BYTES = 100 * 1024 * 1024
#: What a folder walk reads: saved pages, plain text and web archives (WARC, ARC), optionally gzipped. Anything else in a
#: folder (README.md, LICENSE, scripts, images) is left alone; a glob picks other files.
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".txt", ".warc", ".arc")
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class InputRef:
    """One page to read: its path as the user gave it (or as found in a folder)."""

    source: str


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that cannot be read at all (missing path, empty folder)."""

    source: str
    error: InputFileError


def is_url(argument: str) -> bool:
    """An ``http://`` or ``https://`` argument: fetched, not read from disk."""
    return argument[:8].lower().startswith(("http://", "https://"))


def is_page_file(path: Path) -> bool:
    """Files a folder walk picks up: page suffixes, optionally gzipped; hidden files are skipped."""
    if path.name.startswith("."):
        return False
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(_PAGE_SUFFIXES)


def expand_inputs(arguments: list[str], *, wanted: Callable[[Path], bool] = is_page_file,
                  kind: str = "readable page (.html, .txt, .warc, .gz ...)") -> Iterator[InputRef | InputProblem]:
    """Each argument as an input: folders walked recursively for the ``wanted`` files (page files
    by default; ``kind`` names them when a folder has none), quoted globs expanded, both in sorted
    order."""
    for argument in arguments:
        if argument == STDIN or is_url(argument):
            yield InputRef(argument)
            continue
        path = Path(argument)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and wanted(p))
            if not files:
                yield InputProblem(argument, NoInputsError(f"folder holds no {kind}"))
            for file in files:
                yield InputRef(str(file))
        elif path.exists():
            yield InputRef(argument)
        elif _GLOB_CHARACTERS & set(argument):
            # A quoted glob ('site/**/*.md'): every file it matches, whatever its suffix.
            matches = sorted(p for p in glob.glob(argument, recursive=True) if Path(p).is_file())
            if not matches:
                yield InputProblem(argument, NoInputsError("the pattern matches no file"))
            for match in matches:
                yield InputRef(match)
        else:
            yield InputProblem(argument, InputNotFoundError("no such file or folder"))


def _gunzip(data: bytes) -> bytes:
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, MAX_PAGE_BYTES + 1)
        if len(out) > MAX_PAGE_BYTES:
            raise CorruptInputError(f"decompresses to more than {MAX_PAGE_BYTES} bytes")
        if not decompressor.eof:
            raise CorruptInputError("truncated gzip data")
    except zlib.error as e:
        raise CorruptInputError(f"corrupt gzip data ({e})") from e
    return out


def read_input(source: str) -> bytes:
    """The page's bytes, decompressed when gzipped (by name or by magic number)."""
    try:
        if source == STDIN:
            data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(MAX_PAGE_BYTES + 1)
    except FileNotFoundError as e:
        raise InputNotFoundError("no such file") from e
    except IsADirectoryError as e:
        raise InputFileError("is a folder") from e
    except OSError as e:
        raise InputFileError(e.strerror or str(e)) from e
    if len(data) > MAX_PAGE_BYTES:
        raise InputFileError(f"larger than {MAX_PAGE_BYTES} bytes")
    if data[:2] == b"\x1f\x8b":
        return _gunzip(data)
    if source.lower().endswith(".gz"):
        raise CorruptInputError("not gzip data despite the .gz name")
    return data


def page_name(source: str) -> str:
    """The name that tells HTML from text: ``page.html.gz`` → ``page.html``."""
    return source.removesuffix(".gz").removesuffix(".GZ")



