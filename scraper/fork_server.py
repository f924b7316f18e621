"""The fork server that every extraction worker forks from, warm (:mod:`scraper.warm`).

Kept apart from :mod:`scraper.pool` so a command can start it first thing: the server imports
and warms the extractor (about 2 s of CPU time) while the command's own process goes on with
its start-up.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

#: Modules the fork server imports before forking any worker: the extractor, warmed, what a
#: crawl's pages also need in a worker (links and the near-duplicate hash: about 10 ms once the
#: extractor is in, against 0.3 s per worker when each imported them), and the program's main
#: module (so a worker does not import the command line again).
PRELOAD = ("scraper.warm", "scraper.crawl.links", "scraper.crawl.dedupe", "__main__")


def fork_server_context() -> Any:
    """The multiprocessing context whose processes fork from the warm server."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def start_fork_server() -> None:
    """Start the fork server now (it warms up on its own); pools started later use it."""
    from multiprocessing import forkserver

    fork_server_context()
    forkserver.ensure_running()
