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
    reply_types: tuple[str, ...]
    chrome_types: tuple[str, ...]


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
    author_label_pairs: tuple[tuple[str, str], ...]
    byline_text: re.Pattern[str]
    byline_label: re.Pattern[str]
    byline_never_inside: frozenset[str]
    byline_comment_states: frozenset[str]
    title_separators: tuple[str, ...]
    title_separators_cjk: tuple[str, ...]
    headline_field_separators: tuple[str, ...]
    dashes: tuple[str, ...]
    product_variant_max_words: int
    min_words_without_evidence: int
    heading_skip_tags: frozenset[str]
    heading_skip_classes: frozenset[str]
    heading_hidden_classes: frozenset[str]
    update_label: re.Pattern[str]
    date_label: re.Pattern[str]
    first_publication: re.Pattern[str]


def _strings(table: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(item) for item in table[key])


def _alternatives(words: tuple[str, ...]) -> str:
    """The words as written, and in capitals when they are two words or more ("WRITTEN BY"; a
    capital "BY" alone opens menu headings: "BY INDUSTRY"), longest first."""
    shouted = {word.upper() for word in words if " " in word}
    return "|".join(re.escape(word) for word in sorted({*words, *shouted}, key=len, reverse=True))


def _first_letters(words: tuple[str, ...]) -> str:
    """A look-ahead for the first letters of the words (as written and in capitals) after a tag's
    end: the pattern is tried at every ">" of the body's markup, and this rejects most at once."""
    written = {*words, *(word.upper() for word in words if " " in word)}
    if "" in written:
        return ""  # an empty word matches anywhere
    return rf"(?=\s*[{''.join(re.escape(letter) for letter in sorted({word[0] for word in written}))}])"


def _byline_text(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """An element's text that opens with a byline word, then a name up to the next tag (inline
    tags and comments between them are skipped): ``>By <!-- --><a href=..>Jane Roe</a>``."""
    return re.compile(
        rf">{_first_letters(prefixes)}\s*(?:{_alternatives(prefixes)})\s*:?\s+(?:<!--.{{0,20}}?-->\s*|<(?:a|span|strong|b|em)\b[^>]{{0,300}}>\s*)*([^<>]{{3,80}})<"
    )


def _byline_label(labels: tuple[str, ...]) -> re.Pattern[str]:
    """An element holding only a byline label, then the name in the next element or text:
    ``<p>Written by</p><p class=x><a href=..>Jane Roe</a></p>``. Only opening tags may stand
    between them: a label that closes a menu item ("Contributors</a></li><li>...") names no one."""
    return re.compile(
        rf">{_first_letters(labels)}\s*(?:{_alternatives(labels)})\s*:?\s*</(?:p|div|span|small|strong|b|em|h[1-6]|dt|label|li)>\s*"
        rf"(?:<!--.{{0,20}}?-->\s*|<(?:p|div|span|small|strong|b|em|a|dd|address)\b[^>]{{0,300}}>\s*)*([^<>]{{3,80}})<"
    )


def _date_label(labels: tuple[str, ...], *, closing: bool) -> re.Pattern[str]:
    """One of the labels before a date, with its preposition: "Updated on ", "Last updated: ",
    "originally published on "; ``closing``: only where it closes the text searched."""
    words = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    end = "$" if closing else ""
    return re.compile(rf"\b(?:{words})\b\W{{0,3}}(?:on|am|le|el|il|em|op)?\W{{0,3}}{end}", re.IGNORECASE)


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
        author_label_pairs=tuple((str(label), str(value)) for label, value in meta["author_label_pairs"]),
        microdata=MicrodataProps(**{item.name: _strings(micro, item.name) for item in fields(MicrodataProps)}),
        byline_selectors=tuple(", ".join(tier) for tier in dom["byline_selectors"]),
        byline_max_chars=int(dom["byline_max_chars"]),
        byline_text=_byline_text(_strings(dom, "byline_text_prefixes")),
        byline_label=_byline_label(_strings(dom, "byline_text_prefixes") + _strings(dom, "byline_labels")),
        byline_never_inside=frozenset(dom["byline_never_inside"]),
        byline_comment_states=frozenset(dom["byline_comment_states"]),
        title_separators=_strings(titles, "separators"),
        title_separators_cjk=_strings(titles, "cjk_separators"),
        headline_field_separators=_strings(titles, "headline_field_separators"),
        dashes=_strings(titles, "dashes"),
        product_variant_max_words=int(titles["product_variant_max_words"]),
        min_words_without_evidence=int(titles["min_words_without_evidence"]),
        heading_skip_tags=frozenset(_strings(titles, "heading_skip_tags")),
        heading_skip_classes=frozenset(_strings(titles, "heading_skip_classes")),
        heading_hidden_classes=frozenset(_strings(titles, "heading_hidden_classes")),
        update_label=_date_label(_strings(raw["dates"], "update_labels"), closing=True),
        first_publication=_date_label(_strings(raw["dates"], "first_publication_labels"), closing=False),
        date_label=_date_label(
            _strings(raw["dates"], "update_labels") + _strings(raw["dates"], "publication_labels"), closing=True
        ),
    )
