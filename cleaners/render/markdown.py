"""Markdown (CommonMark with pipe tables) of an article, its special characters escaped so that
any text reads back as the same text; each block's spans become links, emphasis and code."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cleaners.render.common import (
    body_pictures,
    code_language,
    heading_level,
    heading_shift,
    link_target,
    runs,
    segments,
    table_rows,
)

if TYPE_CHECKING:
    from cleaners.model import Article, Block, Image, Span

# Characters that start a Markdown block construct at the beginning of a line, and the
# punctuation after an ordered list's number (a backslash escapes punctuation only).
_LINE_START = re.compile(r"^(\s*)([#>+\-*=|~`])")
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
# Characters with an inline meaning anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>!|])")
_BACKTICKS = re.compile(r"`+")
_HARD_BREAK = "\\\n"
# A heading's closing run of "#" (after a space) would be read as markup, not text.
_CLOSING_HASHES = re.compile(r"(^|\s)(#+)$")
# An address that Markdown reads as written between plain parentheses.
_PLAIN_ADDRESS = re.compile(r"^[^\s<>()\\`\[\]]+$")
# The metadata front matter carries, in this order (YAML written as JSON scalars: valid YAML).
FRONT_MATTER_FIELDS = ("title", "authors", "published", "modified", "language", "site_name", "url", "page_type",
                       "description", "source", "fetched_at")


def _escaped(text: str) -> str:
    return _INLINE.sub(r"\\\1", text)


def _escape_line_start(line: str) -> str:
    line = _ORDERED.sub(lambda match: match[1] + "\\" + match[2], line)
    return _LINE_START.sub(lambda match: match[1] + "\\" + match[2], line)


def _escape_line(line: str) -> str:
    return _escape_line_start(_escaped(line))


def _heading(level: int, markdown: str) -> str:
    return "#" * level + " " + _CLOSING_HASHES.sub(lambda match: match[1] + "\\" + match[2], markdown)


def markdown_text(text: str) -> str:
    """``text`` as Markdown that reads back as the same plain text (no accidental emphasis,
    headings, lists or links); each line break is a hard break."""
    return _HARD_BREAK.join(_escape_line(line.strip()) for line in text.splitlines() if line.strip())


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of a block's text: plain (``span`` None) or covered by a span."""

    text: str
    span: Span | None = None


def _pieces(text: str, spans: Sequence[Span]) -> list[list[_Piece]]:
    """The text's lines (stripped, empty ones left out), each as plain and span pieces."""
    # A span across a line break cannot be written (Markdown's marks stop at the line's end).
    pieces = [_Piece(words, span) for words, span in segments(text, [s for s in spans if "\n" not in s.text])]
    lines: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece.span is not None:
            lines[-1].append(piece)
            continue
        for number, part in enumerate(piece.text.split("\n")):
            if number:
                lines.append([])
            lines[-1].append(_Piece(part))
    out: list[list[_Piece]] = []
    for line in lines:
        if line and line[0].span is None:
            line[0] = _Piece(line[0].text.lstrip())
        if line and line[-1].span is None:
            line[-1] = _Piece(line[-1].text.rstrip())
        kept = [piece for piece in line if piece.text]
        if kept:
            out.append(kept)
    return out


def _is_punctuation(char: str) -> bool:
    return bool(char) and not char.isalnum() and not char.isspace()


def _flanked(before: str, after: str, text: str) -> bool:
    """Whether ``*`` around ``text`` reads as emphasis between these neighbours (CommonMark's
    flanking rules: punctuation at an edge needs space or punctuation outside it)."""
    def fits(edge: str, outside: str) -> bool:
        return not _is_punctuation(edge) or not outside or outside.isspace() or _is_punctuation(outside)

    return (not text[0].isspace() and not text[-1].isspace() and fits(text[0], before) and fits(text[-1], after))


def _code_span(text: str) -> str:
    ticks = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _link(text: str, url: str) -> str:
    """``[text](url)``; an address with spaces, brackets or parentheses goes in ``<...>``."""
    if _PLAIN_ADDRESS.match(url):
        return f"[{_escaped(text)}]({url})"
    for char, code in (("\\", "%5C"), ("<", "%3C"), (">", "%3E"), (" ", "%20"), ("\n", "")):
        url = url.replace(char, code)
    return f"[{_escaped(text)}](<{url}>)"


def _span(line: Sequence[_Piece], index: int) -> str:
    """One piece of a line as Markdown; markup that would not read back as written stays plain."""
    piece, span = line[index], line[index].span
    first = index == 0
    if span is None:
        return _escape_line(piece.text) if first else _escaped(piece.text)
    if span.type == "link" and (target := link_target(span.url)) is not None:
        return _link(piece.text, target)
    before = line[index - 1] if index else None
    after = line[index + 1] if index + 1 < len(line) else None
    # Marks right next to another span's would merge with them (``a``b``, *a***b**).
    touching = (before is not None and before.span is not None) or (after is not None and after.span is not None)
    beside_code = any(piece is not None and piece.span is not None and piece.span.type == "code"
                      for piece in (before, after))
    if span.type == "code" and piece.text.strip() and not beside_code and not (first and "``" in piece.text):
        return _code_span(piece.text)  # (a line opening with ``` would start a fence)
    if span.type in ("emphasis", "strong") and not touching and _flanked(
        before.text[-1] if before else "", after.text[0] if after else "", piece.text
    ):
        marks = "**" if span.type == "strong" else "*"
        return f"{marks}{_escaped(piece.text)}{marks}"
    return _escape_line(piece.text) if first else _escaped(piece.text)


def markdown_inline(text: str, spans: Sequence[Span] = ()) -> str:
    """A block's text as Markdown with its links, emphasis and code; line breaks are hard breaks."""
    if not spans:
        return markdown_text(text)
    return _HARD_BREAK.join("".join(_span(line, index) for index in range(len(line))) for line in _pieces(text, spans))


def _fence(text: str) -> str:
    return "`" * max(3, max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)


def _table(block: Block) -> str:
    rows = table_rows(block)
    if not rows:
        return ""
    cells = [[_escaped(cell) for cell in row] for row in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "|".join(" --- " for _ in cells[0]) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def picture(image: Image) -> list[str]:
    """A picture as ``![alt](<url>)``, and its caption in emphasis below it."""
    parts: list[str] = []
    if image.url:
        parts.append(_link(" ".join((image.alt or "").split()), image.url).replace("[", "![", 1))
    if image.caption:
        parts.append("*" + markdown_text(image.caption) + "*")
    return parts


def _list(items: Sequence[Block], ordered: bool) -> str:
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        marker = f"{number}. " if ordered else "- "
        indent = _HARD_BREAK + " " * len(marker)
        lines.append(marker + markdown_inline(item.text, item.spans).replace(_HARD_BREAK, indent))
    return "\n".join(lines)


def _blocks(article: Article) -> Iterator[str]:
    shift = heading_shift(article.body)
    for kind, ordered, items in runs(article.body):
        for block in items if kind != "list_item" else items[:1]:
            pictures = items if kind == "list_item" else [block]  # a list's pictures go before it
            for holder in pictures:
                for image in body_pictures(holder, article.lead_image):
                    yield from picture(image)
            if kind == "list_item":
                yield _list(items, ordered)
            elif kind == "heading":
                yield _heading(heading_level(block, shift), markdown_inline(" ".join(block.text.split()), block.spans))
            elif kind == "quote":
                quoted = markdown_inline(block.text, block.spans).split("\n")
                yield "\n".join("> " + line if line else ">" for line in quoted)
            elif kind == "code":
                fence = _fence(block.text)
                yield f"{fence}{code_language(block) or ''}\n{block.text.rstrip()}\n{fence}"
            elif kind == "table":
                yield _table(block)
            else:
                yield markdown_inline(block.text, block.spans)


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
        parts.append(_heading(1, _escape_line(" ".join(article.title.split()))))
    if article.lead_image is not None:
        parts.extend(picture(article.lead_image))
    parts.extend(_blocks(article))
    document = "\n\n".join(part for part in parts if part) + "\n"
    return (front_matter(article) if with_front_matter else "") + document
