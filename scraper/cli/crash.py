"""What a command does with an error nobody expected: one line for the user, the traceback kept.

An unexpected exception is a bug. The user sees ``scrape COMMAND: internal error ...`` and
where the traceback went, and the command exits ``70`` (``EX_SOFTWARE``), a status no command
uses for anything else, so a scheduler never counts a crash as "some pages failed".
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

EXIT_INTERNAL = 70


def crash_folder() -> Path:
    """``$SCRAPE_CRASH_DIR``, else ``$XDG_STATE_HOME/scrape-toolkit`` (``~/.local/state/...``)."""
    explicit = os.environ.get("SCRAPE_CRASH_DIR")
    if explicit:
        return Path(explicit)
    state_home = os.environ.get("XDG_STATE_HOME")
    if not state_home:
        try:
            state_home = str(Path.home() / ".local" / "state")
        except RuntimeError:
            state_home = tempfile.gettempdir()  # no home folder (a bare service account)
    return Path(state_home) / "scrape-toolkit"


def write_crash_log(error: BaseException, command: str) -> Path | None:
    """The traceback in a new file of :func:`crash_folder` (the temp folder if that fails), or None."""
    text = "".join(traceback.format_exception(error))
    name = f"crash-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.log"
    header = f"scrape {command}: {' '.join(sys.argv)}\n\n"
    for folder in (crash_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(header + text, "utf-8")
        except OSError:
            continue
        return path
    return None


def report_crash(error: BaseException, *, command: str, debug: bool) -> int:
    """Tell the user about ``error`` in one line (or the traceback with ``debug``); return 70."""
    summary = f"{type(error).__name__}: {error}".splitlines()[0][:300] if str(error) else type(error).__name__
    if debug:
        traceback.print_exception(error, file=sys.stderr)
        print(f"scrape {command}: internal error ({summary})", file=sys.stderr)
        return EXIT_INTERNAL
    log = write_crash_log(error, command)
    where = f"traceback in {log}" if log else "the traceback could not be saved; rerun with --debug"
    print(f"scrape {command}: internal error ({summary}); {where}", file=sys.stderr)
    return EXIT_INTERNAL
