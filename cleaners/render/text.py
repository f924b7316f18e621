"""Plain text and CSV rows of articles."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from cleaners.render.common import runs

if TYPE_CHECKING:
    from cleaners.model import Article

#: The columns of CSV output, in order: the metadata, the lead image's address, then the text.
CSV_COLUMNS = ("source", "url", "canonical_url", "title", "description", "authors", "published", "modified",
               "language", "site_name", "page_type", "fetched_at", "lead_image_url", "word_count", "fingerprint",
               "text")


def to_text(article: Article) -> str:
    """The title, then the body's text: blocks apart by a blank line, a list's items one a line
    after ``- `` or their number."""
    parts = [" ".join(article.title.split())] if article.title else []
    for kind, ordered, items in runs(article.body):
        if kind == "list_item":
            parts.append("\n".join(f"{f'{number}.' if ordered else '-'} {item.text.strip()}"
                                   for number, item in enumerate(items, start=1)))
        else:
            parts += [block.text.strip() for block in items]
    return "\n\n".join(parts) + "\n"


def csv_row(article: Article) -> list[str]:
    """One article as a row of :data:`CSV_COLUMNS` (authors joined by ``"; "``, unknowns empty)."""
    values: dict[str, object] = article.to_dict()
    values["authors"] = "; ".join(article.authors)
    values["lead_image_url"] = article.lead_image.url if article.lead_image is not None else None
    return ["" if values.get(column) is None else str(values[column]) for column in CSV_COLUMNS]


def write_csv(articles: Iterable[Article], out: IO[str]) -> None:
    """A header row, then one row per article, to the stream ``out`` (opened with ``newline=""``)."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(article) for article in articles)
