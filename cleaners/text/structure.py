"""Structure of a plain-text page, inferred from the shape, position and language of its blocks.

The header zone is the run of short blocks before the first prose block. In it: a caption (a
block in another language than the article, or with photo-credit or position cues), a byline
(a person's name, with or without "By"), a title (the longest remaining title-shaped block).
The first prose block after the title is the standfirst when the header gives evidence of a
structured article (a byline or a caption) and it is a short lead of one or two sentences: it is
the ``description``, and stays the body's first paragraph (the text is the article as read).
Inside the body, a short unpunctuated line followed by prose is a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from cleaners import provenance, ruledata
from cleaners.authors import clean_authors, strip_byline_prefix
from cleaners.language import language_scores
from cleaners.model import Block, Removed
from cleaners.text.blocks import RawBlock

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…][\s»”\"’)\]]*(?=\s+\S)")
_TERMINAL = re.compile(r"[.!?…:;»”\"’)\]]$")
_HEADING_FORBIDDEN_END = re.compile(r"[.,;:]$")
HEADER_ZONE_MAX_BLOCKS = 6
HEADING_MAX_WORDS = 14
TITLE_MAX_WORDS = 40
STANDFIRST_MAX_WORDS = 60
STANDFIRST_MIN_BODY_BLOCKS = 3


@dataclass(frozen=True, slots=True)
class StructureCues:
    caption: re.Pattern[str]
    particles: frozenset[str]


STRUCTURE_FILE = "text_structure.toml"
_CUE_LISTS = ("caption_cues", "caption_positions", "name_particles")


def load_structure_cues(text: str, file: str = STRUCTURE_FILE) -> StructureCues:
    """Check and compile the cue lists; an unknown or missing list is a :class:`~cleaners.errors.RuleDataError`."""
    raw = ruledata.table(ruledata.parse(text, file), file, "", allowed=_CUE_LISTS, required=_CUE_LISTS)
    data = {name: ruledata.strings(raw[name], file, name) for name in _CUE_LISTS}
    credit = "|".join(re.escape(word) for word in sorted(data["caption_cues"], key=len, reverse=True))
    position = "|".join(re.escape(word) for word in sorted(data["caption_positions"], key=len, reverse=True))
    pattern = (
        rf"(?:^|[\s(/|])(?:{credit})\s*[:/©]|©|\((?:{credit})\b|\b(?:{credit})\s*/"
        rf"|,\s*(?:{position})\s*[,)]|\((?:{position})\)"
    )
    return StructureCues(re.compile(pattern, re.IGNORECASE), frozenset(data["name_particles"]))


@cache
def structure_cues() -> StructureCues:
    """The shipped cues, loaded and checked once per process."""
    return load_structure_cues(ruledata.shipped(STRUCTURE_FILE))


@dataclass(slots=True)
class TextStructure:
    """What structure inference found; ``body`` keeps the order of the page."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    description: str | None = None
    caption: str | None = None
    body: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_prose(text: str) -> bool:
    """A sentence-like block: ends like a sentence, or is too long to be a label or heading."""
    count = len(words(text))
    return count > 25 or (count >= 4 and _TERMINAL.search(text) is not None)


def sentence_count(text: str) -> int:
    return len(_SENTENCE_END.findall(text)) + 1


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words (lowercase particles allowed), no digits or sentence ending."""
    if any(char.isdigit() for char in text) or _TERMINAL.search(text) or len(text) > 60:
        return False
    tokens = text.replace(",", " ").split()
    if not 2 <= len(tokens) <= 5:
        return False
    particles = structure_cues().particles
    capitalised = 0
    for token in tokens:
        if not token.replace("-", "").replace(".", "").replace("'", "").replace("’", "").isalpha():
            return False
        if token.lower() in particles:
            continue
        if not (token[0].isupper() and (token[1:].islower() or len(token) <= 2 or "-" in token or "." in token)):
            return False
        capitalised += 1
    return capitalised >= 2


def byline_authors(text: str) -> list[str]:
    """Authors when the block is a byline ("By Jane Doe", "Jean Delaunay"), else an empty list."""
    stripped = strip_byline_prefix(text)
    has_prefix = stripped != text
    candidate = re.split(r"\s[|•·]\s|\s[-–—]\s", stripped)[0].strip()
    if has_prefix and len(words(candidate)) <= 12:
        return clean_authors(candidate)
    names = re.split(r",|\s(?:and|et|und|y|e|en|&)\s", candidate)
    if all(looks_like_name(name.strip()) for name in names):
        return clean_authors(candidate)
    return []


def has_caption_cues(text: str) -> bool:
    """Photo-credit or position cues: "Photo: ...", "(AP Photo/...)", ", left,"."""
    return structure_cues().caption.search(text) is not None


def is_foreign_caption(text: str, language: str | None) -> bool:
    """A line in another language than the article, as captions of agency pictures often are."""
    if language is None or len(words(text)) < 4:
        return False
    scores = language_scores(text)
    top_language, top_score = max(scores.items(), key=lambda item: item[1])
    return top_language != language and top_score >= 0.15 and top_score >= 5 * scores.get(language, 0.0)


def is_heading(text: str) -> bool:
    count = len(words(text))
    return (
        1 <= count <= HEADING_MAX_WORDS
        and len(text) <= 140
        and not _HEADING_FORBIDDEN_END.search(text)
        and (text[0].isupper() or text[0].isdigit() or not text[0].isalpha())
    )


def _header_end(blocks: list[RawBlock]) -> int:
    """Index of the first prose block (the end of the header zone)."""
    for index, block in enumerate(blocks[:HEADER_ZONE_MAX_BLOCKS]):
        if block.type is None and is_prose(block.text):
            return index
        if block.type not in (None, "heading"):
            return index
    return 0


def infer_structure(blocks: list[RawBlock], language: str | None) -> TextStructure:
    """Split the blocks into header fields and a typed body."""
    found = TextStructure()
    end = _header_end(blocks)
    title_index: int | None = None
    candidates: list[int] = []
    for index in range(end):
        text = blocks[index].text
        if found.caption is None and has_caption_cues(text):
            found.caption = text
        elif not found.authors and (authors := byline_authors(text)):
            found.authors = authors
        elif found.caption is None and is_foreign_caption(text, language):
            found.caption = text
        elif len(words(text)) <= TITLE_MAX_WORDS:
            candidates.append(index)
    if candidates:
        title_index = max(candidates, key=lambda i: (blocks[i].type == "heading", len(words(blocks[i].text))))
        found.title = blocks[title_index].text
        for index in candidates:
            if index != title_index:
                found.removed.append(Removed(kind="header", text=blocks[index].text, rule=provenance.HEADER_LINE))
    header_evidence = bool(found.authors or found.caption)
    if found.title and header_evidence and end < len(blocks):
        lead = blocks[end].text
        rest = len(blocks) - end - 1
        if (
            blocks[end].type is None
            and len(words(lead)) <= STANDFIRST_MAX_WORDS
            and sentence_count(lead) <= 2
            and rest >= STANDFIRST_MIN_BODY_BLOCKS
        ):
            found.description = lead  # and it stays the text's first paragraph
    found.body = _typed_body(blocks[end:])
    return found


def _typed_body(blocks: list[RawBlock]) -> list[Block]:
    body: list[Block] = []
    for index, block in enumerate(blocks):
        if block.type is not None:
            body.append(Block(type=block.type, text=block.text, level=block.level, ordered=block.ordered,
                              language=block.language))
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is not None and is_heading(block.text) and not is_prose(block.text) and (
            following.type is not None or is_prose(following.text)
        ):
            body.append(Block(type="heading", text=block.text, level=2))
        else:
            body.append(Block(type="paragraph", text=block.text))
    return body
