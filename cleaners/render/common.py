"""What every rendering shares: runs of list items, heading levels, table rows, safe addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaners.model import Block, Image, Span

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})
#: What a code language's name may be (it goes into a Markdown fence and an HTML class).
LANGUAGE_NAME = re.compile(r"^[A-Za-z0-9_+#.-]{1,30}$")


def link_target(href: str | None) -> str | None:
    """An address worth linking to: web, mail, phone or relative; never a script or a bare fragment."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    scheme = _SCHEME.match(href)
    if scheme is not None and scheme[1].lower() not in _LINK_SCHEMES:
        return None
    return href


def code_language(block: Block) -> str | None:
    """A code block's language when it is a plain name (it goes into a fence or a class)."""
    language = block.language
    return language if language and LANGUAGE_NAME.match(language) else None


def heading_shift(blocks: Sequence[Block]) -> int:
    """How many levels to add so that the shallowest body heading sits one below the title's ``#``."""
    levels = [block.level or 2 for block in blocks if block.type == "heading"]
    return 2 - min(levels) if levels else 0


def heading_level(block: Block, shift: int) -> int:
    return min(6, max(2, (block.level or 2) + shift))


def table_rows(block: Block) -> list[list[str]]:
    """A table's rows of cells, padded to one width: its ``cells``, else its lines split at `` | ``."""
    if block.cells:
        rows = [list(row) for row in block.cells if any(cell.strip() for cell in row)]
    else:
        rows = [[cell.strip() for cell in line.split(" | ")] for line in block.text.splitlines() if line.strip()]
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def runs(blocks: Sequence[Block]) -> Iterator[tuple[str, bool, list[Block]]]:
    """Runs of blocks of one type (a list's items stay together, numbered or not), empty blocks left out."""
    for (kind, ordered), run in groupby(blocks, key=lambda block: (block.type, block.ordered)):
        items = [block for block in run if block.text.strip()]
        if items:
            yield kind, ordered, items


def body_pictures(block: Block, lead: Image | None) -> list[Image]:
    """The pictures before a block, less the lead image (rendered under the title already)."""
    lead_url = lead.url if lead is not None else None
    return [image for image in block.images if image.url and image.url != lead_url]


def segments(text: str, spans: Sequence[Span]) -> Iterator[tuple[str, Span | None]]:
    """The whole of ``text`` as runs, each plain (None) or covered by its span: each span at the
    first place its words stand after the previous one's; a span not found there is left out."""
    cursor = 0
    for span in spans:
        at = text.find(span.text, cursor) if span.text else -1
        if at < 0:
            continue
        yield text[cursor:at], None
        yield span.text, span
        cursor = at + len(span.text)
    yield text[cursor:], None
