"""Articles as Markdown, plain text, minimal HTML and CSV, rendered from the typed body.

Pure functions of an :class:`~cleaners.model.Article`; ``Article.to_markdown()``, ``to_text()``
and ``to_html()`` call them. The renderings carry the block structure: the title as the first
heading, the lead image and its caption, then headings (levels kept relative, the shallowest
one step below the title), paragraphs, lists (numbered ones numbered), quotes, code (with its
language), tables and the body's pictures with their captions, in page order, and inside each
block its ``spans``: links, emphasis and code.
"""

from cleaners.render.html import to_html
from cleaners.render.markdown import (
    FRONT_MATTER_FIELDS,
    front_matter,
    markdown_inline,
    markdown_text,
    to_markdown,
)
from cleaners.render.text import CSV_COLUMNS, csv_row, to_text, write_csv

__all__ = [
    "CSV_COLUMNS",
    "FRONT_MATTER_FIELDS",
    "csv_row",
    "front_matter",
    "markdown_inline",
    "markdown_text",
    "to_html",
    "to_markdown",
    "to_text",
    "write_csv",
]
