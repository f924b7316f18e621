"""Imported by the fork server of :mod:`scraper.pool` before it forks any worker.

Importing the extractor and running it once on a small page compiles the rule patterns and
loads the language model, so every worker forks warm: its first page's time limit measures
that page, not start-up work (about 2 s of CPU time).

It also makes a worker that fails before it runs say so in one line instead of a traceback on
the command's standard error. One such failure is a race, not a bug: a pool closed at the end of
a pass right after it started a replacement worker has already removed the lock the new worker
is still unpickling. A page a dead worker held is reported by the pool, with its reason.
"""

from __future__ import annotations

import sys
from types import TracebackType

import cleaners
from scraper.model_cache import load_language_model

_PAGE = (
    "<html lang='en'><head><title>Warm-up page</title></head><body><article><h1>Warm-up page</h1>"
    "<p>This short page exercises the extractor once, so that every worker process starts warm.</p>"
    "<p>It has a second paragraph, enough for content selection to run as on a real page.</p>"
    "</article></body></html>"
)


def warm_up() -> None:
    """Load the language model (from the cache's unpacked copy when there is one), then extract
    one small HTML page and one text page."""
    load_language_model()
    # With a URL, so the public suffix list (read to find a site's registered name) is loaded here once.
    cleaners.extract(_PAGE, "https://www.example.org/news/warm-up.html", source="warm-up.html")
    cleaners.extract("Warm-up text\n\nA paragraph of plain text, read once at start-up.", source="warm-up.txt")


def report_start_failure(kind: type[BaseException], error: BaseException, _: TracebackType | None) -> None:
    """``sys.excepthook`` of the fork server and the workers it forks: one line, no traceback."""
    sys.stderr.write(f"scrape: an extraction process stopped as it started ({kind.__name__}: {error})\n")


warm_up()
sys.excepthook = report_start_failure
