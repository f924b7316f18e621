"""Split a plain-text page into blocks: paragraphs separated by blank lines, list items, code."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.model import BlockType

_BLANK_LINE = re.compile(r"\n[ \t\u00a0\u202f\u3000]*\n")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–]|\d{1,3}[.)])\s+(?=\S)")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s*>\s?")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FENCE_LANGUAGE = re.compile(r"^\s*(?:```|~~~)\s*([A-Za-z0-9_+#.-]{1,30})\s*$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class RawBlock:
    """A block of the page before structure inference; ``type`` is set when the markup says so."""

    text: str
    type: BlockType | None = None
    level: int | None = None
    ordered: bool = False
    language: str | None = None


def _code_block(lines: list[str]) -> RawBlock | None:
    if len(lines) >= 2 and _FENCE.match(lines[0]) and _FENCE.match(lines[-1]):
        info = _FENCE_LANGUAGE.match(lines[0])
        return RawBlock("\n".join(lines[1:-1]), "code", language=info[1].lower() if info else None)
    if all(line.startswith(("    ", "\t")) for line in lines if line.strip()):
        indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
        return RawBlock("\n".join(line[indent:] for line in lines).strip("\n"), "code")
    return None


def _split_chunk(chunk: str) -> list[RawBlock]:
    lines = [line.rstrip() for line in chunk.split("\n")]
    lines = [line for line in lines if line.strip()] if not _FENCE.match(lines[0]) else lines
    if not lines:
        return []
    code = _code_block(lines)
    if code is not None:
        return [code]
    heading = _MARKDOWN_HEADING.match(lines[0])
    if heading and len(lines) == 1:
        return [RawBlock(heading.group(2), "heading", len(heading.group(1)))]
    if all(_QUOTE.match(line) for line in lines):
        return [RawBlock(" ".join(_QUOTE.sub("", line) for line in lines), "quote")]
    if all(_BULLET.match(line) for line in lines):
        ordered = all(_NUMBERED.match(line) for line in lines)
        return [RawBlock(_BULLET.sub("", line), "list_item", ordered=ordered) for line in lines]
    # Hard-wrapped paragraphs are joined; a text without blank lines gives one block per line.
    return [RawBlock(" ".join(line.strip() for line in lines))]


def split_blocks(text: str) -> list[RawBlock]:
    """Blocks in document order; blank lines separate them, or each line does when there are none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = _BLANK_LINE.split(text)
    if len(chunks) == 1:
        chunks = text.split("\n")
    blocks: list[RawBlock] = []
    for chunk in chunks:
        if chunk.strip():
            blocks.extend(_split_chunk(chunk))
    return blocks
