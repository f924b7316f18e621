"""Opening the ``-o FILE`` output of the commands that write articles (or standard output)."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import IO


class OutputUnavailableError(Exception):
    """The output file cannot be opened; the message is ready for the user."""


def open_output(path: str | None, stack: ExitStack) -> IO[str]:
    """Standard output, or ``path`` opened for writing and closed with ``stack``."""
    if not path:
        return sys.stdout
    try:
        return stack.enter_context(open(path, "w", encoding="utf-8"))
    except OSError as e:
        raise OutputUnavailableError(f"scrape: {path}: cannot write output ({e.strerror})") from e
