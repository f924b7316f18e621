"""Imported by the fork server of :mod:`scraper.pool` before it forks any worker.

Importing the extractor and running it once on a small page compiles the rule patterns and
loads the language model, so every worker forks warm: its first page's time limit measures
that page, not start-up work (about 2 s of CPU time).
"""

from __future__ import annotations

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


warm_up()
