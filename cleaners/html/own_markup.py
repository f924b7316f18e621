"""A second opinion's blocks wearing our markup: trafilatura's reading, our spans and paragraph breaks.

Trafilatura's text output loses what our blocks carry (links, code languages, table cells,
pictures) and joins lines set apart by ``<br><br>``; where its blocks say what ours say, ours
stand in for them.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaners.html.body import RawBlock


def with_own_markup(other: Sequence[RawBlock], own: Sequence[RawBlock]) -> list[RawBlock]:
    """Another extractor's blocks, each replaced by our block of the same type and words (which
    carries its spans, cells, language and pictures), so a second opinion keeps the markup; a
    paragraph of it that runs several of ours together (lines it joined across ``<br><br>``) is
    replaced by ours, so it keeps the paragraph breaks too."""
    ours = {_words_key(block): block for block in reversed(own) if _has_markup(block)}
    starts: dict[str, list[int]] = {}
    keys = [_words_key(block)[1] for block in own]
    for index, block in enumerate(own):
        if block.type == "paragraph" and len(keys[index]) >= _RUN_PREFIX_CHARS:
            starts.setdefault(keys[index][:_RUN_PREFIX_CHARS], []).append(index)
    out: list[RawBlock] = []
    for block in other:
        key = _words_key(block)
        if key in ours:
            out.append(ours[key])
        elif block.type == "paragraph" and (run := _paragraph_run(key[1], own, keys, starts)):
            out.extend(run)
        else:
            out.append(block)
    return out


# Characters (spaces left out) that open a paragraph run's first paragraph: where a run is looked for.
_RUN_PREFIX_CHARS = 24


def _paragraph_run(
    key: str, own: Sequence[RawBlock], keys: list[str], starts: dict[str, list[int]]
) -> list[RawBlock] | None:
    """Two or more of our consecutive paragraphs whose characters are exactly ``key``'s."""
    for start in starts.get(key[:_RUN_PREFIX_CHARS], ()):
        length, end = 0, start
        while end < len(own) and own[end].type == "paragraph" and length < len(key):
            if not key.startswith(keys[end], length):
                break
            length += len(keys[end])
            end += 1
        if length == len(key) and end - start >= 2:
            return list(own[start:end])
    return None


def _words_key(block: RawBlock) -> tuple[str, str]:
    """The block's type and characters, without spaces (extractors space inline elements differently)
    or a table's cell bars (and write empty cells differently)."""
    return block.type, bare_text(block.text) if block.type == "table" else "".join(block.text.split())


def bare_text(text: str) -> str:
    """``text`` without spaces or table cell bars: what two readings of the same cells share."""
    return "".join(text.replace("|", " ").split())


def _has_markup(block: RawBlock) -> bool:
    return bool(block.spans or block.ordered or block.language or block.cells or block.images)
