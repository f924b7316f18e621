"""Boilerplate removers, extractors and normalizers: pages in, clean article JSON out.

Pure: no network, no files beyond what it is handed, and no import of :mod:`scraper`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaners.config import DEFAULT_CONFIG, ExtractConfig, LimitsConfig, NormalizeConfig
    from cleaners.errors import (
        ArticleFormatError,
        BinaryInputError,
        CleanersError,
        EmptyInputError,
        ExtractionError,
        InputError,
        LanguageModelError,
        RuleDataError,
    )
    from cleaners.extraction import extract, looks_like_html
    from cleaners.metadata.config import MetadataConfig
    from cleaners.model import SCHEMA_VERSION, Article, Block, Image, Removed, Span
    from cleaners.text import extract_text

#: Where each public name lives. They are imported on first use, so a program that needs only
#: the errors or the byte decoding (a crawler's own process) does not load the whole extractor.
_HOMES = {
    "DEFAULT_CONFIG": "cleaners.config",
    "ExtractConfig": "cleaners.config",
    "LimitsConfig": "cleaners.config",
    "NormalizeConfig": "cleaners.config",
    "ArticleFormatError": "cleaners.errors",
    "BinaryInputError": "cleaners.errors",
    "CleanersError": "cleaners.errors",
    "EmptyInputError": "cleaners.errors",
    "ExtractionError": "cleaners.errors",
    "InputError": "cleaners.errors",
    "LanguageModelError": "cleaners.errors",
    "RuleDataError": "cleaners.errors",
    "extract": "cleaners.extraction",
    "looks_like_html": "cleaners.extraction",
    "MetadataConfig": "cleaners.metadata.config",
    "SCHEMA_VERSION": "cleaners.model",
    "Article": "cleaners.model",
    "Block": "cleaners.model",
    "Image": "cleaners.model",
    "Removed": "cleaners.model",
    "Span": "cleaners.model",
    "extract_text": "cleaners.text",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cleaners' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "DEFAULT_CONFIG",
    "SCHEMA_VERSION",
    "Article",
    "ArticleFormatError",
    "BinaryInputError",
    "Block",
    "CleanersError",
    "EmptyInputError",
    "ExtractConfig",
    "ExtractionError",
    "Image",
    "InputError",
    "LanguageModelError",
    "LimitsConfig",
    "MetadataConfig",
    "NormalizeConfig",
    "Removed",
    "RuleDataError",
    "Span",
    "extract",
    "extract_text",
    "looks_like_html",
]
