"""One wording for a page that did not become an article, in extract, fetch and crawls alike."""

from __future__ import annotations

import pytest

from cleaners.errors import BinaryInputError
from scraper.errors import HTTPStatusError, PageTimeoutError, page_failure


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (RecursionError("maximum recursion depth exceeded"), "too deeply nested to extract"),
        (MemoryError(), "out of memory while extracting"),
        (PageTimeoutError("used more than 10 s of CPU time"), "used more than 10 s of CPU time"),
        (BinaryInputError("binary data (a PNG image), not text"), "binary data (a PNG image), not text"),
        (HTTPStatusError("HTTP 404 Not Found", status=404), "HTTP 404 Not Found"),
        (KeyError("title"), "internal error: KeyError: 'title'"),
    ],
)
def test_each_kind_of_page_failure_has_one_wording(error: BaseException, reason: str) -> None:
    assert page_failure(error) == reason
