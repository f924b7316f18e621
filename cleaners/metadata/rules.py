"""The metadata rules of ``cleaners/data/metadata.toml``, loaded once into frozen data."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class MetaKeys:
    """``<meta>`` keys per field, in order of trust."""

    title: tuple[str, ...]
    description: tuple[str, ...]
    description_more: tuple[str, ...]
    authors: tuple[str, ...]
    published: tuple[str, ...]
    modified: tuple[str, ...]
    site_name: tuple[str, ...]
    site_name_more: tuple[str, ...]
    image: tuple[str, ...]
    image_more: tuple[str, ...]
    image_alt: tuple[str, ...]
    language: tuple[str, ...]
    language_more: tuple[str, ...]
    url: tuple[str, ...]
    keywords: tuple[str, ...]
    section: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MicrodataProps:
    """``itemprop`` names per field."""

    title: tuple[str, ...]
    description: tuple[str, ...]
    author: tuple[str, ...]
    published: tuple[str, ...]
    modified: tuple[str, ...]
    image: tuple[str, ...]
    language: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MetadataRules:
    """Everything the metadata extractors look for; see the TOML file for what each list means."""

    article_types: frozenset[str]
    page_types: frozenset[str]
    site_types: frozenset[str]
    organization_types: frozenset[str]
    person_types: frozenset[str]
    meta: MetaKeys
    microdata: MicrodataProps
    byline_selectors: tuple[str, ...]
    byline_max_chars: int
    byline_text: re.Pattern[str]
    byline_never_inside: frozenset[str]
    byline_comment_states: frozenset[str]
    title_separators: tuple[str, ...]
    min_words_without_evidence: int


def _strings(table: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(item) for item in table[key])


def _byline_text(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """An element's text that opens with a byline word, then a name up to the next tag (inline
    tags and comments between them are skipped): ``>By <!-- --><a href=..>Jane Roe</a>``."""
    words = "|".join(re.escape(prefix) for prefix in sorted(prefixes, key=len, reverse=True))
    return re.compile(rf">\s*(?:{words})\s*:?\s+(?:<!--.{{0,20}}?-->\s*|<(?:a|span|strong|b|em)\b[^>]{{0,300}}>\s*)*([^<>]{{3,80}})<")


@cache
def metadata_rules() -> MetadataRules:
    raw = tomllib.loads(resources.files("cleaners.data").joinpath("metadata.toml").read_text("utf-8"))
    jsonld, meta, micro, dom, titles = raw["jsonld"], raw["meta"], raw["microdata"], raw["dom"], raw["titles"]
    return MetadataRules(
        article_types=frozenset(jsonld["article_types"]),
        page_types=frozenset(jsonld["page_types"]),
        site_types=frozenset(jsonld["site_types"]),
        organization_types=frozenset(jsonld["organization_types"]),
        person_types=frozenset(jsonld["person_types"]),
        meta=MetaKeys(**{item.name: _strings(meta, item.name) for item in fields(MetaKeys)}),
        microdata=MicrodataProps(**{item.name: _strings(micro, item.name) for item in fields(MicrodataProps)}),
        byline_selectors=tuple(", ".join(tier) for tier in dom["byline_selectors"]),
        byline_max_chars=int(dom["byline_max_chars"]),
        byline_text=_byline_text(_strings(dom, "byline_text_prefixes")),
        byline_never_inside=frozenset(dom["byline_never_inside"]),
        byline_comment_states=frozenset(dom["byline_comment_states"]),
        title_separators=_strings(titles, "separators"),
        min_words_without_evidence=int(titles["min_words_without_evidence"]),
    )
