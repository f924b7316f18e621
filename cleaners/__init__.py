"""Boilerplate removers, extractors and normalizers: pages in, clean article JSON out.

Pure: no network, no files beyond what it is handed, and no import of :mod:`scraper`.
"""

from cleaners.config import DEFAULT_CONFIG, ExtractConfig, LimitsConfig, NormalizeConfig
from cleaners.errors import (
    BinaryInputError,
    CleanersError,
    EmptyInputError,
    ExtractionError,
    InputError,
    RuleDataError,
)
from cleaners.extract import extract, looks_like_html
from cleaners.metadata.config import MetadataConfig
from cleaners.model import SCHEMA_VERSION, Article, Block, Image, Removed
from cleaners.text import extract_text

__all__ = [
    "DEFAULT_CONFIG",
    "SCHEMA_VERSION",
    "Article",
    "BinaryInputError",
    "Block",
    "CleanersError",
    "EmptyInputError",
    "ExtractConfig",
    "ExtractionError",
    "Image",
    "InputError",
    "LimitsConfig",
    "MetadataConfig",
    "NormalizeConfig",
    "Removed",
    "RuleDataError",
    "extract",
    "extract_text",
    "looks_like_html",
]
