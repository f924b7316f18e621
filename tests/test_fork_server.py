"""A worker forked from the warm fork server that fails before it runs says so in one line."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

# The worker's arguments cannot be unpickled in the child, as when its pool removed the lock it
# was handed (the race at the end of a pass): the child fails inside multiprocessing's start-up.
_SCRIPT = """
from scraper.fork_server import fork_server_context
from tests.fork_server_helpers import Vanished

process = fork_server_context().Process(target=print, args=(Vanished(),))
process.start()
process.join()
print(process.exitcode)
"""


def test_a_worker_that_fails_as_it_starts_prints_one_line_not_a_traceback() -> None:
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert done.stderr.splitlines() == [
        "scrape: an extraction process stopped as it started (FileNotFoundError: [Errno 2] No such file or directory)"]
