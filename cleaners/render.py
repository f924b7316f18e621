"""Articles as Markdown, plain text and minimal HTML, rendered from the typed body.

Pure functions of an :class:`~cleaners.model.Article`; ``Article.to_markdown()``, ``to_text()``
and ``to_html()`` call them. The body's blocks carry plain text (no inline links or emphasis
yet), so the renderings carry the block structure: the title as the first heading, the lead
image and its caption, then headings (levels kept relative, the shallowest one step below the
title), paragraphs, lists, quotes, code and tables, in page order.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from cleaners.model import Article, Block

# Characters that start a Markdown block construct at the beginning of a line, and the
# punctuation after an ordered list's number (a backslash escapes punctuation only).
_LINE_START = re.compile(r"^(\s*)([#>+\-*=|~`])")
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
# Characters with an inline meaning anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>!|])")
_BACKTICKS = re.compile(r"`+")
# The metadata front matter carries, in this order (YAML written as JSON scalars: valid YAML).
FRONT_MATTER_FIELDS = ("title", "authors", "published", "modified", "language", "site_name", "url", "page_type",
                       "description", "source", "fetched_at")


def _escape_line(line: str) -> str:
    escaped = _INLINE.sub(r"\\\1", line)
    escaped = _ORDERED.sub(lambda match: match[1] + "\\" + match[2], escaped)
    return _LINE_START.sub(lambda match: match[1] + "\\" + match[2], escaped)


def markdown_text(text: str) -> str:
    """``text`` as Markdown that reads back as the same plain text (no accidental emphasis,
    headings, lists or links); each line break is a hard break."""
    lines = [_escape_line(line.strip()) for line in text.splitlines() if line.strip()]
    return "\\\n".join(lines)


def _heading_shift(blocks: Sequence[Block]) -> int:
    """How many levels to add so that the shallowest body heading sits one below the title's ``#``."""
    levels = [block.level or 2 for block in blocks if block.type == "heading"]
    return 2 - min(levels) if levels else 0


def _fence(text: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    return "`" * max(3, longest + 1)


def _table_rows(text: str) -> list[list[str]]:
    """A table block's lines (cells joined by `` | ``) as rows of cells, padded to one width."""
    rows = [[cell.strip() for cell in line.split(" | ")] for line in text.splitlines() if line.strip()]
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def _markdown_table(text: str) -> str:
    rows = _table_rows(text)
    if not rows:
        return ""
    cells = [[_INLINE.sub(r"\\\1", cell) for cell in row] for row in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "|".join(" --- " for _ in cells[0]) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def _runs(blocks: Sequence[Block]) -> Iterator[tuple[str, list[Block]]]:
    """Runs of blocks of one type (a list's items stay together), empty blocks left out."""
    for kind, run in groupby(blocks, key=lambda block: block.type):
        items = [block for block in run if block.text.strip()]
        if items:
            yield kind, items


def _heading_level(block: Block, shift: int) -> int:
    return min(6, max(2, (block.level or 2) + shift))


def _markdown_blocks(blocks: Sequence[Block]) -> Iterator[str]:
    shift = _heading_shift(blocks)
    for kind, items in _runs(blocks):
        if kind == "list_item":
            yield "\n".join("- " + markdown_text(item.text).replace("\\\n", "\\\n  ") for item in items)
            continue
        for block in items:
            if kind == "heading":
                yield "#" * _heading_level(block, shift) + " " + _escape_line(" ".join(block.text.split()))
            elif kind == "quote":
                yield "\n".join("> " + line if line else ">" for line in markdown_text(block.text).split("\n"))
            elif kind == "code":
                fence = _fence(block.text)
                yield f"{fence}\n{block.text.rstrip()}\n{fence}"
            elif kind == "table":
                yield _markdown_table(block.text)
            else:
                yield markdown_text(block.text)


def front_matter(article: Article) -> str:
    """YAML front matter with the article's metadata (each value a JSON scalar or list: valid YAML)."""
    data = article.to_dict()
    lines = [f"{name}: {json.dumps(data[name], ensure_ascii=False)}" for name in FRONT_MATTER_FIELDS
             if data.get(name) not in (None, [], "")]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def to_markdown(article: Article, *, with_front_matter: bool = False) -> str:
    """The article as Markdown: the title as ``#``, the lead image, then the body."""
    parts: list[str] = []
    if article.title:
        parts.append("# " + _escape_line(" ".join(article.title.split())))
    lead = article.lead_image
    if lead is not None and lead.url:
        alt = _INLINE.sub(r"\\\1", " ".join((lead.alt or "").split()))
        target = lead.url.replace(">", "%3E").replace(" ", "%20")
        parts.append(f"![{alt}](<{target}>)")
    if lead is not None and lead.caption:
        parts.append("*" + markdown_text(lead.caption) + "*")
    parts.extend(_markdown_blocks(article.body))
    document = "\n\n".join(part for part in parts if part) + "\n"
    return (front_matter(article) if with_front_matter else "") + document


def to_text(article: Article) -> str:
    """The title, then the body's text: paragraphs apart by a blank line."""
    parts = [" ".join(article.title.split())] if article.title else []
    parts += [block.text.strip() for block in article.body if block.text.strip()]
    return "\n\n".join(parts) + "\n"


def _html_blocks(blocks: Sequence[Block]) -> Iterator[str]:
    shift = _heading_shift(blocks)
    for kind, items in _runs(blocks):
        if kind == "list_item":
            yield "<ul>" + "".join(f"<li>{_html_text(item.text)}</li>" for item in items) + "</ul>"
            continue
        for block in items:
            if kind == "heading":
                level = _heading_level(block, shift)
                yield f"<h{level}>{html.escape(' '.join(block.text.split()))}</h{level}>"
            elif kind == "quote":
                yield f"<blockquote><p>{_html_text(block.text)}</p></blockquote>"
            elif kind == "code":
                yield f"<pre><code>{html.escape(block.text.rstrip())}</code></pre>"
            elif kind == "table":
                rows = _table_rows(block.text)
                if rows:
                    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in rows[0])
                    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                                   for row in rows[1:])
                    yield f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            else:
                yield f"<p>{_html_text(block.text)}</p>"


def _html_text(text: str) -> str:
    return "<br>".join(html.escape(line.strip()) for line in text.splitlines() if line.strip())


def to_html(article: Article) -> str:
    """A minimal semantic HTML document of the article: no script, style, form or attribute
    beyond ``lang``, ``charset``, ``src`` and ``alt``."""
    title = html.escape(" ".join((article.title or "").split()))
    lang = f' lang="{html.escape(article.language)}"' if article.language else ""
    parts = [f"<h1>{title}</h1>"] if title else []
    lead = article.lead_image
    if lead is not None and (lead.url or lead.caption):
        image = f'<img src="{html.escape(lead.url)}" alt="{html.escape(lead.alt or "")}">' if lead.url else ""
        caption = f"<figcaption>{html.escape(lead.caption)}</figcaption>" if lead.caption else ""
        parts.append(f"<figure>{image}{caption}</figure>")
    parts.extend(_html_blocks(article.body))
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n</head>\n'
            f"<body>\n<article>\n{body}\n</article>\n</body>\n</html>\n")


#: The columns of CSV output, in order: the metadata, the lead image's address, then the text.
CSV_COLUMNS = ("source", "url", "canonical_url", "title", "description", "authors", "published", "modified",
               "language", "site_name", "page_type", "fetched_at", "lead_image_url", "word_count", "fingerprint",
               "text")


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
