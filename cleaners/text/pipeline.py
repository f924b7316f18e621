"""Plain text to Article: decode, split, normalise, remove boilerplate, infer structure, assemble."""

from __future__ import annotations

from dataclasses import replace

from cleaners import provenance
from cleaners.assemble import build_article
from cleaners.boilerplate import match_blocks
from cleaners.config import DEFAULT_CONFIG, ExtractConfig
from cleaners.decode import decode_bytes
from cleaners.errors import EmptyInputError
from cleaners.language import choose_language
from cleaners.model import Article, Image, Removed
from cleaners.normalize import normalize_block_text, normalize_code_text
from cleaners.text.blocks import RawBlock, split_blocks
from cleaners.text.structure import infer_structure


def _normalized(blocks: list[RawBlock], config: ExtractConfig) -> list[RawBlock]:
    out: list[RawBlock] = []
    for block in blocks:
        if block.type == "code":
            text = normalize_code_text(block.text)
        else:
            text = normalize_block_text(block.text, config.normalize)
        if text.strip():
            out.append(replace(block, text=text))
    return out


def _without_boilerplate(
    blocks: list[RawBlock], config: ExtractConfig
) -> tuple[list[RawBlock], list[tuple[int, Removed]]]:
    """Blocks that stay, and what was removed with its position (for the document-order audit)."""
    hits = match_blocks([block.text for block in blocks])
    kept: list[RawBlock] = []
    removed: list[tuple[int, Removed]] = []
    seen: set[str] = set()
    for index, (block, hit) in enumerate(zip(blocks, hits, strict=True)):
        if hit is not None:
            removed.append((index, Removed(kind=hit.kind, text=block.text, rule=hit.rule)))
        elif config.normalize.dedupe_paragraphs and block.type is None and block.text in seen:
            removed.append((index, Removed(kind="duplicate", text=block.text, rule=provenance.DUPLICATE)))
        else:
            seen.add(block.text)
            kept.append(block)
    return kept, removed


def extract_text(
    content: str | bytes,
    *,
    source: str | None = None,
    url: str | None = None,
    fetched_at: str | None = None,
    declared_language: str | None = None,
    config: ExtractConfig = DEFAULT_CONFIG,
) -> Article:
    """Extract an Article from a plain-text page."""
    text = decode_bytes(content).text if isinstance(content, bytes) else content
    limited: list[Removed] = []
    if len(text) > config.max_input_chars:
        limited.append(Removed(kind="limit", text=f"page cut to {config.max_input_chars} characters (it had {len(text)})",
                               rule=provenance.LIMIT_INPUT))
        text = text[: config.max_input_chars]
    if not text.strip():
        raise EmptyInputError("empty input")
    blocks = _normalized(split_blocks(text), config)
    if not blocks:
        raise EmptyInputError("no text: only invisible or control characters")
    kept, removed = _without_boilerplate(blocks, config)
    prose = "\n".join(block.text for block in kept if block.type != "code")
    language = choose_language(declared_language, prose, min_letters=config.min_language_chars)
    structure = infer_structure(kept, language)
    audit = limited + [item for _, item in sorted(removed, key=lambda pair: pair[0])] + structure.removed
    return build_article(
        body=structure.body,
        removed=audit,
        source=source,
        url=url,
        title=structure.title,
        description=structure.description,
        authors=structure.authors,
        language=language,
        fetched_at=fetched_at,
        lead_image=Image(caption=structure.caption) if structure.caption else None,
        config=config,
    )
