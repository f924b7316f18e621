"""A crawl's articles as documents (``output.format`` markdown, txt or html): one file per URL.

Each URL has one file name, derived from it (host folder, path words, and a hash of the whole
URL so two URLs never share a file), so writing is idempotent: a page fetched again after a
crash, or updated by a later pass, replaces its file rather than adding one. A file is written
in ``.partial/`` and renamed into place, so a reader never sees half a document (a pass killed
mid-write leaves its part there, and the next pass, which holds the job's lock, clears it), and
it is written before the page's JSONL line: a line the state adopts after a crash always has
its document.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from scraper.errors import OutputError

#: File name suffix of each document format.
SUFFIXES = {"markdown": ".md", "txt": ".txt", "html": ".html"}
_NOT_NAME = re.compile(r"[^a-z0-9]+")
_SLUG_CHARS = 80
#: Where documents are written before they are renamed into place.
PARTIAL = ".partial"


def document_name(url: str, suffix: str) -> Path:
    """``host/path-words-HASH.suffix`` for ``url`` (relative; the same URL, the same name)."""
    parts = urlsplit(url)
    host = _NOT_NAME.sub("-", (parts.hostname or "unknown-host").lower()).strip("-") or "unknown-host"
    if parts.port:
        host += f"-{parts.port}"
    words = _NOT_NAME.sub("-", parts.path.lower()).strip("-")[:_SLUG_CHARS].strip("-") or "index"
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return Path(host) / f"{words}-{digest}{suffix}"


class DocumentFolder:
    """The folder a crawl writes its documents into."""

    def __init__(self, folder: Path, output_format: str) -> None:
        self.folder = folder
        self.suffix = SUFFIXES[output_format]
        self._partial = folder / PARTIAL
        self._written = 0

    def clear_partial(self) -> int:
        """Remove the parts a killed pass left (call it holding the job's lock); how many."""
        removed = 0
        try:
            for part in self._partial.glob("*.tmp"):
                part.unlink(missing_ok=True)
                removed += 1
        except OSError as e:
            raise OutputError(f"{self._partial}: cannot clear the parts of a killed pass ({e.strerror})") from e
        return removed

    def path_for(self, url: str) -> Path:
        return self.folder / document_name(url, self.suffix)

    def write(self, url: str, document: str) -> Path:
        """Write (or replace) the document of ``url``; an OS error becomes :class:`OutputError`."""
        path = self.path_for(url)
        self._written += 1
        temporary = self._partial / f"{os.getpid()}-{self._written}.tmp"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._partial.mkdir(parents=True, exist_ok=True)
            temporary.write_text(document, "utf-8")
            os.replace(temporary, path)
        except OSError as e:
            temporary.unlink(missing_ok=True)
            raise OutputError(f"{path}: cannot write the document ({e.strerror})") from e
        return path

    def remove(self, url: str) -> None:
        """Remove the document of a page that is gone (nothing when it has none)."""
        path = self.path_for(url)
        try:
            path.unlink(missing_ok=True)
        except OSError as e:
            raise OutputError(f"{path}: cannot remove the document of a gone page ({e.strerror})") from e
