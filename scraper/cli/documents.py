"""Where ``scrape extract --format`` writes: JSON lines, one JSON array, CSV, or one document per page.

``jsonl``, ``json`` and ``csv`` go to standard output or the ``-o FILE``. ``markdown``, ``txt`` and ``html``
write one document per page: with ``-o DIR``, into that folder under a name taken from the
page's file or URL (``story.md``; a name met twice becomes ``story-2.md``); without it, to
standard output, each document after a header line naming its source when there are several.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from contextlib import ExitStack
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import unquote, urlsplit

from scraper.cli.jsonl_output import OutputUnavailableError, open_output
from scraper.inputs import is_url

FORMATS = ("jsonl", "json", "markdown", "txt", "html", "csv")
#: What the workers render for each format (see :func:`scraper.pagework.rendered`).
RENDER = {"jsonl": "json", "json": "json", "markdown": "markdown", "txt": "txt", "html": "html", "csv": "csv"}
SUFFIX = {"markdown": ".md", "txt": ".txt", "html": ".html"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_PAGE_SUFFIXES = (".gz", ".warc", ".arc", ".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".md", ".php", ".aspx")


def add_document_arguments(parser: argparse.ArgumentParser) -> None:
    """``-o``, ``--format`` and ``--front-matter``, as ``extract`` and ``fetch`` share them."""
    parser.add_argument("-o", "--output", metavar="FILE|DIR",
                        help="write here instead of standard output: a file for jsonl, json and csv, a folder for "
                        "markdown, txt and html (one document per page)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="jsonl (default: one article JSON a line), json (one array), csv (a row per page), "
                        "markdown, txt or html")
    parser.add_argument("--front-matter", action="store_true",
                        help="with --format markdown: open each document with its metadata as YAML")


def output_format(form: str, *, pretty: bool, several: bool) -> str:
    """The format written: ``--pretty`` JSONL of several pages is one indented JSON array, since
    indented documents cannot stand one a line."""
    return "json" if form == "jsonl" and pretty and several else form


def render_of(args: argparse.Namespace) -> str:
    """What the workers render for the command line's ``--format`` and ``--front-matter``."""
    return "markdown+front" if args.front_matter and args.format == "markdown" else RENDER[args.format]


def document_name(source: str) -> str:
    """A file name (without suffix) for the document of ``source``: its file's stem, or its
    URL's last path segment (the host for a site's root), made safe for any file system; a
    record of a web archive (``crawl.warc.gz#1234``) is named by its file and offset."""
    if is_url(source):
        parts = urlsplit(source)
        segments = [segment for segment in unquote(parts.path).split("/") if segment]
        name = segments[-1] if segments else parts.hostname or "page"
    else:
        name = PurePosixPath(source.replace("\\", "/")).name or "stdin"
    name, _, record = name.partition("#")
    lowered = name.lower()
    while lowered.endswith(_PAGE_SUFFIXES):
        cut = next(suffix for suffix in _PAGE_SUFFIXES if lowered.endswith(suffix))
        name, lowered = name[: -len(cut)], lowered[: -len(cut)]
    safe = _UNSAFE.sub("-", f"{name}-{record}" if record else name).strip(".-")
    return safe[:120] or "page"


class DocumentWriter:
    """Writes each page's rendered document where ``--format`` and ``-o`` say."""

    def __init__(self, form: str, output: str | None, stack: ExitStack, *, several: bool) -> None:
        self.form = form
        self.several = several
        self._folder: Path | None = None
        self._used: set[str] = set()
        self._count = 0
        if form in SUFFIX and output:
            self._folder = Path(output)
            try:
                self._folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise OutputUnavailableError(f"scrape: {output}: cannot create the folder ({e.strerror})") from e
            self._out: IO[str] = sys.stdout
        else:
            self._out = open_output(output, stack)
        if form == "json":
            self._out.write("[")
        self._csv = csv.writer(self._out) if form == "csv" else None
        if self._csv is not None:
            from cleaners.render import CSV_COLUMNS

            self._csv.writerow(CSV_COLUMNS)

    def write(self, source: str, document: str) -> None:
        self._count += 1
        if self.form == "jsonl":
            self._out.write(document + "\n")
        elif self.form == "json":
            self._out.write(("\n" if self._count == 1 else ",\n") + document)
        elif self._csv is not None:
            self._csv.writerow(json.loads(document))
        elif self._folder is not None:
            self._write_file(source, document)
        else:
            if self.several:
                header = f"<!-- scrape: {source} -->" if self.form in ("markdown", "html") else f"==> {source} <=="
                self._out.write(("\n" if self._count > 1 else "") + header + "\n")
            self._out.write(document)
        self._out.flush()

    def write_raw(self, text: str) -> None:
        """Text as it is (``--explain``'s report), to the output file or standard output."""
        self._out.write(text)

    def _write_file(self, source: str, document: str) -> None:
        assert self._folder is not None
        stem = document_name(source)
        name, number = stem, 1
        while name.lower() in self._used:  # a rerun overwrites its own files
            number += 1
            name = f"{stem}-{number}"
        self._used.add(name.lower())
        path = self._folder / (name + SUFFIX[self.form])
        try:
            path.write_text(document, encoding="utf-8")
        except OSError as e:
            raise OutputUnavailableError(f"scrape: {path}: cannot write output ({e.strerror})") from e

    def close(self) -> None:
        if self.form == "json":
            self._out.write("\n]\n" if self._count else "]\n")
        self._out.flush()
