"""Last HTML steps over the built blocks: normalise, text-level boilerplate, duplicates, the title."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners import provenance
from cleaners.boilerplate import remove_text_boilerplate
from cleaners.config import ExtractConfig
from cleaners.html.body import RawBlock
from cleaners.html.inline import AddressResolver, RawSpan, placed_spans
from cleaners.html.rules import dom_rules
from cleaners.html.text import SENTENCE_ENDS
from cleaners.metadata.heading_text import without_anchor_marks
from cleaners.model import Block, Image, Removed, Span
from cleaners.normalize import normalize_block_text, normalize_code_text

_TITLE_SEARCH_BLOCKS = 3
# In a selected article, long verbatim repeats are the author's (a refrain, a repeated
# instruction); the repeats that markup creates (responsive copies of a caption, a label,
# a teaser) are short. Only those are dropped as duplicates.
_DEDUPE_MAX_CHARS = 160
# A short line ending so is text (a sentence, a lead-in to a list, a closing parenthesis), not debris.
_TEXT_LINE_ENDS = SENTENCE_ENDS | frozenset(":;)")
_HEAD_DEBRIS_CHARS = 30
# A closing section without prose: its heading within the last blocks, lines shorter than this.
_TAIL_BLOCKS = 6
_TAIL_LINE_CHARS = 100
_TAIL_MIN_BEFORE = 4
_MAX_TRAILING_HEADINGS = 2
_BYLINE_EDGE = 3
_BYLINE_CHARS = 100
_BIO_EDGE = 2
_BIO_CHARS = 700
_BIO_LABEL = re.compile(r"^\W*((about the )?authors?|autor(\*?in)?|auteur|autore|über den autor|à propos de l'auteur)\s*:?\s*")
_BIO_LABEL_CHARS = 40
# A paragraph or list item that is only a count ("154", "19,378", "1.2k", "#3"): a vote score, a
# reaction tally, a poster's post count or a post's number, on pages whose items carry such
# counters (a forum's posts).
_COUNT = re.compile(r"^[#+\-−]?\d[\d,. ]*[kKmM]?$")


def _normalized(blocks: Sequence[RawBlock], config: ExtractConfig) -> list[RawBlock]:
    out: list[RawBlock] = []
    pending: tuple[Image, ...] = ()  # pictures before a block that comes to nothing
    for block in blocks:
        cells = block.cells
        if block.type == "code":
            text = normalize_code_text(block.text)
        elif block.type == "table":
            text = "\n".join(
                line for line in (normalize_block_text(row, config.normalize) for row in block.text.split("\n")) if line
            )
            if cells is not None:
                rows = (tuple(normalize_block_text(cell, config.normalize) for cell in row) for row in cells)
                cells = tuple(row for row in rows if any(row)) or None
        elif block.type == "heading":  # less the anchor mark a generator appends ("Installation¶")
            text = without_anchor_marks(normalize_block_text(block.text, config.normalize))
        else:
            text = normalize_block_text(block.text, config.normalize)
        pending += block.images
        if text.strip():
            spans = placed_spans(text, (RawSpan(span.type, normalize_block_text(span.text, config.normalize), span.url)
                                        for span in block.spans)) if block.spans else ()
            out.append(RawBlock(block.type, text, block.level, spans, block.ordered, block.language, cells, pending))
            pending = ()
    return out


def _title_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _is_title(block: RawBlock, title: str | None) -> bool:
    """A heading that repeats the page title (the title often carries a `` | Site`` suffix)."""
    if not title or block.type != "heading":
        return False
    heading, page_title = _title_key(block.text), _title_key(title)
    return bool(heading) and (heading == page_title or (len(heading) >= 15 and heading in page_title))


def finish_blocks(
    blocks: Sequence[RawBlock],
    *,
    title: str | None,
    config: ExtractConfig,
    authors: Sequence[str] = (),
    resolve: AddressResolver | None = None,
    counters: bool = False,
    copies: bool = False,
) -> tuple[list[Block], list[Removed]]:
    """Blocks of the final body, and what these steps removed; links and pictures resolved by
    ``resolve`` (against the page's address; by default left as written). ``counters``: the
    page's items carry counters (votes, post counts), and a paragraph that is only one goes.
    ``copies``: every verbatim repeat is a copy the markup made (a product's description in
    its mobile and desktop tabs), whatever its length or type, and goes."""
    resolve = resolve or AddressResolver(None)
    normalized = _normalized(blocks, config)
    # A closing contact or credits section is judged before the text rules take its labels.
    tail = _tail_section_start(normalized)
    closing = [Removed(kind="boilerplate", text=block.text, rule=provenance.CLOSING_SECTION) for block in normalized[tail:]]
    normalized = normalized[:tail]
    kept_indices, removed = remove_text_boilerplate([block.text for block in normalized])
    body: list[Block] = []
    made: list[tuple[Block | None, tuple[Image, ...]]] = []  # each block made, with the pictures before it
    seen: set[str] = set()
    kept_set = set(kept_indices)
    position = -1
    for index, block in enumerate(normalized):
        if index not in kept_set:
            made.append((None, block.images))  # its pictures go on to the next block
            continue
        position += 1
        if position < _TITLE_SEARCH_BLOCKS and not body and _is_title(block, title):
            made.append((None, block.images))
            continue
        repeat = block.text in seen and (copies or (block.type == "paragraph" and len(block.text) <= _DEDUPE_MAX_CHARS))
        if config.normalize.dedupe_paragraphs and repeat:
            removed.append(Removed(kind="duplicate", text=block.text, rule=provenance.DUPLICATE))
            made.append((None, block.images))
            continue
        if counters and block.type in ("paragraph", "list_item") and _COUNT.match(block.text):
            removed.append(Removed(kind="boilerplate", text=block.text, rule=provenance.COUNTER))
            made.append((None, block.images))
            continue
        seen.add(block.text)
        body.append(_typed(block, resolve))
        made.append((body[-1], block.images))
    body = _trim_edges(_without_credits(_without_bylines(body, authors, removed), removed), removed)
    return _with_pictures(body, made, resolve), removed + closing


def _typed(block: RawBlock, resolve: AddressResolver) -> Block:
    return Block(
        type=block.type,
        text=block.text,
        level=block.level if block.type == "heading" else None,
        spans=[Span.model_construct(type=span.type, text=span.text, url=resolve(span.url)) for span in block.spans],
        ordered=block.ordered and block.type == "list_item",
        language=block.language if block.type == "code" else None,
        cells=[list(row) for row in block.cells] if block.type == "table" and block.cells else None,
    )


def _with_pictures(body: list[Block], made: Sequence[tuple[Block | None, tuple[Image, ...]]],
                   resolve: AddressResolver) -> list[Block]:
    """The kept blocks, each with the pictures before it, a dropped block's pictures passed on
    to the next kept one."""
    kept = {id(block) for block in body}
    pictures: dict[int, list[Image]] = {}
    pending: list[Image] = []
    for block, images in made:
        pending.extend(image.model_copy(update={"url": resolve(image.url)}) for image in images)
        if block is not None and id(block) in kept and pending:
            pictures[id(block)] = pending
            pending = []
    return [block.model_copy(update={"images": pictures[id(block)]}) if id(block) in pictures else block
            for block in body]


def _without_credits(body: list[Block], removed: list[Removed]) -> list[Block]:
    """Picture credits and copyright lines among the first and last few blocks, and credited
    captions anywhere."""
    rules = dom_rules()
    count = rules.edge_blocks
    edge = set(range(count)) | set(range(len(body) - count, len(body)))
    kept: list[Block] = []
    for index, block in enumerate(body):
        text = block.text
        hit = rules.edge_text.search(text) if index in edge and len(text) <= rules.edge_max_chars else None
        if hit is None and block.type == "paragraph" and len(text) <= rules.credit_max_chars:
            hit = rules.credit_text.search(text)
        if hit is not None:
            removed.append(Removed(kind="boilerplate", text=text, rule=hit.rule))
        else:
            kept.append(block)
    return kept


def _without_bylines(body: list[Block], authors: Sequence[str], removed: list[Removed]) -> list[Block]:
    """Blocks near either end that name the page's author: its byline, sign-off or bio box.

    Short ones at either end; at the very end, also a longer paragraph that opens with the
    author's full name (first and last): the "about the author" box after the article.
    """
    names = [name.casefold() for name in authors if len(name) >= 4]
    if not names:
        return body
    full_names = tuple(name for name in names if len(name.split()) >= 2)
    edge = set(range(_BYLINE_EDGE)) | set(range(len(body) - _BYLINE_EDGE, len(body)))
    tail = set(range(len(body) - _BIO_EDGE, len(body))) if len(body) > _BIO_EDGE else set()
    kept: list[Block] = []
    for index, block in enumerate(body):
        text = block.text.casefold()
        byline = (
            index in edge and len(text) <= _BYLINE_CHARS and block.type != "heading"
            and not text.rstrip().endswith("?")  # an interviewer's question ("Jane Roe: Where ...?")
            and any(n in text for n in names)
        )
        opening = _BIO_LABEL.sub("", text[:_BIO_LABEL_CHARS]) + text[_BIO_LABEL_CHARS:]
        bio = (
            bool(full_names) and index in tail and len(text) <= _BIO_CHARS and block.type != "heading"
            and opening.startswith(full_names)
        )
        if byline or bio:
            removed.append(Removed(kind="boilerplate", text=block.text, rule=provenance.BYLINE if byline else provenance.AUTHOR_BIO))
        else:
            kept.append(block)
    return kept


def _is_edge_debris(block: Block, max_chars: int) -> bool:
    """A short paragraph that is no sentence: a credit, a date line, a button label."""
    text = block.text
    return block.type == "paragraph" and len(text) < max_chars and text[-1] not in _TEXT_LINE_ENDS


def _tail_section_start(body: Sequence[RawBlock]) -> int:
    """Where a closing section with no prose begins: a heading near the end under which only
    short lines stand (contacts, links, labels), after an article of some length."""
    for index in range(len(body) - 1, max(_TAIL_MIN_BEFORE, len(body) - _TAIL_BLOCKS) - 1, -1):
        if body[index].type != "heading":
            continue
        after = body[index + 1 :]
        if after and all(_is_short_line(block) for block in after):
            return index
        return len(body)
    return len(body)


def _is_short_line(block: RawBlock) -> bool:
    text = block.text
    return block.type == "paragraph" and len(text) < _TAIL_LINE_CHARS and text[-1] not in SENTENCE_ENDS


def _trim_edges(body: list[Block], removed: list[Removed]) -> list[Block]:
    """Drop non-sentence debris before the first real paragraph, and trailing headings.

    Article containers start with dates, reading times and bylines; a heading left with
    nothing under it heads something already removed. (Short lines at the end stay: they
    are as often an author's sign-off as a credit.)
    """
    start = 0
    while start < len(body) and _is_edge_debris(body[start], _HEAD_DEBRIS_CHARS):
        start += 1
    end = trailing = len(body)
    while end > start and body[end - 1].type == "heading":
        end -= 1
    if trailing - end > _MAX_TRAILING_HEADINGS:
        end = trailing  # a run of headings is a list written as headings, not leftover labels
    if start >= end:
        return body  # nothing but short lines: keep them rather than return an empty article
    removed.extend(Removed(kind="boilerplate", text=block.text, rule=provenance.HEAD_DEBRIS) for block in body[:start])
    removed.extend(Removed(kind="boilerplate", text=block.text, rule=provenance.TRAILING_HEADING) for block in body[end:])
    return body[start:end]
