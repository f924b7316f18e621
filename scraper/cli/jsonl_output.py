"""The ``-o FILE`` option shared by the commands that write article JSON lines."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from typing import IO


class OutputUnavailableError(Exception):
    """The output file cannot be opened; the message is ready for the user."""


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write JSONL here instead of standard output")


def open_output(path: str | None, stack: ExitStack) -> IO[str]:
    """Standard output, or ``path`` opened for writing and closed with ``stack``."""
    if not path:
        return sys.stdout
    try:
        return stack.enter_context(open(path, "w", encoding="utf-8"))
    except OSError as e:
        raise OutputUnavailableError(f"scrape: {path}: cannot write output ({e.strerror})") from e
